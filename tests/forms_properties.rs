//! Properties of the three forms of page (FORMAT.md):
//! 1. any few lines of any text put above the title — a notice, a banner, a
//!    button label — change no field, on pages of every form;
//! 2. the fields of a newer (`Label:`) page read the same in any order;
//! 3. generated projects of the newer and the old site's forms, written by
//!    `write::page_text`, read back the same.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::essence;
use esf_browse::model::page::field::Field;
use esf_browse::model::page::page_text::page_text;
use esf_browse::model::page::parse::{
    CHROME_LINES, HEADER_END, SECTION_HEADINGS, UNMAPPED_LABELS, looks_like_glued_field, parse_page,
};
use esf_browse::model::page::region::region_of_nuts2;
use esf_browse::model::{Date, ExtraField, Layout, ListKind, Project, Section};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

/// Fixture pages of every form (see `tests/forms.rs`).
const BASES: [&str; 8] = [
    "old_plain.txt",
    "old_no_notice.txt",
    "old_stang_webinar.txt",
    "new_2021_full.txt",
    "new_2021_no_cookie_reordered.txt",
    "new_2014.txt",
    "new_2014_no_diarienummer.txt",
    "oldsite_2014.txt",
];

fn base_text(name: &str) -> String {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/forms")
        .join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn parse(text: &str) -> Result<Project, TestCaseError> {
    parse_page("x", Path::new("x.txt"), text)
        .map_err(|e| TestCaseError::fail(format!("refused: {e}\n{text}")))
}

/// A label of any form this parser knows, or a line that would start a
/// header of its own.
fn is_field_line(line: &str) -> bool {
    let known = |label: &str| {
        Field::from_label(label).is_some()
            || UNMAPPED_LABELS
                .iter()
                .any(|l| l.eq_ignore_ascii_case(label.trim()))
    };
    let before_colon = line.split(':').next().unwrap_or(line);
    looks_like_glued_field(line.trim()) || known(line) || known(before_colon)
}

/// A line of a notice, a banner or a button label: any text that is not
/// itself a header field.
fn notice_line() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-zÅÄÖåäö0-9 ,.:!?()–/-]{1,70}",
        1 => select(vec!["Stäng", "Läs mer här", "Lär dig mer", "Cookies", "x - esf.se"])
            .prop_map(str::to_string),
        1 => "Webbinarium [0-9]{1,2} (maj|juni) kl [0-9]{2}:[0-9]{2}",
    ]
    .prop_map(|line| line.trim().to_string())
    .prop_filter("not a field of its own", |line| {
        !line.is_empty() && !is_field_line(line) && line != HEADER_END
    })
}

/// 1–4 notice lines, each followed by zero or one blank line.
fn notice() -> impl Strategy<Value = Vec<String>> {
    vec((notice_line(), any::<bool>()), 1..=4).prop_map(|lines| {
        let mut out = Vec::new();
        for (line, blank) in lines {
            out.push(line);
            if blank {
                out.push(String::new());
            }
        }
        out
    })
}

/// Where the title stands: the first line that is the title, or ends in
/// ` - <title>` (the newer pages' numbered title line).
fn title_line(lines: &[&str], title: &str) -> usize {
    let numbered = format!(" - {title}");
    lines
        .iter()
        .position(|l| l.trim() == title || l.trim().ends_with(&numbered))
        .expect("the title stands on the page")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    /// Lines of any text above the title, or at the very top of the page,
    /// change no field of a page of any form.
    #[test]
    fn notices_above_the_title_change_no_field(
        base in select(BASES.to_vec()),
        notice in notice(),
        at_top in any::<bool>(),
    ) {
        let text = base_text(base);
        let original = parse(&text)?;
        let lines: Vec<&str> = text.lines().collect();
        let at = if at_top { 0 } else { title_line(&lines, &original.title) };
        let mut varied: Vec<&str> = lines[..at].to_vec();
        varied.extend(notice.iter().map(String::as_str));
        varied.push("");
        varied.extend_from_slice(&lines[at..]);
        let varied = varied.join("\n");
        let parsed = parse(&varied)?;
        prop_assert_eq!(essence(&parsed), essence(&original), "page:\n{}", varied);
    }

    /// The `Label:` / value pairs of a newer page, in any order, read the same.
    #[test]
    fn newer_pages_read_the_same_in_any_field_order(
        base in select(BASES[3..7].to_vec()),
        seed in any::<u64>(),
    ) {
        let text = base_text(base);
        let original = parse(&text)?;
        let (before, pairs, after) = field_pairs(&text);
        let mut order: Vec<usize> = (0..pairs.len()).collect();
        shuffle(&mut order, seed);
        let mut varied = before;
        for i in order {
            varied.extend(pairs[i].iter().cloned());
        }
        varied.extend(after);
        let varied = varied.join("\n");
        let parsed = parse(&varied)?;
        // Extra fields keep page order: compare them as a set.
        let unordered = |p: &Project| {
            let mut p = essence(p);
            p.extra_fields.sort_by(|a, b| a.label.cmp(&b.label));
            p
        };
        prop_assert_eq!(unordered(&parsed), unordered(&original), "page:\n{}", varied);
    }
}

/// A newer page cut into the lines before its fields, the `Label:` /
/// value pairs (an empty value makes a pair of one line), and the rest.
fn field_pairs(text: &str) -> (Vec<String>, Vec<Vec<String>>, Vec<String>) {
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let is_label = |l: &str| l.ends_with(':') && l.len() < 60;
    let start = lines.iter().position(|l| is_label(l)).expect("a label");
    let mut pairs = Vec::new();
    let mut at = start;
    while at < lines.len() && is_label(&lines[at]) {
        let value = lines
            .get(at + 1)
            .filter(|l| !is_label(l) && !l.trim().is_empty());
        pairs.push(
            std::iter::once(lines[at].clone())
                .chain(value.cloned())
                .collect::<Vec<_>>(),
        );
        at += 1 + usize::from(value.is_some());
    }
    (lines[..start].to_vec(), pairs, lines[at..].to_vec())
}

