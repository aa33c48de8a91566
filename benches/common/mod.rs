//! What the bench binaries share.

use std::time::Duration;

/// The corpus sizes to measure: `ESF_BENCH_SIZES` (`10000,100000`).
#[allow(dead_code)]
pub fn sizes() -> Vec<usize> {
    std::env::var("ESF_BENCH_SIZES")
        .unwrap_or_else(|_| "10000,100000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

/// The queries to type: `ESF_BENCH_QUERIES` (comma-separated), else
/// `default`.
#[allow(dead_code)]
pub fn queries(default: &[&str]) -> Vec<String> {
    match std::env::var("ESF_BENCH_QUERIES") {
        Ok(queries) => queries.split(',').map(str::to_string).collect(),
        Err(_) => default.iter().map(|q| q.to_string()).collect(),
    }
}

/// The `p` quantile (0.0–1.0) of durations sorted in ascending order.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// A generated corpus of `count` pages in the temporary folder, written
/// once and kept for later runs (the folder `core` and `fulltext` use).
#[allow(dead_code)]
pub fn corpus_dir(count: usize) -> std::path::PathBuf {
    use esf_browse::synth;
    let dir = std::env::temp_dir().join(format!("esf-bench-forms-{count}"));
    if !dir.join(synth::file_name(2007, count - 1)).exists() {
        synth::write_corpus(&dir, count, 2007).expect("generate corpus");
    }
    dir
}

/// In a bench query, a backspace: `kompetens⌫⌫` types nine letters and
/// takes two back.
#[allow(dead_code)]
pub const BACKSPACE: char = '⌫';

/// The query's text after typing its keys (`⌫` a backspace).
#[allow(dead_code)]
pub fn typed_text(query: &str) -> String {
    let mut text = String::new();
    for c in query.chars() {
        if c == BACKSPACE {
            text.pop();
        } else {
            text.push(c);
        }
    }
    text
}
