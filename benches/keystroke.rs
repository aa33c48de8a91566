//! Keystroke -> ranked list, as the browser does it: typing a query one
//! character at a time through `AppState::update`, which re-runs the title
//! search (narrowing when the query grows), filters, sorts and recounts the
//! facets. Prints p50 / p99 per keystroke at 10k and 100k titles.
//!
//! `cargo bench --bench keystroke` (sizes: ESF_BENCH_SIZES=10000,100000)

mod common;
use common::percentile;

use std::time::Instant;

use esf_browse::model::{Corpus, Project, Store};
use esf_browse::synth;
use esf_browse::ui::action::Action;
use esf_browse::ui::state::{AppState, Options};

const QUERIES: [&str; 3] = ["kompetens", "arb mark", "härj"];
const ROUNDS: usize = 30;

/// Projects with generated titles and facets but no section text: the
/// search path only touches titles and facet indices.
fn store(count: usize) -> Store {
    let projects = (0..count)
        .map(|i| {
            let mut project = synth::project(2007, i);
            project.sections.clear();
            project.id = format!("{i:06}");
            project
        })
        .collect::<Vec<Project>>();
    Store::new(projects)
}

fn main() {
    let sizes: Vec<usize> = std::env::var("ESF_BENCH_SIZES")
        .unwrap_or_else(|_| "10000,100000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    println!(
        "{:>8}  {:<12} {:>10} {:>10} {:>10}",
        "titles", "query", "p50", "p99", "max"
    );
    for size in sizes {
        let corpus = Corpus {
            store: store(size),
            ..Corpus::default()
        };
        let mut state = AppState::new(corpus, Options::default());
        state.update(Action::Resize(200, 60));
        let mut all = Vec::new();
        for query in QUERIES {
            let mut times = Vec::new();
            for _ in 0..ROUNDS {
                state.update(Action::StartSearch);
                for c in query.chars() {
                    let started = Instant::now();
                    state.update(Action::SearchInput(c));
                    times.push(started.elapsed());
                }
                assert_eq!(state.query().text, query, "the keys reached the search box");
                state.update(Action::SearchCancel);
            }
            times.sort();
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
