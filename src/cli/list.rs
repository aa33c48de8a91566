//! `esf-browse list`: filter, search and sort, then print a table, JSON or CSV.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::args::{Format, ListArgs};
use super::selection::{is_searching, select};
use super::{load_reporting, output_width};
use crate::model::format::{group_thousands, truncate, years};
use crate::model::query::sort;
use crate::model::{Project, SortKey};

pub fn run(args: ListArgs) -> anyhow::Result<ExitCode> {
    let corpus = load_reporting(&args.selection.paths);
    let store = &corpus.store;
    let mut hits = select(store, &args.selection);
    let key = args.sort.map_or(SortKey::Relevance, SortKey::from);
    let key = if key == SortKey::Relevance && !is_searching(&args.selection) {
        SortKey::Title
    } else {
        key
    };
    sort(store, &mut hits, key, args.reverse);
    let projects: Vec<&Project> = hits
        .iter()
        .map(|m| store.project(m.index as usize))
        .collect();

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match args.format {
        Format::Json => serde_json::to_writer_pretty(&mut out, &projects)
            .map_err(anyhow::Error::from)
            .and_then(|_| writeln!(out).map_err(Into::into)),
        Format::Csv => write_csv(&mut out, &projects),
        Format::Table => write_table(&mut out, &projects, store.len()),
    };
    match written.and_then(|_| out.flush().map_err(Into::into)) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        // A closed pipe (`| head`) is a normal end for a listing.
        Err(e) if is_broken_pipe(&e) => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e.context("writing the list")),
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    }) || error.to_string().contains("Broken pipe")
}

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

/// Writes projects as CSV with a header row (shared with the browser's export).
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

fn write_table(out: &mut impl Write, projects: &[&Project], total: usize) -> anyhow::Result<()> {
    let rows: Vec<[String; 4]> = projects
        .iter()
        .map(|p| {
            [
                p.id.clone(),
                p.region.clone().unwrap_or_default(),
                years(p),
                p.esf_grant_sek
                    .map(|g| format!("{} kr", group_thousands(g, ' ')))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    let widest = |column: usize, header: &str| {
        rows.iter()
            .map(|r| r[column].width())
            .max()
            .unwrap_or(0)
            .max(header.width())
    };
    let (id_w, region_w, years_w, grant_w) = (
        widest(0, "ID"),
        widest(1, "REGION"),
        widest(2, "YEARS"),
        widest(3, "ESF GRANT"),
    );
    let fixed = id_w + region_w + years_w + grant_w + 8;
    let title_w = if std::io::stdout().is_terminal() {
        output_width().saturating_sub(fixed).max(10)
    } else {
        projects
            .iter()
            .map(|p| p.title.width())
            .max()
            .unwrap_or(5)
            .max(5)
    };
    let line = |id: &str, title: &str, region: &str, years: &str, grant: &str| {
        format!(
            "{}  {}  {}  {}  {}",
            pad(id, id_w),
            pad(&truncate(title, title_w), title_w),
            pad(region, region_w),
            pad(years, years_w),
            pad_left(grant, grant_w)
        )
    };
    writeln!(
        out,
        "{}",
        line("ID", "TITLE", "REGION", "YEARS", "ESF GRANT").trim_end()
    )?;
    for (project, row) in projects.iter().zip(&rows) {
        writeln!(
            out,
            "{}",
            line(&row[0], &project.title, &row[1], &row[2], &row[3]).trim_end()
        )?;
    }
    if std::io::stdout().is_terminal() {
        writeln!(out, "{} / {} projects", projects.len(), total)?;
    }
    Ok(())
}

fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

fn pad_left(text: &str, width: usize) -> String {
    format!("{}{text}", " ".repeat(width.saturating_sub(text.width())))
}
