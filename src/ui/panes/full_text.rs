//! The full-text machinery: the worker searches run on, the last search
//! found and the one asked for last, whether the list waits for one, and
//! the index built for a loaded corpus.

use std::sync::Arc;

use super::super::text_worker::{Finished, TextWorker};
use crate::model::query::Query;
use crate::model::search::text_index::{Segment, TextIndex};
use crate::model::{Corpus, Hit};

/// The full-text matches of a query.
pub enum TextMatches {
    /// Not a full-text search.
    NotText,
    Found(Vec<Hit>),
    /// Asked of the worker: the list waits.
    Pending,
}

#[derive(Debug, Default)]
pub struct FullText {
    worker: TextWorker,
    found: Option<Finished>,
    /// The text and the number of projects of the search asked for last.
    asked: Option<(String, usize)>,
    /// A search asked for and not yet back: whether the list goes to its
    /// top when its matches come.
    pending: Option<bool>,
    /// The index built for a loaded corpus, and whether it is still being
    /// built.
    index: TextIndex,
    indexing: bool,
}

impl FullText {
    /// Full-text searches from now on run on threads of their own.
    pub fn use_worker(&mut self, worker: TextWorker) {
        self.worker = worker;
    }

    /// The matches of the query: found before, found now (inline), or
    /// asked of the background worker (then the list waits, and goes to
    /// its top when they come if `from_top` or an earlier wait said so).
    pub fn matches(&mut self, query: &Query, corpus: &Arc<Corpus>, from_top: bool) -> TextMatches {
        let matches = self.look_up(query, corpus);
        self.pending = match matches {
            TextMatches::Pending => Some(from_top || self.pending == Some(true)),
            _ => None,
        };
        matches
    }

    fn look_up(&mut self, query: &Query, corpus: &Arc<Corpus>) -> TextMatches {
        if query.text_query().is_none() {
            return TextMatches::NotText;
        }
        let projects = corpus.store.len();
        let wanted = (query.text.as_str(), projects);
        if let Some(found) = &self.found
            && (found.text.as_str(), found.projects) == wanted
        {
            return TextMatches::Found(found.hits.clone());
        }
        if self.pending.is_some()
            && self
                .asked
                .as_ref()
                .is_some_and(|(text, n)| (text.as_str(), *n) == wanted)
        {
            return TextMatches::Pending;
        }
        self.asked = Some((query.text.clone(), projects));
        match self.worker.search(corpus, self.index(corpus), &query.text) {
            Some(found) => {
                let hits = found.hits.clone();
                self.found = Some(found);
                TextMatches::Found(hits)
            }
            None => TextMatches::Pending,
        }
    }

    /// Background work finished: index segments are added; a search that
    /// is still the query's is kept. Returns, when the list waited for it,
    /// whether it goes to its top.
    pub fn take_work(&mut self, query: &Query, corpus: &Corpus) -> Option<bool> {
        let segments = self.worker.take_segments();
        if !segments.is_empty() {
            self.add_segments(segments, corpus);
        }
        let found = self.worker.take_finished()?;
        if found.text != query.text || found.projects != corpus.store.len() {
            return None;
        }
        self.found = Some(found);
        self.pending
    }

    /// The last batch is in: index what the store's own index lacks.
    pub fn finish_loading(&mut self, corpus: &Arc<Corpus>) {
        let covered = self.index.len().max(corpus.store.text_index().len());
        if covered < corpus.store.len() {
            let built = self.worker.build_index(corpus, covered);
            self.add_segments(built, corpus);
            self.indexing = self.index.len() < corpus.store.len();
        }
    }

    /// Stops searches in the background and waits for them, so that the
    /// corpus is not shared (they let go within a project read).
    pub fn stop_searches(&self) {
        self.worker
            .stop_searches(std::time::Duration::from_millis(500));
    }

    /// Index segments built: they follow those there are.
    fn add_segments(&mut self, segments: Vec<Segment>, corpus: &Corpus) {
        if self.index.is_empty() {
            self.index = corpus.store.text_index().clone();
        }
        for segment in segments {
            self.index.push(segment);
        }
        if self.index.len() >= corpus.store.len() {
            self.indexing = false;
        }
    }

    /// How far the index has come: (projects indexed, all), while it is
    /// being built.
    pub fn indexing_progress(&self, corpus: &Corpus) -> Option<(usize, usize)> {
        self.indexing
            .then(|| (self.index.len(), corpus.store.len()))
    }

    /// The index searches use: the one built here, or the store's own (the
    /// bundled samples, `serve`).
    fn index<'a>(&'a self, corpus: &'a Corpus) -> &'a TextIndex {
        if self.index.len() >= corpus.store.text_index().len() {
            &self.index
        } else {
            corpus.store.text_index()
        }
    }

    /// Whether a search is running (the list shows the last matches).
    pub fn running(&self) -> bool {
        self.pending.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load_bundled;
    use crate::model::query::SearchKind;

    #[test]
    fn an_inline_search_is_found_and_kept() {
        let corpus = Arc::new(load_bundled());
        let mut full_text = FullText::default();
        let query = Query {
            kind: SearchKind::AllText,
            text: "arbetsgivare".into(),
            ..Query::default()
        };
        let TextMatches::Found(hits) = full_text.matches(&query, &corpus, true) else {
            panic!("the inline worker finds at once");
        };
        assert!(!hits.is_empty());
        assert!(!full_text.running());
        let titles = Query::default();
        assert!(matches!(
            full_text.matches(&titles, &corpus, false),
            TextMatches::NotText
        ));
        assert_eq!(full_text.take_work(&query, &corpus), None);
    }
}
