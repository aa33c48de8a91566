//! Projects out to files: CSV with one row of scalar fields per project,
//! and JSON with the full serde model. Shared by `list` and the browser.

use std::io::Write;

use serde::Serialize;

use super::project::{Layout, Project};

/// The scalar fields of a project: one CSV row.
#[derive(Serialize)]
struct CsvRow<'a> {
    id: &'a str,
    source: String,
    title: &'a str,
    program_area: Option<&'a str>,
    phase: Option<&'a str>,
    owner: Option<&'a str>,
    contact_name: Option<&'a str>,
    email: Option<&'a str>,
    phone: Option<&'a str>,
    esf_grant_sek: Option<u64>,
    total_budget_sek: Option<u64>,
    period_start: Option<String>,
    period_end: Option<String>,
    region: Option<&'a str>,
    registration_number: Option<&'a str>,
    programme_period: Option<&'a str>,
    fund: Option<&'a str>,
    specific_objective: Option<&'a str>,
    owner_org_number: Option<&'a str>,
    planned_participants: Option<u64>,
    participant_count: Option<u64>,
    co_financing_rate: Option<&'a str>,
    intervention_type: Option<&'a str>,
    nuts2: Option<&'a str>,
    layout: Layout,
    /// `label: value` pairs joined by `; `.
    extra_fields: String,
    /// Every section, `heading` then its text, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    sections: Option<String>,
}

/// The CSV columns, in order. New columns are only ever added at the end.
pub const CSV_COLUMNS: [&str; 26] = [
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
];

impl<'a> From<&'a Project> for CsvRow<'a> {
    fn from(p: &'a Project) -> CsvRow<'a> {
        CsvRow {
            id: &p.id,
            source: p.source.display().to_string(),
            title: &p.title,
            program_area: p.program_area.as_deref(),
            phase: p.phase.as_deref(),
            owner: p.owner.as_deref(),
            contact_name: p.contact_name.as_deref(),
            email: p.email.as_deref(),
            phone: p.phone.as_deref(),
            esf_grant_sek: p.esf_grant_sek,
            total_budget_sek: p.total_budget_sek,
            period_start: p.period_start.map(|d| d.to_string()),
            period_end: p.period_end.map(|d| d.to_string()),
            region: p.region.as_deref(),
            registration_number: p.registration_number.as_deref(),
            programme_period: p.programme_period(),
            fund: p.fund_name(),
            specific_objective: p.specific_objective.as_deref(),
            owner_org_number: p.owner_org_number.as_deref(),
            planned_participants: p.planned_participants,
            participant_count: p.participant_count,
            co_financing_rate: p.co_financing_rate.as_deref(),
            intervention_type: p.intervention_type.as_deref(),
            nuts2: p.nuts2.as_deref(),
            layout: p.layout,
            extra_fields: p
                .extra_fields
                .iter()
                .map(|extra| format!("{}: {}", extra.label, extra.value))
                .collect::<Vec<_>>()
                .join("; "),
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
        let mut row = CsvRow::from(*project);
        if style.with_text {
            row.sections = Some(sections_text(project));
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
        assert!(header.ends_with(";extra_fields;sections"));
        assert!(text.contains("\"Ett; två\""), "{text}");
        assert!(text.contains("\"Bakgrund\nText.\""), "{text}");
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
