//! A project laid out as a readable document of wrapped lines: header
//! fields, then every section, then the lists. Shared by the detail pane and
//! `esf-browse show`; each line says what it is, the caller chooses styles.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::model::page::field::{Field, FieldKind, FieldValue};
use crate::model::page::format::{group_thousands, kronor, period, printable_path};
use crate::model::page::project::{Layout, ListKind, Project};

/// What a line of the document is, so a renderer can style it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Title,
    /// What the reader should know about the page before trusting it: cut
    /// short, copies that disagree, a region derived from its NUTS-2 code.
    Warning,
    /// A header field; `label_width` columns at the start are the label.
    Field {
        label_width: u16,
    },
    Heading,
    Text,
    Item,
    Blank,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLine {
    pub kind: LineKind,
    pub text: String,
}

/// A web or e-mail address on one line of the document (an address
/// wrapped over lines is one link per line, each with the whole target).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLink {
    pub line: usize,
    /// Byte range in the line's text.
    pub start: usize,
    pub end: usize,
    pub target: String,
}

/// The document, plus where each section and list starts.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub lines: Vec<DocLine>,
    /// (heading, first line) of every section and list, in order.
    pub headings: Vec<(String, usize)>,
    /// Addresses, by line.
    pub links: Vec<DocLink>,
}

impl Document {
    /// Where the first heading with this name starts.
    pub fn heading_line(&self, heading: &str) -> Option<usize> {
        self.headings
            .iter()
            .find(|(h, _)| h == heading)
            .map(|(_, line)| *line)
    }
}

/// The header fields as (label, value) pairs, formatted for reading: the
/// old layout's ten always (`–` where missing), every other field where the
/// page has it, then the fields the parser kept without knowing them.
pub fn header_fields(project: &Project) -> Vec<(&str, String)> {
    let always = |field: Field| project.layout == Layout::Old && Field::OLD_LAYOUT.contains(&field);
    let mut fields: Vec<(&str, String)> = Field::ALL
        .into_iter()
        .filter(|field| field.in_header())
        .filter_map(|field| {
            let value = field_text(project, field);
            let value = match (value, field == Field::Owner && always(field)) {
                (None, true) => Some("saknas".to_string()),
                (value, _) => value,
            };
            (value.is_some() || always(field))
                .then(|| (field.label(), value.unwrap_or_else(|| "–".to_string())))
        })
        .collect();
    fields.extend(project.extra_fields.iter().map(|extra| {
        let value = if extra.value.is_empty() {
            "–"
        } else {
            &extra.value
        };
        (extra.label.as_str(), value.to_string())
    }));
    // Where the page came from: the id `show` takes, and the file.
    fields.push(("Id", project.id.clone()));
    fields.push(("File", printable_path(&project.source)));
    // The other files this project was merged from.
    for copy in project.sources.iter().skip(1) {
        fields.push((
            "Copy",
            format!("{} ({})", printable_path(&copy.path), copy.id),
        ));
    }
    fields
}

/// A field's value as the detail pane reads it: amounts in kronor, counts
/// grouped in thousands, the period as `start – end`.
fn field_text(project: &Project, field: Field) -> Option<String> {
    Some(match field.value(project)? {
        FieldValue::Text(text) => text.to_string(),
        FieldValue::Number(n) if field.kind() == FieldKind::Amount => kronor(Some(n)),
        FieldValue::Number(n) => group_thousands(n, ' '),
        FieldValue::Period(..) => period(project),
        FieldValue::Date(date) => date.to_string(),
    })
}

/// Lays the project out at `width` columns (at least 1).
pub fn layout(project: &Project, width: usize) -> Document {
    let width = width.max(1);
    let mut doc = Document::default();
    doc.push_wrapped(LineKind::Title, &project.title, width, "");
    doc.push(LineKind::Blank, String::new());
    if !project.warnings.is_empty() {
        for warning in &project.warnings {
            doc.push_wrapped(LineKind::Warning, &format!("! {warning}"), width, "  ");
        }
        doc.push(LineKind::Blank, String::new());
    }
    doc.push_fields(&header_fields(project), width);
    for section in &project.sections {
        let heading = if section.heading.is_empty() {
            UNTITLED_SECTION
        } else {
            &section.heading
        };
        doc.push_heading(&section.heading, heading, width);
        doc.push(LineKind::Blank, String::new());
        for source_line in section.text.split('\n') {
            if source_line.trim().is_empty() {
                doc.push(LineKind::Blank, String::new());
            } else {
                doc.push_wrapped(
                    LineKind::Text,
                    source_line,
                    width,
                    &hanging_indent(source_line),
                );
            }
        }
    }
    for kind in ListKind::ALL {
        let items = project.list(kind);
        if items.is_empty() {
            continue;
        }
        let shown = format!("{} ({})", kind.heading(), items.len());
        doc.push_heading(kind.heading(), &shown, width);
        for item in items {
            doc.push_wrapped(LineKind::Item, &format!("• {item}"), width, "  ");
        }
    }
    doc
}

