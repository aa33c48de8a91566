//! Screen tests of the list pane: the first screen, search and its highlighting, sort orders, the selection while the list changes.
//! The real `App` driven by key events, drawn into a `TestBackend`, with
//! assertions on the text and styles of the buffer (harness: `tests/common/ui.rs`).

use crossterm::event::{KeyCode, KeyModifiers};
use esf_browse::model::swedish::collate;
use esf_browse::model::{Facet, load_bundled};
use esf_browse::ui::action::Pane;
use esf_browse::ui::theme::Theme;
use ratatui::layout::Margin;
use ratatui::layout::Rect;
use ratatui::style::Modifier;

mod common;

use common::ui::{
    TITLES, Ui, all_indices, detail_rows, filter_count, region_counts, row_text, titles_of,
};

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
    let list = ui.panes().list.unwrap().inner(Margin::new(1, 1));
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

    let mut by_region = all_indices(store);
    by_region.sort_by(|&a, &b| {
        let region = |i: usize| store.project(i).region_name().unwrap_or("\u{10FFFF}");
        collate::compare(region(a), region(b)).then(store.title_rank(a).cmp(&store.title_rank(b)))
    });
    let by_region = titles_of(store, by_region);

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

    // End date, region and owner follow (pages without one last).
    for name in ["end date", "region", "owner"] {
        ui.char('s');
        assert!(
            ui.status_line().contains(&format!("sort: {name}")),
            "{name}"
        );
        if name == "region" {
            assert_eq!(ui.listed_titles(), by_region);
        }
    }

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

    // A new search selects its best match (here the same project, but
    // typing went through other best matches: the page shows from its top).
    // (From the list: `/` in the filter pane narrows the values.)
    ui.press(KeyCode::Tab);
    ui.type_str("/tryck");
    assert_eq!(ui.state().selected(), Some(selected));
    assert_eq!(ui.state().list_cursor(), 0);
    ui.press(KeyCode::Esc);
    assert_eq!(ui.state().selected(), Some(selected));

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

#[test]
fn sorting_by_total_budget_shows_the_budget_column() {
    let mut ui = Ui::bundled(100, 30);
    assert!(ui.text().contains("ESF grant"));
    while ui.state().effective_sort() != esf_browse::model::SortKey::Budget {
        ui.char('s');
    }
    let text = ui.text();
    assert!(text.contains("Total budget"), "{text}");
    // Kraftsamling Härjedalen: ESF grant 3 521 794 kr, budget 11 645 708 kr.
    assert!(text.contains("11 645 708 kr"), "{text}");
}

#[test]
fn a_search_with_a_typo_lists_similar_titles_marked_as_such() {
    let mut ui = Ui::bundled(100, 30);
    ui.type_str("/hgotrycket");
    let text = ui.text();
    assert!(text.contains("no match; 1 similar"), "{text}");
    assert!(text.contains("≈ Högtrycket"), "{text}");
    // A real match lists no similar titles.
    ui.press(KeyCode::Esc);
    ui.type_str("/högtr");
    assert!(!ui.text().contains('≈'));
}

#[test]
fn a_title_too_long_for_its_column_ends_in_an_ellipsis() {
    use esf_browse::model::{Corpus, Project, Store};
    let long = "Ett mycket långt projektnamn som aldrig får plats i en smal kolumn";
    let projects = vec![
        Project {
            id: "long".into(),
            title: long.into(),
            ..Project::default()
        },
        Project {
            id: "short".into(),
            title: "Kort".into(),
            ..Project::default()
        },
    ];
    let corpus = Corpus {
        store: Store::new(projects),
        ..Corpus::default()
    };
    let mut ui = Ui::with(corpus, false, 60, 12);
    let text = ui.text();
    let row = text
        .lines()
        .find(|l| l.contains("Ett mycket"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(!row.contains(long), "{row}");
    assert!(row.contains("…"), "{row}");
    assert!(
        text.lines().any(|l| l.contains("Kort") && !l.contains('…')),
        "{text}"
    );
}

#[test]
fn a_search_with_few_matches_lists_similar_titles_after_them() {
    use esf_browse::model::{Corpus, Project, Store};
    let project = |id: &str, title: &str| Project {
        id: id.into(),
        title: title.into(),
        ..Project::default()
    };
    let store = Store::new(vec![
        project("a", "Jobbe i Lund"),
        project("b", "Jobba i Mora"),
        project("c", "Jobb i Lund"),
        project("d", "Arbete"),
    ]);
    let corpus = Corpus {
        store,
        ..Corpus::default()
    };
    let mut ui = Ui::with(corpus, false, 100, 20);
    // In title order too, the match comes first, the similar titles after.
    while ui.state().query().sort != esf_browse::model::SortKey::Title {
        ui.char('s');
    }
    ui.type_str("/jobba");
    let text = ui.text();
    assert!(text.contains("1 + 2 similar / 4 projects"), "{text}");
    assert_eq!(
        ui.listed_titles(),
        ["Jobba i Mora", "≈ Jobb i Lund", "≈ Jobbe i Lund"]
    );
}

#[test]
fn the_config_chooses_the_lists_columns_and_which_go_first_when_narrow() {
    use esf_browse::model::load_bundled;
    use esf_browse::ui::state::{AppState, ListColumn, Options};
    let header = |ui: &mut Ui| -> String {
        let list = ui.panes().list.unwrap();
        let lines = ui.pane_rows(list);
        lines
            .into_iter()
            .find(|l| l.contains("Title"))
            .expect("a header row")
    };
    // By default, at 80 columns: the grant and the years, not the region.
    let mut ui = Ui::bundled(80, 24);
    let default = header(&mut ui);
    assert!(
        default.contains("ESF grant") && !default.contains("Region"),
        "{default}"
    );
    // Region first: it shows at 80 columns, and the years (not chosen) never.
    let options = Options {
        columns: vec![ListColumn::Region, ListColumn::Grant],
        ..Options::default()
    };
    let mut state = AppState::new(load_bundled(), options);
    state.update(esf_browse::ui::action::Msg::Resize(80, 24));
    let mut ui = Ui::from_state(state, false);
    let chosen = header(&mut ui);
    assert!(
        chosen.contains("Region") && chosen.contains("ESF grant"),
        "{chosen}"
    );
    assert!(!chosen.contains("Years"), "{chosen}");
}
