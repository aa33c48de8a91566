//! The list pane: its cursor and scroll, the selected project, and the
//! marks (what is marked, the marked-only view, what the marks file has
//! not yet been told).

use super::super::action::Intent;
use super::super::keymap::Binding;
use super::cursor::Cursor;
use super::marks::Marks;
use super::row_marks::RowMarks;
use super::{Ctx, Outcome, movement};
use crate::model::Hit;

/// The bindings the status bar names while this pane has the keyboard.
pub const HINTS: &[Binding] = &[
    Binding::Help,
    Binding::Search,
    Binding::CycleSort,
    Binding::Quit,
];

#[derive(Debug, Clone, Default)]
pub struct ListPane {
    pub cursor: Cursor,
    /// The store index of the selected project.
    pub selected: Option<u32>,
    pub marks: Marks,
    /// The search's marks on the rows in view (matched letters, snippets).
    pub row_marks: RowMarks,
}

impl ListPane {
    /// Moving, and marking the selected project.
    pub fn update(&mut self, intent: &Intent, ctx: &Ctx) -> Outcome {
        if let Some(step) = movement(intent) {
            if ctx.hits.is_empty() {
                return Outcome::default();
            }
            let height = height(ctx);
            let row = self.cursor.moved(step.lines(height), ctx.hits.len());
            return self.select_row(row, ctx);
        }
        match intent {
            Intent::ToggleMark => {
                let Some(index) = self.selected else {
                    return Outcome::default();
                };
                self.marks.toggle(index, ctx.store);
                Outcome {
                    refresh: self.marks.only(),
                    marks_changed: true,
                    ..Outcome::default()
                }
            }
            Intent::ToggleMarkedOnly => {
                self.marks.toggle_only();
                Outcome::refresh()
            }
            _ => Outcome::default(),
        }
    }

    /// Puts the cursor on a row; says whether another project is selected.
    pub fn select_row(&mut self, row: usize, ctx: &Ctx) -> Outcome {
        let index = ctx.hits.get(row).map(|hit| hit.index);
        let changed = index != self.selected;
        self.cursor.at = row;
        self.selected = index;
        self.keep_visible(ctx);
        Outcome {
            selected: changed,
            ..Outcome::default()
        }
    }

    pub fn keep_visible(&mut self, ctx: &Ctx) {
        self.cursor.keep_visible(height(ctx), ctx.hits.len());
    }

    /// After the list was made again: the selection kept where it is still
    /// listed, else (or `from_top`) the first row.
    pub fn relist(&mut self, ctx: &Ctx, from_top: bool) -> Outcome {
        let still_listed = self
            .selected
            .and_then(|selected| ctx.hits.iter().position(|hit| hit.index == selected));
        let mut outcome = match still_listed {
            Some(row) => {
                self.cursor.at = row;
                self.keep_visible(ctx);
                Outcome::default()
            }
            None => {
                self.cursor.offset = 0;
                self.select_row(0, ctx)
            }
        };
        if from_top {
            self.cursor.offset = 0;
            outcome.selected |= self.select_row(0, ctx).selected;
        }
        outcome
    }

    /// A click on a screen row of the list (0: the first project shown).
    pub fn click(&mut self, row: usize, ctx: &Ctx) -> Outcome {
        let at = self.cursor.offset + row / ctx.row_height;
        if at < ctx.hits.len() {
            self.select_row(at, ctx)
        } else {
            Outcome::default()
        }
    }

    /// Whether the marked-only view keeps this project.
    pub fn keeps(&self, hit: &Hit) -> bool {
        self.marks.contains(hit.index)
    }
}

/// How many projects the list shows at once.
pub fn height(ctx: &Ctx) -> usize {
    // Border and the column header row.
    let lines = ctx
        .panes_with(ctx.layout.focus)
        .list
        .map_or(0, |r| usize::from(r.height.saturating_sub(3)));
    lines / ctx.row_height.max(1)
}

#[cfg(test)]
mod tests {
    use super::super::tests::fixture;
    use super::*;

    #[test]
    fn moving_selects_and_marking_toggles() {
        let fixture = fixture();
        let ctx = fixture.ctx();
        let mut list = ListPane::default();
        list.relist(&ctx, true);
        assert_eq!(list.selected, Some(ctx.hits[0].index));
        let outcome = list.update(&Intent::Down, &ctx);
        assert!(outcome.selected);
        assert_eq!(list.cursor.at, 1);
        list.update(&Intent::Bottom, &ctx);
        assert_eq!(list.cursor.at, ctx.hits.len() - 1);
        list.update(&Intent::ToggleMark, &ctx);
        assert_eq!(list.marks.len(), 1);
        assert!(list.update(&Intent::ToggleMarkedOnly, &ctx).refresh);
        assert!(
            list.update(&Intent::ToggleMark, &ctx).refresh,
            "marked only"
        );
        assert!(list.marks.is_empty());
    }
}
