//! Screen tests: the real `App` driven by key events, drawn into a
//! `TestBackend`, with assertions on the text and styles of the buffer.

use crossterm::event::{Event, KeyCode, KeyModifiers};
use esf_browse::model::collate;
use esf_browse::model::{Corpus, Date, Facet, Project, Section, Store, load_bundled};
use esf_browse::ui::action::{Action, Pane};
use esf_browse::ui::event::AppEvent;
use esf_browse::ui::layout::inner;
use esf_browse::ui::state::{AppState, Effect, Options, Overlay};
use esf_browse::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

mod common;

use common::ui::{Ui, filter_count, row_text};

fn titles_of(store: &Store, indices: impl IntoIterator<Item = usize>) -> Vec<String> {
    indices
        .into_iter()
        .map(|i| store.project(i).title.clone())
        .collect()
}

/// How many of the given projects carry each region.
fn region_counts(store: &Store, indices: &[usize]) -> Vec<(String, u32)> {
    let mut counts: Vec<(String, u32)> = Vec::new();
    for &i in indices {
        if let Some(region) = &store.project(i).region {
            match counts.iter_mut().find(|(r, _)| r == region) {
                Some((_, n)) => *n += 1,
                None => counts.push((region.clone(), 1)),
            }
        }
    }
    counts
}

fn all_indices(store: &Store) -> Vec<usize> {
    (0..store.len()).collect()
}

const TITLES: [&str; 5] = [
    "BERGSLAGSESURSEN.NU",
    "HP3",
    "Högtrycket",
    "Kraftsamling Härjedalen",
    "På väg till jobbet",
];

// ----- first screen -----

#[test]
fn first_screen_shows_every_project_and_the_facets_with_counts() {
    let mut ui = Ui::bundled(80, 24);
    let text = ui.text();
    assert!(text.contains("5 / 5 projects"), "{text}");
    for title in TITLES {
        assert!(text.contains(title), "{title} missing:\n{text}");
    }
    assert_eq!(ui.listed_titles(), TITLES);
    let filters = ui.filter_lines();
    // Kommun lists every municipality, so Programperiod starts below the
    // fold at 24 rows; the four facets above it are on the first screen.
    for header in ["Region", "Programområde", "Projektfas", "Kommun"] {
        assert!(
            filters.iter().any(|l| l.trim_end() == header),
            "{header}:\n{filters:#?}"
        );
    }
    let store = &ui.state().corpus().store;
    let expected = region_counts(store, &all_indices(store));
    assert_eq!(expected.len(), 3);
    for (region, count) in &expected {
        assert_eq!(
            filter_count(&filters, region),
            Some(*count),
            "{region}:\n{filters:#?}"
        );
    }
    assert!(filters.iter().any(|l| l.ends_with("(3)")));
    let status = ui.status_line();
    assert!(status.contains("sort: title"), "{status}");
    assert!(status.contains("? help"), "{status}");
}

#[test]
fn every_facet_header_is_shown_on_a_tall_screen_and_reachable_on_a_short_one() {
    let headers = [
        "Region",
        "Programområde",
        "Projektfas",
        "Kommun",
        "Programperiod",
    ];
    let mut tall = Ui::bundled(120, 90);
    let filters = tall.filter_lines();
    for header in headers {
        assert!(filters.iter().any(|l| l.trim_end() == header), "{header}");
    }
    assert!(
        filter_count(&filters, "2007–2013").is_some(),
        "{filters:#?}"
    );

    let mut short = Ui::bundled(80, 24);
    short.press(KeyCode::BackTab);
    assert_eq!(short.state().focus(), Pane::Filters);
    short.char('G');
    let filters = short.filter_lines();
    assert!(
        filters.iter().any(|l| l.trim_end() == "Programperiod"),
        "{filters:#?}"
    );
}

// ----- search -----

#[test]
fn search_narrows_the_list_and_escape_clears_it() {
    let mut ui = Ui::bundled(80, 24);
    ui.type_str("/harj");
    let text = ui.text();
    assert!(text.contains("1 / 5 projects"), "{text}");
    assert_eq!(ui.listed_titles(), ["Kraftsamling Härjedalen"]);
    assert!(
        text.contains("/ harj"),
        "search box shows the query:\n{text}"
    );
    for other in TITLES.iter().filter(|t| !t.starts_with("Kraft")) {
        assert!(!ui.listed_titles().iter().any(|t| t == other));
    }

    ui.press(KeyCode::Esc);
    assert!(ui.state().query().text.is_empty());
    let text = ui.text();
    assert!(text.contains("5 / 5 projects"), "{text}");
    assert_eq!(ui.listed_titles(), TITLES);

    // The accented query finds it too.
    ui.type_str("/härj");
    assert!(ui.text().contains("1 / 5 projects"));
    assert_eq!(ui.listed_titles(), ["Kraftsamling Härjedalen"]);
    // Enter keeps the query; Esc in the list then clears it.
    ui.press(KeyCode::Enter);
    assert_eq!(ui.state().query().text, "härj");
    assert!(ui.text().contains("1 / 5 projects"));
    ui.press(KeyCode::Esc);
    assert!(ui.text().contains("5 / 5 projects"));
}

