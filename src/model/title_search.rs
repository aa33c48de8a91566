//! Fuzzy search over titles with fuzzy-matcher's skim algorithm.
//! Case-insensitive with smart accents: a plain letter in the query also
//! matches its accented forms (`harj` finds `Härjedalen`), an accented
//! letter matches only itself. Words separated by spaces must all match.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use rayon::prelude::*;

use super::fold::{fold_except, fold_lowercase, is_accented, lowercase_char};
use super::store::Store;

/// A project that matches, with its score (higher is better).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub index: u32,
    pub score: i64,
}

/// Below this many candidates, scoring on one thread is faster.
const PARALLEL_THRESHOLD: usize = 512;

/// A parsed query: its words, and the accented letters it spells out.
#[derive(Debug, Clone)]
pub struct TitleQuery {
    raw: String,
    words: Vec<String>,
    /// The words with every accent folded: a quick, looser first test.
    folded_words: Vec<String>,
    keep: Vec<char>,
}

/// Two queries are the same search when their words are (`arb ` = `arb`).
impl PartialEq for TitleQuery {
    fn eq(&self, other: &TitleQuery) -> bool {
        self.words == other.words && self.keep == other.keep
    }
}

impl Eq for TitleQuery {}

impl TitleQuery {
    pub fn new(query: &str) -> TitleQuery {
        let raw: String = query.chars().map(lowercase_char).collect();
        let mut keep: Vec<char> = raw.chars().filter(|c| is_accented(*c)).collect();
        keep.sort_unstable();
        keep.dedup();
        let words = raw
            .split_whitespace()
            .map(|word| fold_except(word, &keep))
            .collect();
        let folded_words = raw.split_whitespace().map(fold_lowercase).collect();
        TitleQuery {
            raw,
            words,
            folded_words,
            keep,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether every title matching `self` also matches `earlier`, so that
    /// the earlier hits can be narrowed instead of searching everything.
    fn narrows(&self, earlier: &TitleQuery) -> bool {
        !earlier.is_empty() && self.raw.starts_with(earlier.raw.trim_end())
    }

    /// The score of one title, or `None` when a word does not match.
    pub fn score(&self, matchers: &Matchers, store: &Store, index: usize) -> Option<i64> {
        if !self.admits(store, index) {
            return None;
        }
        let folded = store.folded_title(index);
        self.folded_words
            .iter()
            .map(|word| matchers.word_score(folded, word))
            .sum()
    }

    /// Whether every word occurs in the title, in order (a cheap test; the
    /// accented letters the query spells out must match exactly).
    fn admits(&self, store: &Store, index: usize) -> bool {
        let folded = store.folded_title(index);
        if !self
            .folded_words
            .iter()
            .all(|word| is_subsequence(word, folded))
        {
            return false;
        }
        if self.keep.is_empty() {
            return true;
        }
        let lowercase = store.lowercase_title(index);
        self.words
            .iter()
            .all(|word| self.is_subsequence_keeping(word, lowercase, folded))
    }

    /// The query without its last word, when `self` continues `earlier`
    /// by typing into its last word or starting a new one: the scores of
    /// those words can be kept.
    fn shares_head_with(&self, earlier: &TitleQuery) -> Option<HeadReuse> {
        if self.keep != earlier.keep || self.folded_words.is_empty() {
            return None;
        }
        let head = &self.folded_words[..self.folded_words.len() - 1];
        if earlier.folded_words.len() == self.folded_words.len()
            && head == &earlier.folded_words[..head.len()]
        {
            Some(HeadReuse::SameHead)
        } else if head == earlier.folded_words.as_slice() {
            Some(HeadReuse::EarlierTotal)
        } else {
            None
        }
    }

    /// `is_subsequence` against the title folded except for `keep`, read
    /// from the store's lowercase and folded copies (no allocation, and
    /// no visit to the project itself).
    fn is_subsequence_keeping(&self, word: &str, lowercase: &str, folded: &str) -> bool {
        let mut title = lowercase
            .chars()
            .zip(folded.chars())
            .map(|(lower, folded)| {
                if lower != folded && self.keep.contains(&lower) {
                    lower
                } else {
                    folded
                }
            });
        word.chars()
            .filter(|c| !c.is_whitespace())
            .all(|w| title.any(|t| t == w))
    }

    /// Char positions in the title that the query matched, sorted.
    pub fn positions(&self, matcher: &SkimMatcherV2, title: &str) -> Vec<usize> {
        let folded = if self.keep.is_empty() {
            fold_lowercase(title)
        } else {
            fold_except(title, &self.keep)
        };
        let mut positions: Vec<usize> = self
            .words
            .iter()
            .filter_map(|word| matcher.fuzzy_indices(&folded, word))
            .flat_map(|(_, indices)| indices)
            .collect();
        positions.sort_unstable();
        positions.dedup();
        positions
    }
}

/// How a narrowed search reuses the scores of the words already typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HeadReuse {
    /// Only the last word grew: keep the score of the words before it.
    SameHead,
    /// A new word was started: the earlier total is the new head.
    EarlierTotal,
}

/// The two skim matchers a search uses.
pub struct Matchers {
    /// The full dynamic programme: the best alignment of the word.
    exact: SkimMatcherV2,
    /// skim's own cheap mode (`element_limit`): the shortest window that
    /// holds the word, scored without the programme.
    quick: SkimMatcherV2,
}

/// Words this short are scored in skim's cheap mode: the programme has
/// little to decide for them, and they are the first keys of a query,
/// when most titles still match.
const QUICK_WORD_CHARS: usize = 3;

impl Matchers {
    fn new() -> Matchers {
        // Titles and queries are lowercased already.
        let exact = SkimMatcherV2::default().respect_case();
        Matchers {
            quick: SkimMatcherV2::default().respect_case().element_limit(1),
            exact,
        }
    }

