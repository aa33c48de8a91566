//! The README's key table is generated from the keymap: this test fails
//! when they differ, and prints the table to paste.

use esf_browse::ui::keymap::{Group, Keymap};

const START: &str =
    "<!-- keys: generated from src/ui/keymap/table.rs; tests/readme.rs checks it -->";
const END: &str = "<!-- end of keys -->";

/// One row per binding and help group: where, keys, what, config name.
fn key_table(keymap: &Keymap) -> String {
    let mut out = String::from("| Where | Keys | Does | Config name |\n|---|---|---|---|\n");
    for group in Group::ALL {
        for binding in keymap.bindings() {
            for (shown_in, text) in binding.help {
                if *shown_in != group {
                    continue;
                }
                let keys: Vec<String> = binding
                    .keys
                    .iter()
                    .map(|k| format!("`{}`", k.to_string().replace('|', "\\|")))
                    .collect();
                out.push_str(&format!(
                    "| {} | {} | {} | `{}` |\n",
                    group.title(),
                    keys.join(" "),
                    text,
                    binding.name
                ));
            }
        }
    }
    out
}

#[test]
fn the_readme_key_table_is_the_keymap() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let expected = key_table(&Keymap::default());
    let start = readme.find(START).map(|at| at + START.len() + 1);
    let end = readme.find(END);
    let documented = match (start, end) {
        (Some(start), Some(end)) if start <= end => &readme[start..end],
        _ => "",
    };
    assert!(
        documented == expected,
        "the README's key table differs from the keymap; put this between the markers:\n{START}\n{expected}{END}"
    );
}

#[test]
fn the_readme_config_example_is_a_valid_config() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("```toml\n").expect("a toml example") + "```toml\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let settings =
        esf_browse::cli::config::parse(&readme[start..end], std::path::Path::new("README.md"))
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(settings.sort, esf_browse::model::SortKey::Grant);
    assert!(settings.keymap.keys_of("quit").starts_with('x'));
}
