//! Marks, find in page and copying: the reading aids of the detail and
//! list panes.

use super::super::action::{Action, Pane};
use super::{AppState, Command};
use crate::model::page::document::Document;
use crate::model::query::text::TextQuery;

/// One find-in-page match: a line of the detail document and the byte
/// range in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FindMatch {
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

impl AppState {
    /// Marks, find in page, export, copying, statistics and messages.
    pub(super) fn update_features(&mut self, action: Action) {
        match action {
            Action::NextMatch => self.step_match(true),
            Action::PreviousMatch => self.step_match(false),
            Action::ToggleMark => self.toggle_mark(),
            Action::ToggleMarkedOnly => {
                self.marks.toggle_only();
                self.refresh();
            }
            Action::StartExport => self.start_export(),
            Action::Confirm(yes) => self.confirm(yes),
            Action::CopyEmail => self.copy_email(),
            Action::CopySummary => self.copy_summary(),
            Action::OpenSource => {
                if let Some(index) = self.selected() {
                    let source = self.corpus.store.project(index).source.clone();
                    self.commands.push(Command::OpenSource(source));
                }
            }
            Action::ToggleStats => {
                self.show_stats = !self.show_stats;
                self.detail_full = false;
            }
            Action::Notify(text) => {
                self.message = Some(crate::model::page::format::printable(&text))
            }
            _ => {}
        }
    }

    // ----- marks -----

    pub(super) fn toggle_mark(&mut self) {
        let Some(index) = self.selected else { return };
        self.marks.toggle(index, &self.corpus.store);
        if self.options.marks_file.is_some() {
            self.commands.push(Command::SaveMarks);
        }
        if self.marks.only() {
            self.refresh();
        }
    }

    /// The ids of the marked projects.
    pub fn marked_ids(&self) -> Vec<&str> {
        self.marks.ids(&self.corpus.store)
    }

    /// This session's marks and unmarks the marks file does not have yet.
    pub fn mark_changes(&self) -> &[crate::model::output::marks_file::MarkChange] {
        self.marks.changes()
    }

    /// Marks the projects with these ids (read from the marks file); kept
    /// for later when the corpus is still loading.
    pub(super) fn restore_marks(&mut self, ids: Vec<String>) {
        if self.loading.is_some() {
            self.marks.defer(ids);
        } else {
            self.marks.restore(&ids, &self.corpus.store);
        }
    }

    // ----- find in page -----

    /// The query that highlights in the detail: what was typed there, or
    /// else the full-text search carried over.
    pub fn find_pattern(&self) -> Option<TextQuery> {
        if !self.find.text.trim().is_empty() {
            Some(TextQuery::parse(&self.find.text))
        } else {
            self.text_query()
        }
    }

    /// Every match in the selected project's document, in order.
    pub fn find_matches(&self) -> Vec<FindMatch> {
        // Lay the page out only when there is something to find.
        if self.find_pattern().is_none() {
            return Vec::new();
        }
        self.detail_document()
            .map_or_else(Vec::new, |doc| self.find_matches_in(&doc))
    }

    /// Every match in an already laid out document (what rendering uses,
    /// so a frame lays the page out once).
    pub fn find_matches_in(&self, doc: &Document) -> Vec<FindMatch> {
        let Some(pattern) = self.find_pattern() else {
            return Vec::new();
        };
        doc.lines
            .iter()
            .enumerate()
            .flat_map(|(line, text)| {
                pattern
                    .matches_in(&text.text)
                    .into_iter()
                    .map(move |(start, end)| FindMatch { line, start, end })
            })
            .collect()
    }

    /// The current match's position in `find_matches`.
    pub fn find_current(&self) -> usize {
        self.find.current
    }

    /// After the find query changed: the first match from the top of the
    /// view on becomes current.
    pub(super) fn find_from_scroll(&mut self) {
        let matches = self.find_matches();
        if matches.is_empty() && !self.find.text.trim().is_empty() {
            self.message = Some("no matches in this project".into());
        }
        self.find
            .first_from(matches.iter().map(|m| m.line), self.detail_scroll);
        self.show_current_match(&matches);
    }

    pub(super) fn step_match(&mut self, forward: bool) {
        let matches = self.find_matches();
        if matches.is_empty() {
            self.message = Some("no matches in this project".into());
            return;
        }
        self.find.step(forward, matches.len());
        self.show_current_match(&matches);
    }

    fn show_current_match(&mut self, matches: &[FindMatch]) {
        let Some(current) = matches.get(self.find.current) else {
            return;
        };
        self.focus = Pane::Detail;
        let height = self.detail_height().max(1);
        if current.line < self.detail_scroll || current.line >= self.detail_scroll + height {
            self.detail_scroll = current.line.saturating_sub(height / 3);
            self.clamp_detail_scroll();
        }
    }

    // ----- copy -----

    pub(super) fn copy_email(&mut self) {
        let Some(index) = self.selected() else { return };
        match self.corpus.store.project(index).email.clone() {
            Some(email) => self.copy("e-mail", email),
            None => self.message = Some("this project has no e-mail address".into()),
        }
    }

    pub(super) fn copy_summary(&mut self) {
        let Some(index) = self.selected() else { return };
        let project = self.corpus.store.project(index);
        let mut text = project.title.clone();
        if let Some(summary) = project.section("Sammanfattning") {
            text.push_str("\n\n");
            text.push_str(&summary.text);
        }
        self.copy("title and summary", text);
    }

    fn copy(&mut self, what: &'static str, text: String) {
        if self.options.clipboard {
            self.commands.push(Command::Copy { what, text });
        } else {
            self.message = Some("copying is turned off (--no-clipboard)".into());
        }
    }
}
