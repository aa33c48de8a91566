//! The default key bindings: one table from which key dispatch, the help
//! overlay, the hints on screen, the config file's `[keys]` and the
//! README's key table all come.

use crossterm::event::KeyCode;

use super::key::Key;
use crate::ui::action::Action;

/// Where a binding acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Moving around the panes.
    Browse,
    /// Typing in a box: search, find in page, export path.
    Input,
}

/// The help overlay's groups (and the README's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Anywhere,
    List,
    Filters,
    Detail,
    SearchBox,
}

impl Group {
    pub const ALL: [Group; 5] = [
        Group::Anywhere,
        Group::List,
        Group::Filters,
        Group::Detail,
        Group::SearchBox,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Group::Anywhere => "Anywhere",
            Group::List => "List",
            Group::Filters => "Filters",
            Group::Detail => "Detail",
            Group::SearchBox => "Search box",
        }
    }
}

/// One binding: its name (the config file's key), where it acts, its keys,
/// its action, and what the help says of it in each group it is shown in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub name: &'static str,
    pub context: Context,
    pub keys: Vec<Key>,
    pub action: Action,
    pub help: &'static [(Group, &'static str)],
}

/// A binding as the default table writes it.
pub struct DefaultBinding {
    name: &'static str,
    context: Context,
    keys: &'static [Key],
    action: Action,
    help: &'static [(Group, &'static str)],
}

const fn browse(
    name: &'static str,
    keys: &'static [Key],
    action: Action,
    help: &'static [(Group, &'static str)],
) -> DefaultBinding {
    DefaultBinding {
        name,
        context: Context::Browse,
        keys,
        action,
        help,
    }
}

const fn input(
    name: &'static str,
    keys: &'static [Key],
    action: Action,
    help: &'static [(Group, &'static str)],
) -> DefaultBinding {
    DefaultBinding {
        name,
        context: Context::Input,
        keys,
        action,
        help,
    }
}

const fn k(c: char) -> Key {
    Key::char(c)
}

const fn named(code: KeyCode) -> Key {
    Key::plain(code)
}

use Group::{Anywhere, Detail, Filters, List, SearchBox};

/// Every binding as bound by default, in the order the help shows them.
pub fn default_bindings() -> Vec<Binding> {
    DEFAULTS
        .iter()
        .map(|d| Binding {
            name: d.name,
            context: d.context,
            keys: d.keys.to_vec(),
            action: d.action.clone(),
            help: d.help,
        })
        .collect()
}

