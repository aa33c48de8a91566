//! What `stats` prints, locally and over SSH: grants, budgets and project
//! counts per region, period, programme area and start year.

use std::io::Write;

use unicode_width::UnicodeWidthStr;

use super::Sink;
use super::selection::select;
use crate::command_line::{StatsArgs, StatsFormat};
use crate::model::output::stats::{AreaStats, Stats};
use crate::model::page::format::kronor;
use crate::model::{SortKey, Store};

/// Writes the figures for `args` (its paths aside) from `store`; returns
/// the exit status.
pub fn write(store: &Store, args: &StatsArgs, sink: &mut Sink<'_>) -> anyhow::Result<u8> {
    let Some(hits) = select(store, &args.selection, SortKey::Relevance, false, sink) else {
        return Ok(1);
    };
    let stats = Stats::compute(store, hits.iter().map(|h| h.index as usize));
    let out = &mut *sink.out;
    match args.format {
        StatsFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &stats)?;
            writeln!(out)?;
        }
        StatsFormat::Table => write_table(out, &stats)?,
    }
    Ok(0)
}

fn write_table(out: &mut dyn Write, stats: &Stats) -> std::io::Result<()> {
    writeln!(out, "Projects                     {}", stats.projects)?;
    if stats.duplicates > 0 {
        writeln!(
            out,
            "Copies merged                {} (pages of a project counted once)",
            stats.duplicates
        )?;
    }
    writeln!(
        out,
        "ESF grant in total           {}",
        kronor(Some(stats.esf_grant_total_sek))
    )?;
    writeln!(
        out,
        "Total budget in total        {}",
        kronor(Some(stats.total_budget_total_sek))
    )?;
    writeln!(out)?;
    write_regions(out, stats)?;
    writeln!(out)?;
    write_periods(out, stats)?;
    writeln!(out)?;
    write_areas(out, stats)?;
    writeln!(out)?;
    writeln!(out, "Start year  Projects")?;
    for year in &stats.per_start_year {
        writeln!(out, "{:<7}  {:>7}", year.year, year.projects)?;
    }
    Ok(())
}

/// Projects and money per region.
fn write_regions(out: &mut dyn Write, stats: &Stats) -> std::io::Result<()> {
    let width = stats
        .per_region
        .iter()
        .map(|r| r.region.width())
        .max()
        .unwrap_or(6)
        .max(6);
    writeln!(
        out,
        "{:<width$}  {:>8}  {:>18}  {:>18}",
        "Region", "Projects", "ESF grant", "Total budget"
    )?;
    for region in &stats.per_region {
        let pad = width + region.region.chars().count() - region.region.width();
        writeln!(
            out,
            "{:<pad$}  {:>8}  {:>18}  {:>18}",
            region.region,
            region.projects,
            kronor(Some(region.esf_grant_sek)),
            kronor(Some(region.total_budget_sek))
        )?;
    }
    Ok(())
}

/// Projects and money per programme period.
fn write_periods(out: &mut dyn Write, stats: &Stats) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<12}  {:>8}  {:>18}  {:>18}",
        "Period", "Projects", "ESF grant", "Total budget"
    )?;
    for period in &stats.per_programme_period {
        writeln!(
            out,
            "{:<12}  {:>8}  {:>18}  {:>18}",
            period.programme_period.as_deref().unwrap_or("(unknown)"),
            period.projects,
            kronor(Some(period.esf_grant_sek)),
            kronor(Some(period.total_budget_sek))
        )?;
    }
    Ok(())
}

/// The label of a period in the area table: the period, or `(no period)`.
const NO_PERIOD: &str = "(no period)";
/// The label of projects whose page names no programme area.
const NO_AREA: &str = "(no programme area)";

/// `text` left-aligned in `width` terminal columns.
fn padded(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

/// Projects and money per programme period and canonical programme area.
fn write_areas(out: &mut dyn Write, stats: &Stats) -> std::io::Result<()> {
    let period = |a: &AreaStats| {
        a.programme_period
            .as_deref()
            .unwrap_or(NO_PERIOD)
            .to_string()
    };
    let area = |a: &AreaStats| a.program_area.as_deref().unwrap_or(NO_AREA).to_string();
    let period_width = stats
        .per_program_area
        .iter()
        .map(|a| period(a).width())
        .max()
        .unwrap_or(0)
        .max(6);
    let area_width = stats
        .per_program_area
        .iter()
        .map(|a| area(a).width())
        .max()
        .unwrap_or(0)
        .max(13);
    writeln!(
        out,
        "{}  {}  {:>8}  {:>18}  {:>18}",
        padded("Period", period_width),
        padded("Programområde", area_width),
        "Projects",
        "ESF grant",
        "Total budget"
    )?;
    for row in &stats.per_program_area {
        writeln!(
            out,
            "{}  {}  {:>8}  {:>18}  {:>18}",
            padded(&period(row), period_width),
            padded(&area(row), area_width),
            row.projects,
            kronor(Some(row.esf_grant_sek)),
            kronor(Some(row.total_budget_sek))
        )?;
    }
    Ok(())
}
