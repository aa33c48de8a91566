//! What `list` prints, locally and over SSH: the selected projects as a
//! table, JSON or CSV.

use std::io::Write;

use unicode_width::UnicodeWidthStr;

use super::Sink;
use super::selection::select;
use crate::command_line::{Format, ListArgs};
use crate::model::output::export::{CsvStyle, write_csv_styled, write_json};
use crate::model::page::format::{group_thousands, truncate, years};
use crate::model::{Project, SortKey, Store};

/// Writes the list for `args` (its paths aside) from `store`; returns the
/// exit status.
pub fn write(store: &Store, args: &ListArgs, sink: &mut Sink<'_>) -> anyhow::Result<u8> {
    if (args.for_spreadsheets || args.with_text) && args.format != Format::Csv {
        // Never ignored silently: the user meant a CSV file.
        sink.error("--for-spreadsheets and --with-text shape CSV: add --format csv");
        return Ok(2);
    }
    let key = args.sort.map_or(SortKey::Relevance, SortKey::from);
    let searching = [&args.selection.query, &args.selection.text]
        .iter()
        .any(|s| s.as_deref().is_some_and(|s| !s.trim().is_empty()));
    if args.sort.is_some() && key == SortKey::Relevance && !searching {
        sink.error("--sort relevance needs --query or --text; sorted by title");
    }
    let Some(hits) = select(store, &args.selection, key, args.reverse, sink) else {
        return Ok(1);
    };
    let projects: Vec<&Project> = hits
        .iter()
        .map(|m| store.project(m.index as usize))
        .collect();
    let width = sink.terminal_width;
    let out = &mut *sink.out;
    let written = match args.format {
        Format::Json => write_json(&mut &mut *out, &projects),
        Format::Csv => write_csv_styled(
            &mut &mut *out,
            &projects,
            CsvStyle {
                for_spreadsheets: args.for_spreadsheets,
                with_text: args.with_text,
            },
        ),
        Format::Table => {
            let similar: Vec<bool> = hits
                .iter()
                .map(|hit| hit.score == crate::model::query::similar::SIMILAR)
                .collect();
            let budget = key == SortKey::Budget;
            write_table(out, &projects, &similar, budget, store.len(), width)
        }
    };
    written.map_err(|e| e.context("writing the list"))?;
    Ok(0)
}

/// Each project's id, region, years and amount (the grant, or the total
/// budget), as the table shows them.
fn table_rows(projects: &[&Project], budget: bool) -> Vec<[String; 4]> {
    projects
        .iter()
        .map(|p| {
            let amount = if budget {
                p.total_budget_sek
            } else {
                p.esf_grant_sek
            };
            [
                p.id.clone(),
                p.region_name().unwrap_or_default().to_string(),
                years(p),
                amount
                    .map(|g| format!("{} kr", group_thousands(g, ' ')))
                    .unwrap_or_default(),
            ]
        })
        .collect()
}

/// The table: id, title (`≈ ` before a title only similar to the query),
/// region, years and the amount the list is sorted by (the ESF grant, or
/// the total budget when sorted by it).
fn write_table(
    out: &mut dyn Write,
    projects: &[&Project],
    similar: &[bool],
    budget: bool,
    total: usize,
    terminal_width: Option<usize>,
) -> anyhow::Result<()> {
    let amount_header = if budget { "TOTAL BUDGET" } else { "ESF GRANT" };
    let rows = table_rows(projects, budget);
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
        widest(3, amount_header),
    );
    let fixed = id_w + region_w + years_w + grant_w + 8;
    let title_w = title_width(projects, similar, terminal_width, fixed);
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
        line("ID", "TITLE", "REGION", "YEARS", amount_header).trim_end()
    )?;
    for ((project, row), &similar) in projects.iter().zip(&rows).zip(similar) {
        let title = if similar {
            format!("≈ {}", project.title)
        } else {
            project.title.clone()
        };
        writeln!(
            &mut &mut *out,
            "{}",
            line(&row[0], &title, &row[1], &row[2], &row[3]).trim_end()
        )?;
    }
    if terminal_width.is_some() {
        writeln!(out, "{} / {} projects", projects.len(), total)?;
    }
    Ok(())
}

/// The title column: what the terminal leaves beside the other columns
/// (at least 10), or, off a terminal, the longest title (with its `≈ `).
fn title_width(
    projects: &[&Project],
    similar: &[bool],
    terminal_width: Option<usize>,
    fixed: usize,
) -> usize {
    if let Some(width) = terminal_width {
        width.saturating_sub(fixed).max(10)
    } else {
        projects
            .iter()
            .zip(similar)
            .map(|(p, &similar)| p.title.width() + if similar { 2 } else { 0 })
            .max()
            .unwrap_or(5)
            .max(5)
    }
}

fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

fn pad_left(text: &str, width: usize) -> String {
    format!("{}{text}", " ".repeat(width.saturating_sub(text.width())))
}
