//! Facet counts: for each facet value, how many matching projects carry it
//! given the other facets' filters, carried over from the last run where
//! only a few hits changed.

use rayon::prelude::*;

use crate::model::corpus::store::{Facet, Store};
use crate::model::query::filters::Filters;
use crate::model::query::title::Hit;

/// For each facet, how many matching projects carry each value, given the
/// other facets' filters (a facet's own selection does not narrow its counts).
pub fn facet_counts(store: &Store, matches: &[Hit], filters: &Filters) -> Vec<Vec<u32>> {
    let projects: Vec<u32> = matches.iter().map(|hit| hit.index).collect();
    count_projects(store, &projects, filters)
}

/// The counts of `projects`, on all cores when many.
fn count_projects(store: &Store, projects: &[u32], filters: &Filters) -> Vec<Vec<u32>> {
    const CHUNK: usize = 16_384;
    let empty = || -> Vec<Vec<u32>> {
        Facet::ALL
            .iter()
            .map(|f| vec![0; store.facet(*f).values().len()])
            .collect()
    };
    let unfiltered = filters.is_empty();
    let count = |chunk: &[u32]| {
        let mut counts = empty();
        if unfiltered {
            // Facet by facet: one index and one row of counts at a time.
            for facet in Facet::ALL {
                let (index, counts) = (store.facet(facet), &mut counts[facet.index()]);
                for &project in chunk {
                    for &id in index.ids_of(project as usize) {
                        counts[id as usize] += 1;
                    }
                }
            }
            return counts;
        }
        for &index in chunk {
            let index = index as usize;
            let failing = filters.failing(store, index);
            for facet in Facet::ALL {
                let bit = 1 << facet.index();
                if failing & !bit == 0 {
                    for &id in store.facet(facet).ids_of(index) {
                        counts[facet.index()][id as usize] += 1;
                    }
                }
            }
        }
        counts
    };
    if projects.len() <= CHUNK {
        return count(projects);
    }
    projects
        .par_chunks(CHUNK)
        .map(count)
        .reduce_with(|mut total, part| {
            add_counts(&mut total, &part);
            total
        })
        .unwrap_or_else(empty)
}

/// `total += part`, value by value.
fn add_counts(total: &mut [Vec<u32>], part: &[Vec<u32>]) {
    for (sum, add) in total.iter_mut().zip(part) {
        for (s, a) in sum.iter_mut().zip(add) {
            *s += a;
        }
    }
}

/// `total -= part`, value by value; `false` (and `total` in pieces) when a
/// count would go below zero: the counts were not of a superset.
fn take_counts(total: &mut [Vec<u32>], part: &[Vec<u32>]) -> bool {
    for (sum, less) in total.iter_mut().zip(part) {
        for (s, l) in sum.iter_mut().zip(less) {
            match s.checked_sub(*l) {
                Some(left) => *s = left,
                None => return false,
            }
        }
    }
    true
}

/// The facet counts of the last run, so that the next one, when its
/// matches differ in fewer projects than it has (a search that grew or
/// shrank by a letter), counts only the projects that came or went:
/// typing `a` in 100k titles drops a few thousand.
#[derive(Debug, Clone, Default)]
pub struct CountCache {
    /// Project indices, ascending.
    matches: Vec<u32>,
    filters: Filters,
    /// The store counted (`Store::identity`).
    store: u64,
    counts: Vec<Vec<u32>>,
}

impl CountCache {
    /// Forgets the last counts (call when the store changes).
    pub fn reset(&mut self) {
        *self = CountCache::default();
    }

    /// The counts of `matches`, from the last ones when that is cheaper.
    pub fn counts(&mut self, store: &Store, matches: &[Hit], filters: &Filters) -> Vec<Vec<u32>> {
        let ascending = matches.windows(2).all(|w| w[0].index < w[1].index);
        let comparable = ascending
            && self.store == store.identity()
            && self.filters == *filters
            && !self.counts.is_empty();
        let changes = comparable.then(|| changes(&self.matches, matches));
        let carried = match changes {
            Some((added, dropped)) if added.len() + dropped.len() < matches.len() => {
                let mut counts = self.counts.clone();
                let taken = take_counts(&mut counts, &count_projects(store, &dropped, filters));
                add_counts(&mut counts, &count_projects(store, &added, filters));
                taken.then_some(counts)
            }
            _ => None,
        };
        // Counted afresh also when the last counts were not of this store
        // (a caller that did not `reset`): a count would have gone negative.
        let counts = carried.unwrap_or_else(|| facet_counts(store, matches, filters));
        if ascending {
            self.matches.clear();
            self.matches.extend(matches.iter().map(|hit| hit.index));
            self.filters = filters.clone();
            self.store = store.identity();
            self.counts = counts.clone();
        } else {
            self.reset();
        }
        counts
    }
}

