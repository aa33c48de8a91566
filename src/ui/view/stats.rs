//! The statistics view: the sums for the listed projects, ESF grant and
//! project count per region as horizontal bar charts, projects per start
//! year as vertical bars.

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph};

use super::super::state::AppState;
use super::super::theme::Theme;
use super::key_of;
use crate::model::format::{group_thousands, kronor, truncate};
use crate::model::stats::Stats;

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    // Computed once when the list changed, not at each frame.
    let Some(stats) = state.stats() else {
        return;
    };
    let block = Block::bordered()
        .border_style(theme.border(true))
        .title(Line::styled(
            format!(
                " Statistics — {} or {} closes ",
                key_of(state, "statistics"),
                key_of(state, "back")
            ),
            theme.pane_title(true),
        ));
    let body = block.inner(area);
    frame.render_widget(block, area);
    if body.width < 4 || body.height < 3 {
        return;
    }
    let totals = vec![
        Line::from(format!("Projects: {}", stats.projects)),
        Line::from(format!(
            "ESF grant in total: {}",
            kronor(Some(stats.esf_grant_total_sek))
        )),
        Line::from(format!(
            "Total budget in total: {}",
            kronor(Some(stats.total_budget_total_sek))
        )),
    ];
    let regions = stats.per_region.len() as u16;
    let [totals_area, regions_area, years_area] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Length(regions.saturating_add(2).max(3)),
        Constraint::Min(0),
    ])
    .areas(body);
    frame.render_widget(Paragraph::new(totals), totals_area);
    render_regions(frame, regions_area, stats, theme);
    render_years(frame, years_area, stats, theme);
}

/// Horizontal bars, one a region, under a heading.
fn region_chart<'a>(heading: &'a str, bars: &'a [Bar<'a>], theme: &Theme) -> BarChart<'a> {
    BarChart::default()
        .block(Block::new().title(Line::styled(heading, theme.heading())))
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .bar_style(theme.active())
        .data(BarGroup::default().bars(bars))
}

/// ESF grant and project count per region, side by side.
fn render_regions(frame: &mut Frame, area: Rect, stats: &Stats, theme: &Theme) {
    let [grant_area, count_area] =
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(area);
    let label_width = usize::from(grant_area.width / 3).clamp(4, 22);
    let region_bars =
        |value: &dyn Fn(&crate::model::stats::RegionStats) -> (u64, String)| -> Vec<Bar> {
            stats
                .per_region
                .iter()
                .map(|region| {
                    let (number, text) = value(region);
                    Bar::default()
                        .value(number)
                        .label(Line::from(truncate(&region.region, label_width)))
                        .text_value(text)
                })
                .collect()
        };
    let grant_bars = region_bars(&|r| {
        (
            r.esf_grant_sek / 1000,
            format!("{} k kr", group_thousands(r.esf_grant_sek / 1000, ' ')),
        )
    });
    let count_bars = region_bars(&|r| (r.projects as u64, r.projects.to_string()));
    frame.render_widget(
        region_chart("ESF grant per region", &grant_bars, theme),
        grant_area,
    );
    frame.render_widget(
        region_chart("Projects per region", &count_bars, theme),
        count_area,
    );
}

/// Projects per start year.
fn render_years(frame: &mut Frame, years_area: Rect, stats: &Stats, theme: &Theme) {
    let year_bars: Vec<Bar> = stats
        .per_start_year
        .iter()
        .map(|year| {
            Bar::default()
                .value(year.projects as u64)
                .label(Line::from(format!("{:02}", year.year % 100)))
                .text_value(year.projects.to_string())
        })
        .collect();
    frame.render_widget(
        BarChart::default()
            .block(Block::new().title(Line::styled(
                "Projects per start year ('yy)",
                theme.heading(),
            )))
            .bar_width(3)
            .bar_gap(1)
            .bar_style(theme.active())
            .data(BarGroup::default().bars(&year_bars)),
        years_area,
    );
}
