//! `esf-browse serve` under load, on a generated corpus (10 000 pages by
//! default): the real server binary in a child process, russh clients in
//! this one.
//!
//! - server RSS with 1, 10 and 50 idle interactive sessions open (each a
//!   120×40 pty and a shell, idle after its first full frame);
//! - keystroke → frame, per session: p50/p99 with one session alone, then
//!   with N sessions (50: one and 49 others) typing queries at once;
//! - keystroke → frame of one logged-in session typing during a handshake
//!   flood: ESF_BENCH_FLOOD (8) loops from 127.0.0.1, each connecting, doing
//!   a full key exchange with russh's default client algorithms, never
//!   authenticating, dropping the connection, and again; the flood's
//!   handshakes per second;
//! - memory per extra session: the server's RSS growth ÷ N;
//! - a new session's first frame (the store already loaded);
//! - the baseline (skipped with ESF_BENCH_BASELINE=0): a browser process
//!   per session, as OpenSSH's sshd would start one (`esf-browse DIR` in a
//!   pty; sshd itself is not installed here, so its own handshake is not
//!   counted): time to the full list and RSS per process.
//!
//! Sessions type at a fast typist's pace (a key every ESF_BENCH_KEY_MS,
//! 150 ms, at most: never before the last key's frame), their phases
//! spread; ESF_BENCH_KEY_MS=0 types flat out (a saturation test).
//!
//! The server, its clients and the flood share this machine's cores: the
//! flood's client side (its own runtime, 2 threads) takes CPU time the
//! server would have on its own machine.
//!
//! `cargo bench --features synth --bench serve`
//! (ESF_BENCH_SIZE=10000, ESF_BENCH_SESSIONS=50, ESF_BENCH_KEY_MS=150,
//! ESF_BENCH_FLOOD=8, ESF_BENCH_BASELINE=1)

mod common;
use common::percentile;
// The tests' shared helpers, for their pseudo-terminal harness.
#[path = "../tests/common/mod.rs"]
mod tests_common;
use tests_common::pty::PtyCommand;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use russh::client;
use russh::keys::PublicKeyOrCertificate;
use russh::{ChannelMsg, Disconnect};

const QUERIES: [&str; 3] = ["kompetens", "arb mark", "härj"];
const ROUNDS: usize = 3;
const COLUMNS: u16 = 120;
const ROWS: u16 = 40;
/// The idle sessions open when the server's RSS is read.
const IDLE_COUNTS: [usize; 3] = [1, 10, 50];

struct Trusting;

impl client::Handler for Trusting {
    type Error = russh::Error;

