//! The default key bindings: one table from which key dispatch, the help
//! overlay, the hints on screen, the config file's `[keys]` and the
//! README's key table all come. Each row: the typed id, the config name,
//! the keys, the intent in each context, the help, and the hints.

use crossterm::event::KeyCode;

use super::ids::{Binding, Context, Group, Spot};
use super::key::Key;
use crate::ui::action::{Edit, Intent};

/// One binding: its id and config name, its keys, what it does in each
/// context it acts in, what the help says of it in each group it is shown
/// in, and its short hint in each place a hint names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: Binding,
    pub name: &'static str,
    pub keys: Vec<Key>,
    pub uses: Vec<(Context, Intent)>,
    pub help: &'static [(Group, &'static str)],
    pub hints: &'static [(Spot, &'static str)],
}

impl Entry {
    /// Its intent in `context`, if it acts there.
    pub fn intent_in(&self, context: Context) -> Option<&Intent> {
        self.uses
            .iter()
            .find(|(c, _)| *c == context)
            .map(|(_, intent)| intent)
    }

    /// Its hint in `spot`, if it has one there.
    pub fn hint_at(&self, spot: Spot) -> Option<&'static str> {
        self.hints.iter().find(|(s, _)| *s == spot).map(|(_, h)| *h)
    }

    fn on(mut self, contexts: &[Context], intent: Intent) -> Entry {
        for &context in contexts {
            self.uses.push((context, intent.clone()));
        }
        self
    }

    fn help(mut self, help: &'static [(Group, &'static str)]) -> Entry {
        self.help = help;
        self
    }

    fn hints(mut self, hints: &'static [(Spot, &'static str)]) -> Entry {
        self.hints = hints;
        self
    }
}

fn entry(id: Binding, keys: &[Key]) -> Entry {
    Entry {
        id,
        name: id.name(),
        keys: keys.to_vec(),
        uses: Vec::new(),
        help: &[],
        hints: &[],
    }
}

/// A binding of the panes, acting wherever none of the focused pane's
/// own bindings has the key (and under an overlay).
fn global(id: Binding, keys: &[Key], intent: Intent) -> Entry {
    entry(id, keys).on(&[Context::Global], intent)
}

/// A binding of the prompts: search, find, the values' narrowing, export.
fn typing(id: Binding, keys: &[Key], intent: Intent) -> Entry {
    entry(id, keys).on(&TYPING, intent)
}

const TYPING: [Context; 4] = [
    Context::Search,
    Context::Find,
    Context::Values,
    Context::Export,
];
const TYPING_TEXT: [Context; 3] = [Context::Search, Context::Find, Context::Values];

const fn k(c: char) -> Key {
    Key::char(c)
}

const fn named(code: KeyCode) -> Key {
    Key::plain(code)
}

use Binding as B;
use Context::{Confirm, Detail as DetailPane, Export, Filters as FiltersPane, List as ListPane};
use Group::{Anywhere, Detail, Filters, List, Overwrite, SearchBox};
use Intent as I;
use Spot::{EmptyList, SearchBar, Stats, StatusDetail, StatusFilters, StatusList};

/// Every binding as bound by default, in the order the help shows them.
pub fn default_bindings() -> Vec<Entry> {
    let mut all = browsing();
    all.extend(browsing_tools());
    all.extend(pane_bindings());
    all.extend(filter_bindings());
    all.extend(prompt_bindings());
    all.extend(prompt_closing());
    all.extend(prompt_editing());
    all.extend(question_bindings());
    all
}

