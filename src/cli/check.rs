//! `esf-browse check`: how a corpus loads, file by file.

use std::io::Write;
use std::process::ExitCode;

use super::{ignore_broken_pipe, load, print_error};
use crate::command_line::CheckArgs;
use crate::model::page::format::printable_path;
use crate::model::{Corpus, Layout};

pub fn run(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let corpus = load(&args.paths);
    if corpus.files_seen == 0 {
        print_error("no project pages (*.txt) found");
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    ignore_broken_pipe(write_report(&mut out, corpus, args.quiet).and_then(|()| Ok(out.flush()?)))?;
    // Nothing to check is a failure too: a path with no pages is a mistake.
    Ok(if corpus.problems.is_empty() && corpus.files_seen > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn write_report(out: &mut impl Write, corpus: &Corpus, quiet: bool) -> anyhow::Result<()> {
    let mut warnings = 0;
    for project in corpus.store.projects() {
        warnings += project.warnings.len();
        if project.warnings.is_empty() {
            if !quiet {
                writeln!(out, "ok       {}", printable_path(&project.source))?;
            }
        } else {
            writeln!(out, "warning  {}", printable_path(&project.source))?;
            for warning in &project.warnings {
                writeln!(out, "           {warning}")?;
            }
        }
    }
    for (id, paths) in &corpus.duplicates {
        warnings += 1;
        writeln!(
            out,
            "warning  project {id} is saved in {} files (merged into one, counted once):",
            paths.len()
        )?;
        for path in paths {
            writeln!(out, "           {}", printable_path(path))?;
        }
    }
    for problem in &corpus.problems {
        writeln!(
            out,
            "error    {}: {}",
            printable_path(&problem.path),
            problem.error
        )?;
    }
    writeln!(
        out,
        "{} files read ({:.1} MB), {} projects parsed ({}), {} warnings, {} errors",
        corpus.files_seen,
        corpus.bytes_read as f64 / 1e6,
        corpus.store.len(),
        forms(corpus),
        warnings,
        corpus.problems.len()
    )?;
    Ok(())
}

/// How many projects came from each form of page: `3 old layout, 2 newer`.
fn forms(corpus: &Corpus) -> String {
    let named = [
        (Layout::Old, "old layout"),
        (Layout::New, "newer"),
        (Layout::OldSite, "old site 2014–2020"),
    ];
    let counts: Vec<String> = named
        .iter()
        .map(|(layout, name)| {
            let count = corpus
                .store
                .projects()
                .iter()
                .filter(|p| p.layout == *layout)
                .count();
            (count, name)
        })
        .filter(|(count, _)| *count > 0)
        .map(|(count, name)| format!("{count} {name}"))
        .collect();
    if counts.is_empty() {
        "none".to_string()
    } else {
        counts.join(", ")
    }
}