const DEFAULTS: [DefaultBinding; 50] = [
    browse(
        "search",
        &[k('/')],
        Action::StartSearch,
        &[
            (Anywhere, "search (in the detail pane: find in page)"),
            (Filters, "narrow the values to those holding what you type"),
            (Detail, "find in page"),
        ],
    ),
    browse(
        "toggle_search_kind",
        &[k('t')],
        Action::ToggleSearchKind,
        &[(
            Anywhere,
            "search titles (fuzzy) ⇄ all text (words, phrases)",
        )],
    ),
    browse(
        "focus_next",
        &[named(KeyCode::Tab), k('l'), named(KeyCode::Right)],
        Action::FocusNext,
        &[(Anywhere, "next / previous pane")],
    ),
    browse(
        "focus_previous",
        &[named(KeyCode::BackTab), k('h'), named(KeyCode::Left)],
        Action::FocusPrevious,
        &[(Anywhere, "next / previous pane")],
    ),
    browse(
        "down",
        &[k('j'), named(KeyCode::Down)],
        Action::Down,
        &[(Anywhere, "move, or scroll the detail")],
    ),
    browse(
        "up",
        &[k('k'), named(KeyCode::Up)],
        Action::Up,
        &[(Anywhere, "move, or scroll the detail")],
    ),
    browse(
        "page_down",
        &[named(KeyCode::PageDown), Key::ctrl('d'), Key::ctrl('f')],
        Action::PageDown,
        &[(Anywhere, "page down / up")],
    ),
    browse(
        "page_up",
        &[named(KeyCode::PageUp), Key::ctrl('u'), Key::ctrl('b')],
        Action::PageUp,
        &[(Anywhere, "page down / up")],
    ),
    browse(
        "top",
        &[k('g'), named(KeyCode::Home)],
        Action::Top,
        &[(Anywhere, "first / last")],
    ),
    browse(
        "bottom",
        &[k('G'), named(KeyCode::End)],
        Action::Bottom,
        &[(Anywhere, "first / last")],
    ),
    browse(
        "cycle_sort",
        &[k('s')],
        Action::CycleSort,
        &[(Anywhere, "cycle the sort order / reverse it")],
    ),
    browse(
        "reverse_sort",
        &[k('S')],
        Action::ReverseSort,
        &[(Anywhere, "cycle the sort order / reverse it")],
    ),
    browse(
        "clear_filters",
        &[k('C')],
        Action::ClearAllFilters,
        &[(Anywhere, "clear all filters")],
    ),
    browse(
        "toggle_filter_pane",
        &[k('f')],
        Action::ToggleFilterPane,
        &[(Anywhere, "show / hide the filter pane")],
    ),
    browse(
        "statistics",
        &[k('v')],
        Action::ToggleStats,
        &[(Anywhere, "statistics of the listed projects")],
    ),
    browse(
        "export",
        &[k('e')],
        Action::StartExport,
        &[(Anywhere, "export the list to CSV or JSON")],
    ),
    browse(
        "marked_only",
        &[k('M')],
        Action::ToggleMarkedOnly,
        &[(Anywhere, "show only marked projects")],
    ),
    browse(
        "copy_email",
        &[k('y')],
        Action::CopyEmail,
        &[(Anywhere, "copy e-mail / title and summary (OSC 52)")],
    ),
    browse(
        "copy_summary",
        &[k('Y')],
        Action::CopySummary,
        &[(Anywhere, "copy e-mail / title and summary (OSC 52)")],
    ),
    browse(
        "open_source",
        &[k('o')],
        Action::OpenSource,
        &[(Anywhere, "open the page's file in $PAGER (less)")],
    ),
    browse(
        "problems",
        &[k('!')],
        Action::ToggleProblems,
        &[(Anywhere, "files that could not be loaded")],
    ),
    browse(
        "help",
        &[k('?')],
        Action::ToggleHelp,
        &[(Anywhere, "this help")],
    ),
    browse(
        "quit",
        &[k('q')],
        Action::Quit,
        &[(Anywhere, "quit (Ctrl-c too, always)")],
    ),
    browse(
        "open",
        &[named(KeyCode::Enter)],
        Action::Open,
        &[
            (List, "read the selected project"),
            (Filters, "select / unselect a value"),
            (Detail, "full screen on / off"),
        ],
    ),
    browse(
        "space",
        &[k(' ')],
        Action::ToggleValue,
        &[
            (List, "mark / unmark"),
            (Filters, "select / unselect a value"),
            (Detail, "page down"),
        ],
    ),
    browse(
        "toggle_mark",
        &[k('x')],
        Action::ToggleMark,
        &[(List, "mark / unmark")],
    ),
    browse(
        "jump_bakgrund",
        &[k('b')],
        Action::JumpToSection("Bakgrund"),
        &[
            (List, "read from Bakgrund / Målsättning"),
            (Detail, "jump to Bakgrund / Målsättning"),
        ],
    ),
    browse(
        "jump_malsattning",
        &[k('m')],
        Action::JumpToSection("Målsättning"),
        &[
            (List, "read from Bakgrund / Målsättning"),
            (Detail, "jump to Bakgrund / Målsättning"),
        ],
    ),
    browse(
        "back",
        &[named(KeyCode::Esc)],
        Action::Back,
        &[(List, "clear the search"), (Detail, "back to the list")],
    ),
    browse(
        "clear_facet",
        &[k('c')],
        Action::ClearFacet,
        &[(Filters, "clear this facet")],
    ),
    browse(
        "next_section",
        &[k(']')],
        Action::NextSection,
        &[(Detail, "next / previous section")],
    ),
    browse(
        "previous_section",
        &[k('[')],
        Action::PreviousSection,
        &[(Detail, "next / previous section")],
    ),
    browse(
        "next_match",
        &[k('n')],
        Action::NextMatch,
        &[(Detail, "next / previous find match")],
    ),
    browse(
        "previous_match",
        &[k('N')],
        Action::PreviousMatch,
        &[(Detail, "next / previous find match")],
    ),
    browse(
        "full_screen",
        &[k('z')],
        Action::ToggleFullDetail,
        &[(Detail, "full screen on / off")],
    ),
    input(
        "input_accept",
        &[named(KeyCode::Enter)],
        Action::SearchAccept,
        &[(SearchBox, "keep the query, back to the list")],
    ),
    input(
        "input_complete",
        &[named(KeyCode::Tab)],
        Action::Complete,
        &[(SearchBox, "complete the export path (elsewhere: keep)")],
    ),
    input(
        "input_left",
        &[named(KeyCode::Left), Key::ctrl('b')],
        Action::InputLeft,
        &[(SearchBox, "move the cursor (the export path)")],
    ),
    input(
        "input_right",
        &[named(KeyCode::Right), Key::ctrl('f')],
        Action::InputRight,
        &[(SearchBox, "move the cursor (the export path)")],
    ),
    input(
        "input_home",
        &[named(KeyCode::Home), Key::ctrl('a')],
        Action::InputHome,
        &[(SearchBox, "to the start / end (the export path)")],
    ),
    input(
        "input_end",
        &[named(KeyCode::End), Key::ctrl('e')],
        Action::InputEnd,
        &[(SearchBox, "to the start / end (the export path)")],
    ),
    input(
        "input_cancel",
        &[named(KeyCode::Esc)],
        Action::SearchCancel,
        &[(SearchBox, "clear the query")],
    ),
    input(
        "input_toggle_kind",
        &[Key::ctrl('t')],
        Action::ToggleSearchKind,
        &[(
            SearchBox,
            "titles ⇄ all text (export: the CSV's form, plain / with text / for spreadsheets)",
        )],
    ),
    input(
        "input_delete_word",
        &[Key::ctrl('w'), Key::ctrl_code(KeyCode::Backspace)],
        Action::SearchDeleteWord,
        &[(SearchBox, "delete a word / everything")],
    ),
    input(
        "input_clear",
        &[Key::ctrl('u')],
        Action::SearchClearLine,
        &[(SearchBox, "delete a word / everything")],
    ),
    input(
        "input_backspace",
        &[named(KeyCode::Backspace)],
        Action::SearchBackspace,
        &[(SearchBox, "delete a character")],
    ),
    input(
        "input_down",
        &[named(KeyCode::Down), Key::ctrl('n')],
        Action::Down,
        &[(SearchBox, "move in the list")],
    ),
    input(
        "input_up",
        &[named(KeyCode::Up), Key::ctrl('p')],
        Action::Up,
        &[(SearchBox, "move in the list")],
    ),
    input(
        "input_page_down",
        &[named(KeyCode::PageDown)],
        Action::PageDown,
        &[(SearchBox, "page through the list")],
    ),
    input(
        "input_page_up",
        &[named(KeyCode::PageUp)],
        Action::PageUp,
        &[(SearchBox, "page through the list")],
    ),
];
