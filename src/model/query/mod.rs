//! `Query`: what the browser and the `list` and `stats` commands ask of the
//! store — a search (titles or all text), filters and an order — and its one
//! `run`, which both use. Title search (`title`), full text (`text`) and
//! similar titles (`similar`) live beside it.

mod facets;
mod filters;
mod range;
pub mod similar;
mod sort;
#[cfg(test)]
mod test_stores;
pub mod text;
pub mod title;

pub use facets::{CountCache, facet_counts};
pub use filters::{Filters, Measure, Range, filter, value_key};
pub use sort::{SortKey, sort};

use crate::model::corpus::store::Store;
use crate::model::query::similar::{FEW_MATCHES, SIMILAR, similar_titles};
use crate::model::query::text::TextQuery;
use crate::model::query::title::{Hit, TitleQuery, TitleSearch};

/// What the search text searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SearchKind {
    /// Fuzzy, titles only.
    #[default]
    Titles,
    /// Words and phrases in every field, section and list.
    AllText,
}

/// A search, filters and an order.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub kind: SearchKind,
    pub text: String,
    pub filters: Filters,
    pub sort: SortKey,
    pub reverse: bool,
}

/// What a query finds.
#[derive(Debug, Clone, Default)]
pub struct Results {
    /// The listed projects, filtered and in order.
    pub hits: Vec<Hit>,
    /// Per facet, per value: how many search matches carry it, given the
    /// other facets' filters.
    pub counts: Vec<Vec<u32>>,
}

impl Query {
    /// Whether a search narrows and ranks the list.
    pub fn is_searching(&self) -> bool {
        !self.text.trim().is_empty()
    }

    /// The order in force: relevance means something only with a search;
    /// without one the list is in title order.
    pub fn effective_sort(&self) -> SortKey {
        if self.sort == SortKey::Relevance && !self.is_searching() {
            SortKey::Title
        } else {
            self.sort
        }
    }

    /// The full-text query, when the search is over all text.
    pub fn text_query(&self) -> Option<TextQuery> {
        (self.kind == SearchKind::AllText && self.is_searching())
            .then(|| TextQuery::parse(&self.text))
    }

    /// The projects the search alone finds, scored. A title search narrows
    /// the hits of `titles`' last run when the text only grew.
    /// When a title search finds nothing, titles a typo away are listed
    /// instead, with the score `similar::SIMILAR`; when it finds fewer than
    /// `similar::FEW_MATCHES`, after the matches.
    pub fn matches(&self, store: &Store, titles: &mut TitleSearch) -> Vec<Hit> {
        match self.text_query() {
            Some(text) => text.matches(store),
            None if self.kind == SearchKind::AllText => titles.run(store, &TitleQuery::new("")),
            None => {
                let mut hits = titles.run(store, &TitleQuery::new(&self.text));
                if hits.len() < FEW_MATCHES && self.is_searching() {
                    let matched: Vec<u32> = hits.iter().map(|hit| hit.index).collect();
                    hits.extend(
                        similar_titles(store, &self.text)
                            .into_iter()
                            .filter(|hit| !matched.contains(&hit.index)),
                    );
                }
                hits
            }
        }
    }

    /// Searches, keeps what `keep` keeps (marked only, say), filters, sorts
    /// and counts the facets.
    pub fn run(
        &self,
        store: &Store,
        titles: &mut TitleSearch,
        keep: Option<&(dyn Fn(u32) -> bool + Sync)>,
    ) -> Results {
        let matches = self.matches(store, titles);
        self.run_on(store, matches, keep)
    }

    /// As `run`, with the search's matches already found (a full-text
    /// search done elsewhere, say).
    pub fn run_on(
        &self,
        store: &Store,
        matches: Vec<Hit>,
        keep: Option<&(dyn Fn(u32) -> bool + Sync)>,
    ) -> Results {
        self.run_with(store, matches, keep, None)
    }

    /// As `run_on`, counting the facets from the last run's counts in
    /// `cache` when the matches differ from that run's in few projects.
    pub fn run_counting(
        &self,
        store: &Store,
        matches: Vec<Hit>,
        keep: Option<&(dyn Fn(u32) -> bool + Sync)>,
        cache: &mut CountCache,
    ) -> Results {
        self.run_with(store, matches, keep, Some(cache))
    }

    fn run_with(
        &self,
        store: &Store,
        mut matches: Vec<Hit>,
        keep: Option<&(dyn Fn(u32) -> bool + Sync)>,
        cache: Option<&mut CountCache>,
    ) -> Results {
        if let Some(keep) = keep {
            matches.retain(|hit| keep(hit.index));
        }
        let mut hits = filter(store, &matches, &self.filters);
        // Sorting and counting are independent: one on each core.
        let (key, reverse, filters) = (self.effective_sort(), self.reverse, &self.filters);
        let ((), counts) = rayon::join(
            || {
                sort(store, &mut hits, key, reverse);
                similar_last(&mut hits);
            },
            || match cache {
                Some(cache) => cache.counts(store, &matches, filters),
                None => facet_counts(store, &matches, filters),
            },
        );
        Results { hits, counts }
    }
}

