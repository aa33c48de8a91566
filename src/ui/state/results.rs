//! Running the query: the list, the facet counts and the filter rows made
//! again when the query, the marks or the corpus changed; pages added as
//! they load; the caches drawing reads brought up to date.

use std::sync::Arc;

use super::super::panes::filters;
use super::super::panes::full_text::TextMatches;
use super::{AppState, ctx};
use crate::model::Corpus;
use crate::model::corpus::load::Batch;
use crate::model::output::stats::Stats;

impl AppState {
    /// Recomputes hits, counts and filter rows after the query, filters,
    /// sort or corpus changed; keeps the selection when still listed.
    pub(super) fn refresh(&mut self) {
        self.refresh_with(false);
    }

    /// After a new query: the best match selected, the list at its top,
    /// whatever was selected before (as fzf does).
    pub(super) fn refresh_from_top(&mut self) {
        self.refresh_with(true);
    }

    /// A full-text search waits for its matches (the list shows the last
    /// ones meanwhile); everything else is done at once.
    pub(super) fn refresh_with(&mut self, from_top: bool) {
        let matches = match self.full_text.matches(&self.query, &self.corpus, from_top) {
            TextMatches::NotText => self.query.matches(&self.corpus.store, &mut self.search),
            TextMatches::Found(hits) => hits,
            TextMatches::Pending => return,
        };
        let marks = &self.list.marks;
        let marked = |index: u32| marks.contains(index);
        let keep: Option<&(dyn Fn(u32) -> bool + Sync)> =
            if marks.only() { Some(&marked) } else { None };
        let results = self
            .query
            .run_counting(&self.corpus.store, matches, keep, &mut self.counts);
        self.results.generation += 1;
        self.results.counts = results.counts;
        self.results.hits = results.hits;
        self.rebuild_filter_rows();
        let text_query = self.query.text_query();
        let ctx = ctx!(self, text_query.as_ref());
        if self.list.relist(&ctx, from_top).selected {
            self.detail.new_page();
        }
    }

    /// The filter pane's rows for the counts and its narrowing.
    pub(super) fn rebuild_filter_rows(&mut self) {
        let rows = filters::rows(
            &self.corpus.store,
            &self.results.counts,
            &self.query.filters,
            (&self.filters.value_filter, &self.filters.folded),
        );
        let ctx = ctx!(self, None);
        self.filters.set_rows(rows, &ctx);
    }

    /// The filter pane's values narrowed to `text`, from the top.
    pub(super) fn narrow_values(&mut self, text: &str) {
        let rows = filters::rows(
            &self.corpus.store,
            &self.results.counts,
            &self.query.filters,
            (text, &self.filters.folded),
        );
        let ctx = ctx!(self, None);
        self.filters.narrow(text, rows, &ctx);
    }

    pub(super) fn clear_query(&mut self) {
        if !self.query.text.is_empty() {
            self.release_find_from_search();
            self.query.text.clear();
            self.refresh();
        }
    }

    /// Adds pages that finished loading: the list fills in. Projects are
    /// appended, so indices (selection, marks) stay valid; filters are
    /// carried over by value name.
    pub(super) fn add_batch(&mut self, batch: Batch) {
        let filters = self.query.filters.names(&self.corpus.store);
        self.loading = Some(batch.progress);
        self.corpus_to_change().absorb(batch);
        self.query.filters = self.query.filters.from_names(&filters, &self.corpus.store);
        self.take_pending_filters();
        self.search.reset();
        self.refresh();
    }

    /// The last batch is in.
    pub(super) fn finish_loading(&mut self) {
        self.corpus_to_change().finish();
        self.full_text.finish_loading(&self.corpus);
        self.loading = None;
        let pending = self.list.marks.take_deferred();
        self.restore_marks(pending);
        self.take_pending_filters();
        // Values no page holds any more are let go.
        self.pending_filters.clear();
        self.refresh();
        if !self.corpus.problems.is_empty() {
            self.message = Some(format!(
                "{} file(s) could not be loaded — press ! to see why",
                self.corpus.problems.len()
            ));
        }
    }

    /// Marks the projects with these ids (read from the marks file); kept
    /// for later when the corpus is still loading.
    pub(super) fn restore_marks(&mut self, ids: Vec<String>) {
        if self.loading.is_some() {
            self.list.marks.defer(ids);
        } else {
            self.list.marks.restore(&ids, &self.corpus.store);
        }
    }

    /// A background search finished: its matches are listed if they are
    /// still those of the query.
    pub(super) fn take_text_work(&mut self) {
        if let Some(from_top) = self.full_text.take_work(&self.query, &self.corpus) {
            self.refresh_with(from_top);
        }
    }

    /// The corpus, to change (a batch, the end of loading): searches in
    /// the background are stopped first and waited for, so that it is not
    /// shared and need not be copied.
    fn corpus_to_change(&mut self) -> &mut Corpus {
        self.counts.reset();
        self.full_text.stop_searches();
        Arc::make_mut(&mut self.corpus)
    }

    /// Brings the cached detail layout and statistics up to date: once
    /// after each update, so that drawing only reads them.
    pub(super) fn sync_caches(&mut self) {
        let ctx = ctx!(self, None);
        self.detail.sync(&ctx);
        // The rows in view: at most as many as the list pane is high.
        let shown = self.panes().list.map_or(0, |list| usize::from(list.height));
        let offset = self.list.cursor.offset.min(self.results.hits.len());
        let end = (offset + shown).min(self.results.hits.len());
        let visible = &self.results.hits[offset..end];
        let (store, matcher) = (&self.corpus.store, self.search.matcher());
        self.list
            .row_marks
            .sync(&self.query, store, matcher, visible);
        let (store, hits) = (&self.corpus.store, &self.results.hits);
        self.overlays.sync(self.results.generation, || {
            Stats::compute(store, hits.iter().map(|hit| hit.index as usize))
        });
    }

    /// Full-text searches from now on run on threads of their own.
    pub fn use_text_worker(&mut self, worker: super::super::text_worker::TextWorker) {
        self.full_text.use_worker(worker);
    }
}
