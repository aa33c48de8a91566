//! End to end: the real binary in a pseudo-terminal, its output fed to a
//! terminal emulator (vt100), keys and signals sent the way a user would.
//! Every wait polls the emulated screen against a deadline.

#![cfg(unix)]

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

const ROWS: u16 = 24;
const COLS: u16 = 80;
const DEADLINE: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(10);

const ENTER_ALT: &[u8] = b"\x1b[?1049h";
const LEAVE_ALT: &[u8] = b"\x1b[?1049l";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

/// The binary running in a pty, its output parsed on a reader thread.
struct Session {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    eof: Arc<AtomicBool>,
}

/// How the emulated terminal treats cursor position queries (`ESC [ 6 n`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dsr {
    /// Answer like a real terminal.
    Answer,
    /// Stay silent, like a terminal that does not support them.
    Ignore,
}

const CURSOR_QUERY: &[u8] = b"\x1b[6n";

impl Session {
    fn start(args: &[&str]) -> Session {
        Session::start_with(args, Dsr::Answer, &[])
    }

    fn start_with(args: &[&str], dsr: Dsr, env: &[(&str, &str)]) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_esf-browse"));
        command.args(args);
        command.cwd(env!("CARGO_MANIFEST_DIR"));
        command.env("TERM", "xterm-256color");
        // The user's own config file, if any, stays out of the tests.
        command.env("XDG_CONFIG_HOME", env!("CARGO_TARGET_TMPDIR"));
        command.env("HOME", env!("CARGO_TARGET_TMPDIR"));
        for (name, value) in env {
            command.env(name, value);
        }
        for noise in ["NO_COLOR", "ESF_TIMING", "RUST_BACKTRACE", "RUST_LOG"] {
            command.env_remove(noise);
        }
        let child = pair.slave.spawn_command(command).expect("spawn esf-browse");
        // Only the child holds the slave now, so reads end when it exits.
        drop(pair.slave);

