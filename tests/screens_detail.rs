//! Screen tests of the detail pane: section jumps, scrolling and its position; the mouse.
//! The real `App` driven by key events, drawn into a `TestBackend`, with
//! assertions on the text and styles of the buffer (harness: `tests/common/ui.rs`).

use crossterm::event::{Event, KeyCode, KeyModifiers};
use esf_browse::model::load_bundled;
use esf_browse::ui::action::{Edit, Intent, Msg, Pane};
use esf_browse::ui::event::AppEvent;
use esf_browse::ui::state::{AppState, Options};
use ratatui::layout::Margin;
use ratatui::layout::Rect;

mod common;

use common::ui::{Ui, detail_bottom_border, detail_rows, expected_position, row_text};

// ----- the detail pane -----

/// The detail pane's body rows, without the border and scrollbar.
#[test]
fn b_and_m_jump_to_their_sections_and_brackets_step_between_sections() {
    let mut ui = Ui::bundled(80, 24);
    ui.char('j'); // HP3
    let selected = ui.state().selected().unwrap();
    assert_eq!(ui.state().corpus().store.project(selected).title, "HP3");

    ui.char('b');
    assert_eq!(ui.state().focus(), Pane::Detail);
    let doc = ui.state().detail_document().unwrap();
    let bakgrund = doc.heading_line("Bakgrund").unwrap();
    assert_eq!(ui.state().detail_scroll(), bakgrund);
    assert_eq!(detail_rows(&mut ui)[0].trim_end(), "Bakgrund");
    let border = detail_bottom_border(&mut ui);
    assert!(border.contains(expected_position(&ui).as_str()), "{border}");
    assert!(border.contains(&format!(" {}–", bakgrund + 1)), "{border}");

    ui.char('m');
    let malsattning = doc.heading_line("Målsättning").unwrap();
    assert_eq!(ui.state().detail_scroll(), malsattning);
    assert_eq!(detail_rows(&mut ui)[0].trim_end(), "Målsättning");
    assert!(detail_bottom_border(&mut ui).contains(expected_position(&ui).as_str()));

    // ] and [ step through the headings in order.
    let at = doc
        .headings
        .iter()
        .position(|(h, _)| h == "Målsättning")
        .unwrap();
    let (next_heading, next_line) = doc.headings[at + 1].clone();
    ui.char(']');
    assert_eq!(ui.state().detail_scroll(), next_line);
    assert!(
        detail_rows(&mut ui)[0].starts_with(next_heading.as_str()),
        "{next_heading}"
    );
    ui.char('[');
    assert_eq!(ui.state().detail_scroll(), malsattning);
    ui.char('[');
    let (previous_heading, previous_line) = doc.headings[at - 1].clone();
    assert_eq!(ui.state().detail_scroll(), previous_line);
    assert!(detail_rows(&mut ui)[0].starts_with(previous_heading.as_str()));
    // The current section is named in the top border.
    let detail = ui.panes().detail.unwrap();
    let top = row_text(&ui.draw(), Rect::new(detail.x, detail.y, detail.width, 1));
    assert!(top.contains(&format!(" {previous_heading} ")), "{top}");

    // Esc goes back to the list.
    ui.press(KeyCode::Esc);
    assert_eq!(ui.state().focus(), Pane::List);
}

#[test]
fn the_detail_scrolls_and_the_position_follows() {
    let mut ui = Ui::bundled(80, 24);
    ui.press(KeyCode::Enter);
    assert_eq!(ui.state().focus(), Pane::Detail);
    assert_eq!(ui.state().detail_scroll(), 0);
    let first = detail_rows(&mut ui)[0].clone();
    assert!(first.starts_with("BERGSLAGSESURSEN.NU"), "{first}");
    for _ in 0..5 {
        ui.char('j');
    }
    assert_eq!(ui.state().detail_scroll(), 5);
    assert!(detail_bottom_border(&mut ui).contains(" 6–"));
    ui.char(' ');
    assert!(ui.state().detail_scroll() > 5);
    ui.char('G');
    let doc = ui.state().detail_document().unwrap();
    let height = usize::from(ui.panes().detail.unwrap().inner(Margin::new(1, 1)).height);
    assert_eq!(ui.state().detail_scroll(), doc.lines.len() - height);
    assert!(detail_bottom_border(&mut ui).contains(" 100% "));
    assert_eq!(
        detail_rows(&mut ui).last().unwrap().trim_end(),
        doc.lines.last().unwrap().text.trim_end()
    );
    ui.char('g');
    assert_eq!(ui.state().detail_scroll(), 0);
    // z: full screen, Enter toggles back.
    ui.char('z');
    assert!(ui.state().detail_full());
    assert_eq!(ui.panes().detail.unwrap().width, 80);
    assert!(ui.panes().list.is_none());
    ui.press(KeyCode::Enter);
    assert!(!ui.state().detail_full());
}

// ----- mouse -----

#[test]
fn clicking_a_row_selects_it_and_the_wheel_scrolls_the_detail() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mut ui = Ui::bundled(80, 24);
    let list = ui.panes().list.unwrap();
    let mouse = |kind, column, row| {
        AppEvent::Terminal(Event::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }))
    };
    // Border, header, then rows: the fourth project.
    ui.app.handle(mouse(
        MouseEventKind::Down(MouseButton::Left),
        list.x + 3,
        list.y + 2 + 3,
    ));
    assert_eq!(ui.state().list_cursor(), 3);
    let detail = ui.panes().detail.unwrap();
    ui.app.handle(mouse(
        MouseEventKind::ScrollDown,
        detail.x + 5,
        detail.y + 3,
    ));
    assert_eq!(ui.state().focus(), Pane::Detail);
    assert_eq!(ui.state().detail_scroll(), 3);
    let rows = detail_rows(&mut ui);
    let doc = ui.state().detail_document().unwrap();
    assert_eq!(rows[0].trim_end(), doc.lines[3].text.trim_end());
}

#[test]
fn update_with_actions_matches_keys() {
    // The same thing through `AppState::update` directly.
    let mut state = AppState::new(
        load_bundled(),
        Options {
            mouse: false,
            ..Options::default()
        },
    );
    state.update(Msg::Resize(80, 24));
    state.update(Intent::StartSearch);
    for c in "harj".chars() {
        state.update(Intent::EditText(Edit::Char(c)));
    }
    assert_eq!(state.hits().len(), 1);
    state.update(Intent::Cancel);
    assert_eq!(state.hits().len(), 5);
}
