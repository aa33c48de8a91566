//! The filter pane: whether it is shown, its rows (facets, programme
//! periods, values with their counts), its cursor, and the text its values
//! are narrowed to.

use super::super::action::Intent;
use super::super::keymap::Binding;
use super::cursor::Cursor;
use super::line_editor::LineEditor;
use super::prompt::Prompt;
use super::{Ctx, Outcome, movement};
use crate::model::page::program_area::split_label;
use crate::model::query::{Measure, value_key};
use crate::model::{Facet, Filters, Store};

/// The bindings the status bar names while this pane has the keyboard.
pub const HINTS: &[Binding] = &[
    Binding::Help,
    Binding::Search,
    Binding::Space,
    Binding::Quit,
];

/// A row of the filter pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterRow {
    Header(Facet),
    /// A programme period over its programme areas; `id` is the first of
    /// the values under it (its label names the period).
    Group {
        facet: Facet,
        id: u32,
    },
    Value {
        facet: Facet,
        id: u32,
        count: u32,
    },
    /// The heading over the range filters.
    RangesHeader,
    /// A range filter: Enter or Space types it.
    Range(Measure),
}

impl FilterRow {
    /// The facet of a facet's row; `None` for the ranges.
    pub fn facet(&self) -> Option<Facet> {
        match *self {
            FilterRow::Header(facet)
            | FilterRow::Group { facet, .. }
            | FilterRow::Value { facet, .. } => Some(facet),
            FilterRow::RangesHeader | FilterRow::Range(_) => None,
        }
    }

    fn is_heading(&self) -> bool {
        matches!(self, FilterRow::Header(_) | FilterRow::RangesHeader)
    }
}

/// The group a facet value is listed under in the filter pane: a
/// programme area's programme period (areas of no known period last);
/// one group for the values of other facets.
pub fn group_of(facet: Facet, value: &str) -> (bool, &str) {
    if facet != Facet::ProgramArea {
        return (false, "");
    }
    match split_label(value).0 {
        Some(period) => (false, period),
        None => (true, ""),
    }
}

#[derive(Debug, Clone)]
pub struct FiltersPane {
    pub shown: bool,
    pub rows: Vec<FilterRow>,
    pub cursor: Cursor,
    /// Typed in the filter pane: only values holding it are listed.
    pub value_filter: String,
    /// Facets folded to their heading.
    pub folded: Vec<Facet>,
}

impl Default for FiltersPane {
    fn default() -> FiltersPane {
        FiltersPane {
            shown: true,
            rows: Vec::new(),
            cursor: Cursor::default(),
            value_filter: String::new(),
            folded: Vec::new(),
        }
    }
}

impl FiltersPane {
    /// Moving, selecting values and clearing a facet: changes `filters`.
    pub fn update(&mut self, intent: &Intent, filters: &mut Filters, ctx: &Ctx) -> Outcome {
        if let Some(step) = movement(intent) {
            if !self.rows.is_empty() {
                let delta = step.lines(height(ctx));
                self.cursor.at = self.cursor.moved(delta, self.rows.len());
                self.keep_visible(ctx);
            }
            return Outcome::default();
        }
        match intent {
            Intent::ToggleFilterValue => self.toggle_value(filters),
            Intent::NextFacet | Intent::PreviousFacet => {
                self.jump_to_facet(*intent == Intent::NextFacet);
                self.keep_visible(ctx);
                Outcome::default()
            }
            Intent::ClearFacet => match self.rows.get(self.cursor.at).copied() {
                Some(FilterRow::Range(measure)) => {
                    filters.clear_range(measure);
                    Outcome::refresh()
                }
                Some(FilterRow::RangesHeader) => clear_ranges(filters),
                Some(row) => {
                    if let Some(facet) = row.facet() {
                        filters.clear(facet);
                    }
                    Outcome::refresh()
                }
                None => Outcome::default(),
            },
            _ => Outcome::default(),
        }
    }

