//! The interactive browser: state and update (`state`), input mapping
//! (`keymap`, `app`), drawing (`view`, `theme`, `layout`), and the terminal
//! and event plumbing (`terminal`, `event`). Knows nothing of the file format.

pub mod action;
pub mod app;
pub mod commands;
pub mod event;
pub mod hyperlinks;
pub mod keyboard;
pub mod keymap;
pub mod layout;
pub mod pager;
pub mod panes;
pub mod state;
pub mod terminal;
pub mod text_worker;
pub mod theme;
pub mod view;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, ExitStatus};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};

use anyhow::Context;

use crate::model::{Corpus, Progress, load_bundled};
use action::Msg;
use app::App;
use event::AppEvent;
use hyperlinks::ScreenLink;
use ratatui::layout::Rect;
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
    /// Web and e-mail addresses as OSC 8 hyperlinks.
    pub hyperlinks: bool,
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
        state.update(Msg::LoadProgress(Progress::default()));
        state
    };
    state.update(Msg::RestoreMarks(startup.marks));
    let search_done = sender.clone();
    state.use_text_worker(text_worker::TextWorker::background(move || {
        let _ = search_done.send(AppEvent::TextWorkDone);
    }));
    let mut session =
        TerminalSession::enter(state.options().mouse).context("cannot set up the terminal")?;
    let size = session
        .terminal
        .size()
        .context("cannot read the terminal size")?;
    state.update(Msg::Resize(size.width, size.height));
    let mut app = App::new(state, startup.theme);
    let input = keyboard::spawn_input(sender.clone()).context("cannot read the keyboard")?;
    let lent = Arc::new(AtomicBool::new(false));
    event::spawn_signals(sender, Arc::clone(&lent)).context("cannot install signal handlers")?;

    let mut screen = Screen {
        hyperlinks: startup.hyperlinks,
        links_shown: None,
    };
    screen.draw(&mut session, &app)?;
    while let Ok(first) = events.recv() {
        // Take everything already waiting, then draw once.
        let waiting: Vec<AppEvent> = std::iter::once(first).chain(events.try_iter()).collect();
        let signal = waiting.iter().find_map(|event| match event {
            AppEvent::Signal(signal) => Some(*signal),
            _ => None,
        });
        let effect = app.handle_batch(waiting);
        // Commands queued before a quit (a mark saved, say) are carried out.
        let mut host = LiveTerminal {
            session: &mut session,
            input: &input,
            lent: &lent,
            was_lent: false,
        };
        let mut context = commands::Surroundings {
            terminal: &mut host,
            corpus_roots: &startup.paths,
        };
        commands::run_pending(&mut app.state, &mut context);
        let redraw_all = host.was_lent;
        if effect == Effect::Quit {
            // Give the terminal back first; then end without freeing every
            // page one by one, which takes a noticeable moment at 100 000.
            drop(session);
            let failures = app.state.write_failures().to_vec();
            std::mem::forget(app);
            return Ok(Outcome { failures, signal });
        }
        if redraw_all {
            screen.links_shown = None;
        }
        if effect == Effect::Redraw || redraw_all {
            screen.draw(&mut session, &app)?;
        }
    }
    Ok(Outcome {
        failures: app.state.write_failures().to_vec(),
        signal: None,
    })
}

/// Draws frames, and their hyperlinks when these changed.
struct Screen {
    hyperlinks: bool,
    /// The links written last, and the size of the screen they are on.
    links_shown: Option<(Rect, Vec<ScreenLink>)>,
}

impl Screen {
    fn draw(&mut self, session: &mut TerminalSession, app: &App) -> std::io::Result<()> {
        let mut links = Vec::new();
        let frame = session
            .terminal
            .draw(|frame| links = app.render_with_links(frame))?;
        let area = frame.area;
        if !self.hyperlinks
            || self
                .links_shown
                .as_ref()
                .is_some_and(|(shown_area, shown)| *shown_area == area && *shown == links)
        {
            return Ok(());
        }
        // Only the link cells are needed; the buffer is borrowed from the
        // terminal whose backend writes them.
        let buffer = frame.buffer.clone();
        hyperlinks::write(session.terminal.backend_mut(), &buffer, &links)?;
        self.links_shown = Some((area, links));
        Ok(())
    }
}

/// The running browser's terminal, as commands see it.
struct LiveTerminal<'a> {
    session: &'a mut TerminalSession,
    input: &'a keyboard::InputPause,
    /// Set while another program has the terminal: its Ctrl-C is its own.
    lent: &'a AtomicBool,
    /// Whether it was lent (the screen must be drawn whole).
    was_lent: bool,
}

impl Write for LiveTerminal<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.session.terminal.backend_mut().write(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.session.terminal.backend_mut().flush()
    }
}

impl commands::Host for LiveTerminal<'_> {
    fn lend_terminal(&mut self, program: &mut Command) -> std::io::Result<ExitStatus> {
        self.lent.store(true, Ordering::SeqCst);
        self.was_lent = true;
        let status = self.session.lend(self.input, program);
        self.lent.store(false, Ordering::SeqCst);
        status
    }
}
