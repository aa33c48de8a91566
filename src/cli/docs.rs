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

/// The man page: clap's sections for the program, then each command with
/// its options (one page, no `esf-browse-list(1)` pages to point to), then
/// the keys, the config file, the environment and examples.
pub fn man() -> anyhow::Result<ExitCode> {
    let mut out = Vec::new();
    let command = Cli::command();
    let page = clap_mangen::Man::new(command.clone());
    page.render_title(&mut out)?;
    page.render_name_section(&mut out)?;
    page.render_synopsis_section(&mut out)?;
    page.render_description_section(&mut out)?;
    page.render_options_section(&mut out)?;
    out.extend_from_slice(b".SH COMMANDS\n");
    for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        out.extend_from_slice(command_section(sub)?.as_bytes());
    }
    for (title, lines) in MAN_SECTIONS {
        out.extend_from_slice(format!(".SH {title}\n").as_bytes());
        for line in *lines {
            out.extend_from_slice(roff_line(line).as_bytes());
        }
    }
    page.render_version_section(&mut out)?;
    write_out(&out)
}

/// One command of the man page: its name and synopsis, what it does, and
/// its options (clap's rendering, under a subsection of its own).
fn command_section(sub: &clap::Command) -> anyhow::Result<String> {
    let mut text = format!(".SS \"esf\\-browse {}\"\n", sub.get_name());
    if let Some(about) = sub.get_long_about().or(sub.get_about()) {
        text.push_str(&roff_line(&about.to_string()));
    }
    let mut options = Vec::new();
    clap_mangen::Man::new(sub.clone()).render_options_section(&mut options)?;
    let options = String::from_utf8_lossy(&options);
    // Its options as a list under the command, not a section of their own.
    text.push_str(&options.replacen(".SH OPTIONS\n", "", 1));
    Ok(text)
}

/// A line of plain text as roff: `-` and `\\` escaped, a leading `.` or `'`
/// kept from reading as a request; an empty line a paragraph break, and a
/// line starting `$ ` the tag of the lines after it (an example).
fn roff_line(line: &str) -> String {
    if line.is_empty() {
        return ".PP\n".to_string();
    }
    if let Some(tag) = line.strip_prefix("$ ") {
        return format!(".TP\n{}", roff_line(tag));
    }
    let escaped = line.replace('\\', "\\e").replace('-', "\\-");
    let guarded = if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    };
    format!("{guarded}\n")
}

/// The sections of the man page beyond what clap knows.
const MAN_SECTIONS: &[(&str, &[&str])] = &[
    (
        "KEYS",
        &[
            "In the browser, ? shows every key where you are. The main ones: / search (in the \
             detail pane: find in the page), t titles or all text, Tab next pane, j k move, \
             Enter read the project, b and m jump to Bakgrund and Målsättning, s sort, Space \
             mark, e export, v statistics, ! files that could not be loaded, q quit.",
            "",
            "Every key can be rebound in the config file's [keys] table.",
        ],
    ),
    (
        "CONFIG FILE",
        &["Read from config.toml in the platform's config folder \
             (~/.config/esf-browse/config.toml on Linux; esf-browse config --path prints it), \
             or from --config FILE; --no-config reads none. esf-browse config --default prints \
             a complete file with every setting at its default: key bindings, colours, the \
             start sort order."],
    ),
    (
        "ENVIRONMENT",
        &[
            "NO_COLOR: when set and not empty, no colours (bold, underline and reverse stay).",
            "",
            "ESF_BROWSE_NO_CLIPBOARD: when set (not 0), never copy to the clipboard (OSC 52).",
            "",
            "PAGER: the pager o opens a page's file in (less when unset).",
            "",
            "TERM: dumb refuses the browser; use the commands instead.",
            "",
            "ESF_BROWSE_COMPLETE: set by the bash completion script when it asks for \
             completions.",
        ],
    ),
    (
        "EXIT STATUS",
        &[
            "0 when everything asked for was done; 1 when a page could not be loaded (check) \
             or a command failed; 2 for a usage error.",
        ],
    ),
    (
        "EXAMPLES",
        &[
            "$ esf-browse ~/esf",
            "Browse every page saved under ~/esf (folders are searched for *.txt files).",
            "$ esf-browse list ~/esf --region stockholm --sort grant --format csv > stockholm.csv",
            "The projects of one region, largest grant first, as CSV.",
            "$ esf-browse list ~/esf --text \"lokala arbetsmarknaden\"",
            "Projects whose text holds a phrase.",
            "$ esf-browse show 2019/00446 ~/esf",
            "One project in full, by registration number or file id.",
            "$ esf-browse check ~/esf",
            "Which files could not be read, and why.",
            "$ esf-browse serve ~/esf --authorized-keys ~/.ssh/authorized_keys",
            "Let readers browse the pages over SSH: ssh -p 2222 localhost (--listen 0.0.0.0:2222 opens it to the network).",
        ],
    ),
    (
        "SEE ALSO",
        &["ssh(1), less(1). The README and docs/ in the source tree."],
    ),
];

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
