//! Whole screens as reviewed snapshots (`tests/snapshots/`): the browser on
//! the bundled samples at 80×24 and 40×12, one snapshot per pane or state.
//! A change to what users see shows up as a diff to review; accept it with
//! `INSTA_UPDATE=always cargo test --test screens_snapshots` (or
//! `cargo insta review`) once it is what was meant.

mod common;

use common::ui::Ui;
use crossterm::event::KeyCode;

/// The screen's text, one row a line, trailing spaces cut.
fn screen(ui: &mut Ui) -> String {
    ui.lines()
        .iter()
        .map(|line| line.trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

fn snapshot(name: &str, ui: &mut Ui) {
    insta::assert_snapshot!(name, screen(ui));
}

#[test]
fn first_screen() {
    snapshot("first_screen_80x24", &mut Ui::bundled(80, 24));
    snapshot("first_screen_40x12", &mut Ui::bundled(40, 12));
    snapshot("first_screen_120x30", &mut Ui::bundled(120, 30));
}

#[test]
fn list_while_searching() {
    let mut ui = Ui::bundled(80, 24);
    ui.type_str("/harj");
    snapshot("search_box_open_80x24", &mut ui);
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Esc); // clears the query
    ui.char('t'); // all text, and the box opens
    ui.type_str("arbetsgivare");
    snapshot("all_text_search_80x24", &mut ui);
}

#[test]
fn filters_with_a_value_selected() {
    let mut ui = Ui::bundled(120, 30);
    ui.press(KeyCode::BackTab);
    ui.char('j');
    ui.char(' ');
    snapshot("filters_region_selected_120x30", &mut ui);
}

#[test]
fn detail_at_a_section() {
    let mut ui = Ui::bundled(80, 24);
    ui.char('j');
    ui.char('m');
    snapshot("detail_malsattning_80x24", &mut ui);
    ui.char('z');
    snapshot("detail_full_screen_80x24", &mut ui);
    let mut small = Ui::bundled(40, 12);
    small.char('b');
    snapshot("detail_bakgrund_40x12", &mut small);
}

#[test]
fn overlays() {
    let mut ui = Ui::bundled(80, 24);
    ui.char('?');
    snapshot("help_80x24", &mut ui);
    ui.press(KeyCode::Esc);
    ui.char('v');
    snapshot("statistics_80x24", &mut ui);
}
