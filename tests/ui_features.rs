//! The reading aids of the browser at the state level and on the rendered
//! screen: full-text mode, find in page, marks, export, copy (OSC 52) and
//! the statistics view.

mod common;

use std::fs;

use common::ui::Ui;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use esf_browse::model::load_bundled;
use esf_browse::ui::action::{Intent, Msg, Pane};
use esf_browse::ui::keymap::Mode;
use esf_browse::ui::state::{AppState, Command, Options, SearchKind};
use esf_browse::ui::text_worker::TextWorker;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[test]
fn full_text_mode_finds_words_in_sections_and_shows_snippets() {
    let mut ui = Ui::with(load_bundled(), false, 120, 30);
    ui.press(KeyCode::Char('/'));
    ui.ctrl('t');
    assert_eq!(ui.state().query().kind, SearchKind::AllText);
    ui.type_str("arbetsgivarringen");
    ui.press(KeyCode::Enter);
    // Only 004 (BERGSLAGSESURSEN.NU) talks about the arbetsgivarring.
    assert_eq!(ui.state().hits().len(), 1);
    assert_eq!(ui.selected_title(), "BERGSLAGSESURSEN.NU");
    let lines = ui.lines();
    let text = lines.join("\n");
    assert!(text.contains("1 / 5 projects"), "{text}");
    // The snippet line under the title shows the count and the match.
    let snippet = lines
        .iter()
        .find(|l| l.contains("× "))
        .expect("a snippet line");
    assert!(
        snippet.to_lowercase().contains("arbetsgivarringen"),
        "{snippet}"
    );
    // Case and Swedish letters fold: ÖGRÄND finds 001's owner IDAMIC Ögränd.
    ui.press(KeyCode::Char('/'));
    ui.ctrl('u');
    ui.type_str("ÖGRÄND");
    assert_eq!(ui.state().hits().len(), 1);
    assert_eq!(ui.selected_title(), "Kraftsamling Härjedalen");
    // Phrases: all words in order.
    ui.ctrl('u');
    ui.type_str("\"ludvika kommun\"");
    assert_eq!(ui.state().hits().len(), 1);
    ui.ctrl('u');
    ui.type_str("\"kommun ludvika\"");
    assert_eq!(ui.state().hits().len(), 0);
}

#[test]
fn find_in_page_counts_and_steps_through_matches() {
    let mut ui = Ui::with(load_bundled(), false, 100, 30);
    // Select Högtrycket (003) and look for "ungdom" in it (a word the
    // stemmer leaves as it is, so what it finds is the words it starts).
    ui.press(KeyCode::Char('/'));
    ui.type_str("högtr");
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Enter);
    assert_eq!(ui.state().focus(), Pane::Detail);
    ui.press(KeyCode::Char('/'));
    assert_eq!(ui.state().mode(), Mode::Find);
    ui.type_str("ungdom");
    ui.press(KeyCode::Enter);
    let matches = ui.state().find_matches();
    let project = &ui
        .app
        .state
        .corpus()
        .store
        .project(ui.state().selected().unwrap());
    let expected: usize = project
        .text_parts()
        .iter()
        .map(|(_, text)| text.to_lowercase().matches("ungdom").count())
        .sum();
    assert!(expected > 2);
    assert_eq!(matches.len(), expected, "every occurrence is found once");
    let status = ui.lines().pop().unwrap();
    assert!(status.contains(&format!("match 1/{expected}")), "{status}");
    // On screen, every visible "ungdom" carries the match style.
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let frame = terminal.draw(|frame| ui.app.render(frame)).unwrap();
    let detail = ui.state().panes().detail.unwrap();
    let mut styled_words = 0;
    for y in detail.y..detail.bottom() {
        let row: String = (detail.x..detail.right())
            .map(|x| frame.buffer[(x, y)].symbol())
            .collect();
        if let Some(at) = row.to_lowercase().find("ungdom") {
            let column = detail.x + row[..at].chars().count() as u16;
            let cell = &frame.buffer[(column, y)];
            assert!(
                cell.modifier.contains(
                    ratatui::style::Modifier::BOLD | ratatui::style::Modifier::UNDERLINED
                ) || cell.modifier.contains(ratatui::style::Modifier::REVERSED),
                "row {row:?} is not highlighted"
            );
            styled_words += 1;
        }
    }
    assert!(styled_words >= 1, "the first match is on screen");
    ui.press(KeyCode::Char('n'));
    ui.press(KeyCode::Char('n'));
    assert_eq!(ui.state().find_current(), 2);
    let current = matches[2];
    assert!(
        current.line >= ui.state().detail_scroll(),
        "the match is scrolled into view"
    );
    ui.press(KeyCode::Char('N'));
    assert_eq!(ui.state().find_current(), 1);
    // Wraps around at the start.
    ui.press(KeyCode::Char('N'));
    ui.press(KeyCode::Char('N'));
    assert_eq!(ui.state().find_current(), expected - 1);
}

