//! Who may connect: the keys of an authorized_keys file, or anyone
//! (`--open`, a read-only kiosk). Passwords and keyboard-interactive are
//! never offered.
//!
//! A key line's options are honoured or the file is refused at start,
//! never silently widened: `from=` (addresses, `*`/`?` patterns, CIDR,
//! `!` to exclude), `expiry-time=`, `restrict`, `no-pty` and `pty` are
//! kept; options that only narrow what this server never does anyway
//! (forwarding, agent, X11, user rc, `permitopen=` …) are accepted;
//! `cert-authority`, `command=`, `principals=`, `verify-required` and any
//! option not known here make the server refuse to start, naming the line.

use std::net::IpAddr;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;
use russh::keys::{HashAlg, PublicKey};

/// Who may log in.
#[derive(Debug, Clone)]
pub enum Access {
    /// Public keys only, these ones, each with what its line allows.
    Keys(Vec<AllowedKey>),
    /// Anyone, without a key or with any key.
    Open,
}

/// One key of an authorized_keys file and the limits its line sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedKey {
    pub key: PublicKey,
    /// The line of the file, from 1 (0 for keys not read from a file).
    pub line: usize,
    /// `from=`: the client addresses it may log in from.
    pub from: Option<Vec<AddressPattern>>,
    /// `expiry-time=`: seconds since 1970 (UTC) after which it is refused.
    pub expires: Option<i64>,
    /// Whether it may open an interactive session (`no-pty`, `restrict`).
    pub pty: bool,
}

impl AllowedKey {
    /// A key with no options.
    pub fn new(key: PublicKey) -> AllowedKey {
        AllowedKey {
            key,
            line: 0,
            from: None,
            expires: None,
            pty: true,
        }
    }
}

/// What a key that may log in may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rights {
    /// An interactive session (a pty); commands are allowed either way.
    pub pty: bool,
}

/// Why a key may not log in, for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Denied {
    UnknownKey,
    /// Its line's `from=` does not let this address in.
    NotFromHere(usize),
    /// Its line's `expiry-time=` has passed.
    Expired(usize),
}

impl std::fmt::Display for Denied {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Denied::UnknownKey => write!(f, "unknown-key"),
            Denied::NotFromHere(line) => write!(f, "from-not-allowed line={line}"),
            Denied::Expired(line) => write!(f, "expired line={line}"),
        }
    }
}

impl Access {
    /// Keys with no options.
    pub fn keys(keys: impl IntoIterator<Item = PublicKey>) -> Access {
        Access::Keys(keys.into_iter().map(AllowedKey::new).collect())
    }

    /// Reads an authorized_keys file: an error when it holds no key (nobody
    /// could connect) or a line whose options cannot be honoured. Lines
    /// that are not keys are returned as warnings.
    pub fn from_file(path: &Path) -> anyhow::Result<(Access, Vec<String>)> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read authorized keys from {}", path.display()))?;
        let (keys, warnings) =
            parse(&text).map_err(|problem| anyhow::anyhow!("{}: {problem}", path.display()))?;
        if keys.is_empty() {
            anyhow::bail!("{} holds no public key", path.display());
        }
        let warnings = warnings
            .into_iter()
            .map(|w| format!("{}: {w}", path.display()))
            .collect();
        Ok((Access::Keys(keys), warnings))
    }

    pub fn is_open(&self) -> bool {
        matches!(self, Access::Open)
    }

    /// Whether this key may log in from `peer` at `now`, and what it may do.
    /// Where a key is listed on several lines, the first line that lets it
    /// in counts.
    pub fn allows(&self, key: &PublicKey, peer: IpAddr, now: SystemTime) -> Result<Rights, Denied> {
        let keys = match self {
            Access::Open => return Ok(Rights { pty: true }),
            Access::Keys(keys) => keys,
        };
        let now = now
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let mut denied = Denied::UnknownKey;
        for allowed in keys.iter().filter(|k| k.key.key_data() == key.key_data()) {
            if allowed.expires.is_some_and(|expires| now >= expires) {
                denied = Denied::Expired(allowed.line);
                continue;
            }
            if let Some(patterns) = &allowed.from
                && !address_allowed(patterns, peer)
            {
                denied = Denied::NotFromHere(allowed.line);
                continue;
            }
            return Ok(Rights { pty: allowed.pty });
        }
        Err(denied)
    }
}

