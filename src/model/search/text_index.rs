//! The full-text index: for every word of every project (title, fields,
//! sections, list items), which projects hold it, how often, and how much
//! weight the parts it stands in carry. Words are lowercased and sorted by
//! their accent-folded form, so a query word finds its words by a prefix
//! range and then keeps those its accents allow (`a` finds `ä`, `ä` only
//! `ä`). Built in segments, one per batch of loaded pages, each on all
//! cores; a query reads every segment.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use super::next_letter::{letter_bits, word_bits};
use crate::model::page::project::{ListKind, Project};
use crate::model::swedish::fold::{accents_allow, fold_char, lowercase_char};
use crate::model::swedish::stem::inflects;

/// A project's occurrences of one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Posting {
    /// The project, counted from the segment's first.
    doc: u32,
    /// How often the word occurs.
    hits: u16,
    /// The occurrences weighed by where they stand.
    weight: u16,
    /// The first letters of the words one place after it here
    /// (`next_letter`): a phrase's short last word is decided from them.
    follows: u32,
}

/// A chunk's postings of one word, and their positions, already encoded
/// (so a build needs little memory beyond the index it makes).
#[derive(Default)]
struct WordEntry {
    postings: Vec<Posting>,
    positions: Vec<u8>,
    /// The place last written for the last posting.
    last: u32,
    /// What the word sets in the mask of the word before it.
    bits: u32,
}

impl WordEntry {
    /// One more occurrence, at `position` in `doc`: whether its place was
    /// kept (a project's first 65 535 of a word are).
    fn add(&mut self, doc: u32, position: u32, weight: u16) -> bool {
        match self.postings.last_mut() {
            Some(last) if last.doc == doc => {
                last.weight = last.weight.saturating_add(weight);
                if last.hits == u16::MAX {
                    return false;
                }
                last.hits += 1;
                encode(position - self.last, &mut self.positions);
            }
            _ => {
                self.postings.push(Posting {
                    doc,
                    hits: 1,
                    weight,
                    follows: 0,
                });
                encode(position, &mut self.positions);
            }
        }
        self.last = position;
        true
    }
}

/// A chunk's words: the number of each, and their entries by number (so
/// the word before is at hand to note what follows it).
#[derive(Default)]
struct ChunkWords {
    numbers: HashMap<Box<str>, u32, BuildHasherDefault<WordHasher>>,
    entries: Vec<WordEntry>,
}

impl ChunkWords {
    /// The number of `word`, which is added if new.
    fn number(&mut self, word: &str) -> usize {
        if let Some(&number) = self.numbers.get(word) {
            return number as usize;
        }
        let number = self.entries.len();
        self.numbers.insert(word.into(), number as u32);
        self.entries.push(WordEntry {
            bits: word_bits(word),
            ..WordEntry::default()
        });
        number
    }
}

/// Positions: words of a part count 1 apart, 2 when more than white
/// space stands between them (`lokala. Arbete`); parts are `PART_GAP` apart,
/// so no phrase runs from one into the next.
const PART_GAP: u32 = 16;

/// The words of some consecutive projects.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segment {
    /// The store index of the segment's first project.
    first: u32,
    docs: u32,
    /// Accent-folded words, sorted (ties by `words`).
    keys: Vec<Box<str>>,
    /// The lowercase words as written, beside their keys.
    words: Vec<Box<str>>,
    /// Where each word's postings start in `postings`; one more at the end.
    starts: Vec<u32>,
    postings: Vec<Posting>,
    /// Every posting's places, a word's postings after each other, each
    /// posting's `hits` places: the first as it is, then the differences,
    /// in 7-bit groups. Where each word's start: `position_starts`.
    positions: Vec<u8>,
    position_starts: Vec<u32>,
}

/// Every segment, covering the store's first `len()` projects. Cheap to
/// clone: a search thread takes its own copy of the segment list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextIndex {
    segments: Vec<Arc<Segment>>,
}

/// A project that holds every word of a query: its weighed score and the
/// number of occurrences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexHit {
    pub index: u32,
    pub score: u32,
    pub hits: u32,
}

/// How a query word must match a word of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordPattern {
    /// Lowercase, as typed.
    pub word: String,
    /// The start of a word (while typing), or the whole of it.
    pub prefix: bool,
    /// A stem (`swedish::stem::query_stem`) whose inflections also match.
    pub stem: Option<String>,
}

