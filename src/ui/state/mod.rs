//! `AppState`: everything the browser shows, and `update`, the one place
//! that changes it. Plain Rust: no terminal, testable with actions alone.

mod features;
pub use features::FindMatch;
mod cursor;
mod find;
mod input;
mod line_editor;
mod marks;
use cursor::Cursor;
use find::Find;
pub use input::{Prompt, expand_home};
pub use line_editor::LineEditor;
pub use marks::Marks;
mod navigation;

use std::path::PathBuf;
use std::sync::Arc;

use ratatui::layout::Rect;

use super::action::{Action, Pane};
use super::keymap::Keymap;
use super::layout::{Panes, inner};
use super::text_worker::{Finished, TextWorker};
use crate::model::corpus::load::Batch;
use crate::model::output::stats::Stats;
use crate::model::page::document::{Document, layout as document_layout};
use crate::model::page::program_area::split_label;
pub use crate::model::query::SearchKind;
use crate::model::query::text::TextQuery;
use crate::model::query::{CountCache, Query, value_key};
use crate::model::search::text_index::{Segment, TextIndex};
use crate::model::{Corpus, Facet, Filters, Hit, Progress, SortKey, TitleSearch};

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
}

impl FilterRow {
    pub fn facet(&self) -> Facet {
        match *self {
            FilterRow::Header(facet)
            | FilterRow::Group { facet, .. }
            | FilterRow::Value { facet, .. } => facet,
        }
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

/// The list as the query left it: the projects listed, the facet counts,
/// the filter pane's rows, and how many refreshes made them.
#[derive(Debug, Clone, Default)]
struct Listed {
    hits: Vec<Hit>,
    counts: Vec<Vec<u32>>,
    filter_rows: Vec<FilterRow>,
    generation: u64,
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
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Options {
    /// The key bindings (the defaults, changed by the config file).
    pub keymap: Keymap,
    /// The order the list starts in.
    pub sort: SortKey,
    pub reverse: bool,
    pub mouse: bool,
    /// Copy with OSC 52 (off: `--no-clipboard` or `ESF_BROWSE_NO_CLIPBOARD`).
    pub clipboard: bool,
    /// Where marks are kept between sessions (`--marks FILE`).
    pub marks_file: Option<PathBuf>,
    /// Nothing may be written on this machine (`serve`): export is off.
    pub read_only: bool,
}

/// Work with effects outside the state (files, the clipboard) that the
/// runner carries out; results come back as `Action::Notify`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Write the listed projects; CSV unless the path ends in `.json`.
    Export { path: PathBuf, overwrite: bool },
    /// Put text on the clipboard of the user's terminal.
    Copy { what: &'static str, text: String },
    /// Write the marked ids to the marks file.
    SaveMarks,
    /// Complete a path typed so far from the names in its folder.
    CompletePath(String),
    /// Show the page's source file in the pager.
    OpenSource(PathBuf),
}

/// A full-text search asked for and not yet back.
#[derive(Debug, Clone, Copy)]
struct PendingText {
    /// Whether the list goes to its top when the matches come.
    from_top: bool,
}

enum TextMatches {
    NotText,
    Found(Vec<Hit>),
    Pending,
}

pub struct AppState {
    /// Shared with other sessions under `serve`; copied only if changed
    /// while shared (pages still loading).
    corpus: Arc<Corpus>,
    /// Set while pages are still being read.
    loading: Option<Progress>,
    options: Options,
    area: Rect,
    /// The input that has the keyboard, if any.
    prompt: Option<Prompt>,
    focus: Pane,
    overlay: Option<Overlay>,
    overlay_scroll: usize,
    show_filters: bool,
    detail_full: bool,
    /// The search, filters and order of the list.
    query: Query,
    message: Option<String>,
    /// Find in page: the query typed in the detail pane.
    find: Find,
    /// The path of the last export, offered again for the next.
    last_export: String,
    /// CSV exports carry every section's text (a toggle in the prompt).
    /// How a CSV export is written (`Ctrl-t` in the export prompt cycles).
    export_style: crate::model::output::export::CsvStyle,
    marks: Marks,
    /// Files that could not be written, said again on exit.
    write_failures: Vec<String>,
    show_stats: bool,
    commands: Vec<Command>,
    search: TitleSearch,
    /// The last facet counts, updated rather than recounted as a search grows.
    counts: CountCache,
    /// Where full-text searches run, the last one found, the one asked
    /// for last (text, projects) and whether it is still out.
    text_worker: TextWorker,
    text_found: Option<Finished>,
    text_asked: Option<(String, usize)>,
    text_pending: Option<PendingText>,
    /// The full-text index built for a loaded corpus, and whether it is
    /// still being built.
    text_index: TextIndex,
    indexing: bool,
    /// What the query found, as of the last `refresh`.
    results: Listed,
    document_cache: Option<((u32, u16), Arc<Document>)>,
    stats_cache: Option<(u64, Stats)>,
    // Cursors.
    list: Cursor,
    selected: Option<u32>,
    filter_pane: Cursor,
    /// Typed in the filter pane: only values holding it are listed.
    value_filter: String,
    detail_scroll: usize,
}

impl AppState {
    pub fn new(corpus: impl Into<Arc<Corpus>>, options: Options) -> AppState {
        let (sort, reverse) = (options.sort, options.reverse);
        let mut state = AppState {
            corpus: corpus.into(),
            loading: None,
            options,
            area: Rect::new(0, 0, 80, 24),
            prompt: None,
            focus: Pane::List,
            overlay: None,
            overlay_scroll: 0,
            show_filters: true,
            detail_full: false,
            query: Query {
                sort,
                reverse,
                ..Query::default()
            },
            message: None,
            find: Find::default(),
            last_export: String::new(),
            export_style: Default::default(),
            marks: Marks::default(),
            write_failures: Vec::new(),
            show_stats: false,
            commands: Vec::new(),
            search: TitleSearch::new(),
            counts: CountCache::default(),
            text_worker: TextWorker::default(),
            text_found: None,
            text_asked: None,
            text_pending: None,
            text_index: TextIndex::default(),
            indexing: false,
            results: Listed::default(),
            document_cache: None,
            stats_cache: None,
            list: Cursor::default(),
            selected: None,
            filter_pane: Cursor::default(),
            value_filter: String::new(),
            detail_scroll: 0,
        };
        state.refresh();
        state.sync_caches();
        state
    }

    // ----- read access for rendering and tests -----

    // ----- the parts, for drawing and tests -----

    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    /// Set while pages are still being read.
    pub fn loading(&self) -> Option<Progress> {
        self.loading
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    pub fn area(&self) -> Rect {
        self.area
    }

    pub fn focus(&self) -> Pane {
        self.focus
    }

    pub fn overlay(&self) -> Option<Overlay> {
        self.overlay
    }

    pub fn overlay_scroll(&self) -> usize {
        self.overlay_scroll
    }

    pub fn show_filters(&self) -> bool {
        self.show_filters
    }

    pub fn detail_full(&self) -> bool {
        self.detail_full
    }

    /// The search, filters and order of the list.
    pub fn query(&self) -> &Query {
        &self.query
    }

    /// The status bar's message after the last action, if any.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// Find in page: the text typed in the detail pane.
    pub fn find_query(&self) -> &str {
        &self.find.text
    }

    pub fn marked_only(&self) -> bool {
        self.marks.only()
    }

    /// What the filter pane's values are narrowed to (`/` in that pane).
    pub fn value_filter(&self) -> &str {
        &self.value_filter
    }

    /// Whether a CSV export carries the section texts.
    pub fn export_with_text(&self) -> bool {
        self.export_style.with_text
    }

    /// How a CSV export will be written.
    pub fn export_style(&self) -> crate::model::output::export::CsvStyle {
        self.export_style
    }

    pub fn show_stats(&self) -> bool {
        self.show_stats
    }

    /// What could not be written this session (marks, exports): the old
    /// files were left as they were.
    pub fn write_failures(&self) -> &[String] {
        &self.write_failures
    }

    /// Whether a search narrows and ranks the list.
    pub fn is_searching(&self) -> bool {
        self.query.is_searching()
    }

    /// Whether list rows carry a second line with a text snippet.
    pub fn shows_snippets(&self) -> bool {
        self.query.kind == SearchKind::AllText && self.is_searching()
    }

    /// The full-text query in force, if the search box holds one.
    pub fn text_query(&self) -> Option<TextQuery> {
        self.query.text_query()
    }

    pub fn is_marked(&self, index: usize) -> bool {
        self.marks.contains(index as u32)
    }

    pub fn marked_count(&self) -> usize {
        self.marks.len()
    }

    /// Work for the runner; taking it empties the queue.
    pub fn take_commands(&mut self) -> Vec<Command> {
        std::mem::take(&mut self.commands)
    }

    pub fn hits(&self) -> &[Hit] {
        &self.results.hits
    }

    pub fn search(&self) -> &TitleSearch {
        &self.search
    }

    pub fn filter_rows(&self) -> &[FilterRow] {
        &self.results.filter_rows
    }

    pub fn list_cursor(&self) -> usize {
        self.list.at
    }

    pub fn list_offset(&self) -> usize {
        self.list.offset
    }

    pub fn filter_cursor(&self) -> usize {
        self.filter_pane.at
    }

    pub fn filter_offset(&self) -> usize {
        self.filter_pane.offset
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
        self.query.effective_sort()
    }

    pub fn panes(&self) -> Panes {
        Panes::compute(self.layout_input())
    }

    /// The selected project laid out for the detail pane's width: the one
    /// laid out when it was selected or the width changed.
    pub fn detail_document(&self) -> Option<Arc<Document>> {
        let key = self.document_key()?;
        match &self.document_cache {
            Some((cached, document)) if *cached == key => Some(document.clone()),
            _ => Some(Arc::new(self.lay_out(key))),
        }
    }

    /// What the detail's layout depends on: the project and the width.
    fn document_key(&self) -> Option<(u32, u16)> {
        let width = self
            .panes()
            .detail
            .map_or(self.area.width.saturating_sub(2), |r| inner(r).width);
        Some((self.selected?, width))
    }

    fn lay_out(&self, (index, width): (u32, u16)) -> Document {
        document_layout(
            self.corpus.store.project(index as usize),
            usize::from(width),
        )
    }

    /// The statistics of the listed projects, computed when they change.
    pub fn stats(&self) -> Option<&Stats> {
        self.stats_cache
            .as_ref()
            .filter(|(generation, _)| *generation == self.results.generation)
            .map(|(_, stats)| stats)
    }

    /// Brings the cached detail layout and statistics up to date: once
    /// after each update, so that drawing only reads them.
    fn sync_caches(&mut self) {
        let key = self.document_key();
        let stale = match (&self.document_cache, key) {
            (Some((cached, _)), Some(key)) => *cached != key,
            (None, Some(_)) => true,
            (_, None) => false,
        };
        if let Some(key) = key.filter(|_| stale) {
            self.document_cache = Some((key, Arc::new(self.lay_out(key))));
        }
        if self.show_stats && self.stats().is_none() {
            let stats = Stats::compute(
                &self.corpus.store,
                self.results.hits.iter().map(|hit| hit.index as usize),
            );
            self.stats_cache = Some((self.results.generation, stats));
        }
    }

    pub(super) fn detail_height(&self) -> usize {
        self.panes()
            .detail
            .map_or(0, |r| usize::from(inner(r).height))
    }

    /// How many projects the list shows at once.
    pub(super) fn list_height(&self) -> usize {
        // Border and the column header row.
        let lines = self
            .panes()
            .list
            .map_or(0, |r| usize::from(inner(r).height.saturating_sub(1)));
        lines / self.list_row_height()
    }

    /// Lines per project in the list: two when snippets are shown.
    pub fn list_row_height(&self) -> usize {
        if self.shows_snippets() { 2 } else { 1 }
    }

    pub(super) fn filter_height(&self) -> usize {
        self.panes()
            .filters
            .map_or(0, |r| usize::from(inner(r).height))
    }

    // ----- update -----

    /// Applies one action. Returns whether to redraw or quit.
    pub fn update(&mut self, action: Action) -> Effect {
        let effect = self.apply(action);
        self.sync_caches();
        effect
    }

    fn apply(&mut self, action: Action) -> Effect {
        // What the loader and the command runner send: it neither closes an
        // overlay nor clears the message of the last key.
        match action {
            Action::LoadProgress(progress) => self.loading = Some(progress),
            Action::AddBatch(batch) => self.add_batch(*batch),
            Action::LoadFinished => self.finish_loading(),
            Action::TextWorkDone => self.take_text_work(),
            Action::RestoreMarks(ids) => self.restore_marks(ids),
            Action::AskOverwrite(path) => self.ask_overwrite(path),
            Action::MarksSaved(count) => self.marks.saved(count),
            Action::WriteFailed(why) => {
                self.message = Some(crate::model::page::format::printable(&why));
                self.write_failures.push(why);
            }
            action => return self.update_from_user(action),
        }
        Effect::Redraw
    }

    fn update_from_user(&mut self, action: Action) -> Effect {
        self.message = None;
        if action == Action::ForceQuit {
            return Effect::Quit;
        }
        if let Some(overlay) = self.overlay {
            return self.update_overlay(overlay, action);
        }
        match action {
            // `q` closes the statistics first, as their title says.
            Action::Quit if self.show_stats => self.show_stats = false,
            Action::Quit | Action::ForceQuit => return Effect::Quit,
            Action::ToggleHelp => self.open_overlay(Overlay::Help),
            Action::ToggleProblems => self.open_overlay(Overlay::Problems),
            Action::StartSearch
            | Action::SearchInput(_)
            | Action::InsertText(_)
            | Action::SearchBackspace
            | Action::SearchDeleteWord
            | Action::SearchClearLine
            | Action::SearchAccept
            | Action::SearchCancel
            | Action::InputLeft
            | Action::InputRight
            | Action::InputHome
            | Action::InputEnd
            | Action::Complete
            | Action::Completed { .. }
            | Action::ToggleSearchKind => self.update_input(action),
            Action::ToggleValue
            | Action::ClearFacet
            | Action::ClearAllFilters
            | Action::CycleSort
            | Action::ReverseSort => self.update_query(action),
            Action::NextMatch
            | Action::PreviousMatch
            | Action::ToggleMark
            | Action::ToggleMarkedOnly
            | Action::StartExport
            | Action::Confirm(_)
            | Action::CopyEmail
            | Action::CopySummary
            | Action::OpenSource
            | Action::ToggleStats
            | Action::Notify(_) => self.update_features(action),
            _ => self.update_navigation(action),
        }
        Effect::Redraw
    }

    /// The filters and the order of the list.
    fn update_query(&mut self, action: Action) {
        match action {
            Action::ToggleValue => match self.focus {
                Pane::Filters => self.toggle_filter_value(),
                Pane::Detail => self.move_by(self.page_size() as isize),
                Pane::List => self.toggle_mark(),
            },
            Action::ClearFacet => {
                if let Some(facet) = self.facet_under_cursor() {
                    self.query.filters.clear(facet);
                    self.refresh();
                }
            }
            Action::ClearAllFilters => {
                self.query.filters.clear_all();
                self.refresh();
            }
            Action::CycleSort => {
                self.query.sort = self.effective_sort().next();
                if self.query.sort == SortKey::Relevance && !self.is_searching() {
                    self.query.sort = SortKey::Relevance.next();
                }
                self.refresh();
                self.message = Some(format!("sorted by {}", self.effective_sort().label()));
            }
            Action::ReverseSort => {
                self.query.reverse = !self.query.reverse;
                self.refresh();
            }
            _ => {}
        }
    }

    pub(super) fn update_overlay(&mut self, overlay: Overlay, action: Action) -> Effect {
        match action {
            // `q`, Esc and any key without a use here close it.
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

    pub(super) fn open_overlay(&mut self, overlay: Overlay) {
        self.overlay = Some(overlay);
        self.overlay_scroll = 0;
    }

    /// Adds pages that finished loading: the list fills in. Projects are
    /// appended, so indices (selection, marks) stay valid; filters are
    /// carried over by value name.
    fn add_batch(&mut self, batch: Batch) {
        let filters = self.query.filters.names(&self.corpus.store);
        self.loading = Some(batch.progress);
        self.corpus_to_change().absorb(batch);
        self.query.filters = Filters::from_names(&filters, &self.corpus.store);
        self.search.reset();
        self.refresh();
    }

    /// The last batch is in.
    fn finish_loading(&mut self) {
        self.corpus_to_change().finish();
        let covered = self
            .text_index
            .len()
            .max(self.corpus.store.text_index().len());
        if covered < self.corpus.store.len() {
            let built = self.text_worker.build_index(&self.corpus, covered);
            self.add_index_segments(built);
            self.indexing = self.text_index.len() < self.corpus.store.len();
        }
        self.loading = None;
        let pending = self.marks.take_deferred();
        self.restore_marks(pending);
        self.refresh();
        self.report_problems();
    }

    fn report_problems(&mut self) {
        if !self.corpus.problems.is_empty() {
            self.message = Some(format!(
                "{} file(s) could not be loaded — press ! to see why",
                self.corpus.problems.len()
            ));
        }
    }

    pub(super) fn clear_query(&mut self) {
        if !self.query.text.is_empty() {
            self.query.text.clear();
            self.refresh();
        }
    }

    /// Recomputes hits, counts and filter rows after the query, filters,
    /// sort or corpus changed; keeps the selection when still listed.
    pub(super) fn refresh(&mut self) {
        self.refresh_with(false);
    }

    /// After a new query: the best match selected, the list at its top,
    /// whatever was selected before (as fzf does).
    pub(super) fn refresh_from_top(&mut self) {
        self.refresh_with(true);
    }

    /// A full-text search waits for its matches (the list shows the last
    /// ones meanwhile); everything else is done at once.
    fn refresh_with(&mut self, from_top: bool) {
        let matches = match self.text_matches() {
            TextMatches::NotText => None,
            TextMatches::Found(hits) => Some(hits),
            TextMatches::Pending => {
                let earlier = self.text_pending.is_some_and(|p| p.from_top);
                self.text_pending = Some(PendingText {
                    from_top: from_top || earlier,
                });
                return;
            }
        };
        self.text_pending = None;
        let store = &self.corpus.store;
        let marks = &self.marks;
        let marked = |index: u32| marks.contains(index);
        let keep: Option<&(dyn Fn(u32) -> bool + Sync)> =
            if marks.only() { Some(&marked) } else { None };
        let matches = match matches {
            Some(matches) => matches,
            None => self.query.matches(store, &mut self.search),
        };
        let results = self
            .query
            .run_counting(store, matches, keep, &mut self.counts);
        self.results.generation += 1;
        self.results.counts = results.counts;
        self.results.hits = results.hits;
        self.rebuild_filter_rows();
        let still_listed = self
            .selected
            .and_then(|selected| self.results.hits.iter().position(|m| m.index == selected));
        match still_listed {
            Some(position) => {
                self.list.at = position;
                self.keep_list_cursor_visible();
            }
            None => {
                self.list.offset = 0;
                self.select_row(0);
            }
        }
        if from_top {
            self.list.offset = 0;
            self.select_row(0);
        }
    }

    /// The full-text matches of the query: found before, found now
    /// (inline), or asked of the background worker.
    fn text_matches(&mut self) -> TextMatches {
        if self.query.text_query().is_none() {
            return TextMatches::NotText;
        }
        let projects = self.corpus.store.len();
        let wanted = (self.query.text.as_str(), projects);
        if let Some(found) = &self.text_found
            && (found.text.as_str(), found.projects) == wanted
        {
            return TextMatches::Found(found.hits.clone());
        }
        if self.text_pending.is_some()
            && self
                .text_asked
                .as_ref()
                .is_some_and(|(text, n)| (text.as_str(), *n) == wanted)
        {
            return TextMatches::Pending;
        }
        self.text_asked = Some((self.query.text.clone(), projects));
        match self
            .text_worker
            .search(&self.corpus, self.search_index(), &self.query.text)
        {
            Some(found) => {
                let hits = found.hits.clone();
                self.text_found = Some(found);
                TextMatches::Found(hits)
            }
            None => TextMatches::Pending,
        }
    }

    /// A background search finished: its matches are listed if they are
    /// still those of the query.
    fn take_text_work(&mut self) {
        let segments = self.text_worker.take_segments();
        if !segments.is_empty() {
            self.add_index_segments(segments);
        }
        let Some(found) = self.text_worker.take_finished() else {
            return;
        };
        let current = found.text == self.query.text && found.projects == self.corpus.store.len();
        if current {
            self.text_found = Some(found);
            if let Some(pending) = self.text_pending {
                self.refresh_with(pending.from_top);
            }
        }
    }

    /// The corpus, to change (a batch, the end of loading): searches in
    /// the background are stopped first and waited for, so that it is not
    /// shared and need not be copied (they let go within a project read).
    fn corpus_to_change(&mut self) -> &mut Corpus {
        self.counts.reset();
        self.text_worker
            .stop_searches(std::time::Duration::from_millis(500));
        Arc::make_mut(&mut self.corpus)
    }

    /// Index segments built: they follow those there are.
    fn add_index_segments(&mut self, segments: Vec<Segment>) {
        if self.text_index.is_empty() {
            self.text_index = self.corpus.store.text_index().clone();
        }
        for segment in segments {
            self.text_index.push(segment);
        }
        if self.text_index.len() >= self.corpus.store.len() {
            self.indexing = false;
        }
    }

    /// How far the full-text index has come: (projects indexed, all),
    /// while it is being built.
    pub fn indexing_progress(&self) -> Option<(usize, usize)> {
        self.indexing
            .then(|| (self.text_index.len(), self.corpus.store.len()))
    }

    /// The index full-text searches use: the one built here, or the
    /// store's own (the bundled samples, `serve`).
    fn search_index(&self) -> &TextIndex {
        if self.text_index.len() >= self.corpus.store.text_index().len() {
            &self.text_index
        } else {
            self.corpus.store.text_index()
        }
    }

    /// Full-text searches from now on run on threads of their own.
    pub fn use_text_worker(&mut self, worker: TextWorker) {
        self.text_worker = worker;
    }

    /// Whether a full-text search is running (the list shows the last
    /// matches meanwhile).
    pub fn text_search_running(&self) -> bool {
        self.text_pending.is_some()
    }

    pub(super) fn rebuild_filter_rows(&mut self) {
        let under_cursor = self.results.filter_rows.get(self.filter_pane.at).copied();
        let mut rows = Vec::new();
        for facet in Facet::ALL {
            let values = self.corpus.store.facet(facet).values();
            if values.is_empty() {
                continue;
            }
            rows.push(FilterRow::Header(facet));
            let counts = &self.results.counts[facet.index()];
            let wanted = value_key(&self.value_filter);
            let mut ids: Vec<u32> = (0..values.len() as u32)
                .filter(|&id| counts[id as usize] > 0 || self.query.filters.is_selected(facet, id))
                .filter(|&id| {
                    wanted.is_empty() || value_key(&values[id as usize]).contains(&wanted)
                })
                .collect();
            // By how many projects of the whole corpus carry the value,
            // then in Swedish order (ids are): an order that stays put
            // while other facets change the counts. Programme areas first
            // by their period, each period under a row of its own.
            let totals = self.corpus.store.facet(facet).totals();
            let group = |id: u32| group_of(facet, &values[id as usize]);
            ids.sort_by_key(|&id| (group(id), std::cmp::Reverse(totals[id as usize]), id));
            let mut current = None;
            for id in ids {
                let this = group(id);
                if facet == Facet::ProgramArea && current != Some(this) {
                    rows.push(FilterRow::Group { facet, id });
                    current = Some(this);
                }
                rows.push(FilterRow::Value {
                    facet,
                    id,
                    count: counts[id as usize],
                });
            }
        }
        self.results.filter_rows = rows;
        let same = |row: &FilterRow| match (row, under_cursor) {
            (FilterRow::Header(a), Some(FilterRow::Header(b))) => *a == b,
            (FilterRow::Group { facet, id }, Some(FilterRow::Group { facet: f, id: i })) => {
                let values = self.corpus.store.facet(f).values();
                *facet == f
                    && group_of(f, &values[*id as usize]) == group_of(f, &values[i as usize])
            }
            (
                FilterRow::Value { facet, id, .. },
                Some(FilterRow::Value {
                    facet: f, id: i, ..
                }),
            ) => *facet == f && *id == i,
            _ => false,
        };
        self.filter_pane.at = self.results.filter_rows.iter().position(same).unwrap_or(
            self.filter_pane
                .at
                .min(self.results.filter_rows.len().saturating_sub(1)),
        );
        self.keep_filter_cursor_visible();
    }
}
