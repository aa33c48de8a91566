//! The one screen-test harness: the real `App` driven by key events and
//! drawn into a `TestBackend` the size of the screen under test.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use esf_browse::model::{Corpus, Facet, Store, load_bundled};
use esf_browse::ui::action::Pane;
use esf_browse::ui::app::App;
use esf_browse::ui::commands::{Surroundings, run_pending};
use esf_browse::ui::event::AppEvent;
use esf_browse::ui::state::{AppState, Effect, FilterRow, Options};
use esf_browse::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Margin;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

/// The app plus a test terminal of the same size.
pub struct Ui {
    pub app: App,
    pub terminal: Terminal<TestBackend>,
}

impl Ui {
    pub fn with(corpus: Corpus, color: bool, width: u16, height: u16) -> Ui {
        let state = AppState::new(
            corpus,
            Options {
                mouse: true,
                clipboard: true,
                ..Options::default()
            },
        );
        let mut ui = Ui {
            app: App::new(state, Theme::new(color)),
            terminal: Terminal::new(TestBackend::new(width, height)).unwrap(),
        };
        ui.resize(width, height);
        ui
    }

    /// The app on a state a test built, at the state's size.
    pub fn from_state(state: AppState, color: bool) -> Ui {
        let area = state.area();
        let mut ui = Ui {
            app: App::new(state, Theme::new(color)),
            terminal: Terminal::new(TestBackend::new(area.width, area.height)).unwrap(),
        };
        ui.resize(area.width, area.height);
        ui
    }

    pub fn bundled(width: u16, height: u16) -> Ui {
        Ui::with(load_bundled(), true, width, height)
    }

