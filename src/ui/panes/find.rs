//! `Find`: find in page — the text typed in the detail pane and which of
//! its matches is current.

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Find {
    /// What was typed.
    pub text: String,
    /// The current match's position among the page's matches.
    pub current: usize,
}

impl Find {
    pub fn clear(&mut self) {
        self.text.clear();
        self.current = 0;
    }

    /// The next (or previous) of `count` matches, round the page.
    pub fn step(&mut self, forward: bool, count: usize) {
        if count == 0 {
            self.current = 0;
        } else if forward {
            self.current = (self.current + 1) % count;
        } else {
            self.current = (self.current + count - 1) % count;
        }
    }

    /// After the text changed: the first match on a line from `line` on
    /// (matches are given by their lines, in order), else the first.
    pub fn first_from(&mut self, match_lines: impl IntoIterator<Item = usize>, line: usize) {
        self.current = match_lines
            .into_iter()
            .position(|at| at >= line)
            .unwrap_or(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stepping_goes_round_the_page_both_ways() {
        let mut find = Find::default();
        find.step(true, 3);
        find.step(true, 3);
        assert_eq!(find.current, 2);
        find.step(true, 3);
        assert_eq!(find.current, 0);
        find.step(false, 3);
        assert_eq!(find.current, 2);
        find.step(true, 0);
        assert_eq!(find.current, 0);
    }

    #[test]
    fn a_new_text_starts_at_the_first_match_in_view() {
        let mut find = Find::default();
        find.first_from([3, 10, 10, 42], 9);
        assert_eq!(find.current, 1);
        find.first_from([3, 10], 50);
        assert_eq!(find.current, 0, "none below: the first");
    }
}
