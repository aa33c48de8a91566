//! `update`: the one place the state changes. It decides whether an input
//! quits, hands each intent to the pane it is for, and carries out what
//! the pane's `Outcome` asks of the rest (list again, select, focus).

use ratatui::layout::Rect;

use super::super::action::{Edit, Input, Intent, Msg, Pane};
use super::super::layout::MIN_WIDTH_FOR_FILTERS;
use super::super::panes::Outcome;
use super::super::panes::prompt::{Line, Said};
use super::{AppState, Command, Effect, LineEditor, Overlay, Prompt, SearchKind, ctx};

impl AppState {
    /// Applies one input. Returns whether to redraw or quit.
    pub fn update(&mut self, input: impl Into<Input>) -> Effect {
        let input = input.into();
        if self.quits(&input) {
            return Effect::Quit;
        }
        match input {
            Input::Msg(msg) if !msg.from_user() => self.on_runtime(msg),
            input => {
                // What the user does clears the message of the last key.
                self.message = None;
                match input {
                    Input::Intent(intent) if self.overlays.open.is_some() => {
                        self.overlays.update(&intent)
                    }
                    Input::Intent(intent) => self.route(intent),
                    Input::Msg(msg) => self.on_terminal(msg),
                }
            }
        }
        self.sync_caches();
        Effect::Redraw
    }

    /// Whether this input ends the session: the one place that decides.
    /// `q` first closes the overlay or the statistics in view.
    pub fn quits(&self, input: &Input) -> bool {
        match input {
            Input::Intent(Intent::ForceQuit) | Input::Msg(Msg::Signal(_) | Msg::InputFailed(_)) => {
                true
            }
            Input::Intent(Intent::Quit) => self.overlays.open.is_none() && !self.overlays.stats,
            _ => false,
        }
    }

    /// What the loader, the worker and the command runner send: it neither
    /// closes an overlay nor clears the message of the last key.
    fn on_runtime(&mut self, msg: Msg) {
        match msg {
            Msg::LoadProgress(progress) => self.loading = Some(progress),
            Msg::AddBatch(batch) => self.add_batch(*batch),
            Msg::LoadFinished => self.finish_loading(),
            Msg::TextWorkDone => self.take_text_work(),
            Msg::RestoreMarks(ids) => self.restore_marks(ids),
            Msg::AskOverwrite(path) => self.prompt.open(Prompt::Confirm(path)),
            Msg::MarksSaved(count) => self.list.marks.saved(count),
            Msg::Completed { path, choices } => {
                if let Some(choices) = self.prompt.completed(&path, &choices) {
                    self.message = Some(choices);
                }
            }
            Msg::Notify(text) => self.message = Some(crate::model::page::format::printable(&text)),
            Msg::WriteFailed(why) => {
                self.message = Some(crate::model::page::format::printable(&why));
                self.write_failures.push(why);
            }
            Msg::Resize(..) | Msg::ScrollAt { .. } | Msg::ClickAt { .. } => {}
            Msg::Signal(_) | Msg::InputFailed(_) => {}
        }
    }

    /// An intent, to the pane it is for.
    fn route(&mut self, intent: Intent) {
        match intent {
            Intent::ToggleHelp => self.overlays.show(Overlay::Help),
            Intent::ToggleProblems => self.overlays.show(Overlay::Problems),
            Intent::Quit => self.overlays.stats = false,
            Intent::StartSearch => self.open_search(),
            Intent::StartFind if self.list.selected.is_some() => self.open_find(),
            Intent::StartFind => self.open_search(),
            Intent::StartValueFilter => {
                let editor = LineEditor::words(&self.filters.value_filter);
                self.prompt.open(Prompt::ValueFilter(editor));
            }
            Intent::ToggleSearchKind => self.toggle_search_kind(),
            Intent::EditText(Edit::Insert(_)) if self.prompt.open.is_none() => {
                // Pasted with no box open: it is what `/` opens here.
                self.start_input();
                self.route_prompt(&intent);
            }
            Intent::EditText(_)
            | Intent::Accept
            | Intent::Cancel
            | Intent::Complete
            | Intent::CycleCsvStyle
            | Intent::Answer(_) => self.route_prompt(&intent),
            Intent::StartExport => {
                let said = self.prompt.start_export(self.options.read_only);
                self.apply_said(said);
            }
            intent => self.route_query(intent),
        }
    }

