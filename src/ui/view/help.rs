//! Overlays: the key help, and the list of files that could not be loaded.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::super::keymap::{HELP, SEARCH_HELP};
use super::super::state::AppState;
use super::super::theme::Theme;
use super::centered;
use crate::model::format::printable;

pub fn render_help(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let mut lines = Vec::new();
    let groups = HELP
        .iter()
        .map(|(name, entries)| (*name, *entries))
        .chain([("Search box", &SEARCH_HELP[..])]);
    for (group, entries) in groups {
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(group, theme.heading()));
        for entry in entries {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<26}", entry.keys), theme.key()),
                Span::raw(entry.does),
            ]));
        }
    }
    overlay(
        frame,
        area,
        state,
        theme,
        " Keys — j k scroll, any other key closes ",
        lines,
        76,
    );
}

pub fn render_problems(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let corpus = &state.corpus;
    let mut lines = vec![Line::raw(format!(
        "{} files seen, {} projects loaded, {} skipped",
        corpus.files_seen,
        corpus.store.len(),
        corpus.problems.len()
    ))];
    for problem in &corpus.problems {
        lines.push(Line::from(vec![
            Span::styled(
                printable(&problem.path.display().to_string()),
                theme.warning(),
            ),
            Span::raw(format!(": {}", problem.error)),
        ]));
    }
    for (id, paths) in &corpus.duplicate_ids {
        let paths: Vec<String> = paths
            .iter()
            .map(|p| printable(&p.display().to_string()))
            .collect();
        lines.push(Line::raw(format!(
            "id {} used by {} files: {}",
            printable(id),
            paths.len(),
            paths.join(", ")
        )));
    }
    overlay(
        frame,
        area,
        state,
        theme,
        " Load report — j k scroll, any other key closes ",
        lines,
        100,
    );
}

fn overlay(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    theme: &Theme,
    title: &str,
    lines: Vec<Line>,
    width: u16,
) {
    let height = (lines.len() as u16).saturating_add(2);
    let rect = centered(
        area,
        width.min(area.width.saturating_sub(2).max(1)),
        height.min(area.height),
    );
    let scroll = state.overlay_scroll.min(lines.len().saturating_sub(1)) as u16;
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
}
