//! Page text -> `Project`. Handles the layout in FORMAT.md and its variants:
//! CRLF and lone CR, byte-order marks and legacy encodings (via `decode`),
//! chrome lines, glued labels, missing fields and sections, extra blank
//! lines, bullets with any indentation, pseudo-headings inside prose.

use std::borrow::Cow;
use std::path::Path;

use super::decode::decode;
use super::error::PageError;
use super::project::{Date, ListKind, Project, Section};

/// Lines of site chrome that carry no content.
pub const CHROME_LINES: [&str; 3] = [
    "Logotyp på utskrifter",
    "Information med anledning av covid-19",
    "Uppdaterad information med anledning av covid-19",
];

/// The link label that ends the header block.
pub const HEADER_END: &str = "In English";

/// Section headings of the project bank. A line is a heading only when it is
/// exactly one of these (case matters: `SAMMANFATTNING` is prose) and stands
/// after a blank line.
pub const SECTION_HEADINGS: [&str; 14] = [
    "Sammanfattning",
    "Bakgrund",
    "Syfte",
    "Målsättning",
    "Målgrupp",
    "Förväntade mätbara effekter",
    "Förväntat resultat",
    "Tillgänglighet för personer med funktionsnedsättning",
    "Jämställdhetsintegrering",
    "Ickediskriminering",
    "Transnationellt samarbete",
    "Resultat",
    "Erfarenheter",
    "Slutsatser",
];

/// The regions of the 2007–2013 programme, plus national projects.
pub const KNOWN_REGIONS: [&str; 10] = [
    "Övre Norrland",
    "Mellersta Norrland",
    "Norra Mellansverige",
    "Östra Mellansverige",
    "Stockholm",
    "Västsverige",
    "Småland och öarna",
    "Sydsverige",
    "Nationellt",
    "Nationell",
];

/// Header fields, each a label glued to its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    ProgramArea,
    Phase,
    Owner,
    ContactName,
    Email,
    Phone,
    EsfGrant,
    TotalBudget,
    Period,
    Region,
}

impl Field {
    pub const ALL: [Field; 10] = [
        Field::ProgramArea,
        Field::Phase,
        Field::Owner,
        Field::ContactName,
        Field::Email,
        Field::Phone,
        Field::EsfGrant,
        Field::TotalBudget,
        Field::Period,
        Field::Region,
    ];

    /// The label as the page writes it.
    pub fn label(self) -> &'static str {
        match self {
            Field::ProgramArea => "Programområde",
            Field::Phase => "Projektfas",
            Field::Owner => "Projektägare",
            Field::ContactName => "Kontaktperson",
            Field::Email => "E-post",
            Field::Phone => "Telefonnummer",
            Field::EsfGrant => "Beviljat ESF-stöd",
            Field::TotalBudget => "Total projektbudget",
            Field::Period => "Projektperiod",
            Field::Region => "Region",
        }
    }

    /// Splits a header line into its field and value.
    pub fn split(line: &str) -> Option<(Field, &str)> {
        Field::ALL
            .into_iter()
            .find_map(|field| Some((field, line.strip_prefix(field.label())?.trim())))
    }
}

/// Decodes and parses the bytes of one file.
pub fn parse_page_bytes(id: &str, source: &Path, bytes: &[u8]) -> Result<Project, PageError> {
    let decoded = decode(bytes)?;
    let mut project = parse_page(id, source, &decoded.text)?;
    if let Some(note) = decoded.note {
        project.warnings.insert(0, note.to_string());
    }
    Ok(project)
}

