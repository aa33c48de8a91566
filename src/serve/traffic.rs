//! What a connection did: its user, bytes in and out, and when it last
//! heard from the client (the idle clock), for the log and the idle limit.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64};
use std::sync::mpsc::Sender;
use std::time::Instant;

use super::session::SessionMsg;

/// What a connection did, for its last log line.
#[derive(Debug)]
pub struct Stats {
    pub started: Instant,
    pub bytes_in: AtomicU64,
    pub bytes_out: AtomicU64,
    pub authenticated: AtomicBool,
    /// `user key=SHA256:…`, once known.
    pub who: Mutex<String>,
    /// When the client last sent anything (keys, requests): the idle
    /// limit counts from here (keepalive replies do not count).
    last_input: Mutex<Instant>,
    /// The connection's interactive sessions, to tell them when it ends.
    pub sessions: Mutex<Vec<Sender<SessionMsg>>>,
}

impl Stats {
    pub fn new() -> Stats {
        Stats {
            started: Instant::now(),
            bytes_in: AtomicU64::new(0),
            bytes_out: AtomicU64::new(0),
            authenticated: AtomicBool::new(false),
            who: Mutex::new(String::new()),
            last_input: Mutex::new(Instant::now()),
            sessions: Mutex::new(Vec::new()),
        }
    }

    /// The client did something.
    pub fn touch(&self) {
        if let Ok(mut last) = self.last_input.lock() {
            *last = Instant::now();
        }
    }

    pub fn last_input(&self) -> Instant {
        self.last_input
            .lock()
            .map_or_else(|_| Instant::now(), |last| *last)
    }

    pub fn who(&self) -> String {
        self.who.lock().map(|w| w.clone()).unwrap_or_default()
    }
}
