//! Overlays: the key help, the list of files that could not be loaded,
//! and the session's messages.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::super::keymap::{Binding, Spot};
use super::super::panes::prompt::LINE_HINTS;
use super::super::state::{AppState, Overlay};
use super::super::theme::Theme;
use super::{hint, hint_text, key};
use crate::model::page::format::{printable, printable_path};
use crate::model::swedish::fold::fold_char;

/// The width of the keys column of the help.
const KEY_COLUMN: usize = 26;

pub fn render_help(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    // The text inside the overlay's border.
    let inner = usize::from(HELP_WIDTH.min(area.width.saturating_sub(2).max(1))).saturating_sub(2);
    let (filter, typing) = state.help_filter();
    let words = folded_words(filter);
    let mut lines = Vec::new();
    let options = state.options();
    for (group, entries) in options.keymap.help_for(options.read_only) {
        let kept: Vec<_> = entries
            .into_iter()
            .filter(|(keys, does)| holds_every_word(&format!("{keys} {does}"), &words))
            .collect();
        if kept.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(group.title(), theme.heading()));
        for (keys, does) in kept {
            help_entry(&mut lines, &keys, does, inner, theme, &words);
        }
    }
    if lines.is_empty() {
        lines.push(Line::styled(
            format!("no key's help holds \u{201c}{}\u{201d}", printable(filter)),
            theme.dim(),
        ));
    }
    let title = help_title(state, filter, typing);
    let rect = overlay(frame, area, state, theme, &title, lines, HELP_WIDTH);
    if typing {
        // The cursor after the typed words, in the title.
        let before = format!("{HELP_FIND_LABEL}{}", printable(filter)).width();
        let x = usize::from(rect.x) + 1 + before;
        let x = u16::try_from(x).unwrap_or(u16::MAX);
        frame.set_cursor_position((x.min(rect.right().saturating_sub(2)), rect.y));
    }
}

/// The start of the help's title while its find line is typed in.
const HELP_FIND_LABEL: &str = " Keys — find: ";

/// The help's title: how to scroll, find and close; the words it is
/// narrowed to; or, while they are typed, the line itself.
fn help_title(state: &AppState, filter: &str, typing: bool) -> String {
    if typing {
        let keys = hint_text(state, LINE_HINTS, Spot::Values);
        return format!("{HELP_FIND_LABEL}{}  {keys} ", printable(filter));
    }
    let (find, _) = hint(state, Binding::Search, Spot::Overlay);
    let moves = format!("{} {}", key(state, Binding::Down), scroll_hint(state));
    if filter.is_empty() {
        format!(" Keys — {moves}, {find} find, any other key closes ")
    } else {
        format!(
            " Keys with \u{201c}{}\u{201d} — {moves}, {find} change, any other key closes ",
            printable(filter)
        )
    }
}

/// The words typed to narrow the help, folded as the search folds
/// (case and accents).
fn folded_words(filter: &str) -> Vec<Vec<char>> {
    filter
        .split_whitespace()
        .map(|word| word.chars().map(fold_char).collect())
        .collect()
}

/// Whether the text holds every word.
fn holds_every_word(text: &str, words: &[Vec<char>]) -> bool {
    let folded: Vec<char> = text.chars().map(fold_char).collect();
    words
        .iter()
        .all(|word| word.is_empty() || folded.windows(word.len()).any(|w| w == &word[..]))
}

/// The text with every place a word stands in it marked.
fn marked_spans(text: &str, words: &[Vec<char>], theme: &Theme) -> Vec<Span<'static>> {
    let chars: Vec<char> = text.chars().collect();
    let folded: Vec<char> = chars.iter().map(|&c| fold_char(c)).collect();
    let mut marked = vec![false; chars.len()];
    for word in words.iter().filter(|w| !w.is_empty()) {
        for start in 0..folded.len().saturating_sub(word.len() - 1) {
            if folded[start..].starts_with(word) {
                marked[start..start + word.len()].fill(true);
            }
        }
    }
    let mut spans = Vec::new();
    let mut start = 0;
    for end in 1..=chars.len() {
        if end == chars.len() || marked[end] != marked[start] {
            let part: String = chars[start..end].iter().collect();
            let style = if marked[start] {
                theme.matched()
            } else {
                Style::default()
            };
            spans.push(Span::styled(part, style));
            start = end;
        }
    }
    spans
}

const HELP_WIDTH: u16 = 76;

/// `k scroll`: the second scrolling key and what both do.
fn scroll_hint(state: &AppState) -> String {
    let (up, does) = hint(state, Binding::Up, Spot::Overlay);
    format!("{up} {does}")
}

/// One key and what it does, wrapped under its own text: beside a column
/// of keys when there is room, else below the keys, indented.
fn help_entry(
    lines: &mut Vec<Line<'static>>,
    keys: &str,
    does: &str,
    width: usize,
    theme: &Theme,
    words: &[Vec<char>],
) {
    let beside = width >= KEY_COLUMN + 2 + 20 && keys.width() + 2 <= KEY_COLUMN;
    if beside {
        let indent = " ".repeat(KEY_COLUMN + 2);
        let text = textwrap::wrap(
            does,
            textwrap::Options::new(width.saturating_sub(KEY_COLUMN + 2).max(1)),
        );
        for (i, part) in text.iter().enumerate() {
            let lead = if i == 0 {
                Span::styled(format!("  {keys:<width$}", width = KEY_COLUMN), theme.key())
            } else {
                Span::raw(indent.clone())
            };
            let mut spans = vec![lead];
            spans.extend(marked_spans(part, words, theme));
            lines.push(Line::from(spans));
        }
        return;
    }
    let key_options = textwrap::Options::new(width.max(5))
        .initial_indent("  ")
        .subsequent_indent("  ");
    for part in textwrap::wrap(keys, key_options) {
        lines.push(Line::styled(part.to_string(), theme.key()));
    }
    let options = textwrap::Options::new(width.max(5))
        .initial_indent("    ")
        .subsequent_indent("    ");
    for part in textwrap::wrap(does, options) {
        lines.push(Line::from(marked_spans(&part, words, theme)));
    }
}

