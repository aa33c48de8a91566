//! Where events come from: the keyboard and mouse, signals, and the loader.
//! Each source is a thread that blocks and sends into one channel, so the
//! main loop sleeps until something arrives — no polling, no idle ticks.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::mpsc::Sender;
use std::thread;
use std::time::{Duration, Instant};

use crossterm::event::Event;

use crate::model::{Corpus, Progress, load_paths};

/// Something the browser must react to.
pub enum AppEvent {
    Terminal(Event),
    Loading(Progress),
    Loaded(Box<Corpus>),
    /// SIGTERM, SIGHUP, SIGINT or SIGQUIT: leave cleanly.
    Signal(i32),
    /// The terminal can no longer be read.
    InputFailed(String),
}

/// Reads terminal events forever (the process ends with the main loop).
pub fn spawn_input(events: Sender<AppEvent>) {
    thread::spawn(move || {
        loop {
            let event = match crossterm::event::read() {
                Ok(event) => AppEvent::Terminal(event),
                Err(error) => {
                    let _ = events.send(AppEvent::InputFailed(error.to_string()));
                    return;
                }
            };
            if events.send(event).is_err() {
                return;
            }
        }
    });
}

/// Turns termination signals into an event so the terminal gets restored.
pub fn spawn_signals(events: Sender<AppEvent>) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    thread::spawn(move || {
        for signal in signals.forever() {
            if events.send(AppEvent::Signal(signal)).is_err() {
                return;
            }
        }
    });
    Ok(())
}

/// Loads pages in the background, reporting progress at most 20 times a second.
pub fn spawn_loader(paths: Vec<PathBuf>, events: Sender<AppEvent>) {
    thread::spawn(move || {
        let last = Mutex::new(Instant::now());
        let progress_events = Mutex::new(events.clone());
        let corpus = load_paths(&paths, &|progress| {
            let Ok(mut last) = last.lock() else { return };
            if last.elapsed() >= Duration::from_millis(50) {
                *last = Instant::now();
                if let Ok(sender) = progress_events.lock() {
                    let _ = sender.send(AppEvent::Loading(progress));
                }
            }
        });
        let _ = events.send(AppEvent::Loaded(Box::new(corpus)));
    });
}
