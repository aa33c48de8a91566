//! The one-line inputs — the search box, find in page, the export path —
//! and the overwrite question: the `Prompt` that has the keyboard.

use std::path::PathBuf;

use super::super::action::{Action, Pane};
use super::super::keymap::Mode;
use super::{AppState, Command, LineEditor, SearchKind};

/// Suggested file name for an export.
const DEFAULT_EXPORT: &str = "esf-export.csv";

/// The most characters any one-line input holds (a search, a find, a
/// path): longer pastes are cut, and the user told. A search is never
/// longer than this, however much is pasted into it.
pub const MOST_INPUT_CHARS: usize = 256;

/// The input that has the keyboard, if any, and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    /// The search box (its text is the query's).
    Search,
    /// Find in page (its text is the detail's find query).
    Find,
    /// Narrowing the filter pane's values (`/` there; e.g. one Kommun of
    /// hundreds).
    ValueFilter,
    /// The file name of an export, as typed so far.
    ExportPath(LineEditor),
    /// Overwrite this file?
    Confirm(PathBuf),
}

impl AppState {
    /// Which keymap applies: the prompt's, or the panes'.
    pub fn mode(&self) -> Mode {
        match self.prompt {
            None => Mode::Browse,
            Some(Prompt::Search) => Mode::Search,
            Some(Prompt::Find) | Some(Prompt::ValueFilter) => Mode::Find,
            Some(Prompt::ExportPath(_)) => Mode::ExportPath,
            Some(Prompt::Confirm(_)) => Mode::Confirm,
        }
    }

    pub fn prompt(&self) -> Option<&Prompt> {
        self.prompt.as_ref()
    }

    /// Typing in the prompt that has the keyboard.
    pub(super) fn update_input(&mut self, action: Action) {
        if let Some(Prompt::ExportPath(editor)) = &mut self.prompt {
            match action {
                Action::SearchInput(c) => {
                    if editor.text().chars().count() < MOST_INPUT_CHARS {
                        editor.insert(c.encode_utf8(&mut [0; 4]));
                    } else {
                        self.message = Some(too_long_message());
                    }
                }
                Action::InsertText(text) => {
                    let room = MOST_INPUT_CHARS.saturating_sub(editor.text().chars().count());
                    let line = one_line(&text);
                    if line.chars().count() > room {
                        self.message = Some(too_long_message());
                    }
                    let kept: String = line.chars().take(room).collect();
                    editor.insert(&kept);
                }
                Action::SearchBackspace => editor.backspace(),
                Action::SearchDeleteWord => editor.delete_word(),
                Action::SearchClearLine => editor.clear(),
                Action::InputLeft => editor.left(),
                Action::InputRight => editor.right(),
                Action::InputHome => editor.home(),
                Action::InputEnd => editor.end(),
                Action::Complete => {
                    let typed = editor.text().to_string();
                    self.commands.push(Command::CompletePath(typed));
                }
                Action::Completed { path, choices } => {
                    *editor = LineEditor::new(&path);
                    if choices.len() > 1 {
                        self.message = Some(choices.join("  "));
                    }
                }
                Action::ToggleSearchKind => {
                    // plain → with text → for spreadsheets → both → plain.
                    let style = &mut self.export_style;
                    (style.for_spreadsheets, style.with_text) =
                        match (style.for_spreadsheets, style.with_text) {
                            (false, false) => (false, true),
                            (false, true) => (true, false),
                            (true, false) => (true, true),
                            (true, true) => (false, false),
                        };
                }
                Action::SearchAccept => self.accept_input(),
                Action::SearchCancel => self.cancel_input(),
                _ => {}
            }
            return;
        }
        match action {
            // Tab keeps what is typed in the search and find boxes.
            Action::Complete => self.accept_input(),
            Action::StartSearch => self.start_input(),
            Action::SearchInput(c) => self.edit_input(|text| text.push(c)),
            Action::InsertText(text) => {
                // Pasted with no box open: it is a search.
                if self.prompt.is_none() {
                    self.start_input();
                }
                let line = one_line(&text);
                self.edit_input(|input| input.push_str(&line));
            }
            Action::SearchBackspace => self.edit_input(|text| {
                text.pop();
            }),
            Action::SearchDeleteWord => self.edit_input(|text| {
                let trimmed = text.trim_end().len();
                let cut = text[..trimmed].rfind(' ').map_or(0, |i| i + 1);
                text.truncate(cut);
            }),
            Action::SearchClearLine => self.edit_input(String::clear),
            Action::SearchAccept => self.accept_input(),
            Action::SearchCancel => self.cancel_input(),
            Action::ToggleSearchKind => {
                self.toggle_search_kind();
                // From the panes, `t` also opens the box: the next letters
                // are the search, not commands.
                if self.prompt.is_none() {
                    self.open_search();
                }
            }
            _ => {}
        }
    }

    /// `/`: search titles from the list, find in page from the detail.
    pub(super) fn start_input(&mut self) {
        if self.focus == Pane::Detail && self.selected.is_some() {
            self.prompt = Some(Prompt::Find);
        } else if self.focus == Pane::Filters {
            self.prompt = Some(Prompt::ValueFilter);
        } else {
            self.open_search();
        }
    }