/// A deterministic shuffle (SplitMix64), so a failure shows its seed.
fn shuffle(items: &mut [usize], mut seed: u64) {
    for i in (1..items.len()).rev() {
        seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        items.swap(i, ((z ^ (z >> 31)) % (i as u64 + 1)) as usize);
    }
}

// ---------------------------------------------------------------------------
// Generated projects of the newer forms
// ---------------------------------------------------------------------------

/// Text that reads as a value: a capital, then words; never a label, a
/// heading or chrome.
fn value() -> impl Strategy<Value = String> {
    "[A-ZÅÄÖ0-9][a-zåäö0-9]{0,10}( [A-Za-zåäö0-9@.%-]{1,10}){0,3}".prop_filter(
        "not a label, heading or chrome",
        |v| {
            !is_field_line(v)
                && !SECTION_HEADINGS.contains(&v.as_str())
                && ListKind::from_heading(v).is_none()
                && !CHROME_LINES.contains(&v.as_str())
                && v != HEADER_END
                && !v.eq_ignore_ascii_case("saknas")
        },
    )
}

fn date() -> impl Strategy<Value = Date> {
    (2014u16..=2027, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| Date::new(y, m, d).unwrap())
}

fn registration_number() -> impl Strategy<Value = String> {
    prop_oneof!["20(1[4-9]|20)/0[0-9]{4}", "2[1-7]-[0-9]{3}-S0[1-9]"]
}

/// A label the parser does not know, with or without a value.
fn extra_field() -> impl Strategy<Value = ExtraField> {
    (
        "[A-ZÅÄÖ][a-zåäö]{3,12}( [a-zåäö]{2,8}){0,2}",
        prop::option::of(value()),
    )
        .prop_filter("an unknown label", |(label, _)| !is_field_line(label))
        .prop_map(|(label, value)| ExtraField {
            label,
            value: value.unwrap_or_default(),
        })
}

/// Sections: an untitled description first, then some known headings;
/// every paragraph ends a sentence.
fn sections() -> impl Strategy<Value = Vec<Section>> {
    let paragraph = "[A-ZÅÄÖ][a-zåäö]{1,9}( [a-zåäö]{1,9}){2,12}\\.";
    (
        prop::option::of(paragraph),
        proptest::sample::subsequence(SECTION_HEADINGS.to_vec(), 0..=4),
        vec(paragraph, 4),
    )
        .prop_map(|(untitled, headings, texts)| {
            let untitled = untitled.map(|text| Section {
                heading: String::new(),
                text,
            });
            let titled = headings.into_iter().zip(texts).map(|(h, text)| Section {
                heading: h.to_string(),
                text,
            });
            untitled.into_iter().chain(titled).collect()
        })
}

fn newer_project() -> impl Strategy<Value = Project> {
    fn o<T: std::fmt::Debug>(s: impl Strategy<Value = T>) -> impl Strategy<Value = Option<T>> {
        prop::option::weighted(0.7, s)
    }
    // Every page of these forms has a registration number (a page with
    // only `Namn:` and `Region:` is not told from a contact page).
    let texts = (
        registration_number().prop_map(Some),
        o(value()),
        o(value()),
        o(select(vec!["ESF", "ESF+", "React-EU"]).prop_map(str::to_string)),
        o(value()),
        o(value()),
        o(value()),
        o("[a-z]{1,8}@[a-z]{1,8}\\.se"),
        o(value()),
        o(value()),
    );
    let numbers = (
        o(0u64..1_000_000_000),
        o(0u64..1_000_000_000),
        o(0u64..10_000),
        o(0u64..10_000),
        o(date()),
        o(date()),
        o("[0-9]{2}%"),
        o("SE[0-9]{2}"),
    );
    (
        select(vec![Layout::New, Layout::OldSite]),
        value(),
        texts,
        numbers,
        vec(extra_field(), 0..3),
        sections(),
    )
        .prop_map(|(layout, title, t, n, extra_fields, sections)| {
            let mut p = Project {
                layout,
                title,
                registration_number: t.0,
                program_area: t.1,
                specific_objective: t.2,
                fund: t.3,
                owner: t.4,
                owner_org_number: t.5,
                contact_name: t.6,
                email: t.7,
                region: t.8,
                intervention_type: t.9,
                esf_grant_sek: n.0,
                total_budget_sek: n.1,
                planned_participants: n.2,
                participant_count: n.3,
                period_start: n.4,
                period_end: n.5,
                co_financing_rate: n.6,
                nuts2: n.7,
                extra_fields,
                sections,
                ..Project::default()
            };
            if p.region.is_none() {
                // A page without a region reads it from its NUTS-2 code.
                p.region = p
                    .nuts2
                    .as_deref()
                    .and_then(region_of_nuts2)
                    .map(String::from);
            }
            if layout == Layout::OldSite {
                // The old site's form has labels alone on their lines: an
                // untitled description would read as the last value.
                p.sections.retain(|s| !s.heading.is_empty());
            }
            p
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// A generated page of the newer or the old site's form reads back the
    /// same, and its form is recognised.
    #[test]
    fn newer_forms_round_trip(p in newer_project()) {
        let text = page_text(&p);
        let parsed = parse(&text)?;
        prop_assert_eq!(parsed.layout, p.layout);
        prop_assert_eq!(essence(&parsed), essence(&p), "page:\n{}", text);
    }
}
