//! The filter pane: each facet with its values and how many projects match
//! each given the other filters and the search.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState};
use unicode_width::UnicodeWidthStr;

use super::super::action::Pane;
use super::super::state::{AppState, FilterRow};
use super::super::theme::Theme;
use crate::model::Facet;
use crate::model::page::format::truncate;
use crate::model::page::program_area::split_label;

/// The group row of programme areas whose programme period is unknown.
const NO_PERIOD: &str = "Okänd programperiod";

/// A value as the pane lists it: a programme area without the period its
/// group row names (`2007–2013 · 1 Kompetensförsörjning` ->
/// `1 Kompetensförsörjning`), and "Programområde 2 Ökat …" under the
/// heading Programområde said once.
fn shown_value(facet: Facet, value: &str) -> &str {
    let value = match facet {
        Facet::ProgramArea => split_label(value).1,
        _ => value,
    };
    value
        .strip_prefix(facet.label())
        .map(str::trim_start)
        .filter(|rest| !rest.is_empty())
        .unwrap_or(value)
}

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let focused = state.focus() == Pane::Filters;
    let mut block = Block::bordered()
        .border_style(theme.border(focused))
        .title(Line::styled(" Filters ", theme.pane_title(focused)));
    // Values narrowed by `/`: said, with how to undo it, or an empty
    // facet would look like a corpus without values.
    if !state.value_filter().is_empty() {
        block = block
            .title(Line::styled(
                format!(
                    " /{} ",
                    crate::model::page::format::printable(state.value_filter())
                ),
                theme.warning(),
            ))
            .title_bottom(Line::styled(" Esc: all values ", theme.dim()));
    }
    let body = area.inner(Margin::new(1, 1));
    frame.render_widget(block, area);
    if body.width == 0 || body.height == 0 {
        return;
    }
    let width = usize::from(body.width);
    let offset = state.filter_offset();
    let items: Vec<ListItem> = state
        .filter_rows()
        .iter()
        .skip(offset)
        .take(usize::from(body.height))
        .map(|row| ListItem::new(line(row, state, theme, width)))
        .collect();
    let list = List::new(items).highlight_style(theme.selection(focused));
    let mut list_state =
        ListState::default().with_selected(state.filter_cursor().checked_sub(offset));
    frame.render_stateful_widget(list, body, &mut list_state);
}

fn line<'a>(row: &FilterRow, state: &'a AppState, theme: &Theme, width: usize) -> Line<'a> {
    match *row {
        FilterRow::Header(facet) => {
            let active = state.query().filters.selected(facet).len();
            let mut spans = vec![Span::styled(facet.label(), theme.heading())];
            if state.is_folded(facet) {
                spans.push(Span::styled(" ▸", theme.dim()));
            }
            if active > 0 {
                // Whole, or short enough to stay whole: never "(1 selected".
                let long = format!(" ({active} selected)");
                let short = format!(" ({active}✓)");
                let room = width.saturating_sub(facet.label().width());
                let shown = if long.width() <= room { long } else { short };
                spans.push(Span::styled(shown, theme.active()));
            }
            Line::from(spans)
        }
        FilterRow::Group { facet, id } => {
            let value = &state.corpus().store.facet(facet).values()[id as usize];
            let period = split_label(value).0.unwrap_or(NO_PERIOD);
            Line::from(Span::styled(
                format!(" {}", truncate(period, width.saturating_sub(1))),
                theme.dim(),
            ))
        }
        FilterRow::RangesHeader | FilterRow::Range(_) => range_line(row, state, theme, width),
        FilterRow::Value { facet, id, count } => {
            let selected = state.query().filters.is_selected(facet, id);
            let value = &state.corpus().store.facet(facet).values()[id as usize];
            let value = shown_value(facet, value);
            let mark = if selected { "✓ " } else { "  " };
            let count = format!(" ({count})");
            let room = width.saturating_sub(mark.width() + count.width());
            let style = if selected {
                theme.active()
            } else {
                Style::new()
            };
            Line::from(vec![
                Span::styled(mark, theme.active()),
                Span::styled(truncate(value, room), style),
                Span::styled(count, theme.dim()),
            ])
        }
    }
}

/// The ranges' heading (with how many are set) and a range's row: what it
/// holds, or `any`.
fn range_line<'a>(row: &FilterRow, state: &AppState, theme: &Theme, width: usize) -> Line<'a> {
    let filters = &state.query().filters;
    let FilterRow::Range(measure) = *row else {
        let mut spans = vec![Span::styled("Ranges", theme.heading())];
        if !filters.ranges().is_empty() {
            let set = filters.ranges().len();
            spans.push(Span::styled(format!(" ({set}✓)"), theme.active()));
        }
        return Line::from(spans);
    };
    let label = format!("  {} ", measure.short_label());
    let room = width.saturating_sub(label.width());
    match filters.range(measure) {
        Some(range) => Line::from(vec![
            Span::styled(label, theme.active()),
            Span::styled(truncate(&range.compact(measure), room), theme.active()),
        ]),
        None => Line::from(vec![
            Span::raw(label),
            Span::styled(truncate("any", room), theme.dim()),
        ]),
    }
}
