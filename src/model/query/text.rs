//! Full-text search over every part of a project: title, header fields,
//! sections and lists. Words match the start of words of the text,
//! case-insensitively and with smart accents (`a` finds `ä`, `ä` only `ä`);
//! a word in quotes is a whole word; all words must occur (AND); `"quoted
//! phrases"` match their words in order. With the store's index the words are looked up (`text_index`);
//! what it does not cover yet is read, with the same rules, by regex.

use rayon::prelude::*;
use regex::{Regex, RegexBuilder};

use crate::model::corpus::store::Store;
use crate::model::page::project::Project;
use crate::model::query::title::Hit;
use crate::model::search::text_index::{IndexHit, KEY_SECTIONS, TextIndex, WordPattern};
use crate::model::swedish::fold::{accents_allow, fold_char, lowercase_char};
use crate::model::swedish::stem::{inflects, query_stem};

/// One word or `"phrase"` of a query.
#[derive(Debug, Clone)]
struct Term {
    pattern: Regex,
    /// Its words, lowercase (a phrase, or `2019/00446`, has several).
    words: Vec<String>,
    /// The last word may be the start of a longer one (while typing).
    prefix: bool,
    /// Each word's place after the first's, as the index counts places
    /// (1 across white space, 2 across anything else).
    offsets: Vec<u32>,
    /// Only white space between the words: the index's places alone
    /// decide; otherwise the text is read too.
    spaced_only: bool,
    /// An unquoted single word's stem: its inflections match too.
    stem: Option<String>,
}

/// What `words_and_gaps` writes for a run of white space.
const SPACE_GAP: &str = r"\s+";

impl Term {
    /// A term of `words`, each with what stands before it in the query;
    /// `None` if its pattern cannot be built.
    fn new(words: Vec<(String, String)>, quoted: bool, prefix: bool) -> Option<Term> {
        let stem = match words.as_slice() {
            [(word, _)] if !quoted => query_stem(word),
            _ => None,
        };
        // Between the words, what the query has there: `lokala arb` is not
        // found across the end of a sentence. A word with a stem: the
        // stem, its inflections told apart from other words in `find_iter`.
        let mut pattern = String::new();
        for (word, gap) in &words {
            pattern.push_str(gap);
            for c in stem.as_deref().unwrap_or(word).chars() {
                accent_class(c, &mut pattern);
            }
        }
        let mut offsets = Vec::with_capacity(words.len());
        let mut place = 0;
        for (n, (_, gap)) in words.iter().enumerate() {
            if n > 0 {
                place += if gap == SPACE_GAP { 1 } else { 2 };
            }
            offsets.push(place);
        }
        let spaced_only = words.iter().skip(1).all(|(_, gap)| gap == SPACE_GAP);
        let words = words.into_iter().map(|(word, _)| word).collect();
        let pattern = RegexBuilder::new(&pattern)
            .case_insensitive(true)
            .build()
            .ok()?;
        Some(Term {
            pattern,
            words,
            prefix,
            offsets,
            spaced_only,
            stem,
        })
    }

    /// Byte ranges where the term starts a word of `text` (and, unless a
    /// prefix, ends one). Word edges are checked here, not by `\b` in the
    /// pattern: Unicode `\b` would keep the regex off its fast engine.
    fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (usize, usize)> + 't {
        let mut from = 0;
        std::iter::from_fn(move || {
            while from <= text.len() {
                let found = self.pattern.find_at(text, from)?;
                let (start, end) = (found.start(), found.end());
                let starts_word = !text[..start]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric);
                let ends_word = self.prefix
                    || !text[end..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric);
                let end = match &self.stem {
                    Some(stem) if starts_word => self.word_or_inflection(text, start, stem),
                    _ => Some(end).filter(|_| starts_word && ends_word),
                };
                if let Some(end) = end {
                    from = end.max(start + 1);
                    return Some((start, end));
                }
                // Try again from the next character.
                from = start + text[start..].chars().next().map_or(1, char::len_utf8);
            }
            None
        })
    }

    /// What a match counts for in the ranking: two for the word as typed,
    /// one for an inflection of it.
    fn weight_of(&self, matched: &str) -> u32 {
        let inflection = self.stem.is_some() && {
            let matched: String = matched.chars().map(lowercase_char).collect();
            !accents_allow(&self.words[0], &matched)
        };
        if inflection { 1 } else { 2 }
    }

    /// Where a match of a word with a stem ends at `start`: the typed word
    /// as the start of the text's word, or the whole word where it is an
    /// inflection; `None` where it is neither.
    fn word_or_inflection(&self, text: &str, start: usize, stem: &str) -> Option<usize> {
        let rest = &text[start..];
        let length = rest
            .char_indices()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(rest.len(), |(at, _)| at);
        let written: String = rest[..length].chars().map(lowercase_char).collect();
        let typed = &self.words[0];
        if accents_allow(typed, &written) {
            let typed_length = rest
                .char_indices()
                .nth(typed.chars().count())
                .map_or(rest.len(), |(at, _)| at);
            return Some(start + typed_length);
        }
        inflects(stem, &written).then_some(start + length)
    }
}

