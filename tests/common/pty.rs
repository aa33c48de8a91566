//! The one pseudo-terminal harness: a program (the real binary, OpenSSH's
//! `ssh`, or a test binary run again as a child) in a pty of a given size,
//! its output read on a thread into a vt100 screen and kept raw, keys
//! written to it, the pty resized, signals sent. Every wait is on what the
//! program has written, against a deadline; nothing sleeps a fixed time.
//! Benches may also wait for the program to go quiet and learn when it
//! last wrote (keystroke → final screen).
//!
//! The program gets a clean environment: PATH, a fresh empty HOME (and
//! XDG_CONFIG_HOME), TERM=xterm-256color and what the test adds, so the
//! user's config, locale and colour settings change nothing.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

use super::{DEADLINE, POLL};

/// A cursor position query (`ESC [ 6 n`), answered like a real terminal.
const CURSOR_QUERY: &[u8] = b"\x1b[6n";

/// What to run, in what terminal; [`PtyCommand::start`] runs it.
pub struct PtyCommand {
    command: CommandBuilder,
    columns: u16,
    rows: u16,
    answer_cursor_queries: bool,
    deadline: Duration,
    home: tempfile::TempDir,
}

impl PtyCommand {
    /// `program` in an 80×24 xterm-256color, in the crate's folder.
    pub fn new(program: impl AsRef<OsStr>) -> PtyCommand {
        let home = tempfile::tempdir().expect("a temporary HOME");
        let mut command = CommandBuilder::new(program);
        command.env_clear();
        // LLVM_PROFILE_FILE: coverage tools measure the child too.
        for name in ["PATH", "LLVM_PROFILE_FILE"] {
            if let Some(value) = std::env::var_os(name) {
                command.env(name, value);
            }
        }
        command.env("HOME", home.path());
        command.env("XDG_CONFIG_HOME", home.path());
        command.env("TERM", "xterm-256color");
        command.cwd(env!("CARGO_MANIFEST_DIR"));
        PtyCommand {
            command,
            columns: 80,
            rows: 24,
            answer_cursor_queries: true,
            deadline: DEADLINE,
            home,
        }
    }

    /// The esf-browse binary.
    pub fn browser() -> PtyCommand {
        PtyCommand::new(env!("CARGO_BIN_EXE_esf-browse"))
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> PtyCommand {
        self.command.arg(arg);
        self
    }

    pub fn args<S: AsRef<OsStr>>(mut self, args: impl IntoIterator<Item = S>) -> PtyCommand {
        self.command.args(args);
        self
    }

    pub fn env(mut self, name: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> PtyCommand {
        self.command.env(name, value);
        self
    }

    pub fn cwd(mut self, dir: impl AsRef<Path>) -> PtyCommand {
        self.command.cwd(dir.as_ref());
        self
    }

    pub fn size(mut self, columns: u16, rows: u16) -> PtyCommand {
        (self.columns, self.rows) = (columns, rows);
        self
    }

    /// Leaves cursor position queries unanswered, like a terminal that
    /// does not support them.
    pub fn ignore_cursor_queries(mut self) -> PtyCommand {
        self.answer_cursor_queries = false;
        self
    }

    /// How long each wait may take (default [`DEADLINE`]).
    pub fn deadline(mut self, deadline: Duration) -> PtyCommand {
        self.deadline = deadline;
        self
    }

    pub fn start(self) -> Pty {
        let pair = native_pty_system()
            .openpty(pty_size(self.columns, self.rows))
            .expect("open a pty");
        let child = pair
            .slave
            .spawn_command(self.command)
            .expect("spawn the program in the pty");
        // Only the child holds the slave now, so reads end when it exits.
        drop(pair.slave);
        let reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = Arc::new(Mutex::new(pair.master.take_writer().expect("pty writer")));
        let output = Arc::new(Output {
            state: Mutex::new(State {
                parser: vt100::Parser::new(self.rows, self.columns, 0),
                raw: Vec::new(),
                last_output: None,
                eof: false,
            }),
            changed: Condvar::new(),
        });
        {
            let (output, writer) = (Arc::clone(&output), Arc::clone(&writer));
            let answer = self.answer_cursor_queries;
            thread::spawn(move || read_output(reader, &output, &writer, answer));
        }
        Pty {
            child,
            master: pair.master,
            writer,
            output,
            deadline: self.deadline,
            _home: self.home,
        }
    }
}

fn pty_size(columns: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols: columns,
        pixel_width: 0,
        pixel_height: 0,
    }
}

/// What the program has written, shared with the reader thread.
struct Output {
    state: Mutex<State>,
    /// Notified after every read and at end of file.
    changed: Condvar,
}

struct State {
    parser: vt100::Parser,
    raw: Vec<u8>,
    /// When the last read returned (for benches timing the final frame).
    last_output: Option<Instant>,
    eof: bool,
}

impl Output {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The reader thread: parses everything the program writes until the pty
/// closes, answering cursor position queries if asked to.
fn read_output(
    mut reader: Box<dyn Read + Send>,
    output: &Output,
    writer: &Mutex<Box<dyn Write + Send>>,
    answer_cursor_queries: bool,
) {
    let mut buffer = [0u8; 65536];
    loop {
        let n = match reader.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let read_at = Instant::now();
        let answers = {
            let mut state = output.lock();
            state.last_output = Some(read_at);
            let before = state.raw.len();
            state.raw.extend_from_slice(&buffer[..n]);
            state.parser.process(&buffer[..n]);
            // The queries that end in this read (one may straddle reads).
            let from = before.saturating_sub(CURSOR_QUERY.len() - 1);
            let queries = count(&state.raw[from..], CURSOR_QUERY);
            let (row, column) = state.parser.screen().cursor_position();
            format!("\x1b[{};{}R", row + 1, column + 1).repeat(queries)
        };
        output.changed.notify_all();
        if answer_cursor_queries && !answers.is_empty() {
            let mut writer = writer.lock().unwrap_or_else(PoisonError::into_inner);
            let _ = writer.write_all(answers.as_bytes());
            let _ = writer.flush();
        }
    }
    output.lock().eof = true;
    output.changed.notify_all();
}

/// A program running in a pty. Dropping it kills the program if it still
/// runs (a failed assertion never leaves one behind).
pub struct Pty {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    output: Arc<Output>,
    deadline: Duration,
    _home: tempfile::TempDir,
}

impl Pty {
    /// The emulated screen's text.
    pub fn contents(&self) -> String {
        self.output.lock().parser.screen().contents()
    }

