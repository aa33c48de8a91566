//! `esf-browse list`: filter, search and sort, then print a table, JSON or CSV.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use unicode_width::UnicodeWidthStr;

use super::args::{Format, ListArgs};
use super::selection::select;
use super::{ignore_broken_pipe, load_reporting, output_width, print_error};
use crate::model::export::{CsvStyle, write_csv_styled, write_json};
use crate::model::format::{group_thousands, truncate, years};
use crate::model::{Project, SortKey};

pub fn run(args: ListArgs) -> anyhow::Result<ExitCode> {
    let Some(corpus) = load_reporting(&args.selection.paths) else {
        return Ok(ExitCode::FAILURE);
    };
    let store = &corpus.store;
    let key = args.sort.map_or(SortKey::Relevance, SortKey::from);
    let searching = [&args.selection.query, &args.selection.text]
        .iter()
        .any(|s| s.as_deref().is_some_and(|s| !s.trim().is_empty()));
    if args.sort.is_some() && key == SortKey::Relevance && !searching {
        print_error("--sort relevance needs --query or --text; sorted by title");
    }
    let Some(hits) = select(store, &args.selection, key, args.reverse) else {
        return Ok(ExitCode::FAILURE);
    };
    let projects: Vec<&Project> = hits
        .iter()
        .map(|m| store.project(m.index as usize))
        .collect();

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match args.format {
        Format::Json => write_json(&mut out, &projects),
        Format::Csv => write_csv_styled(
            &mut out,
            &projects,
            CsvStyle {
                for_spreadsheets: args.for_spreadsheets,
                with_text: args.with_text,
            },
        ),
        Format::Table => write_table(&mut out, &projects, store.len()),
    };
    ignore_broken_pipe(written.and_then(|()| Ok(out.flush()?)))
        .map_err(|e| e.context("writing the list"))?;
    Ok(ExitCode::SUCCESS)
}

fn write_table(out: &mut impl Write, projects: &[&Project], total: usize) -> anyhow::Result<()> {
    let rows: Vec<[String; 4]> = projects
        .iter()
        .map(|p| {
            [
                p.id.clone(),
                p.region_name().unwrap_or_default().to_string(),
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
