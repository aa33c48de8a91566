//! What the list draws of a search on its visible rows — the matched
//! letters of each title, each project's full-text hit for its snippet —
//! worked out in `update`, once per query for each row that comes into
//! view, so that drawing only reads it.

use std::collections::HashMap;

use fuzzy_matcher::skim::SkimMatcherV2;

use crate::model::Store;
use crate::model::query::text::{TextHit, TextQuery};
use crate::model::query::{Query, SearchKind};
use crate::model::{Hit, TitleQuery};

/// A search's marks on one project.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    /// The title's matched letters (char positions, ascending).
    pub title: Vec<usize>,
    /// Where a full-text search finds the project: its count and best spot.
    pub text: Option<TextHit>,
}

/// The search the marks are for, parsed once.
#[derive(Debug, Clone)]
enum Search {
    None,
    Titles(TitleQuery),
    AllText(TextQuery),
}

/// Marks of the rows in view, by store index, for one search.
#[derive(Debug, Clone)]
pub struct RowMarks {
    /// The search's kind and text, as the marks were made for.
    key: (SearchKind, String),
    search: Search,
    marks: HashMap<u32, Marks>,
}

impl Default for RowMarks {
    fn default() -> Self {
        RowMarks {
            key: (SearchKind::Titles, String::new()),
            search: Search::None,
            marks: HashMap::new(),
        }
    }
}

/// At most this many projects' marks are kept; more, and they are made
/// again as rows come into view.
const MOST_KEPT: usize = 4096;

impl RowMarks {
    /// Makes the marks of `visible` for `query` where they are missing; a
    /// new search starts afresh.
    pub fn sync(&mut self, query: &Query, store: &Store, matcher: &SkimMatcherV2, visible: &[Hit]) {
        let key = (query.kind, query.text.clone());
        if key != self.key {
            self.search = match (query.is_searching(), query.kind) {
                (false, _) => Search::None,
                (true, SearchKind::Titles) => Search::Titles(TitleQuery::new(&query.text)),
                (true, SearchKind::AllText) => Search::AllText(TextQuery::parse(&query.text)),
            };
            self.key = key;
            self.marks.clear();
        }
        if matches!(self.search, Search::None) {
            return;
        }
        if self.marks.len() + visible.len() > MOST_KEPT {
            self.marks.clear();
        }
        for hit in visible {
            if self.marks.contains_key(&hit.index) {
                continue;
            }
            let project = store.project(hit.index as usize);
            let marks = match &self.search {
                Search::Titles(query) => Marks {
                    title: query.positions(matcher, &project.title),
                    text: None,
                },
                Search::AllText(query) => Marks {
                    title: Vec::new(),
                    text: query.hit(project, hit.index),
                },
                Search::None => Marks::default(),
            };
            self.marks.insert(hit.index, marks);
        }
    }

    /// The marks of a project in view; `None` when no search is on.
    pub fn get(&self, index: u32) -> Option<&Marks> {
        self.marks.get(&index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Project;

    fn store() -> Store {
        let project = |title: &str, text: &str| Project {
            title: title.into(),
            sections: vec![crate::model::Section {
                heading: "Bakgrund".into(),
                text: text.into(),
            }],
            ..Project::default()
        };
        Store::new(vec![
            project("Unga i Ydre", "Lokala arbetsgivare."),
            project("Äldre i Ydre", "Inga arbetsgivare alls, arbetsgivare."),
        ])
    }

    fn query(kind: SearchKind, text: &str) -> Query {
        Query {
            kind,
            text: text.into(),
            ..Query::default()
        }
    }

    #[test]
    fn title_marks_are_the_matched_letters_and_change_with_the_query() {
        let (store, matcher) = (store(), SkimMatcherV2::default());
        let visible = [Hit { index: 0, score: 1 }];
        let mut marks = RowMarks::default();
        marks.sync(
            &query(SearchKind::Titles, "ydre"),
            &store,
            &matcher,
            &visible,
        );
        assert_eq!(marks.get(0).unwrap().title, [7, 8, 9, 10]);
        assert_eq!(marks.get(1), None, "only rows in view");
        marks.sync(
            &query(SearchKind::Titles, "unga"),
            &store,
            &matcher,
            &visible,
        );
        assert_eq!(marks.get(0).unwrap().title, [0, 1, 2, 3]);
    }

    #[test]
    fn full_text_marks_carry_the_hit_for_the_snippet() {
        let (store, matcher) = (store(), SkimMatcherV2::default());
        let visible = [Hit { index: 0, score: 1 }, Hit { index: 1, score: 1 }];
        let mut marks = RowMarks::default();
        marks.sync(
            &query(SearchKind::AllText, "arbetsgivare"),
            &store,
            &matcher,
            &visible,
        );
        assert_eq!(marks.get(0).unwrap().text.unwrap().hits, 1);
        assert_eq!(marks.get(1).unwrap().text.unwrap().hits, 2);
        marks.sync(&query(SearchKind::AllText, ""), &store, &matcher, &visible);
        assert_eq!(marks.get(0), None, "no search, no marks");
    }
}
