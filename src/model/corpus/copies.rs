//! Copies of one project: pages that are the same project become one, so
//! that every project is listed and counted once.
//!
//! Two pages are the same project when they carry the same registration
//! number; pages without one, when they have the same title, owner, phase
//! and start date (and at least an owner or a start date: two bare pages
//! that share only a title — `Reload` — are different projects). The first
//! page (in path order) is the project; each later copy fills in the fields
//! it lacks, and where copies disagree every value is kept, with its file,
//! in a warning. Nothing is hidden and different projects never merge.

use std::collections::HashMap;

use crate::model::page::field::{Field, FieldValue};
use crate::model::page::project::{Date, Project, Section};
use crate::model::swedish::fold::fold_char;

/// What two copies of one project share, as a 64-bit digest: the same
/// registration number; else the same title, owner, phase and start date;
/// for a page with none of number, owner and start, all it says. (Two
/// different projects would need equal 64-bit digests of different keys
/// to merge: a chance of about one in 10^8 at a million pages.)
pub type CopyKey = u64;

/// The key a page is merged by.
pub fn copy_key(project: &Project) -> Option<CopyKey> {
    let mut key = Digest::new();
    if let Some(number) = project.registration_number.as_deref()
        && number.chars().any(|c| !c.is_whitespace())
    {
        key.tag(1);
        key.text(number);
        return Some(key.finish());
    }
    let owner = project.owner.as_deref().unwrap_or("");
    let has_owner = owner.chars().any(|c| !c.is_whitespace());
    let has_title = project.title.chars().any(|c| !c.is_whitespace());
    if (has_owner || project.period_start.is_some()) && has_title {
        key.tag(2);
        key.text(&project.title);
        key.text(owner);
        key.text(project.phase.as_deref().unwrap_or(""));
        key.date(project.period_start);
        return Some(key.finish());
    }
    key.tag(3);
    key.everything(project);
    Some(key.finish())
}

/// A hash of folded text, words joined by single spaces, built without
/// allocating. `DefaultHasher::new()` has fixed keys: the same every run.
struct Digest(std::collections::hash_map::DefaultHasher);

impl Digest {
    fn new() -> Digest {
        Digest(std::collections::hash_map::DefaultHasher::new())
    }

    fn tag(&mut self, tag: u8) {
        std::hash::Hasher::write_u8(&mut self.0, tag);
    }

    /// Folded (case and accents), runs of white space as one space, and a
    /// separator after it.
    fn text(&mut self, text: &str) {
        use std::hash::Hasher;
        for (i, word) in text.split_whitespace().enumerate() {
            if i > 0 {
                self.0.write_u32(' ' as u32);
            }
            for c in word.chars() {
                self.0.write_u32(fold_char(c) as u32);
            }
        }
        self.0.write_u32(0);
    }

    fn date(&mut self, date: Option<Date>) {
        use std::hash::Hasher;
        let (y, m, d) = date.map_or((0, 0, 0), |d| (d.year, d.month, d.day));
        self.0.write_u16(y);
        self.0.write_u8(m);
        self.0.write_u8(d);
    }

    /// Every field and all the text of a page (not where it was read from).
    fn everything(&mut self, p: &Project) {
        use std::hash::Hasher;
        for field in Field::ALL {
            match field.value(p) {
                Some(FieldValue::Text(text)) => self.text(text),
                Some(FieldValue::Number(n)) => self.0.write_u64(n),
                Some(FieldValue::Date(date)) => self.date(Some(date)),
                Some(FieldValue::Period(..)) => {}
                None => self.0.write_u64(u64::MAX),
            }
        }
        for section in &p.sections {
            self.text(&section.heading);
            self.text(&section.text);
        }
        for kind in crate::model::page::project::ListKind::ALL {
            for item in p.list(kind) {
                self.text(item);
            }
        }
        for extra in &p.extra_fields {
            self.text(&extra.label);
            self.text(&extra.value);
        }
    }

    fn finish(&self) -> u64 {
        std::hash::Hasher::finish(&self.0)
    }
}

/// Folded (case and accents), with runs of white space as one space.
fn normalised(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().map(fold_char));
    }
    out
}

/// Merges pages into projects as they come, batch after batch: a page that
/// is a copy of one already kept is merged into it, the others are kept.
#[derive(Debug, Clone, Default)]
pub struct Merger {
    by_key: HashMap<CopyKey, u32>,
}

impl Merger {
    /// Adds `page` to `projects`, or merges it into the project it is a
    /// copy of; returns the index it went to and whether it was merged.
    pub fn add(&mut self, projects: &mut Vec<Project>, page: Project) -> (usize, bool) {
        let key = copy_key(&page);
        if let Some(key) = &key
            && let Some(&index) = self.by_key.get(key)
            && let Some(primary) = projects.get_mut(index as usize)
        {
            merge_copy(primary, page);
            return (index as usize, true);
        }
        let index = projects.len();
        if let Some(key) = key {
            self.by_key.insert(key, index as u32);
        }
        projects.push(page);
        (index, false)
    }
}

