//! Rules of the Swedish language the search and the sort orders share:
//! folding accents for matching, and alphabetical order. Depends on nothing.

pub mod collate;
pub mod fold;
pub mod stem;
