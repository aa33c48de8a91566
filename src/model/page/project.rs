//! The typed model of one project page: `Project`, its sections and dates.
//! Pure data with serde; nothing here knows about files or terminals.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::model::page::field::Field;
use crate::model::page::program_area::{ProgramArea, canonical_area};
use crate::model::page::region::canonical_region;

/// One ESF project page, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Project {
    /// The file stem, e.g. `001_a16e8f42b249ee6d`.
    pub id: String,
    /// Where the page was read from (`assets/…` for the bundled corpus).
    /// Written out as printable text: control and hidden characters in a
    /// file name become `�`, so JSON printed on a terminal is safe.
    #[serde(serialize_with = "printable_source")]
    pub source: PathBuf,
    /// Which form of page the project was read from.
    #[serde(default)]
    pub layout: Layout,
    pub title: String,
    /// Diarienummer or Projektnummer: `2019/00446`, `23-037-S05`.
    #[serde(default)]
    pub registration_number: Option<String>,
    /// As written: `Programområde 1 Kompetensförsörjning`, `1`, `B`.
    pub program_area: Option<String>,
    /// Specifikt mål, as written: `1.1`, `A2A`.
    #[serde(default)]
    pub specific_objective: Option<String>,
    /// Berörd fond, as written: `ESF`, `ESF+`, `React-EU`.
    #[serde(default)]
    pub fund: Option<String>,
    pub phase: Option<String>,
    /// `None` when the page says `saknas` (missing).
    pub owner: Option<String>,
    /// Projektägare organisationsnummer.
    #[serde(default)]
    pub owner_org_number: Option<String>,
    pub contact_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Beviljat ESF-stöd, whole kronor.
    pub esf_grant_sek: Option<u64>,
    /// Total projektbudget, whole kronor.
    pub total_budget_sek: Option<u64>,
    pub period_start: Option<Date>,
    pub period_end: Option<Date>,
    /// As the page writes it; `canonical_region` gives the facet's value.
    pub region: Option<String>,
    /// Planerat antal deltagare.
    #[serde(default)]
    pub planned_participants: Option<u64>,
    /// Antal deltagare.
    #[serde(default)]
    pub participant_count: Option<u64>,
    /// Unionens medfinansieringsgrad, as written: `40%`.
    #[serde(default)]
    pub co_financing_rate: Option<String>,
    /// Interventionstyp, as written.
    #[serde(default)]
    pub intervention_type: Option<String>,
    /// NUTS-2 kod: `SE33`.
    #[serde(default)]
    pub nuts2: Option<String>,
    /// Labelled fields the parser does not map, in page order: nothing lost.
    #[serde(default)]
    pub extra_fields: Vec<ExtraField>,
    /// Prose sections in document order; the first may have no heading.
    pub sections: Vec<Section>,
    /// Medfinansiärer
    pub co_financiers: Vec<String>,
    /// Samarbetspartners
    pub partners: Vec<String>,
    /// Deltagande aktörer
    pub participants: Vec<String>,
    /// Kommun
    pub municipalities: Vec<String>,
    /// What the parser had to guess or skip, and where copies disagree.
    pub warnings: Vec<String>,
    /// Every file this project was read from: the page itself first, then
    /// the other copies of it merged in (see `copies`). Empty only for a
    /// project built in code.
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// A file a project was read from, and its id in the corpus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Source {
    pub id: String,
    #[serde(serialize_with = "printable_source")]
    pub path: PathBuf,
}

/// A field whose label the parser does not know, kept as the page has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtraField {
    pub label: String,
    /// Empty when the page gives the label without a value.
    pub value: String,
}

/// The forms of page the project bank has served (see the README).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// 2007–2013 pages: labels glued to their values (`RegionStockholm`).
    #[default]
    Old,
    /// The newer pages (2014–2020, ESF+ 2021–2027): `Region:` on its own
    /// line, the value on the next.
    New,
    /// The old site's 2014–2020 pages: labels alone on their line, no colon.
    OldSite,
}

/// A heading and its text. Paragraphs are separated by one blank line;
/// lines inside a paragraph are kept as they were.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub heading: String,
    pub text: String,
}

