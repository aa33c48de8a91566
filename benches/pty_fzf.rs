//! Keystroke → final screen through a real pseudo-terminal, esf-browse
//! against fzf in one run (issue 26).
//!
//! Both programs run at once, each in a 120×35 pty of the tests' harness
//! (`tests/common/pty.rs`, a clean HOME): the release `esf-browse --fresh
//! DIR` on a generated corpus, and `fzf` reading the same titles, one a
//! line, on its standard input. Once each has loaded everything (the list
//! title at N / N projects with no loading or indexing shown; fzf's counter
//! at N/N) and gone quiet, queries of each kind are typed a key at a time.
//! A key's time runs from writing it to the program's last byte of output
//! before the pty stays quiet for the settle window: keystroke → final
//! screen, as the eye sees it (the read thread's timestamps, so the
//! harness's parsing of the output counts too, alike for both). The next
//! key waits for the quiet. esf-browse opens its search with `/` and
//! clears it with Esc, fzf clears with Ctrl-U; neither is timed. The two
//! programs take turns on each query, so that load from elsewhere on the
//! machine hits both alike.
//!
//! Prints p50 / p99 / max per program and query kind, and over all keys.
//! Without `fzf` on PATH (`apt-get install fzf`) only esf-browse is
//! measured.
//!
//! `cargo bench --features synth --bench pty_fzf`
//! (ESF_BENCH_SIZES=10000,100000, ESF_BENCH_ROUNDS=5,
//! ESF_BENCH_SETTLE_MS=150, ESF_BENCH_FZF=0 leaves fzf out; the corpus
//! is generated once into the temporary folder, `esf-bench-forms-N`, and
//! kept, its titles beside it)

mod common;
use common::{BACKSPACE, percentile, typed_text};
// The tests' shared helpers, for their pseudo-terminal harness.
#[path = "../tests/common/mod.rs"]
mod tests_common;
use tests_common::pty::{Pty, PtyCommand};

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use rayon::prelude::*;

const COLUMNS: u16 = 120;
const ROWS: u16 = 35;
/// How long loading 100 000 pages may take on a busy machine.
const LOAD_DEADLINE: Duration = Duration::from_secs(600);
/// The query kinds, and the queries typed for each.
const KINDS: [(&str, &[&str]); 6] = [
    ("one letter", &["a"]),
    ("words", &["kompetens", "arb mark"]),
    ("Swedish letters", &["härj", "ö"]),
    ("no match", &["xyz"]),
    ("typo", &["kompetenz"]),
    ("backspace", &["kompetens⌫⌫⌫⌫⌫⌫"]),
];

/// One program under test, running in its pty.
struct Program {
    name: &'static str,
    pty: Pty,
    /// The keys (not timed) that open the query line, and that clear it.
    open: &'static [u8],
    clear: &'static [u8],
    /// Whether the screen shows `typed` as the query.
    shows: fn(&vt100::Screen, &str) -> bool,
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn fzf_on_path() -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join("fzf").is_file()))
}

fn fzf_version() -> String {
    Command::new("fzf")
        .arg("--version")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
        .unwrap_or_default()
}

/// The 1, 5 and 15 minute load averages.
fn load_average() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    text.split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The generated titles, one a line, beside the corpus (written once).
fn titles_file(corpus: &Path, count: usize) -> PathBuf {
    let path = corpus.with_extension("titles.txt");
    let lines = std::fs::read_to_string(&path).map_or(0, |text| text.lines().count());
    if lines != count {
        let titles: Vec<String> = (0..count)
            .into_par_iter()
            .map(|i| esf_browse::synth::project(2007, i).title)
            .collect();
        std::fs::write(&path, titles.join("\n") + "\n").expect("write the titles");
    }
    path
}

/// The list title's `LISTED / TOTAL projects`.
fn listed_of_total(text: &str) -> Option<(usize, usize)> {
    let before = &text[..text.find(" projects ")?];
    let mut numbers = before.rsplit(' ').filter(|w| !w.is_empty());
    let total = numbers.next()?.parse().ok()?;
    if numbers.next()? != "/" {
        return None;
    }
    Some((numbers.next()?.parse().ok()?, total))
}

/// Whether the list title shows every project (some generated pages are
/// copies of others, merged, so there are fewer projects than pages).
fn whole_list(text: &str) -> bool {
    listed_of_total(text).is_some_and(|(listed, total)| listed == total && total > 0)
}

/// `esf-browse --fresh DIR`, once its whole list is shown and it is quiet.
fn start_browser(corpus: &Path, size: usize, settle: Duration) -> Program {
    let started = Instant::now();
    let pty = PtyCommand::browser()
        .arg("--fresh")
        .arg(corpus)
        .size(COLUMNS, ROWS)
        .deadline(LOAD_DEADLINE)
        .start();
    pty.wait_until("the whole list", |screen| {
        let text = screen.contents();
        let busy = ["Loading", "loading ", "indexing words"];
        whole_list(&text) && !busy.iter().any(|b| text.contains(b))
    });
    let (_, projects) = pty
        .screen(|screen| listed_of_total(&screen.contents()))
        .unwrap_or_default();
    println!(
        "{size:>8}  esf-browse: all {projects} projects listed in {:.2?} (copies merged)",
        started.elapsed()
    );
    pty.wait_quiet(Instant::now(), settle);
    Program {
        name: "esf-browse",
        pty,
        open: b"/",
        clear: b"\x1b",
        shows: |screen, typed| screen.contents().contains(&format!("/ {typed}")),
    }
}

