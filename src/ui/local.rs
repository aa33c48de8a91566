//! The local terminal as the run loop's `Console`: events from the input,
//! signal, loader and full-text threads; frames to stdout; commands may
//! write files and lend the terminal to the pager.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, ExitStatus};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;

use ratatui::Terminal;

use super::commands::{self, Surroundings};
use super::event::AppEvent;
use super::keyboard::InputPause;
use super::runner::{Console, Wake};
use super::state::AppState;
use super::terminal::{Backend, TerminalSession};

/// The browser's own terminal and the threads that feed it.
pub struct LocalConsole {
    pub session: TerminalSession,
    pub events: Receiver<AppEvent>,
    pub input: InputPause,
    /// Set while another program has the terminal: its Ctrl-C is its own.
    pub lent: Arc<AtomicBool>,
    /// Directories (and files) the corpus was loaded from: never written to.
    pub corpus_roots: Vec<PathBuf>,
}

impl Console for LocalConsole {
    type Backend = Backend;

    fn terminal(&mut self) -> &mut Terminal<Backend> {
        &mut self.session.terminal
    }

    fn wait(&mut self) -> Option<Wake> {
        let first = self.events.recv().ok()?;
        Some(Wake {
            events: std::iter::once(first)
                .chain(self.events.try_iter())
                .collect(),
            ..Wake::default()
        })
    }

    fn run_commands(&mut self, state: &mut AppState) -> bool {
        let mut host = LiveTerminal {
            session: &mut self.session,
            input: &self.input,
            lent: &self.lent,
            was_lent: false,
        };
        let mut context = Surroundings {
            terminal: &mut host,
            corpus_roots: &self.corpus_roots,
        };
        commands::run_pending(state, &mut context);
        host.was_lent
    }
}

/// The running browser's terminal, as commands see it.
struct LiveTerminal<'a> {
    session: &'a mut TerminalSession,
    input: &'a InputPause,
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
