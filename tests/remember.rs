//! The browser starts where the last session on the same pages ended: the
//! search, filters and order, kept in the state folder (never beside the
//! pages); `--fresh` starts clean; the bundled samples always start the
//! same. The real binary in a pseudo-terminal, run twice.

use std::fs;
use std::path::Path;

mod common;

use common::assets_dir;
use common::pty::{Pty, PtyCommand};

/// The browser on `pages`, its state folder `state`.
fn browse(pages: &Path, state: &Path, args: &[&str]) -> Pty {
    PtyCommand::browser()
        .arg(pages)
        .args(args)
        .env("XDG_STATE_HOME", state)
        .start()
}

fn quit(mut session: Pty) {
    session.send(b"q");
    assert!(session.wait_exit().success());
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn the_next_session_on_the_same_pages_starts_where_this_one_ended() {
    let pages = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(assets_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            fs::copy(&path, pages.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    let before = listing(pages.path());
    let state = tempfile::tempdir().unwrap();

    let first = browse(pages.path(), state.path(), &[]);
    first.wait_for_text("5 / 5 projects");
    first.send(b"/harj");
    first.wait_for_text("1 / 5 projects");
    first.send(b"\r");
    first.wait_for_text("? help");
    quit(first);

    // The same pages again: the search is back, and the status says so.
    let second = browse(pages.path(), state.path(), &[]);
    second.wait_for_text("are back");
    second.wait_for_text("1 / 5 projects");
    assert!(second.contents().contains("harj"), "{}", second.contents());
    // Esc clears it; quitting now keeps the cleared view.
    second.send(b"\x1b");
    second.wait_for_text("5 / 5 projects");
    quit(second);
    let third = browse(pages.path(), state.path(), &[]);
    third.wait_for_text("5 / 5 projects");
    quit(third);

    // `--fresh` starts clean even with a view kept.
    let fourth = browse(pages.path(), state.path(), &[]);
    fourth.wait_for_text("5 / 5 projects");
    fourth.send(b"/hp3\r");
    fourth.wait_for_text("1 / 5 projects");
    quit(fourth);
    let fresh = browse(pages.path(), state.path(), &["--fresh"]);
    fresh.wait_for_text("5 / 5 projects");
    assert!(!fresh.contents().contains("are back"));
    quit(fresh);

    assert_eq!(
        listing(pages.path()),
        before,
        "nothing written beside the pages"
    );
    assert!(state.path().join("esf-browse/sessions.json").is_file());
}
