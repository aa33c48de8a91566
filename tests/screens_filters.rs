//! Screen tests of the filter pane: facet counts and selecting values.
//! The real `App` driven by key events, drawn into a `TestBackend`, with
//! assertions on the text and styles of the buffer (harness: `tests/common/ui.rs`).

use crossterm::event::KeyCode;
use esf_browse::model::Facet;
use esf_browse::ui::action::Pane;
use esf_browse::ui::state::FilterRow;

mod common;

use common::ui::{TITLES, Ui, all_indices, filter_count, region_counts, titles_of};

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

#[test]
fn the_order_of_a_facets_values_stays_put_when_another_facet_is_filtered() {
    let mut ui = Ui::bundled(120, 60);
    let kommun_order = |ui: &mut Ui| -> Vec<String> {
        let lines = ui.filter_lines();
        let start = lines.iter().position(|l| l.trim() == "Kommun").unwrap();
        lines[start + 1..]
            .iter()
            .take_while(|l| l.starts_with("  "))
            .map(|l| l.trim().rsplit_once(" (").unwrap().0.to_string())
            .collect()
    };
    let before = kommun_order(&mut ui);
    ui.press(KeyCode::BackTab);
    ui.go_to_filter_value(Facet::Region, "Norra Mellansverige");
    ui.char(' ');
    let after = kommun_order(&mut ui);
    // Fewer (or, with rows freed above, more) values may be in view, but
    // those in view both times are in the same order.
    let kept: Vec<&String> = before.iter().filter(|k| after.contains(k)).collect();
    let shown: Vec<&String> = after.iter().filter(|k| before.contains(k)).collect();
    assert_eq!(kept, shown);
    assert!(after.len() > 3, "{after:?}");
}

#[test]
fn narrow_screens_say_why_f_shows_no_filter_pane_and_count_the_filters() {
    let mut ui = Ui::bundled(50, 16);
    assert!(ui.panes().filters.is_none());
    ui.char('f');
    assert!(ui.state().show_filters(), "not hidden for good");
    assert!(
        ui.status_line().contains("needs 60 columns"),
        "{}",
        ui.status_line()
    );
    // Two filters chosen on a wide screen, then narrow: the count shows.
    let mut wide = Ui::bundled(120, 40);
    wide.press(KeyCode::BackTab);
    wide.go_to_filter_value(Facet::Region, "Norra Mellansverige");
    wide.char(' ');
    wide.go_to_filter_value(Facet::Phase, "Genomförande");
    wide.char(' ');
    wide.resize(50, 16);
    assert!(
        wide.status_line().contains("2 filters"),
        "{}",
        wide.status_line()
    );
}

#[test]
fn slash_in_the_filter_pane_narrows_its_values() {
    let mut ui = Ui::bundled(120, 40);
    ui.press(KeyCode::BackTab);
    assert_eq!(ui.state().focus(), Pane::Filters);
    ui.type_str("/hede");
    let lines = ui.filter_lines();
    let values: Vec<&String> = lines
        .iter()
        // (The ranges below the facets are not values.)
        .filter(|l| l.starts_with("  ") && !l.trim().is_empty() && l.contains('('))
        .collect();
    assert_eq!(values.len(), 1, "{lines:#?}");
    assert!(values[0].contains("Hedemora"));
    // Enter keeps the narrowing to select from; Space selects.
    ui.press(KeyCode::Enter);
    ui.go_to_filter_value(Facet::Municipality, "Hedemora");
    ui.char(' ');
    assert!(ui.text().contains("3 / 5 projects"));
    // Esc in the box clears it: every value again.
    ui.char('/');
    ui.press(KeyCode::Esc);
    assert!(
        ui.filter_lines()
            .iter()
            .filter(|l| l.starts_with("  "))
            .count()
            > 10
    );
}

#[test]
fn narrowed_values_say_so_and_esc_in_the_pane_shows_them_all_again() {
    let mut ui = Ui::bundled(120, 40);
    ui.press(KeyCode::BackTab);
    ui.type_str("/bor");
    ui.press(KeyCode::Enter);
    // The box is closed, the narrowing stays: the pane says so.
    let text = ui.text();
    assert!(text.contains("/bor"), "{text}");
    assert!(text.contains("Esc: all values"), "{text}");
    let narrowed = ui
        .filter_lines()
        .iter()
        .filter(|l| l.starts_with("  "))
        .count();
    ui.press(KeyCode::Esc);
    assert_eq!(ui.state().value_filter(), "");
    assert!(!ui.text().contains("/bor"));
    let all = ui
        .filter_lines()
        .iter()
        .filter(|l| l.starts_with("  "))
        .count();
    assert!(all > narrowed, "{narrowed} -> {all}");
}

