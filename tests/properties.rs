//! Property tests (proptest) for the parser, the writer and the document
//! layout:
//!
//! 1. arbitrary bytes — BOMs, NULs, ESC, C1 bytes, lone CRs, fragments of
//!    real pages — never make `parse_page_bytes` (nor layout or writing the
//!    result back) panic;
//! 2. a generated well-formed page, written by `write::page_text` and then
//!    varied (line ends, BOM / UTF-16, extra blank lines, bullet indents,
//!    trailing whitespace, header field order, chrome), parses back into
//!    the same `Project`, and nothing is lost: every content line of the
//!    page lands in exactly one field, heading, section text or list item;
//! 3. no parsed string holds a control character (other than `\n` in
//!    section text) or a bidi override, so page data can never drive the
//!    terminal;
//! 4. `document::layout` never yields a line wider than the width asked for.
//!
//! Case counts are explicit so that the file runs in a few seconds under a
//! plain debug `cargo test`; `PROPTEST_CASES=N` replaces them all for a
//! longer run.

mod common;

use std::path::Path;

use common::{content_lines, essence, normalise, utf16be_with_bom, utf16le_with_bom};
use esf_browse::model::page::document::layout;
use esf_browse::model::page::field::Field;
use esf_browse::model::page::page_text::page_text;
use esf_browse::model::page::parse::{
    CHROME_LINES, HEADER_END, KNOWN_REGIONS, SECTION_HEADINGS, looks_like_glued_field,
    parse_page_bytes,
};
use esf_browse::model::{Date, ListKind, Project, Section};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use unicode_width::UnicodeWidthStr;

// ---------------------------------------------------------------------------
// Generators for well-formed projects
// ---------------------------------------------------------------------------

/// Real words, so that generated pages read a little like the corpus.
const WORDS: [&str; 16] = [
    "projektet",
    "Härjedalen",
    "arbetsmarknaden",
    "ÖKAT",
    "målgruppen",
    "Åre",
    "samverkan",
    "ungdomar",
    "48",
    "procent,",
    "”citat”",
    "\"citat\"",
    "www.esf.se",
    "info@esf.se",
    "20-30",
    "%",
];

/// A word: never empty and never containing whitespace or control
/// characters (whitespace only separates words, so generated values never
/// start or end with whitespace — the parser trims line ends and values).
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-Z0-9åäöÅÄÖéüæø漢字,.:;!?%()\"”'–/&@+*#•-]{1,12}",
        1 => select(WORDS.to_vec()).prop_map(str::to_string),
    ]
}

/// Words joined by one or more spaces or a no-break space: non-empty, with
/// no whitespace at either end.
fn phrase(max_words: usize) -> impl Strategy<Value = String> {
    vec(
        (word(), select(vec![" ", " ", " ", "  ", "\u{a0}"])),
        1..=max_words,
    )
    .prop_map(|parts| {
        let mut out = String::new();
        for (i, (word, sep)) in parts.iter().enumerate() {
            if i > 0 {
                out.push_str(sep);
            }
            out.push_str(word);
        }
        out
    })
}

fn is_heading(line: &str) -> bool {
    SECTION_HEADINGS.contains(&line) || ListKind::from_heading(line).is_some()
}

/// A header value: non-empty, trimmed (by construction), not `saknas` in
/// any ASCII case, which the page uses for "missing", and not starting with
/// a colon (`Region: Stockholm` is the label, a colon, the value).
fn value() -> impl Strategy<Value = String> {
    phrase(5)
        .prop_filter("`saknas` means missing", |v| {
            !v.eq_ignore_ascii_case("saknas")
        })
        .prop_filter("a colon after the label is not the value", |v| {
            !v.starts_with(':')
        })
}

