//! Any bytes -> `parse_page_bytes`; when they parse, the project is laid
//! out at a few widths and written back and parsed again. Nothing may
//! panic, no laid-out line may be wider than asked, and no parsed string
//! may hold a character that would drive a terminal.

#![no_main]

use std::path::Path;

use esf_browse::model::document::layout;
use esf_browse::model::parse::parse_page_bytes;
use esf_browse::model::write::page_text;
use esf_browse::model::{ListKind, Project};
use libfuzzer_sys::fuzz_target;
use unicode_width::UnicodeWidthStr;

fn is_terminal_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn assert_clean(p: &Project) {
    let mut strings: Vec<&str> = vec![&p.title];
    for value in [
        &p.program_area,
        &p.phase,
        &p.owner,
        &p.contact_name,
        &p.email,
        &p.phone,
        &p.region,
    ]
    .into_iter()
    .flatten()
    {
        strings.push(value);
    }
    strings.extend(p.sections.iter().map(|s| s.heading.as_str()));
    for kind in ListKind::ALL {
        strings.extend(p.list(kind).iter().map(String::as_str));
    }
    strings.extend(p.warnings.iter().map(String::as_str));
    for s in strings {
        assert!(!s.chars().any(is_terminal_control), "control in {s:?}");
    }
    for section in &p.sections {
        assert!(
            !section
                .text
                .chars()
                .any(|c| c != '\n' && is_terminal_control(c)),
            "control in {:?}",
            section.text
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(project) = parse_page_bytes("fuzz", Path::new("fuzz.txt"), data) else {
        return;
    };
    assert_clean(&project);
    for width in [1, 7, 40] {
        for line in layout(&project, width).lines {
            assert!(line.text.width() <= width, "{width}: {:?}", line.text);
        }
    }
    let text = page_text(&project);
    if let Ok(again) = parse_page_bytes("fuzz", Path::new("fuzz.txt"), text.as_bytes()) {
        assert_clean(&again);
    }
});