/// The projects in `now` and not `before`, and those in `before` and not
/// `now` (both ascending).
fn changes(before: &[u32], now: &[Hit]) -> (Vec<u32>, Vec<u32>) {
    let (mut added, mut dropped) = (Vec::new(), Vec::new());
    let mut before = before.iter().copied().peekable();
    for hit in now {
        while let Some(index) = before.next_if(|&index| index < hit.index) {
            dropped.push(index);
        }
        if before.next_if_eq(&hit.index).is_none() {
            added.push(hit.index);
        }
    }
    dropped.extend(before);
    (added, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::page::project::Project;
    use crate::model::query::test_stores::*;

    #[test]
    fn counts_ignore_the_facets_own_selection() {
        let store = store();
        let mut filters = Filters::default();
        assert_eq!(
            filters.select_matching(&store, Facet::Phase, "Genomförande"),
            1
        );
        let counts = facet_counts(&store, &all(&store), &filters);
        let phase = store.facet(Facet::Phase).values();
        let region = store.facet(Facet::Region).values();
        // Phase counts are not narrowed by the phase filter …
        assert_eq!(
            counts[Facet::Phase.index()]
                [phase.iter().position(|v| v == "Förprojektering").unwrap()],
            1
        );
        // … but region counts are.
        assert_eq!(
            counts[Facet::Region.index()][region.iter().position(|v| v == "Stockholm").unwrap()],
            1
        );
        assert_eq!(
            counts[Facet::Region.index()][region.iter().position(|v| v == "Sydsverige").unwrap()],
            1
        );
    }

    #[test]
    fn counts_over_many_chunks_equal_a_plain_count() {
        let regions = ["Stockholm", "Sydsverige", "Västsverige"];
        let phases = ["Genomförande", "Förprojektering"];
        let store = Store::new(
            (0..40_000)
                .map(|i| Project {
                    id: i.to_string(),
                    region: Some(regions[i % 3].into()),
                    phase: Some(phases[i % 2].into()),
                    ..Project::default()
                })
                .collect(),
        );
        let mut filters = Filters::default();
        filters.select_matching(&store, Facet::Phase, "Genomförande");
        let counts = facet_counts(&store, &all(&store), &filters);
        let region = store.facet(Facet::Region).values();
        for (id, name) in region.iter().enumerate() {
            // Regions are counted among the 20 000 in Genomförande.
            let expected = (0..40_000)
                .filter(|i| i % 2 == 0 && regions[i % 3] == name)
                .count() as u32;
            assert_eq!(counts[Facet::Region.index()][id], expected, "{name}");
        }
        // Phases are counted without their own filter.
        assert_eq!(counts[Facet::Phase.index()].iter().sum::<u32>(), 40_000);
    }

    #[test]
    fn counts_carried_from_the_last_run_equal_a_fresh_count() {
        let store = many(3_000);
        let some = |keep: &dyn Fn(u32) -> bool| -> Vec<Hit> {
            all(&store).into_iter().filter(|h| keep(h.index)).collect()
        };
        let mut filtered = Filters::default();
        filtered.select_matching(&store, Facet::Phase, "Avslutat");
        let none = Filters::default();
        let mut cache = CountCache::default();
        // Narrowing, narrowing more, widening, a new filter, an unrelated set.
        let steps: Vec<(Vec<Hit>, &Filters)> = vec![
            (all(&store), &none),
            (some(&|i| i % 10 != 3), &none),
            (some(&|i| i % 10 != 3 && i % 7 != 0), &none),
            (some(&|i| i % 10 != 3), &none),
            (some(&|i| i % 10 != 3), &filtered),
            (some(&|i| i % 10 != 3 && i % 5 != 1), &filtered),
            (some(&|i| i % 2 == 0), &filtered),
            (all(&store), &none),
        ];
        for (step, (matches, filters)) in steps.iter().enumerate() {
            assert_eq!(
                cache.counts(&store, matches, filters),
                facet_counts(&store, matches, filters),
                "step {step}"
            );
        }
        // Another store of the same size: counted afresh.
        let other = Store::new(
            (0..3_000)
                .map(|i| Project {
                    id: i.to_string(),
                    region: Some("Stockholm".into()),
                    ..Project::default()
                })
                .collect(),
        );
        let fewer = some(&|i| i % 10 != 3);
        assert_eq!(
            cache.counts(&other, &fewer, &none),
            facet_counts(&other, &fewer, &none)
        );
        // Matches out of store order (similar titles, say) are counted afresh.
        let mut reversed = some(&|i| i % 3 == 0);
        reversed.reverse();
        assert_eq!(
            cache.counts(&store, &reversed, &Filters::default()),
            facet_counts(&store, &reversed, &Filters::default())
        );
    }
}
