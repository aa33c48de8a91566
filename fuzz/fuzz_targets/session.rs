//! A browser session as `serve` runs one, on a test terminal: the bundled
//! corpus prepared once (as the server does), a fresh state per input.

use std::sync::{Arc, OnceLock};

use esf_browse::model::{Corpus, load_bundled};
use esf_browse::serve::{self, MOST_COLUMNS, MOST_ROWS};
use esf_browse::ui::action::Action;
use esf_browse::ui::app::App;
use esf_browse::ui::commands::{Surroundings, run_pending};
use esf_browse::ui::event::AppEvent;
use esf_browse::ui::state::{AppState, Effect, Options};
use esf_browse::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn corpus() -> Arc<Corpus> {
    static CORPUS: OnceLock<Arc<Corpus>> = OnceLock::new();
    Arc::clone(CORPUS.get_or_init(|| serve::prepare(load_bundled())))
}

pub struct Session {
    pub app: App,
    pub terminal: Terminal<TestBackend>,
    /// What commands wrote to the client's terminal (OSC 52 copies).
    pub written: Vec<u8>,
}

impl Session {
    /// A session as `serve` starts one (read-only, mouse on) at this size.
    pub fn new(columns: u16, rows: u16) -> Session {
        let options = Options {
            mouse: true,
            read_only: true,
            marks_file: None,
            ..Options::default()
        };
        let mut state = AppState::new(corpus(), options);
        state.update(Action::Resize(columns, rows));
        let app = App::new(state, Theme::new(true));
        let terminal = Terminal::new(TestBackend::new(columns, rows)).unwrap();
        let mut session = Session {
            app,
            terminal,
            written: Vec::new(),
        };
        session.draw();
        session
    }

    /// One batch of events, as the session loop takes them; false once
    /// the user has quit.
    pub fn take(&mut self, events: Vec<AppEvent>) -> bool {
        let effect = self.app.handle_batch(events);
        let mut context = Surroundings {
            terminal: &mut self.written,
            corpus_roots: &[],
        };
        run_pending(&mut self.app.state, &mut context);
        // The session sends what commands wrote and forgets it.
        self.written.clear();
        if effect == Effect::Quit {
            return false;
        }
        if effect == Effect::Redraw {
            self.draw();
        }
        true
    }

    /// A window-change request: clamped as the session clamps it, the
    /// terminal resized, the app told.
    pub fn resize(&mut self, asked_columns: u32, asked_rows: u32) -> bool {
        let (columns, rows) = serve::usable_size(asked_columns, asked_rows);
        assert!(
            (1..=MOST_COLUMNS).contains(&columns) && (1..=MOST_ROWS).contains(&rows),
            "{asked_columns}×{asked_rows} -> {columns}×{rows}"
        );
        self.terminal.backend_mut().resize(columns, rows);
        self.take(vec![AppEvent::Terminal(crossterm::event::Event::Resize(
            columns, rows,
        ))])
    }

    pub fn draw(&mut self) {
        let app = &self.app;
        self.terminal
            .draw(|frame| {
                app.render_with_links(frame);
            })
            .unwrap();
    }
}