    /// A resize as the terminal reports it.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.terminal.backend_mut().resize(width, height);
        self.app
            .handle(AppEvent::Terminal(Event::Resize(width, height)));
    }

    pub fn press_with(&mut self, code: KeyCode, modifiers: KeyModifiers) -> Effect {
        self.app.key(KeyEvent::new(code, modifiers))
    }

    pub fn press(&mut self, code: KeyCode) -> Effect {
        self.press_with(code, KeyModifiers::NONE)
    }

    pub fn ctrl(&mut self, c: char) -> Effect {
        self.press_with(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    /// Runs the commands the state queued, as the main loop does.
    pub fn carry_out(&mut self, terminal: &mut Vec<u8>, corpus_roots: &[std::path::PathBuf]) {
        run_pending(
            &mut self.app.state,
            &mut Surroundings {
                terminal,
                corpus_roots,
            },
        );
    }

    pub fn selected_title(&self) -> String {
        let index = self.state().selected().expect("a selection");
        self.state().corpus().store.project(index).title.clone()
    }

    pub fn char(&mut self, c: char) -> Effect {
        self.press(KeyCode::Char(c))
    }

    /// Each char as a key press (so `/harj` opens the search and types).
    pub fn type_str(&mut self, text: &str) {
        for c in text.chars() {
            self.char(c);
        }
    }

    /// Draws a frame and returns it whole. (The `TestBackend`'s own buffer
    /// only receives the diff, so cells under a wide char keep stale text
    /// there, which a real terminal would have overwritten.)
    pub fn draw(&mut self) -> Buffer {
        let app = &self.app;
        let frame = self.terminal.draw(|frame| app.render(frame)).unwrap();
        frame.buffer.clone()
    }

    pub fn lines(&mut self) -> Vec<String> {
        let buffer = self.draw();
        let area = buffer.area;
        (area.y..area.bottom())
            .map(|y| row_text(&buffer, Rect::new(area.x, y, area.width, 1)))
            .collect()
    }

    pub fn text(&mut self) -> String {
        self.lines().join("\n")
    }

    pub fn state(&self) -> &AppState {
        &self.app.state
    }

    pub fn panes(&self) -> esf_browse::ui::layout::Panes {
        self.app.state.panes()
    }

    /// The rows inside a pane's border.
    pub fn pane_rows(&mut self, rect: Rect) -> Vec<String> {
        let buffer = self.draw();
        let body = rect.inner(Margin::new(1, 1));
        (body.y..body.bottom())
            .map(|y| row_text(&buffer, Rect::new(body.x, y, body.width, 1)))
            .collect()
    }

    /// The list's title column, top to bottom.
    pub fn listed_titles(&mut self) -> Vec<String> {
        let list = self.panes().list.expect("list visible");
        self.pane_rows(list)
            .into_iter()
            .skip(1) // the column header
            .map(|row| row.split("  ").next().unwrap_or("").trim().to_string())
            .filter(|title| !title.is_empty())
            .collect()
    }

    pub fn status_line(&mut self) -> String {
        let status = self.panes().status;
        let buffer = self.draw();
        row_text(&buffer, status)
    }

    pub fn filter_lines(&mut self) -> Vec<String> {
        let filters = self.panes().filters.expect("filter pane visible");
        self.pane_rows(filters)
    }

    /// Puts the filter cursor on `facet = value` (filter pane focused).
    pub fn go_to_filter_value(&mut self, facet: Facet, value: &str) {
        assert_eq!(self.state().focus(), Pane::Filters);
        let values = self.state().corpus().store.facet(facet).values().to_vec();
        let row = self
            .state()
            .filter_rows()
            .iter()
            .position(|row| match *row {
                FilterRow::Value { facet: f, id, .. } => f == facet && values[id as usize] == value,
                _ => false,
            })
            .unwrap_or_else(|| panic!("no filter row for {value}"));
        self.char('g');
        for _ in 0..row {
            self.char('j');
        }
        assert_eq!(self.state().filter_cursor(), row);
    }
}

/// The text of a one-row rect, skipping the cells a wide char covers (as a
/// terminal shows it).
pub fn row_text(buffer: &Buffer, rect: Rect) -> String {
    let mut text = String::new();
    let mut skip = 0;
    for x in rect.x..rect.right() {
        let symbol = buffer[(x, rect.y)].symbol();
        if skip == 0 {
            text.push_str(symbol);
        }
        skip = std::cmp::max(skip, symbol.width()).saturating_sub(1);
    }
    text
}

/// The `(n)` at the end of the filter row for `value` (names may be cut to `…`).
pub fn filter_count(lines: &[String], value: &str) -> Option<u32> {
    lines.iter().find_map(|line| {
        let rest = line
            .trim_start_matches(' ')
            .trim_start_matches("✓ ")
            .trim_end();
        let open = rest.rfind(" (")?;
        let (name, count) = (&rest[..open], &rest[open + 2..]);
        let count: u32 = count.strip_suffix(')')?.parse().ok()?;
        let same = name == value
            || name
                .strip_suffix('…')
                .is_some_and(|cut| !cut.is_empty() && value.starts_with(cut));
        same.then_some(count)
    })
}

/// The titles of these projects, in the order given.
pub fn titles_of(store: &Store, indices: impl IntoIterator<Item = usize>) -> Vec<String> {
    indices
        .into_iter()
        .map(|i| store.project(i).title.clone())
        .collect()
}

/// How many of the given projects carry each region.
pub fn region_counts(store: &Store, indices: &[usize]) -> Vec<(String, u32)> {
    let mut counts: Vec<(String, u32)> = Vec::new();
    for &i in indices {
        if let Some(region) = &store.project(i).region {
            match counts.iter_mut().find(|(r, _)| r == region) {
                Some((_, n)) => *n += 1,
                None => counts.push((region.clone(), 1)),
            }
        }
    }
    counts
}

pub fn all_indices(store: &Store) -> Vec<usize> {
    (0..store.len()).collect()
}

pub const TITLES: [&str; 5] = [
    "BERGSLAGSESURSEN.NU",
    "HP3",
    "Högtrycket",
    "Kraftsamling Härjedalen",
    "På väg till jobbet",
];

pub fn detail_rows(ui: &mut Ui) -> Vec<String> {
    let detail = ui.panes().detail.expect("detail visible");
    ui.pane_rows(detail)
}

pub fn detail_bottom_border(ui: &mut Ui) -> String {
    let detail = ui.panes().detail.expect("detail visible");
    let buffer = ui.draw();
    row_text(
        &buffer,
        Rect::new(detail.x, detail.bottom() - 1, detail.width, 1),
    )
}

/// ` 34–44/276 15% ` as the detail pane computes it.
pub fn expected_position(ui: &Ui) -> String {
    let doc = ui.state().detail_document().unwrap();
    let detail = ui.panes().detail.unwrap();
    let height = usize::from(detail.inner(Margin::new(1, 1)).height);
    let total = doc.lines.len();
    let scroll = ui.state().detail_scroll();
    let end = (scroll + height).min(total);
    let percent = if total <= height {
        100
    } else {
        end * 100 / total
    };
    format!(" {}–{}/{} {}% ", scroll + 1, end, total, percent)
}