/// A parsed full-text query.
#[derive(Debug, Clone, Default)]
pub struct TextQuery {
    raw: String,
    terms: Vec<Term>,
}

/// Where a match is: which part of the project, and its byte range there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextSpot {
    pub part: usize,
    pub start: usize,
    pub end: usize,
}

/// A project that contains every term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextHit {
    pub index: u32,
    /// Occurrences of all terms together.
    pub hits: u32,
    /// The first match in document order.
    pub first: TextSpot,
    /// Two for each occurrence of a word as typed, one for an inflection.
    pub score: u32,
}

impl TextQuery {
    /// Splits into words and `"quoted phrases"`; an unclosed quote runs to
    /// the end. A word matches the start of a word of the text, its
    /// accents as typed (`a` finds `ä`, `ä` only `ä`); words in quotes
    /// are whole words, in that order.
    pub fn parse(query: &str) -> TextQuery {
        // Each piece: its words, each with the pattern of what stands
        // between it and the word before.
        let mut pieces: Vec<(Vec<(String, String)>, bool)> = Vec::new();
        for (i, chunk) in query.split('"').enumerate() {
            let quoted = i % 2 == 1;
            if quoted {
                pieces.push((words_and_gaps(chunk), true));
            } else {
                pieces.extend(
                    chunk
                        .split_whitespace()
                        .map(|piece| (words_and_gaps(piece), false)),
                );
            }
        }
        pieces.retain(|(words, _)| !words.is_empty());
        // More words than anyone types: the rest are ignored.
        pieces.truncate(MAX_TERMS);
        // A quote still open is a phrase being typed: its last word may
        // be the start of a longer one, as in `"lokala arb`.
        let open_quote = query.matches('"').count() % 2 == 1;
        let last = pieces.len().saturating_sub(1);
        let terms = pieces
            .into_iter()
            .enumerate()
            .filter_map(|(n, (words, quoted))| {
                // Swedish runs words together: an unquoted word finds the
                // words it starts (`arbets` finds arbetsmarknaden); quoted,
                // whole words only.
                Term::new(words, quoted, !quoted || (open_quote && n == last))
            })
            .collect();
        TextQuery {
            raw: query.to_string(),
            terms,
        }
    }

    /// The words the index looks up: every word of every term, whole but
    /// for the last word of a term that is a prefix.
    fn index_words(&self) -> Vec<WordPattern> {
        let mut patterns: Vec<WordPattern> = Vec::new();
        for term in &self.terms {
            for (i, word) in term.words.iter().enumerate() {
                let pattern = WordPattern {
                    word: word.clone(),
                    prefix: term.prefix && i + 1 == term.words.len(),
                    stem: term.stem.clone(),
                };
                if !patterns.contains(&pattern) {
                    patterns.push(pattern);
                }
            }
        }
        patterns
    }

    /// Whether the project shows every phrase of the query (its single
    /// words are known to be there): stops at the first sighting of each.
    fn holds_phrases(&self, project: &Project) -> bool {
        let parts = project.text_parts();
        self.terms
            .iter()
            .filter(|term| term.words.len() > 1)
            .all(|term| {
                parts
                    .iter()
                    .any(|(_, text)| term.find_iter(text).next().is_some())
            })
    }

