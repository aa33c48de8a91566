//! Drawing one frame, local or over SSH: ratatui's cells, then the OSC 8
//! hyperlinks over them when these changed, the whole bracketed in
//! synchronized output (DEC private mode 2026) so the terminal shows the
//! frame at once rather than as it arrives. Terminals that do not know the
//! mode ignore it.

use std::io::{self, Write};

use crossterm::queue;
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::layout::Rect;

use super::app::App;
use super::hyperlinks::{self, ScreenLink};

/// Draws frames, and their hyperlinks when these changed.
pub struct Screen {
    hyperlinks: bool,
    /// The links written last, and the size of the screen they are on.
    links_shown: Option<(Rect, Vec<ScreenLink>)>,
}

impl Screen {
    pub fn new(hyperlinks: bool) -> Screen {
        Screen {
            hyperlinks,
            links_shown: None,
        }
    }

    /// Writes the frame into `terminal`'s backend and flushes it. `whole`:
    /// the terminal's screen is not what ratatui last drew (it was lent, or
    /// the last frame was dropped), so every cell and link is written anew.
    pub fn draw<B>(&mut self, terminal: &mut Terminal<B>, app: &App, whole: bool) -> io::Result<()>
    where
        B: Backend<Error = io::Error> + Write,
    {
        queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
        if whole {
            terminal.clear()?;
            self.links_shown = None;
        }
        let mut links = Vec::new();
        let frame = terminal.draw(|frame| links = app.render_with_links(frame))?;
        let area = frame.area;
        let unchanged = self
            .links_shown
            .as_ref()
            .is_some_and(|(shown_area, shown)| *shown_area == area && *shown == links);
        if self.hyperlinks && !unchanged {
            // Only the link cells are needed; the buffer is borrowed from
            // the terminal whose backend writes them.
            let buffer = frame.buffer.clone();
            hyperlinks::write(terminal.backend_mut(), &buffer, &links)?;
            self.links_shown = Some((area, links));
        }
        let backend = terminal.backend_mut();
        queue!(backend, EndSynchronizedUpdate)?;
        Write::flush(backend)
    }
}