#[test]
fn marks_show_in_the_list_and_filter_to_marked_only() {
    let mut ui = Ui::with(load_bundled(), false, 100, 30);
    let first = ui.selected_title();
    ui.press(KeyCode::Char(' '));
    ui.press(KeyCode::Char('j'));
    ui.press(KeyCode::Char('j'));
    let third = ui.selected_title();
    ui.press(KeyCode::Char('x'));
    assert_eq!(ui.state().marked_count(), 2);
    let text = ui.lines().join("\n");
    assert!(text.contains(&format!("● {first}")), "{text}");
    assert!(text.contains(&format!("● {third}")));
    assert!(text.contains("2 marked"));
    ui.press(KeyCode::Char('M'));
    let titles: Vec<String> = ui
        .app
        .state
        .hits()
        .iter()
        .map(|h| {
            ui.app
                .state
                .corpus()
                .store
                .project(h.index as usize)
                .title
                .clone()
        })
        .collect();
    assert_eq!(titles, [first.clone(), third]);
    // Unmarking while only marked are shown removes the row.
    ui.press(KeyCode::Char('g'));
    ui.press(KeyCode::Char('x'));
    assert_eq!(ui.state().hits().len(), 1);
    ui.press(KeyCode::Char('M'));
    assert_eq!(ui.state().hits().len(), 5);
}

