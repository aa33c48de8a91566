//! One interactive session: a thread that owns the browser's state (over
//! the shared corpus) and a ratatui terminal drawing to the client's
//! channel. It sleeps until input, a resize or a stop arrives.

use std::io::{self, Write};
use std::process::ExitStatus;
use std::sync::Arc;
use std::sync::mpsc::Receiver;

use crossterm::event::Event;
use ratatui::Terminal;
use ratatui::layout::Size;

use super::limits::{MOST_COLUMNS, MOST_ROWS};
use super::outbox::{Outbox, Queued};
use super::screen::RemoteBackend;
use crate::model::Corpus;
use crate::ui::action::Msg;
use crate::ui::app::App;
use crate::ui::commands::{self, Host, Surroundings};
use crate::ui::event::AppEvent;
use crate::ui::modes::{EnterModes, LeaveModes, bytes_of};
use crate::ui::runner::{self, Console, Ending, Sent, Wake};
use crate::ui::state::{AppState, Options};
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

/// The bytes that give the client its terminal back as it was.
pub fn leave_bytes() -> Vec<u8> {
    bytes_of(LeaveModes)
}

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
    let status = match drive(setup, &outbox, messages) {
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

/// The browser on the client's terminal; returns why the server ended
/// it, if it did.
fn drive(
    setup: Setup,
    outbox: &Arc<Outbox>,
    messages: Receiver<SessionMsg>,
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
    let mut console = ChannelConsole {
        terminal: Terminal::new(backend)?,
        messages,
        host: ChannelHost {
            outbox: Arc::clone(outbox),
            buffer: Vec::new(),
        },
    };
    outbox.sticky(&bytes_of(EnterModes { mouse }));
    let ending = runner::run(&mut app, &mut console, setup.hyperlinks);
    outbox.sticky(&leave_bytes());
    Ok(match ending? {
        Ending::Quit { .. } => None,
        Ending::Stopped(reason) => Some(reason),
        Ending::Closed => Some("the connection closed".into()),
    })
}

/// The client's terminal as the run loop sees it: events from the
/// connection, frames to the outbox, no files and no pager.
struct ChannelConsole {
    terminal: Terminal<RemoteBackend>,
    messages: Receiver<SessionMsg>,
    host: ChannelHost,
}

impl Console for ChannelConsole {
    type Backend = RemoteBackend;

    fn terminal(&mut self) -> &mut Terminal<RemoteBackend> {
        &mut self.terminal
    }

    fn wait(&mut self) -> Option<Wake> {
        let first = self.messages.recv().ok()?;
        let mut wake = Wake::default();
        let waiting: Vec<SessionMsg> = std::iter::once(first)
            .chain(self.messages.try_iter())
            .collect();
        for message in waiting {
            match message {
                SessionMsg::Input(input) => {
                    wake.events
                        .extend(input.into_iter().map(AppEvent::Terminal));
                }
                SessionMsg::Resize(asked_columns, asked_rows) => {
                    let (columns, rows) = usable_size(asked_columns, asked_rows);
                    wake.notice = size_notice(asked_columns, asked_rows);
                    self.terminal
                        .backend_mut()
                        .set_size(Size::new(columns, rows));
                    wake.events
                        .push(AppEvent::Terminal(Event::Resize(columns, rows)));
                }
                SessionMsg::Stop(reason) => wake.stop = Some(reason),
            }
        }
        Some(wake)
    }

    fn run_commands(&mut self, state: &mut AppState) -> bool {
        let mut context = Surroundings {
            terminal: &mut self.host,
            corpus_roots: &[],
        };
        commands::run_pending(state, &mut context);
        false
    }

    fn send_frame(&mut self) -> Sent {
        match self.terminal.backend_mut().send_frame() {
            Queued::DroppedStale => Sent::Dropped,
            _ => Sent::Yes,
        }
    }

    fn gone(&self) -> Option<String> {
        self.host
            .outbox
            .is_gone()
            .then(|| "the client left".to_string())
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
        let leave = leave_bytes();
        let before_leaving = bytes
            .windows(leave.len())
            .position(|w| *w == leave[..])
            .unwrap();
        screen.process(&bytes[..before_leaving]);
        let text = screen.screen().contents();
        assert!(text.contains("1 / 5 projects"), "{text}");
        assert!(text.contains("Kraftsamling Härjedalen"), "{text}");
        // Far less than one frame per key was kept.
        assert!(bytes.len() < 4 * 8192, "{} bytes queued", bytes.len());
    }

    #[test]
    fn every_frame_is_bracketed_in_synchronized_output() {
        const BEGIN: &[u8] = b"\x1b[?2026h";
        const END: &[u8] = b"\x1b[?2026l";
        let outbox = Arc::new(Outbox::default());
        let (sender, receiver) = mpsc::channel();
        let setup = Setup {
            corpus: Arc::new(crate::model::load_bundled()),
            options: Options::default(),
            theme: Theme::new(true),
            hyperlinks: true,
            asked_size: (80, 24),
        };
        let session = {
            let outbox = Arc::clone(&outbox);
            std::thread::spawn(move || run(setup, outbox, receiver))
        };
        let mut bytes = Vec::new();
        // Each frame taken as it comes, so none is dropped.
        let take_frames = |bytes: &mut Vec<u8>, frames: usize| {
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            while bytes.windows(END.len()).filter(|w| *w == END).count() < frames
                && std::time::Instant::now() < deadline
            {
                bytes.extend(take_all(&outbox).0);
                std::thread::yield_now();
            }
        };
        take_frames(&mut bytes, 1);
        sender.send(SessionMsg::Input(vec![key('j')])).unwrap();
        take_frames(&mut bytes, 2);
        sender.send(SessionMsg::Stop("test over".into())).unwrap();
        session.join().unwrap();
        bytes.extend(take_all(&outbox).0);

        let entered = bytes_of(EnterModes { mouse: false });
        let leave = leave_bytes();
        assert!(bytes.starts_with(&entered));
        let left = bytes
            .windows(leave.len())
            .position(|w| *w == leave[..])
            .expect("the terminal given back");
        assert_eq!(&bytes[left + leave.len()..], b"esf-browse: test over\r\n");
        let frames = &bytes[entered.len()..left];
        let mut rest = frames;
        let mut count = 0;
        while !rest.is_empty() {
            assert!(
                rest.starts_with(BEGIN),
                "{:?}",
                String::from_utf8_lossy(rest)
            );
            let end = rest.windows(END.len()).position(|w| w == END).unwrap();
            let inside = &rest[BEGIN.len()..end];
            assert!(!inside.windows(BEGIN.len()).any(|w| w == BEGIN));
            rest = &rest[end + END.len()..];
            count += 1;
        }
        assert_eq!(count, 2, "the first frame and the one after `j`");
    }
}
