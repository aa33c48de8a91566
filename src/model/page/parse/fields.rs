//! The header fields of every form of page: their labels, the labels known
//! but not mapped, and how a value is read into the model.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::LazyLock;

use crate::model::page::field::{Field, FieldKind};
use crate::model::page::project::{Date, ExtraField, PROGRAMME_PERIOD_LABEL, Project};
use crate::model::page::region::known_region;

/// How the parser reads a field's label off a line.
impl Field {
    /// Splits an old-layout line, label glued to value
    /// (`RegionStockholm`), into its field and value.
    /// A colon after the label (`Region: Stockholm`) is not part of the
    /// value; a no-break space in the label reads as a space.
    pub fn split(line: &str) -> Option<(Field, &str)> {
        Field::OLD_LAYOUT.into_iter().find_map(|field| {
            let value = strip_label(line, field.label())?.trim_start();
            let value = value.strip_prefix(':').unwrap_or(value);
            Some((field, value.trim()))
        })
    }

    /// The field a label names, in any form: case, runs of spaces and a
    /// final colon do not matter.
    pub fn from_label(label: &str) -> Option<Field> {
        lookup(label).and_then(|known| known.field)
    }
}

/// `line` without `label` at its start; a no-break space on the page
/// matches a space in the label.
fn strip_label<'a>(line: &'a str, label: &str) -> Option<&'a str> {
    if let Some(rest) = line.strip_prefix(label) {
        return Some(rest);
    }
    let mut rest = line.chars();
    for expected in label.chars() {
        let found = rest.next()?;
        if found != expected && !(expected == ' ' && found == '\u{a0}') {
            return None;
        }
    }
    Some(rest.as_str())
}

/// Labels the bank's pages carry that the model has no field for; their
/// values are kept as extra fields. Knowing them lets a label stand alone
/// without a colon (the old site's 2014–2020 form).
pub const UNMAPPED_LABELS: [&str; 14] = [
    "Utlysning",
    "Land som berörs",
    "Program CCI",
    PROGRAMME_PERIOD_LABEL,
    "Stödmottagare postnr",
    "Stödmottagare ort",
    "Stödmottagare land",
    "Stödmottagarens address",
    "Stödmottagarens adress",
    "Sekundärtema - Motverka barnfattigdom",
    "Insats av strategisk betydelse",
    "Total Kostnader",
    "Utvärderingsrapporter",
    "Webbplats",
];

/// Other spellings of unmapped labels, each with the label it is kept
/// under (`Stödmottagarens ort` on one save of a page, `Stödmottagare ort`
/// on another: one extra field).
pub const LABEL_ALIASES: [(&str, &str); 5] = [
    ("Stödmottagarens ort", "Stödmottagare ort"),
    ("Stödmottagarens postnummer", "Stödmottagare postnr"),
    ("Stödmottagare postnummer", "Stödmottagare postnr"),
    ("Stödmottagarens postnr", "Stödmottagare postnr"),
    ("Stödmottagarens land", "Stödmottagare land"),
];

/// Every spelling of a label kept as an extra field.
pub fn unmapped_spellings() -> impl Iterator<Item = &'static str> {
    UNMAPPED_LABELS
        .into_iter()
        .chain(LABEL_ALIASES.into_iter().map(|(spelling, _)| spelling))
}

/// Whether `text` is a label this parser knows (mapped or not).
pub fn is_known_label(text: &str) -> bool {
    lookup(text).is_some()
}

/// Whether a line without a colon is a known label standing alone (the old
/// site's form). A line ending in a full stop is a sentence, not a label.
pub fn is_bare_label(line: &str) -> bool {
    !line.contains(':') && !line.trim_end().ends_with('.') && is_known_label(line)
}

/// The one spelling an unmapped label is kept under, whatever the page
/// wrote (case, spacing, `Stödmottagarens` for `Stödmottagare`); `None` for
/// a label this parser does not know or one that fills a model field.
pub fn canonical_extra_label(label: &str) -> Option<&'static str> {
    lookup(label)
        .filter(|known| known.field.is_none())
        .map(|known| known.canonical)
}

/// What a known label is: the field it fills (`None`: kept as an extra
/// field) and its canonical spelling.
#[derive(Debug, Clone, Copy)]
struct KnownLabel {
    field: Option<Field>,
    canonical: &'static str,
}

