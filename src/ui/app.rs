//! `App`: turns events into inputs (a key into the intent bound to it
//! where the keyboard is) and feeds them to the state. What the main loop
//! and the tests both drive.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEventKind};
use ratatui::Frame;

use super::action::{Edit, Input, Intent, Msg};
use super::event::AppEvent;
use super::hyperlinks::ScreenLink;
use super::keymap::Key;
use super::state::{AppState, Effect};
use super::theme::Theme;
use super::view;
use crate::model::corpus::load::Batch;

/// Lines scrolled by one notch of the mouse wheel.
const WHEEL_LINES: i32 = 3;

pub struct App {
    pub state: AppState,
    pub theme: Theme,
    held: Held,
}

/// Loaded pages not yet added, and whether the load has ended since.
#[derive(Default)]
struct Held {
    batch: Option<Batch>,
    loaded: bool,
}

impl Held {
    fn add(&mut self, batch: Batch) {
        match self.batch.as_mut() {
            Some(merged) => merged.merge(batch),
            None => self.batch = Some(batch),
        }
    }
}

impl App {
    pub fn new(state: AppState, theme: Theme) -> App {
        App {
            state,
            theme,
            held: Held::default(),
        }
    }

    /// Handles one event; says whether to redraw or quit.
    pub fn handle(&mut self, event: AppEvent) -> Effect {
        match event {
            // Esc and a key typed quickly after it (or sent together over a
            // slow link) reach us as Alt+key: unless Alt+key is bound, do
            // both, in order.
            AppEvent::Terminal(Event::Key(key))
                if key.modifiers.contains(KeyModifiers::ALT)
                    && matches!(key.code, KeyCode::Char(_))
                    && !self.is_bound(key) =>
            {
                let escape = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
                let plain = KeyEvent::new(key.code, key.modifiers - KeyModifiers::ALT);
                let effect = self.key(escape);
                if effect == Effect::Quit {
                    return effect;
                }
                effect.max(self.key(plain))
            }
            event => match self.input_for(event) {
                Some(input) => self.state.update(input),
                None => Effect::None,
            },
        }
    }

    /// Whether the key has a binding where the keyboard is.
    fn is_bound(&self, key: KeyEvent) -> bool {
        let keymap = &self.state.options().keymap;
        keymap
            .bound(self.state.context(), Key::from_event(key))
            .is_some()
    }

    /// Handles events that arrived together, as cheaply as they allow:
    /// one that quits at once (Ctrl-c, a signal) is taken first; characters
    /// typed into a prompt in a row become one insertion (a paste or a fast
    /// typist on a slow link costs one search, not one each); batches of
    /// loaded pages are merged so the store grows once. Pages that come
    /// with input are held until its frame is drawn (`release_held`), so
    /// that no key waits for them.
    pub fn handle_batch(&mut self, events: impl IntoIterator<Item = AppEvent>) -> Effect {
        let events: Vec<AppEvent> = events.into_iter().collect();
        let urgent = events.iter().filter_map(|event| self.urgent(event)).next();
        if let Some(input) = urgent {
            return self.state.update(input);
        }
        let input = events.iter().any(|e| matches!(e, AppEvent::Terminal(_)));
        let mut effect = Effect::None;
        let mut typed = String::new();
        for event in events {
            match event {
                AppEvent::Terminal(ref terminal_event) => {
                    if let Some(Input::Intent(Intent::EditText(Edit::Char(c)))) =
                        self.input_for(AppEvent::Terminal(terminal_event.clone()))
                    {
                        typed.push(c);
                        continue;
                    }
                }
                AppEvent::Batch(batch) => {
                    self.held.add(*batch);
                    continue;
                }
                AppEvent::Loaded => {
                    self.held.loaded = true;
                    continue;
                }
                _ => {}
            }
            if !typed.is_empty() {
                effect = effect.max(self.insert(std::mem::take(&mut typed)));
            }
            effect = effect.max(self.handle(event));
            if effect == Effect::Quit {
                return effect;
            }
        }
        if !typed.is_empty() {
            effect = effect.max(self.insert(typed));
        }
        if !input {
            effect = effect.max(self.release_held());
        }
        effect
    }

    /// Whether loaded pages are held until the frame of the input that
    /// came with them is drawn.
    pub fn holds_pages(&self) -> bool {
        self.held.batch.is_some() || self.held.loaded
    }

    /// Adds the pages held back, then ends the load if it has ended.
    pub fn release_held(&mut self) -> Effect {
        let mut effect = Effect::None;
        if let Some(batch) = self.held.batch.take() {
            effect = self.state.update(Msg::AddBatch(Box::new(batch)));
        }
        if std::mem::take(&mut self.held.loaded) {
            effect = effect.max(self.state.update(Msg::LoadFinished));
        }
        effect
    }

    fn insert(&mut self, text: String) -> Effect {
        self.state.update(Intent::EditText(Edit::Insert(text)))
    }

    /// The input of an event that may end the session whatever came
    /// before it (`q` is not: a `/` before it makes it a letter).
    fn urgent(&self, event: &AppEvent) -> Option<Input> {
        let input = match event {
            AppEvent::Signal(signal) => Input::Msg(Msg::Signal(*signal)),
            AppEvent::InputFailed(why) => Input::Msg(Msg::InputFailed(why.clone())),
            AppEvent::Terminal(Event::Key(key)) if Key::from_event(*key) == Key::ctrl('c') => {
                Input::Intent(Intent::ForceQuit)
            }
            _ => return None,
        };
        self.state.quits(&input).then_some(input)
    }

    /// Shorthand for tests and scripts: one key press.
    pub fn key(&mut self, key: KeyEvent) -> Effect {
        self.handle(AppEvent::Terminal(Event::Key(key)))
    }