#[test]
fn export_writes_the_listed_projects_and_asks_before_overwriting() {
    let dir = tempfile::tempdir().unwrap();
    let corpus_dir = tempfile::tempdir().unwrap();
    let mut ui = Ui::with(load_bundled(), false, 100, 30);
    ui.press(KeyCode::Char('/'));
    ui.type_str("hog");
    ui.press(KeyCode::Enter);
    let listed = ui.state().hits().len();
    assert!(listed >= 1);
    ui.press(KeyCode::Char('e'));
    assert_eq!(ui.state().mode(), Mode::ExportPath);
    ui.ctrl('u');
    let target = dir.path().join("out.json");
    ui.type_str(target.to_str().unwrap());
    ui.press(KeyCode::Enter);
    let mut terminal_bytes = Vec::new();
    let roots = vec![corpus_dir.path().to_path_buf()];
    ui.carry_out(&mut terminal_bytes, &roots);
    let written: Vec<esf_browse::model::Project> =
        serde_json::from_str(&fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(written.len(), listed);
    assert!(ui.state().message().unwrap().contains("out.json"));

    // Again: the file exists, so the state asks; "n" leaves it alone.
    fs::write(&target, "keep me").unwrap();
    ui.press(KeyCode::Char('e'));
    ui.press(KeyCode::Enter);
    ui.carry_out(&mut terminal_bytes, &roots);
    assert_eq!(ui.state().mode(), Mode::Confirm);
    assert!(ui.lines().pop().unwrap().contains("Overwrite?"));
    ui.press(KeyCode::Char('n'));
    ui.carry_out(&mut terminal_bytes, &roots);
    assert_eq!(fs::read_to_string(&target).unwrap(), "keep me");
    // "y" overwrites.
    ui.press(KeyCode::Char('e'));
    ui.press(KeyCode::Enter);
    ui.carry_out(&mut terminal_bytes, &roots);
    ui.press(KeyCode::Char('y'));
    ui.carry_out(&mut terminal_bytes, &roots);
    assert!(fs::read_to_string(&target).unwrap().starts_with('['));

    // Never into the corpus directory.
    ui.press(KeyCode::Char('e'));
    ui.ctrl('u');
    let inside = corpus_dir.path().join("export.csv");
    ui.type_str(inside.to_str().unwrap());
    ui.press(KeyCode::Enter);
    ui.carry_out(&mut terminal_bytes, &roots);
    assert!(!inside.exists());
    assert!(ui.state().message().unwrap().contains("corpus"));
    assert!(
        terminal_bytes.is_empty(),
        "export sends nothing to the terminal"
    );
}

#[test]
fn copy_sends_osc_52_with_the_email_or_summary() {
    let mut ui = Ui::with(load_bundled(), false, 100, 30);
    ui.press(KeyCode::Char('/'));
    ui.type_str("hp3");
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Char('y'));
    assert_eq!(
        ui.app.state.take_commands(),
        [Command::Copy {
            what: "e-mail",
            text: "hakan@mtnab.com".into()
        }]
    );
    ui.press(KeyCode::Char('Y'));
    let mut terminal_bytes = Vec::new();
    ui.carry_out(&mut terminal_bytes, &[]);
    let sent = String::from_utf8(terminal_bytes).unwrap();
    assert!(
        sent.starts_with("\x1b]52;c;") && sent.ends_with('\x07'),
        "{sent:?}"
    );
    assert!(
        ui.state()
            .message()
            .unwrap()
            .contains("sent to the terminal")
    );

    // Turned off: nothing is queued.
    let options = Options {
        mouse: true,
        clipboard: false,
        ..Options::default()
    };
    let mut state = AppState::new(load_bundled(), options);
    state.update(Intent::CopyEmail);
    assert!(state.take_commands().is_empty());
    assert!(state.message().unwrap().contains("off"));
}

#[test]
fn statistics_view_shows_sums_and_every_region() {
    let mut ui = Ui::with(load_bundled(), false, 120, 40);
    ui.press(KeyCode::Char('v'));
    let text = ui.lines().join("\n");
    let store = &ui.state().corpus().store;
    let total: u64 = store
        .projects()
        .iter()
        .filter_map(|p| p.esf_grant_sek)
        .sum();
    let formatted = esf_browse::model::page::format::kronor(Some(total));
    assert!(
        text.contains(&format!("ESF grant in total: {formatted}")),
        "{text}"
    );
    for region in [
        "Mellersta Norrland",
        "Norra Mellansverige",
        "Östra Mellansverige",
    ] {
        assert!(text.contains(&region[..10]), "{region}");
    }
    assert!(text.contains("Projects per start year"));
    ui.press(KeyCode::Esc);
    assert!(!ui.state().show_stats());
    // Small sizes do not panic.
    ui.press(KeyCode::Char('v'));
    for (w, h) in [(1, 1), (10, 5), (30, 8), (45, 14)] {
        ui.resize(w, h);
        ui.lines();
    }
}

#[test]
fn a_burst_of_typing_is_one_search() {
    use crossterm::event::Event;
    use esf_browse::ui::event::AppEvent;
    let mut ui = Ui::with(load_bundled(), false, 100, 30);
    let keys = "/härj".chars().map(|c| {
        AppEvent::Terminal(Event::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )))
    });
    ui.app.handle_batch(keys);
    assert_eq!(ui.state().query().text, "härj");
    assert_eq!(ui.state().mode(), Mode::Search);
    assert_eq!(ui.selected_title(), "Kraftsamling Härjedalen");
}

