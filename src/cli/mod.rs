//! The scriptable commands. Each loads a corpus, reports per-file problems
//! on stderr as `esf-browse: <path>: <reason>`, and writes to stdout.

mod browse;
mod check;
pub mod config;
pub mod docs;
pub(crate) mod progress;
mod remember;
mod reports;
mod serve;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

pub use crate::command_line::{BrowseArgs, Cli, Command, ConfigFileArgs};
pub use browse::browse;

use crate::model::page::format::printable_path;
use crate::model::{Corpus, load_bundled, load_paths};
use crate::report::Sink;

/// Runs what the command line asks for: a command, or the browser. The
/// browser's own options (`--no-mouse` …) before a command are refused
/// rather than silently ignored.
pub fn dispatch(args: Cli) -> anyhow::Result<ExitCode> {
    let Some(command) = args.command else {
        return browse(args.browse, &args.config);
    };
    if let Some(option) = args.browse.option_given() {
        print_error(format_args!(
            "{option} is an option of the browser, not of a command: give it without one"
        ));
        return Ok(ExitCode::from(2));
    }
    run(command, &args.config)
}

/// Runs one command; returns the process exit code.
pub fn run(command: Command, config: &ConfigFileArgs) -> anyhow::Result<ExitCode> {
    match command {
        Command::List(args) => reports::list(args),
        Command::Show(args) => reports::show(args),
        Command::Check(args) => check::run(args),
        Command::Stats(args) => reports::stats(args),
        Command::Serve(args) => serve::run(args, config),
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
fn load_shared(paths: &[PathBuf]) -> Corpus {
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

/// Whether every path given is there; when one is not, says which. The
/// one place a command checks this (a dangling symlink is there: the
/// loader reports it with its reason).
fn paths_exist(paths: &[PathBuf]) -> bool {
    match paths.iter().find(|p| !p.exists() && !p.is_symlink()) {
        Some(missing) => {
            print_error(format_args!(
                "{}: no such file or directory",
                printable_path(missing)
            ));
            false
        }
        None => true,
    }
}

/// Says on stderr which files could not be loaded, and why.
fn report_problems(corpus: &Corpus) {
    for problem in &corpus.problems {
        print_error(format_args!(
            "{}: {}",
            printable_path(&problem.path),
            problem.error
        ));
    }
}

/// Loads and reports each file that failed on stderr; `None` (after
/// saying which) when a path given does not exist.
fn load_reporting(paths: &[PathBuf]) -> Option<&'static Corpus> {
    if !paths_exist(paths) {
        return None;
    }
    let corpus = load(paths);
    report_problems(corpus);
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
