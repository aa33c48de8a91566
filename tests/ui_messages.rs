//! Issue 25 on the rendered screen: long messages readable whole (`L`),
//! copying the registration number (`i`), and the search box's history
//! (`↑`/`↓`).

mod common;

use common::ui::Ui;
use crossterm::event::KeyCode;
use esf_browse::model::load_bundled;
use esf_browse::ui::keymap::Mode;
use esf_browse::ui::state::{AppState, Command, Options};

/// The text inside the overlay (as `help.rs` places it: at most 76
/// columns, centered), its rows joined with no spaces, so that a message
/// wrapped anywhere can be compared with the message itself.
fn overlay_text(ui: &mut Ui) -> String {
    let lines = ui.lines();
    let width = lines[0].chars().count();
    let overlay = 76.min(width - 2);
    let left = (width - overlay) / 2 + 1;
    lines
        .iter()
        .map(|line| {
            line.chars()
                .skip(left)
                .take(overlay - 2)
                .collect::<String>()
        })
        .collect::<String>()
        .split_whitespace()
        .collect()
}

fn squeezed(text: &str) -> String {
    text.split_whitespace().collect()
}

/// Exports into a folder that does not exist: the message names the
/// path and why, longer than the status bar.
fn failed_export(width: u16, height: u16) -> (Ui, String) {
    let mut ui = Ui::with(load_bundled(), false, width, height);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-folder/deeper/all10k.csv");
    ui.press(KeyCode::Char('e'));
    ui.ctrl('u');
    ui.type_str(path.to_str().unwrap());
    ui.press(KeyCode::Enter);
    ui.carry_out(&mut Vec::new(), &[]);
    let message = ui.state().message().expect("a message").to_string();
    (ui, message)
}

#[test]
fn a_long_message_ends_in_a_key_that_shows_it_whole() {
    for (width, height) in [(80, 24), (40, 12)] {
        let (mut ui, message) = failed_export(width, height);
        assert!(message.chars().count() > usize::from(width), "{message}");
        let status = ui.lines().last().unwrap().trim_end().to_string();
        assert!(status.ends_with("… L more"), "{width}: {status:?}");
        ui.press(KeyCode::Char('L'));
        let shown = overlay_text(&mut ui);
        assert!(shown.contains("Messages"), "{width}: {shown}");
        assert!(shown.contains(&squeezed(&message)), "{width}: {shown}");
        ui.press(KeyCode::Esc);
        assert_eq!(ui.state().overlay(), None);
        assert!(!ui.text().contains("Messages"));
    }
}

#[test]
fn the_messages_overlay_lists_the_session_newest_last_and_scrolls() {
    let (mut ui, failed) = failed_export(40, 12);
    // More messages than the overlay has rows at 40×12.
    for _ in 0..8 {
        ui.press(KeyCode::Char('s'));
    }
    let sorted = ui.state().message().unwrap().to_string();
    ui.press(KeyCode::Char('L'));
    let start: String = squeezed(&failed).chars().take(20).collect();
    let shown = overlay_text(&mut ui);
    // The newest is in view (at the bottom), the oldest above it.
    assert!(shown.contains(&squeezed(&sorted)), "{shown}");
    assert!(!shown.contains(&start), "{shown}");
    for _ in 0..10 {
        ui.press(KeyCode::Char('k'));
    }
    let shown = overlay_text(&mut ui);
    assert!(shown.contains(&start), "{shown}");
    assert_eq!(ui.state().messages().len(), 9);
}

#[test]
fn over_ssh_the_export_refusal_is_readable_whole() {
    let options = Options {
        read_only: true,
        clipboard: true,
        ..Options::default()
    };
    let state = AppState::new(load_bundled(), options);
    let mut ui = Ui::from_state(state, false);
    ui.resize(40, 12);
    ui.press(KeyCode::Char('e'));
    let message = ui.state().message().unwrap().to_string();
    assert!(message.starts_with("export is off"));
    let status = ui.lines().last().unwrap().trim_end().to_string();
    assert!(status.ends_with("… L more"), "{status:?}");
    ui.press(KeyCode::Char('L'));
    assert!(overlay_text(&mut ui).contains(&squeezed(&message)));
}

#[test]
fn i_copies_the_registration_number_or_the_file_id() {
    let mut ui = Ui::with(load_bundled(), false, 80, 24);
    let index = ui.state().selected().unwrap();
    let project = ui.state().corpus().store.project(index).clone();
    let (what, text) = match &project.registration_number {
        Some(number) => ("registration number", number.clone()),
        None => ("file id", project.id.clone()),
    };
    ui.press(KeyCode::Char('i'));
    assert_eq!(
        ui.app.state.take_commands(),
        [Command::Copy {
            what,
            text: text.clone()
        }]
    );
    ui.press(KeyCode::Char('i'));
    let mut terminal_bytes = Vec::new();
    ui.carry_out(&mut terminal_bytes, &[]);
    let sent = String::from_utf8(terminal_bytes).unwrap();
    let encoded = esf_browse::ui::commands::base64(text.as_bytes());
    assert_eq!(sent, format!("\x1b]52;c;{encoded}\x07"));
    let status = ui.lines().last().unwrap().clone();
    assert!(
        status.contains(&format!("{what} sent to the terminal")),
        "{status}"
    );

    // --no-clipboard / ESF_BROWSE_NO_CLIPBOARD: nothing is sent.
    let options = Options {
        clipboard: false,
        ..Options::default()
    };
    let mut ui = Ui::from_state(AppState::new(load_bundled(), options), false);
    ui.press(KeyCode::Char('i'));
    assert!(ui.app.state.take_commands().is_empty());
    assert!(ui.text().contains("copying is turned off"));
}

/// Runs a search and keeps it, then clears it from the list.
fn search_and_clear(ui: &mut Ui, text: &str) {
    ui.press(KeyCode::Char('/'));
    ui.type_str(text);
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Esc);
    assert_eq!(ui.state().query().text, "");
}

#[test]
fn up_and_down_in_an_empty_search_box_walk_the_session_searches() {
    let mut ui = Ui::with(load_bundled(), false, 80, 24);
    search_and_clear(&mut ui, "bergslag");
    search_and_clear(&mut ui, "hp3");
    ui.press(KeyCode::Char('/'));
    ui.press(KeyCode::Up);
    assert_eq!(ui.state().query().text, "hp3");
    assert!(ui.text().contains("hp3"));
    ui.press(KeyCode::Up);
    assert_eq!(ui.state().query().text, "bergslag");
    ui.press(KeyCode::Down);
    ui.press(KeyCode::Down);
    // Past the newest: the box is empty again.
    assert_eq!(ui.state().query().text, "");
    ui.press(KeyCode::Up);
    ui.press(KeyCode::Enter);
    assert_eq!(ui.state().mode(), Mode::Browse);
    assert_eq!(ui.state().query().text, "hp3");
    let screen = ui.text();
    assert!(screen.contains("hp3"), "{screen}");
    assert!(screen.contains("1 / 5 projects"), "{screen}");

    // A box holding what was typed: ↑ moves in the list, as before.
    ui.press(KeyCode::Esc);
    ui.press(KeyCode::Char('/'));
    ui.type_str("a");
    ui.press(KeyCode::Up);
    assert_eq!(ui.state().query().text, "a");
}
