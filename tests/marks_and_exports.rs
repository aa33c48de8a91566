//! Nothing lost (issue 17): the marks file is the user's — keys of other
//! corpora, comments and blank lines survive, two windows never erase each
//! other's marks — and every write (marks, export) leaves either the whole
//! new file or the old one untouched, and says so when it fails.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::write_file;
use esf_browse::model::{Corpus, Project, Store};
use esf_browse::ui::action::{Edit, Intent, Msg};
use esf_browse::ui::commands::{Surroundings, load_marks, run_pending};
use esf_browse::ui::state::{AppState, Options};
use proptest::prelude::*;

/// Project `n` of a small invented corpus; every third has a registration
/// number, which is then its key in the marks file.
fn project(n: usize) -> Project {
    Project {
        id: format!("page_{n:02}"),
        title: format!("Projekt {n:02}"),
        registration_number: n.is_multiple_of(3).then(|| format!("2019/{n:05}")),
        region: Some("Stockholm".into()),
        ..Project::default()
    }
}

fn key(n: usize) -> String {
    project(n).mark_key().to_string()
}

/// A browser on projects `numbers`, keeping marks in `file`.
fn session(numbers: &[usize], file: &Path) -> AppState {
    let corpus = Corpus {
        store: Store::new(numbers.iter().map(|&n| project(n)).collect()),
        files_seen: numbers.len(),
        ..Corpus::default()
    };
    let options = Options {
        marks_file: Some(file.to_path_buf()),
        ..Options::default()
    };
    let mut state = AppState::new(corpus, options);
    state.update(Msg::Resize(100, 30));
    state.update(Msg::RestoreMarks(load_marks(file).unwrap()));
    state
}

/// Marks or unmarks project `n` (its row: the list is in title order),
/// and lets the runner save.
fn toggle(state: &mut AppState, numbers: &[usize], n: usize) {
    let row = numbers.iter().position(|&m| m == n).unwrap();
    state.update(Intent::Top);
    for _ in 0..row {
        state.update(Intent::Down);
    }
    state.update(Intent::ToggleMark);
    carry_out(state, &[]);
}

fn carry_out(state: &mut AppState, roots: &[PathBuf]) {
    let mut terminal = Vec::new();
    run_pending(
        state,
        &mut Surroundings {
            terminal: &mut terminal,
            corpus_roots: roots,
        },
    );
}

/// Two corpus subsets that overlap in projects 4–6.
const FIRST: [usize; 7] = [0, 1, 2, 3, 4, 5, 6];
const SECOND: [usize; 7] = [4, 5, 6, 7, 8, 9, 10];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// Two windows on different subsets mark and unmark in any order: the
    /// file ends with exactly the keys whose last action was a mark (the
    /// starting file's keys count as marked), plus its other lines.
    #[test]
    fn two_sessions_never_lose_a_mark_the_user_did_not_take_back(
        actions in prop::collection::vec((any::<bool>(), 0usize..7), 1..30),
        start in prop::collection::vec(0usize..11, 0..5),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("marks.txt");
        let mut text = String::from("# my marks\nfrom_another_corpus\n");
        for &n in &start {
            text.push_str(&key(n));
            text.push('\n');
        }
        fs::write(&file, &text).unwrap();
        let mut last: BTreeMap<String, bool> = start.iter().map(|&n| (key(n), true)).collect();
        last.insert("from_another_corpus".into(), true);
        let mut windows = [session(&FIRST, &file), session(&SECOND, &file)];
        for (second, pick) in actions {
            let numbers: &[usize] = if second { &SECOND } else { &FIRST };
            let n = numbers[pick];
            let state = &mut windows[usize::from(second)];
            let was_marked = state.marked_ids().contains(&project(n).id.as_str());
            toggle(state, numbers, n);
            last.insert(key(n), !was_marked);
        }
        let saved = fs::read_to_string(&file).unwrap();
        prop_assert!(saved.starts_with("# my marks\n"), "{}", saved);
        let mut keys: Vec<&str> = saved.lines().filter(|l| !l.starts_with('#')).collect();
        keys.sort_unstable();
        // The user's own repeats stay repeats: compare the keys as a set.
        keys.dedup();
        let mut expected: Vec<&str> = last
            .iter()
            .filter(|(_, marked)| **marked)
            .map(|(key, _)| key.as_str())
            .collect();
        expected.sort_unstable();
        prop_assert_eq!(keys, expected, "file:\n{}", saved);
        for state in &windows {
            prop_assert!(state.write_failures().is_empty());
        }
    }
}