/// A title. Restrictions: not blank, trimmed, on one line, not site chrome
/// or `In English`, and not a header field line. Titles that start like a
/// label (`Regional samverkan`, `Kontaktpersonsnätverket`) are generated
/// too, but the rest after the label starts with a lower-case letter and
/// holds only letters — otherwise it may genuinely read as a field
/// (`Region Stockholm`, `Projektfas Genomförande`, `Telefonnummer 12345`).
fn title() -> impl Strategy<Value = String> {
    let plain = phrase(8).prop_filter("not a field line", |t| Field::split(t).is_none());
    let label_like = (
        select(Field::OLD_LAYOUT.to_vec()),
        "[a-zåäö][a-zåäö]{0,10}( [a-zA-ZåäöÅÄÖ]{1,10}){0,3}",
    )
        .prop_filter("`saknas` is a value", |(_, rest)| rest != "saknas")
        .prop_map(|(field, rest)| format!("{}{rest}", field.label()));
    let real = select(vec![
        "HP3",
        "På väg till jobbet",
        "BERGSLAGSESURSEN.NU",
        "Regional samverkan",
        "Kontaktpersonsnätverket",
        "E-posthantering i kommunen",
        "Programområdets framtid",
        "Telefonnummer till alla",
    ])
    .prop_map(str::to_string);
    prop_oneof![4 => plain, 1 => label_like, 1 => real].prop_filter("not chrome", |t| {
        !CHROME_LINES.contains(&t.as_str()) && t != HEADER_END
    })
}

/// A date the writer prints as `YYYY-MM-DD`: the year has at most four
/// digits (a five-digit year would not read back).
fn date() -> impl Strategy<Value = Date> {
    (0u16..=9999, 1u8..=12, 1u8..=31).prop_filter_map("a real date", |(y, m, d)| Date::new(y, m, d))
}

fn amount() -> impl Strategy<Value = u64> {
    prop_oneof![0u64..1_000, 0u64..100_000_000, any::<u64>()]
}

fn region() -> impl Strategy<Value = String> {
    prop_oneof![
        select(KNOWN_REGIONS.to_vec()).prop_map(str::to_string),
        value()
    ]
}

fn email() -> impl Strategy<Value = String> {
    prop_oneof!["[a-z][a-z.]{0,10}@[a-z]{1,8}\\.se", value()]
}

fn phone() -> impl Strategy<Value = String> {
    prop_oneof!["[0-9+][0-9 -]{0,12}[0-9]", value()]
}

/// Lines of prose that look like structure but are text: FORMAT.md's
/// pseudo-headings and bullets inside prose.
const PSEUDO_HEADINGS: [&str; 6] = [
    "SAMMANFATTNING",
    "KOMPETENSUTVECKLING",
    "Under mobiliseringsfasen:",
    "• Punkt i löptext",
    "Syfte:",
    "Kommunen",
];

/// One line of section text. Restrictions: not blank, no trailing
/// whitespace (the parser trims line ends), no tab (made into spaces), and
/// — when it starts a paragraph, i.e. follows a blank line — not exactly a
/// section or list heading once trimmed (that *is* a heading). Inside a
/// paragraph a heading word is plain text and is generated as such.
fn text_line(starts_paragraph: bool) -> BoxedStrategy<String> {
    let mut choices: Vec<(u32, BoxedStrategy<String>)> = vec![
        (6, phrase(12).boxed()),
        (1, phrase(6).prop_map(|p| format!("- {p}")).boxed()),
        (1, phrase(6).prop_map(|p| format!("-{p}")).boxed()),
        (
            1,
            (select(vec!["  ", "    ", "\u{a0}"]), phrase(6))
                .prop_map(|(indent, p)| format!("{indent}{p}"))
                .boxed(),
        ),
        (
            1,
            select(PSEUDO_HEADINGS.to_vec())
                .prop_map(str::to_string)
                .boxed(),
        ),
    ];
    if !starts_paragraph {
        let headings: Vec<&str> = SECTION_HEADINGS
            .iter()
            .copied()
            .chain(ListKind::ALL.iter().map(|k| k.heading()))
            .collect();
        choices.push((1, select(headings).prop_map(str::to_string).boxed()));
    }
    proptest::strategy::Union::new_weighted(choices)
        .prop_filter("a heading after a blank line starts a section", move |l| {
            !starts_paragraph || !is_heading(l.trim())
        })
        .boxed()
}

