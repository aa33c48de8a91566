//! Many pages: loading files and folders into a `Corpus`, merging copies of
//! one project, and the immutable `Store` with its facet and sort indexes.

pub mod copies;
pub mod extend;
pub mod load;
pub mod store;