#[test]
fn the_list_fills_in_while_loading_and_keeps_filters_and_selection() {
    use esf_browse::model::corpus::load::Batch;
    use esf_browse::model::{Corpus, Facet, Progress};
    use esf_browse::ui::event::AppEvent;
    let all = load_bundled().store.into_projects();
    let options = Options {
        mouse: true,
        clipboard: true,
        ..Options::default()
    };
    let mut state = AppState::new(Corpus::default(), options);
    state.update(Msg::LoadProgress(Progress::default()));
    state.update(Msg::Resize(100, 30));
    let mut ui = Ui::from_state(state, false);
    let progress = |done| Progress {
        files_done: done,
        files_total: 5,
        bytes_read: 0,
    };
    let first = Batch {
        projects: all[..2].to_vec(),
        progress: progress(2),
        ..Batch::default()
    };
    ui.app.handle_batch([AppEvent::Batch(Box::new(first))]);
    assert_eq!(ui.state().hits().len(), 2);
    assert!(ui.lines().join("\n").contains("2 / 2 projects"));
    // Filter on a region (filter pane, first value) and select a project
    // while the rest loads.
    ui.press(KeyCode::BackTab);
    assert_eq!(ui.state().focus(), Pane::Filters);
    ui.press(KeyCode::Char('j'));
    ui.press(KeyCode::Char(' '));
    let names = ui.state().query().filters.names(&ui.state().corpus().store);
    assert_eq!(names.len(), 1);
    let region = names[0].1.clone();
    ui.press(KeyCode::Tab);
    ui.press(KeyCode::Char('G'));
    let selected = ui.state().selected();
    assert!(selected.is_some());
    // Two batches arrive together: merged, one rebuild; then the end.
    let second = Batch {
        projects: all[2..4].to_vec(),
        progress: progress(4),
        ..Batch::default()
    };
    let third = Batch {
        projects: all[4..].to_vec(),
        progress: progress(5),
        ..Batch::default()
    };
    ui.app.handle_batch([
        AppEvent::Batch(Box::new(second)),
        AppEvent::Batch(Box::new(third)),
        AppEvent::Loaded,
    ]);
    assert!(ui.state().loading().is_none());
    assert_eq!(ui.state().corpus().store.len(), 5);
    assert_eq!(ui.state().selected(), selected, "the selection survives");
    assert_eq!(
        ui.state().query().filters.names(&ui.state().corpus().store),
        [(Facet::Region, region.clone())]
    );
    let expected = all
        .iter()
        .filter(|p| p.region.as_deref() == Some(region.as_str()))
        .count();
    assert_eq!(ui.state().hits().len(), expected);
}

#[test]
fn a_resize_keeps_the_detail_on_the_same_section() {
    let mut ui = Ui::with(load_bundled(), false, 80, 24);
    ui.press(KeyCode::Char('b'));
    let heading_line = |ui: &Ui| {
        ui.state()
            .detail_document()
            .unwrap()
            .heading_line("Bakgrund")
            .unwrap()
    };
    assert_eq!(ui.state().detail_scroll(), heading_line(&ui));
    for (w, h) in [(160, 40), (60, 20), (200, 60), (80, 24)] {
        ui.app.state.update(Msg::Resize(w, h));
        assert_eq!(ui.state().detail_scroll(), heading_line(&ui), "at {w}×{h}");
    }
}

#[test]
fn escape_then_a_key_sent_together_does_both() {
    // Terminals send Esc and a quickly following key as one Alt+key.
    let mut ui = Ui::with(load_bundled(), false, 80, 24);
    ui.type_str("/härj");
    assert_eq!(ui.state().hits().len(), 1);
    let effect = ui
        .app
        .key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::ALT));
    assert_eq!(ui.state().mode(), Mode::Browse);
    assert_eq!(ui.state().query().text, "", "Esc cleared the search");
    assert_eq!(
        ui.state().list_cursor(),
        4,
        "j moved down from Kraftsamling Härjedalen"
    );
    assert_ne!(effect, esf_browse::ui::state::Effect::Quit);
    let effect = ui
        .app
        .key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::ALT));
    assert_eq!(effect, esf_browse::ui::state::Effect::Quit);
}

