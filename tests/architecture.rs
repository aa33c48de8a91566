//! The layering the README's code layout promises, read from the sources.
//! The top-level modules import only downwards, so there is no circle:
//! `model` ← `ui` ← `command_line` ← `report` ← `serve` ← `cli`. Read from
//! the sources: every `crate::NAME` outside comments. Inside `model/`, the
//! folders (`page`, `search`, `corpus`, `query` …) use each other without a
//! circle, and no file names a terminal crate.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Each module and the modules it may use besides itself.
const ALLOWED: &[(&str, &[&str])] = &[
    ("allocator", &[]),
    ("model", &[]),
    ("synth", &["model"]),
    ("ui", &["model"]),
    ("command_line", &["model"]),
    ("report", &["model", "command_line"]),
    ("serve", &["model", "ui", "command_line", "report"]),
    (
        "cli",
        &[
            "model",
            "ui",
            "command_line",
            "report",
            "serve",
            "allocator",
            "synth",
        ],
    ),
];

/// The `crate::NAME`s used in the Rust files at `path` (a file or a folder).
fn used(path: &Path, found: &mut BTreeSet<String>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            used(&entry.unwrap().path(), found);
        }
        return;
    }
    if path.extension().is_none_or(|e| e != "rs") {
        return;
    }
    let text = std::fs::read_to_string(path).unwrap();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        for (at, _) in code.match_indices("crate::") {
            let name: String = code[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            found.insert(name);
        }
    }
}

#[test]
fn top_level_modules_import_only_downwards() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for (module, allowed) in ALLOWED {
        let folder = src.join(module);
        let path = if folder.is_dir() {
            folder
        } else {
            src.join(format!("{module}.rs"))
        };
        assert!(path.exists(), "{}", path.display());
        let mut found = BTreeSet::new();
        used(&path, &mut found);
        let wrong: Vec<&String> = found
            .iter()
            .filter(|name| name.as_str() != *module && !allowed.contains(&name.as_str()))
            .collect();
        assert!(wrong.is_empty(), "src/{module} uses crate::{wrong:?}");
    }
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files
}

/// The names that follow `prefix` in `text` (`crate::model::page` -> `page`).
fn names_after(text: &str, prefix: &str) -> BTreeSet<String> {
    text.match_indices(prefix)
        .map(|(at, _)| {
            text[at + prefix.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// Which parts of `root` (its subfolders and files) each part uses, by
/// `prefix` paths (`crate::` for `src`, `crate::model::` for `src/model`).
fn graph(root: &Path, prefix: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in rust_files(root) {
        let relative = file.strip_prefix(root).unwrap();
        let part = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if part == "mod" || part == "lib" || part == "main" {
            continue;
        }
        let text = fs::read_to_string(&file).unwrap();
        let used = names_after(&text, prefix);
        let entry = edges.entry(part.clone()).or_default();
        entry.extend(used.into_iter().filter(|name| *name != part));
    }
    edges
}

/// A circle in the graph, if there is one, as the parts on it.
fn circle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            return Some(path[at..].to_vec());
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, edges, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|node| visit(node, edges, &mut Vec::new(), &mut done))
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn the_folders_of_the_model_use_each_other_without_a_circle() {
    let edges = graph(&src().join("model"), "crate::model::");
    assert!(
        edges.contains_key("page") && edges.contains_key("query"),
        "{edges:?}"
    );
    assert_eq!(circle(&edges), None, "{edges:#?}");
}

#[test]
fn the_domain_names_no_terminal_crate() {
    let edges = graph(&src(), "crate::");
    assert_eq!(
        edges["model"],
        BTreeSet::new(),
        "the model uses nothing above it"
    );
    for above in ["cli", "serve"] {
        assert!(!edges["ui"].contains(above), "ui uses {above}");
    }
    for file in rust_files(&src().join("model")) {
        let text = fs::read_to_string(&file).unwrap();
        for terminal in ["ratatui", "crossterm"] {
            assert!(
                !text.contains(terminal),
                "{} names {terminal}",
                file.display()
            );
        }
    }
}

#[test]
fn a_circle_is_found_when_there_is_one() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges.entry("a".into()).or_default().insert("b".into());
    edges.entry("b".into()).or_default().insert("c".into());
    assert_eq!(circle(&edges), None);
    edges.entry("c".into()).or_default().insert("a".into());
    assert_eq!(circle(&edges).map(|c| c.len()), Some(3));
}

/// The functions of `text` (outside its tests) longer than `most` lines,
/// as `name (lines)`: from the line with `fn` to the brace that closes it
/// at the same indentation.
fn long_functions(text: &str, most: usize) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut long = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        let body = line.trim_start();
        let indent = &line[..line.len() - body.len()];
        let declared = [
            "fn ",
            "pub fn ",
            "pub(crate) fn ",
            "pub(super) fn ",
            "async fn ",
        ]
        .iter()
        .find_map(|start| body.strip_prefix(start));
        let Some(rest) = declared else { continue };
        if body.ends_with(';') {
            continue;
        }
        let closing = format!("{indent}}}");
        if let Some(end) = lines[at + 1..].iter().position(|l| *l == closing) {
            let length = end + 2;
            if length > most {
                let name: String = rest
                    .chars()
                    .take_while(|c| *c != '(' && *c != '<')
                    .collect();
                long.push(format!("{name} ({length})"));
            }
        }
    }
    long
}

#[test]
fn no_function_in_src_is_over_sixty_lines() {
    let mut long = Vec::new();
    for file in rust_files(&src()) {
        let text = fs::read_to_string(&file).unwrap();
        for function in long_functions(&text, 60) {
            long.push(format!("{}: {function}", file.display()));
        }
    }
    assert!(long.is_empty(), "{long:#?}");
    let sample = format!("fn f() {{\n{}}}\n", "    x();\n".repeat(61));
    assert_eq!(long_functions(&sample, 60), ["f (63)"]);
}
