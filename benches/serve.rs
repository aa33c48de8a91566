//! `esf-browse serve` under load, on a generated corpus (10 000 pages by
//! default): the real server binary in a child process, russh clients in
//! this one.
//!
//! - keystroke → frame, per session: p99 with one session alone, then with
//!   N sessions (50) typing queries at once;
//! - memory per extra session: the server's RSS growth ÷ N;
//! - a new session's first frame (the store already loaded);
//! - the baseline: a browser process per session, as OpenSSH's sshd would
//!   start one (`esf-browse DIR` in a pty; sshd itself is not installed
//!   here, so its own handshake is not counted): time to the full list
//!   and RSS per process.
//!
//! Sessions type at a fast typist's pace (a key every ESF_BENCH_KEY_MS,
//! 150 ms, at most: never before the last key's frame), their phases
//! spread; ESF_BENCH_KEY_MS=0 types flat out (a saturation test).
//!
//! `cargo bench --features synth --bench serve`
//! (ESF_BENCH_SIZE=10000, ESF_BENCH_SESSIONS=50, ESF_BENCH_KEY_MS=150)

mod common;
use common::percentile;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use russh::client;
use russh::keys::PublicKeyOrCertificate;
use russh::{ChannelMsg, Disconnect};

const QUERIES: [&str; 3] = ["kompetens", "arb mark", "härj"];
const ROUNDS: usize = 3;
const COLUMNS: u16 = 120;
const ROWS: u16 = 40;

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
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLUMNS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_esf-browse"));
    command.arg("--no-config");
    command.arg(dir.join("pages"));
    command.env("TERM", "xterm-256color");
    let started = Instant::now();
    let mut child = pair.slave.spawn_command(command).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let screen = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLUMNS, 0)));
    {
        let screen = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                screen.lock().unwrap().process(&buffer[..n]);
            }
        });
    }
    let full = format!(" {size} / {size} projects ");
    loop {
        let text = screen.lock().unwrap().screen().contents();
        if text.contains(&full) && !text.to_lowercase().contains("loading") {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let elapsed = started.elapsed();
    let memory = child.process_id().map_or(0, rss);
    let _ = child.kill();
    let _ = child.wait();
    (elapsed, memory)
}

fn main() {
    let size: usize = std::env::var("ESF_BENCH_SIZE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let sessions: usize = std::env::var("ESF_BENCH_SESSIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(50);
    let pace = Duration::from_millis(
        std::env::var("ESF_BENCH_KEY_MS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(150),
    );
    let dir = tempfile::tempdir().unwrap();
    esf_browse::synth::write_corpus(&dir.path().join("pages"), size, 2007).unwrap();
    let (mut server, port) = start_server(dir.path());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let pid = server.id();

    runtime.block_on(async {
        // Warm up, then one session alone.
        let (warm, _) = Session::open(port).await;
        warm.close().await;
        let idle_rss = rss(pid);
        let mut first_frames = Vec::new();
        let (mut alone, first) = Session::open(port).await;
        first_frames.push(first);
        let mut times = alone.type_queries(pace, Duration::ZERO).await;
        alone.close().await;
        times.sort();
        let alone_p99 = percentile(&times, 0.99);
        println!(
            "(a key every {pace:?} at most)\n{size} pages, one session:      keystroke→frame p50 {:.2?}  p99 {:.2?}",
            percentile(&times, 0.5),
            alone_p99
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
            "{size} pages, {sessions} sessions:     keystroke→frame p50 {:.2?}  p99 (all keys) {:.2?}; per-session p99: median {:.2?}, worst {:.2?} = {:.1}× alone",
            percentile(&all, 0.5),
            percentile(&all, 0.99),
            percentile(&p99s, 0.5),
            worst,
            worst.as_secs_f64() / alone_p99.as_secs_f64()
        );
        let per_session = |rss: u64| rss.saturating_sub(idle_rss) as f64 / sessions as f64 / 1e6;
        println!(
            "server RSS: {:.1} MB idle; +{:.2} MB per session open, +{:.2} MB per session after typing",
            idle_rss as f64 / 1e6,
            per_session(with_sessions),
            per_session(after_typing)
        );
        first_frames.sort();
        println!(
            "first frame of a new session (SSH handshake excluded, pty+shell → full list): p50 {:.2?}  max {:.2?}",
            percentile(&first_frames, 0.5),
            first_frames[first_frames.len() - 1]
        );
    });
    let _ = server.kill();
    let _ = server.wait();

    let (until_list, process_rss) = process_per_session(dir.path(), size);
    println!(
        "baseline, a process per session: full list after {until_list:.2?}; RSS {:.1} MB per session",
        process_rss as f64 / 1e6
    );
}
