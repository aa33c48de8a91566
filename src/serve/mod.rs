//! `esf-browse serve`: one corpus, loaded once, browsed by many over SSH
//! with nothing installed on their side. A built-in SSH server (russh)
//! gives each connection its own browser state, run by the same loop as
//! the local browser (`ui::runner`), and runs `list`, `show` and `stats`
//! (`report`) for `ssh host COMMAND`. Nothing is written on the server.
//! It takes options already built (`Settings`): the command line, the
//! config file and the banner are the CLI's (`cli::serve`).
//!
//! Threads: a small tokio runtime does the network; each interactive
//! session is a std thread that blocks on its own channel.

mod accept;
mod auth;
mod channel_out;
mod connection;
mod exec;
mod guarded;
mod host_key;
mod input;
mod limits;
mod log;
mod outbox;
mod screen;
mod server;
mod session;
mod shared;
mod traffic;

use std::net::SocketAddr;
use std::sync::Arc;

use russh::keys::PrivateKey;

pub use auth::{Access, AllowedKey, Rights, parse as parse_authorized_keys};
pub use exec::{Output, run as run_command, split_words};
pub use host_key::{
    default_path as default_host_key_path, fingerprint, load_or_create as load_or_create_host_key,
};
pub use input::InputParser;
pub use limits::{Limits, MOST_COLUMNS, MOST_ROWS};
pub use server::Server;
pub use session::usable_size;

use crate::model::Corpus;
use crate::model::search::text_index::TextIndex;
use crate::ui::state::Options;
use crate::ui::theme::Palette;
use shared::Shared;

/// How the server runs.
#[derive(Clone)]
pub struct Settings {
    pub listen: SocketAddr,
    pub host_key: PrivateKey,
    pub access: Access,
    pub limits: Limits,
    /// The browser's options for every session (export is always off).
    pub options: Options,
    pub palette: Palette,
    pub hyperlinks: bool,
    /// One line per connection event on stderr.
    pub log: bool,
}

/// Prepares a loaded corpus for serving: the full-text index built once.
pub fn prepare(mut corpus: Corpus) -> Arc<Corpus> {
    let store = std::mem::take(&mut corpus.store);
    let index = TextIndex::build(store.projects());
    corpus.store = store.with_text_index(index);
    Arc::new(corpus)
}
