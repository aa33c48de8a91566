//! `Marks`: the projects a user marked, by store index; ids from the marks
//! file wait here until the corpus they name has loaded.

use std::collections::BTreeSet;

use crate::model::Store;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    marked: BTreeSet<u32>,
    /// Ids from the marks file, waiting for the corpus to load.
    pending: Vec<String>,
    /// Show only marked projects.
    only: bool,
}

impl Marks {
    /// Marks or unmarks a project.
    pub fn toggle(&mut self, index: u32) {
        if !self.marked.remove(&index) {
            self.marked.insert(index);
        }
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

    /// Marks the projects with these ids (exactly, not by prefix).
    pub fn restore(&mut self, ids: &[String], store: &Store) {
        for id in ids {
            if let Ok(index) = store.find_id(id)
                && store.project(index).id == *id
            {
                self.marked.insert(index as u32);
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
        Store::new(vec![project("a1"), project("b2"), project("b22")])
    }

    #[test]
    fn toggling_marks_and_unmarks() {
        let mut marks = Marks::default();
        marks.toggle(2);
        marks.toggle(0);
        assert!(marks.contains(2) && marks.contains(0));
        assert_eq!(marks.ids(&store()), ["a1", "b22"]);
        marks.toggle(2);
        assert_eq!(marks.len(), 1);
        assert!(!marks.contains(2));
    }

    #[test]
    fn restored_ids_match_exactly_and_unknown_ones_are_skipped() {
        let mut marks = Marks::default();
        marks.restore(&["b2".into(), "b".into(), "elsewhere".into()], &store());
        assert_eq!(marks.ids(&store()), ["b2"]);
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