    /// Looks at the emulated screen.
    pub fn screen<R>(&self, look: impl FnOnce(&vt100::Screen) -> R) -> R {
        look(self.output.lock().parser.screen())
    }

    /// Every byte the program has written so far.
    pub fn raw(&self) -> Vec<u8> {
        self.output.lock().raw.clone()
    }

    /// Waits until `check` holds on the emulated screen; fails with the
    /// screen at the deadline or when the pty closes first.
    pub fn wait_until(&self, what: &str, check: impl Fn(&vt100::Screen) -> bool) {
        self.wait(what, |state| check(state.parser.screen()));
    }

    pub fn wait_for_text(&self, text: &str) {
        self.wait_until(&format!("{text:?} on screen"), |screen| {
            screen.contents().contains(text)
        });
    }

    /// Waits until `check` holds on all the raw output so far.
    pub fn wait_for_output(&self, what: &str, check: impl Fn(&[u8]) -> bool) {
        self.wait(what, |state| check(&state.raw));
    }

    fn wait(&self, what: &str, check: impl Fn(&State) -> bool) {
        let deadline = Instant::now() + self.deadline;
        let mut state = self.output.lock();
        loop {
            if check(&state) {
                return;
            }
            let now = Instant::now();
            if state.eof || now >= deadline {
                let why = if state.eof {
                    "the pty closed".to_string()
                } else {
                    format!("timed out after {:?}", self.deadline)
                };
                let screen = state.parser.screen().contents();
                drop(state);
                panic!("{why} waiting for {what}; screen:\n{screen}");
            }
            state = self
                .output
                .changed
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// Waits until the program has written nothing for `quiet` since
    /// `since` (a key sent, say) or since its last output after that, or
    /// the pty closed; returns when it last wrote. Fails at the deadline.
    pub fn wait_quiet(&self, since: Instant, quiet: Duration) -> Option<Instant> {
        let deadline = Instant::now() + self.deadline;
        let mut state = self.output.lock();
        loop {
            let now = Instant::now();
            let from = state.last_output.map_or(since, |at| at.max(since));
            let silent = now.saturating_duration_since(from);
            if silent >= quiet || state.eof {
                return state.last_output;
            }
            assert!(
                now < deadline,
                "never quiet for {quiet:?} within {:?}",
                self.deadline
            );
            state = self
                .output
                .changed
                .wait_timeout(state, quiet - silent)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// Types `bytes` into the terminal.
    pub fn send(&self, bytes: &[u8]) {
        let mut writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        writer.write_all(bytes).expect("write to the pty");
        writer.flush().expect("flush the pty");
    }

    /// Resizes the emulated screen, then the pty (so that the redraw lands
    /// on a screen of the new size).
    pub fn resize(&self, columns: u16, rows: u16) {
        self.output
            .lock()
            .parser
            .screen_mut()
            .set_size(rows, columns);
        self.master
            .resize(pty_size(columns, rows))
            .expect("resize the pty");
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("the child's pid")
    }

    /// Sends the signal `name` (`TERM`, `HUP`…) to the program.
    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.pid().to_string())
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{name} failed");
    }

    pub fn kill(&mut self) {
        self.child.kill().expect("kill the child");
    }

    /// Waits for the program to exit, then for its last output to be read.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                break status;
            }
            assert!(
                start.elapsed() < self.deadline,
                "the program did not exit within {:?}; screen:\n{}",
                self.deadline,
                self.contents()
            );
            thread::sleep(POLL);
        };
        self.wait("the pty to close after the program exited", |state| {
            state.eof
        });
        status
    }

    /// The pty's line discipline flags (`ICANON`, `ECHO`…), as termios
    /// names them.
    pub fn local_flags(&self) -> String {
        let termios = self.master.get_termios().expect("termios of the pty");
        format!("{:?}", termios.local_flags)
    }

    /// Raw mode: neither canonical input nor signals from keys.
    pub fn in_raw_mode(&self) -> bool {
        let flags = self.local_flags();
        let has = |flag: &str| {
            flags
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|word| word == flag)
        };
        !has("ICANON") && !has("ISIG")
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// How many times `needle` occurs in `haystack`.
pub fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

/// Where `needle` last occurs in `haystack`.
pub fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}