/// The four bulleted lists a page can carry, with their Swedish headings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    CoFinanciers,
    Partners,
    Participants,
    Municipalities,
}

impl ListKind {
    pub const ALL: [ListKind; 4] = [
        ListKind::CoFinanciers,
        ListKind::Partners,
        ListKind::Participants,
        ListKind::Municipalities,
    ];

    /// The heading the page uses for this list.
    pub fn heading(self) -> &'static str {
        match self {
            ListKind::CoFinanciers => "Medfinansiärer",
            ListKind::Partners => "Samarbetspartners",
            ListKind::Participants => "Deltagande aktörer",
            ListKind::Municipalities => "Kommun",
        }
    }

    pub fn from_heading(line: &str) -> Option<ListKind> {
        ListKind::ALL.into_iter().find(|k| k.heading() == line)
    }
}

impl Project {
    pub fn list(&self, kind: ListKind) -> &[String] {
        match kind {
            ListKind::CoFinanciers => &self.co_financiers,
            ListKind::Partners => &self.partners,
            ListKind::Participants => &self.participants,
            ListKind::Municipalities => &self.municipalities,
        }
    }

    pub fn list_mut(&mut self, kind: ListKind) -> &mut Vec<String> {
        match kind {
            ListKind::CoFinanciers => &mut self.co_financiers,
            ListKind::Partners => &mut self.partners,
            ListKind::Participants => &mut self.participants,
            ListKind::Municipalities => &mut self.municipalities,
        }
    }

    /// Whether any header field has a value (a page without one is not a
    /// project page; an owner of `saknas` does not count).
    pub fn has_any_field(&self) -> bool {
        Field::ALL
            .into_iter()
            .any(|field| field != Field::Name && field.value(self).is_some())
    }

    /// Every searchable part of the project, in document order, each with
    /// a label: the title, the text fields, the fields kept without a known
    /// label, every section, then the lists.
    pub fn text_parts(&self) -> Vec<(&str, &str)> {
        let mut parts: Vec<(&str, &str)> = vec![("Titel", self.title.as_str())];
        for field in Field::ALL.into_iter().filter(|&f| f != Field::Name) {
            if let Some(value) = field.text(self) {
                parts.push((field.label(), value));
            }
        }
        for extra in &self.extra_fields {
            if !extra.value.is_empty() {
                parts.push((extra.label.as_str(), extra.value.as_str()));
            }
        }
        for section in &self.sections {
            parts.push((section.heading.as_str(), section.text.as_str()));
        }
        for kind in ListKind::ALL {
            for item in self.list(kind) {
                parts.push((kind.heading(), item.as_str()));
            }
        }
        parts
    }

    /// The region under its one canonical name (`Småland & Öarna` ->
    /// `Småland och öarna`), as facets, lists and statistics show it.
    pub fn region_name(&self) -> Option<&str> {
        self.region.as_deref().map(canonical_region)
    }

