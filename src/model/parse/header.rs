//! The top of a page: where its header fields start (which also tells the
//! form of the page), the title above them, and the fields themselves in
//! each form — glued (`RegionStockholm`), a label with a colon and the value
//! on the next line (`Region:` / `Stockholm`), or a label alone on its line.

use std::borrow::Cow;

use super::fields::{Field, FieldSink, is_known_label, looks_like_glued_field};
use super::{CHROME_LINES, HEADER_END, is_heading_line};
use crate::model::project::Layout;

/// What one line of a header is.
#[derive(Debug, PartialEq, Eq)]
enum Role<'a> {
    /// A label glued to its value (old layout).
    Glued(Field, &'a str),
    /// `Label: value` on one line (a known label).
    Inline(&'a str, &'a str),
    /// A label whose value is on the next line (or that has none).
    Label(&'a str),
    Other,
}

/// Where the header fields start, and the form of page that tells.
pub(super) fn find_start(lines: &[Cow<str>]) -> Option<(usize, Layout)> {
    let scanned = first_field(lines);
    match scanned {
        Some((_, Layout::New | Layout::OldSite)) => scanned,
        _ => old_header_start(lines, scanned.map(|(at, _)| at))
            .map(|at| (at, Layout::Old))
            .or(scanned),
    }
}

/// Button labels and notices' fixed lines that are never a title.
const KNOWN_CHROME: [&str; 4] = ["Stäng", "Cookies", "Lär dig mer", "information (1)"];

fn is_known_chrome(line: &str) -> bool {
    CHROME_LINES.contains(&line)
        || KNOWN_CHROME.contains(&line)
        || line == HEADER_END
        || line.ends_with(" - esf.se")
}

/// The old layout's header ends at `In English`: the glued lines above it
/// (blank lines between allowed) are its fields — all but the topmost when
/// its value does not read as that field's: then it is a title that starts
/// like a label (`Regional samverkan`).
fn old_header_start(lines: &[Cow<str>], scanned: Option<usize>) -> Option<usize> {
    let end = lines.iter().position(|line| line.trim() == HEADER_END)?;
    let top = (0..end)
        .rev()
        .filter(|&at| !lines[at].trim().is_empty())
        .take_while(|&at| Field::split(lines[at].trim()).is_some())
        .last()?;
    if let Some(at) = scanned.filter(|&at| at < top) {
        return Some(at);
    }
    if looks_like_glued_field(lines[top].trim()) {
        return Some(top);
    }
    (top + 1..end).find(|&at| !lines[at].trim().is_empty())
}

/// The first line that reads as a header field in any form.
fn first_field(lines: &[Cow<str>]) -> Option<(usize, Layout)> {
    (0..lines.len()).find_map(|at| {
        let line = lines[at].trim();
        if line.is_empty() {
            return None;
        }
        if looks_like_glued_field(line) {
            return Some((at, Layout::Old));
        }
        if let Some(label) = line.strip_suffix(':')
            && is_known_label(label)
        {
            return Some((extend_back(lines, at), Layout::New));
        }
        let confirmed = || {
            next_lines(lines, at + 1)
                .take(4)
                .any(|l| is_label_line(l, true))
        };
        if let Some((label, _)) = inline_field(line)
            && Field::from_label(label).is_some()
            && confirmed()
        {
            return Some((at, Layout::New));
        }
        (Field::from_label(line).is_some() && !line.contains(':') && confirmed())
            .then_some((at, Layout::OldSite))
    })
}

/// The first of the `Label:` lines (and their values) directly above
/// `start`: a block may begin with labels this parser does not know.
fn extend_back(lines: &[Cow<str>], mut start: usize) -> usize {
    let colon_label = |at: usize| {
        let line = lines[at].trim();
        line.strip_suffix(':').is_some_and(is_label_like)
    };
    loop {
        if start >= 1 && colon_label(start - 1) {
            start -= 1;
        } else if start >= 2 && !lines[start - 1].trim().is_empty() && colon_label(start - 2) {
            start -= 2;
        } else {
            return start;
        }
    }
}

/// The non-blank lines from `at` on, trimmed.
fn next_lines<'a>(lines: &'a [Cow<str>], at: usize) -> impl Iterator<Item = &'a str> + 'a {
    lines[at.min(lines.len())..]
        .iter()
        .map(|line| line.trim())
        .filter(|line| !line.is_empty())
}

