//! End to end: the real binary in a pseudo-terminal, its output fed to a
//! terminal emulator (vt100), keys and signals sent the way a user would.
//! Every wait polls the emulated screen against a deadline.

#![cfg(unix)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;

use common::pty::{Pty, PtyCommand, count, find_last};
use common::{DEADLINE, POLL, write_file};

const ENTER_ALT: &[u8] = b"\x1b[?1049h";
const LEAVE_ALT: &[u8] = b"\x1b[?1049l";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

/// The browser on the bundled corpus, with `args`, in an 80×24 pty.
fn browser(args: &[&str]) -> PtyCommand {
    PtyCommand::browser().args(args)
}

/// After exit: main screen, cursor shown, no mouse or paste mode,
/// cooked mode, and the last alternate-screen switch is the way out.
fn assert_terminal_restored(session: &Pty) {
    session.screen(|screen| {
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert!(!screen.hide_cursor(), "cursor left hidden");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse capture left on"
        );
        assert!(!screen.bracketed_paste(), "bracketed paste left on");
    });

    let raw = session.raw();
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
        !session.in_raw_mode(),
        "raw mode left on: {}",
        session.local_flags()
    );
}

/// After a clean quit nothing but showing the cursor follows the way
/// out of the alternate screen (no stray frame drawn on the main screen).
fn assert_quiet_after_leaving(session: &Pty) {
    let raw = session.raw();
    let left = find_last(&raw, LEAVE_ALT).expect("the browser left the alternate screen");
    let tail = &raw[left + LEAVE_ALT.len()..];
    assert!(
        strip(tail, SHOW_CURSOR).iter().all(u8::is_ascii_whitespace),
        "unexpected output after leaving the alternate screen: {:?}",
        String::from_utf8_lossy(tail)
    );
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

/// Starts the browser on the bundled corpus and waits for its whole first
/// screen, down to the key hints on the last row.
fn started() -> Pty {
    let session = browser(&[]).start();
    session.wait_for_text("5 / 5 projects");
    session.wait_for_text("? help");
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
    session.screen(|screen| {
        assert!(screen.hide_cursor(), "cursor hidden while browsing");
        assert_ne!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse capture on by default"
        );
        assert!(screen.bracketed_paste());
    });
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
    assert_terminal_restored(&session);
    assert_quiet_after_leaving(&session);
}

#[test]
fn ctrl_c_quits_even_while_typing_a_search() {
    let mut session = started();
    session.send(b"/hp");
    session.wait_for_text("1 / 5 projects");
    session.send(b"\x03");
    let status = session.wait_exit();
    assert!(status.success(), "{status:?}");
    assert_terminal_restored(&session);
    assert_quiet_after_leaving(&session);
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
    assert_terminal_restored(&session);
    assert_quiet_after_leaving(&session);
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
    session.resize(40, 12);
    // Below 60 columns the filter pane folds away; the list stays.
    session.wait_until("the 40×12 layout", |screen| {
        let text = screen.contents();
        !text.contains("Filters") && text.contains("5 / 5")
    });
    assert!(session.contents().contains("HP3"));
    session.send(b"q");
    assert!(session.wait_exit().success());
    assert_terminal_restored(&session);
    assert_quiet_after_leaving(&session);
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
    let mut session = browser(&[]).ignore_cursor_queries().start();
    session.wait_for_text("5 / 5 projects");
    session.send(b"q");
    let status = session.wait_exit();
    assert!(status.success(), "{status:?}");
    assert_terminal_restored(&session);
}

