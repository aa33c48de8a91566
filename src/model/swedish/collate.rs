//! Swedish alphabetical order: case-insensitive, `å ä ö` after `z`,
//! `é` with `e`, `ü` with `y`, `æ` with `ä`, `ø` with `ö`.

use std::cmp::Ordering;

/// The primary weight of one character.
fn weight(c: char) -> u32 {
    let lower = if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    };
    let folded = match lower {
        'à' | 'á' | 'â' | 'ã' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' => 'o',
        'ù' | 'ú' | 'û' => 'u',
        'ü' | 'ý' | 'ÿ' => 'y',
        'æ' => 'ä',
        'ø' => 'ö',
        other => other,
    };
    match folded {
        'å' => 'z' as u32 + 1,
        'ä' => 'z' as u32 + 2,
        'ö' => 'z' as u32 + 3,
        // Everything above `z` keeps its order, after the Swedish letters.
        c if (c as u32) > 'z' as u32 => c as u32 + 3,
        c => c as u32,
    }
}

/// Compares two strings in Swedish order; ties broken by the exact text so
/// that the order is total.
pub fn compare(a: &str, b: &str) -> Ordering {
    sorted_part(a)
        .chars()
        .map(weight)
        .cmp(sorted_part(b).chars().map(weight))
        .then_with(|| a.cmp(b))
}

/// What a title sorts by: from its first letter or digit, so that
/// `"Integration på G!"` or `– Vägen` sort under their words, not before
/// every digit.
fn sorted_part(text: &str) -> &str {
    let start = text
        .char_indices()
        .find(|(_, c)| c.is_alphanumeric())
        .map_or(text.len(), |(at, _)| at);
    if start == text.len() {
        text
    } else {
        &text[start..]
    }
}

/// The primary weights of a string: comparing keys orders like `compare`
/// up to its tie-break, without mapping chars on every comparison.
pub fn sort_key(text: &str) -> Vec<u32> {
    sorted_part(text).chars().map(weight).collect()
}

/// The first sixteen primary weights of a string packed into one number,
/// a byte each, for a quick first comparison: where two strings' prefixes
/// differ, they order as `compare` orders the strings; where they are
/// equal, `compare` decides. A missing weight is 0; a weight of 0xFF or
/// more (rare: a letter beyond Latin-1) fills the rest with 0xFF, so such
/// strings are told apart by `compare` alone.
pub fn prefix_key(text: &str) -> u128 {
    let mut weights = sorted_part(text).chars().map(weight);
    let mut key = 0u128;
    let mut saturated = false;
    for _ in 0..16 {
        let next = if saturated {
            0xFF
        } else {
            weights.next().map_or(0, |w| w.min(0xFF))
        };
        saturated |= next == 0xFF;
        key = (key << 8) | u128::from(next);
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(words: &[&str]) -> Vec<String> {
        let mut words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        words.sort_by(|a, b| compare(a, b));
        words
    }

    #[test]
    fn leading_quotes_and_dashes_do_not_decide_the_order() {
        assert_eq!(
            sorted(&["\"Integration på G!\"", "2030 Jobb", "Hälsa", "Idé"]),
            ["2030 Jobb", "Hälsa", "Idé", "\"Integration på G!\""]
        );
        assert_eq!(sort_key("\"Abc"), sort_key("Abc"));
    }

    #[test]
    fn swedish_letters_follow_z() {
        assert_eq!(
            sorted(&[
                "Östhammar",
                "Årjäng",
                "Zmide",
                "Älvdalen",
                "Avesta",
                "ovanåker"
            ]),
            [
                "Avesta",
                "ovanåker",
                "Zmide",
                "Årjäng",
                "Älvdalen",
                "Östhammar"
            ]
        );
    }

    #[test]
    fn sort_keys_order_like_compare() {
        let words = [
            "Östhammar",
            "Årjäng",
            "Zmide",
            "Älvdalen",
            "Avesta",
            "ovanåker",
            "b",
            "A",
            "a",
            "Éb",
        ];
        for a in words {
            for b in words {
                let by_key = sort_key(a).cmp(&sort_key(b)).then_with(|| a.cmp(b));
                assert_eq!(by_key, compare(a, b), "{a} {b}");
            }
        }
    }

    #[test]
    fn case_does_not_decide_order_but_breaks_ties() {
        assert_eq!(sorted(&["b", "A", "a", "B"]), ["A", "a", "B", "b"]);
        assert_eq!(sorted(&["Eda", "Éb", "Ec"]), ["Éb", "Ec", "Eda"]);
    }

    #[test]
    fn prefix_keys_that_differ_order_like_compare() {
        let words = [
            "",
            "a",
            "A",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "abcdf",
            "Östhammar",
            "Årjäng",
            "Zmide",
            "Älvdalen",
            "\"Integration",
            "2030",
            "a\u{10FFFF}b",
            "a\u{10FFFF}c",
            "a\u{FFFF}",
            "a\u{FFFF}\u{1}",
            "漢字",
            "ab ",
            "a b",
            "kompetensutveckling i",
            "kompetensutveckling för",
            "kompetensutvecklingar",
            "aÿb",
            "aÿa",
            "aþ",
            "ö",
        ];
        for a in words {
            for b in words {
                let (ka, kb) = (prefix_key(a), prefix_key(b));
                if ka != kb {
                    assert_eq!(ka.cmp(&kb), compare(a, b), "{a:?} {b:?}");
                }
            }
        }
    }
}
