//! The status bar: what is going on (loading, a message, the keys to try)
//! on the left; sort order and active filters on the right — always shown,
//! also when the filter pane is hidden.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{LineGauge, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::super::action::Pane;
use super::super::keymap::{Binding, Mode, Spot};
use super::super::panes::prompt::{
    EXPORT_HINTS, FIND_PAIR, LINE_HINTS, SEARCH_HINTS, range_examples,
};
use super::super::panes::{detail, filters, list};
use super::super::state::{AppState, FindMatch, LineEditor, Prompt};
use super::super::theme::Theme;
use super::{hint, hint_text, paired_hint};
use crate::model::Facet;
use crate::model::page::format::truncate;
use crate::model::query::Measure;

pub fn render(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    theme: &Theme,
    matches: &[FindMatch],
) {
    let right = summary(state, matches);
    let right_width = summary_width(state, area.width, right.width());
    let [left_area, right_area] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(right_width)]).areas(area);
    frame.render_widget(Paragraph::new("").style(theme.status()), area);
    if let Some(progress) = state.loading() {
        frame.render_widget(loading_gauge(progress, theme), left_area);
    } else if let Some((done, total)) = state
        .indexing_progress()
        .filter(|_| state.message().is_none() && input_prompt(state, theme, 1).is_none())
    {
        // Full-text search scans until the index is built.
        let label = format!("indexing words {done}/{total} projects ");
        frame.render_widget(
            LineGauge::default()
                .ratio((done as f64 / total.max(1) as f64).clamp(0.0, 1.0))
                .label(label)
                .style(theme.status()),
            left_area,
        );
    } else {
        let left = if let Some(prompt) = input_prompt(state, theme, left_area.width) {
            prompt
        } else if let Some(message) = state.message() {
            message_line(state, message, left_area.width, theme)
        } else if state.mode() == Mode::Search {
            hints(state, SEARCH_HINTS, Spot::Search, theme)
        } else {
            // `/` means what it does in the focused pane: said here.
            let (bindings, spot) = match state.focus() {
                Pane::Filters => (filters::HINTS, Spot::StatusFilters),
                Pane::Detail if state.selected().is_some() => (detail::HINTS, Spot::StatusDetail),
                _ => (list::HINTS, Spot::StatusList),
            };
            let mut spans = hints(state, bindings, spot, theme).spans;
            if !state.corpus().problems.is_empty() {
                spans.push(Span::styled(
                    format!(" {} skipped (!)", state.corpus().problems.len()),
                    theme.warning(),
                ));
            }
            Line::from(spans)
        };
        frame.render_widget(Paragraph::new(left).style(theme.status()), left_area);
    }
    let right = truncate(&right, usize::from(right_width));
    frame.render_widget(Paragraph::new(right).style(theme.status()), right_area);
    if let Some((x, y)) = input_cursor(state, left_area) {
        frame.set_cursor_position((x, y));
    }
}

/// The columns the summary takes on the right: at most three quarters
/// of the bar, and none while a message too long to share the bar with it
/// is shown (in the bar's own line: no prompt holds it).
fn summary_width(state: &AppState, width: u16, summary: usize) -> u16 {
    let crowded = state.loading().is_none()
        && state
            .prompt()
            .is_none_or(|p| matches!(p, Prompt::Search(_)))
        && state
            .message()
            .is_some_and(|m| m.width() + summary > usize::from(width));
    if crowded {
        0
    } else {
        (summary as u16).min(width / 2 + width / 4)
    }
}

/// The message of the last key: whole when it fits, else as much as fits
/// ending in `…`, and the key that shows it whole (`L more`).
fn message_line<'a>(state: &AppState, message: &'a str, width: u16, theme: &Theme) -> Line<'a> {
    let width = usize::from(width);
    if message.width() <= width {
        return Line::styled(message, theme.warning());
    }
    let keymap = &state.options().keymap;
    if !keymap.is_live(Binding::Messages, state.context()) {
        return Line::styled(truncate(message, width), theme.warning());
    }
    let (key, does) = hint(state, Binding::Messages, Spot::Message);
    let room = width.saturating_sub(format!(" {key} {does}").width());
    Line::from(vec![
        Span::styled(truncate(message, room), theme.warning()),
        Span::raw(" "),
        Span::styled(key, theme.key()),
        Span::raw(format!(" {does}")),
    ])
}

