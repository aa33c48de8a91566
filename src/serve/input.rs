//! Bytes from the client's terminal to key, mouse and paste events, with
//! crossterm's own parser (extracted in `terminput`), fed a byte at a time
//! as crossterm does. A lone ESC at the end of a packet is the Esc key.
//!
//! What a client may make it hold is bounded: an escape sequence longer
//! than any a terminal sends is dropped, a control key (Ctrl-c, Enter)
//! ends an unfinished sequence and is read as itself, and a bracketed
//! paste keeps at most `MOST_PASTE_BYTES` (the rest is skipped up to its
//! end marker, never read as keys). A mouse report at column or row 0 —
//! no terminal sends one, the first is 1 — is dropped: the parser would
//! subtract 1 from it.

use crossterm::event::Event;

/// The longest escape sequence kept while waiting for its end.
const MOST_SEQUENCE: usize = 64;

/// The most bytes of one bracketed paste that are kept.
pub const MOST_PASTE_BYTES: usize = 16 * 1024;

const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";

/// Keeps the bytes of a sequence that has not ended yet.
#[derive(Debug, Default)]
pub struct InputParser {
    pending: Vec<u8>,
    /// Inside a bracketed paste: what it holds so far.
    paste: Option<Paste>,
}

#[derive(Debug, Default)]
struct Paste {
    text: Vec<u8>,
    /// Bytes beyond `MOST_PASTE_BYTES`, skipped.
    skipped: usize,
    /// The last bytes seen, to find the end marker in skipped ones too.
    tail: Vec<u8>,
}

impl InputParser {
    /// The events these bytes complete, in order.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Event> {
        let mut events = Vec::new();
        for (i, &byte) in bytes.iter().enumerate() {
            if let Some(paste) = &mut self.paste {
                if let Some(text) = paste.push(byte) {
                    events.push(Event::Paste(text));
                    self.paste = None;
                }
                continue;
            }
            // A control key inside an unfinished sequence: no terminal
            // sends one there, so the sequence was not one.
            if self.pending.len() >= 2 && self.pending[0] == 0x1b && byte < 0x20 {
                self.pending.clear();
            }
            self.pending.push(byte);
            if self.pending == PASTE_START {
                self.pending.clear();
                self.paste = Some(Paste::default());
                continue;
            }
            let more = i + 1 < bytes.len();
            if self.pending == [0x1b] && more {
                // Maybe the start of a sequence: wait for the next byte.
                continue;
            }
            if is_mouse_at_zero(&self.pending) {
                self.pending.clear();
                continue;
            }
            match terminput::Event::parse_from(&self.pending) {
                Ok(Some(event)) => {
                    if let Ok(event) = terminput_crossterm::to_crossterm(event) {
                        events.push(event);
                    }
                    self.pending.clear();
                }
                Ok(None) if PASTE_START.starts_with(&self.pending) => {}
                Ok(None) if self.pending.len() < MOST_SEQUENCE => {}
                Ok(None) | Err(_) => self.pending.clear(),
            }
        }
        events
    }
}

/// An SGR (`ESC [ < b ; x ; y M`) or rxvt (`ESC [ b ; x ; y M`) mouse
/// report whose column or row is 0: terminput subtracts 1 from them
/// (an overflow, a panic where overflow is checked).
fn is_mouse_at_zero(sequence: &[u8]) -> bool {
    let Some(rest) = sequence.strip_prefix(b"\x1b[") else {
        return false;
    };
    let rest = rest.strip_prefix(b"<").unwrap_or(rest);
    let Some((&last, parameters)) = rest.split_last() else {
        return false;
    };
    if !matches!(last, b'M' | b'm')
        || parameters.is_empty()
        || !parameters.iter().all(|b| b.is_ascii_digit() || *b == b';')
    {
        return false;
    }
    parameters
        .split(|b| *b == b';')
        .skip(1)
        .any(|number| !number.is_empty() && number.iter().all(|b| *b == b'0'))
}