#[test]
fn a_paste_with_the_list_focused_is_a_search_and_its_lines_are_joined() {
    use crossterm::event::Event;
    use esf_browse::ui::event::AppEvent;
    let mut ui = Ui::bundled(120, 40);
    assert_eq!(ui.state().focus(), Pane::List);
    let paste = Event::Paste("Kraftsamling\nHärjedalen\n".into());
    ui.app.handle(AppEvent::Terminal(paste));
    assert_eq!(ui.state().query().text, "Kraftsamling Härjedalen");
    assert!(ui.text().contains("1 / 5 projects"), "{}", ui.text());
}

// ----- programme areas by period -----

/// Pages of three programme periods, areas spelt as each period's pages do.
fn three_periods() -> esf_browse::model::Corpus {
    use esf_browse::model::{Corpus, Date, Project, Store};
    let page = |id: &str, area: &str, year: u16| Project {
        id: id.into(),
        title: format!("Projekt {id}"),
        program_area: Some(area.into()),
        period_start: Date::new(year, 2, 1),
        ..Project::default()
    };
    let projects = vec![
        page("a", "Programområde 2 Ökat arbetskraftsutbud", 2009),
        page("b", "2", 2010),
        page("c", "Programområde 1 Kompetensförsörjning", 2011),
        page("d", "1", 2016),
        page("e", "1.1 Kompetensförsörjning", 2017),
        page("f", "React-EU", 2020),
        page("g", "B", 2023),
        page("h", "A2A", 2024),
    ];
    Corpus {
        files_seen: projects.len(),
        store: Store::new(projects),
        ..Corpus::default()
    }
}

#[test]
fn programme_areas_are_grouped_under_their_period_with_merged_counts() {
    let mut ui = Ui::with(three_periods(), false, 140, 40);
    let lines = ui.filter_lines();
    let start = lines
        .iter()
        .position(|l| l.trim_end() == "Programområde")
        .expect("the Programområde heading");
    let block: Vec<&str> = lines[start + 1..start + 11]
        .iter()
        .map(|l| l.trim_end())
        .collect();
    let expected = [
        " 2007–2013",
        "  2 Ökat arbetskraftsutbud (2)",
        "  1 Kompetensförsörjning (1)",
        " 2014–2020",
        "  1 Kompetensförsörjning (2)",
        "  React-EU (1)",
        " 2021–2027",
    ];
    assert_eq!(&block[..7], expected, "{lines:#?}");
    // Two areas of ESF+ with one project each, in Swedish order.
    assert!(block[7].starts_with("  A Öka möjligheten"), "{lines:#?}");
    assert_eq!(
        filter_count(
            &block[8..9]
                .iter()
                .map(|l| l.to_string())
                .collect::<Vec<_>>(),
            "B Öka möjligheten till arbete"
        ),
        Some(1)
    );

    // Space on an area selects it, by its canonical label.
    ui.press(KeyCode::BackTab);
    ui.go_to_filter_value(Facet::ProgramArea, "2014–2020 · 1 Kompetensförsörjning");
    ui.char(' ');
    assert!(ui.text().contains("2 / 8 projects"), "{}", ui.text());
    // Space on a period's row selects all its areas, and again none.
    ui.char('c');
    let group = ui
        .state()
        .filter_rows()
        .iter()
        .position(|row| matches!(row, FilterRow::Group { .. }))
        .expect("a period row");
    ui.char('g');
    for _ in 0..group {
        ui.char('j');
    }
    ui.char(' ');
    assert!(ui.text().contains("3 / 8 projects"), "{}", ui.text());
    ui.char(' ');
    assert!(ui.text().contains("8 projects"), "{}", ui.text());
}

