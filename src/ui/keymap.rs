//! Keys -> actions, per mode, and the help overlay's table beside them so
//! the two are edited together (a test checks the documented keys act).

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;

/// Which keymap applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Moving around the panes.
    Browse,
    /// Typing in the search box.
    Search,
    /// Typing a word to find in the detail pane.
    Find,
    /// Typing the file name of an export.
    ExportPath,
    /// Answering yes or no.
    Confirm,
}

/// One line of the help overlay: the keys, and what they do.
pub struct HelpEntry {
    pub keys: &'static str,
    pub does: &'static str,
}

const fn entry(keys: &'static str, does: &'static str) -> HelpEntry {
    HelpEntry { keys, does }
}

/// The help overlay's content, in groups.
pub const HELP: [(&str, &[HelpEntry]); 4] = [
    (
        "Anywhere",
        &[
            entry("/", "search (in the detail pane: find in page)"),
            entry("t", "search titles (fuzzy) ⇄ all text (words, phrases)"),
            entry("Tab  Shift-Tab  h l", "next / previous pane"),
            entry("j k  ↓ ↑", "move, or scroll the detail"),
            entry("PgDn PgUp  Ctrl-d Ctrl-u", "page down / up"),
            entry("g G  Home End", "first / last"),
            entry("s  S", "cycle the sort order / reverse it"),
            entry("C", "clear all filters"),
            entry("f", "show / hide the filter pane"),
            entry("v", "statistics of the listed projects"),
            entry("e", "export the list to CSV or JSON"),
            entry("M", "show only marked projects"),
            entry("y  Y", "copy e-mail / title and summary (OSC 52)"),
            entry("!", "files that could not be loaded"),
            entry("?", "this help"),
            entry("q  Ctrl-c", "quit"),
        ],
    ),
    (
        "List",
        &[
            entry("Enter", "read the selected project"),
            entry("b  m", "read from Bakgrund / Målsättning"),
            entry("Space  x", "mark / unmark"),
            entry("Esc", "clear the search"),
        ],
    ),
    (
        "Filters",
        &[
            entry("Space  Enter", "select / unselect a value"),
            entry("c", "clear this facet"),
        ],
    ),
    (
        "Detail",
        &[
            entry("b  m", "jump to Bakgrund / Målsättning"),
            entry("]  [", "next / previous section"),
            entry("/  n  N", "find in page, next / previous match"),
            entry("Space", "page down"),
            entry("z  Enter", "full screen on / off"),
            entry("Esc", "back to the list"),
        ],
    ),
];

/// Search box keys.
pub const SEARCH_HELP: [HelpEntry; 5] = [
    entry("type", "narrow the list at each key"),
    entry("Ctrl-t", "titles ⇄ all text"),
    entry("Enter", "keep the query, back to the list"),
    entry("Esc", "clear the query"),
    entry("Ctrl-w  Ctrl-u", "delete a word / everything"),
];

/// The action for a key in a mode, if any.
pub fn action_for(mode: Mode, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && key.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    match mode {
        Mode::Search | Mode::Find | Mode::ExportPath => input_action(key, ctrl),
        Mode::Confirm => Some(Action::Confirm(matches!(
            key.code,
            KeyCode::Char('y' | 'Y' | 'j' | 'J')
        ))),
        Mode::Browse => browse_action(key, ctrl),
    }
}

fn input_action(key: KeyEvent, ctrl: bool) -> Option<Action> {
    Some(match key.code {
        KeyCode::Enter => Action::SearchAccept,
        KeyCode::Esc => Action::SearchCancel,
        KeyCode::Backspace if ctrl => Action::SearchDeleteWord,
        KeyCode::Backspace => Action::SearchBackspace,
        KeyCode::Char('w') if ctrl => Action::SearchDeleteWord,
        KeyCode::Char('u') if ctrl => Action::SearchClearLine,
        KeyCode::Char('t') if ctrl => Action::ToggleSearchKind,
        KeyCode::Char('n') if ctrl => Action::Down,
        KeyCode::Char('p') if ctrl => Action::Up,
        KeyCode::Down => Action::Down,
        KeyCode::Up => Action::Up,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::Tab => Action::SearchAccept,
        KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
            Action::SearchInput(c)
        }
        _ => return None,
    })
}

