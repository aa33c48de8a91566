//! The in-memory store: projects plus the indices that make filtering,
//! sorting and searching cheap. Built at once (`new`) or grown by pages
//! appended while loading (`extend`, in `extend.rs`); never changed
//! otherwise. Indices hold integers, never copies of the projects' strings
//! (the folded titles aside).

use std::borrow::Cow;
use std::collections::HashMap;

use rayon::prelude::*;

use crate::model::search::text_index::TextIndex;
use crate::model::search::title_letters::{LetterTable, letter_table};
use crate::model::search::title_words::TitleWords;

use crate::model::page::project::Project;
use crate::model::swedish::collate;
use crate::model::swedish::fold::{fold_char, lowercase_char};

/// The dimensions a user filters by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Facet {
    Region,
    ProgramArea,
    Phase,
    Municipality,
    Fund,
    ProgrammePeriod,
}

impl Facet {
    pub const ALL: [Facet; 6] = [
        Facet::Region,
        Facet::ProgramArea,
        Facet::Phase,
        Facet::Municipality,
        Facet::Fund,
        Facet::ProgrammePeriod,
    ];
    pub const COUNT: usize = Facet::ALL.len();

    /// The Swedish label, as the project bank shows it.
    pub fn label(self) -> &'static str {
        match self {
            Facet::Region => "Region",
            Facet::ProgramArea => "Programområde",
            Facet::Phase => "Projektfas",
            Facet::Municipality => "Kommun",
            Facet::Fund => "Fond",
            Facet::ProgrammePeriod => "Programperiod",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// Calls `f` with each value the project has for this facet.
    pub(super) fn for_each_value<'a>(self, project: &'a Project, mut f: impl FnMut(Cow<'a, str>)) {
        let mut borrowed = |value: &'a str| f(Cow::Borrowed(value));
        match self {
            // One value per region, however the page spells it.
            Facet::Region => project.region_name().into_iter().for_each(borrowed),
            // One value per area of a programme period, however the page
            // spells it: `2007–2013 · 2 Ökat arbetskraftsutbud`.
            Facet::ProgramArea => project
                .program_area_label()
                .into_iter()
                .for_each(|label| f(Cow::Owned(label))),
            Facet::Phase => project.phase.as_deref().into_iter().for_each(borrowed),
            Facet::Municipality => project.municipalities.iter().for_each(|m| borrowed(m)),
            Facet::Fund => project.fund_name().into_iter().for_each(borrowed),
            Facet::ProgrammePeriod => project.programme_period().into_iter().for_each(borrowed),
        }
    }
}

/// One facet's distinct values and, per project, the ids of its values
/// (compressed rows: `ids[starts[p]..starts[p + 1]]`).
#[derive(Debug, Default, Clone)]
pub struct FacetIndex {
    pub(super) values: Vec<String>,
    /// How many projects of the whole store carry each value.
    pub(super) totals: Vec<u32>,
    pub(super) starts: Vec<u32>,
    pub(super) ids: Vec<u32>,
}

impl FacetIndex {
    pub(super) fn build(facet: Facet, projects: &[Project]) -> FacetIndex {
        // First pass: values numbered as met, rows of those numbers.
        let mut first_seen: HashMap<Cow<str>, u32> = HashMap::new();
        let mut names: Vec<Cow<str>> = Vec::new();
        let mut starts = Vec::with_capacity(projects.len() + 1);
        let mut ids: Vec<u32> = Vec::with_capacity(projects.len());
        starts.push(0);
        for project in projects {
            facet.for_each_value(project, |value| {
                let id = match first_seen.get(value.as_ref()) {
                    Some(&id) => id,
                    None => {
                        let id = names.len() as u32;
                        names.push(value.clone());
                        first_seen.insert(value, id);
                        id
                    }
                };
                ids.push(id);
            });
            starts.push(ids.len() as u32);
        }
        // Then number the values in Swedish order instead.
        let mut order: Vec<u32> = (0..names.len() as u32).collect();
        order.sort_by(|&a, &b| collate::compare(&names[a as usize], &names[b as usize]));
        let mut renumber = vec![0u32; names.len()];
        for (new, &old) in order.iter().enumerate() {
            renumber[old as usize] = new as u32;
        }
        for id in &mut ids {
            *id = renumber[*id as usize];
        }
        let (starts, ids) = deduplicate_rows(&starts, ids);
        let mut totals = vec![0u32; names.len()];
        for &id in &ids {
            totals[id as usize] += 1;
        }
        FacetIndex {
            totals,
            values: order
                .iter()
                .map(|&old| names[old as usize].to_string())
                .collect(),
            starts,
            ids,
        }
    }

