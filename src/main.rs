//! Wires the command line to the library: parse arguments, run a command or
//! the browser, turn errors into one line on stderr.

use std::process::ExitCode;

use clap::Parser;
use esf_browse::cli::{self, Cli};

fn main() -> ExitCode {
    cli::docs::answer_completion_request();
    let args = Cli::parse();
    cli::dispatch(args).unwrap_or_else(|error| {
        cli::print_error(format_args!("{error:#}"));
        ExitCode::FAILURE
    })
}
