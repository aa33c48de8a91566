//! The browser's front: checks what it needs (a terminal, paths that
//! exist, a folder for the marks file), reads the config, the environment
//! and the marks file, then hands over to `ui::run`.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use super::{config, paths_exist, print_error, remember};
use crate::command_line::{BrowseArgs, ConfigFileArgs};
use crate::model::page::format::printable_path;
use crate::ui::state::Options;

/// Starts the browser: checks what it needs (a terminal, paths that
/// exist), reads the environment and the marks file, then hands over.
pub fn browse(args: BrowseArgs, config_file: &ConfigFileArgs) -> anyhow::Result<ExitCode> {
    crate::allocator::keep_freed_memory();
    if let Some(refusal) = refusal(&args) {
        print_error(refusal);
        return Ok(ExitCode::from(2));
    }
    if !paths_exist(&args.paths) {
        return Ok(ExitCode::FAILURE);
    }
    let settings = config::load(config_file.config.as_deref(), config_file.no_config)?;
    let marks = match &args.marks {
        Some(path) => crate::ui::commands::load_marks(path)?,
        None => Vec::new(),
    };
    // The bundled samples start the same every time; so does `--fresh`.
    let record = remember::record_path().filter(|_| settings.remember && !args.paths.is_empty());
    let key = record.as_ref().map(|_| remember::key(&args.paths));
    let restore = match (&record, &key) {
        (Some(record), Some(key)) if !args.fresh => remember::load(record, key),
        _ => None,
    };
    let outcome = crate::ui::run(crate::ui::Startup {
        options: options(&settings, &args),
        paths: args.paths,
        theme: crate::ui::theme::Theme::from_env(settings.palette),
        marks,
        // The Linux console has no OSC 8 and is best left without.
        hyperlinks: settings.hyperlinks
            && std::env::var_os("TERM").is_none_or(|term| term != "linux"),
        restore,
    })?;
    if let (Some(record), Some(key)) = (&record, &key)
        && let Err(error) = remember::save(record, key, &outcome.view)
    {
        print_error(format_args!("the last view was not kept: {error:#}"));
    }
    for failure in &outcome.failures {
        print_error(failure);
    }
    if let Some(signal) = outcome.signal {
        // As a shell reports a process a signal ended: 128 + its number.
        return Ok(ExitCode::from(128u8.saturating_add(signal as u8)));
    }
    if !outcome.failures.is_empty() {
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Why the browser cannot start here (status 2), if it cannot: no
/// folder for the marks file (said now, not at the first mark), or no
/// terminal that can move its cursor.
fn refusal(args: &BrowseArgs) -> Option<String> {
    if let Some(path) = &args.marks
        && let Some(problem) = marks_folder_problem(path)
    {
        return Some(format!("--marks {}: {problem}", printable_path(path)));
    }
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Some(
            "the browser needs a terminal; for output to a pipe or file use `esf-browse list` (see --help)".into(),
        );
    }
    if std::env::var_os("TERM").is_some_and(|term| term == "dumb") {
        return Some(
            "the browser needs a terminal that can move its cursor (TERM=dumb); use `esf-browse list` or `show`".into(),
        );
    }
    None
}

/// The config's options, less what the flags and the environment turn off,
/// with the marks file.
fn options(settings: &config::Settings, args: &BrowseArgs) -> Options {
    let clipboard_off =
        std::env::var_os("ESF_BROWSE_NO_CLIPBOARD").is_some_and(|v| !v.is_empty() && v != "0");
    let config = settings.options();
    Options {
        mouse: config.mouse && !args.no_mouse,
        clipboard: config.clipboard && !args.no_clipboard && !clipboard_off,
        marks_file: args.marks.clone(),
        ..config
    }
}

/// Why a marks file could not be kept at `path`, if it could not: its
/// folder is missing or is not a folder.
fn marks_folder_problem(path: &Path) -> Option<String> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    match std::fs::metadata(folder) {
        Ok(meta) if meta.is_dir() => None,
        Ok(_) => Some(format!("{} is not a folder", printable_path(folder))),
        Err(_) => Some(format!(
            "the folder {} does not exist (create it, or give another path)",
            printable_path(folder)
        )),
    }
}
