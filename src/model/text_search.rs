//! Full-text search over every part of a project: title, header fields,
//! sections and lists. Words match case-insensitively (Unicode case folding,
//! so `Å` finds `å`), all words must occur (AND), `"quoted phrases"` match
//! as written (any run of whitespace between their words).

use rayon::prelude::*;
use regex::{Regex, RegexBuilder};

use super::parse::Field;
use super::project::{ListKind, Project};
use super::store::Store;
use super::title_search::Hit;

/// One word or phrase of a query.
#[derive(Debug, Clone)]
struct Term {
    pattern: Regex,
}

/// A parsed full-text query.
#[derive(Debug, Clone, Default)]
pub struct TextQuery {
    raw: String,
    terms: Vec<Term>,
}

/// Where a match is: which part of the project, and its byte range there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextSpot {
    pub part: usize,
    pub start: usize,
    pub end: usize,
}

/// A project that contains every term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextHit {
    pub index: u32,
    /// Occurrences of all terms together.
    pub hits: u32,
    /// The first match in document order.
    pub first: TextSpot,
}

/// Every searchable part of a project, in document order, with a label.
pub fn parts(project: &Project) -> Vec<(&str, &str)> {
    let mut parts: Vec<(&str, &str)> = vec![("Titel", project.title.as_str())];
    let fields = [
        (Field::RegistrationNumber, &project.registration_number),
        (Field::ProgramArea, &project.program_area),
        (Field::SpecificObjective, &project.specific_objective),
        (Field::Fund, &project.fund),
        (Field::Phase, &project.phase),
        (Field::Owner, &project.owner),
        (Field::OwnerOrgNumber, &project.owner_org_number),
        (Field::ContactName, &project.contact_name),
        (Field::Email, &project.email),
        (Field::Phone, &project.phone),
        (Field::Region, &project.region),
        (Field::CoFinancingRate, &project.co_financing_rate),
        (Field::InterventionType, &project.intervention_type),
        (Field::Nuts2, &project.nuts2),
    ];
    for (field, value) in fields {
        if let Some(value) = value {
            parts.push((field.label(), value.as_str()));
        }
    }
    for extra in &project.extra_fields {
        if !extra.value.is_empty() {
            parts.push((extra.label.as_str(), extra.value.as_str()));
        }
    }
    for section in &project.sections {
        parts.push((section.heading.as_str(), section.text.as_str()));
    }
    for kind in ListKind::ALL {
        for item in project.list(kind) {
            parts.push((kind.heading(), item.as_str()));
        }
    }
    parts
}

