//! Range filters: a number a project has (its start year, its ESF grant,
//! its total budget) and the inclusive range it must fall in, as people
//! type it (`2010-2014`, `500k-2M`) and read it (`from 1 000 000 kr`).

use crate::model::page::format::group_thousands;
use crate::model::page::project::Project;

/// A number of a project a range filter reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// The year the project starts.
    StartYear,
    /// Beviljat ESF-stöd, kronor.
    Grant,
    /// Total projektbudget, kronor.
    Budget,
}

impl Measure {
    pub const ALL: [Measure; 3] = [Measure::StartYear, Measure::Grant, Measure::Budget];

    /// Its name in the command line's options and saved views.
    pub fn name(self) -> &'static str {
        match self {
            Measure::StartYear => "years",
            Measure::Grant => "grant",
            Measure::Budget => "budget",
        }
    }

    /// What the browser's status line and prompt call it.
    pub fn label(self) -> &'static str {
        match self {
            Measure::StartYear => "Start year",
            Measure::Grant => "ESF grant",
            Measure::Budget => "Budget",
        }
    }

    /// Its name in a narrow column (the filter pane).
    pub fn short_label(self) -> &'static str {
        match self {
            Measure::StartYear => "Years",
            Measure::Grant => "Grant",
            Measure::Budget => "Budget",
        }
    }

    /// The project's number, if it has one.
    pub fn of(self, project: &Project) -> Option<u64> {
        match self {
            Measure::StartYear => project.period_start.map(|d| u64::from(d.year)),
            Measure::Grant => project.esf_grant_sek,
            Measure::Budget => project.total_budget_sek,
        }
    }
}

/// An inclusive range; an open end is unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Range {
    pub low: Option<u64>,
    pub high: Option<u64>,
}

impl Range {
    /// Whether a value is in the range; a missing value never is.
    pub fn holds(self, value: Option<u64>) -> bool {
        value.is_some_and(|v| {
            self.low.is_none_or(|low| v >= low) && self.high.is_none_or(|high| v <= high)
        })
    }

    /// `2010-2014`, `2010..2014`, `2012` (that one), `2010-` or `..2014`
    /// (open ends); numbers may carry spaces and a `k` (thousand) or `M`
    /// (million): `500k-2M`. `None` when it is none of these.
    pub fn parse(text: &str) -> Option<Range> {
        let text = text.trim();
        let (low, high) = match text.split_once("..").or_else(|| text.split_once('-')) {
            Some((low, high)) => (low.trim(), high.trim()),
            None => (text, text),
        };
        let number = |part: &str| -> Option<Option<u64>> {
            if part.is_empty() {
                return Some(None);
            }
            let compact: String = part.chars().filter(|c| !c.is_whitespace()).collect();
            let (digits, scale) = match compact.strip_suffix(['k', 'K']) {
                Some(digits) => (digits, 1_000),
                None => match compact.strip_suffix('M') {
                    Some(digits) => (digits, 1_000_000),
                    None => (compact.as_str(), 1),
                },
            };
            digits.parse::<u64>().ok()?.checked_mul(scale).map(Some)
        };
        let range = Range {
            low: number(low)?,
            high: number(high)?,
        };
        let ordered = match (range.low, range.high) {
            (Some(low), Some(high)) => low <= high,
            (None, None) => false,
            _ => true,
        };
        ordered.then_some(range)
    }

    /// The range as a reader reads it: `2010–2014`, `from 2010`,
    /// `up to 2 000 000 kr`, `2012`.
    pub fn describe(self, measure: Measure) -> String {
        let number = |value: u64| match measure {
            Measure::StartYear => value.to_string(),
            Measure::Grant | Measure::Budget => format!("{} kr", group_thousands(value, ' ')),
        };
        match (self.low, self.high) {
            (Some(low), Some(high)) if low == high => number(low),
            (Some(low), Some(high)) => match measure {
                Measure::StartYear => format!("{low}–{high}"),
                _ => format!("{} – {}", group_thousands(low, ' '), number(high)),
            },
            (Some(low), None) => format!("from {}", number(low)),
            (None, Some(high)) => format!("up to {}", number(high)),
            (None, None) => "any".to_string(),
        }
    }

