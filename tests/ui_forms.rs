//! The browser over pages of every form (`tests/data/forms/`): the Fond
//! facet, one Region value for every spelling, the newer fields and extra
//! fields in the detail pane, and an untitled description reachable by
//! section jumps.

mod common;

use std::path::{Path, PathBuf};

use common::ui::{Ui, filter_count};
use crossterm::event::KeyCode;
use esf_browse::model::{Facet, load_paths};
use esf_browse::ui::action::Pane;

fn forms_sized(width: u16, height: u16) -> Ui {
    let dir: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/forms");
    Ui::with(load_paths(&[dir], &|_| {}), true, width, height)
}

fn forms() -> Ui {
    forms_sized(120, 60)
}

/// Selects the project with this title by searching for it.
fn select_title(ui: &mut Ui, title: &str) {
    ui.char('/');
    ui.type_str(title);
    ui.press(KeyCode::Enter);
    let selected = ui.state().selected().unwrap();
    assert_eq!(ui.state().corpus().store.project(selected).title, title);
}

#[test]
fn the_fond_facet_counts_each_fund_and_filters_by_it() {
    let mut ui = forms();
    let filters = ui.filter_lines();
    assert!(filters.iter().any(|l| l.trim() == "Fond"), "{filters:#?}");
    assert_eq!(filter_count(&filters, "ESF"), Some(12));
    assert_eq!(filter_count(&filters, "ESF+"), Some(2));
    assert_eq!(filter_count(&filters, "React-EU"), Some(1));

    ui.press(KeyCode::BackTab);
    assert_eq!(ui.state().focus(), Pane::Filters);
    ui.go_to_filter_value(Facet::Fund, "ESF+");
    ui.char(' ');
    assert_eq!(
        ui.listed_titles(),
        [
            "Framtidsverkstan Fjällbränna",
            "Vägen in - språk och arbete för nyanlända"
        ]
    );
    assert!(
        ui.status_line().contains("Fond: ESF+"),
        "{}",
        ui.status_line()
    );
}

#[test]
fn every_spelling_of_a_region_is_one_filter_value() {
    let mut ui = forms();
    let filters = ui.filter_lines();
    assert_eq!(filter_count(&filters, "Småland och öarna"), Some(3));
    for spelling in ["Småland & Öarna", "Småland och Öarna", "ESF Nationellt"] {
        assert_eq!(filter_count(&filters, spelling), None, "{spelling}");
    }
    assert_eq!(filter_count(&filters, "Nationellt"), Some(1));
}

#[test]
fn the_detail_shows_the_newer_fields_and_the_fields_kept_as_extras() {
    let mut ui = forms();
    select_title(&mut ui, "Digital kompetens i Källmora");
    let detail = ui.panes().detail.unwrap();
    let text = ui.pane_rows(detail).join("\n");
    // The label column is as wide as the labels up to 24 columns: a
    // longer label stands on its own line, its value under it.
    let field = |label: &str, value: &str| format!("{label:<26}{value}");
    for line in [
        field("Diarienummer", "2018/00321"),
        field("Specifikt mål", "1.1"),
        field("Planerat antal deltagare", "85"),
        field("Total Kostnader", "3 982 517"),
        // The page's own spelling of its region.
        field("Region", "Småland och Öarna"),
    ] {
        assert!(text.contains(&line), "{line}\n{text}");
    }
    // A field the newer pages do not have is not shown as missing.
    assert!(!text.contains("Projektfas"), "{text}");
}

#[test]
fn an_untitled_description_is_a_section_the_jumps_reach() {
    // Short enough that the page scrolls.
    let mut ui = forms_sized(100, 24);
    select_title(&mut ui, "Framtidsverkstan Fjällbränna");
    ui.press(KeyCode::Tab);
    assert_eq!(ui.state().focus(), Pane::Detail);
    let doc = ui.state().detail_document().unwrap();
    let (heading, line) = doc.headings[0].clone();
    assert_eq!(heading, "");
    ui.char(']');
    assert_eq!(ui.state().detail_scroll(), line);
    let detail = ui.panes().detail.unwrap();
    let rows = ui.pane_rows(detail);
    assert!(rows[0].starts_with("Beskrivning"), "{rows:#?}");
    assert!(
        rows[2].starts_with("Framtidsverkstan Fjällbränna ska ge unga"),
        "{rows:#?}"
    );
}
