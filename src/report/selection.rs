//! Turns the filter and search flags shared by `list` and `stats` into a
//! `Query`, and runs it.

use super::Sink;
use crate::command_line::SelectionArgs;
use crate::model::query::{Measure, Query, SearchKind};
use crate::model::{Facet, Filters, Hit, SortKey, Store, TitleSearch};

/// The matching projects in `sort` order (relevance: best first when
/// searching, else title order). `None` when a filter value matches no
/// value of its facet: reported on stderr with the values there are.
pub fn select(
    store: &Store,
    args: &SelectionArgs,
    sort: SortKey,
    reverse: bool,
    sink: &mut Sink<'_>,
) -> Option<Vec<Hit>> {
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
                say_unmatched(store, facet, name, sink);
                unmatched = true;
            }
        }
    }
    if unmatched {
        return None;
    }
    let ranges = [
        (Measure::StartYear, args.years),
        (Measure::Grant, args.grant),
        (Measure::Budget, args.budget),
    ];
    for (measure, range) in ranges {
        if let Some(range) = range {
            filters.set_range(measure, range);
        }
    }
    let (kind, text) = match (&args.text, &args.query) {
        (Some(text), _) => (SearchKind::AllText, text.clone()),
        (None, query) => (SearchKind::Titles, query.clone().unwrap_or_default()),
    };
    let query = Query {
        kind,
        text,
        filters,
        sort,
        reverse,
    };
    Some(query.run(store, &mut TitleSearch::new(), None).hits)
}

/// Says that no project has `name` for `facet`, with the values there are.
fn say_unmatched(store: &Store, facet: Facet, name: &str, sink: &mut Sink<'_>) {
    let values = store.facet(facet).values();
    let shown: Vec<&str> = values.iter().take(12).map(String::as_str).collect();
    let more = if values.len() > shown.len() {
        ", …"
    } else {
        ""
    };
    if shown.is_empty() {
        // Nothing to list: say so, not "the values are: ".
        sink.error(format_args!(
            "no project has {} {name:?}: no page here names any {}",
            facet.label(),
            facet.label()
        ));
    } else {
        sink.error(format_args!(
            "no project has {} {name:?}; the values are: {}{more}",
            facet.label(),
            shown.join(", ")
        ));
    }
}