    /// The programme area under its period, canonical where recognised
    /// (`2007–2013 · 2 Ökat arbetskraftsutbud`), as facets, filters and
    /// statistics group it; `program_area` keeps what the page wrote.
    pub fn program_area_canonical(&self) -> Option<ProgramArea<'_>> {
        let raw = self.program_area.as_deref()?;
        Some(canonical_area(raw, self.programme_period()))
    }

    /// The label of `program_area_canonical`.
    pub fn program_area_label(&self) -> Option<String> {
        self.program_area_canonical().map(|area| area.label())
    }

    /// The key the marks file knows the project by: its registration
    /// number where the page has one (it survives renaming the file), else
    /// its file id.
    /// How many files were merged into this project (1 for most).
    pub fn copies(&self) -> usize {
        self.sources.len().max(1)
    }

    /// Whether `id` names this project: its own id or a merged copy's.
    pub fn answers_to(&self, id: &str) -> bool {
        self.id == id || self.sources.iter().any(|source| source.id == id)
    }

    pub fn mark_key(&self) -> &str {
        self.registration_number.as_deref().unwrap_or(&self.id)
    }

    /// Every key the project may be written under in a marks file (a
    /// merged copy's id too).
    pub fn mark_keys(&self) -> Vec<String> {
        let mut keys = vec![self.id.clone()];
        keys.extend(self.registration_number.clone());
        for source in &self.sources {
            if !keys.contains(&source.id) {
                keys.push(source.id.clone());
            }
        }
        keys
    }

    /// The first section with this heading, if any.
    pub fn section(&self, heading: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.heading == heading)
    }

    /// The ESF programme period the project belongs to: as its page states
    /// it (`Programperiod: 2021-2027`), else from the form of its
    /// registration number, else its fund, else its dates, else the form of
    /// its page.
    pub fn programme_period(&self) -> Option<&'static str> {
        let stated = || self.stated_programme_period();
        let by_number = || period_of_registration_number(self.registration_number.as_deref()?);
        let by_fund = || {
            let fund = self.fund.as_deref()?;
            if fund.contains('+') {
                Some(PERIOD_2021)
            } else if fund.to_lowercase().contains("react") {
                Some(PERIOD_2014)
            } else {
                None
            }
        };
        let by_dates = || Some(period_of_year(self.period_start.or(self.period_end)?.year));
        let by_layout = || match self.layout {
            Layout::Old => Some(PERIOD_2007),
            Layout::OldSite => Some(PERIOD_2014),
            Layout::New => None,
        };
        stated()
            .or_else(by_number)
            .or_else(by_fund)
            .or_else(by_dates)
            .or_else(by_layout)
    }

    /// The period a page's own `Programperiod:` field names, by its first
    /// year (`2021-2027`, `2014–2020`); `None` without the field or a year.
    fn stated_programme_period(&self) -> Option<&'static str> {
        let value = &self
            .extra_fields
            .iter()
            .find(|field| field.label == PROGRAMME_PERIOD_LABEL)?
            .value;
        let year = value
            .split(|c: char| !c.is_ascii_digit())
            .find(|digits| digits.len() == 4)?
            .parse()
            .ok()?;
        Some(period_of_year(year))
    }

    /// The fund as the page names it, else as its programme period implies
    /// (React-EU where the programme area or objective says so).
    pub fn fund_name(&self) -> Option<&str> {
        if let Some(fund) = self.fund.as_deref() {
            return Some(fund);
        }
        let says_react = [&self.program_area, &self.specific_objective]
            .into_iter()
            .flatten()
            .any(|text| text.to_lowercase().contains("react"));
        match self.programme_period()? {
            PERIOD_2021 => Some("ESF+"),
            PERIOD_2014 if says_react => Some("React-EU"),
            PERIOD_2007 | PERIOD_2014 => Some("ESF"),
            _ => None,
        }
    }
}

use crate::model::page::program_area::{PERIOD_2007, PERIOD_2014, PERIOD_2021};

/// The label of the page's own programme period, kept as an extra field.
pub const PROGRAMME_PERIOD_LABEL: &str = "Programperiod";

/// The programme period a year falls in.
fn period_of_year(year: u16) -> &'static str {
    match year {
        ..=2006 => "2000–2006",
        2007..=2013 => PERIOD_2007,
        2014..=2020 => PERIOD_2014,
        2021..=2027 => PERIOD_2021,
        _ => "2028–",
    }
}

/// The two forms of registration number the bank uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistrationNumber {
    /// `2019/00446`: a year, a slash, a serial (2014–2020, React-EU too).
    YearSerial(u16),
    /// `23-037-S05`: ESF+ 2021–2027.
    EsfPlus,
}

impl RegistrationNumber {
    /// The form of `text`, if it is a registration number.
    pub fn parse(text: &str) -> Option<RegistrationNumber> {
        let text = text.trim();
        let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        if let Some((year, serial)) = text.split_once('/') {
            return (year.len() == 4 && digits(year) && digits(serial))
                .then(|| RegistrationNumber::YearSerial(year.parse().unwrap_or(0)));
        }
        let mut parts = text.split('-');
        let (Some(year), Some(call), Some(serial), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        (year.len() == 2
            && digits(year)
            && digits(call)
            && serial.starts_with(|c: char| c.is_ascii_alphabetic())
            && digits(serial.get(1..).unwrap_or("")))
        .then_some(RegistrationNumber::EsfPlus)
    }
}

/// `23-037-S05` is 2021–2027; `2019/00446` is 2014–2020, React-EU's
/// `2021/…` included.
fn period_of_registration_number(number: &str) -> Option<&'static str> {
    match RegistrationNumber::parse(number)? {
        RegistrationNumber::EsfPlus => Some(PERIOD_2021),
        RegistrationNumber::YearSerial(year) => {
            (2014..=2023).contains(&year).then_some(PERIOD_2014)
        }
    }
}

