//! The domain: project pages, their parsing, the store and its queries.
//! Knows nothing of terminals. Each folder depends only on those above it:
//!
//! - [`swedish`]: the language's rules — accent folding, alphabetical order.
//! - [`page`]: one project page — the `Project` type, reading a page
//!   (`parse`), writing one back (`page_text`), laying it out (`document`).
//! - [`search`]: the indexes over many pages' words and titles.
//! - [`corpus`]: many pages — loading files, merging copies, the `Store`.
//! - [`query`]: asking the store — title and full-text search, similar
//!   titles, filters, sort orders, facet counts.
//! - [`output`]: what leaves the program — CSV/JSON exports, statistics,
//!   the marks file, writing files whole or not at all.

pub mod corpus;
pub mod output;
pub mod page;
pub mod query;
pub mod search;
pub mod swedish;

pub use corpus::load::{Corpus, LoadProblem, Progress, load_bundled, load_paths};
pub use corpus::store::{Facet, Store};
pub use page::error::PageError;
pub use page::project::{Date, ExtraField, Layout, ListKind, Project, Section};
pub use query::title::{Hit, TitleQuery, TitleSearch};
pub use query::{Filters, SortKey};
