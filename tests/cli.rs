//! The built binary's scriptable commands: `list`, `show`, `check`, their
//! exit codes and error lines, and that nothing is written into a corpus.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{SAMPLES, assets_dir, sample_text, write_file};
use esf_browse::model::{Project, load_bundled, load_paths};

/// Runs the binary in `cwd` with `args`.
fn run_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_esf-browse"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "80")
        .output()
        .expect("run esf-browse")
}

/// Runs the binary in an empty scratch directory, and checks that the run
/// left nothing behind in it.
fn run(args: &[&str]) -> Output {
    let cwd = tempfile::tempdir().unwrap();
    let output = run_in(cwd.path(), args);
    let left: Vec<_> = fs::read_dir(cwd.path()).unwrap().collect();
    assert!(left.is_empty(), "{args:?} wrote into its working directory");
    output
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// Every file under `dir`: its bytes and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, std::time::SystemTime)> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path);
            } else if meta.is_file() {
                files.insert(
                    path.clone(),
                    (fs::read(&path).unwrap(), meta.modified().unwrap()),
                );
            } else {
                files.insert(path, (Vec::new(), meta.modified().unwrap()));
            }
        }
    }
    files
}

fn json_projects(output: &Output) -> Vec<Project> {
    assert_exit(output, 0);
    serde_json::from_slice(&output.stdout).expect("list --format json is a list of projects")
}

fn ids(projects: &[Project]) -> Vec<&str> {
    projects.iter().map(|p| p.id.as_str()).collect()
}

/// A copy of the samples plus pages made from sample 000 with new titles.
fn corpus_with_titles(titles: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let page = sample_text(SAMPLES[0]);
    assert_eq!(page.matches("\nHP3\n").count(), 1);
    for (i, title) in titles.iter().enumerate() {
        write_file(
            &dir,
            &format!("t{i}.txt"),
            page.replace("\nHP3\n", &format!("\n{title}\n")),
        );
    }
    dir
}

#[test]
fn list_json_round_trips_to_the_librarys_projects() {
    let before = snapshot(&assets_dir());

    let listed = json_projects(&run(&["list", "--format", "json"]));
    let bundled = load_bundled();
    // Without a query the rows come in Swedish title order:
    // BERGSLAGSESURSEN.NU, HP3, Högtrycket (ö after z), Kraftsamling …, På väg …
    assert_eq!(
        ids(&listed),
        [
            "004_f0ab1a065d6c06f1",
            "000_d9d2908fd1222df0",
            "003_4fa9901c3272370e",
            "001_a16e8f42b249ee6d",
            "002_311de50e972e0bd9",
        ]
    );
    for p in &listed {
        let q = bundled.store.project(bundled.store.find_id(&p.id).unwrap());
        assert_eq!(p, q, "{}", p.id);
    }

    let assets = assets_dir();
    let listed = json_projects(&run(&["list", path_arg(&assets), "--format", "json"]));
    let loaded = load_paths(std::slice::from_ref(&assets), &|_| {});
    assert_eq!(listed.len(), 5);
    for p in &listed {
        let q = loaded.store.project(loaded.store.find_id(&p.id).unwrap());
        assert_eq!(p, q, "{}", p.id);
        assert_eq!(p.source, assets.join(format!("{}.txt", p.id)));
    }

    assert_eq!(snapshot(&assets_dir()), before, "assets changed");
}

#[test]
fn list_csv_has_a_header_and_one_row_per_project() {
    let output = run(&["list", "--format", "csv"]);
    assert_exit(&output, 0);
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 6, "{text}");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    assert_eq!(&headers[0], "id");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5);
    let row = rows
        .iter()
        .find(|r| &r[column("id")] == "001_a16e8f42b249ee6d")
        .expect("row for 001");
    assert_eq!(&row[column("title")], "Kraftsamling Härjedalen");
    assert_eq!(&row[column("esf_grant_sek")], "3521794");
    assert_eq!(&row[column("total_budget_sek")], "11645708");
    assert_eq!(&row[column("period_start")], "2012-02-01");
    assert_eq!(&row[column("period_end")], "2014-03-31");
    assert_eq!(&row[column("phone")], "0680 - 176 61");
    let row = rows
        .iter()
        .find(|r| &r[column("id")] == "000_d9d2908fd1222df0")
        .expect("row for 000");
    assert_eq!(&row[column("owner")], "", "saknas is an empty cell");
}