    /// Keeps the hits where every phrase stands, by the index's places;
    /// says whether the text must still be read (a gap other than white
    /// space, or a word the start of too many to follow).
    fn phrases_by_place(
        &self,
        index: &TextIndex,
        mut hits: Vec<IndexHit>,
    ) -> (Vec<IndexHit>, bool) {
        let mut read_text = false;
        for term in self.terms.iter().filter(|term| term.words.len() > 1) {
            let last = term.words.len() - 1;
            let phrase: Vec<(WordPattern, u32)> = term
                .words
                .iter()
                .zip(&term.offsets)
                .enumerate()
                .map(|(n, (word, offset))| {
                    let pattern = WordPattern {
                        word: word.clone(),
                        prefix: term.prefix && n == last,
                        stem: None,
                    };
                    (pattern, *offset)
                })
                .collect();
            match index.phrase_hits(&hits, &phrase) {
                Some(kept) => hits = kept,
                None => read_text = true,
            }
            read_text |= !term.spaced_only;
        }
        (hits, read_text)
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// Byte ranges of every match of any term in `text`, sorted.
    pub fn matches_in(&self, text: &str) -> Vec<(usize, usize)> {
        let mut ranges: Vec<(usize, usize)> = self
            .terms
            .iter()
            .flat_map(|term| term.find_iter(text))
            .collect();
        ranges.sort_unstable();
        ranges
    }

    /// Whether every term occurs somewhere in the project; with the count
    /// and the first spot.
    pub fn hit(&self, project: &Project, index: u32) -> Option<TextHit> {
        if self.is_empty() {
            return None;
        }
        let parts = project.text_parts();
        // Reject quickly: every term must occur somewhere.
        for term in &self.terms {
            if !parts
                .iter()
                .any(|(_, text)| term.find_iter(text).next().is_some())
            {
                return None;
            }
        }
        let mut hits = 0u32;
        let mut score = 0u32;
        let mut first: Option<TextSpot> = None;
        let mut first_rank = u8::MAX;
        for (part, (label, text)) in parts.iter().enumerate() {
            // The snippet shows the best spot: the title, then the sections
            // a reader goes to, then the rest in document order.
            let rank = if part == 0 {
                0
            } else if KEY_SECTIONS.contains(label) {
                1
            } else {
                2
            };
            for term in &self.terms {
                for (start, end) in term.find_iter(text) {
                    hits = hits.saturating_add(1);
                    score = score.saturating_add(term.weight_of(&text[start..end]));
                    let spot = TextSpot { part, start, end };
                    if first.is_none_or(|f| {
                        (rank, spot.part, spot.start) < (first_rank, f.part, f.start)
                    }) {
                        first = Some(spot);
                        first_rank = rank;
                    }
                }
            }
        }
        first.map(|first| TextHit {
            index,
            hits,
            first,
            score,
        })
    }

    /// Every project containing all terms, in store order, scored: by
    /// where the words stand (the index's weights) for the projects the
    /// store's index covers, by their number for the rest (scanned).
    pub fn matches(&self, store: &Store) -> Vec<Hit> {
        self.matches_until(store, store.text_index(), &|| false)
            .unwrap_or_default()
    }

    /// As `matches`, with `index` for the store's first projects, and
    /// giving up (`None`) as soon as `stop` says so: it is asked before
    /// every project read.
    pub fn matches_until(
        &self,
        store: &Store,
        index: &TextIndex,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Hit>> {
        if self.is_empty() {
            return Some(Vec::new());
        }
        let covered = index.len().min(store.len());
        let mut hits: Vec<Hit> = if covered > 0 {
            let found = index.search(&self.index_words());
            let (found, check) = self.phrases_by_place(index, found);
            found
                .into_par_iter()
                .filter(|hit| {
                    !check || (!stop() && self.holds_phrases(store.project(hit.index as usize)))
                })
                .map(|hit| Hit {
                    index: hit.index,
                    score: i64::from(hit.score),
                })
                .collect()
        } else {
            Vec::new()
        };
        if stop() {
            return None;
        }
        hits.extend(self.scan(store, covered, stop).into_iter().map(|hit| Hit {
            index: hit.index,
            score: i64::from(hit.score),
        }));
        (!stop()).then_some(hits)
    }

    /// Every project containing all terms, in store order, by reading
    /// them all (no index).
    pub fn search(&self, store: &Store) -> Vec<TextHit> {
        self.scan(store, 0, &|| false)
    }

    /// Reads the projects from `from` on.
    fn scan(&self, store: &Store, from: usize, stop: &(dyn Fn() -> bool + Sync)) -> Vec<TextHit> {
        if self.is_empty() || from >= store.len() {
            return Vec::new();
        }
        store.projects()[from..]
            .par_iter()
            .enumerate()
            .filter_map(|(offset, project)| {
                if stop() {
                    return None;
                }
                self.hit(project, (from + offset) as u32)
            })
            .collect()
    }
}

/// At most this many words and phrases count in a query.
const MAX_TERMS: usize = 64;

/// A query's words (letters and digits, lowercase, as the index has
/// them), each with a pattern for what stands before it after the word
/// before: white space as any white space, other characters as written.
fn words_and_gaps(text: &str) -> Vec<(String, String)> {
    let mut words = Vec::new();
    let mut gap = String::new();
    let mut word = String::new();
    let mut in_space = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.push(lowercase_char(c));
            continue;
        }
        if !word.is_empty() {
            let before = if words.is_empty() {
                String::new()
            } else {
                std::mem::take(&mut gap)
            };
            words.push((std::mem::take(&mut word), before));
            gap.clear();
            in_space = false;
        }
        if words.is_empty() {
            continue;
        }
        if c.is_whitespace() {
            if !in_space {
                gap.push_str(SPACE_GAP);
            }
            in_space = true;
        } else {
            gap.push_str(&regex::escape(c.encode_utf8(&mut [0; 4])));
            in_space = false;
        }
    }
    if !word.is_empty() {
        let before = if words.is_empty() { String::new() } else { gap };
        words.push((word, before));
    }
    words
}

