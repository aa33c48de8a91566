//! The parts of a query: filters, sort orders and facet counts over the
//! store. Hits are indices into the store, never copies of projects.

use rayon::prelude::*;

use crate::model::fold::fold_char;
use crate::model::program_area::split_label;
use crate::model::region::canonical_region;
use crate::model::store::{Facet, Store};
use crate::model::title_search::Hit;

/// A facet value as a typed filter matches it: case and accents folded
/// (`ostra` finds `Östra`), any dash an en dash (`2007-2013`).
pub fn value_key(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            '-' | '—' | '‐' => '–',
            c => fold_char(c),
        })
        .collect()
}

/// The values equal to `name` (by `value_key`) or, failing that, starting
/// with it.
fn matching_values(values: &[String], name: &str) -> Vec<usize> {
    let wanted = value_key(name);
    let keys: Vec<String> = values.iter().map(|v| value_key(v)).collect();
    let exact: Vec<usize> = (0..values.len()).filter(|&i| keys[i] == wanted).collect();
    if !exact.is_empty() {
        return exact;
    }
    (0..values.len())
        .filter(|&i| keys[i].starts_with(&wanted))
        .collect()
}

/// A programme-area label or a typed name as matching compares it:
/// `value_key`, the ` · ` between period and area a space.
fn area_key(text: &str) -> String {
    value_key(&text.replace('·', " "))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The forms a user may type a canonical area in, as `area_key`s: the
/// label (`2007–2013 · 1 Kompetensförsörjning`), the area alone
/// (`1 Kompetensförsörjning`), as the old pages write it (`Programområde 1
/// Kompetensförsörjning`), and its code (`1`: matched exactly only).
struct AreaKeys {
    label: String,
    area: String,
    written: String,
    code: String,
}

impl AreaKeys {
    fn of(label: &str) -> AreaKeys {
        let (_, area) = split_label(label);
        let code = area.split_whitespace().next().unwrap_or("");
        let area = area_key(area);
        AreaKeys {
            label: area_key(label),
            written: format!("programomrade {area}"),
            area,
            code: area_key(code),
        }
    }
}

/// The programme-area values `name` selects: those it equals in any form
/// of `AreaKeys`; failing that, those whose area or old-page form starts
/// with it (`Programområde 1`: area 1 of every period that has one);
/// failing that, those whose label starts with it (`2007-2013`, `2014-2020
/// · 2`).
fn matching_areas(values: &[String], name: &str) -> Vec<usize> {
    let wanted = area_key(name);
    if wanted.is_empty() {
        return Vec::new();
    }
    let keys: Vec<AreaKeys> = values.iter().map(|v| AreaKeys::of(v)).collect();
    let pick = |test: &dyn Fn(&AreaKeys) -> bool| -> Vec<usize> {
        (0..values.len()).filter(|&i| test(&keys[i])).collect()
    };
    let exact = pick(&|k| {
        [&k.label, &k.area, &k.written, &k.code]
            .into_iter()
            .any(|key| *key == wanted)
    });
    if !exact.is_empty() {
        return exact;
    }
    let by_area = pick(&|k| k.area.starts_with(&wanted) || k.written.starts_with(&wanted));
    if !by_area.is_empty() {
        return by_area;
    }
    pick(&|k| k.label.starts_with(&wanted))
}

/// Selected value ids per facet. Values of one facet combine with OR,
/// facets with AND.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    selected: [Vec<u32>; Facet::COUNT],
}

impl Filters {
    pub fn selected(&self, facet: Facet) -> &[u32] {
        &self.selected[facet.index()]
    }

    pub fn is_selected(&self, facet: Facet, value: u32) -> bool {
        self.selected(facet).contains(&value)
    }

    pub fn toggle(&mut self, facet: Facet, value: u32) {
        let values = &mut self.selected[facet.index()];
        match values.binary_search(&value) {
            Ok(at) => {
                values.remove(at);
            }
            Err(at) => values.insert(at, value),
        }
    }