/// Parses the text of one page.
pub fn parse_page(id: &str, source: &Path, text: &str) -> Result<Project, PageError> {
    let mut warnings = Vec::new();
    let lines = split_lines(text, &mut warnings);
    let mut project = Project {
        id: id.to_string(),
        source: source.to_path_buf(),
        ..Project::default()
    };
    let mut cursor = 0;

    // The title: the first line that is neither blank nor chrome.
    while cursor < lines.len() && (lines[cursor].is_empty() || is_chrome(&lines[cursor])) {
        cursor += 1;
    }
    let Some(first) = lines.get(cursor) else {
        return Err(PageError::Empty);
    };
    if looks_like_field(first) || first == HEADER_END {
        return Err(PageError::NotAPage("no title before the header fields"));
    }
    project.title = first.trim().to_string();
    cursor += 1;

    cursor = parse_header(&lines, cursor, &mut project, &mut warnings);
    if !project.has_any_field() {
        return Err(PageError::NotAPage(
            "no header fields (Programområde, Projektfas, Region …) after the title",
        ));
    }
    parse_body(&lines, cursor, &mut project, &mut warnings);
    // The vectors grew by doubling while they were built: give back the
    // slack, since the project is kept for the whole session.
    project.sections.shrink_to_fit();
    for kind in ListKind::ALL {
        project.list_mut(kind).shrink_to_fit();
    }
    if project.sections.is_empty() {
        warnings.push("no sections".to_string());
    }
    project.warnings.append(&mut warnings);
    Ok(project)
}

