//! `Marks`: the projects a user marked, by store index; keys from the marks
//! file wait here until the corpus they name has loaded; what this session
//! marked and unmarked is kept until the marks file has it.

use std::collections::BTreeSet;

use crate::model::Store;
use crate::model::output::marks_file::MarkChange;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    marked: BTreeSet<u32>,
    /// Ids from the marks file, waiting for the corpus to load.
    pending: Vec<String>,
    /// Show only marked projects.
    only: bool,
    /// This session's marks and unmarks not yet in the marks file.
    changes: Vec<MarkChange>,
}

impl Marks {
    /// Marks or unmarks a project, and notes it for the marks file.
    pub fn toggle(&mut self, index: u32, store: &Store) {
        let project = store.project(index as usize);
        if self.marked.remove(&index) {
            self.changes.push(MarkChange::Unmark(project.mark_keys()));
        } else {
            self.marked.insert(index);
            self.changes
                .push(MarkChange::Mark(project.mark_key().to_string()));
        }
    }

    /// What this session did that the marks file does not have yet.
    pub fn changes(&self) -> &[MarkChange] {
        &self.changes
    }

    /// The marks file now has the first `count` changes.
    pub fn saved(&mut self, count: usize) {
        self.changes.drain(..count.min(self.changes.len()));
    }

    pub fn contains(&self, index: u32) -> bool {
        self.marked.contains(&index)
    }

    pub fn len(&self) -> usize {
        self.marked.len()
    }

    pub fn is_empty(&self) -> bool {
        self.marked.is_empty()
    }

    pub fn only(&self) -> bool {
        self.only
    }

    pub fn toggle_only(&mut self) {
        self.only = !self.only;
    }

    /// The ids of the marked projects, in store order.
    pub fn ids<'s>(&self, store: &'s Store) -> Vec<&'s str> {
        self.marked
            .iter()
            .map(|&i| store.project(i as usize).id.as_str())
            .collect()
    }

    /// Keeps ids read from the marks file until the corpus has loaded.
    pub fn defer(&mut self, ids: Vec<String>) {
        self.pending = ids;
    }

    /// The ids kept by `defer`, for `restore` once the corpus is in.
    pub fn take_deferred(&mut self) -> Vec<String> {
        std::mem::take(&mut self.pending)
    }

    /// Marks the projects these keys name: a registration number or a
    /// file id, exactly (not by prefix). Keys of other corpora match none.
    pub fn restore(&mut self, keys: &[String], store: &Store) {
        for key in keys {
            let matches = |index: usize| {
                let project = store.project(index);
                project.id == *key
                    || project
                        .registration_number
                        .as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(key))
            };
            match store.find_id(key) {
                Ok(index) if matches(index) => {
                    self.marked.insert(index as u32);
                }
                // The same registration number saved twice: mark both.
                Err(indices) => {
                    self.marked.extend(
                        indices
                            .into_iter()
                            .filter(|&i| matches(i))
                            .map(|i| i as u32),
                    );
                }
                Ok(_) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Project;

    fn store() -> Store {
        let project = |id: &str| Project {
            id: id.into(),
            title: id.into(),
            ..Project::default()
        };
        Store::new(vec![
            project("a1"),
            project("b2"),
            project("b22"),
            Project {
                registration_number: Some("2019/00446".into()),
                ..project("renamed_file")
            },
        ])
    }

    #[test]
    fn a_project_with_a_registration_number_is_marked_by_it() {
        let store = store();
        let mut marks = Marks::default();
        marks.toggle(3, &store);
        marks.toggle(3, &store);
        assert_eq!(
            marks.changes(),
            [
                MarkChange::Mark("2019/00446".into()),
                MarkChange::Unmark(vec!["renamed_file".into(), "2019/00446".into()]),
            ]
        );
    }

    #[test]
    fn toggling_marks_and_unmarks() {
        let store = store();
        let mut marks = Marks::default();
        marks.toggle(2, &store);
        marks.toggle(0, &store);
        assert!(marks.contains(2) && marks.contains(0));
        assert_eq!(marks.ids(&store), ["a1", "b22"]);
        marks.toggle(2, &store);
        assert_eq!(marks.len(), 1);
        assert!(!marks.contains(2));
        assert_eq!(
            marks.changes(),
            [
                MarkChange::Mark("b22".into()),
                MarkChange::Mark("a1".into()),
                MarkChange::Unmark(vec!["b22".into()]),
            ]
        );
        marks.saved(2);
        assert_eq!(marks.changes().len(), 1);
    }

    #[test]
    fn restored_ids_match_exactly_and_unknown_ones_are_skipped() {
        let mut marks = Marks::default();
        marks.restore(&["b2".into(), "b".into(), "elsewhere".into()], &store());
        assert_eq!(marks.ids(&store()), ["b2"]);
        // A registration number finds its page whatever the file is called.
        marks.restore(&["2019/00446".into()], &store());
        assert_eq!(marks.ids(&store()), ["b2", "renamed_file"]);
    }

    #[test]
    fn deferred_ids_wait_until_taken() {
        let mut marks = Marks::default();
        marks.defer(vec!["a1".into()]);
        assert!(marks.is_empty());
        let ids = marks.take_deferred();
        marks.restore(&ids, &store());
        assert_eq!(marks.ids(&store()), ["a1"]);
        assert!(marks.take_deferred().is_empty());
    }
}