#[test]
fn backspace_and_ctrl_w_widen_the_search_again() {
    let mut ui = Ui::bundled(80, 24);
    ui.type_str("/harjx");
    assert!(ui.text().contains("0 / 5 projects"));
    assert!(ui.text().contains("No project matches"));
    ui.press(KeyCode::Backspace);
    assert!(ui.text().contains("1 / 5 projects"));
    ui.press_with(KeyCode::Char('w'), KeyModifiers::CONTROL);
    assert_eq!(ui.state().query().text, "");
    assert!(ui.text().contains("5 / 5 projects"));
}

/// The cells of `title`'s row in the list pane that hold its letters.
fn title_cells(ui: &mut Ui, title: &str) -> Vec<(char, ratatui::buffer::Cell)> {
    let list = inner(ui.panes().list.unwrap());
    let buffer = ui.draw();
    for y in list.y..list.bottom() {
        let row = row_text(&buffer, Rect::new(list.x, y, list.width, 1));
        if row.starts_with(title) {
            return title
                .chars()
                .zip(list.x..)
                .map(|(c, x)| (c, buffer[(x, y)].clone()))
                .collect();
        }
    }
    panic!("{title} not in the list");
}

fn has_match_style(cell: &ratatui::buffer::Cell, theme: Theme) -> bool {
    let matched = theme.matched();
    let fg_ok = matched.fg.is_none_or(|fg| cell.fg == fg);
    fg_ok && cell.modifier.contains(matched.add_modifier)
}

/// Which letters of the title carry the match style.
fn matched_letters(ui: &mut Ui, title: &str) -> String {
    let theme = ui.app.theme;
    title_cells(ui, title)
        .into_iter()
        .filter(|(_, cell)| has_match_style(cell, theme))
        .map(|(c, _)| c)
        .collect()
}

#[test]
fn matched_letters_are_highlighted_in_rows_that_are_not_selected() {
    // `r` matches several titles; the first is selected, each of the others
    // shows the match style on exactly one letter, an r.
    for color in [true, false] {
        let mut ui = Ui::with(load_bundled(), color, 80, 24);
        ui.type_str("/r");
        let store = &ui.state().corpus().store;
        let with_r = store
            .projects()
            .iter()
            .filter(|p| p.title.to_lowercase().contains('r'))
            .count();
        let listed = ui.listed_titles();
        assert_eq!(listed.len(), with_r, "{listed:?}");
        assert!(listed.len() >= 3, "{listed:?}");
        let selected = ui.state().list_cursor();
        for (row, title) in listed.iter().enumerate() {
            if row == selected {
                continue;
            }
            let letters = matched_letters(&mut ui, title);
            assert_eq!(letters.to_lowercase(), "r", "{title} (colour {color})");
        }
        // Widening the query moves the highlight with it.
        ui.type_str("y");
        assert_eq!(ui.listed_titles(), ["Högtrycket"]);
        ui.press(KeyCode::Backspace);
        ui.press(KeyCode::Backspace);
        assert!(ui.text().contains("5 / 5 projects"));
        for title in TITLES {
            assert_eq!(matched_letters(&mut ui, title), "", "{title}");
        }
    }
}

#[test]
fn matched_letters_keep_the_match_style_without_colour() {
    let mut ui = Ui::with(load_bundled(), false, 80, 24);
    ui.type_str("/harj");
    // Bold + underline on H, ä, r, j of Härjedalen, and on nothing else.
    assert_eq!(matched_letters(&mut ui, "Kraftsamling Härjedalen"), "Härj");
    let cells = title_cells(&mut ui, "Kraftsamling Härjedalen");
    let underlined: String = cells
        .iter()
        .filter(|(_, cell)| cell.modifier.contains(Modifier::UNDERLINED))
        .map(|(c, _)| *c)
        .collect();
    assert_eq!(underlined, "Härj");
}

#[test]
fn matched_letters_are_highlighted_in_the_selected_row() {
    let mut ui = Ui::bundled(80, 24);
    ui.type_str("/harj");
    assert_eq!(ui.state().list_cursor(), 0);
    assert_eq!(matched_letters(&mut ui, "Kraftsamling Härjedalen"), "Härj");
}

