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

/// Where a share of one of the project's text parts (`Project::text_parts`:
/// the title, a field's value, a section's text, a list item) stands: the
/// part's bytes `from..to` are the bytes from `at` on of line `line`. A
/// part wrapped over lines has one place per line, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextPlace {
    pub part: usize,
    pub line: usize,
    pub from: usize,
    pub to: usize,
    pub at: usize,
}

/// Which text part a wrapped text shows, and where: `text[skip..]` (after
/// a label or a bullet) is the part's text from byte `offset` on.
#[derive(Debug, Clone, Copy)]
struct PartSpan {
    part: usize,
    skip: usize,
    offset: usize,
}

/// The document, plus where each section and list starts.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub lines: Vec<DocLine>,
    /// (heading, first line) of every section and list, in order.
    pub headings: Vec<(String, usize)>,
    /// Addresses, by line.
    pub links: Vec<DocLink>,
    /// Where the project's text parts are, in line order: what find in
    /// page maps its matches in the page's text back to lines with.
    pub places: Vec<TextPlace>,
}

impl Document {
    /// Where the first heading with this name starts.
    pub fn heading_line(&self, heading: &str) -> Option<usize> {
        self.headings
            .iter()
            .find(|(h, _)| h == heading)
            .map(|(_, line)| *line)
    }

    /// The line and byte in it where byte `offset` of text part `part`
    /// stands; `end` asks for a range's end (a byte just past a line's
    /// last shown byte stays on that line). `None` where the part is not
    /// shown.
    pub fn place_of(&self, part: usize, offset: usize, end: bool) -> Option<(usize, usize)> {
        let places: Vec<&TextPlace> = self.places.iter().filter(|p| p.part == part).collect();
        let inside = |place: &&&TextPlace| {
            if end {
                place.from < offset && offset <= place.to
            } else {
                place.from <= offset && offset < place.to
            }
        };
        // In white space the wrapping dropped: the end of the line before
        // (for an end), else the start of the line after.
        let place = places.iter().find(inside).or_else(|| {
            if end {
                places.iter().rfind(|place| place.from < offset)
            } else {
                places.iter().find(|place| place.from >= offset)
            }
        });
        let place = place.or(places.last())?;
        let within = offset.clamp(place.from, place.to) - place.from;
        Some((place.line, place.at + within))
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
    let mut parts = Parts::new(project);
    let mut doc = Document::default();
    let title = parts.span(0, 0);
    doc.push_wrapped(LineKind::Title, &project.title, width, "", title);
    doc.push(LineKind::Blank, String::new());
    if !project.warnings.is_empty() {
        for warning in &project.warnings {
            let warning = format!("! {warning}");
            doc.push_wrapped(LineKind::Warning, &warning, width, "  ", None);
        }
        doc.push(LineKind::Blank, String::new());
    }
    doc.push_fields(&header_fields(project), width, &mut parts);
    doc.push_sections(project, width, &mut parts);
    doc.push_lists(project, width, &mut parts);
    doc
}

/// The project's text parts (`Project::text_parts`), to tell which one a
/// piece of the document shows. Each is looked for after the last found,
/// as the document shows them in their order.
struct Parts<'a> {
    parts: Vec<(&'a str, &'a str)>,
    /// Where the next part is looked for.
    next: usize,
}

impl<'a> Parts<'a> {
    fn new(project: &'a Project) -> Parts<'a> {
        Parts {
            parts: project.text_parts(),
            next: 0,
        }
    }

    /// The part labelled `label` whose text is `text`, shown after `skip`
    /// bytes of what is wrapped.
    fn find(&mut self, label: &str, text: &str, skip: usize) -> Option<PartSpan> {
        let from = self.next;
        let part = from
            + self
                .parts
                .get(from..)?
                .iter()
                .position(|&(l, t)| l == label && t == text)?;
        self.span(part, skip)
    }

    /// Part `part`, shown after `skip` bytes of what is wrapped.
    fn span(&mut self, part: usize, skip: usize) -> Option<PartSpan> {
        self.next = part + 1;
        Some(PartSpan {
            part,
            skip,
            offset: 0,
        })
    }
}

impl Document {
    /// Every section: a heading, a blank line, its text line by line.
    fn push_sections(&mut self, project: &Project, width: usize, parts: &mut Parts) {
        for section in &project.sections {
            let heading = if section.heading.is_empty() {
                UNTITLED_SECTION
            } else {
                &section.heading
            };
            self.push_heading(&section.heading, heading, width);
            self.push(LineKind::Blank, String::new());
            let span = parts.find(&section.heading, &section.text, 0);
            let mut offset = 0;
            for source_line in section.text.split('\n') {
                if source_line.trim().is_empty() {
                    self.push(LineKind::Blank, String::new());
                } else {
                    let indent = hanging_indent(source_line);
                    let span = span.map(|span| PartSpan { offset, ..span });
                    self.push_wrapped(LineKind::Text, source_line, width, &indent, span);
                }
                offset += source_line.len() + 1;
            }
        }
    }

