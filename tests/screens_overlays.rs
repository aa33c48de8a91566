//! Screen tests of the overlays: the key help.
//! The real `App` driven by key events, drawn into a `TestBackend`, with
//! assertions on the text and styles of the buffer (harness: `tests/common/ui.rs`).

use crossterm::event::KeyCode;
use esf_browse::ui::action::Pane;
use esf_browse::ui::state::{Effect, Overlay};

mod common;

use common::ui::Ui;

// ----- help -----

#[test]
fn help_overlay_shows_the_keys_and_any_key_closes_it() {
    let mut ui = Ui::bundled(80, 24);
    ui.char('?');
    assert_eq!(ui.state().overlay(), Some(Overlay::Help));
    let text = ui.text();
    for wanted in ["Keys", "quit", "search titles", "next / previous pane"] {
        assert!(text.contains(wanted), "{wanted}:\n{text}");
    }
    for _ in 0..12 {
        ui.char('j');
    }
    let text = ui.text();
    for wanted in ["Målsättning", "Bakgrund", "mark / unmark"] {
        assert!(text.contains(wanted), "{wanted}:\n{text}");
    }
    ui.char('w'); // no key of its own
    assert_eq!(ui.state().overlay(), None);
    assert!(!ui.text().contains("Keys —"));

    // Esc and ? close it too; keys do not act on the panes meanwhile.
    for close in [KeyCode::Esc, KeyCode::Char('?'), KeyCode::Char('n')] {
        ui.char('?');
        assert!(ui.text().contains("Keys —"));
        ui.press(close);
        assert_eq!(ui.state().overlay(), None, "{close:?}");
        assert!(ui.state().query().text.is_empty());
        assert_eq!(ui.state().focus(), Pane::List);
    }
    // q closes the overlay (issue 14); q again quits; Ctrl-c quits from it.
    ui.char('?');
    assert_eq!(ui.char('q'), Effect::Redraw);
    assert_eq!(ui.state().overlay(), None);
    assert_eq!(ui.char('q'), Effect::Quit);
    ui.char('?');
    assert_eq!(ui.ctrl('c'), Effect::Quit);
}

#[test]
fn slash_in_the_help_finds_the_keys_whose_help_holds_the_words() {
    let mut ui = Ui::bundled(80, 24);
    ui.char('?');
    assert!(ui.text().contains("/ find"), "{}", ui.text());
    ui.char('/');
    // Typed letters narrow the help at once; keys that act elsewhere
    // (`q` quit, `j` down) are letters here.
    ui.type_str("expo");
    let text = ui.text();
    assert!(text.contains("Keys — find: expo"), "{text}");
    assert!(text.contains("export"), "{text}");
    for gone in ["mark / unmark", "next / previous pane", "Bakgrund"] {
        assert!(!text.contains(gone), "{gone}:\n{text}");
    }
    assert_eq!(ui.state().overlay(), Some(Overlay::Help));
    // The typed words are marked where they stand.
    let buffer = ui.draw();
    let marked = (0..buffer.area.height).any(|y| {
        (0..buffer.area.width.saturating_sub(4)).any(|x| {
            let word: String = (x..x + 4).map(|x| buffer[(x, y)].symbol()).collect();
            word == "expo"
                && buffer[(x, y)]
                    .modifier
                    .contains(ratatui::style::Modifier::BOLD)
        })
    });
    assert!(marked, "{}", ui.text());
    // The cursor stands after the typed words, in the title.
    let cursor = ui.terminal.get_cursor_position().unwrap();
    let title_row = &ui.lines()[usize::from(cursor.y)];
    assert!(title_row.contains("find: expo"), "{title_row}");

    // Enter keeps the words; the keys scroll again and `q` closes.
    ui.press(KeyCode::Enter);
    let text = ui.text();
    assert!(text.contains("Keys with “expo”"), "{text}");
    ui.char('j');
    assert_eq!(ui.state().overlay(), Some(Overlay::Help));
    // `/` changes them; words that no help holds say so; Esc drops them.
    ui.char('/');
    ui.type_str(" zqx");
    assert!(
        ui.text().contains("no key's help holds “expo zqx”"),
        "{}",
        ui.text()
    );
    ui.press(KeyCode::Esc);
    let text = ui.text();
    assert!(
        text.contains("next / previous pane") && text.contains("Keys —"),
        "{text}"
    );
    // Accents and case fold as in the search: `BAKGRUND` finds Bakgrund.
    ui.char('/');
    ui.type_str("BAKGRUND");
    assert!(ui.text().contains("Bakgrund"), "{}", ui.text());
    ui.press(KeyCode::Enter);
    ui.char('q');
    assert_eq!(ui.state().overlay(), None);
    // Opened again, the help is whole.
    ui.char('?');
    assert!(ui.text().contains("next / previous pane"));
    // The list's search was never touched.
    assert!(ui.state().query().text.is_empty());
}

#[test]
fn help_overlay_scrolls_to_its_last_group() {
    let mut ui = Ui::bundled(80, 16);
    ui.char('?');
    assert!(!ui.text().contains("delete a word"));
    for _ in 0..100 {
        ui.char('j');
    }
    assert_eq!(ui.state().overlay(), Some(Overlay::Help));
    assert!(ui.text().contains("delete a word"), "{}", ui.text());
}

#[test]
fn help_lines_wrap_under_their_text_even_at_forty_columns() {
    let mut ui = Ui::bundled(40, 14);
    ui.char('?');
    for _ in 0..3 {
        for row in ui.lines().iter().skip(1).take(11) {
            // Inside the two borders: a group title, or indented text.
            let inside: String = row.chars().skip(2).take(36).collect();
            let titled = ["Anywhere", "List", "Filters", "Detail", "Search box"]
                .iter()
                .any(|t| inside.trim_end() == *t);
            assert!(
                titled || inside.trim().is_empty() || inside.starts_with("  "),
                "{row}"
            );
        }
        for _ in 0..10 {
            ui.char('j');
        }
    }
}
