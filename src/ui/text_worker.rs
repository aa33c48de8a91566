//! Full-text work off the UI thread: searches, and building the index.
//!
//! Each new query starts a search on a thread of its own and stops the one
//! before (it gives up at the next project it would read); a finished
//! search is left in a slot. The index of a loaded corpus is built on a
//! thread of its own, a segment at a time, each left in a queue. Both are
//! announced through `wake`, so the loop takes them as an event. Inline
//! (the default, for tests and scripts) does the work at once on the
//! caller's thread.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use super::low_priority;
use crate::model::query::text::TextQuery;
use crate::model::search::text_index::{Segment, TextIndex};
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

struct Background {
    /// The number of the newest search; older ones stop.
    latest: Arc<AtomicU64>,
    finished: Arc<Mutex<Option<Finished>>>,
    /// Index segments built and not yet taken, in order.
    segments: Arc<Mutex<Vec<Segment>>>,
    /// How many search threads still hold a corpus.
    running: Arc<Running>,
    wake: Wake,
}

/// A count of search threads under way, waited on without polling.
#[derive(Default)]
struct Running {
    count: Mutex<usize>,
    ended: Condvar,
}

/// A search thread's place in `Running`, given back when the thread ends
/// (however it ends).
struct RunningGuard(Arc<Running>);

impl RunningGuard {
    fn enter(running: &Arc<Running>) -> RunningGuard {
        if let Ok(mut count) = running.count.lock() {
            *count += 1;
        }
        RunningGuard(Arc::clone(running))
    }
}

impl Running {
    /// Waits, at most `patience`, until no search thread is under way.
    fn wait_until_none(&self, patience: Duration) {
        let deadline = Instant::now() + patience;
        let Ok(mut count) = self.count.lock() else {
            return;
        };
        while *count > 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            match self.ended.wait_timeout(count, left) {
                Ok((next, _)) => count = next,
                Err(_) => return,
            }
        }
    }
}

impl Drop for RunningGuard {
    fn drop(&mut self) {
        if let Ok(mut count) = self.0.count.lock() {
            *count = count.saturating_sub(1);
        }
        self.0.ended.notify_all();
    }
}

#[derive(Default)]
pub struct TextWorker {
    background: Option<Background>,
}

impl std::fmt::Debug for TextWorker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.background.is_some() {
            "TextWorker::Background"
        } else {
            "TextWorker::Inline"
        })
    }
}

fn search_now(corpus: &Corpus, index: &TextIndex, text: &str) -> Finished {
    Finished {
        text: text.to_string(),
        projects: corpus.store.len(),
        hits: TextQuery::parse(text)
            .matches_until(&corpus.store, index, &|| false)
            .unwrap_or_default(),
    }
}

/// Indexes the projects of `corpus` from `from` on, a segment at a time.
fn index_from(corpus: &Corpus, from: usize, each: &mut dyn FnMut(Segment)) {
    let projects = corpus.store.projects();
    TextIndex::build_segments(&projects[from.min(projects.len())..], each);
}

/// Every segment from `from` on, built here.
fn index_at_once(corpus: &Corpus, from: usize) -> Vec<Segment> {
    let mut segments = Vec::new();
    index_from(corpus, from, &mut |segment| segments.push(segment));
    segments
}

/// The longest the index waits for searches under way before its next
/// segment (a search gives up at the next query; this is a safeguard).
const SEARCH_PATIENCE: Duration = Duration::from_secs(2);

impl TextWorker {
    /// Works on threads of its own; `wake` is called when something is done.
    pub fn background(wake: impl Fn() + Send + Sync + 'static) -> TextWorker {
        TextWorker {
            background: Some(Background {
                latest: Arc::new(AtomicU64::new(0)),
                finished: Arc::new(Mutex::new(None)),
                segments: Arc::new(Mutex::new(Vec::new())),
                running: Arc::new(Running::default()),
                wake: Arc::new(wake),
            }),
        }
    }

