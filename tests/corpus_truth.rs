//! The corpus as a whole tells the truth: a file reached twice is read
//! once, every project has an id of its own, copies of one project are one
//! project (its fields merged, its disagreements shown), different
//! projects never merge, and `stats` counts each project once. Fixtures
//! are the invented pages of `tests/data/forms`.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::write_file;
use esf_browse::model::output::stats::Stats;
use esf_browse::model::{Corpus, Project, load_paths};
use proptest::prelude::*;

fn form(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/forms")
        .join(name);
    fs::read_to_string(path).unwrap()
}

fn load(paths: &[PathBuf]) -> Corpus {
    load_paths(paths, &|_| {})
}

fn esf_browse(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_esf-browse"))
        .args(args)
        .env("HOME", env!("CARGO_TARGET_TMPDIR"))
        .env("XDG_CONFIG_HOME", env!("CARGO_TARGET_TMPDIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn text(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn the_same_file_name_in_two_folders_is_two_projects_with_ids_of_their_own() {
    let dir = tempfile::tempdir().unwrap();
    write_file(&dir, "a/page.txt", form("old_plain.txt"));
    write_file(&dir, "b/page.txt", form("new_2021_full.txt"));
    write_file(&dir, "c/other.txt", form("new_2014.txt"));
    let corpus = load(&[dir.path().to_path_buf()]);
    let mut ids: Vec<&str> = corpus
        .store
        .projects()
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    ids.sort();
    assert_eq!(ids, ["a/page", "b/page", "other"]);

    let json = esf_browse(&["list", text(dir.path()), "--format", "json"]);
    assert!(json.status.success());
    let listed: Vec<Project> = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(listed.len(), 3);
    assert!(listed.iter().all(|p| p.sources.len() == 1));

    let shown = esf_browse(&["show", "b/page", text(dir.path())]);
    let shown = String::from_utf8(shown.stdout).unwrap();
    assert!(shown.contains("Framtidsverkstan Fjällbränna"), "{shown}");
    let shown = esf_browse(&["show", "a/page", text(dir.path())]);
    let shown = String::from_utf8(shown.stdout).unwrap();
    assert!(shown.contains("Yrkesbron Tallmora"), "{shown}");

    // `page` alone could mean either: said, never picked silently.
    let ambiguous = esf_browse(&["show", "page", text(dir.path())]);
    assert_eq!(ambiguous.status.code(), Some(1));
    let said = String::from_utf8(ambiguous.stderr).unwrap();
    assert!(said.contains("a/page") && said.contains("b/page"), "{said}");

    let both = Stats::compute(&corpus.store, 0..corpus.store.len());
    assert_eq!(both.projects, 3);
    assert_eq!(both.duplicates, 0);
}

#[cfg(unix)]
#[test]
fn a_file_reached_through_a_folder_a_link_and_its_own_path_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let page = write_file(&dir, "pages/x.txt", form("old_plain.txt"));
    std::os::unix::fs::symlink(&page, dir.path().join("pages/link.txt")).unwrap();
    let corpus = load(&[
        dir.path().join("pages"),
        page.clone(),
        dir.path().join("pages/link.txt"),
    ]);
    assert_eq!(corpus.store.len(), 1);
    assert_eq!(corpus.files_seen, 1);
    assert_eq!(corpus.store.project(0).sources.len(), 1);
    assert!(corpus.duplicates.is_empty());
}

/// The 2021–2027 fixture crawled again: other labels for some fields, no
/// amount lines, another participant count.
fn second_crawl() -> String {
    let first = form("new_2021_full.txt");
    let mut lines: Vec<&str> = first.lines().collect();
    if let Some(at) = lines.iter().position(|l| *l == "Antal deltagare:") {
        lines[at + 1] = "150";
    }
    lines.retain(|l| !l.starts_with("Program CCI"));
    lines.join("\n").replace("Berörd fond:", "Fond:")
}

#[test]
fn two_crawls_of_one_page_are_one_project_with_every_value_shown() {
    let dir = tempfile::tempdir().unwrap();
    write_file(&dir, "monday/23-123-S04.txt", form("new_2021_full.txt"));
    write_file(&dir, "tuesday/23-123-S04.txt", second_crawl());
    let corpus = load(&[dir.path().to_path_buf()]);
    assert_eq!(corpus.store.len(), 1, "one project");
    let project = corpus.store.project(0);
    assert_eq!(project.copies(), 2);
    assert_eq!(
        project.participant_count,
        Some(180),
        "the first file's value"
    );
    let said = project.warnings.join("\n");
    assert!(said.contains("Antal deltagare: 180"), "{said}");
    assert!(said.contains("150"), "{said}");
    assert!(
        said.contains("monday/23-123-S04") && said.contains("tuesday/23-123-S04"),
        "{said}"
    );
    assert_eq!(corpus.duplicates.len(), 1);
    // Either file's id finds it.
    assert!(corpus.store.find_id("tuesday/23-123-S04").is_ok());

    let stats = esf_browse(&["stats", text(dir.path()), "--format", "json"]);
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(stats["projects"], 1);
    assert_eq!(stats["duplicates"], 1);
}

#[test]
fn a_copy_without_amounts_takes_them_from_the_other() {
    let dir = tempfile::tempdir().unwrap();
    let with = form("new_2014.txt");
    let mut lines: Vec<&str> = with.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == "Beviljat ESF-stöd:")
        .unwrap();
    lines.drain(at..at + 2);
    let without = lines.join("\n");
    // The copy without amounts comes first in path order.
    write_file(&dir, "a/copy.txt", &without);
    write_file(&dir, "b/copy.txt", &with);
    let corpus = load(&[dir.path().to_path_buf()]);
    assert_eq!(corpus.store.len(), 1);
    let alone = load(&[dir.path().join("b")]);
    assert_eq!(
        corpus.store.project(0).esf_grant_sek,
        alone.store.project(0).esf_grant_sek
    );
    assert!(corpus.store.project(0).esf_grant_sek.is_some());
}

