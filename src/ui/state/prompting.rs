//! The prompt's side of the state: opening the search, find and the
//! values' narrowing, and what follows from what is typed in them (the
//! query, the find in page, the filter rows).

use super::super::action::{Intent, Pane};
use super::super::panes::prompt::{Line, Said};
use super::{AppState, LineEditor, Prompt, SearchKind, ctx};
use crate::model::query::{Measure, Range};

impl AppState {
    /// The prompt's update, and what follows from its text.
    pub(super) fn route_prompt(&mut self, intent: &Intent) {
        let said = self.prompt.update(intent);
        self.apply_said(said);
    }

    pub(super) fn apply_said(&mut self, said: Said) {
        if let Some(message) = said.message {
            self.message = Some(message);
        }
        if let Some(command) = said.command {
            self.commands.push(command);
        }
        if let Some((measure, range)) = said.range {
            self.set_range(measure, range);
        }
        match said.text {
            Some((Line::Search, text)) => {
                self.release_find_from_search();
                self.query.text = text;
                self.refresh_from_top();
            }
            Some((Line::Find, text)) => {
                let text_query = self.query.text_query();
                let ctx = ctx!(self, text_query.as_ref());
                let outcome = self.detail.find_changed(&text, &ctx);
                self.apply(outcome);
            }
            Some((Line::Values, text)) => self.narrow_values(&text),
            None => {}
        }
        match said.cancelled {
            Some(Line::Search) => self.clear_query(),
            Some(Line::Find) => self.detail.find.clear(),
            Some(Line::Values) => {
                self.filters.value_filter.clear();
                self.rebuild_filter_rows();
            }
            None => {}
        }
    }

    /// What `/` opens where the focus is (a paste opens it too).
    pub(super) fn start_input(&mut self) {
        match self.focus {
            Pane::Detail if self.list.selected.is_some() => self.open_find(),
            Pane::Filters => self.route(Intent::StartValueFilter),
            _ => self.open_search(),
        }
    }

    /// A range filter typed in the filter pane: set or dropped, said.
    fn set_range(&mut self, measure: Measure, range: Option<Range>) {
        match range {
            Some(range) => self.query.filters.set_range(measure, range),
            None => self.query.filters.clear_range(measure),
        }
        self.refresh();
        let shown = range.map_or_else(|| "any".to_string(), |r| r.describe(measure));
        self.message = Some(format!("{}: {shown}", measure.label()));
    }

    pub(super) fn open_search(&mut self) {
        let editor = LineEditor::words(&self.query.text);
        self.prompt.open(Prompt::Search(editor));
        self.focus = Pane::List;
        self.detail.full = false;
        self.overlays.stats = false;
    }

    pub(super) fn open_find(&mut self) {
        let editor = LineEditor::words(&self.detail.find.text);
        self.prompt.open(Prompt::Find(editor));
    }

    /// The search is about to change: a find in page that opening a
    /// project took from it (the same words) is let go, so that the
    /// detail marks what the search finds again, not the old words.
    pub(super) fn release_find_from_search(&mut self) {
        if self.query.text_query().is_some() && self.detail.find.text == self.query.text {
            self.detail.find.clear();
        }
    }

    pub(super) fn toggle_search_kind(&mut self) {
        self.release_find_from_search();
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
        // From the panes, `t` also opens the box: the next letters are the
        // search, not commands.
        if self.prompt.open.is_none() {
            self.open_search();
        }
    }
}
