//! What a channel sends to its client, between the thread that produces it
//! and the task that writes it to the network. A frame not yet taken when
//! the next one comes is dropped with it and the screen redrawn whole, so
//! a slow client holds at most one frame in flight and one waiting, and
//! never slows the session's thread (or anyone else's).

use std::sync::{Condvar, Mutex};

use tokio::sync::Notify;

#[derive(Debug, Default)]
pub struct Outbox {
    slot: Mutex<Slot>,
    ready: Notify,
    /// Signalled when bytes were taken (or the client left): a command
    /// streaming its output may go on.
    taken: Condvar,
}

#[derive(Debug, Default)]
struct Slot {
    /// Bytes that must arrive (mode switches, OSC 52, command output).
    sticky: Vec<u8>,
    /// The latest frame, a change to the one before it.
    frame: Vec<u8>,
    /// Set once the producer is done: the exit status to send.
    exit: Option<u32>,
    /// The client is gone: nothing more is accepted.
    gone: bool,
}

/// The next thing to send.
#[derive(Debug, PartialEq, Eq)]
pub enum Outgoing {
    Bytes(Vec<u8>),
    /// Exit status, then end of file and close.
    Exit(u32),
}

/// Whether a frame was queued, or had to be dropped with the one before
/// it (the producer must then send a whole screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queued {
    Yes,
    DroppedStale,
    ClientGone,
}

impl Outbox {
    fn slot(&self) -> std::sync::MutexGuard<'_, Slot> {
        self.slot.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues a frame; drops it (and the waiting one) when one is waiting.
    pub fn frame(&self, bytes: Vec<u8>) -> Queued {
        let mut slot = self.slot();
        if slot.gone {
            return Queued::ClientGone;
        }
        if !slot.frame.is_empty() {
            slot.frame.clear();
            return Queued::DroppedStale;
        }
        slot.frame = bytes;
        drop(slot);
        self.ready.notify_one();
        Queued::Yes
    }

    /// Queues bytes that are never dropped.
    pub fn sticky(&self, bytes: &[u8]) -> Queued {
        let mut slot = self.slot();
        if slot.gone {
            return Queued::ClientGone;
        }
        // After the frame waiting, if any: it becomes bytes that must go.
        let frame = std::mem::take(&mut slot.frame);
        slot.sticky.extend_from_slice(&frame);
        slot.sticky.extend_from_slice(bytes);
        drop(slot);
        self.ready.notify_one();
        Queued::Yes
    }

    /// Queues bytes that must go, first waiting (blocking the thread)
    /// while more than `most` wait already: a command's output streams at
    /// the client's pace instead of piling up in memory.
    pub fn stream(&self, bytes: &[u8], most: usize) -> Queued {
        let mut slot = self.slot();
        while !slot.gone && slot.sticky.len() + slot.frame.len() > most {
            slot = self.taken.wait(slot).unwrap_or_else(|e| e.into_inner());
        }
        drop(slot);
        self.sticky(bytes)
    }

    /// The producer is done: send what is queued, then `status`.
    pub fn finish(&self, status: u32) {
        self.slot().exit = Some(status);
        self.ready.notify_one();
    }

    /// The client went away (or the channel closed).
    pub fn client_gone(&self) {
        self.slot().gone = true;
        self.ready.notify_one();
        self.taken.notify_all();
    }

    pub fn is_gone(&self) -> bool {
        self.slot().gone
    }

    /// What to send now, if anything: waiting bytes first, then the exit.
    pub fn take(&self) -> Option<Outgoing> {
        let mut slot = self.slot();
        if slot.gone {
            return None;
        }
        if !slot.sticky.is_empty() || !slot.frame.is_empty() {
            let mut bytes = std::mem::take(&mut slot.sticky);
            bytes.append(&mut slot.frame);
            drop(slot);
            self.taken.notify_all();
            return Some(Outgoing::Bytes(bytes));
        }
        slot.exit.take().map(Outgoing::Exit)
    }

    /// Waits for the next thing to send; `None` once the client is gone.
    pub async fn next(&self) -> Option<Outgoing> {
        loop {
            let notified = self.ready.notified();
            if let Some(next) = self.take() {
                return Some(next);
            }
            if self.is_gone() {
                return None;
            }
            notified.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_not_taken_is_dropped_with_the_next() {
        let outbox = Outbox::default();
        assert_eq!(outbox.sticky(b"mode"), Queued::Yes);
        assert_eq!(outbox.frame(b"one".to_vec()), Queued::Yes);
        assert_eq!(outbox.frame(b"two".to_vec()), Queued::DroppedStale);
        assert_eq!(outbox.frame(b"whole".to_vec()), Queued::Yes);
        assert_eq!(outbox.take(), Some(Outgoing::Bytes(b"modewhole".to_vec())));
        // Bytes that must go keep their order with a frame waiting.
        assert_eq!(outbox.frame(b"frame".to_vec()), Queued::Yes);
        assert_eq!(outbox.sticky(b"leave"), Queued::Yes);
        assert_eq!(outbox.frame(b"after".to_vec()), Queued::Yes);
        assert_eq!(
            outbox.take(),
            Some(Outgoing::Bytes(b"frameleaveafter".to_vec()))
        );
        assert_eq!(outbox.frame(b"three".to_vec()), Queued::Yes);
        outbox.finish(0);
        assert_eq!(outbox.take(), Some(Outgoing::Bytes(b"three".to_vec())));
        assert_eq!(outbox.take(), Some(Outgoing::Exit(0)));
        assert_eq!(outbox.take(), None);
        outbox.client_gone();
        assert_eq!(outbox.frame(b"x".to_vec()), Queued::ClientGone);
    }

    #[test]
    fn streaming_waits_for_the_client_to_take_what_is_queued() {
        let outbox = std::sync::Arc::new(Outbox::default());
        let writer = {
            let outbox = std::sync::Arc::clone(&outbox);
            std::thread::spawn(move || {
                for _ in 0..10 {
                    assert_eq!(outbox.stream(&[b'x'; 100], 150), Queued::Yes);
                }
                outbox.finish(0);
            })
        };
        let mut received = 0;
        loop {
            match outbox.take() {
                Some(Outgoing::Bytes(bytes)) => {
                    assert!(bytes.len() <= 250, "{} bytes waited", bytes.len());
                    received += bytes.len();
                }
                Some(Outgoing::Exit(_)) => break,
                None => std::thread::yield_now(),
            }
        }
        writer.join().unwrap();
        assert_eq!(received, 1000);
    }
}
