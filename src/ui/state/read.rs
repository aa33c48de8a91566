//! What drawing and tests read of the state: each part, as its pane or
//! the query holds it. Nothing here changes anything.

use std::sync::Arc;

use ratatui::layout::Rect;

use super::super::action::Pane;
use super::super::keymap::Mode;
use super::{AppState, Command, FilterRow, FindMatch, Overlay, Prompt};
use crate::model::output::export::CsvStyle;
use crate::model::output::marks_file::MarkChange;
use crate::model::output::stats::Stats;
use crate::model::page::document::Document;
use crate::model::query::Query;
use crate::model::query::text::TextQuery;
use crate::model::{Corpus, Hit, Progress, SortKey, TitleSearch};

impl AppState {
    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    /// Set while pages are still being read.
    pub fn loading(&self) -> Option<Progress> {
        self.loading
    }

    pub fn options(&self) -> &super::Options {
        &self.options
    }

    pub fn area(&self) -> Rect {
        self.area
    }

    pub fn focus(&self) -> Pane {
        self.focus
    }

    /// Which input has the keyboard.
    pub fn mode(&self) -> Mode {
        match self.context() {
            // Keys go to the overlay, whatever prompt is under it.
            super::Context::Overlay => Mode::Browse,
            context => context.mode(),
        }
    }

    pub fn prompt(&self) -> Option<&Prompt> {
        self.prompt.open.as_ref()
    }

    pub fn overlay(&self) -> Option<Overlay> {
        self.overlays.open
    }

    pub fn overlay_scroll(&self) -> usize {
        self.overlays.scroll
    }

    /// The words the help is narrowed to, and whether they are being
    /// typed.
    pub fn help_filter(&self) -> (&str, bool) {
        (
            &self.overlays.help_filter,
            self.overlays.help_find.is_some(),
        )
    }

    pub fn show_filters(&self) -> bool {
        self.filters.shown
    }

    pub fn detail_full(&self) -> bool {
        self.detail.full
    }

    /// The search, filters and order of the list.
    pub fn query(&self) -> &Query {
        &self.query
    }

    /// The session's messages, oldest first.
    pub fn messages(&self) -> &[String] {
        &self.messages
    }

    /// The status bar's message after the last action, if any.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// Find in page: the text typed in the detail pane.
    pub fn find_query(&self) -> &str {
        &self.detail.find.text
    }

    /// The current match's position in `find_matches`.
    pub fn find_current(&self) -> usize {
        self.detail.find.current
    }

    /// What the filter pane's values are narrowed to (`/` in that pane).
    pub fn value_filter(&self) -> &str {
        &self.filters.value_filter
    }

    /// Whether a CSV export carries the section texts.
    pub fn export_with_text(&self) -> bool {
        self.prompt.export_style.with_text
    }

    /// How a CSV export will be written.
    pub fn export_style(&self) -> CsvStyle {
        self.prompt.export_style
    }

    pub fn show_stats(&self) -> bool {
        self.overlays.stats
    }

    /// The statistics of the listed projects, computed when they change.
    pub fn stats(&self) -> Option<&Stats> {
        self.overlays.stats(self.results.generation)
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
        self.query.kind == super::SearchKind::AllText && self.is_searching()
    }

    /// The full-text query in force, if the search box holds one.
    pub fn text_query(&self) -> Option<TextQuery> {
        self.query.text_query()
    }

    /// The sort in force: relevance only means something with a query.
    pub fn effective_sort(&self) -> SortKey {
        self.query.effective_sort()
    }

    pub fn hits(&self) -> &[Hit] {
        &self.results.hits
    }

    pub fn search(&self) -> &TitleSearch {
        &self.search
    }

    pub fn filter_rows(&self) -> &[FilterRow] {
        &self.filters.rows
    }

    pub fn list_cursor(&self) -> usize {
        self.list.cursor.at
    }

    /// A search's marks on a project in view (matched letters, its hit).
    pub fn row_marks(&self, index: u32) -> Option<&crate::ui::panes::row_marks::Marks> {
        self.list.row_marks.get(index)
    }

    pub fn list_offset(&self) -> usize {
        self.list.cursor.offset
    }

    pub fn filter_cursor(&self) -> usize {
        self.filters.cursor.at
    }

    /// Whether a facet is folded to its heading in the filter pane.
    pub fn is_folded(&self, facet: crate::model::Facet) -> bool {
        self.filters.folded.contains(&facet)
    }

    pub fn filter_offset(&self) -> usize {
        self.filters.cursor.offset
    }

    pub fn detail_scroll(&self) -> usize {
        self.detail.scroll
    }

    /// The store index of the selected project.
    pub fn selected(&self) -> Option<usize> {
        self.list.selected.map(|i| i as usize)
    }

    pub fn marked_only(&self) -> bool {
        self.list.marks.only()
    }

    pub fn is_marked(&self, index: usize) -> bool {
        self.list.marks.contains(index as u32)
    }

    pub fn marked_count(&self) -> usize {
        self.list.marks.len()
    }

    /// The ids of the marked projects.
    pub fn marked_ids(&self) -> Vec<&str> {
        self.list.marks.ids(&self.corpus.store)
    }

    /// This session's marks and unmarks the marks file does not have yet.
    pub fn mark_changes(&self) -> &[MarkChange] {
        self.list.marks.changes()
    }

    /// How far the full-text index has come: (projects indexed, all),
    /// while it is being built.
    pub fn indexing_progress(&self) -> Option<(usize, usize)> {
        self.full_text.indexing_progress(&self.corpus)
    }

    /// Whether a full-text search is running (the list shows the last
    /// matches meanwhile).
    pub fn text_search_running(&self) -> bool {
        self.full_text.running()
    }

    /// The selected project laid out for the detail pane's width: the one
    /// laid out when it was selected or the width changed.
    pub fn detail_document(&self) -> Option<Arc<Document>> {
        let ctx = self.read_ctx(None);
        self.detail.document(&ctx, self.focus)
    }

    /// The query that highlights in the detail: what was typed there, or
    /// else the full-text search carried over.
    pub fn find_pattern(&self) -> Option<TextQuery> {
        let text_query = self.text_query();
        self.detail.pattern(&self.read_ctx(text_query.as_ref()))
    }

    /// Every match in the selected project's document, in order.
    pub fn find_matches(&self) -> Vec<FindMatch> {
        let text_query = self.text_query();
        self.detail
            .find_matches(&self.read_ctx(text_query.as_ref()))
    }

    /// Every match in an already laid out document (what rendering uses,
    /// so a frame lays the page out once).
    pub fn find_matches_in(&self, doc: &Document) -> Vec<FindMatch> {
        let (Some(pattern), Some(index)) = (self.find_pattern(), self.selected()) else {
            return Vec::new();
        };
        let project = self.corpus.store.project(index);
        super::super::panes::detail::matches_in(&pattern, project, doc)
    }

    /// Work for the runner; taking it empties the queue.
    pub fn take_commands(&mut self) -> Vec<Command> {
        std::mem::take(&mut self.commands)
    }
}
