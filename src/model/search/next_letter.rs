//! The first letters of the words that follow a word: a 32-bit mask kept
//! beside each posting of the full-text index, so a phrase whose last word
//! is short (`"lokala a`, `"unga i`, typed a letter at a time) is decided,
//! or most of its pages ruled out, without reading that word's places.
//!
//! A word sets the bit of its first letter folded (`ä` the bit of `a`),
//! and for `å`, `ä` and `ö` a bit of their own too: a query letter of
//! `a`–`z` matches exactly the words whose first letter folds to it, and
//! `å`, `ä`, `ö` exactly those that start with them (`accents_allow`).
//! Other first letters share bits (digits one, the rest another), so for
//! them the mask only rules pages out.

use crate::model::swedish::fold::fold_char;

/// Bits of a word's own first letter beyond its folded one.
const OWN_BITS: [(char, u32); 3] = [('å', 26), ('ä', 27), ('ö', 28)];
const DIGIT_BIT: u32 = 29;
const OTHER_BIT: u32 = 30;

/// The bit of a folded first letter.
fn folded_bit(folded: char) -> u32 {
    if folded.is_ascii_lowercase() {
        1 << (folded as u32 - 'a' as u32)
    } else if folded.is_ascii_digit() {
        1 << DIGIT_BIT
    } else {
        1 << OTHER_BIT
    }
}

/// The bits a word (lowercase, as the index keeps it) sets in the mask of
/// the word before it.
pub fn word_bits(word: &str) -> u32 {
    let Some(first) = word.chars().next() else {
        return 0;
    };
    let own = OWN_BITS
        .iter()
        .find(|(letter, _)| *letter == first)
        .map_or(0, |(_, bit)| 1 << bit);
    folded_bit(fold_char(first)) | own
}

/// What a word of the query that starts with `letter` (lowercase) needs
/// in the mask of the word before it: one of these bits, and whether a bit
/// set proves that a matching word follows (`a`–`z`, `å`, `ä`, `ö`).
pub fn letter_bits(letter: char) -> (u32, bool) {
    if let Some((_, bit)) = OWN_BITS.iter().find(|(own, _)| *own == letter) {
        return (1 << bit, true);
    }
    (folded_bit(fold_char(letter)), letter.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::swedish::fold::accents_allow;

    #[test]
    fn a_letter_proven_by_its_bit_matches_exactly_the_words_that_set_it() {
        let words = [
            "arbete", "ärende", "åre", "öst", "ost", "ängel", "é", "éta", "1a", "ßx", "æble",
        ];
        for letter in ['a', 'ä', 'å', 'ö', 'o', 'e', 'é', '1', 'ß', 'æ', 'z'] {
            let (bits, exact) = letter_bits(letter);
            for word in words {
                let matches = accents_allow(&letter.to_string(), word);
                let set = word_bits(word) & bits != 0;
                // A word the letter matches always sets a needed bit.
                assert!(!matches || set, "{letter} {word}");
                if exact {
                    assert_eq!(matches, set, "{letter} {word}");
                }
            }
        }
        assert!(letter_bits('a').1 && letter_bits('ä').1);
        assert!(!letter_bits('é').1 && !letter_bits('1').1);
        assert_eq!(word_bits(""), 0);
    }
}
