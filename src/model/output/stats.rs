//! Sums and counts over a set of projects: per region, per start year, and
//! the totals. Feeds the statistics view and `esf-browse stats`.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::model::corpus::store::Store;
use crate::model::page::project::Project;
use crate::model::swedish::collate;

/// Projects and money of one region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionStats {
    /// `NO_REGION` for projects whose page names none (`null` in JSON).
    #[serde(serialize_with = "region_or_null")]
    pub region: String,
    pub projects: usize,
    pub esf_grant_sek: u64,
    pub total_budget_sek: u64,
}

fn region_or_null<S: serde::Serializer>(region: &str, serializer: S) -> Result<S::Ok, S::Error> {
    if region == NO_REGION {
        serializer.serialize_none()
    } else {
        serializer.serialize_str(region)
    }
}

/// Projects and money of one programme period (`2007–2013` …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodStats {
    /// `null` in JSON for projects whose period cannot be told.
    pub programme_period: Option<String>,
    pub projects: usize,
    pub esf_grant_sek: u64,
    pub total_budget_sek: u64,
}

/// Projects and money of one programme area of one programme period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AreaStats {
    /// The programme period (`2007–2013`); `null` when unknown.
    pub programme_period: Option<String>,
    /// The canonical area within the period (`1 Kompetensförsörjning`),
    /// `null` for projects whose page names none.
    pub program_area: Option<String>,
    pub projects: usize,
    pub esf_grant_sek: u64,
    pub total_budget_sek: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearStats {
    pub year: u16,
    pub projects: usize,
}

/// Statistics of a list of projects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Stats {
    pub projects: usize,
    /// Beviljat ESF-stöd totalt.
    pub esf_grant_total_sek: u64,
    /// Total projektbudget totalt.
    pub total_budget_total_sek: u64,
    /// In Swedish order; projects without a region under "(no region)".
    pub per_region: Vec<RegionStats>,
    /// Per programme period and canonical programme area (as the
    /// Programområde facet groups them), in period then Swedish order;
    /// projects without an area last in their period.
    pub per_program_area: Vec<AreaStats>,
    /// Every year from the first to the last start year, gaps as zero.
    pub per_start_year: Vec<YearStats>,
    /// Per programme period, oldest first; projects whose period cannot be
    /// told last.
    pub per_programme_period: Vec<PeriodStats>,
    /// Pages that were copies of a project already counted (the same
    /// registration number; or the same title, owner, phase and start):
    /// merged into it, left out of every count and sum.
    pub duplicates: usize,
}

/// The label for projects whose page names no region.
pub const NO_REGION: &str = "(no region)";

/// What every group counts: projects and their money.
trait Tally {
    fn counts(&mut self) -> (&mut usize, &mut u64, &mut u64);

    /// Counts one project with its grant and budget (missing as zero).
    fn count(&mut self, grant: u64, budget: u64) {
        let (projects, grants, budgets) = self.counts();
        *projects += 1;
        *grants = grants.saturating_add(grant);
        *budgets = budgets.saturating_add(budget);
    }
}

impl Tally for RegionStats {
    fn counts(&mut self) -> (&mut usize, &mut u64, &mut u64) {
        let s = self;
        (
            &mut s.projects,
            &mut s.esf_grant_sek,
            &mut s.total_budget_sek,
        )
    }
}

impl Tally for PeriodStats {
    fn counts(&mut self) -> (&mut usize, &mut u64, &mut u64) {
        let s = self;
        (
            &mut s.projects,
            &mut s.esf_grant_sek,
            &mut s.total_budget_sek,
        )
    }
}

impl Tally for AreaStats {
    fn counts(&mut self) -> (&mut usize, &mut u64, &mut u64) {
        let s = self;
        (
            &mut s.projects,
            &mut s.esf_grant_sek,
            &mut s.total_budget_sek,
        )
    }
}

impl Tally for Stats {
    fn counts(&mut self) -> (&mut usize, &mut u64, &mut u64) {
        let s = self;
        (
            &mut s.projects,
            &mut s.esf_grant_total_sek,
            &mut s.total_budget_total_sek,
        )
    }
}