    /// Space on a row: a value in or out, a facet cleared, a programme
    /// period's areas all in (or, when they all are, all out), a range
    /// to type (the ranges' heading: all of them cleared).
    pub fn toggle_value(&mut self, filters: &mut Filters) -> Outcome {
        match self.rows.get(self.cursor.at).copied() {
            Some(FilterRow::Value { facet, id, .. }) => filters.toggle(facet, id),
            Some(FilterRow::Header(facet)) => filters.clear(facet),
            Some(FilterRow::RangesHeader) => return clear_ranges(filters),
            Some(FilterRow::Range(measure)) => {
                let typed = filters.range(measure).map(|r| r.typed(measure));
                let editor = LineEditor::words(&typed.unwrap_or_default());
                return Outcome {
                    prompt: Some(Prompt::Range(measure, editor)),
                    ..Outcome::default()
                };
            }
            Some(FilterRow::Group { facet, .. }) => {
                let under: Vec<u32> = self.rows[self.cursor.at + 1..]
                    .iter()
                    .map_while(|row| match *row {
                        FilterRow::Value { id, .. } => Some(id),
                        _ => None,
                    })
                    .collect();
                let all = under.iter().all(|&id| filters.is_selected(facet, id));
                for id in under {
                    if all || !filters.is_selected(facet, id) {
                        filters.toggle(facet, id);
                    }
                }
            }
            None => return Outcome::default(),
        }
        Outcome::refresh()
    }

    /// A click on a screen row of the pane (0: the first row shown).
    pub fn click(&mut self, row: usize, filters: &mut Filters) -> Outcome {
        let at = self.cursor.offset + row;
        if at >= self.rows.len() {
            return Outcome::default();
        }
        self.cursor.at = at;
        self.toggle_value(filters)
    }

    /// The cursor to the next facet's heading, or to the previous one (from
    /// a value: its own facet's heading).
    fn jump_to_facet(&mut self, next: bool) {
        let is_header = |row: &FilterRow| row.is_heading();
        let at = self.cursor.at;
        let found = if next {
            self.rows
                .iter()
                .skip(at + 1)
                .position(is_header)
                .map(|i| at + 1 + i)
        } else {
            self.rows[..at.min(self.rows.len())]
                .iter()
                .rposition(is_header)
        };
        if let Some(found) = found {
            self.cursor.at = found;
        }
    }

    /// Folds the facet under the cursor to its heading, or unfolds it (the
    /// rows are then made again).
    pub fn toggle_fold(&mut self) {
        let Some(facet) = self.rows.get(self.cursor.at).and_then(FilterRow::facet) else {
            return;
        };
        match self.folded.iter().position(|&f| f == facet) {
            Some(at) => {
                self.folded.remove(at);
            }
            None => self.folded.push(facet),
        }
    }

    /// The narrowing of the values changed: the rows again, from the top.
    pub fn narrow(&mut self, text: &str, rows: Vec<FilterRow>, ctx: &Ctx) {
        self.value_filter = text.to_string();
        self.cursor = Cursor::default();
        self.set_rows(rows, ctx);
    }

    pub fn keep_visible(&mut self, ctx: &Ctx) {
        self.cursor.keep_visible(height(ctx), self.rows.len());
    }

    /// New rows: the cursor stays on the row it was on, if still there.
    pub fn set_rows(&mut self, rows: Vec<FilterRow>, ctx: &Ctx) {
        let under_cursor = self.rows.get(self.cursor.at).copied();
        self.rows = rows;
        let same = |row: &FilterRow| same_row(ctx.store, row, under_cursor);
        self.cursor.at = self
            .rows
            .iter()
            .position(same)
            .unwrap_or(self.cursor.at.min(self.rows.len().saturating_sub(1)));
        self.keep_visible(ctx);
    }
}