    pub fn select(&mut self, facet: Facet, value: u32) {
        if !self.is_selected(facet, value) {
            self.toggle(facet, value);
        }
    }

    pub fn clear(&mut self, facet: Facet) {
        self.selected[facet.index()].clear();
    }

    pub fn clear_all(&mut self) {
        self.selected.iter_mut().for_each(Vec::clear);
    }

    pub fn is_empty(&self) -> bool {
        self.selected.iter().all(Vec::is_empty)
    }

    /// Selects every value equal to `name` (ignoring case) or, failing
    /// that, every value starting with it. Returns how many values were
    /// selected: 0 when no project has such a value. Programme areas match
    /// by `area_match_keys` (`Programområde 1`, `2007-2013 1`, `B`).
    pub fn select_matching(&mut self, store: &Store, facet: Facet, name: &str) -> usize {
        let chosen = match facet {
            Facet::ProgramArea => matching_areas(store.facet(facet).values(), name),
            Facet::Region => matching_values(store.facet(facet).values(), canonical_region(name)),
            _ => matching_values(store.facet(facet).values(), name),
        };
        for &id in &chosen {
            self.select(facet, id as u32);
        }
        chosen.len()
    }

    /// The selection as facet value names (to carry it to a rebuilt store).
    pub fn names(&self, store: &Store) -> Vec<(Facet, String)> {
        Facet::ALL
            .iter()
            .flat_map(|&facet| {
                let values = store.facet(facet).values();
                self.selected(facet)
                    .iter()
                    .map(move |&id| (facet, values[id as usize].clone()))
            })
            .collect()
    }

    /// The same selection in another store, by value name.
    pub fn from_names(names: &[(Facet, String)], store: &Store) -> Filters {
        let mut filters = Filters::default();
        for (facet, name) in names {
            if let Some(id) = store.facet(*facet).values().iter().position(|v| v == name) {
                filters.select(*facet, id as u32);
            }
        }
        filters
    }

    /// A bit per facet that the project does not pass.
    fn failing(&self, store: &Store, index: usize) -> u32 {
        let mut mask = 0;
        for facet in Facet::ALL {
            let wanted = self.selected(facet);
            if !wanted.is_empty()
                && !store
                    .facet(facet)
                    .ids_of(index)
                    .iter()
                    .any(|id| wanted.binary_search(id).is_ok())
            {
                mask |= 1 << facet.index();
            }
        }
        mask
    }

    pub fn passes(&self, store: &Store, index: usize) -> bool {
        self.failing(store, index) == 0
    }
}

/// How the list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// Best fuzzy score first; title order without a query.
    #[default]
    Relevance,
    Title,
    Grant,
    Budget,
    Start,
}

impl SortKey {
    pub const ALL: [SortKey; 5] = [
        SortKey::Relevance,
        SortKey::Title,
        SortKey::Grant,
        SortKey::Budget,
        SortKey::Start,
    ];

    /// The name the command line and the config file use.
    pub fn name(self) -> &'static str {
        match self {
            SortKey::Relevance => "relevance",
            SortKey::Title => "title",
            SortKey::Grant => "grant",
            SortKey::Budget => "budget",
            SortKey::Start => "start",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortKey::Relevance => "relevance",
            SortKey::Title => "title",
            SortKey::Grant => "ESF grant",
            SortKey::Budget => "total budget",
            SortKey::Start => "start date",
        }
    }

    pub fn next(self) -> SortKey {
        let at = SortKey::ALL.iter().position(|k| *k == self).unwrap_or(0);
        SortKey::ALL[(at + 1) % SortKey::ALL.len()]
    }
}

/// The projects that pass the filters, from the title matches.
pub fn filter(store: &Store, matches: &[Hit], filters: &Filters) -> Vec<Hit> {
    if filters.is_empty() {
        return matches.to_vec();
    }
    matches
        .iter()
        .filter(|m| filters.passes(store, m.index as usize))
        .copied()
        .collect()
}