/// The groups as they are counted, before they are put in order.
#[derive(Default)]
struct Groups<'p> {
    regions: BTreeMap<&'p str, RegionStats>,
    years: BTreeMap<u16, usize>,
    periods: BTreeMap<Option<&'p str>, PeriodStats>,
    areas: BTreeMap<(Option<&'p str>, Option<String>), AreaStats>,
}

impl<'p> Groups<'p> {
    /// Counts one project in the total and in each of its groups.
    fn add(&mut self, total: &mut Stats, project: &'p Project) {
        let grant = project.esf_grant_sek.unwrap_or(0);
        let budget = project.total_budget_sek.unwrap_or(0);
        total.count(grant, budget);
        let period = project.programme_period();
        self.periods
            .entry(period)
            .or_insert_with(|| PeriodStats {
                programme_period: period.map(String::from),
                projects: 0,
                esf_grant_sek: 0,
                total_budget_sek: 0,
            })
            .count(grant, budget);
        let name = project.region_name().unwrap_or(NO_REGION);
        self.regions
            .entry(name)
            .or_insert_with(|| RegionStats {
                region: name.to_string(),
                projects: 0,
                esf_grant_sek: 0,
                total_budget_sek: 0,
            })
            .count(grant, budget);
        let area = project.program_area_canonical().map(|a| a.area_label());
        self.areas
            .entry((period, area))
            .or_insert_with_key(|(period, area)| AreaStats {
                programme_period: period.map(String::from),
                program_area: area.clone(),
                projects: 0,
                esf_grant_sek: 0,
                total_budget_sek: 0,
            })
            .count(grant, budget);
        if let Some(start) = project.period_start {
            *self.years.entry(start.year).or_default() += 1;
        }
    }

    /// Puts the groups in their order into `stats`.
    fn finish(self, stats: &mut Stats) {
        stats.per_region = self.regions.into_values().collect();
        stats
            .per_region
            .sort_by(|a, b| collate::compare(&a.region, &b.region));
        // `None` sorts first in the map: it goes last.
        let (known, unknown): (Vec<PeriodStats>, Vec<PeriodStats>) = self
            .periods
            .into_values()
            .partition(|p| p.programme_period.is_some());
        stats.per_programme_period = known.into_iter().chain(unknown).collect();
        stats.per_program_area = self.areas.into_values().collect();
        stats.per_program_area.sort_by(area_order);
        let years = self.years;
        if let (Some(&first), Some(&last)) = (years.keys().next(), years.keys().last()) {
            stats.per_start_year = (first..=last)
                .map(|year| YearStats {
                    year,
                    projects: years.get(&year).copied().unwrap_or(0),
                })
                .collect();
        }
    }
}

impl Stats {
    pub fn compute(store: &Store, indices: impl IntoIterator<Item = usize>) -> Stats {
        let mut stats = Stats::default();
        let mut groups = Groups::default();
        let mut seen: HashSet<&str> = HashSet::new();
        for index in indices {
            let project = store.project(index);
            // Copies are merged when loading; one listed twice is still
            // counted once.
            if !seen.insert(project.mark_key()) {
                stats.duplicates += 1;
                continue;
            }
            stats.duplicates += project.copies() - 1;
            groups.add(&mut stats, project);
        }
        groups.finish(&mut stats);
        stats
    }
}

