//! Who has the keyboard and where the panes are: Esc, the filter pane
//! shown or hidden, the focus moved, the size, the mouse wheel and clicks.

use ratatui::layout::Rect;

use super::super::action::{Intent, Msg, Pane};
use super::super::layout::{LayoutInput, MIN_WIDTH_FOR_FILTERS, Panes};
use super::super::panes::Outcome;
use super::{AppState, ctx};

impl AppState {
    /// Esc: the statistics closed, else full screen left, else the detail
    /// left, else the values' narrowing or the query cleared.
    pub(super) fn back(&mut self) {
        if self.overlays.stats {
            self.overlays.stats = false;
        } else if self.detail.full {
            self.detail.full = false;
        } else if self.focus == Pane::Detail {
            self.focus = Pane::List;
        } else if self.focus == Pane::Filters && !self.filters.value_filter.is_empty() {
            // The narrowing of the values goes first.
            self.narrow_values("");
        } else {
            self.clear_query();
        }
    }

    pub(super) fn toggle_filter_pane(&mut self) {
        if self.area.width < MIN_WIDTH_FOR_FILTERS {
            self.message = Some(format!(
                "the filter pane needs {MIN_WIDTH_FOR_FILTERS} columns; the active filters are in the status bar"
            ));
            return;
        }
        self.filters.shown = !self.filters.shown;
        if !self.filters.shown && self.focus == Pane::Filters {
            self.focus = Pane::List;
        } else if self.filters.shown {
            self.detail.full = false;
        }
    }

    /// The detail takes the keyboard (and the screen, when it has no room).
    pub(super) fn focus_detail(&mut self) {
        self.focus = Pane::Detail;
        if !self.panes().is_visible(Pane::Detail) {
            self.detail.full = true;
        }
    }

    pub(super) fn cycle_focus(&mut self, forward: bool) {
        let order = [Pane::Filters, Pane::List, Pane::Detail];
        let at = order.iter().position(|p| *p == self.focus).unwrap_or(1);
        for step in 1..=2 {
            let candidate = order[if forward {
                (at + step) % 3
            } else {
                (at + 3 - step) % 3
            }];
            let panes = Panes::compute(LayoutInput {
                focus: candidate,
                detail_full: self.detail.full && candidate == Pane::Detail,
                ..self.layout_input()
            });
            let selectable = candidate != Pane::Detail || self.list.selected.is_some();
            if panes.is_visible(candidate) && selectable {
                self.focus = candidate;
                if candidate != Pane::Detail {
                    self.detail.full = false;
                }
                return;
            }
        }
    }

    /// The size, the mouse wheel and clicks.
    pub(super) fn on_terminal(&mut self, msg: Msg) {
        if self.overlays.open.is_some() {
            match msg {
                Msg::Resize(width, height) => self.area = Rect::new(0, 0, width, height),
                Msg::ClickAt { .. } => self.overlays.open = None,
                _ => {}
            }
            return;
        }
        match msg {
            Msg::Resize(width, height) => self.resize(width, height),
            Msg::ScrollAt { column, row, lines } => {
                if let Some(pane) = self.panes().pane_at(column, row) {
                    self.focus = pane;
                    let intent = if lines < 0 { Intent::Up } else { Intent::Down };
                    for _ in 0..lines.unsigned_abs() {
                        self.in_focused_pane(&intent);
                    }
                }
            }
            Msg::ClickAt { column, row } => self.click(column, row),
            _ => {}
        }
    }

    /// The detail rewraps: its view stays on the same section, the same
    /// share of the way through it.
    pub(super) fn resize(&mut self, width: u16, height: u16) {
        let anchor = self.detail.anchor(&ctx!(self, None));
        self.area = Rect::new(0, 0, width, height);
        if !self.panes().is_visible(self.focus) {
            self.focus = Pane::List;
        }
        let ctx = ctx!(self, None);
        self.detail.restore_anchor(anchor, &ctx);
        self.list.keep_visible(&ctx);
        self.filters.keep_visible(&ctx);
        self.detail.clamp(&ctx, ctx.layout.focus);
    }

    pub(super) fn click(&mut self, column: u16, row: u16) {
        let panes = self.panes();
        let Some(pane) = panes.pane_at(column, row) else {
            return;
        };
        self.focus = pane;
        let ctx = ctx!(self, None);
        let outcome = match (pane, panes.list, panes.filters) {
            // Border and header row above the first project.
            (Pane::List, Some(list), _)
                if row >= list.y + 2 && row < list.y + list.height.saturating_sub(1) =>
            {
                self.list.click(usize::from(row - list.y - 2), &ctx)
            }
            (Pane::Filters, _, Some(rect))
                if row > rect.y && row < rect.y + rect.height.saturating_sub(1) =>
            {
                let row = usize::from(row - rect.y - 1);
                self.filters.click(row, &mut self.query.filters)
            }
            _ => Outcome::default(),
        };
        self.apply(outcome);
    }
}