        let parser = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let eof = Arc::new(AtomicBool::new(false));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = Arc::new(Mutex::new(pair.master.take_writer().expect("pty writer")));
        {
            let (parser, raw, eof) = (parser.clone(), raw.clone(), eof.clone());
            let writer = writer.clone();
            thread::spawn(move || {
                let mut buffer = [0u8; 8192];
                let mut queries_seen = 0;
                loop {
                    match reader.read(&mut buffer) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            let mut raw = raw.lock().unwrap();
                            raw.extend_from_slice(&buffer[..n]);
                            let mut parser = parser.lock().unwrap();
                            parser.process(&buffer[..n]);
                            // Queries may straddle reads: count them in all output.
                            let queries = count(&raw, CURSOR_QUERY);
                            if dsr == Dsr::Answer && queries > queries_seen {
                                let (row, col) = parser.screen().cursor_position();
                                let answer = format!("\x1b[{};{}R", row + 1, col + 1);
                                let mut writer = writer.lock().unwrap();
                                for _ in queries_seen..queries {
                                    let _ = writer.write_all(answer.as_bytes());
                                }
                                let _ = writer.flush();
                            }
                            queries_seen = queries;
                        }
                    }
                }
                eof.store(true, Ordering::SeqCst);
            });
        }
        Session {
            child,
            master: pair.master,
            writer,
            parser,
            raw,
            eof,
        }
    }

    fn contents(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// Polls until `check` holds on the emulated screen; fails with the screen.
    fn wait_until(&mut self, what: &str, check: impl Fn(&vt100::Screen) -> bool) {
        let start = Instant::now();
        loop {
            if check(self.parser.lock().unwrap().screen()) {
                return;
            }
            let gone = self.eof.load(Ordering::SeqCst);
            if gone || start.elapsed() > DEADLINE {
                let screen = self.contents();
                let exited = self.child.try_wait().ok().flatten();
                panic!(
                    "timed out waiting for {what} (child exited: {exited:?}); screen:\n{screen}"
                );
            }
            thread::sleep(POLL);
        }
    }

    fn wait_for_text(&mut self, text: &str) {
        self.wait_until(&format!("{text:?} on screen"), |screen| {
            screen.contents().contains(text)
        });
    }

    fn send(&mut self, bytes: &[u8]) {
        let mut writer = self.writer.lock().unwrap();
        writer.write_all(bytes).expect("write to the pty");
        writer.flush().expect("flush the pty");
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("child pid")
    }

    fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.pid().to_string())
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{name} failed");
    }

    /// Waits for the child to exit, then for its last output to be read.
    fn wait_exit(&mut self) -> ExitStatus {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                break status;
            }
            if start.elapsed() > DEADLINE {
                panic!(
                    "esf-browse did not exit within {DEADLINE:?}; screen:\n{}",
                    self.contents()
                );
            }
            thread::sleep(POLL);
        };
        while !self.eof.load(Ordering::SeqCst) {
            if start.elapsed() > DEADLINE {
                panic!("the pty never reached end of file after the child exited");
            }
            thread::sleep(POLL);
        }
        status
    }

    /// The pty's line discipline flags (`ICANON`, `ECHO`…), as named by termios.
    fn local_flags(&self) -> String {
        let termios = self.master.get_termios().expect("termios of the pty");
        format!("{:?}", termios.local_flags)
    }

    fn in_raw_mode(&self) -> bool {
        let flags = self.local_flags();
        let has = |flag: &str| {
            flags
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|word| word == flag)
        };
        !has("ICANON") && !has("ISIG")
    }

    /// After exit: main screen, cursor shown, no mouse or paste mode,
    /// cooked mode, and the last alternate-screen switch is the way out.
    fn assert_terminal_restored(&self) {
        let parser = self.parser.lock().unwrap();
        let screen = parser.screen();
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert!(!screen.hide_cursor(), "cursor left hidden");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse capture left on"
        );
        assert!(!screen.bracketed_paste(), "bracketed paste left on");
        drop(parser);

        let raw = self.raw();
        let entered = find_last(&raw, ENTER_ALT).expect("the browser entered the alternate screen");
        let left = find_last(&raw, LEAVE_ALT).expect("the browser left the alternate screen");
        assert!(
            left > entered,
            "the last switch was into the alternate screen"
        );
        assert!(
            find_last(&raw, SHOW_CURSOR).is_some_and(|shown| shown > entered),
            "the cursor was not shown again"
        );
        assert!(
            !self.in_raw_mode(),
            "raw mode left on: {}",
            self.local_flags()
        );
    }
}

