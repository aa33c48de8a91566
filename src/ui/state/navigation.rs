//! Moving around: focus, cursors, scrolling, section jumps and mouse hits.

use ratatui::layout::Rect;

use super::super::action::{Action, Pane};
use super::super::keymap::Mode;
use super::super::layout::{LayoutInput, MIN_WIDTH_FOR_FILTERS, Panes};
use super::{AppState, FilterRow};
use crate::model::Facet;

impl AppState {
    /// Moving around: focus, cursors, scrolling, sections, the size.
    pub(super) fn update_navigation(&mut self, action: Action) {
        match action {
            Action::FocusNext => self.cycle_focus(true),
            Action::FocusPrevious => self.cycle_focus(false),
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-(self.page_size() as isize)),
            Action::PageDown => self.move_by(self.page_size() as isize),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::Open => match self.focus {
                Pane::List if self.selected.is_some() => self.focus_detail(),
                Pane::Filters => self.toggle_filter_value(),
                Pane::Detail => {
                    self.detail_full = !self.detail_full;
                    self.clamp_detail_scroll();
                }
                _ => {}
            },
            Action::Back => {
                if self.show_stats {
                    self.show_stats = false;
                } else if self.detail_full {
                    self.detail_full = false;
                } else if self.focus == Pane::Detail {
                    self.focus = Pane::List;
                } else if self.focus == Pane::Filters && !self.value_filter.is_empty() {
                    // The narrowing of the values goes first.
                    self.value_filter.clear();
                    self.filter_pane = Default::default();
                    self.rebuild_filter_rows();
                } else if !self.query.text.is_empty() {
                    self.clear_query();
                }
            }
            Action::ToggleFullDetail if self.selected.is_some() => {
                self.detail_full = !self.detail_full;
                self.focus = Pane::Detail;
                // Taller now: no screen of blank rows past the end.
                self.clamp_detail_scroll();
            }
            Action::ToggleFilterPane if self.area.width < MIN_WIDTH_FOR_FILTERS => {
                self.message = Some(format!(
                    "the filter pane needs {MIN_WIDTH_FOR_FILTERS} columns; the active filters are in the status bar"
                ));
            }
            Action::ToggleFilterPane => {
                self.show_filters = !self.show_filters;
                if !self.show_filters && self.focus == Pane::Filters {
                    self.focus = Pane::List;
                } else if self.show_filters {
                    self.detail_full = false;
                }
            }
            Action::NextSection => self.jump_section(true),
            Action::PreviousSection => self.jump_section(false),
            Action::JumpToSection(heading) => self.jump_to(heading),
            Action::Resize(width, height) => {
                // The detail rewraps: keep its view on the same section,
                // the same share of the way through it.
                let anchor = self.detail_anchor();
                self.area = Rect::new(0, 0, width, height);
                if !self.panes().is_visible(self.focus) {
                    self.focus = Pane::List;
                }
                self.restore_detail_anchor(anchor);
                self.clamp_scrolls();
            }
            Action::ScrollAt { column, row, lines } => {
                if let Some(pane) = self.panes().pane_at(column, row) {
                    self.focus = pane;
                    self.move_by(lines as isize);
                }
            }
            Action::ClickAt { column, row } => self.click(column, row),
            _ => {}
        }
    }

    pub(super) fn focus_detail(&mut self) {
        self.focus = Pane::Detail;
        if !self.panes().is_visible(Pane::Detail) {
            self.detail_full = true;
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
                detail_full: self.detail_full && candidate == Pane::Detail,
                ..self.layout_input()
            });
            if panes.is_visible(candidate) && (candidate != Pane::Detail || self.selected.is_some())
            {
                self.focus = candidate;
                if candidate != Pane::Detail {
                    self.detail_full = false;
                }
                return;
            }
        }
    }

    pub(super) fn layout_input(&self) -> LayoutInput {
        LayoutInput {
            area: self.area,
            show_filters: self.show_filters,
            detail_full: self.detail_full,
            search_bar: self.mode() == Mode::Search || !self.query.text.is_empty(),
            stats: self.show_stats,
            focus: self.focus,
        }
    }

    pub(super) fn page_size(&self) -> usize {
        let height = match self.focus {
            Pane::Filters => self.filter_height(),
            Pane::List => self.list_height(),
            Pane::Detail => self.detail_height(),
        };
        height.saturating_sub(1).max(1)
    }

    pub(super) fn move_by(&mut self, delta: isize) {
        match self.focus {
            Pane::List => {
                if self.results.hits.is_empty() {
                    return;
                }
                self.select_row(self.list.moved(delta, self.results.hits.len()));
            }
            Pane::Filters => {
                if self.results.filter_rows.is_empty() {
                    return;
                }
                self.filter_pane.at = self
                    .filter_pane
                    .moved(delta, self.results.filter_rows.len());
                self.keep_filter_cursor_visible();
            }
            Pane::Detail => {
                self.detail_scroll = self.detail_scroll.saturating_add_signed(delta);
                self.clamp_detail_scroll();
            }
        }
    }

    pub(super) fn select_row(&mut self, cursor: usize) {
        let index = self.results.hits.get(cursor).map(|m| m.index);
        if index != self.selected {
            // Another page: from its top, its own first match.
            self.detail_scroll = 0;
            self.find.current = 0;
        }
        self.list.at = cursor;
        self.selected = index;
        self.keep_list_cursor_visible();
    }

    pub(super) fn keep_list_cursor_visible(&mut self) {
        let height = self.list_height();
        self.list.keep_visible(height, self.results.hits.len());
    }

    pub(super) fn keep_filter_cursor_visible(&mut self) {
        let height = self.filter_height();
        self.filter_pane
            .keep_visible(height, self.results.filter_rows.len());
    }

    pub(super) fn clamp_detail_scroll(&mut self) {
        let lines = self.detail_document().map_or(0, |doc| doc.lines.len());
        let max = lines.saturating_sub(self.detail_height().max(1));
        self.detail_scroll = self.detail_scroll.min(max);
    }

    pub(super) fn clamp_scrolls(&mut self) {
        self.keep_list_cursor_visible();
        self.keep_filter_cursor_visible();
        self.clamp_detail_scroll();
    }

    pub(super) fn jump_to(&mut self, heading: &str) {
        let Some(doc) = self.detail_document() else {
            return;
        };
        match doc.heading_line(heading) {
            Some(line) => {
                self.focus_detail();
                let doc = self.detail_document().unwrap_or(doc);
                self.detail_scroll = doc.heading_line(heading).unwrap_or(line);
                self.clamp_detail_scroll();
            }
            None => self.message = Some(format!("this project has no {heading}")),
        }
    }

    pub(super) fn jump_section(&mut self, forward: bool) {
        let Some(doc) = self.detail_document() else {
            return;
        };
        let mut starts = doc.headings.iter().map(|(_, line)| *line);
        let target = if forward {
            starts.clone().find(|&line| line > self.detail_scroll)
        } else {
            starts.rfind(|&line| line < self.detail_scroll).or(Some(0))
        };
        if let Some(line) = target {
            self.focus_detail();
            self.detail_scroll = line;
            self.clamp_detail_scroll();
        }
    }

    pub(super) fn facet_under_cursor(&self) -> Option<Facet> {
        if self.focus != Pane::Filters {
            return None;
        }
        self.results
            .filter_rows
            .get(self.filter_pane.at)
            .map(FilterRow::facet)
    }

    pub(super) fn toggle_filter_value(&mut self) {
        match self.results.filter_rows.get(self.filter_pane.at).copied() {
            Some(FilterRow::Value { facet, id, .. }) => {
                self.query.filters.toggle(facet, id);
                self.refresh();
            }
            Some(FilterRow::Header(facet)) => {
                self.query.filters.clear(facet);
                self.refresh();
            }
            Some(FilterRow::Group { facet, .. }) => {
                self.toggle_filter_group(facet);
                self.refresh();
            }
            None => {}
        }
    }

    /// Space on a programme period's row: selects every area listed under
    /// it, or, when all of them are selected, none.
    fn toggle_filter_group(&mut self, facet: Facet) {
        let rows = &self.results.filter_rows;
        let under: Vec<u32> = rows
            .iter()
            .skip(self.filter_pane.at + 1)
            .map_while(|row| match *row {
                FilterRow::Value { id, .. } => Some(id),
                _ => None,
            })
            .collect();
        let filters = &mut self.query.filters;
        let all = under.iter().all(|&id| filters.is_selected(facet, id));
        for id in under {
            if all || !filters.is_selected(facet, id) {
                filters.toggle(facet, id);
            }
        }
    }

    pub(super) fn click(&mut self, column: u16, row: u16) {
        let panes = self.panes();
        let Some(pane) = panes.pane_at(column, row) else {
            return;
        };
        self.focus = pane;
        match pane {
            Pane::List => {
                let Some(list) = panes.list else { return };
                // Border and header row above the first project.
                let first_row = list.y + 2;
                if row >= first_row && row < list.y + list.height.saturating_sub(1) {
                    let cursor =
                        self.list.offset + usize::from(row - first_row) / self.list_row_height();
                    if cursor < self.results.hits.len() {
                        self.select_row(cursor);
                    }
                }
            }
            Pane::Filters => {
                let Some(filters) = panes.filters else { return };
                if row > filters.y && row < filters.y + filters.height.saturating_sub(1) {
                    let cursor = self.filter_pane.offset + usize::from(row - filters.y - 1);
                    if cursor < self.results.filter_rows.len() {
                        self.filter_pane.at = cursor;
                        self.toggle_filter_value();
                    }
                }
            }
            Pane::Detail => {}
        }
    }

    /// Where the detail view stands: the section it is in, and how far
    /// into it (0.0 = its heading).
    pub(super) fn detail_anchor(&self) -> Option<(usize, f64)> {
        if self.detail_scroll == 0 {
            return None;
        }
        let doc = self.detail_document()?;
        let section = doc
            .headings
            .iter()
            .rposition(|(_, line)| *line <= self.detail_scroll)?;
        let start = doc.headings[section].1;
        let end = doc
            .headings
            .get(section + 1)
            .map_or(doc.lines.len(), |(_, line)| *line);
        let share = (self.detail_scroll - start) as f64 / (end - start).max(1) as f64;
        Some((section, share))
    }

    pub(super) fn restore_detail_anchor(&mut self, anchor: Option<(usize, f64)>) {
        let (Some((section, share)), Some(doc)) = (anchor, self.detail_document()) else {
            return;
        };
        let Some(&(_, start)) = doc.headings.get(section) else {
            return;
        };
        let end = doc
            .headings
            .get(section + 1)
            .map_or(doc.lines.len(), |(_, line)| *line);
        self.detail_scroll = start + ((end - start) as f64 * share).round() as usize;
    }
}