/// A paragraph: one or more consecutive lines. A heading word may stand inside a paragraph, but not first or last: a
/// heading line next to a blank line is a heading.
fn paragraph() -> impl Strategy<Value = String> {
    (
        text_line(true),
        vec(text_line(false), 0..2),
        prop::option::of(text_line(true)),
    )
        .prop_map(|(first, middle, last)| {
            let mut lines = vec![first];
            if let Some(last) = last {
                lines.extend(middle);
                lines.push(last);
            }
            lines.join("\n")
        })
}

/// Section text: paragraphs separated by exactly one blank line (`\n\n`;
/// runs of blank lines on the page collapse to one), no blank line at
/// either end. May be empty for a titled section.
fn section_text(paragraphs: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    vec(paragraph(), paragraphs).prop_map(|ps| ps.join("\n\n"))
}

/// Sections: distinct known headings in any order (a heading seen twice is
/// text the second time), optionally preceded by one untitled section of
/// non-empty text (only text before the first heading can be untitled).
fn sections() -> impl Strategy<Value = Vec<Section>> {
    let titled = subsequence(SECTION_HEADINGS.to_vec(), 0..=6)
        .prop_shuffle()
        .prop_flat_map(|headings| {
            let n = headings.len();
            (Just(headings), vec(section_text(0..4), n))
        });
    (prop::option::weighted(0.15, section_text(1..3)), titled).prop_map(
        |(untitled, (headings, texts))| {
            let mut out: Vec<Section> = untitled
                .into_iter()
                .map(|text| Section {
                    heading: String::new(),
                    text,
                })
                .collect();
            out.extend(headings.into_iter().zip(texts).map(|(h, text)| Section {
                heading: h.to_string(),
                text,
            }));
            out
        },
    )
}

/// A list: items are non-empty and trimmed (a bullet line's item is
/// trimmed); names repeat now and then, as they do on real pages.
fn list() -> impl Strategy<Value = Vec<String>> {
    let item = prop_oneof![
        3 => phrase(6),
        1 => select(vec!["Avesta", "Gagnef", "Åre", "Arbetsförmedlingen", "3053-4135"])
            .prop_map(str::to_string),
    ];
    prop_oneof![1 => Just(Vec::new()), 2 => vec(item, 1..8)]
}

/// A well-formed project. It must have at least one header field: without
/// any (an owner of `saknas` does not count) the text is not a page.
fn project() -> impl Strategy<Value = Project> {
    fn o<T: std::fmt::Debug>(s: impl Strategy<Value = T>) -> impl Strategy<Value = Option<T>> {
        prop::option::weighted(0.6, s)
    }
    let header = (
        o(value()),
        o(value()),
        o(value()),
        o(value()),
        o(email()),
        o(phone()),
        o(amount()),
        o(amount()),
        o(date()),
        o(date()),
        o(region()),
    );
    (
        title(),
        header,
        sections(),
        [list(), list(), list(), list()],
    )
        .prop_map(|(title, h, sections, lists)| {
            let [co_financiers, partners, participants, municipalities] = lists;
            Project {
                title,
                program_area: h.0,
                phase: h.1,
                owner: h.2,
                contact_name: h.3,
                email: h.4,
                phone: h.5,
                esf_grant_sek: h.6,
                total_budget_sek: h.7,
                period_start: h.8,
                period_end: h.9,
                region: h.10,
                sections,
                co_financiers,
                partners,
                participants,
                municipalities,
                ..Project::default()
            }
        })
        .prop_filter("a page needs a header field", Project::has_any_field)
        .prop_filter(
            "the header starts at a line that reads as a field (a title may start like a label)",
            |p| page_text(p).lines().any(looks_like_glued_field),
        )
}

// ---------------------------------------------------------------------------
// Writing a project as a varied page
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
enum Newline {
    Lf,
    CrLf,
    Cr,
    /// LF and CRLF mixed line by line (lone CR cannot be mixed in: CR
    /// followed by an LF-ended blank line is one CRLF, and a blank is lost).
    Mixed,
}

#[derive(Debug, Clone, Copy)]
enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
}

