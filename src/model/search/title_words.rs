//! The words of the titles, for typo tolerance without a scan: each
//! distinct folded title word, the titles that hold it, and a deletion
//! neighbourhood (SymSpell): every string the word becomes with one char
//! deleted, or two for words of six chars or more. Two words within an
//! edit distance `k` (insertion, deletion, substitution, a swap of
//! neighbours) become one same string by deleting at most `k` chars from
//! each, so the words close to a query word are among those that share one
//! of its deletions — a few binary searches instead of reading every title.
//!
//! The neighbourhood holds 32-bit hashes, not strings: a hash that two
//! strings share brings a word that is not close, which the check of the
//! distance then drops, never misses one.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;

/// A query word this long (in chars) may be two edits from a title word;
/// a shorter one, one.
pub const TWO_EDITS_FROM: usize = 8;

/// Title words this long may be two edits from a query word of
/// `TWO_EDITS_FROM` chars (which is at most two longer).
const TWO_DELETIONS_FROM: usize = TWO_EDITS_FROM - 2;

/// How many titles go to one task when the words are collected.
const TITLES_PER_TASK: usize = 4096;

/// The distinct words of the titles with their titles and deletions.
#[derive(Debug, Default, Clone)]
pub struct TitleWords {
    /// Every distinct word's chars, one word after another.
    chars: Vec<char>,
    /// Word `w` is `chars[word_starts[w]..word_starts[w + 1]]`.
    word_starts: Vec<u32>,
    /// Word `w` stands in titles `titles[title_starts[w]..title_starts[w + 1]]`,
    /// ascending, each once.
    titles: Vec<u32>,
    title_starts: Vec<u32>,
    /// (hash of a deletion, word), sorted.
    deletions: Vec<(u32, u32)>,
}

/// The words of a title as the typo search sees them: runs of alphanumeric
/// chars of the title (split before folding), each folded char for char.
/// `folded` is the title folded char for char (`fold::fold_char`).
pub fn title_words<'a>(title: &'a str, folded: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let mut raw = title.chars();
    let mut start = None;
    let mut indices = folded
        .char_indices()
        .chain(std::iter::once((folded.len(), ' ')));
    std::iter::from_fn(move || {
        for (at, _) in indices.by_ref() {
            let inside = raw.next().is_some_and(char::is_alphanumeric);
            match (inside, start) {
                (true, None) => start = Some(at),
                (false, Some(from)) => {
                    start = None;
                    return Some(&folded[from..at]);
                }
                _ => {}
            }
        }
        None
    })
}

impl TitleWords {
    /// The index of the titles: `titles(i)` gives title `i` and its folded
    /// form.
    pub fn build<'a, F>(count: usize, titles: F) -> TitleWords
    where
        F: Fn(usize) -> (&'a str, &'a str) + Sync,
    {
        // Each task's distinct words with their titles, in title order; the
        // tasks' maps merged in order keep every list ascending.
        let mut words: Vec<(&str, Vec<u32>)> = (0..count.div_ceil(TITLES_PER_TASK))
            .into_par_iter()
            .map(|task| {
                let mut found: WordMap<'_> = WordMap::default();
                let end = ((task + 1) * TITLES_PER_TASK).min(count);
                for index in task * TITLES_PER_TASK..end {
                    let (title, folded) = titles(index);
                    for word in title_words(title, folded) {
                        let list = found.entry(word).or_default();
                        if list.last() != Some(&(index as u32)) {
                            list.push(index as u32);
                        }
                    }
                }
                found
            })
            .reduce(WordMap::default, |mut left, right| {
                for (word, list) in right {
                    left.entry(word).or_default().extend(list);
                }
                left
            })
            .into_iter()
            .collect();
        words.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut index = TitleWords {
            chars: Vec::with_capacity(words.iter().map(|(word, _)| word.chars().count()).sum()),
            word_starts: Vec::with_capacity(words.len() + 1),
            titles: Vec::with_capacity(words.iter().map(|(_, list)| list.len()).sum()),
            title_starts: Vec::with_capacity(words.len() + 1),
            ..TitleWords::default()
        };
        index.word_starts.push(0);
        index.title_starts.push(0);
        for (word, list) in &words {
            index.chars.extend(word.chars());
            index.word_starts.push(index.chars.len() as u32);
            index.titles.extend(list);
            index.title_starts.push(index.titles.len() as u32);
        }
        index.deletions = index.deletions_of_every_word();
        index
    }

