//! The domain: project pages, their parsing, the store and its queries.
//! Knows nothing of terminals.

pub mod collate;
pub mod copies;
pub mod decode;
pub mod document;
pub mod error;
pub mod export;
pub mod fold;
pub mod format;
pub mod links;
pub mod load;
pub mod marks_file;
pub mod parse;
pub mod program_area;
pub mod project;
pub mod query;
pub mod region;
pub mod save;
pub mod similar;
pub mod stats;
pub mod store;
pub mod text_index;
pub mod text_search;
pub mod title_letters;
pub mod title_score;
pub mod title_search;
pub mod title_words;
pub mod write;

pub use error::PageError;
pub use load::{Corpus, LoadProblem, Progress, load_bundled, load_paths};
pub use project::{Date, ExtraField, Layout, ListKind, Project, Section};
pub use query::{Filters, SortKey};
pub use store::{Facet, Store};
pub use title_search::{Hit, TitleQuery, TitleSearch};