/// The title: the last line above the header fields that is not known
/// chrome; notices and button labels above it are ignored, whatever they say.
pub(super) fn title_line(lines: &[Cow<str>], start: usize) -> Option<usize> {
    (0..start).rev().find(|&at| {
        let line = lines[at].trim();
        !line.is_empty() && !is_known_chrome(line)
    })
}

/// `23-037-S05 - Name` or `2019/00446 - Name` -> (number, name).
pub(super) fn split_numbered_title(line: &str) -> Option<(&str, &str)> {
    let (number, name) = line.split_once(" - ")?;
    let number = number.trim();
    let name = name.trim();
    (is_registration_number(number) && !name.is_empty()).then_some((number, name))
}

/// `2019/00446` (2014–2020) or `23-037-S05` (2021–2027).
fn is_registration_number(text: &str) -> bool {
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if let Some((year, serial)) = text.split_once('/') {
        return year.len() == 4 && digits(year) && digits(serial);
    }
    let parts: Vec<&str> = text.split('-').collect();
    matches!(parts.as_slice(), [year, call, serial]
        if year.len() == 2 && digits(year) && digits(call)
            && serial.starts_with(|c: char| c.is_ascii_alphabetic())
            && digits(&serial[1..]))
}

/// `Label: value` split at the first colon.
fn inline_field(line: &str) -> Option<(&str, &str)> {
    let (label, value) = line.split_once(':')?;
    let value = value.trim();
    (!value.is_empty()).then_some((label, value))
}

/// Whether the line is a label with a colon (any short label-like text) or,
/// in the colon-less form, a label this parser knows.
fn is_label_line(line: &str, known_only: bool) -> bool {
    match line.strip_suffix(':') {
        Some(label) if known_only => is_known_label(label),
        Some(label) => is_label_like(label) || is_known_label(label),
        None => is_known_label(line),
    }
}

/// Short text that reads like a label: a capital first, a few words, no
/// sentence punctuation.
fn is_label_like(text: &str) -> bool {
    let text = text.trim();
    text.chars().next().is_some_and(char::is_uppercase)
        && text.chars().count() <= 50
        && text.split_whitespace().count() <= 6
        && !text.contains(['.', '!', '?', ':', ';'])
}

fn role(line: &str, layout: Layout) -> Role<'_> {
    // In the old layout a line that starts with a label is that field,
    // whatever follows (`E-post` alone is an empty e-mail).
    if layout == Layout::Old
        && let Some((field, value)) = Field::split(line)
    {
        return Role::Glued(field, value);
    }
    if let Some(label) = line.strip_suffix(':')
        && (is_label_like(label) || is_known_label(label))
    {
        return Role::Label(label);
    }
    if !line.contains(':') && is_known_label(line) {
        return Role::Label(line);
    }
    if let Some((label, value)) = inline_field(line)
        && is_known_label(label)
    {
        return Role::Inline(label, value);
    }
    match Field::split(line).filter(|_| looks_like_glued_field(line)) {
        Some((field, value)) => Role::Glued(field, value),
        None => Role::Other,
    }
}

/// Reads the header fields from `start`; returns where the body starts.
pub(super) fn read_fields(
    lines: &[Cow<str>],
    start: usize,
    layout: Layout,
    sink: &mut FieldSink,
) -> usize {
    let mut cursor = start;
    while let Some(line) = lines.get(cursor) {
        let line = line.trim();
        if line.is_empty() || CHROME_LINES.contains(&line) {
            cursor += 1;
            continue;
        }
        if line == HEADER_END {
            return cursor + 1;
        }
        if is_heading_line(line) {
            return cursor;
        }
        match role(line, layout) {
            Role::Glued(field, value) => sink.known(field, field.label(), value),
            Role::Inline(label, value) => store(sink, label, value),
            Role::Label(label) => {
                let (value, next) = value_after(lines, cursor + 1, layout);
                store(sink, label, &value);
                cursor = next;
                continue;
            }
            Role::Other if layout == Layout::Old && old_header_continues(lines, cursor) => {
                sink.warnings
                    .push(format!("unrecognised header line: {line}"));
            }
            Role::Other => return cursor,
        }
        cursor += 1;
    }
    cursor
}

