//! What every connection of a server shares: the corpus, the settings,
//! the sessions open now (how many, from where, how to reach them) and
//! what is needed to stop them all.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};

use russh::server::Handle;

use super::Settings;
use super::guarded::Switch;
use super::limits;
use super::session::SessionMsg;
use crate::model::Corpus;

/// The interactive sessions open now, and how to reach them.
#[derive(Default)]
pub(crate) struct Sessions {
    pub(super) open: Mutex<HashMap<u64, Sender<SessionMsg>>>,
    pub(super) count: AtomicUsize,
    /// Sessions open now from each client address.
    pub(super) by_address: Mutex<HashMap<IpAddr, usize>>,
    pub(super) next: AtomicU64,
}

/// A place among the sessions; given back when dropped.
pub(crate) struct Slot {
    shared: Arc<Shared>,
    id: u64,
    address: IpAddr,
}

impl Slot {
    pub fn id(&self) -> u64 {
        self.id
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let sessions = &self.shared.sessions;
        if let Ok(mut open) = sessions.open.lock() {
            open.remove(&self.id);
        }
        let mut by_address = sessions
            .by_address
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(n) = by_address.get_mut(&self.address) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                by_address.remove(&self.address);
            }
        }
        sessions.count.fetch_sub(1, Ordering::SeqCst);
    }
}

/// What every connection shares.
pub(crate) struct Shared {
    pub corpus: Arc<Corpus>,
    pub settings: Settings,
    pub(super) sessions: Sessions,
    pub(super) gate: Arc<limits::Gate>,
    /// Open connections, to disconnect when stopping.
    pub(super) connections: Mutex<HashMap<u64, Handle>>,
    /// Each open connection's switch, to cut it when it will not go.
    pub(super) switches: Mutex<HashMap<u64, Arc<Switch>>>,
    pub(super) next_connection: AtomicU64,
    pub(super) stopping: AtomicBool,
}

impl Shared {
    /// A place for one more session from `address`, or why there is none:
    /// the server is stopping, or full, or that address has its share.
    pub fn enter(self: &Arc<Shared>, address: IpAddr) -> Result<Slot, String> {
        let limits = &self.settings.limits;
        if self.stopping.load(Ordering::SeqCst) {
            return Err("the server is stopping".into());
        }
        let mut by_address = self
            .sessions
            .by_address
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let from_here = by_address.entry(address).or_insert(0);
        if *from_here >= limits.per_address {
            return Err(format!(
                "too many sessions from {address} (at most {}); close one first",
                limits.per_address
            ));
        }
        let previous = self.sessions.count.fetch_add(1, Ordering::SeqCst);
        if previous >= limits.sessions {
            self.sessions.count.fetch_sub(1, Ordering::SeqCst);
            return Err("the server is full; try again later".into());
        }
        *from_here += 1;
        let id = self.sessions.next.fetch_add(1, Ordering::SeqCst);
        Ok(Slot {
            shared: Arc::clone(self),
            id,
            address,
        })
    }

    /// Lets the server reach the session to stop it.
    pub fn register(&self, id: u64, sender: Sender<SessionMsg>) {
        if let Ok(mut open) = self.sessions.open.lock() {
            open.insert(id, sender);
        }
    }
}
