//! The scriptable commands. Each loads a corpus, reports per-file problems
//! on stderr as `esf-browse: <path>: <reason>`, and writes to stdout.

pub mod args;
mod check;
pub mod config;
mod docs;
pub mod list;
pub(crate) mod progress;
mod selection;
pub mod show;
pub mod stats;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

pub use args::{BrowseArgs, Cli, Command};

use crate::model::page::format::printable_path;
use crate::model::{Corpus, load_bundled, load_paths};

/// Runs one command; returns the process exit code.
pub fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::List(args) => list::run(args),
        Command::Show(args) => show::run(args),
        Command::Check(args) => check::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Serve(args) => crate::serve::run(args),
        Command::Completions(args) => docs::completions(args),
        Command::Man => docs::man(),
        Command::Config(args) => {
            if args.print_default {
                print!("{}", config::default_text());
            } else {
                match config::default_path() {
                    Some(path) => println!("{}", path.display()),
                    None => print_error("no config directory on this system"),
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        #[cfg(feature = "synth")]
        Command::GenCorpus(args) => {
            let bytes = crate::synth::write_corpus(&args.out, args.count, args.seed)?;
            eprintln!(
                "wrote {} pages ({:.1} MB) to {}",
                args.count,
                bytes as f64 / 1e6,
                printable_path(&args.out)
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Why a marks file could not be kept at `path`, if it could not: its
/// folder is missing or is not a folder.
fn marks_folder_problem(path: &std::path::Path) -> Option<String> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => std::path::Path::new("."),
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

/// Starts the browser: checks what it needs (a terminal, paths that
/// exist), reads the environment and the marks file, then hands over.
pub fn browse(args: BrowseArgs) -> anyhow::Result<ExitCode> {
    crate::allocator::keep_freed_memory();
    if let Some(path) = &args.marks
        && let Some(problem) = marks_folder_problem(path)
    {
        // Said now, not at the first mark.
        print_error(format_args!("--marks {}: {problem}", printable_path(path)));
        return Ok(ExitCode::from(2));
    }
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        print_error(
            "the browser needs a terminal; for output to a pipe or file use `esf-browse list` (see --help)",
        );
        return Ok(ExitCode::from(2));
    }
    if std::env::var_os("TERM").is_some_and(|term| term == "dumb") {
        print_error(
            "the browser needs a terminal that can move its cursor (TERM=dumb); use `esf-browse list` or `show`",
        );
        return Ok(ExitCode::from(2));
    }
    if let Some(missing) = args.paths.iter().find(|p| !p.exists()) {
        print_error(format_args!(
            "{}: no such file or directory",
            missing.display()
        ));
        return Ok(ExitCode::FAILURE);
    }
    let settings = config::load(args.config.as_deref(), args.no_config)?;
    let clipboard_off =
        std::env::var_os("ESF_BROWSE_NO_CLIPBOARD").is_some_and(|v| !v.is_empty() && v != "0");
    let marks = match &args.marks {
        Some(path) => crate::ui::commands::load_marks(path)?,
        None => Vec::new(),
    };
    let outcome = crate::ui::run(crate::ui::Startup {
        options: crate::ui::state::Options {
            keymap: settings.keymap,
            sort: settings.sort,
            reverse: settings.reverse,
            mouse: settings.mouse && !args.no_mouse,
            clipboard: settings.clipboard && !args.no_clipboard && !clipboard_off,
            marks_file: args.marks,
            read_only: false,
        },
        paths: args.paths,
        theme: crate::ui::theme::Theme::from_env(settings.palette),
        marks,
        // The Linux console has no OSC 8 and is best left without.
        hyperlinks: settings.hyperlinks
            && std::env::var_os("TERM").is_none_or(|term| term != "linux"),
    })?;
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

/// A closed pipe (`esf-browse list | head`) is a normal end for output:
/// not an error.
fn ignore_broken_pipe(result: anyhow::Result<()>) -> anyhow::Result<()> {
    match result {
        Err(error) if is_broken_pipe(&error) => Ok(()),
        other => other,
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let io_kind = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            })
            .or_else(
                || match cause.downcast_ref::<csv::Error>().map(csv::Error::kind) {
                    Some(csv::ErrorKind::Io(io)) => Some(io.kind()),
                    _ => None,
                },
            );
        io_kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// Where a command's output goes: stdout and stderr, or (under `serve`)
/// an SSH channel's data and its error stream.
pub struct Sink<'a> {
    pub out: &'a mut dyn std::io::Write,
    pub err: &'a mut dyn std::io::Write,
    /// The width of the terminal `out` is, if it is one.
    pub terminal_width: Option<usize>,
}

impl Sink<'_> {
    /// Writes `esf-browse: <message>` to the error stream.
    pub fn error(&mut self, message: impl std::fmt::Display) {
        let _ = writeln!(self.err, "esf-browse: {message}");
    }

    /// The width to wrap to: the terminal's, or 80.
    fn width(&self) -> usize {
        self.terminal_width.unwrap_or(80)
    }
}

/// Runs a command's writer on the standard streams; a closed pipe is a
/// normal end.
fn on_stdio(write: impl FnOnce(&mut Sink<'_>) -> anyhow::Result<u8>) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut err = std::io::stderr();
    let terminal_width = std::io::stdout().is_terminal().then(output_width);
    let mut code = 0;
    let written = write(&mut Sink {
        out: &mut out,
        err: &mut err,
        terminal_width,
    })
    .map(|status| code = status);
    ignore_broken_pipe(written.and_then(|()| Ok(out.flush()?)))?;
    Ok(ExitCode::from(code))
}

/// Prints `esf-browse: message` on stderr; control and hidden characters
/// (from file names, say) are shown as `�`, never sent to the terminal.
pub fn print_error(message: impl std::fmt::Display) {
    let message: String = message
        .to_string()
        .chars()
        .map(|c| {
            if c != '\n' && crate::model::page::format::is_hidden(c) {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect();
    eprintln!("esf-browse: {message}");
}

/// Loads the given paths, or the bundled samples when there are none,
/// showing progress on stderr when it is a terminal.
///
/// A command keeps its corpus until the process ends, so it is never freed:
/// freeing every page of a large corpus one by one would only delay the
/// exit (a third of a second at 100 000 pages).
pub fn load(paths: &[PathBuf]) -> &'static Corpus {
    Box::leak(Box::new(load_shared(paths)))
}

/// Loads the given paths (or the bundled samples) with the same progress
/// as the other commands, to be kept and shared (`serve`).
pub fn load_shared(paths: &[PathBuf]) -> Corpus {
    if paths.is_empty() {
        load_bundled()
    } else if std::io::stderr().is_terminal() {
        let meter = progress::Meter::new();
        let corpus = load_paths(paths, &|p| meter.report(p));
        meter.finish();
        corpus
    } else {
        load_paths(paths, &|_| {})
    }
}

/// Loads and reports each file that failed on stderr; `None` (after
/// saying which) when a path given does not exist.
fn load_reporting(paths: &[PathBuf]) -> Option<&'static Corpus> {
    if let Some(missing) = paths.iter().find(|p| !p.exists() && !p.is_symlink()) {
        print_error(format_args!(
            "{}: no such file or directory",
            printable_path(missing)
        ));
        return None;
    }
    let corpus = load(paths);
    for problem in &corpus.problems {
        print_error(format_args!(
            "{}: {}",
            printable_path(&problem.path),
            problem.error
        ));
    }
    Some(corpus)
}

/// The terminal's width, or 80 when stdout is not a terminal.
fn output_width() -> usize {
    if std::io::stdout().is_terminal() {
        crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w.max(20)))
    } else {
        80
    }
}
