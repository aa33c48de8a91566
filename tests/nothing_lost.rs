//! "Nothing is lost": every non-blank line of a page other than the chrome
//! ends up in exactly one field, section text, heading or list item. Checked
//! by writing the parsed project back to page text (`write::page_text`) and
//! comparing the multisets of normalised content lines, and by parsing the
//! written page again. Run over the five samples and over variants of each
//! (line ends, encodings, blank lines, bullets, removed parts), where the
//! parsed fields must also equal the original's.

mod common;

use std::path::Path;

use common::{
    SAMPLES, content_lines, essence, normalise, sample_id, sample_text, split_any_newline,
    utf16be_with_bom, utf16le_with_bom, windows_1252,
};
use esf_browse::model::page::page_text::page_text;
use esf_browse::model::page::parse::parse_page_bytes;
use esf_browse::model::{ListKind, Project};

/// Header labels as the pages write them, longest first where one is a
/// prefix of another (none are).
const LABELS: [&str; 10] = [
    "Programområde",
    "Projektfas",
    "Projektägare",
    "Kontaktperson",
    "E-post",
    "Telefonnummer",
    "Beviljat ESF-stöd",
    "Total projektbudget",
    "Projektperiod",
    "Region",
];

fn parse(name: &str, bytes: &[u8]) -> Project {
    parse_page_bytes(sample_id(name), Path::new(name), bytes)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A generated page and what parsing it must give.
struct Variant {
    name: String,
    bytes: Vec<u8>,
    /// The page as text (what the bytes decode to).
    text: String,
    expected: Project,
    /// A warning that must be present (the encoding note).
    warning: Option<&'static str>,
}

fn variant(name: String, text: String, expected: Project) -> Variant {
    Variant {
        name,
        bytes: text.clone().into_bytes(),
        text,
        expected,
        warning: None,
    }
}

/// Lines of the page with their line ends removed.
fn lines_of(text: &str) -> Vec<&str> {
    text.lines().collect()
}

fn is_header_line(line: &str) -> bool {
    LABELS.iter().any(|l| line.starts_with(l))
}

fn is_bullet(line: &str) -> bool {
    line.trim_start().starts_with('•')
}

/// The position of every body heading of the parsed page (sections and
/// non-empty lists), found on the page after `In English`.
fn heading_lines(lines: &[&str], p: &Project) -> Vec<usize> {
    let start = lines.iter().position(|l| *l == "In English").unwrap();
    let mut headings: Vec<&str> = p.sections.iter().map(|s| s.heading.as_str()).collect();
    headings.extend(
        ListKind::ALL
            .into_iter()
            .filter(|k| !p.list(*k).is_empty())
            .map(|k| k.heading()),
    );
    let mut at: Vec<usize> = headings
        .iter()
        .map(|h| {
            let hits: Vec<usize> = (start..lines.len())
                .filter(|&i| lines[i].trim() == *h)
                .collect();
            assert_eq!(hits.len(), 1, "heading {h} once on the page");
            hits[0]
        })
        .collect();
    at.sort();
    at
}

/// Removes the lines of the body block starting at `heading` (up to the
/// next heading).
fn without_block(lines: &[&str], headings: &[usize], heading: usize) -> String {
    let end = headings
        .iter()
        .copied()
        .find(|&h| h > heading)
        .unwrap_or(lines.len());
    let mut out: Vec<&str> = lines[..heading].to_vec();
    out.extend_from_slice(&lines[end..]);
    out.join("\n") + "\n"
}

fn variants(file: &str) -> Vec<Variant> {
    let text = sample_text(file);
    let original = parse(file, text.as_bytes());
    let lines = lines_of(&text);
    let headings = heading_lines(&lines, &original);
    let same = || original.clone();
    let mut out = vec![
        variant("original".into(), text.clone(), same()),
        variant("crlf".into(), text.replace('\n', "\r\n"), same()),
        variant("lone cr".into(), text.replace('\n', "\r"), same()),
        variant(
            "no final newline".into(),
            text.trim_end().to_string(),
            same(),
        ),
    ];
    let trailing: Vec<String> = lines.iter().map(|l| format!("{l} \u{a0}\t ")).collect();
    out.push(variant(
        "trailing whitespace".into(),
        trailing.join("\n") + "\n",
        same(),
    ));
    let mut bom = variant("utf-8 bom".into(), text.clone(), same());
    bom.bytes = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    out.push(bom);

    let mut cp1252 = variant("windows-1252".into(), text.clone(), same());
    cp1252.bytes = windows_1252(&text);
    assert!(std::str::from_utf8(&cp1252.bytes).is_err());
    cp1252.warning = Some("Windows-1252");
    out.push(cp1252);

    let crlf = text.replace('\n', "\r\n");
    let mut cp1252_crlf = variant("windows-1252 + crlf".into(), crlf.clone(), same());
    cp1252_crlf.bytes = windows_1252(&crlf);
    cp1252_crlf.warning = Some("Windows-1252");
    out.push(cp1252_crlf);

    let mut utf16 = variant("utf-16le bom".into(), text.clone(), same());
    utf16.bytes = utf16le_with_bom(&text);
    utf16.warning = Some("UTF-16");
    out.push(utf16);
    let mut utf16be = variant("utf-16be bom".into(), crlf.clone(), same());
    utf16be.bytes = utf16be_with_bom(&crlf);
    utf16be.warning = Some("UTF-16");
    out.push(utf16be);

    // Extra blank lines everywhere a blank line cannot split a paragraph:
    // at the start, after every header line, bullet and existing blank line
    // (some of them holding spaces, tabs or NBSP), and at the end.
    let mut blanks = String::from("\n  \n\u{a0}\n");
    for line in &lines {
        blanks.push_str(line);
        blanks.push('\n');
        if line.trim().is_empty() {
            blanks.push_str("\n \t\n\u{a0}\u{a0}\n");
        } else if is_header_line(line) || is_bullet(line) {
            blanks.push('\n');
        }
    }
    blanks.push_str("\n\n \n");
    out.push(variant("extra blank lines".into(), blanks, same()));

    // Bullets: one leading space where there were two and two where one.
    let swap = |line: &str| -> String {
        if !is_bullet(line) {
            line.to_string()
        } else if let Some(rest) = line.strip_prefix("  •") {
            format!(" •{rest}")
        } else {
            format!("  {}", line.trim_start())
        }
    };
    let swapped: Vec<String> = lines.iter().map(|l| swap(l)).collect();
    assert_ne!(swapped.join("\n"), lines.join("\n"));
    out.push(variant(
        "bullet indent swapped".into(),
        swapped.join("\n") + "\n",
        same(),
    ));
    let flush: Vec<&str> = lines
        .iter()
        .map(|l| if is_bullet(l) { l.trim_start() } else { l })
        .collect();
    out.push(variant(
        "bullets unindented".into(),
        flush.join("\n") + "\n",
        same(),
    ));

    // No blank line between paragraphs: a blank line goes when neither the
    // previous nor the next non-blank line is a heading (and it is in the body).
    let body_start = lines.iter().position(|l| *l == "In English").unwrap();
    let mut kept: Vec<&str> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if i > body_start && line.trim().is_empty() {
            let prev = (0..i).rev().find(|&j| !lines[j].trim().is_empty());
            let next = (i + 1..lines.len()).find(|&j| !lines[j].trim().is_empty());
            let near_heading = |j: Option<usize>| j.is_none_or(|j| headings.contains(&j));
            if !near_heading(prev) && !near_heading(next) {
                continue;
            }
        }
        kept.push(line);
    }
    let mut tight = original.clone();
    for section in &mut tight.sections {
        section.text = section.text.replace("\n\n", "\n");
    }
    assert_ne!(tight, original, "{file}: has paragraphs to join");
    out.push(variant(
        "no blank line between paragraphs".into(),
        kept.join("\n") + "\n",
        tight,
    ));

    // Each section and each list removed in turn.
    for &at in &headings {
        let heading = lines[at].trim();
        let mut expected = original.clone();
        if let Some(kind) = ListKind::from_heading(heading) {
            expected.list_mut(kind).clear();
        } else {
            expected.sections.retain(|s| s.heading != heading);
        }
        out.push(variant(
            format!("without {heading}"),
            without_block(&lines, &headings, at),
            expected,
        ));
    }

    // Each header field removed in turn.
    for label in LABELS {
        let mut expected = original.clone();
        match label {
            "Programområde" => expected.program_area = None,
            "Projektfas" => expected.phase = None,
            "Projektägare" => expected.owner = None,
            "Kontaktperson" => expected.contact_name = None,
            "E-post" => expected.email = None,
            "Telefonnummer" => expected.phone = None,
            "Beviljat ESF-stöd" => expected.esf_grant_sek = None,
            "Total projektbudget" => expected.total_budget_sek = None,
            "Projektperiod" => {
                expected.period_start = None;
                expected.period_end = None;
            }
            "Region" => expected.region = None,
            _ => unreachable!(),
        }
        let removed: Vec<&str> = lines
            .iter()
            .copied()
            .filter(|l| !l.starts_with(label))
            .collect();
        assert_eq!(removed.len() + 1, lines.len(), "{file}: one {label} line");
        out.push(variant(
            format!("without {label}"),
            removed.join("\n") + "\n",
            expected,
        ));
    }
    out
}

