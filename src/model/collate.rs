//! Swedish alphabetical order: case-insensitive, `å ä ö` after `z`,
//! `é` with `e`, `ü` with `y`, `æ` with `ä`, `ø` with `ö`.

use std::cmp::Ordering;

/// The primary weight of one character.
fn weight(c: char) -> u32 {
    let lower = c.to_lowercase().next().unwrap_or(c);
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
    a.chars()
        .map(weight)
        .cmp(b.chars().map(weight))
        .then_with(|| a.cmp(b))
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
    fn case_does_not_decide_order_but_breaks_ties() {
        assert_eq!(sorted(&["b", "A", "a", "B"]), ["A", "a", "B", "b"]);
        assert_eq!(sorted(&["Eda", "Éb", "Ec"]), ["Éb", "Ec", "Eda"]);
    }
}
