//! Screen tests of the terminal: every small size, resize storms, no colour, the 16 colours, wide characters.
//! The real `App` driven by key events, drawn into a `TestBackend`, with
//! assertions on the text and styles of the buffer (harness: `tests/common/ui.rs`).

use crossterm::event::KeyCode;
use esf_browse::model::{Corpus, Date, Facet, Project, Section, Store, load_bundled};
use esf_browse::ui::action::Pane;
use esf_browse::ui::state::Effect;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

mod common;

use common::ui::{TITLES, Ui, detail_rows, row_text};

// ----- sizes -----

/// The bundled projects with every section and list cut short: the same
/// shapes (fields, headings, Swedish letters, bullets) at a fraction of the
/// layout cost, for sweeps that draw thousands of frames.
fn short_bundled() -> Corpus {
    let mut projects = load_bundled().store.projects().to_vec();
    for project in &mut projects {
        for section in &mut project.sections {
            section.text = section.text.chars().take(120).collect();
        }
        for kind in esf_browse::model::ListKind::ALL {
            project.list_mut(kind).truncate(3);
        }
    }
    Corpus {
        store: Store::new(projects),
        ..Default::default()
    }
}

/// A few states worth drawing at any size.
fn prepared_states(corpus: fn() -> Corpus) -> Vec<Ui> {
    let setups: [&dyn Fn(&mut Ui); 7] = [
        &|_| {},
        &|ui| ui.type_str("/harj"),
        &|ui| {
            ui.char('j');
            ui.char('b');
        },
        &|ui| {
            ui.char('m');
            ui.char('z');
        },
        &|ui| {
            ui.char('?');
        },
        &|ui| {
            ui.press(KeyCode::BackTab);
            ui.char('j');
            ui.char(' ');
            ui.type_str("/x");
        },
        &|ui| {
            ui.press(KeyCode::BackTab);
            ui.char('G');
            ui.char('f');
            ui.char('G');
        },
    ];
    setups
        .iter()
        .map(|setup| {
            let mut ui = Ui::with(corpus(), true, 80, 24);
            setup(&mut ui);
            ui.draw();
            ui
        })
        .collect()
}

fn sweep(ui: &mut Ui, widths: impl Iterator<Item = u16> + Clone, heights: &[u16]) {
    for width in widths {
        for &height in heights {
            ui.resize(width, height);
            let buffer = ui.draw();
            assert_eq!(buffer.area, Rect::new(0, 0, width, height));
        }
    }
}

/// Every size from 1×1 to 45×14, then a few large ones, for some states.
fn sweep_every_small_size(states: std::ops::Range<usize>) {
    let heights: Vec<u16> = (1..=14).collect();
    let prepared = prepared_states(short_bundled);
    for mut ui in prepared.into_iter().skip(states.start).take(states.len()) {
        sweep(&mut ui, 1..=45, &heights);
        for (width, height) in [(500, 200), (300, 100), (200, 60), (120, 40), (1, 200)] {
            ui.resize(width, height);
            ui.draw();
            // Keys still work at that size.
            ui.char('j');
            ui.char(']');
            ui.draw();
        }
    }
}

// (Two tests so the harness runs the halves side by side.)
#[test]
fn every_small_size_draws_without_panicking_list_search_detail() {
    sweep_every_small_size(0..3);
}

#[test]
fn every_small_size_draws_without_panicking_full_help_filters() {
    sweep_every_small_size(3..7);
}

#[test]
fn small_sizes_draw_the_full_pages_too() {
    // A coarser sweep with the real, long pages: searching, the detail, and
    // the detail full screen.
    let states = prepared_states(load_bundled);
    for mut ui in states.into_iter().take(4).skip(1) {
        sweep(
            &mut ui,
            [1, 2, 3, 5, 9, 17, 30, 44, 45].into_iter(),
            &[1, 2, 3, 8, 14],
        );
        ui.resize(500, 200);
        ui.draw();
    }
}

#[test]
fn forty_by_twelve_shows_the_list_and_folds_the_filters() {
    let mut ui = Ui::bundled(40, 12);
    assert!(ui.panes().filters.is_none());
    assert!(ui.panes().list.is_some());
    let text = ui.text();
    assert!(!text.contains("Filters"), "{text}");
    assert!(text.contains("5 / 5"), "{text}");
    assert_eq!(ui.listed_titles(), TITLES);
    // Shift-Tab cannot reach the folded pane.
    ui.press(KeyCode::BackTab);
    assert_ne!(ui.state().focus(), Pane::Filters);
    // A filter chosen while wide stays in the status bar when folded.
    let mut ui = Ui::bundled(80, 24);
    ui.press(KeyCode::BackTab);
    ui.go_to_filter_value(Facet::Region, "Mellersta Norrland");
    ui.char(' ');
    ui.resize(40, 12);
    assert_eq!(ui.state().focus(), Pane::List);
    let status = ui.status_line();
    assert!(status.contains("Region: Mel"), "{status}");
}

