//! `esf-browse completions SHELL` and `esf-browse man`: generated from the
//! clap definition of the command line, so they never drift from it.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;

use super::ignore_broken_pipe;
use crate::command_line::{Cli, CompletionsArgs};

pub fn completions(args: CompletionsArgs) -> anyhow::Result<ExitCode> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "esf-browse", &mut out);
    write_out(&out)
}

pub fn man() -> anyhow::Result<ExitCode> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    write_out(&out)
}

fn write_out(bytes: &[u8]) -> anyhow::Result<ExitCode> {
    let mut stdout = std::io::stdout().lock();
    ignore_broken_pipe(
        stdout
            .write_all(bytes)
            .and_then(|()| stdout.flush())
            .map_err(anyhow::Error::from),
    )?;
    Ok(ExitCode::SUCCESS)
}
