//! Bytes from the client's terminal to key, mouse and paste events, with
//! crossterm's own parser (extracted in `terminput`), fed a byte at a time
//! as crossterm does. A lone ESC at the end of a packet is the Esc key.

use crossterm::event::Event;

/// The most bytes kept while waiting for a sequence to end (a paste may
/// be long; anything longer is dropped, not buffered without end).
const MOST_PENDING: usize = 1 << 20;

/// Keeps the bytes of a sequence that has not ended yet.
#[derive(Debug, Default)]
pub struct InputParser {
    pending: Vec<u8>,
}

impl InputParser {
    /// The events these bytes complete, in order.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Event> {
        let mut events = Vec::new();
        for (i, &byte) in bytes.iter().enumerate() {
            self.pending.push(byte);
            let more = i + 1 < bytes.len();
            if self.pending == [0x1b] && more {
                // Maybe the start of a sequence: wait for the next byte.
                continue;
            }
            match terminput::Event::parse_from(&self.pending) {
                Ok(Some(event)) => {
                    if let Ok(event) = terminput_crossterm::to_crossterm(event) {
                        events.push(event);
                    }
                    self.pending.clear();
                }
                Ok(None) if self.pending.len() < MOST_PENDING => {}
                Ok(None) | Err(_) => self.pending.clear(),
            }
        }
        events
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn keys(bytes: &[u8]) -> Vec<KeyCode> {
        InputParser::default()
            .feed(bytes)
            .into_iter()
            .filter_map(|e| match e {
                Event::Key(KeyEvent { code, .. }) => Some(code),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn letters_arrows_and_a_lone_escape() {
        assert_eq!(keys(b"ab"), [KeyCode::Char('a'), KeyCode::Char('b')]);
        assert_eq!(keys(b"\x1b[A\x1b[B"), [KeyCode::Up, KeyCode::Down]);
        assert_eq!(keys(b"\x1b"), [KeyCode::Esc]);
        assert_eq!(keys("å".as_bytes()), [KeyCode::Char('å')]);
        assert_eq!(keys(b"\r"), [KeyCode::Enter]);
    }

    #[test]
    fn control_c_is_a_control_key() {
        let events = InputParser::default().feed(b"\x03");
        assert!(matches!(
            events.as_slice(),
            [Event::Key(KeyEvent { code: KeyCode::Char('c'), modifiers, .. })]
                if modifiers.contains(KeyModifiers::CONTROL)
        ));
    }

    #[test]
    fn a_sequence_split_across_packets_still_parses() {
        let mut parser = InputParser::default();
        assert!(parser.feed(b"\x1b[").is_empty());
        assert!(matches!(
            parser.feed(b"A").as_slice(),
            [Event::Key(KeyEvent {
                code: KeyCode::Up,
                ..
            })]
        ));
    }

    #[test]
    fn a_bracketed_paste_is_one_event() {
        let events = InputParser::default().feed(b"\x1b[200~hej du\x1b[201~");
        assert!(matches!(events.as_slice(), [Event::Paste(text)] if text == "hej du"));
    }
}