/// Searching and moving, from any pane.
fn browsing() -> Vec<Entry> {
    vec![
        global(B::Search, &[k('/')], I::StartSearch)
            .on(&[FiltersPane], I::StartValueFilter)
            .on(&[DetailPane], I::StartFind)
            .help(&[
                (Anywhere, "search (in the detail pane: find in page)"),
                (Filters, "narrow the values to those holding what you type"),
                (Detail, "find in page"),
            ])
            .hints(&[
                (StatusList, "search"),
                (StatusFilters, "narrow values"),
                (StatusDetail, "find in page"),
                (SearchBar, "edit"),
            ]),
        global(B::ToggleSearchKind, &[k('t')], I::ToggleSearchKind).help(&[(
            Anywhere,
            "search titles (fuzzy) ⇄ all text (words, phrases)",
        )]),
        global(
            B::FocusNext,
            &[named(KeyCode::Tab), k('l'), named(KeyCode::Right)],
            I::FocusNext,
        )
        .help(&[(Anywhere, "next / previous pane")]),
        global(
            B::FocusPrevious,
            &[named(KeyCode::BackTab), k('h'), named(KeyCode::Left)],
            I::FocusPrevious,
        )
        .help(&[(Anywhere, "next / previous pane")]),
        global(B::Down, &[k('j'), named(KeyCode::Down)], I::Down)
            .help(&[(Anywhere, "move, or scroll the detail")])
            .hints(&[(Spot::Overlay, "scroll")]),
        global(B::Up, &[k('k'), named(KeyCode::Up)], I::Up)
            .help(&[(Anywhere, "move, or scroll the detail")])
            .hints(&[(Spot::Overlay, "scroll")]),
        global(
            B::PageDown,
            &[named(KeyCode::PageDown), Key::ctrl('d'), Key::ctrl('f')],
            I::PageDown,
        )
        .help(&[(Anywhere, "page down / up")]),
        global(
            B::PageUp,
            &[named(KeyCode::PageUp), Key::ctrl('u'), Key::ctrl('b')],
            I::PageUp,
        )
        .help(&[(Anywhere, "page down / up")]),
        global(B::Top, &[k('g'), named(KeyCode::Home)], I::Top).help(&[(Anywhere, "first / last")]),
        global(B::Bottom, &[k('G'), named(KeyCode::End)], I::Bottom)
            .help(&[(Anywhere, "first / last")]),
    ]
}

/// The list's order and filters, the views, and what acts on a project.
fn browsing_tools() -> Vec<Entry> {
    vec![
        global(B::CycleSort, &[k('s')], I::CycleSort)
            .help(&[(Anywhere, "cycle the sort order / reverse it")])
            .hints(&[(StatusList, "sort")]),
        global(B::ReverseSort, &[k('S')], I::ReverseSort)
            .help(&[(Anywhere, "cycle the sort order / reverse it")]),
        global(B::ClearFilters, &[k('C')], I::ClearAllFilters)
            .help(&[(Anywhere, "clear all filters")])
            .hints(&[(EmptyList, "clears the filters")]),
        global(B::ToggleFilterPane, &[k('f')], I::ToggleFilterPane)
            .help(&[(Anywhere, "show / hide the filter pane")]),
        global(B::Statistics, &[k('v')], I::ToggleStats)
            .help(&[(Anywhere, "statistics of the listed projects")])
            .hints(&[(Stats, "closes")]),
        global(B::Export, &[k('e')], I::StartExport)
            .help(&[(Anywhere, "export the list to CSV or JSON")]),
        global(B::MarkedOnly, &[k('M')], I::ToggleMarkedOnly)
            .help(&[(Anywhere, "show only marked projects")])
            .hints(&[(EmptyList, "shows all projects again")]),
        global(B::CopyEmail, &[k('y')], I::CopyEmail)
            .help(&[(Anywhere, "copy e-mail / title and summary (OSC 52)")]),
        global(B::CopySummary, &[k('Y')], I::CopySummary)
            .help(&[(Anywhere, "copy e-mail / title and summary (OSC 52)")]),
        global(B::OpenSource, &[k('o')], I::OpenSource)
            .help(&[(Anywhere, "open the page's file in $PAGER (less)")]),
        global(B::Problems, &[k('!')], I::ToggleProblems)
            .help(&[(Anywhere, "files that could not be loaded")]),
        global(B::Help, &[k('?')], I::ToggleHelp)
            .help(&[(Anywhere, "this help")])
            .hints(&[
                (StatusList, "help"),
                (StatusFilters, "help"),
                (StatusDetail, "help"),
            ]),
        global(B::Quit, &[k('q')], I::Quit)
            .help(&[(Anywhere, "quit (Ctrl-c too, always)")])
            .hints(&[
                (StatusList, "quit"),
                (StatusFilters, "quit"),
                (StatusDetail, "quit"),
            ]),
        global(B::CopyId, &[k('i')], I::CopyId)
            .help(&[(Anywhere, "copy the registration number (or file id)")]),
        global(B::Messages, &[k('L')], I::ToggleMessages)
            .help(&[(Anywhere, "this session's messages, whole, newest last")])
            .hints(&[(Spot::Message, "more")]),
    ]
}

