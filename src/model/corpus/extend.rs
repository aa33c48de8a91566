//! Pages appended to a store without rebuilding its indices, as a load
//! brings them batch by batch: the new projects' facet rows, title columns
//! and letter tables are made, and their titles merged into the title
//! order, so a batch costs about its own size (the merge and the facets'
//! renumbering aside, which are linear and cheap). A page that is a copy
//! of a project held already is merged into it, and that project's facet
//! rows made anew. The typo index (the titles' words) is made again only
//! once the load is over (`complete`).

use std::collections::HashMap;

use rayon::prelude::*;

use super::copies::merge_copy;
use super::store::{
    Facet, FacetIndex, Store, deduplicate_rows, next_identity, title_order, title_prefixes,
    title_words_of,
};
use crate::model::page::project::Project;
use crate::model::search::title_letters::letter_table;
use crate::model::swedish::collate;
use crate::model::swedish::fold::{fold_char, lowercase_char};

impl Store {
    /// Appends `added` after the projects there are. The store is then
    /// the one `Store::new` builds of them all, but for the titles' words,
    /// which cover the projects there were until `complete`.
    pub fn extend(&mut self, added: Vec<Project>) {
        if added.is_empty() {
            return;
        }
        let base = self.projects.len();
        self.projects.extend(added);
        let projects = &self.projects;
        let new = &projects[base..];
        let (facets, folded) = (&mut self.facets, &mut self.folded_titles);
        let (lowercase, letters) = (&mut self.lowercase_titles, &mut self.title_letters);
        let (by_title, ()) = rayon::join(
            || {
                self.title_prefixes.extend(title_prefixes(new));
                merged_title_order(projects, &self.title_prefixes, &self.by_title, base)
            },
            || {
                rayon::join(
                    || {
                        facets
                            .par_iter_mut()
                            .zip(Facet::ALL)
                            .for_each(|(index, facet)| index.extend(facet, new));
                    },
                    || {
                        folded.push_titles(new, fold_char);
                        lowercase.push_titles(new, lowercase_char);
                        let tables: Vec<_> = (base..projects.len())
                            .into_par_iter()
                            .map(|index| letter_table(folded.get(index), lowercase.get(index)))
                            .collect();
                        letters.extend(tables);
                    },
                );
            },
        );
        self.title_rank = vec![0u32; self.projects.len()];
        for (rank, &index) in by_title.iter().enumerate() {
            self.title_rank[index as usize] = rank as u32;
        }
        self.by_title = by_title;
        self.identity = next_identity();
    }

    /// Merges copies into projects the store holds (`(index, copy)`): the
    /// facet rows of those projects are made anew. A title filled in from
    /// a copy (its project had none) has the whole store built again.
    pub fn merge_copies(&mut self, copies: Vec<(usize, Project)>) {
        if copies.is_empty() {
            return;
        }
        let mut changed = Vec::with_capacity(copies.len());
        let mut titled = false;
        for (at, copy) in copies {
            let project = &mut self.projects[at];
            let title = project.title.clone();
            merge_copy(project, copy);
            titled |= project.title != title;
            changed.push(at);
        }
        if titled {
            let index = std::mem::take(&mut self.text_index);
            *self = Store::new(std::mem::take(&mut self.projects)).with_text_index(index);
            return;
        }
        changed.sort_unstable();
        changed.dedup();
        let projects = &self.projects;
        self.facets
            .par_iter_mut()
            .zip(Facet::ALL)
            .for_each(|(index, facet)| index.redo_rows(facet, projects, &changed));
        self.identity = next_identity();
    }

    /// Brings the titles' words up to every project (after the last batch).
    pub fn complete(&mut self) {
        if self.title_words_cover < self.projects.len() {
            self.title_words = title_words_of(&self.projects, &self.folded_titles);
            self.title_words_cover = self.projects.len();
            self.identity = next_identity();
        }
    }
}

/// The title order of `projects`, knowing that of the first `base`: the
/// others are sorted apart and merged in (ties as in `title_order`: by
/// title, then id, then the earlier project first).
fn merged_title_order(
    projects: &[Project],
    prefixes: &[u128],
    earlier: &[u32],
    base: usize,
) -> Vec<u32> {
    let added: Vec<u32> = title_order(&projects[base..])
        .into_iter()
        .map(|index| index + base as u32)
        .collect();
    let first_before = |old: u32, new: u32| {
        let (old, new) = (old as usize, new as usize);
        let (a, b) = (&projects[old], &projects[new]);
        prefixes[old]
            .cmp(&prefixes[new])
            .then_with(|| collate::compare(&a.title, &b.title))
            .then_with(|| a.id.cmp(&b.id))
            .is_le()
    };
    let mut merged = Vec::with_capacity(projects.len());
    let (mut old, mut new) = (earlier.iter().peekable(), added.iter().peekable());
    while let (Some(&&a), Some(&&b)) = (old.peek(), new.peek()) {
        if first_before(a, b) {
            merged.push(a);
            old.next();
        } else {
            merged.push(b);
            new.next();
        }
    }
    merged.extend(old);
    merged.extend(new);
    merged
}

