//! The terminal session: raw mode, alternate screen, bracketed paste and
//! (unless turned off) mouse capture — and their undoing on every way out:
//! normal return, error (Drop), panic (hook), and signals (via the loop) —
//! and while the terminal is lent to the pager.

use std::io::{self, BufWriter, Stdout, Write};
use std::process::{Command, ExitStatus};
use std::sync::Once;

use crossterm::execute;
use crossterm::terminal::{Clear, ClearType, disable_raw_mode, enable_raw_mode};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::keyboard::InputPause;
use super::modes::{EnterModes, LeaveModes};

/// The backend writes through a buffer so a frame leaves in one write.
pub type Backend = CrosstermBackend<BufWriter<Stdout>>;

/// Owns the terminal while the browser runs; restores it when dropped.
pub struct TerminalSession {
    pub terminal: Terminal<Backend>,
    mouse: bool,
}

impl TerminalSession {
    pub fn enter(mouse: bool) -> io::Result<TerminalSession> {
        install_panic_hook();
        let entered = switch_on(mouse).and_then(|()| {
            let backend = CrosstermBackend::new(BufWriter::with_capacity(1 << 16, io::stdout()));
            let mut terminal = Terminal::new(backend)?;
            terminal.hide_cursor()?;
            Ok(terminal)
        });
        match entered {
            Ok(terminal) => Ok(TerminalSession { terminal, mouse }),
            Err(error) => {
                restore();
                Err(error)
            }
        }
    }

    /// Lends the terminal to `program` until it ends: the input thread
    /// paused, the screen and modes as the shell had them. Then takes it
    /// back; the next frame is drawn whole.
    pub fn lend(&mut self, input: &InputPause, program: &mut Command) -> io::Result<ExitStatus> {
        input.pause();
        let _ = self.terminal.backend_mut().flush();
        restore();
        let status = program.status();
        let back = switch_on(self.mouse).and_then(|()| {
            // The screen is blank now; make ratatui's idea of it blank too,
            // so the next frame writes every cell.
            self.terminal.draw(|_| {})?;
            let backend = self.terminal.backend_mut();
            execute!(backend, Clear(ClearType::All))?;
            self.terminal.hide_cursor()
        });
        input.resume();
        back?;
        status
    }
}

/// Raw mode and the browser's modes (`EnterModes`); on failure what was
/// switched on is undone by the caller's `restore`.
fn switch_on(mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    execute!(io::stdout(), EnterModes { mouse })
}

impl Drop for TerminalSession {
    fn drop(&mut self) {
        let _ = self.terminal.backend_mut().flush();
        restore();
    }
}

/// Puts the terminal back as it was. Safe to call more than once and when
/// the terminal is gone (errors are ignored).
pub fn restore() {
    let mut stdout = io::stdout();
    let _ = execute!(stdout, LeaveModes);
    let _ = disable_raw_mode();
    let _ = stdout.flush();
}

/// On panic: restore the terminal first, then let the default hook print.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}