    /// The query's sort and filters, and what the list does.
    fn route_query(&mut self, intent: Intent) {
        match intent {
            Intent::ClearAllFilters => {
                self.query.filters.clear_all();
                self.refresh();
            }
            Intent::CycleSort => {
                self.query.sort = self.effective_sort().next();
                if self.query.sort == crate::model::SortKey::Relevance && !self.is_searching() {
                    self.query.sort = crate::model::SortKey::Relevance.next();
                }
                self.refresh();
                self.message = Some(format!("sorted by {}", self.effective_sort().label()));
            }
            Intent::ReverseSort => {
                self.query.reverse = !self.query.reverse;
                self.refresh();
            }
            Intent::ToggleMark | Intent::ToggleMarkedOnly => {
                let ctx = ctx!(self, None);
                let outcome = self.list.update(&intent, &ctx);
                self.apply(outcome);
            }
            intent => self.route_panes(intent),
        }
    }

    /// Focus, movement, and what the focused pane does.
    fn route_panes(&mut self, intent: Intent) {
        match intent {
            Intent::FocusNext => self.cycle_focus(true),
            Intent::FocusPrevious => self.cycle_focus(false),
            Intent::Open if self.list.selected.is_some() => self.focus_detail(),
            Intent::Back => self.back(),
            Intent::ToggleFilterPane => self.toggle_filter_pane(),
            Intent::ToggleStats => {
                self.overlays.stats = !self.overlays.stats;
                self.detail.full = false;
            }
            Intent::CopyEmail => self.copy_email(),
            Intent::CopySummary => self.copy_summary(),
            Intent::OpenSource => {
                if let Some(index) = self.selected() {
                    let source = self.corpus.store.project(index).source.clone();
                    self.commands.push(Command::OpenSource(source));
                }
            }
            Intent::ToggleFilterValue | Intent::ClearFacet if self.focus != Pane::Filters => {}
            Intent::Up
            | Intent::Down
            | Intent::PageUp
            | Intent::PageDown
            | Intent::Top
            | Intent::Bottom
            | Intent::ToggleFilterValue
            | Intent::ClearFacet => self.in_focused_pane(&intent),
            Intent::ToggleFullScreen
            | Intent::NextSection
            | Intent::PreviousSection
            | Intent::JumpToSection(_)
            | Intent::NextMatch
            | Intent::PreviousMatch => {
                let text_query = self.query.text_query();
                let ctx = ctx!(self, text_query.as_ref());
                let outcome = self.detail.update(&intent, &ctx);
                self.apply(outcome);
            }
            _ => {}
        }
    }

    /// An intent for whichever pane has the keyboard.
    fn in_focused_pane(&mut self, intent: &Intent) {
        let text_query = self.query.text_query();
        let ctx = ctx!(self, text_query.as_ref());
        let outcome = match self.focus {
            Pane::Filters => self.filters.update(intent, &mut self.query.filters, &ctx),
            Pane::List => self.list.update(intent, &ctx),
            Pane::Detail => self.detail.update(intent, &ctx),
        };
        self.apply(outcome);
    }

    /// Carries out what a pane's update asks of the rest.
    pub(super) fn apply(&mut self, outcome: Outcome) {
        if outcome.selected {
            self.detail.new_page();
        }
        if let Some(focus) = outcome.focus {
            self.focus = focus;
        }
        if outcome.marks_changed && self.options.marks_file.is_some() {
            self.commands.push(Command::SaveMarks);
        }
        if outcome.refresh {
            self.refresh();
        }
        if outcome.message.is_some() {
            self.message = outcome.message;
        }
    }

    /// The prompt's update, and what follows from its text.
    fn route_prompt(&mut self, intent: &Intent) {
        let said = self.prompt.update(intent);
        self.apply_said(said);
    }

