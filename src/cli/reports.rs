//! The fronts of `list`, `show` and `stats`: load the paths given (or the
//! samples), then run the report's writer on stdout and stderr.

use std::process::ExitCode;

use super::{load_reporting, on_stdio};
use crate::command_line::{ListArgs, ShowArgs, StatsArgs};
use crate::report;

pub fn list(args: ListArgs) -> anyhow::Result<ExitCode> {
    let Some(corpus) = load_reporting(&args.selection.paths) else {
        return Ok(ExitCode::FAILURE);
    };
    on_stdio(|sink| report::list::write(&corpus.store, &args, sink))
}

pub fn show(args: ShowArgs) -> anyhow::Result<ExitCode> {
    let Some(corpus) = load_reporting(&args.paths) else {
        return Ok(ExitCode::FAILURE);
    };
    on_stdio(|sink| report::show::write(&corpus.store, &args, sink))
}

pub fn stats(args: StatsArgs) -> anyhow::Result<ExitCode> {
    let Some(corpus) = load_reporting(&args.selection.paths) else {
        return Ok(ExitCode::FAILURE);
    };
    on_stdio(|sink| report::stats::write(&corpus.store, &args, sink))
}