/// Bindings of one pane or more, and the detail's.
fn pane_bindings() -> Vec<Entry> {
    vec![
        entry(B::Open, &[named(KeyCode::Enter)])
            .on(&[ListPane], I::Open)
            .on(&[FiltersPane], I::ToggleFilterValue)
            .on(&[DetailPane], I::ToggleFullScreen)
            .help(&[
                (List, "read the selected project"),
                (Filters, "select / unselect a value; on a range (start year, grant, budget; last): type it"),
                (Detail, "full screen on / off"),
            ]),
        entry(B::Space, &[k(' ')])
            .on(&[ListPane], I::ToggleMark)
            .on(&[FiltersPane], I::ToggleFilterValue)
            .on(&[DetailPane, Context::Overlay], I::PageDown)
            .help(&[
                (List, "mark / unmark"),
                (Filters, "select / unselect a value; on a range (start year, grant, budget; last): type it"),
                (Detail, "page down"),
            ])
            .hints(&[(StatusFilters, "select")]),
        global(B::ToggleMark, &[k('x')], I::ToggleMark).help(&[(List, "mark / unmark")]),
        global(B::JumpBakgrund, &[k('b')], I::JumpToSection("Bakgrund")).help(&[
            (List, "read from Bakgrund / Målsättning"),
            (Detail, "jump to Bakgrund / Målsättning"),
        ]),
        global(
            B::JumpMalsattning,
            &[k('m')],
            I::JumpToSection("Målsättning"),
        )
        .help(&[
            (List, "read from Bakgrund / Målsättning"),
            (Detail, "jump to Bakgrund / Målsättning"),
        ]),
        global(B::Back, &[named(KeyCode::Esc)], I::Back)
            .help(&[(List, "clear the search"), (Detail, "back to the list")])
            .hints(&[
                (SearchBar, "clear"),
                (EmptyList, "clears the search"),
                (Stats, "closes"),
            ]),
        global(B::ClearFacet, &[k('c')], I::ClearFacet).help(&[(Filters, "clear this facet or range")]),
        entry(B::NextSection, &[k(']')])
            .on(&[ListPane, DetailPane], I::NextSection)
            .help(&[(Detail, "next / previous section")]),
        entry(B::PreviousSection, &[k('[')])
            .on(&[ListPane, DetailPane], I::PreviousSection)
            .help(&[(Detail, "next / previous section")]),
        global(B::NextMatch, &[k('n')], I::NextMatch)
            .help(&[(Detail, "next / previous find match")])
            .hints(&[(StatusDetail, "next"), (Spot::Find, "next")]),
        global(B::PreviousMatch, &[k('N')], I::PreviousMatch)
            .help(&[(Detail, "next / previous find match")])
            .hints(&[(Spot::Find, "previous")]),
        entry(B::FullScreen, &[k('z')])
            .on(&[ListPane, DetailPane], I::ToggleFullScreen)
            .help(&[(Detail, "full screen on / off")]),
    ]
}

/// Moving between the filter pane's facets and folding one.
fn filter_bindings() -> Vec<Entry> {
    vec![
        entry(B::NextFacet, &[k(']'), k('}')])
            .on(&[FiltersPane], I::NextFacet)
            .help(&[(Filters, "next / previous facet")]),
        entry(B::PreviousFacet, &[k('['), k('{')])
            .on(&[FiltersPane], I::PreviousFacet)
            .help(&[(Filters, "next / previous facet")]),
        entry(B::FoldFacet, &[k('z')])
            .on(&[FiltersPane], I::FoldFacet)
            .help(&[(Filters, "fold / unfold this facet")]),
    ]
}

