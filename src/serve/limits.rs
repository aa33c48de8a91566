//! The limits on connections, and the gate that counts them: sessions in
//! total, per client address, and the times and attempts allowed.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Connections open at once, from everyone; also the interactive
    /// sessions open at once.
    pub sessions: usize,
    /// Connections open at once from one client address; also the
    /// interactive sessions open at once from one address (so that one
    /// client never takes every place).
    pub per_address: usize,
    /// Authentication attempts per connection.
    pub auth_attempts: usize,
    /// Time from connecting to being authenticated.
    pub auth_time: Duration,
    /// A connection whose client sends nothing (no key, no resize) for
    /// this long is closed; the server's keepalives do not count.
    pub idle: Duration,
    /// A write the client has not taken any of for this long ends the
    /// connection (a client that stops reading).
    pub write_stall: Duration,
}

/// The largest terminal a session draws: a larger one is drawn at this
/// size (each cell costs memory on the server).
pub const MOST_COLUMNS: u16 = 500;
pub const MOST_ROWS: u16 = 200;

/// The longest command line `ssh host COMMAND` may send.
pub const MOST_COMMAND_BYTES: usize = 4096;

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            sessions: 64,
            per_address: 8,
            auth_attempts: 3,
            auth_time: Duration::from_secs(10),
            idle: Duration::from_secs(30 * 60),
            write_stall: Duration::from_secs(30),
        }
    }
}

/// Counts open connections; admits a new one only within the limits.
#[derive(Debug, Default)]
pub struct Gate {
    counts: Mutex<Counts>,
}

#[derive(Debug, Default)]
struct Counts {
    total: usize,
    per_address: HashMap<IpAddr, usize>,
}

/// Held while a connection is open; gives its place back when dropped.
#[derive(Debug)]
pub struct Ticket {
    gate: Arc<Gate>,
    address: IpAddr,
}

impl Gate {
    /// A ticket for a connection from `address`, or why there is none.
    pub fn admit(self: &Arc<Gate>, address: IpAddr, limits: &Limits) -> Result<Ticket, String> {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        if counts.total >= limits.sessions {
            return Err(format!(
                "the server is full ({} sessions); try again later",
                limits.sessions
            ));
        }
        let from_here = counts.per_address.entry(address).or_insert(0);
        if *from_here >= limits.per_address {
            return Err(format!(
                "too many connections from {address} (at most {})",
                limits.per_address
            ));
        }
        *from_here += 1;
        counts.total += 1;
        Ok(Ticket {
            gate: Arc::clone(self),
            address,
        })
    }

    /// Connections open now.
    pub fn open(&self) -> usize {
        self.counts.lock().unwrap_or_else(|e| e.into_inner()).total
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut counts = self.gate.counts.lock().unwrap_or_else(|e| e.into_inner());
        counts.total = counts.total.saturating_sub(1);
        if let Some(n) = counts.per_address.get_mut(&self.address) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                counts.per_address.remove(&self.address);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admits_up_to_the_limits_and_frees_places() {
        let gate = Arc::new(Gate::default());
        let limits = Limits {
            sessions: 3,
            per_address: 2,
            ..Limits::default()
        };
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        let first = gate.admit(a, &limits).unwrap();
        let _second = gate.admit(a, &limits).unwrap();
        assert!(gate.admit(a, &limits).unwrap_err().contains("too many"));
        let _third = gate.admit(b, &limits).unwrap();
        assert!(gate.admit(b, &limits).unwrap_err().contains("full"));
        drop(first);
        assert_eq!(gate.open(), 2);
        gate.admit(a, &limits).unwrap();
    }
}