#[test]
fn a_renamed_page_keeps_its_mark_by_registration_number() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("marks.txt");
    let mut state = session(&FIRST, &file);
    toggle(&mut state, &FIRST, 3);
    assert_eq!(fs::read_to_string(&file).unwrap(), "2019/00003\n");
    // The same project saved under another file name.
    let renamed = Project {
        id: "renamed_page".into(),
        ..project(3)
    };
    let corpus = Corpus {
        store: Store::new(vec![renamed]),
        ..Corpus::default()
    };
    let mut again = AppState::new(corpus, Options::default());
    again.update(Msg::RestoreMarks(load_marks(&file).unwrap()));
    assert_eq!(again.marked_ids(), ["renamed_page"]);
}

#[test]
fn a_marks_file_that_cannot_be_written_is_left_alone_and_the_user_told() {
    let dir = tempfile::tempdir().unwrap();
    // A "folder" that is a file: nothing can be created in it, not even as root.
    let not_a_folder = write_file(&dir, "plain", "x");
    let file = not_a_folder.join("marks.txt");
    let corpus = Corpus {
        store: Store::new(FIRST.iter().map(|&n| project(n)).collect()),
        ..Corpus::default()
    };
    let options = Options {
        marks_file: Some(file.clone()),
        ..Options::default()
    };
    let mut state = AppState::new(corpus, options);
    state.update(Msg::Resize(100, 30));
    toggle(&mut state, &FIRST, 1);
    assert_eq!(state.write_failures().len(), 1);
    assert!(state.write_failures()[0].contains("marks not saved"));
    assert!(state.message().unwrap().contains("marks not saved"));
    assert_eq!(fs::read_to_string(&not_a_folder).unwrap(), "x");
    // The change is kept: a later save (once writable) still has it.
    assert_eq!(state.mark_changes().len(), 1);
}

#[test]
fn an_export_that_cannot_be_written_leaves_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = write_file(&dir, "out.csv", "old export\n");
    let mut state = session(&FIRST, &dir.path().join("marks.txt"));
    // The target is there: say yes to overwriting, then make its folder
    // refuse by putting a file where the export's folder should be.
    let blocked = write_file(&dir, "blocked", "x").join("out.csv");
    state.update(Intent::StartExport);
    state.update(Intent::EditText(Edit::Clear));
    state.update(Intent::EditText(Edit::Insert(
        blocked.display().to_string(),
    )));
    state.update(Intent::Accept);
    carry_out(&mut state, &[]);
    assert_eq!(state.write_failures().len(), 1, "{:?}", state.message());
    assert_eq!(fs::read_to_string(&target).unwrap(), "old export\n");
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 2, "no temporary file left behind");
}

#[test]
fn a_file_named_like_a_temporary_one_is_never_touched() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.txt");
    // The name the first release wrote its marks to before renaming.
    let own = write_file(&dir, "notes.tmp", "my own notes\n");
    let mut state = session(&FIRST, &file);
    toggle(&mut state, &FIRST, 2);
    assert_eq!(fs::read_to_string(&own).unwrap(), "my own notes\n");
    assert_eq!(fs::read_to_string(&file).unwrap(), "page_02\n");
}

mod export_prompt {
    use super::*;
    use esf_browse::ui::commands::complete_path;
    use esf_browse::ui::keymap::Mode;
    use esf_browse::ui::state::Prompt;

    fn typed(state: &AppState) -> String {
        match state.prompt() {
            Some(Prompt::ExportPath(editor)) => editor.text().to_string(),
            other => panic!("no export prompt: {other:?}"),
        }
    }

    #[test]
    fn the_path_is_edited_at_the_cursor() {
        let dir = tempfile::tempdir().unwrap();
        let mut state = session(&FIRST, &dir.path().join("marks.txt"));
        state.update(Intent::StartExport);
        state.update(Intent::EditText(Edit::Clear));
        state.update(Intent::EditText(Edit::Insert("/x/ut.csv".into())));
        for _ in 0..4 {
            state.update(Intent::EditText(Edit::Left));
        }
        state.update(Intent::EditText(Edit::Char('2')));
        state.update(Intent::EditText(Edit::Home));
        state.update(Intent::EditText(Edit::Char('~')));
        state.update(Intent::EditText(Edit::End));
        state.update(Intent::EditText(Edit::Backspace));
        assert_eq!(typed(&state), "~/x/ut2.cs");
    }

