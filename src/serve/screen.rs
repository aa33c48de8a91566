//! A ratatui backend for a remote terminal: crossterm's escape sequences
//! into a buffer, with the size the client reported (never the server's
//! own terminal, which it may not have), sent as one frame at a time.

use std::io::{self, Write};
use std::sync::{Arc, Mutex};

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

use super::outbox::{Outbox, Queued};

/// Collects a frame's bytes; `flush` keeps them (crossterm flushes after
/// some commands), `send` hands them over.
#[derive(Debug, Default, Clone)]
pub struct FrameBuffer {
    bytes: Arc<Mutex<Vec<u8>>>,
}

impl FrameBuffer {
    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.bytes.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

impl Write for FrameBuffer {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.bytes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The client's terminal as ratatui sees it.
pub struct RemoteBackend {
    inner: CrosstermBackend<FrameBuffer>,
    frame: FrameBuffer,
    size: Size,
    cursor: Position,
    outbox: Arc<Outbox>,
}

impl RemoteBackend {
    pub fn new(outbox: Arc<Outbox>, size: Size) -> RemoteBackend {
        let frame = FrameBuffer::default();
        RemoteBackend {
            inner: CrosstermBackend::new(frame.clone()),
            frame,
            size,
            cursor: Position::ORIGIN,
            outbox,
        }
    }

    pub fn set_size(&mut self, size: Size) {
        self.size = size;
    }

    /// Sends what was written since the last frame.
    pub fn send_frame(&mut self) -> Queued {
        let _ = Write::flush(&mut self.inner);
        let bytes = self.frame.take();
        if bytes.is_empty() {
            return Queued::Yes;
        }
        self.outbox.frame(bytes)
    }
}

impl Backend for RemoteBackend {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self.cursor)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let position = position.into();
        self.cursor = position;
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        Ok(self.size)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size,
            pixels: Size::default(),
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Escape sequences of the frame being built (hyperlinks) go here too.
impl Write for RemoteBackend {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.inner.write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
