//! `update`: the one place the state changes. It decides whether an input
//! quits, hands each intent to the pane it is for, and carries out what
//! the pane's `Outcome` asks of the rest (list again, select, focus).

use super::super::action::{Edit, Input, Intent, Msg, Pane};
use super::super::panes::Outcome;
use super::{AppState, Command, Effect, LineEditor, Overlay, Prompt, ctx};

impl AppState {
    /// Applies one input. Returns whether to redraw or quit.
    pub fn update(&mut self, input: impl Into<Input>) -> Effect {
        let input = input.into();
        if self.quits(&input) {
            return Effect::Quit;
        }
        let before = match input {
            Input::Msg(msg) if !msg.from_user() => {
                let before = self.message.clone();
                self.on_runtime(msg);
                before
            }
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
                None
            }
        };
        self.log_message(before);
        self.sync_caches();
        Effect::Redraw
    }

    /// Keeps a message this input brought (not one it merely left in
    /// place) for the messages overlay.
    fn log_message(&mut self, before: Option<String>) {
        let Some(message) = &self.message else { return };
        if before.as_ref() == Some(message) {
            return;
        }
        if self.messages.len() == super::MOST_MESSAGES {
            self.messages.remove(0);
        }
        self.messages.push(message.clone());
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
    pub(super) fn route(&mut self, intent: Intent) {
        match intent {
            Intent::ToggleHelp => self.overlays.show(Overlay::Help),
            Intent::ToggleProblems => self.overlays.show(Overlay::Problems),
            Intent::ToggleMessages => self.overlays.show(Overlay::Messages),
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
            Intent::Up | Intent::Down => {
                // In an empty search box, earlier searches (as in a shell).
                match self.prompt.recall(intent == Intent::Up) {
                    Some(said) => self.apply_said(said),
                    None => self.route_query(intent),
                }
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
            Intent::Open if self.list.selected.is_some() => self.open_detail(),
            Intent::Back => self.back(),
            Intent::ToggleFilterPane => self.toggle_filter_pane(),
            Intent::ToggleStats => {
                self.overlays.stats = !self.overlays.stats;
                self.detail.full = false;
            }
            Intent::CopyEmail => self.copy_email(),
            Intent::CopySummary => self.copy_summary(),
            Intent::CopyId => self.copy_id(),
            Intent::OpenSource => self.open_source(),
            Intent::FoldFacet => {
                self.filters.toggle_fold();
                self.rebuild_filter_rows();
            }
            Intent::ToggleFilterValue | Intent::ClearFacet if self.focus != Pane::Filters => {}
            Intent::Up
            | Intent::Down
            | Intent::PageUp
            | Intent::PageDown
            | Intent::Top
            | Intent::Bottom
            | Intent::ToggleFilterValue
            | Intent::NextFacet
            | Intent::PreviousFacet
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

    /// The selected page's file for the pager: at find in page's current
    /// match when there is one.
    fn open_source(&mut self) {
        let Some(index) = self.selected() else {
            return;
        };
        let project = self.corpus.store.project(index);
        let source = project.source.clone();
        let matches = self.find_matches();
        let current = matches.get(self.detail.find.current);
        let (Some(current), Some(pattern)) = (current, self.find_pattern()) else {
            self.commands.push(Command::OpenSource(source));
            return;
        };
        let parts = project.text_parts();
        let text = parts.get(current.part).map_or("", |(_, text)| *text);
        let (start, end) = (current.part_start, current.part_end);
        let spot = super::super::pager::PagerSpot::new(pattern.as_str(), text, start, end);
        self.commands.push(Command::OpenSourceAt { source, spot });
    }

    /// An intent for whichever pane has the keyboard.
    pub(super) fn in_focused_pane(&mut self, intent: &Intent) {
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
        if let Some(prompt) = outcome.prompt {
            self.prompt.open(prompt);
        }
    }
}
