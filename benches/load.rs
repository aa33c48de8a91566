//! The browser's load against `check`'s, on the same generated pages, run
//! alternately: `check` loads in one batch (`load_paths`); the browser runs
//! its loader thread and takes each batch through `App::handle_batch` as
//! its loop does (a frame drawn after each wake), without a terminal.
//! Then the full-text index is built as the browser builds it, while keys
//! are typed into a title search; the same keys typed again once it is
//! built give the idle figure.
//!
//! `cargo bench --features synth --bench load` (ESF_BENCH_LOAD=100000
//! pages, default 10000; ESF_BENCH_ROUNDS=3 pairs of loads;
//! ESF_BENCH_KEYS=0 skips the keystrokes; ESF_BENCH_LOADER=0 the loader
//! timed alone; ESF_BENCH_ABSORB=1 first times
//! each batch taken in by a corpus with nothing else running). Each round
//! also prints how long the browser's thread was busy, and of that how
//! long taking pages in and drawing.

mod common;
use common::percentile;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use esf_browse::model::corpus::load::load_in_batches;
use esf_browse::model::{Corpus, Progress, load_paths};
use esf_browse::synth;
use esf_browse::ui::action::{Edit, Intent, Msg};
use esf_browse::ui::app::App;
use esf_browse::ui::event::{AppEvent, spawn_loader};
use esf_browse::ui::state::{AppState, Options};
use esf_browse::ui::text_worker::TextWorker;
use esf_browse::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn corpus_dir(count: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("esf-bench-forms-{count}"));
    if !dir.join(synth::file_name(2007, count - 1)).exists() {
        synth::write_corpus(&dir, count, 2007).expect("generate corpus");
    }
    dir
}

/// `check -q`'s load: one batch, the store built once.
fn check_load(dir: &Path) -> Duration {
    let start = Instant::now();
    let corpus = load_paths(&[dir.to_path_buf()], &|_| {});
    let took = start.elapsed();
    assert!(!corpus.store.is_empty());
    // Freed outside the timing: `check` never frees it.
    drop(corpus);
    took
}

/// The loader alone, its batches dropped as they come: what the browser's
/// load costs before the browser takes the pages in.
fn loader_only(dir: &Path) -> Duration {
    let start = Instant::now();
    let (sender, events) = mpsc::channel();
    spawn_loader(vec![dir.to_path_buf()], sender);
    let mut batches = Vec::new();
    for event in events.iter() {
        match event {
            AppEvent::Batch(batch) => batches.push(batch),
            AppEvent::Loaded => break,
            _ => {}
        }
    }
    let took = start.elapsed();
    drop(batches);
    took
}

/// The batches of a load taken in by a corpus, one after the other, with
/// nothing else running: each absorb's time.
fn absorbs_alone(dir: &Path) -> Vec<(usize, Duration)> {
    let mut batches = Vec::new();
    load_in_batches(&[dir.to_path_buf()], &|_| {}, &mut |batch| {
        batches.push(batch)
    });
    let mut corpus = Corpus::default();
    let mut times = Vec::new();
    for batch in batches {
        let start = Instant::now();
        corpus.absorb(batch);
        times.push((corpus.store.len(), start.elapsed()));
    }
    let start = Instant::now();
    corpus.finish();
    times.push((corpus.store.len(), start.elapsed()));
    times
}

/// The browser's state and a terminal to draw it on, with the loader
/// started.
struct Browser {
    app: App,
    terminal: Terminal<TestBackend>,
    events: mpsc::Receiver<AppEvent>,
    /// Time spent taking events in and drawing, and how many turns.
    busy: Duration,
    turns: usize,
    /// Of that: turns that took pages in, and drawing.
    absorbing: Duration,
    drawing: Duration,
}

impl Browser {
    fn start(dir: &Path) -> Browser {
        let (sender, events) = mpsc::channel();
        spawn_loader(vec![dir.to_path_buf()], sender.clone());
        let mut state = AppState::new(Corpus::default(), Options::default());
        state.update(Msg::Resize(120, 40));
        state.update(Msg::LoadProgress(Progress::default()));
        state.use_text_worker(TextWorker::background(move || {
            let _ = sender.send(AppEvent::TextWorkDone);
        }));
        Browser {
            app: App::new(state, Theme::new(true)),
            terminal: Terminal::new(TestBackend::new(120, 40)).expect("a test terminal"),
            events,
            busy: Duration::ZERO,
            turns: 0,
            absorbing: Duration::ZERO,
            drawing: Duration::ZERO,
        }
    }

    /// One turn of the loop: wait, take what is waiting, draw. Whether
    /// the last batch was among them.
    fn turn(&mut self) -> bool {
        let Ok(first) = self.events.recv() else {
            return true;
        };
        let start = Instant::now();
        let mut events = vec![first];
        events.extend(self.events.try_iter());
        let loaded = events.iter().any(|e| matches!(e, AppEvent::Loaded));
        let pages = events.iter().any(|e| matches!(e, AppEvent::Batch(_)));
        self.app.handle_batch(events);
        if pages {
            self.absorbing += start.elapsed();
        }
        let drawing = Instant::now();
        self.draw();
        self.drawing += drawing.elapsed();
        if self.app.holds_pages() {
            self.app.release_held();
            self.draw();
        }
        self.busy += start.elapsed();
        self.turns += 1;
        loaded
    }

