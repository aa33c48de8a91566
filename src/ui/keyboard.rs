//! The thread that reads the terminal's input, and how to pause it while
//! another program (the pager) has the terminal: a paused reader reads
//! nothing, so every key typed goes to that program.
//!
//! The thread sleeps in poll(2) on the terminal and on a wake-up socket;
//! it asks crossterm to read only when the terminal has bytes, so a pause
//! never races with a read in progress. Crossterm is built with its
//! `use-dev-tty` reader, which polls level-triggered: its default (mio,
//! edge-triggered) can lose the terminal's readiness when a resize arrives
//! with a key, and a key would then wait for the next one. Resizes come
//! from SIGWINCH (see `event::spawn_signals`), since crossterm's own resize
//! signal is only looked at when it reads.

use std::io::{self, IsTerminal, Read, Write};
use std::os::fd::{AsFd, BorrowedFd};
use std::os::unix::net::UnixStream;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

use rustix::event::{PollFd, PollFlags, poll};

use super::event::AppEvent;

/// How long crossterm may wait for the rest of an event once the terminal
/// has bytes (its reader needs a timeout above zero to read at all).
const REST_OF_EVENT: Duration = Duration::from_millis(1);

/// How long `pause` waits for the reader to stop before going on anyway
/// (it only fails to answer when it has already ended).
const PAUSE_ANSWER: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    On,
    PauseAsked,
    Paused,
    Ended,
}

struct Gate {
    reading: Mutex<Reading>,
    changed: Condvar,
}

impl Gate {
    fn set(&self, reading: Reading) {
        if let Ok(mut current) = self.reading.lock() {
            *current = reading;
        }
        self.changed.notify_all();
    }
}

/// Pauses and resumes the input thread.
pub struct InputPause {
    wake: UnixStream,
    gate: Arc<Gate>,
}

impl InputPause {
    /// Stops reading input; returns once the reader is idle.
    pub fn pause(&self) {
        let Ok(mut reading) = self.gate.reading.lock() else {
            return;
        };
        if *reading != Reading::On {
            return;
        }
        *reading = Reading::PauseAsked;
        let _ = (&self.wake).write_all(&[1]);
        let _ = self
            .gate
            .changed
            .wait_timeout_while(reading, PAUSE_ANSWER, |r| *r == Reading::PauseAsked);
    }

    /// Reads input again.
    pub fn resume(&self) {
        if let Ok(mut reading) = self.gate.reading.lock()
            && *reading == Reading::Paused
        {
            *reading = Reading::On;
            self.gate.changed.notify_all();
        }
    }
}

/// Starts the reader; terminal events go to `events`.
pub fn spawn_input(events: Sender<AppEvent>) -> io::Result<InputPause> {
    let (wake, mut woken) = UnixStream::pair()?;
    let gate = Arc::new(Gate {
        reading: Mutex::new(Reading::On),
        changed: Condvar::new(),
    });
    let reader_gate = Arc::clone(&gate);
    thread::Builder::new().name("input".into()).spawn(move || {
        let end = read_input(&events, &mut woken, &reader_gate);
        reader_gate.set(Reading::Ended);
        if let Err(error) = end {
            let _ = events.send(AppEvent::InputFailed(error.to_string()));
        }
    })?;
    Ok(InputPause { wake, gate })
}

/// Reads until the terminal fails or nobody listens any more.
fn read_input(events: &Sender<AppEvent>, woken: &mut UnixStream, gate: &Gate) -> io::Result<()> {
    // The terminal crossterm reads: stdin, or /dev/tty when stdin is not one.
    let terminal: Box<dyn AsFd> = if io::stdin().is_terminal() {
        Box::new(io::stdin())
    } else {
        Box::new(std::fs::File::open("/dev/tty")?)
    };
    let terminal = terminal.as_fd();
    loop {
        // Hand on everything crossterm has read and parsed already.
        while crossterm::event::poll(REST_OF_EVENT)? {
            let event = crossterm::event::read()?;
            if events.send(AppEvent::Terminal(event)).is_err() {
                return Ok(());
            }
        }
        let (terminal_ready, wake_ready) = {
            let mut fds = [
                PollFd::from_borrowed_fd(terminal, PollFlags::IN),
                PollFd::from_borrowed_fd(woken.as_fd(), PollFlags::IN),
            ];
            match poll(&mut fds, None) {
                Ok(_) => {}
                Err(rustix::io::Errno::INTR) => continue,
                Err(error) => return Err(error.into()),
            }
            (!fds[0].revents().is_empty(), !fds[1].revents().is_empty())
        };
        if wake_ready {
            if !pause_if_asked(woken, gate)? {
                return Ok(());
            }
            continue;
        }
        if !terminal_ready {
            continue;
        }
        // Readable but nothing parsed yet (half an escape sequence): the
        // loop's poll above reads it; a hang-up ends reading.
        if !crossterm::event::poll(REST_OF_EVENT)? && hung_up(terminal) {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the terminal hung up",
            ));
        }
    }
}

/// Woken: if a pause was asked for, says it is paused and waits until
/// reading may go on. `false` when the gate is gone (stop reading).
fn pause_if_asked(woken: &mut UnixStream, gate: &Gate) -> io::Result<bool> {
    let mut byte = [0u8; 16];
    let _ = woken.read(&mut byte);
    let Ok(mut reading) = gate.reading.lock() else {
        return Ok(false);
    };
    if *reading == Reading::PauseAsked {
        *reading = Reading::Paused;
        gate.changed.notify_all();
        let resumed = gate
            .changed
            .wait_while(reading, |r| *r == Reading::Paused)
            .map_err(|_| io::Error::other("input gate poisoned"))?;
        drop(resumed);
    }
    Ok(true)
}

/// Whether the terminal has hung up (checked without waiting).
fn hung_up(terminal: BorrowedFd<'_>) -> bool {
    let mut fds = [PollFd::from_borrowed_fd(terminal, PollFlags::IN)];
    poll(&mut fds, Some(&rustix::event::Timespec::default())).is_ok()
        && fds[0].revents().contains(PollFlags::HUP)
}
