//! `Action`: the one vocabulary of the browser. Keys, mouse, the help
//! overlay, the loader and the command runner all speak it;
//! `AppState::update` is the only place it acts.

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

/// Everything a user can ask of the browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// `q`: close the overlay or statistics in view, else quit.
    Quit,
    /// Ctrl-c: quit, whatever is open.
    ForceQuit,
    ToggleHelp,
    /// Open the search box (keeps the current query for editing).
    StartSearch,
    SearchInput(char),
    SearchBackspace,
    SearchDeleteWord,
    /// Ctrl-u: empty the input, stay in it.
    SearchClearLine,
    /// Enter: back to the list, keeping the query.
    SearchAccept,
    /// Esc: clear the query and close the box.
    SearchCancel,
    /// Text typed quickly or pasted: appended to the query in one step.
    InsertText(String),
    /// Moving the cursor of an input that has one (the export path).
    InputLeft,
    InputRight,
    InputHome,
    InputEnd,
    /// Tab: complete the export path (elsewhere: keep the input).
    Complete,
    /// The runner's completion of the export path, and the names it could
    /// have been.
    Completed {
        path: String,
        choices: Vec<String>,
    },
    FocusNext,
    FocusPrevious,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Enter on the list: read the selected project.
    Open,
    /// Esc: step back (close full screen, leave the detail, clear the query).
    Back,
    ToggleFullDetail,
    ToggleFilterPane,
    /// Space on a filter value.
    ToggleValue,
    ClearFacet,
    ClearAllFilters,
    CycleSort,
    ReverseSort,
    NextSection,
    PreviousSection,
    JumpToSection(&'static str),
    ToggleProblems,
    /// Search titles (fuzzy) or all text (words and phrases).
    ToggleSearchKind,
    /// Find in page: the next / previous match.
    NextMatch,
    PreviousMatch,
    ToggleMark,
    ToggleMarkedOnly,
    /// Ask for a file name and write the listed projects to it.
    StartExport,
    /// The answer to a yes/no question.
    Confirm(bool),
    CopyEmail,
    CopySummary,
    /// Show the selected project's source file in `$PAGER`.
    OpenSource,
    ToggleStats,
    /// A result to show in the status bar.
    Notify(String),
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
    /// The export's file exists: ask before overwriting it.
    AskOverwrite(PathBuf),
    /// The marks file now has this many of the session's changes.
    MarksSaved(usize),
    /// A file could not be written; the old one is untouched.
    WriteFailed(String),
}