    /// Every list that has items: a heading with their number, a bullet
    /// per item.
    fn push_lists(&mut self, project: &Project, width: usize, parts: &mut Parts) {
        for kind in ListKind::ALL {
            let items = project.list(kind);
            if items.is_empty() {
                continue;
            }
            let shown = format!("{} ({})", kind.heading(), items.len());
            self.push_heading(kind.heading(), &shown, width);
            for item in items {
                let bullet = format!("• {item}");
                let span = parts.find(kind.heading(), item, bullet.len() - item.len());
                self.push_wrapped(LineKind::Item, &bullet, width, "  ", span);
            }
        }
    }
}

impl Document {
    fn push(&mut self, kind: LineKind, text: String) {
        self.lines.push(DocLine { kind, text });
    }

    /// `text` word-wrapped, each line with its links, and with its place
    /// in the text part `span` says it shows.
    fn push_wrapped(
        &mut self,
        kind: LineKind,
        text: &str,
        width: usize,
        indent: &str,
        span: Option<PartSpan>,
    ) {
        let links = crate::model::page::links::find_links(text);
        // Where each wrapped line's words are in `text`.
        let mut searched = 0;
        for line in wrap(text, width, indent) {
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
                if let Some(span) = span {
                    self.place(span, from..to, indent_len);
                }
            }
            self.push(kind, line);
        }
    }

    /// Records that bytes `shown` of a wrapped text, at byte `at` of the
    /// line about to be pushed, are (after `span.skip`) of `span`'s part.
    fn place(&mut self, span: PartSpan, shown: std::ops::Range<usize>, at: usize) {
        if shown.end <= span.skip {
            return;
        }
        let start = shown.start.max(span.skip);
        self.places.push(TextPlace {
            part: span.part,
            line: self.lines.len(),
            from: span.offset + start - span.skip,
            to: span.offset + shown.end - span.skip,
            at: at + start - shown.start,
        });
    }

    /// A blank line, then a heading that `]` and `[` step to.
    fn push_heading(&mut self, name: &str, shown: &str, width: usize) {
        self.push(LineKind::Blank, String::new());
        self.headings.push((name.to_string(), self.lines.len()));
        self.push_wrapped(LineKind::Heading, shown, width, "", None);
    }

    /// Labels in a column, values beside them; with too little room beside
    /// the labels, each label on a line of its own. The column is as wide
    /// as the labels up to `LABEL_COLUMN`: a longer label (`Sekundärtema -
    /// Motverka barnfattigdom`) stands on a line of its own, its value
    /// under it in the column, so that one label never squeezes the rest.
    fn push_fields(&mut self, fields: &[(&str, String)], width: usize, parts: &mut Parts) {
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
                self.push_wrapped(kind, label, width, "", None);
                let indent = if narrow {
                    "  ".to_string()
                } else {
                    " ".repeat(label_width)
                };
                let span = parts.find(label, value, indent.len());
                let text = format!("{indent}{value}");
                self.push_wrapped(LineKind::Text, &text, width, &indent, span);
                continue;
            }
            let padded = format!("{label}{}", " ".repeat(label_width - label.width()));
            let kind = LineKind::Field {
                label_width: label_width as u16,
            };
            let span = parts.find(label, value, padded.len());
            let text = format!("{padded}{value}");
            self.push_wrapped(kind, &text, width, &" ".repeat(label_width), span);
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
    fn every_part_of_the_text_has_its_places_on_the_lines() {
        let p = Project {
            owner: Some("IDAMIC Ögränd".into()),
            sections: vec![Section {
                heading: "Bakgrund".into(),
                text: "Den lokala arbetsmarknaden växer.\n\n  - punkt ett två tre fyra".into(),
            }],
            ..project()
        };
        for width in [8, 14, 30, 40, 200] {
            let doc = layout(&p, width);
            for (part, (label, text)) in p.text_parts().into_iter().enumerate() {
                let places: Vec<_> = doc.places.iter().filter(|t| t.part == part).collect();
                assert!(!places.is_empty(), "{width}: {label} has no place");
                let mut shown = String::new();
                for place in places {
                    let line = &doc.lines[place.line].text;
                    let len = place.to - place.from;
                    assert_eq!(&line[place.at..place.at + len], &text[place.from..place.to]);
                    shown.push_str(&text[place.from..place.to]);
                }
                let words = |s: &str| s.split_whitespace().collect::<String>();
                assert_eq!(words(&shown), words(text), "{width}: {label}");
            }
            // A phrase broken over lines: its start and its end.
            let section = p.text_parts().len() - 2;
            let (line, at) = doc.place_of(section, 4, false).unwrap();
            assert!(doc.lines[line].text[at..].starts_with("lokala"));
            let (end_line, end) = doc.place_of(section, 26, true).unwrap();
            let last = doc.lines[end_line].text[..end]
                .split(' ')
                .next_back()
                .unwrap();
            assert!(
                !last.is_empty() && "arbetsmarknaden".ends_with(last),
                "{last}"
            );
            assert_eq!(end_line > line, width < 30, "{width}");
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
