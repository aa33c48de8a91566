//! A saved view taken back at start (the search and order at once, the
//! filters as soon as their values have been loaded), and the current view
//! given for the next session.

use super::AppState;
use crate::model::query::SearchKind;
use crate::ui::saved_view::SavedView;

impl AppState {
    /// The view to start the next session on these pages with.
    pub fn saved_view(&self) -> SavedView {
        let store = &self.corpus.store;
        let mut filters: Vec<(String, String)> = self
            .query
            .filters
            .names(store)
            .into_iter()
            .map(|(facet, value)| (facet.label().to_string(), value))
            .collect();
        // Values not loaded (a session quit while loading) are kept.
        for (facet, value) in &self.pending_filters {
            filters.push((facet.label().to_string(), value.clone()));
        }
        SavedView {
            all_text: self.query.kind == SearchKind::AllText,
            text: self.query.text.clone(),
            sort: self.query.sort.name().to_string(),
            reverse: self.query.reverse,
            filters,
            ranges: (self.query.filters.ranges().iter())
                .map(|(measure, range)| (measure.name().to_string(), range.typed(*measure)))
                .collect(),
        }
    }

    /// Starts on a saved view, and says so.
    pub fn restore_view(&mut self, view: &SavedView) {
        let changes = !view.text.is_empty()
            || !view.filters.is_empty()
            || !view.ranges.is_empty()
            || view.sort_key().is_some_and(|sort| sort != self.query.sort)
            || view.reverse != self.query.reverse;
        if !changes {
            return;
        }
        self.query.kind = view.kind();
        self.query.text = view.text.clone();
        if let Some(sort) = view.sort_key() {
            self.query.sort = sort;
        }
        self.query.reverse = view.reverse;
        for (measure, range) in view.measured_ranges() {
            self.query.filters.set_range(measure, range);
        }
        self.pending_filters = view.facet_values();
        self.take_pending_filters();
        self.refresh();
        self.message = Some(
            "the last search, filters and order of these pages are back (C clears the filters)"
                .into(),
        );
    }

    /// Selects the saved filter values the store now has; the others wait
    /// for the pages still loading.
    pub(super) fn take_pending_filters(&mut self) {
        let store = &self.corpus.store;
        let filters = &mut self.query.filters;
        self.pending_filters.retain(|(facet, value)| {
            match store.facet(*facet).values().iter().position(|v| v == value) {
                Some(id) => {
                    filters.select(*facet, id as u32);
                    false
                }
                None => true,
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Corpus, load_bundled};
    use crate::ui::state::Options;

    fn view() -> SavedView {
        SavedView {
            all_text: false,
            text: "kraft".into(),
            sort: "grant".into(),
            reverse: true,
            filters: vec![("Region".into(), "Mellersta Norrland".into())],
            ranges: vec![("years".into(), "2012-".into())],
        }
    }

    #[test]
    fn a_restored_view_lists_what_it_listed_and_is_given_back() {
        let mut state = AppState::new(load_bundled(), Options::default());
        state.restore_view(&view());
        assert_eq!(state.hits().len(), 1);
        assert!(state.message.as_deref().unwrap_or("").contains("are back"));
        assert_eq!(state.saved_view(), view());
    }

    #[test]
    fn filter_values_not_loaded_yet_wait_and_are_kept() {
        let mut state = AppState::new(Corpus::default(), Options::default());
        state.restore_view(&view());
        assert_eq!(state.pending_filters.len(), 1);
        assert_eq!(state.saved_view(), view(), "kept while loading");
        // A view that changes nothing says nothing.
        let mut fresh = AppState::new(load_bundled(), Options::default());
        fresh.restore_view(&SavedView {
            sort: "relevance".into(),
            ..SavedView::default()
        });
        assert_eq!(fresh.message, None);
    }
}
