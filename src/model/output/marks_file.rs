//! The marks file: one project a line, by its registration number where the
//! page has one, else by its file id. Lines that are not keys — comments
//! (`# …`), blank lines — and keys of projects outside the loaded corpus are
//! the user's and stay as they are; a session only adds what it marked and
//! removes what it unmarked.

/// One thing a session did to its marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkChange {
    /// Marked: the project's key.
    Mark(String),
    /// Unmarked: every key the project may be written under (its
    /// registration number and its file id).
    Unmark(Vec<String>),
}

/// A marks file's lines, as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MarksFile {
    lines: Vec<String>,
}

impl MarksFile {
    pub fn parse(text: &str) -> MarksFile {
        MarksFile {
            lines: text
                .lines()
                .map(|line| line.strip_suffix('\r').unwrap_or(line).to_string())
                .collect(),
        }
    }

    /// The project keys, in file order.
    pub fn keys(&self) -> Vec<&str> {
        self.lines.iter().filter_map(|line| key_of(line)).collect()
    }

    /// Adds a marked key at the end (once); removes every line holding an
    /// unmarked key. Other lines are left where they are.
    pub fn apply(&mut self, change: &MarkChange) {
        match change {
            MarkChange::Mark(key) => {
                if !self.keys().contains(&key.as_str()) {
                    self.lines.push(key.clone());
                }
            }
            MarkChange::Unmark(keys) => self
                .lines
                .retain(|line| key_of(line).is_none_or(|k| !keys.iter().any(|key| key == k))),
        }
    }

    /// The file's text: its lines, each ended by a newline.
    pub fn text(&self) -> String {
        let mut text = String::new();
        for line in &self.lines {
            text.push_str(line);
            text.push('\n');
        }
        text
    }
}

/// The key a line holds: its trimmed text, unless blank or a comment.
fn key_of(line: &str) -> Option<&str> {
    let key = line.trim();
    (!key.is_empty() && !key.starts_with('#')).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_blank_lines_and_unknown_keys_survive() {
        let mut file = MarksFile::parse("# my marks\n2019/00446\n\nother_corpus_page\r\n");
        assert_eq!(file.keys(), ["2019/00446", "other_corpus_page"]);
        file.apply(&MarkChange::Mark("003_4fa9901c3272370e".into()));
        file.apply(&MarkChange::Mark("2019/00446".into()));
        file.apply(&MarkChange::Unmark(vec![
            "2019/00446".into(),
            "page_id".into(),
        ]));
        assert_eq!(
            file.text(),
            "# my marks\n\nother_corpus_page\n003_4fa9901c3272370e\n"
        );
    }

    #[test]
    fn unmarking_removes_the_key_under_either_name() {
        let mut file = MarksFile::parse("old_file_id\n23-037-S05\n");
        file.apply(&MarkChange::Unmark(vec![
            "23-037-S05".into(),
            "old_file_id".into(),
        ]));
        assert!(file.keys().is_empty());
    }
}