/// Periods in order, unknown last; within one, areas in Swedish order and
/// projects without an area last.
fn area_order(a: &AreaStats, b: &AreaStats) -> std::cmp::Ordering {
    let period = |s: &AreaStats| (s.programme_period.is_none(), s.programme_period.clone());
    period(a)
        .cmp(&period(b))
        .then_with(|| match (&a.program_area, &b.program_area) {
            (Some(x), Some(y)) => collate::compare(x, y),
            (x, y) => x.is_none().cmp(&y.is_none()),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::page::project::{Date, Project};

    #[test]
    fn a_project_saved_twice_is_counted_once() {
        let page = |id: &str, number: Option<&str>| Project {
            id: id.into(),
            registration_number: number.map(String::from),
            esf_grant_sek: Some(100),
            ..Project::default()
        };
        let store = Store::new(vec![
            page("a", Some("2019/00001")),
            page("a-copy", Some("2019/00001")),
            page("b", None),
            page("b", None),
            page("c", None),
        ]);
        let stats = Stats::compute(&store, 0..store.len());
        assert_eq!((stats.projects, stats.duplicates), (3, 2));
        assert_eq!(stats.esf_grant_total_sek, 300);
    }

    #[test]
    fn projects_without_a_region_are_null_in_json() {
        let region = RegionStats {
            region: NO_REGION.to_string(),
            projects: 1,
            esf_grant_sek: 0,
            total_budget_sek: 0,
        };
        let json = serde_json::to_value(&region).unwrap();
        assert!(json["region"].is_null());
    }

    #[test]
    fn sums_per_region_and_counts_per_year_with_gaps() {
        let project = |region: Option<&str>, grant, year| Project {
            id: format!("{region:?}-{grant}-{year}"),
            region: region.map(String::from),
            esf_grant_sek: Some(grant),
            total_budget_sek: Some(grant * 2),
            period_start: Date::new(year, 1, 1),
            ..Project::default()
        };
        let store = Store::new(vec![
            project(Some("Östra Mellansverige"), 100, 2009),
            project(Some("Stockholm"), 10, 2012),
            project(Some("Stockholm"), 5, 2009),
            project(None, 1, 2010),
        ]);
        let stats = Stats::compute(&store, 0..store.len());
        assert_eq!(stats.projects, 4);
        assert_eq!(stats.esf_grant_total_sek, 116);
        assert_eq!(stats.total_budget_total_sek, 232);
        let regions: Vec<(&str, usize, u64)> = stats
            .per_region
            .iter()
            .map(|r| (r.region.as_str(), r.projects, r.esf_grant_sek))
            .collect();
        assert_eq!(
            regions,
            [
                (NO_REGION, 1, 1),
                ("Stockholm", 2, 15),
                ("Östra Mellansverige", 1, 100)
            ]
        );
        let years: Vec<(u16, usize)> = stats
            .per_start_year
            .iter()
            .map(|y| (y.year, y.projects))
            .collect();
        assert_eq!(years, [(2009, 2), (2010, 1), (2011, 0), (2012, 1)]);
    }

    #[test]
    fn sums_per_programme_period_and_canonical_area() {
        let project = |id: &str, area: Option<&str>, grant, year| Project {
            id: id.into(),
            program_area: area.map(String::from),
            esf_grant_sek: Some(grant),
            period_start: Date::new(year, 1, 1),
            ..Project::default()
        };
        let store = Store::new(vec![
            project("a", Some("Programområde 1 Kompetensförsörjning"), 1, 2009),
            project("b", Some("1"), 10, 2009),
            project("c", Some("1.1 Kompetensförsörjning"), 100, 2016),
            project("d", Some("1"), 1000, 2017),
            project("e", Some("B"), 10000, 2023),
            project("f", None, 5, 2023),
            project("g", Some("Care"), 7, 2018),
        ]);
        let stats = Stats::compute(&store, 0..store.len());
        let rows: Vec<(Option<&str>, Option<&str>, usize, u64)> = stats
            .per_program_area
            .iter()
            .map(|a| {
                (
                    a.programme_period.as_deref(),
                    a.program_area.as_deref(),
                    a.projects,
                    a.esf_grant_sek,
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                (Some("2007–2013"), Some("1 Kompetensförsörjning"), 2, 11),
                (Some("2014–2020"), Some("1 Kompetensförsörjning"), 2, 1100),
                (Some("2014–2020"), Some("Care"), 1, 7),
                (
                    Some("2021–2027"),
                    Some("B Öka möjligheten till arbete"),
                    1,
                    10000
                ),
                (Some("2021–2027"), None, 1, 5),
            ]
        );
    }
}
