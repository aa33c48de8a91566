//! The status bar: what is going on (loading, a message, the keys to try)
//! on the left; sort order and active filters on the right — always shown,
//! also when the filter pane is hidden.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{LineGauge, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::super::action::Pane;
use super::super::keymap::Mode;
use super::super::state::{AppState, FindMatch};
use super::super::state::{LineEditor, Prompt};
use super::super::theme::Theme;
use super::key_of;
use crate::model::Facet;
use crate::model::page::format::truncate;

pub fn render(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    theme: &Theme,
    matches: &[FindMatch],
) {
    let right = summary(state, matches);
    let right_width = (right.width() as u16).min(area.width / 2 + area.width / 4);
    let [left_area, right_area] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(right_width)]).areas(area);
    frame.render_widget(Paragraph::new("").style(theme.status()), area);
    if let Some(progress) = state.loading() {
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
        frame.render_widget(
            LineGauge::default()
                .ratio(ratio.clamp(0.0, 1.0))
                .label(label)
                .style(theme.status()),
            left_area,
        );
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
            Line::styled(message, theme.warning())
        } else if state.mode() == Mode::Search {
            hints(
                state,
                &[
                    ("input_accept", "keep"),
                    ("input_cancel", "clear"),
                    ("input_down", "move"),
                ],
                theme,
            )
        } else {
            // `/` means what it does in the focused pane: said here.
            let pane_hints: &[(&str, &str)] = match state.focus() {
                Pane::Filters => &[
                    ("help", "help"),
                    ("search", "narrow values"),
                    ("space", "select"),
                    ("quit", "quit"),
                ],
                Pane::Detail if state.selected().is_some() => &[
                    ("help", "help"),
                    ("search", "find in page"),
                    ("next_match", "next"),
                    ("quit", "quit"),
                ],
                _ => &[
                    ("help", "help"),
                    ("search", "search"),
                    ("cycle_sort", "sort"),
                    ("quit", "quit"),
                ],
            };
            let mut spans = hints(state, pane_hints, theme).spans;
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

/// The line for the live input: find, export path, or a yes/no question.
fn input_prompt<'a>(state: &'a AppState, theme: &Theme, width: u16) -> Option<Line<'a>> {
    let key = |binding| key_of(state, binding);
    if let Some(Prompt::ExportPath(editor)) = state.prompt() {
        return Some(export_prompt(state, editor, theme, width));
    }
    let (label, text, hint) = match state.prompt()? {
        Prompt::ValueFilter => (
            " values: ",
            state.value_filter(),
            format!(
                "  {} keep · {} clear",
                key("input_accept"),
                key("input_cancel")
            ),
        ),
        Prompt::Find => (
            " find: ",
            state.find_query(),
            format!(
                "  {} keep · {} clear · {}/{} next/previous",
                key("input_accept"),
                key("input_cancel"),
                key("next_match"),
                key("previous_match")
            ),
        ),
        Prompt::Confirm(path) => {
            // The file's name, not its whole path: the question stays in view.
            let name = path.file_name().map_or_else(
                || crate::model::page::format::printable_path(path),
                |name| crate::model::page::format::printable(&name.to_string_lossy()),
            );
            let path = name;
            return Some(Line::from(vec![
                Span::styled(format!(" {path} exists. Overwrite? "), theme.warning()),
                Span::styled("y", theme.key()),
                Span::raw(" yes · any other key: no, keep it"),
            ]));
        }
        Prompt::Search | Prompt::ExportPath(_) => return None,
    };
    Some(Line::from(vec![
        Span::styled(label, theme.key()),
        Span::raw(text),
        Span::styled(hint, theme.dim()),
    ]))
}

const EXPORT_LABEL: &str = " export to: ";

/// The export path as it is typed: a window of it that holds the cursor,
/// and the hint when there is room beside it.
fn export_prompt<'a>(state: &AppState, editor: &LineEditor, theme: &Theme, width: u16) -> Line<'a> {
    let hint = format!(
        "  .csv or .json · {} complete · {} CSV: {} · {} write · {} cancel",
        key_of(state, "input_complete"),
        key_of(state, "input_toggle_kind"),
        match (
            state.export_style().for_spreadsheets,
            state.export_with_text()
        ) {
            (false, false) => "plain",
            (false, true) => "with text",
            (true, false) => "for spreadsheets",
            (true, true) => "for spreadsheets, with text",
        },
        key_of(state, "input_accept"),
        key_of(state, "input_cancel")
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
        Prompt::Find => (" find: ", state.find_query().width()),
        Prompt::ValueFilter => (" values: ", state.value_filter().width()),
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

/// ` ? help  / search …`: each binding's first key and what it does.
fn hints<'a>(state: &AppState, pairs: &[(&str, &'a str)], theme: &Theme) -> Line<'a> {
    let mut spans = Vec::new();
    for (binding, does) in pairs {
        spans.push(Span::styled(
            format!(" {}", key_of(state, binding)),
            theme.key(),
        ));
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
    let active: usize = Facet::ALL
        .iter()
        .map(|&facet| state.query().filters.selected(facet).len())
        .sum();
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
    // The order last: the list's own title hints at it, the filters not.
    parts.push(format!("sort: {} {arrow}", state.effective_sort().label()));
    format!("│ {} ", parts.join(" · "))
}