#[test]
fn list_filters_by_region() {
    let listed = json_projects(&run(&[
        "list",
        "--region",
        "Norra Mellansverige",
        "--format",
        "json",
    ]));
    let mut got = ids(&listed);
    got.sort();
    assert_eq!(
        got,
        [
            "002_311de50e972e0bd9",
            "003_4fa9901c3272370e",
            "004_f0ab1a065d6c06f1"
        ]
    );
    assert!(
        listed
            .iter()
            .all(|p| p.region.as_deref() == Some("Norra Mellansverige"))
    );

    // The table: a header and three rows.
    let output = run(&["list", "--region", "Norra Mellansverige"]);
    assert_exit(&output, 0);
    let table = stdout(&output);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 4, "{table}");
    assert!(lines[0].starts_with("ID"));
    assert!(lines[1..].iter().all(|l| l.contains("Norra Mellansverige")));

    // Two regions combine with OR.
    let listed = json_projects(&run(&[
        "list",
        "--region",
        "Norra Mellansverige",
        "--region",
        "Mellersta Norrland",
        "--format",
        "json",
    ]));
    assert_eq!(listed.len(), 4);
}

#[test]
fn sort_by_title_is_swedish() {
    let dir = corpus_with_titles(&["Östra", "Zeta", "Åsa", "Alfa", "Ärla", "zebra"]);
    let before = snapshot(dir.path());
    let titles =
        |projects: Vec<Project>| -> Vec<String> { projects.into_iter().map(|p| p.title).collect() };
    let sorted = titles(json_projects(&run(&[
        "list",
        path_arg(dir.path()),
        "--sort",
        "title",
        "--format",
        "json",
    ])));
    assert_eq!(sorted, ["Alfa", "zebra", "Zeta", "Åsa", "Ärla", "Östra"]);
    let reversed = titles(json_projects(&run(&[
        "list",
        path_arg(dir.path()),
        "--sort",
        "title",
        "--reverse",
        "--format",
        "json",
    ])));
    assert_eq!(reversed, ["Östra", "Ärla", "Åsa", "Zeta", "zebra", "Alfa"]);
    assert_eq!(snapshot(dir.path()), before, "corpus changed");
}

#[test]
fn query_finds_titles_without_accents() {
    let listed = json_projects(&run(&["list", "--query", "harj", "--format", "json"]));
    assert_eq!(ids(&listed), ["001_a16e8f42b249ee6d"]);
    assert_eq!(listed[0].title, "Kraftsamling Härjedalen");

    let output = run(&["list", "-q", "HÄRJ"]);
    assert_exit(&output, 0);
    assert!(stdout(&output).contains("Kraftsamling Härjedalen"));

    let listed = json_projects(&run(&["list", "--query", "zzzz", "--format", "json"]));
    assert!(listed.is_empty());
}

#[test]
fn show_prints_a_project() {
    let output = run(&["show", "001"]);
    assert_exit(&output, 0);
    let text = stdout(&output);
    assert!(text.contains("Kraftsamling Härjedalen"), "{text}");
    assert!(text.lines().any(|l| l.trim() == "Bakgrund"), "{text}");
    assert!(text.contains("Carina Portin"));
    assert!(text.contains("Härjedalen"));

    let assets = assets_dir();
    let before = snapshot(&assets);
    let output = run(&["show", "004_f0ab1a065d6c06f1", path_arg(&assets), "--json"]);
    assert_exit(&output, 0);
    let p: Project = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(p.title, "BERGSLAGSESURSEN.NU");
    assert_eq!(p.source, assets.join("004_f0ab1a065d6c06f1.txt"));
    assert_eq!(snapshot(&assets), before);
}

#[test]
fn show_of_an_unknown_id_fails() {
    let output = run(&["show", "nonexistent"]);
    assert_exit(&output, 1);
    let err = stderr(&output);
    assert!(err.starts_with("esf-browse:"), "{err}");
    assert!(err.contains("nonexistent"), "{err}");
    assert!(stdout(&output).is_empty());

    // An ambiguous prefix is an error too, naming the candidates.
    let output = run(&["show", "00"]);
    assert_exit(&output, 1);
    let err = stderr(&output);
    assert!(err.starts_with("esf-browse:"), "{err}");
    assert!(err.contains("001_a16e8f42b249ee6d"), "{err}");
}

