//! What is drawn over the panes or in their place: the key help (and
//! the words its entries are narrowed to), the load report and the
//! session's messages (and how far each is scrolled), and the statistics
//! of the listed projects (computed once per list).

use super::super::action::Intent;
use super::line_editor::{Edited, LineEditor};
use crate::model::output::stats::Stats;

/// A window drawn over the panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Problems,
    /// The session's messages, whole and wrapped, newest last.
    Messages,
}

#[derive(Debug, Clone, Default)]
pub struct Overlays {
    pub open: Option<Overlay>,
    /// Rows scrolled down from the top; for the messages, up from the
    /// bottom (the newest is in view when it opens).
    pub scroll: usize,
    /// The help shows only the keys whose text holds these words.
    pub help_filter: String,
    /// The help's find line, while it is typed in.
    pub help_find: Option<LineEditor>,
    /// The statistics take the place of the list and the detail.
    pub stats: bool,
    /// The statistics, and the list (its generation) they are of.
    stats_cache: Option<(u64, Stats)>,
}

impl Overlays {
    /// Keys while an overlay is open: a few scroll it or switch to the
    /// other; any other closes it.
    pub fn update(&mut self, intent: &Intent) {
        let Some(open) = self.open else { return };
        if self.help_find.is_some() {
            return self.find_in_help(intent);
        }
        // The messages count their rows from the bottom: down is fewer.
        let down = |by: isize| if open == Overlay::Messages { -by } else { by };
        match intent {
            Intent::Down => self.scroll_by(down(1)),
            Intent::Up => self.scroll_by(down(-1)),
            Intent::PageDown => self.scroll_by(down(10)),
            Intent::PageUp => self.scroll_by(down(-10)),
            Intent::ToggleHelp if open != Overlay::Help => self.show(Overlay::Help),
            Intent::ToggleProblems if open != Overlay::Problems => self.show(Overlay::Problems),
            Intent::ToggleMessages if open != Overlay::Messages => self.show(Overlay::Messages),
            Intent::StartSearch | Intent::StartFind | Intent::StartValueFilter
                if open == Overlay::Help =>
            {
                self.help_find = Some(LineEditor::words(&self.help_filter));
            }
            Intent::Top | Intent::Bottom => {}
            _ => self.close(),
        }
    }

    /// Typing in the help's find line: each edit narrows the help at
    /// once; Enter keeps the words, Esc drops them.
    fn find_in_help(&mut self, intent: &Intent) {
        let Some(editor) = &mut self.help_find else {
            return;
        };
        match intent {
            Intent::EditText(edit) => {
                if let Edited::Text { .. } = editor.apply(edit, false) {
                    self.help_filter = editor.text().to_string();
                    self.scroll = 0;
                }
            }
            Intent::Accept => self.help_find = None,
            Intent::Cancel => {
                self.help_find = None;
                self.help_filter.clear();
                self.scroll = 0;
            }
            _ => {}
        }
    }

    /// Whether the help's find line has the keyboard.
    pub fn finding_in_help(&self) -> bool {
        self.open == Some(Overlay::Help) && self.help_find.is_some()
    }

    fn close(&mut self) {
        self.open = None;
        self.help_filter.clear();
        self.help_find = None;
    }

    fn scroll_by(&mut self, rows: isize) {
        self.scroll = self.scroll.saturating_add_signed(rows);
    }

    pub fn show(&mut self, overlay: Overlay) {
        self.close();
        self.open = Some(overlay);
        self.scroll = 0;
    }

    /// The statistics of the list of this generation, if computed.
    pub fn stats(&self, generation: u64) -> Option<&Stats> {
        self.stats_cache
            .as_ref()
            .filter(|(of, _)| *of == generation)
            .map(|(_, stats)| stats)
    }

    /// Computes the statistics when shown and out of date.
    pub fn sync(&mut self, generation: u64, compute: impl FnOnce() -> Stats) {
        if self.stats && self.stats(generation).is_none() {
            self.stats_cache = Some((generation, compute()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_scroll_switch_or_close() {
        let mut overlays = Overlays::default();
        overlays.show(Overlay::Help);
        overlays.update(&Intent::PageDown);
        overlays.update(&Intent::Up);
        assert_eq!(overlays.scroll, 9);
        overlays.update(&Intent::ToggleProblems);
        assert_eq!(
            (overlays.open, overlays.scroll),
            (Some(Overlay::Problems), 0)
        );
        overlays.update(&Intent::Bottom);
        assert!(overlays.open.is_some());
        overlays.update(&Intent::Quit);
        assert_eq!(overlays.open, None);
        // The messages scroll up from their newest.
        overlays.show(Overlay::Messages);
        overlays.update(&Intent::Up);
        overlays.update(&Intent::Up);
        overlays.update(&Intent::Down);
        assert_eq!(overlays.scroll, 1);
        let mut computed = 0;
        overlays.stats = true;
        let store = crate::model::Store::new(Vec::new());
        overlays.sync(3, || {
            computed += 1;
            Stats::compute(&store, std::iter::empty())
        });
        overlays.sync(3, || unreachable!());
        assert_eq!(computed, 1);
        assert!(overlays.stats(3).is_some() && overlays.stats(4).is_none());
    }

    fn typed(overlays: &mut Overlays, text: &str) {
        for c in text.chars() {
            overlays.update(&Intent::EditText(crate::ui::action::Edit::Char(c)));
        }
    }

    #[test]
    fn the_help_is_narrowed_by_what_is_typed_after_slash() {
        let mut overlays = Overlays::default();
        overlays.show(Overlay::Help);
        overlays.update(&Intent::StartSearch);
        assert!(overlays.finding_in_help());
        typed(&mut overlays, "exq");
        overlays.update(&Intent::EditText(crate::ui::action::Edit::Backspace));
        typed(&mut overlays, "port");
        assert_eq!(overlays.help_filter, "export");
        // Enter keeps the words and gives the keys back to scrolling.
        overlays.update(&Intent::Accept);
        assert!(!overlays.finding_in_help());
        overlays.update(&Intent::Down);
        assert_eq!(
            (overlays.help_filter.as_str(), overlays.scroll),
            ("export", 1)
        );
        // `/` again edits the same words; Esc drops them, the help stays.
        overlays.update(&Intent::StartSearch);
        assert_eq!(overlays.help_find, Some(LineEditor::words("export")));
        overlays.update(&Intent::Cancel);
        assert_eq!(overlays.help_filter, "");
        assert_eq!(overlays.open, Some(Overlay::Help));
        // Closing forgets them; the other overlays have no find.
        typed(&mut overlays, "");
        overlays.update(&Intent::StartSearch);
        typed(&mut overlays, "mark");
        overlays.update(&Intent::Accept);
        overlays.update(&Intent::Quit);
        assert_eq!((overlays.open, overlays.help_filter.as_str()), (None, ""));
        overlays.show(Overlay::Messages);
        overlays.update(&Intent::StartSearch);
        assert_eq!((overlays.open, overlays.help_find.is_some()), (None, false));
    }
}