    /// Searches `text` in `corpus` (with `index` for its first projects):
    /// at once when inline (the result is returned), else in the
    /// background (`None`; see `take_finished`).
    pub fn search(&self, corpus: &Arc<Corpus>, index: &TextIndex, text: &str) -> Option<Finished> {
        let Some(background) = &self.background else {
            return Some(search_now(corpus, index, text));
        };
        let number = background.latest.fetch_add(1, Ordering::SeqCst) + 1;
        let latest = Arc::clone(&background.latest);
        let finished = Arc::clone(&background.finished);
        let wake = Arc::clone(&background.wake);
        let shared = Arc::clone(corpus);
        let own_index = index.clone();
        let owned = text.to_string();
        // Counted before the thread starts, so that a wait that follows
        // never misses it; the corpus is let go before the count drops.
        let running = RunningGuard::enter(&background.running);
        let spawned = thread::Builder::new()
            .name("text-search".into())
            .spawn(move || {
                let _running = running;
                let shared = shared;
                let stale = || latest.load(Ordering::SeqCst) != number;
                let query = TextQuery::parse(&owned);
                let Some(hits) = query.matches_until(&shared.store, &own_index, &stale) else {
                    return;
                };
                if let Ok(mut slot) = finished.lock()
                    && !stale()
                {
                    *slot = Some(Finished {
                        text: owned,
                        projects: shared.store.len(),
                        hits,
                    });
                    drop(slot);
                    wake();
                }
            });
        // No thread to be had: search here rather than never.
        match spawned {
            Ok(_) => None,
            Err(_) => Some(search_now(corpus, index, text)),
        }
    }

    /// Stops every search under way (each gives up at its next project).
    pub fn cancel(&self) {
        if let Some(background) = &self.background {
            background.latest.fetch_add(1, Ordering::SeqCst);
        }
    }

    /// Stops every search under way and waits, at most `patience`, until
    /// their threads have ended (and let go of the corpus).
    pub fn stop_searches(&self, patience: Duration) {
        self.cancel();
        if let Some(background) = &self.background {
            background.running.wait_until_none(patience);
        }
    }

    /// The search that finished last, if not yet taken.
    pub fn take_finished(&self) -> Option<Finished> {
        self.background.as_ref()?.finished.lock().ok()?.take()
    }

    /// Indexes the projects of `corpus` from `from` on, a segment at a
    /// time: at once when inline (all segments returned), else in the
    /// background (see `take_segments`), below input: on threads of the
    /// lowest priority, each segment waiting for the searches under way.
    pub fn build_index(&self, corpus: &Arc<Corpus>, from: usize) -> Vec<Segment> {
        let Some(background) = &self.background else {
            return index_at_once(corpus, from);
        };
        let shared = Arc::clone(corpus);
        let queue = Arc::clone(&background.segments);
        let wake = Arc::clone(&background.wake);
        let running = Arc::clone(&background.running);
        let spawned = thread::Builder::new()
            .name("text-index".into())
            .spawn(move || {
                low_priority::lower_this_thread();
                let mut each = |segment| {
                    if let Ok(mut queue) = queue.lock() {
                        queue.push(segment);
                    }
                    wake();
                    // A search typed meanwhile goes first.
                    running.wait_until_none(SEARCH_PATIENCE);
                };
                let threads = thread::available_parallelism().map_or(1, usize::from);
                match low_priority::pool("text-index", threads) {
                    Some(pool) => pool.install(|| index_from(&shared, from, &mut each)),
                    None => index_from(&shared, from, &mut each),
                }
            });
        // No thread to be had: build here rather than never.
        match spawned {
            Ok(_) => Vec::new(),
            Err(_) => index_at_once(corpus, from),
        }
    }

    /// Index segments built since the last call, in order.
    pub fn take_segments(&self) -> Vec<Segment> {
        self.background
            .as_ref()
            .and_then(|b| b.segments.lock().ok().map(|mut q| std::mem::take(&mut *q)))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::corpus::load::load_bundled;
    use crate::model::{Project, Store};

    /// The samples, `count` pages of them.
    fn pages(count: usize) -> Arc<Corpus> {
        let samples = load_bundled().store.into_projects();
        let projects: Vec<Project> = samples.iter().cycle().take(count).cloned().collect();
        Arc::new(Corpus {
            store: Store::new(projects),
            ..Corpus::default()
        })
    }

    #[test]
    fn stopping_waits_until_every_search_has_let_go_of_the_corpus() {
        // Enough pages that the searches are still reading when stopped
        // (were one done before, it would have let go all the same).
        let corpus = pages(5_000);
        let worker = TextWorker::background(|| {});
        for text in ["arbetsmarknad", "\"lokala arb", "kompetens unga"] {
            // No index: every search reads all the pages.
            assert_eq!(worker.search(&corpus, &TextIndex::default(), text), None);
        }
        worker.stop_searches(Duration::from_secs(30));
        assert_eq!(Arc::strong_count(&corpus), 1, "no search holds it");
    }

    #[test]
    fn inline_work_has_nothing_to_wait_for() {
        let corpus = pages(50);
        let worker = TextWorker::default();
        let found = worker.search(&corpus, &TextIndex::default(), "arbetsmarknad");
        assert!(found.is_some());
        worker.stop_searches(Duration::from_secs(30));
        assert_eq!(Arc::strong_count(&corpus), 1);
    }
}