// ----- facet counts -----

#[test]
fn facet_counts_follow_the_search() {
    // Wide enough that no region name is cut.
    let mut ui = Ui::bundled(120, 40);
    ui.type_str("/hog");
    ui.press(KeyCode::Enter);
    let store = &ui.state().corpus().store;
    let hits: Vec<usize> = ui.state().hits().iter().map(|m| m.index as usize).collect();
    assert_eq!(titles_of(store, hits.clone()), ["Högtrycket"]);
    let expected = region_counts(store, &hits);
    assert_eq!(expected, [("Norra Mellansverige".to_string(), 1)]);
    let filters = ui.filter_lines();
    assert!(
        filters
            .iter()
            .any(|l| l.trim() == "Norra Mellansverige (1)"),
        "{filters:#?}"
    );
    // Regions without a hit are gone from the pane.
    assert_eq!(filter_count(&filters, "Mellersta Norrland"), None);
    assert_eq!(filter_count(&filters, "Östra Mellansverige"), None);

    ui.press(KeyCode::Esc);
    let filters = ui.filter_lines();
    assert_eq!(filter_count(&filters, "Norra Mellansverige"), Some(3));
    assert_eq!(filter_count(&filters, "Mellersta Norrland"), Some(1));
}

#[test]
fn facet_counts_follow_the_other_facets_filters() {
    let mut ui = Ui::bundled(120, 60);
    let store = &ui.state().corpus().store;
    let phase_of = |i: usize| store.project(i).phase.clone().unwrap_or_default();
    let in_phase: Vec<usize> = all_indices(store)
        .into_iter()
        .filter(|&i| phase_of(i) == "Förprojektering")
        .collect();
    let expected_regions = region_counts(store, &in_phase);
    let genomforande = all_indices(store)
        .into_iter()
        .filter(|&i| phase_of(i) == "Genomförande")
        .count() as u32;
    assert_eq!(in_phase.len(), 1);

    ui.press(KeyCode::BackTab);
    ui.go_to_filter_value(Facet::Phase, "Förprojektering");
    ui.char(' ');
    let filters = ui.filter_lines();
    for (region, count) in &expected_regions {
        assert_eq!(filter_count(&filters, region), Some(*count), "{filters:#?}");
    }
    assert_eq!(filter_count(&filters, "Norra Mellansverige"), None);
    // A facet's own selection does not narrow its counts.
    assert_eq!(filter_count(&filters, "Genomförande"), Some(genomforande));
    assert_eq!(filter_count(&filters, "Förprojektering"), Some(1));
    assert!(
        filters
            .iter()
            .any(|l| l.trim() == "Projektfas (1 selected)")
    );
    assert!(ui.text().contains("1 / 5 projects"));
}

// ----- filters -----

#[test]
fn region_filter_narrows_the_list_and_shows_in_the_status_bar() {
    let mut ui = Ui::bundled(80, 24);
    // Tab from the list goes to the detail, Shift-Tab to the filters.
    ui.press(KeyCode::Tab);
    assert_eq!(ui.state().focus(), Pane::Detail);
    ui.press(KeyCode::BackTab);
    assert_eq!(ui.state().focus(), Pane::List);
    ui.press(KeyCode::BackTab);
    assert_eq!(ui.state().focus(), Pane::Filters);

    ui.go_to_filter_value(Facet::Region, "Norra Mellansverige");
    ui.char(' ');
    let store = &ui.state().corpus().store;
    let expected: Vec<String> = TITLES
        .iter()
        .filter(|t| {
            store
                .projects()
                .iter()
                .any(|p| p.title == **t && p.region.as_deref() == Some("Norra Mellansverige"))
        })
        .map(|t| t.to_string())
        .collect();
    assert_eq!(expected.len(), 3);
    let text = ui.text();
    assert!(text.contains("3 / 5 projects"), "{text}");
    assert_eq!(ui.listed_titles(), expected);
    assert!(
        ui.status_line().contains("Region: Norra Mellansverige"),
        "{}",
        ui.status_line()
    );
    assert!(ui.filter_lines().iter().any(|l| l.starts_with("✓ ")));

    // Hidden filter pane: the status bar still says what is filtered.
    ui.char('f');
    assert!(!ui.state().show_filters());
    assert!(ui.panes().filters.is_none());
    assert_eq!(ui.state().focus(), Pane::List);
    let text = ui.text();
    assert!(!text.contains("Filters"), "{text}");
    assert!(text.contains("3 / 5 projects"), "{text}");
    assert!(ui.status_line().contains("Region: Norra Mellansverige"));

    // C clears everything.
    ui.char('C');
    assert!(ui.state().query().filters.is_empty());
    let text = ui.text();
    assert!(text.contains("5 / 5 projects"), "{text}");
    assert!(!ui.status_line().contains("Region:"));
    ui.char('f');
    assert!(ui.panes().filters.is_some());
}

