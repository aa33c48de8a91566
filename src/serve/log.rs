//! One line per connection event on stderr: UTC time, peer, event, then
//! `name=value` details (user, key fingerprint, session length, bytes).
//!
//! The network threads never write to stderr themselves: a line goes into
//! a bounded queue that one logging thread drains. When stderr blocks (a
//! pipe nobody reads) the queue fills and further lines are dropped and
//! counted, never waited for; the count is logged once lines flow again.
//! Values that come from a client (user names, commands, terminal types)
//! are cut to a few hundred characters and escaped, so a line is always
//! one line of plain text whatever the client sent.

use std::fmt::Display;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::model::page::format::is_hidden;

/// Lines that may wait for stderr; more are dropped and counted.
const QUEUE_LINES: usize = 4096;

/// The most characters of one client-given value in a log line.
pub const MOST_VALUE_CHARS: usize = 200;

struct Logger {
    lines: Mutex<SyncSender<String>>,
    dropped: AtomicU64,
    /// Lines queued and not yet written.
    waiting: Arc<AtomicU64>,
}

impl Logger {
    /// A queue drained into `out` by a thread of its own.
    fn new(mut out: Box<dyn Write + Send>) -> Logger {
        let (sender, receiver) = mpsc::sync_channel::<String>(QUEUE_LINES);
        let waiting = Arc::new(AtomicU64::new(0));
        let written = Arc::clone(&waiting);
        // Without a thread there is no log: lines are dropped and counted,
        // never written from the network threads.
        let _ = std::thread::Builder::new()
            .name("serve-log".into())
            .spawn(move || {
                for line in receiver {
                    let _ = out.write_all(line.as_bytes());
                    let _ = out.flush();
                    written.fetch_sub(1, Ordering::SeqCst);
                }
            });
        Logger {
            lines: Mutex::new(sender),
            dropped: AtomicU64::new(0),
            waiting,
        }
    }

    /// Queues a line; never blocks. When the queue is full the line is
    /// dropped and counted, and the count is logged once lines flow again.
    fn enqueue(&self, line: String) {
        let Ok(sender) = self.lines.lock() else {
            return;
        };
        let dropped = self.dropped.load(Ordering::Relaxed);
        if dropped > 0 {
            let note = format!(
                "{} - log-dropped lines={dropped} (stderr was not read)\n",
                timestamp(SystemTime::now())
            );
            self.waiting.fetch_add(1, Ordering::SeqCst);
            if sender.try_send(note).is_ok() {
                self.dropped.fetch_sub(dropped, Ordering::Relaxed);
            } else {
                self.waiting.fetch_sub(1, Ordering::SeqCst);
            }
        }
        self.waiting.fetch_add(1, Ordering::SeqCst);
        if let Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) = sender.try_send(line) {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }
}

fn logger() -> &'static Logger {
    static LOGGER: OnceLock<Logger> = OnceLock::new();
    LOGGER.get_or_init(|| Logger::new(Box::new(std::io::stderr())))
}

/// Queues `TIME PEER EVENT DETAILS` as one line; never blocks.
pub fn event(peer: SocketAddr, event: &str, details: impl Display) {
    let line = format!("{} {peer} {event} {details}", timestamp(SystemTime::now()));
    logger().enqueue(format!("{}\n", line.trim_end()));
}

/// Queues `esf-browse: TEXT` (the server's own messages while it runs and
/// stops); never blocks.
pub fn notice(text: impl Display) {
    logger().enqueue(format!("esf-browse: {text}\n"));
}

/// Waits (shutting down only) up to `most` for queued lines to be written.
pub fn drain(most: Duration) {
    let deadline = Instant::now() + most;
    while logger().waiting.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// `2026-11-25T14:05:09Z`.
pub fn timestamp(at: SystemTime) -> String {
    let secs = at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

/// Days since 1970-01-01 to a date (Howard Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A client-given value made safe for one log line: at most
/// `MOST_VALUE_CHARS` characters (then `…+N`), hidden characters written
/// as `\u{…}`, and quoted when it has spaces, quotes or `=`, so each
/// line stays one record per `name=value`.
pub fn quoted(value: &str) -> String {
    let total = value.chars().count();
    let mut shown = String::with_capacity(value.len().min(MOST_VALUE_CHARS * 4));
    for c in value.chars().take(MOST_VALUE_CHARS) {
        match c {
            '"' => shown.push_str("\\\""),
            '\\' => shown.push_str("\\\\"),
            c if is_hidden(c) => shown.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => shown.push(c),
        }
    }
    if total > MOST_VALUE_CHARS {
        shown.push_str(&format!("…+{}", total - MOST_VALUE_CHARS));
    }
    let plain = !shown.is_empty()
        && shown == value
        && !value.contains([' ', '"', '='])
        && !value.chars().any(char::is_whitespace);
    if plain { shown } else { format!("\"{shown}\"") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// A stderr nobody reads: every write waits for ever.
    struct Blocked(std::sync::mpsc::Receiver<()>);

    impl Write for Blocked {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            let _ = self.0.recv();
            Err(std::io::Error::other("closed"))
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_stderr_nobody_reads_never_blocks_the_caller() {
        let (_keep_blocked, blocked) = std::sync::mpsc::channel();
        let logger = Logger::new(Box::new(Blocked(blocked)));
        // Far more lines than the queue holds: each call returns at once.
        for n in 0..3 * QUEUE_LINES {
            logger.enqueue(format!("line {n}\n"));
        }
        // What did not fit was dropped and counted (a count already
        // reported in a `log-dropped` line starts again from zero).
        assert!(logger.dropped.load(Ordering::Relaxed) > 0);
        assert!(logger.waiting.load(Ordering::SeqCst) <= QUEUE_LINES as u64 + 1);
    }

    #[test]
    fn timestamps_are_utc_dates() {
        assert_eq!(timestamp(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        let at = UNIX_EPOCH + Duration::from_secs(1_764_079_509);
        assert_eq!(timestamp(at), "2025-11-25T14:05:09Z");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(timestamp(leap), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn values_with_spaces_are_quoted() {
        assert_eq!(quoted("alice"), "alice");
        assert_eq!(quoted("åsa"), "åsa");
        assert_eq!(quoted("a b"), "\"a b\"");
        assert_eq!(quoted(""), "\"\"");
        assert_eq!(quoted("a\"b"), "\"a\\\"b\"");
    }

    #[test]
    fn hidden_characters_are_escaped_and_long_values_cut() {
        assert_eq!(quoted("evil\u{202E}txt"), "\"evil\\u{202e}txt\"");
        assert_eq!(quoted("a\nb\x1b[2J"), "\"a\\u{a}b\\u{1b}[2J\"");
        let long = "x".repeat(250_000);
        let shown = quoted(&long);
        assert!(shown.chars().count() < MOST_VALUE_CHARS + 20, "{shown}");
        assert!(shown.ends_with("…+249800\""), "{shown}");
        assert!(!shown.contains('\n'));
    }
}
