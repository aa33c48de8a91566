//! Bytes of a file -> text: byte-order marks, UTF-8, UTF-16 and Windows-1252,
//! plus the checks that tell a page from a binary or empty file.

use std::borrow::Cow;

use crate::model::page::error::PageError;

/// Text decoded from a file, with a note when it was not plain UTF-8.
#[derive(Debug)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub note: Option<&'static str>,
}

/// How many leading bytes are inspected to tell binary from text.
const SNIFF_LEN: usize = 1024;

/// Decodes a page. Never panics; rejects empty and binary content.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, PageError> {
    if bytes.is_empty() {
        return Err(PageError::Empty);
    }
    let decoded = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        utf8_or_legacy(rest)?
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let encoding = if bytes[0] == 0xFF {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (text, _) = encoding.decode_without_bom_handling(&bytes[2..]);
        if looks_binary(&text) {
            return Err(PageError::Binary);
        }
        Decoded {
            text,
            note: Some("decoded from UTF-16"),
        }
    } else {
        utf8_or_legacy(bytes)?
    };
    if decoded.text.trim().is_empty() {
        return Err(PageError::Empty);
    }
    Ok(decoded)
}

fn utf8_or_legacy(bytes: &[u8]) -> Result<Decoded<'_>, PageError> {
    if raw_looks_binary(bytes) {
        return Err(PageError::Binary);
    }
    // SIMD validation: this is the largest single cost of loading a corpus.
    Ok(match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: Cow::Borrowed(text),
            note: None,
        },
        Err(_) if holds_utf8_letters(bytes) => Decoded {
            text: Cow::Owned(utf8_with_stray_bytes(bytes)),
            note: Some("a few bytes were not UTF-8; read those as Windows-1252"),
        },
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            Decoded {
                text,
                note: Some("not valid UTF-8; decoded as Windows-1252"),
            }
        }
    })
}

/// Whether the bytes hold valid UTF-8 for non-ASCII letters (`å` as
/// 0xC3 0xA5): then the page is UTF-8 with a few stray bytes, not
/// Windows-1252 throughout (where 0xC3 0xA5 would read `Ã¥`).
fn holds_utf8_letters(bytes: &[u8]) -> bool {
    bytes
        .windows(2)
        .any(|pair| matches!(pair, [0xC3, 0x80..=0xBF]))
}

/// UTF-8, each byte that is not part of a valid sequence read as
/// Windows-1252.
fn utf8_with_stray_bytes(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() + 16);
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        let (stray, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(chunk.invalid());
        text.push_str(&stray);
    }
    text
}

fn is_binary_control(c: u32) -> bool {
    c < 0x20 && !matches!(c, 0x09 | 0x0A | 0x0C | 0x0D | 0x1B)
}

/// Too many control bytes in the first block: an image, archive or similar.
fn raw_looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    let controls: usize = head
        .iter()
        .map(|&b| usize::from(is_binary_control(u32::from(b))))
        .sum();
    controls > 8.max(head.len() / 50)
}

fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut controls = 0usize;
    for c in text.chars().take(SNIFF_LEN) {
        total += 1;
        if is_binary_control(c as u32) {
            controls += 1;
        }
    }
    controls > 8.max(total / 50)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stray_legacy_byte_in_a_utf8_page_is_read_alone() {
        let decoded = decode(b"V\xC3\xA4gen fram\xE5t, caf\xE9\n").unwrap();
        assert_eq!(decoded.text, "Vägen framåt, café\n");
        assert!(decoded.note.unwrap().contains("a few bytes"));
        // A page in Windows-1252 throughout is read as such.
        let legacy = decode(b"V\xE4gen fram\xE5t\n").unwrap();
        assert_eq!(legacy.text, "Vägen framåt\n");
    }

    #[test]
    fn plain_utf8_borrows() {
        let decoded = decode("Högtrycket\n".as_bytes()).unwrap();
        assert!(matches!(decoded.text, Cow::Borrowed("Högtrycket\n")));
        assert_eq!(decoded.note, None);
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let decoded = decode(b"\xEF\xBB\xBFHP3\n").unwrap();
        assert_eq!(decoded.text, "HP3\n");
    }

    #[test]
    fn windows_1252_is_decoded_with_a_note() {
        // "Målsättning – ”citat”" in Windows-1252
        let bytes = b"M\xE5ls\xE4ttning \x96 \x94citat\x94";
        let decoded = decode(bytes).unwrap();
        assert_eq!(decoded.text, "Målsättning – ”citat”");
        assert!(decoded.note.unwrap().contains("Windows-1252"));
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Härjedalen".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.text, "Härjedalen");
        let mut be = vec![0xFE, 0xFF];
        for unit in "Ö".encode_utf16() {
            be.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(decode(&be).unwrap().text, "Ö");
    }

    #[test]
    fn empty_whitespace_and_binary_are_rejected() {
        assert_eq!(decode(b"").unwrap_err(), PageError::Empty);
        assert_eq!(decode(b" \r\n\t\n").unwrap_err(), PageError::Empty);
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0\x1f\xf3\xffa";
        assert_eq!(decode(png).unwrap_err(), PageError::Binary);
        let noise: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert_eq!(decode(&noise).unwrap_err(), PageError::Binary);
    }

    #[test]
    fn a_few_stray_control_bytes_are_still_text() {
        assert!(decode(b"Title\x00 with one NUL\n").is_ok());
    }
}