impl FacetIndex {
    /// Adds the rows of `added`, projects that follow those there are.
    fn extend(&mut self, facet: Facet, added: &[Project]) {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        let (starts, ids) = self.rows_of(facet, added.iter());
        let offset = self.ids.len() as u32;
        self.starts
            .extend(starts[1..].iter().map(|start| start + offset));
        for &id in &ids {
            self.totals[id as usize] += 1;
        }
        self.ids.extend(ids);
    }

    /// Makes the rows of the `changed` projects (ascending, each once)
    /// anew from what they hold now.
    fn redo_rows(&mut self, facet: Facet, projects: &[Project], changed: &[usize]) {
        for &index in changed {
            let (start, end) = (self.starts[index], self.starts[index + 1]);
            for &id in &self.ids[start as usize..end as usize] {
                self.totals[id as usize] -= 1;
            }
        }
        let (new_starts, new_ids) = self.rows_of(facet, changed.iter().map(|&i| &projects[i]));
        for &id in &new_ids {
            self.totals[id as usize] += 1;
        }
        let mut ids = Vec::with_capacity(self.ids.len() + new_ids.len());
        let mut starts = Vec::with_capacity(self.starts.len());
        starts.push(0);
        let mut next = changed.iter().enumerate().peekable();
        for (index, row) in self.starts.windows(2).enumerate() {
            match next.next_if(|(_, at)| **at == index) {
                Some((n, _)) => ids.extend_from_slice(
                    &new_ids[new_starts[n] as usize..new_starts[n + 1] as usize],
                ),
                None => ids.extend_from_slice(&self.ids[row[0] as usize..row[1] as usize]),
            }
            starts.push(ids.len() as u32);
        }
        self.ids = ids;
        self.starts = starts;
    }

