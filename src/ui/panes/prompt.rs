//! The prompt: the one-line input that has the keyboard (the search box,
//! find in page, the values' narrowing, the export path — one
//! `LineEditor` each time) or the overwrite question; the last export's
//! path and the CSV's form.

use std::path::PathBuf;

use super::super::action::{Edit, Intent};
use super::super::keymap::Binding;
use super::super::state::Command;
use super::history::SearchHistory;
use super::line_editor::{Edited, LineEditor, MOST_CHARS};
use crate::model::output::export::CsvStyle;
use crate::model::query::{Measure, Range};

/// The bindings the status bar names while the search box is typed in.
pub const SEARCH_HINTS: &[Binding] = &[
    Binding::InputAccept,
    Binding::InputCancel,
    Binding::InputDown,
];
/// The bindings the search box names while it is typed in.
pub const EDITING_HINTS: &[Binding] = &[
    Binding::InputAccept,
    Binding::InputCancel,
    Binding::InputToggleKind,
];
/// The bindings the find and values lines name.
pub const LINE_HINTS: &[Binding] = &[Binding::InputAccept, Binding::InputCancel];
/// The find line's pair, after them.
pub const FIND_PAIR: [Binding; 2] = [Binding::NextMatch, Binding::PreviousMatch];
/// The bindings the export line names, in order.
pub const EXPORT_HINTS: [Binding; 4] = [
    Binding::InputComplete,
    Binding::InputToggleKind,
    Binding::InputAccept,
    Binding::InputCancel,
];

/// Suggested file name for an export.
const DEFAULT_EXPORT: &str = "esf-export.csv";

/// The input that has the keyboard, and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    /// The search box (its text becomes the query's).
    Search(LineEditor),
    /// Find in page (its text becomes the detail's find query).
    Find(LineEditor),
    /// Narrowing the filter pane's values (`/` there; e.g. one Kommun of
    /// hundreds).
    ValueFilter(LineEditor),
    /// The file name of an export, as typed so far.
    ExportPath(LineEditor),
    /// Overwrite this file?
    Confirm(PathBuf),
    /// A range filter, as typed (`2010-2014`, `500k-2M`; empty: none).
    Range(Measure, LineEditor),
}

/// Which line's text the rest of the state follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    Search,
    Find,
    Values,
}

/// What the prompt's update asks of the rest.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Said {
    /// The line now holds this text.
    pub text: Option<(Line, String)>,
    /// The line was closed, its text dropped.
    pub cancelled: Option<Line>,
    pub command: Option<Command>,
    pub message: Option<String>,
    /// A range filter was typed: set (or, `None`, dropped).
    pub range: Option<(Measure, Option<Range>)>,
}

#[derive(Debug, Clone, Default)]
pub struct PromptPane {
    pub open: Option<Prompt>,
    /// The path of the last export, offered again for the next.
    last_export: String,
    /// How a CSV export is written (`Ctrl-t` in the export prompt cycles).
    pub export_style: CsvStyle,
    /// The searches kept this session, for `↑`/`↓` in the search box.
    pub history: SearchHistory,
}

impl PromptPane {
    /// Typing, keeping, dropping, completing, and the overwrite answer.
    pub fn update(&mut self, intent: &Intent) -> Said {
        match intent {
            Intent::EditText(edit) => self.edit(edit),
            Intent::Accept => self.accept(),
            Intent::Cancel => self.cancel(),
            Intent::Complete => match &self.open {
                Some(Prompt::ExportPath(editor)) => Said {
                    command: Some(Command::CompletePath(editor.text().to_string())),
                    ..Said::default()
                },
                _ => Said::default(),
            },
            Intent::CycleCsvStyle => {
                // plain → with text → for spreadsheets → both → plain.
                let style = &mut self.export_style;
                (style.for_spreadsheets, style.with_text) =
                    match (style.for_spreadsheets, style.with_text) {
                        (false, false) => (false, true),
                        (false, true) => (true, false),
                        (true, false) => (true, true),
                        (true, true) => (false, false),
                    };
                Said::default()
            }
            Intent::Answer(yes) => self.answer(*yes),
            _ => Said::default(),
        }
    }

    pub fn open(&mut self, prompt: Prompt) {
        self.history.restart();
        self.open = Some(prompt);
    }

