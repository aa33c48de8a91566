//! esf-browse: find, filter and read the project pages of the European
//! Social Fund in Sweden, from a terminal or a script.
//!
//! - [`model`]: pages -> typed projects -> an indexed store (no terminal).
//! - [`ui`]: the interactive browser (no file format), one run loop for
//!   the local terminal and SSH sessions.
//! - [`command_line`]: the command line's grammar (clap).
//! - [`report`]: what `list`, `show` and `stats` print.
//! - [`serve`]: the SSH server; runs the browser and the reports.
//! - [`cli`]: every command's front (arguments, config, loading, stderr).
//!
//! Each imports only those listed before it (`cli` all of them).
//!
//! With the `synth` feature, `synth` generates corpora for the benchmarks.

pub mod allocator;
pub mod cli;
pub mod command_line;
pub mod model;
pub mod report;
pub mod serve;
#[cfg(feature = "synth")]
pub mod synth;
pub mod ui;