/// Weight of an occurrence by the part it is in: the title above all,
/// then the sections a reader goes to, other text, and list items last.
fn part_weight(part: Part) -> u16 {
    match part {
        Part::Title => 8,
        Part::KeySection => 3,
        Part::Other => 2,
        Part::ListItem => 1,
    }
}

#[derive(Clone, Copy)]
enum Part {
    Title,
    KeySection,
    Other,
    ListItem,
}

/// The sections a reader goes to first.
pub const KEY_SECTIONS: [&str; 4] = ["Sammanfattning", "Bakgrund", "Syfte", "Målsättning"];

/// A phrase's word that is the start of more words than this is checked
/// in the text, not by positions (`"lokala a`, while typing).
const MAX_PHRASE_WORDS: usize = 1024;

impl TextIndex {
    /// Projects covered: the store's first `len()`.
    pub fn len(&self) -> usize {
        self.segments.iter().map(|s| s.docs as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Indexes `projects`, a segment of `SEGMENT_PROJECTS` at a time (so
    /// the memory a build needs on top of the index stays small), each on
    /// all cores.
    pub fn build(projects: &[Project]) -> TextIndex {
        let mut index = TextIndex::default();
        Self::build_segments(projects, |segment| index.push(segment));
        index
    }

    /// Indexes `projects` a segment at a time, handing each on as it is
    /// built (to `push` in order).
    pub fn build_segments(projects: &[Project], mut each: impl FnMut(Segment)) {
        for chunk in projects.chunks(Self::SEGMENT_PROJECTS) {
            each(Segment::build(chunk));
        }
    }

    /// Adds the segment of the projects that follow those covered.
    pub fn push(&mut self, mut segment: Segment) {
        segment.first = self.len() as u32;
        if segment.docs > 0 {
            self.segments.push(Arc::new(segment));
        }
    }

    /// Projects indexed together in one segment when an index is built
    /// piece by piece: small enough to report progress, large enough that
    /// a query reads few segments.
    pub const SEGMENT_PROJECTS: usize = 4096;

    /// Every covered project holding all `words` (each in any part),
    /// in store order.
    pub fn search(&self, words: &[WordPattern]) -> Vec<IndexHit> {
        if words.is_empty() {
            return Vec::new();
        }
        self.segments
            .par_iter()
            .flat_map_iter(|segment| segment.search(words))
            .collect()
    }

    /// Of `hits` (in store order, from `search`), those where the words of
    /// `phrase` stand in a row: word `i` at the phrase's start plus its
    /// offset. `None` when a word is a prefix of too many words to follow
    /// (the text must be read instead).
    pub fn phrase_hits(
        &self,
        hits: &[IndexHit],
        phrase: &[(WordPattern, u32)],
    ) -> Option<Vec<IndexHit>> {
        let kept: Option<Vec<Vec<IndexHit>>> = self
            .segments
            .par_iter()
            .map(|segment| {
                let from = hits.partition_point(|h| h.index < segment.first);
                let to = hits.partition_point(|h| h.index < segment.first + segment.docs);
                let mine = &hits[from..to];
                let docs: Vec<u32> = mine.iter().map(|h| h.index - segment.first).collect();
                let standing = segment.phrase_docs(phrase, &docs)?;
                Some(
                    mine.iter()
                        .zip(standing)
                        .filter(|(_, stands)| *stands)
                        .map(|(hit, _)| *hit)
                        .collect(),
                )
            })
            .collect();
        Some(kept?.into_iter().flatten().collect())
    }

    /// Bytes held, roughly: for the benchmark's report.
    pub fn heap_bytes(&self) -> usize {
        self.segments
            .iter()
            .map(|s| {
                s.keys
                    .iter()
                    .chain(&s.words)
                    .map(|w| w.len() + 16)
                    .sum::<usize>()
                    + s.starts.len() * 4
                    + s.postings.len() * std::mem::size_of::<Posting>()
                    + s.positions.len()
                    + s.position_starts.len() * 4
            })
            .sum()
    }
}

impl Segment {
    /// Indexes `projects` (their store indices are set when pushed).
    pub fn build(projects: &[Project]) -> Segment {
        let chunks: Vec<ChunkWords> = projects
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(chunk, projects)| index_chunk(projects, (chunk * CHUNK) as u32))
            .collect();
        let mut merged = WordMap::default();
        for ChunkWords {
            numbers,
            mut entries,
        } in chunks
        {
            for (word, number) in numbers {
                let entry = std::mem::take(&mut entries[number as usize]);
                let into = merged.entry(word).or_default();
                into.postings.extend(entry.postings);
                into.positions.extend(entry.positions);
            }
        }
        let mut entries: Vec<(Box<str>, Box<str>, WordEntry)> = merged
            .into_iter()
            .map(|(word, entry)| {
                let key: String = word.chars().map(fold_char).collect();
                (key.into_boxed_str(), word, entry)
            })
            .collect();
        entries.par_sort_unstable_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        let total: usize = entries.iter().map(|e| e.2.postings.len()).sum();
        let mut segment = Segment {
            first: 0,
            docs: projects.len() as u32,
            keys: Vec::with_capacity(entries.len()),
            words: Vec::with_capacity(entries.len()),
            starts: Vec::with_capacity(entries.len() + 1),
            postings: Vec::with_capacity(total),
            positions: Vec::new(),
            position_starts: Vec::with_capacity(entries.len() + 1),
        };
        let bytes: usize = entries.iter().map(|e| e.2.positions.len()).sum();
        segment.positions.reserve_exact(bytes);
        for (key, word, entry) in entries {
            segment.keys.push(key);
            segment.words.push(word);
            segment.starts.push(segment.postings.len() as u32);
            segment.position_starts.push(segment.positions.len() as u32);
            segment.postings.extend(entry.postings);
            segment.positions.extend_from_slice(&entry.positions);
        }
        segment.starts.push(segment.postings.len() as u32);
        segment.position_starts.push(segment.positions.len() as u32);
        segment
    }

    /// The word numbers a pattern matches, each with whether it matches
    /// the word as typed (`false`: an inflection found by the stem).
    fn words_matching(&self, pattern: &WordPattern) -> impl Iterator<Item = (usize, bool)> + '_ {
        let start = pattern.stem.as_deref().unwrap_or(&pattern.word);
        let key: String = start.chars().map(fold_char).collect();
        let from = self.keys.partition_point(|k| **k < *key);
        let prefix = pattern.prefix;
        let (word, stem) = (pattern.word.clone(), pattern.stem.clone());
        self.keys[from..]
            .iter()
            .take_while(move |k| k.starts_with(key.as_str()))
            .enumerate()
            .filter_map(move |(offset, _)| {
                let at = from + offset;
                let written = &self.words[at];
                let exact = (prefix || written.chars().count() == word.chars().count())
                    && accents_allow(&word, written);
                let inflected = || stem.as_deref().is_some_and(|s| inflects(s, written));
                (exact || inflected()).then_some((at, exact))
            })
    }

    /// For each of `docs` (sorted, the segment's own numbers): whether the
    /// phrase stands there.
    fn phrase_docs(&self, phrase: &[(WordPattern, u32)], docs: &[u32]) -> Option<Vec<bool>> {
        // The phrase's possible starts, as (document slot, start) in
        // order; and which documents still have one.
        let mut live: Vec<(u32, u32)> = Vec::new();
        let mut alive = vec![false; docs.len()];
        let mut decoded = Vec::new();
        let slots = doc_slots(docs, self.docs as usize);
        // Per document, the first letters of the words one place after the
        // word before the last, when the last stands there.
        let mut follows: Vec<u32> = Vec::new();
        for (n, (pattern, offset)) in phrase.iter().enumerate() {
            let words: Vec<usize> = self.words_matching(pattern).map(|(word, _)| word).collect();
            if words.len() > MAX_PHRASE_WORDS {
                return None;
            }
            // The last word only decides which documents hold the phrase:
            // one start found is enough, and no starts are kept.
            let last = n + 1 == phrase.len();
            let masks = MaskUse::new(phrase, n, !follows.is_empty());
            if let Some(bits) = masks.need
                && n == 1
                && masks_decide(pattern)
            {
                // Two words, the second one letter: the masks decide.
                let stands = alive.iter().zip(&follows);
                return Some(stands.map(|(&a, &f)| a && f & bits != 0).collect());
            }
            let mut found = StepFound {
                confirmed: vec![false; if last { docs.len() } else { 0 }],
                here: Vec::new(),
                follows: vec![0; if masks.gather { docs.len() } else { 0 }],
            };
            let range = live_ranges(&live, docs.len());
            let step = PhraseStep {
                first: n == 0,
                last,
                offset: *offset,
                docs,
                slots: &slots,
                alive: &alive,
                live: &live,
                range: &range,
                follows: &follows,
                masks,
            };
            for &word in &words {
                self.phrase_word(word, &step, &mut decoded, &mut found);
            }
            if last {
                return Some(found.confirmed);
            }
            live = live_from(found.here, words.len() > 1, &mut alive);
            follows = found.follows;
            if live.is_empty() {
                break;
            }
        }
        Some(alive)
    }

    /// One word of a phrase over the documents: where it stands as a start
    /// of the phrase (`here`), or, for the last word, which documents it
    /// completes the phrase in (`confirmed`); and what follows it.
    fn phrase_word(
        &self,
        word: usize,
        step: &PhraseStep,
        decoded: &mut Vec<u32>,
        found: &mut StepFound,
    ) {
        let (from, to) = (self.starts[word] as usize, self.starts[word + 1] as usize);
        let mut bytes = self
            .positions
            .get(self.position_starts[word] as usize..)
            .unwrap_or(&[]);
        let last_doc = step.docs.last().copied().unwrap_or(0);
        for posting in &self.postings[from..to] {
            if posting.doc > last_doc {
                break;
            }
            // The document's slot among those asked about, found at once:
            // a prefix's words are many, and each walk through `docs` from
            // the start cost as much as all their places.
            let at = step.slots[posting.doc as usize] as usize;
            let count = usize::from(posting.hits);
            let wanted = step.wants(at, &found.confirmed)
                && (step.masks.next_need).is_none_or(|bits| posting.follows & bits != 0);
            if wanted && let Some(follows) = found.follows.get_mut(at) {
                *follows |= posting.follows;
            }
            let slot = at as u32;
            if !wanted || !step.masks.places {
                bytes = bytes.get(skip(bytes, count)..).unwrap_or(&[]);
                if wanted {
                    // Only which documents hold the word counts.
                    found.here.push((slot, 0));
                }
                continue;
            }
            decoded.clear();
            bytes = bytes.get(decode(bytes, count, decoded)..).unwrap_or(&[]);
            if step.first {
                let starts = decoded.iter().map(|p| p.wrapping_sub(step.offset));
                if step.last {
                    found.confirmed[at] = true;
                } else {
                    found.here.extend(starts.map(|start| (slot, start)));
                }
                continue;
            }
            let mine = &step.live[step.range[at]..step.range[at + 1]];
            let mut live = live_starts(decoded, step.offset, mine);
            if step.last {
                found.confirmed[at] = live.next().is_some();
            } else {
                found.here.extend(live.map(|start| (slot, start)));
            }
        }
    }

    fn search(&self, patterns: &[WordPattern]) -> Vec<IndexHit> {
        let docs = self.docs as usize;
        let mut score = vec![0u32; docs];
        let mut hits = vec![0u32; docs];
        let mut found_by = vec![0u8; docs];
        for (n, pattern) in patterns.iter().enumerate() {
            // Only projects every earlier word was found in can count.
            let round = n as u8;
            for (at, exact) in self.words_matching(pattern) {
                let (from, to) = (self.starts[at] as usize, self.starts[at + 1] as usize);
                for posting in &self.postings[from..to] {
                    let doc = posting.doc as usize;
                    if found_by[doc] == round || found_by[doc] == round + 1 {
                        found_by[doc] = round + 1;
                        // The word as typed ranks above its inflections.
                        let weight = u32::from(posting.weight);
                        score[doc] += if exact { weight } else { weight.div_ceil(2) };
                        hits[doc] += u32::from(posting.hits);
                    }
                }
            }
        }
        let all = patterns.len().min(u8::MAX as usize) as u8;
        (0..docs)
            .filter(|&doc| found_by[doc] == all)
            .map(|doc| IndexHit {
                index: self.first + doc as u32,
                score: score[doc],
                hits: hits[doc],
            })
            .collect()
    }
}

/// Projects indexed together in one task.
const CHUNK: usize = 256;

type WordMap = HashMap<Box<str>, WordEntry, BuildHasherDefault<WordHasher>>;

/// A fast hash for short words (the Fx hash of rustc): the map of a
/// chunk's words is looked up once for every word of the text.
#[derive(Default, Clone, Copy)]
struct WordHasher(u64);

impl WordHasher {
    fn add(&mut self, value: u64) {
        self.0 = (self.0.rotate_left(5) ^ value).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Calls `each` with every word of `text` (letters and digits), lowercase;
/// a word already lowercase is not copied. ASCII and the Latin-1 letters
/// (`å ä ö é`, two bytes from 0xC3) are read byte by byte; any other
/// character through Unicode's tables.
fn for_each_word(text: &str, lower: &mut String, mut each: impl FnMut(&str, bool)) {
    let bytes = text.as_bytes();
    let mut at = 0;
    // Whether only white space stood since the last word.
    let mut spaced = true;
    while at < bytes.len() {
        let (letter, len, _) = classify(text, at);
        if !letter {
            spaced &= bytes[at].is_ascii_whitespace()
                || text[at..].chars().next().is_some_and(char::is_whitespace);
            at += len;
            continue;
        }
        let start = at;
        let mut plain = true;
        while at < bytes.len() {
            let (letter, len, upper) = classify(text, at);
            if !letter {
                break;
            }
            plain &= !upper;
            at += len;
        }
        let word = &text[start..at];
        if plain {
            each(word, spaced);
        } else {
            lower.clear();
            lower.extend(word.chars().map(lowercase_char));
            each(lower, spaced);
        }
        spaced = true;
    }
}

/// Appends `value` in 7-bit groups, low first, the high bit set on all
/// but the last.
fn encode(mut value: u32, out: &mut Vec<u8>) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Reads `count` places written by `encode` from `bytes` on, into `out`;
/// returns the bytes read.
fn decode(bytes: &[u8], count: usize, out: &mut Vec<u32>) -> usize {
    let mut at = 0;
    let mut previous = 0u32;
    for _ in 0..count {
        let mut value = 0u32;
        let mut shift = 0;
        while let Some(&byte) = bytes.get(at) {
            at += 1;
            value |= u32::from(byte & 0x7f) << shift.min(31);
            shift += 7;
            if byte < 0x80 {
                break;
            }
        }
        previous = previous.wrapping_add(value);
        out.push(previous);
    }
    at
}

/// The bytes of `count` places written by `encode` from `bytes` on, as
/// `decode` reads them: the bytes up to the `count`th that ends a value
/// (below 0x80), eight at a time while at least eight values are left.
fn skip(bytes: &[u8], count: usize) -> usize {
    let mut left = count;
    let mut at = 0;
    while left >= 8
        && let Some(eight) = bytes.get(at..at + 8)
    {
        let mut word = [0u8; 8];
        word.copy_from_slice(eight);
        let ends = !u64::from_le_bytes(word) & 0x8080_8080_8080_8080;
        left -= ends.count_ones() as usize;
        at += 8;
    }
    while left > 0
        && let Some(&byte) = bytes.get(at)
    {
        at += 1;
        if byte < 0x80 {
            left -= 1;
        }
    }
    at
}

/// The character at byte `at` (a char boundary): whether it belongs to a
/// word, its length in bytes, and whether it may not be lowercase.
#[inline]
fn classify(text: &str, at: usize) -> (bool, usize, bool) {
    let bytes = text.as_bytes();
    let byte = bytes[at];
    if byte < 0x80 {
        return (byte.is_ascii_alphanumeric(), 1, byte.is_ascii_uppercase());
    }
    if byte == 0xC3
        && let Some(&next) = bytes.get(at + 1)
    {
        // U+00C0..U+00FF: letters but for × and ÷; capitals up to U+00DE.
        let letter = next != 0x97 && next != 0xB7;
        return (letter, 2, next <= 0x9E);
    }
    let c = text[at..].chars().next().unwrap_or(' ');
    (c.is_alphanumeric(), c.len_utf8(), true)
}

/// The words of a run of projects, and their postings.
fn index_chunk(projects: &[Project], first: u32) -> ChunkWords {
    let mut words = ChunkWords::default();
    let mut lower = String::new();
    for (offset, project) in projects.iter().enumerate() {
        let doc = first + offset as u32;
        let mut position = 0u32;
        for (label, text) in project.text_parts() {
            let weight = part_weight(part_of(project, label, text));
            position = position.saturating_add(PART_GAP);
            let mut first_word = true;
            // The word before and its place, if that was kept.
            let mut before: Option<(usize, u32)> = None;
            for_each_word(text, &mut lower, |word, spaced| {
                if !first_word {
                    position = position.saturating_add(if spaced { 1 } else { 2 });
                }
                first_word = false;
                let number = words.number(word);
                let entry = &mut words.entries[number];
                let kept = entry.add(doc, position, weight);
                let bits = entry.bits;
                if kept
                    && let Some((word_before, place)) = before
                    && place.checked_add(1) == Some(position)
                    && let Some(posting) = words.entries[word_before].postings.last_mut()
                {
                    posting.follows |= bits;
                }
                before = kept.then_some((number, position));
            });
        }
    }
    words
}

/// Which kind of part a project's text part is.
fn part_of(project: &Project, label: &str, text: &str) -> Part {
    if label == "Titel" && text == project.title {
        Part::Title
    } else if KEY_SECTIONS.contains(&label) {
        Part::KeySection
    } else if ListKind::ALL.iter().any(|kind| kind.heading() == label) {
        Part::ListItem
    } else {
        Part::Other
    }
}

/// What matching one word of a phrase needs to know.
struct PhraseStep<'a> {
    /// The phrase's first word: every place is a start.
    first: bool,
    /// The last word: only whether a document holds the phrase counts.
    last: bool,
    /// The word's place in the phrase.
    offset: u32,
    /// The documents asked about, sorted.
    docs: &'a [u32],
    /// Per document of the segment, its slot in `docs` (`NOT_ASKED`).
    slots: &'a [u32],
    /// Which of them still have a live start.
    alive: &'a [bool],
    /// The live starts as (document slot, start), in order.
    live: &'a [(u32, u32)],
    /// Where each document's live starts are in `live`.
    range: &'a [usize],
    /// Per document, the first letters of what follows the word before
    /// (the last word only; empty when not gathered).
    follows: &'a [u32],
    /// What the masks of what follows words tell in this step.
    masks: MaskUse,
}

/// How a step of a phrase uses the masks of what follows words.
#[derive(Clone, Copy)]
struct MaskUse {
    /// The last word, after masks gathered: the bits of `follows` it
    /// needs, one at least.
    need: Option<u32>,
    /// The word before the last, one place before it: its masks are
    /// gathered, and the bits the last word needs of them.
    gather: bool,
    next_need: Option<u32>,
    /// Whether the word's places are read (not when the masks decide the
    /// next word).
    places: bool,
}

impl MaskUse {
    /// For word `n` of `phrase`, `gathered` whether the step before
    /// gathered masks.
    fn new(phrase: &[(WordPattern, u32)], n: usize, gathered: bool) -> MaskUse {
        let first_letter = |pattern: &WordPattern| pattern.word.chars().next();
        let last = n + 1 == phrase.len();
        let need = first_letter(&phrase[n].0)
            .filter(|_| last && gathered)
            .map(|letter| letter_bits(letter).0);
        let next = phrase.get(n + 1).filter(|_| n + 2 == phrase.len());
        let gather = next.is_some_and(|(_, at)| phrase[n].1.checked_add(1) == Some(*at));
        // Where nothing follows that the last word could start, it does
        // not stand.
        let next_need = next
            .and_then(|(pattern, _)| first_letter(pattern))
            .filter(|_| gather)
            .map(|letter| letter_bits(letter).0);
        // The next word decided by the masks: this one's places unread.
        let places = !(gather && n == 0 && next.is_some_and(|(pattern, _)| masks_decide(pattern)));
        MaskUse {
            need,
            gather,
            next_need,
            places,
        }
    }
}

/// Whether the masks of the word before decide a phrase's last word
/// alone: one letter that they tell exactly, the start of a word.
fn masks_decide(pattern: &WordPattern) -> bool {
    let mut letters = pattern.word.chars();
    match (letters.next(), letters.next()) {
        (Some(letter), None) => pattern.prefix && letter_bits(letter).1,
        _ => false,
    }
}

impl PhraseStep<'_> {
    /// Whether the document in slot `at` is still to be looked at.
    fn wants(&self, at: usize, confirmed: &[bool]) -> bool {
        at != NOT_ASKED
            && (self.first || self.alive[at])
            && !(self.last && confirmed[at])
            && (self.masks.need)
                .is_none_or(|bits| self.follows.get(at).is_none_or(|f| f & bits != 0))
    }
}

/// What one word of a phrase finds.
struct StepFound {
    /// For the last word: which documents hold the phrase.
    confirmed: Vec<bool>,
    /// The starts still live, as (document slot, start).
    here: Vec<(u32, u32)>,
    /// Per document, the first letters of the words that follow this one
    /// (gathered for the word before the last).
    follows: Vec<u32>,
}

/// Of a word's places in a document (ascending), the phrase starts they
/// give (`offset` before them) that are live in `mine` (ascending by
/// start), in order: both lists are walked once, side by side, rather
/// than a search in `mine` for every place. A place before `offset`
/// starts no phrase.
fn live_starts<'a>(
    places: &'a [u32],
    offset: u32,
    mine: &'a [(u32, u32)],
) -> impl Iterator<Item = u32> + 'a {
    let mut at = 0;
    places
        .iter()
        .filter_map(move |place| place.checked_sub(offset))
        .filter(move |&start| {
            while at < mine.len() && mine[at].1 < start {
                at += 1;
            }
            at < mine.len() && mine[at].1 == start
        })
}