/// The keys of an authorized_keys text and warnings about lines that are
/// not keys; an error naming the first line whose options cannot be kept.
pub fn parse(text: &str) -> Result<(Vec<AllowedKey>, Vec<String>), String> {
    let mut keys = Vec::new();
    let mut warnings = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(key) = parse_line(index + 1, line, &mut warnings)? {
            keys.push(key);
        }
    }
    Ok((keys, warnings))
}

/// What a line's options say about a pty.
#[derive(Default)]
struct PtyOptions {
    restricted: bool,
    pty_back: bool,
    no_pty: bool,
}

/// One key line; `None` (with a warning) when it holds no key.
fn parse_line(
    number: usize,
    line: &str,
    warnings: &mut Vec<String>,
) -> Result<Option<AllowedKey>, String> {
    let (options, key_text) = split_options(line);
    let key = match PublicKey::from_openssh(key_text) {
        Ok(key) => key,
        Err(error) => {
            warnings.push(format!("line {number}: not a key, skipped ({error})"));
            return Ok(None);
        }
    };
    let mut allowed = AllowedKey::new(key);
    allowed.line = number;
    let mut pty = PtyOptions::default();
    for option in split_unquoted(options, ',') {
        let (name, value) = match option.split_once('=') {
            Some((name, value)) => (name, Some(unquote(value))),
            None => (option, None),
        };
        if let Some(why) = refused_option(&name.to_ascii_lowercase(), value.is_some()) {
            return Err(format!("line {number}: {why}"));
        }
        apply_option(name, value, number, &mut allowed, &mut pty, warnings)?;
    }
    allowed.pty = !pty.no_pty && (!pty.restricted || pty.pty_back);
    Ok(Some(allowed))
}

/// Why an option this server will not honour refuses the whole file.
fn refused_option(name: &str, has_value: bool) -> Option<&'static str> {
    match (name, has_value) {
        ("cert-authority", _) => Some(
            "cert-authority lines are not supported (the authority's own key would log in as a user key); list the users' keys instead",
        ),
        ("command", _) => Some(
            "command= is not supported: this server runs only its own browser and read-only commands; remove the option or the line",
        ),
        ("principals", _) => Some("principals= goes with cert-authority, which is not supported"),
        ("verify-required", false) => Some(
            "verify-required is not supported (user verification of security keys is not checked here)",
        ),
        _ => None,
    }
}

/// Applies one option of a key line to `allowed` (or to the pty flags).
fn apply_option(
    name: &str,
    value: Option<String>,
    number: usize,
    allowed: &mut AllowedKey,
    pty: &mut PtyOptions,
    warnings: &mut Vec<String>,
) -> Result<(), String> {
    match (name.to_ascii_lowercase().as_str(), value) {
        ("from", Some(list)) => {
            let patterns = parse_patterns(&list)
                .map_err(|why| format!("line {number}: from=\"{list}\": {why}"))?;
            for pattern in &patterns {
                if let AddressPattern::Host(host) = pattern {
                    warnings.push(format!(
                        "line {number}: from= pattern {host:?} names a host; only addresses are checked, so it never lets anyone in"
                    ));
                }
            }
            allowed.from = Some(patterns);
        }
        ("expiry-time", Some(spec)) => {
            let expires = expiry_time(&spec)
                .map_err(|why| format!("line {number}: expiry-time=\"{spec}\": {why}"))?;
            allowed.expires = Some(expires);
        }
        ("restrict", None) => pty.restricted = true,
        ("no-pty", None) => pty.no_pty = true,
        ("pty", None) => pty.pty_back = true,
        // Narrow only what this server never allows anyway, or ask for
        // what it never grants (it sets no environment, runs no rc file,
        // forwards nothing).
        (
            "no-port-forwarding"
            | "no-agent-forwarding"
            | "no-x11-forwarding"
            | "no-user-rc"
            | "port-forwarding"
            | "agent-forwarding"
            | "x11-forwarding"
            | "user-rc"
            | "no-touch-required",
            None,
        )
        | ("permitopen" | "permitlisten" | "environment" | "tunnel", Some(_)) => {}
        _ => {
            return Err(format!(
                "line {number}: the option {name:?} is not supported; remove it, or the line"
            ));
        }
    }
    Ok(())
}

