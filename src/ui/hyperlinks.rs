//! OSC 8 hyperlinks over the cells ratatui has drawn. Ratatui's buffer has
//! no room for them, so after each frame the cells of every visible link
//! are written once more, between the sequences that open and close the
//! link. Terminals without OSC 8 ignore the sequences and show the same
//! text; `hyperlinks = false` in the config file turns them off.

use std::io::{self, Write};

use crossterm::cursor::{RestorePosition, SavePosition};
use crossterm::queue;
use ratatui::backend::Backend;
use ratatui::buffer::{Buffer, Cell};
use unicode_width::UnicodeWidthStr;

/// A link where the frame shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenLink {
    pub x: u16,
    pub y: u16,
    /// Columns.
    pub width: u16,
    pub target: String,
}

/// Writes the links of the frame in `buffer` over the cells already drawn.
pub fn write<B>(backend: &mut B, buffer: &Buffer, links: &[ScreenLink]) -> io::Result<()>
where
    B: Backend<Error = io::Error> + Write,
{
    if links.is_empty() {
        return Ok(());
    }
    queue!(backend, SavePosition)?;
    for link in links {
        let cells = cells_of(buffer, link);
        if cells.is_empty() {
            continue;
        }
        write!(backend, "\x1b]8;;{}\x1b\\", link.target)?;
        backend.draw(cells.iter().map(|(x, y, cell)| (*x, *y, cell)))?;
        write!(backend, "\x1b]8;;\x1b\\")?;
    }
    queue!(backend, RestorePosition)?;
    Write::flush(backend)
}

/// The link's cells as the buffer has them, less the cells a wide
/// character before them covers.
fn cells_of(buffer: &Buffer, link: &ScreenLink) -> Vec<(u16, u16, Cell)> {
    let area = buffer.area;
    if link.y < area.y || link.y >= area.bottom() {
        return Vec::new();
    }
    let end = link.x.saturating_add(link.width).min(area.right());
    let mut cells = Vec::new();
    let mut x = link.x.max(area.x);
    while x < end {
        let cell = buffer[(x, link.y)].clone();
        let width = cell.symbol().width().max(1) as u16;
        cells.push((x, link.y, cell));
        x = x.saturating_add(width);
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::CrosstermBackend;
    use ratatui::layout::Rect;

    #[test]
    fn a_link_rewrites_its_cells_between_open_and_close() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 20, 2));
        buffer.set_string(2, 1, "a@b.se 漢x", ratatui::style::Style::new());
        let mut written = Vec::new();
        let mut backend = CrosstermBackend::new(&mut written);
        let link = ScreenLink {
            x: 2,
            y: 1,
            width: 10,
            target: "mailto:a@b.se".into(),
        };
        write(&mut backend, &buffer, &[link]).unwrap();
        let out = String::from_utf8(written).unwrap();
        let open = out.find("\x1b]8;;mailto:a@b.se\x1b\\").expect("opened");
        let close = out.rfind("\x1b]8;;\x1b\\").expect("closed");
        let inside = &out[open..close];
        assert!(inside.contains("a@b.se"), "{out:?}");
        // The wide character is written once, its second column not at all.
        assert_eq!(inside.matches('漢').count(), 1);
        assert!(
            inside.ends_with('x') || inside.contains("x\x1b["),
            "{out:?}"
        );
    }
}