/// How a page is varied from what `page_text` writes, in ways that must
/// not change the parsed project.
#[derive(Debug, Clone)]
struct Style {
    newline: Newline,
    encoding: Encoding,
    final_newline: bool,
    /// The two covid-19 chrome lines before the title.
    covid: bool,
    /// Leave out `Projektägaresaknas` (an absent owner line means the same).
    drop_missing_owner: bool,
    /// A rank per header field (index into `Field::OLD_LAYOUT`): the header lines
    /// are written in this order.
    field_order: Vec<usize>,
    /// Random choices, used in turn (cycled).
    dice: Vec<u8>,
}

fn style() -> impl Strategy<Value = Style> {
    (
        select(vec![
            Newline::Lf,
            Newline::CrLf,
            Newline::Cr,
            Newline::Mixed,
        ]),
        select(vec![
            Encoding::Utf8,
            Encoding::Utf8Bom,
            Encoding::Utf16Le,
            Encoding::Utf16Be,
        ]),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        Just((0..Field::OLD_LAYOUT.len()).collect::<Vec<_>>()).prop_shuffle(),
        vec(any::<u8>(), 1..64),
    )
        .prop_map(
            |(newline, encoding, final_newline, covid, drop_missing_owner, field_order, dice)| {
                Style {
                    newline,
                    encoding,
                    final_newline,
                    covid,
                    drop_missing_owner,
                    field_order,
                    dice,
                }
            },
        )
}

struct Dice<'a> {
    dice: &'a [u8],
    at: usize,
}

impl Dice<'_> {
    fn roll(&mut self, sides: usize) -> usize {
        let value = self.dice[self.at % self.dice.len()];
        self.at += 1;
        usize::from(value) % sides
    }

    fn pick<'b>(&mut self, options: &[&'b str]) -> &'b str {
        options[self.roll(options.len())]
    }
}

/// Whitespace the parser trims from line ends (a tab becomes spaces first).
const TRAILING: [&str; 8] = ["", "", "", "", " ", "\u{a0}", "\t", " \u{a0} "];
/// Blank lines: they may hold whitespace.
const BLANKS: [&str; 6] = ["", "", "", " ", "\u{a0}", " \t "];
/// Bullets: one, two or more leading spaces, NBSP or a tab; with or
/// without a space before the item.
const BULLETS: [&str; 7] = ["  • ", "  • ", " • ", "• ", "•", "    •  ", "\t• "];

/// Up to two extra blank lines, half the time none.
fn extra_blanks(out: &mut Vec<String>, dice: &mut Dice) {
    for _ in 0..dice.roll(4).saturating_sub(1) {
        out.push(dice.pick(&BLANKS).to_string());
    }
}

/// `page_text(p)` as lines, cut into header (chrome, title, fields,
/// `In English`), sections and lists.
fn parts(p: &Project) -> [Vec<String>; 3] {
    let header = page_text(&Project {
        sections: Vec::new(),
        co_financiers: Vec::new(),
        partners: Vec::new(),
        participants: Vec::new(),
        municipalities: Vec::new(),
        ..p.clone()
    });
    let head = page_text(&Project {
        co_financiers: Vec::new(),
        partners: Vec::new(),
        participants: Vec::new(),
        municipalities: Vec::new(),
        ..p.clone()
    });
    let full = page_text(p);
    assert!(full.starts_with(&head) && head.starts_with(&header));
    let lines = |s: &str| -> Vec<String> { s.split_terminator('\n').map(str::to_string).collect() };
    [
        lines(&header),
        lines(&head[header.len()..]),
        lines(&full[head.len()..]),
    ]
}