/// Waits until the output has been quiet for a moment and returns its length.
fn settled_length(session: &Pty) -> usize {
    let start = Instant::now();
    let mut last = session.raw().len();
    let mut quiet_since = Instant::now();
    while quiet_since.elapsed() < Duration::from_millis(300) {
        assert!(start.elapsed() < DEADLINE, "output never settled");
        std::thread::sleep(POLL);
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
    let mut session = browser(&["--no-mouse"]).start();
    // The whole first frame: the list, the first project's detail, the
    // key hints on the last row.
    session.wait_for_text("5 / 5 projects");
    session.wait_for_text("jenny.lyxell@rorlighet.se");
    session.wait_for_text("? help");
    let first_frame = settled_length(&session);
    session.send(b"j");
    // The second project in title order is HP3, whose contact is hakan@….
    session.wait_for_text("hakan@mtnab.com");
    let after_move = settled_length(&session);
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
    let mut session = browser(&[]).start();
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
    let mut session = browser(&["--no-clipboard"]).start();
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
    let mut session = browser(&[])
        .env("LANG", "C")
        .env("LC_ALL", "POSIX")
        .env("TERM", "screen")
        .env("NO_COLOR", "1")
        .start();
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
    assert_terminal_restored(&session);
}

#[test]
fn a_key_rebound_in_the_config_file_acts_and_shows_in_the_help() {
    let dir = tempfile::tempdir().unwrap();
    write_file(&dir, "config.toml", "[keys]\nquit = [\"x\"]\n");
    let mut session = browser(&["--config", "config.toml"]).cwd(&dir).start();
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
    assert_terminal_restored(&session);
}

#[test]
fn a_bad_config_file_is_named_with_its_line_and_no_config_starts_anyway() {
    // A path relative to the folder: the message names it whole however
    // long the temporary folder's path is.
    let dir = tempfile::tempdir().unwrap();
    write_file(&dir, "config.toml", "[browser]\nmouse = true\nspeed = 3\n");
    let output = Command::new(env!("CARGO_BIN_EXE_esf-browse"))
        .args(["--config", "config.toml"])
        .current_dir(&dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    // Without a terminal the browser refuses before reading the config:
    // run `config`-less checks through the pty instead.
    assert_eq!(output.status.code(), Some(2));
    let mut session = browser(&["--config", "config.toml"]).cwd(&dir).start();
    let status = session.wait_exit();
    assert!(!status.success());
    let screen = session.contents();
    assert!(screen.contains("config.toml:3"), "{screen}");
    assert!(screen.contains("speed"), "{screen}");
    let mut session = browser(&["--no-config"]).start();
    session.wait_for_text("5 / 5 projects");
    session.send(b"q");
    assert!(session.wait_exit().success());
}

#[test]
fn a_dumb_terminal_is_refused_with_a_pointer_to_list() {
    let mut session = browser(&[]).env("TERM", "dumb").start();
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
    session.wait_for_output("the frame after j", |raw| count(raw, END) >= 2);
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
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("pager-answer");
    // A pager that shows which page it got, then reads a line from the
    // terminal: the line reaches it only if the browser reads nothing.
    // The answer file comes by environment, so any path works.
    let pager = "sh -c 'grep -m1 -o \"BERGSLAGS[A-Z.]*\" \"$1\"; echo PAGER READY; read answer; echo \"$answer\" > \"$PAGER_ANSWER\"' pager";
    let answer_file = marker.to_str().expect("a UTF-8 temp path");
    let mut session = browser(&[])
        .env("PAGER", pager)
        .env("PAGER_ANSWER", answer_file)
        .start();
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
    session.wait_for_output("the pager to start again", |raw| {
        count(raw, b"PAGER READY") >= 2
    });
    session.send(b"\x03");
    session.wait_for_text("5 / 5 projects");
    session.send(b"j");
    session.wait_for_text("HP3");
    session.send(b"q");
    assert!(session.wait_exit().success());
    assert_terminal_restored(&session);
}

#[test]
fn a_missing_pager_is_named_and_the_browser_goes_on() {
    let mut session = browser(&[])
        .env("PAGER", "no-such-pager-esf-browse")
        .start();
    session.wait_for_text("5 / 5 projects");
    session.send(b"o");
    session.wait_for_text("was not found");
    session.send(b"q");
    assert!(session.wait_exit().success());
    assert_terminal_restored(&session);
}

#[test]
fn e_mail_and_web_addresses_are_osc_8_links_unless_turned_off() {
    let mut session = browser(&[]).start();
    session.wait_for_text("5 / 5 projects");
    // BERGSLAGSESURSEN.NU is selected; its e-mail is in the header.
    session.wait_for_text("jenny.lyxell@rorlighet.se");
    let link = b"\x1b]8;;mailto:jenny.lyxell@rorlighet.se\x1b\\";
    session.wait_for_output("an OSC 8 link to the e-mail", |raw| {
        find_last(raw, link).is_some()
    });
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

    let dir = tempfile::tempdir().unwrap();
    write_file(&dir, "config.toml", "[browser]\nhyperlinks = false\n");
    let mut session = browser(&["--config", "config.toml"]).cwd(&dir).start();
    session.wait_for_text("jenny.lyxell@rorlighet.se");
    session.send(b"q");
    assert!(session.wait_exit().success());
    assert!(find_last(&session.raw(), b"\x1b]8;").is_none());
}