#[test]
fn projects_that_only_share_a_title_stay_apart() {
    let dir = tempfile::tempdir().unwrap();
    let one = form("old_plain.txt");
    let other = one
        .replace("Projektägaresaknas", "ProjektägareEn helt annan förening")
        .replace("2012-02-01 till", "2013-05-01 till");
    write_file(&dir, "one.txt", &one);
    write_file(&dir, "other.txt", &other);
    let corpus = load(&[dir.path().to_path_buf()]);
    assert_eq!(corpus.store.len(), 2);
}

/// The figures a user quotes.
fn totals(corpus: &Corpus) -> (usize, u64, u64, Vec<(String, usize, u64)>) {
    let stats = Stats::compute(&corpus.store, 0..corpus.store.len());
    let regions = stats
        .per_region
        .iter()
        .map(|r| (r.region.clone(), r.projects, r.esf_grant_sek))
        .collect();
    (
        stats.projects,
        stats.esf_grant_total_sek,
        stats.total_budget_total_sek,
        regions,
    )
}

const FORMS: [&str; 10] = [
    "old_plain.txt",
    "old_covid.txt",
    "old_no_notice.txt",
    "old_crlf_bom.txt",
    "oldsite_2014.txt",
    "new_2014.txt",
    "new_2014_no_diarienummer.txt",
    "new_2014_react_eu.txt",
    "new_2021_full.txt",
    "cut_short.txt",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Copying any page into another folder, under its own name or any
    /// other, changes no count or total.
    #[test]
    fn a_copy_of_any_page_changes_no_figure(
        chosen in proptest::sample::subsequence(FORMS.to_vec(), 1..=FORMS.len()),
        copied in any::<proptest::sample::Index>(),
        renamed in "[a-z]{1,8}",
        keep_name in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        for name in &chosen {
            write_file(&dir, &format!("corpus/{name}"), form(name));
        }
        let before = totals(&load(&[dir.path().join("corpus")]));
        let name = copied.get(&chosen);
        let copy_name = if keep_name { name.to_string() } else { format!("{renamed}.txt") };
        write_file(&dir, &format!("corpus/elsewhere/{copy_name}"), form(name));
        let after = totals(&load(&[dir.path().join("corpus")]));
        prop_assert_eq!(before, after);
    }
}

#[test]
fn the_browser_lists_copies_once_and_shows_where_they_disagree() {
    use common::ui::{Ui, detail_rows};
    use crossterm::event::KeyCode;
    let dir = tempfile::tempdir().unwrap();
    write_file(&dir, "monday/23-123-S04.txt", form("new_2021_full.txt"));
    write_file(&dir, "tuesday/23-123-S04.txt", second_crawl());
    write_file(&dir, "other.txt", form("old_plain.txt"));
    let mut ui = Ui::with(load(&[dir.path().to_path_buf()]), false, 100, 30);
    let titles = ui.listed_titles();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(
        titles.iter().any(|t| t.starts_with("×2 Framtidsverkstan")),
        "{titles:?}"
    );
    // Open the merged project: its warnings stand above its fields.
    while !ui.selected_title().contains("Framtidsverkstan") {
        ui.press(KeyCode::Down);
    }
    ui.press(KeyCode::Enter);
    let rows = detail_rows(&mut ui).join("\n");
    let warning = rows
        .find("copies disagree on Antal deltagare")
        .expect(&rows);
    let first_field = rows.find("Diarienummer").expect(&rows);
    assert!(warning < first_field, "{rows}");
    // The load report lists the page warnings too.
    ui.char('!');
    let report = ui.text();
    assert!(report.contains("copies disagree"), "{report}");
    assert!(report.contains("saved in 2 files"), "{report}");
}
