//! Where events come from: the keyboard and mouse, signals, and the loader.
//! Each source is a thread that blocks and sends into one channel, so the
//! main loop sleeps until something arrives — no polling, no idle ticks.
//! The keyboard's thread is in `keyboard`.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crossterm::event::Event;

use crate::model::Progress;
use crate::model::corpus::load::{Batch, load_in_batches};

/// Something the browser must react to.
pub enum AppEvent {
    Terminal(Event),
    Loading(Progress),
    /// Pages parsed so far: the list fills in while loading.
    Batch(Box<Batch>),
    /// The last batch has arrived.
    Loaded,
    /// A full-text search, or a part of the full-text index, is ready.
    TextWorkDone,
    /// SIGTERM, SIGHUP, SIGINT or SIGQUIT: leave cleanly.
    Signal(i32),
    /// The terminal can no longer be read.
    InputFailed(String),
}

/// Turns termination signals into an event so the terminal gets restored,
/// and a change of the window's size (SIGWINCH) into a resize.
/// While the terminal is `lent` to another program, Ctrl-C and Ctrl-\ are
/// that program's (the whole foreground group gets them): ignored here.
pub fn spawn_signals(events: Sender<AppEvent>, lent: Arc<AtomicBool>) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGWINCH};
    let mut signals =
        signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGWINCH])?;
    thread::spawn(move || {
        for signal in signals.forever() {
            let event = if signal == SIGWINCH {
                match crossterm::terminal::size() {
                    Ok((width, height)) => AppEvent::Terminal(Event::Resize(width, height)),
                    Err(_) => continue,
                }
            } else if (signal == SIGINT || signal == SIGQUIT) && lent.load(Ordering::SeqCst) {
                continue;
            } else {
                AppEvent::Signal(signal)
            };
            if events.send(event).is_err() {
                return;
            }
        }
    });
    Ok(())
}

/// The shortest time between two batches of loaded pages.
const BATCH_INTERVAL: Duration = Duration::from_secs(1);

/// Loads pages in the background, reporting progress at most 20 times a second.
pub fn spawn_loader(paths: Vec<PathBuf>, events: Sender<AppEvent>) {
    thread::spawn(move || {
        let last = Mutex::new(Instant::now());
        let progress_events = Mutex::new(events.clone());
        let progress = |progress| {
            let Ok(mut last) = last.lock() else { return };
            if last.elapsed() >= Duration::from_millis(50) {
                *last = Instant::now();
                if let Ok(sender) = progress_events.lock() {
                    let _ = sender.send(AppEvent::Loading(progress));
                }
            }
        };
        // A pool of its own: were the loader on the global pool, a search
        // typed meanwhile would wait behind a whole batch of parsing.
        // The list fills in: the first batch goes at once, later ones at
        // most once a second, since each makes the browser rebuild its
        // indices.
        let load = || {
            let mut pending: Option<Batch> = None;
            let mut last_sent: Option<Instant> = None;
            load_in_batches(&paths, &progress, &mut |batch| {
                match pending.as_mut() {
                    Some(merged) => merged.merge(batch),
                    None => pending = Some(batch),
                }
                if last_sent.is_none_or(|at| at.elapsed() >= BATCH_INTERVAL)
                    && let Some(batch) = pending.take()
                {
                    last_sent = Some(Instant::now());
                    let _ = events.send(AppEvent::Batch(Box::new(batch)));
                }
            });
            if let Some(batch) = pending {
                let _ = events.send(AppEvent::Batch(Box::new(batch)));
            }
        };
        match rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("loader-{i}"))
            .build()
        {
            Ok(pool) => pool.install(load),
            Err(_) => load(),
        }
        let _ = events.send(AppEvent::Loaded);
    });
}