    #[test]
    fn an_unknown_extension_is_refused_and_the_path_kept() {
        let dir = tempfile::tempdir().unwrap();
        let mut state = session(&FIRST, &dir.path().join("marks.txt"));
        state.update(Intent::StartExport);
        state.update(Intent::EditText(Edit::Clear));
        let xlsx = dir.path().join("out.xlsx");
        state.update(Intent::EditText(Edit::Insert(xlsx.display().to_string())));
        state.update(Intent::Accept);
        assert_eq!(state.mode(), Mode::ExportPath, "still asking");
        assert!(state.message().unwrap().contains(".xlsx"));
        carry_out(&mut state, &[]);
        assert!(!xlsx.exists());
    }

    #[test]
    fn the_reason_for_refusing_shows_in_the_status_bar_even_when_narrow() {
        use common::ui::Ui;
        let dir = tempfile::tempdir().unwrap();
        let mut ui = Ui::from_state(session(&FIRST, &dir.path().join("marks.txt")), false);
        ui.resize(40, 12);
        ui.char('e');
        ui.ctrl('u');
        ui.type_str("/some/long/folder/out.xlsx");
        ui.press(crossterm::event::KeyCode::Enter);
        let status = ui.lines().pop().unwrap();
        assert!(status.contains(".csv or .json"), "{status}");
        // The next key edits the path again.
        ui.press(crossterm::event::KeyCode::Backspace);
        assert!(ui.lines().pop().unwrap().contains("export to:"));
    }

    #[test]
    fn tab_completes_a_name_and_lists_the_choices() {
        let dir = tempfile::tempdir().unwrap();
        write_file(&dir, "reports/keep.txt", "x");
        write_file(&dir, "rapport-2024.csv", "x");
        write_file(&dir, "rapport-2025.csv", "x");
        let folder = format!("{}/", dir.path().display());
        assert_eq!(
            complete_path(&format!("{folder}rep")).0,
            format!("{folder}reports/")
        );
        let (shared, choices) = complete_path(&format!("{folder}rap"));
        assert_eq!(shared, format!("{folder}rapport-202"));
        assert_eq!(choices, ["rapport-2024.csv", "rapport-2025.csv"]);
        // Through the browser: Tab asks the runner, the prompt gets it.
        let mut state = session(&FIRST, &dir.path().join("marks.txt"));
        state.update(Intent::StartExport);
        state.update(Intent::EditText(Edit::Clear));
        state.update(Intent::EditText(Edit::Insert(format!("{folder}rep"))));
        state.update(Intent::Complete);
        carry_out(&mut state, &[]);
        assert_eq!(typed(&state), format!("{folder}reports/"));
    }

    #[test]
    fn a_long_path_keeps_its_end_and_the_cursor_in_view() {
        use common::ui::Ui;
        let dir = tempfile::tempdir().unwrap();
        let state = session(&FIRST, &dir.path().join("marks.txt"));
        let mut ui = Ui::from_state(state, false);
        ui.resize(60, 20);
        ui.char('e');
        ui.ctrl('u');
        let long = format!("/{}/last-part.csv", "deep-folder".repeat(12));
        ui.type_str(&long);
        let status = ui.lines().pop().unwrap();
        let left = status.split('│').next().unwrap();
        assert!(left.trim_end().ends_with("last-part.csv"), "{status}");
        assert!(status.starts_with(" export to: "), "{status}");
    }
}

#[test]
fn the_export_prompt_can_put_the_section_texts_in_the_csv() {
    let dir = tempfile::tempdir().unwrap();
    let mut state = session(&FIRST, &dir.path().join("marks.txt"));
    let target = dir.path().join("with-text.csv");
    state.update(Intent::StartExport);
    state.update(Intent::EditText(Edit::Clear));
    state.update(Intent::EditText(Edit::Insert(target.display().to_string())));
    state.update(Intent::CycleCsvStyle);
    assert!(state.export_with_text());
    state.update(Intent::Accept);
    carry_out(&mut state, &[]);
    let csv = fs::read_to_string(&target).unwrap();
    assert!(csv.lines().next().unwrap().ends_with(",sections"), "{csv}");
}