impl TextQuery {
    /// Splits into words and `"quoted phrases"`; an unclosed quote runs to
    /// the end.
    pub fn parse(query: &str) -> TextQuery {
        let mut terms = Vec::new();
        for (i, chunk) in query.split('"').enumerate() {
            let quoted = i % 2 == 1;
            let pieces: Vec<String> = if quoted {
                let words: Vec<String> = chunk.split_whitespace().map(regex::escape).collect();
                if words.is_empty() {
                    vec![]
                } else {
                    vec![words.join(r"\s+")]
                }
            } else {
                chunk.split_whitespace().map(regex::escape).collect()
            };
            for piece in pieces {
                if let Ok(pattern) = RegexBuilder::new(&piece).case_insensitive(true).build() {
                    terms.push(Term { pattern });
                }
            }
        }
        TextQuery {
            raw: query.to_string(),
            terms,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// Byte ranges of every match of any term in `text`, sorted.
    pub fn matches_in(&self, text: &str) -> Vec<(usize, usize)> {
        let mut ranges: Vec<(usize, usize)> = self
            .terms
            .iter()
            .flat_map(|term| term.pattern.find_iter(text).map(|m| (m.start(), m.end())))
            .collect();
        ranges.sort_unstable();
        ranges
    }

    /// Whether every term occurs somewhere in the project; with the count
    /// and the first spot.
    pub fn hit(&self, project: &Project, index: u32) -> Option<TextHit> {
        if self.is_empty() {
            return None;
        }
        let parts = parts(project);
        // Reject quickly: every term must occur somewhere.
        for term in &self.terms {
            if !parts.iter().any(|(_, text)| term.pattern.is_match(text)) {
                return None;
            }
        }
        let mut hits = 0u32;
        let mut first: Option<TextSpot> = None;
        for (part, (_, text)) in parts.iter().enumerate() {
            for term in &self.terms {
                for found in term.pattern.find_iter(text) {
                    hits = hits.saturating_add(1);
                    let spot = TextSpot {
                        part,
                        start: found.start(),
                        end: found.end(),
                    };
                    if first.is_none_or(|f| (spot.part, spot.start) < (f.part, f.start)) {
                        first = Some(spot);
                    }
                }
            }
        }
        first.map(|first| TextHit { index, hits, first })
    }

    /// Every project containing all terms, in store order, scored by the
    /// number of occurrences.
    pub fn matches(&self, store: &Store) -> Vec<Hit> {
        self.search(store)
            .into_iter()
            .map(|hit| Hit {
                index: hit.index,
                score: i64::from(hit.hits),
            })
            .collect()
    }

    /// Every project containing all terms, in store order.
    pub fn search(&self, store: &Store) -> Vec<TextHit> {
        if self.is_empty() {
            return Vec::new();
        }
        store
            .projects()
            .par_iter()
            .enumerate()
            .filter_map(|(index, project)| self.hit(project, index as u32))
            .collect()
    }
}

/// A one-line excerpt around a spot: (before, match, after), at most
/// `width` chars in all, on one line.
pub fn snippet(project: &Project, spot: TextSpot, width: usize) -> (String, String, String) {
    let parts = parts(project);
    let Some((_, text)) = parts.get(spot.part) else {
        return Default::default();
    };
    let (start, end) = (spot.start.min(text.len()), spot.end.min(text.len()));
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return Default::default();
    }
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let matched = flat(&text[start..end]);
    let room = width.saturating_sub(matched.chars().count());
    // Context after the match comes first, but never more than two thirds
    // of the room when there is text before it.
    let after_len = flat(&text[end..]).chars().count() + 1;
    let before_room = room.saturating_sub(after_len.min(room * 2 / 3));
    let before_all = flat(&text[..start]);
    let before: String = {
        let chars: Vec<char> = before_all.chars().collect();
        let from = chars.len().saturating_sub(before_room);
        let mut s: String = chars[from..].iter().collect();
        if from > 0 && !s.is_empty() {
            s.replace_range(..s.chars().next().map_or(0, char::len_utf8), "…");
        }
        if start > 0 && text[..start].ends_with(char::is_whitespace) {
            s.push(' ');
        }
        s
    };
    let after_room = room.saturating_sub(before.chars().count());
    let mut after: String = String::new();
    if text[end..].starts_with(char::is_whitespace) {
        after.push(' ');
    }
    after.extend(
        flat(&text[end..])
            .chars()
            .take(after_room.saturating_sub(after.len())),
    );
    (before, matched, after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::project::Section;

    fn project() -> Project {
        Project {
            title: "Kraftsamling Härjedalen".into(),
            owner: Some("IDAMIC Ögränd".into()),
            sections: vec![Section {
                heading: "Bakgrund".into(),
                text: "Arbetsgivarringen växer.\nÅtgärder för unga i ÅRE och åre kommun.".into(),
            }],
            partners: vec!["Företagarna Härjedalen".into()],
            ..Project::default()
        }
    }

    #[test]
    fn words_fold_case_including_swedish_letters() {
        let q = TextQuery::parse("åre");
        let hit = q.hit(&project(), 0).unwrap();
        assert_eq!(hit.hits, 2);
        assert!(TextQuery::parse("ÖGRÄND").hit(&project(), 0).is_some());
        assert!(TextQuery::parse("ogrand").hit(&project(), 0).is_none());
    }

    #[test]
    fn all_words_must_occur() {
        assert!(
            TextQuery::parse("arbetsgivarringen unga")
                .hit(&project(), 0)
                .is_some()
        );
        assert!(
            TextQuery::parse("arbetsgivarringen saknas")
                .hit(&project(), 0)
                .is_none()
        );
    }

    #[test]
    fn quoted_phrases_match_exactly_across_line_breaks() {
        assert!(
            TextQuery::parse("\"växer. åtgärder\"")
                .hit(&project(), 0)
                .is_some()
        );
        assert!(
            TextQuery::parse("\"unga ÅRE\"")
                .hit(&project(), 0)
                .is_none()
        );
        assert!(TextQuery::parse("\"i åre\"").hit(&project(), 0).is_some());
    }

    #[test]
    fn lists_and_fields_are_searched_and_the_first_spot_is_earliest() {
        let hit = TextQuery::parse("härjedalen").hit(&project(), 7).unwrap();
        assert_eq!(hit.index, 7);
        assert_eq!(hit.hits, 2);
        assert_eq!(hit.first.part, 0);
        let (before, matched, after) = snippet(&project(), hit.first, 30);
        assert_eq!(matched, "Härjedalen");
        assert_eq!(
            format!("{before}{matched}{after}"),
            "Kraftsamling Härjedalen"
        );
    }

    #[test]
    fn snippets_stay_on_one_line_and_within_width() {
        let hit = TextQuery::parse("unga").hit(&project(), 0).unwrap();
        let (before, matched, after) = snippet(&project(), hit.first, 24);
        let line = format!("{before}{matched}{after}");
        assert!(!line.contains('\n'));
        assert!(line.chars().count() <= 24, "{line}");
        assert!(before.starts_with('…'));
        assert_eq!(matched, "unga");
    }
}
