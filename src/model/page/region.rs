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

/// Sweden's NUTS-2 regions by code, under the region's canonical name.
const NUTS2_REGIONS: [(&str, &str); 8] = [
    ("SE11", "Stockholm"),
    ("SE12", "Östra Mellansverige"),
    ("SE21", "Småland och öarna"),
    ("SE22", "Sydsverige"),
    ("SE23", "Västsverige"),
    ("SE31", "Norra Mellansverige"),
    ("SE32", "Mellersta Norrland"),
    ("SE33", "Övre Norrland"),
];

/// The region a NUTS-2 code names, canonically spelt: `SE11` ->
/// `Stockholm`; a code for the whole country (`SE`, `SE0`, `SE00`) ->
/// `Nationellt`, as national projects are. Case, spaces and dashes do not
/// matter; `None` for any other code.
pub fn region_of_nuts2(code: &str) -> Option<&'static str> {
    let code: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '–'))
        .flat_map(char::to_uppercase)
        .collect();
    let digits = code.strip_prefix("SE")?;
    if digits.len() <= 3 && digits.bytes().all(|b| b == b'0') {
        return Some("Nationellt");
    }
    NUTS2_REGIONS
        .into_iter()
        .find(|(nuts, _)| *nuts == code)
        .map(|(_, region)| region)
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
    fn nuts2_codes_name_their_region() {
        assert_eq!(region_of_nuts2("SE11"), Some("Stockholm"));
        assert_eq!(region_of_nuts2(" se 21 "), Some("Småland och öarna"));
        assert_eq!(region_of_nuts2("SE33"), Some("Övre Norrland"));
        assert_eq!(region_of_nuts2("SE0"), Some("Nationellt"));
        assert_eq!(region_of_nuts2("SE"), Some("Nationellt"));
        for other in ["SE13", "DE11", "", "11", "SE0000", "SEÅ1"] {
            assert_eq!(region_of_nuts2(other), None, "{other}");
        }
        // Every region a code names is a known region.
        for (_, region) in NUTS2_REGIONS {
            assert_eq!(known_region(region), Some(region));
        }
    }

    #[test]
    fn unknown_regions_are_kept_as_written() {
        assert_eq!(canonical_region(" Gotland "), "Gotland");
        assert_eq!(known_region("Norrland"), None);
        assert_eq!(known_region("Stockholms stad"), None);
    }
}
