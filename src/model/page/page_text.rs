//! `Project` -> page text in the form of page its `layout` names: the
//! inverse of `parse`. Used by the corpus generator and the round-trip tests.

use std::fmt::Write;

use crate::model::page::field::{Field, FieldKind, FieldValue};
use crate::model::page::format::group_thousands;
use crate::model::page::parse::{CHROME_LINES, HEADER_END, looks_like_glued_field};
use crate::model::page::project::{Date, Layout, ListKind, Project};

/// Writes a page that `parse_page` reads back into the same project
/// (warnings aside). The old layout has no place for the newer fields
/// (registration number, fund …): they are not written there.
pub fn page_text(project: &Project) -> String {
    let mut out = String::new();
    match project.layout {
        Layout::Old => old_header(project, &mut out),
        Layout::New => new_header(project, &mut out),
        Layout::OldSite => old_site_header(project, &mut out),
    }
    for section in &project.sections {
        if section.heading.is_empty() {
            let _ = write!(out, "{}\n\n", section.text);
        } else {
            let _ = write!(out, "{}\n\n{}\n\n", section.heading, section.text);
        }
    }
    for kind in ListKind::ALL {
        let items = project.list(kind);
        if !items.is_empty() {
            let _ = write!(out, "{}\n\n", kind.heading());
            for item in items {
                let _ = writeln!(out, "  • {item}");
            }
            out.push('\n');
        }
    }
    out
}

/// Chrome, title, glued fields, `In English`.
fn old_header(project: &Project, out: &mut String) {
    let _ = write!(out, "{}\n\n{}\n\n", CHROME_LINES[0], project.title);
    let period = period_text(project, " till ");
    let mut lines: Vec<String> = Field::OLD_LAYOUT
        .into_iter()
        .filter_map(|field| {
            let value = match field {
                Field::Owner => Some(project.owner.clone().unwrap_or_else(|| "saknas".into())),
                Field::Period => period.clone(),
                _ => value_text(project, field, true),
            };
            Some(format!("{}{}", field.label(), value?))
        })
        .collect();
    // The header starts at the first line that reads as a field: put one
    // there (`Projektägaresaknas` always does).
    if let Some(first) = lines.iter().position(|line| looks_like_glued_field(line)) {
        let line = lines.remove(first);
        lines.insert(0, line);
    }
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
    let _ = write!(out, "{HEADER_END}\n\n");
}

/// `<number> - <title>`, then `Label:` lines each followed by its value.
fn new_header(project: &Project, out: &mut String) {
    match &project.registration_number {
        Some(number) => {
            let _ = write!(out, "{number} - {}\n\n", project.title);
        }
        None => {
            let _ = write!(out, "{}\n\n", project.title);
        }
    }
    // Extra fields after the first field (lines above it are chrome) and
    // before the others (an empty value is safest followed by a label).
    let _ = writeln!(out, "{}:\n{}", Field::Name.label(), project.title);
    for extra in &project.extra_fields {
        labelled(out, &extra.label, &extra.value);
    }
    for field in Field::ALL {
        if matches!(field, Field::Name | Field::Period) {
            continue;
        }
        if let Some(value) = value_text(project, field, false) {
            let _ = writeln!(out, "{}:\n{}", field.label(), value);
        }
    }
    out.push('\n');
}

/// Chrome, title, labels alone on their lines without colons, `In English`.
fn old_site_header(project: &Project, out: &mut String) {
    let _ = write!(out, "{}\n\n{}\n\n", CHROME_LINES[0], project.title);
    let period = period_text(project, "-");
    for field in Field::ALL {
        let value = match field {
            Field::Name | Field::StartDate | Field::EndDate => continue,
            Field::Period => period.clone(),
            _ => value_text(project, field, true),
        };
        if let Some(value) = value {
            let _ = writeln!(out, "{}\n{}", field.label(), value);
        }
    }
    for extra in &project.extra_fields {
        labelled(out, &extra.label, &extra.value);
    }
    let _ = write!(out, "{HEADER_END}\n\n");
}

/// `Label:` and, on the next line, the value; an empty value has no line.
fn labelled(out: &mut String, label: &str, value: &str) {
    let _ = writeln!(out, "{label}:");
    if !value.is_empty() {
        let _ = writeln!(out, "{value}");
    }
}

/// Both dates joined as the form joins them; a missing one left empty.
fn period_text(project: &Project, joiner: &str) -> Option<String> {
    let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
    match (project.period_start, project.period_end) {
        (None, None) => None,
        (start, end) => Some(format!("{}{joiner}{}", date(start), date(end))),
    }
}

/// A field's value as a page writes it; amounts with `kr` where asked.
fn value_text(project: &Project, field: Field, kronor: bool) -> Option<String> {
    Some(match field.value(project)? {
        FieldValue::Text(text) => text.to_string(),
        FieldValue::Number(n) if field.kind() == FieldKind::Amount => {
            let grouped = group_thousands(n, '\u{a0}');
            if kronor {
                format!("{grouped} kr")
            } else {
                grouped
            }
        }
        FieldValue::Number(n) => n.to_string(),
        FieldValue::Period(..) => period_text(project, " - ")?,
        FieldValue::Date(date) => date.to_string(),
    })
}