/// Letters that an unaccented query letter also stands for.
const ACCENTED: &str = "àáâãäåāæçčèéêëēęìíîïñńòóôõöøùúûüýÿšśžźżł";

/// Appends what matches the query letter `c` to a pattern: itself, and,
/// when it carries no accent, its accented forms.
fn accent_class(c: char, pattern: &mut String) {
    let variants: String = ACCENTED.chars().filter(|&a| fold_char(a) == c).collect();
    if variants.is_empty() || fold_char(c) != c {
        pattern.push_str(&regex::escape(c.encode_utf8(&mut [0; 4])));
    } else {
        pattern.push('[');
        pattern.push(c);
        pattern.push_str(&variants);
        pattern.push(']');
    }
}

/// A one-line excerpt around a spot: (before, match, after), at most
/// `width` chars in all, on one line.
pub fn snippet(project: &Project, spot: TextSpot, width: usize) -> (String, String, String) {
    let parts = project.text_parts();
    let Some((_, text)) = parts.get(spot.part) else {
        return Default::default();
    };
    let (start, end) = (spot.start.min(text.len()), spot.end.min(text.len()));
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return Default::default();
    }
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let matched = flat(&text[start..end]);
    let room = width.saturating_sub(matched.chars().count());
    // Context after the match comes first, but never more than two thirds
    // of the room when there is text before it.
    let after_len = flat(&text[end..]).chars().count() + 1;
    let before_room = room.saturating_sub(after_len.min(room * 2 / 3));
    let before_all = flat(&text[..start]);
    let before: String = {
        let chars: Vec<char> = before_all.chars().collect();
        let from = chars.len().saturating_sub(before_room);
        let mut s: String = chars[from..].iter().collect();
        if from > 0 && !s.is_empty() {
            s.replace_range(..s.chars().next().map_or(0, char::len_utf8), "…");
        }
        if start > 0 && text[..start].ends_with(char::is_whitespace) {
            s.push(' ');
        }
        s
    };
    let after_room = room.saturating_sub(before.chars().count());
    let mut after: String = String::new();
    if text[end..].starts_with(char::is_whitespace) {
        after.push(' ');
    }
    after.extend(
        flat(&text[end..])
            .chars()
            .take(after_room.saturating_sub(after.len())),
    );
    (before, matched, after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::page::project::Section;

    fn project() -> Project {
        Project {
            title: "Kraftsamling Härjedalen".into(),
            owner: Some("IDAMIC Ögränd".into()),
            sections: vec![Section {
                heading: "Bakgrund".into(),
                text: "Arbetsgivarringen växer.\nÅtgärder för unga i ÅRE och åre kommun.".into(),
            }],
            partners: vec!["Företagarna Härjedalen".into()],
            ..Project::default()
        }
    }

    #[test]
    fn words_fold_case_including_swedish_letters() {
        let q = TextQuery::parse("åre");
        let hit = q.hit(&project(), 0).unwrap();
        assert_eq!(hit.hits, 2);
        assert!(TextQuery::parse("ÖGRÄND").hit(&project(), 0).is_some());
        // Smart accents: a letter without one finds it with one, not back.
        assert!(TextQuery::parse("ogrand").hit(&project(), 0).is_some());
        assert!(TextQuery::parse("ägränd").hit(&project(), 0).is_none());
    }

    #[test]
    fn words_find_the_words_they_start_and_quoted_words_only_themselves() {
        let finds = |query: &str| TextQuery::parse(query).hit(&project(), 0).is_some();
        assert!(finds("arbetsg"));
        assert!(finds("arbetsg "));
        assert!(finds("arbetsg unga"));
        assert!(!finds("\"arbetsg\""));
        assert!(finds("\"unga\" arbetsg"));
        // A phrase still being typed: its last word is a start.
        assert!(finds("\"unga i Å"));
        assert!(!finds("\"unga i Å\""));
        // What stands between a phrase's words is as typed.
        assert!(finds("\"växer. åtgärder\""));
        assert!(!finds("\"växer åtgärder\""));
        assert!(!finds("\"växer åtg"));
        // Inside a word is not the start of one.
        assert!(TextQuery::parse("givarringen").hit(&project(), 0).is_none());
    }

    #[test]
    fn a_word_finds_its_inflections_and_the_form_typed_ranks_first() {
        use crate::model::search::text_index::TextIndex;
        let with = |title: &str, text: &str| Project {
            title: title.into(),
            sections: vec![Section {
                heading: "Bakgrund".into(),
                text: text.into(),
            }],
            ..Project::default()
        };
        let projects = vec![
            with("Vård", "Fler undersköterskor behövs i Ydre."),
            with("Omsorg", "En undersköterska i varje lag."),
            with("Annat", "Undersköterskeutbildning för vuxna."),
            with("Unga", "Ungdomarna i Ydre."),
        ];
        let scanned = Store::new(projects.clone());
        let index = TextIndex::build(&projects);
        let indexed = Store::new(projects).with_text_index(index);
        for store in [&scanned, &indexed] {
            let found = |query: &str| -> Vec<u32> {
                let mut hits = TextQuery::parse(query).matches(store);
                hits.sort_by_key(|hit| (std::cmp::Reverse(hit.score), hit.index));
                hits.iter().map(|hit| hit.index).collect()
            };
            assert_eq!(found("undersköterska"), [1, 0]);
            assert_eq!(found("underskoterskor"), [0, 1]);
            assert_eq!(found("ungdomar"), [3]);
            // Quoted: the word itself only.
            assert_eq!(found("\"undersköterska\""), [1]);
            assert!(found("\"ungdomar\"").is_empty());
        }
        // What is highlighted: the typed start, or the whole inflection.
        let query = TextQuery::parse("undersköterska");
        let text = "undersköterskor och undersköterskan";
        let shown: Vec<&str> = query
            .matches_in(text)
            .into_iter()
            .map(|(start, end)| &text[start..end])
            .collect();
        assert_eq!(shown, ["undersköterskor", "undersköterska"]);
    }

    #[test]
    fn the_index_and_the_scan_find_the_same_projects() {
        use crate::model::search::text_index::TextIndex;
        let projects = vec![
            project(),
            Project {
                title: "Unga i Åre".into(),
                ..Project::default()
            },
            Project {
                title: "Arbete".into(),
                partners: vec!["Are kommun".into()],
                ..Project::default()
            },
        ];
        let scanned = Store::new(projects.clone());
        let index = TextIndex::build(&projects);
        let indexed = Store::new(projects).with_text_index(index);
        assert_eq!(indexed.text_index().len(), 3);
        for query in [
            "åre",
            "are",
            "äre",
            "unga",
            "u",
            "a",
            "ar",
            "\"i åre\"",
            "\"unga i\"",
            "unga åre",
            "härjed",
            "2019/00446",
            "\"unga i å",
            "\"växer åtgärder\"",
            "\"växer. åtgärder\"",
            "\"härjedalen arbetsgivarringen\"",
            "\"kraftsamling härjedalen\"",
            "\"åtgärder för unga\" \"i åre\"",
            "\"för u",
            "\"i are\"",
            "arbetsgivarringar",
            "företagare",
            "åtgärd",
            "kraftsamlingar",
        ] {
            let query = TextQuery::parse(query);
            let ids = |store: &Store| -> Vec<u32> {
                query.matches(store).iter().map(|h| h.index).collect()
            };
            assert_eq!(ids(&indexed), ids(&scanned), "{:?}", query.as_str());
        }
        // The phrases found by the index's places are the right ones.
        let found = |query: &str| -> Vec<u32> {
            TextQuery::parse(query)
                .matches(&indexed)
                .iter()
                .map(|h| h.index)
                .collect()
        };
        assert_eq!(found("\"i åre\""), [0, 1]);
        assert_eq!(found("\"åtgärder för unga\""), [0]);
        assert_eq!(found("\"för u"), [0]);
        assert!(found("\"unga för\"").is_empty());
        assert!(found("\"växer åtgärder\"").is_empty());
        assert_eq!(found("\"växer. åtgärder\""), [0]);
    }

    #[test]
    fn the_snippet_spot_is_in_a_key_section_before_an_earlier_field() {
        let project = project();
        let hit = TextQuery::parse("ögränd åtgärder")
            .hit(&project, 0)
            .unwrap();
        assert_eq!(project.text_parts()[hit.first.part].0, "Bakgrund");
        assert_eq!(hit.hits, 2);
    }

    #[test]
    fn a_search_told_to_stop_gives_up() {
        let store = Store::new(vec![project(); 50]);
        let query = TextQuery::parse("\"unga i\"");
        let none = TextIndex::default();
        assert_eq!(
            query.matches_until(&store, &none, &|| false).unwrap().len(),
            50
        );
        assert!(query.matches_until(&store, &none, &|| true).is_none());
        // Stopped midway: whatever was read is thrown away.
        let asked = std::sync::atomic::AtomicUsize::new(0);
        let stop = || asked.fetch_add(1, std::sync::atomic::Ordering::Relaxed) > 10;
        assert!(query.matches_until(&store, &none, &stop).is_none());
    }

    #[test]
    fn all_words_must_occur() {
        assert!(
            TextQuery::parse("arbetsgivarringen unga")
                .hit(&project(), 0)
                .is_some()
        );
        assert!(
            TextQuery::parse("arbetsgivarringen saknas")
                .hit(&project(), 0)
                .is_none()
        );
    }

    #[test]
    fn quoted_phrases_match_exactly_across_line_breaks() {
        assert!(
            TextQuery::parse("\"växer. åtgärder\"")
                .hit(&project(), 0)
                .is_some()
        );
        assert!(
            TextQuery::parse("\"unga ÅRE\"")
                .hit(&project(), 0)
                .is_none()
        );
        assert!(TextQuery::parse("\"i åre\"").hit(&project(), 0).is_some());
    }

    #[test]
    fn lists_and_fields_are_searched_and_the_first_spot_is_earliest() {
        let hit = TextQuery::parse("härjedalen").hit(&project(), 7).unwrap();
        assert_eq!(hit.index, 7);
        assert_eq!(hit.hits, 2);
        assert_eq!(hit.first.part, 0);
        let (before, matched, after) = snippet(&project(), hit.first, 30);
        assert_eq!(matched, "Härjedalen");
        assert_eq!(
            format!("{before}{matched}{after}"),
            "Kraftsamling Härjedalen"
        );
    }

    #[test]
    fn snippets_stay_on_one_line_and_within_width() {
        let hit = TextQuery::parse("unga").hit(&project(), 0).unwrap();
        let (before, matched, after) = snippet(&project(), hit.first, 24);
        let line = format!("{before}{matched}{after}");
        assert!(!line.contains('\n'));
        assert!(line.chars().count() <= 24, "{line}");
        assert!(before.starts_with('…'));
        assert_eq!(matched, "unga");
    }
}