/// A key line's options (empty when it has none) and its key.
fn split_options(line: &str) -> (&str, &str) {
    let is_key_type = |word: &str| {
        word.starts_with("ssh-") || word.starts_with("ecdsa-") || word.starts_with("sk-")
    };
    if is_key_type(line) {
        return ("", line);
    }
    let mut quoted = false;
    for (at, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => return (&line[..at], line[at..].trim_start()),
            _ => {}
        }
    }
    (line, "")
}

/// Splits at `separator` outside double quotes.
fn split_unquoted(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut quoted, mut start) = (false, 0);
    for (at, c) in text.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == separator && !quoted {
            parts.push(&text[start..at]);
            start = at + c.len_utf8();
        }
    }
    if start < text.len() {
        parts.push(&text[start..]);
    }
    parts
}

fn unquote(value: &str) -> String {
    let inner = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value);
    inner.replace("\\\"", "\"")
}

/// One pattern of a `from=` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddressPattern {
    /// An address or a wildcard pattern of one (`192.168.1.*`, `::1`).
    Glob { negated: bool, glob: String },
    /// An address block (`10.0.0.0/8`).
    Block {
        negated: bool,
        network: IpAddr,
        bits: u8,
    },
    /// A host name: never matched (no name lookups are made).
    Host(String),
}

fn parse_patterns(list: &str) -> Result<Vec<AddressPattern>, String> {
    let mut patterns = Vec::new();
    for raw in list.split(',') {
        let raw = raw.trim();
        let (negated, pattern) = match raw.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, raw),
        };
        if pattern.is_empty() {
            return Err("an empty pattern".into());
        }
        if let Some((address, bits)) = pattern.split_once('/') {
            let network: IpAddr = address
                .parse()
                .map_err(|_| format!("{pattern:?} is not an address block"))?;
            let most = if network.is_ipv4() { 32 } else { 128 };
            let bits: u8 = bits
                .parse()
                .ok()
                .filter(|&b| b <= most)
                .ok_or_else(|| format!("{pattern:?} has a wrong prefix length"))?;
            patterns.push(AddressPattern::Block {
                negated,
                network,
                bits,
            });
        } else if pattern
            .chars()
            .all(|c| c.is_ascii_hexdigit() || matches!(c, '.' | ':' | '*' | '?'))
        {
            patterns.push(AddressPattern::Glob {
                negated,
                glob: pattern.to_ascii_lowercase(),
            });
        } else if negated {
            // A host that should be kept out, but whose address is not
            // known here: keeping the line would let it in.
            return Err(format!(
                "!{pattern} excludes a host by name, which cannot be checked here (no name lookups); use its address"
            ));
        } else {
            patterns.push(AddressPattern::Host(pattern.to_string()));
        }
    }
    Ok(patterns)
}

/// As OpenSSH decides `from=`: any excluding pattern that matches keeps
/// the address out; otherwise it needs one including pattern that matches.
fn address_allowed(patterns: &[AddressPattern], peer: IpAddr) -> bool {
    let peer = match peer {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(peer, IpAddr::V4),
        v4 => v4,
    };
    let text = peer.to_string();
    let mut allowed = false;
    for pattern in patterns {
        let (negated, matches) = match pattern {
            AddressPattern::Glob { negated, glob } => (*negated, glob_matches(glob, &text)),
            AddressPattern::Block {
                negated,
                network,
                bits,
            } => (*negated, in_block(peer, *network, *bits)),
            AddressPattern::Host(_) => (false, false),
        };
        if matches && negated {
            return false;
        }
        allowed |= matches;
    }
    allowed
}

