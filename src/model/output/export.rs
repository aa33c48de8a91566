//! Projects out to files: CSV with one row of scalar fields per project,
//! and JSON with the full serde model. Shared by `list` and the browser.

use std::borrow::Cow;
use std::io::Write;

use crate::model::page::field::{Field, FieldKind, FieldValue};
use crate::model::page::format::printable_path;
use crate::model::page::project::{Layout, Project};

/// What a CSV column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Id,
    Source,
    /// A header field as the page gave it (`Namn`: the title).
    Field(Field),
    /// Derived from the page: its programme period.
    ProgrammePeriod,
    /// The fund under its one name (`fund_name`).
    Fund,
    Layout,
    /// `label: value` pairs joined by `; `.
    ExtraFields,
    /// How many files this project was merged from (1 for most).
    Copies,
    /// Those files, joined by `; `.
    Sources,
}

/// The CSV columns, in order. New columns are only ever added at the end.
const COLUMNS: [(&str, Column); 28] = [
    ("id", Column::Id),
    ("source", Column::Source),
    ("title", Column::Field(Field::Name)),
    ("program_area", Column::Field(Field::ProgramArea)),
    ("phase", Column::Field(Field::Phase)),
    ("owner", Column::Field(Field::Owner)),
    ("contact_name", Column::Field(Field::ContactName)),
    ("email", Column::Field(Field::Email)),
    ("phone", Column::Field(Field::Phone)),
    ("esf_grant_sek", Column::Field(Field::EsfGrant)),
    ("total_budget_sek", Column::Field(Field::TotalBudget)),
    ("period_start", Column::Field(Field::StartDate)),
    ("period_end", Column::Field(Field::EndDate)),
    ("region", Column::Field(Field::Region)),
    (
        "registration_number",
        Column::Field(Field::RegistrationNumber),
    ),
    ("programme_period", Column::ProgrammePeriod),
    ("fund", Column::Fund),
    (
        "specific_objective",
        Column::Field(Field::SpecificObjective),
    ),
    ("owner_org_number", Column::Field(Field::OwnerOrgNumber)),
    (
        "planned_participants",
        Column::Field(Field::PlannedParticipants),
    ),
    ("participant_count", Column::Field(Field::ParticipantCount)),
    ("co_financing_rate", Column::Field(Field::CoFinancingRate)),
    ("intervention_type", Column::Field(Field::InterventionType)),
    ("nuts2", Column::Field(Field::Nuts2)),
    ("layout", Column::Layout),
    ("extra_fields", Column::ExtraFields),
    ("copies", Column::Copies),
    ("sources", Column::Sources),
];

/// The CSV columns' names, in order.
pub fn csv_columns() -> impl Iterator<Item = &'static str> {
    COLUMNS.into_iter().map(|(name, _)| name)
}

impl Column {
    /// This column's cell for a project; empty where it has no value.
    fn text(self, p: &Project) -> Cow<'_, str> {
        fn text(value: Option<&str>) -> Cow<'_, str> {
            Cow::Borrowed(value.unwrap_or(""))
        }
        match self {
            Column::Id => Cow::Borrowed(&p.id),
            Column::Source => Cow::Owned(printable_path(&p.source)),
            Column::Field(field) => match field.value(p) {
                Some(FieldValue::Text(value)) => Cow::Borrowed(value),
                Some(FieldValue::Number(n)) => Cow::Owned(n.to_string()),
                Some(FieldValue::Date(date)) => Cow::Owned(date.to_string()),
                Some(FieldValue::Period(..)) | None => Cow::Borrowed(""),
            },
            Column::ProgrammePeriod => text(p.programme_period()),
            Column::Fund => text(p.fund_name()),
            Column::Layout => Cow::Borrowed(layout_name(p.layout)),
            Column::ExtraFields => Cow::Owned(
                p.extra_fields
                    .iter()
                    .map(|extra| format!("{}: {}", extra.label, extra.value))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            Column::Copies => Cow::Owned(p.copies().to_string()),
            Column::Sources => Cow::Owned(
                p.sources
                    .iter()
                    .map(|s| printable_path(&s.path))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        }
    }

    /// Whether the cell is text a spreadsheet could take for a formula
    /// (numbers, dates and the layout never are).
    fn is_text(self) -> bool {
        match self {
            Column::Field(field) => field.kind() == FieldKind::Text,
            Column::Layout | Column::Copies => false,
            _ => true,
        }
    }
}

/// The layout as JSON names it.
fn layout_name(layout: Layout) -> &'static str {
    match layout {
        Layout::Old => "old",
        Layout::New => "new",
        Layout::OldSite => "old-site",
    }
}

/// A cell as written: in a file for spreadsheets, text that could be
/// taken for a formula gets a `'` first.
fn cell(guard: bool, is_text: bool, text: Cow<'_, str>) -> Cow<'_, str> {
    if guard && is_text && could_be_formula(&text) {
        Cow::Owned(format!("'{text}"))
    } else {
        text
    }
}

/// Whether a spreadsheet might read this cell as a formula. In a file for
/// spreadsheets such a text cell is written with a `'` first, so that it
/// stays text ("CSV injection"); plain CSV keeps every value as it is.
pub fn could_be_formula(text: &str) -> bool {
    text.trim_start_matches(' ')
        .starts_with(['=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠'])
}

/// How a CSV file is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CsvStyle {
    /// Semicolons and a UTF-8 byte-order mark, as spreadsheet programs set
    /// up for Swedish (where the comma is the decimal sign) read CSV.
    pub for_spreadsheets: bool,
    /// A last column, `sections`, with every section's heading and text.
    pub with_text: bool,
}

