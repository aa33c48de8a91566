//! `App`: turns events into actions and feeds them to the state. What the
//! main loop and the tests both drive.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEventKind};
use ratatui::Frame;

use super::action::Action;
use super::event::AppEvent;
use super::hyperlinks::ScreenLink;
use super::keymap::Mode;
use super::state::{AppState, Effect};
use super::theme::Theme;
use super::view;
use crate::model::corpus::load::Batch;

/// Lines scrolled by one notch of the mouse wheel.
const WHEEL_LINES: i32 = 3;

pub struct App {
    pub state: AppState,
    pub theme: Theme,
}

impl App {
    pub fn new(state: AppState, theme: Theme) -> App {
        App { state, theme }
    }

    /// Handles one event; says whether to redraw or quit.
    pub fn handle(&mut self, event: AppEvent) -> Effect {
        match event {
            // Esc and a key typed quickly after it (or sent together over a
            // slow link) reach us as Alt+key: do both, in order.
            AppEvent::Terminal(Event::Key(key))
                if key.modifiers.contains(KeyModifiers::ALT)
                    && matches!(key.code, KeyCode::Char(_)) =>
            {
                let escape = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
                let plain = KeyEvent::new(key.code, key.modifiers - KeyModifiers::ALT);
                let effect = self.key(escape);
                if effect == Effect::Quit {
                    return effect;
                }
                effect.max(self.key(plain))
            }
            AppEvent::Terminal(event) => match self.action_for(event) {
                Some(action) => self.state.update(action),
                None => Effect::None,
            },
            AppEvent::Loading(progress) => self.state.update(Action::LoadProgress(progress)),
            AppEvent::Batch(batch) => self.state.update(Action::AddBatch(batch)),
            AppEvent::Loaded => self.state.update(Action::LoadFinished),
            AppEvent::TextWorkDone => self.state.update(Action::TextWorkDone),
            AppEvent::Signal(_) | AppEvent::InputFailed(_) => Effect::Quit,
        }
    }

    /// Handles events that arrived together, as cheaply as they allow:
    /// a quit (key or signal) wins at once; characters typed into the
    /// search box in a row become one insertion (a paste or a fast typist
    /// on a slow link costs one search, not one each); batches of loaded
    /// pages are merged so the indices are rebuilt once.
    pub fn handle_batch(&mut self, events: impl IntoIterator<Item = AppEvent>) -> Effect {
        let events: Vec<AppEvent> = events.into_iter().collect();
        if events.iter().any(|event| self.quits(event)) {
            return Effect::Quit;
        }
        let mut effect = Effect::None;
        let mut typed = String::new();
        let mut loaded: Option<Batch> = None;
        for event in events {
            match event {
                AppEvent::Terminal(ref terminal_event) => {
                    if let Some(Action::SearchInput(c)) = self.action_for(terminal_event.clone()) {
                        typed.push(c);
                        continue;
                    }
                }
                AppEvent::Batch(batch) => {
                    match loaded.as_mut() {
                        Some(merged) => merged.merge(*batch),
                        None => loaded = Some(*batch),
                    }
                    continue;
                }
                _ => {}
            }
            if !typed.is_empty() {
                effect = effect.max(
                    self.state
                        .update(Action::InsertText(std::mem::take(&mut typed))),
                );
            }
            if let (AppEvent::Loaded, Some(batch)) = (&event, loaded.take()) {
                self.state.update(Action::AddBatch(Box::new(batch)));
            }
            effect = effect.max(self.handle(event));
            if effect == Effect::Quit {
                return effect;
            }
        }
        if let Some(batch) = loaded {
            effect = effect.max(self.handle(AppEvent::Batch(Box::new(batch))));
        }
        if !typed.is_empty() {
            effect = effect.max(self.state.update(Action::InsertText(typed)));
        }
        effect
    }

    /// Whether this event ends the program.
    fn quits(&self, event: &AppEvent) -> bool {
        match event {
            AppEvent::Signal(_) | AppEvent::InputFailed(_) => true,
            // Ctrl-c quits in every mode; `q` is handled in order, since
            // a `/` before it would make it a letter of the search.
            AppEvent::Terminal(Event::Key(key)) => {
                key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c')
            }
            _ => false,
        }
    }

    /// Shorthand for tests and scripts: one key press.
    pub fn key(&mut self, key: KeyEvent) -> Effect {
        self.handle(AppEvent::Terminal(Event::Key(key)))
    }

    fn action_for(&self, event: Event) -> Option<Action> {
        match event {
            Event::Key(key) => {
                let mode = if self.state.overlay().is_some() {
                    Mode::Browse
                } else {
                    self.state.mode()
                };
                let action = self.state.options().keymap.action_for(mode, key);
                // Any key closes an overlay.
                if self.state.overlay().is_some() && action.is_none() {
                    return Some(Action::Back);
                }
                action
            }
            Event::Mouse(mouse) if self.state.options().mouse => match mouse.kind {
                MouseEventKind::ScrollDown => Some(Action::ScrollAt {
                    column: mouse.column,
                    row: mouse.row,
                    lines: WHEEL_LINES,
                }),
                MouseEventKind::ScrollUp => Some(Action::ScrollAt {
                    column: mouse.column,
                    row: mouse.row,
                    lines: -WHEEL_LINES,
                }),
                MouseEventKind::Down(MouseButton::Left) => Some(Action::ClickAt {
                    column: mouse.column,
                    row: mouse.row,
                }),
                _ => None,
            },
            Event::Resize(width, height) => Some(Action::Resize(width, height)),
            Event::Paste(text) => Some(Action::InsertText(text)),
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
