//! Page text -> `Project`, for every form of page the project bank has
//! served (the README's data section): the old layout with labels glued to
//! values, the newer pages with `Label:` lines, and the old site's
//! 2014–2020 form with labels alone. Whatever stands above the title —
//! banners, notices, button labels — is chrome. Handles CRLF and lone CR,
//! byte-order marks and legacy encodings (via `decode`), missing fields and
//! sections, extra blank lines, bullets with any indentation and
//! pseudo-headings inside prose.

mod body;
mod fields;
mod header;
mod lines;
mod start;

use std::path::Path;

use crate::model::page::decode::decode;
use crate::model::page::error::PageError;
use crate::model::page::field::Field;
use crate::model::page::project::{Layout, ListKind, Project};
use crate::model::page::region::region_of_nuts2;

pub use crate::model::page::region::REGIONS as KNOWN_REGIONS;
pub use fields::{UNMAPPED_LABELS, looks_like_glued_field, parse_amount, parse_period};

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
    let lines = lines::split_lines(text, &mut warnings);
    if lines.iter().all(|line| line.trim().is_empty()) {
        return Err(PageError::Empty);
    }
    let flattened = || {
        PageError::NotAPage("the whole page is one long line (a copy flattened by another site)")
    };
    let Some((start, layout)) = start::find_start(&lines) else {
        return Err(if lines.iter().any(|l| is_flattened(l)) {
            flattened()
        } else {
            PageError::NotAPage(NO_FIELDS)
        });
    };
    // Flattened behind a title line of its own: the "first field" holds
    // the whole page.
    if is_flattened(&lines[start]) {
        return Err(flattened());
    }
    let mut project = Project {
        id: id.to_string(),
        source: source.to_path_buf(),
        layout,
        ..Project::default()
    };
    let mut sink = fields::FieldSink::new(&mut project, &mut warnings);
    let body_start = header::read_fields(&lines, start, layout, &mut sink);
    let name = sink.name.take();
    let any_field = sink.any();
    let titled = set_title(&mut project, &lines, start, name, &mut warnings);
    if !any_field || !is_project(&project) {
        return Err(PageError::NotAPage(NO_FIELDS));
    }
    if !titled {
        untitled(&mut project, &lines, start, &mut warnings)?;
    }
    region_from_nuts2(&mut project, &mut warnings);
    body::parse_body(&lines, body_start, &mut project, &mut warnings);
    // The vectors grew by doubling while they were built: give back the
    // slack, since the project is kept for the whole session.
    project.sections.shrink_to_fit();
    for kind in ListKind::ALL {
        project.list_mut(kind).shrink_to_fit();
    }
    if project.sections.is_empty() {
        warnings.push("no sections".to_string());
    } else if body::ends_mid_sentence(&project) {
        warnings.push("the page seems cut short: its text ends mid-sentence".to_string());
    }
    project.warnings.append(&mut warnings);
    Ok(project)
}

/// The title: the `Namn:` field where the page has one, else the line above
/// the fields (without its `<registration number> - ` prefix, which
/// becomes the registration number when no field gives one). An old-layout
/// title that reads like a header field is kept with a warning. Returns
/// whether the page has a title.
fn set_title(
    project: &mut Project,
    lines: &[std::borrow::Cow<str>],
    start: usize,
    name: Option<String>,
    warnings: &mut Vec<String>,
) -> bool {
    let line = start::title_line(lines, start).map(|at| lines[at].trim());
    let numbered = line.and_then(start::split_numbered_title);
    if let Some((number, _)) = numbered
        && project.registration_number.is_none()
    {
        project.registration_number = Some(number.to_string());
    }
    let from_line = numbered.map(|(_, title)| title).or(line);
    project.title = match (name, from_line) {
        (Some(name), Some(other)) if project.layout == Layout::New && name != other => {
            if numbered.is_some() {
                warnings.push(format!(
                    "the title line says {other:?}; kept the name field"
                ));
            }
            name
        }
        (Some(name), _) => name,
        (None, Some(title)) => {
            if project.layout == Layout::Old && looks_like_glued_field(title) {
                warnings.push(format!(
                    "the title reads like a header field; kept as the title: {title}"
                ));
            }
            title.to_string()
        }
        (None, None) => return false,
    };
    true
}

/// A project page without a title line: titled by its registration number,
/// else its file name, with a warning. Only a page whose header is beyond
/// doubt gets one: a newer page is already known to be a project's, an
/// old-layout page needs its header to end at `In English`.
fn untitled(
    project: &mut Project,
    lines: &[std::borrow::Cow<str>],
    start: usize,
    warnings: &mut Vec<String>,
) -> Result<(), PageError> {
    let header_ends = lines[start..].iter().any(|line| line.trim() == HEADER_END);
    if project.layout == Layout::Old && !header_ends {
        return Err(PageError::NotAPage("no title before the header fields"));
    }
    let (title, by) = match &project.registration_number {
        Some(number) => (number.clone(), "its registration number"),
        None => (project.id.clone(), "its file name"),
    };
    warnings.push(format!(
        "no title above the header fields; titled by {by}: {title}"
    ));
    project.title = title;
    Ok(())
}

/// A page without a region but with a NUTS-2 code (some ESF+ pages have
/// only `NUTS-2 kod: SE11`) gets the region the code names, and a warning
/// that says so.
fn region_from_nuts2(project: &mut Project, warnings: &mut Vec<String>) {
    if project.region.is_some() {
        return;
    }
    let Some(code) = project.nuts2.as_deref() else {
        return;
    };
    if let Some(region) = region_of_nuts2(code) {
        warnings.push(format!(
            "region {region} derived from NUTS-2 code {}",
            code.trim()
        ));
        project.region = Some(region.to_string());
    }
}

const NO_FIELDS: &str = "no header fields (Programområde, Projektfas, Region …) after the title";

/// Whether the fields read make a project page. The old layout's glued
/// labels are specific enough; the `Label:` forms are not (a contact page
/// has `E-post:`, a search page `Region:`), so those pages need a field
/// only a project has: a registration number, owner, programme area,
/// grant, budget, dates or participants.
fn is_project(project: &Project) -> bool {
    if project.layout == Layout::Old {
        return project.has_any_field();
    }
    let p = project;
    p.registration_number.is_some()
        || p.owner.is_some()
        || p.owner_org_number.is_some()
        || p.program_area.is_some()
        || p.specific_objective.is_some()
        || p.phase.is_some()
        || p.esf_grant_sek.is_some()
        || p.total_budget_sek.is_some()
        || p.period_start.is_some()
        || p.period_end.is_some()
        || p.planned_participants.is_some()
        || p.participant_count.is_some()
}

/// A page flattened into one line by a third party: a long line holding
/// three or more labels glued to a value (`ProjektfasGenomförande`), which
/// prose never does.
fn is_flattened(line: &str) -> bool {
    let glued = |label: &str| {
        line.match_indices(label).any(|(at, _)| {
            line[at + label.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
    };
    line.len() > 300
        && Field::OLD_LAYOUT
            .iter()
            .filter(|field| glued(field.label()))
            .count()
            >= 3
}

/// A heading that starts a section or a list.
fn is_heading_line(line: &str) -> bool {
    SECTION_HEADINGS.contains(&line) || ListKind::from_heading(line).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

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