#[test]
fn check_passes_on_the_samples() {
    let assets = assets_dir();
    let before = snapshot(&assets);
    let output = run(&["check", path_arg(&assets)]);
    assert_exit(&output, 0);
    let text = stdout(&output);
    for name in SAMPLES {
        assert!(
            text.lines()
                .any(|l| l.starts_with("ok") && l.ends_with(name)),
            "{name} not ok:\n{text}"
        );
    }
    assert!(
        text.contains("5 projects parsed (5 old layout), 0 warnings, 0 errors"),
        "{text}"
    );
    assert_eq!(snapshot(&assets), before);

    let output = run(&["check"]);
    assert_exit(&output, 0);
    assert!(stdout(&output).contains("5 projects parsed"));
}

#[test]
fn check_fails_on_bad_files_and_names_them() {
    let dir = tempfile::tempdir().unwrap();
    for name in SAMPLES {
        fs::copy(assets_dir().join(name), dir.path().join(name)).unwrap();
    }
    let empty = write_file(&dir, "empty.txt", b"");
    let binary = write_file(&dir, "binary.txt", common::noise(4096, 7));
    let before = snapshot(dir.path());

    let output = run(&["check", path_arg(dir.path())]);
    assert_exit(&output, 1);
    let text = format!("{}{}", stdout(&output), stderr(&output));
    let line_for = |path: &Path| {
        text.lines()
            .find(|l| l.contains(path_arg(path)))
            .unwrap_or_else(|| panic!("no line names {}:\n{text}", path.display()))
            .to_string()
    };
    assert!(line_for(&empty).contains("empty file"), "{text}");
    assert!(line_for(&binary).contains("binary"), "{text}");
    assert!(text.contains("5 projects parsed"), "{text}");
    assert!(text.contains("2 errors"), "{text}");

    // `list` still lists the good pages and reports the bad ones on stderr.
    let output = run(&["list", path_arg(dir.path()), "--format", "json"]);
    let listed = json_projects(&output);
    assert_eq!(listed.len(), 5);
    let err = stderr(&output);
    assert!(
        err.lines().any(|l| l.starts_with("esf-browse:")
            && l.contains(path_arg(&empty))
            && l.contains("empty file")),
        "{err}"
    );

    assert_eq!(snapshot(dir.path()), before, "corpus changed");
}

