//! Sort orders: the keys a list can be ordered by, and sorting hits by
//! them (title order walked from the store's index where that is cheaper).

use crate::model::corpus::store::Store;
use crate::model::page::project::{Date, Project};
use crate::model::query::title::Hit;
use crate::model::swedish::collate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// Best fuzzy score first; title order without a query.
    #[default]
    Relevance,
    Title,
    Grant,
    Budget,
    Start,
    /// Latest end date first.
    End,
    /// Region in Swedish order (as the Region filter names it).
    Region,
    /// Project owner (Projektägare) in Swedish order.
    Owner,
}

impl SortKey {
    pub const ALL: [SortKey; 8] = [
        SortKey::Relevance,
        SortKey::Title,
        SortKey::Grant,
        SortKey::Budget,
        SortKey::Start,
        SortKey::End,
        SortKey::Region,
        SortKey::Owner,
    ];

    /// The name the command line and the config file use.
    pub fn name(self) -> &'static str {
        match self {
            SortKey::Relevance => "relevance",
            SortKey::Title => "title",
            SortKey::Grant => "grant",
            SortKey::Budget => "budget",
            SortKey::Start => "start",
            SortKey::End => "end",
            SortKey::Region => "region",
            SortKey::Owner => "owner",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortKey::Relevance => "relevance",
            SortKey::Title => "title",
            SortKey::Grant => "ESF grant",
            SortKey::Budget => "total budget",
            SortKey::Start => "start date",
            SortKey::End => "end date",
            SortKey::Region => "region",
            SortKey::Owner => "owner",
        }
    }

    pub fn next(self) -> SortKey {
        let at = SortKey::ALL.iter().position(|k| *k == self).unwrap_or(0);
        SortKey::ALL[(at + 1) % SortKey::ALL.len()]
    }
}

/// Sorts hits in place. Amounts and dates: largest / latest first when
/// `reverse` is false; missing values always last. Ties go by title.
pub fn sort(store: &Store, hits: &mut [Hit], key: SortKey, reverse: bool) {
    match key {
        // Title order is known in advance: for a large share of the store,
        // walk it instead of sorting.
        SortKey::Title if hits.len() > store.len() / 8 => walk_title_order(store, hits, reverse),
        SortKey::Relevance => sort_by_relevance(store, hits, reverse),
        SortKey::Region => sort_by_text(store, hits, reverse, |p| p.region_name()),
        SortKey::Owner => sort_by_text(store, hits, reverse, |p| p.owner.as_deref()),
        _ => sort_by_key(store, hits, key, reverse),
    }
}

/// Scores spread over at most this many values are sorted by counting.
const COUNTING_SORT_SPAN: i64 = 4096;

