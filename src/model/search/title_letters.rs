//! Where each letter stands in a title, as a score: the one-letter score
//! (title start, word start, else early before late) and the table of it
//! for every ASCII letter and digit that the store keeps per title, so the
//! first key of a search reads no title and later keys skip titles that
//! lack a letter.

/// Per ASCII letter and digit, its one-letter score in a title, 0 where
/// the title lacks it: the first key of every search reads this instead of
/// the titles, and every later key skips titles that lack a letter. Its
/// last byte (`ACCENTS`) holds the `accent_bit`s of the accented letters
/// the title has, so a search that keeps `ö` skips titles without one.
pub type LetterTable = [u8; TABLE_LETTERS + 1];

/// `a`–`z`, then `0`–`9`.
pub const TABLE_LETTERS: usize = 36;

/// The slot of the table that holds the title's accented letters.
pub const ACCENTS: usize = TABLE_LETTERS;

/// An accented letter's bit in the `ACCENTS` slot: `å ä ö é ü` each have
/// their own; every other accented letter shares the last.
pub fn accent_bit(letter: char) -> u8 {
    match letter {
        'å' => 1,
        'ä' => 2,
        'ö' => 4,
        'é' => 8,
        'ü' => 16,
        _ => 128,
    }
}

/// The `accent_bit`s of the letters of a lowercase title that folding
/// changes.
fn accents_of(lowercase: &str, folded: &str) -> u8 {
    if lowercase.is_ascii() {
        return 0;
    }
    lowercase
        .chars()
        .zip(folded.chars())
        .filter(|(lower, folded)| lower != folded)
        .fold(0, |bits, (lower, _)| bits | accent_bit(lower))
}

#[inline]
pub fn letter_slot(letter: char) -> Option<usize> {
    match letter {
        'a'..='z' => Some(letter as usize - 'a' as usize),
        '0'..='9' => Some(26 + letter as usize - '0' as usize),
        _ => None,
    }
}

/// The letter table of a title, folded and lowercase: each letter's best
/// place in the folded one, scored as `letter_score` scores it, and the
/// accented letters of the lowercase one.
pub fn letter_table(folded: &str, lowercase: &str) -> LetterTable {
    let mut table = [0u8; TABLE_LETTERS + 1];
    table[ACCENTS] = accents_of(lowercase, folded);
    let bytes = folded.as_bytes();
    for (position, &byte) in bytes.iter().enumerate() {
        let Some(slot) = letter_slot(char::from(byte)) else {
            continue;
        };
        let inside = inside_a_word(bytes, position);
        let score = placed_score(inside, position) as u8;
        table[slot] = table[slot].max(score);
    }
    table
}

/// The score of a one-letter word. Every title holding the letter matches,
/// so an alignment has nothing to decide but where the letter stands;
/// ranking that directly (its best place: the title's start, a word's
/// start, else early before late) makes the first keystroke cheap at 100k
/// titles. Scaled like skim's scores so that it adds up with other words.
/// A start scores above any place inside a word and an earlier place no
/// less than a later one, so the first start found, else the first place,
/// is the best.
pub fn letter_score(title: &str, letter: char) -> Option<i64> {
    if letter.is_ascii() {
        return ascii_letter_score(title.as_bytes(), letter as u8);
    }
    let mut previous: Option<char> = None;
    let mut first = None;
    for (position, c) in title.chars().enumerate() {
        if c == letter {
            let inside = previous.map(|p| p.is_alphanumeric());
            if inside != Some(true) {
                return Some(placed_score(inside, position));
            }
            first.get_or_insert(placed_score(inside, position));
        }
        previous = Some(c);
    }
    first
}

/// The same on bytes, for an ASCII letter (the common case: folded titles
/// are mostly ASCII). Positions count bytes; a non-ASCII byte before the
/// letter counts as part of a word.
fn ascii_letter_score(title: &[u8], letter: u8) -> Option<i64> {
    let mut first = None;
    for position in memchr::memchr_iter(letter, title) {
        let inside = inside_a_word(title, position);
        if inside != Some(true) {
            return Some(placed_score(inside, position));
        }
        first.get_or_insert(placed_score(inside, position));
    }
    first
}

/// Whether the byte at `position` follows a letter or digit (a non-ASCII
/// byte counts as one); `None` at the title's start.
fn inside_a_word(title: &[u8], position: usize) -> Option<bool> {
    position.checked_sub(1).map(|p| {
        let before = title[p];
        !before.is_ascii() || before.is_ascii_alphanumeric()
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::swedish::fold::{fold_lowercase, lowercase_char};
    use proptest::prelude::*;

    fn table_equals_letter_score(title: &str) -> Result<(), TestCaseError> {
        let folded = fold_lowercase(title);
        let lowercase: String = title.chars().map(lowercase_char).collect();
        let table = letter_table(&folded, &lowercase);
        for letter in ['å', 'ä', 'ö', 'é', 'ü', 'ñ'] {
            let has = table[ACCENTS] & accent_bit(letter) != 0;
            prop_assert!(!lowercase.contains(letter) || has, "{:?} {}", title, letter);
        }
        for letter in ('a'..='z').chain('0'..='9') {
            let slot = letter_slot(letter).unwrap();
            let scored = letter_score(&folded, letter).unwrap_or(0);
            prop_assert_eq!(i64::from(table[slot]), scored, "{:?} {}", title, letter);
        }
        Ok(())
    }

    #[test]
    fn the_letter_table_holds_each_letters_one_letter_score() {
        for title in ["", "arbete för alla", "2014-a1 b2", "på–väg a", "aaa"] {
            table_equals_letter_score(title).unwrap();
        }
    }

    proptest! {
        #[test]
        fn the_table_agrees_with_the_score_on_any_title(title in "[a-cA-C0-2 åäéÖÅñ–.-]{0,24}") {
            table_equals_letter_score(&title)?;
        }
    }

    #[test]
    fn a_start_outranks_any_place_inside_a_word() {
        let start = letter_score("kraft", 'k').unwrap();
        let word_start = letter_score("bra kraft", 'k').unwrap();
        let late_word_start = letter_score(&format!("{} kraft", "a".repeat(40)), 'k').unwrap();
        let inside = letter_score("ökad", 'k').unwrap();
        assert!(start > word_start && word_start > late_word_start);
        assert!(late_word_start > inside);
        assert_eq!(letter_score("mora", 'k'), None);
    }
}