    /// One word's score in a folded title.
    fn word_score(&self, folded: &str, word: &str) -> Option<i64> {
        if let Some(letter) = single_char(word) {
            return letter_score(folded, letter);
        }
        if word.chars().count() <= QUICK_WORD_CHARS {
            self.quick.fuzzy_match(folded, word)
        } else {
            self.exact.fuzzy_match(folded, word)
        }
    }
}

fn single_char(word: &str) -> Option<char> {
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// The score of a one-letter word. Every title holding the letter matches,
/// so skim's dynamic programming has nothing to decide but where the letter
/// it stands; ranking that directly (its best place: the title's start, a
/// word's start, else early before late) makes the first keystroke cheap at 100k
/// titles. Scaled like skim's scores so that it adds up with other words.
fn letter_score(title: &str, letter: char) -> Option<i64> {
    if letter.is_ascii() {
        return ascii_letter_score(title.as_bytes(), letter as u8);
    }
    let mut previous: Option<char> = None;
    let mut best = None;
    for (position, c) in title.chars().enumerate() {
        if c == letter {
            best = best.max(Some(placed_score(
                previous.map(|p| p.is_alphanumeric()),
                position,
            )));
        }
        previous = Some(c);
    }
    best
}

/// The same on bytes, for an ASCII letter (the common case: folded titles
/// are mostly ASCII). Positions count bytes; a non-ASCII byte before the
/// letter counts as part of a word.
fn ascii_letter_score(title: &[u8], letter: u8) -> Option<i64> {
    let mut best = None;
    for (position, &byte) in title.iter().enumerate() {
        if byte == letter {
            let previous = position.checked_sub(1).map(|p| {
                let before = title[p];
                !before.is_ascii() || before.is_ascii_alphanumeric()
            });
            best = best.max(Some(placed_score(previous, position)));
        }
    }
    best
}

/// 16 for the letter, a bonus for the title's start (no previous char) or
/// a word's start (previous not alphanumeric), less a little for distance.
fn placed_score(previous_is_alphanumeric: Option<bool>, position: usize) -> i64 {
    let bonus = match previous_is_alphanumeric {
        None => 40,
        Some(false) => 24,
        Some(true) => 0,
    };
    16 + bonus - (position as i64).min(15)
}

/// A cheap test before scoring: are the word's chars in the title, in order?
fn is_subsequence(word: &str, title: &str) -> bool {
    let mut title = title.chars();
    word.chars()
        .filter(|c| !c.is_whitespace())
        .all(|w| title.any(|t| t == w))
}

/// Title search that remembers its last answer, so a growing query only
/// re-scores the titles that still match.
pub struct TitleSearch {
    matchers: Matchers,
    last: Option<Remembered>,
}

/// The last answer, with each hit's score of all words but the last.
struct Remembered {
    query: TitleQuery,
    hits: Vec<Hit>,
    heads: Vec<i64>,
}

impl Default for TitleSearch {
    fn default() -> TitleSearch {
        TitleSearch::new()
    }
}

impl TitleSearch {
    pub fn new() -> TitleSearch {
        TitleSearch {
            matchers: Matchers::new(),
            last: None,
        }
    }

    /// The exact matcher, for the match positions of the rows on screen.
    pub fn matcher(&self) -> &SkimMatcherV2 {
        &self.matchers.exact
    }

    pub fn matchers(&self) -> &Matchers {
        &self.matchers
    }

    /// Forgets the remembered answer (call when the store changes).
    pub fn reset(&mut self) {
        self.last = None;
    }

    /// Every project whose title matches, in store order; all projects with
    /// score 0 for an empty query.
    pub fn run(&mut self, store: &Store, query: &TitleQuery) -> Vec<Hit> {
        if query.is_empty() {
            self.last = None;
            return (0..store.len() as u32)
                .map(|index| Hit { index, score: 0 })
                .collect();
        }
        let remembered = match self.last.take() {
            Some(earlier) if earlier.query == *query => earlier,
            Some(earlier) if query.narrows(&earlier.query) => {
                let reuse = query.shares_head_with(&earlier.query);
                let candidates: Vec<(u32, Option<i64>)> = earlier
                    .hits
                    .iter()
                    .zip(&earlier.heads)
                    .map(|(hit, head)| match reuse {
                        Some(HeadReuse::SameHead) => (hit.index, Some(*head)),
                        Some(HeadReuse::EarlierTotal) => (hit.index, Some(hit.score)),
                        None => (hit.index, None),
                    })
                    .collect();
                self.score(store, query, candidates)
            }
            _ => self.score(
                store,
                query,
                (0..store.len() as u32).map(|i| (i, None)).collect(),
            ),
        };
        let hits = remembered.hits.clone();
        self.last = Some(remembered);
        hits
    }

    /// Scores candidates; a known head score spares scoring those words.
    fn score(
        &self,
        store: &Store,
        query: &TitleQuery,
        candidates: Vec<(u32, Option<i64>)>,
    ) -> Remembered {
        let last_word = query.folded_words.last().map(String::as_str).unwrap_or("");
        let head_words = &query.folded_words[..query.folded_words.len().saturating_sub(1)];
        let score_one = |&(index, head): &(u32, Option<i64>)| -> Option<(Hit, i64)> {
            if !query.admits(store, index as usize) {
                return None;
            }
            let folded = store.folded_title(index as usize);
            let head = match head {
                Some(head) => head,
                None => head_words
                    .iter()
                    .map(|word| self.matchers.word_score(folded, word))
                    .sum::<Option<i64>>()?,
            };
            let last = self.matchers.word_score(folded, last_word)?;
            Some((
                Hit {
                    index,
                    score: head + last,
                },
                head,
            ))
        };
        let scored: Vec<(Hit, i64)> = if candidates.len() >= PARALLEL_THRESHOLD {
            candidates.par_iter().filter_map(score_one).collect()
        } else {
            candidates.iter().filter_map(score_one).collect()
        };
        let (hits, heads) = scored.into_iter().unzip();
        Remembered {
            query: query.clone(),
            hits,
            heads,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::project::Project;

    fn store(titles: &[&str]) -> Store {
        Store::new(
            titles
                .iter()
                .enumerate()
                .map(|(i, t)| Project {
                    id: i.to_string(),
                    title: t.to_string(),
                    ..Project::default()
                })
                .collect(),
        )
    }

    fn found(store: &Store, query: &str) -> Vec<String> {
        let mut search = TitleSearch::new();
        search
            .run(store, &TitleQuery::new(query))
            .iter()
            .map(|m| store.project(m.index as usize).title.clone())
            .collect()
    }

    #[test]
    fn plain_letters_match_accented_ones_but_not_the_reverse() {
        let store = store(&["Kraftsamling Härjedalen", "Högtrycket", "Hogwarts"]);
        assert_eq!(found(&store, "harj"), ["Kraftsamling Härjedalen"]);
        assert_eq!(found(&store, "HÄRJ"), ["Kraftsamling Härjedalen"]);
        assert_eq!(found(&store, "hog"), ["Högtrycket", "Hogwarts"]);
        assert_eq!(found(&store, "hög"), ["Högtrycket"]);
    }

    #[test]
    fn every_word_must_match() {
        let store = store(&["Arbetsmarknad i Mora", "Arbete för unga"]);
        assert_eq!(found(&store, "arb mark"), ["Arbetsmarknad i Mora"]);
        assert_eq!(
            found(&store, "arb"),
            store
                .projects()
                .iter()
                .map(|p| p.title.clone())
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn narrowing_gives_the_same_answer_as_a_fresh_search() {
        let store = store(&["På väg till jobbet", "HP3", "Högtrycket", "Vägen", "Pavane"]);
        let mut search = TitleSearch::new();
        let mut typed = String::new();
        for c in "pa vä".chars() {
            typed.push(c);
            let narrowed = search.run(&store, &TitleQuery::new(&typed));
            let fresh = TitleSearch::new().run(&store, &TitleQuery::new(&typed));
            assert_eq!(narrowed, fresh, "query {typed:?}");
        }
        assert_eq!(found(&store, "pa vä"), ["På väg till jobbet"]);
    }

    #[test]
    fn one_letter_ranks_title_starts_then_word_starts() {
        let store = store(&["Bra kompetens", "Kompetens", "Ökad kraft", "Utan"]);
        assert_eq!(
            found(&store, "k"),
            ["Bra kompetens", "Kompetens", "Ökad kraft"]
        );
        let mut search = TitleSearch::new();
        let mut hits = search.run(&store, &TitleQuery::new("k"));
        hits.sort_by_key(|h| std::cmp::Reverse(h.score));
        let order: Vec<&str> = hits
            .iter()
            .map(|h| store.project(h.index as usize).title.as_str())
            .collect();
        assert_eq!(order, ["Kompetens", "Bra kompetens", "Ökad kraft"]);
    }

    #[test]
    fn narrowing_multi_word_queries_keeps_scores_exact() {
        let store = store(&[
            "Arbetsmarknad i Mora",
            "Arbete för unga",
            "Marknad och arbete",
            "Bra arbetsmiljö",
        ]);
        let mut search = TitleSearch::new();
        let mut typed = String::new();
        for c in "arb mark i".chars() {
            typed.push(c);
            let narrowed = search.run(&store, &TitleQuery::new(&typed));
            let fresh = TitleSearch::new().run(&store, &TitleQuery::new(&typed));
            assert_eq!(narrowed, fresh, "query {typed:?}");
            for hit in &fresh {
                let direct =
                    TitleQuery::new(&typed).score(search.matchers(), &store, hit.index as usize);
                assert_eq!(direct, Some(hit.score));
            }
        }
    }

    #[test]
    fn positions_point_at_the_real_title_chars() {
        let search = TitleSearch::new();
        let title = "Kraftsamling Härjedalen";
        let positions = TitleQuery::new("härj").positions(search.matcher(), title);
        let chars: Vec<char> = title.chars().collect();
        let matched: String = positions.iter().map(|&i| chars[i]).collect();
        assert_eq!(matched, "Härj");
    }
}