/// Sorts hits in place. Amounts and dates: largest / latest first when
/// `reverse` is false; missing values always last. Ties go by title.
pub fn sort(store: &Store, hits: &mut [Hit], key: SortKey, reverse: bool) {
    match key {
        // Title order is known in advance: for a large share of the store,
        // walk it instead of sorting.
        SortKey::Title if hits.len() > store.len() / 8 => walk_title_order(store, hits, reverse),
        SortKey::Relevance => sort_by_relevance(store, hits, reverse),
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
    let primary =
        |hit: &Hit| -> u64 {
            let project = store.project(hit.index as usize);
            match key {
                SortKey::Title | SortKey::Relevance => {
                    let rank = u64::from(store.title_rank(hit.index as usize));
                    if reverse { u64::MAX - rank } else { rank }
                }
                SortKey::Grant => last_if_missing(project.esf_grant_sek),
                SortKey::Budget => last_if_missing(project.total_budget_sek),
                SortKey::Start => last_if_missing(project.period_start.map(|d| {
                    u64::from(d.year) * 10_000 + u64::from(d.month) * 100 + u64::from(d.day)
                })),
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
    use crate::model::project::{Date, Project};

    fn store() -> Store {
        let project =
            |id: &str, region: &str, phase: &str, grant: Option<u64>, year: u16| Project {
                id: id.into(),
                title: id.into(),
                region: Some(region.into()),
                phase: Some(phase.into()),
                esf_grant_sek: grant,
                period_start: Date::new(year, 1, 1),
                ..Project::default()
            };
        Store::new(vec![
            project("c", "Stockholm", "Genomförande", Some(10), 2009),
            project("a", "Sydsverige", "Genomförande", None, 2012),
            project("b", "Stockholm", "Förprojektering", Some(30), 2008),
        ])
    }

    fn all(store: &Store) -> Vec<Hit> {
        (0..store.len() as u32)
            .map(|index| Hit { index, score: 0 })
            .collect()
    }

    fn ids(store: &Store, hits: &[Hit]) -> Vec<String> {
        hits.iter()
            .map(|m| store.project(m.index as usize).id.clone())
            .collect()
    }

    #[test]
    fn values_of_one_facet_or_and_facets_and() {
        let store = store();
        let mut filters = Filters::default();
        assert_eq!(
            filters.select_matching(&store, Facet::Region, "Stockholm"),
            1
        );
        assert_eq!(
            ids(&store, &filter(&store, &all(&store), &filters)),
            ["c", "b"]
        );
        assert_eq!(
            filters.select_matching(&store, Facet::Region, "sydsverige"),
            1
        );
        assert_eq!(filter(&store, &all(&store), &filters).len(), 3);
        assert_eq!(
            filters.select_matching(&store, Facet::Phase, "Förprojektering"),
            1
        );
        assert_eq!(ids(&store, &filter(&store, &all(&store), &filters)), ["b"]);
        assert_eq!(filters.select_matching(&store, Facet::Phase, "Okänd"), 0);
        // A prefix selects every value it starts.
        let mut by_prefix = Filters::default();
        assert_eq!(by_prefix.select_matching(&store, Facet::Phase, "f"), 1);
    }

    /// Pages of three programme periods, each area spelt several ways.
    fn areas_store() -> Store {
        let page = |id: &str, area: &str, year: u16| Project {
            id: id.into(),
            title: id.into(),
            program_area: Some(area.into()),
            period_start: Date::new(year, 3, 1),
            ..Project::default()
        };
        Store::new(vec![
            page("old-2", "2", 2009),
            page("old-2b", "Programområde 2 Ökat arbetskraftsutbud", 2010),
            page("old-1", "Programområde 1 Kompetensförsörjning", 2008),
            page("mid-1", "1", 2016),
            page("mid-1b", "1.1 Kompetensförsörjning", 2015),
            page("mid-1c", "Programområde 1 Kompetensförsörjning", 2017),
            page("mid-2", "2", 2018),
            page("mid-care", "Care", 2017),
            page("new-b", "B", 2023),
            page("new-b1", "B1", 2024),
            page("new-a", "A", 2024),
        ])
    }

    #[test]
    fn programme_areas_are_merged_within_a_period_and_kept_apart_across() {
        let store = areas_store();
        let facet = store.facet(Facet::ProgramArea);
        let counts = facet_counts(&store, &all(&store), &Filters::default());
        let pairs: Vec<(&str, u32)> = facet
            .values()
            .iter()
            .map(String::as_str)
            .zip(counts[Facet::ProgramArea.index()].iter().copied())
            .collect();
        assert_eq!(
            pairs,
            [
                ("2007–2013 · 1 Kompetensförsörjning", 1),
                ("2007–2013 · 2 Ökat arbetskraftsutbud", 2),
                ("2014–2020 · 1 Kompetensförsörjning", 3),
                ("2014–2020 · 2 Öka övergångarna till arbete", 1),
                ("2014–2020 · Care", 1),
                (
                    "2021–2027 · A Öka möjligheten till ett inkluderande och hållbart arbetsliv för alla",
                    1
                ),
                ("2021–2027 · B Öka möjligheten till arbete", 2),
            ]
        );
        // The page's own value is kept.
        assert_eq!(
            store.project(4).program_area.as_deref(),
            Some("1.1 Kompetensförsörjning")
        );
    }

    #[test]
    fn programme_areas_match_by_label_area_old_spelling_or_code() {
        let store = areas_store();
        let selected = |name: &str| {
            let mut filters = Filters::default();
            filters.select_matching(&store, Facet::ProgramArea, name);
            let mut found = ids(&store, &filter(&store, &all(&store), &filters));
            found.sort();
            found
        };
        // The old pages' spelling: area 1 of both periods that have one.
        assert_eq!(
            selected("Programområde 1"),
            ["mid-1", "mid-1b", "mid-1c", "old-1"]
        );
        assert_eq!(
            selected("programomrade 2 okat arbetskraftsutbud"),
            ["old-2", "old-2b"]
        );
        // The label, with any dash and with or without the dot.
        assert_eq!(selected("2007-2013 · 1"), ["old-1"]);
        assert_eq!(
            selected("2014–2020 1 Kompetensförsörjning"),
            ["mid-1", "mid-1b", "mid-1c"]
        );
        assert_eq!(selected("2021-2027"), ["new-a", "new-b", "new-b1"]);
        // A code alone is exact: `2` is area 2, never `2007…`.
        assert_eq!(selected("2"), ["mid-2", "old-2", "old-2b"]);
        assert_eq!(selected("b"), ["new-b", "new-b1"]);
        assert_eq!(selected("Care"), ["mid-care"]);
        let mut none = Filters::default();
        assert_eq!(
            none.select_matching(&store, Facet::ProgramArea, "Programområde 9"),
            0
        );
        assert_eq!(none.select_matching(&store, Facet::ProgramArea, " "), 0);
    }

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
        assert_eq!(SortKey::Start.next(), SortKey::Relevance);
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

    fn many(count: usize) -> Store {
        let regions = [
            "Stockholm",
            "Sydsverige",
            "Västsverige",
            "Norra Mellansverige",
        ];
        let phases = ["Genomförande", "Förprojektering", "Avslutat"];
        Store::new(
            (0..count)
                .map(|i| Project {
                    id: i.to_string(),
                    title: format!("t{}", (i * 7919) % count),
                    region: Some(regions[(i * 31) % 4].into()),
                    phase: Some(phases[(i * 17) % 3].into()),
                    ..Project::default()
                })
                .collect(),
        )
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