/// Every known label by its key. Built once.
static LABELS: LazyLock<HashMap<String, KnownLabel>> = LazyLock::new(|| {
    let mapped = Field::ALL.into_iter().flat_map(|field| {
        field.labels().iter().map(move |label| {
            let known = KnownLabel {
                field: Some(field),
                canonical: field.label(),
            };
            (*label, known)
        })
    });
    let unmapped = UNMAPPED_LABELS.into_iter().map(|label| {
        let known = KnownLabel {
            field: None,
            canonical: label,
        };
        (label, known)
    });
    let aliases = LABEL_ALIASES.into_iter().map(|(spelling, canonical)| {
        let known = KnownLabel {
            field: None,
            canonical,
        };
        (spelling, known)
    });
    mapped
        .chain(unmapped)
        .chain(aliases)
        .filter_map(|(label, known)| Some((label_key(label)?, known)))
        .collect()
});

/// The known label `text` is, if any.
fn lookup(text: &str) -> Option<KnownLabel> {
    thread_local! {
        static KEY: RefCell<String> = const { RefCell::new(String::new()) };
    }
    KEY.with_borrow_mut(|key| {
        write_label_key(text, key)?;
        LABELS.get(key.as_str()).copied()
    })
}

/// A label for comparing: trimmed, without its final colon, lowercase,
/// spaces collapsed, full stops read as spaces (`org.nr.` = `org. nr.`).
/// `None` for text far longer than any label.
fn label_key(label: &str) -> Option<String> {
    let mut key = String::new();
    write_label_key(label, &mut key)?;
    Some(key)
}

fn write_label_key(label: &str, key: &mut String) -> Option<()> {
    let label = label.trim();
    let label = label.strip_suffix(':').unwrap_or(label).trim_end();
    if label.is_empty() || label.len() > 60 {
        return None;
    }
    key.clear();
    let words = label
        .split(|c: char| c.is_whitespace() || c == '.')
        .filter(|word| !word.is_empty());
    for word in words {
        if !key.is_empty() {
            key.push(' ');
        }
        for c in word.chars() {
            if c.is_ascii() {
                key.push(c.to_ascii_lowercase());
            } else {
                key.extend(c.to_lowercase());
            }
        }
    }
    (!key.is_empty()).then_some(())
}

/// Whether a glued old-layout line is a header field rather than a title
/// that merely starts like a label (`Regional samverkan`,
/// `Kontaktpersonsnätverket`): the value must look like what it holds.
pub fn looks_like_glued_field(line: &str) -> bool {
    let Some((field, value)) = Field::split(line) else {
        return false;
    };
    let starts_upper = value.chars().next().is_some_and(char::is_uppercase);
    if value == "saknas" {
        return true;
    }
    match field {
        Field::ProgramArea => value.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()),
        Field::Region => known_region(value).is_some(),
        Field::EsfGrant | Field::TotalBudget => parse_amount(value).is_some(),
        Field::Period => parse_period(value).0.is_some(),
        Field::Email => value.contains('@') && !value.contains(char::is_whitespace),
        Field::Phone => {
            let digits = value.chars().filter(char::is_ascii_digit).count();
            digits >= 5 && digits * 2 >= value.chars().count()
        }
        _ => starts_upper,
    }
}

/// The fields of one page as they are read, into the project.
pub struct FieldSink<'p> {
    pub project: &'p mut Project,
    pub warnings: &'p mut Vec<String>,
    /// The `Namn:` field, if the page has one.
    pub name: Option<String>,
    seen: Vec<Field>,
}