#[test]
fn brackets_jump_between_facets_and_z_folds_one() {
    let mut ui = Ui::bundled(120, 60);
    ui.press(KeyCode::BackTab);
    assert_eq!(ui.state().focus(), Pane::Filters);
    let facet_under_cursor = |ui: &Ui| ui.state().filter_rows()[ui.state().filter_cursor()];
    assert_eq!(facet_under_cursor(&ui), FilterRow::Header(Facet::Region));
    // `]` to each facet's heading in turn, `[` back.
    ui.char(']');
    assert_eq!(
        facet_under_cursor(&ui),
        FilterRow::Header(Facet::ProgramArea)
    );
    ui.char(']');
    ui.char(']');
    assert_eq!(
        facet_under_cursor(&ui),
        FilterRow::Header(Facet::Municipality)
    );
    ui.char('j');
    ui.char('[');
    assert_eq!(
        facet_under_cursor(&ui),
        FilterRow::Header(Facet::Municipality)
    );
    ui.char('[');
    assert_eq!(facet_under_cursor(&ui), FilterRow::Header(Facet::Phase));
    // `z` folds Kommun to its heading; `z` again unfolds it.
    ui.char(']');
    let values_of_kommun = |ui: &mut Ui| -> usize {
        let lines = ui.filter_lines();
        let start = lines
            .iter()
            .position(|l| l.trim_start().starts_with("Kommun"))
            .unwrap();
        lines[start + 1..]
            .iter()
            .take_while(|l| l.starts_with("  "))
            .count()
    };
    let unfolded = values_of_kommun(&mut ui);
    assert!(unfolded > 3, "{unfolded}");
    ui.char('z');
    assert_eq!(values_of_kommun(&mut ui), 0);
    assert!(ui.filter_lines().iter().any(|l| l.trim() == "Kommun ▸"));
    assert_eq!(
        facet_under_cursor(&ui),
        FilterRow::Header(Facet::Municipality)
    );
    ui.char(']');
    assert_eq!(facet_under_cursor(&ui), FilterRow::Header(Facet::Fund));
    ui.char('[');
    ui.char('z');
    assert_eq!(values_of_kommun(&mut ui), unfolded);
}

#[test]
fn a_range_is_typed_on_its_row_in_the_filter_pane() {
    let mut ui = Ui::bundled(100, 40);
    let store = ui.state().corpus().store.clone();
    let total = store.len();
    let from_2010 = (0..total)
        .filter(|&i| {
            store
                .project(i)
                .period_start
                .is_some_and(|d| d.year >= 2010)
        })
        .count();
    assert!(from_2010 > 0 && from_2010 < total, "{from_2010} of {total}");
    ui.press(KeyCode::BackTab);
    // The ranges stand last: `G` goes there; they say what they hold.
    ui.char('G');
    let lines = ui.filter_lines();
    for wanted in ["Ranges", "Years any", "Grant any", "Budget any"] {
        assert!(
            lines.iter().any(|l| l.trim() == wanted),
            "{wanted}: {lines:?}"
        );
    }
    // The cursor on Total budget; `k` `k` to Start year, Enter types it.
    ui.char('k');
    ui.char('k');
    assert_eq!(
        ui.state().filter_rows()[ui.state().filter_cursor()],
        FilterRow::Range(esf_browse::model::query::Measure::StartYear)
    );
    ui.press(KeyCode::Enter);
    let status = ui.status_line();
    assert!(
        status.contains("Start year:") && status.contains("2010-2014"),
        "{status}"
    );
    // A wrong range says how to write one and stays open to mend.
    ui.type_str("2014-2010");
    ui.press(KeyCode::Enter);
    assert!(
        ui.status_line().contains("is not a range"),
        "{}",
        ui.status_line()
    );
    ui.ctrl('u');
    ui.type_str("2010-");
    ui.press(KeyCode::Enter);
    assert!(
        ui.text()
            .contains(&format!("{from_2010} / {total} projects")),
        "{}",
        ui.text()
    );
    assert!(ui.filter_lines().iter().any(|l| l.trim() == "Years ≥2010"));
    assert!(ui.filter_lines().iter().any(|l| l.trim() == "Ranges (1✓)"));
    assert!(
        ui.status_line().contains("1 filter"),
        "{}",
        ui.status_line()
    );
    // Enter again offers what is set, to change; `c` clears it.
    ui.press(KeyCode::Enter);
    assert!(
        ui.status_line().contains("Start year: 2010-"),
        "{}",
        ui.status_line()
    );
    ui.press(KeyCode::Esc);
    ui.char('c');
    assert!(
        ui.text().contains(&format!("{total} projects")),
        "{}",
        ui.text()
    );
    assert!(ui.filter_lines().iter().any(|l| l.trim() == "Years any"));
    // `C` clears every filter, ranges too.
    ui.press(KeyCode::Enter);
    ui.type_str("..2009");
    ui.press(KeyCode::Enter);
    assert!(
        ui.text().contains(&format!("/ {total} projects")),
        "{}",
        ui.text()
    );
    ui.char('C');
    assert!(
        ui.text().contains(&format!("{total} projects")),
        "{}",
        ui.text()
    );
}
