//! `AppState`: the corpus, the `Query` and what it lists, the focus, and
//! the panes, each owning its own state (`ui::panes`); `update`
//! (`router`) routes each input to the pane it is for. Plain Rust: no
//! terminal, testable with intents and messages alone.

mod copying;
mod focus;
mod prompting;
mod read;
mod restore;
mod results;
mod router;

use std::path::PathBuf;
use std::sync::Arc;

use ratatui::layout::Rect;

use super::action::Pane;
use super::keymap::{Context, Keymap};
use super::layout::{LayoutInput, Panes};
use super::panes::Ctx;
use super::panes::detail::DetailPane;
use super::panes::filters::FiltersPane;
use super::panes::full_text::FullText;
use super::panes::list::ListPane;
use super::panes::overlays::Overlays;
use super::panes::prompt::PromptPane;
use crate::model::query::text::TextQuery;
use crate::model::query::{CountCache, Query};
use crate::model::{Corpus, Facet, Hit, Progress, SortKey, TitleSearch};

pub use super::panes::detail::FindMatch;
pub use super::panes::filters::{FilterRow, group_of};
pub use super::panes::line_editor::LineEditor;
pub use super::panes::marks::Marks;
pub use super::panes::overlays::Overlay;
pub use super::panes::prompt::{Prompt, expand_home};
pub use crate::model::query::SearchKind;

/// The most characters any one-line input holds (a search, a find, a
/// path): longer pastes are cut, and the user told.
pub const MOST_INPUT_CHARS: usize = super::panes::line_editor::MOST_CHARS;

/// The most messages the session keeps for the messages overlay.
pub const MOST_MESSAGES: usize = 200;

/// What the caller should do after an update (ordered: a batch of
/// updates does the most demanding of its effects).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Effect {
    None,
    Redraw,
    Quit,
}

/// Options fixed at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The key bindings (the defaults, changed by the config file).
    pub keymap: Keymap,
    /// The order the list starts in.
    pub sort: SortKey,
    pub reverse: bool,
    pub mouse: bool,
    /// Copy with OSC 52 (off: `--no-clipboard` or `ESF_BROWSE_NO_CLIPBOARD`).
    pub clipboard: bool,
    /// Where marks are kept between sessions (`--marks FILE`).
    pub marks_file: Option<PathBuf>,
    /// Nothing may be written on this machine (`serve`): export is off.
    pub read_only: bool,
    /// The list's columns beside the title, first shown first when the
    /// list is narrow.
    pub columns: Vec<ListColumn>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            keymap: Keymap::default(),
            sort: SortKey::default(),
            reverse: false,
            mouse: false,
            clipboard: false,
            marks_file: None,
            read_only: false,
            columns: ListColumn::ALL.to_vec(),
        }
    }
}

/// A column of the list beside the title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListColumn {
    /// ESF grant (total budget when sorted by it).
    Grant,
    /// Start and end years.
    Years,
    Region,
}

impl ListColumn {
    pub const ALL: [ListColumn; 3] = [ListColumn::Grant, ListColumn::Years, ListColumn::Region];

    /// The name the config file uses.
    pub fn name(self) -> &'static str {
        match self {
            ListColumn::Grant => "grant",
            ListColumn::Years => "years",
            ListColumn::Region => "region",
        }
    }
}

/// Work with effects outside the state (files, the clipboard) that the
/// runner carries out; results come back as messages (`Msg`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Write the listed projects; CSV unless the path ends in `.json`.
    Export { path: PathBuf, overwrite: bool },
    /// Put text on the clipboard of the user's terminal.
    Copy { what: &'static str, text: String },
    /// Write the marked ids to the marks file.
    SaveMarks,
    /// Complete a path typed so far from the names in its folder.
    CompletePath(String),
    /// Show the page's source file in the pager.
    OpenSource(PathBuf),
    /// Show the page's source file in the pager at find in page's current
    /// match.
    OpenSourceAt {
        source: PathBuf,
        spot: super::pager::PagerSpot,
    },
}

/// The list as the query left it: the projects listed, the facet counts,
/// and how many refreshes made them.
#[derive(Debug, Clone, Default)]
struct Listed {
    hits: Vec<Hit>,
    counts: Vec<Vec<u32>>,
    generation: u64,
}