fn same_row(store: &Store, row: &FilterRow, other: Option<FilterRow>) -> bool {
    match (row, other) {
        (FilterRow::Header(a), Some(FilterRow::Header(b))) => *a == b,
        (FilterRow::Group { facet, id }, Some(FilterRow::Group { facet: f, id: i })) => {
            let values = store.facet(f).values();
            *facet == f && group_of(f, &values[*id as usize]) == group_of(f, &values[i as usize])
        }
        (
            FilterRow::Value { facet, id, .. },
            Some(FilterRow::Value {
                facet: f, id: i, ..
            }),
        ) => *facet == f && *id == i,
        (FilterRow::RangesHeader | FilterRow::Range(_), Some(other)) => *row == other,
        _ => false,
    }
}

/// Every range filter dropped.
fn clear_ranges(filters: &mut Filters) -> Outcome {
    for measure in Measure::ALL {
        filters.clear_range(measure);
    }
    Outcome::refresh()
}

/// The pane's rows for these counts: each facet's values with a count (or
/// selected) and holding `narrowed_to`, most common in the corpus first.
pub fn rows(
    store: &Store,
    counts: &[Vec<u32>],
    filters: &Filters,
    (narrowed_to, folded): (&str, &[Facet]),
) -> Vec<FilterRow> {
    let mut rows = Vec::new();
    let wanted = value_key(narrowed_to);
    for facet in Facet::ALL {
        let values = store.facet(facet).values();
        if values.is_empty() {
            continue;
        }
        rows.push(FilterRow::Header(facet));
        if folded.contains(&facet) {
            continue;
        }
        let counts = &counts[facet.index()];
        let mut ids: Vec<u32> = (0..values.len() as u32)
            .filter(|&id| counts[id as usize] > 0 || filters.is_selected(facet, id))
            .filter(|&id| wanted.is_empty() || value_key(&values[id as usize]).contains(&wanted))
            .collect();
        // By how many projects of the whole corpus carry the value, then
        // in Swedish order (ids are): an order that stays put while other
        // facets change the counts. Programme areas first by their period,
        // each period under a row of its own.
        let totals = store.facet(facet).totals();
        let group = |id: u32| group_of(facet, &values[id as usize]);
        ids.sort_by_key(|&id| (group(id), std::cmp::Reverse(totals[id as usize]), id));
        let mut current = None;
        for id in ids {
            let this = group(id);
            if facet == Facet::ProgramArea && current != Some(this) {
                rows.push(FilterRow::Group { facet, id });
                current = Some(this);
            }
            let count = counts[id as usize];
            rows.push(FilterRow::Value { facet, id, count });
        }
    }
    if !store.is_empty() {
        rows.push(FilterRow::RangesHeader);
        rows.extend(Measure::ALL.map(FilterRow::Range));
    }
    rows
}

/// Rows the pane shows at once.
pub fn height(ctx: &Ctx) -> usize {
    ctx.panes()
        .filters
        .map_or(0, |r| usize::from(r.height.saturating_sub(2)))
}

#[cfg(test)]
mod tests {
    use super::super::tests::fixture;
    use super::*;

    #[test]
    fn space_selects_a_value_and_c_clears_its_facet() {
        let fixture = fixture();
        let ctx = fixture.ctx();
        let mut pane = FiltersPane::default();
        let mut filters = Filters::default();
        pane.set_rows(rows(ctx.store, &fixture.counts, &filters, ("", &[])), &ctx);
        pane.update(&Intent::Down, &mut filters, &ctx);
        let Some(FilterRow::Value { facet, id, .. }) = pane.rows.get(pane.cursor.at).copied()
        else {
            panic!("a value under the cursor");
        };
        let outcome = pane.update(&Intent::ToggleFilterValue, &mut filters, &ctx);
        assert!(outcome.refresh);
        assert!(filters.is_selected(facet, id));
        pane.update(&Intent::ClearFacet, &mut filters, &ctx);
        assert!(!filters.is_selected(facet, id));
        pane.narrow(
            "zzzz-none",
            rows(ctx.store, &fixture.counts, &filters, ("zzzz-none", &[])),
            &ctx,
        );
        assert!(pane.rows.iter().all(|row| matches!(
            row,
            FilterRow::Header(_) | FilterRow::RangesHeader | FilterRow::Range(_)
        )));
    }
}