    fn input_for(&self, event: AppEvent) -> Option<Input> {
        Some(match event {
            AppEvent::Terminal(event) => return self.terminal_input(event),
            AppEvent::Loading(progress) => Msg::LoadProgress(progress).into(),
            AppEvent::Batch(batch) => Msg::AddBatch(batch).into(),
            AppEvent::Loaded => Msg::LoadFinished.into(),
            AppEvent::TextWorkDone => Msg::TextWorkDone.into(),
            AppEvent::Signal(signal) => Msg::Signal(signal).into(),
            AppEvent::InputFailed(why) => Msg::InputFailed(why).into(),
        })
    }

    fn terminal_input(&self, event: Event) -> Option<Input> {
        let mouse = |msg: Msg| Some(Input::Msg(msg));
        match event {
            Event::Key(key) => {
                let context = self.state.context();
                let intent = self.state.options().keymap.intent_for(context, key)?;
                Some(intent.into())
            }
            Event::Mouse(event) if self.state.options().mouse => {
                let (column, row) = (event.column, event.row);
                match event.kind {
                    MouseEventKind::ScrollDown => mouse(Msg::ScrollAt {
                        column,
                        row,
                        lines: WHEEL_LINES,
                    }),
                    MouseEventKind::ScrollUp => mouse(Msg::ScrollAt {
                        column,
                        row,
                        lines: -WHEEL_LINES,
                    }),
                    MouseEventKind::Down(MouseButton::Left) => mouse(Msg::ClickAt { column, row }),
                    _ => None,
                }
            }
            Event::Resize(width, height) => mouse(Msg::Resize(width, height)),
            Event::Paste(text) => Some(Intent::EditText(Edit::Insert(text)).into()),
            _ => None,
        }
    }

    pub fn render(&self, frame: &mut Frame) {
        self.render_with_links(frame);
    }

    /// Draws the frame; returns where its hyperlinks are.
    pub fn render_with_links(&self, frame: &mut Frame) -> Vec<ScreenLink> {
        view::render(frame, &self.state, &self.theme)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load_bundled;
    use crate::ui::keymap::{Context, Keymap};
    use crate::ui::state::Options;

    fn app_with(keymap: Keymap) -> App {
        let options = Options {
            keymap,
            ..Options::default()
        };
        App::new(AppState::new(load_bundled(), options), Theme::new(false))
    }

    #[test]
    fn an_alt_binding_quits() {
        let mut keymap = Keymap::default();
        keymap
            .rebind("quit", vec![Key::parse("Alt-q").unwrap()])
            .unwrap();
        let mut app = app_with(keymap);
        let alt_q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::ALT);
        assert_eq!(app.key(alt_q), Effect::Quit);
    }

    #[test]
    fn an_unbound_alt_key_is_esc_then_the_key() {
        let mut app = app_with(Keymap::default());
        app.key(KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE));
        assert_eq!(app.state.context(), Context::Search);
        // Esc closes the box; `j` then moves in the list.
        let alt_j = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::ALT);
        assert_eq!(app.key(alt_j), Effect::Redraw);
        assert_eq!(app.state.context(), Context::List);
        assert_eq!(app.state.list_cursor(), 1);
    }

    #[test]
    fn space_marks_in_the_list_selects_in_the_filters_and_pages_in_the_detail() {
        let mut app = app_with(Keymap::default());
        app.state.update(crate::ui::action::Msg::Resize(120, 30));
        let space = KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE);
        app.key(space);
        assert_eq!(app.state.marked_count(), 1);
        app.key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
        assert_eq!(app.state.context(), Context::Filters);
        app.key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
        app.key(space);
        let selected: usize = crate::model::Facet::ALL
            .iter()
            .map(|&facet| app.state.query().filters.selected(facet).len())
            .sum();
        assert_eq!(selected, 1);
        app.key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
        app.key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
        assert_eq!(app.state.context(), Context::Detail);
        app.key(space);
        assert!(app.state.detail_scroll() > 0);
        assert_eq!(app.state.marked_count(), 1);
    }

    #[test]
    fn keys_that_come_with_pages_are_answered_before_the_pages_are_added() {
        use crate::model::{Corpus, Progress};
        let all = load_bundled().store.into_projects();
        let mut app = App::new(
            AppState::new(Corpus::default(), Options::default()),
            Theme::new(false),
        );
        app.state.update(Msg::LoadProgress(Progress::default()));
        let batch = |projects: &[crate::model::Project]| {
            AppEvent::Batch(Box::new(Batch {
                projects: projects.to_vec(),
                ..Batch::default()
            }))
        };
        app.handle_batch([batch(&all[..2])]);
        assert_eq!(app.state.hits().len(), 2, "pages alone are added at once");
        let key = |c| AppEvent::Terminal(Event::Key(KeyEvent::new(c, KeyModifiers::NONE)));
        let events = [
            batch(&all[2..4]),
            key(KeyCode::Char('/')),
            key(KeyCode::Char('x')),
            batch(&all[4..]),
            AppEvent::Loaded,
        ];
        assert_eq!(app.handle_batch(events), Effect::Redraw);
        // The keys are answered over the pages there were.
        assert_eq!(app.state.query().text, "x");
        assert_eq!(app.state.corpus().store.len(), 2);
        assert!(app.state.loading().is_some());
        assert!(app.holds_pages());
        // Then, the frame drawn, the held pages come in, and the end.
        assert_eq!(app.release_held(), Effect::Redraw);
        assert!(!app.holds_pages());
        assert_eq!(app.state.corpus().store.len(), 5);
        assert!(app.state.loading().is_none());
        assert_eq!(app.state.query().text, "x", "the query survives");
    }
}