/// `fzf` reading `titles`, once its counter is at N/N and it is quiet.
fn start_fzf(titles: &Path, size: usize, settle: Duration) -> Program {
    let started = Instant::now();
    let pty = PtyCommand::new("sh")
        .args(["-c", "exec fzf < \"$1\"", "sh"])
        .arg(titles)
        .size(COLUMNS, ROWS)
        .deadline(LOAD_DEADLINE)
        .start();
    let full = format!(" {size}/{size}");
    pty.wait_until("fzf's counter at N/N", |screen| {
        screen.contents().contains(&full)
    });
    println!(
        "{size:>8}  fzf: all {size} titles read in {:.2?}",
        started.elapsed()
    );
    pty.wait_quiet(Instant::now(), settle);
    Program {
        name: "fzf",
        pty,
        open: b"",
        clear: b"\x15",
        // The prompt, on the bottom line.
        shows: |screen, typed| {
            let prompt = screen.rows(0, COLUMNS).last().unwrap_or_default();
            prompt.trim_end() == format!("> {typed}").trim_end()
        },
    }
}

/// The bytes of one key of a bench query.
fn key_bytes(c: char) -> Vec<u8> {
    if c == BACKSPACE {
        vec![0x7f]
    } else {
        c.to_string().into_bytes()
    }
}

/// Sends keys that are not timed, and waits for the quiet after them.
fn send_untimed(program: &Program, keys: &[u8], settle: Duration) {
    if !keys.is_empty() {
        let sent = Instant::now();
        program.pty.send(keys);
        program.pty.wait_quiet(sent, settle);
    }
}

/// Types `query` a key at a time into `program`: each key's time to the
/// last output before the quiet.
fn type_query(program: &Program, query: &str, settle: Duration) -> Vec<Duration> {
    send_untimed(program, program.open, settle);
    let mut times = Vec::new();
    for c in query.chars() {
        let sent = Instant::now();
        program.pty.send(&key_bytes(c));
        match program.pty.wait_quiet(sent, settle) {
            Some(last) if last > sent => times.push(last - sent),
            _ => eprintln!("{}: no output after a key of {query:?}", program.name),
        }
    }
    let typed = typed_text(query);
    assert!(
        program.pty.screen(|screen| (program.shows)(screen, &typed)),
        "{} does not show the query {typed:?}; screen:\n{}",
        program.name,
        program.pty.contents()
    );
    send_untimed(program, program.clear, settle);
    times
}

/// Every key's time, per program and query kind, over `rounds` rounds,
/// the programs taking turns on each query.
fn measure(programs: &[Program], rounds: usize, settle: Duration) -> Vec<Vec<Vec<Duration>>> {
    let mut times = vec![vec![Vec::new(); KINDS.len()]; programs.len()];
    for _ in 0..rounds {
        for (kind, (_, queries)) in KINDS.iter().enumerate() {
            for query in queries.iter() {
                for (p, program) in programs.iter().enumerate() {
                    times[p][kind].extend(type_query(program, query, settle));
                }
            }
        }
    }
    times
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

/// One line of the table: p50 / p99 / max of `times` and their count.
fn print_row(size: usize, program: &str, kind: &str, times: &mut [Duration]) {
    if times.is_empty() {
        println!("{size:>8}  {program:<11} {kind:<16} (no key measured)");
        return;
    }
    times.sort();
    println!(
        "{size:>8}  {program:<11} {kind:<16} {:>8.1} {:>8.1} {:>8.1} {:>5}",
        ms(percentile(times, 0.5)),
        ms(percentile(times, 0.99)),
        ms(times[times.len() - 1]),
        times.len()
    );
}

fn print_table(size: usize, programs: &[Program], mut times: Vec<Vec<Vec<Duration>>>) {
    println!(
        "{:>8}  {:<11} {:<16} {:>8} {:>8} {:>8} {:>5}",
        "titles", "program", "kind", "p50 ms", "p99 ms", "max ms", "keys"
    );
    for (kind, (name, _)) in KINDS.iter().enumerate() {
        for (program, times) in programs.iter().zip(&mut times) {
            print_row(size, program.name, name, &mut times[kind]);
        }
    }
    for (program, times) in programs.iter().zip(&times) {
        let mut all: Vec<Duration> = times.concat();
        print_row(size, program.name, "(all keys)", &mut all);
    }
}

/// Starts both programs on `size` generated pages, measures, prints.
fn run_size(size: usize, rounds: usize, settle: Duration, with_fzf: bool) {
    let corpus = common::corpus_dir(size);
    let mut programs = vec![start_browser(&corpus, size, settle)];
    if with_fzf {
        let titles = titles_file(&corpus, size);
        programs.push(start_fzf(&titles, size, settle));
    }
    let load_before = load_average();
    let times = measure(&programs, rounds, settle);
    println!(
        "{size:>8}  load average (1, 5, 15 min): {load_before} before, {} after",
        load_average()
    );
    print_table(size, &programs, times);
}

fn main() {
    let rounds: usize = env_or("ESF_BENCH_ROUNDS", 5);
    let settle = Duration::from_millis(env_or("ESF_BENCH_SETTLE_MS", 150));
    let with_fzf = env_or("ESF_BENCH_FZF", 1) != 0 && fzf_on_path();
    if with_fzf {
        println!("fzf {}", fzf_version());
    } else if fzf_on_path() {
        println!("ESF_BENCH_FZF=0: only esf-browse is measured");
    } else {
        println!("fzf is not on PATH: only esf-browse is measured (apt-get install fzf)");
    }
    println!(
        "{COLUMNS}×{ROWS} pty, {rounds} rounds, settle {settle:?}, {} cores",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    for size in common::sizes() {
        run_size(size, rounds, settle, with_fzf);
    }
}
