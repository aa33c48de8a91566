//! Helpers shared by the integration tests: the sample pages, files in
//! temporary directories, line normalisation, waits with a deadline, and
//! the harnesses: `ui` (the app drawn into a test backend), `pty` (a
//! program in a pseudo-terminal), `ssh` (russh's client against `serve`).
//!
//! Every test crate includes it the same way, `mod common;`, and uses only
//! part of it.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use esf_browse::model::Project;

#[cfg(unix)]
pub mod pty;
#[cfg(unix)]
pub mod ssh;
pub mod ui;

/// How long any wait may take before the test fails: generous, so that a
/// slow or busy machine makes the tests slower, never red.
pub const DEADLINE: Duration = Duration::from_secs(30);

/// How often a wait that cannot be woken looks again.
pub const POLL: Duration = Duration::from_millis(10);

/// Waits (polling, with the deadline) until `done` holds.
pub fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < DEADLINE,
            "timed out after {DEADLINE:?} waiting for {what}"
        );
        std::thread::sleep(POLL);
    }
}

/// The file names of the five sample pages, in id order.
pub const SAMPLES: [&str; 5] = [
    "000_d9d2908fd1222df0.txt",
    "001_a16e8f42b249ee6d.txt",
    "002_311de50e972e0bd9.txt",
    "003_4fa9901c3272370e.txt",
    "004_f0ab1a065d6c06f1.txt",
];

/// Site chrome that carries no content (compared after normalising).
pub const CHROME: [&str; 4] = [
    "Logotyp på utskrifter",
    "Information med anledning av covid-19",
    "Uppdaterad information med anledning av covid-19",
    "In English",
];

pub fn assets_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets")
}

pub fn sample_path(name: &str) -> PathBuf {
    assets_dir().join(name)
}

pub fn sample_text(name: &str) -> String {
    fs::read_to_string(sample_path(name)).expect("sample page is UTF-8")
}

pub fn sample_id(name: &str) -> &str {
    name.strip_suffix(".txt").unwrap()
}

/// Writes `bytes` to `name` (which may name subfolders) under `dir`, a
/// `tempfile::TempDir` or any path; returns the file's path.
pub fn write_file(dir: impl AsRef<Path>, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.as_ref().join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&path, bytes).unwrap();
    path
}

/// Trims and collapses every run of whitespace (NBSP included) to one space.
pub fn normalise(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits on LF, CRLF and lone CR.
pub fn split_any_newline(text: &str) -> Vec<&str> {
    text.split("\r\n")
        .flat_map(|l| l.split('\n'))
        .flat_map(|l| l.split('\r'))
        .collect()
}

/// The content lines of a page, normalised and sorted (a multiset): every
/// non-blank line except the chrome.
pub fn content_lines(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines: Vec<String> = split_any_newline(text)
        .into_iter()
        .map(normalise)
        .filter(|l| !l.is_empty() && !CHROME.contains(&l.as_str()))
        .collect();
    lines.sort();
    lines
}

/// The project without what depends on where and how it was read.
pub fn essence(project: &Project) -> Project {
    Project {
        id: String::new(),
        source: PathBuf::new(),
        warnings: Vec::new(),
        sources: Vec::new(),
        ..project.clone()
    }
}

/// `text` as UTF-16LE with a byte-order mark.
pub fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    bytes
}

/// `text` as UTF-16BE with a byte-order mark.
pub fn utf16be_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    bytes
}

/// `text` in Windows-1252; panics if a character has no code there.
pub fn windows_1252(text: &str) -> Vec<u8> {
    let (bytes, _, had_errors) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!had_errors, "text has characters outside Windows-1252");
    bytes.into_owned()
}

/// Deterministic pseudo-random bytes (xorshift).
pub fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}