    /// Distinct values in Swedish order; a value's id is its position here.
    pub fn values(&self) -> &[String] {
        &self.values
    }

    /// Per value id: how many projects of the store carry it.
    pub fn totals(&self) -> &[u32] {
        &self.totals
    }

    /// The value ids one project carries (none, one, or several for Kommun).
    pub fn ids_of(&self, project: usize) -> &[u32] {
        let start = self.starts[project] as usize;
        let end = self.starts[project + 1] as usize;
        &self.ids[start..end]
    }
}

/// Many short strings in one buffer: scanning all titles reads memory in
/// order instead of chasing a pointer per title.
#[derive(Debug, Default, Clone)]
pub(super) struct TextColumn {
    text: String,
    starts: Vec<u32>,
}

impl TextColumn {
    /// Each project's title, mapped char for char.
    fn of_titles(projects: &[Project], map: fn(char) -> char) -> TextColumn {
        let mut column = TextColumn::default();
        column.push_titles(projects, map);
        column
    }

    /// Adds each project's title, mapped char for char, after those there
    /// are.
    pub(super) fn push_titles(&mut self, projects: &[Project], map: fn(char) -> char) {
        self.text
            .reserve(projects.iter().map(|p| p.title.len()).sum());
        self.starts.reserve(projects.len() + 1);
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        for project in projects {
            self.text.extend(project.title.chars().map(map));
            self.starts.push(self.text.len() as u32);
        }
    }

