//! `esf-browse completions SHELL` and `esf-browse man`: generated from the
//! clap definition of the command line, so they never drift from it.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;

use super::ignore_broken_pipe;
use crate::command_line::{Cli, CompletionsArgs};

/// The environment variable under which the shell asks the program itself
/// for completions (bash): set, the program prints candidates and exits.
pub const COMPLETE_VAR: &str = "ESF_BROWSE_COMPLETE";

/// Answers a shell asking for completions, if one is (`COMPLETE_VAR`
/// set), and exits; else returns at once.
pub fn answer_completion_request() {
    clap_complete::CompleteEnv::with_factory(Cli::command)
        .var(COMPLETE_VAR)
        .complete();
}

pub fn completions(args: CompletionsArgs) -> anyhow::Result<ExitCode> {
    let mut out = Vec::new();
    if args.shell == clap_complete::Shell::Bash {
        // Bash asks the program (clap's dynamic completion): the static
        // script completes nothing after a subcommand (clap issue 6421).
        use clap_complete::env::{Bash, EnvCompleter};
        let name = "esf-browse";
        Bash.write_registration(COMPLETE_VAR, name, name, name, &mut out)?;
    } else {
        clap_complete::generate(args.shell, &mut Cli::command(), "esf-browse", &mut out);
    }
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
