//! The interactive browser.
use std::process::ExitCode;
pub fn run(args: crate::cli::BrowseArgs) -> anyhow::Result<ExitCode> {
    crate::cli::run(crate::cli::Command::List(crate::cli::args::ListArgs {
        paths: args.paths,
        region: vec![],
        program_area: vec![],
        phase: vec![],
        municipality: vec![],
        programme_period: vec![],
        query: None,
        sort: None,
        reverse: false,
        format: crate::cli::args::Format::Table,
    }))
}
