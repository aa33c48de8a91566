//! Fuzzy search over titles with fuzzy-matcher's skim algorithm.
//! Case-insensitive with smart accents: a plain letter in the query also
//! matches its accented forms (`harj` finds `Härjedalen`), an accented
//! letter matches only itself. Words separated by spaces must all match.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use rayon::prelude::*;

use crate::model::corpus::store::Store;
use crate::model::search::title_letters::{
    ACCENTS, LetterTable, accent_bit, letter_score, letter_slot,
};
use crate::model::search::title_score::{self, Mode, Word};
use crate::model::swedish::fold::{fold_except, fold_lowercase, is_accented, lowercase_char};

/// A project that matches, with its score (higher is better).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub index: u32,
    pub score: i64,
}

/// Candidates scored in one task, at least: below this many, all are
/// scored on the calling thread.
const PARALLEL_THRESHOLD: usize = 512;

/// A parsed query: its words, and the accented letters it spells out.
#[derive(Debug, Clone)]
pub struct TitleQuery {
    raw: String,
    words: Vec<String>,
    /// The words with every accent folded, as they are scored.
    folded_words: Vec<Word>,
    keep: Vec<char>,
    /// The `accent_bit`s of `keep`: a title's letter table must have them.
    keep_bits: u8,
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
        let folded_words = raw
            .split_whitespace()
            .map(|word| Word::new(&fold_lowercase(word)))
            .collect();
        let keep_bits = keep.iter().fold(0, |bits, &c| bits | accent_bit(c));
        TitleQuery {
            raw,
            words,
            folded_words,
            keep,
            keep_bits,
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
    pub fn score(&self, store: &Store, index: usize) -> Option<i64> {
        let (folded, letters) = (store.folded_title(index), store.title_letters(index));
        if !self.keeps_accents(store, index, letters) {
            return None;
        }
        self.folded_words
            .iter()
            .map(|word| word_score(folded, letters, word))
            .sum()
    }

    /// Whether the accented letters the query spells out are in the title
    /// where its words match (scoring the folded title checks the rest).
    fn keeps_accents(&self, store: &Store, index: usize, letters: &LetterTable) -> bool {
        if self.keep.is_empty() {
            return true;
        }
        // A title without one of the letters cannot keep it: most titles
        // are refused by their table, without reading them.
        if letters[ACCENTS] & self.keep_bits != self.keep_bits {
            return false;
        }
        let lowercase = store.lowercase_title(index);
        let shared_bit = |letter: &char| accent_bit(*letter) == accent_bit('ñ');
        let rare = self.keep.iter().filter(|letter| shared_bit(letter));
        if !rare.into_iter().all(|&letter| lowercase.contains(letter)) {
            return false;
        }
        // A word that is one kept letter is in the title when the letter
        // is (checked above).
        let folded = store.folded_title(index);
        self.words.iter().all(|word| {
            let mut chars = word.chars();
            let one_kept =
                matches!((chars.next(), chars.next()), (Some(c), None) if self.keep.contains(&c));
            one_kept || self.is_subsequence_keeping(word, lowercase, folded)
        })
    }

    /// Whether the title's letter table has every letter of every word: a
    /// first test that reads no title (scoring would refuse it anyway).
    fn has_letters(&self, letters: &LetterTable) -> bool {
        self.folded_words.iter().all(|word| {
            word.chars()
                .iter()
                .filter_map(|&c| letter_slot(c))
                .all(|slot| letters[slot] != 0)
        })
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

/// Words this short are scored in skim's quick mode: the alignment has
/// little to decide for them, and they are the first keys of a query,
/// when most titles still match.
const QUICK_WORD_CHARS: usize = 3;

/// One word's score in a folded title, whose letter table is `letters`.
fn word_score(folded: &str, letters: &LetterTable, word: &Word) -> Option<i64> {
    // A letter the title lacks: no need to read the title.
    let mut letter_slots = word.chars().iter().filter_map(|&c| letter_slot(c));
    if letter_slots.any(|slot| letters[slot] == 0) {
        return None;
    }
    if let &[letter] = word.chars() {
        return match letter_slot(letter) {
            Some(slot) => Some(i64::from(letters[slot])),
            None => letter_score(folded, letter),
        };
    }
    let mode = if word.len() <= QUICK_WORD_CHARS {
        Mode::Quick
    } else {
        Mode::Best
    };
    title_score::score(folded, word, mode)
}

/// Title search that remembers its answers to the query as it was typed,
/// so a growing query only re-scores the titles that still match, and a
/// backspace finds the shorter query's answer again without a search.
pub struct TitleSearch {
    /// skim's matcher, for the letters to highlight.
    matcher: SkimMatcherV2,
    /// The answers along the query as typed, oldest first: each query
    /// narrows the one before it. Holds at most `KEPT_HITS_PER_TITLE`
    /// hits a title in all, and always the newest answer.
    chain: Vec<Remembered>,
}

/// How many hits, per title of the store, the remembered answers may hold
/// together (each 24 bytes with its head score): the oldest answers are
/// forgotten beyond that.
const KEPT_HITS_PER_TITLE: usize = 3;

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
            // Titles and queries are lowercased already.
            matcher: SkimMatcherV2::default().respect_case(),
            chain: Vec::new(),
        }
    }

