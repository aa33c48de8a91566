//! Typo tolerance for title search: when a query finds nothing, the titles
//! whose words are each within one edit of a query word (two for words of
//! eight letters or more) — an insertion, deletion, substitution or a swap
//! of two neighbours. Marked with a negative score, so that they sort after
//! any real match and the list can say they are only similar.

use rayon::prelude::*;

use super::fold::fold_char;
use super::store::Store;
use super::title_search::Hit;

/// The score of a title that is only similar to the query.
pub const SIMILAR: i64 = -1;

/// Titles in which every word of `query` is close to some word.
pub fn similar_titles(store: &Store, query: &str) -> Vec<Hit> {
    let words: Vec<Vec<char>> = query
        .split_whitespace()
        .map(|word| word.chars().map(fold_char).collect())
        .collect();
    if words.is_empty() {
        return Vec::new();
    }
    (0..store.len() as u32)
        .into_par_iter()
        .filter(|&index| {
            let title: Vec<Vec<char>> = store
                .project(index as usize)
                .title
                .split(|c: char| !c.is_alphanumeric())
                .filter(|word| !word.is_empty())
                .map(|word| word.chars().map(fold_char).collect())
                .collect();
            words
                .iter()
                .all(|word| title.iter().any(|t| close(word, t)))
        })
        .map(|index| Hit {
            index,
            score: SIMILAR,
        })
        .collect()
}

/// Within one edit (two for a word of eight letters or more), counting a
/// swap of neighbours as one (optimal string alignment distance).
fn close(word: &[char], other: &[char]) -> bool {
    let limit = if word.len() >= 8 { 2 } else { 1 };
    if word.len().abs_diff(other.len()) > limit {
        return false;
    }
    distance(word, other) <= limit
}

fn distance(a: &[char], b: &[char]) -> usize {
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Project;

    fn chars(text: &str) -> Vec<char> {
        text.chars().map(fold_char).collect()
    }

    #[test]
    fn one_edit_or_two_for_long_words() {
        assert!(close(&chars("hgotrycket"), &chars("högtrycket")));
        assert!(close(&chars("kraftsamlingg"), &chars("kraftsamling")));
        assert!(close(
            &chars("bergslagsresursen"),
            &chars("bergslagsesursen")
        ));
        assert!(close(&chars("harjedlaen"), &chars("härjedalen")));
        assert!(!close(&chars("hp"), &chars("hallå")));
        assert!(!close(&chars("jobb"), &chars("jobbeten")));
    }

    #[test]
    fn every_query_word_must_be_close_to_a_title_word() {
        let project = |title: &str| Project {
            id: title.into(),
            title: title.into(),
            ..Project::default()
        };
        let store = Store::new(vec![
            project("Kraftsamling Härjedalen"),
            project("Högtrycket"),
        ]);
        let hits = similar_titles(&store, "kraftsamlingg harjedlen");
        assert_eq!(hits.len(), 1);
        assert_eq!(
            store.project(hits[0].index as usize).title,
            "Kraftsamling Härjedalen"
        );
        assert_eq!(hits[0].score, SIMILAR);
        assert!(similar_titles(&store, "kraftsamling zzzzz").is_empty());
    }
}
