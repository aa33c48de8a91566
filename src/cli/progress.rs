//! A one-line load meter on stderr, redrawn at most ten times a second.

use std::io::Write;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::model::Progress;

pub struct Meter {
    started: Instant,
    last: Mutex<Option<Instant>>,
}

impl Meter {
    pub fn new() -> Meter {
        Meter {
            started: Instant::now(),
            last: Mutex::new(None),
        }
    }

    pub fn report(&self, progress: Progress) {
        let Ok(mut last) = self.last.lock() else {
            return;
        };
        let now = Instant::now();
        if last.is_some_and(|at| now - at < Duration::from_millis(100)) {
            return;
        }
        *last = Some(now);
        let seconds = (now - self.started).as_secs_f64().max(1e-3);
        let megabytes = progress.bytes_read as f64 / 1e6;
        let _ = write!(
            std::io::stderr(),
            "\r\x1b[Kloading {}/{} files, {:.1} MB, {:.0} files/s",
            progress.files_done,
            progress.files_total,
            megabytes,
            progress.files_done as f64 / seconds
        );
    }

    pub fn finish(&self) {
        if self.last.lock().is_ok_and(|last| last.is_some()) {
            let _ = write!(std::io::stderr(), "\r\x1b[K");
        }
    }
}
