//! One interactive session: a thread that owns the browser's state (over
//! the shared corpus) and a ratatui terminal drawing to the client's
//! channel. It sleeps until input, a resize or a stop arrives.

use std::io::{self, Write};
use std::process::ExitStatus;
use std::sync::Arc;
use std::sync::mpsc::Receiver;

use crossterm::event::Event;
use ratatui::Terminal;
use ratatui::layout::{Rect, Size};

use super::limits::{MOST_COLUMNS, MOST_ROWS};
use super::outbox::{Outbox, Queued};
use super::screen::RemoteBackend;
use crate::model::Corpus;
use crate::ui::action::Msg;
use crate::ui::app::App;
use crate::ui::commands::{self, Host, Surroundings};
use crate::ui::event::AppEvent;
use crate::ui::hyperlinks::{self, ScreenLink};
use crate::ui::state::{AppState, Effect, Options};
use crate::ui::theme::Theme;

/// What the connection tells its session.
#[derive(Debug)]
pub enum SessionMsg {
    Input(Vec<Event>),
    /// The client's terminal size, as it asked (not yet clamped).
    Resize(u32, u32),
    /// End now, saying why (the server is stopping, the client left).
    Stop(String),
}

/// Everything a session starts from.
pub struct Setup {
    pub corpus: Arc<Corpus>,
    pub options: Options,
    pub theme: Theme,
    pub hyperlinks: bool,
    /// The terminal size the client asked for.
    pub asked_size: (u32, u32),
}

/// Mouse reports for presses, the wheel and drags only, in SGR form (as
/// the local browser asks for them).
const MOUSE_ON: &[u8] = b"\x1b[?1000h\x1b[?1002h\x1b[?1006h";
const MOUSE_OFF: &[u8] = b"\x1b[?1006l\x1b[?1002l\x1b[?1000l";
/// Alternate screen, hidden cursor, bracketed paste.
const ENTER: &[u8] = b"\x1b[?1049h\x1b[?25l\x1b[?2004h\x1b[2J";
pub const LEAVE: &[u8] = b"\x1b[?2004l\x1b[?25h\x1b[?1049l";

/// The terminal size the client asked for, or 80×24 when it said 0×0
/// (`ssh -tt` from a pipe), at most `MOST_COLUMNS`×`MOST_ROWS`.
pub fn usable_size(columns: u32, rows: u32) -> (u16, u16) {
    let clamp = |value: u32, default: u16, most: u16| {
        if value == 0 {
            default
        } else {
            value.min(most.into()) as u16
        }
    };
    (clamp(columns, 80, MOST_COLUMNS), clamp(rows, 24, MOST_ROWS))
}

/// What the user is told when their terminal is larger than the server
/// draws.
pub fn size_notice(columns: u32, rows: u32) -> Option<String> {
    (columns > MOST_COLUMNS.into() || rows > MOST_ROWS.into()).then(|| {
        format!(
            "your terminal is {columns}×{rows}; this server draws at most {MOST_COLUMNS}×{MOST_ROWS} (each cell costs it memory)"
        )
    })
}

/// Runs the session until the user quits, the client leaves or the
/// server stops; then restores the client's terminal and sends the exit
/// status. Never panics on input.
pub fn run(setup: Setup, outbox: Arc<Outbox>, messages: Receiver<SessionMsg>) {
    let status = match drive(setup, &outbox, &messages) {
        Ok(None) => 0,
        Ok(Some(reason)) => {
            outbox.sticky(format!("esf-browse: {reason}\r\n").as_bytes());
            0
        }
        Err(error) => {
            outbox.sticky(format!("esf-browse: {error}\r\n").as_bytes());
            1
        }
    };
    outbox.finish(status);
}

/// The loop; returns why the server ended it, if it did.
fn drive(
    setup: Setup,
    outbox: &Arc<Outbox>,
    messages: &Receiver<SessionMsg>,
) -> io::Result<Option<String>> {
    let (asked_columns, asked_rows) = setup.asked_size;
    let (width, height) = usable_size(asked_columns, asked_rows);
    let mouse = setup.options.mouse;
    let mut state = AppState::new(setup.corpus, setup.options);
    state.update(Msg::Resize(width, height));
    if let Some(notice) = size_notice(asked_columns, asked_rows) {
        state.update(Msg::Notify(notice));
    }
    let mut app = App::new(state, setup.theme);
    let backend = RemoteBackend::new(Arc::clone(outbox), Size::new(width, height));
    let mut terminal = Terminal::new(backend)?;
    outbox.sticky(ENTER);
    if mouse {
        outbox.sticky(MOUSE_ON);
    }
    let mut screen = Screen {
        hyperlinks: setup.hyperlinks,
        links_shown: None,
    };
    let mut host = ChannelHost {
        outbox: Arc::clone(outbox),
        buffer: Vec::new(),
    };
    let result = (|| {
        screen.draw(&mut terminal, &app)?;
        while let Ok(first) = messages.recv() {
            let mut events = Vec::new();
            let mut stop = None;
            let mut notice = None;
            for message in std::iter::once(first).chain(messages.try_iter()) {
                match message {
                    SessionMsg::Input(input) => {
                        events.extend(input.into_iter().map(AppEvent::Terminal));
                    }
                    SessionMsg::Resize(asked_columns, asked_rows) => {
                        let (columns, rows) = usable_size(asked_columns, asked_rows);
                        notice = size_notice(asked_columns, asked_rows);
                        terminal.backend_mut().set_size(Size::new(columns, rows));
                        events.push(AppEvent::Terminal(Event::Resize(columns, rows)));
                    }
                    SessionMsg::Stop(reason) => stop = Some(reason),
                }
            }
            let mut effect = app.handle_batch(events);
            if let Some(notice) = notice {
                app.state.update(Msg::Notify(notice));
                if effect == Effect::None {
                    effect = Effect::Redraw;
                }
            }
            let mut context = Surroundings {
                terminal: &mut host,
                corpus_roots: &[],
            };
            commands::run_pending(&mut app.state, &mut context);
            if effect == Effect::Quit {
                return Ok(None);
            }
            if outbox.is_gone() {
                return Ok(Some("the client left".into()));
            }
            if effect == Effect::Redraw {
                screen.draw(&mut terminal, &app)?;
            }
            if stop.is_some() {
                return Ok(stop);
            }
        }
        Ok(Some("the connection closed".into()))
    })();
    if mouse {
        outbox.sticky(MOUSE_OFF);
    }
    outbox.sticky(LEAVE);
    result
}

