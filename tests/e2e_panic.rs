//! A panic while the browser holds the terminal: the panic hook must give
//! the terminal back before the message is printed. The test runs itself
//! again, in a pseudo-terminal, as the child that panics.

#![cfg(unix)]

mod common;

use common::pty::{PtyCommand, find_last};

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
    let mut child = PtyCommand::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "panic_child",
            "--ignored",
            "--nocapture",
            "--test-threads",
            "1",
        ])
        .env(CHILD, "1")
        .start();
    let status = child.wait_exit();
    let output = child.raw();
    assert!(
        !status.success(),
        "the child should have failed by panicking:\n{}",
        String::from_utf8_lossy(&output)
    );
    let flags = child.local_flags();
    let entered = find_last(&output, b"\x1b[?1049h").expect("entered the alternate screen");
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