/// The content lines `page_text` writes for `p`. The writer always writes
/// an owner line (`Projektägaresaknas` when there is none); when the page
/// itself has no owner line, that one added line is not page content.
fn written_lines(p: &Project, page: &str) -> Vec<String> {
    let mut written = content_lines(&page_text(p));
    let page_has_owner = split_any_newline(page)
        .iter()
        .any(|l| normalise(l).starts_with("Projektägare"));
    if !page_has_owner {
        let at = written
            .iter()
            .position(|l| l == "Projektägaresaknas")
            .expect("writer adds the owner line");
        written.remove(at);
    }
    written
}

fn check_nothing_lost(label: &str, page: &str, parsed: &Project) {
    let original = content_lines(page);
    let written = written_lines(parsed, page);
    if original != written {
        let missing: Vec<_> = original.iter().filter(|l| !written.contains(l)).collect();
        let added: Vec<_> = written.iter().filter(|l| !original.contains(l)).collect();
        panic!(
            "{label}: content lines differ ({} on the page, {} written)\nmissing: {missing:#?}\nadded: {added:#?}",
            original.len(),
            written.len()
        );
    }
    let again = parse_page_bytes(&parsed.id, &parsed.source, page_text(parsed).as_bytes())
        .unwrap_or_else(|e| panic!("{label}: written page does not parse: {e}"));
    assert_eq!(
        essence(&again),
        essence(parsed),
        "{label}: parse(page_text(p)) != p"
    );
}

