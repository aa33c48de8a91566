//! Projects out to files: CSV with one row of scalar fields per project,
//! and JSON with the full serde model. Shared by `list` and the browser.

use std::io::Write;

use serde::Serialize;

use super::project::Project;

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
}

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
        }
    }
}

/// Writes projects as CSV with a header row.
pub fn write_csv(out: &mut impl Write, projects: &[&Project]) -> anyhow::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    for project in projects {
        writer.serialize(CsvRow::from(*project))?;
    }
    if projects.is_empty() {
        writer.write_record([
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
        ])?;
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