#[test]
fn marks_are_kept_in_the_marks_file() {
    use esf_browse::ui::commands::load_marks;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("marks.txt");
    // A missing file is no marks.
    assert!(load_marks(&file).unwrap().is_empty());
    fs::write(&file, "003_4fa9901c3272370e\nno-such-id\n").unwrap();
    let options = Options {
        mouse: true,
        clipboard: true,
        marks_file: Some(file.clone()),
        ..Options::default()
    };
    let mut state = AppState::new(load_bundled(), options);
    state.update(Msg::RestoreMarks(load_marks(&file).unwrap()));
    assert_eq!(state.marked_ids(), ["003_4fa9901c3272370e"]);
    state.update(Msg::Resize(100, 30));
    let mut ui = Ui::from_state(state, false);
    // Mark the first project in the list (BERGSLAGSESURSEN.NU, 004).
    ui.press(KeyCode::Char('x'));
    let mut terminal_bytes = Vec::new();
    ui.carry_out(&mut terminal_bytes, &[]);
    // The id this corpus does not hold stays, in its place (issue 17).
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        "003_4fa9901c3272370e\nno-such-id\n004_f0ab1a065d6c06f1\n"
    );
    // A new session reads them back.
    let mut again = AppState::new(load_bundled(), Options::default());
    again.update(Msg::RestoreMarks(load_marks(&file).unwrap()));
    assert_eq!(again.marked_count(), 2);
}

