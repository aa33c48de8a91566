//! One project page: the typed `Project`, reading a page's bytes into one
//! (`decode`, `parse`), the canonical regions and programme areas, writing
//! a project back as page text, and laying it out as a readable document.

pub mod decode;
pub mod document;
pub mod error;
pub mod field;
pub mod format;
pub mod links;
pub mod page_text;
pub mod parse;
pub mod program_area;
pub mod project;
pub mod region;
