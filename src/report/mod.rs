//! What `list`, `show` and `stats` print, written to a `Sink`: the
//! local commands (`cli`) and `ssh HOST COMMAND` (`serve`) both call these
//! writers, so the two give the same bytes. No terminal, no files.

pub mod list;
mod selection;
pub mod show;
pub mod stats;

use std::io::Write;

/// Where a command's output goes: stdout and stderr, or (under `serve`)
/// an SSH channel's data and its error stream.
pub struct Sink<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    /// The width of the terminal `out` is, if it is one.
    pub terminal_width: Option<usize>,
}

impl Sink<'_> {
    /// Writes `esf-browse: <message>` to the error stream.
    pub fn error(&mut self, message: impl std::fmt::Display) {
        let _ = writeln!(self.err, "esf-browse: {message}");
    }

    /// The width to wrap to: the terminal's, or 80.
    fn width(&self) -> usize {
        self.terminal_width.unwrap_or(80)
    }
}