fn in_block(peer: IpAddr, network: IpAddr, bits: u8) -> bool {
    let masked = |value: u128, width: u32| {
        if bits == 0 {
            0
        } else {
            value >> (width - u32::from(bits))
        }
    };
    match (peer, network) {
        (IpAddr::V4(p), IpAddr::V4(n)) => {
            masked(u32::from(p).into(), 32) == masked(u32::from(n).into(), 32)
        }
        (IpAddr::V6(p), IpAddr::V6(n)) => masked(u128::from(p), 128) == masked(u128::from(n), 128),
        _ => false,
    }
}

/// `*` any run of characters, `?` any one.
fn glob_matches(glob: &str, text: &str) -> bool {
    let (glob, text): (Vec<char>, Vec<char>) = (glob.chars().collect(), text.chars().collect());
    let (mut g, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if g < glob.len() && (glob[g] == '?' || glob[g] == text[t]) {
            g += 1;
            t += 1;
        } else if g < glob.len() && glob[g] == '*' {
            star = Some((g, t));
            g += 1;
        } else if let Some((star_g, star_t)) = star {
            g = star_g + 1;
            t = star_t + 1;
            star = Some((star_g, star_t + 1));
        } else {
            return false;
        }
    }
    glob[g..].iter().all(|&c| c == '*')
}

/// `YYYYMMDD[HHMM[SS]]`, local time, or UTC with a trailing `Z`, to
/// seconds since 1970.
fn expiry_time(spec: &str) -> Result<i64, String> {
    let (digits, utc) = match spec.strip_suffix(['Z', 'z']) {
        Some(digits) => (digits, true),
        None => (spec, false),
    };
    if !matches!(digits.len(), 8 | 12 | 14) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("not a time of the form YYYYMMDD[HHMM[SS]][Z]".into());
    }
    let number = |range: std::ops::Range<usize>| {
        digits
            .get(range)
            .map_or(0, |d| d.parse::<i64>().unwrap_or(0))
    };
    let (year, month, day) = (number(0..4), number(4..6), number(6..8));
    let (hour, minute, second) = (number(8..10), number(10..12), number(12..14));
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return Err("not a valid date and time".into());
    }
    let civil = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    Ok(if utc {
        civil
    } else {
        civil - local_offset(civil)
    })
}

/// Days since 1970-01-01 of a date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Seconds the local time zone is ahead of UTC near `at` (a local time
/// read as UTC). Where it cannot be known, the earliest zone on Earth
/// (UTC+14) is assumed, so that a key never outlives its time.
fn local_offset(at: i64) -> i64 {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let time = at as libc::time_t;
        // SAFETY: `localtime_r` writes only into the `tm` given to it.
        let mut tm: libc::tm = unsafe { std::mem::zeroed() };
        let filled = unsafe { libc::localtime_r(&time, &mut tm) };
        if !filled.is_null() {
            return tm.tm_gmtoff;
        }
    }
    let _ = at;
    14 * 3600
}

