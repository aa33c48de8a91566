//! What leaves the program: CSV and JSON exports, statistics, the marks
//! file, and writing a file whole or not at all.

pub mod atomic_write;
pub mod export;
pub mod marks_file;
pub mod stats;