    /// The range as it would be typed (`2010-2014`, `500k-2M`, `1M-`):
    /// what `parse` reads back to the same range.
    pub fn typed(self, measure: Measure) -> String {
        let number = |value: Option<u64>| value.map_or(String::new(), |v| short(v, measure));
        if self.low.is_some() && self.low == self.high {
            return number(self.low);
        }
        format!("{}-{}", number(self.low), number(self.high))
    }

    /// The range in few columns: `2010–2014`, `≥2010`, `500k–2M`, `≤300k`.
    pub fn compact(self, measure: Measure) -> String {
        match (self.low, self.high) {
            (Some(low), Some(high)) if low == high => short(low, measure),
            (Some(low), Some(high)) => format!("{}–{}", short(low, measure), short(high, measure)),
            (Some(low), None) => format!("≥{}", short(low, measure)),
            (None, Some(high)) => format!("≤{}", short(high, measure)),
            (None, None) => "any".to_string(),
        }
    }
}

/// A number as few characters write it: a year whole, an amount in `k`
/// (thousands) or `M` (millions) when it is a round one.
fn short(value: u64, measure: Measure) -> String {
    match measure {
        Measure::StartYear => value.to_string(),
        _ if value > 0 && value.is_multiple_of(1_000_000) => format!("{}M", value / 1_000_000),
        _ if value > 0 && value.is_multiple_of(1_000) => format!("{}k", value / 1_000),
        _ => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_read_as_people_write_them() {
        let range = |low, high| Some(Range { low, high });
        assert_eq!(Range::parse("2010-2014"), range(Some(2010), Some(2014)));
        assert_eq!(Range::parse("2010..2014"), range(Some(2010), Some(2014)));
        assert_eq!(Range::parse("2012"), range(Some(2012), Some(2012)));
        assert_eq!(Range::parse("2010-"), range(Some(2010), None));
        assert_eq!(Range::parse("..2014"), range(None, Some(2014)));
        assert_eq!(
            Range::parse("500k-2M"),
            range(Some(500_000), Some(2_000_000))
        );
        assert_eq!(Range::parse("1 000 000-"), range(Some(1_000_000), None));
        for bad in ["", "-", "2014-2010", "x", "20x0", "99999999999999999999M"] {
            assert_eq!(Range::parse(bad), None, "{bad:?}");
        }
        let years = Range::parse("2010-2012").unwrap();
        assert!(years.holds(Some(2010)) && years.holds(Some(2012)));
        assert!(!years.holds(Some(2013)) && !years.holds(None));
    }

    #[test]
    fn a_range_is_described_and_typed_back_as_itself() {
        let cases = [
            (Measure::StartYear, "2010-2014", "2010–2014"),
            (Measure::StartYear, "2012", "2012"),
            (Measure::StartYear, "2010-", "from 2010"),
            (Measure::StartYear, "..2014", "up to 2014"),
            (Measure::Grant, "500k-2M", "500 000 – 2 000 000 kr"),
            (Measure::Budget, "1M-", "from 1 000 000 kr"),
            (Measure::Grant, "-1500", "up to 1 500 kr"),
            (Measure::Grant, "0-1234567", "0 – 1 234 567 kr"),
        ];
        for (measure, typed, described) in cases {
            let range = Range::parse(typed).unwrap();
            assert_eq!(range.describe(measure), described, "{typed}");
            assert_eq!(Range::parse(&range.typed(measure)), Some(range), "{typed}");
            let compact = range.compact(measure);
            assert!(compact.chars().count() <= 9, "{compact}");
        }
    }
}
