//! Property tests (proptest) for full-text phrases:
//!
//! 1. on any small corpus of a few words (accents, capitals, digits,
//!    sentence ends among them), a phrase — closed, or open and cut
//!    anywhere as while typing — finds through the index (built whole or in
//!    two segments) the pages a scan of the text finds;
//! 2. a full-text query typed a key at a time in the browser, backspaces
//!    among them, shows after every key what the same text typed at once
//!    shows: the same pages, in the same order, with the same snippets.
//!
//! `PROPTEST_CASES=N` sets the number of cases.

use esf_browse::model::query::SearchKind;
use esf_browse::model::query::text::TextQuery;
use esf_browse::model::search::text_index::{Segment, TextIndex};
use esf_browse::model::{Corpus, Project, Section, Store};
use esf_browse::ui::action::{Edit, Intent, Msg};
use esf_browse::ui::state::{AppState, Options};
use proptest::prelude::*;

/// Words that share first letters, accents and starts.
const WORDS: [&str; 16] = [
    "lokala",
    "Lokala",
    "arbetsmarknaden",
    "arbetsgivare",
    "att",
    "av",
    "är",
    "ÄLDRE",
    "åre",
    "are",
    "unga",
    "i",
    "ö",
    "o",
    "1a",
    "éta",
];

/// What stands between two words of the text.
const GAPS: [&str; 5] = [" ", "  ", "\n", ". ", "-"];

fn text(words: &[(usize, usize)]) -> String {
    let mut text = String::new();
    for (n, &(word, gap)) in words.iter().enumerate() {
        if n > 0 {
            text.push_str(GAPS[gap % GAPS.len()]);
        }
        text.push_str(WORDS[word % WORDS.len()]);
    }
    text
}

fn words() -> impl Strategy<Value = Vec<(usize, usize)>> {
    proptest::collection::vec((0..WORDS.len(), 0..GAPS.len()), 0..24)
}

fn projects() -> impl Strategy<Value = Vec<Project>> {
    let project = (words(), words(), proptest::collection::vec(words(), 0..3)).prop_map(
        |(title, body, items)| Project {
            title: text(&title[..title.len().min(4)]),
            sections: vec![Section {
                heading: "Bakgrund".into(),
                text: text(&body),
            }],
            partners: items.iter().map(|item| text(item)).collect(),
            ..Project::default()
        },
    );
    proptest::collection::vec(project, 1..12)
}

/// A phrase of two or three words, open (cut after `cut` chars) or closed.
fn phrase() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec((0..WORDS.len(), 0..2usize), 2..4),
        any::<bool>(),
        0..40usize,
    )
        .prop_map(|(words, open, cut)| {
            let mut phrase = String::from("\"");
            for (n, (word, gap)) in words.iter().enumerate() {
                if n > 0 {
                    phrase.push_str(if *gap == 0 { " " } else { ". " });
                }
                phrase.push_str(WORDS[*word]);
            }
            if open {
                let keep = phrase.chars().count().min(cut.max(3));
                phrase.chars().take(keep).collect()
            } else {
                phrase + "\""
            }
        })
}

fn found(query: &TextQuery, store: &Store) -> Vec<u32> {
    query.matches(store).iter().map(|hit| hit.index).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_phrase_finds_by_the_index_what_a_scan_finds(
        projects in projects(),
        phrase in phrase(),
        split in 0..12usize,
    ) {
        let query = TextQuery::parse(&phrase);
        let scanned = Store::new(projects.clone());
        let mut halves = TextIndex::build(&projects[..split.min(projects.len())]);
        halves.push(Segment::build(&projects[split.min(projects.len())..]));
        let whole = TextIndex::build(&projects);
        let by_scan = found(&query, &scanned);
        for index in [whole, halves] {
            let indexed = Store::new(projects.clone()).with_text_index(index);
            prop_assert_eq!(found(&query, &indexed), by_scan.clone(), "{:?}", phrase);
        }
    }
}

/// A browser on `projects` (indexed), searching all text.
fn browser(projects: &[Project]) -> AppState {
    let index = TextIndex::build(projects);
    let corpus = Corpus {
        store: Store::new(projects.to_vec()).with_text_index(index),
        ..Corpus::default()
    };
    let mut state = AppState::new(corpus, Options::default());
    state.update(Msg::Resize(120, 40));
    state.update(Intent::ToggleSearchKind);
    state.update(Intent::Cancel);
    state.update(Intent::StartSearch);
    state
}

/// What the list shows: each hit's page and score, and the snippets.
fn shown(state: &AppState) -> (Vec<(u32, i64)>, Vec<Option<String>>) {
    let hits: Vec<(u32, i64)> = state.hits().iter().map(|h| (h.index, h.score)).collect();
    let query = state.text_query();
    let snippets = state
        .hits()
        .iter()
        .map(|hit| {
            let query = query.as_ref()?;
            let project = state.corpus().store.project(hit.index as usize);
            let first = query.hit(project, hit.index)?.first;
            let (before, matched, after) =
                esf_browse::model::query::text::snippet(project, first, 60);
            Some(format!("{before}[{matched}]{after}"))
        })
        .collect();
    (hits, snippets)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_query_typed_a_key_at_a_time_shows_what_it_shows_typed_at_once(
        projects in projects(),
        keys in "[\"lokaärbetsmiu .<]{1,24}",
    ) {
        let mut typing = browser(&projects);
        prop_assert_eq!(typing.query().kind, SearchKind::AllText);
        let mut typed = String::new();
        for key in keys.chars() {
            let edit = if key == '<' {
                typed.pop();
                Edit::Backspace
            } else {
                typed.push(key);
                Edit::Char(key)
            };
            typing.update(Intent::EditText(edit));
            let mut at_once = browser(&projects);
            if !typed.is_empty() {
                at_once.update(Intent::EditText(Edit::Insert(typed.clone())));
            }
            prop_assert_eq!(&typing.query().text, &typed);
            prop_assert_eq!(&at_once.query().text, &typed);
            prop_assert_eq!(shown(&typing), shown(&at_once), "{:?}", typed);
        }
    }
}
