//! The header fields, in each form a page writes them: glued
//! (`RegionStockholm`), a label with a colon and the value on the next line
//! (`Region:` / `Stockholm`), a label alone on its line, or label and value
//! on one line (`Region: Stockholm`, `Projektnummer 2017/00123`).

use std::borrow::Cow;

use super::fields::{
    FieldSink, is_bare_label, is_known_label, looks_like_glued_field, unmapped_spellings,
};
use super::start::next_lines;
use super::{CHROME_LINES, HEADER_END, is_heading_line};
use crate::model::page::field::Field;
use crate::model::page::project::Layout;

/// What one line of a header is.
#[derive(Debug, PartialEq, Eq)]
enum Role<'a> {
    /// A label glued to its value (old layout).
    Glued(Field, &'a str),
    /// Label and value on one line (a known label).
    Inline(&'a str, &'a str),
    /// A label whose value is on the next line (or that has none).
    Label(&'a str),
    Other,
}

/// `Label: value` split at the first colon.
pub(super) fn inline_field(line: &str) -> Option<(&str, &str)> {
    let (label, value) = line.split_once(':')?;
    let value = value.trim();
    (!value.is_empty()).then_some((label, value))
}

/// `Projektnummer 2017/00123`: a known label, a space or tab, a value.
pub(super) fn spaced_field(line: &str) -> Option<(&str, &str)> {
    let labels = Field::ALL
        .iter()
        .flat_map(|field| field.labels().iter())
        .copied()
        .chain(unmapped_spellings());
    labels
        .filter_map(|label| {
            let head = line.get(..label.len())?;
            let rest = &line[label.len()..];
            (head.eq_ignore_ascii_case(label) && rest.starts_with(char::is_whitespace))
                .then(|| (head, rest.trim()))
        })
        .filter(|(_, value)| !value.is_empty())
        .max_by_key(|(label, _)| label.len())
}

/// Whether a line reads as a header field in any form (glued with a value
/// that fits, `Label:`, `Label: value`, a known label alone or spaced).
pub(super) fn is_field_line(line: &str) -> bool {
    looks_like_glued_field(line)
        || is_label_line(line, true)
        || inline_field(line).is_some_and(|(label, _)| is_known_label(label))
        || spaced_field(line).is_some()
}

/// Whether the line is a label with a colon (any short label-like text) or,
/// in the colon-less form, a label this parser knows.
fn is_label_line(line: &str, known_only: bool) -> bool {
    match line.strip_suffix(':') {
        Some(label) if known_only => is_known_label(label),
        Some(label) => is_label_like(label) || is_known_label(label),
        None => is_bare_label(line),
    }
}

/// The longest label, in characters, that a `Label:` line may carry.
const LABEL_MAX_CHARS: usize = 60;

/// The most words a `Label:` line may carry
/// (`Sekundärtema - Motverka barnfattigdom` has four).
const LABEL_MAX_WORDS: usize = 7;

/// Short text that reads like a label, known or not: a capital first (a
/// line of prose may end in a colon and go on below: `och sedan:`), at
/// most `LABEL_MAX_CHARS` characters in `LABEL_MAX_WORDS` words, no `!`,
/// `?`, `;` or inner colon, and no sentence break. Full stops inside are
/// allowed (`Projektägare org.nr.`), a full stop followed by a new sentence
/// is not (`Vi har två mål. Dessa är`).
pub(super) fn is_label_like(text: &str) -> bool {
    let text = text.trim();
    text.chars().next().is_some_and(char::is_uppercase)
        && text.chars().count() <= LABEL_MAX_CHARS
        && text.split_whitespace().count() <= LABEL_MAX_WORDS
        && !text.contains(['!', '?', ':', ';'])
        && !has_sentence_break(text)
}

/// A full stop, a space and a capital: one sentence ends, another starts.
fn has_sentence_break(text: &str) -> bool {
    text.match_indices(". ").any(|(at, _)| {
        text[at + 2..]
            .trim_start()
            .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
    })
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
    // A label alone without a colon: the old site's form (the newer pages
    // always write the colon, and their values are looked at here too).
    if layout != Layout::New && is_bare_label(line) {
        return Role::Label(line);
    }
    if let Some((label, value)) = inline_field(line)
        && is_known_label(label)
    {
        return Role::Inline(label, value);
    }
    // The newer pages always use colons: a line there that starts with a
    // label word is more likely prose.
    if layout != Layout::New
        && let Some((label, value)) = spaced_field(line)
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
    let mut values_after_blanks = false;
    let mut blank_before = false;
    while let Some(line) = lines.get(cursor) {
        let line = line.trim();
        if line.is_empty() || CHROME_LINES.contains(&line) {
            blank_before |= line.is_empty();
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
                let value = value_after(lines, cursor + 1, layout, &mut values_after_blanks);
                // After a blank line, a label no page uses opens the
                // description (`Om projektet:`) unless the run of labels and
                // values it starts reaches a known field.
                if blank_before
                    && !is_known_label(label)
                    && !known_field_ahead(lines, value.next, layout)
                {
                    return cursor;
                }
                store(sink, label, &value.text);
                cursor = value.next;
                blank_before = false;
                continue;
            }
            Role::Other if layout == Layout::Old && old_header_continues(lines, cursor) => {
                sink.warnings
                    .push(format!("unrecognised header line: {line}"));
            }
            Role::Other => return cursor,
        }
        blank_before = false;
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

/// A label's value and where reading goes on.
struct Value {
    text: String,
    next: usize,
}

/// How many non-blank lines `known_field_ahead` looks at, so that a long
/// page stays linear.
const LOOKAHEAD_LINES: usize = 16;

/// Whether the run of label/value pairs from `at` reaches a known field
/// (or the header's end) before a line that is neither a label nor a
/// label's value. Labels are told by their shape, so only a known one
/// proves that a blank-separated block is still the header and not a
/// description whose lines end in colons (`Under mobiliseringsfasen:`).
fn known_field_ahead(lines: &[Cow<str>], at: usize, layout: Layout) -> bool {
    let mut after_label = false;
    for line in next_lines(lines, at).take(LOOKAHEAD_LINES) {
        if line == HEADER_END {
            return true;
        }
        match role(line, layout) {
            Role::Glued(..) if layout == Layout::Old => return true,
            Role::Inline(label, _) if line.contains(':') && is_known_label(label) => return true,
            Role::Label(label) if is_known_label(label) => return true,
            Role::Label(_) => after_label = true,
            _ if after_label => after_label = false,
            _ => return false,
        }
    }
    false
}

/// The value of a label whose value stands on the next line. None when the
/// next line is itself a field, a heading or the end of the header; none
/// when a blank line stands between and the line after reads as the start
/// of the description (unless this page puts blank lines before every
/// value). A value broken over lines is joined when a label follows it.
fn value_after(
    lines: &[Cow<str>],
    from: usize,
    layout: Layout,
    values_after_blanks: &mut bool,
) -> Value {
    let mut at = from;
    while lines.get(at).is_some_and(|l| l.trim().is_empty()) {
        at += 1;
    }
    // A colon-less label alone counts only on the old site's pages; a
    // glued label only in the old layout.
    let is_field = |line: &str| {
        line == HEADER_END
            || match role(line, layout) {
                Role::Other => false,
                Role::Label(_) => layout == Layout::OldSite || line.ends_with(':'),
                // `Label value` without a colon may be a value (`Region Kallsund`
                // for an owner); `Label: value` is a field.
                Role::Inline(..) => line.contains(':'),
                Role::Glued(..) => layout == Layout::Old,
            }
    };
    let empty = |next: usize| Value {
        text: String::new(),
        next,
    };
    let Some(candidate) = lines.get(at).map(|l| l.trim()) else {
        return empty(at);
    };
    if is_field(candidate) || is_heading_line(candidate) {
        return empty(at);
    }
    if at > from {
        let fields_follow = known_field_ahead(lines, at + 1, layout);
        let page_ends = next_lines(lines, at + 1).next().is_none();
        if reads_like_prose(candidate) || !(fields_follow || page_ends || *values_after_blanks) {
            return empty(at);
        }
        *values_after_blanks |= fields_follow;
    }
    let mut text = candidate.to_string();
    at += 1;
    // A value broken over lines: more lines directly below, then a label.
    while let Some(more) = lines.get(at).map(|l| l.trim())
        && !more.is_empty()
        && !is_field(more)
        && !is_heading_line(more)
        && lines
            .get(at + 1)
            .is_some_and(|after| is_label_line(after.trim(), false))
    {
        text.push(' ');
        text.push_str(more);
        at += 1;
    }
    Value { text, next: at }
}

/// A sentence or paragraph, not a field's value.
fn reads_like_prose(line: &str) -> bool {
    line.chars().count() > 120 || (line.ends_with('.') && line.split_whitespace().count() >= 8)
}

/// Whether a field line or the header's end follows within the next few
/// lines, before any heading (an old-layout header with a stray line
/// inside). Looks a few lines ahead only, so a long page stays linear.
fn old_header_continues(lines: &[Cow<str>], cursor: usize) -> bool {
    next_lines(lines, cursor + 1)
        .take(3)
        .take_while(|line| !is_heading_line(line))
        .any(|line| line == HEADER_END || looks_like_glued_field(line))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::page::project::Project;

    fn lines(text: &str) -> Vec<Cow<'_, str>> {
        text.split('\n').map(Cow::Borrowed).collect()
    }

    fn read(text: &str, layout: Layout) -> (Project, usize) {
        let mut project = Project::default();
        let mut warnings = Vec::new();
        let mut sink = FieldSink::new(&mut project, &mut warnings);
        let page = lines(text);
        let body = read_fields(&page, 0, layout, &mut sink);
        (project, body)
    }

    #[test]
    fn an_empty_value_is_never_the_next_label() {
        let (p, _) = read(
            "Stödmottagare postnr:\nStödmottagare ort:\nExempelstad\nRegion:\nStockholm\n",
            Layout::New,
        );
        assert_eq!(p.extra_fields[0].value, "");
        assert_eq!(p.extra_fields[1].value, "Exempelstad");
        assert_eq!(p.region.as_deref(), Some("Stockholm"));
    }

    #[test]
    fn fields_on_one_line_mix_with_fields_on_two() {
        let (p, body) = read(
            "Namn:\nVägen\nStartdatum: 2024-02-01\nRegion:\tVästsverige\nProjektägare:\nKOMMUNEN\n\nText.\n",
            Layout::New,
        );
        assert_eq!(
            p.period_start.map(|d| d.to_string()).as_deref(),
            Some("2024-02-01")
        );
        assert_eq!(p.region.as_deref(), Some("Västsverige"));
        assert_eq!(p.owner.as_deref(), Some("KOMMUNEN"));
        assert_eq!(body, 7);
    }

    #[test]
    fn the_description_is_not_taken_for_a_value_or_a_label() {
        // An empty last label, then the description's short first line.
        let (p, body) = read(
            "Region:\nStockholm\nUtvärderingsrapporter:\n\nProjektet i korthet\n\nMer.\n",
            Layout::New,
        );
        assert_eq!(p.extra_fields[0].value, "");
        assert_eq!(body, 4);
        // A description opening with a label-like line.
        let (p, body) = read(
            "Region:\nStockholm\n\nProjektets mål:\nAtt skapa jobb.\n",
            Layout::New,
        );
        assert!(p.extra_fields.is_empty());
        assert_eq!(body, 3);
    }

    #[test]
    fn values_after_blank_lines_when_the_page_puts_them_there() {
        let (p, _) = read(
            "Region\n\nStockholm\n\nProjektnummer\n\n2017/00123\n\nSammanfattning\n",
            Layout::OldSite,
        );
        assert_eq!(p.region.as_deref(), Some("Stockholm"));
        assert_eq!(p.registration_number.as_deref(), Some("2017/00123"));
    }

    #[test]
    fn a_value_broken_over_two_lines_is_joined() {
        let (p, _) = read(
            "Projektägare:\nNORRBY\nKOMMUN\nOkänd etikett:\nx\n",
            Layout::New,
        );
        assert_eq!(p.owner.as_deref(), Some("NORRBY KOMMUN"));
    }

    #[test]
    fn labels_are_told_by_their_shape() {
        for label in [
            "Projektägare org.nr.",
            "Okänd etikett",
            "Sekundärtema - Motverka barnfattigdom",
            "Programperiod",
        ] {
            assert!(is_label_like(label), "{label}");
        }
        for prose in [
            "Vi har två mål. Dessa är",
            "Vad vill vi?",
            "Ett: två",
            "Det här är en alldeles för lång rad för att vara en etikett på sidan",
            "- punkt",
            "och sedan",
            "",
        ] {
            assert!(!is_label_like(prose), "{prose}");
        }
    }

    #[test]
    fn a_label_with_dots_does_not_end_the_header() {
        let (p, body) = read(
            "Projektägare:\nKOMMUNEN\nProjektägare org.nr.:\n2120000000\nEtikett m.m.:\nx\nStödmottagarens ort:\nExempelstad\nRegion:\nStockholm\n\nText.\n",
            Layout::New,
        );
        assert_eq!(p.owner_org_number.as_deref(), Some("2120000000"));
        assert_eq!(p.extra_fields[0].label, "Etikett m.m.");
        assert_eq!(p.extra_fields[1].label, "Stödmottagare ort");
        assert_eq!(p.region.as_deref(), Some("Stockholm"));
        assert_eq!(body, 11);
    }

    #[test]
    fn colon_lines_after_the_header_stay_prose_unless_a_known_field_follows() {
        // Two label-like lines with values after a blank line: the
        // description, since no known field follows.
        let text = "Region:\nStockholm\n\nUnder mobiliseringsfasen:\nVi kartlägger.\nMålgrupp:\nUnga.\n\nMer text.\n";
        let (p, body) = read(text, Layout::New);
        assert!(p.extra_fields.is_empty());
        assert_eq!(body, 3);
        // The same block with a known field after it is still the header.
        let text = "Region:\nStockholm\n\nOkänd etikett:\nx\nAnnan etikett:\ny\nProjektnummer:\n2019/00446\n";
        let (p, _) = read(text, Layout::New);
        assert_eq!(p.extra_fields.len(), 2);
        assert_eq!(p.registration_number.as_deref(), Some("2019/00446"));
    }
}