fn browse_action(key: KeyEvent, ctrl: bool) -> Option<Action> {
    Some(match key.code {
        KeyCode::Char('d') if ctrl => Action::PageDown,
        KeyCode::Char('u') if ctrl => Action::PageUp,
        KeyCode::Char('f') if ctrl => Action::PageDown,
        KeyCode::Char('b') if ctrl => Action::PageUp,
        _ if ctrl => return None,
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Char('?') => Action::ToggleHelp,
        KeyCode::Char('/') => Action::StartSearch,
        KeyCode::Tab => Action::FocusNext,
        KeyCode::BackTab => Action::FocusPrevious,
        KeyCode::Char('j') | KeyCode::Down => Action::Down,
        KeyCode::Char('k') | KeyCode::Up => Action::Up,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::Char('g') | KeyCode::Home => Action::Top,
        KeyCode::Char('G') | KeyCode::End => Action::Bottom,
        KeyCode::Enter => Action::Open,
        KeyCode::Esc => Action::Back,
        KeyCode::Char(' ') => Action::ToggleValue,
        KeyCode::Char('z') => Action::ToggleFullDetail,
        KeyCode::Char('f') => Action::ToggleFilterPane,
        KeyCode::Char('c') => Action::ClearFacet,
        KeyCode::Char('C') => Action::ClearAllFilters,
        KeyCode::Char('s') => Action::CycleSort,
        KeyCode::Char('S') => Action::ReverseSort,
        KeyCode::Char(']') => Action::NextSection,
        KeyCode::Char('[') => Action::PreviousSection,
        KeyCode::Char('b') => Action::JumpToSection("Bakgrund"),
        KeyCode::Char('m') => Action::JumpToSection("Målsättning"),
        KeyCode::Char('!') => Action::ToggleProblems,
        KeyCode::Char('t') => Action::ToggleSearchKind,
        KeyCode::Char('n') => Action::NextMatch,
        KeyCode::Char('N') => Action::PreviousMatch,
        KeyCode::Char('x') => Action::ToggleMark,
        KeyCode::Char('M') => Action::ToggleMarkedOnly,
        KeyCode::Char('e') => Action::StartExport,
        KeyCode::Char('y') => Action::CopyEmail,
        KeyCode::Char('Y') => Action::CopySummary,
        KeyCode::Char('v') => Action::ToggleStats,
        KeyCode::Left | KeyCode::Char('h') => Action::FocusPrevious,
        KeyCode::Right | KeyCode::Char('l') => Action::FocusNext,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn letters_type_in_search_but_act_in_browse() {
        assert_eq!(
            action_for(Mode::Search, key(KeyCode::Char('q'))),
            Some(Action::SearchInput('q'))
        );
        assert_eq!(
            action_for(Mode::Browse, key(KeyCode::Char('q'))),
            Some(Action::Quit)
        );
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(action_for(Mode::Search, ctrl_c), Some(Action::Quit));
    }

    #[test]
    fn every_single_key_in_the_help_does_something() {
        for (_, entries) in HELP {
            for entry in entries {
                for keys in entry.keys.split_whitespace() {
                    let mut chars = keys.chars();
                    let (Some(c), None) = (chars.next(), chars.next()) else {
                        continue;
                    };
                    if !c.is_ascii_graphic() {
                        continue;
                    }
                    assert!(
                        action_for(Mode::Browse, key(KeyCode::Char(c))).is_some(),
                        "{keys} is in the help but does nothing"
                    );
                }
            }
        }
        assert_eq!(
            action_for(Mode::Browse, key(KeyCode::Char('b'))),
            Some(Action::JumpToSection("Bakgrund"))
        );
    }
}
