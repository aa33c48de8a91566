//! The full-text index on a generated corpus: what building it adds to a
//! load, the memory it takes, and keystroke -> ranked list in all-text
//! mode as the browser does it (typing through `AppState::update`).
//! Prints a table; the README's figures come from it.
//!
//! `cargo bench --features synth --bench fulltext`
//! (sizes: ESF_BENCH_SIZES=10000,100000; the corpus is generated into the
//! temp folder once, as for `core`; ESF_BENCH_QUERIES=a,b other queries,
//! ESF_BENCH_PER_KEY=1 a line a key, ESF_BENCH_SCAN=0 no scan).

mod common;
use common::percentile;

use std::path::PathBuf;
use std::time::Instant;

use esf_browse::model::query::text::TextQuery;
use esf_browse::model::search::text_index::TextIndex;
use esf_browse::model::{Corpus, load_paths};
use esf_browse::synth;
use esf_browse::ui::action::{Edit, Intent, Msg};
use esf_browse::ui::state::{AppState, Options};

/// One word (typed letter by letter, so `a`, `ar` … come first), two
/// words, and a phrase.
const QUERIES: [&str; 4] = [
    "arbetsmarknaden",
    "kompetensutveckling unga",
    "\"lokala arbetsmarknaden\"",
    "språkstöd äldre",
];
const ROUNDS: usize = 10;

fn corpus_dir(count: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("esf-bench-forms-{count}"));
    if !dir.join(synth::file_name(2007, count - 1)).exists() {
        synth::write_corpus(&dir, count, 2007).expect("generate corpus");
    }
    dir
}

/// Peak resident memory so far (Linux), in bytes.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn main() {
    esf_browse::allocator::keep_freed_memory();
    let sizes = common::sizes();
    let queries = common::queries(&QUERIES);
    for size in sizes {
        let dir = corpus_dir(size);
        let started = Instant::now();
        let corpus = load_paths(&[dir], &|_| {});
        let load = started.elapsed();
        let rss_loaded = peak_rss().unwrap_or(0);
        let started = Instant::now();
        let index = TextIndex::build(corpus.store.projects());
        let build = started.elapsed();
        let rss_indexed = peak_rss().unwrap_or(0);
        // ESF_BENCH_BUILDS=N: build N more times (for a profiler), then stop.
        if let Some(builds) = std::env::var("ESF_BENCH_BUILDS")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
        {
            for _ in 0..builds {
                let started = Instant::now();
                let index = TextIndex::build(corpus.store.projects());
                println!("  index build {:.2?}", started.elapsed());
                drop(index);
            }
            return;
        }
        let bytes = corpus.bytes_read;
        println!(
            "{size} pages, {:.0} MB: load {load:.2?}, index build {build:.2?} (+{:.0} % of the load), \
             index ≈ {:.0} MB ({:.2}× the corpus); peak RSS {:.0} MB loaded → {:.0} MB indexed ({:.2}× the corpus)",
            mb(bytes),
            build.as_secs_f64() / load.as_secs_f64() * 100.0,
            mb(index.heap_bytes() as u64),
            index.heap_bytes() as f64 / bytes as f64,
            mb(rss_loaded),
            mb(rss_indexed),
            rss_indexed as f64 / bytes as f64,
        );
        let Corpus {
            store,
            problems,
            duplicates,
            files_seen,
            bytes_read,
            merger,
        } = corpus;
        let scanned_store = store;
        // Scanning, for comparison: one query each, the whole word typed
        // (ESF_BENCH_SCAN=0 skips it).
        let scan = std::env::var("ESF_BENCH_SCAN").map_or(true, |v| v != "0");
        for query in QUERIES.iter().filter(|_| scan) {
            let parsed = TextQuery::parse(query);
            let started = Instant::now();
            let found = parsed.matches(&scanned_store).len();
            println!(
                "  scan (no index) {query:<28} {:>10.2?}  {found} found",
                started.elapsed()
            );
        }
        let corpus = Corpus {
            store: scanned_store.with_text_index(index),
            problems,
            duplicates,
            files_seen,
            bytes_read,
            merger,
        };
        let mut state = AppState::new(corpus, Options::default());
        state.update(Msg::Resize(200, 60));
        println!(
            "  {:<30} {:>10} {:>10} {:>10}",
            "keystroke → ranked list", "p50", "p99", "max"
        );
        state.update(Intent::ToggleSearchKind);
        state.update(Intent::Cancel);
        assert_eq!(
            state.query().kind,
            esf_browse::model::query::SearchKind::AllText
        );
        let mut all = Vec::new();
        let per_key = std::env::var_os("ESF_BENCH_PER_KEY").is_some();
        for query in queries.iter().map(String::as_str) {
            let mut times = Vec::new();
            let mut first_keys = Vec::new();
            let mut by_key = vec![Vec::new(); query.chars().count()];
            for _ in 0..ROUNDS {
                state.update(Intent::StartSearch);
                for (n, c) in query.chars().enumerate() {
                    let started = Instant::now();
                    state.update(Intent::EditText(Edit::Char(c)));
                    let took = started.elapsed();
                    by_key[n].push(took);
                    times.push(took);
                    if n < 2 {
                        first_keys.push(took);
                    }
                }
                assert_eq!(state.query().text, query, "the keys reached the search box");
                state.update(Intent::Cancel);
            }
            times.sort();
            first_keys.sort();
            for (n, times) in by_key.iter_mut().enumerate().filter(|_| per_key) {
                times.sort();
                let typed: String = query.chars().take(n + 1).collect();
                println!(
                    "    {typed:<28} {:>10.2?} {:>10.2?}",
                    percentile(times, 0.5),
                    percentile(times, 0.99)
                );
            }
            println!(
                "  {query:<30} {:>10.2?} {:>10.2?} {:>10.2?}   (first two letters p99 {:.2?})",
                percentile(&times, 0.5),
                percentile(&times, 0.99),
                times[times.len() - 1],
                percentile(&first_keys, 0.99),
            );
            all.extend(times);
        }
        all.sort();
        println!(
            "  {:<30} {:>10.2?} {:>10.2?} {:>10.2?}",
            "(all)",
            percentile(&all, 0.5),
            percentile(&all, 0.99),
            all[all.len() - 1]
        );
        std::mem::forget(state);
    }
}
