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

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::mpsc;

use anyhow::Context;

use crate::cli::BrowseArgs;
use crate::model::{Corpus, Progress, load_bundled};
use action::Action;
use app::App;
use event::AppEvent;
use state::{AppState, Effect, Options};
use terminal::TerminalSession;
use theme::Theme;

/// Runs the browser until the user quits or a signal arrives.
pub fn run(args: BrowseArgs) -> anyhow::Result<ExitCode> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        crate::cli::print_error(
            "the browser needs a terminal; for output to a pipe or file use `esf-browse list` (see --help)",
        );
        return Ok(ExitCode::from(2));
    }
    if let Some(missing) = args.paths.iter().find(|p| !p.exists()) {
        crate::cli::print_error(format_args!(
            "{}: no such file or directory",
            missing.display()
        ));
        return Ok(ExitCode::FAILURE);
    }
    let clipboard_off =
        std::env::var_os("ESF_BROWSE_NO_CLIPBOARD").is_some_and(|v| !v.is_empty() && v != "0");
    let options = Options {
        mouse: !args.no_mouse,
        clipboard: !args.no_clipboard && !clipboard_off,
        marks_file: args.marks.clone(),
    };
    let marks = match &args.marks {
        Some(path) => commands::load_marks(path)?,
        None => Vec::new(),
    };
    let (sender, events) = mpsc::channel();
    let mut state = if args.paths.is_empty() {
        AppState::new(load_bundled(), options)
    } else {
        event::spawn_loader(args.paths.clone(), sender.clone());
        let mut state = AppState::new(Corpus::default(), options);
        state.loading = Some(Progress::default());
        state
    };
    state.restore_marks(marks);
    let mut session =
        TerminalSession::enter(state.options.mouse).context("cannot set up the terminal")?;
    let size = session
        .terminal
        .size()
        .context("cannot read the terminal size")?;
    state.update(Action::Resize(size.width, size.height));
    let mut app = App::new(state, Theme::from_env());
    event::spawn_input(sender.clone());
    event::spawn_signals(sender).context("cannot install signal handlers")?;

    session.terminal.draw(|frame| app.render(frame))?;
    while let Ok(first) = events.recv() {
        // Take everything already waiting, then draw once.
        let waiting: Vec<AppEvent> = std::iter::once(first).chain(events.try_iter()).collect();
        let effect = app.handle_batch(waiting);
        if effect == Effect::Quit {
            // Give the terminal back first; then end without freeing every
            // page one by one, which takes a noticeable moment at 100 000.
            drop(session);
            std::mem::forget(app);
            return Ok(ExitCode::SUCCESS);
        }
        let mut context = commands::Surroundings {
            terminal: session.terminal.backend_mut(),
            corpus_roots: &args.paths,
        };
        commands::run_pending(&mut app.state, &mut context);
        if effect == Effect::Redraw {
            session.terminal.draw(|frame| app.render(frame))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
