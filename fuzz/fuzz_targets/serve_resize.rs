//! Window-change requests a stranger sends `serve`: any sizes, 0 and
//! 4 294 967 295 included, clamped by `serve::usable_size`, the terminal
//! and the app resized to the result and redrawn, between keys that move
//! around the browser (into the detail pane, which lays the page out at
//! the new width). Nothing may panic; the size used is never 0 nor above
//! the server's most.
//!
//! The input is records of 9 bytes: columns and rows (u32, little end
//! first) and one byte of terminal input. Columns and rows are reduced so
//! that most sizes are small (small sizes are where layouts break); the
//! top bit of the input byte keeps them as sent.

#![no_main]

use esf_browse::serve::InputParser;
use esf_browse::ui::event::AppEvent;
use libfuzzer_sys::fuzz_target;

#[path = "session.rs"]
mod session;

/// Records per input: each one redraws the screen.
const MOST_RECORDS: usize = 12;

fuzz_target!(|data: &[u8]| {
    let mut parser = InputParser::default();
    let mut session = session::Session::new(80, 24);
    for record in data.chunks_exact(9).take(MOST_RECORDS) {
        let columns = u32::from_le_bytes(record[0..4].try_into().unwrap());
        let rows = u32::from_le_bytes(record[4..8].try_into().unwrap());
        let key = record[8];
        let (columns, rows) = if key & 0x80 != 0 {
            (columns, rows)
        } else {
            (columns % 130, rows % 50)
        };
        if !session.resize(columns, rows) {
            break;
        }
        let events: Vec<AppEvent> = parser
            .feed(&[key & 0x7f])
            .into_iter()
            .map(AppEvent::Terminal)
            .collect();
        if !session.take(events) {
            break;
        }
    }
});
