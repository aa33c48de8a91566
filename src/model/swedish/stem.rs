//! Inflected forms: a query word also finds the words that share its stem
//! (`undersköterska` finds `undersköterskor`), by the Snowball Swedish
//! stemmer as the `rust-stemmers` crate ships it. Stems are compared with
//! the same smart accents as the words themselves.

use std::borrow::Cow;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::model::swedish::fold::accents_allow;

static SWEDISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Swedish));

/// Stems shorter than this are not used: too many words share them.
const SHORTEST_STEM: usize = 4;

/// A lowercase word's stem (`undersköterskor` -> `underskötersk`).
pub fn stem(lowercase: &str) -> Cow<'_, str> {
    SWEDISH.stem(lowercase)
}

/// The stem a query word (lowercase) also finds its inflections by: only
/// where the stemmer takes an ending off and leaves a stem long enough.
pub fn query_stem(word: &str) -> Option<String> {
    let stemmed = stem(word);
    let length = stemmed.chars().count();
    (length >= SHORTEST_STEM && length < word.chars().count()).then(|| stemmed.into_owned())
}

/// Whether `written` (a lowercase word of the text) is an inflection of a
/// query word whose stem is `query_stem`: its own stem is the same, the
/// query's unaccented letters also standing for accented ones.
pub fn inflects(query_stem: &str, written: &str) -> bool {
    let own = stem(written);
    own.chars().count() == query_stem.chars().count() && accents_allow(query_stem, &own)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections_share_a_stem_and_other_words_do_not() {
        let stem = query_stem("undersköterska").expect("an ending comes off");
        assert!(inflects(&stem, "undersköterskor"));
        assert!(inflects(&stem, "undersköterskornas"));
        assert!(!inflects(&stem, "undersköterskeutbildning"));
        assert!(!inflects(&stem, "sjuksköterskor"));
        let stem = query_stem("ungdomar").unwrap();
        assert!(inflects(&stem, "ungdom"));
        assert!(inflects(&stem, "ungdomarna"));
    }

    #[test]
    fn short_stems_and_words_without_an_ending_find_nothing_more() {
        assert_eq!(query_stem("ungdom"), None);
        assert_eq!(query_stem("en"), None);
        assert_eq!(query_stem("arna"), None);
    }

    #[test]
    fn an_unaccented_query_stem_finds_accented_inflections() {
        let stem = query_stem("malsattningar").unwrap();
        assert!(inflects(&stem, "målsättningen"));
        let stem = query_stem("målsättningar").unwrap();
        assert!(!inflects(&stem, "malsattningen"));
    }
}
