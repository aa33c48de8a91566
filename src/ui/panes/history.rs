//! The searches of this session, for `↑`/`↓` in the search box as in a
//! shell: newest first, kept in memory only (no file).

/// The most searches kept; the oldest go first.
const MOST_SEARCHES: usize = 100;

/// The searches run this session, and which one the box holds.
#[derive(Debug, Clone, Default)]
pub struct SearchHistory {
    /// Oldest first, each once.
    searches: Vec<String>,
    /// The search the box holds, as recalled (if it still holds it).
    at: Option<usize>,
}

impl SearchHistory {
    /// Keeps a search that was run; the same search again becomes the
    /// newest rather than a second entry. An empty one is not kept.
    pub fn keep(&mut self, text: &str) {
        self.at = None;
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        self.searches.retain(|kept| kept != text);
        if self.searches.len() == MOST_SEARCHES {
            self.searches.remove(0);
        }
        self.searches.push(text.to_string());
    }

    /// The box was opened afresh: nothing is recalled.
    pub fn restart(&mut self) {
        self.at = None;
    }

    /// The searches, oldest first.
    pub fn searches(&self) -> &[String] {
        &self.searches
    }

    /// `↑` (`older`) or `↓` with the box holding `text`: the text the box
    /// holds next, or `None` when the key is not the history's (the box
    /// holds what was typed, or `↓` with nothing recalled) — then it
    /// moves in the list as before. `↓` past the newest empties the box.
    pub fn step(&mut self, text: &str, older: bool) -> Option<String> {
        let recalled = self
            .at
            .filter(|&at| self.searches.get(at).is_some_and(|kept| kept == text));
        let from = match recalled {
            Some(at) => at,
            None if older && text.is_empty() && !self.searches.is_empty() => self.searches.len(),
            None => return None,
        };
        let to = if older {
            from.saturating_sub(1)
        } else {
            from + 1
        };
        if to == self.searches.len() {
            self.at = None;
            return Some(String::new());
        }
        self.at = Some(to);
        Some(self.searches[to].clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn up_walks_back_from_an_empty_box_and_down_returns() {
        let mut history = SearchHistory::default();
        assert_eq!(history.step("", true), None);
        for search in ["hjälp", "eda", "hjälp"] {
            history.keep(search);
        }
        assert_eq!(history.searches(), ["eda", "hjälp"]);
        assert_eq!(history.step("", true).as_deref(), Some("hjälp"));
        assert_eq!(history.step("hjälp", true).as_deref(), Some("eda"));
        // The oldest stays.
        assert_eq!(history.step("eda", true).as_deref(), Some("eda"));
        assert_eq!(history.step("eda", false).as_deref(), Some("hjälp"));
        assert_eq!(history.step("hjälp", false).as_deref(), Some(""));
        // Nothing recalled: ↓ is not the history's.
        assert_eq!(history.step("", false), None);
        // A box holding what was typed is not walked.
        assert_eq!(history.step("ed", true), None);
    }
}
