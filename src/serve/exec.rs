//! `ssh host list …`: runs the read-only commands (`list`, `show`,
//! `stats`) on the shared corpus, with the same code and so the same bytes
//! as the local command; refuses anything else with status 2.

use std::io::Write;

use clap::Parser;

use crate::command_line::{Cli, Command};
use crate::model::Corpus;
use crate::report::{self, Sink};

/// What a command wrote, and its exit status.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub status: u32,
}

impl Output {
    fn refused(reason: impl std::fmt::Display) -> Output {
        Output {
            stdout: Vec::new(),
            stderr: format!("esf-browse: {reason}\n").into_bytes(),
            status: 2,
        }
    }
}

/// Runs one command line as the client sent it; its output collected.
pub fn run(corpus: &Corpus, command_line: &[u8]) -> Output {
    let mut stdout = Vec::new();
    let mut output = run_into(corpus, command_line, &mut stdout);
    output.stdout = stdout;
    output
}

/// Runs one command line, writing its output to `out` as it is made (the
/// returned `stdout` is empty).
pub fn run_into(corpus: &Corpus, command_line: &[u8], out: &mut dyn Write) -> Output {
    let Ok(text) = std::str::from_utf8(command_line) else {
        return Output::refused("the command is not UTF-8");
    };
    let Some(words) = split_words(text) else {
        return Output::refused("unbalanced quotes in the command");
    };
    if words.is_empty() {
        return Output::refused("no command; over ssh: list, show or stats");
    }
    let command = match Cli::try_parse_from(std::iter::once("esf-browse".to_string()).chain(words))
    {
        Ok(cli) => cli.command,
        Err(error) => return clap_said(&error, out),
    };
    let mut output = Output::default();
    let mut sink = Sink {
        out: &mut *out,
        err: &mut output.stderr,
        terminal_width: None,
    };
    let store = &corpus.store;
    let result = match command {
        Some(Command::List(args)) if args.selection.paths.is_empty() => {
            report::list::write(store, &args, &mut sink)
        }
        Some(Command::Stats(args)) if args.selection.paths.is_empty() => {
            report::stats::write(store, &args, &mut sink)
        }
        Some(Command::Show(args)) if args.paths.is_empty() => {
            report::show::write(store, &args, &mut sink)
        }
        Some(Command::List(_) | Command::Stats(_) | Command::Show(_)) => {
            return Output::refused(
                "paths are not accepted over ssh: the server's corpus is the one shown",
            );
        }
        Some(_) | None => {
            return Output::refused(
                "only list, show and stats run over ssh (connect without a command to browse)",
            );
        }
    };
    match result.and_then(|status| {
        out.flush()?;
        Ok(status)
    }) {
        Ok(status) => output.status = status.into(),
        Err(error) => {
            output
                .stderr
                .extend(format!("esf-browse: {error:#}\n").into_bytes());
            output.status = 1;
        }
    }
    output
}

/// What clap said instead of parsing: help and version are written to
/// `out` (status 0); an error is refused with its first line.
fn clap_said(error: &clap::Error, out: &mut dyn Write) -> Output {
    use clap::error::ErrorKind;
    let text = error.render().to_string();
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        let written = out.write_all(text.as_bytes()).and_then(|()| out.flush());
        return Output {
            status: if written.is_ok() { 0 } else { 1 },
            ..Output::default()
        };
    }
    let first = text.lines().next().unwrap_or("invalid arguments");
    let first = first.strip_prefix("error: ").unwrap_or(first);
    Output::refused(first)
}

/// Splits a command line as a POSIX shell would for plain words (shlex):
/// spaces separate, '…' and "…" quote, a backslash escapes the next
/// character. `None` when a quote is left open.
pub fn split_words(text: &str) -> Option<Vec<String>> {
    shlex::split(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_like_a_shell() {
        assert_eq!(
            split_words(r#"list --region 'Västra Götaland' -q "a \"b\"" x\ y"#).unwrap(),
            [
                "list",
                "--region",
                "Västra Götaland",
                "-q",
                "a \"b\"",
                "x y"
            ]
        );
        assert_eq!(split_words("  ").unwrap(), Vec::<String>::new());
        assert_eq!(split_words("''").unwrap(), [""]);
        assert!(split_words("list 'open").is_none());
    }

    #[test]
    fn anything_but_the_read_only_commands_is_refused() {
        let corpus = crate::model::load_bundled();
        for line in ["check", "man", "config --path", "", "list /etc", "nonsense"] {
            let output = run(&corpus, line.as_bytes());
            assert_eq!(output.status, 2, "{line}");
            assert_eq!(output.stderr.iter().filter(|&&b| b == b'\n').count(), 1);
        }
        assert_eq!(run(&corpus, b"list").status, 0);
    }
}
