//! The one-line inputs: the search box, find in page, the export path, and
//! the overwrite question. Which one is live depends on the mode.

use std::path::PathBuf;

use super::super::action::Pane;
use super::super::keymap::Mode;
use super::{AppState, Command, SearchKind};

/// Suggested file name for an export.
const DEFAULT_EXPORT: &str = "esf-export.csv";

impl AppState {
    /// `/`: search titles from the list, find in page from the detail.
    pub(super) fn start_input(&mut self) {
        if self.focus == Pane::Detail && self.selected.is_some() {
            self.mode = Mode::Find;
        } else {
            self.mode = Mode::Search;
            self.focus = Pane::List;
            self.detail_full = false;
            self.show_stats = false;
        }
    }

    pub(super) fn edit_input(&mut self, edit: impl FnOnce(&mut String)) {
        match self.mode {
            Mode::Search => {
                edit(&mut self.query.text);
                self.refresh();
            }
            Mode::Find => {
                edit(&mut self.find_query);
                self.find_from_scroll();
            }
            Mode::ExportPath => edit(&mut self.export_path),
            Mode::Browse | Mode::Confirm => {}
        }
    }

    pub(super) fn accept_input(&mut self) {
        if self.mode == Mode::ExportPath {
            let path = self.export_path.trim();
            if path.is_empty() {
                self.message = Some("export cancelled: no file name".into());
            } else {
                self.commands.push(Command::Export {
                    path: PathBuf::from(path),
                    overwrite: false,
                });
            }
        }
        self.mode = Mode::Browse;
    }

    pub(super) fn cancel_input(&mut self) {
        match self.mode {
            Mode::Search => {
                self.clear_query();
            }
            Mode::Find => {
                self.find_query.clear();
                self.find_current = 0;
            }
            Mode::ExportPath => self.message = Some("export cancelled".into()),
            Mode::Browse | Mode::Confirm => {}
        }
        self.mode = Mode::Browse;
    }

    pub(super) fn toggle_search_kind(&mut self) {
        self.query.kind = match self.query.kind {
            SearchKind::Titles => SearchKind::AllText,
            SearchKind::AllText => SearchKind::Titles,
        };
        self.search.reset();
        self.refresh();
        self.message = Some(match self.query.kind {
            SearchKind::Titles => "searching titles (fuzzy)".into(),
            SearchKind::AllText => {
                "searching all text: every word must occur, \"quote\" phrases".into()
            }
        });
    }

    pub(super) fn start_export(&mut self) {
        if self.export_path.is_empty() {
            self.export_path = DEFAULT_EXPORT.to_string();
        }
        self.mode = Mode::ExportPath;
    }

    /// The runner found the export file already there: ask first.
    pub(super) fn ask_overwrite(&mut self, path: PathBuf) {
        self.confirm_path = Some(path);
        self.mode = Mode::Confirm;
    }

    pub(super) fn confirm(&mut self, yes: bool) {
        if let Some(path) = self.confirm_path.take() {
            if yes {
                self.commands.push(Command::Export {
                    path,
                    overwrite: true,
                });
            } else {
                self.message = Some("export cancelled; the file was left as it was".into());
            }
        }
        self.mode = Mode::Browse;
    }
}
