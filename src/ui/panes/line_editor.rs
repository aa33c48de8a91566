//! `LineEditor`: the one-line text input of every prompt (the search, find
//! in page, the values' narrowing, the export path), with a cursor, a
//! length limit, and the window of it a narrow line shows, kept on the
//! cursor.

use unicode_width::UnicodeWidthChar;

use super::super::action::Edit;

/// What an edit did to the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edited {
    /// The text changed (or would have): `fits` is false when a paste
    /// was cut at `MOST_CHARS`.
    Text { fits: bool },
    /// Only the cursor moved.
    Cursor,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEditor {
    text: String,
    /// The cursor, in chars from the start.
    cursor: usize,
    /// Where a word ends, for deleting one: a space, and in a path a `/`.
    separators: &'static [char],
}

/// The most characters a line holds (a search, a find, a path): longer
/// pastes are cut, and the user told.
pub const MOST_CHARS: usize = 256;

impl LineEditor {
    /// A path, with the cursor at its end (`/` ends a word).
    pub fn new(text: &str) -> LineEditor {
        LineEditor {
            text: text.to_string(),
            cursor: text.chars().count(),
            separators: &[' ', '/'],
        }
    }

    /// Words, with the cursor at the end.
    pub fn words(text: &str) -> LineEditor {
        LineEditor {
            separators: &[' '],
            ..LineEditor::new(text)
        }
    }

    /// Inserts what fits of `text` within `MOST_CHARS`; says whether all
    /// of it did.
    pub fn insert_bounded(&mut self, text: &str) -> bool {
        let room = MOST_CHARS.saturating_sub(self.text.chars().count());
        let fits = text.chars().count() <= room;
        if fits {
            self.insert(text);
        } else {
            let kept: String = text.chars().take(room).collect();
            self.insert(&kept);
        }
        fits
    }

    /// Applies a typed edit. The cursor moves only where `moves_cursor`
    /// (a path); words end at the cursor, so there it stays put.
    pub fn apply(&mut self, edit: &Edit, moves_cursor: bool) -> Edited {
        let fits = match edit {
            Edit::Char(c) => self.insert_bounded(c.encode_utf8(&mut [0; 4])),
            Edit::Insert(text) => self.insert_bounded(&one_line(text)),
            Edit::Backspace => {
                self.backspace();
                true
            }
            Edit::DeleteWord => {
                self.delete_word();
                true
            }
            Edit::Clear => {
                self.clear();
                true
            }
            Edit::Left | Edit::Right | Edit::Home | Edit::End => {
                if moves_cursor {
                    match edit {
                        Edit::Left => self.left(),
                        Edit::Right => self.right(),
                        Edit::Home => self.home(),
                        _ => self.end(),
                    }
                }
                return Edited::Cursor;
            }
        };
        Edited::Text { fits }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(at, _)| at)
    }

    pub fn insert(&mut self, text: &str) {
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, text);
        self.cursor += text.chars().count();
    }

    pub fn backspace(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }

    /// Deletes back to the start of the word (or path part) before the cursor.
    pub fn delete_word(&mut self) {
        let end = self.byte_at(self.cursor);
        let before = self.text[..end].trim_end_matches(self.separators);
        let start = before.rfind(self.separators).map_or(0, |i| i + 1);
        self.cursor -= self.text[start..end].chars().count();
        self.text.replace_range(start..end, "");
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.text.chars().count());
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.text.chars().count();
    }

    /// What `width` columns show: a window of the text that holds the
    /// cursor (its end when it is at the end), and the cursor's column in it.
    pub fn view(&self, width: usize) -> (String, usize) {
        let width = width.max(1);
        let chars: Vec<char> = self.text.chars().collect();
        // Widen the window leftwards from the cursor until it is full.
        let mut start = self.cursor;
        let mut used = 1; // the cursor's own cell
        while start > 0 {
            let w = chars[start - 1].width().unwrap_or(0);
            if used + w > width {
                break;
            }
            used += w;
            start -= 1;
        }
        let mut shown = String::new();
        let mut columns = 0;
        for &c in &chars[start..] {
            let w = c.width().unwrap_or(0);
            if columns + w > width {
                break;
            }
            shown.push(c);
            columns += w;
        }
        let cursor_column = chars[start..self.cursor]
            .iter()
            .map(|c| c.width().unwrap_or(0))
            .sum();
        (shown, cursor_column)
    }
}

/// Pasted text as one line: its lines joined by a space (never glued:
/// `line1line2`), without control characters.
fn one_line(text: &str) -> String {
    let joined = if text.contains(['\n', '\r']) {
        text.lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        // One line is kept exactly as pasted: as if typed.
        text.to_string()
    };
    joined.chars().filter(|c| !c.is_control()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_at_the_cursor() {
        let mut line = LineEditor::new("/tmp/ut.csv");
        line.left();
        line.left();
        line.left();
        line.left();
        line.insert("-2");
        assert_eq!(line.text(), "/tmp/ut-2.csv");
        line.home();
        line.backspace();
        line.insert("~");
        assert_eq!(line.text(), "~/tmp/ut-2.csv");
        line.end();
        line.delete_word();
        assert_eq!(line.text(), "~/tmp/");
        line.clear();
        assert_eq!(line.text(), "");
        let mut words = LineEditor::words("ut/in  ");
        words.delete_word();
        assert_eq!(words.text(), "");
        assert!(!words.insert_bounded(&"x".repeat(MOST_CHARS + 1)));
        assert_eq!(words.text().len(), MOST_CHARS);
    }

    #[test]
    fn a_long_path_shows_its_end_and_the_cursor() {
        let path = format!("/{}/out.csv", "a-very-deep-folder".repeat(6));
        let line = LineEditor::new(&path);
        let (shown, cursor) = line.view(20);
        assert!(shown.ends_with("out.csv"), "{shown}");
        assert_eq!(cursor, 19);
        let mut at_start = line.clone();
        at_start.home();
        let (shown, cursor) = at_start.view(20);
        assert!(shown.starts_with("/a-very"), "{shown}");
        assert_eq!(cursor, 0);
    }
}