#[test]
fn samples_lose_nothing() {
    for file in SAMPLES {
        let text = sample_text(file);
        let p = parse(file, text.as_bytes());
        check_nothing_lost(file, &text, &p);
        // Sanity: the comparison sees the whole page.
        assert!(content_lines(&text).len() > 20, "{file}");
        assert!(content_lines(&text).iter().any(|l| l == &p.title));
    }
}

#[test]
fn variants_lose_nothing_and_parse_like_the_original() {
    let mut checked = 0;
    for file in SAMPLES {
        for v in variants(file) {
            let label = format!("{file} [{}]", v.name);
            let parsed = parse(file, &v.bytes);
            assert_eq!(
                essence(&parsed),
                essence(&v.expected),
                "{label}: fields differ"
            );
            match v.warning {
                Some(note) => {
                    assert!(
                        parsed.warnings.first().is_some_and(|w| w.contains(note)),
                        "{label}: no warning mentioning {note}: {:?}",
                        parsed.warnings
                    );
                    assert_eq!(parsed.warnings.len(), 1, "{label}: {:?}", parsed.warnings);
                }
                None => assert!(
                    parsed.warnings.is_empty(),
                    "{label}: unexpected warnings {:?}",
                    parsed.warnings
                ),
            }
            check_nothing_lost(&label, &v.text, &parsed);
            checked += 1;
        }
    }
    // 14 fixed variants + 10 header fields + every section and list, per page.
    assert!(checked >= 5 * 24 + 40, "only {checked} variants");
}

