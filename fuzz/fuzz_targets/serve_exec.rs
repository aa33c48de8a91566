//! `ssh host COMMAND`: any command line (at most the server's 4096 bytes)
//! split into words and parsed as arguments, then run on the bundled
//! corpus with `serve::run_command`, as the server runs it. Nothing may
//! panic; a refusal says why on stderr with status 2.

#![no_main]

use std::sync::OnceLock;

use esf_browse::model::{Corpus, load_bundled};
use esf_browse::serve::{self, run_command, split_words};
use libfuzzer_sys::fuzz_target;

/// The server reads at most this much of a command line.
const MOST_COMMAND_BYTES: usize = 4096;

fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<std::sync::Arc<Corpus>> = OnceLock::new();
    CORPUS.get_or_init(|| serve::prepare(load_bundled()))
}

fuzz_target!(|data: &[u8]| {
    let data = &data[..data.len().min(MOST_COMMAND_BYTES)];
    if let Ok(text) = std::str::from_utf8(data) {
        if let Some(words) = split_words(text) {
            // Splitting never invents text: every word is made of the
            // line's characters.
            let length: usize = words.iter().map(String::len).sum();
            assert!(length <= text.len(), "{text:?} -> {words:?}");
        }
    }
    let output = run_command(corpus(), data);
    if output.status == 2 {
        assert!(
            output.stderr.starts_with(b"esf-browse: "),
            "{:?}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
});
