//! Carries out the state's `Command`s — the only UI code that touches files
//! sends escape sequences of its own or lends the terminal to the pager —
//! and reports back as actions.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitStatus;

use anyhow::Context;

use super::action::Msg;
use super::state::{AppState, Command};
use crate::model::Project;
use crate::model::output::atomic_write::write_atomically;
use crate::model::output::export::{write_csv_styled, write_json};
use crate::model::output::marks_file::MarksFile;

/// The terminal as commands see it: where escape sequences go, and what
/// can be lent to another program (the pager) for a while.
pub trait Host: Write {
    /// Runs `program` with the terminal to itself; waits for it to end.
    fn lend_terminal(&mut self, program: &mut std::process::Command)
    -> std::io::Result<ExitStatus>;
}

/// Output alone (tests, a pipe): there is no terminal to lend.
impl Host for Vec<u8> {
    fn lend_terminal(&mut self, _: &mut std::process::Command) -> std::io::Result<ExitStatus> {
        Err(std::io::Error::other("there is no terminal to lend"))
    }
}

/// Everything a command needs from outside the state.
pub struct Surroundings<'a, W: Host> {
    /// Where escape sequences go: the terminal.
    pub terminal: &'a mut W,
    /// Directories (and files) the corpus was loaded from: never written to.
    pub corpus_roots: &'a [PathBuf],
}

/// Runs every queued command, feeding results back into the state.
pub fn run_pending<W: Host>(state: &mut AppState, context: &mut Surroundings<'_, W>) {
    for command in state.take_commands() {
        let outcome = match command {
            // Serving others (`serve`): nothing is written, read or run
            // here on their behalf, whatever asked for it.
            Command::Export { .. } | Command::CompletePath(_) if state.options().read_only => {
                Ok(Some(
                    "export is off: this browser runs on a shared server, which writes no files"
                        .into(),
                ))
            }
            Command::OpenSource(_) if state.options().read_only => Ok(Some(
                "the page's file is on the server, which opens no pager; `ssh … show ID` prints it"
                    .into(),
            )),
            Command::Export { path, overwrite } => {
                export(state, &path, overwrite, context.corpus_roots)
            }
            Command::Copy { what, text } => copy(context.terminal, &text).map(|_| {
                // Whether the terminal acts on OSC 52 is not known here.
                Some(format!("{what} sent to the terminal's clipboard (OSC 52)"))
            }),
            Command::SaveMarks => save_marks(state),
            Command::OpenSource(source) => {
                let bundled = if context.corpus_roots.is_empty() {
                    crate::model::corpus::load::bundled_page(&source)
                } else {
                    None
                };
                super::pager::show(context.terminal, &source, bundled)
            }
            Command::CompletePath(typed) => {
                let (path, choices) = complete_path(&typed);
                state.update(Msg::Completed { path, choices });
                Ok(None)
            }
        };
        match outcome {
            Ok(Some(message)) => {
                state.update(Msg::Notify(message));
            }
            Ok(None) => {}
            Err(error) => {
                state.update(Msg::WriteFailed(format!("{error:#}")));
            }
        }
    }
}

fn export(
    state: &mut AppState,
    path: &Path,
    overwrite: bool,
    roots: &[PathBuf],
) -> anyhow::Result<Option<String>> {
    if let Some(root) = corpus_root_holding(path, roots) {
        return Ok(Some(format!(
            "will not write into the corpus: choose a file outside {}",
            crate::model::page::format::printable_path(&root)
        )));
    }
    if path.exists() && !overwrite {
        if path.is_dir() {
            anyhow::bail!("{} is a directory", path.display());
        }
        state.update(Msg::AskOverwrite(path.to_path_buf()));
        return Ok(None);
    }
    let store = &state.corpus().store;
    let projects: Vec<&Project> = state
        .hits()
        .iter()
        .map(|h| store.project(h.index as usize))
        .collect();
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let mut buffer = Vec::new();
    if json {
        write_json(&mut buffer, &projects)?;
    } else {
        write_csv_styled(&mut buffer, &projects, state.export_style())?;
    }
    write_atomically(path, |out| out.write_all(&buffer))?;
    let shown = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    Ok(Some(format!(
        "wrote {} projects as {} to {}",
        projects.len(),
        match (json, state.export_style().for_spreadsheets) {
            (true, _) => "JSON",
            (false, false) => "CSV",
            (false, true) => "CSV for spreadsheets",
        },
        shown.display()
    )))
}

/// Whether `path` would land in (or on) one of the corpus roots.
pub fn is_inside_corpus(path: &Path, roots: &[PathBuf]) -> bool {
    corpus_root_holding(path, roots).is_some()
}