#[test]
fn the_load_report_lists_every_skipped_file_and_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        common::sample_path(common::SAMPLES[0]),
        dir.path().join(common::SAMPLES[0]),
    )
    .unwrap();
    fs::create_dir(dir.path().join("again")).unwrap();
    fs::copy(
        common::sample_path(common::SAMPLES[0]),
        dir.path().join("again").join(common::SAMPLES[0]),
    )
    .unwrap();
    fs::write(dir.path().join("empty.txt"), "").unwrap();
    fs::write(
        dir.path()
            .join("a-very-long-name-that-wraps-in-a-narrow-window-for-sure.txt"),
        "Note\n\nno header\n",
    )
    .unwrap();
    let corpus = esf_browse::model::load_paths(&[dir.path().to_path_buf()], &|_| {});
    let mut state = AppState::new(corpus, Options::default());
    state.update(Msg::Resize(60, 24));
    let mut ui = Ui::from_state(state, false);
    let status = ui.lines().pop().unwrap();
    assert!(
        status.contains("2 skipped") || status.contains("could not be loaded"),
        "{status}"
    );
    ui.press(KeyCode::Char('!'));
    let text = ui.lines().join("");
    // The overlay's text without the frames around and behind it.
    let flat: String = text
        .replace(['│', '┐', '┘', '█', '║'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(flat.contains("empty file"), "{flat}");
    assert!(flat.contains("not a project page"), "{flat}");
    assert!(
        flat.contains("is saved in 2 files"),
        "the duplicate id is listed too: {flat}"
    );
    let joined: String = flat.split(' ').collect();
    assert!(
        joined.contains("again/000_d9d2908fd1222df0.txt"),
        "the whole report fits: {flat}"
    );
}

#[test]
fn pages_loading_in_the_background_leave_an_open_help_and_a_message_alone() {
    use esf_browse::model::corpus::load::Batch;
    use esf_browse::model::{Corpus, Progress};
    use esf_browse::ui::state::Overlay;
    let all = load_bundled().store.into_projects();
    let mut state = AppState::new(Corpus::default(), Options::default());
    state.update(Msg::LoadProgress(Progress::default()));
    state.update(Msg::Notify("export written".into()));
    state.update(Msg::AddBatch(Box::new(Batch {
        projects: all[..2].to_vec(),
        ..Batch::default()
    })));
    assert_eq!(state.message(), Some("export written"));
    state.update(Intent::ToggleHelp);
    state.update(Msg::AddBatch(Box::new(Batch {
        projects: all[2..].to_vec(),
        ..Batch::default()
    })));
    state.update(Msg::LoadFinished);
    assert_eq!(state.overlay(), Some(Overlay::Help));
    assert_eq!(state.corpus().store.len(), 5);
    assert!(state.loading().is_none());
}

#[test]
fn the_detail_is_laid_out_once_per_project_and_width_and_statistics_once_per_list() {
    let mut state = AppState::new(load_bundled(), Options::default());
    state.update(Msg::Resize(100, 30));
    let first = state.detail_document().unwrap();
    state.update(Intent::FocusNext);
    state.update(Intent::Down);
    // Scrolling the same page at the same width: the same layout.
    assert!(std::sync::Arc::ptr_eq(
        &first,
        &state.detail_document().unwrap()
    ));
    state.update(Msg::Resize(60, 30));
    let narrower = state.detail_document().unwrap();
    assert!(!std::sync::Arc::ptr_eq(&first, &narrower));
    assert!(narrower.lines.len() > first.lines.len());

    assert!(state.stats().is_none(), "computed only when shown");
    state.update(Intent::ToggleStats);
    let projects = state.stats().unwrap().projects;
    assert_eq!(projects, 5);
    state.update(Intent::FocusPrevious);
    state.update(Intent::ToggleMark);
    state.update(Intent::ToggleMarkedOnly);
    assert_eq!(
        state.stats().unwrap().projects,
        1,
        "recomputed for the new list"
    );
}

#[test]
fn t_opens_the_search_box_so_the_next_letters_are_the_search() {
    let mut ui = Ui::with(load_bundled(), false, 100, 30);
    ui.char('t');
    assert_eq!(ui.state().mode(), Mode::Search);
    assert_eq!(ui.state().query().kind, SearchKind::AllText);
    // `b`, `e`, `v` would jump, export, show statistics outside the box.
    ui.type_str("bev");
    assert_eq!(ui.state().query().text, "bev");
    assert!(!ui.state().show_stats());
}

#[test]
fn a_new_query_selects_its_best_match_at_the_top_of_the_list() {
    let mut ui = Ui::with(load_bundled(), false, 100, 30);
    ui.char('G'); // the last project, far down
    ui.char('t');
    ui.type_str("arbetsgivare");
    assert_eq!(ui.state().list_cursor(), 0);
    assert_eq!(ui.state().list_offset(), 0);
    assert_eq!(
        ui.state().selected(),
        Some(ui.state().hits()[0].index as usize)
    );
    assert!(ui.text().contains(" 1/4 "), "the list shows its position");
}

#[test]
fn the_find_count_follows_the_page_and_a_find_without_hits_says_so() {
    let mut ui = Ui::with(load_bundled(), false, 100, 30);
    ui.press(KeyCode::Tab);
    ui.type_str("/arbetsgivare");
    ui.press(KeyCode::Enter);
    for _ in 0..3 {
        ui.char('n');
    }
    assert!(ui.state().find_matches().len() > 4);
    assert!(ui.state().find_current() > 0);
    // Another project: its own first match, never `match 4/2`.
    ui.press(KeyCode::BackTab);
    ui.char('j');
    let matches = ui.state().find_matches().len();
    assert!(ui.state().find_current() < matches.max(1));
    ui.press(KeyCode::Tab);
    ui.type_str("/zzzqqq");
    assert_eq!(ui.state().message(), Some("no matches in this project"));
}

#[test]
fn full_screen_at_the_end_of_a_page_fills_the_screen() {
    let mut ui = Ui::with(load_bundled(), false, 80, 24);
    ui.press(KeyCode::Tab);
    ui.char('G');
    ui.char('z');
    let lines = ui.state().detail_document().unwrap().lines.len();
    let rows = ui.state().panes().detail.unwrap().height as usize - 2;
    assert_eq!(ui.state().detail_scroll(), lines - rows);
}

#[test]
fn q_closes_the_statistics_and_then_quits() {
    use esf_browse::ui::state::Effect;
    let mut ui = Ui::with(load_bundled(), false, 80, 24);
    ui.char('v');
    assert!(ui.state().show_stats());
    assert_eq!(ui.char('q'), Effect::Redraw);
    assert!(!ui.state().show_stats());
    assert_eq!(ui.char('q'), Effect::Quit);
}

#[test]
fn statistics_write_every_region_in_full_and_every_amount_beside_its_bar() {
    let mut ui = Ui::with(load_bundled(), false, 100, 30);
    ui.char('v');
    let text = ui.lines().join("\n");
    for (region, amount) in [
        ("Norra Mellansverige", "14,3 Mkr"),
        ("Östra Mellansverige", "1,1 Mkr"),
    ] {
        let line = text
            .lines()
            .find(|l| l.contains(region))
            .unwrap_or_else(|| panic!("{region}:\n{text}"));
        assert!(line.contains(&format!("█ {amount}")), "{line}");
    }
}

#[test]
fn o_asks_for_the_selected_page_in_the_pager_and_says_when_it_cannot() {
    let mut ui = Ui::with(load_bundled(), false, 100, 30);
    ui.char('j');
    let source = ui
        .state()
        .corpus()
        .store
        .project(ui.state().selected().unwrap())
        .source
        .clone();
    ui.char('o');
    // Without a terminal to lend (a byte sink), the reason is shown.
    let mut terminal = Vec::new();
    ui.carry_out(&mut terminal, &[]);
    assert!(ui.text().contains("no terminal to lend"), "{}", ui.text());
    // What the state asked for is the selected project's own file.
    ui.char('o');
    let commands = ui.app.state.take_commands();
    assert_eq!(commands, [Command::OpenSource(source)]);
}

/// Full-text work on threads of its own; the receiver gets a message
/// each time some is done.
fn search_in_the_background(state: &mut AppState) -> std::sync::mpsc::Receiver<()> {
    let (wake, wakes) = std::sync::mpsc::channel();
    state.use_text_worker(TextWorker::background(move || {
        let _ = wake.send(());
    }));
    wakes
}

/// Hands the state the background searches' wake-ups until none is out.
fn wait_for_text_search(ui: &mut Ui, wakes: &std::sync::mpsc::Receiver<()>) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while ui.state().text_search_running() {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        wakes
            .recv_timeout(left)
            .expect("the background search finished");
        ui.app.handle(esf_browse::ui::event::AppEvent::TextWorkDone);
    }
}