    /// `↑` (`older`) or `↓` in the search box: an earlier search in its
    /// place when the box is empty or holds one recalled; `None` when the
    /// key is not the history's (it moves in the list).
    pub fn recall(&mut self, older: bool) -> Option<Said> {
        let Some(Prompt::Search(editor)) = &mut self.open else {
            return None;
        };
        let text = self.history.step(editor.text(), older)?;
        *editor = LineEditor::words(&text);
        Some(Said {
            text: Some((Line::Search, text)),
            ..Said::default()
        })
    }

    fn edit(&mut self, edit: &Edit) -> Said {
        // The lines whose text is followed at each key, and whether the
        // cursor moves in it (a path) or stays at the end.
        let (line, moves, editor) = match &mut self.open {
            Some(Prompt::Search(editor)) => (Some(Line::Search), false, editor),
            Some(Prompt::Find(editor)) => (Some(Line::Find), false, editor),
            Some(Prompt::ValueFilter(editor)) => (Some(Line::Values), false, editor),
            Some(Prompt::ExportPath(editor)) => (None, true, editor),
            Some(Prompt::Range(_, editor)) => (None, false, editor),
            None | Some(Prompt::Confirm(_)) => return Said::default(),
        };
        let mut said = Said::default();
        let fits = match editor.apply(edit, moves) {
            Edited::Text { fits } => fits,
            Edited::Cursor => return said,
        };
        if !fits {
            said.message = Some(too_long_message());
        }
        said.text = line.map(|line| (line, editor.text().to_string()));
        said
    }

    fn accept(&mut self) -> Said {
        let editor = match self.open.take() {
            Some(Prompt::ExportPath(editor)) => editor,
            Some(Prompt::Search(editor)) => {
                self.history.keep(editor.text());
                return Said::default();
            }
            Some(Prompt::Range(measure, editor)) => return self.accept_range(measure, editor),
            _ => return Said::default(),
        };
        let typed = editor.text().trim().to_string();
        if typed.is_empty() {
            return said_message("export cancelled: no file name");
        }
        let path = expand_home(&typed);
        let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase());
        if !matches!(extension.as_deref(), Some("csv" | "json")) {
            // Keep what was typed, to mend it.
            self.open = Some(Prompt::ExportPath(editor));
            return said_message(match extension {
                None => "add .csv or .json: the format follows the name".to_string(),
                Some(e) => format!("use .csv or .json, not .{e}: the format follows the name"),
            });
        }
        self.last_export = typed;
        Said {
            command: Some(Command::Export {
                path,
                overwrite: false,
            }),
            ..Said::default()
        }
    }

    /// A range as typed: set, dropped (nothing typed), or the line kept
    /// open to mend it, saying how ranges are written.
    fn accept_range(&mut self, measure: Measure, editor: LineEditor) -> Said {
        let typed = editor.text().trim();
        if typed.is_empty() {
            return Said {
                range: Some((measure, None)),
                ..Said::default()
            };
        }
        match Range::parse(typed) {
            Some(range) => Said {
                range: Some((measure, Some(range))),
                ..Said::default()
            },
            None => {
                let message = format!(
                    "{typed:?} is not a range; type {}, or nothing for any",
                    range_examples(measure)
                );
                self.open = Some(Prompt::Range(measure, editor));
                said_message(message)
            }
        }
    }

    fn cancel(&mut self) -> Said {
        let cancelled = match self.open.take() {
            Some(Prompt::Search(_)) => Line::Search,
            Some(Prompt::Find(_)) => Line::Find,
            Some(Prompt::ValueFilter(_)) => Line::Values,
            Some(Prompt::ExportPath(_)) => return said_message("export cancelled"),
            None | Some(Prompt::Confirm(_) | Prompt::Range(..)) => return Said::default(),
        };
        Said {
            cancelled: Some(cancelled),
            ..Said::default()
        }
    }

    /// `e`: the export path, starting from the last one written.
    pub fn start_export(&mut self, read_only: bool) -> Said {
        if read_only {
            return said_message(
                "export is off: this browser runs on a shared server, which writes no files; use `ssh … list --format csv > file` instead",
            );
        }
        let path = if self.last_export.is_empty() {
            DEFAULT_EXPORT
        } else {
            &self.last_export
        };
        self.open = Some(Prompt::ExportPath(LineEditor::new(path)));
        Said::default()
    }

    /// The runner completed the export path.
    pub fn completed(&mut self, path: &str, choices: &[String]) -> Option<String> {
        let Some(Prompt::ExportPath(editor)) = &mut self.open else {
            return None;
        };
        *editor = LineEditor::new(path);
        (choices.len() > 1).then(|| choices.join("  "))
    }

    fn answer(&mut self, yes: bool) -> Said {
        let Some(Prompt::Confirm(path)) = self.open.take() else {
            return Said::default();
        };
        if yes {
            Said {
                command: Some(Command::Export {
                    path,
                    overwrite: true,
                }),
                ..Said::default()
            }
        } else {
            said_message("export cancelled; the file was left as it was")
        }
    }
}

