//! `AppState`: everything the browser shows, and `update`, the one place
//! that changes it. Plain Rust: no terminal, testable with actions alone.

use ratatui::layout::Rect;

use super::action::{Action, Pane};
use super::keymap::Mode;
use super::layout::{LayoutInput, Panes, inner};
use crate::model::document::{Document, layout as document_layout};
use crate::model::query::{facet_counts, filter, sort};
use crate::model::{Corpus, Facet, Filters, Hit, Progress, SortKey, TitleQuery, TitleSearch};

/// A row of the filter pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterRow {
    Header(Facet),
    Value { facet: Facet, id: u32, count: u32 },
}

/// A window drawn over the panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Problems,
}

/// What the caller should do after an update (ordered: a batch of
/// updates does the most demanding of its effects).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Effect {
    None,
    Redraw,
    Quit,
}

/// Options fixed at start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    pub mouse: bool,
}

pub struct AppState {
    pub corpus: Corpus,
    /// Set while pages are still being read.
    pub loading: Option<Progress>,
    pub options: Options,
    pub area: Rect,
    pub mode: Mode,
    pub focus: Pane,
    pub overlay: Option<Overlay>,
    pub overlay_scroll: usize,
    pub show_filters: bool,
    pub detail_full: bool,
    pub query: String,
    pub filters: Filters,
    pub sort: SortKey,
    pub reverse: bool,
    pub message: Option<String>,
    search: TitleSearch,
    // Derived from the corpus, query, filters and sort by `refresh`.
    hits: Vec<Hit>,
    counts: Vec<Vec<u32>>,
    filter_rows: Vec<FilterRow>,
    // Cursors.
    list_cursor: usize,
    list_offset: usize,
    selected: Option<u32>,
    filter_cursor: usize,
    filter_offset: usize,
    detail_scroll: usize,
}

impl AppState {
    pub fn new(corpus: Corpus, options: Options) -> AppState {
        let mut state = AppState {
            corpus,
            loading: None,
            options,
            area: Rect::new(0, 0, 80, 24),
            mode: Mode::Browse,
            focus: Pane::List,
            overlay: None,
            overlay_scroll: 0,
            show_filters: true,
            detail_full: false,
            query: String::new(),
            filters: Filters::default(),
            sort: SortKey::Relevance,
            reverse: false,
            message: None,
            search: TitleSearch::new(),
            hits: Vec::new(),
            counts: Vec::new(),
            filter_rows: Vec::new(),
            list_cursor: 0,
            list_offset: 0,
            selected: None,
            filter_cursor: 0,
            filter_offset: 0,
            detail_scroll: 0,
        };
        state.refresh();
        state
    }