    fn draw(&mut self) {
        let app = &self.app;
        self.terminal
            .draw(|frame| app.render(frame))
            .expect("drawing");
    }

    /// Takes the index's segments until it is built.
    fn until_indexed(&mut self) {
        while self.app.state.indexing_progress().is_some() {
            self.turn();
        }
    }
}

/// The browser's load: (first batch listed, every page listed).
fn browser_load(dir: &Path) -> (Duration, Duration, Browser) {
    let start = Instant::now();
    let mut browser = Browser::start(dir);
    let mut first = None;
    loop {
        let loaded = browser.turn();
        if first.is_none() && !browser.app.state.hits().is_empty() {
            first = Some(start.elapsed());
        }
        if loaded {
            break;
        }
    }
    let whole = start.elapsed();
    println!(
        "    (the browser's thread busy {:.0} ms in {} turns: taking pages in {:.0} ms, drawing {:.0} ms)",
        ms(browser.busy),
        browser.turns,
        ms(browser.absorbing),
        ms(browser.drawing)
    );
    (first.unwrap_or(whole), whole, browser)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Types each query a key at a time into a title search, the frames
/// drawn; the index's segments taken between keys. Per-key times, of
/// `rounds` rounds or, `while_indexing`, as long as the index is built.
fn type_keys(
    browser: &mut Browser,
    queries: &[String],
    rounds: usize,
    while_indexing: bool,
) -> Vec<Duration> {
    let mut times = Vec::new();
    for _ in 0..rounds {
        if while_indexing && browser.app.state.indexing_progress().is_none() {
            break;
        }
        for query in queries {
            browser.app.state.update(Intent::StartSearch);
            for c in query.chars() {
                // What the index's thread announced meanwhile.
                let waiting: Vec<AppEvent> = browser.events.try_iter().collect();
                if !waiting.is_empty() {
                    browser.app.handle_batch(waiting);
                }
                let start = Instant::now();
                browser.app.state.update(Intent::EditText(Edit::Char(c)));
                browser.draw();
                times.push(start.elapsed());
            }
            browser.app.state.update(Intent::Cancel);
        }
    }
    times.sort();
    times
}

fn report_keys(label: &str, times: &[Duration]) {
    println!(
        "  keys {label}: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} keys)",
        ms(percentile(times, 0.5)),
        ms(percentile(times, 0.99)),
        ms(*times.last().unwrap_or(&Duration::ZERO)),
        times.len()
    );
}

fn main() {
    esf_browse::allocator::keep_freed_memory();
    let count = env_number("ESF_BENCH_LOAD", 10_000);
    let rounds = env_number("ESF_BENCH_ROUNDS", 3);
    let dir = corpus_dir(count);
    // Warm the page cache.
    check_load(&dir);
    if env_number("ESF_BENCH_ABSORB", 0) == 1 {
        let times: Vec<String> = absorbs_alone(&dir)
            .iter()
            .map(|(n, took)| format!("{n}: {:.1} ms", ms(*took)))
            .collect();
        println!(
            "absorbs alone (store size after: time; the last is `finish`): {}",
            times.join(", ")
        );
    }
    println!("load {count} pages (check -q's load vs the browser's, alternately):");
    let (mut checks, mut wholes) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        let check = check_load(&dir);
        let loader = if env_number("ESF_BENCH_LOADER", 1) == 1 {
            loader_only(&dir)
        } else {
            Duration::ZERO
        };
        let (first, whole, mut browser) = browser_load(&dir);
        let index_start = Instant::now();
        let keyed = env_number("ESF_BENCH_KEYS", 1) == 1 && round + 1 == rounds;
        let queries = common::queries(&["kompetens", "arb mark", "härj"]);
        let during = if keyed {
            type_keys(&mut browser, &queries, 1000, true)
        } else {
            Vec::new()
        };
        browser.until_indexed();
        let indexed = index_start.elapsed();
        println!(
            "  round {round}: check {:.0} ms; the loader alone {:.0} ms; browser first list {:.0} ms, all {:.0} ms ({:.2}×); index built {:.0} ms later",
            ms(check),
            ms(loader),
            ms(first),
            ms(whole),
            whole.as_secs_f64() / check.as_secs_f64(),
            ms(indexed)
        );
        if keyed {
            report_keys("during indexing", &during);
            report_keys("idle", &type_keys(&mut browser, &queries, 30, false));
        }
        checks.push(check);
        wholes.push(whole);
        drop(browser);
    }
    if rounds == 0 {
        return;
    }
    checks.sort();
    wholes.sort();
    let (check, whole) = (percentile(&checks, 0.5), percentile(&wholes, 0.5));
    println!(
        "median: check {:.0} ms, browser {:.0} ms: {:.2}×",
        ms(check),
        ms(whole),
        whole.as_secs_f64() / check.as_secs_f64()
    );
}
