//! The statistics view: the sums for the listed projects, ESF grant and
//! project count per region as horizontal bar charts, projects per start
//! year as vertical bars.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::super::keymap::{Binding, Spot};
use super::super::state::AppState;
use super::super::theme::Theme;
use super::{hint, key};
use crate::model::output::stats::Stats;
use crate::model::page::format::{kronor, truncate};

/// `Esc closes`: the other key that closes, and what both do.
fn closes(state: &AppState) -> String {
    let (back, does) = hint(state, Binding::Back, Spot::Stats);
    format!("{back} {does}")
}

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    // Computed once when the list changed, not at each frame.
    let Some(stats) = state.stats() else {
        return;
    };
    let block = Block::bordered()
        .border_style(theme.border(true))
        .title(Line::styled(
            format!(
                " Statistics — {} or {} ",
                key(state, Binding::Statistics),
                closes(state)
            ),
            theme.pane_title(true),
        ));
    let body = block.inner(area);
    frame.render_widget(block, area);
    if body.width < 4 || body.height < 3 {
        return;
    }
    let totals = totals(stats);
    let regions = stats.per_region.len() as u16;
    let [totals_area, regions_area, years_area] = Layout::vertical([
        Constraint::Length(totals.len() as u16 + 1),
        Constraint::Length(regions.saturating_add(2).max(3)),
        Constraint::Min(0),
    ])
    .areas(body);
    frame.render_widget(Paragraph::new(totals), totals_area);
    render_regions(frame, regions_area, stats, theme);
    render_years(frame, years_area, stats, theme);
}

/// Horizontal bars, one a region, under a heading.
/// ESF grant (a bar, its amount after it) and project count per region:
/// region names in full where there is room, numbers never over the bars.
/// The counts and sums of the listed projects, one line each (and one
/// per programme period when there are several).
fn totals(stats: &Stats) -> Vec<Line<'static>> {
    let mut totals = vec![
        Line::from(if stats.duplicates > 0 {
            format!(
                "Projects: {} ({} copies merged, counted once)",
                stats.projects, stats.duplicates
            )
        } else {
            format!("Projects: {}", stats.projects)
        }),
        Line::from(format!(
            "ESF grant in total: {}",
            kronor(Some(stats.esf_grant_total_sek))
        )),
        Line::from(format!(
            "Total budget in total: {}",
            kronor(Some(stats.total_budget_total_sek))
        )),
    ];
    if stats.per_programme_period.len() > 1 {
        for period in &stats.per_programme_period {
            totals.push(Line::from(format!(
                "  {}: {} projects, ESF grant {}",
                period
                    .programme_period
                    .as_deref()
                    .unwrap_or("period unknown"),
                period.projects,
                kronor(Some(period.esf_grant_sek))
            )));
        }
    }
    totals
}

fn render_regions(frame: &mut Frame, area: Rect, stats: &Stats, theme: &Theme) {
    let width = usize::from(area.width);
    let label_width = stats
        .per_region
        .iter()
        .map(|r| r.region.width())
        .max()
        .unwrap_or(6)
        .clamp(6, (width / 3).max(6));
    let amount = |r: &crate::model::output::stats::RegionStats| {
        crate::model::page::format::short_kronor(r.esf_grant_sek)
    };
    let amount_width = stats
        .per_region
        .iter()
        .map(|r| amount(r).width())
        .max()
        .unwrap_or(0);
    let count_width = "Projects".len();
    let bar_room = width.saturating_sub(label_width + amount_width + count_width + 4);
    let largest = stats
        .per_region
        .iter()
        .map(|r| r.esf_grant_sek)
        .max()
        .unwrap_or(0)
        .max(1);
    let mut lines = vec![Line::styled(
        format!(
            "{:<label_width$}  {:<bar$}{:>count_width$}",
            "Region",
            "ESF grant",
            "Projects",
            bar = bar_room + amount_width + 2
        ),
        theme.heading(),
    )];
    for region in &stats.per_region {
        let bar = (region.esf_grant_sek as usize * bar_room).div_ceil(largest as usize);
        let bar = bar.min(bar_room).max(usize::from(region.esf_grant_sek > 0));
        let label = truncate(&region.region, label_width);
        let pad = label_width.saturating_sub(label.width());
        let text = amount(region);
        let gap = (bar_room + amount_width + 1).saturating_sub(bar + text.width());
        lines.push(Line::from(vec![
            Span::raw(format!("{label}{}  ", " ".repeat(pad))),
            Span::styled("█".repeat(bar), theme.active()),
            Span::raw(format!(" {text}{}", " ".repeat(gap))),
            Span::raw(format!("{:>count_width$}", region.projects)),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// Projects per start year: every year when the bars fit (narrower bars
/// first), else the latest years, and the title says from which.
fn render_years(frame: &mut Frame, years_area: Rect, stats: &Stats, theme: &Theme) {
    let widest = stats
        .per_start_year
        .iter()
        .map(|y| y.projects.to_string().len() as u16)
        .max()
        .unwrap_or(1)
        .max(3);
    let room = usize::from(years_area.width);
    let count = stats.per_start_year.len();
    // Wide enough for the largest count to be written in its bar, if
    // every year fits so; else as wide as every year allows (2 at least,
    // for the 'yy label).
    let bar_width = (widest..=widest)
        .chain((2..widest).rev())
        .find(|&w| count * (usize::from(w) + 1) <= room + 1)
        .unwrap_or(2);
    let fitting = ((room + 1) / (usize::from(bar_width) + 1)).max(1);
    let shown = &stats.per_start_year[count.saturating_sub(fitting)..];
    let title = match (shown.first(), shown.len() < count) {
        (Some(first), true) => format!(
            "Projects per start year ('yy), from {} (widen for all)",
            first.year
        ),
        _ => "Projects per start year ('yy)".to_string(),
    };
    let year_bars: Vec<Bar> = shown
        .iter()
        .map(|year| {
            let bar = Bar::default()
                .value(year.projects as u64)
                .label(Line::from(format!("{:02}", year.year % 100)));
            if year.projects.to_string().len() <= usize::from(bar_width) {
                bar.text_value(year.projects.to_string())
            } else {
                bar.text_value(String::new())
            }
        })
        .collect();
    frame.render_widget(
        BarChart::default()
            .block(Block::new().title(Line::styled(title, theme.heading())))
            .bar_width(bar_width)
            .bar_gap(1)
            .bar_style(theme.active())
            .data(BarGroup::default().bars(&year_bars)),
        years_area,
    );
}