impl Session {
    /// After a clean quit nothing but showing the cursor follows the way
    /// out of the alternate screen (no stray frame drawn on the main screen).
    fn assert_quiet_after_leaving(&self) {
        let raw = self.raw();
        let left = find_last(&raw, LEAVE_ALT).expect("the browser left the alternate screen");
        let tail = &raw[left + LEAVE_ALT.len()..];
        assert!(
            strip(tail, SHOW_CURSOR).iter().all(u8::is_ascii_whitespace),
            "unexpected output after leaving the alternate screen: {:?}",
            String::from_utf8_lossy(tail)
        );
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // On a failed assertion, never leave the browser running.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn strip(bytes: &[u8], sequence: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(sequence) {
            i += sequence.len();
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// Starts the browser on the bundled corpus and waits for its first screen.
fn started() -> Session {
    let mut session = Session::start(&[]);
    session.wait_for_text("5 / 5 projects");
    session.wait_until("the alternate screen", |s| s.alternate_screen());
    session
}

#[test]
fn search_then_quit_with_q() {
    let mut session = started();
    let screen = session.contents();
    for title in ["BERGSLAGSESURSEN.NU", "HP3", "På väg till jobbet"] {
        assert!(screen.contains(title), "{title}:\n{screen}");
    }
    {
        let parser = session.parser.lock().unwrap();
        let screen = parser.screen();
        assert!(screen.hide_cursor(), "cursor hidden while browsing");
        assert_ne!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse capture on by default"
        );
        assert!(screen.bracketed_paste());
    }
    assert!(session.in_raw_mode(), "{}", session.local_flags());

    session.send(b"/harj");
    session.wait_for_text("1 / 5 projects");
    let screen = session.contents();
    assert!(screen.contains("Kraftsamling Härjedalen"), "{screen}");
    assert!(!screen.contains("HP3"), "{screen}");
    // Enter keeps the query and leaves the search box; then q quits.
    session.send(b"\r");
    session.wait_for_text("? help");
    session.send(b"q");
    let status = session.wait_exit();
    assert!(status.success(), "{status:?}");
    session.assert_terminal_restored();
    session.assert_quiet_after_leaving();
}

#[test]
fn ctrl_c_quits_even_while_typing_a_search() {
    let mut session = started();
    session.send(b"/hp");
    session.wait_for_text("1 / 5 projects");
    session.send(b"\x03");
    let status = session.wait_exit();
    assert!(status.success(), "{status:?}");
    session.assert_terminal_restored();
    session.assert_quiet_after_leaving();
}

fn signal_restores_the_terminal(signal: &str, number: u32) {
    let mut session = started();
    session.send(b"/harj");
    session.wait_for_text("1 / 5 projects");
    session.signal(signal);
    let status = session.wait_exit();
    assert_eq!(
        status.signal(),
        None,
        "SIG{signal} should be handled, not kill the process: {status:?}"
    );
    assert_eq!(
        status.exit_code(),
        128 + number,
        "exit status 128 + SIG{signal}"
    );
    session.assert_terminal_restored();
    session.assert_quiet_after_leaving();
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_restores_the_terminal("TERM", 15);
}

#[test]
fn sighup_restores_the_terminal() {
    signal_restores_the_terminal("HUP", 1);
}

#[test]
fn sigint_and_sigquit_restore_the_terminal() {
    signal_restores_the_terminal("INT", 2);
    signal_restores_the_terminal("QUIT", 3);
}

#[test]
fn a_resized_pty_is_redrawn_for_the_new_size() {
    let mut session = started();
    assert!(session.contents().contains("Filters"));
    // The emulator first, so that the redraw lands on a screen of its size.
    session.parser.lock().unwrap().screen_mut().set_size(12, 40);
    session
        .master
        .resize(PtySize {
            rows: 12,
            cols: 40,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("resize the pty");
    // Below 60 columns the filter pane folds away; the list stays.
    session.wait_until("the 40×12 layout", |screen| {
        let text = screen.contents();
        !text.contains("Filters") && text.contains("5 / 5")
    });
    assert!(session.contents().contains("HP3"));
    session.send(b"q");
    assert!(session.wait_exit().success());
    session.assert_terminal_restored();
    session.assert_quiet_after_leaving();
}

#[test]
fn without_a_terminal_it_points_to_the_list_command() {
    let output = Command::new(env!("CARGO_BIN_EXE_esf-browse"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_remove("ESF_TIMING")
        .output()
        .expect("run esf-browse");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("esf-browse list"), "{stderr}");
    // Nothing meant for a terminal reaches the pipe.
    assert!(output.stdout.is_empty(), "{:?}", output.stdout);
    assert!(!stderr.contains('\x1b'), "{stderr:?}");
}

/// Start-up asks the terminal for the cursor position (ratatui's `clear`);
/// a terminal that never answers makes start-up fail after crossterm's
/// timeout. That error path must undo raw mode and the alternate screen too.
#[test]
fn a_terminal_that_never_answers_the_cursor_query_still_works() {
    let mut session = Session::start_with(&[], Dsr::Ignore, &[]);
    session.wait_for_text("5 / 5 projects");
    session.send(b"q");
    let status = session.wait_exit();
    assert!(status.success(), "{status:?}");
    session.assert_terminal_restored();
}

/// Waits until the output has been quiet for a moment and returns its length.
fn settled_length(session: &mut Session) -> usize {
    let start = Instant::now();
    let mut last = session.raw().len();
    let mut quiet_since = Instant::now();
    while quiet_since.elapsed() < Duration::from_millis(300) {
        assert!(start.elapsed() < DEADLINE, "output never settled");
        thread::sleep(POLL);
        let now = session.raw().len();
        if now != last {
            last = now;
            quiet_since = Instant::now();
        }
    }
    last
}

#[test]
fn moving_the_selection_one_row_sends_a_small_diff() {
    // At 80×24 the detail pane shows the selected project, so a move also
    // rewrites its text; everything else must stay put.
    let mut session = Session::start(&["--no-mouse"]);
    session.wait_for_text("5 / 5 projects");
    let first_frame = settled_length(&mut session);
    session.send(b"j");
    // The second project in title order is HP3, whose contact is hakan@….
    session.wait_for_text("hakan@mtnab.com");
    let after_move = settled_length(&mut session);
    let diff = after_move - first_frame;
    eprintln!("first frame {first_frame} bytes, one-row move {diff} bytes");
    // The detail pane shows the newly selected project, so its text changes
    // too; still far below a full repaint of the first frame.
    assert!(diff > 0, "nothing was sent");
    assert!(
        diff * 2 < first_frame,
        "a one-row move sent {diff} bytes; the first frame was {first_frame}"
    );
    session.send(b"q");
    assert!(session.wait_exit().success());
}

#[test]
fn copying_sends_osc_52_to_the_terminal() {
    let mut session = Session::start(&[]);
    session.wait_for_text("5 / 5 projects");
    // The first project in title order is BERGSLAGSESURSEN.NU (004).
    session.send(b"y");
    session.wait_for_text("e-mail sent to the terminal");
    let raw = session.raw();
    let sequence = b"\x1b]52;c;amVubnkubHl4ZWxsQHJvcmxpZ2hldC5zZQ==\x07";
    assert!(
        find_last(&raw, sequence).is_some(),
        "no OSC 52 with jenny.lyxell@rorlighet.se in the output"
    );
    session.send(b"q");
    assert!(session.wait_exit().success());

    // Turned off by the environment: no OSC 52 at all.
    let mut session = Session::start(&["--no-clipboard"]);
    session.wait_for_text("5 / 5 projects");
    session.send(b"y");
    session.wait_for_text("copying is turned off");
    assert!(find_last(&session.raw(), b"\x1b]52;").is_none());
    session.send(b"q");
    assert!(session.wait_exit().success());
}

#[test]
fn a_c_locale_and_a_plain_terminal_change_nothing() {
    // Over SSH LANG is often C or unset; the browser writes UTF-8 whatever
    // the locale, so Swedish letters and its own frames arrive intact.
    let env = [
        ("LANG", "C"),
        ("LC_ALL", "POSIX"),
        ("TERM", "screen"),
        ("NO_COLOR", "1"),
    ];
    let mut session = Session::start_with(&[], Dsr::Answer, &env);
    session.wait_for_text("5 / 5 projects");
    session.send(b"/h\xc3\xa4rj");
    session.wait_for_text("1 / 5 projects");
    let screen = session.contents();
    assert!(screen.contains("Kraftsamling Härjedalen"), "{screen}");
    assert!(screen.contains("Programområde"), "{screen}");
    assert!(screen.contains('┌'), "frames are drawn: {screen}");
    session.send(b"\x1b");
    session.send(b"q");
    assert!(session.wait_exit().success());
    session.assert_terminal_restored();
}

#[test]
fn a_key_rebound_in_the_config_file_acts_and_shows_in_the_help() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config.toml");
    std::fs::write(&config, "[keys]\nquit = [\"x\"]\n").unwrap();
    let mut session = Session::start(&["--config", config.to_str().unwrap()]);
    session.wait_for_text("5 / 5 projects");
    session.send(b"?");
    // The whole overlay, not just its first rows (a frame may arrive in
    // several reads).
    session.wait_for_text("quit (Ctrl-c too");
    let screen = session.contents();
    let quit_line = screen
        .lines()
        .find(|line| line.contains("quit (Ctrl-c too"))
        .unwrap_or_else(|| panic!("quit in the help:\n{screen}"));
    assert!(quit_line.contains("  x  "), "{quit_line}");
    // q no longer quits (it closes the help, as any unbound key does).
    session.send(b"q");
    session.wait_until("the help closed", |s| !s.contents().contains("Keys —"));
    session.send(b"x");
    let status = session.wait_exit();
    assert!(status.success(), "{status:?}");
    session.assert_terminal_restored();
}

#[test]
fn a_bad_config_file_is_named_with_its_line_and_no_config_starts_anyway() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("bad-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config.toml");
    std::fs::write(&config, "[browser]\nmouse = true\nspeed = 3\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_esf-browse"))
        .args(["--config", config.to_str().unwrap()])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    // Without a terminal the browser refuses before reading the config:
    // run `config`-less checks through the pty instead.
    assert_eq!(output.status.code(), Some(2));
    let mut session = Session::start(&["--config", config.to_str().unwrap()]);
    let status = session.wait_exit();
    assert!(!status.success());
    let screen = session.contents();
    assert!(screen.contains("config.toml:3"), "{screen}");
    assert!(screen.contains("speed"), "{screen}");
    let mut session = Session::start(&["--no-config"]);
    session.wait_for_text("5 / 5 projects");
    session.send(b"q");
    assert!(session.wait_exit().success());
}

#[test]
fn a_dumb_terminal_is_refused_with_a_pointer_to_list() {
    let mut session = Session::start_with(&[], Dsr::Answer, &[("TERM", "dumb")]);
    let status = session.wait_exit();
    assert_eq!(status.exit_code(), 2);
    assert!(
        session.contents().contains("esf-browse list"),
        "{}",
        session.contents()
    );
}

#[test]
fn the_mouse_reports_buttons_and_drags_not_every_move() {
    let mut session = started();
    let raw = session.raw();
    assert!(count(&raw, b"\x1b[?1002h") >= 1, "button-event tracking");
    assert_eq!(count(&raw, b"\x1b[?1003h"), 0, "no any-event tracking");
    session.send(b"q");
    assert!(session.wait_exit().success());
}

#[test]
fn every_frame_is_drawn_in_synchronized_output() {
    const BEGIN: &[u8] = b"\x1b[?2026h";
    const END: &[u8] = b"\x1b[?2026l";
    let mut session = started();
    session.send(b"j");
    let deadline = Instant::now() + DEADLINE;
    while count(&session.raw(), END) < 2 && Instant::now() < deadline {
        std::thread::sleep(POLL);
    }
    session.send(b"q");
    assert!(session.wait_exit().success());
    let raw = session.raw();
    let entered = find_last(&raw, ENTER_ALT).expect("entered");
    let left = find_last(&raw, LEAVE_ALT).expect("left");
    // Between entering and leaving, begin and end alternate, and nothing
    // is written between one frame's end and the next one's begin.
    let mut rest = &raw[entered..left];
    let mut frames = 0;
    while let Some(begin) = rest.windows(BEGIN.len()).position(|w| w == BEGIN) {
        let before = &rest[..begin];
        assert_eq!(count(before, END), 0, "an end without a begin");
        if frames > 0 {
            assert!(before.is_empty(), "between frames: {before:?}");
        }
        let end = rest[begin..]
            .windows(END.len())
            .position(|w| w == END)
            .expect("a frame without its end")
            + begin;
        assert_eq!(count(&rest[begin + BEGIN.len()..end], BEGIN), 0);
        rest = &rest[end + END.len()..];
        frames += 1;
    }
    assert!(frames >= 2, "{frames} frames");
    assert_eq!(count(rest, END), 0);
}

#[test]
fn o_lends_the_terminal_to_the_pager_and_takes_it_back() {
    let marker = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("pager-answer-{}", std::process::id()));
    let _ = std::fs::remove_file(&marker);
    // A pager that shows which page it got, then reads a line from the
    // terminal: the line reaches it only if the browser reads nothing.
    // The answer file comes by environment, so any path works.
    let pager = "sh -c 'grep -m1 -o \"BERGSLAGS[A-Z.]*\" \"$1\"; echo PAGER READY; read answer; echo \"$answer\" > \"$PAGER_ANSWER\"' pager";
    let answer_file = marker.to_str().expect("a UTF-8 temp path");
    let mut session = Session::start_with(
        &[],
        Dsr::Answer,
        &[("PAGER", pager), ("PAGER_ANSWER", answer_file)],
    );
    session.wait_for_text("5 / 5 projects");
    // The first project in title order is BERGSLAGSESURSEN.NU.
    session.send(b"o");
    session.wait_for_text("PAGER READY");
    assert!(session.contents().contains("BERGSLAGSESURSEN.NU"));
    assert!(
        !session.in_raw_mode(),
        "the pager got the terminal in raw mode"
    );
    session.send(b"typed into the pager\r");
    session.wait_for_text("5 / 5 projects");
    let answer = std::fs::read_to_string(&marker).expect("the pager wrote its answer");
    assert_eq!(answer.trim(), "typed into the pager");
    assert!(session.in_raw_mode(), "raw mode not back after the pager");

