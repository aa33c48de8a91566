//! Programme areas (Programområde) by programme period: a project's area
//! as the page writes it (`2`, `Programområde 2 Ökat arbetskraftsutbud`,
//! `1.1 Kompetensförsörjning`, `B`, `React-EU`) turned into one canonical
//! area of its period, e.g. `2007–2013 · 2 Ökat arbetskraftsutbud`.
//!
//! The same number means different areas in different periods, so an area
//! is always read together with its period. Within a period, every
//! spelling of one area is one area: `1`, `1.1 Kompetensförsörjning` and
//! `Programområde 1 Kompetensförsörjning` on 2014–2020 pages are area 1
//! (`1.1` is a specific objective within area 1). A value not recognised
//! stays as written, under its period: nothing is dropped.
//!
//! The names are the programmes' own, as their public documents write them
//! (the titles of the documents in quotes):
//!
//! - 2007–2013, areas 1 Kompetensförsörjning and 2 Ökat arbetskraftsutbud:
//!   "Nationellt strukturfondsprogram för regional konkurrenskraft och
//!   sysselsättning (ESF) 2007–2013, CCI 2007SE052PO001",
//!   <https://docplayer.se/amp/13837681-Nationellt-strukturfondsprogram-for-regional-konkurrenskraft-och-sysselsattning-esf-2007-2013-cci-nummer-2007se052po001.html>;
//!   "Programinformation 2007-2013" (Svenska ESF-rådet),
//!   <https://nyweb.esf.se/Vara-fonder/Gamla-fonder/Socialfonden-2007-2013/Om-Socialfonden/>;
//!   "Socialfonden - Ett verktyg för att skapa fler och bättre jobb",
//!   <http://ioc.se/empty_75.html> (Område 1 – Kompetensförsörjning, Område
//!   2 – Ökat arbetskraftsutbud); the pages themselves write
//!   `Programområde 1 Kompetensförsörjning`, `Programområde 2 Ökat
//!   arbetskraftsutbud`.
//! - 2014–2020, areas 1 Kompetensförsörjning, 2 Öka övergångarna till
//!   arbete, 3 Sysselsättningsinitiativet för unga: "Handlingsplan för
//!   Europeiska socialfonden 2014-2020, nationella medel" (beslutad av
//!   Socialfondens övervakningskommitté 2015-01-29),
//!   <https://studylibsv.com/doc/710416/handlingsplan-f%C3%B6r-europeiska-socialfonden-2014>;
//!   "Regional handlingsplan för Europeiska socialfonden 2014-2020 i
//!   Stockholm", <http://docplayer.se/3448368-Faststalld-av-socialfondens-overvakningskommitte-2015-01-29-regional-handlingsplan-for-europeiska-socialfonden-2014-2020-i-stockholm.html>.
//!   (esf.se also writes area 2 as "Ökade övergångar till arbete".)
//!   Area 5 React-EU: "Ny utlysning för React-EU öppnar 16 augusti"
//!   (Svenska ESF-rådet, 30 June 2021: "Programområde 5 – React-EU – insatser
//!   för arbetslösa under pandemin"),
//!   <https://www.esf.se/nyheter/ny-utlysning-for-react-eu-oppnar-16-augusti/>.
//!   Areas 4, 6 and 7 are known by number only: no public document found
//!   names them, so they carry no name. A page that writes `React-EU` as
//!   its area is not merged into area 5: React-EU projects are seen under
//!   area 7 as well, so the value stays as written.
//! - 2021–2027 (ESF+), areas A–F: "Europeiska socialfonden+ 2021–2027"
//!   (Svenska ESF-rådet), <https://www.esf.se/stod-och-finansiering/socialfondsprogrammet-esf-2021-2027/>
//!   (A, B); "Europeiska socialfonden" (Tillväxtverket's eufonder.se),
//!   <https://eufonder.se/eu-fonder/socialfonden/socialfondsprogrammet.html>,
//!   and "Europeiska socialfonden ESF+" (Region Jämtland Härjedalen),
//!   <https://regionjh.se/regionalutveckling/regionaltutvecklingsansvar/europeiskasocialfondenesf.4.74e6c42d18582a0be403eb21.html>
//!   (C, D, E); area F: "Stort intresse för projekt till stöd för ukrainska
//!   flyktingar i Sverige" (Svenska ESF-rådet, 18 October 2023: "Programområdet
//!   benämns Fast-Care och är programområde F"),
//!   <https://www.esf.se/pressmeddelanden/stort-intresse-for-projekt-till-stod-for-ukrainska-flyktingar-i-sverige/>.

