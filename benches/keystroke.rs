//! Keystroke -> ranked list, as the browser does it: typing a query one
//! character at a time through `AppState::update`, which re-runs the title
//! search (narrowing when the query grows), filters, sorts and recounts the
//! facets. Prints p50 / p99 per keystroke at 10k and 100k titles.
//!
//! `cargo bench --features synth --bench keystroke` (sizes:
//! ESF_BENCH_SIZES=10000,100000; ESF_BENCH_PER_KEY=1 adds a line a key; ESF_BENCH_QUERIES=a,b other queries;
//! ESF_BENCH_SECTIONS=1 keeps the pages' sections, which each key lays out;
//! in a query, `⌫` is a backspace: `kompetens⌫⌫⌫⌫` types nine letters and
//! takes four back)

mod common;
use common::{BACKSPACE, percentile, typed_text};

use std::time::Instant;

use esf_browse::model::search::title_words::TitleWords;
use esf_browse::model::{Corpus, Project, Store};
use esf_browse::synth;
use esf_browse::ui::action::{Edit, Intent, Msg};
use esf_browse::ui::state::{AppState, Options};

const QUERIES: [&str; 3] = ["kompetens", "arb mark", "härj"];
const ROUNDS: usize = 30;

/// Projects with generated titles and facets but no section text: the
/// search path only touches titles and facet indices.
fn store(count: usize) -> Store {
    let projects = (0..count)
        .map(|i| {
            let mut project = synth::project(2007, i);
            if std::env::var_os("ESF_BENCH_SECTIONS").is_none() {
                project.sections.clear();
            }
            project.id = format!("{i:06}");
            project
        })
        .collect::<Vec<Project>>();
    Store::new(projects)
}

/// The intent of one key of a bench query.
fn key_action(c: char) -> Intent {
    if c == BACKSPACE {
        Intent::EditText(Edit::Backspace)
    } else {
        Intent::EditText(Edit::Char(c))
    }
}

/// How many projects `typed` lists (for the per-key table).
fn listed(state: &mut AppState, typed: &str) -> usize {
    state.update(Intent::StartSearch);
    for c in typed.chars() {
        state.update(key_action(c));
    }
    let listed = state.hits().len();
    state.update(Intent::Cancel);
    listed
}

fn main() {
    esf_browse::allocator::keep_freed_memory();
    let sizes = common::sizes();
    let queries = common::queries(&QUERIES);
    println!(
        "{:>8}  {:<12} {:>10} {:>10} {:>10}",
        "titles", "query", "p50", "p99", "max"
    );
    for size in sizes {
        let store = store(size);
        // The index of title words that typo tolerance looks up (built
        // with the store; built again here to time it alone).
        let started = Instant::now();
        let words = TitleWords::build(store.len(), |i| {
            (store.project(i).title.as_str(), store.folded_title(i))
        });
        println!(
            "{size:>8}  title words: {} distinct, {} B on the heap ({:.1} B a title), built in {:.2?}",
            words.len(),
            words.heap_bytes(),
            words.heap_bytes() as f64 / size as f64,
            started.elapsed()
        );
        let corpus = Corpus {
            store,
            ..Corpus::default()
        };
        let mut state = AppState::new(corpus, Options::default());
        state.update(Msg::Resize(200, 60));
        let mut all = Vec::new();
        for query in queries.iter().map(String::as_str) {
            let mut times = Vec::new();
            let mut per_key = vec![Vec::new(); query.chars().count()];
            for _ in 0..ROUNDS {
                state.update(Intent::StartSearch);
                for (key, c) in query.chars().enumerate() {
                    let started = Instant::now();
                    state.update(key_action(c));
                    times.push(started.elapsed());
                    per_key[key].push(started.elapsed());
                }
                assert_eq!(
                    state.query().text,
                    typed_text(query),
                    "the keys reached the search box"
                );
                state.update(Intent::Cancel);
            }
            times.sort();
            if std::env::var_os("ESF_BENCH_PER_KEY").is_some() {
                for (key, times) in per_key.iter_mut().enumerate() {
                    times.sort();
                    let typed: String = query.chars().take(key + 1).collect();
                    println!(
                        "{size:>8}  {:<12} {:>10.2?} {:>10.2?}   ({} listed)",
                        format!("  {typed:?}"),
                        percentile(times, 0.5),
                        percentile(times, 0.99),
                        listed(&mut state, &typed)
                    );
                }
            }
            println!(
                "{size:>8}  {query:<12} {:>10.2?} {:>10.2?} {:>10.2?}",
                percentile(&times, 0.5),
                percentile(&times, 0.99),
                times[times.len() - 1]
            );
            all.extend(times);
        }
        all.sort();
        println!(
            "{size:>8}  {:<12} {:>10.2?} {:>10.2?} {:>10.2?}",
            "(all)",
            percentile(&all, 0.5),
            percentile(&all, 0.99),
            all[all.len() - 1]
        );
    }
}