/// Each section as `Heading` then its text, blank lines between.
fn sections_text(project: &Project) -> String {
    project
        .sections
        .iter()
        .map(|s| format!("{}\n{}", s.heading, s.text))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Writes projects as CSV with a header row.
pub fn write_csv(out: &mut impl Write, projects: &[&Project]) -> anyhow::Result<()> {
    write_csv_styled(out, projects, CsvStyle::default())
}

/// Writes projects as CSV in a style: the columns of `CSV_COLUMNS`, then
/// `sections` with text.
pub fn write_csv_styled(
    out: &mut impl Write,
    projects: &[&Project],
    style: CsvStyle,
) -> anyhow::Result<()> {
    if style.for_spreadsheets {
        out.write_all(b"\xEF\xBB\xBF")?;
    }
    let mut writer = csv::WriterBuilder::new()
        .delimiter(if style.for_spreadsheets { b';' } else { b',' })
        .from_writer(out);
    let mut header: Vec<&str> = csv_columns().collect();
    if style.with_text {
        header.push("sections");
    }
    writer.write_record(&header)?;
    let guard = style.for_spreadsheets;
    for project in projects {
        let mut row: Vec<Cow<'_, str>> = COLUMNS
            .iter()
            .map(|&(_, column)| cell(guard, column.is_text(), column.text(project)))
            .collect();
        if style.with_text {
            row.push(cell(guard, true, Cow::Owned(sections_text(project))));
        }
        writer.write_record(row.iter().map(|text| text.as_bytes()))?;
    }
    writer.flush()?;
    Ok(())
}

/// Writes projects as a pretty JSON array of full `Project` objects.
pub fn write_json(out: &mut impl Write, projects: &[&Project]) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, projects)?;
    writeln!(out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_style_has_a_bom_semicolons_and_the_text_last() {
        let project = Project {
            id: "x".into(),
            title: "Ett; två".into(),
            sections: vec![crate::model::Section {
                heading: "Bakgrund".into(),
                text: "Text.".into(),
            }],
            ..Project::default()
        };
        let mut out = Vec::new();
        let style = CsvStyle {
            for_spreadsheets: true,
            with_text: true,
        };
        write_csv_styled(&mut out, &[&project], style).unwrap();
        let text = String::from_utf8(out).unwrap();
        let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
        let header = text.lines().next().unwrap();
        assert!(header.starts_with("id;source;title;"));
        assert!(header.ends_with(";extra_fields;copies;sources;sections"));
        assert!(text.contains("\"Ett; två\""), "{text}");
        assert!(text.contains("\"Bakgrund\nText.\""), "{text}");
    }

    #[test]
    fn formulas_are_text_for_spreadsheets_and_kept_in_plain_csv() {
        let project = Project {
            id: "x".into(),
            title: "=HYPERLINK(\"http://evil.example\",\"klicka\")".into(),
            owner: Some("+46 8 123 45".into()),
            contact_name: Some("@SUM(1+1)".into()),
            phone: Some("-1+1".into()),
            email: Some("\t=1+1".into()),
            region: Some("Stockholm".into()),
            sections: vec![crate::model::Section {
                heading: "Bakgrund".into(),
                text: "=cmd|' /C calc'!A0".into(),
            }],
            ..Project::default()
        };
        let style = CsvStyle {
            for_spreadsheets: true,
            with_text: true,
        };
        let mut out = Vec::new();
        write_csv_styled(&mut out, &[&project], style).unwrap();
        let text = String::from_utf8(out).unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let headers = reader.headers().unwrap().clone();
        let row = reader.records().next().unwrap().unwrap();
        let cell = |name: &str| {
            row.get(headers.iter().position(|h| h == name).unwrap())
                .unwrap()
        };
        assert_eq!(
            cell("title"),
            "'=HYPERLINK(\"http://evil.example\",\"klicka\")"
        );
        assert_eq!(cell("owner"), "'+46 8 123 45");
        assert_eq!(cell("contact_name"), "'@SUM(1+1)");
        assert_eq!(cell("phone"), "'-1+1");
        assert_eq!(cell("email"), "'\t=1+1");
        assert_eq!(cell("region"), "Stockholm");
        assert!(cell("sections").starts_with("Bakgrund"));
        for (_, value) in headers.iter().zip(row.iter()) {
            assert!(!could_be_formula(value), "{value:?}");
        }
        // Plain CSV is data: every value as it is.
        let mut plain = Vec::new();
        write_csv(&mut plain, &[&project]).unwrap();
        let plain = String::from_utf8(plain).unwrap();
        assert!(plain.contains(",\"=HYPERLINK("), "{plain}");
    }

    #[test]
    fn every_field_has_a_column() {
        for field in Field::ALL {
            let has = COLUMNS.iter().any(|&(_, column)| match column {
                Column::Field(f) => f == field,
                Column::Fund => field == Field::Fund,
                _ => false,
            });
            // The period is its two dates.
            assert!(has || field == Field::Period, "{field:?} has no CSV column");
        }
    }

    #[test]
    fn the_header_row_is_the_documented_column_list() {
        let project = Project::default();
        let mut with_row = Vec::new();
        write_csv(&mut with_row, &[&project]).unwrap();
        let mut empty = Vec::new();
        write_csv(&mut empty, &[]).unwrap();
        let header = csv_columns().collect::<Vec<_>>().join(",");
        assert_eq!(
            String::from_utf8(with_row).unwrap().lines().next(),
            Some(header.as_str())
        );
        assert_eq!(String::from_utf8(empty).unwrap().trim_end(), header);
    }
}