impl<'p> FieldSink<'p> {
    pub fn new(project: &'p mut Project, warnings: &'p mut Vec<String>) -> FieldSink<'p> {
        FieldSink {
            project,
            warnings,
            name: None,
            seen: Vec::with_capacity(Field::ALL.len()),
        }
    }

    /// Whether any field, known or not, has been read.
    pub fn any(&self) -> bool {
        !self.seen.is_empty() || !self.project.extra_fields.is_empty()
    }

    /// A field with a known label; the first of a repeated field is kept
    /// (a differing registration number is kept as an extra field).
    pub fn known(&mut self, field: Field, label: &str, value: &str) {
        if self.seen.contains(&field) {
            let before = self.project.registration_number.as_deref();
            if field == Field::RegistrationNumber {
                if before != Some(value.trim()) && !value.trim().is_empty() {
                    self.extra(label, value);
                }
            } else {
                self.warnings
                    .push(format!("repeated field, kept the first: {label} {value}"));
            }
            return;
        }
        self.seen.push(field);
        self.set(field, label, value);
    }

    /// A field whose label the model has no place for: a label this
    /// parser knows is kept under its one spelling, any other as written.
    pub fn extra(&mut self, label: &str, value: &str) {
        let label = label.trim();
        let label = match canonical_extra_label(label) {
            Some(canonical) => canonical,
            None => label.strip_suffix(':').unwrap_or(label).trim_end(),
        };
        self.project.extra_fields.push(ExtraField {
            label: label.to_string(),
            value: value.trim().to_string(),
        });
    }

    fn set(&mut self, field: Field, label: &str, value: &str) {
        let value = value.trim();
        let text = || {
            (!value.is_empty() && !value.eq_ignore_ascii_case("saknas")).then(|| value.to_string())
        };
        if field == Field::Name {
            self.name = text();
            return;
        }
        if let Some(slot) = field.text_mut(self.project) {
            *slot = text();
            return;
        }
        match field.kind() {
            FieldKind::Text => {}
            FieldKind::Amount | FieldKind::Count => {
                let number = self.number(label, value);
                if let Some(slot) = field.number_mut(self.project) {
                    *slot = number;
                }
            }
            FieldKind::Period => {
                let (start, end) = parse_period(value);
                if (start.is_none() || end.is_none()) && text().is_some() {
                    self.warnings
                        .push(format!("unreadable period: {label}{value}"));
                }
                let p = &mut *self.project;
                p.period_start = start;
                p.period_end = end;
            }
            FieldKind::Date => {
                let date = dates_in(value).next();
                if date.is_none() && text().is_some() {
                    self.warnings
                        .push(format!("unreadable date: {label} {value}"));
                }
                let p = &mut *self.project;
                if field == Field::StartDate {
                    p.period_start = date.map(|(_, d)| d);
                } else {
                    p.period_end = date.map(|(_, d)| d);
                }
            }
        }
    }

    /// An amount or a count; a warning when there is text but no number.
    fn number(&mut self, label: &str, value: &str) -> Option<u64> {
        let number = parse_amount(value);
        if number.is_none() && !value.is_empty() && !value.eq_ignore_ascii_case("saknas") {
            self.warnings
                .push(format!("unreadable amount: {label}{value}"));
        }
        number
    }
}

