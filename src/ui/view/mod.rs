//! Rendering: reads `AppState`, draws every pane. Never changes state.

mod detail;
mod filters;
mod help;
mod list;
mod stats;
mod status;

use ratatui::Frame;

use super::hyperlinks::ScreenLink;
use super::keymap::{Binding, Spot};
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
        Some(Overlay::Messages) => help::render_messages(frame, area, state, theme),
        None => {}
    }
    // An overlay covers the panes' links.
    if state.overlay().is_some() {
        links.clear();
    }
    links
}

/// The first key of a binding, as a hint shows it (`?`), whatever the
/// config file made it; `–` when it has none.
fn key(state: &AppState, binding: Binding) -> String {
    state.options().keymap.key(binding)
}

/// A binding's first key and its hint at a spot (`?`, `help`).
fn hint(state: &AppState, binding: Binding, spot: Spot) -> (String, &'static str) {
    state.options().keymap.hint(binding, spot)
}

/// `Enter keep · Esc clear`: the hints of these bindings at a spot.
fn hint_text(state: &AppState, bindings: &[Binding], spot: Spot) -> String {
    bindings
        .iter()
        .map(|&binding| {
            let (key, text) = hint(state, binding, spot);
            format!("{key} {text}")
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// `n/N next/previous`: two bindings' keys and hints, paired.
fn paired_hint(state: &AppState, pair: [Binding; 2], spot: Spot) -> String {
    let [(key_a, text_a), (key_b, text_b)] = pair.map(|binding| hint(state, binding, spot));
    format!("{key_a}/{key_b} {text_a}/{text_b}")
}

#[cfg(test)]
mod tests {
    use super::super::keymap::Keymap;
    use super::*;

    /// The source of every view, and of the panes' hint lists the views
    /// show: where bindings are named.
    const VIEWS: [&str; 11] = [
        include_str!("../panes/list.rs"),
        include_str!("../panes/filters.rs"),
        include_str!("../panes/detail.rs"),
        include_str!("../panes/prompt.rs"),
        include_str!("mod.rs"),
        include_str!("detail.rs"),
        include_str!("filters.rs"),
        include_str!("help.rs"),
        include_str!("list.rs"),
        include_str!("stats.rs"),
        include_str!("status.rs"),
    ];

    #[test]
    fn every_binding_a_view_names_has_a_key() {
        let keymap = Keymap::default();
        let mut named = 0;
        for source in VIEWS {
            for (at, _) in source.match_indices("Binding::") {
                let rest = &source[at + "Binding::".len()..];
                let end = rest
                    .find(|c: char| !c.is_ascii_alphanumeric())
                    .unwrap_or(rest.len());
                let Some(&binding) = Binding::ALL
                    .iter()
                    .find(|b| format!("{b:?}") == rest[..end])
                else {
                    continue;
                };
                assert_ne!(keymap.key(binding), "–", "{binding:?}");
                named += 1;
            }
        }
        assert!(named > 20, "{named}");
    }

    #[test]
    fn each_pane_hints_at_bindings_live_in_it_with_a_text() {
        use super::super::keymap::Context;
        use super::super::panes::{detail, filters, list, prompt};
        let keymap = Keymap::default();
        let hinted: [(&[Binding], Context, Spot); 8] = [
            (list::HINTS, Context::List, Spot::StatusList),
            (filters::HINTS, Context::Filters, Spot::StatusFilters),
            (detail::HINTS, Context::Detail, Spot::StatusDetail),
            (prompt::SEARCH_HINTS, Context::Search, Spot::Search),
            (prompt::EDITING_HINTS, Context::Search, Spot::Search),
            (prompt::LINE_HINTS, Context::Find, Spot::Find),
            (prompt::LINE_HINTS, Context::Values, Spot::Values),
            (&prompt::EXPORT_HINTS, Context::Export, Spot::Export),
        ];
        for (bindings, context, spot) in hinted {
            for &binding in bindings {
                assert!(
                    keymap.is_live(binding, context),
                    "{binding:?} in {context:?}"
                );
                let (_, text) = keymap.hint(binding, spot);
                assert!(!text.is_empty(), "{binding:?} at {spot:?}");
            }
        }
        // After the find line is closed with Enter, n and N step.
        for binding in prompt::FIND_PAIR {
            assert!(keymap.is_live(binding, Context::Detail), "{binding:?}");
            assert!(!keymap.hint(binding, Spot::Find).1.is_empty());
        }
        assert!(keymap.is_live(Binding::ConfirmYes, Context::Confirm));
        // A key taken by the pane's own binding does not reach a global one.
        assert!(!keymap.is_live(Binding::Space, Context::Search));
    }
}
