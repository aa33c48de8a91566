//! The state folder's record of the last view of each set of pages
//! (`~/.local/state/esf-browse/sessions.json` on Linux): the browser starts
//! where it was left on the same pages. Never the bundled samples, never
//! `serve`; `--fresh` or `remember = false` in the config start clean. A
//! record that cannot be read is ignored; nothing is ever written beside
//! the pages.

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::model::output::atomic_write::write_atomically;
use crate::ui::saved_view::SavedView;

/// Sets of pages remembered; the least recent are forgotten first.
const MOST_KEPT: usize = 50;

/// Every set of pages with its last view, the most recent last.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Sessions {
    views: Vec<(String, SavedView)>,
}

/// Where the record is kept.
pub fn record_path() -> Option<PathBuf> {
    let folder = dirs::state_dir().or_else(dirs::data_local_dir)?;
    Some(folder.join("esf-browse").join("sessions.json"))
}

/// The pages' key: their canonical paths, sorted, one a line.
pub fn key(paths: &[PathBuf]) -> String {
    let mut canonical: Vec<String> = paths
        .iter()
        .map(|path| {
            let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            path.to_string_lossy().into_owned()
        })
        .collect();
    canonical.sort();
    canonical.dedup();
    canonical.join("\n")
}

/// The last view of these pages, if one was kept and can be read.
pub fn load(record: &Path, key: &str) -> Option<SavedView> {
    let text = std::fs::read_to_string(record).ok()?;
    let sessions: Sessions = serde_json::from_str(&text).ok()?;
    sessions
        .views
        .into_iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, view)| view)
}

/// Keeps `view` as the last view of these pages.
pub fn save(record: &Path, key: &str, view: &SavedView) -> anyhow::Result<()> {
    let mut sessions: Sessions = std::fs::read_to_string(record)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    sessions.views.retain(|(k, _)| k != key);
    sessions.views.push((key.to_string(), view.clone()));
    let excess = sessions.views.len().saturating_sub(MOST_KEPT);
    sessions.views.drain(..excess);
    if let Some(folder) = record.parent() {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
    }
    let text = serde_json::to_string_pretty(&sessions)?;
    write_atomically(record, |out| out.write_all(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_view_of_each_set_of_pages_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join("state/sessions.json");
        assert_eq!(load(&record, "a"), None);
        let view = |text: &str| SavedView {
            text: text.into(),
            ..SavedView::default()
        };
        save(&record, "a", &view("first")).unwrap();
        save(&record, "b", &view("other")).unwrap();
        save(&record, "a", &view("second")).unwrap();
        assert_eq!(load(&record, "a"), Some(view("second")));
        assert_eq!(load(&record, "b"), Some(view("other")));
        for n in 0..MOST_KEPT {
            save(&record, &n.to_string(), &view("x")).unwrap();
        }
        assert_eq!(load(&record, "b"), None, "the least recent is forgotten");
        std::fs::write(&record, "not json").unwrap();
        assert_eq!(load(&record, "a"), None);
    }
}
