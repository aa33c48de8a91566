//! Any bytes -> `parse_page_bytes`. When they parse, every string field of
//! the project must be free of characters that would drive a terminal
//! (control characters, bidi overrides); the project is then written back
//! with `write::page_text` and parsed again, and the same holds for that.
//! Layout is `layout_page`'s business: this target stays fast.

#![no_main]

use std::path::Path;

use esf_browse::model::parse::parse_page_bytes;
use esf_browse::model::write::page_text;
use libfuzzer_sys::fuzz_target;

#[path = "clean.rs"]
mod clean;

fuzz_target!(|data: &[u8]| {
    let Ok(project) = parse_page_bytes("fuzz", Path::new("fuzz.txt"), data) else {
        return;
    };
    clean::assert_clean(&project);
    let text = page_text(&project);
    if let Ok(again) = parse_page_bytes("fuzz", Path::new("fuzz.txt"), text.as_bytes()) {
        clean::assert_clean(&again);
    }
});