#[test]
fn a_resize_storm_with_keys_in_between_never_panics() {
    let mut ui = Ui::with(short_bundled(), true, 80, 24);
    let keys = [
        KeyCode::Char('/'),
        KeyCode::Char('h'),
        KeyCode::Enter,
        KeyCode::Char('j'),
        KeyCode::Char('b'),
        KeyCode::Char(']'),
        KeyCode::Char('z'),
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Char(' '),
        KeyCode::Char('f'),
        KeyCode::Char('G'),
        KeyCode::PageDown,
        KeyCode::Char('?'),
        KeyCode::Esc,
        KeyCode::Char('s'),
        KeyCode::Char('m'),
        KeyCode::Char('['),
        KeyCode::Char('C'),
        KeyCode::Backspace,
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for step in 0..300 {
        let width = (next() % 180) as u16 + if step % 7 == 0 { 0 } else { 1 };
        let height = (next() % 60) as u16 + if step % 11 == 0 { 0 } else { 1 };
        ui.resize(width, height);
        if width > 0 && height > 0 {
            ui.draw();
        }
        for _ in 0..(next() % 3) {
            let key = keys[(next() % keys.len() as u64) as usize];
            if ui.press(key) == Effect::Quit {
                unreachable!("no quit key in the list");
            }
        }
        if width > 0 && height > 0 {
            ui.draw();
        }
    }
}

// ----- no colour -----

#[test]
fn no_color_theme_draws_no_colour_at_all() {
    let mut screens: Vec<Buffer> = Vec::new();
    let mut ui = Ui::with(load_bundled(), false, 140, 40);
    screens.push(ui.draw());
    ui.type_str("/harj");
    screens.push(ui.draw());
    ui.press(KeyCode::Enter);
    ui.char('b');
    screens.push(ui.draw());
    ui.press(KeyCode::Esc);
    ui.press(KeyCode::BackTab);
    assert_eq!(ui.state().focus(), Pane::Filters);
    ui.char('j');
    ui.char(' ');
    ui.char('s');
    screens.push(ui.draw());
    ui.char('?');
    screens.push(ui.draw());
    ui.press(KeyCode::Esc);
    ui.resize(80, 24);
    screens.push(ui.draw());
    for (n, buffer) in screens.iter().enumerate() {
        for cell in buffer.content() {
            assert_eq!(cell.fg, Color::Reset, "screen {n}: {cell:?}");
            assert_eq!(cell.bg, Color::Reset, "screen {n}: {cell:?}");
        }
    }
    // Emphasis is still there, by modifiers.
    assert!(
        screens[0]
            .content()
            .iter()
            .any(|c| c.modifier.contains(Modifier::REVERSED))
    );
}

#[test]
fn colour_theme_uses_only_the_sixteen_named_colours() {
    let mut ui = Ui::bundled(140, 40);
    ui.type_str("/harj");
    ui.press(KeyCode::Enter);
    ui.char('b');
    let buffer = ui.draw();
    for cell in buffer.content() {
        for color in [cell.fg, cell.bg] {
            assert!(
                !matches!(color, Color::Rgb(..) | Color::Indexed(_)),
                "{cell:?}"
            );
        }
    }
    assert!(buffer.content().iter().any(|c| c.fg == Color::Yellow));
}

// ----- wide characters -----

fn wide_project(id: &str, title: &str, region: &str, kommun: &[&str]) -> Project {
    Project {
        id: id.into(),
        title: title.into(),
        region: Some(region.into()),
        program_area: Some("プログラム領域 1 能力開発".into()),
        phase: Some("Genomförande".into()),
        owner: Some("株式会社テスト 🏢".into()),
        esf_grant_sek: Some(1_234_567),
        total_budget_sek: Some(9_876_543),
        period_start: Date::new(2012, 1, 1),
        period_end: Date::new(2014, 6, 30),
        sections: vec![
            Section {
                heading: "Bakgrund".into(),
                text: "日本語の文章がここに入ります。".repeat(20)
                    + "\n\n🎉🎉🎉 emoji 🚀🚀 text 👩‍👩‍👧 family",
            },
            Section {
                heading: "Målsättning".into(),
                text: "目標：全角文字を正しく折り返すこと。".repeat(15),
            },
        ],
        municipalities: kommun.iter().map(|k| k.to_string()).collect(),
        ..Project::default()
    }
}

fn wide_corpus() -> Corpus {
    Corpus {
        store: Store::new(vec![
            wide_project(
                "w1",
                "日本語のプロジェクト名前がとても長いタイトルです",
                "東京都地域テスト長い名前です",
                &["札幌", "大阪市"],
            ),
            wide_project(
                "w2",
                "🎉🎉 Emoji 🎉 project 🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀",
                "Norra Mellansverige",
                &["Avesta"],
            ),
            wide_project(
                "w3",
                "混合 mixed ÅÄÖ 漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字",
                "한국어 지역 이름이 꽤 깁니다",
                &["서울", "Härjedalen"],
            ),
            wide_project("w4", "a日b本c語d", "x", &[]),
        ]),
        ..Default::default()
    }
}

/// No row is wider than the screen, nothing is drawn under a wide char,
/// and every pane's side borders sit in their columns.
fn assert_borders_hold(ui: &mut Ui, context: &str) {
    let buffer = ui.draw();
    let area = buffer.area;
    for y in area.y..area.bottom() {
        let row = row_text(&buffer, Rect::new(area.x, y, area.width, 1));
        assert_eq!(
            row.width(),
            usize::from(area.width),
            "{context}: row {y} is {} wide: {row:?}",
            row.width()
        );
        let mut covered = 0;
        for x in area.x..area.right() {
            let symbol = buffer[(x, y)].symbol();
            if covered > 0 {
                assert!(
                    symbol == " " || symbol.is_empty(),
                    "{context}: ({x},{y}) {symbol:?} hidden under a wide char: {row:?}"
                );
            }
            covered = std::cmp::max(covered, symbol.width()).saturating_sub(1);
        }
    }
    let panes = ui.panes();
    let bordered = [panes.filters, panes.list, panes.detail];
    for rect in bordered.into_iter().flatten() {
        if rect.width < 2 || rect.height < 2 {
            continue;
        }
        let covered_by_left = |x: u16, y: u16| {
            (area.x..x).any(|left| buffer[(left, y)].symbol().width() > usize::from(x - left))
        };
        for y in rect.y + 1..rect.bottom() - 1 {
            let left = buffer[(rect.x, y)].symbol();
            let right_x = rect.right() - 1;
            let right = buffer[(right_x, y)].symbol();
            assert_eq!(left, "│", "{context}: left border at ({},{y})", rect.x);
            assert!(
                ["│", "║", "█"].contains(&right),
                "{context}: right border at ({right_x},{y}) is {right:?}"
            );
            assert!(
                !covered_by_left(right_x, y),
                "{context}: right border at ({right_x},{y}) covered"
            );
        }
    }
}

#[test]
fn wide_characters_never_push_a_border_out_of_place() {
    let sizes = [
        (200, 50),
        (133, 40),
        (111, 30),
        (81, 24),
        (80, 24),
        (79, 23),
        (61, 20),
        (45, 14),
        (40, 12),
        (23, 9),
    ];
    let mut ui = Ui::with(wide_corpus(), true, 80, 24);
    assert_eq!(ui.state().corpus().store.len(), 4);
    for (width, height) in sizes {
        ui.resize(width, height);
        assert_borders_hold(&mut ui, &format!("list {width}×{height}"));
    }
    // Read every project from Bakgrund, in every size.
    for row in 0..4 {
        for (width, height) in sizes {
            ui.resize(width, height);
            ui.char('g');
            for _ in 0..row {
                ui.char('j');
            }
            ui.char('b');
            assert_borders_hold(&mut ui, &format!("detail {row} {width}×{height}"));
            ui.char(']');
            assert_borders_hold(&mut ui, &format!("detail ] {row} {width}×{height}"));
            ui.press(KeyCode::Esc);
        }
    }
    // Searching with wide letters highlights without shifting anything.
    ui.resize(120, 30);
    ui.type_str("/日本");
    assert!(ui.state().hits().len() >= 2, "{:?}", ui.state().hits());
    assert_borders_hold(&mut ui, "search 日本");
    ui.press(KeyCode::Enter);
    // Filter values with wide letters are cut to the pane.
    ui.press(KeyCode::BackTab);
    assert_eq!(ui.state().focus(), Pane::Filters);
    ui.char('G');
    assert_borders_hold(&mut ui, "filters");
}

#[test]
fn wide_titles_are_listed_and_selectable() {
    let mut ui = Ui::with(wide_corpus(), true, 120, 30);
    let text = ui.text();
    assert!(text.contains("4 / 4 projects"), "{text}");
    assert!(text.contains("a日b本c語d"), "{text}");
    ui.type_str("/abcd");
    assert_eq!(ui.listed_titles(), ["a日b本c語d"]);
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Enter);
    assert!(detail_rows(&mut ui)[0].starts_with("a日b本c語d"));
}
