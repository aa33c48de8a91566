//! The command line's grammar, declared with clap: the browser by default,
//! the scriptable commands `list`, `show`, `check`, `stats` and `serve`,
//! and the shell completions and man page generated from this definition.
//! Data only: `cli` runs what it parses; `serve` parses the command lines
//! `ssh HOST COMMAND` sends with it, so both accept the same words.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::SortKey;
use crate::model::query::Range;

#[derive(Debug, Parser)]
#[command(
    name = "esf-browse",
    version,
    about = "Browse, filter and read project pages of the European Social Fund in Sweden (ESF-rådet's project bank).",
    long_about = "Browse, filter and read project pages of the European Social Fund in Sweden \
(Svenska ESF-rådet's project bank).\n\nWith no command, opens the interactive browser on the \
given files and directories (directories are searched recursively for *.txt pages). With no \
path at all, it opens the sample corpus built into the program."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub config: ConfigFileArgs,
    #[command(flatten)]
    pub browse: BrowseArgs,
}

/// Which config file the browser and `serve` read; accepted before or
/// after a command (`esf-browse --config x.toml serve …`).
#[derive(Debug, Clone, Default, Args)]
pub struct ConfigFileArgs {
    /// Read key bindings, colours and defaults from this file instead of
    /// the default one (see `esf-browse config --path`).
    #[arg(long, value_name = "FILE", conflicts_with = "no_config", global = true)]
    pub config: Option<PathBuf>,
    /// Start with the built-in defaults; read no config file.
    #[arg(long, global = true)]
    pub no_config: bool,
}

#[derive(Debug, Args)]
pub struct BrowseArgs {
    /// Project pages or directories of pages; none opens the bundled samples.
    pub paths: Vec<PathBuf>,
    /// Leave the mouse to the terminal (keeps its text selection working).
    #[arg(long)]
    pub no_mouse: bool,
    /// Never copy to the clipboard (also: ESF_BROWSE_NO_CLIPBOARD=1).
    #[arg(long)]
    pub no_clipboard: bool,
    /// Keep marks in this file between sessions (one project id per line).
    #[arg(long, value_name = "FILE")]
    pub marks: Option<PathBuf>,
    /// Start without the last search, filters and order of these pages
    /// (they are kept in the state folder; `remember = false` in the
    /// config turns that off).
    #[arg(long)]
    pub fresh: bool,
}

impl BrowseArgs {
    /// The first of the browser's own options given, as typed.
    pub fn option_given(&self) -> Option<&'static str> {
        [
            (self.no_mouse, "--no-mouse"),
            (self.no_clipboard, "--no-clipboard"),
            (self.marks.is_some(), "--marks"),
            (self.fresh, "--fresh"),
        ]
        .into_iter()
        .find_map(|(given, option)| given.then_some(option))
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the projects that match filters and a title query, as a table, JSON or CSV.
    List(ListArgs),
    /// Print one project in full: every field, section and list, wrapped to the terminal.
    Show(ShowArgs),
    /// Report how a corpus loads: files read, projects parsed, warnings and errors per file.
    /// Exits 0 when every file loaded, 1 when any did not.
    Check(CheckArgs),
    /// Sum ESF grants and budgets per region and count projects per start year.
    Stats(StatsArgs),
    /// Serve the corpus over SSH: each connection browses it read-only;
    /// `ssh HOST list …` (or show, stats) runs a command on it.
    Serve(ServeArgs),
    /// Print a completion script for a shell (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the man page (roff) to stdout: `esf-browse man > esf-browse.1`.
    Man,
    /// The config file: print a complete one with every default, or its path.
    Config(ConfigArgs),
    /// Write N generated pages in the real format (for benchmarks and scale tests).
    #[cfg(feature = "synth")]
    #[command(hide = true)]
    GenCorpus(GenCorpusArgs),
}

#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct ConfigArgs {
    /// Print a config file with every setting at its default.
    #[arg(long)]
    pub print_default: bool,
    /// Print where the config file is read from.
    #[arg(long)]
    pub path: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[cfg(feature = "synth")]
#[derive(Debug, Args)]
pub struct GenCorpusArgs {
    /// How many pages to write.
    #[arg(long)]
    pub count: usize,
    /// The directory to write them into (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// The same seed gives the same pages.
    #[arg(long, default_value_t = 2007)]
    pub seed: u64,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// Order of the rows; relevance needs --query or --text and is the default with them.
    #[arg(long, value_enum)]
    pub sort: Option<SortArg>,
    /// Reverse the order.
    #[arg(long)]
    pub reverse: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// CSV for spreadsheet programs set up for Swedish: semicolons and a
    /// UTF-8 byte-order mark.
    #[arg(long)]
    pub for_spreadsheets: bool,
    /// CSV: add a last column, `sections`, with every section's text.
    #[arg(long)]
    pub with_text: bool,
}

