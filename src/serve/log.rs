//! One line per connection event on stderr: UTC time, peer, event, then
//! `name=value` details (user, key fingerprint, session length, bytes).

use std::fmt::Display;
use std::io::Write;
use std::net::SocketAddr;
use std::time::{SystemTime, UNIX_EPOCH};

/// Writes `TIME PEER EVENT DETAILS` as one line (one write, so lines from
/// several connections never interleave).
pub fn event(peer: SocketAddr, event: &str, details: impl Display) {
    let line = format!("{} {peer} {event} {details}", timestamp(SystemTime::now()));
    let line = format!("{}\n", line.trim_end());
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
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
fn civil_from_days(days: i64) -> (i64, u32, u32) {
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

/// A value quoted when it has spaces or quotes, so each line stays one
/// record per `name=value`.
pub fn quoted(value: &str) -> String {
    if value.is_empty() || value.contains([' ', '"', '=']) || value.chars().any(char::is_control) {
        format!("{value:?}")
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

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
        assert_eq!(quoted("a b"), "\"a b\"");
        assert_eq!(quoted(""), "\"\"");
    }
}