use std::borrow::Cow;

use crate::model::swedish::fold::fold_char;

/// The programme periods whose areas this module knows, as
/// `Project::programme_period` names them.
pub const PERIOD_2007: &str = "2007–2013";
pub const PERIOD_2014: &str = "2014–2020";
pub const PERIOD_2021: &str = "2021–2027";

/// Between the period and the area in a canonical label.
pub const SEPARATOR: &str = " · ";

/// One area of a programme: its code and, where a public document names
/// it, its name.
struct AreaName {
    code: &'static str,
    name: Option<&'static str>,
}

const fn area(code: &'static str, name: &'static str) -> AreaName {
    AreaName {
        code,
        name: Some(name),
    }
}

const fn unnamed(code: &'static str) -> AreaName {
    AreaName { code, name: None }
}

/// The areas of 2007–2013 (see the module's sources).
const AREAS_2007: &[AreaName] = &[
    area("1", "Kompetensförsörjning"),
    area("2", "Ökat arbetskraftsutbud"),
];

/// The areas of 2014–2020; 4, 6 and 7 have no name we could confirm.
const AREAS_2014: &[AreaName] = &[
    area("1", "Kompetensförsörjning"),
    area("2", "Öka övergångarna till arbete"),
    area("3", "Sysselsättningsinitiativet för unga"),
    unnamed("4"),
    area("5", "React-EU – insatser för arbetslösa under pandemin"),
    unnamed("6"),
    unnamed("7"),
];

/// The areas of ESF+ 2021–2027.
const AREAS_2021: &[AreaName] = &[
    area(
        "A",
        "Öka möjligheten till ett inkluderande och hållbart arbetsliv för alla",
    ),
    area("B", "Öka möjligheten till arbete"),
    area("C", "Minska risken för ekonomisk utsatthet"),
    area("D", "Öka kapaciteten i den glesa geografin"),
    area("E", "Social innovation"),
    area("F", "Fast-Care"),
];

/// A project's programme area, canonical where recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramArea<'a> {
    /// The programme period, when the project's is known.
    pub period: Option<&'static str>,
    /// The area's code (`1`, `B`), or the value as written when it is not
    /// recognised.
    pub code: Cow<'a, str>,
    /// The official name, where known.
    pub name: Option<&'static str>,
}

impl ProgramArea<'_> {
    /// The area without its period: `1 Kompetensförsörjning`, `4`, `Care`.
    pub fn area_label(&self) -> String {
        match self.name {
            Some(name) => format!("{} {name}", self.code),
            None => self.code.to_string(),
        }
    }

    /// The canonical label: `2007–2013 · 1 Kompetensförsörjning`; without a
    /// known period, the area alone.
    pub fn label(&self) -> String {
        match self.period {
            Some(period) => format!("{period}{SEPARATOR}{}", self.area_label()),
            None => self.area_label(),
        }
    }
}

/// The canonical area of `raw` (the page's Programområde) in `period`
/// (`Project::programme_period`). Without a period, one is guessed from the
/// value's form where only one period writes it so (`1.1`, `B`, React-EU).
pub fn canonical_area<'a>(raw: &'a str, period: Option<&'static str>) -> ProgramArea<'a> {
    let written = collapse_spaces(raw.trim());
    let period = period.or_else(|| period_of_form(&written));
    let known = period.and_then(|period| {
        let areas = areas_of(period)?;
        let code = area_code(&written, period)?;
        areas.iter().find(|a| a.code == code)
    });
    match known {
        Some(known) => ProgramArea {
            period,
            code: Cow::Borrowed(known.code),
            name: known.name,
        },
        None => ProgramArea {
            period,
            code: written,
            name: None,
        },
    }
}

/// The period part and the area part of a canonical label
/// (`(Some("2007–2013"), "1 Kompetensförsörjning")`).
pub fn split_label(label: &str) -> (Option<&str>, &str) {
    match label.split_once(SEPARATOR) {
        Some((period, area)) if is_period(period) => (Some(period), area),
        _ => (None, label),
    }
}

/// Whether `text` reads like a programme period: `2007–2013`.
fn is_period(text: &str) -> bool {
    let mut years = text.split('–');
    matches!(
        (years.next(), years.next(), years.next()),
        (Some(a), Some(b), None) if a.len() == 4 && a.bytes().all(|c| c.is_ascii_digit())
            && (b.is_empty() || (b.len() == 4 && b.bytes().all(|c| c.is_ascii_digit())))
    )
}

