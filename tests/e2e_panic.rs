//! A panic while the browser holds the terminal: the panic hook must give
//! the terminal back before the message is printed. The test runs itself
//! again, in a pseudo-terminal, as the child that panics.

#![cfg(unix)]

use std::io::Read;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const CHILD: &str = "ESF_BROWSE_PANIC_CHILD";

#[test]
#[ignore = "the child process of a_panic_restores_the_terminal_before_reporting"]
fn panic_child() {
    assert!(
        std::env::var_os(CHILD).is_some(),
        "run only by the test below"
    );
    let _session =
        esf_browse::ui::terminal::TerminalSession::enter(true).expect("enter the terminal");
    panic!("deliberate panic with the terminal in raw mode");
}

#[test]
fn a_panic_restores_the_terminal_before_reporting() {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pty");
    let mut command = CommandBuilder::new(std::env::current_exe().expect("test binary"));
    command.args([
        "--exact",
        "panic_child",
        "--ignored",
        "--nocapture",
        "--test-threads",
        "1",
    ]);
    command.env(CHILD, "1");
    command.env("TERM", "xterm-256color");
    let mut child = pair.slave.spawn_command(command).expect("spawn the child");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("pty reader");
    let output = std::thread::spawn(move || {
        let mut output = Vec::new();
        let _ = reader.read_to_end(&mut output);
        output
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            break status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the child never exited"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    if status.success() {
        drop(pair.master);
        let output = output.join().expect("reader");
        panic!(
            "the child should have failed by panicking:\n{}",
            String::from_utf8_lossy(&output)
        );
    }
    let termios = pair.master.get_termios().expect("termios");
    let flags = format!("{:?}", termios.local_flags);
    drop(pair.master);
    let output = output.join().expect("reader");
    let find = |needle: &[u8]| output.windows(needle.len()).rposition(|w| w == needle);
    let entered = find(b"\x1b[?1049h").expect("entered the alternate screen");
    let first_after = |needle: &[u8], from: usize| {
        output[from..]
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|at| at + from)
    };
    let left = first_after(b"\x1b[?1049l", entered).expect("left the alternate screen");
    let message = output
        .windows(b"deliberate panic".len())
        .position(|w| w == b"deliberate panic")
        .expect("the panic message");
    assert!(entered < left, "left after entering");
    assert!(
        left < message,
        "the terminal was restored before the message was printed"
    );
    assert!(
        first_after(b"\x1b[?1000l", entered).is_some_and(|at| at < message),
        "mouse capture turned off before the message"
    );
    assert!(flags.contains("ICANON"), "cooked mode again: {flags}");
}
