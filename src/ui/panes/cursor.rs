//! `Cursor`: a row cursor in a scrolled list — the project list's and the
//! filter pane's — and the first row shown.

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    /// The row under the cursor.
    pub at: usize,
    /// The first row shown.
    pub offset: usize,
}

impl Cursor {
    /// The row `delta` rows away, within `len` rows.
    pub fn moved(self, delta: isize, len: usize) -> usize {
        self.at
            .saturating_add_signed(delta)
            .min(len.saturating_sub(1))
    }

    /// Scrolls so that the cursor is in view, moving the first row shown as
    /// little as possible and never past the last full page of `len` rows.
    pub fn keep_visible(&mut self, height: usize, len: usize) {
        let height = height.max(1);
        let offset = if self.at < self.offset {
            self.at
        } else if self.at >= self.offset + height {
            self.at + 1 - height
        } else {
            self.offset
        };
        self.offset = offset.min(len.saturating_sub(height));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_stays_within_the_rows() {
        let cursor = Cursor { at: 3, offset: 0 };
        assert_eq!(cursor.moved(-10, 8), 0);
        assert_eq!(cursor.moved(2, 8), 5);
        assert_eq!(cursor.moved(isize::MAX / 2, 8), 7);
        assert_eq!(cursor.moved(1, 0), 0);
    }

    #[test]
    fn the_view_follows_the_cursor_as_little_as_it_can() {
        let mut cursor = Cursor { at: 12, offset: 0 };
        cursor.keep_visible(5, 40);
        assert_eq!(cursor.offset, 8, "the cursor on the last row shown");
        cursor.at = 9;
        cursor.keep_visible(5, 40);
        assert_eq!(cursor.offset, 8, "already in view: no move");
        cursor.at = 2;
        cursor.keep_visible(5, 40);
        assert_eq!(cursor.offset, 2);
        // Never past the last full page.
        let mut near_end = Cursor { at: 39, offset: 38 };
        near_end.keep_visible(5, 40);
        assert_eq!(near_end.offset, 35);
    }
}