    // ----- read access for rendering and tests -----

    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }

    pub fn search(&self) -> &TitleSearch {
        &self.search
    }

    pub fn filter_rows(&self) -> &[FilterRow] {
        &self.filter_rows
    }

    pub fn list_cursor(&self) -> usize {
        self.list_cursor
    }

    pub fn list_offset(&self) -> usize {
        self.list_offset
    }

    pub fn filter_cursor(&self) -> usize {
        self.filter_cursor
    }

    pub fn filter_offset(&self) -> usize {
        self.filter_offset
    }

    pub fn detail_scroll(&self) -> usize {
        self.detail_scroll
    }

    /// The store index of the selected project.
    pub fn selected(&self) -> Option<usize> {
        self.selected.map(|i| i as usize)
    }

    /// The sort in force: relevance only means something with a query.
    pub fn effective_sort(&self) -> SortKey {
        if self.sort == SortKey::Relevance && self.query.trim().is_empty() {
            SortKey::Title
        } else {
            self.sort
        }
    }

    pub fn panes(&self) -> Panes {
        Panes::compute(self.layout_input())
    }

    /// The selected project laid out for the detail pane's width.
    pub fn detail_document(&self) -> Option<Document> {
        let index = self.selected()?;
        let width = self
            .panes()
            .detail
            .map_or(self.area.width.saturating_sub(2), |r| inner(r).width);
        Some(document_layout(
            self.corpus.store.project(index),
            usize::from(width),
        ))
    }

    fn detail_height(&self) -> usize {
        self.panes()
            .detail
            .map_or(0, |r| usize::from(inner(r).height))
    }

    fn list_height(&self) -> usize {
        // Border and the column header row.
        self.panes()
            .list
            .map_or(0, |r| usize::from(inner(r).height.saturating_sub(1)))
    }

    fn filter_height(&self) -> usize {
        self.panes()
            .filters
            .map_or(0, |r| usize::from(inner(r).height))
    }

    // ----- update -----

    /// Applies one action. Returns whether to redraw or quit.
    pub fn update(&mut self, action: Action) -> Effect {
        self.message = None;
        if let Some(overlay) = self.overlay {
            return self.update_overlay(overlay, action);
        }
        match action {
            Action::Quit => return Effect::Quit,
            Action::ToggleHelp => self.open_overlay(Overlay::Help),
            Action::ToggleProblems => self.open_overlay(Overlay::Problems),
            Action::StartSearch => {
                self.mode = Mode::Search;
                self.focus = Pane::List;
                self.detail_full = false;
            }
            Action::SearchInput(c) => {
                self.query.push(c);
                self.refresh();
            }
            Action::InsertText(text) => {
                if self.mode == Mode::Search {
                    let line = text.lines().next().unwrap_or("");
                    self.query.extend(line.chars().filter(|c| !c.is_control()));
                    self.refresh();
                }
            }
            Action::SearchBackspace => {
                self.query.pop();
                self.refresh();
            }
            Action::SearchDeleteWord => {
                let trimmed = self.query.trim_end().len();
                let cut = self.query[..trimmed].rfind(' ').map_or(0, |i| i + 1);
                self.query.truncate(cut);
                self.refresh();
            }
            Action::SearchAccept => self.mode = Mode::Browse,
            Action::SearchCancel => {
                self.mode = Mode::Browse;
                self.clear_query();
            }
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
                Pane::Detail => self.detail_full = !self.detail_full,
                _ => {}
            },
            Action::Back => {
                if self.detail_full {
                    self.detail_full = false;
                } else if self.focus == Pane::Detail {
                    self.focus = Pane::List;
                } else if !self.query.is_empty() {
                    self.clear_query();
                }
            }
            Action::ToggleFullDetail => {
                if self.selected.is_some() {
                    self.detail_full = !self.detail_full;
                    self.focus = Pane::Detail;
                }
            }
            Action::ToggleFilterPane => {
                self.show_filters = !self.show_filters;
                if !self.show_filters && self.focus == Pane::Filters {
                    self.focus = Pane::List;
                } else if self.show_filters {
                    self.detail_full = false;
                }
            }
            Action::ToggleValue => match self.focus {
                Pane::Filters => self.toggle_filter_value(),
                Pane::Detail => self.move_by(self.page_size() as isize),
                Pane::List => {}
            },
            Action::ClearFacet => {
                if let Some(facet) = self.facet_under_cursor() {
                    self.filters.clear(facet);
                    self.refresh();
                }
            }
            Action::ClearAllFilters => {
                self.filters.clear_all();
                self.refresh();
            }
            Action::CycleSort => {
                self.sort = self.effective_sort().next();
                if self.sort == SortKey::Relevance && self.query.trim().is_empty() {
                    self.sort = SortKey::Relevance.next();
                }
                self.refresh();
                self.message = Some(format!("sorted by {}", self.effective_sort().label()));
            }
            Action::ReverseSort => {
                self.reverse = !self.reverse;
                self.refresh();
            }
            Action::NextSection => self.jump_section(true),
            Action::PreviousSection => self.jump_section(false),
            Action::JumpToSection(heading) => self.jump_to(heading),
            Action::Resize(width, height) => {
                self.area = Rect::new(0, 0, width, height);
                if !self.panes().is_visible(self.focus) {
                    self.focus = Pane::List;
                }
                self.clamp_scrolls();
            }
            Action::ScrollAt { column, row, lines } => {
                if let Some(pane) = self.panes().pane_at(column, row) {
                    self.focus = pane;
                    self.move_by(lines as isize);
                }
            }
            Action::ClickAt { column, row } => self.click(column, row),
        }
        Effect::Redraw
    }

    fn update_overlay(&mut self, overlay: Overlay, action: Action) -> Effect {
        match action {
            Action::Quit => return Effect::Quit,
            Action::Down => self.overlay_scroll += 1,
            Action::Up => self.overlay_scroll = self.overlay_scroll.saturating_sub(1),
            Action::PageDown | Action::ToggleValue => self.overlay_scroll += 10,
            Action::PageUp => self.overlay_scroll = self.overlay_scroll.saturating_sub(10),
            Action::Resize(width, height) => self.area = Rect::new(0, 0, width, height),
            Action::ToggleHelp if overlay == Overlay::Problems => self.open_overlay(Overlay::Help),
            Action::ToggleProblems if overlay == Overlay::Help => {
                self.open_overlay(Overlay::Problems)
            }
            Action::ScrollAt { .. } | Action::Top | Action::Bottom => {}
            _ => self.overlay = None,
        }
        Effect::Redraw
    }

    fn open_overlay(&mut self, overlay: Overlay) {
        self.overlay = Some(overlay);
        self.overlay_scroll = 0;
    }

    /// Replaces the corpus (when loading finishes).
    pub fn set_corpus(&mut self, corpus: Corpus) {
        self.corpus = corpus;
        self.loading = None;
        self.filters.clear_all();
        self.search.reset();
        self.refresh();
        if !self.corpus.problems.is_empty() {
            self.message = Some(format!(
                "{} file(s) could not be loaded — press ! to see why",
                self.corpus.problems.len()
            ));
        }
    }

    fn clear_query(&mut self) {
        if !self.query.is_empty() {
            self.query.clear();
            self.refresh();
        }
    }

    fn focus_detail(&mut self) {
        self.focus = Pane::Detail;
        if !self.panes().is_visible(Pane::Detail) {
            self.detail_full = true;
        }
    }

    fn cycle_focus(&mut self, forward: bool) {
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

    fn layout_input(&self) -> LayoutInput {
        LayoutInput {
            area: self.area,
            show_filters: self.show_filters,
            detail_full: self.detail_full,
            search_bar: self.mode == Mode::Search || !self.query.is_empty(),
            focus: self.focus,
        }
    }

    fn page_size(&self) -> usize {
        let height = match self.focus {
            Pane::Filters => self.filter_height(),
            Pane::List => self.list_height(),
            Pane::Detail => self.detail_height(),
        };
        height.saturating_sub(1).max(1)
    }

    fn move_by(&mut self, delta: isize) {
        match self.focus {
            Pane::List => {
                if self.hits.is_empty() {
                    return;
                }
                let cursor = self
                    .list_cursor
                    .saturating_add_signed(delta)
                    .min(self.hits.len() - 1);
                self.select_row(cursor);
            }
            Pane::Filters => {
                if self.filter_rows.is_empty() {
                    return;
                }
                self.filter_cursor = self
                    .filter_cursor
                    .saturating_add_signed(delta)
                    .min(self.filter_rows.len() - 1);
                self.keep_filter_cursor_visible();
            }
            Pane::Detail => {
                self.detail_scroll = self.detail_scroll.saturating_add_signed(delta);
                self.clamp_detail_scroll();
            }
        }
    }

    fn select_row(&mut self, cursor: usize) {
        let index = self.hits.get(cursor).map(|m| m.index);
        if index != self.selected {
            self.detail_scroll = 0;
        }
        self.list_cursor = cursor;
        self.selected = index;
        self.keep_list_cursor_visible();
    }

    fn keep_list_cursor_visible(&mut self) {
        let height = self.list_height().max(1);
        if self.list_cursor < self.list_offset {
            self.list_offset = self.list_cursor;
        } else if self.list_cursor >= self.list_offset + height {
            self.list_offset = self.list_cursor + 1 - height;
        }
        let last_page_start = self.hits.len().saturating_sub(height);
        self.list_offset = self.list_offset.min(last_page_start);
    }

    fn keep_filter_cursor_visible(&mut self) {
        let height = self.filter_height().max(1);
        if self.filter_cursor < self.filter_offset {
            self.filter_offset = self.filter_cursor;
        } else if self.filter_cursor >= self.filter_offset + height {
            self.filter_offset = self.filter_cursor + 1 - height;
        }
        self.filter_offset = self
            .filter_offset
            .min(self.filter_rows.len().saturating_sub(height));
    }

    fn clamp_detail_scroll(&mut self) {
        let lines = self.detail_document().map_or(0, |doc| doc.lines.len());
        let max = lines.saturating_sub(self.detail_height().max(1));
        self.detail_scroll = self.detail_scroll.min(max);
    }

    fn clamp_scrolls(&mut self) {
        self.keep_list_cursor_visible();
        self.keep_filter_cursor_visible();
        self.clamp_detail_scroll();
    }

    fn jump_to(&mut self, heading: &str) {
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

    fn jump_section(&mut self, forward: bool) {
        let Some(doc) = self.detail_document() else {
            return;
        };
        let starts = doc.headings.iter().map(|(_, line)| *line);
        let target = if forward {
            starts.clone().find(|&line| line > self.detail_scroll)
        } else {
            starts
                .filter(|&line| line < self.detail_scroll)
                .last()
                .or(Some(0))
        };
        if let Some(line) = target {
            self.focus_detail();
            self.detail_scroll = line;
            self.clamp_detail_scroll();
        }
    }

    fn facet_under_cursor(&self) -> Option<Facet> {
        if self.focus != Pane::Filters {
            return None;
        }
        match self.filter_rows.get(self.filter_cursor)? {
            FilterRow::Header(facet) | FilterRow::Value { facet, .. } => Some(*facet),
        }
    }

    fn toggle_filter_value(&mut self) {
        match self.filter_rows.get(self.filter_cursor).copied() {
            Some(FilterRow::Value { facet, id, .. }) => {
                self.filters.toggle(facet, id);
                self.refresh();
            }
            Some(FilterRow::Header(facet)) => {
                self.filters.clear(facet);
                self.refresh();
            }
            None => {}
        }
    }

    fn click(&mut self, column: u16, row: u16) {
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
                    let cursor = self.list_offset + usize::from(row - first_row);
                    if cursor < self.hits.len() {
                        self.select_row(cursor);
                    }
                }
            }
            Pane::Filters => {
                let Some(filters) = panes.filters else { return };
                if row > filters.y && row < filters.y + filters.height.saturating_sub(1) {
                    let cursor = self.filter_offset + usize::from(row - filters.y - 1);
                    if cursor < self.filter_rows.len() {
                        self.filter_cursor = cursor;
                        self.toggle_filter_value();
                    }
                }
            }
            Pane::Detail => {}
        }
    }

    /// Recomputes hits, counts and filter rows after the query, filters,
    /// sort or corpus changed; keeps the selection when still listed.
    fn refresh(&mut self) {
        let store = &self.corpus.store;
        let query = TitleQuery::new(&self.query);
        let matches = self.search.run(store, &query);
        let mut hits = filter(store, &matches, &self.filters);
        sort(store, &mut hits, self.effective_sort(), self.reverse);
        self.counts = facet_counts(store, &matches, &self.filters);
        self.hits = hits;
        self.rebuild_filter_rows();
        let still_listed = self
            .selected
            .and_then(|selected| self.hits.iter().position(|m| m.index == selected));
        match still_listed {
            Some(position) => {
                self.list_cursor = position;
                self.keep_list_cursor_visible();
            }
            None => {
                self.list_offset = 0;
                self.select_row(0);
            }
        }
    }

    fn rebuild_filter_rows(&mut self) {
        let under_cursor = self.filter_rows.get(self.filter_cursor).copied();
        let mut rows = Vec::new();
        for facet in Facet::ALL {
            let values = self.corpus.store.facet(facet).values();
            if values.is_empty() {
                continue;
            }
            rows.push(FilterRow::Header(facet));
            let counts = &self.counts[facet.index()];
            let mut ids: Vec<u32> = (0..values.len() as u32)
                .filter(|&id| counts[id as usize] > 0 || self.filters.is_selected(facet, id))
                .collect();
            // By count, then in Swedish order (ids are in Swedish order).
            ids.sort_by_key(|&id| (std::cmp::Reverse(counts[id as usize]), id));
            rows.extend(ids.into_iter().map(|id| FilterRow::Value {
                facet,
                id,
                count: counts[id as usize],
            }));
        }
        self.filter_rows = rows;
        let same = |row: &FilterRow| match (row, under_cursor) {
            (FilterRow::Header(a), Some(FilterRow::Header(b))) => *a == b,
            (
                FilterRow::Value { facet, id, .. },
                Some(FilterRow::Value {
                    facet: f, id: i, ..
                }),
            ) => *facet == f && *id == i,
            _ => false,
        };
        self.filter_cursor = self.filter_rows.iter().position(same).unwrap_or(
            self.filter_cursor
                .min(self.filter_rows.len().saturating_sub(1)),
        );
        self.keep_filter_cursor_visible();
    }
}