impl Merger {
    /// Adds `page`, whose copy key is `key`, after `earlier` projects that
    /// are held elsewhere (a store being grown): to `later`, or merged into
    /// its copy there. A copy of one of the earlier projects is handed back
    /// with its index, for the caller to merge.
    pub fn add_after(
        &mut self,
        earlier: usize,
        later: &mut Vec<Project>,
        page: Project,
        key: Option<CopyKey>,
    ) -> Option<(usize, Project)> {
        if let Some(key) = &key
            && let Some(&index) = self.by_key.get(key)
        {
            let index = index as usize;
            if index < earlier {
                return Some((index, page));
            }
            if let Some(primary) = later.get_mut(index - earlier) {
                merge_copy(primary, page);
                return None;
            }
        }
        if let Some(key) = key {
            self.by_key.insert(key, (earlier + later.len()) as u32);
        }
        later.push(page);
        None
    }
}

/// Merges every copy in `pages` (in their order): one project each.
pub fn merge_all(pages: Vec<Project>) -> Vec<Project> {
    let mut merger = Merger::default();
    let mut projects = Vec::with_capacity(pages.len());
    for page in pages {
        merger.add(&mut projects, page);
    }
    projects
}

/// Merges `copy` into `primary`: fields the primary lacks are taken from
/// the copy; where both have a field and they differ, the primary's value
/// stays and a warning names every value with its file.
pub fn merge_copy(primary: &mut Project, mut copy: Project) {
    let primary_file = source_id(primary);
    let copy_file = source_id(&copy);
    let mut disagreements = Vec::new();
    for field in Field::ALL {
        merge_one(field, primary, &mut copy, &mut disagreements);
    }
    for extra in copy.extra_fields.drain(..) {
        if !primary.extra_fields.iter().any(|e| e.label == extra.label) {
            primary.extra_fields.push(extra);
        }
    }
    for kind in crate::model::page::project::ListKind::ALL {
        if primary.list(kind).is_empty() {
            *primary.list_mut(kind) = std::mem::take(copy.list_mut(kind));
        }
    }
    merge_text(primary, &mut copy, &copy_file);
    for (label, ours, theirs) in disagreements {
        primary.warnings.push(format!(
            "copies disagree on {label}: {ours} ({primary_file}) · {theirs} ({copy_file})"
        ));
    }
    if primary.sources.is_empty() {
        primary.sources.push(crate::model::page::project::Source {
            id: primary.id.clone(),
            path: primary.source.clone(),
        });
    }
    if copy.sources.is_empty() {
        copy.sources.push(crate::model::page::project::Source {
            id: copy.id.clone(),
            path: copy.source.clone(),
        });
    }
    primary.sources.append(&mut copy.sources);
}

