//! `ssh host list …`: runs the read-only commands (`list`, `show`,
//! `stats`) on the shared corpus, with the same code and so the same bytes
//! as the local command; refuses anything else with status 2.

use std::io::Write;

use clap::Parser;

use crate::cli::{Cli, Command, Sink};
use crate::model::Corpus;

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
    let cli = match Cli::try_parse_from(std::iter::once("esf-browse".to_string()).chain(words)) {
        Ok(cli) => cli,
        Err(error) => {
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
            return Output::refused(first);
        }
    };
    let mut output = Output::default();
    let mut sink = Sink {
        out: &mut *out,
        err: &mut output.stderr,
        terminal_width: None,
    };
    let store = &corpus.store;
    let result = match cli.command {
        Some(Command::List(args)) if args.selection.paths.is_empty() => {
            crate::cli::list::write(store, &args, &mut sink)
        }
        Some(Command::Stats(args)) if args.selection.paths.is_empty() => {
            crate::cli::stats::write(store, &args, &mut sink)
        }
        Some(Command::Show(args)) if args.paths.is_empty() => {
            crate::cli::show::write(store, &args, &mut sink)
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
    let result = result.and_then(|status| {
        out.flush()?;
        Ok(status)
    });
    match result {
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

/// Splits a command line as a POSIX shell would for plain words: spaces
/// separate, '…' and "…" quote, a backslash escapes the next character.
/// `None` when a quote is left open.
pub fn split_words(text: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '\'' => break,
                        c => word.push(c),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => match chars.next()? {
                            c @ ('"' | '\\' | '$' | '`') => word.push(c),
                            c => {
                                word.push('\\');
                                word.push(c);
                            }
                        },
                        c => word.push(c),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(c) = chars.next() {
                    word.push(c);
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Some(words)
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
