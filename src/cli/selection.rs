//! Turns the filter and search flags shared by `list` and `stats` into the
//! matching projects.

use super::args::SelectionArgs;
use super::print_error;
use crate::model::query::filter;
use crate::model::text_search::TextQuery;
use crate::model::{Facet, Filters, Hit, Store, TitleQuery, TitleSearch};

/// The matching projects in store order, scored when searching. Unknown
/// filter values are reported on stderr and match nothing.
pub fn select(store: &Store, args: &SelectionArgs) -> Vec<Hit> {
    let mut filters = Filters::default();
    let requested = [
        (Facet::Region, &args.region),
        (Facet::ProgramArea, &args.program_area),
        (Facet::Phase, &args.phase),
        (Facet::Municipality, &args.municipality),
        (Facet::Fund, &args.fund),
        (Facet::ProgrammePeriod, &args.programme_period),
    ];
    let mut unmatched = false;
    for (facet, names) in requested {
        for name in names {
            if filters.select_matching(store, facet, name) == 0 {
                print_error(format_args!("no project has {} {name:?}", facet.label()));
                unmatched = true;
            }
        }
    }
    if unmatched {
        return Vec::new();
    }
    let matches = match (&args.text, &args.query) {
        (Some(text), _) => TextQuery::parse(text).matches(store),
        (None, query) => {
            TitleSearch::new().run(store, &TitleQuery::new(query.as_deref().unwrap_or("")))
        }
    };
    filter(store, &matches, &filters)
}

/// Whether a search orders the results (relevance is then the default sort).
pub fn is_searching(args: &SelectionArgs) -> bool {
    let filled = |s: &Option<String>| s.as_deref().is_some_and(|s| !s.trim().is_empty());
    filled(&args.text) || filled(&args.query)
}
