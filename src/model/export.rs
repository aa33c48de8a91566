//! Projects out to files: CSV with one row of scalar fields per project,
//! and JSON with the full serde model. Shared by `list` and the browser.

use std::borrow::Cow;
use std::io::Write;

use serde::Serialize;

use super::project::{Layout, Project};

/// The scalar fields of a project: one CSV row.
#[derive(Serialize)]
struct CsvRow<'a> {
    id: Cell<'a>,
    source: Cell<'a>,
    title: Cell<'a>,
    program_area: Option<Cell<'a>>,
    phase: Option<Cell<'a>>,
    owner: Option<Cell<'a>>,
    contact_name: Option<Cell<'a>>,
    email: Option<Cell<'a>>,
    phone: Option<Cell<'a>>,
    esf_grant_sek: Option<u64>,
    total_budget_sek: Option<u64>,
    period_start: Option<String>,
    period_end: Option<String>,
    region: Option<Cell<'a>>,
    registration_number: Option<Cell<'a>>,
    programme_period: Option<Cell<'a>>,
    fund: Option<Cell<'a>>,
    specific_objective: Option<Cell<'a>>,
    owner_org_number: Option<Cell<'a>>,
    planned_participants: Option<u64>,
    participant_count: Option<u64>,
    co_financing_rate: Option<Cell<'a>>,
    intervention_type: Option<Cell<'a>>,
    nuts2: Option<Cell<'a>>,
    layout: Layout,
    /// `label: value` pairs joined by `; `.
    extra_fields: Cell<'a>,
    /// How many files this project was merged from (1 for most).
    copies: usize,
    /// Those files, joined by `; `.
    sources: Cell<'a>,
    /// Every section, `heading` then its text, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    sections: Option<Cell<'a>>,
}

/// The CSV columns, in order. New columns are only ever added at the end.
pub const CSV_COLUMNS: [&str; 28] = [
    "id",
    "source",
    "title",
    "program_area",
    "phase",
    "owner",
    "contact_name",
    "email",
    "phone",
    "esf_grant_sek",
    "total_budget_sek",
    "period_start",
    "period_end",
    "region",
    "registration_number",
    "programme_period",
    "fund",
    "specific_objective",
    "owner_org_number",
    "planned_participants",
    "participant_count",
    "co_financing_rate",
    "intervention_type",
    "nuts2",
    "layout",
    "extra_fields",
    "copies",
    "sources",
];

/// One text cell of a CSV row. In a file for spreadsheets, a cell that
/// a spreadsheet would take for a formula (it starts with `=`, `+`, `-`,
/// `@`, a tab or a carriage return) is written with a `'` first, so that
/// it stays text ("CSV injection"); plain CSV keeps every value as it is.
#[derive(Debug)]
struct Cell<'a> {
    text: Cow<'a, str>,
    guard: bool,
}

impl Serialize for Cell<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.guard && could_be_formula(&self.text) {
            serializer.serialize_str(&format!("'{}", self.text))
        } else {
            serializer.serialize_str(&self.text)
        }
    }
}

/// Whether a spreadsheet might read this cell as a formula.
pub fn could_be_formula(text: &str) -> bool {
    text.trim_start_matches(' ')
        .starts_with(['=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠'])
}

impl<'a> CsvRow<'a> {
    fn new(p: &'a Project, guard: bool) -> CsvRow<'a> {
        let cell = |text: &'a str| Cell {
            text: Cow::Borrowed(text),
            guard,
        };
        let owned = |text: String| Cell {
            text: Cow::Owned(text),
            guard,
        };
        CsvRow {
            id: cell(&p.id),
            source: owned(super::format::printable_path(&p.source)),
            title: cell(&p.title),
            program_area: p.program_area.as_deref().map(cell),
            phase: p.phase.as_deref().map(cell),
            owner: p.owner.as_deref().map(cell),
            contact_name: p.contact_name.as_deref().map(cell),
            email: p.email.as_deref().map(cell),
            phone: p.phone.as_deref().map(cell),
            esf_grant_sek: p.esf_grant_sek,
            total_budget_sek: p.total_budget_sek,
            period_start: p.period_start.map(|d| d.to_string()),
            period_end: p.period_end.map(|d| d.to_string()),
            region: p.region.as_deref().map(cell),
            registration_number: p.registration_number.as_deref().map(cell),
            programme_period: p.programme_period().map(cell),
            fund: p.fund_name().map(cell),
            specific_objective: p.specific_objective.as_deref().map(cell),
            owner_org_number: p.owner_org_number.as_deref().map(cell),
            planned_participants: p.planned_participants,
            participant_count: p.participant_count,
            co_financing_rate: p.co_financing_rate.as_deref().map(cell),
            intervention_type: p.intervention_type.as_deref().map(cell),
            nuts2: p.nuts2.as_deref().map(cell),
            layout: p.layout,
            extra_fields: owned(
                p.extra_fields
                    .iter()
                    .map(|extra| format!("{}: {}", extra.label, extra.value))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            copies: p.copies(),
            sources: owned(
                p.sources
                    .iter()
                    .map(|s| super::format::printable_path(&s.path))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            sections: None,
        }
    }
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
    for project in projects {
        let mut row = CsvRow::new(project, style.for_spreadsheets);
        if style.with_text {
            row.sections = Some(Cell {
                text: Cow::Owned(sections_text(project)),
                guard: style.for_spreadsheets,
            });
        }
        writer.serialize(row)?;
    }
    if projects.is_empty() {
        let mut header: Vec<&str> = CSV_COLUMNS.to_vec();
        if style.with_text {
            header.push("sections");
        }
        writer.write_record(header)?;
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
    fn the_header_row_is_the_documented_column_list() {
        let project = Project::default();
        let mut with_row = Vec::new();
        write_csv(&mut with_row, &[&project]).unwrap();
        let mut empty = Vec::new();
        write_csv(&mut empty, &[]).unwrap();
        let header = CSV_COLUMNS.join(",");
        assert_eq!(
            String::from_utf8(with_row).unwrap().lines().next(),
            Some(header.as_str())
        );
        assert_eq!(String::from_utf8(empty).unwrap().trim_end(), header);
    }
}
