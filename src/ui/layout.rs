//! Where each pane goes for a terminal size and state. A pure function,
//! used by rendering and by the update logic (page sizes, mouse hits), so
//! both always agree.

use ratatui::layout::{Constraint, Direction, Layout, Rect};

use super::action::Pane;

/// What the layout depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayoutInput {
    pub area: Rect,
    pub show_filters: bool,
    pub detail_full: bool,
    pub search_bar: bool,
    /// The statistics view takes the place of the list and the detail.
    pub stats: bool,
    pub focus: Pane,
}

/// The rectangles of the visible panes (borders included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Panes {
    pub filters: Option<Rect>,
    pub search: Option<Rect>,
    pub list: Option<Rect>,
    pub detail: Option<Rect>,
    pub stats: Option<Rect>,
    pub status: Rect,
}

/// Below this width the filter pane folds away (active filters stay in the status bar).
pub const MIN_WIDTH_FOR_FILTERS: u16 = 60;
/// From this width the list and the detail stand side by side.
pub const MIN_WIDTH_FOR_COLUMNS: u16 = 110;
/// Below this height only one of list and detail is shown.
pub const MIN_HEIGHT_FOR_STACK: u16 = 16;

impl Panes {
    pub fn compute(input: LayoutInput) -> Panes {
        let area = input.area;
        let [main, status] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
        let mut panes = Panes {
            status,
            ..Panes::default()
        };
        if input.detail_full {
            panes.detail = Some(main);
            return panes;
        }
        let rest = if input.show_filters && main.width >= MIN_WIDTH_FOR_FILTERS {
            let width = (main.width / 4).clamp(20, 34);
            let [filters, rest] =
                Layout::horizontal([Constraint::Length(width), Constraint::Min(0)]).areas(main);
            panes.filters = Some(filters);
            rest
        } else {
            main
        };
        if input.stats {
            panes.stats = Some(rest);
            return panes;
        }
        let (list_area, detail) = if rest.width >= MIN_WIDTH_FOR_COLUMNS {
            let [list, detail] =
                Layout::horizontal([Constraint::Percentage(48), Constraint::Percentage(52)])
                    .areas(rest);
            (Some(list), Some(detail))
        } else if rest.height >= MIN_HEIGHT_FOR_STACK {
            let [list, detail] = Layout::default()
                .direction(Direction::Vertical)
                .constraints([Constraint::Percentage(42), Constraint::Percentage(58)])
                .areas(rest);
            (Some(list), Some(detail))
        } else if input.focus == Pane::Detail {
            (None, Some(rest))
        } else {
            (Some(rest), None)
        };
        panes.detail = detail;
        if let Some(list_area) = list_area {
            if input.search_bar && list_area.height >= 2 {
                let [search, list] =
                    Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(list_area);
                panes.search = Some(search);
                panes.list = Some(list);
            } else {
                panes.list = Some(list_area);
            }
        }
        panes
    }

    pub fn pane_at(&self, column: u16, row: u16) -> Option<Pane> {
        let hit = |rect: Option<Rect>| rect.is_some_and(|r| r.contains((column, row).into()));
        if hit(self.filters) {
            Some(Pane::Filters)
        } else if hit(self.list) || hit(self.search) {
            Some(Pane::List)
        } else if hit(self.detail) {
            Some(Pane::Detail)
        } else {
            None
        }
    }

    pub fn is_visible(&self, pane: Pane) -> bool {
        match pane {
            Pane::Filters => self.filters.is_some(),
            Pane::List => self.list.is_some(),
            Pane::Detail => self.detail.is_some(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(width: u16, height: u16) -> LayoutInput {
        LayoutInput {
            area: Rect::new(0, 0, width, height),
            show_filters: true,
            detail_full: false,
            search_bar: true,
            stats: false,
            focus: Pane::List,
        }
    }

    #[test]
    fn wide_terminals_get_three_columns() {
        let panes = Panes::compute(input(200, 60));
        let (f, l, d) = (
            panes.filters.unwrap(),
            panes.list.unwrap(),
            panes.detail.unwrap(),
        );
        assert!(f.x < l.x && l.x < d.x);
        assert_eq!(panes.status, Rect::new(0, 59, 200, 1));
    }

    #[test]
    fn eighty_columns_stack_list_over_detail() {
        let panes = Panes::compute(input(80, 24));
        let (l, d) = (panes.list.unwrap(), panes.detail.unwrap());
        assert!(panes.filters.is_some());
        assert!(l.y < d.y && l.x == d.x);
    }

    #[test]
    fn small_terminals_fold_the_filters_and_show_one_pane() {
        let panes = Panes::compute(input(40, 12));
        assert!(panes.filters.is_none());
        assert!(panes.list.is_some() && panes.detail.is_none());
        for (w, h) in [(1, 1), (0, 0), (2, 1), (3, 3)] {
            let _ = Panes::compute(input(w, h));
        }
    }
}