#[test]
fn space_again_and_c_unselect_a_filter_value() {
    let mut ui = Ui::bundled(80, 24);
    ui.press(KeyCode::BackTab);
    assert_eq!(ui.state().focus(), Pane::Filters);
    ui.go_to_filter_value(Facet::Region, "Mellersta Norrland");
    ui.char(' ');
    assert!(ui.text().contains("1 / 5 projects"));
    ui.char(' ');
    assert!(ui.text().contains("5 / 5 projects"));
    ui.go_to_filter_value(Facet::Region, "Östra Mellansverige");
    ui.press(KeyCode::Enter);
    assert!(ui.text().contains("1 / 5 projects"));
    assert!(ui.status_line().contains("Region: Östra Mellansverige"));
    ui.char('c');
    assert!(ui.text().contains("5 / 5 projects"));
}

// ----- sorting -----

#[test]
fn sort_orders_cycle_and_the_status_bar_names_them() {
    let mut ui = Ui::bundled(80, 24);
    let store = &ui.state().corpus().store;

    let mut by_title = all_indices(store);
    by_title.sort_by(|&a, &b| collate::compare(&store.project(a).title, &store.project(b).title));
    let by_title = titles_of(store, by_title);
    assert_eq!(by_title, TITLES, "Swedish order: å ä ö after z");

    let mut by_grant = all_indices(store);
    by_grant.sort_by_key(|&i| std::cmp::Reverse(store.project(i).esf_grant_sek));
    let by_grant_titles = titles_of(store, by_grant.clone());
    let largest = store.project(by_grant[0]);
    assert_eq!(largest.esf_grant_sek, Some(8_256_072));

    let mut by_budget = all_indices(store);
    by_budget.sort_by_key(|&i| {
        (
            std::cmp::Reverse(store.project(i).total_budget_sek),
            store.title_rank(i),
        )
    });
    let by_budget = titles_of(store, by_budget);

    let mut by_start = all_indices(store);
    by_start.sort_by_key(|&i| {
        (
            std::cmp::Reverse(store.project(i).period_start),
            store.title_rank(i),
        )
    });
    let by_start = titles_of(store, by_start);

    // Without a query the list starts in title order.
    assert_eq!(ui.listed_titles(), by_title);
    assert!(ui.status_line().contains("sort: title ↓"));

    ui.char('s');
    assert_eq!(ui.listed_titles(), by_grant_titles);
    assert_eq!(ui.listed_titles()[0], "På väg till jobbet");
    assert!(ui.text().contains("8 256 072 kr"));
    let status = ui.status_line();
    assert!(status.contains("sort: ESF grant"), "{status}");
    assert!(status.contains("sorted by ESF grant"), "{status}");

    ui.char('s');
    assert_eq!(ui.listed_titles(), by_budget);
    assert!(ui.status_line().contains("sort: total budget"));

    ui.char('s');
    assert_eq!(ui.listed_titles(), by_start);
    assert!(ui.status_line().contains("sort: start date"));

    // Relevance is skipped without a query: back to title.
    ui.char('s');
    assert_eq!(ui.listed_titles(), by_title);
    assert!(ui.status_line().contains("sort: title"));

    // S reverses.
    ui.char('S');
    let mut reversed = by_title.clone();
    reversed.reverse();
    assert_eq!(ui.listed_titles(), reversed);
    assert!(ui.status_line().contains("sort: title ↑"));
}

// ----- the detail pane -----

/// The detail pane's body rows, without the border and scrollbar.
fn detail_rows(ui: &mut Ui) -> Vec<String> {
    let detail = ui.panes().detail.expect("detail visible");
    ui.pane_rows(detail)
}

fn detail_bottom_border(ui: &mut Ui) -> String {
    let detail = ui.panes().detail.expect("detail visible");
    let buffer = ui.draw();
    row_text(
        &buffer,
        Rect::new(detail.x, detail.bottom() - 1, detail.width, 1),
    )
}