/// A page for `p` varied by `style`: its text (what the bytes decode to)
/// and its bytes.
fn varied_page(p: &Project, style: &Style) -> (String, Vec<u8>) {
    let mut dice = Dice {
        dice: &style.dice,
        at: 0,
    };
    let [header, sections, lists] = parts(p);
    let mut out: Vec<String> = Vec::new();
    extra_blanks(&mut out, &mut dice);

    // Header: chrome, blank, title, blank, fields, `In English`, blank.
    let title_at = 2;
    let end_at = header.iter().position(|l| l == HEADER_END).unwrap();
    assert_eq!(header[title_at], p.title);
    out.push(header[0].clone());
    out.push(String::new());
    if style.covid {
        out.push(format!("{}  ", CHROME_LINES[1]));
        out.push(String::new());
        out.push(format!("{} ", CHROME_LINES[2]));
        out.push(String::new());
    }
    extra_blanks(&mut out, &mut dice);
    out.push(header[title_at].clone());
    out.push(String::new());
    extra_blanks(&mut out, &mut dice);
    let rank = |line: &str| {
        let (field, _) = Field::split(line).expect("a header line");
        style.field_order[Field::OLD_LAYOUT.iter().position(|f| *f == field).unwrap()]
    };
    let mut fields: Vec<&String> = header[title_at + 2..end_at].iter().collect();
    fields.sort_by_key(|l| rank(l));
    // The header starts at the first line that reads as a field (above it
    // stands the title): one such line goes first.
    let first = fields
        .iter()
        .position(|l| looks_like_glued_field(l))
        .unwrap();
    let first = fields.remove(first);
    fields.insert(0, first);
    for (at, line) in fields.into_iter().enumerate() {
        if style.drop_missing_owner && at > 0 && line == "Projektägaresaknas" {
            continue;
        }
        out.push(line.clone());
        extra_blanks(&mut out, &mut dice);
    }
    out.extend(header[end_at..].iter().cloned());

    // Sections: more blank lines only where there is one already.
    for line in sections {
        let blank = line.is_empty();
        out.push(line);
        if blank {
            extra_blanks(&mut out, &mut dice);
        }
    }

    // Lists: any bullet indent, blank lines anywhere.
    for line in lists {
        match line.strip_prefix("  • ") {
            Some(item) => out.push(format!("{}{item}", dice.pick(&BULLETS))),
            None => out.push(line),
        }
        extra_blanks(&mut out, &mut dice);
    }

    // Trailing whitespace on any line, then line ends.
    let mut text = String::new();
    for (i, line) in out.iter().enumerate() {
        if i > 0 {
            text.push_str(match style.newline {
                Newline::Lf => "\n",
                Newline::CrLf => "\r\n",
                Newline::Cr => "\r",
                Newline::Mixed => dice.pick(&["\n", "\r\n"]),
            });
        }
        text.push_str(line);
        text.push_str(dice.pick(&TRAILING));
    }
    if style.final_newline {
        text.push('\n');
    }
    let bytes = match style.encoding {
        Encoding::Utf8 => text.clone().into_bytes(),
        Encoding::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        Encoding::Utf16Le => utf16le_with_bom(&text),
        Encoding::Utf16Be => utf16be_with_bom(&text),
    };
    (text, bytes)
}

/// The page's content lines as `common::content_lines` gives them, with a
/// bullet line normalised to `• item` (a page may write `•item`).
fn bullet_normalised(lines: Vec<String>) -> Vec<String> {
    let mut lines: Vec<String> = lines
        .into_iter()
        .map(|l| match l.strip_prefix('•') {
            Some(rest) => normalise(&format!("• {rest}")),
            None => l,
        })
        .collect();
    lines.sort();
    lines
}