/// How far the load has come, as a gauge.
fn loading_gauge<'a>(progress: crate::model::Progress, theme: &Theme) -> LineGauge<'a> {
    let ratio = if progress.files_total == 0 {
        0.0
    } else {
        progress.files_done as f64 / progress.files_total as f64
    };
    let label = format!(
        "loading {}/{} files, {:.1} MB ",
        progress.files_done,
        progress.files_total,
        progress.bytes_read as f64 / 1e6
    );
    LineGauge::default()
        .ratio(ratio.clamp(0.0, 1.0))
        .label(label)
        .style(theme.status())
}

/// The line for the live input: find, export path, or a yes/no question.
fn input_prompt<'a>(state: &'a AppState, theme: &Theme, width: u16) -> Option<Line<'a>> {
    let (label, text, hint) = match state.prompt()? {
        Prompt::ExportPath(editor) => return Some(export_prompt(state, editor, theme, width)),
        Prompt::ValueFilter(_) => (
            " values: ",
            state.value_filter(),
            format!("  {}", hint_text(state, LINE_HINTS, Spot::Values)),
        ),
        Prompt::Find(_) => (
            " find: ",
            state.find_query(),
            format!(
                "  {} · {}",
                hint_text(state, LINE_HINTS, Spot::Find),
                paired_hint(state, FIND_PAIR, Spot::Find)
            ),
        ),
        Prompt::Confirm(path) => {
            // The file's name, not its whole path: the question stays in view.
            let name = path.file_name().map_or_else(
                || crate::model::page::format::printable_path(path),
                |name| crate::model::page::format::printable(&name.to_string_lossy()),
            );
            let (yes_key, yes) = hint(state, Binding::ConfirmYes, Spot::Confirm);
            let (_, no) = hint(state, Binding::ConfirmNo, Spot::Confirm);
            return Some(Line::from(vec![
                Span::styled(format!(" {name} exists. Overwrite? "), theme.warning()),
                Span::styled(yes_key, theme.key()),
                Span::raw(format!(" {yes} · any other key: {no}")),
            ]));
        }
        Prompt::Range(measure, editor) => {
            return Some(range_prompt(state, *measure, editor, theme));
        }
        Prompt::Search(_) => return None,
    };
    Some(Line::from(vec![
        Span::styled(label, theme.key()),
        Span::raw(text),
        Span::styled(hint, theme.dim()),
    ]))
}

/// ` Start year: 2010-▏  Enter set · Esc cancel · 2010-2014, 2012 …`
fn range_prompt<'a>(
    state: &AppState,
    measure: Measure,
    editor: &LineEditor,
    theme: &Theme,
) -> Line<'a> {
    if let Some(message) = state.message() {
        // Why the last Enter did not set it comes first.
        return Line::from(vec![Span::styled(format!(" {message}"), theme.warning())]);
    }
    let (accept, _) = hint(state, Binding::InputAccept, Spot::Values);
    let (cancel, _) = hint(state, Binding::InputCancel, Spot::Values);
    let hint = format!(
        "  {accept} set · {cancel} cancel · {}; empty: any",
        range_examples(measure)
    );
    Line::from(vec![
        Span::styled(range_label(measure), theme.key()),
        Span::raw(editor.text().to_string()),
        Span::styled(hint, theme.dim()),
    ])
}

fn range_label(measure: Measure) -> String {
    format!(" {}: ", measure.label())
}

const EXPORT_LABEL: &str = " export to: ";