/// A calendar date, written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A valid date, or `None` (months 1–12, days within the month).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD` exactly.
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u16> {
            let part = text.get(range)?;
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        Date::new(
            number(0..4)?,
            u8::try_from(number(5..7)?).ok()?,
            u8::try_from(number(8..10)?).ok()?,
        )
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a YYYY-MM-DD date: {text}")))
    }
}

fn printable_source<S: serde::Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&crate::model::page::format::printable_path(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_print_iso() {
        let date = Date::parse("2012-02-01").unwrap();
        assert_eq!((date.year, date.month, date.day), (2012, 2, 1));
        assert_eq!(date.to_string(), "2012-02-01");
        assert_eq!(Date::parse("2012-02-30"), None);
        assert_eq!(Date::parse("2012-13-01"), None);
        assert_eq!(Date::parse("2012-2-01"), None);
        assert_eq!(Date::parse("2012-0a-01"), None);
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2023-02-29").is_none());
    }

    #[test]
    fn programme_period_follows_the_start_year() {
        let mut project = Project {
            period_start: Date::new(2013, 12, 1),
            ..Project::default()
        };
        assert_eq!(project.programme_period(), Some("2007–2013"));
        project.period_start = Date::new(2015, 1, 1);
        assert_eq!(project.programme_period(), Some("2014–2020"));
        // Without dates, the old layout itself says 2007–2013.
        project.period_start = None;
        assert_eq!(project.programme_period(), Some("2007–2013"));
    }

    #[test]
    fn programme_period_follows_the_registration_number_first() {
        let mut project = Project {
            layout: Layout::New,
            registration_number: Some("23-037-S05".into()),
            period_start: Date::new(2019, 1, 1),
            ..Project::default()
        };
        assert_eq!(project.programme_period(), Some("2021–2027"));
        assert_eq!(project.fund_name(), Some("ESF+"));
        project.registration_number = Some("2021/00046".into());
        assert_eq!(project.programme_period(), Some("2014–2020"));
        project.program_area = Some("React-EU".into());
        assert_eq!(project.fund_name(), Some("React-EU"));
        project.registration_number = None;
        project.period_start = None;
        assert_eq!(project.programme_period(), None);
        project.fund = Some("ESF+".into());
        assert_eq!(project.programme_period(), Some("2021–2027"));
        project.layout = Layout::OldSite;
        project.fund = None;
        assert_eq!(project.programme_period(), Some("2014–2020"));
    }

    #[test]
    fn programme_period_follows_the_page_first() {
        let mut project = Project {
            layout: Layout::New,
            registration_number: Some("2019/00446".into()),
            extra_fields: vec![ExtraField {
                label: PROGRAMME_PERIOD_LABEL.into(),
                value: "2021-2027".into(),
            }],
            ..Project::default()
        };
        assert_eq!(project.programme_period(), Some("2021–2027"));
        assert_eq!(project.fund_name(), Some("ESF+"));
        project.extra_fields[0].value = "2014–2020".into();
        assert_eq!(project.programme_period(), Some("2014–2020"));
        // A value without a year says nothing.
        project.extra_fields[0].value = "okänd".into();
        project.registration_number = None;
        assert_eq!(project.programme_period(), None);
    }

    #[test]
    fn serializes_with_the_documented_field_names() {
        let project = Project {
            id: "x".into(),
            period_start: Date::new(2009, 1, 1),
            ..Project::default()
        };
        let json = serde_json::to_value(&project).unwrap();
        assert_eq!(json["period_start"], "2009-01-01");
        assert!(json["owner"].is_null());
        assert_eq!(json["municipalities"], serde_json::json!([]));
        let back: Project = serde_json::from_value(json).unwrap();
        assert_eq!(back, project);
    }
}