fn store(sink: &mut FieldSink, label: &str, value: &str) {
    match Field::from_label(label) {
        Some(field) => sink.known(field, label.trim(), value),
        None => sink.extra(label, value),
    }
}

/// The value of a label whose value stands on the next line, and where
/// reading goes on. No value when the next line is itself a label, a
/// heading or the end of the header; a value broken over lines is joined
/// when a known label follows it.
fn value_after(lines: &[Cow<str>], from: usize, layout: Layout) -> (String, usize) {
    let mut at = from;
    while lines.get(at).is_some_and(|l| l.trim().is_empty()) {
        at += 1;
    }
    let Some(candidate) = lines.get(at).map(|l| l.trim()) else {
        return (String::new(), at);
    };
    let blank_between = at > from;
    // Labels stand alone without a colon only on the old site's pages.
    let is_label = |line: &str| {
        (layout == Layout::OldSite || line.ends_with(':')) && is_label_line(line, false)
    };
    if is_label(candidate)
        || candidate == HEADER_END
        || is_heading_line(candidate)
        || (blank_between && reads_like_prose(candidate))
    {
        return (String::new(), at);
    }
    let mut value = candidate.to_string();
    at += 1;
    // A value broken over lines: more lines directly below, then a label.
    while let Some(more) = lines.get(at).map(|l| l.trim())
        && !more.is_empty()
        && !is_label(more)
        && !is_heading_line(more)
        && more != HEADER_END
        && next_lines(lines, at + 1)
            .next()
            .is_some_and(|after| is_label_line(after, true))
    {
        value.push(' ');
        value.push_str(more);
        at += 1;
    }
    (value, at)
}

/// A sentence or paragraph, not a field's value.
fn reads_like_prose(line: &str) -> bool {
    line.chars().count() > 120 || (line.ends_with('.') && line.split_whitespace().count() >= 8)
}

/// Whether a field line or the header's end follows before any heading
/// (an old-layout header with a stray line inside).
fn old_header_continues(lines: &[Cow<str>], cursor: usize) -> bool {
    lines[cursor + 1..]
        .iter()
        .map(|line| line.trim())
        .take_while(|line| !is_heading_line(line))
        .any(|line| line == HEADER_END || Field::split(line).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Cow<'_, str>> {
        text.split('\n').map(Cow::Borrowed).collect()
    }

    #[test]
    fn the_first_field_tells_the_form() {
        let old = lines("Stäng\nTitel\n\nProjektfasGenomförande\n");
        assert_eq!(find_start(&old), Some((3, Layout::Old)));
        let new = lines("Cookies\n\n2019/00446 - T\n\nRegion:\nStockholm\n");
        assert_eq!(find_start(&new), Some((4, Layout::New)));
        let old_site = lines("Titel\nRegion\nStockholm\nProjektnummer\n2017/00123\n");
        assert_eq!(find_start(&old_site), Some((1, Layout::OldSite)));
        // A lone word that happens to be a label is not a header.
        assert_eq!(find_start(&lines("Region\n\nNågot helt annat.\n")), None);
        // Labels the parser does not know may come first.
        let unknown_first = lines("T\n\nOkänd etikett:\nvärde\nTom:\nRegion:\nStockholm\n");
        assert_eq!(find_start(&unknown_first), Some((2, Layout::New)));
    }

    #[test]
    fn registration_numbers_prefix_titles() {
        assert_eq!(
            split_numbered_title("23-037-S05 - Vägen fram"),
            Some(("23-037-S05", "Vägen fram"))
        );
        assert_eq!(
            split_numbered_title("2019/00446 - Ett - två"),
            Some(("2019/00446", "Ett - två"))
        );
        assert_eq!(split_numbered_title("2010-2012 - Ett år"), None);
        assert_eq!(split_numbered_title("Ett - två"), None);
    }

    #[test]
    fn an_empty_value_is_never_the_next_label() {
        let page = lines("Stödmottagare postnr:\nStödmottagare ort:\nExempelstad\n");
        let (value, next) = value_after(&page, 1, Layout::New);
        assert_eq!((value.as_str(), next), ("", 1));
        let (value, next) = value_after(&page, 2, Layout::New);
        assert_eq!((value.as_str(), next), ("Exempelstad", 3));
    }
}