/// The export path as it is typed: a window of it that holds the cursor,
/// and the hint when there is room beside it.
fn export_prompt<'a>(state: &AppState, editor: &LineEditor, theme: &Theme, width: u16) -> Line<'a> {
    let style = match (
        state.export_style().for_spreadsheets,
        state.export_with_text(),
    ) {
        (false, false) => "plain",
        (false, true) => "with text",
        (true, false) => "for spreadsheets",
        (true, true) => "for spreadsheets, with text",
    };
    let spot = Spot::Export;
    let hint = format!(
        "  .csv or .json · {} · {} {style} · {}",
        hint_text(state, &EXPORT_HINTS[..1], spot),
        hint_text(state, &EXPORT_HINTS[1..2], spot),
        hint_text(state, &EXPORT_HINTS[2..], spot),
    );
    // Why the last Enter did not write (a wrong extension) comes first.
    if let Some(message) = state.message() {
        return Line::from(vec![Span::styled(format!(" {message}"), theme.warning())]);
    }
    let room = usize::from(width).saturating_sub(EXPORT_LABEL.width());
    let text_width = editor.text().width() + 1;
    let hint = if text_width + hint.width() <= room {
        hint
    } else {
        String::new()
    };
    let (shown, _) = editor.view(room.saturating_sub(hint.width()));
    Line::from(vec![
        Span::styled(EXPORT_LABEL, theme.key()),
        Span::raw(shown),
        Span::styled(hint, theme.dim()),
    ])
}

/// Where the live input's cursor goes on the status line.
pub fn input_cursor(state: &AppState, area: Rect) -> Option<(u16, u16)> {
    let (label, column) = match state.prompt()? {
        Prompt::Find(_) => (" find: ", state.find_query().width()),
        Prompt::ValueFilter(_) => (" values: ", state.value_filter().width()),
        Prompt::Range(..) if state.message().is_some() => return None,
        Prompt::Range(measure, editor) => {
            let x = area.x + (range_label(*measure).width() + editor.text().width()) as u16;
            return Some((x.min(area.right().saturating_sub(1)), area.y));
        }
        Prompt::ExportPath(_) if state.message().is_some() => return None,
        Prompt::ExportPath(editor) => {
            let room = usize::from(area.width).saturating_sub(EXPORT_LABEL.width());
            // The hint shows only when the whole path fits: then the window
            // is the whole path and the cursor column is the same.
            (EXPORT_LABEL, editor.view(room).1)
        }
        _ => return None,
    };
    let x = area.x + (label.width() + column) as u16;
    Some((x.min(area.right().saturating_sub(1)), area.y))
}

/// ` ? help  / search …`: each binding's first key and its hint here.
fn hints<'a>(state: &AppState, bindings: &[Binding], spot: Spot, theme: &Theme) -> Line<'a> {
    let mut spans = Vec::new();
    for &binding in bindings {
        let (key, does) = hint(state, binding, spot);
        spans.push(Span::styled(format!(" {key}"), theme.key()));
        spans.push(Span::raw(format!(" {does} ")));
    }
    Line::from(spans)
}

/// `2 filters · Region: Stockholm · Kommun: Eda · sort: title ↑`
fn summary(state: &AppState, matches: &[FindMatch]) -> String {
    let arrow = if state.query().reverse { "↑" } else { "↓" };
    let mut parts = Vec::new();
    if !matches.is_empty() {
        parts.push(format!(
            "match {}/{}",
            state.find_current() + 1,
            matches.len()
        ));
    }
    let ranges = state.query().filters.ranges();
    let active: usize = Facet::ALL
        .iter()
        .map(|&facet| state.query().filters.selected(facet).len())
        .sum::<usize>()
        + ranges.len();
    if active > 0 {
        // First, so that a narrow status bar still says it.
        let plural = if active == 1 { "" } else { "s" };
        parts.push(format!("{active} filter{plural}"));
    }
    for facet in Facet::ALL {
        let selected = state.query().filters.selected(facet);
        if selected.is_empty() {
            continue;
        }
        let values = state.corpus().store.facet(facet).values();
        let names: Vec<&str> = selected
            .iter()
            .map(|&id| values[id as usize].as_str())
            .collect();
        parts.push(format!("{}: {}", facet.label(), names.join(", ")));
    }
    for (measure, range) in ranges {
        parts.push(format!("{}: {}", measure.label(), range.describe(*measure)));
    }
    // The order last: the list's own title hints at it, the filters not.
    parts.push(format!("sort: {} {arrow}", state.effective_sort().label()));
    format!("│ {} ", parts.join(" · "))
}
