//! The body of a page: sections (a known heading alone after a blank line,
//! then paragraphs) and bulleted lists, to the end of the page.

use std::borrow::Cow;

use super::SECTION_HEADINGS;
use crate::model::page::project::{Layout, ListKind, Project, Section};

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

/// The body as it is read: where lines go, and the open section's text.
struct Reader<'a, 'p> {
    project: &'p mut Project,
    warnings: &'p mut Vec<String>,
    target: Target,
    /// The open section's text grows here and is copied out once, at its
    /// exact size, when the section ends.
    text: String,
    boundary_before: bool,
    paragraph_break: bool,
    used_headings: Vec<&'a str>,
}

/// Sections and lists, from `cursor` to the end.
pub(super) fn parse_body(
    lines: &[Cow<str>],
    cursor: usize,
    project: &mut Project,
    warnings: &mut Vec<String>,
) {
    project.sections.reserve(SECTION_HEADINGS.len());
    let body = &lines[cursor.min(lines.len())..];
    let content_end = body
        .iter()
        .rposition(|line| !line.trim().is_empty())
        .map_or(0, |last| last + 1);
    // A page saved without any blank line: headings are known by name alone.
    let no_blank_lines = !body[..content_end].iter().any(|l| l.trim().is_empty());
    let mut reader = Reader {
        project,
        warnings,
        target: Target::Nothing,
        text: String::with_capacity(body.iter().map(|line| line.len() + 1).sum()),
        boundary_before: true,
        paragraph_break: false,
        used_headings: Vec::with_capacity(SECTION_HEADINGS.len() + ListKind::ALL.len()),
    };
    for (at, line) in body.iter().enumerate() {
        let line = line.as_ref();
        if line.trim().is_empty() {
            reader.boundary_before = true;
            reader.paragraph_break = true;
            continue;
        }
        // A heading stands alone: after a blank line, or before one (the
        // blank above it lost), or anywhere on a page without blank lines.
        let blank_after = body.get(at + 1).is_none_or(|next| next.trim().is_empty());
        let alone = reader.boundary_before || blank_after || no_blank_lines;
        if !(alone && reader.heading(line.trim())) {
            reader.content(line);
        }
    }
    reader.close_section();
}

impl<'a> Reader<'a, '_> {
    /// Opens a section or list when the line is a heading not seen yet.
    fn heading(&mut self, line: &'a str) -> bool {
        if self.used_headings.contains(&line) {
            return false;
        }
        if SECTION_HEADINGS.contains(&line) {
            self.close_section();
            self.used_headings.push(line);
            self.project.sections.push(Section {
                heading: line.to_string(),
                text: String::new(),
            });
            self.target = Target::Section(self.project.sections.len() - 1);
            self.paragraph_break = false;
        } else if let Some(kind) = ListKind::from_heading(line) {
            self.close_section();
            self.used_headings.push(kind.heading());
            self.target = Target::List(kind);
        } else {
            return false;
        }
        self.boundary_before = false;
        true
    }

    /// A line of prose or a list item, into whatever is open.
    fn content(&mut self, line: &str) {
        let trimmed = line.trim();
        let item = bullet_item(line);
        self.boundary_before = item.is_some() && matches!(self.target, Target::List(_));
        match self.target {
            Target::List(kind) => {
                let item = item.unwrap_or_else(|| {
                    self.warnings.push(format!(
                        "line without a bullet in {}: {trimmed}",
                        kind.heading()
                    ));
                    trimmed
                });
                if !item.is_empty() {
                    self.project.list_mut(kind).push(item.to_string());
                }
            }
            Target::Nothing => {
                // Newer pages start their description without a heading;
                // the old layout always has one.
                if self.project.layout == Layout::Old {
                    self.warnings
                        .push("text before the first section heading; kept untitled".to_string());
                }
                self.project.sections.push(Section {
                    heading: String::new(),
                    text: String::new(),
                });
                self.text.push_str(line);
                self.target = Target::Section(self.project.sections.len() - 1);
            }
            Target::Section(_) => {
                if !self.text.is_empty() {
                    self.text
                        .push_str(if self.paragraph_break { "\n\n" } else { "\n" });
                }
                self.text.push_str(line);
            }
        }
        self.paragraph_break = false;
    }

    /// Moves the text gathered for the open section, if any, into it.
    fn close_section(&mut self) {
        if let Target::Section(index) = self.target {
            self.project.sections[index].text = String::from(self.text.as_str());
        }
        self.text.clear();
    }
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
