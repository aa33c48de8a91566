//! esf-browse: find, filter and read the project pages of the European
//! Social Fund in Sweden, from a terminal or a script.
//!
//! - [`model`]: pages -> typed projects -> an indexed store (no terminal).
//! - [`ui`]: the interactive browser (no file format).
//! - [`cli`]: the scriptable commands.
//!
//! With the `synth` feature, `synth` generates corpora for the benchmarks.

pub mod allocator;
pub mod cli;
pub mod model;
pub mod serve;
#[cfg(feature = "synth")]
pub mod synth;
pub mod ui;