    fn apply_said(&mut self, said: Said) {
        if let Some(message) = said.message {
            self.message = Some(message);
        }
        if let Some(command) = said.command {
            self.commands.push(command);
        }
        match said.text {
            Some((Line::Search, text)) => {
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
    fn start_input(&mut self) {
        match self.focus {
            Pane::Detail if self.list.selected.is_some() => self.open_find(),
            Pane::Filters => self.route(Intent::StartValueFilter),
            _ => self.open_search(),
        }
    }

    fn open_search(&mut self) {
        let editor = LineEditor::words(&self.query.text);
        self.prompt.open(Prompt::Search(editor));
        self.focus = Pane::List;
        self.detail.full = false;
        self.overlays.stats = false;
    }

    fn open_find(&mut self) {
        let editor = LineEditor::words(&self.detail.find.text);
        self.prompt.open(Prompt::Find(editor));
    }

    fn toggle_search_kind(&mut self) {
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

    /// Esc: the statistics closed, else full screen left, else the detail
    /// left, else the values' narrowing or the query cleared.
    fn back(&mut self) {
        if self.overlays.stats {
            self.overlays.stats = false;
        } else if self.detail.full {
            self.detail.full = false;
        } else if self.focus == Pane::Detail {
            self.focus = Pane::List;
        } else if self.focus == Pane::Filters && !self.filters.value_filter.is_empty() {
            // The narrowing of the values goes first.
            self.narrow_values("");
        } else {
            self.clear_query();
        }
    }

    fn toggle_filter_pane(&mut self) {
        if self.area.width < MIN_WIDTH_FOR_FILTERS {
            self.message = Some(format!(
                "the filter pane needs {MIN_WIDTH_FOR_FILTERS} columns; the active filters are in the status bar"
            ));
            return;
        }
        self.filters.shown = !self.filters.shown;
        if !self.filters.shown && self.focus == Pane::Filters {
            self.focus = Pane::List;
        } else if self.filters.shown {
            self.detail.full = false;
        }
    }

    /// The detail takes the keyboard (and the screen, when it has no room).
    pub(super) fn focus_detail(&mut self) {
        self.focus = Pane::Detail;
        if !self.panes().is_visible(Pane::Detail) {
            self.detail.full = true;
        }
    }

    fn cycle_focus(&mut self, forward: bool) {
        let order = [Pane::Filters, Pane::List, Pane::Detail];
        let at = order.iter().position(|p| *p == self.focus).unwrap_or(1);
        for step in 1..=2 {
            let candidate = order[if forward {
                (at + step) % 3
            } else {
                (at + 3 - step) % 3
            }];
            let panes = super::super::layout::Panes::compute(super::super::layout::LayoutInput {
                focus: candidate,
                detail_full: self.detail.full && candidate == Pane::Detail,
                ..self.layout_input()
            });
            let selectable = candidate != Pane::Detail || self.list.selected.is_some();
            if panes.is_visible(candidate) && selectable {
                self.focus = candidate;
                if candidate != Pane::Detail {
                    self.detail.full = false;
                }
                return;
            }
        }
    }

    /// The size, the mouse wheel and clicks.
    fn on_terminal(&mut self, msg: Msg) {
        if self.overlays.open.is_some() {
            match msg {
                Msg::Resize(width, height) => self.area = Rect::new(0, 0, width, height),
                Msg::ClickAt { .. } => self.overlays.open = None,
                _ => {}
            }
            return;
        }
        match msg {
            Msg::Resize(width, height) => self.resize(width, height),
            Msg::ScrollAt { column, row, lines } => {
                if let Some(pane) = self.panes().pane_at(column, row) {
                    self.focus = pane;
                    let intent = if lines < 0 { Intent::Up } else { Intent::Down };
                    for _ in 0..lines.unsigned_abs() {
                        self.in_focused_pane(&intent);
                    }
                }
            }
            Msg::ClickAt { column, row } => self.click(column, row),
            _ => {}
        }
    }

    /// The detail rewraps: its view stays on the same section, the same
    /// share of the way through it.
    fn resize(&mut self, width: u16, height: u16) {
        let anchor = self.detail.anchor(&ctx!(self, None));
        self.area = Rect::new(0, 0, width, height);
        if !self.panes().is_visible(self.focus) {
            self.focus = Pane::List;
        }
        let ctx = ctx!(self, None);
        self.detail.restore_anchor(anchor, &ctx);
        self.list.keep_visible(&ctx);
        self.filters.keep_visible(&ctx);
        self.detail.clamp(&ctx, ctx.layout.focus);
    }

    fn click(&mut self, column: u16, row: u16) {
        let panes = self.panes();
        let Some(pane) = panes.pane_at(column, row) else {
            return;
        };
        self.focus = pane;
        let ctx = ctx!(self, None);
        let outcome = match (pane, panes.list, panes.filters) {
            // Border and header row above the first project.
            (Pane::List, Some(list), _)
                if row >= list.y + 2 && row < list.y + list.height.saturating_sub(1) =>
            {
                self.list.click(usize::from(row - list.y - 2), &ctx)
            }
            (Pane::Filters, _, Some(rect))
                if row > rect.y && row < rect.y + rect.height.saturating_sub(1) =>
            {
                let row = usize::from(row - rect.y - 1);
                self.filters.click(row, &mut self.query.filters)
            }
            _ => Outcome::default(),
        };
        self.apply(outcome);
    }

    fn copy_email(&mut self) {
        let Some(index) = self.selected() else { return };
        match self.corpus.store.project(index).email.clone() {
            Some(email) => self.copy("e-mail", email),
            None => self.message = Some("this project has no e-mail address".into()),
        }
    }

    fn copy_summary(&mut self) {
        let Some(index) = self.selected() else { return };
        let project = self.corpus.store.project(index);
        let mut text = project.title.clone();
        if let Some(summary) = project.section("Sammanfattning") {
            text.push_str("\n\n");
            text.push_str(&summary.text);
        }
        self.copy("title and summary", text);
    }

    fn copy(&mut self, what: &'static str, text: String) {
        if self.options.clipboard {
            self.commands.push(Command::Copy { what, text });
        } else {
            self.message = Some("copying is turned off (--no-clipboard)".into());
        }
    }
}
