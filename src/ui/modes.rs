//! The terminal modes the browser runs in, written once as crossterm
//! commands that can be queued into any `Write`: locally stdout, over SSH
//! the channel's buffer. Raw mode is not among them: it is a setting of the
//! local terminal device, not a byte sequence (the SSH client sets its own).

use std::fmt;

use crossterm::Command;
use crossterm::cursor::{Hide, MoveTo, Show};
use crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste};
use crossterm::terminal::{Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen};

/// Mouse reports for presses, releases, the wheel and drags only (1000,
/// 1002), in SGR form (1006) — not every move of the pointer (1003, which
/// crossterm's `EnableMouseCapture` asks for): over SSH each move would be
/// sent to the server for nothing.
#[derive(Debug, Clone, Copy)]
pub struct EnableButtonMouse;

impl Command for EnableButtonMouse {
    fn write_ansi(&self, out: &mut impl fmt::Write) -> fmt::Result {
        out.write_str("\x1b[?1000h\x1b[?1002h\x1b[?1006h")
    }

    #[cfg(windows)]
    fn execute_winapi(&self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Into the browser's modes: the alternate screen, bracketed paste, a
/// blank screen, the mouse's buttons (when `mouse`) and a hidden cursor.
#[derive(Debug, Clone, Copy)]
pub struct EnterModes {
    pub mouse: bool,
}

impl Command for EnterModes {
    fn write_ansi(&self, out: &mut impl fmt::Write) -> fmt::Result {
        EnterAlternateScreen.write_ansi(out)?;
        EnableBracketedPaste.write_ansi(out)?;
        // Cleared with crossterm directly: ratatui's `clear` asks the
        // terminal for the cursor position, and some never answer.
        Clear(ClearType::All).write_ansi(out)?;
        if self.mouse {
            EnableButtonMouse.write_ansi(out)?;
        }
        Hide.write_ansi(out)
    }

    #[cfg(windows)]
    fn execute_winapi(&self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Out of every mode `EnterModes` may have switched on — the mouse too,
/// whether or not it was on (harmless when not) — and the cursor shown.
/// Nothing but showing the cursor follows leaving the alternate screen.
/// The alternate screen is cleared first: a terminal that grew while the
/// browser ran (tmux 3.3, among others) otherwise pulls the browser's wide
/// lines onto the screen the user goes back to.
#[derive(Debug, Clone, Copy)]
pub struct LeaveModes;

impl Command for LeaveModes {
    fn write_ansi(&self, out: &mut impl fmt::Write) -> fmt::Result {
        DisableMouseCapture.write_ansi(out)?;
        DisableBracketedPaste.write_ansi(out)?;
        Clear(ClearType::All).write_ansi(out)?;
        MoveTo(0, 0).write_ansi(out)?;
        LeaveAlternateScreen.write_ansi(out)?;
        Show.write_ansi(out)
    }

    #[cfg(windows)]
    fn execute_winapi(&self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The bytes of a command, for a writer that takes bytes whole (the SSH
/// channel's queue).
pub fn bytes_of(command: impl Command) -> Vec<u8> {
    let mut text = String::new();
    // Writing into a String cannot fail.
    let _ = command.write_ansi(&mut text);
    text.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaving_undoes_entering_and_ends_by_showing_the_cursor() {
        let entered = String::from_utf8(bytes_of(EnterModes { mouse: true })).unwrap();
        for mode in ["1049", "2004", "1000", "1002", "1006"] {
            assert!(entered.contains(&format!("\x1b[?{mode}h")), "{entered:?}");
        }
        assert!(!entered.contains("1003"), "every pointer move: {entered:?}");
        let left = String::from_utf8(bytes_of(LeaveModes)).unwrap();
        for mode in ["1049", "2004", "1000", "1002", "1006"] {
            assert!(left.contains(&format!("\x1b[?{mode}l")), "{left:?}");
        }
        assert!(left.ends_with("\x1b[?1049l\x1b[?25h"), "{left:?}");
        // The alternate screen is empty when it is left.
        let cleared = left.find("\x1b[2J").expect("cleared");
        assert!(cleared < left.find("\x1b[?1049l").unwrap(), "{left:?}");
        let without_mouse = String::from_utf8(bytes_of(EnterModes { mouse: false })).unwrap();
        assert!(!without_mouse.contains("1000h"), "{without_mouse:?}");
    }
}
