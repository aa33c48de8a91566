//! The interactive browser: state and update (`state`), input mapping
//! (`keymap`, `app`), drawing (`view`, `theme`, `layout`, `screen`), the
//! one run loop for the local terminal and SSH sessions (`runner`, with
//! `local` for the local terminal), and the terminal and event plumbing
//! (`modes`, `terminal`, `event`). Knows nothing of the file format.

pub mod action;
pub mod app;
pub mod commands;
pub mod event;
pub mod hyperlinks;
pub mod keyboard;
pub mod keymap;
pub mod layout;
mod local;
pub mod low_priority;
pub mod modes;
pub mod pager;
pub mod panes;
pub mod runner;
pub mod saved_view;
pub mod screen;
pub mod state;
pub mod terminal;
pub mod text_worker;
pub mod theme;
pub mod view;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, mpsc};

use anyhow::Context;

use crate::model::{Corpus, Progress, load_bundled};
use action::Msg;
use app::App;
use event::AppEvent;
use local::LocalConsole;
use runner::Ending;
use state::{AppState, Options};
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
    /// Web and e-mail addresses as OSC 8 hyperlinks.
    pub hyperlinks: bool,
    /// The last session's view of these pages, to start with.
    pub restore: Option<saved_view::SavedView>,
}

/// How a session ended.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// What could not be written during the session (the old files were
    /// left as they were), to be said again once the terminal is back.
    pub failures: Vec<String>,
    /// The signal that ended it (SIGTERM, SIGHUP …), if one did.
    pub signal: Option<i32>,
    /// The view at the end, for the next session on these pages.
    pub view: saved_view::SavedView,
}

/// Runs the browser on the terminal until the user quits or a signal
/// arrives. The caller has checked that stdin and stdout are a terminal.
pub fn run(startup: Startup) -> anyhow::Result<Outcome> {
    let (sender, events) = mpsc::channel();
    let mut state = starting_state(&startup, &sender);
    let session =
        TerminalSession::enter(state.options().mouse).context("cannot set up the terminal")?;
    let size = session
        .terminal
        .size()
        .context("cannot read the terminal size")?;
    state.update(Msg::Resize(size.width, size.height));
    // After the first size, which would clear the message that says so.
    if let Some(view) = &startup.restore {
        state.restore_view(view);
    }
    let mut app = App::new(state, startup.theme);
    let input = keyboard::spawn_input(sender.clone()).context("cannot read the keyboard")?;
    let lent = Arc::new(AtomicBool::new(false));
    event::spawn_signals(sender, Arc::clone(&lent)).context("cannot install signal handlers")?;
    let mut console = LocalConsole {
        session,
        events,
        input,
        lent,
        corpus_roots: startup.paths,
    };
    let ending = runner::run(&mut app, &mut console, startup.hyperlinks)?;
    // Give the terminal back first.
    drop(console);
    let failures = app.state.write_failures().to_vec();
    let view = app.state.saved_view();
    let signal = match ending {
        Ending::Quit { signal } => signal,
        Ending::Stopped(_) | Ending::Closed => None,
    };
    // End without freeing every page one by one, which takes a noticeable
    // moment at 100 000.
    std::mem::forget(app);
    Ok(Outcome {
        failures,
        signal,
        view,
    })
}

/// The state before the terminal is set up: the bundled samples, or an
/// empty corpus that the loader fills; the marks restored; full-text
/// searches off the UI thread.
fn starting_state(startup: &Startup, sender: &mpsc::Sender<AppEvent>) -> AppState {
    let mut state = if startup.paths.is_empty() {
        AppState::new(load_bundled(), startup.options.clone())
    } else {
        event::spawn_loader(startup.paths.clone(), sender.clone());
        let mut state = AppState::new(Corpus::default(), startup.options.clone());
        state.update(Msg::LoadProgress(Progress::default()));
        state
    };
    state.update(Msg::RestoreMarks(startup.marks.clone()));
    let search_done = sender.clone();
    state.use_text_worker(text_worker::TextWorker::background(move || {
        let _ = search_done.send(AppEvent::TextWorkDone);
    }));
    state
}