/// In `PhraseStep::slots`, a document not asked about.
const NOT_ASKED: usize = u32::MAX as usize;

/// Per document of a segment of `count`, its slot in `docs` (sorted), or
/// `NOT_ASKED`.
fn doc_slots(docs: &[u32], count: usize) -> Vec<u32> {
    let mut slots = vec![u32::MAX; count];
    for (slot, &doc) in docs.iter().enumerate() {
        slots[doc as usize] = slot as u32;
    }
    slots
}

/// The starts a word of a phrase found, as the live ones for the next:
/// in order (one word's postings come in order; several must be merged),
/// their documents marked in `alive`.
fn live_from(mut here: Vec<(u32, u32)>, several: bool, alive: &mut [bool]) -> Vec<(u32, u32)> {
    if several {
        here.sort_unstable();
        here.dedup();
    }
    alive.fill(false);
    for &(slot, _) in &here {
        alive[slot as usize] = true;
    }
    here
}

/// Where each of `count` documents' starts are in `live` (sorted by slot):
/// document `i`'s are `live[range[i]..range[i + 1]]`.
fn live_ranges(live: &[(u32, u32)], count: usize) -> Vec<usize> {
    let mut range = vec![0usize; count + 1];
    for &(slot, _) in live {
        range[slot as usize + 1] += 1;
    }
    for slot in 0..count {
        range[slot + 1] += range[slot];
    }
    range
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::page::project::Section;

    fn projects() -> Vec<Project> {
        let project = |title: &str, text: &str, partners: &[&str]| Project {
            title: title.into(),
            sections: vec![Section {
                heading: "Bakgrund".into(),
                text: text.into(),
            }],
            partners: partners.iter().map(|p| p.to_string()).collect(),
            ..Project::default()
        };
        vec![
            project("Vägen till jobbet", "Unga arbetsgivare i Åre.", &[]),
            project("Arbete för unga", "Lokala arbetsgivare, unga.", &[]),
            project("Jobbet först", "Inget här.", &["Arbetsförmedlingen"]),
            project("Åren som gick", "Are och åre och ÄRE.", &[]),
        ]
    }

    fn word(word: &str, prefix: bool) -> WordPattern {
        WordPattern {
            stem: None,
            word: word.into(),
            prefix,
        }
    }

    fn found(index: &TextIndex, words: &[WordPattern]) -> Vec<u32> {
        index.search(words).iter().map(|h| h.index).collect()
    }

    #[test]
    fn accents_in_the_query_count_and_missing_ones_do_not() {
        let index = TextIndex::build(&projects());
        // `are` finds are, åre and äre; `åre` only åre.
        assert_eq!(found(&index, &[word("are", false)]), [0, 3]);
        assert_eq!(found(&index, &[word("åre", false)]), [0, 3]);
        assert_eq!(found(&index, &[word("äre", false)]), [3]);
        let hits = index.search(&[word("are", false)]);
        assert_eq!(hits[1].hits, 3, "are, åre, ÄRE in project 3");
        assert!(accents_allow("a", "ä"));
        assert!(!accents_allow("ä", "a"));
        assert!(!accents_allow("ä", "å"));
    }

    #[test]
    fn the_last_word_is_a_prefix_and_every_word_must_occur() {
        let index = TextIndex::build(&projects());
        assert_eq!(found(&index, &[word("arbets", true)]), [0, 1, 2]);
        assert!(found(&index, &[word("arbets", false)]).is_empty());
        assert_eq!(
            found(&index, &[word("unga", false), word("arbetsg", true)]),
            [0, 1]
        );
        assert_eq!(
            found(&index, &[word("jobbet", false), word("arbetsf", true)]),
            [2]
        );
        assert!(found(&index, &[word("inget", false), word("unga", false)]).is_empty());
    }

    #[test]
    fn titles_weigh_more_than_sections_and_sections_more_than_lists() {
        let index = TextIndex::build(&projects());
        let hits = index.search(&[word("arbet", true)]);
        let score = |i: u32| hits.iter().find(|h| h.index == i).unwrap().score;
        // 1 has it in the title and its text; 0 in its text; 2 in a list.
        assert!(score(1) > score(0), "{hits:?}");
        assert!(score(0) > score(2), "{hits:?}");
    }

    /// The phrase `words` (the last a prefix if `open`) among all pages.
    fn phrase(index: &TextIndex, words: &[&str], open: bool) -> Vec<u32> {
        let patterns: Vec<WordPattern> = words
            .iter()
            .enumerate()
            .map(|(n, w)| word(w, open && n + 1 == words.len()))
            .collect();
        let hits = index.search(&patterns);
        let phrase: Vec<(WordPattern, u32)> = patterns.into_iter().zip(0..).collect();
        let kept = index.phrase_hits(&hits, &phrase).unwrap_or_default();
        kept.iter().map(|h| h.index).collect()
    }

    #[test]
    fn what_follows_a_word_counts_one_place_on_only() {
        let project = |text: &str| Project {
            title: "T".into(),
            sections: vec![Section {
                heading: "Bakgrund".into(),
                text: text.into(),
            }],
            ..Project::default()
        };
        let index = TextIndex::build(&[
            project("lokala arbeten"),
            project("lokala. arbeten"),
            project("lokala\närende"),
            project("lokala oxar, arbeten lokala"),
            project("lokala ölstugor"),
        ]);
        // One letter: the masks alone decide.
        assert_eq!(phrase(&index, &["lokala", "a"], true), [0, 2]);
        assert_eq!(phrase(&index, &["lokala", "ä"], true), [2]);
        assert_eq!(phrase(&index, &["lokala", "o"], true), [3, 4]);
        assert_eq!(phrase(&index, &["lokala", "ö"], true), [4]);
        assert!(phrase(&index, &["lokala", "b"], true).is_empty());
        // Longer: the masks rule pages out, the places decide.
        assert_eq!(phrase(&index, &["lokala", "ar"], true), [0, 2]);
        assert_eq!(phrase(&index, &["lokala", "arbeten"], false), [0]);
        assert!(phrase(&index, &["oxar", "a"], true).is_empty());
    }

    #[test]
    fn skipping_places_reads_the_bytes_decoding_them_reads() {
        let values = [0u32, 1, 127, 128, 300, 16_384, u32::MAX, 5, 9, 70_000, 2, 1];
        let mut bytes = Vec::new();
        for value in values {
            encode(value, &mut bytes);
        }
        for count in 0..=values.len() + 2 {
            for end in [bytes.len(), bytes.len() - 1, 3, 0] {
                let part = &bytes[..end];
                let mut out = Vec::new();
                assert_eq!(
                    skip(part, count),
                    decode(part, count, &mut out),
                    "{count} {end}"
                );
            }
        }
    }

    #[test]
    fn segments_cover_the_projects_in_order() {
        let all = projects();
        let mut index = TextIndex::build(&all[..2]);
        index.push(Segment::build(&all[2..]));
        assert_eq!(index.len(), 4);
        let whole = TextIndex::build(&all);
        for query in [word("unga", false), word("a", true), word("å", true)] {
            assert_eq!(
                index.search(std::slice::from_ref(&query)),
                whole.search(std::slice::from_ref(&query)),
                "{query:?}"
            );
        }
    }
}
