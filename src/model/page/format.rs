//! How numbers and periods read to a Swedish user: `1 126 379 kr`.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::model::page::project::Project;

/// `1126379` -> `1 126 379`, with `separator` between groups of three.
pub fn group_thousands(value: u64, separator: char) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 2);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// `Some(1126379)` -> `1 126 379 kr`; `None` -> `–`.
pub fn kronor(value: Option<u64>) -> String {
    value.map_or_else(
        || "–".to_string(),
        |v| format!("{} kr", group_thousands(v, ' ')),
    )
}

/// `2012-02-01 – 2014-03-31`, with `?` for a missing end.
pub fn period(project: &Project) -> String {
    match (project.period_start, project.period_end) {
        (None, None) => "–".to_string(),
        (start, end) => format!(
            "{} – {}",
            start.map_or("?".to_string(), |d| d.to_string()),
            end.map_or("?".to_string(), |d| d.to_string())
        ),
    }
}

/// An amount as Swedish readers shorten it: `412 tkr`, `14,3 Mkr`,
/// `142,5 Mdkr` (thousands, millions and billions of kronor).
pub fn short_kronor(value: u64) -> String {
    let tenths = |unit: u64| {
        let tenths = (value as u128 * 10 + unit as u128 / 2) / unit as u128;
        format!(
            "{},{}",
            group_thousands((tenths / 10) as u64, ' '),
            tenths % 10
        )
    };
    match value {
        0..1_000 => format!("{value} kr"),
        1_000..1_000_000 => format!("{} tkr", (value + 500) / 1_000),
        1_000_000..1_000_000_000 => format!("{} Mkr", tenths(1_000_000)),
        _ => format!("{} Mdkr", tenths(1_000_000_000)),
    }
}

/// `2012–2014` for list columns (`2009` for a project within one year).
pub fn years(project: &Project) -> String {
    match (project.period_start, project.period_end) {
        (None, None) => String::new(),
        // A project within one year: `2009`, not `2009–2009`.
        (Some(start), Some(end)) if start.year == end.year => start.year.to_string(),
        (start, end) => format!(
            "{}–{}",
            start.map_or("?".to_string(), |d| d.year.to_string()),
            end.map_or("?".to_string(), |d| d.year.to_string())
        ),
    }
}

/// Whether a character could change how text reads on a terminal or in an
/// editor without being seen: control characters, and the invisible
/// format characters (bidi overrides and isolates, zero-width joiners and
/// spaces, the byte-order mark).
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// A path as text that is safe to print on a terminal: control and
/// hidden format characters in file names (ESC, BEL, bidi overrides …)
/// become `�`.
pub fn printable_path(path: &std::path::Path) -> String {
    printable(&path.display().to_string())
}

/// Text from outside the pages (file names, system messages) made safe to
/// print: control and hidden format characters become `�`.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if is_hidden(c) { '\u{FFFD}' } else { c })
        .collect()
}

/// Cuts text to at most `width` columns, ending in `…` when cut.
pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped_from_the_right() {
        assert_eq!(group_thousands(0, ' '), "0");
        assert_eq!(group_thousands(999, ' '), "999");
        assert_eq!(group_thousands(1000, ' '), "1 000");
        assert_eq!(group_thousands(1_126_379, ' '), "1 126 379");
        assert_eq!(group_thousands(11_645_708, ' '), "11 645 708");
        assert_eq!(kronor(Some(4_410_000)), "4 410 000 kr");
        assert_eq!(kronor(None), "–");
        let one_year = Project {
            period_start: crate::model::Date::new(2009, 1, 1),
            period_end: crate::model::Date::new(2009, 5, 1),
            ..Project::default()
        };
        assert_eq!(years(&one_year), "2009");
        let two_years = Project {
            period_end: crate::model::Date::new(2010, 5, 1),
            ..one_year.clone()
        };
        assert_eq!(years(&two_years), "2009–2010");
        assert_eq!(short_kronor(950), "950 kr");
        assert_eq!(short_kronor(14_311_040), "14,3 Mkr");
        assert_eq!(short_kronor(1_126_379), "1,1 Mkr");
        assert_eq!(short_kronor(412_000), "412 tkr");
        assert_eq!(short_kronor(142_461_799_967), "142,5 Mdkr");
    }

    #[test]
    fn control_characters_in_names_are_not_printed() {
        assert_eq!(
            printable("a\u{1b}]0;x\u{7}b.txt"),
            "a\u{fffd}]0;x\u{fffd}b.txt"
        );
        assert_eq!(printable_path(std::path::Path::new("ok/å.txt")), "ok/å.txt");
    }

    #[test]
    fn truncation_counts_columns_not_bytes() {
        assert_eq!(truncate("Härjedalen", 20), "Härjedalen");
        assert_eq!(truncate("Härjedalen", 5), "Härj…");
        assert_eq!(truncate("日本語のタイトル", 5), "日本…");
        assert_eq!(truncate("abc", 0), "");
        assert!(truncate("日本語", 1).width() <= 1);
    }
}