/// The areas of a period this module knows.
fn areas_of(period: &str) -> Option<&'static [AreaName]> {
    match period {
        PERIOD_2007 => Some(AREAS_2007),
        PERIOD_2014 => Some(AREAS_2014),
        PERIOD_2021 => Some(AREAS_2021),
        _ => None,
    }
}

/// Runs of white space as one space (`Programområde  2` is `Programområde 2`).
fn collapse_spaces(text: &str) -> Cow<'_, str> {
    let needs = text.char_indices().any(|(i, c)| {
        c.is_whitespace() && (c != ' ' || text[i + 1..].starts_with(char::is_whitespace))
    });
    if needs {
        Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        Cow::Borrowed(text)
    }
}

/// Case and accents folded, for comparing words.
fn folded(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// The value without a leading `Programområde` (and a `:` or dash after
/// it): `Programområde 2 Ökat …` -> `2 Ökat …`.
fn without_label(written: &str) -> &str {
    const LABEL: &str = "programomrade";
    let mut chars = written.char_indices();
    let matched = LABEL
        .chars()
        .all(|want| chars.next().is_some_and(|(_, c)| fold_char(c) == want));
    if !matched {
        return written;
    }
    let rest = chars.as_str();
    rest.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | '–' | '—'))
}

/// The first word of the area part: `2`, `1.1`, `B`, `A2A`, `React-EU`.
fn first_word(text: &str) -> &str {
    text.split_whitespace().next().unwrap_or("")
}

/// The area's code in `period`, read from the value as written, if it has
/// the period's form.
fn area_code(written: &str, period: &str) -> Option<String> {
    let rest = without_label(written);
    let word = first_word(rest);
    let folded_rest = folded(rest);
    match period {
        PERIOD_2007 => number_code(word),
        PERIOD_2014 => number_code(word),
        PERIOD_2021
            if folded_rest.starts_with("fast care") || folded_rest.starts_with("fast-care") =>
        {
            Some("F".to_string())
        }
        PERIOD_2021 => letter_code(word),
        _ => None,
    }
}

/// `2` -> `2`; `1.1` (a specific objective) -> `1`; `1:` -> `1`.
fn number_code(word: &str) -> Option<String> {
    let word = word.trim_end_matches([':', '.', ',']);
    let area = word.split('.').next().unwrap_or("");
    let rest_ok = word[area.len()..]
        .chars()
        .all(|c| c == '.' || c.is_ascii_digit());
    (!area.is_empty() && area.len() <= 2 && area.bytes().all(|b| b.is_ascii_digit()) && rest_ok)
        .then(|| area.trim_start_matches('0').to_string())
        .filter(|code| !code.is_empty())
}

/// `B` -> `B`; `A2A` or `b1` (a specific objective) -> `A`, `B`.
fn letter_code(word: &str) -> Option<String> {
    let word = word.trim_end_matches([':', '.', ',']);
    let mut chars = word.chars();
    let letter = chars.next()?.to_ascii_uppercase();
    let rest = chars.as_str();
    let objective = rest.is_empty()
        || (rest.starts_with(|c: char| c.is_ascii_digit())
            && rest.len() <= 3
            && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '.'));
    (letter.is_ascii_uppercase() && objective).then(|| letter.to_string())
}