    /// Every word's deletions (one, two for long words) as (hash, word),
    /// sorted: what a query word's deletions are looked up in.
    fn deletions_of_every_word(&self) -> Vec<(u32, u32)> {
        let mut deletions: Vec<(u32, u32)> = (0..self.len())
            .into_par_iter()
            .flat_map_iter(|w| {
                let word = self.word(w);
                let depth = if word.len() >= TWO_DELETIONS_FROM {
                    2
                } else {
                    1
                };
                let mut hashes = Vec::new();
                deletions_of(word, depth, |hash| hashes.push((hash, w as u32)));
                hashes
            })
            .collect();
        deletions.par_sort_unstable();
        deletions.dedup();
        deletions.shrink_to_fit();
        deletions
    }

    /// How many distinct words.
    pub fn len(&self) -> usize {
        self.word_starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn word(&self, w: usize) -> &[char] {
        &self.chars[self.word_starts[w] as usize..self.word_starts[w + 1] as usize]
    }

    /// The titles that hold word `w`, ascending.
    fn titles_of(&self, w: usize) -> &[u32] {
        &self.titles[self.title_starts[w] as usize..self.title_starts[w + 1] as usize]
    }

    /// The titles holding a word close to `word` (folded), ascending: one
    /// edit away, two for a word of `TWO_EDITS_FROM` chars or more.
    pub fn titles_close_to(&self, word: &[char]) -> Vec<u32> {
        let depth = limit(word);
        let mut candidates = Vec::new();
        deletions_of(word, depth, |hash| {
            let from = self.deletions.partition_point(|&(h, _)| h < hash);
            candidates.extend(
                self.deletions[from..]
                    .iter()
                    .take_while(|&&(h, _)| h == hash)
                    .map(|&(_, w)| w),
            );
        });
        candidates.sort_unstable();
        candidates.dedup();
        let close: Vec<usize> = candidates
            .into_iter()
            .map(|w| w as usize)
            .filter(|&w| close(word, self.word(w)))
            .collect();
        match close.as_slice() {
            [] => Vec::new(),
            [only] => self.titles_of(*only).to_vec(),
            _ => {
                let mut titles: Vec<u32> = close
                    .iter()
                    .flat_map(|&w| self.titles_of(w).iter().copied())
                    .collect();
                titles.sort_unstable();
                titles.dedup();
                titles
            }
        }
    }

    /// Bytes on the heap.
    pub fn heap_bytes(&self) -> usize {
        self.chars.capacity() * size_of::<char>()
            + (self.word_starts.capacity() + self.titles.capacity() + self.title_starts.capacity())
                * size_of::<u32>()
            + self.deletions.capacity() * size_of::<(u32, u32)>()
    }
}

/// How many edits a query word may be from a title word.
fn limit(word: &[char]) -> usize {
    if word.len() >= TWO_EDITS_FROM { 2 } else { 1 }
}

/// Within one edit (two for a word of eight letters or more), counting a
/// swap of neighbours as one (optimal string alignment distance).
pub fn close(word: &[char], other: &[char]) -> bool {
    let limit = limit(word);
    if word.len().abs_diff(other.len()) > limit {
        return false;
    }
    distance(word, other) <= limit
}

fn distance(a: &[char], b: &[char]) -> usize {
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

/// Calls `f` with the hash of `word` and of every string it becomes with
/// up to `depth` (1 or 2) chars deleted (some more than once).
fn deletions_of(word: &[char], depth: usize, mut f: impl FnMut(u32)) {
    let hash_without = |skip: [usize; 2]| {
        hash(
            word.iter()
                .enumerate()
                .filter(|(i, _)| !skip.contains(i))
                .map(|(_, &c)| c),
        )
    };
    f(hash_without([usize::MAX; 2]));
    for i in 0..word.len() {
        // A run of one char gives the same string whichever is deleted.
        if i > 0 && word[i] == word[i - 1] {
            continue;
        }
        f(hash_without([i, usize::MAX]));
        if depth >= 2 {
            for j in i + 1..word.len() {
                if j > i + 1 && word[j] == word[j - 1] {
                    continue;
                }
                f(hash_without([i, j]));
            }
        }
    }
}

/// The words met, with their titles.
type WordMap<'a> = HashMap<&'a str, Vec<u32>, BuildHasherDefault<Fnv>>;

/// FNV-1a: quicker than the default hasher on short words (no attacker
/// chooses the titles of the store).
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// FNV-1a over the chars, folded to 32 bits.
fn hash(chars: impl Iterator<Item = char>) -> u32 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for c in chars {
        hash ^= u64::from(u32::from(c));
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (hash ^ (hash >> 32)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::swedish::fold::fold_lowercase;

    fn chars(text: &str) -> Vec<char> {
        text.chars()
            .map(crate::model::swedish::fold::fold_char)
            .collect()
    }

    fn index(titles: &[&str]) -> TitleWords {
        let folded: Vec<String> = titles.iter().map(|t| fold_lowercase(t)).collect();
        TitleWords::build(titles.len(), |i| (titles[i], folded[i].as_str()))
    }

    #[test]
    fn one_edit_or_two_for_long_words() {
        assert!(close(&chars("hgotrycket"), &chars("högtrycket")));
        assert!(close(&chars("kraftsamlingg"), &chars("kraftsamling")));
        assert!(close(
            &chars("bergslagsresursen"),
            &chars("bergslagsesursen")
        ));
        assert!(close(&chars("harjedlaen"), &chars("härjedalen")));
        assert!(!close(&chars("hp"), &chars("hallå")));
        assert!(!close(&chars("jobb"), &chars("jobbeten")));
    }

    #[test]
    fn words_are_alphanumeric_runs_split_before_folding() {
        let title = "Kraftsamling – Härjedalen (2.0)";
        let folded = fold_lowercase(title);
        let words: Vec<&str> = title_words(title, &folded).collect();
        assert_eq!(words, ["kraftsamling", "harjedalen", "2", "0"]);
        assert_eq!(title_words("", "").count(), 0);
        assert_eq!(title_words("--", "--").count(), 0);
    }

    #[test]
    fn each_word_lists_its_titles_once_in_order() {
        let index = index(&["Jobb jobb", "Unga", "Jobb för unga", "Jobbet"]);
        assert_eq!(index.len(), 4);
        // `Jobbet` is two edits from `jobb`.
        assert_eq!(index.titles_close_to(&chars("jobb")), [0, 2]);
        assert_eq!(index.titles_close_to(&chars("unga")), [1, 2]);
        assert_eq!(index.titles_close_to(&chars("ugna")), [1, 2]);
        assert_eq!(index.titles_close_to(&chars("jbbet")), [3]);
        assert_eq!(index.titles_close_to(&chars("jobbe")), [0, 2, 3]);
        assert!(index.titles_close_to(&chars("zzzz")).is_empty());
    }

    #[test]
    fn long_query_words_reach_two_edits() {
        let index = index(&["Kraftsamling Härjedalen", "Högtrycket"]);
        assert_eq!(index.titles_close_to(&chars("harjedlaen")), [0]);
        assert_eq!(index.titles_close_to(&chars("hgotrycket")), [1]);
        assert_eq!(index.titles_close_to(&chars("kraftsamlingxx")), [0]);
        assert!(index.titles_close_to(&chars("kraftsamlingxxx")).is_empty());
    }

    /// The choice of the design, measured: looking the words up in the
    /// deletion index against checking the distance to every distinct word
    /// (what an index of words without deletions would do), over a large
    /// vocabulary. `cargo test --release --lib -- --ignored --nocapture
    /// lookup_against_a_scan_of_the_words`.
    #[test]
    #[ignore = "a measurement"]
    fn lookup_against_a_scan_of_the_words() {
        use std::time::Instant;
        // 9 216 compounds of 96 words and 9 216 numbers: a vocabulary larger
        // than the bank's.
        let parts: Vec<String> = (0..96)
            .map(|i| {
                let stems = [
                    "kompetens",
                    "arbete",
                    "samverkan",
                    "jobb",
                    "unga",
                    "härjedalen",
                ];
                let ends = ["", "a", "et", "en", "ing", "s"];
                format!(
                    "{}{}{}",
                    stems[i % 6],
                    ends[i / 6 % 6],
                    ["", "r", "l"][i / 36]
                )
            })
            .collect();
        let titles: Vec<String> = (0..parts.len() * parts.len())
            .map(|i| format!("{}{} x{i}", parts[i % 96], parts[i / 96 % 96]))
            .collect();
        let folded: Vec<String> = titles.iter().map(|t| fold_lowercase(t)).collect();
        let started = Instant::now();
        let index = TitleWords::build(titles.len(), |i| (titles[i].as_str(), folded[i].as_str()));
        println!(
            "{} words, {} deletions, {} bytes, built in {:?}",
            index.len(),
            index.deletions.len(),
            index.heap_bytes(),
            started.elapsed()
        );
        for query in ["xyz", "zqxw", "kompetensx", "kompetnes", "arbetesamverkam"] {
            let word = chars(query);
            let started = Instant::now();
            let found = index.titles_close_to(&word).len();
            let looked_up = started.elapsed();
            let started = Instant::now();
            let scanned = (0..index.len())
                .filter(|&w| close(&word, index.word(w)))
                .count();
            println!(
                "{query:>16}: lookup {looked_up:?} ({found} titles), scan of the words {:?} ({scanned} words)",
                started.elapsed()
            );
        }
    }
}