/// A field of two copies: the primary's value, or the copy's when the
/// primary has none; a difference is noted.
/// Merges one field of `copy` into `primary` (see `merge_copy`).
fn merge_one(
    field: Field,
    primary: &mut Project,
    copy: &mut Project,
    disagreements: &mut Vec<(&'static str, String, String)>,
) {
    let label = field.label();
    if let (Some(ours), Some(theirs)) = (field.text_mut(primary), field.text_mut(copy)) {
        merge_field(label, ours, theirs.take(), disagreements);
    } else if let (Some(ours), Some(theirs)) = (field.number_mut(primary), field.number(copy)) {
        merge_shown(label, ours, Some(theirs), disagreements);
    } else if let (Some(ours), Some(theirs)) = (field.date_mut(primary), field.date_mut(copy)) {
        merge_shown(label, ours, *theirs, disagreements);
    }
}

/// Merges a value that is compared as it reads (an amount, a date).
fn merge_shown<T: Copy + ToString>(
    label: &'static str,
    ours: &mut Option<T>,
    theirs: Option<T>,
    disagreements: &mut Vec<(&'static str, String, String)>,
) {
    let mut shown = ours.map(|v| v.to_string());
    merge_field(
        label,
        &mut shown,
        theirs.map(|v| v.to_string()),
        disagreements,
    );
    if ours.is_none() {
        *ours = theirs;
    }
}

fn merge_field(
    label: &'static str,
    ours: &mut Option<String>,
    theirs: Option<String>,
    disagreements: &mut Vec<(&'static str, String, String)>,
) {
    match (ours.as_deref(), theirs) {
        (None, theirs) => *ours = theirs,
        (Some(mine), Some(theirs)) if normalised(mine) != normalised(&theirs) => {
            disagreements.push((label, mine.to_string(), theirs));
        }
        _ => {}
    }
}

/// The description: the primary's, unless it was cut short (or has none)
/// and the copy's is whole and longer; the warnings about the text go with
/// the text kept.
fn merge_text(primary: &mut Project, copy: &mut Project, copy_file: &str) {
    let length = |sections: &[Section]| sections.iter().map(|s| s.text.len()).sum::<usize>();
    let is_about_text =
        |warning: &String| warning.contains("cut short") || warning.as_str() == "no sections";
    let incomplete = |project: &Project| project.warnings.iter().any(is_about_text);
    if incomplete(primary)
        && !incomplete(copy)
        && length(&copy.sections) > length(&primary.sections)
    {
        primary.sections = std::mem::take(&mut copy.sections);
        primary.warnings.retain(|w| !is_about_text(w));
        primary.warnings.push(format!(
            "its text is taken from the copy {copy_file}, which is whole"
        ));
    }
}

/// The id a project's first file has in the corpus.
fn source_id(project: &Project) -> String {
    project
        .sources
        .first()
        .map_or_else(|| project.id.clone(), |source| source.id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::page::project::Source;
    use std::path::PathBuf;

    fn page(id: &str) -> Project {
        Project {
            id: id.into(),
            source: PathBuf::from(format!("{id}.txt")),
            title: "Vägen framåt".into(),
            owner: Some("Exempelstads kommun".into()),
            phase: Some("Genomförande".into()),
            period_start: Date::parse("2020-01-01"),
            sources: vec![Source {
                id: id.into(),
                path: PathBuf::from(format!("{id}.txt")),
            }],
            ..Project::default()
        }
    }

    #[test]
    fn the_same_registration_number_is_one_project_with_every_field() {
        let mut first = page("a/page");
        first.registration_number = Some("2021/00017".into());
        first.esf_grant_sek = None;
        first.planned_participants = Some(500);
        let mut second = page("b/page");
        second.registration_number = Some(" 2021/00017 ".into());
        second.title = "Another spelling".into();
        second.esf_grant_sek = Some(1_000_000);
        second.planned_participants = Some(450);
        let merged = merge_all(vec![first, second]);
        assert_eq!(merged.len(), 1);
        let project = &merged[0];
        assert_eq!(
            project.esf_grant_sek,
            Some(1_000_000),
            "the copy's amount fills in"
        );
        assert_eq!(
            project.planned_participants,
            Some(500),
            "the first page's value stays"
        );
        assert_eq!(project.copies(), 2);
        let said = project.warnings.join("\n");
        assert!(
            said.contains("Planerat antal deltagare: 500 (a/page) · 450 (b/page)"),
            "{said}"
        );
        assert!(project.answers_to("b/page"));
    }

    #[test]
    fn pages_without_a_number_merge_only_when_title_owner_phase_and_start_agree() {
        let same = merge_all(vec![page("x"), page("y")]);
        assert_eq!(same.len(), 1);
        for change in [
            |p: &mut Project| p.owner = Some("Annan ägare".into()),
            |p: &mut Project| p.phase = Some("Avslutat".into()),
            |p: &mut Project| p.period_start = Date::parse("2021-01-01"),
            |p: &mut Project| p.title = "Reload".into(),
        ] {
            let mut other = page("y");
            change(&mut other);
            assert_eq!(merge_all(vec![page("x"), other]).len(), 2);
        }
        // Only a title in common: never merged; the same page twice is.
        let bare = |id: &str, text: &str| Project {
            id: id.into(),
            title: "Reload".into(),
            sections: vec![Section {
                heading: "Bakgrund".into(),
                text: text.into(),
            }],
            ..Project::default()
        };
        let different = vec![bare("p", "Om skogen."), bare("q", "Om havet.")];
        assert_eq!(merge_all(different).len(), 2);
        let same = vec![bare("p", "Om skogen."), bare("q", "Om skogen.")];
        assert_eq!(merge_all(same).len(), 1);
    }

    #[test]
    fn the_longer_text_wins_and_a_cut_short_warning_goes_with_it() {
        let mut short = page("short");
        short.sections = vec![Section {
            heading: "Bakgrund".into(),
            text: "Projektet ska".into(),
        }];
        short.warnings = vec!["the page seems cut short: its text ends mid-sentence".into()];
        let mut whole = page("whole");
        whole.sections = vec![Section {
            heading: "Bakgrund".into(),
            text: "Projektet ska hjälpa deltagarna vidare.".into(),
        }];
        let merged = merge_all(vec![short, whole]);
        assert_eq!(
            merged[0].sections[0].text,
            "Projektet ska hjälpa deltagarna vidare."
        );
        assert!(merged[0].warnings.iter().all(|w| !w.contains("cut short")));
    }
}