/// The period whose pages alone write a value so: `1.1` (2014–2020's
/// specific objectives), React-EU (2014–2020), a letter A–F with or without
/// an objective (2021–2027), the names of 2007–2013's area 2.
fn period_of_form(written: &str) -> Option<&'static str> {
    let rest = without_label(written);
    let word = first_word(rest);
    let folded_rest = folded(rest);
    if folded_rest.starts_with("react") {
        return Some(PERIOD_2014);
    }
    if word.trim_end_matches(['.', ':']).contains('.') && number_code(word).is_some() {
        return Some(PERIOD_2014);
    }
    if letter_code(word).is_some_and(|code| AREAS_2021.iter().any(|a| a.code == code)) {
        return Some(PERIOD_2021);
    }
    if folded_rest.contains("arbetskraftsutbud") {
        return Some(PERIOD_2007);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(raw: &str, period: Option<&'static str>) -> String {
        canonical_area(raw, period).label()
    }

    #[test]
    fn the_2007_spellings_of_one_area_are_one() {
        for raw in [
            "2",
            "Programområde 2 Ökat arbetskraftsutbud",
            "programområde  2",
            "Programomrade 2: Ökat arbetskraftsutbud",
            " 2 Ökat arbetskraftsutbud ",
        ] {
            assert_eq!(
                label(raw, Some(PERIOD_2007)),
                "2007–2013 · 2 Ökat arbetskraftsutbud",
                "{raw}"
            );
        }
        assert_eq!(
            label("Programområde 1 Kompetensförsörjning", Some(PERIOD_2007)),
            "2007–2013 · 1 Kompetensförsörjning"
        );
    }

    #[test]
    fn the_2014_spellings_and_specific_objectives_are_their_area() {
        for raw in [
            "1",
            "1.1 Kompetensförsörjning",
            "1.1",
            "Programområde 1 Kompetensförsörjning",
            "Programområde 1",
        ] {
            assert_eq!(
                label(raw, Some(PERIOD_2014)),
                "2014–2020 · 1 Kompetensförsörjning",
                "{raw}"
            );
        }
        assert_eq!(
            label("2.3", Some(PERIOD_2014)),
            "2014–2020 · 2 Öka övergångarna till arbete"
        );
        assert_eq!(
            label("3", Some(PERIOD_2014)),
            "2014–2020 · 3 Sysselsättningsinitiativet för unga"
        );
    }

    #[test]
    fn area_5_is_react_eu_and_unnamed_areas_keep_their_number() {
        assert_eq!(label("React-EU", Some(PERIOD_2014)), "2014–2020 · React-EU");
        assert_eq!(
            label("5.1", Some(PERIOD_2014)),
            "2014–2020 · 5 React-EU – insatser för arbetslösa under pandemin"
        );
        assert_eq!(label("7", Some(PERIOD_2014)), "2014–2020 · 7");
        assert_eq!(label("7.2", Some(PERIOD_2014)), "2014–2020 · 7");
        let seven = canonical_area("Programområde 7", Some(PERIOD_2014));
        assert_eq!((seven.code.as_ref(), seven.name), ("7", None));
    }

    #[test]
    fn the_2021_letters_are_named_and_objectives_fold_into_them() {
        assert_eq!(
            label("B", Some(PERIOD_2021)),
            "2021–2027 · B Öka möjligheten till arbete"
        );
        assert_eq!(
            label("A2A", Some(PERIOD_2021)),
            "2021–2027 · A Öka möjligheten till ett inkluderande och hållbart arbetsliv för alla"
        );
        assert_eq!(label("c", Some(PERIOD_2021)), label("C", Some(PERIOD_2021)));
        assert_eq!(
            label("Fast Care", Some(PERIOD_2021)),
            "2021–2027 · F Fast-Care"
        );
        assert_eq!(label("F1", Some(PERIOD_2021)), "2021–2027 · F Fast-Care");
    }

    #[test]
    fn the_same_number_is_a_different_area_in_another_period() {
        assert_ne!(label("2", Some(PERIOD_2007)), label("2", Some(PERIOD_2014)));
        assert_eq!(label("2", Some(PERIOD_2021)), "2021–2027 · 2");
    }

    #[test]
    fn values_not_recognised_stay_as_written_under_their_period() {
        assert_eq!(label("Care", Some(PERIOD_2014)), "2014–2020 · Care");
        assert_eq!(label("Care", None), "Care");
        assert_eq!(label("G", Some(PERIOD_2021)), "2021–2027 · G");
        assert_eq!(label("3", Some(PERIOD_2007)), "2007–2013 · 3");
        assert_eq!(
            label("Något  annat", Some("2000–2006")),
            "2000–2006 · Något annat"
        );
        assert_eq!(label("Programområde 9", None), "Programområde 9");
    }

    #[test]
    fn without_a_period_the_form_of_the_value_tells_where_it_can() {
        assert_eq!(
            label("1.1 Kompetensförsörjning", None),
            "2014–2020 · 1 Kompetensförsörjning"
        );
        assert_eq!(label("React-EU", None), "2014–2020 · React-EU");
        assert_eq!(
            label("B1", None),
            "2021–2027 · B Öka möjligheten till arbete"
        );
        assert_eq!(
            label("Programområde 2 Ökat arbetskraftsutbud", None),
            "2007–2013 · 2 Ökat arbetskraftsutbud"
        );
        // A bare number belongs to two periods: left as written.
        assert_eq!(label("1", None), "1");
    }

    #[test]
    fn labels_split_into_period_and_area() {
        assert_eq!(
            split_label("2007–2013 · 1 Kompetensförsörjning"),
            (Some("2007–2013"), "1 Kompetensförsörjning")
        );
        assert_eq!(split_label("Care"), (None, "Care"));
        assert_eq!(split_label("a · b"), (None, "a · b"));
    }
}
