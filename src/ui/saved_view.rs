//! What a session leaves for the next one on the same pages: the search
//! (its kind and text), the filters by value name, and the order. Plain
//! data with serde; the command line reads and writes it (in the state
//! folder), the state takes it back (`AppState::restore_view`).

use serde::{Deserialize, Serialize};

use crate::model::query::{Measure, Range, SearchKind};
use crate::model::{Facet, SortKey};

/// A session's view of the list, to start the next one with.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedView {
    /// Full text (`true`) or titles.
    pub all_text: bool,
    pub text: String,
    /// `SortKey::name`.
    pub sort: String,
    pub reverse: bool,
    /// Selected filter values as (facet label, value).
    pub filters: Vec<(String, String)>,
    /// Range filters as (`Measure::name`, the range as typed): `("years",
    /// "2010-2014")`. (Files from before ranges have none.)
    #[serde(default)]
    pub ranges: Vec<(String, String)>,
}

impl SavedView {
    pub fn kind(&self) -> SearchKind {
        if self.all_text {
            SearchKind::AllText
        } else {
            SearchKind::Titles
        }
    }

    pub fn sort_key(&self) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|key| key.name() == self.sort)
    }

    /// The ranges this program can read.
    pub fn measured_ranges(&self) -> Vec<(Measure, Range)> {
        self.ranges
            .iter()
            .filter_map(|(name, typed)| {
                let measure = Measure::ALL.into_iter().find(|m| m.name() == name)?;
                Some((measure, Range::parse(typed)?))
            })
            .collect()
    }

    /// The filters as (facet, value), the facets this program knows.
    pub fn facet_values(&self) -> Vec<(Facet, String)> {
        self.filters
            .iter()
            .filter_map(|(label, value)| {
                let facet = Facet::ALL.into_iter().find(|f| f.label() == label)?;
                Some((facet, value.clone()))
            })
            .collect()
    }
}
