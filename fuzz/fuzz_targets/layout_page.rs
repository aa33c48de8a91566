//! Any bytes (at most `MOST_BYTES`) -> `parse_page_bytes` -> the document
//! laid out by `document::layout` at the widths a pane can have, one
//! column included (a terminal resized that small). No line may be wider
//! than asked, every link must lie on its line, every heading must point
//! at a line.

#![no_main]

use std::path::Path;

use esf_browse::model::document::layout;
use esf_browse::model::parse::parse_page_bytes;
use libfuzzer_sys::fuzz_target;
use unicode_width::UnicodeWidthStr;

/// Pages larger than this are skipped: the layout of a long page is linear
/// in its length, and small pages keep this target fast.
const MOST_BYTES: usize = 4096;

const WIDTHS: [usize; 6] = [1, 2, 3, 7, 40, 120];

fuzz_target!(|data: &[u8]| {
    if data.len() > MOST_BYTES {
        return;
    }
    let Ok(project) = parse_page_bytes("fuzz", Path::new("fuzz.txt"), data) else {
        return;
    };
    for width in WIDTHS {
        let doc = layout(&project, width);
        for line in &doc.lines {
            assert!(line.text.width() <= width, "{width}: {:?}", line.text);
        }
        for link in &doc.links {
            let line = &doc.lines[link.line].text;
            assert!(
                link.start < link.end && line.get(link.start..link.end).is_some(),
                "{width}: link {link:?} outside {line:?}"
            );
        }
        for (heading, at) in &doc.headings {
            assert!(*at < doc.lines.len(), "{width}: heading {heading:?} past the end");
        }
    }
});