    async fn check_server_key(&mut self, _: &PublicKeyOrCertificate) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// Resident memory of a process, in bytes.
fn rss(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

/// CPU time the process has used (user + system), from /proc/PID/stat,
/// at USER_HZ = 100.
fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    // utime and stime: fields 14 and 15, counted from the pid as 1.
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i)?.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10)
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// One flood loop: connect, a full key exchange (russh's default client
/// algorithms), no authentication, drop the connection; again until
/// `stop`. The time of each handshake, and the attempts that failed.
async fn handshake_loop(port: u16, stop: Arc<AtomicBool>) -> (Vec<Duration>, usize) {
    let config = Arc::new(client::Config {
        nodelay: true,
        ..client::Config::default()
    });
    let mut times = Vec::new();
    let mut failed = 0;
    while !stop.load(Ordering::Relaxed) {
        let started = Instant::now();
        // `connect` returns once the key exchange is done (the server's
        // NEWKEYS received, its host key checked).
        match client::connect(Arc::clone(&config), ("127.0.0.1", port), Trusting).await {
            Ok(handle) => {
                times.push(started.elapsed());
                drop(handle);
            }
            Err(_) => {
                failed += 1;
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        }
    }
    (times, failed)
}

/// One interactive session over SSH, its screen emulated.
struct Session {
    channel: russh::Channel<client::Msg>,
    handle: client::Handle<Trusting>,
    vt: vt100::Parser,
}

impl Session {
    async fn open(port: u16) -> (Session, Duration) {
        // As OpenSSH does for interactive sessions.
        let config = Arc::new(client::Config {
            nodelay: true,
            ..client::Config::default()
        });
        let mut handle = client::connect(config, ("127.0.0.1", port), Trusting)
            .await
            .expect("connect");
        assert!(handle.authenticate_none("bench").await.unwrap().success());
        let started = Instant::now();
        let channel = handle.channel_open_session().await.unwrap();
        channel
            .request_pty(
                false,
                "xterm-256color",
                COLUMNS.into(),
                ROWS.into(),
                0,
                0,
                &[],
            )
            .await
            .unwrap();
        channel.request_shell(false).await.unwrap();
        let mut session = Session {
            channel,
            handle,
            vt: vt100::Parser::new(ROWS, COLUMNS, 0),
        };
        session.read_until(|text| text.contains(" projects ")).await;
        (session, started.elapsed())
    }

    async fn read_until(&mut self, done: impl Fn(&str) -> bool) {
        while !done(&self.vt.screen().contents()) {
            match self.channel.wait().await {
                Some(ChannelMsg::Data { data }) => self.vt.process(&data),
                Some(_) => {}
                None => panic!("the session closed"),
            }
        }
    }

    /// Types the queries a key at a time; the time from each key to the
    /// frame that shows it.
    async fn type_queries(&mut self, pace: Duration, phase: Duration) -> Vec<Duration> {
        let mut times = Vec::new();
        tokio::time::sleep(phase).await;
        let mut next_key = tokio::time::Instant::now();
        for _ in 0..ROUNDS {
            for query in QUERIES {
                self.channel.data_bytes(&b"/"[..]).await.unwrap();
                let mut typed = String::new();
                for c in query.chars() {
                    typed.push(c);
                    let shown = format!("/ {typed}");
                    tokio::time::sleep_until(next_key).await;
                    next_key = tokio::time::Instant::now() + pace;
                    let started = Instant::now();
                    let mut key = [0u8; 4];
                    self.channel
                        .data_bytes(c.encode_utf8(&mut key).as_bytes().to_vec())
                        .await
                        .unwrap();
                    self.read_until(|text| text.contains(&shown)).await;
                    times.push(started.elapsed());
                }
                // Esc: the query cleared, the whole list back.
                self.channel.data_bytes(&b"\x1b"[..]).await.unwrap();
                let shown = format!("/ {query}");
                self.read_until(|text| !text.contains(&shown)).await;
            }
        }
        times
    }

    async fn close(self) {
        let _ = self.channel.data_bytes(&b"\x03"[..]).await;
        let _ = self
            .handle
            .disconnect(Disconnect::ByApplication, "", "en")
            .await;
    }
}

/// The server binary serving `dir` to anyone, on a free port.
fn start_server(dir: &std::path::Path) -> (Child, u16) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_esf-browse"))
        .args([
            "serve",
            "--open",
            "--quiet",
            "--no-config",
            "--listen",
            "127.0.0.1:0",
        ])
        .args([
            "--max-sessions",
            "200",
            "--max-per-address",
            "200",
            "--host-key",
        ])
        .arg(dir.join("host_key"))
        .arg(dir.join("pages"))
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start the server");
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    let port = loop {
        line.clear();
        if stderr.read_line(&mut line).unwrap_or(0) == 0 {
            panic!("the server ended before listening");
        }
        if let Some(port) = line
            .split("on 127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|p| p.parse().ok())
        {
            break port;
        }
    };
    std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
    (child, port)
}

/// The baseline: `esf-browse DIR` in a pty of its own, as sshd would
/// start it; the time until the whole list is shown, and its RSS then.
fn process_per_session(dir: &std::path::Path, size: usize) -> (Duration, u64) {
    let started = Instant::now();
    let pty = PtyCommand::browser()
        .arg("--no-config")
        .arg(dir.join("pages"))
        .size(COLUMNS, ROWS)
        .deadline(Duration::from_secs(600))
        .start();
    let full = format!(" {size} / {size} projects ");
    pty.wait_until("the whole list", |screen| {
        let text = screen.contents();
        text.contains(&full) && !text.to_lowercase().contains("loading")
    });
    let elapsed = started.elapsed();
    (elapsed, rss(pty.pid()))
}

fn main() {
    let size: usize = env_or("ESF_BENCH_SIZE", 10_000);
    let sessions: usize = env_or("ESF_BENCH_SESSIONS", 50);
    let pace = Duration::from_millis(env_or("ESF_BENCH_KEY_MS", 150));
    let flood_loops: usize = env_or("ESF_BENCH_FLOOD", 8);
    let baseline = env_or("ESF_BENCH_BASELINE", 1) != 0;
    let dir = tempfile::tempdir().unwrap();
    esf_browse::synth::write_corpus(&dir.path().join("pages"), size, 2007).unwrap();
    let (mut server, port) = start_server(dir.path());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    // The flood's clients, on threads of their own.
    let flood_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let pid = server.id();
    let mb = |bytes: u64| bytes as f64 / 1e6;

    runtime.block_on(async {
        // Warm up.
        let (warm, _) = Session::open(port).await;
        warm.close().await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let idle_rss = rss(pid);
        let mut first_frames = Vec::new();
        println!("(a key every {pace:?} at most; {size} pages)");

        // Idle sessions: the server's RSS with 1, 10, 50 open.
        println!(
            "server RSS, no session open: {:.1} MB",
            mb(idle_rss)
        );
        let mut idle = Vec::new();
        for count in IDLE_COUNTS {
            while idle.len() < count {
                let (session, first) = Session::open(port).await;
                first_frames.push(first);
                idle.push(session);
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
            let with = rss(pid);
            println!(
                "server RSS, {count:>2} idle sessions: {:.1} MB = +{:.1} MB, {:.2} MB per session",
                mb(with),
                mb(with.saturating_sub(idle_rss)),
                mb(with.saturating_sub(idle_rss)) / count as f64
            );
        }
        for session in idle {
            session.close().await;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;

        // One session alone.
        let before_typing = rss(pid);
        let (mut alone, first) = Session::open(port).await;
        first_frames.push(first);
        let mut times = alone.type_queries(pace, Duration::ZERO).await;
        alone.close().await;
        times.sort();
        let alone_p99 = percentile(&times, 0.99);
        println!(
            "keystroke→frame, one session typing alone:  p50 {:.2?}  p99 {:.2?}  ({} keys)",
            percentile(&times, 0.5),
            alone_p99,
            times.len()
        );

        // N sessions at once.
        let mut open = Vec::new();
        for _ in 0..sessions {
            let (session, first) = Session::open(port).await;
            first_frames.push(first);
            open.push(session);
        }
        let with_sessions = rss(pid);
        let tasks: Vec<_> = open
            .into_iter()
            .enumerate()
            .map(|(i, mut session)| {
                let phase = pace.mul_f64(i as f64 / sessions as f64);
                tokio::spawn(async move {
                    let mut times = session.type_queries(pace, phase).await;
                    times.sort();
                    (session, times)
                })
            })
            .collect();
        let mut p99s = Vec::new();
        let mut all = Vec::new();
        let mut done = Vec::new();
        for task in tasks {
            let (session, times) = task.await.unwrap();
            p99s.push(percentile(&times, 0.99));
            all.extend(times);
            done.push(session);
        }
        let after_typing = rss(pid);
        for session in done {
            session.close().await;
        }
        p99s.sort();
        all.sort();
        let worst = p99s[p99s.len() - 1];
        println!(
            "keystroke→frame, {sessions} sessions typing at once (one + {} others), all keys: p50 {:.2?}  p99 {:.2?}  ({} keys)",
            sessions - 1,
            percentile(&all, 0.5),
            percentile(&all, 0.99),
            all.len()
        );
        println!(
            "  per-session p99: median {:.2?}, worst {:.2?} = {:.1}× alone",
            percentile(&p99s, 0.5),
            worst,
            worst.as_secs_f64() / alone_p99.as_secs_f64()
        );
        // The allocator keeps freed memory (src/allocator.rs): these
        // sessions reuse what the idle ones left, so only totals are shown.
        println!(
            "server RSS: {:.1} MB before, {:.1} MB with the {sessions} sessions open, {:.1} MB after they typed",
            mb(before_typing),
            mb(with_sessions),
            mb(after_typing)
        );
        first_frames.sort();
        println!(
            "first frame of a new session (SSH handshake excluded, pty+shell → full list): p50 {:.2?}  max {:.2?}",
            percentile(&first_frames, 0.5),
            first_frames[first_frames.len() - 1]
        );

        // One logged-in session typing through a handshake flood.
        if flood_loops > 0 {
            tokio::time::sleep(Duration::from_millis(500)).await;
            let (mut typist, _) = Session::open(port).await;
            let stop = Arc::new(AtomicBool::new(false));
            let cpu_before = cpu_time(pid);
            let started = Instant::now();
            let loops: Vec<_> = (0..flood_loops)
                .map(|_| flood_runtime.spawn(handshake_loop(port, Arc::clone(&stop))))
                .collect();
            // The flood at full rate before the first key.
            tokio::time::sleep(Duration::from_secs(1)).await;
            let mut times = typist.type_queries(pace, Duration::ZERO).await;
            stop.store(true, Ordering::Relaxed);
            let mut handshakes = Vec::new();
            let mut failed = 0;
            for flood in loops {
                let (times, failures) = flood.await.unwrap();
                handshakes.extend(times);
                failed += failures;
            }
            let elapsed = started.elapsed();
            let cpu = cpu_time(pid).saturating_sub(cpu_before);
            let during_flood = rss(pid);
            typist.close().await;
            times.sort();
            handshakes.sort();
            println!(
                "keystroke→frame, one session typing during a handshake flood ({flood_loops} loops): p50 {:.2?}  p99 {:.2?}  ({} keys)",
                percentile(&times, 0.5),
                percentile(&times, 0.99),
                times.len()
            );
            if handshakes.is_empty() {
                println!("handshake flood: no handshake completed; {failed} attempts failed");
            } else {
                println!(
                    "handshake flood: {} handshakes in {elapsed:.2?} = {:.0}/s; {failed} failed; a handshake p50 {:.2?}  p99 {:.2?}; server CPU {:.0}% of one core; server RSS {:.1} MB",
                    handshakes.len(),
                    handshakes.len() as f64 / elapsed.as_secs_f64(),
                    percentile(&handshakes, 0.5),
                    percentile(&handshakes, 0.99),
                    100.0 * cpu.as_secs_f64() / elapsed.as_secs_f64(),
                    mb(during_flood)
                );
            }
        }
    });
    drop(flood_runtime);
    let _ = server.kill();
    let _ = server.wait();

    if baseline {
        let (until_list, process_rss) = process_per_session(dir.path(), size);
        println!(
            "baseline, a process per session: full list after {until_list:.2?}; RSS {:.1} MB per session",
            process_rss as f64 / 1e6
        );
    }
}
