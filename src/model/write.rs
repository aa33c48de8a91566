//! `Project` -> page text in the project bank's layout: the inverse of
//! `parse`. Used by the corpus generator and by the round-trip tests.

use std::fmt::Write;

use super::format::group_thousands;
use super::parse::{CHROME_LINES, Field, HEADER_END};
use super::project::{ListKind, Project};

/// Writes a page that `parse_page` reads back into the same project
/// (warnings aside).
pub fn page_text(project: &Project) -> String {
    let mut out = String::new();
    out.push_str(CHROME_LINES[0]);
    out.push_str("\n\n");
    out.push_str(&project.title);
    out.push_str("\n\n");
    let amount = |value: Option<u64>| value.map(|v| format!("{} kr", group_thousands(v, '\u{a0}')));
    let period = match (project.period_start, project.period_end) {
        (None, None) => None,
        (start, end) => Some(format!(
            "{} till {}",
            start.map(|d| d.to_string()).unwrap_or_default(),
            end.map(|d| d.to_string()).unwrap_or_default()
        )),
    };
    for field in Field::ALL {
        let value = match field {
            Field::ProgramArea => project.program_area.clone(),
            Field::Phase => project.phase.clone(),
            Field::Owner => Some(project.owner.clone().unwrap_or_else(|| "saknas".into())),
            Field::ContactName => project.contact_name.clone(),
            Field::Email => project.email.clone(),
            Field::Phone => project.phone.clone(),
            Field::EsfGrant => amount(project.esf_grant_sek),
            Field::TotalBudget => amount(project.total_budget_sek),
            Field::Period => period.clone(),
            Field::Region => project.region.clone(),
        };
        if let Some(value) = value {
            let _ = writeln!(out, "{}{}", field.label(), value);
        }
    }
    out.push_str(HEADER_END);
    out.push_str("\n\n");
    for section in &project.sections {
        let _ = write!(out, "{}\n\n{}\n\n", section.heading, section.text);
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
