//! The top of a page: where its header fields start (which also tells the
//! form of the page) and the title above them. Whatever stands above the
//! title — banners, notices, button labels — is chrome, whatever it says.

use std::borrow::Cow;

use super::fields::{is_bare_label, is_known_label, looks_like_glued_field};
use super::header::{inline_field, is_field_line, is_label_like};
use super::{CHROME_LINES, HEADER_END};
use crate::model::page::field::Field;
use crate::model::page::project::{Layout, RegistrationNumber};

/// Button labels and notices' fixed lines that are never a title.
const KNOWN_CHROME: [&str; 4] = [CLOSE_BUTTON, "Cookies", "Lär dig mer", "information (1)"];

fn is_known_chrome(line: &str) -> bool {
    CHROME_LINES.contains(&line)
        || KNOWN_CHROME.contains(&line)
        || line == HEADER_END
        || line.ends_with(" - esf.se")
}

/// Where the header fields start, and the form of page that tells.
pub(super) fn find_start(lines: &[Cow<str>]) -> Option<(usize, Layout)> {
    let scanned = first_field(lines, true).or_else(|| first_field(lines, false));
    match scanned {
        Some((_, Layout::New | Layout::OldSite)) => scanned,
        _ => old_header_start(lines, scanned.map(|(at, _)| at))
            .map(|at| (at, Layout::Old))
            .or(scanned),
    }
}

/// The old layout's header ends at `In English`: the glued lines above it
/// (blank lines between allowed) are its fields — all but the topmost when
/// it is the title: a line whose value does not read as its field's
/// (`Regional samverkan`), or one set apart by a blank line that reads
/// like a field where no other title stands above it
/// (`ProjektfasGenomförande i tre steg`, see `top_is_title`).
fn old_header_start(lines: &[Cow<str>], scanned: Option<usize>) -> Option<usize> {
    let end = lines.iter().position(|line| line.trim() == HEADER_END)?;
    // The header's field lines, bottom up.
    let run: Vec<usize> = (0..end)
        .rev()
        .filter(|&at| !lines[at].trim().is_empty())
        .take_while(|&at| Field::split(lines[at].trim()).is_some())
        .collect();
    let (&top, below) = run.split_last()?;
    if let Some(at) = scanned.filter(|&at| at < top) {
        return Some(at);
    }
    if looks_like_glued_field(lines[top].trim()) && !top_is_title(lines, top, below) {
        return Some(top);
    }
    (top + 1..end).find(|&at| !lines[at].trim().is_empty())
}

/// Whether the topmost line of an old-layout header, though it reads like
/// a field, is the page's title. It must stand apart from the fields below
/// by a blank line, and then it is the title when its field comes again
/// below (a header names each field once) or when no title stands above it
/// (a page always has one): above it is only chrome, or the notice after a
/// close button.
fn top_is_title(lines: &[Cow<str>], top: usize, below: &[usize]) -> bool {
    let Some(&next) = below.last() else {
        return false;
    };
    let apart = (top + 1..next).any(|at| lines[at].trim().is_empty());
    if !apart {
        return false;
    }
    let field_of = |at: usize| Field::split(lines[at].trim()).map(|(field, _)| field);
    let recurs = below.iter().any(|&at| field_of(at) == field_of(top));
    recurs || title_line(lines, top).is_none_or(|above| in_notice(lines, above))
}

/// The close button that opens a notice above the title.
const CLOSE_BUTTON: &str = "Stäng";

/// The most lines a notice after the close button has.
const NOTICE_MAX_LINES: usize = 3;

/// Whether the line at `at` belongs to a notice: the close button stands
/// within the few lines above it, with no other chrome between.
fn in_notice(lines: &[Cow<str>], at: usize) -> bool {
    (0..at)
        .rev()
        .map(|above| lines[above].trim())
        .filter(|line| !line.is_empty())
        .take(NOTICE_MAX_LINES)
        .find(|line| is_known_chrome(line))
        == Some(CLOSE_BUTTON)
}