    pub(super) fn get(&self, index: usize) -> &str {
        &self.text[self.starts[index] as usize..self.starts[index + 1] as usize]
    }
}

/// Every loaded project, with facet and search indices.
#[derive(Debug, Clone)]
pub struct Store {
    pub(super) projects: Vec<Project>,
    pub(super) facets: Vec<FacetIndex>,
    pub(super) folded_titles: TextColumn,
    /// Per title, where its letters stand (see `title_search::LetterTable`).
    pub(super) title_letters: Vec<LetterTable>,
    pub(super) lowercase_titles: TextColumn,
    pub(super) title_rank: Vec<u32>,
    pub(super) by_title: Vec<u32>,
    /// Per title, its first collation weights (`collate::prefix_key`): a
    /// batch's titles are merged into the order mostly by these.
    pub(super) title_prefixes: Vec<u128>,
    /// The titles' distinct words, for typo tolerance (`similar`).
    pub(super) title_words: TitleWords,
    /// The words of the first `text_index.len()` projects (none unless
    /// given: `with_text_index`).
    pub(super) text_index: TextIndex,
    /// How many of the projects, from the first, `title_words` covers.
    pub(super) title_words_cover: usize,
    /// Which store this is (see `identity`).
    pub(super) identity: u64,
}

/// Each title's first collation weights.
pub(super) fn title_prefixes(projects: &[Project]) -> Vec<u128> {
    projects
        .par_iter()
        .map(|p| collate::prefix_key(&p.title))
        .collect()
}

/// The distinct words of the titles.
pub(super) fn title_words_of(projects: &[Project], folded_titles: &TextColumn) -> TitleWords {
    TitleWords::build(projects.len(), |index| {
        (projects[index].title.as_str(), folded_titles.get(index))
    })
}

/// The identity the next store built gets.
static NEXT_IDENTITY: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A number no store had before.
pub(super) fn next_identity() -> u64 {
    NEXT_IDENTITY.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Default for Store {
    fn default() -> Store {
        Store::new(Vec::new())
    }
}

impl Store {
    /// Builds the indices. Projects keep the given order.
    pub fn new(projects: Vec<Project>) -> Store {
        // Every index is independent: build them on all cores.
        let facets = || {
            Facet::ALL
                .par_iter()
                .map(|facet| FacetIndex::build(*facet, &projects))
                .collect::<Vec<_>>()
        };
        let title_columns = || {
            rayon::join(
                || TextColumn::of_titles(&projects, fold_char),
                || TextColumn::of_titles(&projects, lowercase_char),
            )
        };
        let ((facets, (folded_titles, lowercase_titles)), by_title) = rayon::join(
            || rayon::join(facets, title_columns),
            || title_order(&projects),
        );
        let (title_letters, title_words) = rayon::join(
            || {
                (0..projects.len())
                    .into_par_iter()
                    .map(|index| {
                        letter_table(folded_titles.get(index), lowercase_titles.get(index))
                    })
                    .collect()
            },
            || title_words_of(&projects, &folded_titles),
        );
        let mut title_rank = vec![0u32; projects.len()];
        for (rank, &index) in by_title.iter().enumerate() {
            title_rank[index as usize] = rank as u32;
        }
        let count = projects.len();
        let title_prefixes = title_prefixes(&projects);
        Store {
            projects,
            facets,
            folded_titles,
            title_letters,
            lowercase_titles,
            title_rank,
            by_title,
            title_prefixes,
            title_words,
            title_words_cover: count,
            text_index: TextIndex::default(),
            identity: next_identity(),
        }
    }

    /// A number no other store built by this process has (a clone shares
    /// it): what a cache of results keys on, to know the store changed.
    pub fn identity(&self) -> u64 {
        self.identity
    }

    /// The store with a full-text index of its first projects.
    pub fn with_text_index(mut self, index: TextIndex) -> Store {
        self.text_index = index;
        self
    }

    /// The full-text index; it may cover only the first projects, or none.
    pub fn text_index(&self) -> &TextIndex {
        &self.text_index
    }

    /// Gives the projects back (to rebuild with more of them).
    pub fn into_projects(self) -> Vec<Project> {
        self.projects
    }

    /// Gives the projects and the full-text index back.
    pub fn into_parts(self) -> (Vec<Project>, TextIndex) {
        (self.projects, self.text_index)
    }

    pub fn len(&self) -> usize {
        self.projects.len()
    }

    pub fn is_empty(&self) -> bool {
        self.projects.is_empty()
    }

    pub fn projects(&self) -> &[Project] {
        &self.projects
    }

    pub fn project(&self, index: usize) -> &Project {
        &self.projects[index]
    }

    pub fn facet(&self, facet: Facet) -> &FacetIndex {
        &self.facets[facet.index()]
    }

    /// The title lowercased with accents folded, char for char.
    pub fn folded_title(&self, index: usize) -> &str {
        self.folded_titles.get(index)
    }

    /// Where the folded title's letters stand.
    pub fn title_letters(&self, index: usize) -> &LetterTable {
        &self.title_letters[index]
    }

    /// The title lowercased, accents kept, char for char.
    pub fn lowercase_title(&self, index: usize) -> &str {
        self.lowercase_titles.get(index)
    }

    /// The titles' distinct words and the titles holding each.
    pub fn title_words(&self) -> &TitleWords {
        &self.title_words
    }

    /// Every project index in Swedish title order.
    pub fn title_order(&self) -> &[u32] {
        &self.by_title
    }

    /// The project's position in Swedish title order.
    pub fn title_rank(&self, index: usize) -> u32 {
        self.title_rank[index]
    }

    /// The index of the project with this id (its own or a merged copy's),
    /// else with this registration number (`2019/00446`), else of the only
    /// one whose id starts with it.
    pub fn find_id(&self, id: &str) -> Result<usize, Vec<usize>> {
        if let Some(exact) = self.projects.iter().position(|p| p.id == id) {
            return Ok(exact);
        }
        if let Some(copy) = self.projects.iter().position(|p| p.answers_to(id)) {
            return Ok(copy);
        }
        let numbered: Vec<usize> = (0..self.len())
            .filter(|&i| {
                let number = self.projects[i].registration_number.as_deref();
                number.is_some_and(|n| n.eq_ignore_ascii_case(id.trim()))
            })
            .collect();
        if !numbered.is_empty() {
            return match numbered.as_slice() {
                [only] => Ok(*only),
                _ => Err(numbered),
            };
        }
        // `page` for `a/page` and `b/page`: every project it could mean.
        let in_folders: Vec<usize> = (0..self.len())
            .filter(|&i| {
                let id_of = &self.projects[i].id;
                id_of.len() > id.len()
                    && id_of.ends_with(id)
                    && id_of[..id_of.len() - id.len()].ends_with('/')
            })
            .collect();
        if !in_folders.is_empty() {
            return match in_folders.as_slice() {
                [only] => Ok(*only),
                _ => Err(in_folders),
            };
        }
        let matches: Vec<usize> = (0..self.len())
            .filter(|&i| self.projects[i].id.starts_with(id))
            .collect();
        match matches.as_slice() {
            [only] => Ok(*only),
            _ => Err(matches),
        }
    }
}

/// Project indices in Swedish title order (ties by exact title, then id).
pub(super) fn title_order(projects: &[Project]) -> Vec<u32> {
    // Collation keys once per title, then a sort on them.
    let keys: Vec<Vec<u32>> = projects
        .par_iter()
        .map(|p| collate::sort_key(&p.title))
        .collect();
    let mut by_title: Vec<u32> = (0..projects.len() as u32).collect();
    by_title.par_sort_unstable_by(|&a, &b| {
        let (i, j) = (a as usize, b as usize);
        keys[i]
            .cmp(&keys[j])
            .then_with(|| projects[i].title.cmp(&projects[j].title))
            .then_with(|| projects[i].id.cmp(&projects[j].id))
            .then(a.cmp(&b))
    });
    by_title
}

/// Rows of value ids (row `i` is `ids[starts[i]..starts[i + 1]]`), each
/// sorted with every id once: a project may name a value twice (Kommun
/// lists repeat), and once is enough.
pub(super) fn deduplicate_rows(starts: &[u32], mut ids: Vec<u32>) -> (Vec<u32>, Vec<u32>) {
    let mut deduplicated = Vec::with_capacity(ids.len());
    let mut new_starts = Vec::with_capacity(starts.len());
    new_starts.push(0);
    for row in starts.windows(2) {
        let row = &mut ids[row[0] as usize..row[1] as usize];
        row.sort_unstable();
        let mut previous = None;
        for &id in row.iter() {
            if previous != Some(id) {
                deduplicated.push(id);
                previous = Some(id);
            }
        }
        new_starts.push(deduplicated.len() as u32);
    }
    (new_starts, deduplicated)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(id: &str, title: &str, region: &str, kommuner: &[&str]) -> Project {
        Project {
            id: id.into(),
            title: title.into(),
            region: Some(region.into()),
            municipalities: kommuner.iter().map(|k| k.to_string()).collect(),
            ..Project::default()
        }
    }

    #[test]
    fn facet_values_are_distinct_and_in_swedish_order() {
        let store = Store::new(vec![
            project("a", "Ö", "Östra Mellansverige", &["Eda", "Avesta", "Eda"]),
            project("b", "A", "Stockholm", &["Älvdalen"]),
        ]);
        let region = store.facet(Facet::Region);
        assert_eq!(region.values(), ["Stockholm", "Östra Mellansverige"]);
        assert_eq!(region.ids_of(0), [1]);
        let kommun = store.facet(Facet::Municipality);
        assert_eq!(kommun.values(), ["Avesta", "Eda", "Älvdalen"]);
        assert_eq!(kommun.ids_of(0), [0, 1]);
        assert_eq!(kommun.ids_of(1), [2]);
        assert_eq!(store.title_rank(0), 1);
        assert_eq!(store.title_rank(1), 0);
    }

    #[test]
    fn an_empty_store_has_empty_facets() {
        let store = Store::default();
        for facet in Facet::ALL {
            assert!(store.facet(facet).values().is_empty());
        }
    }

    #[test]
    fn ids_are_found_exactly_or_by_unique_prefix() {
        let store = Store::new(vec![
            project("001_abc", "A", "S", &[]),
            project("002_abd", "B", "S", &[]),
            project("0021_x", "C", "S", &[]),
        ]);
        assert_eq!(store.find_id("001"), Ok(0));
        assert_eq!(store.find_id("002_abd"), Ok(1));
        assert_eq!(store.find_id("002"), Err(vec![1, 2]));
        assert_eq!(store.find_id("9"), Err(vec![]));
    }
}
