//! Filters: the facet values a user picked, typed value filters, and which
//! projects pass them. Hits are indices into the store, never copies.

use crate::model::corpus::store::{Facet, Store};
use crate::model::page::program_area::split_label;
use crate::model::page::region::canonical_region;
pub use crate::model::query::range::{Measure, Range};
use crate::model::query::title::Hit;
use crate::model::swedish::fold::fold_char;

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
/// facets with AND; ranges (start year, amounts) with AND too.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    selected: [Vec<u32>; Facet::COUNT],
    ranges: Vec<(Measure, Range)>,
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
        self.ranges.clear();
    }

    pub fn is_empty(&self) -> bool {
        self.selected.iter().all(Vec::is_empty) && self.ranges.is_empty()
    }

    /// Keeps only projects whose `measure` is in `range` (a range on the
    /// same measure replaces the one before).
    pub fn set_range(&mut self, measure: Measure, range: Range) {
        self.ranges.retain(|(m, _)| *m != measure);
        self.ranges.push((measure, range));
    }

    pub fn ranges(&self) -> &[(Measure, Range)] {
        &self.ranges
    }

    /// The range on `measure`, if one is set.
    pub fn range(&self, measure: Measure) -> Option<Range> {
        self.ranges
            .iter()
            .find(|(m, _)| *m == measure)
            .map(|(_, range)| *range)
    }

    /// Drops the range on `measure`.
    pub fn clear_range(&mut self, measure: Measure) {
        self.ranges.retain(|(m, _)| *m != measure);
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

    /// The same selection in another store, by value name (the ranges
    /// are `self`'s).
    pub fn from_names(&self, names: &[(Facet, String)], store: &Store) -> Filters {
        let mut filters = Filters {
            ranges: self.ranges.clone(),
            ..Filters::default()
        };
        for (facet, name) in names {
            if let Some(id) = store.facet(*facet).values().iter().position(|v| v == name) {
                filters.select(*facet, id as u32);
            }
        }
        filters
    }

    /// A bit per facet that the project does not pass; every bit when it
    /// is outside a range (it counts for no facet).
    pub(super) fn failing(&self, store: &Store, index: usize) -> u32 {
        let project = store.project(index);
        if !self
            .ranges
            .iter()
            .all(|(measure, range)| range.holds(measure.of(project)))
        {
            return u32::MAX;
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::page::project::{Date, Project};
    use crate::model::query::facets::facet_counts;
    use crate::model::query::test_stores::*;

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
}
