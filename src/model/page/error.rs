//! Why a file could not be read as a project page — typed, so callers can
//! tell an unreadable file from one that simply is not a page.

use std::fmt;

/// The reason one file did not become a `Project`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageError {
    /// Zero bytes, or only whitespace.
    Empty,
    /// Control bytes everywhere: an image, archive or other binary file.
    Binary,
    /// Larger than any project page could be.
    TooLarge { bytes: u64, limit: u64 },
    /// Text, but not a project page (the detail says what is missing).
    NotAPage(&'static str),
    /// The file system refused (permissions, dangling link, a directory …).
    Unreadable(String),
}

impl fmt::Display for PageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PageError::Empty => write!(f, "empty file"),
            PageError::Binary => write!(f, "binary data, not a text page"),
            PageError::TooLarge { bytes, limit } => write!(
                f,
                "too large for a project page ({:.1} MB; the limit is {} MB)",
                *bytes as f64 / 1e6,
                limit / 1_000_000
            ),
            PageError::NotAPage(why) => write!(f, "not a project page: {why}"),
            PageError::Unreadable(why) => write!(f, "cannot read: {why}"),
        }
    }
}

impl std::error::Error for PageError {}
