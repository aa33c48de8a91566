//! Small stores the query tests share.

use crate::model::corpus::store::Store;
use crate::model::page::project::{Date, Project};
use crate::model::query::title::Hit;

pub fn store() -> Store {
    let project = |id: &str, region: &str, phase: &str, grant: Option<u64>, year: u16| Project {
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

pub fn all(store: &Store) -> Vec<Hit> {
    (0..store.len() as u32)
        .map(|index| Hit { index, score: 0 })
        .collect()
}

pub fn ids(store: &Store, hits: &[Hit]) -> Vec<String> {
    hits.iter()
        .map(|m| store.project(m.index as usize).id.clone())
        .collect()
}

pub fn many(count: usize) -> Store {
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
