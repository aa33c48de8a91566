//! Page text -> lines: LF, CRLF and lone CR line ends, trailing whitespace
//! trimmed, control characters made visible so that no page can drive the
//! terminal.

use std::borrow::Cow;

/// Splits on LF, CRLF and lone CR; trims line ends; makes control characters
/// harmless so that no page can drive the terminal.
pub(super) fn split_lines<'a>(text: &'a str, warnings: &mut Vec<String>) -> Vec<Cow<'a, str>> {
    if is_plain(text.as_bytes()) {
        let mut lines = Vec::with_capacity(text.len() / 64 + 8);
        lines.extend(text.split('\n').map(|line| Cow::Borrowed(line.trim_end())));
        lines
    } else {
        split_and_clean_lines(text, warnings)
    }
}

/// `split_lines` for pages that hold a carriage return, a tab or a control
/// character somewhere.
pub(super) fn split_and_clean_lines<'a>(
    text: &'a str,
    warnings: &mut Vec<String>,
) -> Vec<Cow<'a, str>> {
    let mut lines = Vec::with_capacity(text.len() / 64 + 8);
    let mut replaced = 0usize;
    let cleaned = text
        .split('\n')
        .flat_map(|line| line.strip_suffix('\r').unwrap_or(line).split('\r'))
        .map(|line| {
            let line = line.trim_end();
            if may_need_replacing(line) && line.chars().any(needs_replacing) {
                let mut clean = String::with_capacity(line.len());
                for c in line.chars() {
                    match c {
                        '\t' => clean.push_str("    "),
                        c if needs_replacing(c) => {
                            replaced += 1;
                            clean.push(replacement(c));
                        }
                        c => clean.push(c),
                    }
                }
                Cow::Owned(clean.trim_end().to_string())
            } else {
                Cow::Borrowed(line)
            }
        });
    lines.extend(cleaned);
    if replaced > 0 {
        warnings.push(format!(
            "replaced {replaced} control character(s) that a terminal would act on"
        ));
    }
    lines
}

/// Whether a whole page is free of carriage returns, tabs, control
/// characters and bidi overrides, so that its lines need only splitting.
/// Most pages are; a vectorised pass tells.
pub(super) fn is_plain(bytes: &[u8]) -> bool {
    let controls = bytes.iter().fold(false, |found, &b| {
        found | ((b < 0x20) & (b != b'\n')) | (b == 0x7F)
    });
    // Lead bytes of C1 controls (0xC2 0x80..0x9F) and of bidi overrides
    // (0xE2 0x80 0xAA.., 0xE2 0x81 0xA6..): only their few places are read.
    !controls
        && memchr::memchr2_iter(0xC2, 0xE2, bytes).all(|at| {
            let next = |n: usize| bytes.get(at + n).copied().unwrap_or(0);
            match bytes[at] {
                0xC2 => !(0x80..=0x9F).contains(&next(1)),
                _ => !matches!(
                    (next(1), next(2)),
                    (0x80, 0xAA..=0xAE) | (0x81, 0xA6..=0xA9)
                ),
            }
        })
}

/// A quick byte test (no early exit, so it vectorises): could the line hold
/// a control character (C0, DEL, C1 = 0xC2 0x80..) or a bidi override
/// (0xE2 …)? Most lines hold neither byte.
fn may_need_replacing(line: &str) -> bool {
    line.bytes().fold(false, |found, b| {
        found | (b < 0x20) | (b == 0x7F) | (b == 0xC2) | (b == 0xE2)
    })
}

fn needs_replacing(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A visible stand-in: C0 controls as control pictures (␛, ␀ …), others as �.
fn replacement(c: char) -> char {
    match c as u32 {
        code @ 0x00..=0x1F => char::from_u32(0x2400 + code).unwrap_or('\u{FFFD}'),
        0x7F => '\u{2421}',
        _ => '\u{FFFD}',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_pages_are_told_from_those_that_need_cleaning() {
        // Bullets, dashes, no-break spaces and Swedish letters are plain.
        assert!(is_plain("Å–•\u{a0}1 000 kr\n".as_bytes()));
        for unplain in [
            "a\r\n",
            "a\tb",
            "\u{1b}[2J",
            "a\u{7f}",
            "x\u{85}",
            "\u{202e}gnp",
            "\u{2066}",
        ] {
            assert!(!is_plain(unplain.as_bytes()), "{unplain:?}");
        }
        // A lead byte at the very end is not read past.
        assert!(is_plain(b"ok \xE2"));
    }

    proptest::proptest! {
        #[test]
        fn the_fast_line_split_agrees_with_the_cleaning_one(
            text in "[a\u{e5} \n\r\t\u{1b}\u{7f}\u{85}\u{a0}\u{2022}\u{2013}\u{202e}\u{2067}]{0,40}"
        ) {
            let (mut fast, mut clean) = (Vec::new(), Vec::new());
            let split = split_lines(&text, &mut fast);
            proptest::prop_assert_eq!(&split, &split_and_clean_lines(&text, &mut clean));
            proptest::prop_assert_eq!(fast, clean);
        }
    }
}