/// `1 126 379 kr` (any spaces, NBSP included) -> 1126379. Öre after a
/// decimal comma are dropped.
pub fn parse_amount(value: &str) -> Option<u64> {
    let value = value.trim();
    let value = value
        .strip_suffix("kr")
        .or_else(|| value.strip_suffix("SEK"))
        .unwrap_or(value);
    let whole = value.split([',', '.']).next().unwrap_or(value);
    let digits: String = whole.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// A period's two dates, however they are joined: `2012-02-01 till
/// 2014-03-31`, `2019-12-01 - 2022-12-31`, `2016-08-01-2019-03-31`. A lone
/// date after the joiner (`till 2014-03-31`) is an end, else a start.
pub fn parse_period(value: &str) -> (Option<Date>, Option<Date>) {
    let mut dates = dates_in(value);
    match (dates.next(), dates.next()) {
        (Some((_, start)), Some((_, end))) => (Some(start), Some(end)),
        (Some((at, date)), None) => {
            let before = value[..at].trim();
            if before.is_empty() {
                (Some(date), None)
            } else {
                (None, Some(date))
            }
        }
        _ => (None, None),
    }
}

/// Every `YYYY-MM-DD` date in the text, with its byte offset.
fn dates_in(text: &str) -> impl Iterator<Item = (usize, Date)> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at + 10 <= bytes.len() {
            let start = at;
            let digit_before = start > 0 && bytes[start - 1].is_ascii_digit();
            let digit_after = bytes.get(start + 10).is_some_and(u8::is_ascii_digit);
            let date = text.get(start..start + 10).and_then(Date::parse);
            if let Some(date) = date.filter(|_| !digit_before && !digit_after) {
                at = start + 10;
                return Some((start, date));
            }
            at += 1;
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_match_in_any_case_spacing_and_with_a_colon() {
        assert_eq!(Field::from_label("Region:"), Some(Field::Region));
        assert_eq!(Field::from_label("  berörd  FOND : "), Some(Field::Fund));
        assert_eq!(Field::from_label("Name:"), Some(Field::Name));
        assert_eq!(
            Field::from_label("Projektägare organisationsnummer:"),
            Some(Field::OwnerOrgNumber)
        );
        assert_eq!(Field::from_label("Projektägare"), Some(Field::Owner));
        assert_eq!(Field::from_label("Regionen"), None);
        assert!(is_known_label("Stödmottagare ort:"));
        assert!(!is_known_label("Under mobiliseringsfasen:"));
    }

    #[test]
    fn labels_with_dots_and_other_spellings_read_as_one() {
        for spelling in [
            "Projektägare org.nr.:",
            "Projektägare org. nr.",
            "projektägare ORG.NR",
        ] {
            assert_eq!(
                Field::from_label(spelling),
                Some(Field::OwnerOrgNumber),
                "{spelling}"
            );
        }
        assert_eq!(Field::from_label("Fond:"), Some(Field::Fund));
        assert_eq!(
            canonical_extra_label("Stödmottagarens ort:"),
            Some("Stödmottagare ort")
        );
        assert_eq!(
            canonical_extra_label("Stödmottagarens postnummer"),
            Some("Stödmottagare postnr")
        );
        assert_eq!(
            canonical_extra_label("stödmottagare  POSTNR"),
            Some("Stödmottagare postnr")
        );
        assert_eq!(
            canonical_extra_label("Stödmottagarens land"),
            Some("Stödmottagare land")
        );
        assert_eq!(canonical_extra_label("Region"), None);
        assert_eq!(canonical_extra_label("Okänd etikett"), None);
        // A sentence is not a label standing alone.
        assert!(is_bare_label("Region"));
        assert!(!is_bare_label("Region."));
        assert!(!is_bare_label("Region: Stockholm"));
    }

    #[test]
    fn glued_labels_allow_a_colon_and_a_no_break_space() {
        assert_eq!(
            Field::split("Region: Mellersta Norrland"),
            Some((Field::Region, "Mellersta Norrland"))
        );
        assert_eq!(
            Field::split("Beviljat\u{a0}ESF-stöd1 000 kr"),
            Some((Field::EsfGrant, "1 000 kr"))
        );
        assert!(looks_like_glued_field("Programområdesaknas"));
        assert!(!looks_like_glued_field("Programområdets framtid"));
    }

    #[test]
    fn periods_in_every_form() {
        let both = |text: &str| {
            let (start, end) = parse_period(text);
            (start.map(|d| d.to_string()), end.map(|d| d.to_string()))
        };
        let expected = (
            Some("2019-12-01".to_string()),
            Some("2022-12-31".to_string()),
        );
        assert_eq!(both("2019-12-01 till 2022-12-31"), expected);
        assert_eq!(both("2019-12-01 - 2022-12-31"), expected);
        assert_eq!(both("2019-12-01-2022-12-31"), expected);
        assert_eq!(both("2019-12-01 – 2022-12-31"), expected);
        assert_eq!(both("snart"), (None, None));
        assert_eq!(both("12019-12-01"), (None, None));
    }

    #[test]
    fn empty_and_saknas_values_are_absent_and_repeats_keep_the_first() {
        let mut project = Project::default();
        let mut warnings = Vec::new();
        let mut sink = FieldSink::new(&mut project, &mut warnings);
        sink.known(Field::Owner, "Projektägare", "saknas");
        sink.known(Field::Email, "E-post", "");
        sink.known(Field::RegistrationNumber, "Diarienummer", "2019/00446");
        sink.known(Field::RegistrationNumber, "Projektnummer", "2019/00446");
        sink.known(Field::RegistrationNumber, "Projektnummer", "2019/00447");
        sink.known(Field::Region, "Region", "Stockholm");
        sink.known(Field::Region, "Region", "Sydsverige");
        sink.known(Field::ParticipantCount, "Antal deltagare", "1 200");
        assert_eq!(project.owner, None);
        assert_eq!(project.email, None);
        assert_eq!(project.registration_number.as_deref(), Some("2019/00446"));
        assert_eq!(project.extra_fields.len(), 1);
        assert_eq!(project.extra_fields[0].value, "2019/00447");
        assert_eq!(project.region.as_deref(), Some("Stockholm"));
        assert_eq!(project.participant_count, Some(1200));
        assert!(warnings.iter().any(|w| w.contains("Sydsverige")));
    }
}