    /// The rows of `projects` (starts from 0, value ids), numbered as the
    /// values are once those met for the first time have taken their
    /// place in Swedish order (the ids held moving up past them).
    fn rows_of<'a>(
        &mut self,
        facet: Facet,
        projects: impl Iterator<Item = &'a Project>,
    ) -> (Vec<u32>, Vec<u32>) {
        let known: HashMap<&str, u32> = (self.values.iter().map(String::as_str)).zip(0..).collect();
        let mut fresh: Vec<String> = Vec::new();
        let mut fresh_ids: HashMap<String, u32> = HashMap::new();
        let mut starts = vec![0u32];
        let mut ids: Vec<u32> = Vec::new();
        for project in projects {
            facet.for_each_value(project, |value| {
                let id = match known.get(value.as_ref()) {
                    Some(&id) => id,
                    None => *fresh_ids.entry(value.to_string()).or_insert_with(|| {
                        fresh.push(value.to_string());
                        (known.len() + fresh.len() - 1) as u32
                    }),
                };
                ids.push(id);
            });
            starts.push(ids.len() as u32);
        }
        drop(known);
        if !fresh.is_empty() {
            self.take_values(fresh, &mut ids);
        }
        deduplicate_rows(&starts, ids)
    }

    /// Numbers the values anew in Swedish order with `fresh` among them
    /// (numbered after the known ones in `new_ids`): the ids held, and
    /// those in `new_ids`, follow.
    fn take_values(&mut self, fresh: Vec<String>, new_ids: &mut [u32]) {
        let mut names = std::mem::take(&mut self.values);
        names.extend(fresh);
        let mut order: Vec<u32> = (0..names.len() as u32).collect();
        order.sort_by(|&a, &b| collate::compare(&names[a as usize], &names[b as usize]));
        let mut renumber = vec![0u32; names.len()];
        for (new, &old) in order.iter().enumerate() {
            renumber[old as usize] = new as u32;
        }
        for id in self.ids.iter_mut().chain(new_ids.iter_mut()) {
            *id = renumber[*id as usize];
        }
        let mut totals = vec![0u32; names.len()];
        for (old, &total) in self.totals.iter().enumerate() {
            totals[renumber[old] as usize] = total;
        }
        self.totals = totals;
        let mut names: Vec<Option<String>> = names.into_iter().map(Some).collect();
        self.values = order
            .iter()
            .filter_map(|&old| names[old as usize].take())
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::corpus::load::load_bundled;

    /// The samples, again and again, each made a project of its own, with
    /// titles and facet values that vary.
    fn projects(count: usize) -> Vec<Project> {
        let samples = load_bundled().store.into_projects();
        let regions = ["Skåne", "Norrbotten", "Östergötland", "Gotland"];
        let words = ["Ökad", "arbete", "Kompetens", "Älvdalen", "unga", "Åre"];
        (0..count)
            .map(|i| {
                let mut project = samples[i % samples.len()].clone();
                project.id = format!("p{i}");
                project.title = format!("{} {} {}", words[i % 6], words[i * 7 % 5], i % 11);
                project.region = Some(regions[i * 3 % 4].to_string());
                project.municipalities = vec![format!("Kommun {}", i % 13 + i / 40)];
                project
            })
            .collect()
    }

    fn assert_same(grown: &Store, built: &Store) {
        assert_eq!(grown.len(), built.len());
        assert_eq!(grown.title_order(), built.title_order());
        for index in 0..built.len() {
            assert_eq!(grown.folded_title(index), built.folded_title(index));
            assert_eq!(grown.lowercase_title(index), built.lowercase_title(index));
            assert_eq!(grown.title_letters(index), built.title_letters(index));
            assert_eq!(grown.title_rank(index), built.title_rank(index));
        }
        for facet in Facet::ALL {
            let (a, b) = (grown.facet(facet), built.facet(facet));
            assert_eq!(a.values(), b.values(), "{facet:?}");
            assert_eq!(a.totals(), b.totals(), "{facet:?}");
            for index in 0..built.len() {
                assert_eq!(a.ids_of(index), b.ids_of(index), "{facet:?} {index}");
            }
        }
    }

    #[test]
    fn a_store_grown_batch_by_batch_is_the_store_built_at_once() {
        let all = projects(300);
        let mut grown = Store::default();
        let mut start = 0;
        // Batches of every size, a value new to the facets in most.
        for size in [1, 0, 7, 40, 2, 100, 150] {
            let identity = grown.identity();
            grown.extend(all[start..start + size].to_vec());
            assert!(size == 0 || grown.identity() != identity, "a new store");
            start += size;
            assert_same(&grown, &Store::new(all[..start].to_vec()));
        }
        assert_eq!(start, all.len());
    }

    #[test]
    fn the_titles_words_cover_every_project_once_complete() {
        let all = projects(60);
        let mut grown = Store::new(all[..10].to_vec());
        grown.extend(all[10..].to_vec());
        let word: Vec<char> = "alvdale".chars().collect();
        let before = grown.title_words().titles_close_to(&word);
        assert!(before.iter().all(|&index| index < 10), "{before:?}");
        grown.complete();
        let built = Store::new(all);
        assert_eq!(
            grown.title_words().titles_close_to(&word),
            built.title_words().titles_close_to(&word)
        );
        assert!(grown.title_words().titles_close_to(&word).len() > before.len());
    }

    #[test]
    fn copies_in_later_batches_are_merged_as_in_a_load_at_once() {
        use crate::model::corpus::copies::merge_all;
        use crate::model::corpus::load::{Batch, Corpus};
        // Pages 30–39 are copies of pages 0–9, which lack their region
        // and municipalities; one brings a region no page had, one the
        // title its project lacked.
        let mut pages = projects(40);
        for (i, page) in pages.iter_mut().enumerate() {
            page.registration_number = Some(format!("2019/{:05}", i % 30));
        }
        for page in &mut pages[..10] {
            page.region = None;
            page.municipalities.clear();
        }
        pages[35].region = Some("Jämtland".into());
        let grow = |pages: &[Project], cuts: &[usize]| {
            let mut corpus = Corpus::default();
            for window in cuts.windows(2) {
                corpus.absorb(Batch {
                    projects: pages[window[0]..window[1]].to_vec(),
                    ..Batch::default()
                });
            }
            corpus.finish();
            corpus
        };
        let grown = grow(&pages, &[0, 5, 32, 40]);
        let built = Store::new(merge_all(pages.clone()));
        assert_eq!(grown.store.len(), 30);
        assert_same(&grown.store, &built);
        assert_eq!(grown.files_seen, 40);
        assert_eq!(grown.duplicates.len(), 10);
        pages[3].title.clear();
        let grown = grow(&pages, &[0, 5, 40]);
        assert_same(&grown.store, &Store::new(merge_all(pages)));
    }
}
