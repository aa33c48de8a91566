//! The body of a page: sections (a known heading alone after a blank line,
//! then paragraphs) and bulleted lists, to the end of the page.

use std::borrow::Cow;

use super::SECTION_HEADINGS;
use crate::model::project::{Layout, ListKind, Project, Section};

enum Target {
    Nothing,
    Section(usize),
    List(ListKind),
}

fn bullet_item(line: &str) -> Option<&str> {
    let rest = line
        .trim_start()
        .strip_prefix(['•', '·', '▪', '●', '*', '-', '–'])?;
    Some(rest.trim())
}

/// Sections and lists, from `cursor` to the end.
pub(super) fn parse_body(
    lines: &[Cow<str>],
    cursor: usize,
    project: &mut Project,
    warnings: &mut Vec<String>,
) {
    // Newer pages start their description without a heading; the old
    // layout always has one.
    let untitled_is_normal = project.layout != Layout::Old;
    let mut target = Target::Nothing;
    // The open section's text grows here and is copied out once, at its
    // exact size, when the section ends.
    let mut text = String::with_capacity(lines.iter().map(|line| line.len() + 1).sum());
    let mut boundary_before = true;
    let mut paragraph_break = false;
    let mut used_headings: Vec<&str> =
        Vec::with_capacity(SECTION_HEADINGS.len() + ListKind::ALL.len());
    project.sections.reserve(SECTION_HEADINGS.len());
    let body = &lines[cursor.min(lines.len())..];
    let content_end = body
        .iter()
        .rposition(|line| !line.trim().is_empty())
        .map_or(0, |last| last + 1);
    // A page saved without any blank line: headings are known by name alone.
    let no_blank_lines = !body[..content_end].iter().any(|l| l.trim().is_empty());
    for (at, line) in body.iter().enumerate() {
        let line = line.as_ref();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            boundary_before = true;
            paragraph_break = true;
            continue;
        }
        // A heading stands alone: after a blank line, or before one (the
        // blank above it lost), or anywhere on a page without blank lines.
        let blank_after = body.get(at + 1).is_none_or(|next| next.trim().is_empty());
        let alone = boundary_before || blank_after || no_blank_lines;
        let fresh = alone && !used_headings.contains(&trimmed);
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
                if !untitled_is_normal {
                    warnings
                        .push("text before the first section heading; kept untitled".to_string());
                }
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

/// Whether the page seems cut short: its last section, with nothing after
/// it, stops mid-sentence.
pub(super) fn ends_mid_sentence(project: &Project) -> bool {
    let lists_follow = ListKind::ALL.iter().any(|&k| !project.list(k).is_empty());
    let Some(last) = project.sections.last().filter(|_| !lists_follow) else {
        return false;
    };
    let Some(line) = last.text.lines().last().map(str::trim) else {
        return false;
    };
    // A line of a word or two is a label or a link (a footer), not prose.
    let prose = line.split_whitespace().count() >= 3;
    let list_item = line.starts_with(['-', '•', '*', '–']);
    let last_word = line.split_whitespace().last().unwrap_or("");
    let address = last_word.contains(['.', '/', '@']);
    prose
        && !list_item
        && !address
        && line
            .chars()
            .last()
            .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit() || matches!(c, ',' | ';'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ending_with(text: &str) -> Project {
        Project {
            sections: vec![Section {
                heading: "Bakgrund".into(),
                text: text.into(),
            }],
            ..Project::default()
        }
    }

    #[test]
    fn a_page_ending_mid_sentence_is_cut_short() {
        for cut in [
            "Första stycket.\n\nProjektet ska samla arbetsgivare och",
            "Vi arbetar med tre kommuner,",
            "Det här är en mening som slutar mitt i",
            "Av deltagarna ska varav minst 60",
        ] {
            assert!(ends_mid_sentence(&ending_with(cut)), "{cut}");
        }
    }

    #[test]
    fn whole_sentences_lists_links_and_footers_are_not_cut_short() {
        for whole in [
            "Projektet slutar här.",
            "Vad kan vi lära av varandra?",
            "Under mobiliseringsfasen:",
            "- praktik hos arbetsgivare",
            "Läs mer på www.exempel.se",
            "Tillgänglighetsredogörelse",
            "Samarbete med ESF",
        ] {
            assert!(!ends_mid_sentence(&ending_with(whole)), "{whole}");
        }
        let mut with_list = ending_with("Projektet ska samla arbetsgivare och");
        with_list.municipalities.push("Avesta".into());
        assert!(!ends_mid_sentence(&with_list));
    }
}