/// Which projects a command works on: paths, filters and a search.
#[derive(Debug, Args)]
pub struct SelectionArgs {
    /// Project pages or directories; none uses the bundled samples.
    pub paths: Vec<PathBuf>,
    /// Keep projects in this region (repeat for several: any of them).
    #[arg(long, value_name = "R")]
    pub region: Vec<String>,
    /// Keep projects in this programme area, by period and area ("2007-2013 · 1"),
    /// area ("2 Ökat", "B") or as old pages write it ("Programområde 1": area 1
    /// of every period); a prefix is enough.
    #[arg(long, value_name = "P")]
    pub program_area: Vec<String>,
    /// Keep projects in this phase (Förprojektering, Genomförande …).
    #[arg(long, value_name = "F")]
    pub phase: Vec<String>,
    /// Keep projects active in this municipality (Kommun).
    #[arg(long, value_name = "K")]
    pub municipality: Vec<String>,
    /// Keep projects of this fund (ESF, ESF+, React-EU).
    #[arg(long, value_name = "FUND")]
    pub fund: Vec<String>,
    /// Keep projects of this programme period, e.g. 2007–2013.
    #[arg(long, value_name = "PERIOD")]
    pub programme_period: Vec<String>,
    /// Keep projects starting in these years: 2010-2014, 2012, 2010- or ..2014.
    #[arg(long, value_name = "FROM-TO", value_parser = range_arg)]
    pub years: Option<Range>,
    /// Keep projects whose ESF grant is in this range of kronor: 500k-2M, 1000000-, ..300k.
    #[arg(long, value_name = "FROM-TO", value_parser = range_arg)]
    pub grant: Option<Range>,
    /// Keep projects whose total budget is in this range of kronor (as --grant).
    #[arg(long, value_name = "FROM-TO", value_parser = range_arg)]
    pub budget: Option<Range>,
    /// Fuzzy title search, as in the browser ("harj" finds "Härjedalen").
    #[arg(long, short, value_name = "Q")]
    pub query: Option<String>,
    /// Full-text search in every field, section and list: all words must occur,
    /// "quoted phrases" match exactly, case is ignored.
    #[arg(long, short, value_name = "WORDS", conflicts_with = "query")]
    pub text: Option<String>,
}

/// A range on the command line (`2010-2014`, `500k-2M`, `..2014`).
fn range_arg(text: &str) -> Result<Range, String> {
    Range::parse(text).ok_or_else(|| {
        format!("{text:?} is not a range: write FROM-TO (2010-2014, 500k-2M), FROM- or ..TO")
    })
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
    pub format: StatsFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The project's id (its file name without .txt, or `folder/name` where
    /// two files share a name), or its registration number; a unique prefix
    /// is enough.
    pub id: String,
    /// Project pages or directories; none uses the bundled samples.
    pub paths: Vec<PathBuf>,
    /// Print the project as JSON instead.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Project pages or directories; none serves the bundled samples.
    pub paths: Vec<PathBuf>,
    /// The address and port to listen on.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:2222")]
    pub listen: std::net::SocketAddr,
    /// The server's ed25519 key; created (mode 0600) when missing.
    /// Default: esf-browse/ssh_host_ed25519_key in the user's data folder.
    #[arg(long, value_name = "FILE")]
    pub host_key: Option<PathBuf>,
    /// Let in the holders of these public keys (OpenSSH's format).
    #[arg(long, value_name = "FILE", required_unless_present = "open")]
    pub authorized_keys: Option<PathBuf>,
    /// Let anyone in, with or without a key: a read-only kiosk.
    #[arg(long, conflicts_with = "authorized_keys")]
    pub open: bool,
    /// Connections open at once, from everyone.
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub max_sessions: usize,
    /// Connections open at once from one client address.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub max_per_address: usize,
    /// Authentication attempts per connection.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub max_auth_attempts: usize,
    /// Seconds from connecting to being authenticated.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    pub auth_timeout: u64,
    /// Seconds without input or output before a connection is closed.
    #[arg(long, value_name = "SECONDS", default_value_t = 1800)]
    pub idle_timeout: u64,
    /// No log lines on stderr.
    #[arg(long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Project pages or directories; none checks the bundled samples.
    pub paths: Vec<PathBuf>,
    /// Only list files with errors or warnings.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    Relevance,
    Title,
    Grant,
    Budget,
    Start,
    End,
    Region,
    Owner,
}

impl From<SortArg> for SortKey {
    fn from(value: SortArg) -> SortKey {
        match value {
            SortArg::Relevance => SortKey::Relevance,
            SortArg::Title => SortKey::Title,
            SortArg::Grant => SortKey::Grant,
            SortArg::Budget => SortKey::Budget,
            SortArg::Start => SortKey::Start,
            SortArg::End => SortKey::End,
            SortArg::Region => SortKey::Region,
            SortArg::Owner => SortKey::Owner,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}