/// The corpus root (folder or file) `path` would land in or on, if any.
fn corpus_root_holding(path: &Path, roots: &[PathBuf]) -> Option<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|dir| dir.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let parent = absolute.parent().unwrap_or(&absolute);
    let parent = fs::canonicalize(parent).ok()?;
    let target = parent.join(absolute.file_name().unwrap_or_default());
    roots
        .iter()
        .filter_map(|root| fs::canonicalize(root).ok())
        .find(|root| {
            if root.is_dir() {
                target.starts_with(root)
            } else {
                target == *root
            }
        })
}

/// Completes a typed path from the names in its folder (`~` is the home
/// folder): the one name that fits (a folder gets its `/`), or as much as
/// the names that fit share, and those names.
pub fn complete_path(typed: &str) -> (String, Vec<String>) {
    let (folder, prefix) = match typed.rfind('/') {
        Some(at) => (&typed[..=at], &typed[at + 1..]),
        None => ("", typed),
    };
    let listed = if folder.is_empty() {
        PathBuf::from(".")
    } else {
        super::state::expand_home(folder)
    };
    let Ok(entries) = fs::read_dir(&listed) else {
        return (typed.to_string(), Vec::new());
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_str()?.to_string();
            let is_dir = entry.path().is_dir();
            (name.starts_with(prefix) && (!name.starts_with('.') || prefix.starts_with('.')))
                .then(|| if is_dir { format!("{name}/") } else { name })
        })
        .collect();
    names.sort();
    let shared = names.first().map_or(prefix.to_string(), |first| {
        let mut shared = first.clone();
        for name in &names[1..] {
            while !name.starts_with(shared.as_str()) {
                shared.pop();
            }
        }
        shared
    });
    (format!("{folder}{shared}"), names)
}

/// OSC 52: the terminal (or the one SSH and tmux pass it on to) puts the
/// text on the clipboard of the machine the person sits at.
pub fn copy(terminal: &mut impl Write, text: &str) -> anyhow::Result<()> {
    write!(terminal, "\x1b]52;c;{}\x07", base64(text.as_bytes()))
        .context("cannot write to the terminal")?;
    terminal.flush().context("cannot write to the terminal")?;
    Ok(())
}

/// Merges this session's marks and unmarks into the marks file as it is
/// now (another window may have changed it), keeping every other line.
fn save_marks(state: &mut AppState) -> anyhow::Result<Option<String>> {
    let Some(path) = state.options().marks_file.clone() else {
        return Ok(None);
    };
    let changes = state.mark_changes().to_vec();
    if changes.is_empty() {
        return Ok(None);
    }
    let merged = read_marks_text(&path).map(|text| {
        let mut file = MarksFile::parse(&text);
        for change in &changes {
            file.apply(change);
        }
        file.text()
    });
    merged
        .and_then(|text| write_atomically(&path, |out| out.write_all(text.as_bytes())))
        .context("marks not saved")?;
    state.update(Msg::MarksSaved(changes.len()));
    Ok(None)
}

/// A marks file's text; a missing file is an empty one.
fn read_marks_text(path: &Path) -> anyhow::Result<String> {
    match fs::read(path) {
        Ok(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(error) => {
            Err(error).with_context(|| format!("cannot read marks from {}", path.display()))
        }
    }
}

/// Reads a marks file: the keys of its projects, in order; a missing file
/// is no marks.
pub fn load_marks(path: &Path) -> anyhow::Result<Vec<String>> {
    let text = read_marks_text(path)?;
    Ok(MarksFile::parse(&text)
        .keys()
        .into_iter()
        .map(String::from)
        .collect())
}

/// Standard base64 with padding (RFC 4648), as OSC 52 wants it.
pub fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
        assert_eq!(base64("å".as_bytes()), "w6U=");
    }

    #[test]
    fn copy_writes_one_osc_52_sequence() {
        let mut out = Vec::new();
        copy(&mut out, "hakan@mtnab.com").unwrap();
        assert_eq!(out, b"\x1b]52;c;aGFrYW5AbXRuYWIuY29t\x07");
    }

    #[test]
    fn paths_inside_a_corpus_directory_are_refused() {
        let dir = std::env::temp_dir().join(format!("esf-corpus-{}", std::process::id()));
        fs::create_dir_all(dir.join("sub")).unwrap();
        let roots = vec![dir.clone()];
        assert!(is_inside_corpus(&dir.join("export.csv"), &roots));
        assert!(is_inside_corpus(&dir.join("sub/export.csv"), &roots));
        assert!(!is_inside_corpus(
            &std::env::temp_dir().join("elsewhere.csv"),
            &roots
        ));
        fs::remove_dir_all(&dir).unwrap();
    }
}