    fn open_search(&mut self) {
        self.prompt = Some(Prompt::Search);
        self.focus = Pane::List;
        self.detail_full = false;
        self.show_stats = false;
    }

    /// Edits the text of the input that has the keyboard, kept within
    /// `MOST_INPUT_CHARS`, then runs what depends on it.
    pub(super) fn edit_input(&mut self, edit: impl FnOnce(&mut String)) {
        let bounded = |text: &mut String, message: &mut Option<String>| {
            edit(text);
            if let Some((cut, _)) = text.char_indices().nth(MOST_INPUT_CHARS) {
                text.truncate(cut);
                *message = Some(too_long_message());
            }
        };
        match &mut self.prompt {
            Some(Prompt::Search) => {
                bounded(&mut self.query.text, &mut self.message);
                self.refresh_from_top();
            }
            Some(Prompt::Find) => {
                bounded(&mut self.find.text, &mut self.message);
                self.find_from_scroll();
            }
            Some(Prompt::ValueFilter) => {
                bounded(&mut self.value_filter, &mut self.message);
                self.filter_pane = Default::default();
                self.rebuild_filter_rows();
            }
            None | Some(Prompt::ExportPath(_)) | Some(Prompt::Confirm(_)) => {}
        }
    }

    pub(super) fn accept_input(&mut self) {
        let Some(Prompt::ExportPath(editor)) = self.prompt.take() else {
            return;
        };
        let typed = editor.text().trim().to_string();
        if typed.is_empty() {
            self.message = Some("export cancelled: no file name".into());
            return;
        }
        let path = expand_home(&typed);
        let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase());
        if !matches!(extension.as_deref(), Some("csv" | "json")) {
            self.message = Some(match extension {
                None => "add .csv or .json: the format follows the name".to_string(),
                Some(e) => format!("use .csv or .json, not .{e}: the format follows the name"),
            });
            // Keep what was typed, to mend it.
            self.prompt = Some(Prompt::ExportPath(editor));
            return;
        }
        self.last_export = typed;
        self.commands.push(Command::Export {
            path,
            overwrite: false,
        });
    }

    pub(super) fn cancel_input(&mut self) {
        match self.prompt.take() {
            Some(Prompt::Search) => self.clear_query(),
            Some(Prompt::Find) => {
                self.find.clear();
            }
            Some(Prompt::ValueFilter) => {
                self.value_filter.clear();
                self.rebuild_filter_rows();
            }
            Some(Prompt::ExportPath(_)) => self.message = Some("export cancelled".into()),
            None | Some(Prompt::Confirm(_)) => {}
        }
    }

    pub(super) fn toggle_search_kind(&mut self) {
        self.query.kind = match self.query.kind {
            SearchKind::Titles => SearchKind::AllText,
            SearchKind::AllText => SearchKind::Titles,
        };
        self.search.reset();
        self.refresh_from_top();
        self.message = Some(match self.query.kind {
            SearchKind::Titles => "searching titles (fuzzy)".into(),
            SearchKind::AllText => {
                "searching all text: every word must occur, \"quote\" phrases".into()
            }
        });
    }

    /// `e`: the export path, starting from the last one written.
    pub(super) fn start_export(&mut self) {
        if self.options.read_only {
            self.message = Some(
                "export is off: this browser runs on a shared server, which writes no files; use `ssh … list --format csv > file` instead".into(),
            );
            return;
        }
        let path = if self.last_export.is_empty() {
            DEFAULT_EXPORT.to_string()
        } else {
            self.last_export.clone()
        };
        self.prompt = Some(Prompt::ExportPath(LineEditor::new(&path)));
    }

    /// The runner found the export file already there: ask first.
    pub(super) fn ask_overwrite(&mut self, path: PathBuf) {
        self.prompt = Some(Prompt::Confirm(path));
    }

    pub(super) fn confirm(&mut self, yes: bool) {
        if let Some(Prompt::Confirm(path)) = self.prompt.take() {
            if yes {
                self.commands.push(Command::Export {
                    path,
                    overwrite: true,
                });
            } else {
                self.message = Some("export cancelled; the file was left as it was".into());
            }
        }
    }
}

fn too_long_message() -> String {
    format!("an input holds at most {MOST_INPUT_CHARS} characters; the rest was left out")
}

/// Pasted text as one line: its lines joined by a space (never glued:
/// `line1line2`), without control characters.
fn one_line(text: &str) -> String {
    let joined = if text.contains(['\n', '\r']) {
        text.lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        // One line is kept exactly as pasted: as if typed.
        text.to_string()
    };
    joined.chars().filter(|c| !c.is_control()).collect()
}

/// `~/x.csv` -> `$HOME/x.csv`.
pub fn expand_home(typed: &str) -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    match (typed.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        (None, Some(home)) if typed == "~" => home,
        _ => PathBuf::from(typed),
    }
}
