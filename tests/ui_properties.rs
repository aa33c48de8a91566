//! Any sequence of keys, clicks, wheel turns and resizes leaves the browser
//! in a state it can draw: no panic, the cursor inside the list, the
//! selection one of the listed projects.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use esf_browse::ui::event::AppEvent;
use proptest::prelude::*;

mod common;

use common::ui::Ui;

fn key_event() -> impl Strategy<Value = Event> {
    let code = prop_oneof![
        4 => prop::sample::select(
            "/?qjkhlgGbmnNsSfcCvexMyYtz[]! aå".chars().collect::<Vec<_>>()
        )
        .prop_map(KeyCode::Char),
        1 => prop::sample::select(vec![
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Backspace,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Home,
            KeyCode::End,
        ]),
    ];
    let modifiers = prop::sample::select(vec![
        KeyModifiers::NONE,
        KeyModifiers::NONE,
        KeyModifiers::NONE,
        KeyModifiers::SHIFT,
        KeyModifiers::ALT,
    ]);
    (code, modifiers).prop_map(|(code, modifiers)| Event::Key(KeyEvent::new(code, modifiers)))
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        8 => key_event(),
        1 => (1u16..220, 1u16..70).prop_map(|(w, h)| Event::Resize(w, h)),
        1 => (0u16..220, 0u16..70, prop::bool::ANY).prop_map(|(column, row, wheel)| {
            let kind = if wheel {
                MouseEventKind::ScrollDown
            } else {
                MouseEventKind::Down(MouseButton::Left)
            };
            Event::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE })
        }),
        1 => "[a-zåäö \"]{0,12}".prop_map(Event::Paste),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24),
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_input_keeps_the_browser_drawable(events in prop::collection::vec(event(), 1..40)) {
        let mut ui = Ui::bundled(80, 24);
        for event in events {
            if let Event::Resize(width, height) = event {
                ui.terminal.backend_mut().resize(width, height);
            }
            // On a quit the runner would stop; keep going to explore more states.
            let _ = ui.app.handle_batch([AppEvent::Terminal(event)]);
            let _ = ui.app.state.take_commands();
            ui.draw();
            let app = &ui.app;
            let hits = app.state.hits();
            if hits.is_empty() {
                prop_assert!(app.state.selected().is_none());
            } else {
                prop_assert!(app.state.list_cursor() < hits.len());
                prop_assert_eq!(
                    app.state.selected(),
                    Some(hits[app.state.list_cursor()].index as usize)
                );
            }
        }
    }
}

/// Titles of words that are often a typo apart.
fn titles() -> impl Strategy<Value = Vec<String>> {
    let word = prop::sample::select(vec![
        "Jobb",
        "Jobba",
        "Jobbet",
        "jobben",
        "Unga",
        "Ung",
        "Härjedalen",
        "Harjedalen",
        "Kraftsamling",
        "Kraft",
        "Arbete",
        "–",
    ]);
    prop::collection::vec(
        prop::collection::vec(word, 1..5).prop_map(|words| words.join(" ")),
        1..24,
    )
}

fn project(index: usize, title: String) -> esf_browse::model::Project {
    esf_browse::model::Project {
        id: format!("{index:03}"),
        title,
        ..Default::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64),
        ..ProptestConfig::default()
    })]

    /// A title query typed a letter at a time, with backspaces, lists what
    /// the same query typed at once lists, similar titles included, in the
    /// same order.
    #[test]
    fn a_query_typed_with_backspaces_lists_what_it_lists_at_once(
        titles in titles(),
        keys in prop::collection::vec(
            prop_oneof![
                4 => prop::sample::select("jobaetnuägrdlkfsmi x".chars().collect::<Vec<_>>())
                    .prop_map(Some),
                1 => Just(None),
            ],
            1..24,
        ),
    ) {
        use esf_browse::model::{Corpus, Store};
        use esf_browse::ui::action::{Edit, Intent};
        use esf_browse::ui::state::{AppState, Options};
        use std::sync::Arc;

        let store = Store::new(titles.into_iter().enumerate().map(|(i, t)| project(i, t)).collect());
        let corpus = Arc::new(Corpus { store, ..Corpus::default() });
        let mut typed = AppState::new(corpus.clone(), Options::default());
        typed.update(Intent::StartSearch);
        let mut text = String::new();
        for key in keys {
            match key {
                Some(c) => {
                    text.push(c);
                    typed.update(Intent::EditText(Edit::Char(c)));
                }
                None => {
                    text.pop();
                    typed.update(Intent::EditText(Edit::Backspace));
                }
            }
            let mut at_once = AppState::new(corpus.clone(), Options::default());
            at_once.update(Intent::StartSearch);
            at_once.update(Intent::EditText(Edit::Insert(text.clone())));
            prop_assert_eq!(&typed.query().text, &text);
            prop_assert_eq!(&at_once.query().text, &text);
            prop_assert_eq!(typed.hits(), at_once.hits(), "query {:?}", text);
        }
    }
}