/// How ranges of this measure are written, for the prompt and its
/// refusal.
pub fn range_examples(measure: Measure) -> &'static str {
    match measure {
        Measure::StartYear => "2010-2014, 2012, 2010- or ..2014",
        Measure::Grant | Measure::Budget => "500k-2M, 1M-, ..300k or 250000-",
    }
}

fn said_message(text: impl Into<String>) -> Said {
    Said {
        message: Some(text.into()),
        ..Said::default()
    }
}

pub(super) fn too_long_message() -> String {
    format!("an input holds at most {MOST_CHARS} characters; the rest was left out")
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

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(pane: &mut PromptPane, text: &str) -> Said {
        pane.update(&Intent::EditText(Edit::Insert(text.into())))
    }

    #[test]
    fn a_search_line_reports_its_text_and_its_cancel() {
        let mut pane = PromptPane::default();
        pane.open(Prompt::Search(LineEditor::words("")));
        let said = typed(&mut pane, "harj\nedal");
        assert_eq!(said.text, Some((Line::Search, "harj edal".into())));
        let said = pane.update(&Intent::EditText(Edit::DeleteWord));
        assert_eq!(said.text, Some((Line::Search, "harj ".into())));
        // The cursor stays at the end of a search.
        pane.update(&Intent::EditText(Edit::Home));
        assert_eq!(typed(&mut pane, "x").text.unwrap().1, "harj x");
        assert_eq!(pane.update(&Intent::Cancel).cancelled, Some(Line::Search));
        assert!(pane.open.is_none());
    }

    #[test]
    fn an_export_path_is_checked_kept_and_confirmed() {
        let mut pane = PromptPane::default();
        pane.start_export(false);
        pane.update(&Intent::EditText(Edit::Clear));
        typed(&mut pane, "/tmp/ut.txt");
        let said = pane.update(&Intent::Accept);
        assert!(said.message.unwrap().contains("not .txt"));
        pane.update(&Intent::EditText(Edit::Home));
        pane.update(&Intent::EditText(Edit::End));
        for _ in 0..3 {
            pane.update(&Intent::EditText(Edit::Backspace));
        }
        typed(&mut pane, "csv");
        let said = pane.update(&Intent::Accept);
        assert!(matches!(
            said.command,
            Some(Command::Export {
                overwrite: false,
                ..
            })
        ));
        pane.open(Prompt::Confirm("/tmp/ut.csv".into()));
        let said = pane.update(&Intent::Answer(true));
        assert!(matches!(
            said.command,
            Some(Command::Export {
                overwrite: true,
                ..
            })
        ));
        pane.start_export(false);
        assert_eq!(
            pane.open,
            Some(Prompt::ExportPath(LineEditor::new("/tmp/ut.csv")))
        );
        pane.update(&Intent::CycleCsvStyle);
        assert!(pane.export_style.with_text);
        assert!(pane.start_export(true).message.is_some());
    }

    #[test]
    fn a_range_is_set_on_enter_mended_when_wrong_and_dropped_when_empty() {
        let mut pane = PromptPane::default();
        pane.open(Prompt::Range(Measure::StartYear, LineEditor::words("")));
        typed(&mut pane, "2014-2010");
        let said = pane.update(&Intent::Accept);
        assert!(said.message.unwrap().contains("2010-2014, 2012"));
        assert_eq!(said.range, None);
        // Still open, holding what was typed, to mend it.
        pane.update(&Intent::EditText(Edit::Clear));
        typed(&mut pane, "2010-");
        let said = pane.update(&Intent::Accept);
        let from_2010 = Range {
            low: Some(2010),
            high: None,
        };
        assert_eq!(said.range, Some((Measure::StartYear, Some(from_2010))));
        assert!(pane.open.is_none());
        pane.open(Prompt::Range(Measure::Grant, LineEditor::words("1M-")));
        pane.update(&Intent::EditText(Edit::Clear));
        assert_eq!(
            pane.update(&Intent::Accept).range,
            Some((Measure::Grant, None))
        );
        // Esc leaves the range as it was.
        pane.open(Prompt::Range(Measure::Grant, LineEditor::words("")));
        typed(&mut pane, "5");
        assert_eq!(pane.update(&Intent::Cancel), Said::default());
    }
}
