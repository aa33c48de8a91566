//! Accent folding for search: one char in, one char out, so that match
//! positions in a folded title are positions in the real title.

/// Lowercase, then strip diacritics (`Ä` -> `a`). A char whose lowercase is
/// several chars is kept as it is.
pub fn fold_char(c: char) -> char {
    let lower = lowercase_char(c);
    match lower {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'æ' => 'a',
        'ç' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' | 'ń' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'š' | 'ś' => 's',
        'ž' | 'ź' | 'ż' => 'z',
        'ł' => 'l',
        other => other,
    }
}

/// Lowercase that never changes the number of chars.
pub fn lowercase_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(single), None) => single,
        _ => c,
    }
}

/// Whether the char carries an accent that folding would remove.
pub fn is_accented(c: char) -> bool {
    fold_char(c) != lowercase_char(c)
}

pub fn fold_lowercase(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// Folds every accented char except those the query itself spells out:
/// so `ö` in a query matches only `ö`, while `o` still matches `ö`.
pub fn fold_except(text: &str, keep: &[char]) -> String {
    text.chars()
        .map(|c| {
            let lower = lowercase_char(c);
            if keep.contains(&lower) {
                lower
            } else {
                fold_char(c)
            }
        })
        .collect()
}

/// Whether a query word (lowercase) may stand for the start of `written`:
/// each letter equal, or unaccented where the text's is accented.
pub fn accents_allow(query: &str, written: &str) -> bool {
    let mut text = written.chars();
    query.chars().all(|q| {
        text.next()
            .is_some_and(|t| q == t || (q == fold_char(t) && fold_char(q) == q))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_the_char_count() {
        let title = "Kraftsamling HÄRJEDALEN – Ö Ådalen İ";
        assert_eq!(fold_lowercase(title).chars().count(), title.chars().count());
        assert_eq!(fold_lowercase("Härjedalen Östra"), "harjedalen ostra");
    }

    #[test]
    fn kept_accents_stay() {
        assert_eq!(fold_except("Härjö Ä", &['ä']), "härjo ä");
        assert!(is_accented('Ö'));
        assert!(!is_accented('O'));
    }
}
