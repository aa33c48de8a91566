//! Typo tolerance for title search: the titles whose words are each within
//! one edit of a query word (two for words of eight letters or more) — an
//! insertion, deletion, substitution or a swap of two neighbours. Listed
//! when a query finds nothing, and after the real matches when it finds
//! only a few; marked with a negative score, so that they sort after any
//! real match and the list can say they are only similar.
//!
//! The store's index of title words (`title_words`) finds the close words:
//! a keystroke reads no title.

use crate::model::corpus::store::Store;
use crate::model::query::title::Hit;
use crate::model::swedish::fold::fold_char;

/// The score of a title that is only similar to the query.
pub const SIMILAR: i64 = -1;

/// With fewer real matches than this, similar titles are listed after them.
pub const FEW_MATCHES: usize = 5;

/// Titles in which every word of `query` is close to some word, ascending.
pub fn similar_titles(store: &Store, query: &str) -> Vec<Hit> {
    let words = query_words(query);
    let Some((first, others)) = words.split_first() else {
        return Vec::new();
    };
    let index = store.title_words();
    let mut titles = index.titles_close_to(first);
    for word in others {
        if titles.is_empty() {
            break;
        }
        let close = index.titles_close_to(word);
        titles = intersection(&titles, &close);
    }
    titles
        .into_iter()
        .map(|index| Hit {
            index,
            score: SIMILAR,
        })
        .collect()
}

/// The query's words, folded.
fn query_words(query: &str) -> Vec<Vec<char>> {
    query
        .split_whitespace()
        .map(|word| word.chars().map(fold_char).collect())
        .collect()
}

/// What two ascending lists share.
fn intersection(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j) = (0, 0);
    let mut both = Vec::with_capacity(a.len().min(b.len()));
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    both
}

/// The same answer by reading every title: the reference the index is
/// tested against.
#[cfg(test)]
pub fn similar_titles_by_scan(store: &Store, query: &str) -> Vec<Hit> {
    use crate::model::search::title_words::close;
    let words = query_words(query);
    if words.is_empty() {
        return Vec::new();
    }
    (0..store.len() as u32)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Project;

    fn store(titles: &[String]) -> Store {
        Store::new(
            titles
                .iter()
                .enumerate()
                .map(|(i, title)| Project {
                    id: i.to_string(),
                    title: title.clone(),
                    ..Project::default()
                })
                .collect(),
        )
    }

    #[test]
    fn every_query_word_must_be_close_to_a_title_word() {
        let store = store(&["Kraftsamling Härjedalen".into(), "Högtrycket".into()]);
        let hits = similar_titles(&store, "kraftsamlingg harjedlen");
        assert_eq!(hits.len(), 1);
        assert_eq!(
            store.project(hits[0].index as usize).title,
            "Kraftsamling Härjedalen"
        );
        assert_eq!(hits[0].score, SIMILAR);
        assert!(similar_titles(&store, "kraftsamling zzzzz").is_empty());
        assert!(similar_titles(&store, "  ").is_empty());
    }

    proptest::proptest! {
        /// Any titles and any query: the index finds exactly the titles
        /// that reading every title finds.
        #[test]
        fn the_index_finds_what_a_scan_finds(
            titles in proptest::collection::vec(
                "[abkäåöé Å1–.-]{0,14}|(ab|ba|k|ä|a|b|é|ö|[ -]){0,10}|\\PC{0,8}",
                1..16,
            ),
            query in "[abkäåöé Å1.-]{1,12}|(ab|ba|k|ä|a|b|é|ö| ){1,8}|\\PC{1,5}",
            from_title in proptest::option::of((0usize..16, 0usize..40, 0usize..3)),
        ) {
            // Now and then a query made from a title with an edit or two.
            let query = match from_title {
                Some((which, at, edit)) => {
                    let mut chars: Vec<char> = titles[which % titles.len()].chars().collect();
                    if !chars.is_empty() {
                        let at = at % chars.len();
                        match edit {
                            0 => { chars.remove(at); }
                            1 => chars.insert(at, 'x'),
                            _ if at + 1 < chars.len() => chars.swap(at, at + 1),
                            _ => chars[at] = 'k',
                        }
                    }
                    chars.into_iter().collect()
                }
                None => query,
            };
            let store = store(&titles);
            proptest::prop_assert_eq!(
                similar_titles(&store, &query),
                similar_titles_by_scan(&store, &query),
                "query {:?}", query
            );
        }
    }
}