/// Draws frames and their hyperlinks, as the local browser does.
struct Screen {
    hyperlinks: bool,
    links_shown: Option<(Rect, Vec<ScreenLink>)>,
}

impl Screen {
    fn draw(&mut self, terminal: &mut Terminal<RemoteBackend>, app: &App) -> io::Result<()> {
        if self.draw_once(terminal, app)? == Queued::DroppedStale {
            // The client has not taken the last frame: it and this change
            // are dropped; the next frame is the whole screen.
            terminal.clear()?;
            self.links_shown = None;
            self.draw_once(terminal, app)?;
        }
        Ok(())
    }

    fn draw_once(
        &mut self,
        terminal: &mut Terminal<RemoteBackend>,
        app: &App,
    ) -> io::Result<Queued> {
        let mut links = Vec::new();
        let frame = terminal.draw(|frame| links = app.render_with_links(frame))?;
        let area = frame.area;
        let unchanged = self
            .links_shown
            .as_ref()
            .is_some_and(|(shown_area, shown)| *shown_area == area && *shown == links);
        if self.hyperlinks && !unchanged {
            let buffer = frame.buffer.clone();
            hyperlinks::write(terminal.backend_mut(), &buffer, &links)?;
            self.links_shown = Some((area, links));
        }
        Ok(terminal.backend_mut().send_frame())
    }
}

/// The client's terminal as commands see it: OSC 52 copies go there and
/// always arrive; there is no terminal to lend to a pager.
struct ChannelHost {
    outbox: Arc<Outbox>,
    buffer: Vec<u8>,
}

impl Write for ChannelHost {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let bytes = std::mem::take(&mut self.buffer);
        match self.outbox.sticky(&bytes) {
            Queued::ClientGone => Err(io::Error::new(
                io::ErrorKind::BrokenPipe,
                "the client has gone",
            )),
            _ => Ok(()),
        }
    }
}

impl Host for ChannelHost {
    fn lend_terminal(&mut self, _: &mut std::process::Command) -> io::Result<ExitStatus> {
        Err(io::Error::other(
            "there is no terminal to lend on a shared server",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::outbox::Outgoing;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use std::sync::mpsc;

    fn key(c: char) -> Event {
        Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
    }

    /// Takes everything waiting in the outbox, as the network task would.
    fn take_all(outbox: &Outbox) -> (Vec<u8>, Option<u32>) {
        let mut bytes = Vec::new();
        let mut exit = None;
        while let Some(next) = outbox.take() {
            match next {
                Outgoing::Bytes(b) => bytes.extend(b),
                Outgoing::Exit(status) => exit = Some(status),
            }
        }
        (bytes, exit)
    }

    #[test]
    fn a_client_that_reads_nothing_gets_the_latest_screen_whole() {
        let outbox = Arc::new(Outbox::default());
        let (sender, receiver) = mpsc::channel();
        let setup = Setup {
            corpus: Arc::new(crate::model::load_bundled()),
            options: Options {
                read_only: true,
                ..Options::default()
            },
            theme: Theme::new(true),
            hyperlinks: false,
            asked_size: (80, 24),
        };
        let session = {
            let outbox = Arc::clone(&outbox);
            std::thread::spawn(move || run(setup, outbox, receiver))
        };
        // Typed one key at a time, none of the frames taken.
        sender.send(SessionMsg::Input(vec![key('/')])).unwrap();
        for c in "harj".chars() {
            sender.send(SessionMsg::Input(vec![key(c)])).unwrap();
        }
        sender.send(SessionMsg::Stop("test over".into())).unwrap();
        session.join().unwrap();
        let (bytes, exit) = take_all(&outbox);
        assert_eq!(exit, Some(0));
        // Whatever frames were dropped, what arrives draws the last state.
        let mut screen = vt100::Parser::new(24, 80, 0);
        let before_leaving = bytes.windows(LEAVE.len()).position(|w| w == LEAVE).unwrap();
        screen.process(&bytes[..before_leaving]);
        let text = screen.screen().contents();
        assert!(text.contains("1 / 5 projects"), "{text}");
        assert!(text.contains("Kraftsamling Härjedalen"), "{text}");
        // Far less than one frame per key was kept.
        assert!(bytes.len() < 4 * 8192, "{} bytes queued", bytes.len());
    }
}