/// The check itself must notice a lost or an invented line.
#[test]
fn the_comparison_notices_a_lost_line() {
    let file = SAMPLES[3];
    let text = sample_text(file);
    let mut p = parse(file, text.as_bytes());
    p.municipalities.pop();
    let result = std::panic::catch_unwind(|| check_nothing_lost("dropped", &text, &p));
    assert!(result.is_err());
    let mut p = parse(file, text.as_bytes());
    p.sections[1].text.push_str("\nInvented line.");
    let result = std::panic::catch_unwind(|| check_nothing_lost("added", &text, &p));
    assert!(result.is_err());
}

/// Projects with unusual but unambiguous contents survive a trip through
/// the writer and the parser unchanged.
#[test]
fn unusual_projects_survive_writing_and_parsing() {
    use esf_browse::model::{Date, Section};
    let base = Project {
        title: "T".into(),
        region: Some("Stockholm".into()),
        sections: vec![Section {
            heading: "Syfte".into(),
            text: "A.".into(),
        }],
        ..Project::default()
    };
    let section = |heading: &str, text: &str| Section {
        heading: heading.into(),
        text: text.into(),
    };
    let cases = [
        (
            "only an end date",
            Project {
                period_end: Date::new(2014, 3, 31),
                ..base.clone()
            },
        ),
        (
            "only a start date",
            Project {
                period_start: Date::new(2012, 2, 1),
                ..base.clone()
            },
        ),
        (
            "only a region",
            Project {
                sections: Vec::new(),
                ..base.clone()
            },
        ),
        (
            "zero and huge amounts",
            Project {
                esf_grant_sek: Some(0),
                total_budget_sek: Some(u64::MAX),
                ..base.clone()
            },
        ),
        (
            "an owner named like the missing marker",
            Project {
                owner: Some("Saknas AB".into()),
                ..base.clone()
            },
        ),
        (
            "a title starting like Region",
            Project {
                title: "Regional samverkan".into(),
                ..base.clone()
            },
        ),
        (
            "an empty section before another",
            Project {
                sections: vec![section("Syfte", ""), section("Bakgrund", "B.")],
                ..base.clone()
            },
        ),
        (
            "text before the first heading",
            Project {
                sections: vec![section("", "Före."), section("Syfte", "A.")],
                ..base.clone()
            },
        ),
        (
            "bullets and pseudo-headings in prose",
            Project {
                sections: vec![section(
                    "Bakgrund",
                    "• X\n\nSAMMANFATTNING\n- y\n\n  indragen rad\nUnder mobiliseringsfasen:",
                )],
                ..base.clone()
            },
        ),
        (
            "every list, with repeats",
            Project {
                co_financiers: vec!["A".into(), "A".into()],
                partners: vec!["B".into()],
                participants: vec!["3053-4135".into()],
                municipalities: vec!["Östhammar".into(), "Åre".into()],
                ..base.clone()
            },
        ),
    ];
    for (name, p) in cases {
        let text = page_text(&p);
        let again = esf_browse::model::page::parse::parse_page("", Path::new(""), &text)
            .unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
        assert_eq!(essence(&again), essence(&p), "{name}:\n{text}");
    }
}
