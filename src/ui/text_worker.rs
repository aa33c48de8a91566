//! Full-text searches off the UI thread. Each new query starts a search
//! on a thread of its own and stops the one before (it gives up at the
//! next project it would read); a finished search is left in a slot and
//! announced through `wake`, so the loop takes it as an event. Inline (the
//! default, for tests and scripts) searches at once, on the caller's thread.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

use crate::model::text_search::TextQuery;
use crate::model::{Corpus, Hit};

/// A search that ran to its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finished {
    /// The query text it was for.
    pub text: String,
    /// How many projects the store had: results for a smaller store are
    /// out of date.
    pub projects: usize,
    pub hits: Vec<Hit>,
}

type Wake = Arc<dyn Fn() + Send + Sync>;

enum Mode {
    Inline,
    Background {
        /// The number of the newest search; older ones stop.
        latest: Arc<AtomicU64>,
        finished: Arc<Mutex<Option<Finished>>>,
        wake: Wake,
    },
}

pub struct TextWorker {
    mode: Mode,
}

impl Default for TextWorker {
    fn default() -> TextWorker {
        TextWorker { mode: Mode::Inline }
    }
}

impl std::fmt::Debug for TextWorker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.mode {
            Mode::Inline => "TextWorker::Inline",
            Mode::Background { .. } => "TextWorker::Background",
        })
    }
}

impl TextWorker {
    /// Searches on threads of their own; `wake` is called when one is done.
    pub fn background(wake: impl Fn() + Send + Sync + 'static) -> TextWorker {
        TextWorker {
            mode: Mode::Background {
                latest: Arc::new(AtomicU64::new(0)),
                finished: Arc::new(Mutex::new(None)),
                wake: Arc::new(wake),
            },
        }
    }

    /// Searches `text` in `corpus`: at once when inline (the result is
    /// returned), else in the background (`None`; see `take_finished`).
    pub fn search(&self, corpus: &Arc<Corpus>, text: &str) -> Option<Finished> {
        let projects = corpus.store.len();
        match &self.mode {
            Mode::Inline => Some(Finished {
                text: text.to_string(),
                projects,
                hits: TextQuery::parse(text).matches(&corpus.store),
            }),
            Mode::Background {
                latest,
                finished,
                wake,
            } => {
                let number = latest.fetch_add(1, Ordering::SeqCst) + 1;
                let (latest, finished, wake) =
                    (Arc::clone(latest), Arc::clone(finished), Arc::clone(wake));
                let shared = Arc::clone(corpus);
                let owned = text.to_string();
                let spawned = thread::Builder::new()
                    .name("text-search".into())
                    .spawn(move || {
                        let stale = || latest.load(Ordering::SeqCst) != number;
                        let query = TextQuery::parse(&owned);
                        let Some(hits) = query.matches_until(&shared.store, &stale) else {
                            return;
                        };
                        if let Ok(mut slot) = finished.lock()
                            && !stale()
                        {
                            *slot = Some(Finished {
                                text: owned,
                                projects,
                                hits,
                            });
                            drop(slot);
                            wake();
                        }
                    });
                // No thread to be had: search here rather than never.
                if spawned.is_err() {
                    return Some(Finished {
                        text: text.to_string(),
                        projects,
                        hits: TextQuery::parse(text).matches(&corpus.store),
                    });
                }
                None
            }
        }
    }

    /// The search that finished last, if not yet taken.
    pub fn take_finished(&self) -> Option<Finished> {
        match &self.mode {
            Mode::Inline => None,
            Mode::Background { finished, .. } => finished.lock().ok()?.take(),
        }
    }
}