/// Splits on LF, CRLF and lone CR; trims line ends; makes control characters
/// harmless so that no page can drive the terminal.
fn split_lines<'a>(text: &'a str, warnings: &mut Vec<String>) -> Vec<Cow<'a, str>> {
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
fn split_and_clean_lines<'a>(text: &'a str, warnings: &mut Vec<String>) -> Vec<Cow<'a, str>> {
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
fn is_plain(bytes: &[u8]) -> bool {
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

fn is_chrome(line: &str) -> bool {
    CHROME_LINES.contains(&line.trim())
}

/// A header line, told apart from a title that merely starts like a label
/// (`Regional samverkan`, `Kontaktpersonsnätverket`, `E-posthantering …`):
/// the value must look like what that field holds.
fn looks_like_field(line: &str) -> bool {
    let Some((field, value)) = Field::split(line) else {
        return false;
    };
    let starts_upper = value.chars().next().is_some_and(char::is_uppercase);
    match field {
        Field::ProgramArea => value.starts_with("Programområde"),
        Field::Region => KNOWN_REGIONS.contains(&value),
        Field::EsfGrant | Field::TotalBudget => parse_amount(value).is_some(),
        Field::Period => parse_period(value).0.is_some(),
        Field::Email => value.contains('@') && !value.contains(char::is_whitespace),
        Field::Phone => {
            let digits = value.chars().filter(char::is_ascii_digit).count();
            digits >= 5 && digits * 2 >= value.chars().count()
        }
        Field::Phase | Field::Owner | Field::ContactName => starts_upper || value == "saknas",
    }
}

fn is_heading_line(line: &str) -> bool {
    SECTION_HEADINGS.contains(&line) || ListKind::from_heading(line).is_some()
}

/// Reads header fields from `cursor`; returns where the body starts.
fn parse_header(
    lines: &[Cow<str>],
    mut cursor: usize,
    project: &mut Project,
    warnings: &mut Vec<String>,
) -> usize {
    let mut seen: Vec<Field> = Vec::with_capacity(Field::ALL.len());
    let mut blank_since_title = false;
    while let Some(line) = lines.get(cursor) {
        let line = line.as_ref();
        if line.is_empty() {
            blank_since_title = true;
        } else if is_chrome(line) {
        } else if line.trim() == HEADER_END {
            return cursor + 1;
        } else if is_heading_line(line.trim()) {
            return cursor;
        } else if let Some((field, value)) = Field::split(line) {
            if seen.contains(&field) {
                warnings.push(format!("repeated field, kept the first: {line}"));
            } else {
                seen.push(field);
                set_field(project, field, value, warnings);
            }
        } else if seen.is_empty() && !blank_since_title {
            warnings.push("title continues on a second line; joined".to_string());
            project.title.push(' ');
            project.title.push_str(line.trim());
        } else if header_continues_after(lines, cursor) {
            warnings.push(format!("unrecognised header line: {line}"));
        } else {
            return cursor;
        }
        cursor += 1;
    }
    cursor
}

/// Whether a field line or the header's end follows before any heading.
fn header_continues_after(lines: &[Cow<str>], cursor: usize) -> bool {
    lines[cursor + 1..]
        .iter()
        .map(|line| line.trim())
        .take_while(|line| !is_heading_line(line))
        .any(|line| line == HEADER_END || Field::split(line).is_some())
}

fn set_field(project: &mut Project, field: Field, value: &str, warnings: &mut Vec<String>) {
    let text =
        || (!value.is_empty() && !value.eq_ignore_ascii_case("saknas")).then(|| value.to_string());
    match field {
        Field::ProgramArea => project.program_area = text(),
        Field::Phase => project.phase = text(),
        Field::Owner => project.owner = text(),
        Field::ContactName => project.contact_name = text(),
        Field::Email => project.email = text(),
        Field::Phone => project.phone = text(),
        Field::Region => project.region = text(),
        Field::EsfGrant | Field::TotalBudget => {
            let amount = parse_amount(value);
            if amount.is_none() && text().is_some() {
                warnings.push(format!("unreadable amount: {}{value}", field.label()));
            }
            if field == Field::EsfGrant {
                project.esf_grant_sek = amount;
            } else {
                project.total_budget_sek = amount;
            }
        }
        Field::Period => {
            let (start, end) = parse_period(value);
            if (start.is_none() || end.is_none()) && text().is_some() {
                warnings.push(format!("unreadable period: {}{value}", field.label()));
            }
            project.period_start = start;
            project.period_end = end;
        }
    }
}

/// `1 126 379 kr` (any spaces, NBSP included) -> 1126379. Öre after a
/// decimal comma are dropped.
pub fn parse_amount(value: &str) -> Option<u64> {
    let value = value.trim();
    let value = value
        .strip_suffix("kr")
        .or_else(|| value.strip_suffix("SEK"))
        .unwrap_or(value);
    let whole = value.split([',', '.']).next().unwrap_or(value);
    let digits: String = whole.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// `2012-02-01 till 2014-03-31` -> both dates; either may be unreadable or
/// missing (`till 2014-03-31` has only an end).
pub fn parse_period(value: &str) -> (Option<Date>, Option<Date>) {
    let (start, end) = value
        .split_once("till")
        .or_else(|| value.split_once(['–', '—']))
        .unwrap_or((value, ""));
    (Date::parse(start.trim()), Date::parse(end.trim()))
}

enum Target {
    Nothing,
    Section(usize),
    List(ListKind),
}

fn bullet_item(line: &str) -> Option<&str> {
    let rest = line.trim_start().strip_prefix(['•', '·', '▪', '●'])?;
    Some(rest.trim())
}

/// Sections and lists, from `cursor` to the end.
fn parse_body(
    lines: &[Cow<str>],
    cursor: usize,
    project: &mut Project,
    warnings: &mut Vec<String>,
) {
    let mut target = Target::Nothing;
    // The open section's text grows here and is copied out once, at its
    // exact size, when the section ends.
    let mut text = String::with_capacity(lines.iter().map(|line| line.len() + 1).sum());
    let mut boundary_before = true;
    let mut paragraph_break = false;
    let mut used_headings: Vec<&str> =
        Vec::with_capacity(SECTION_HEADINGS.len() + ListKind::ALL.len());
    project.sections.reserve(SECTION_HEADINGS.len());
    for line in &lines[cursor.min(lines.len())..] {
        let line = line.as_ref();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            boundary_before = true;
            paragraph_break = true;
            continue;
        }
        let fresh = boundary_before && !used_headings.contains(&trimmed);
        let heading = fresh && SECTION_HEADINGS.contains(&trimmed);
        let list_heading = fresh.then(|| ListKind::from_heading(trimmed)).flatten();
        if heading || list_heading.is_some() {
            close_section(project, &target, &mut text);
        }
        if heading {
            used_headings.push(trimmed);
            project.sections.push(Section {
                heading: trimmed.to_string(),
                text: String::new(),
            });
            target = Target::Section(project.sections.len() - 1);
            boundary_before = false;
            paragraph_break = false;
            continue;
        }
        if let Some(kind) = list_heading {
            used_headings.push(kind.heading());
            target = Target::List(kind);
            boundary_before = false;
            continue;
        }
        let item = bullet_item(line);
        boundary_before = item.is_some() && matches!(target, Target::List(_));
        match target {
            Target::List(kind) => {
                let item = item.unwrap_or_else(|| {
                    warnings.push(format!(
                        "line without a bullet in {}: {trimmed}",
                        kind.heading()
                    ));
                    trimmed
                });
                if !item.is_empty() {
                    project.list_mut(kind).push(item.to_string());
                }
            }
            Target::Nothing => {
                warnings.push("text before the first section heading; kept untitled".to_string());
                project.sections.push(Section {
                    heading: String::new(),
                    text: String::new(),
                });
                text.push_str(line);
                target = Target::Section(project.sections.len() - 1);
            }
            Target::Section(_) => {
                if !text.is_empty() {
                    text.push_str(if paragraph_break { "\n\n" } else { "\n" });
                }
                text.push_str(line);
            }
        }
        paragraph_break = false;
    }
    close_section(project, &target, &mut text);
}

/// Moves the text gathered for the open section, if any, into it.
fn close_section(project: &mut Project, target: &Target, text: &mut String) {
    if let Target::Section(index) = *target {
        project.sections[index].text = String::from(text.as_str());
    }
    text.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> String {
        format!(
            "Logotyp på utskrifter\n\nTitel\n\nProgramområdeProgramområde 1 Kompetensförsörjning\nProjektfasGenomförande\nRegionStockholm\nIn English\n\n{body}"
        )
    }

    fn parse(text: &str) -> Project {
        parse_page("id", Path::new("id.txt"), text).unwrap()
    }

    #[test]
    fn amounts_ignore_every_kind_of_space() {
        assert_eq!(parse_amount("1\u{a0}126\u{a0}379 kr"), Some(1_126_379));
        assert_eq!(parse_amount("11 645 708 kr"), Some(11_645_708));
        assert_eq!(parse_amount("4 410 000"), Some(4_410_000));
        assert_eq!(parse_amount("1\u{202f}000,50 kr"), Some(1000));
        assert_eq!(parse_amount("okänt"), None);
        assert_eq!(parse_amount(""), None);
        assert_eq!(parse_amount("99999999999999999999999 kr"), None);
    }

    #[test]
    fn periods_are_two_iso_dates() {
        let (start, end) = parse_period("2012-02-01 till 2014-03-31");
        assert_eq!(start.unwrap().to_string(), "2012-02-01");
        assert_eq!(end.unwrap().to_string(), "2014-03-31");
        let (start, end) = parse_period("2012-02-01 – 2014-03-31");
        assert!(start.is_some() && end.is_some());
        assert_eq!(
            parse_period("2012-02-01 till"),
            (Date::new(2012, 2, 1), None)
        );
        // A missing start must not turn the end into the start.
        assert_eq!(
            parse_period(" till 2014-03-31"),
            (None, Date::new(2014, 3, 31))
        );
        assert_eq!(parse_period("– 2014-03-31"), (None, Date::new(2014, 3, 31)));
        assert_eq!(parse_period("2012-02-01"), (Date::new(2012, 2, 1), None));
    }

    #[test]
    fn saknas_and_empty_values_are_absent() {
        let p = parse(&page("Sammanfattning\n\nText.\n").replace(
            "RegionStockholm",
            "RegionStockholm\nProjektägaresaknas\nE-post",
        ));
        assert_eq!(p.owner, None);
        assert_eq!(p.email, None);
        assert_eq!(p.region.as_deref(), Some("Stockholm"));
    }

    #[test]
    fn pseudo_headings_stay_in_their_section() {
        let p = parse(&page(
            "Bakgrund\n\nFörsta.\n\nSAMMANFATTNING\n\nMer text.\nUnder mobiliseringsfasen:\n\nSyfte\n\nAtt.\n",
        ));
        let headings: Vec<_> = p.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(headings, ["Bakgrund", "Syfte"]);
        assert_eq!(
            p.sections[0].text,
            "Första.\n\nSAMMANFATTNING\n\nMer text.\nUnder mobiliseringsfasen:"
        );
    }

    #[test]
    fn paragraphs_collapse_blank_runs_but_keep_line_breaks() {
        let p = parse(&page("Syfte\n\n\nEtt.\n\n\nTvå\n- punkt\n"));
        assert_eq!(p.sections[0].text, "Ett.\n\nTvå\n- punkt");
    }

    #[test]
    fn bullets_with_any_indent_and_repeats() {
        let p = parse(&page("Kommun\n\n  • Avesta\n • Gagnef\n•Avesta\n"));
        assert_eq!(p.municipalities, ["Avesta", "Gagnef", "Avesta"]);
    }

    #[test]
    fn crlf_and_lone_cr_give_the_same_project() {
        let text = page("Sammanfattning\n\nEtt.\nTvå.\n\nKommun\n\n  • Eda\n");
        let unix = parse(&text);
        assert_eq!(parse(&text.replace('\n', "\r\n")), unix);
        assert_eq!(parse(&text.replace('\n', "\r")), unix);
    }

    #[test]
    fn control_characters_are_made_visible_not_passed_on() {
        let p = parse(&page("Syfte\n\nEtt \u{1b}[2J\u{7}\u{9b}x\u{202e}y\n"));
        assert_eq!(p.sections[0].text, "Ett ␛[2J␇\u{fffd}x\u{fffd}y");
        assert!(p.warnings.iter().any(|w| w.contains("control")));
    }

    #[test]
    fn a_title_may_start_like_a_label() {
        for title in [
            "Regional samverkan",
            "Kontaktpersonsnätverket",
            "E-posthantering i kommunen",
            "Projektägare i samverkan",
            "Telefonnummer till alla",
            "Programområdets framtid",
        ] {
            let p = parse(&page("Syfte\n\nA.\n").replace("Titel", title));
            assert_eq!(p.title, title);
            assert_eq!(p.phase.as_deref(), Some("Genomförande"));
        }
    }

    #[test]
    fn pages_without_title_or_header_are_rejected() {
        let no_title = "ProjektfasGenomförande\nRegionStockholm\n";
        assert!(matches!(
            parse_page("x", Path::new("x"), no_title),
            Err(PageError::NotAPage(_))
        ));
        let no_header = "Just a note\n\nWith some text.\n";
        assert!(matches!(
            parse_page("x", Path::new("x"), no_header),
            Err(PageError::NotAPage(_))
        ));
    }

    #[test]
    fn missing_in_english_still_finds_the_body() {
        let text = "T\nProjektfasGenomförande\n\nBakgrund\n\nText.\n";
        let p = parse(text);
        assert_eq!(p.phase.as_deref(), Some("Genomförande"));
        assert_eq!(p.sections[0].heading, "Bakgrund");
    }

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

    #[test]
    fn unreadable_values_are_reported() {
        let p = parse(&page("Syfte\n\nA.\n").replace(
            "RegionStockholm",
            "RegionStockholm\nBeviljat ESF-stödmånga kronor\nProjektperiodsnart",
        ));
        assert_eq!(p.esf_grant_sek, None);
        assert!(p.warnings.iter().any(|w| w.contains("många kronor")));
        assert!(p.warnings.iter().any(|w| w.contains("snart")));
    }
}