/// The most page warnings the load report lists (`esf-browse check`
/// lists them all).
const MOST_WARNING_LINES: usize = 2000;

/// Each loaded page's warnings (cut short, copies that disagree, a region
/// derived from its NUTS-2 code …), under its id.
fn warning_lines(lines: &mut Vec<Line<'static>>, corpus: &crate::model::Corpus, theme: &Theme) {
    let warned = corpus
        .store
        .projects()
        .iter()
        .filter(|p| !p.warnings.is_empty());
    let count = warned.clone().count();
    if count == 0 {
        return;
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("{count} loaded page(s) with warnings:"),
        theme.heading(),
    ));
    let mut shown = 0;
    for project in warned {
        for warning in &project.warnings {
            if shown == MOST_WARNING_LINES {
                lines.push(Line::raw(
                    "… and more: `esf-browse check PATH` lists every warning".to_string(),
                ));
                return;
            }
            lines.push(Line::from(vec![
                Span::styled(printable(&project.id), theme.warning()),
                Span::raw(format!(": {}", printable(warning))),
            ]));
            shown += 1;
        }
    }
}

pub fn render_problems(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let corpus = &state.corpus();
    let mut lines = vec![Line::raw(format!(
        "{} files seen, {} projects loaded, {} skipped",
        corpus.files_seen,
        corpus.store.len(),
        corpus.problems.len()
    ))];
    for problem in &corpus.problems {
        lines.push(Line::from(vec![
            Span::styled(printable_path(&problem.path), theme.warning()),
            Span::raw(format!(": {}", problem.error)),
        ]));
    }
    for (id, paths) in &corpus.duplicates {
        lines.push(Line::raw(format!(
            "project {} is saved in {} files (merged into one, counted once):",
            printable(id),
            paths.len()
        )));
        for path in paths {
            lines.push(Line::raw(format!("  {}", printable_path(path))));
        }
    }
    warning_lines(&mut lines, corpus, theme);
    overlay(
        frame,
        area,
        state,
        theme,
        &format!(
            " Load report — {} {}, any other key closes ",
            key(state, Binding::Down),
            scroll_hint(state)
        ),
        lines,
        100,
    );
}

/// The session's messages, whole and wrapped, newest last (and in view).
pub fn render_messages(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let count = state.messages().len();
    let lines: Vec<Line> = if count == 0 {
        vec![Line::styled("no messages yet", theme.dim())]
    } else {
        state
            .messages()
            .iter()
            .enumerate()
            .map(|(i, message)| {
                // The newest stands out; the older are dimmed.
                let style = if i + 1 == count {
                    theme.warning()
                } else {
                    ratatui::style::Style::default()
                };
                Line::styled(message.as_str(), style)
            })
            .collect()
    };
    overlay(
        frame,
        area,
        state,
        theme,
        &format!(
            " Messages — {} {}, any other key closes ",
            key(state, Binding::Up),
            scroll_hint_down(state)
        ),
        lines,
        HELP_WIDTH,
    );
}

/// `j scroll`: the messages scroll up first, so down is named second.
fn scroll_hint_down(state: &AppState) -> String {
    let (down, does) = hint(state, Binding::Down, Spot::Overlay);
    format!("{down} {does}")
}

fn overlay(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    theme: &Theme,
    title: &str,
    lines: Vec<Line>,
    width: u16,
) -> Rect {
    let width = width.min(area.width.saturating_sub(2).max(1));
    // Rows the lines take once wrapped at word boundaries.
    let inner_width = usize::from(width.saturating_sub(2).max(1));
    let rows: usize = lines
        .iter()
        .map(|line| {
            let text: String = line
                .spans
                .iter()
                .map(|span| span.content.as_ref())
                .collect();
            // ratatui breaks long words a little differently: one row spare.
            let wrapped = textwrap::wrap(&text, inner_width).len();
            if wrapped > 1 { wrapped + 1 } else { 1 }
        })
        .sum();
    let height = u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(2);
    let rect = area.centered(
        Constraint::Length(width),
        Constraint::Length(height.min(area.height)),
    );
    // Scrolled no further than the last rows filling the overlay.
    let visible = usize::from(rect.height.saturating_sub(2));
    let most = rows.saturating_sub(visible);
    let scroll = if state.overlay() == Some(Overlay::Messages) {
        // Counted from the bottom: the newest message is in view.
        most.saturating_sub(state.overlay_scroll())
    } else {
        state.overlay_scroll().min(most)
    } as u16;
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(
                Block::bordered()
                    .title(Line::styled(title, theme.pane_title(true)))
                    .border_style(theme.border(true)),
            ),
        rect,
    );
    rect
}