/// Keeping and completing what a prompt holds, and its cursor.
fn prompt_bindings() -> Vec<Entry> {
    use Edit as E;
    vec![
        typing(B::InputAccept, &[named(KeyCode::Enter)], I::Accept)
            .help(&[(SearchBox, "keep the query, back to the list")])
            .hints(&[
                (Spot::Search, "keep"),
                (Spot::Find, "keep"),
                (Spot::Values, "keep"),
                (Spot::Export, "write"),
            ]),
        entry(B::InputComplete, &[named(KeyCode::Tab)])
            .on(&TYPING_TEXT, I::Accept)
            .on(&[Export], I::Complete)
            .help(&[(SearchBox, "complete the export path (elsewhere: keep)")])
            .hints(&[(Spot::Export, "complete")]),
        typing(
            B::InputLeft,
            &[named(KeyCode::Left), Key::ctrl('b')],
            I::EditText(E::Left),
        )
        .help(&[(SearchBox, "move the cursor (the export path)")]),
        typing(
            B::InputRight,
            &[named(KeyCode::Right), Key::ctrl('f')],
            I::EditText(E::Right),
        )
        .help(&[(SearchBox, "move the cursor (the export path)")]),
        typing(
            B::InputHome,
            &[named(KeyCode::Home), Key::ctrl('a')],
            I::EditText(E::Home),
        )
        .help(&[(SearchBox, "to the start / end (the export path)")]),
        typing(
            B::InputEnd,
            &[named(KeyCode::End), Key::ctrl('e')],
            I::EditText(E::End),
        )
        .help(&[(SearchBox, "to the start / end (the export path)")]),
    ]
}

/// Leaving a prompt, and its Ctrl-t.
fn prompt_closing() -> Vec<Entry> {
    vec![
        typing(B::InputCancel, &[named(KeyCode::Esc)], I::Cancel)
            .help(&[(SearchBox, "clear the query")])
            .hints(&[
                (Spot::Search, "clear"),
                (Spot::Find, "clear"),
                (Spot::Values, "clear"),
                (Spot::Export, "cancel"),
            ]),
        entry(B::InputToggleKind, &[Key::ctrl('t')])
            .on(&TYPING_TEXT, I::ToggleSearchKind)
            .on(&[Export], I::CycleCsvStyle)
            .help(&[(
                SearchBox,
                "titles ⇄ all text (export: the CSV's form, plain / with text / for spreadsheets)",
            )])
            .hints(&[(Spot::Search, "titles/all text"), (Spot::Export, "CSV:")]),
    ]
}

/// What `↑`/`↓` do in the search box.
const SEARCH_UP_DOWN: &str = "move in the list; in an empty box: earlier searches, newest first";

/// Deleting in a prompt, and moving in the list from it.
fn prompt_editing() -> Vec<Entry> {
    use Edit as E;
    vec![
        typing(
            B::InputDeleteWord,
            &[Key::ctrl('w'), Key::ctrl_code(KeyCode::Backspace)],
            I::EditText(E::DeleteWord),
        )
        .help(&[(SearchBox, "delete a word / everything")]),
        typing(B::InputClear, &[Key::ctrl('u')], I::EditText(E::Clear))
            .help(&[(SearchBox, "delete a word / everything")]),
        typing(
            B::InputBackspace,
            &[named(KeyCode::Backspace)],
            I::EditText(E::Backspace),
        )
        .help(&[(SearchBox, "delete a character")]),
        typing(
            B::InputDown,
            &[named(KeyCode::Down), Key::ctrl('n')],
            I::Down,
        )
        .help(&[(SearchBox, SEARCH_UP_DOWN)])
        .hints(&[(Spot::Search, "move")]),
        typing(B::InputUp, &[named(KeyCode::Up), Key::ctrl('p')], I::Up)
            .help(&[(SearchBox, SEARCH_UP_DOWN)]),
        typing(B::InputPageDown, &[named(KeyCode::PageDown)], I::PageDown)
            .help(&[(SearchBox, "page through the list")]),
        typing(B::InputPageUp, &[named(KeyCode::PageUp)], I::PageUp)
            .help(&[(SearchBox, "page through the list")]),
    ]
}

/// The overwrite question: any key not bound here is a no.
fn question_bindings() -> Vec<Entry> {
    vec![
        entry(B::ConfirmYes, &[k('y'), k('Y'), k('j'), k('J')])
            .on(&[Confirm], I::Answer(true))
            .help(&[(Overwrite, "overwrite the file")])
            .hints(&[(Spot::Confirm, "yes")]),
        entry(B::ConfirmNo, &[k('n'), k('N'), named(KeyCode::Esc)])
            .on(&[Confirm], I::Answer(false))
            .help(&[(Overwrite, "keep the file (any other key too)")])
            .hints(&[(Spot::Confirm, "no, keep it")]),
    ]
}