impl Paste {
    /// Takes one byte; the pasted text once the end marker has come.
    fn push(&mut self, byte: u8) -> Option<String> {
        if self.tail.len() == PASTE_END.len() {
            self.tail.remove(0);
        }
        self.tail.push(byte);
        if self.text.len() < MOST_PASTE_BYTES + PASTE_END.len() {
            self.text.push(byte);
        } else {
            self.skipped += 1;
        }
        if self.tail != PASTE_END {
            return None;
        }
        if self.skipped == 0 {
            // The marker is at the end of what was kept.
            self.text.truncate(self.text.len() - PASTE_END.len());
        }
        self.text.truncate(MOST_PASTE_BYTES);
        let text = String::from_utf8_lossy(&self.text).into_owned();
        // A letter cut in two at the limit is dropped, not shown as �.
        Some(match self.skipped {
            0 => text,
            _ => text.trim_end_matches('\u{FFFD}').to_string(),
        })
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

    #[test]
    fn a_huge_paste_is_cut_and_never_read_as_keys() {
        let mut parser = InputParser::default();
        let mut bytes = b"\x1b[200~".to_vec();
        bytes.extend(std::iter::repeat_n(b'q', 1 << 20));
        bytes.extend_from_slice(b"\x1b[201~");
        let mut events = Vec::new();
        for chunk in bytes.chunks(32 * 1024) {
            events.extend(parser.feed(chunk));
        }
        events.extend(parser.feed(b"x"));
        assert_eq!(events.len(), 2, "one paste, then the key");
        assert!(matches!(&events[0], Event::Paste(text) if text.len() == MOST_PASTE_BYTES));
        assert!(matches!(
            events[1],
            Event::Key(KeyEvent {
                code: KeyCode::Char('x'),
                ..
            })
        ));
    }

    #[test]
    fn a_mouse_report_at_column_or_row_zero_is_dropped() {
        // Found by fuzzing (serve_input): `ESC [ < 0 ; 0 M` made terminput
        // subtract 1 from column 0.
        for bytes in [
            &b"\x1b[<0;0M"[..],
            b"\x1b[<0;00;5M",
            b"\x1b[<0;10;0m",
            b"\x1b[32;0;5M",
            b"\x1b[32;5;0M",
        ] {
            let mut parser = InputParser::default();
            let mut events = parser.feed(bytes);
            events.extend(parser.feed(b"q"));
            assert!(
                matches!(
                    events.as_slice(),
                    [Event::Key(KeyEvent {
                        code: KeyCode::Char('q'),
                        ..
                    })]
                ),
                "{bytes:?}: {events:?}"
            );
        }
        // Column and row 1 are the top left corner, column 0 and row 0
        // of the screen.
        let events = InputParser::default().feed(b"\x1b[<0;1;1M");
        assert!(
            matches!(
                events.as_slice(),
                [Event::Mouse(crossterm::event::MouseEvent {
                    column: 0,
                    row: 0,
                    ..
                })]
            ),
            "{events:?}"
        );
    }

    #[test]
    fn a_control_key_ends_an_unfinished_sequence() {
        let mut parser = InputParser::default();
        assert!(parser.feed(b"\x1b[?").is_empty());
        let events = parser.feed(b"\x03");
        assert!(
            matches!(
                events.as_slice(),
                [Event::Key(KeyEvent { code: KeyCode::Char('c'), modifiers, .. })]
                    if modifiers.contains(KeyModifiers::CONTROL)
            ),
            "{events:?}"
        );
        // A sequence that never ends holds no more than a few bytes.
        let mut parser = InputParser::default();
        let mut held = b"\x1b[?".to_vec();
        held.extend(std::iter::repeat_n(b'1', 200));
        parser.feed(&held);
        assert!(parser.pending.len() < MOST_SEQUENCE);
        let events = parser.feed(b"q");
        assert!(
            matches!(
                events.as_slice(),
                [Event::Key(KeyEvent {
                    code: KeyCode::Char('q'),
                    ..
                })]
            ),
            "{events:?}"
        );
    }
}
