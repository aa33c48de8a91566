//! The interactive browser: state and update (`state`), input mapping
//! (`keymap`, `app`), drawing (`view`, `theme`, `layout`), and the terminal
//! and event plumbing (`terminal`, `event`). Knows nothing of the file format.

pub mod action;
pub mod app;
pub mod commands;
pub mod event;
pub mod keymap;
pub mod layout;
pub mod state;
pub mod terminal;
pub mod theme;
pub mod view;

use std::path::PathBuf;
use std::sync::mpsc;

use anyhow::Context;

use crate::model::{Corpus, Progress, load_bundled};
use action::Action;
use app::App;
use event::AppEvent;
use state::{AppState, Effect, Options};
use terminal::TerminalSession;
use theme::Theme;

/// What the browser starts with, chosen by its caller (the command line).
#[derive(Debug, Clone)]
pub struct Startup {
    /// Pages and directories to load in the background; none: the bundled
    /// samples.
    pub paths: Vec<PathBuf>,
    pub options: Options,
    pub theme: Theme,
    /// Ids read from the marks file.
    pub marks: Vec<String>,
}

/// How a session ended.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// What could not be written during the session (the old files were
    /// left as they were), to be said again once the terminal is back.
    pub failures: Vec<String>,
    /// The signal that ended it (SIGTERM, SIGHUP …), if one did.
    pub signal: Option<i32>,
}

/// Runs the browser on the terminal until the user quits or a signal
/// arrives. The caller has checked that stdin and stdout are a terminal.
pub fn run(startup: Startup) -> anyhow::Result<Outcome> {
    let (sender, events) = mpsc::channel();
    let mut state = if startup.paths.is_empty() {
        AppState::new(load_bundled(), startup.options)
    } else {
        event::spawn_loader(startup.paths.clone(), sender.clone());
        let mut state = AppState::new(Corpus::default(), startup.options);
        state.update(Action::LoadProgress(Progress::default()));
        state
    };
    state.update(Action::RestoreMarks(startup.marks));
    let mut session =
        TerminalSession::enter(state.options().mouse).context("cannot set up the terminal")?;
    let size = session
        .terminal
        .size()
        .context("cannot read the terminal size")?;
    state.update(Action::Resize(size.width, size.height));
    let mut app = App::new(state, startup.theme);
    event::spawn_input(sender.clone());
    event::spawn_signals(sender).context("cannot install signal handlers")?;

    session.terminal.draw(|frame| app.render(frame))?;
    while let Ok(first) = events.recv() {
        // Take everything already waiting, then draw once.
        let waiting: Vec<AppEvent> = std::iter::once(first).chain(events.try_iter()).collect();
        let signal = waiting.iter().find_map(|event| match event {
            AppEvent::Signal(signal) => Some(*signal),
            _ => None,
        });
        let effect = app.handle_batch(waiting);
        // Commands queued before a quit (a mark saved, say) are carried out.
        let mut context = commands::Surroundings {
            terminal: session.terminal.backend_mut(),
            corpus_roots: &startup.paths,
        };
        commands::run_pending(&mut app.state, &mut context);
        if effect == Effect::Quit {
            // Give the terminal back first; then end without freeing every
            // page one by one, which takes a noticeable moment at 100 000.
            drop(session);
            let failures = app.state.write_failures().to_vec();
            std::mem::forget(app);
            return Ok(Outcome { failures, signal });
        }
        if effect == Effect::Redraw {
            session.terminal.draw(|frame| app.render(frame))?;
        }
    }
    Ok(Outcome {
        failures: app.state.write_failures().to_vec(),
        signal: None,
    })
}
