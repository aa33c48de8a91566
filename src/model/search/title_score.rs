//! How well one query word matches one folded title: skim's scoring
//! (fuzzy-matcher's `SkimMatcherV2`: its constants, its character roles,
//! its affine-gap alignment), computed here over bytes for ASCII titles and
//! over chars otherwise, with no allocation and no state kept between calls.
//!
//! fuzzy-matcher stays the reference and still places the highlighted
//! letters; this copy of its scoring exists for speed at 100k titles, where
//! skim's own `fuzzy_match` (chars collected into vectors, a bonus table
//! allocated per call, the whole title aligned) took most of a keystroke.
//! Its quick mode is skim's `simple_match`, score for score (tested against
//! skim). Its full alignment is skim's programme with two cells of the
//! matrix that skim reads without writing them in the same call — a row's
//! left edge, and the bonus of a run of consecutive letters — taken as
//! unreachable and as no carried bonus (a consecutive letter gets the larger
//! of its place bonus and the consecutive bonus). skim's own scores read
//! leftovers of earlier calls there and so vary with what was scored before
//! (82 of 200 000 random pairs scored differently after other calls);
//! these do not. The full alignment is tested against every alignment
//! enumerated by brute force.

use std::cell::RefCell;

const SCORE_MATCH: i32 = 16;
const GAP_START: i32 = -3;
const GAP_EXTENSION: i32 = -1;
const BONUS_FIRST_CHAR_MULTIPLIER: i32 = 2;
const BONUS_HEAD: i32 = SCORE_MATCH / 2;
const BONUS_BREAK: i32 = SCORE_MATCH / 2 + GAP_EXTENSION;
const BONUS_CAMEL: i32 = SCORE_MATCH / 2 + 2 * GAP_EXTENSION;
const BONUS_CONSECUTIVE: i32 = -(GAP_START + GAP_EXTENSION);
/// Below any score a title can have (a gap costs one a letter), and safe
/// to add to.
const UNREACHABLE: i32 = i32::MIN / 2;

/// A letter's kind, as skim sorts them to find where words begin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Empty,
    Upper,
    Lower,
    Number,
    HardSeparator,
    SoftSeparator,
}

/// A unit of text the scorer compares: a byte of an ASCII title, or a char.
trait Letter: Copy + Eq {
    fn kind(self) -> Kind;
}

impl Letter for char {
    fn kind(self) -> Kind {
        kind_of(self)
    }
}

impl Letter for u8 {
    fn kind(self) -> Kind {
        BYTE_KINDS[usize::from(self)]
    }
}

const fn kind_of(letter: char) -> Kind {
    match letter {
        '\0' => Kind::Empty,
        ' ' | '/' | '\\' | '|' | '(' | ')' | '[' | ']' | '{' | '}' => Kind::HardSeparator,
        '!'..='\'' | '*'..='.' | ':'..='@' | '^'..='`' | '~' => Kind::SoftSeparator,
        '0'..='9' => Kind::Number,
        'A'..='Z' => Kind::Upper,
        _ => Kind::Lower,
    }
}

/// The kind of every byte (an ASCII title's letters), looked up.
const BYTE_KINDS: [Kind; 256] = {
    let mut kinds = [Kind::Lower; 256];
    let mut byte = 0;
    while byte < 128 {
        kinds[byte] = kind_of(byte as u8 as char);
        byte += 1;
    }
    kinds
};

/// The bonus for matching a letter of kind `kind` after one of `before`.
fn place_bonus(before: Kind, kind: Kind) -> i32 {
    match (before, kind) {
        (Kind::Empty | Kind::HardSeparator, _) => BONUS_HEAD,
        (Kind::SoftSeparator, _) => BONUS_BREAK,
        (Kind::Lower | Kind::Number, Kind::Upper) => BONUS_CAMEL,
        _ => 0,
    }
}

/// A query word, ready to score against many titles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    text: String,
    chars: Vec<char>,
}