/// Nothing lost: the multiset of content lines of `page` equals that of the
/// page written back from `parsed`, so every line landed in exactly one
/// field, heading, section text or list item. The writer always writes an
/// owner line; when the page left it out, that line is not page content.
fn check_nothing_lost(
    page: &str,
    parsed: &Project,
    owner_line_dropped: bool,
) -> Result<(), TestCaseError> {
    let original = bullet_normalised(content_lines(page));
    let mut written = bullet_normalised(content_lines(&page_text(parsed)));
    if owner_line_dropped {
        let at = written
            .iter()
            .position(|l| l == "Projektägaresaknas")
            .expect("the writer adds the owner line");
        written.remove(at);
    }
    if original != written {
        let missing: Vec<_> = original.iter().filter(|l| !written.contains(l)).collect();
        let added: Vec<_> = written.iter().filter(|l| !original.contains(l)).collect();
        return Err(TestCaseError::fail(format!(
            "content lines differ ({} on the page, {} written)\nmissing: {missing:#?}\nadded: {added:#?}",
            original.len(),
            written.len()
        )));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Checks shared by several properties
// ---------------------------------------------------------------------------

/// Characters a terminal would act on: C0 and C1 controls, DEL, and the
/// bidi embeddings, overrides and isolates.
fn is_terminal_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// No string of the project can drive a terminal: no control character at
/// all, except `\n` between the lines of section text.
fn check_clean(p: &Project) -> Result<(), TestCaseError> {
    let mut one_line: Vec<(&str, &str)> = vec![("title", &p.title)];
    let fields = [
        ("program_area", &p.program_area),
        ("phase", &p.phase),
        ("owner", &p.owner),
        ("contact_name", &p.contact_name),
        ("email", &p.email),
        ("phone", &p.phone),
        ("region", &p.region),
    ];
    for (name, value) in &fields {
        if let Some(value) = value {
            one_line.push((name, value));
        }
    }
    for section in &p.sections {
        one_line.push(("heading", &section.heading));
    }
    for kind in ListKind::ALL {
        for item in p.list(kind) {
            one_line.push((kind.heading(), item));
        }
    }
    for warning in &p.warnings {
        one_line.push(("warning", warning));
    }
    for (name, text) in one_line {
        prop_assert!(
            !text.chars().any(is_terminal_control),
            "{name} holds a control character: {text:?}"
        );
    }
    for section in &p.sections {
        prop_assert!(
            !section
                .text
                .chars()
                .any(|c| c != '\n' && is_terminal_control(c)),
            "text of {:?} holds a control character: {:?}",
            section.heading,
            section.text
        );
    }
    Ok(())
}

fn check_layout_width(p: &Project, width: usize) -> Result<(), TestCaseError> {
    for line in layout(p, width).lines {
        prop_assert!(
            line.text.width() <= width,
            "a line of {} columns at width {width}: {:?}",
            line.text.width(),
            line.text
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Arbitrary bytes
// ---------------------------------------------------------------------------

/// Fragments of real pages, so that random input reaches past the title
/// and header checks.
const SNIPPETS: [&str; 34] = [
    "Logotyp på utskrifter\n",
    "In English\n",
    "Titel\n\n",
    "ProgramområdeProgramområde 2 Ökat arbetskraftsutbud\n",
    "ProjektfasGenomförande\n",
    "Projektägaresaknas\n",
    "E-posthakan@mtnab.com\n",
    "Telefonnummer0680 - 176 61\n",
    "Beviljat ESF-stöd1 126 379 kr\n",
    "Total projektbudget99999999999999999999999 kr\n",
    "Projektperiod2012-02-01 till 2014-03-31\n",
    "Projektperiod till 2012-02-30\n",
    "RegionStockholm\n",
    "\nSammanfattning\n\n",
    "\nSyfte\n\n",
    "\nKommun\n\n",
    "\nMedfinansiärer\n",
    "  • Avesta\n",
    "•",
    " • ",
    "- punkt\n",
    "\n\n\n",
    "\r\n",
    "\r",
    "\t",
    "\u{a0}",
    "\u{feff}",
    "\u{202e}",
    "\u{2067}",
    "\u{85}",
    "\u{1b}[2J\u{1b}]52;c;aGk=\u{7}",
    "漢字한국어😀",
    "e\u{301}\u{200b}\u{fe0f}",
    "SAMMANFATTNING\n",
];

/// Single bytes that matter to decoding and to terminals.
const SPECIAL_BYTES: [u8; 16] = [
    0x00, 0x07, 0x08, 0x09, 0x0A, 0x0D, 0x1B, 0x7F, 0x80, 0x85, 0x9B, 0x9D, 0xC3, 0xEF, 0xFE, 0xFF,
];

fn byte_token() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => vec(any::<u8>(), 0..24),
        3 => select(SNIPPETS.to_vec()).prop_map(|s| s.as_bytes().to_vec()),
        2 => select(SPECIAL_BYTES.to_vec()).prop_map(|b| vec![b]),
        1 => any::<char>().prop_map(|c| c.to_string().into_bytes()),
    ]
}

/// Random bytes with an optional byte-order mark, or text (random and
/// snippets) encoded as UTF-16 with a BOM.
fn arbitrary_page() -> impl Strategy<Value = Vec<u8>> {
    let prefix = select(vec![
        b"".as_slice(),
        b"".as_slice(),
        b"\xEF\xBB\xBF".as_slice(),
        b"\xFF\xFE".as_slice(),
        b"\xFE\xFF".as_slice(),
    ]);
    let raw = (prefix, vec(byte_token(), 0..64))
        .prop_map(|(prefix, tokens)| [prefix.to_vec(), tokens.concat()].concat());
    let utf16 = (any::<bool>(), vec(byte_token(), 0..64)).prop_map(|(le, tokens)| {
        let text = String::from_utf8_lossy(&tokens.concat()).into_owned();
        if le {
            utf16le_with_bom(&text)
        } else {
            utf16be_with_bom(&text)
        }
    });
    prop_oneof![3 => raw, 1 => utf16, 1 => vec(any::<u8>(), 0..512)]
}

// ---------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------

/// `cases` cases, or `PROPTEST_CASES` when set.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(512))]

    /// Arbitrary bytes never panic; whatever parses is clean, lays out
    /// within the width and survives being written and parsed again.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in arbitrary_page()) {
        let parsed = parse_page_bytes("x", Path::new("x.txt"), &bytes);
        if let Ok(p) = parsed {
            check_clean(&p)?;
            for width in [1, 2, 9, 40, 300] {
                check_layout_width(&p, width)?;
            }
            if let Ok(again) = parse_page_bytes("x", Path::new("x.txt"), page_text(&p).as_bytes()) {
                check_clean(&again)?;
            }
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// A well-formed page, varied in every way the format allows, parses
    /// back into the project it was written from, and nothing is lost.
    #[test]
    fn written_pages_parse_back_and_lose_nothing(p in project(), style in style()) {
        let (text, bytes) = varied_page(&p, &style);
        let parsed = parse_page_bytes("x", Path::new("x.txt"), &bytes)
            .map_err(|e| TestCaseError::fail(format!("does not parse: {e}\n{text}")))?;
        prop_assert_eq!(essence(&parsed), essence(&p), "page:\n{}", text);
        let owner_line_dropped = p.owner.is_none() && !text.contains("Projektägaresaknas");
        check_nothing_lost(&text, &parsed, owner_line_dropped)?;
        check_clean(&parsed)?;
    }

    /// The page exactly as the writer writes it reads back the same.
    #[test]
    fn page_text_round_trips(p in project()) {
        let text = page_text(&p);
        let parsed = parse_page_bytes("x", Path::new("x.txt"), text.as_bytes())
            .map_err(|e| TestCaseError::fail(format!("does not parse: {e}\n{text}")))?;
        prop_assert_eq!(essence(&parsed), essence(&p), "page:\n{}", text);
        check_nothing_lost(&text, &parsed, false)?;
    }
}

/// Control characters a page may hold: C0 (but not the line breaks LF and
/// CR, which are structure), DEL, C1 and the bidi controls.
fn control_char() -> impl Strategy<Value = char> {
    prop_oneof![
        prop::char::range('\u{0}', '\u{1f}')
            .prop_filter("not a line break", |c| { !matches!(c, '\n' | '\r') }),
        Just('\u{7f}'),
        prop::char::range('\u{80}', '\u{9f}'),
        prop::char::range('\u{202a}', '\u{202e}'),
        prop::char::range('\u{2066}', '\u{2069}'),
    ]
}

/// Inserts `c` into `s` at the char boundary nearest `at` (a fraction of
/// 256), never before the first character, so the string keeps a visible
/// start.
fn insert_at(s: &mut String, at: u8, c: char) {
    let boundaries: Vec<usize> = s.char_indices().map(|(i, _)| i).skip(1).collect();
    let pos = if boundaries.is_empty() {
        s.len()
    } else {
        boundaries[usize::from(at) * boundaries.len() / 256]
    };
    s.insert(pos, c);
}

/// A project with up to eight control characters planted in its title,
/// header values, section texts and list items (eight at most, so that
/// the page is not taken for a binary file).
fn dirty_project() -> impl Strategy<Value = Project> {
    (
        project(),
        vec((any::<u8>(), any::<u8>(), control_char()), 1..=8),
    )
        .prop_map(|(mut p, plants)| {
            for (which, at, c) in plants {
                let mut targets: Vec<&mut String> = vec![&mut p.title];
                for value in [
                    &mut p.program_area,
                    &mut p.phase,
                    &mut p.owner,
                    &mut p.contact_name,
                    &mut p.email,
                    &mut p.phone,
                    &mut p.region,
                ]
                .into_iter()
                .flatten()
                {
                    targets.push(value);
                }
                for section in &mut p.sections {
                    if !section.text.is_empty() {
                        targets.push(&mut section.text);
                    }
                }
                for list in [
                    &mut p.co_financiers,
                    &mut p.partners,
                    &mut p.participants,
                    &mut p.municipalities,
                ] {
                    targets.extend(list.iter_mut());
                }
                let n = targets.len();
                insert_at(targets[usize::from(which) % n], at, c);
            }
            p
        })
}

proptest! {
    #![proptest_config(config(256))]

    /// Control characters anywhere in a page's values are made harmless:
    /// the page still parses and no parsed string holds one.
    #[test]
    fn no_control_character_reaches_a_parsed_string(p in dirty_project()) {
        let text = page_text(&p);
        let parsed = parse_page_bytes("x", Path::new("x.txt"), text.as_bytes())
            .map_err(|e| TestCaseError::fail(format!("does not parse: {e}\n{text:?}")))?;
        check_clean(&parsed)?;
    }
}

// ---------------------------------------------------------------------------
// Layout width
// ---------------------------------------------------------------------------

/// Any printable text: wide (CJK, emoji), zero-width and combining
/// characters, NBSP and ideographic spaces, very long words. Control
/// characters are left out: the parser replaces them, so no project holds
/// one (see `no_control_character_reaches_a_parsed_string`).
fn wild_string(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => string_of("[a-zA-Z åäöÅÄÖ.,-]", max),
        2 => string_of("[a-z 漢字한국어😀🎉\u{a0}\u{3000}\u{301}\u{200b}\u{fe0f}\u{ff21}-]", max),
        1 => string_of("\\PC", max),
    ]
}

fn string_of(class: &str, max: usize) -> BoxedStrategy<String> {
    proptest::string::string_regex(&format!("{class}{{0,{max}}}"))
        .expect("a valid regex")
        .boxed()
}

fn wild_project() -> impl Strategy<Value = Project> {
    let o = |max| prop::option::of(wild_string(max));
    (
        wild_string(60),
        (o(40), o(40), o(40), o(40), o(40), o(40), o(40)),
        (prop::option::of(any::<u64>()), prop::option::of(date())),
        vec((wild_string(30), wild_string(400)), 0..4),
        vec(wild_string(40), 0..5),
    )
        .prop_map(|(title, h, (amount, date), sections, items)| Project {
            title,
            program_area: h.0,
            phase: h.1,
            owner: h.2,
            contact_name: h.3,
            email: h.4,
            phone: h.5,
            region: h.6,
            esf_grant_sek: amount,
            total_budget_sek: amount,
            period_start: date,
            sections: sections
                .into_iter()
                .map(|(heading, text)| Section { heading, text })
                .collect(),
            co_financiers: items.clone(),
            municipalities: items,
            ..Project::default()
        })
}

proptest! {
    #![proptest_config(config(256))]

    /// No laid-out line is wider than the width, for any project.
    #[test]
    fn layout_fits_the_width(p in wild_project(), width in 1usize..=300) {
        check_layout_width(&p, width)?;
    }

    /// Also for the projects the parser makes from well-formed pages.
    #[test]
    fn layout_of_parsed_projects_fits_the_width(p in project(), width in 1usize..=300) {
        check_layout_width(&p, width)?;
    }
}