#[test]
fn all_text_searches_run_in_the_background_and_the_box_never_waits() {
    let mut ui = Ui::with(load_bundled(), false, 120, 30);
    let wakes = search_in_the_background(&mut ui.app.state);
    ui.press(KeyCode::Char('/'));
    ui.ctrl('t');
    ui.type_str("arbetsgivarringen");
    // The letters are in the box at once, with a sign that the search
    // runs; the list still shows what it showed.
    assert_eq!(ui.state().query().text, "arbetsgivarringen");
    assert!(ui.state().text_search_running());
    assert!(ui.text().contains("searching…"), "{}", ui.text());
    assert_eq!(ui.state().hits().len(), 5);
    wait_for_text_search(&mut ui, &wakes);
    assert!(!ui.text().contains("searching…"));
    assert_eq!(ui.state().hits().len(), 1);
    assert_eq!(ui.selected_title(), "BERGSLAGSESURSEN.NU");
}

#[test]
fn only_the_latest_background_search_is_listed() {
    let mut ui = Ui::with(load_bundled(), false, 120, 30);
    let wakes = search_in_the_background(&mut ui.app.state);
    ui.press(KeyCode::Char('/'));
    ui.ctrl('t');
    // Each letter starts a search and stops the one before; whichever
    // finish, the list ends with the matches of the whole query.
    ui.type_str("arbets");
    assert_eq!(ui.state().query().text, "arbets");
    wait_for_text_search(&mut ui, &wakes);
    let mut inline = Ui::with(load_bundled(), false, 120, 30);
    inline.press(KeyCode::Char('/'));
    inline.ctrl('t');
    inline.type_str("arbets");
    let listed = |ui: &Ui| -> Vec<u32> { ui.state().hits().iter().map(|h| h.index).collect() };
    assert!(!listed(&inline).is_empty());
    assert_eq!(listed(&ui), listed(&inline));
}

