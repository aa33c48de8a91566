//! The top-level modules import only downwards, so there is no circle:
//! `model` ← `ui` ← `command_line` ← `report` ← `serve` ← `cli`. Read from
//! the sources: every `crate::NAME` outside comments.

use std::collections::BTreeSet;
use std::path::Path;

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