#[test]
fn bad_usage_exits_2() {
    let output = run(&["check", "--bogus"]);
    assert_exit(&output, 2);
    assert!(stderr(&output).contains("--bogus"));
    assert!(stdout(&output).is_empty());

    let output = run(&["list", "--format", "yaml"]);
    assert_exit(&output, 2);
    let output = run(&["show"]);
    assert_exit(&output, 2);
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    // Enough pages that the output overflows the pipe before anyone reads.
    let dir = tempfile::tempdir().unwrap();
    for copy in 0..80 {
        for name in SAMPLES {
            write_file(&dir, &format!("{copy:02}_{name}"), sample_text(name));
        }
    }
    for args in [
        vec!["list", "--format", "json"],
        vec!["list", "--format", "csv"],
        vec!["check"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_esf-browse"))
            .args(&args)
            .arg(dir.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Close our end at once, like `| head -c 0`.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(stderr(&output).is_empty(), "{args:?}: {}", stderr(&output));
    }
}

fn forms_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/forms")
}

#[test]
fn pages_of_every_form_are_listed_filtered_and_shown_by_registration_number() {
    let forms = forms_dir();
    let dir = path_arg(&forms);

    let output = run(&["check", "-q", dir]);
    assert_exit(&output, 1);
    assert!(
        stdout(&output).contains("(9 old layout, 5 newer, 1 old site 2014–2020)"),
        "{}",
        stdout(&output)
    );

    // Every spelling of a region is one filter value.
    let output = run(&[
        "list",
        dir,
        "--region",
        "Småland & Öarna",
        "--format",
        "json",
    ]);
    let mut ids: Vec<String> = json_projects(&output).into_iter().map(|p| p.id).collect();
    ids.sort();
    assert_eq!(ids, ["new_2014", "old_covid", "oldsite_2014"]);

    let output = run(&["list", dir, "--fund", "ESF+", "--format", "json"]);
    let funds: Vec<Option<String>> = json_projects(&output).into_iter().map(|p| p.fund).collect();
    assert_eq!(funds, [Some("ESF+".to_string()), Some("ESF+".to_string())]);

    let output = run(&[
        "list",
        dir,
        "--programme-period",
        "2021–2027",
        "--format",
        "csv",
    ]);
    let csv = stdout(&output);
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    assert_eq!(
        &header[14..17],
        ["registration_number", "programme_period", "fund"]
    );
    assert_eq!(csv.lines().count(), 3, "{csv}");

    let output = run(&["show", "2018/00321", dir]);
    assert_exit(&output, 0);
    let text = stdout(&output);
    assert!(text.starts_with("Digital kompetens i Källmora"), "{text}");
    assert!(text.contains("Diarienummer"), "{text}");
}

#[test]
fn completions_and_the_man_page_come_from_the_command_line_definition() {
    for shell in ["zsh", "fish"] {
        let output = run(&["completions", shell]);
        assert_exit(&output, 0);
        let script = stdout(&output);
        for word in ["esf-browse", "list", "region", "fund", "format"] {
            assert!(script.contains(word), "{shell}: {word} missing");
        }
    }
    let output = run(&["man"]);
    assert_exit(&output, 0);
    let page = stdout(&output);
    assert!(
        page.starts_with(".ie") || page.contains(".TH"),
        "{page:.200}"
    );
    assert!(
        page.contains("esf\\-browse") || page.contains("esf-browse"),
        "{page:.400}"
    );
    // One page: every command in it, none pointing to a page that is not
    // there; and what a reader of a man page looks for.
    assert!(!page.contains("esf\\-browse\\-list(1)"), "{page}");
    for command in ["list", "show", "check", "stats", "serve"] {
        assert!(
            page.contains(&format!(".SS \"esf\\-browse {command}\"")),
            "{command}"
        );
    }
    for section in ["KEYS", "CONFIG FILE", "ENVIRONMENT", "EXAMPLES"] {
        assert!(page.contains(&format!(".SH {section}")), "{section}");
    }
    assert!(page.contains("NO_COLOR"));
    assert_exit(&run(&["completions", "tcsh"]), 2);
}

#[test]
fn filters_fold_accents_and_dashes_and_say_what_there_is() {
    let ids = |output: &Output| -> Vec<String> {
        json_projects(output).into_iter().map(|p| p.id).collect()
    };
    let output = run(&["list", "--region", "ostra", "--format", "json"]);
    assert_exit(&output, 0);
    assert_eq!(ids(&output), ["000_d9d2908fd1222df0"]);
    let output = run(&[
        "list",
        "--programme-period",
        "2007-2013",
        "--format",
        "json",
    ]);
    assert_eq!(ids(&output).len(), 5);
    // An unknown value: nothing listed, the values there are, status 1.
    let output = run(&["list", "--region", "nowhere"]);
    assert_exit(&output, 1);
    assert!(
        stderr(&output).contains("Norra Mellansverige"),
        "{}",
        stderr(&output)
    );
    // A path that does not exist is an error, not an empty list.
    let output = run(&["list", "/no/such/dir/anywhere"]);
    assert_exit(&output, 1);
    assert!(stderr(&output).contains("no such file or directory"));
    // Relevance without a search says it sorted by title.
    let output = run(&["list", "--sort", "relevance"]);
    assert_exit(&output, 0);
    assert!(stderr(&output).contains("sorted by title"));
}

#[test]
fn show_takes_a_title_as_well_as_an_id() {
    let output = run(&["show", "harj"]);
    assert_exit(&output, 0);
    let text = stdout(&output);
    assert!(text.starts_with("Kraftsamling Härjedalen"), "{text}");
    assert!(
        text.contains("001_a16e8f42b249ee6d"),
        "the id is shown: {text}"
    );
    let output = run(&["show", "a"]);
    assert_exit(&output, 1);
    assert!(
        stderr(&output).contains("several titles"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_project_saved_twice_under_other_names_is_reported_and_counted_once() {
    let dir = tempfile::tempdir().unwrap();
    let page = fs::read(forms_dir().join("new_2014.txt")).unwrap();
    write_file(&dir, "saved-monday.txt", &page);
    write_file(&dir, "saved-tuesday.txt", &page);
    let output = run(&["check", path_arg(dir.path())]);
    let text = stdout(&output);
    assert!(
        text.contains("project 2018/00321 is saved in 2 files"),
        "{text}"
    );
    let output = run(&["stats", path_arg(dir.path())]);
    let text = stdout(&output);
    assert!(text.contains("Copies merged                1"), "{text}");
}

#[test]
fn list_query_tolerates_a_typo() {
    let output = run(&["list", "--query", "bergslagsresursen", "--format", "json"]);
    assert_exit(&output, 0);
    let ids: Vec<String> = json_projects(&output).into_iter().map(|p| p.id).collect();
    assert_eq!(ids, ["004_f0ab1a065d6c06f1"]);
}

/// Pages of the three programme periods, each area spelt as its pages do.
fn three_periods() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "old_plain",
        "old_no_notice",
        "old_covid",
        "oldsite_2014",
        "new_2014",
        "new_2014_no_diarienummer",
        "new_2014_react_eu",
        "new_2021_full",
        "new_2021_no_cookie_reordered",
    ] {
        let page = fs::read(forms_dir().join(format!("{name}.txt"))).unwrap();
        write_file(&dir, &format!("{name}.txt"), &page);
    }
    dir
}

fn listed_ids(dir: &tempfile::TempDir, program_area: &str) -> Vec<String> {
    let output = run(&[
        "list",
        path_arg(dir.path()),
        "--program-area",
        program_area,
        "--format",
        "json",
    ]);
    assert_exit(&output, 0);
    let mut ids: Vec<String> = json_projects(&output).into_iter().map(|p| p.id).collect();
    ids.sort();
    ids
}

#[test]
fn program_area_matches_canonical_areas_of_each_period() {
    let dir = three_periods();
    // The old pages' spelling: area 1 of 2007–2013 and of 2014–2020,
    // however each page writes it (`Programområde 1 …`, `1.1 …`, `1`).
    assert_eq!(
        listed_ids(&dir, "Programområde 1"),
        ["new_2014", "old_covid", "oldsite_2014"]
    );
    // The canonical label, any dash, with or without its dot.
    assert_eq!(
        listed_ids(&dir, "2007-2013 · 2"),
        ["old_no_notice", "old_plain"]
    );
    assert_eq!(
        listed_ids(&dir, "2014–2020 1 kompetensforsorjning"),
        ["new_2014", "oldsite_2014"]
    );
    assert_eq!(
        listed_ids(&dir, "2021-2027"),
        ["new_2021_full", "new_2021_no_cookie_reordered"]
    );
    assert_eq!(listed_ids(&dir, "b"), ["new_2021_full"]);
    // JSON keeps what the page wrote.
    let output = run(&[
        "list",
        path_arg(dir.path()),
        "--program-area",
        "Programområde 1",
        "--format",
        "json",
    ]);
    let mut written: Vec<Option<String>> = json_projects(&output)
        .into_iter()
        .map(|p| p.program_area)
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            Some("1".to_string()),
            Some("1.1 Kompetensförsörjning".to_string()),
            Some("Programområde 1 Kompetensförsörjning".to_string()),
        ]
    );
    // A value no project has lists the canonical areas there are.
    let output = run(&[
        "list",
        path_arg(dir.path()),
        "--program-area",
        "Programområde 9",
    ]);
    assert_exit(&output, 1);
    assert!(
        stderr(&output).contains("2007–2013 · 1 Kompetensförsörjning"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn stats_sums_per_programme_period_and_canonical_area() {
    let dir = three_periods();
    let output = run(&["stats", path_arg(dir.path()), "--format", "json"]);
    assert_exit(&output, 0);
    let stats: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let rows: Vec<(String, String, u64)> = stats["per_program_area"]
        .as_array()
        .expect("per_program_area")
        .iter()
        .map(|row| {
            (
                row["programme_period"].as_str().unwrap_or("").to_string(),
                row["program_area"].as_str().unwrap_or("").to_string(),
                row["projects"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let row =
        |period: &str, area: &str, projects: u64| (period.to_string(), area.to_string(), projects);
    assert_eq!(
        rows,
        [
            row("2007–2013", "1 Kompetensförsörjning", 1),
            row("2007–2013", "2 Ökat arbetskraftsutbud", 2),
            row("2014–2020", "1 Kompetensförsörjning", 2),
            row("2014–2020", "2 Öka övergångarna till arbete", 1),
            row("2014–2020", "7", 1),
            row(
                "2021–2027",
                "A Öka möjligheten till ett inkluderande och hållbart arbetsliv för alla",
                1
            ),
            row("2021–2027", "B Öka möjligheten till arbete", 1),
        ]
    );
    // The table, filtered: one area of one period.
    let output = run(&[
        "stats",
        path_arg(dir.path()),
        "--program-area",
        "2014-2020 · 1",
    ]);
    assert_exit(&output, 0);
    let text = stdout(&output);
    assert!(text.contains("Projects                     2"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("2014–2020  1 Kompetensförsörjning") && l.contains(" 2 ")),
        "{text}"
    );
    assert!(!text.contains("2007–2013"), "{text}");
}

#[test]
fn csv_options_without_csv_are_an_error_not_ignored() {
    for args in [
        &["list", "--for-spreadsheets"][..],
        &["list", "--with-text", "--format", "json"][..],
    ] {
        let output = run(args);
        assert_exit(&output, 2);
        assert!(
            stderr(&output).contains("--format csv"),
            "{}",
            stderr(&output)
        );
        assert!(output.stdout.is_empty());
    }
    assert_exit(&run(&["list", "--with-text", "--format", "csv"]), 0);
}

#[test]
fn check_of_a_folder_without_pages_fails_and_counts_copies_as_warnings() {
    let empty = tempfile::tempdir().unwrap();
    let output = run(&["check", path_arg(empty.path())]);
    assert_exit(&output, 1);
    assert!(
        stderr(&output).contains("no project pages"),
        "{}",
        stderr(&output)
    );
    let dir = tempfile::tempdir().unwrap();
    let page = fs::read(forms_dir().join("new_2014.txt")).unwrap();
    write_file(&dir, "a.txt", &page);
    write_file(&dir, "b.txt", &page);
    let text = stdout(&run(&["check", "-q", path_arg(dir.path())]));
    assert!(text.contains("is saved in 2 files"), "{text}");
    assert!(!text.contains(" 0 warnings"), "{text}");
}

#[test]
fn a_project_within_one_year_shows_that_year_once() {
    let text = stdout(&run(&["list", "--query", "hp3"]));
    assert!(text.contains(" 2009 "), "{text}");
    assert!(!text.contains("2009–2009"), "{text}");
}

#[test]
fn a_marks_file_in_a_missing_folder_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let marks = dir.path().join("no-such-folder/marks.txt");
    let output = run(&["--marks", path_arg(&marks)]);
    assert_exit(&output, 2);
    let said = stderr(&output);
    assert!(said.contains("does not exist"), "{said}");
    // No temporary file of its own is named (the folder's path, whatever
    // it is on this machine, aside).
    let dir_path = dir.path().to_str().unwrap();
    assert!(!said.replace(dir_path, "DIR").contains(".tmp"), "{said}");
}

#[test]
fn the_table_marks_near_matches_and_shows_the_amount_it_is_sorted_by() {
    let near = stdout(&run(&["list", "--query", "hgotrycket"]));
    assert!(near.contains("≈ Högtrycket"), "{near}");
    let exact = stdout(&run(&["list", "--query", "högtrycket"]));
    assert!(!exact.contains('≈'), "{exact}");
    let by_budget = stdout(&run(&["list", "--sort", "budget"]));
    let header = by_budget.lines().next().unwrap();
    assert!(header.ends_with("TOTAL BUDGET"), "{header}");
    assert!(by_budget.contains("16 567 751 kr"), "{by_budget}");
}

#[test]
fn a_filter_value_where_no_page_has_any_says_so() {
    let dir = tempfile::tempdir().unwrap();
    write_file(
        &dir,
        "page.txt",
        fs::read(forms_dir().join("new_2021_full.txt")).unwrap(),
    );
    let output = run(&["list", path_arg(dir.path()), "--municipality", "x"]);
    assert_exit(&output, 1);
    let said = stderr(&output);
    assert!(said.contains("no page here names any Kommun"), "{said}");
}

#[test]
fn the_config_option_goes_before_or_after_a_command() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    fs::write(&config, "[keys]\n").unwrap();
    for args in [
        ["--config", path_arg(&config), "list", "--format", "json"],
        ["list", "--config", path_arg(&config), "--format", "json"],
        ["--no-config", "list", "--sort", "title", "--format=json"],
    ] {
        let output = run(&args);
        assert_exit(&output, 0);
        assert_eq!(json_projects(&output).len(), 5, "{args:?}");
    }
}

#[test]
fn a_browser_option_before_a_command_is_refused_not_ignored() {
    let output = run(&["--no-mouse", "list"]);
    assert_exit(&output, 2);
    assert!(
        stderr(&output).contains("--no-mouse"),
        "{}",
        stderr(&output)
    );
    assert!(stdout(&output).is_empty());
}

/// What bash completes for `words`, the last being the one completed: the
/// script `completions bash` prints, sourced in a real bash, asked the way
/// bash asks on Tab.
fn bash_completes(words: &[&str]) -> Vec<String> {
    let script = stdout(&run(&["completions", "bash"]));
    let dir = tempfile::tempdir().unwrap();
    let script_path = dir.path().join("esf-browse.bash");
    fs::write(&script_path, script).unwrap();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_esf-browse"))
        .parent()
        .unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_TYPE=9\n\
         _clap_complete_esf_browse esf-browse '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script_path.display(),
        quoted.join(" "),
        words.len() - 1,
        words[words.len() - 1],
        words[words.len().saturating_sub(2)],
    );
    let output = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .env("PATH", path)
        .current_dir(dir.path())
        .output()
        .expect("bash runs");
    stdout(&output).lines().map(str::to_string).collect()
}

#[test]
fn bash_completes_a_commands_options_and_values() {
    let commands = bash_completes(&["esf-browse", "st"]);
    assert!(commands.contains(&"stats".to_string()), "{commands:?}");
    // After a command: its own options (the static script had nothing here).
    let options = bash_completes(&["esf-browse", "list", "--so"]);
    assert_eq!(options, ["--sort"]);
    let values = bash_completes(&["esf-browse", "list", "--sort", ""]);
    for value in ["title", "grant", "start"] {
        assert!(values.contains(&value.to_string()), "{values:?}");
    }
}

#[test]
fn ranges_keep_projects_by_start_year_and_amounts() {
    let all = json_projects(&run(&["list", "--format", "json"]));
    let years = |p: &Project| p.period_start.map(|d| d.year);
    let output = run(&["list", "--years", "2010-2014", "--format", "json"]);
    assert_exit(&output, 0);
    let kept = json_projects(&output);
    let expected: Vec<&str> = all
        .iter()
        .filter(|p| years(p).is_some_and(|y| (2010..=2014).contains(&y)))
        .map(|p| p.id.as_str())
        .collect();
    assert!(!expected.is_empty() && expected.len() < all.len());
    let mut got = ids(&kept);
    got.sort();
    let mut want = expected.clone();
    want.sort();
    assert_eq!(got, want);
    // Amounts with k and M, open ends; stats counts the same projects.
    let rich = json_projects(&run(&["list", "--grant", "4M-", "--format", "json"]));
    assert!(rich.iter().all(|p| p.esf_grant_sek.unwrap() >= 4_000_000));
    let expected = all
        .iter()
        .filter(|p| p.esf_grant_sek.is_some_and(|g| g >= 4_000_000));
    assert_eq!(rich.len(), expected.count());
    let stats = stdout(&run(&["stats", "--grant", "4M-", "--format", "json"]));
    assert!(
        stats.contains(&format!("\"projects\": {}", rich.len())),
        "{stats}"
    );
    // A range that is none is refused, saying how to write one.
    let output = run(&["list", "--years", "2015x"]);
    assert_exit(&output, 2);
    assert!(stderr(&output).contains("FROM-TO"), "{}", stderr(&output));
}
