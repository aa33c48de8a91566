//! The detail pane: the selected project as a styled, scrollable document
//! with a scrollbar and the scroll position.

use ratatui::Frame;
use ratatui::layout::{Alignment, Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};

use std::ops::Range;

use unicode_width::UnicodeWidthStr;

use super::super::action::Pane;
use super::super::hyperlinks::ScreenLink;
use super::super::state::AppState;
use super::super::state::FindMatch;
use super::super::theme::Theme;
use crate::model::page::document::{DocLine, Document, LineKind};

/// Draws the pane; returns where its visible links are.
pub fn render(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    theme: &Theme,
    document: Option<&Document>,
    matches: &[FindMatch],
) -> Vec<ScreenLink> {
    let focused = state.focus() == Pane::Detail;
    let block = Block::bordered()
        .border_style(theme.border(focused))
        .title(Line::styled(" Detail ", theme.pane_title(focused)));
    let body = area.inner(Margin::new(1, 1));
    let Some(document) = document else {
        frame.render_widget(block, area);
        return Vec::new();
    };
    let height = usize::from(body.height);
    let total = document.lines.len();
    let scroll = state.detail_scroll().min(total.saturating_sub(1));
    let shown_end = (scroll + height).min(total);
    let block = titled(block, document, scroll..shown_end, height, theme);
    frame.render_widget(block, area);
    if body.width == 0 || body.height == 0 {
        return Vec::new();
    }
    let current = matches.get(state.find_current()).copied();
    let lines = shown_lines(document, scroll..shown_end, matches, current, theme);
    frame.render_widget(Paragraph::new(lines), body);
    if total > height {
        let mut scrollbar = ScrollbarState::new(total.saturating_sub(height)).position(scroll);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None),
            area.inner(Margin {
                vertical: 1,
                horizontal: 0,
            }),
            &mut scrollbar,
        );
    }
    visible_links(document, scroll..shown_end, body)
}

/// The document's links on the lines shown, as columns of the screen.
/// The border's titles: the section in view at the top, the lines shown
/// and how far through the page below.
fn titled<'a>(
    mut block: Block<'a>,
    document: &Document,
    shown: Range<usize>,
    height: usize,
    theme: &Theme,
) -> Block<'a> {
    let (scroll, total) = (shown.start, document.lines.len());
    let percent = if total <= height {
        100
    } else {
        shown.end * 100 / total
    };
    let position = format!(" {}–{}/{} {}% ", scroll + 1, shown.end, total, percent);
    if let Some(section) = document
        .headings
        .iter()
        .rev()
        .find(|(_, line)| *line <= scroll)
    {
        let name = if section.0.is_empty() {
            crate::model::page::document::UNTITLED_SECTION
        } else {
            section.0.as_str()
        };
        block = block.title(Line::styled(format!(" {name} "), theme.dim()));
    }
    block.title_bottom(Line::from(position).alignment(Alignment::Right))
}

/// The lines in view, find matches highlighted (the current one apart).
fn shown_lines<'a>(
    document: &'a Document,
    shown: Range<usize>,
    matches: &[FindMatch],
    current: Option<FindMatch>,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let first = shown.start;
    document.lines[shown]
        .iter()
        .enumerate()
        .map(|(offset, line)| {
            let number = first + offset;
            let ranges: Vec<(usize, usize, bool)> = matches
                .iter()
                .filter(|m| m.line == number)
                .map(|m| (m.start, m.end, Some(*m) == current))
                .collect();
            if ranges.is_empty() {
                styled(line, theme)
            } else {
                highlighted(&line.text, &ranges, theme)
            }
        })
        .collect()
}

fn visible_links(document: &Document, shown: Range<usize>, body: Rect) -> Vec<ScreenLink> {
    document
        .links
        .iter()
        .filter(|link| shown.contains(&link.line))
        .filter_map(|link| {
            let text = &document.lines[link.line].text;
            let before = text.get(..link.start)?.width();
            let width = text.get(link.start..link.end)?.width();
            let x = u16::try_from(before).ok()?;
            let room = body.width.checked_sub(x)?;
            Some(ScreenLink {
                x: body.x + x,
                y: body.y + (link.line - shown.start) as u16,
                width: u16::try_from(width).unwrap_or(u16::MAX).min(room),
                target: link.target.clone(),
            })
        })
        .filter(|link| link.width > 0)
        .collect()
}

/// A line with find matches marked; the current one stands out.
fn highlighted<'a>(text: &'a str, ranges: &[(usize, usize, bool)], theme: &Theme) -> Line<'a> {
    let mut spans = Vec::new();
    let mut at = 0;
    for &(start, end, current) in ranges {
        if start < at
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        spans.push(Span::raw(&text[at..start]));
        let style = if current {
            theme.selection(true)
        } else {
            theme.matched()
        };
        spans.push(Span::styled(&text[start..end], style));
        at = end;
    }
    spans.push(Span::raw(&text[at..]));
    Line::from(spans)
}

fn styled<'a>(line: &'a DocLine, theme: &Theme) -> Line<'a> {
    match line.kind {
        LineKind::Title => Line::styled(line.text.as_str(), theme.title()),
        LineKind::Heading => Line::styled(line.text.as_str(), theme.heading()),
        LineKind::Warning => Line::styled(line.text.as_str(), theme.warning()),
        LineKind::Field { label_width } => {
            let split = line
                .text
                .char_indices()
                .nth(usize::from(label_width))
                .map_or(line.text.len(), |(i, _)| i);
            let (label, value) = line.text.split_at(split);
            Line::from(vec![Span::styled(label, theme.label()), Span::raw(value)])
        }
        LineKind::Item | LineKind::Text | LineKind::Blank => {
            Line::styled(line.text.as_str(), Style::new())
        }
    }
}
