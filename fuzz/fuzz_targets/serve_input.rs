//! What a stranger types into an interactive `serve` session: any bytes,
//! cut into chunks as the channel may deliver them, through
//! `serve::InputParser` into the app's update and a redraw, as the session
//! loop does. Nothing may panic.
//!
//! The first byte chooses the chunk length (1 to 16); the rest is the
//! input.

#![no_main]

use esf_browse::serve::InputParser;
use esf_browse::ui::event::AppEvent;
use libfuzzer_sys::fuzz_target;

#[path = "session.rs"]
#[allow(dead_code)] // resizing is serve_resize's
mod session;

fuzz_target!(|data: &[u8]| {
    let Some((&first, input)) = data.split_first() else {
        return;
    };
    let chunk = usize::from(first % 16) + 1;
    let mut parser = InputParser::default();
    let mut session = session::Session::new(60, 20);
    for bytes in input.chunks(chunk) {
        let events: Vec<AppEvent> = parser
            .feed(bytes)
            .into_iter()
            .map(AppEvent::Terminal)
            .collect();
        if !session.take(events) {
            break;
        }
    }
});