    /// The exact matcher, for the match positions of the rows on screen.
    pub fn matcher(&self) -> &SkimMatcherV2 {
        &self.matcher
    }

    /// Forgets the remembered answer (call when the store changes).
    pub fn reset(&mut self) {
        self.chain.clear();
    }

    /// Every project whose title matches, in store order; all projects with
    /// score 0 for an empty query.
    pub fn run(&mut self, store: &Store, query: &TitleQuery) -> Vec<Hit> {
        if query.is_empty() {
            self.chain.clear();
            return (0..store.len() as u32)
                .map(|index| Hit { index, score: 0 })
                .collect();
        }
        // Back to the answer this query is, or narrows (after a backspace,
        // the shorter query's own).
        while let Some(earlier) = self.chain.last() {
            if earlier.query == *query {
                return earlier.hits.clone();
            }
            if query.narrows(&earlier.query) {
                break;
            }
            self.chain.pop();
        }
        let remembered = match self.chain.last() {
            Some(earlier) => self.narrow(store, query, earlier),
            None => self.score(store, query, store.len(), |at| (at as u32, None)),
        };
        let hits = remembered.hits.clone();
        self.chain.push(remembered);
        self.forget_oldest(store.len() * KEPT_HITS_PER_TITLE);
        hits
    }

    /// The answer to `query` from the hits of `earlier`, which it narrows.
    fn narrow(&self, store: &Store, query: &TitleQuery, earlier: &Remembered) -> Remembered {
        let reuse = query.shares_head_with(&earlier.query);
        let candidate = |at: usize| {
            let hit = earlier.hits[at];
            let head = match reuse {
                Some(HeadReuse::SameHead) => Some(earlier.heads[at]),
                Some(HeadReuse::EarlierTotal) => Some(hit.score),
                None => None,
            };
            (hit.index, head)
        };
        self.score(store, query, earlier.hits.len(), candidate)
    }

    /// Forgets the oldest answers while the chain holds more than `limit`
    /// hits (the newest is always kept).
    fn forget_oldest(&mut self, limit: usize) {
        let mut held: usize = self.chain.iter().map(|r| r.hits.len()).sum();
        let mut forget = 0;
        while held > limit && forget + 1 < self.chain.len() {
            held -= self.chain[forget].hits.len();
            forget += 1;
        }
        self.chain.drain(..forget);
    }

    /// Scores `count` candidates, `candidate(i)` giving the i-th one's
    /// project and, when known, the score of its words but the last.
    fn score(
        &self,
        store: &Store,
        query: &TitleQuery,
        count: usize,
        candidate: impl Fn(usize) -> (u32, Option<i64>) + Sync,
    ) -> Remembered {
        let no_word = Word::new("");
        let last_word = query.folded_words.last().unwrap_or(&no_word);
        let head_words = &query.folded_words[..query.folded_words.len().saturating_sub(1)];
        let score_one = |(index, head): (u32, Option<i64>)| -> Option<(Hit, i64)> {
            let letters = store.title_letters(index as usize);
            if !query.keep.is_empty() && !query.has_letters(letters) {
                return None;
            }
            if !query.keeps_accents(store, index as usize, letters) {
                return None;
            }
            let folded = store.folded_title(index as usize);
            let head = match head {
                Some(head) => head,
                None => head_words
                    .iter()
                    .map(|word| word_score(folded, letters, word))
                    .sum::<Option<i64>>()?,
            };
            let last = word_score(folded, letters, last_word)?;
            let score = head + last;
            Some((Hit { index, score }, head))
        };
        // In ranges, each collected on its own and then put together:
        // rayon's collect of a filtered iterator grows and appends many
        // small vectors.
        let chunk = count
            .div_ceil(rayon::current_num_threads() * 4)
            .max(PARALLEL_THRESHOLD);
        let score_part = |part: usize| {
            let range = part * chunk..((part + 1) * chunk).min(count);
            let mut found = (
                Vec::with_capacity(range.len()),
                Vec::with_capacity(range.len()),
            );
            for (hit, head) in range.filter_map(|at| score_one(candidate(at))) {
                found.0.push(hit);
                found.1.push(head);
            }
            found
        };
        let parts: Vec<(Vec<Hit>, Vec<i64>)> = match count.div_ceil(chunk) {
            0 | 1 => vec![score_part(0)],
            parts => (0..parts).into_par_iter().map(score_part).collect(),
        };
        let (hits, heads) = concatenate(parts);
        Remembered {
            query: query.clone(),
            hits,
            heads,
        }
    }
}