impl Document {
    fn push(&mut self, kind: LineKind, text: String) {
        self.lines.push(DocLine { kind, text });
    }

    fn push_wrapped(&mut self, kind: LineKind, text: &str, width: usize, indent: &str) {
        let links = crate::model::page::links::find_links(text);
        // Where each wrapped line's words are in `text`, to place the links.
        let mut searched = 0;
        for line in wrap(text, width, indent) {
            if !links.is_empty() {
                let words = line.trim_start();
                let indent_len = line.len() - words.len();
                if let Some(found) = text[searched..].find(words) {
                    let from = searched + found;
                    let to = from + words.len();
                    searched = to;
                    for link in links.iter().filter(|l| l.start < to && from < l.end) {
                        self.links.push(DocLink {
                            line: self.lines.len(),
                            start: indent_len + link.start.max(from) - from,
                            end: indent_len + link.end.min(to) - from,
                            target: link.target.clone(),
                        });
                    }
                }
            }
            self.push(kind, line);
        }
    }

    /// A blank line, then a heading that `]` and `[` step to.
    fn push_heading(&mut self, name: &str, shown: &str, width: usize) {
        self.push(LineKind::Blank, String::new());
        self.headings.push((name.to_string(), self.lines.len()));
        self.push_wrapped(LineKind::Heading, shown, width, "");
    }

    /// Labels in a column, values beside them; with too little room beside
    /// the labels, each label on a line of its own. The column is as wide
    /// as the labels up to `LABEL_COLUMN`: a longer label (`Sekundärtema -
    /// Motverka barnfattigdom`) stands on a line of its own, its value
    /// under it in the column, so that one label never squeezes the rest.
    fn push_fields(&mut self, fields: &[(&str, String)], width: usize) {
        let label_width = fields
            .iter()
            .map(|(label, _)| label.width())
            .filter(|&w| w <= LABEL_COLUMN)
            .max()
            .unwrap_or(0)
            + 2;
        let narrow = width < label_width + 24;
        for (label, value) in fields {
            if narrow || label.width() + 2 > label_width {
                let kind = LineKind::Field {
                    label_width: label.width() as u16,
                };
                self.push_wrapped(kind, label, width, "");
                let indent = if narrow {
                    "  ".to_string()
                } else {
                    " ".repeat(label_width)
                };
                self.push_wrapped(LineKind::Text, &format!("{indent}{value}"), width, &indent);
                continue;
            }
            let padded = format!("{label}{}", " ".repeat(label_width - label.width()));
            let kind = LineKind::Field {
                label_width: label_width as u16,
            };
            self.push_wrapped(
                kind,
                &format!("{padded}{value}"),
                width,
                &" ".repeat(label_width),
            );
        }
    }
}

/// The widest label the field column makes room for.
const LABEL_COLUMN: usize = 24;

/// What an untitled first section (the newer pages' description) is
/// called in the detail pane and in `show`.
pub const UNTITLED_SECTION: &str = "Beskrivning";

/// Prose list items (`- text`) wrap under their text, not under the dash.
fn hanging_indent(line: &str) -> String {
    let leading = line.len() - line.trim_start().len();
    let rest = &line[leading..];
    let marker = ["- ", "• ", "* "].iter().find(|m| rest.starts_with(**m));
    " ".repeat(leading + marker.map_or(0, |m| m.chars().count()))
}

