//! The panes of the browser, each owning its state and its slice of
//! `update`: the filter pane, the list, the detail, the prompt (one line
//! editor for every input, and the overwrite question), the full-text
//! machinery and the overlays. A pane's `update` reads what it needs of
//! the rest from a `Ctx` and says what the rest must do in an `Outcome`.

pub mod cursor;
pub mod detail;
pub mod filters;
pub mod find;
pub mod full_text;
pub mod history;
pub mod line_editor;
pub mod list;
pub mod marks;
pub mod overlays;
pub mod prompt;
pub mod row_marks;

use super::action::Pane;
use super::layout::{LayoutInput, Panes};
use crate::model::query::text::TextQuery;
use crate::model::{Hit, Store};

/// What a pane's update reads of the rest of the state.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    /// The layout as it stands (the detail's full screen is the detail's).
    pub layout: LayoutInput,
    pub store: &'a Store,
    /// The listed projects.
    pub hits: &'a [Hit],
    /// The store index of the selected project.
    pub selected: Option<u32>,
    /// The full-text query of the search box, if it holds one.
    pub text_query: Option<&'a TextQuery>,
    /// Lines per project in the list (two with snippets).
    pub row_height: usize,
}

impl Ctx<'_> {
    /// The pane rectangles were `focus` to have the keyboard.
    pub fn panes_with(&self, focus: Pane) -> Panes {
        Panes::compute(LayoutInput {
            focus,
            ..self.layout
        })
    }

    /// The pane rectangles as they stand.
    pub fn panes(&self) -> Panes {
        Panes::compute(self.layout)
    }
}

/// What a pane's update asks of the rest of the state.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// The query's filters (or marks) changed: list again.
    pub refresh: bool,
    /// The selected project changed.
    pub selected: bool,
    /// This pane takes the keyboard.
    pub focus: Option<Pane>,
    /// A project was marked or unmarked (the marks file is to be told).
    pub marks_changed: bool,
    /// For the status bar.
    pub message: Option<String>,
    /// A line to type in takes the keyboard.
    pub prompt: Option<prompt::Prompt>,
}

impl Outcome {
    pub fn refresh() -> Outcome {
        Outcome {
            refresh: true,
            ..Outcome::default()
        }
    }

    pub fn message(text: impl Into<String>) -> Outcome {
        Outcome {
            message: Some(text.into()),
            ..Outcome::default()
        }
    }
}

/// The movement an intent asks of a pane's cursor or view, if any.
pub fn movement(intent: &super::action::Intent) -> Option<Move> {
    use super::action::Intent;
    Some(match intent {
        Intent::Up => Move::Lines(-1),
        Intent::Down => Move::Lines(1),
        Intent::PageUp => Move::Pages(-1),
        Intent::PageDown => Move::Pages(1),
        Intent::Top => Move::Lines(isize::MIN / 2),
        Intent::Bottom => Move::Lines(isize::MAX / 2),
        _ => return None,
    })
}

/// How far a movement goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Lines(isize),
    Pages(isize),
}

impl Move {
    /// In lines, for a pane `height` rows high (a page keeps one row).
    pub fn lines(self, height: usize) -> isize {
        match self {
            Move::Lines(n) => n,
            Move::Pages(n) => n * height.saturating_sub(1).max(1) as isize,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use ratatui::layout::Rect;

    use super::*;
    use crate::model::query::{CountCache, Query};
    use crate::model::{Corpus, TitleSearch, load_bundled};

    /// The bundled samples listed with no query, at 120×30.
    pub struct Fixture {
        pub corpus: Corpus,
        pub hits: Vec<Hit>,
        pub counts: Vec<Vec<u32>>,
    }

    pub fn fixture() -> Fixture {
        let corpus = load_bundled();
        let query = Query::default();
        let matches = query.matches(&corpus.store, &mut TitleSearch::new());
        let results = query.run_counting(&corpus.store, matches, None, &mut CountCache::default());
        Fixture {
            hits: results.hits,
            counts: results.counts,
            corpus,
        }
    }

    impl Fixture {
        pub fn ctx(&self) -> Ctx<'_> {
            Ctx {
                layout: LayoutInput {
                    area: Rect::new(0, 0, 120, 30),
                    show_filters: true,
                    detail_full: false,
                    search_bar: false,
                    stats: false,
                    focus: Pane::Filters,
                },
                store: &self.corpus.store,
                hits: &self.hits,
                selected: None,
                text_query: None,
                row_height: 1,
            }
        }

        /// The first project selected, `focus` with the keyboard.
        pub fn ctx_selected(&self, focus: Pane) -> Ctx<'_> {
            let mut ctx = self.ctx();
            ctx.layout.focus = focus;
            ctx.selected = Some(self.hits[0].index);
            ctx
        }
    }
}
