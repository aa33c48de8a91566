//! Criterion benchmarks of the hot paths, on generated corpora:
//! load (against the I/O floor of reading the same files), facet counts,
//! full-text query, and rendering one frame.
//!
//! `cargo bench --bench core` — sizes via ESF_BENCH_LOAD (default 10000 pages).

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use esf_browse::model::corpus::load::find_pages;
use esf_browse::model::page::parse::parse_page_bytes;
use esf_browse::model::query::facet_counts;
use esf_browse::model::query::text::TextQuery;
use esf_browse::model::{Corpus, Facet, Filters, Hit, Project, Store, load_paths};
use esf_browse::synth;
use esf_browse::ui::action::{Edit, Intent, Msg};
use esf_browse::ui::app::App;
use esf_browse::ui::state::{AppState, Options};
use esf_browse::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use rayon::prelude::*;

fn corpus_dir(count: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("esf-bench-forms-{count}"));
    if !dir.join(synth::file_name(2007, count - 1)).exists() {
        synth::write_corpus(&dir, count, 2007).expect("generate corpus");
    }
    dir
}

fn load_count() -> usize {
    std::env::var("ESF_BENCH_LOAD")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

fn bench_load(c: &mut Criterion) {
    let count = load_count();
    let dir = corpus_dir(count);
    let files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let mut group = c.benchmark_group(format!("load {count} pages"));
    group.sample_size(10);
    group.bench_function("read only (I/O floor)", |b| {
        b.iter(|| {
            let bytes: usize = files
                .par_iter()
                .map(|p| std::fs::read(p).map_or(0, |v| v.len()))
                .sum();
            black_box(bytes)
        })
    });
    // What a load adds to the floor, step by step. The store is dropped
    // outside the timing: neither the browser nor a command ever frees it.
    group.bench_function("find pages (directory walk)", |b| {
        b.iter(|| black_box(find_pages(std::slice::from_ref(&dir)).0.len()))
    });
    let pages: Vec<(PathBuf, Vec<u8>)> = files
        .iter()
        .map(|p| (p.clone(), std::fs::read(p).unwrap()))
        .collect();
    group.bench_function("parse only (bytes in memory)", |b| {
        b.iter_with_large_drop(|| {
            pages
                .par_iter()
                .filter_map(|(path, bytes)| parse_page_bytes("id", path, bytes).ok())
                .collect::<Vec<Project>>()
        })
    });
    let projects = load_paths(std::slice::from_ref(&dir), &|_| {})
        .store
        .into_projects();
    // What telling copies apart adds: ids for every file, and merging
    // the parsed pages into projects (issue 23).
    let found = find_pages(std::slice::from_ref(&dir)).0;
    group.bench_function("ids (file_ids)", |b| {
        b.iter(|| black_box(esf_browse::model::corpus::load::file_ids(&found).len()))
    });
    group.bench_function("merge copies (merge_all)", |b| {
        b.iter_batched(
            || projects.clone(),
            esf_browse::model::corpus::copies::merge_all,
            criterion::BatchSize::LargeInput,
        )
    });
    group.bench_function("index only (Store::new)", |b| {
        b.iter_batched(
            || projects.clone(),
            Store::new,
            criterion::BatchSize::LargeInput,
        )
    });
    drop(projects);
    group.bench_function("read + parse + index", |b| {
        b.iter_with_large_drop(|| load_paths(std::slice::from_ref(&dir), &|_| {}))
    });
    group.finish();
}

fn title_store(count: usize) -> Store {
    Store::new(
        (0..count)
            .map(|i| {
                let mut project = synth::project(2007, i);
                project.sections.clear();
                project
            })
            .collect(),
    )
}

fn bench_facets(c: &mut Criterion) {
    let store = title_store(100_000);
    let all: Vec<Hit> = (0..store.len() as u32)
        .map(|index| Hit { index, score: 0 })
        .collect();
    let mut filters = Filters::default();
    filters.toggle(Facet::Region, 0);
    filters.toggle(Facet::Municipality, 3);
    c.bench_function("facet counts, 100k projects, 2 filters", |b| {
        b.iter(|| black_box(facet_counts(&store, &all, &filters)))
    });
}

fn bench_full_text(c: &mut Criterion) {
    let count = load_count();
    let corpus = load_paths(&[corpus_dir(count)], &|_| {});
    let mut group = c.benchmark_group(format!(
        "full text, {count} pages ({:.0} MB)",
        corpus.bytes_read as f64 / 1e6
    ));
    group.sample_size(10);
    for query in [
        "arbetsgivare",
        "kompetensutveckling unga",
        "\"lokala arbetsmarknaden\"",
    ] {
        let parsed = TextQuery::parse(query);
        group.bench_function(query, |b| {
            b.iter(|| black_box(parsed.search(&corpus.store).len()))
        });
    }
    group.finish();
}

fn bench_render(c: &mut Criterion) {
    let corpus = Corpus {
        store: title_store(10_000),
        ..Corpus::default()
    };
    let mut state = AppState::new(corpus, Options::default());
    state.update(Msg::Resize(200, 60));
    state.update(Intent::StartSearch);
    for c in "komp".chars() {
        state.update(Intent::EditText(Edit::Char(c)));
    }
    state.update(Intent::Accept);
    assert_eq!(state.query().text, "komp");
    let app = App::new(state, Theme::new(true));
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    c.bench_function("render one frame 200x60 (search active)", |b| {
        b.iter(|| {
            terminal.draw(|frame| app.render(frame)).unwrap();
        })
    });
}

criterion_group!(
    benches,
    bench_load,
    bench_facets,
    bench_full_text,
    bench_render
);
criterion_main!(benches);
