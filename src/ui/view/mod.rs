//! Rendering: reads `AppState`, draws every pane. Never changes state.

mod detail;
mod filters;
mod help;
mod list;
mod stats;
mod status;

use ratatui::Frame;
use ratatui::layout::Rect;

use super::hyperlinks::ScreenLink;
use super::state::{AppState, Overlay};
use super::theme::Theme;

/// Draws one frame; returns where its hyperlinks are.
pub fn render(frame: &mut Frame, state: &AppState, theme: &Theme) -> Vec<ScreenLink> {
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return Vec::new();
    }
    let panes = state.panes();
    if let Some(rect) = panes.filters {
        filters::render(frame, rect, state, theme);
    }
    if let Some(rect) = panes.search {
        list::render_search(frame, rect, state, theme);
    }
    if let Some(rect) = panes.list {
        list::render(frame, rect, state, theme);
    }
    // The selected page as laid out when it was selected (or the width
    // changed), for the detail pane and the find-in-page count.
    let document = (panes.detail.is_some() || state.find_pattern().is_some())
        .then(|| state.detail_document())
        .flatten();
    let matches = document
        .as_ref()
        .map_or_else(Vec::new, |doc| state.find_matches_in(doc));
    let mut links = Vec::new();
    if let Some(rect) = panes.detail {
        links = detail::render(frame, rect, state, theme, document.as_deref(), &matches);
    }
    if let Some(rect) = panes.stats {
        stats::render(frame, rect, state, theme);
    }
    status::render(frame, panes.status, state, theme, &matches);
    match state.overlay() {
        Some(Overlay::Help) => help::render_help(frame, area, state, theme),
        Some(Overlay::Problems) => help::render_problems(frame, area, state, theme),
        None => {}
    }
    // An overlay covers the panes' links.
    if state.overlay().is_some() {
        links.clear();
    }
    links
}

/// A rectangle centred in `area`, at most `width` × `height`.
/// The first key of a binding as a hint shows it (`?`), whatever the
/// config file made it; `–` when it has none.
fn key_of(state: &AppState, binding: &str) -> String {
    state
        .options()
        .keymap
        .first_key(binding)
        .map_or_else(|| "–".to_string(), |key| key.to_string())
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}