/// The parts' hits and head scores, one after another.
fn concatenate(parts: Vec<(Vec<Hit>, Vec<i64>)>) -> (Vec<Hit>, Vec<i64>) {
    let total = parts.iter().map(|(hits, _)| hits.len()).sum();
    let (mut hits, mut heads) = (Vec::with_capacity(total), Vec::with_capacity(total));
    for (part_hits, part_heads) in parts {
        hits.extend_from_slice(&part_hits);
        heads.extend_from_slice(&part_heads);
    }
    (hits, heads)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::page::project::Project;

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

    proptest::proptest! {
        /// The letter table's accent bits and the one-kept-letter shortcut
        /// refuse exactly the titles that walking them refuses.
        #[test]
        fn accents_are_kept_as_walking_the_title_keeps_them(
            titles in proptest::collection::vec("[abkäåöéüñ ÅÖÑ1–.-]{0,12}|\\PC{0,8}", 1..12),
            query in "[abkäåöéüñ ÄÑ.-]{1,8}|\\PC{1,4}",
        ) {
            let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
            let store = store(&titles);
            let query = TitleQuery::new(&query);
            for (index, title) in titles.iter().enumerate() {
                let (lowercase, folded) = (store.lowercase_title(index), store.folded_title(index));
                let walked = query.keep.is_empty()
                    || query.keep.iter().all(|&c| lowercase.contains(c))
                    && query.words.iter().all(|w| query.is_subsequence_keeping(w, lowercase, folded));
                let kept = query.keeps_accents(&store, index, store.title_letters(index));
                proptest::prop_assert_eq!(kept, walked, "{:?} {:?}", title, query.raw);
            }
        }
    }

    proptest::proptest! {
        /// Any titles and any query, typed a letter at a time: no panic, and
        /// every narrowed answer is the fresh one, scores included.
        #[test]
        fn any_query_narrows_to_the_fresh_answer(
            titles in proptest::collection::vec("[abkäåöé Å1–.-]{0,12}|\\PC{0,8}", 1..12),
            query in "[abkäåöé Å1.-]{1,8}|\\PC{1,4}",
        ) {
            let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
            let store = store(&titles);
            let mut search = TitleSearch::new();
            let mut typed = String::new();
            for c in query.chars() {
                typed.push(c);
                let narrowed = search.run(&store, &TitleQuery::new(&typed));
                let fresh = TitleSearch::new().run(&store, &TitleQuery::new(&typed));
                proptest::prop_assert_eq!(narrowed, fresh, "query {:?}", typed);
            }
        }
    }

    proptest::proptest! {
        /// Any titles and any keys, backspaces among them (`<`): every
        /// answer, remembered, narrowed or searched afresh, is the fresh one.
        #[test]
        fn any_query_with_backspaces_gives_the_fresh_answer(
            titles in proptest::collection::vec("[abkäåöé Å1–.-]{0,12}|\\PC{0,8}", 1..12),
            keys in "[abkäö <]{1,16}",
        ) {
            let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
            let store = store(&titles);
            let mut search = TitleSearch::new();
            let mut typed = String::new();
            for key in keys.chars() {
                if key == '<' {
                    typed.pop();
                } else {
                    typed.push(key);
                }
                let remembered = search.run(&store, &TitleQuery::new(&typed));
                let fresh = TitleSearch::new().run(&store, &TitleQuery::new(&typed));
                proptest::prop_assert_eq!(remembered, fresh, "query {:?}", typed);
            }
        }
    }

    #[test]
    fn a_backspace_finds_the_shorter_answer_without_a_search() {
        let store = store(&["Kompetens", "Kraft", "Kompass"]);
        let mut search = TitleSearch::new();
        for typed in ["k", "ko", "kom", "komp", "kompe"] {
            search.run(&store, &TitleQuery::new(typed));
        }
        let held = search.chain.len();
        let back = search.run(&store, &TitleQuery::new("komp"));
        assert_eq!(
            search.chain.len(),
            held - 1,
            "the longer answer forgotten, none added"
        );
        assert_eq!(
            back,
            TitleSearch::new().run(&store, &TitleQuery::new("komp"))
        );
    }

    #[test]
    fn the_remembered_answers_stay_within_their_limit() {
        let titles: Vec<String> = (0..40).map(|i| format!("abc {i}")).collect();
        let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
        let store = store(&titles);
        let mut search = TitleSearch::new();
        for typed in ["a", "ab", "abc", "abc ", "abc 1"] {
            search.run(&store, &TitleQuery::new(typed));
            let held: usize = search.chain.iter().map(|r| r.hits.len()).sum();
            assert!(held <= store.len() * KEPT_HITS_PER_TITLE || search.chain.len() == 1);
        }
        assert!(search.chain.len() < 4, "the oldest answers were forgotten");
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
                let direct = TitleQuery::new(&typed).score(&store, hit.index as usize);
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