    // Ctrl-C in the pager ends the pager, not the browser.
    session.send(b"o");
    let start = Instant::now();
    while count(&session.raw(), b"PAGER READY") < 2 {
        assert!(start.elapsed() < DEADLINE, "the pager did not start again");
        thread::sleep(POLL);
    }
    session.send(b"\x03");
    session.wait_for_text("5 / 5 projects");
    session.send(b"j");
    session.wait_for_text("HP3");
    session.send(b"q");
    assert!(session.wait_exit().success());
    session.assert_terminal_restored();
    let _ = std::fs::remove_file(&marker);
}

#[test]
fn a_missing_pager_is_named_and_the_browser_goes_on() {
    let mut session =
        Session::start_with(&[], Dsr::Answer, &[("PAGER", "no-such-pager-esf-browse")]);
    session.wait_for_text("5 / 5 projects");
    session.send(b"o");
    session.wait_for_text("was not found");
    session.send(b"q");
    assert!(session.wait_exit().success());
    session.assert_terminal_restored();
}

#[test]
fn e_mail_and_web_addresses_are_osc_8_links_unless_turned_off() {
    let mut session = Session::start(&[]);
    session.wait_for_text("5 / 5 projects");
    // BERGSLAGSESURSEN.NU is selected; its e-mail is in the header.
    session.wait_for_text("jenny.lyxell@rorlighet.se");
    let link = b"\x1b]8;;mailto:jenny.lyxell@rorlighet.se\x1b\\";
    let start = Instant::now();
    while find_last(&session.raw(), link).is_none() {
        assert!(start.elapsed() < DEADLINE, "no OSC 8 link to the e-mail");
        thread::sleep(POLL);
    }
    // The address is still on screen, whole, and the link is closed.
    assert!(session.contents().contains("jenny.lyxell@rorlighet.se"));
    let raw = session.raw();
    let opened = find_last(&raw, link).unwrap();
    assert!(
        raw[opened..].windows(7).any(|w| w == b"\x1b]8;;\x1b\\"),
        "the link is never closed"
    );
    session.send(b"q");
    assert!(session.wait_exit().success());

    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("config-links-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config.toml");
    std::fs::write(&config, "[browser]\nhyperlinks = false\n").unwrap();
    let mut session = Session::start(&["--config", config.to_str().unwrap()]);
    session.wait_for_text("jenny.lyxell@rorlighet.se");
    session.send(b"q");
    assert!(session.wait_exit().success());
    assert!(find_last(&session.raw(), b"\x1b]8;").is_none());
}
