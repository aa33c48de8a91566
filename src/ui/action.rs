//! The browser's two vocabularies: `Intent`, what a key (or the help) may
//! ask for, named by what it means in the pane that has the keyboard; and
//! `Msg`, what the terminal (size, mouse) and the runtime (the loader, the
//! full-text worker, the command runner, signals) report. `Input` is
//! either, as `AppState::update` takes it.

use std::path::PathBuf;

use crate::model::Progress;
use crate::model::corpus::load::Batch;

/// The three panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    Filters,
    #[default]
    List,
    Detail,
}

/// A change to the text of the prompt that has the keyboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// A character typed.
    Char(char),
    /// Text typed quickly or pasted: inserted in one step.
    Insert(String),
    Backspace,
    DeleteWord,
    /// Empty the line, stay in it.
    Clear,
    Left,
    Right,
    Home,
    End,
}

/// What a key may be bound to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intent {
    /// Close what is in view (an overlay, the statistics), else quit.
    Quit,
    /// Quit, whatever is open (Ctrl-c).
    ForceQuit,
    ToggleHelp,
    ToggleProblems,
    /// Open the search box (keeps the current query for editing).
    StartSearch,
    /// Find in the page of the detail pane.
    StartFind,
    /// Narrow the filter pane's values to those holding what is typed.
    StartValueFilter,
    /// Search titles (fuzzy) or all text (words and phrases).
    ToggleSearchKind,
    /// The export's CSV form: plain, with text, for spreadsheets, both.
    CycleCsvStyle,
    FocusNext,
    FocusPrevious,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Read the selected project.
    Open,
    /// Step back: close the statistics or full screen, leave the detail,
    /// clear the narrowing of the values or the query.
    Back,
    /// The detail on the whole screen, or not.
    ToggleFullScreen,
    ToggleFilterPane,
    /// Select (or unselect) the filter value under the cursor.
    ToggleFilterValue,
    ClearFacet,
    /// The filter cursor to the next / previous facet's heading.
    NextFacet,
    PreviousFacet,
    /// Fold the facet under the filter cursor to its heading, or unfold it.
    FoldFacet,
    ClearAllFilters,
    CycleSort,
    ReverseSort,
    NextSection,
    PreviousSection,
    JumpToSection(&'static str),
    /// Find in page: the next / previous match.
    NextMatch,
    PreviousMatch,
    ToggleMark,
    ToggleMarkedOnly,
    /// Ask for a file name and write the listed projects to it.
    StartExport,
    /// The answer to the overwrite question.
    Answer(bool),
    CopyEmail,
    CopySummary,
    /// Copy the registration number (the file id when it has none).
    CopyId,
    /// The session's messages, whole (the status bar cuts long ones).
    ToggleMessages,
    /// Show the selected project's source file in `$PAGER`.
    OpenSource,
    ToggleStats,
    /// Keep what the prompt holds (write the export), close it.
    Accept,
    /// Close the prompt, dropping what it holds (the search: cleared).
    Cancel,
    /// Complete the export path from the names in its folder.
    Complete,
    EditText(Edit),
    /// Close the overlay in view.
    Close,
}

/// What the terminal and the runtime report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    Resize(u16, u16),
    /// Mouse wheel over a point (positive: down).
    ScrollAt {
        column: u16,
        row: u16,
        lines: i32,
    },
    ClickAt {
        column: u16,
        row: u16,
    },
    /// Where the load stands.
    LoadProgress(Progress),
    /// Pages that finished loading: the list fills in.
    AddBatch(Box<Batch>),
    /// The last batch is in.
    LoadFinished,
    /// A full-text search, or a part of the full-text index, is ready.
    TextWorkDone,
    /// Ids read from the marks file.
    RestoreMarks(Vec<String>),
    /// The runner's completion of the export path, and the names it could
    /// have been.
    Completed {
        path: String,
        choices: Vec<String>,
    },
    /// The export's file exists: ask before overwriting it.
    AskOverwrite(PathBuf),
    /// The marks file now has this many of the session's changes.
    MarksSaved(usize),
    /// A result to show in the status bar.
    Notify(String),
    /// A file could not be written; the old one is untouched.
    WriteFailed(String),
    /// SIGTERM, SIGHUP, SIGINT or SIGQUIT: leave cleanly.
    Signal(i32),
    /// The terminal can no longer be read.
    InputFailed(String),
}

impl Msg {
    /// Whether the user made it (the size, the mouse): it clears the last
    /// message and closes an overlay, as a key does.
    pub fn from_user(&self) -> bool {
        matches!(
            self,
            Msg::Resize(..) | Msg::ScrollAt { .. } | Msg::ClickAt { .. }
        )
    }
}

/// What `AppState::update` takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Intent(Intent),
    Msg(Msg),
}

impl From<Intent> for Input {
    fn from(intent: Intent) -> Input {
        Input::Intent(intent)
    }
}

impl From<Msg> for Input {
    fn from(msg: Msg) -> Input {
        Input::Msg(msg)
    }
}