/// The first line that reads as a header field in any form. With
/// `confirmed`, a field line must be followed by another (a notice line
/// that happens to read like a field, `Telefonnummer: 010-…`, stands
/// alone); without, any will do (a page with a single field).
fn first_field(lines: &[Cow<str>], confirmed: bool) -> Option<(usize, Layout)> {
    // The next non-blank line (or, past a value, the one after) is a field
    // or the header's end.
    let followed = |at: usize, past_value: bool| {
        let mut next = next_lines(lines, at + 1);
        let field = |line: &str| {
            line == HEADER_END
                || is_field_line(line)
                || line.strip_suffix(':').is_some_and(is_label_like)
        };
        let first = next.next();
        !confirmed
            || first.is_some_and(field)
            || (past_value && next.next().is_some_and(field))
            || first.is_none()
    };
    (0..lines.len()).find_map(|at| {
        let line = lines[at].trim();
        if line.is_empty() {
            return None;
        }
        if looks_like_glued_field(line) {
            let next_glued = next_lines(lines, at + 1)
                .next()
                .is_some_and(|next| Field::split(next).is_some());
            return (next_glued || followed(at, false)).then_some((at, Layout::Old));
        }
        if let Some(label) = line.strip_suffix(':')
            && is_known_label(label)
        {
            return followed(at, true).then(|| (extend_back(lines, at), Layout::New));
        }
        if let Some((label, _)) = inline_field(line)
            && Field::from_label(label).is_some()
        {
            return followed(at, false).then(|| (extend_back(lines, at), Layout::New));
        }
        // A label alone is too common a word to stand without a field after.
        (confirmed
            && Field::from_label(line).is_some()
            && is_bare_label(line)
            && followed(at, true))
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
pub(super) fn next_lines<'a>(
    lines: &'a [Cow<str>],
    at: usize,
) -> impl Iterator<Item = &'a str> + 'a {
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

/// `23-037-S05 - Name` or `2019/00446 – Name` -> (number, name).
pub(super) fn split_numbered_title(line: &str) -> Option<(&str, &str)> {
    [" - ", " – ", " — "].iter().find_map(|dash| {
        let (number, name) = line.split_once(dash)?;
        let (number, name) = (number.trim(), name.trim());
        (RegistrationNumber::parse(number).is_some() && !name.is_empty()).then_some((number, name))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Cow<'_, str>> {
        text.split('\n').map(Cow::Borrowed).collect()
    }

    #[test]
    fn the_first_field_tells_the_form() {
        let old = lines("Stäng\nTitel\n\nProjektfasGenomförande\nRegionStockholm\n");
        assert_eq!(find_start(&old), Some((3, Layout::Old)));
        let new = lines("Cookies\n\n2019/00446 - T\n\nRegion:\nStockholm\nNamn:\nT\n");
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
    fn a_notice_that_reads_like_a_field_is_not_the_header() {
        for notice in [
            "Telefonnummer: 010-123 45 67",
            "E-post: info@exempel.se",
            "Programområde 2 – ny utlysning",
        ] {
            let page = format!("{notice}\n\nTitel\n\nProjektfasGenomförande\nRegionStockholm\n");
            assert_eq!(
                find_start(&lines(&page)),
                Some((4, Layout::Old)),
                "{notice}"
            );
        }
    }

    #[test]
    fn a_line_set_apart_above_the_header_is_the_title_even_if_it_reads_like_a_field() {
        let header = "ProgramområdeProgramområde 1 Kompetensförsörjning\nProjektfasGenomförande\nIn English\n";
        // Set apart, only chrome above: the title.
        let page =
            format!("Logotyp på utskrifter\n\nProjektfasGenomförande i tre steg\n\n{header}");
        assert_eq!(find_start(&lines(&page)), Some((4, Layout::Old)));
        // Directly above the fields: a field (a copy without its title).
        let page = format!("ProjektfasGenomförande i tre steg\n{header}");
        assert_eq!(find_start(&lines(&page)), Some((0, Layout::Old)));
        // Set apart under a notice: the title.
        let page = format!(
            "Stäng\n\nDriftstopp i morgon\nkl. 8–14\n\nProjektfasGenomförande i tre steg\n\n{header}"
        );
        assert_eq!(find_start(&lines(&page)), Some((7, Layout::Old)));
        // Set apart under another title: a field, unless it comes again.
        let page = "Titel\n\nProjektägareKommunen\n\nProjektfasGenomförande\n\nIn English\n";
        assert_eq!(find_start(&lines(page)), Some((2, Layout::Old)));
        let page = format!("Titel\n\nProjektfasGenomförande i tre steg\n\n{header}");
        assert_eq!(find_start(&lines(&page)), Some((4, Layout::Old)));
    }

    #[test]
    fn registration_numbers_prefix_titles() {
        assert_eq!(
            split_numbered_title("23-037-S05 - Vägen fram"),
            Some(("23-037-S05", "Vägen fram"))
        );
        assert_eq!(
            split_numbered_title("2019/00446 – Ett - två"),
            Some(("2019/00446", "Ett - två"))
        );
        assert_eq!(split_numbered_title("2010-2012 - Ett år"), None);
        assert_eq!(split_numbered_title("Ett - två"), None);
    }
}