/// ` 34–44/276 15% ` as the detail pane computes it.
fn expected_position(ui: &Ui) -> String {
    let doc = ui.state().detail_document().unwrap();
    let detail = ui.panes().detail.unwrap();
    let height = usize::from(inner(detail).height);
    let total = doc.lines.len();
    let scroll = ui.state().detail_scroll();
    let end = (scroll + height).min(total);
    let percent = if total <= height {
        100
    } else {
        end * 100 / total
    };
    format!(" {}–{}/{} {}% ", scroll + 1, end, total, percent)
}

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
    let height = usize::from(inner(ui.panes().detail.unwrap()).height);
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
    for close in [KeyCode::Esc, KeyCode::Char('?'), KeyCode::Char('/')] {
        ui.char('?');
        assert!(ui.text().contains("Keys —"));
        ui.press(close);
        assert_eq!(ui.state().overlay(), None, "{close:?}");
        assert!(ui.state().query().text.is_empty());
        assert_eq!(ui.state().focus(), Pane::List);
    }
    // q still quits from the overlay.
    ui.char('?');
    assert_eq!(ui.char('q'), Effect::Quit);
}

#[test]
fn help_overlay_scrolls_to_its_last_group() {
    let mut ui = Ui::bundled(80, 16);
    ui.char('?');
    assert!(!ui.text().contains("delete a word"));
    for _ in 0..40 {
        ui.char('j');
    }
    assert_eq!(ui.state().overlay(), Some(Overlay::Help));
    assert!(ui.text().contains("delete a word"), "{}", ui.text());
}

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

// ----- selection across filtering -----

#[test]
fn selection_and_detail_scroll_survive_filtering_while_listed() {
    let mut ui = Ui::bundled(80, 24);
    ui.char('j');
    ui.char('j');
    let selected = ui.state().selected().unwrap();
    let store = &ui.state().corpus().store;
    assert_eq!(store.project(selected).title, "Högtrycket");
    let region = store.project(selected).region.clone().unwrap();
    assert_eq!(region, "Norra Mellansverige");

    ui.press(KeyCode::Enter);
    for _ in 0..7 {
        ui.char('j');
    }
    assert_eq!(ui.state().detail_scroll(), 7);
    let before = detail_rows(&mut ui);

    // Filter by its region: still listed, still selected, same scroll.
    ui.press(KeyCode::Esc);
    ui.press(KeyCode::BackTab);
    assert_eq!(ui.state().focus(), Pane::Filters);
    ui.go_to_filter_value(Facet::Region, &region);
    ui.char(' ');
    assert!(ui.text().contains("3 / 5 projects"));
    assert_eq!(ui.state().selected(), Some(selected));
    assert_eq!(ui.state().detail_scroll(), 7);
    let cursor = ui.state().list_cursor();
    assert_eq!(ui.listed_titles()[cursor], "Högtrycket");
    assert_eq!(detail_rows(&mut ui), before);

    // A search that keeps it.
    ui.type_str("/tryck");
    assert_eq!(ui.state().selected(), Some(selected));
    assert_eq!(ui.state().detail_scroll(), 7);
    ui.press(KeyCode::Esc);
    assert_eq!(ui.state().selected(), Some(selected));
    assert_eq!(ui.state().detail_scroll(), 7);
    assert_eq!(detail_rows(&mut ui), before);

    // A search with no hit under the filter: nothing selected, no detail.
    ui.type_str("/harj");
    assert!(ui.text().contains("0 / 5 projects"));
    assert_eq!(ui.state().selected(), None);
    assert_eq!(ui.state().detail_scroll(), 0);
    assert!(detail_rows(&mut ui).iter().all(|row| row.trim().is_empty()));
    ui.press(KeyCode::Esc);
    assert!(ui.text().contains("3 / 5 projects"));
    assert!(ui.state().selected().is_some());
}

#[test]
fn a_search_that_drops_the_selection_selects_the_first_hit_from_the_top() {
    let mut ui = Ui::bundled(80, 24);
    ui.char('j');
    ui.char('j');
    ui.press(KeyCode::Enter);
    for _ in 0..7 {
        ui.char('j');
    }
    ui.press(KeyCode::Esc);
    ui.type_str("/harj");
    let now = ui.state().selected().unwrap();
    assert_eq!(
        ui.state().corpus().store.project(now).title,
        "Kraftsamling Härjedalen"
    );
    assert_eq!(ui.state().list_cursor(), 0);
    assert_eq!(ui.state().detail_scroll(), 0);
    let rows = detail_rows(&mut ui);
    assert!(rows[0].starts_with("Kraftsamling Härjedalen"), "{rows:#?}");
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
    state.update(Action::Resize(80, 24));
    state.update(Action::StartSearch);
    for c in "harj".chars() {
        state.update(Action::SearchInput(c));
    }
    assert_eq!(state.hits().len(), 1);
    state.update(Action::SearchCancel);
    assert_eq!(state.hits().len(), 5);
}