#[test]
fn a_loaded_corpus_is_indexed_in_the_background_and_searched_by_scanning_until_then() {
    use esf_browse::model::corpus::load::Batch;
    use esf_browse::model::{Corpus, Progress};
    let all = load_bundled().store.into_projects();
    let mut state = AppState::new(Corpus::default(), Options::default());
    let wakes = search_in_the_background(&mut state);
    state.update(Msg::LoadProgress(Progress::default()));
    state.update(Msg::AddBatch(Box::new(Batch {
        projects: all,
        ..Batch::default()
    })));
    state.update(Msg::LoadFinished);
    state.update(Msg::Resize(120, 30));
    // The index is being built; nothing has been handed in yet.
    assert_eq!(state.indexing_progress(), Some((0, 5)));
    let mut ui = Ui::from_state(state, false);
    assert!(ui.text().contains("indexing words 0/5"), "{}", ui.text());
    ui.press(KeyCode::Char('/'));
    ui.ctrl('t');
    ui.type_str("arbetsgivarringen");
    assert!(
        ui.text().contains("scanning (index not ready)"),
        "{}",
        ui.text()
    );
    wait_for_text_search(&mut ui, &wakes);
    assert_eq!(ui.selected_title(), "BERGSLAGSESURSEN.NU");
    // The index arrives (the wake-ups may already have brought it).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while ui.state().indexing_progress().is_some() {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        wakes.recv_timeout(left).expect("the index was built");
        ui.app.handle(esf_browse::ui::event::AppEvent::TextWorkDone);
    }
    assert!(!ui.text().contains("indexing words"));
    // Searched with the index now: the same project.
    ui.press(KeyCode::Backspace);
    assert!(ui.text().contains("searching…"), "{}", ui.text());
    assert!(!ui.text().contains("scanning"));
    wait_for_text_search(&mut ui, &wakes);
    assert_eq!(ui.selected_title(), "BERGSLAGSESURSEN.NU");
    assert_eq!(ui.state().hits().len(), 1);
}

#[test]
fn the_start_years_chart_keeps_the_latest_years_and_says_when_it_cannot_show_all() {
    use esf_browse::model::{Corpus, Date, Project, Store};
    let projects: Vec<Project> = (2000..=2026u16)
        .map(|year| Project {
            id: format!("p{year}"),
            title: format!("Projekt {year}"),
            period_start: Date::new(year, 3, 1),
            ..Project::default()
        })
        .collect();
    let corpus = Corpus {
        store: Store::new(projects),
        ..Corpus::default()
    };
    for (width, all) in [(80, false), (200, true)] {
        let mut ui = Ui::with(corpus.clone(), false, width, 30);
        ui.char('v');
        let text = ui.text();
        // The newest projects (ESF+ years) are never the ones dropped.
        let labels = text
            .lines()
            .find(|l| l.contains(" 24 ") && l.contains(" 26"))
            .unwrap_or_else(|| panic!("{width}: no 24/26 labels\n{text}"));
        assert!(labels.contains(" 25 "), "{labels}");
        assert_eq!(text.contains("widen for all"), !all, "{width}:\n{text}");
    }
}