impl Word {
    pub fn new(text: &str) -> Word {
        Word {
            text: text.to_string(),
            chars: text.chars().collect(),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn chars(&self) -> &[char] {
        &self.chars
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }
}

/// How a word is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// skim's `simple_match`: the greedy alignment in the shortest window.
    Quick,
    /// The best alignment of all.
    Best,
}

/// What a thread reuses from call to call.
#[derive(Default)]
struct Scratch {
    /// The chars of a non-ASCII title.
    title: Vec<char>,
    rows: Rows,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// The score of `word` in `title` (both folded and lowercased alike), or
/// `None` when the word's letters are not in the title in order.
pub fn score(title: &str, word: &Word, mode: Mode) -> Option<i64> {
    if word.is_empty() {
        return Some(0);
    }
    let ascii = title.is_ascii() && word.text.is_ascii();
    if ascii && mode == Mode::Quick {
        return quick(title.as_bytes(), word.text.as_bytes()).map(i64::from);
    }
    SCRATCH.with(|cell| {
        let Scratch { title: chars, rows } = &mut *cell.borrow_mut();
        let score = if ascii {
            best(title.as_bytes(), word.text.as_bytes(), rows)
        } else {
            chars.clear();
            chars.extend(title.chars());
            match mode {
                Mode::Quick => quick(chars, &word.chars),
                Mode::Best => best(chars, &word.chars, rows),
            }
        };
        score.map(i64::from)
    })
}

/// The first place of each word letter, matched greedily from the left.
fn greedy_places<L: Letter>(title: &[L], word: &[L], places: &mut [usize]) -> bool {
    let mut at = 0;
    for (slot, &letter) in places.iter_mut().zip(word) {
        match title[at..].iter().position(|&t| t == letter) {
            Some(offset) => {
                *slot = at + offset;
                at += offset + 1;
            }
            None => return false,
        }
    }
    true
}

/// skim's `simple_match`, as it computes it: the window from the greedy
/// last place back (skim keeps the window's start relative to the first
/// place, and so does this), scored greedily with a gap penalty.
/// Where the shortest window ending at `last` that holds `word` starts,
/// walking back from `last` (an offset from `first`, as skim counts it).
fn window_start<L: Letter>(title: &[L], word: &[L], first: usize, last: usize) -> usize {
    let mut start = first;
    let mut pending = word.iter().rev().peekable();
    for (offset, &letter) in title[first..=last].iter().enumerate().rev() {
        match pending.peek() {
            Some(&&wanted) if wanted == letter => {
                pending.next();
                start = offset;
            }
            Some(_) => {}
            None => break,
        }
    }
    start
}

fn quick<L: Letter>(title: &[L], word: &[L]) -> Option<i32> {
    let (first, last) = first_and_last_greedy(title, word)?;
    if word.len() == 1 {
        let before = first
            .checked_sub(1)
            .map_or(Kind::Empty, |b| title[b].kind());
        return Some(place_bonus(before, title[first].kind()));
    }
    let start = window_start(title, word, first, last);
    // Letter by letter through the window, a jump from each match to the
    // next (a gap scores by its length alone).
    let mut score = 0;
    let mut in_gap = false;
    let mut previous_bonus = 0;
    let mut at = start;
    for &next in word {
        let Some(offset) = title[at..=last].iter().position(|&t| t == next) else {
            // The window ends before the word: the rest of it is a gap.
            if at <= last {
                score +=
                    if in_gap { 0 } else { GAP_START } + GAP_EXTENSION * (last + 1 - at) as i32;
            }
            break;
        };
        if offset > 0 {
            score += if in_gap { 0 } else { GAP_START } + GAP_EXTENSION * offset as i32;
            in_gap = true;
            previous_bonus = 0;
        }
        let place = at + offset;
        // skim takes the window's first letter as the title's.
        let before = if place == start {
            Kind::Empty
        } else {
            title[place - 1].kind()
        };
        let bonus = place_bonus(before, title[place].kind());
        score += SCORE_MATCH;
        let consecutive = previous_bonus.max(bonus).max(BONUS_CONSECUTIVE);
        previous_bonus = consecutive;
        if !in_gap {
            score += consecutive;
        }
        in_gap = false;
        at = place + 1;
        if at > last {
            break;
        }
    }
    Some(score)
}

/// The first word letter's greedy place and the last one's.
fn first_and_last_greedy<L: Letter>(title: &[L], word: &[L]) -> Option<(usize, usize)> {
    let mut at = 0;
    let mut first = None;
    let mut last = 0;
    for &letter in word {
        let place = at + title[at..].iter().position(|&t| t == letter)?;
        first.get_or_insert(place);
        last = place;
        at = place + 1;
    }
    first.map(|first| (first, last))
}

/// The best alignment's score, by skim's programme over two rows: `matched`
/// (word letter i matched at this place) and `skipped` (matched earlier,
/// this place left out).
fn best<L: Letter>(title: &[L], word: &[L], rows: &mut Rows) -> Option<i32> {
    let m = word.len();
    rows.places.resize(m.max(rows.places.len()), 0);
    if !greedy_places(title, word, &mut rows.places[..m]) {
        return None;
    }
    // No alignment ends after the last place of the word's last letter.
    let last_letter = word[m - 1];
    let end = 1 + title.iter().rposition(|&t| t == last_letter)?;
    let title = &title[..end];
    if rows.bonus.len() < end {
        rows.bonus.resize(end, 0);
        rows.matched.resize(end, UNREACHABLE);
        rows.skipped.resize(end, UNREACHABLE);
    }
    let Rows {
        places,
        bonus,
        matched,
        skipped,
    } = rows;
    let mut before = Kind::Empty;
    for (slot, letter) in bonus.iter_mut().zip(title) {
        let kind = letter.kind();
        *slot = place_bonus(before, kind);
        before = kind;
    }
    bonus[0] *= BONUS_FIRST_CHAR_MULTIPLIER;

    // Row 0: a leading gap costs one extension, whatever its length.
    let start = places[0];
    for j in start..end {
        matched[j] = if title[j] == word[0] {
            SCORE_MATCH + GAP_EXTENSION + bonus[j]
        } else {
            UNREACHABLE
        };
    }
    fill_skipped(matched, skipped, start, end);
    for i in 1..m {
        let letter = word[i];
        // Right to left, so that `matched[j - 1]` is still the row above's.
        for j in (places[i]..end).rev() {
            matched[j] = if title[j] == letter {
                let consecutive = matched[j - 1] + bonus[j].max(BONUS_CONSECUTIVE);
                let after_gap = skipped[j - 1] + bonus[j];
                SCORE_MATCH + consecutive.max(after_gap)
            } else {
                UNREACHABLE
            };
        }
        fill_skipped(matched, skipped, places[i], end);
    }
    matched[places[m - 1]..end].iter().copied().max()
}

/// The buffers of one alignment, kept per thread between calls.
#[derive(Default)]
struct Rows {
    places: Vec<usize>,
    bonus: Vec<i32>,
    matched: Vec<i32>,
    skipped: Vec<i32>,
}

/// `skipped[j]`: the best with the row's letter matched before `j` and a
/// gap from there to `j`. Left of the row's first place nothing is matched.
fn fill_skipped(matched: &[i32], skipped: &mut [i32], start: usize, end: usize) {
    skipped[start] = UNREACHABLE;
    for j in start + 1..end {
        skipped[j] =
            (matched[j - 1] + GAP_START + GAP_EXTENSION).max(skipped[j - 1] + GAP_EXTENSION);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fuzzy_matcher::FuzzyMatcher;
    use fuzzy_matcher::skim::SkimMatcherV2;
    use proptest::prelude::*;

    /// Every alignment's score, by the definition: 16 a letter; the first
    /// letter's place bonus, after a leading gap of one extension; each later
    /// letter either right after the one before (the larger of its place
    /// bonus and the consecutive bonus) or after a gap (its place bonus, a
    /// gap start and an extension a skipped letter).
    fn brute_force_best(title: &[char], word: &[char]) -> Option<i32> {
        let mut bonus: Vec<i32> = Vec::new();
        let mut before = Kind::Empty;
        for letter in title {
            bonus.push(place_bonus(before, letter.kind()));
            before = letter.kind();
        }
        if let Some(first) = bonus.first_mut() {
            *first *= BONUS_FIRST_CHAR_MULTIPLIER;
        }
        fn walk(
            title: &[char],
            word: &[char],
            bonus: &[i32],
            last: Option<usize>,
            score: i32,
            best: &mut Option<i32>,
        ) {
            let Some((&letter, rest)) = word.split_first() else {
                *best = (*best).max(Some(score));
                return;
            };
            let from = last.map_or(0, |l| l + 1);
            for place in from..title.len() {
                if title[place] != letter {
                    continue;
                }
                let gain = match last {
                    None => GAP_EXTENSION + bonus[place],
                    Some(l) if place == l + 1 => bonus[place].max(BONUS_CONSECUTIVE),
                    Some(l) => bonus[place] + GAP_START + GAP_EXTENSION * (place - l - 1) as i32,
                };
                walk(
                    title,
                    rest,
                    bonus,
                    Some(place),
                    score + SCORE_MATCH + gain,
                    best,
                );
            }
        }
        let mut best = None;
        walk(title, word, &bonus, None, 0, &mut best);
        best
    }

    fn best_of(title: &str, word: &str) -> Option<i64> {
        score(title, &Word::new(word), Mode::Best)
    }

    #[test]
    fn a_word_start_beats_the_middle_and_the_title_start_beats_both() {
        let start = best_of("kompetens i mora", "komp").unwrap();
        let word_start = best_of("mora kompetens", "komp").unwrap();
        let middle = best_of("yrkeskompetens", "komp").unwrap();
        let scattered = best_of("ekar och lampa", "komp").unwrap();
        assert!(start > word_start, "{start} > {word_start}");
        assert!(word_start > middle, "{word_start} > {middle}");
        assert!(middle > scattered, "{middle} > {scattered}");
        assert_eq!(best_of("mora", "komp"), None);
    }

    #[test]
    fn a_gap_costs_its_length_however_long() {
        let gap =
            |letters: usize| best_of(&format!("k{}omp", "x".repeat(letters)), "komp").unwrap();
        assert!(gap(10) > gap(100));
        // Far below any score made up from an unreachable cell.
        assert!(gap(40_000) < gap(30_000), "{} {}", gap(40_000), gap(30_000));
        assert!(gap(40_000) < -39_000);
    }

    #[test]
    fn titles_longer_than_any_buffer_so_far_are_scored() {
        let long = format!("{} kompetens", "a".repeat(5000));
        assert!(best_of(&long, "komp").is_some());
        let accented = format!("{} kompetens", "ä".repeat(5000));
        assert_eq!(best_of(&accented, "komp"), best_of(&long, "komp"));
    }

    fn letters() -> impl Strategy<Value = String> {
        // Few letters, so that words are found and letters repeat; word
        // starts, separators of both kinds, digits and non-ASCII letters.
        proptest::collection::vec(
            prop::sample::select(vec!['a', 'b', 'k', ' ', '-', '/', '1', 'ä', 'é', 'B']),
            0..14,
        )
        .prop_map(|chars| chars.into_iter().collect())
    }

    proptest! {
        #[test]
        fn the_best_alignment_is_the_best_of_all_alignments(title in letters(), word in letters()) {
            let mut word: String = word.chars().filter(|c| !c.is_whitespace()).take(4).collect();
            if word.is_empty() {
                word.push('a');
            }
            let chars: Vec<char> = title.chars().collect();
            let wanted: Vec<char> = word.chars().collect();
            prop_assert_eq!(
                best_of(&title, &word),
                brute_force_best(&chars, &wanted).map(i64::from)
            );
        }

        #[test]
        fn the_quick_score_is_skims_simple_match(title in letters(), word in letters()) {
            let word: String = word.chars().filter(|c| !c.is_whitespace()).take(3).collect();
            let skim = SkimMatcherV2::default().respect_case().element_limit(1);
            prop_assert_eq!(
                score(&title, &Word::new(&word), Mode::Quick),
                skim.fuzzy_match(&title, &word)
            );
        }
    }
}