/// Word-wraps one line to `width` columns (unicode width); a word longer
/// than the width is broken.
pub fn wrap(line: &str, width: usize, indent: &str) -> Vec<String> {
    let indent = if indent.width() >= width { "" } else { indent };
    let options = textwrap::Options::new(width)
        .subsequent_indent(indent)
        .break_words(true);
    let mut out = Vec::new();
    for cow in textwrap::wrap(line, options) {
        if cow.width() <= width {
            out.push(cow.into_owned());
        } else {
            fit(&cow, width, &mut out);
        }
    }
    out
}

/// Cuts a line textwrap let overflow — a double-width character with only
/// one column left (at width 1, or after an indent) — by characters; the
/// indent goes first, and a character wider than `width` becomes `…`.
fn fit(line: &str, width: usize, out: &mut Vec<String>) {
    let line = line.trim_start();
    let mut current = String::new();
    for c in line.chars() {
        let c = if c.width().unwrap_or(0) > width {
            '…'
        } else {
            c
        };
        current.push(c);
        if current.width() > width {
            current.pop();
            out.push(current.trim_end().to_string());
            current = c.to_string();
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::page::project::Section;

    fn project() -> Project {
        Project {
            title: "Kraftsamling Härjedalen".into(),
            esf_grant_sek: Some(3_521_794),
            sections: vec![
                Section {
                    heading: "Bakgrund".into(),
                    text: "Ett två tre fyra fem sex.\n\n- punkt ett två tre".into(),
                },
                Section {
                    heading: "Målsättning".into(),
                    text: "Mål.".into(),
                },
            ],
            municipalities: vec!["Härjedalen".into()],
            ..Project::default()
        }
    }

    #[test]
    fn no_line_is_wider_than_asked() {
        for width in [1, 5, 12, 40, 200] {
            let doc = layout(&project(), width);
            for line in &doc.lines {
                assert!(line.text.width() <= width, "{width}: {:?}", line.text);
            }
        }
    }

    #[test]
    fn wide_characters_never_overflow() {
        // textwrap puts a double-width character on a line by itself even
        // when it has only one column (width 1, or after an indent).
        assert_eq!(wrap("漢", 1, ""), ["…"]);
        assert_eq!(wrap("• 漢", 3, "  "), ["•", "漢"]);
        assert_eq!(wrap("- 漢字", 3, "  "), ["-", "漢", "字"]);
        for width in 1..8 {
            let p = Project {
                title: "漢字 한국어 😀".into(),
                municipalities: vec!["漢".into(), "Åre 漢字".into()],
                ..project()
            };
            for line in layout(&p, width).lines {
                assert!(line.text.width() <= width, "{width}: {:?}", line.text);
            }
        }
    }

    #[test]
    fn addresses_are_links_on_every_line_they_are_wrapped_over() {
        let p = Project {
            email: Some("anna.berg@exempel.se".into()),
            sections: vec![Section {
                heading: "Bakgrund".into(),
                text: "Läs mer på https://www.exempel.se/ett/mycket/langt/projekt/namn idag."
                    .into(),
            }],
            ..project()
        };
        for width in [12, 30, 80] {
            let doc = layout(&p, width);
            let mut url = String::new();
            for link in &doc.links {
                let text = &doc.lines[link.line].text[link.start..link.end];
                if link.target.starts_with("mailto:") {
                    assert_eq!(link.target, "mailto:anna.berg@exempel.se");
                    url.clear();
                } else {
                    assert_eq!(
                        link.target,
                        "https://www.exempel.se/ett/mycket/langt/projekt/namn"
                    );
                    url.push_str(text);
                }
            }
            assert_eq!(
                url, "https://www.exempel.se/ett/mycket/langt/projekt/namn",
                "at {width} columns the pieces make the address"
            );
        }
    }

    #[test]
    fn headings_point_at_their_lines() {
        let doc = layout(&project(), 14);
        for (heading, at) in &doc.headings {
            let line = doc.lines[*at].text.as_str();
            assert!(heading.starts_with(line) || line.starts_with(heading.as_str()));
            assert_eq!(doc.lines[*at].kind, LineKind::Heading);
        }
        assert!(doc.heading_line("Målsättning").unwrap() > doc.heading_line("Bakgrund").unwrap());
        assert!(
            doc.lines.iter().any(|l| l.text == "  två tre"),
            "{:#?}",
            doc.lines
        );
        let wide = layout(&project(), 60);
        assert!(wide.lines.iter().any(|l| l.text.ends_with("3 521 794 kr")));
    }
}