/// Titles only similar to the query after the real matches, whatever the
/// order (relevance puts them there already, title or budget order would
/// mix them in).
fn similar_last(hits: &mut [Hit]) {
    let similar = |hit: &Hit| hit.score == SIMILAR;
    if hits.iter().any(similar) && !hits.iter().all(similar) {
        // Stable: each part keeps its order.
        hits.sort_by_key(similar);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::corpus::store::Facet;
    use crate::model::{Date, Project, Section};

    fn store() -> Store {
        let project = |id: &str, title: &str, region: &str, year: u16, text: &str| Project {
            id: id.into(),
            title: title.into(),
            region: Some(region.into()),
            period_start: Date::new(year, 1, 1),
            sections: vec![Section {
                heading: "Bakgrund".into(),
                text: text.into(),
            }],
            ..Project::default()
        };
        Store::new(vec![
            project(
                "a",
                "Vägen till jobbet",
                "Stockholm",
                2010,
                "Unga arbetsgivare.",
            ),
            project(
                "b",
                "Arbete för unga",
                "Sydsverige",
                2012,
                "Lokala arbetsgivare.",
            ),
            project("c", "Jobbet först", "Stockholm", 2008, "Inget här."),
        ])
    }

    fn ids(store: &Store, results: &Results) -> Vec<String> {
        results
            .hits
            .iter()
            .map(|h| store.project(h.index as usize).id.clone())
            .collect()
    }

    #[test]
    fn without_a_search_the_list_is_in_title_order_and_relevance_means_title() {
        let store = store();
        let query = Query::default();
        assert_eq!(query.effective_sort(), SortKey::Title);
        let results = query.run(&store, &mut TitleSearch::new(), None);
        assert_eq!(ids(&store, &results), ["b", "c", "a"]);
    }

    #[test]
    fn a_title_search_filters_and_counts_in_one_run() {
        let store = store();
        let mut query = Query {
            text: "jobbet".into(),
            ..Query::default()
        };
        query
            .filters
            .select_matching(&store, Facet::Region, "Stockholm");
        let results = query.run(&store, &mut TitleSearch::new(), None);
        assert_eq!(results.hits.len(), 2);
        let stockholm = store
            .facet(Facet::Region)
            .values()
            .iter()
            .position(|v| v == "Stockholm")
            .unwrap();
        assert_eq!(results.counts[Facet::Region.index()][stockholm], 2);
    }

    #[test]
    fn typo_tolerance_leaves_the_ranking_of_a_query_that_matches_alone() {
        let store = store();
        for text in ["jobbet", "arb", "v", "först jobb"] {
            let query = Query {
                text: text.into(),
                ..Query::default()
            };
            let with_tolerance = query.matches(&store, &mut TitleSearch::new());
            let fuzzy_only = TitleSearch::new().run(&store, &TitleQuery::new(text));
            assert!(!fuzzy_only.is_empty(), "{text}");
            assert_eq!(with_tolerance, fuzzy_only, "{text}");
        }
        // Nothing matches as typed: the titles a typo away.
        let typo = Query {
            text: "jobbbet".into(),
            ..Query::default()
        };
        assert!(!typo.matches(&store, &mut TitleSearch::new()).is_empty());
    }

    #[test]
    fn a_few_matches_list_similar_titles_after_them_in_any_order() {
        let store = Store::new(
            ["Jobba", "Jobbet först", "Jobb", "Jobbe", "Arbete"]
                .iter()
                .map(|title| Project {
                    id: title.to_string(),
                    title: title.to_string(),
                    ..Project::default()
                })
                .collect(),
        );
        for sort in [SortKey::Relevance, SortKey::Title, SortKey::Budget] {
            for reverse in [false, true] {
                let query = Query {
                    text: "jobba".into(),
                    sort,
                    reverse,
                    ..Query::default()
                };
                let results = query.run(&store, &mut TitleSearch::new(), None);
                let scores: Vec<bool> = results.hits.iter().map(|h| h.score == SIMILAR).collect();
                // `Jobba` matches; `Jobb` and `Jobbe` are an edit away;
                // `Jobbet` is two.
                assert_eq!(scores, [false, true, true], "{sort:?} {reverse}");
                assert_eq!(ids(&store, &results)[0], "Jobba");
            }
        }
    }

    #[test]
    fn an_all_text_search_finds_words_in_sections_and_keep_narrows() {
        let store = store();
        let query = Query {
            kind: SearchKind::AllText,
            text: "arbetsgivare".into(),
            sort: SortKey::Title,
            ..Query::default()
        };
        let results = query.run(&store, &mut TitleSearch::new(), None);
        assert_eq!(ids(&store, &results), ["b", "a"]);
        let only_b = |index: u32| store.project(index as usize).id == "b";
        let results = query.run(&store, &mut TitleSearch::new(), Some(&only_b));
        assert_eq!(ids(&store, &results), ["b"]);
    }
}