/// Hits by score (best first unless `reverse`), ties in title order, by
/// counting; `false` (and `hits` untouched) when the scores spread too far
/// or a project is listed twice.
fn count_by_score(store: &Store, hits: &mut [Hit], reverse: bool) -> bool {
    let (Some(low), Some(high)) = (
        hits.iter().map(|h| h.score).min(),
        hits.iter().map(|h| h.score).max(),
    ) else {
        return true;
    };
    if high - low >= COUNTING_SORT_SPAN {
        return false;
    }
    // The bucket of a score: best first, or worst first when reversed.
    let bucket = |score: i64| -> usize {
        if reverse {
            (score - low) as usize
        } else {
            (high - score) as usize
        }
    };
    let mut score_of = vec![None; store.len()];
    let mut starts = vec![0usize; (high - low) as usize + 2];
    for hit in hits.iter() {
        if score_of[hit.index as usize].replace(hit.score).is_some() {
            return false;
        }
        starts[bucket(hit.score) + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    for &index in store.title_order() {
        if let Some(score) = score_of[index as usize] {
            let slot = &mut starts[bucket(score)];
            hits[*slot] = Hit { index, score };
            *slot += 1;
        }
    }
    true
}

fn walk_title_order(store: &Store, hits: &mut [Hit], reverse: bool) {
    let mut wanted = vec![None; store.len()];
    for hit in hits.iter() {
        wanted[hit.index as usize] = Some(hit.score);
    }
    let order = store.title_order();
    let ordered = order
        .iter()
        .filter_map(|&index| wanted[index as usize].map(|score| Hit { index, score }));
    if reverse {
        let mut ordered: Vec<Hit> = ordered.collect();
        ordered.reverse();
        hits.copy_from_slice(&ordered);
    } else {
        for (slot, hit) in hits.iter_mut().zip(ordered) {
            *slot = hit;
        }
    }
}

/// Score and title rank fit in one u64 (scores are small, ranks are below
/// 2^32): sorting plain integers is the fastest sort there is — but for
/// a large share of the store with few distinct scores (the first letters
/// of a search), a counting sort over title order beats it.
fn sort_by_relevance(store: &Store, hits: &mut [Hit], reverse: bool) {
    if hits.len() > store.len() / 8 && count_by_score(store, hits, reverse) {
        return;
    }
    let order = store.title_order();
    let mut packed: Vec<u64> = hits
        .iter()
        .map(|hit| {
            // Shifted by one so that a similar title's -1 survives (as 0).
            let score = (hit.score + 1).clamp(0, i64::from(u32::MAX)) as u64;
            let score = if reverse {
                score
            } else {
                u64::from(u32::MAX) - score
            };
            (score << 32) | u64::from(store.title_rank(hit.index as usize))
        })
        .collect();
    packed.sort_unstable();
    for (slot, key) in hits.iter_mut().zip(packed) {
        let score = key >> 32;
        let score = if reverse {
            score
        } else {
            u64::from(u32::MAX) - score
        };
        let index = order[(key & u64::from(u32::MAX)) as usize];
        *slot = Hit {
            index,
            score: score as i64 - 1,
        };
    }
}

/// One integer key per hit, then an unstable sort on it (title rank breaks
/// ties): much cheaper than a comparator that looks projects up on every
/// comparison. Missing values go last, either way.
fn sort_by_key(store: &Store, hits: &mut [Hit], key: SortKey, reverse: bool) {
    let flip = |value: u64| if reverse { value } else { u64::MAX - value };
    let last_if_missing =
        |value: Option<u64>| value.map_or(u64::MAX, |v| flip(v).min(u64::MAX - 1));
    let primary = |hit: &Hit| -> u64 {
        let project = store.project(hit.index as usize);
        match key {
            SortKey::Title | SortKey::Relevance | SortKey::Region | SortKey::Owner => {
                let rank = u64::from(store.title_rank(hit.index as usize));
                if reverse { u64::MAX - rank } else { rank }
            }
            SortKey::Grant => last_if_missing(project.esf_grant_sek),
            SortKey::Budget => last_if_missing(project.total_budget_sek),
            SortKey::Start => last_if_missing(project.period_start.map(date_key)),
            SortKey::End => last_if_missing(project.period_end.map(date_key)),
        }
    };
    let mut keyed: Vec<(u64, u32, Hit)> = hits
        .iter()
        .map(|hit| (primary(hit), store.title_rank(hit.index as usize), *hit))
        .collect();
    keyed.sort_unstable_by_key(|(primary, rank, _)| (*primary, *rank));
    for (slot, (_, _, hit)) in hits.iter_mut().zip(keyed) {
        *slot = hit;
    }
}

/// A date as a number that sorts like it.
fn date_key(date: Date) -> u64 {
    u64::from(date.year) * 10_000 + u64::from(date.month) * 100 + u64::from(date.day)
}

/// Hits by a text of the project in Swedish order (Ö to A when `reverse`);
/// projects without it last; ties by title.
fn sort_by_text(
    store: &Store,
    hits: &mut [Hit],
    reverse: bool,
    text: impl Fn(&Project) -> Option<&str>,
) {
    hits.sort_by(|a, b| {
        let (pa, pb) = (
            store.project(a.index as usize),
            store.project(b.index as usize),
        );
        let order = match (text(pa), text(pb)) {
            (Some(x), Some(y)) => {
                let order = collate::compare(x, y);
                if reverse { order.reverse() } else { order }
            }
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        order.then_with(|| {
            store
                .title_rank(a.index as usize)
                .cmp(&store.title_rank(b.index as usize))
        })
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::page::project::Project;
    use crate::model::query::test_stores::*;

    #[test]
    fn relevance_puts_high_scores_first_and_ties_in_title_order() {
        let store = store();
        let mut hits = vec![
            Hit { index: 0, score: 5 },
            Hit { index: 1, score: 9 },
            Hit { index: 2, score: 5 },
        ];
        sort(&store, &mut hits, SortKey::Relevance, false);
        // c (0) and b (2) tie at 5: b comes first by title.
        assert_eq!(
            hits,
            [
                Hit { index: 1, score: 9 },
                Hit { index: 2, score: 5 },
                Hit { index: 0, score: 5 }
            ]
        );
        sort(&store, &mut hits, SortKey::Relevance, true);
        assert_eq!(hits[2], Hit { index: 1, score: 9 });
    }

    #[test]
    fn title_order_is_the_same_walked_or_sorted() {
        let titles = [
            "Öl", "Ål", "Zeta", "alfa", "Beta", "Äng", "Omega", "b", "A", "ö",
        ];
        let store = Store::new(
            titles
                .iter()
                .map(|t| Project {
                    id: t.to_string(),
                    title: t.to_string(),
                    ..Project::default()
                })
                .collect(),
        );
        for size in 0..=titles.len() {
            for reverse in [false, true] {
                let mut hits: Vec<Hit> = (0..size as u32)
                    .map(|index| Hit { index, score: 0 })
                    .collect();
                sort(&store, &mut hits, SortKey::Title, reverse);
                let mut expected: Vec<u32> = (0..size as u32).collect();
                expected.sort_by_key(|&i| store.title_rank(i as usize));
                if reverse {
                    expected.reverse();
                }
                assert_eq!(
                    hits.iter().map(|h| h.index).collect::<Vec<_>>(),
                    expected,
                    "{size} {reverse}"
                );
            }
        }
    }

    #[test]
    fn sorts_by_each_key_with_missing_values_last() {
        let store = store();
        let mut hits = all(&store);
        sort(&store, &mut hits, SortKey::Title, false);
        assert_eq!(ids(&store, &hits), ["a", "b", "c"]);
        sort(&store, &mut hits, SortKey::Grant, false);
        assert_eq!(ids(&store, &hits), ["b", "c", "a"]);
        sort(&store, &mut hits, SortKey::Grant, true);
        assert_eq!(ids(&store, &hits), ["c", "b", "a"]);
        sort(&store, &mut hits, SortKey::Start, false);
        assert_eq!(ids(&store, &hits), ["a", "c", "b"]);
        assert_eq!(SortKey::Start.next(), SortKey::End);
        assert_eq!(SortKey::Owner.next(), SortKey::Relevance);
    }

    #[test]
    fn sorts_by_region_owner_and_end_date_with_missing_values_last() {
        let mut projects: Vec<Project> = store().projects().to_vec();
        projects[0].owner = Some("Östra kommun".into());
        projects[1].owner = Some("Ale kommun".into());
        projects[0].period_end = Date::new(2011, 1, 1);
        let store = Store::new(projects);
        let mut hits = all(&store);
        sort(&store, &mut hits, SortKey::Region, false);
        assert_eq!(ids(&store, &hits), ["b", "c", "a"]);
        sort(&store, &mut hits, SortKey::Region, true);
        assert_eq!(ids(&store, &hits), ["a", "b", "c"]);
        // Å, Ä, Ö after Z; without an owner last, whichever way.
        sort(&store, &mut hits, SortKey::Owner, false);
        assert_eq!(ids(&store, &hits), ["a", "c", "b"]);
        sort(&store, &mut hits, SortKey::Owner, true);
        assert_eq!(ids(&store, &hits), ["c", "a", "b"]);
        sort(&store, &mut hits, SortKey::End, false);
        assert_eq!(ids(&store, &hits), ["c", "a", "b"]);
    }

    #[test]
    fn counting_by_score_orders_like_sorting() {
        let store = many(2_000);
        for reverse in [false, true] {
            // Few distinct scores (counted) and many (sorted), with ties.
            for spread in [7, 100_000] {
                let hits: Vec<Hit> = all(&store)
                    .into_iter()
                    .filter(|h| h.index % 3 != 1)
                    .map(|h| Hit {
                        index: h.index,
                        score: (i64::from(h.index) * 7_919) % spread - 1,
                    })
                    .collect();
                let mut counted = hits.clone();
                let mut compared = hits.clone();
                sort_by_relevance(&store, &mut counted, reverse);
                compared.sort_by_key(|h| {
                    let score = if reverse { h.score } else { -h.score };
                    (score, store.title_rank(h.index as usize))
                });
                assert_eq!(counted, compared, "reverse {reverse}, spread {spread}");
            }
        }
    }
}
