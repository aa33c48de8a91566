//! The indexes built over many pages for search: the title letter table,
//! the title word index behind similar titles, the fuzzy title score, and
//! the full-text index. They know pages, never the store that holds them.

pub mod next_letter;
pub mod text_index;
pub mod title_letters;
pub mod title_score;
pub mod title_words;