pub struct AppState {
    /// Shared with other sessions under `serve`; copied only if changed
    /// while shared (pages still loading).
    corpus: Arc<Corpus>,
    /// Set while pages are still being read.
    loading: Option<Progress>,
    options: Options,
    area: Rect,
    focus: Pane,
    /// The search, filters and order of the list.
    query: Query,
    search: TitleSearch,
    /// The last facet counts, updated rather than recounted as a search grows.
    counts: CountCache,
    /// What the query found, as of the last `refresh`.
    results: Listed,
    message: Option<String>,
    /// The session's messages, oldest first (the last `MOST_MESSAGES`).
    messages: Vec<String>,
    /// Files that could not be written, said again on exit.
    write_failures: Vec<String>,
    commands: Vec<Command>,
    filters: FiltersPane,
    list: ListPane,
    detail: DetailPane,
    prompt: PromptPane,
    full_text: FullText,
    overlays: Overlays,
    /// Filter values of a restored view not loaded yet, by name.
    pending_filters: Vec<(Facet, String)>,
}

impl AppState {
    pub fn new(corpus: impl Into<Arc<Corpus>>, options: Options) -> AppState {
        let (sort, reverse) = (options.sort, options.reverse);
        let mut state = AppState {
            corpus: corpus.into(),
            loading: None,
            options,
            area: Rect::new(0, 0, 80, 24),
            focus: Pane::List,
            query: Query {
                sort,
                reverse,
                ..Query::default()
            },
            search: TitleSearch::new(),
            counts: CountCache::default(),
            results: Listed::default(),
            message: None,
            messages: Vec::new(),
            write_failures: Vec::new(),
            commands: Vec::new(),
            filters: FiltersPane::default(),
            list: ListPane::default(),
            detail: DetailPane::default(),
            prompt: PromptPane::default(),
            full_text: FullText::default(),
            overlays: Overlays::default(),
            pending_filters: Vec::new(),
        };
        state.refresh();
        state.sync_caches();
        state
    }

    /// Who has the keyboard: the overlay, the prompt, or the focused pane.
    pub fn context(&self) -> Context {
        if self.overlays.finding_in_help() {
            // The help's find line is typed in as the values' is.
            return Context::Values;
        }
        if self.overlays.open.is_some() {
            return Context::Overlay;
        }
        match &self.prompt.open {
            Some(Prompt::Search(_)) => Context::Search,
            Some(Prompt::Find(_)) => Context::Find,
            Some(Prompt::ValueFilter(_) | Prompt::Range(..)) => Context::Values,
            Some(Prompt::ExportPath(_)) => Context::Export,
            Some(Prompt::Confirm(_)) => Context::Confirm,
            None => match self.focus {
                Pane::Filters => Context::Filters,
                Pane::List => Context::List,
                Pane::Detail => Context::Detail,
            },
        }
    }

    fn layout_input(&self) -> LayoutInput {
        LayoutInput {
            area: self.area,
            show_filters: self.filters.shown,
            detail_full: self.detail.full,
            search_bar: matches!(self.prompt.open, Some(Prompt::Search(_)))
                || !self.query.text.is_empty(),
            stats: self.overlays.stats,
            focus: self.focus,
        }
    }

    pub fn panes(&self) -> Panes {
        Panes::compute(self.layout_input())
    }

    /// Lines per project in the list: two when snippets are shown.
    pub fn list_row_height(&self) -> usize {
        if self.shows_snippets() { 2 } else { 1 }
    }
}

/// What the panes read of the state (`Ctx`), borrowing only the fields
/// it names, so that a pane can be changed meanwhile.
macro_rules! ctx {
    ($state:expr, $text_query:expr) => {
        $crate::ui::panes::Ctx {
            layout: $state.layout_input(),
            store: &$state.corpus.store,
            hits: &$state.results.hits,
            selected: $state.list.selected,
            text_query: $text_query,
            row_height: $state.list_row_height(),
        }
    };
}
use ctx;

impl AppState {
    /// A `Ctx` for reading (views, tests): borrows the whole state.
    fn read_ctx<'a>(&'a self, text_query: Option<&'a TextQuery>) -> Ctx<'a> {
        ctx!(self, text_query)
    }
}