/// `SHA256:…` of a client's key, for the log.
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEnh76ZTAQ07MztmHHTUz8wXtC47xEgkGVvy/nx5g5s1 alice";

    fn one(options: &str) -> Result<AllowedKey, String> {
        let line = if options.is_empty() {
            KEY.to_string()
        } else {
            format!("{options} {KEY}")
        };
        parse(&line).map(|(mut keys, _)| keys.remove(0))
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn from_patterns_are_honoured_with_exclusions_first() {
        let key = one(r#"from="!127.0.0.1,*""#).unwrap();
        let access = Access::Keys(vec![key.clone()]);
        let now = SystemTime::now();
        assert_eq!(
            access.allows(&key.key, ip("127.0.0.1"), now),
            Err(Denied::NotFromHere(1))
        );
        assert!(access.allows(&key.key, ip("10.1.2.3"), now).is_ok());
        assert!(
            access
                .allows(&key.key, ip("::ffff:127.0.0.1"), now)
                .is_err(),
            "a mapped address is the IPv4 one"
        );
        let block = Access::Keys(vec![one(r#"from="10.0.0.0/8,192.168.1.?""#).unwrap()]);
        assert!(block.allows(&key.key, ip("10.200.3.4"), now).is_ok());
        assert!(block.allows(&key.key, ip("192.168.1.7"), now).is_ok());
        assert!(block.allows(&key.key, ip("192.168.1.70"), now).is_err());
        assert!(block.allows(&key.key, ip("11.0.0.1"), now).is_err());
    }

    #[test]
    fn host_names_never_match_and_cannot_be_excluded() {
        let (keys, warnings) = parse(&format!(r#"from="trusted.example.org" {KEY}"#)).unwrap();
        assert!(warnings[0].contains("never lets anyone in"), "{warnings:?}");
        let access = Access::Keys(keys.clone());
        assert!(
            access
                .allows(&keys[0].key, ip("127.0.0.1"), SystemTime::now())
                .is_err()
        );
        let error = parse(&format!(r#"from="!evil.example.org,*" {KEY}"#)).unwrap_err();
        assert!(error.starts_with("line 1:"), "{error}");
    }

    #[test]
    fn an_expired_key_is_refused_and_a_future_one_let_in() {
        let expired = one(r#"expiry-time="20200101""#).unwrap();
        let access = Access::Keys(vec![expired.clone()]);
        assert_eq!(
            access.allows(&expired.key, ip("127.0.0.1"), SystemTime::now()),
            Err(Denied::Expired(1))
        );
        let later = Access::Keys(vec![one(r#"expiry-time="29991231235959Z""#).unwrap()]);
        assert!(
            later
                .allows(&expired.key, ip("127.0.0.1"), SystemTime::now())
                .is_ok()
        );
        assert_eq!(expiry_time("19700102Z"), Ok(86_400));
        assert_eq!(expiry_time("20000301000000Z"), Ok(951_868_800));
        assert!(expiry_time("2020").is_err());
        assert!(expiry_time("20201340").is_err());
    }

    #[test]
    fn restrict_and_no_pty_take_the_terminal_and_pty_gives_it_back() {
        assert!(one("").unwrap().pty);
        assert!(!one("restrict").unwrap().pty);
        assert!(!one("no-pty").unwrap().pty);
        assert!(one("restrict,pty").unwrap().pty);
        assert!(!one("restrict,pty,no-pty").unwrap().pty);
        assert!(one("no-port-forwarding,no-agent-forwarding").unwrap().pty);
    }

    #[test]
    fn options_that_cannot_be_kept_refuse_the_file_naming_the_line() {
        for options in [
            "cert-authority",
            r#"command="ls""#,
            r#"principals="alice""#,
            "verify-required",
            "made-up-option",
        ] {
            let text = format!("# keys\n\n{KEY}\n{options} {KEY}\n");
            let error = parse(&text).unwrap_err();
            assert!(error.starts_with("line 4:"), "{options}: {error}");
        }
    }

    #[test]
    fn lines_that_are_not_keys_are_warnings() {
        let (keys, warnings) = parse(&format!("not a key\n{KEY}\n")).unwrap();
        assert_eq!(keys.len(), 1);
        assert_eq!(keys[0].line, 2);
        assert!(warnings[0].starts_with("line 1:"), "{warnings:?}");
    }

    #[test]
    fn keys_without_a_comment_and_quoted_commas_are_read() {
        let bare = KEY.rsplit_once(' ').unwrap().0;
        let (keys, warnings) = parse(&format!("restrict {bare}")).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(!keys[0].pty);
        let key = one(r#"from="10.0.0.1,10.0.0.2",no-pty"#).unwrap();
        assert_eq!(key.from.as_ref().map(Vec::len), Some(2));
        assert!(!key.pty);
    }

    #[test]
    fn globs_match_whole_addresses() {
        assert!(glob_matches("*", "1.2.3.4"));
        assert!(glob_matches("10.*.1", "10.20.30.1"));
        assert!(!glob_matches("10.*.1", "10.20.30.12"));
        assert!(glob_matches("::1", "::1"));
        assert!(!glob_matches("1.2.3.4", "1.2.3.45"));
    }
}
