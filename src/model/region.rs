//! The regions of the programme and their many spellings: one canonical
//! name per region, so that a facet shows one value whatever the page wrote
//! (`Småland & Öarna`, `Småland och öarna`, `ESF Nationellt`).

/// The regions, as the facet shows them, plus national projects.
pub const REGIONS: [&str; 9] = [
    "Övre Norrland",
    "Mellersta Norrland",
    "Norra Mellansverige",
    "Östra Mellansverige",
    "Stockholm",
    "Västsverige",
    "Småland och öarna",
    "Sydsverige",
    "Nationellt",
];

/// The canonical name of a region as a page writes it; a region this
/// module does not know is kept as written (trimmed).
pub fn canonical_region(written: &str) -> &str {
    known_region(written).unwrap_or_else(|| written.trim())
}

/// The canonical name, if the spelling is one of a known region.
pub fn known_region(written: &str) -> Option<&'static str> {
    let key = spelling_key(written);
    let key = key
        .strip_prefix("esf ")
        .or_else(|| key.strip_prefix("region "))
        .unwrap_or(&key);
    if matches!(
        key,
        "nationellt" | "nationell" | "nationella" | "nationellt projekt" | "nationella projekt"
    ) {
        return Some("Nationellt");
    }
    REGIONS
        .into_iter()
        .find(|region| spelling_key(region) == key)
}

/// Lowercase, `&` read as `och`, runs of spaces and dashes as one space.
fn spelling_key(text: &str) -> String {
    let lower = text.to_lowercase().replace('&', " och ");
    lower
        .split(|c: char| c.is_whitespace() || c == '-' || c == '–')
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_a_region_is_one_value() {
        for written in [
            "Småland och öarna",
            "Småland och Öarna",
            "Småland & Öarna",
            "SMÅLAND OCH ÖARNA",
            " Småland  &Öarna ",
        ] {
            assert_eq!(canonical_region(written), "Småland och öarna", "{written}");
        }
        assert_eq!(canonical_region("ESF Nationellt"), "Nationellt");
        assert_eq!(canonical_region("Nationell"), "Nationellt");
        assert_eq!(canonical_region("Övre norrland"), "Övre Norrland");
    }

    #[test]
    fn unknown_regions_are_kept_as_written() {
        assert_eq!(canonical_region(" Gotland "), "Gotland");
        assert_eq!(known_region("Norrland"), None);
        assert_eq!(known_region("Stockholms stad"), None);
    }
}
