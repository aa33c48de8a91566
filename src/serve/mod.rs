//! `esf-browse serve`: one corpus, loaded once, browsed by many over SSH
//! with nothing installed on their side. A built-in SSH server (russh)
//! gives each connection its own browser state, drawn by the same UI code
//! as the local browser, and runs `list`, `show` and `stats` for `ssh host
//! COMMAND`. Nothing is written on the server.
//!
//! Threads: a small tokio runtime does the network; each interactive
//! session is a std thread that blocks on its own channel.

mod auth;
mod connection;
mod exec;
mod guarded;
mod host_key;
mod input;
mod limits;
mod log;
mod outbox;
mod screen;
mod session;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use russh::keys::PrivateKey;
use russh::server::{Config, Handle};
use russh::{MethodKind, MethodSet};
use tokio::io::AsyncWriteExt;

pub use auth::{Access, AllowedKey, Rights, parse as parse_authorized_keys};
pub use exec::{Output, run as run_command, split_words};
pub use host_key::{fingerprint, load_or_create as load_or_create_host_key};
pub use input::InputParser;
pub use limits::{Limits, MOST_COLUMNS, MOST_ROWS};
pub use session::usable_size;

use crate::model::Corpus;
use crate::model::search::text_index::TextIndex;
use crate::ui::state::Options;
use crate::ui::theme::Palette;
use connection::{Connection, Stats};
use guarded::{Guarded, Switch};
use session::SessionMsg;

/// How the server runs.
#[derive(Clone)]
pub struct Settings {
    pub listen: SocketAddr,
    pub host_key: PrivateKey,
    pub access: Access,
    pub limits: Limits,
    /// The browser's options for every session (export is always off).
    pub options: Options,
    pub palette: Palette,
    pub hyperlinks: bool,
    /// One line per connection event on stderr.
    pub log: bool,
}

/// The interactive sessions open now, and how to reach them.
#[derive(Default)]
pub(crate) struct Sessions {
    open: Mutex<HashMap<u64, Sender<SessionMsg>>>,
    count: AtomicUsize,
    /// Sessions open now from each client address.
    by_address: Mutex<HashMap<IpAddr, usize>>,
    next: AtomicU64,
}

/// A place among the sessions; given back when dropped.
pub(crate) struct Slot {
    shared: Arc<Shared>,
    id: u64,
    address: IpAddr,
}

impl Slot {
    pub fn id(&self) -> u64 {
        self.id
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let sessions = &self.shared.sessions;
        if let Ok(mut open) = sessions.open.lock() {
            open.remove(&self.id);
        }
        let mut by_address = sessions
            .by_address
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(n) = by_address.get_mut(&self.address) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                by_address.remove(&self.address);
            }
        }
        sessions.count.fetch_sub(1, Ordering::SeqCst);
    }
}

/// What every connection shares.
pub(crate) struct Shared {
    pub corpus: Arc<Corpus>,
    pub settings: Settings,
    sessions: Sessions,
    gate: Arc<limits::Gate>,
    /// Open connections, to disconnect when stopping.
    connections: Mutex<HashMap<u64, Handle>>,
    /// Each open connection's switch, to cut it when it will not go.
    switches: Mutex<HashMap<u64, Arc<Switch>>>,
    next_connection: AtomicU64,
    stopping: AtomicBool,
}

impl Shared {
    /// A place for one more session from `address`, or why there is none:
    /// the server is stopping, or full, or that address has its share.
    pub fn enter(self: &Arc<Shared>, address: IpAddr) -> Result<Slot, String> {
        let limits = &self.settings.limits;
        if self.stopping.load(Ordering::SeqCst) {
            return Err("the server is stopping".into());
        }
        let mut by_address = self
            .sessions
            .by_address
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let from_here = by_address.entry(address).or_insert(0);
        if *from_here >= limits.per_address {
            return Err(format!(
                "too many sessions from {address} (at most {}); close one first",
                limits.per_address
            ));
        }
        let previous = self.sessions.count.fetch_add(1, Ordering::SeqCst);
        if previous >= limits.sessions {
            self.sessions.count.fetch_sub(1, Ordering::SeqCst);
            return Err("the server is full; try again later".into());
        }
        *from_here += 1;
        let id = self.sessions.next.fetch_add(1, Ordering::SeqCst);
        Ok(Slot {
            shared: Arc::clone(self),
            id,
            address,
        })
    }

    /// Lets the server reach the session to stop it.
    pub fn register(&self, id: u64, sender: Sender<SessionMsg>) {
        if let Ok(mut open) = self.sessions.open.lock() {
            open.insert(id, sender);
        }
    }
}

/// Prepares a loaded corpus for serving: the full-text index built once.
pub fn prepare(mut corpus: Corpus) -> Arc<Corpus> {
    let store = std::mem::take(&mut corpus.store);
    let index = TextIndex::build(store.projects());
    corpus.store = store.with_text_index(index);
    Arc::new(corpus)
}

/// A running server.
pub struct Server {
    shared: Arc<Shared>,
    address: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Binds the address and starts serving `corpus` on a thread of its own.
    pub fn start(settings: Settings, corpus: Arc<Corpus>) -> anyhow::Result<Server> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("serve-net")
            .enable_all()
            .build()
            .context("cannot start the network runtime")?;
        // Bound here (not in the runtime) so that starting works from
        // any thread, async or not.
        let listener = std::net::TcpListener::bind(settings.listen)
            .with_context(|| format!("cannot listen on {}", settings.listen))?;
        listener
            .set_nonblocking(true)
            .context("cannot set up the listening socket")?;
        let address = listener.local_addr().context("cannot read the address")?;
        let config = Arc::new(ssh_config(&settings));
        let shared = Arc::new(Shared {
            corpus,
            settings,
            sessions: Sessions::default(),
            gate: Arc::new(limits::Gate::default()),
            connections: Mutex::new(HashMap::new()),
            switches: Mutex::new(HashMap::new()),
            next_connection: AtomicU64::new(0),
            stopping: AtomicBool::new(false),
        });
        let (stop, stopped) = tokio::sync::oneshot::channel();
        let accepting = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("serve".into())
            .spawn(move || {
                runtime.block_on(async move {
                    match tokio::net::TcpListener::from_std(listener) {
                        Ok(listener) => accept(listener, accepting, config, stopped).await,
                        Err(error) => {
                            crate::cli::print_error(format_args!("cannot listen: {error}"))
                        }
                    }
                });
                runtime.shutdown_timeout(Duration::from_secs(2));
            })
            .context("cannot start the server thread")?;
        Ok(Server {
            shared,
            address,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The address it listens on (with the port chosen when 0 was asked).
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Connections open now.
    pub fn connections(&self) -> usize {
        self.shared.gate.open()
    }

    /// Interactive sessions open now.
    pub fn sessions(&self) -> usize {
        self.shared.sessions.count.load(Ordering::SeqCst)
    }

    /// Tells every session the server is stopping, lets them restore their
    /// terminals and close (for up to `grace`), disconnects everyone and
    /// stops listening.
    pub fn stop(mut self, grace: Duration) {
        self.stop_now(grace);
    }

    fn stop_now(&mut self, grace: Duration) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        let senders: Vec<Sender<SessionMsg>> = self
            .shared
            .sessions
            .open
            .lock()
            .map(|open| open.values().cloned().collect())
            .unwrap_or_default();
        for sender in senders {
            let _ = sender.send(SessionMsg::Stop("the server is stopping".into()));
        }
        let deadline = Instant::now() + grace;
        // Shutting down only: a short poll, not in any steady state.
        while self.sessions() > 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        if self.connections() > 0 {
            // A moment for the sessions' last bytes (their terminals
            // restored) to leave before everyone is disconnected.
            std::thread::sleep(Duration::from_millis(300));
        }
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.thread.is_some() {
            self.stop_now(Duration::from_secs(1));
        }
    }
}

/// Key exchange by elliptic curves only (and their post-quantum hybrid):
/// a handshake costs a fraction of a millisecond. The finite-field groups
/// (8192-bit Diffie-Hellman costs ~1 s of CPU) are never offered, so no
/// unauthenticated client can spend the network threads.
const KEY_EXCHANGES: &[russh::kex::Name] = &[
    russh::kex::MLKEM768X25519_SHA256,
    russh::kex::CURVE25519,
    russh::kex::CURVE25519_PRE_RFC_8731,
    russh::kex::EXTENSION_SUPPORT_AS_SERVER,
    russh::kex::EXTENSION_OPENSSH_STRICT_KEX_AS_SERVER,
];

/// Host and client key algorithms: no SHA-1 (`ssh-rsa`) signatures.
const KEY_ALGORITHMS: &[russh::keys::Algorithm] = &[
    russh::keys::Algorithm::Ed25519,
    russh::keys::Algorithm::Ecdsa {
        curve: russh::keys::EcdsaCurve::NistP256,
    },
    russh::keys::Algorithm::Ecdsa {
        curve: russh::keys::EcdsaCurve::NistP384,
    },
    russh::keys::Algorithm::Ecdsa {
        curve: russh::keys::EcdsaCurve::NistP521,
    },
    russh::keys::Algorithm::Rsa {
        hash: Some(russh::keys::HashAlg::Sha512),
    },
    russh::keys::Algorithm::Rsa {
        hash: Some(russh::keys::HashAlg::Sha256),
    },
];

fn ssh_config(settings: &Settings) -> Config {
    let methods: &[MethodKind] = if settings.access.is_open() {
        &[MethodKind::None, MethodKind::PublicKey]
    } else {
        &[MethodKind::PublicKey]
    };
    Config {
        // No library name or version for a scanner to match.
        server_id: russh::SshId::Standard("SSH-2.0-esf-browse".into()),
        keys: vec![settings.host_key.clone()],
        methods: MethodSet::from(methods),
        auth_rejection_time: Duration::from_millis(300),
        auth_rejection_time_initial: Some(Duration::ZERO),
        max_auth_attempts: settings.limits.auth_attempts,
        // The idle limit is kept by `close_when_idle`: russh's own timer
        // counts the client's keepalive replies as activity.
        inactivity_timeout: None,
        keepalive_interval: Some(Duration::from_secs(30)),
        keepalive_max: 3,
        nodelay: true,
        preferred: russh::Preferred {
            kex: KEY_EXCHANGES.into(),
            key: KEY_ALGORITHMS.into(),
            ..russh::Preferred::DEFAULT
        },
        ..Default::default()
    }
}

/// Accepts connections until told to stop; then disconnects everyone.
async fn accept(
    listener: tokio::net::TcpListener,
    shared: Arc<Shared>,
    config: Arc<Config>,
    mut stopped: tokio::sync::oneshot::Receiver<()>,
) {
    loop {
        let accepted = tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => accepted,
        };
        let (mut socket, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(_) => {
                // Out of file descriptors, say: wait rather than spin.
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        match shared.gate.admit(peer.ip(), &shared.settings.limits) {
            Ok(ticket) => {
                tokio::spawn(connection(
                    socket,
                    peer,
                    ticket,
                    Arc::clone(&shared),
                    Arc::clone(&config),
                ));
            }
            Err(reason) => {
                if shared.settings.log {
                    log::event(
                        peer,
                        "refused",
                        format_args!("reason={}", log::quoted(&reason)),
                    );
                }
                tokio::spawn(async move {
                    // Before the SSH banner, a line of text is allowed.
                    let line = format!("esf-browse: {reason}\r\n");
                    let write = socket.write_all(line.as_bytes());
                    let _ = tokio::time::timeout(Duration::from_secs(2), write).await;
                    let _ = socket.shutdown().await;
                });
            }
        }
    }
    disconnect_everyone(&shared).await;
}

/// Asks every connection to close (a client that does not answer in time
/// is cut), then waits for them to go.
async fn disconnect_everyone(shared: &Shared) {
    let handles: Vec<Handle> = shared
        .connections
        .lock()
        .map(|open| open.values().cloned().collect())
        .unwrap_or_default();
    for handle in handles {
        // Each on its own: a connection stuck writing cannot hold the rest.
        tokio::spawn(async move {
            let goodbye = handle.disconnect(
                russh::Disconnect::ByApplication,
                "the server is stopping".into(),
                "en".into(),
            );
            let _ = tokio::time::timeout(Duration::from_secs(1), goodbye).await;
        });
    }
    wait_for_connections(shared, Duration::from_secs(2)).await;
    let switches: Vec<Arc<Switch>> = shared
        .switches
        .lock()
        .map(|open| open.values().cloned().collect())
        .unwrap_or_default();
    for switch in switches {
        switch.turn_off("the server is stopping");
    }
    wait_for_connections(shared, Duration::from_secs(1)).await;
}

async fn wait_for_connections(shared: &Shared, most: Duration) {
    let deadline = Instant::now() + most;
    // Shutting down only: a short poll, not in any steady state.
    while shared.gate.open() > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Closes the connection once the client has sent nothing for `idle`:
/// its sessions are told (and restore the terminal), the client is told,
/// and whatever it does the connection is cut soon after.
async fn close_when_idle(handle: Handle, stats: Arc<Stats>, idle: Duration, switch: Arc<Switch>) {
    loop {
        let deadline = stats.last_input() + idle;
        if Instant::now() >= deadline {
            break;
        }
        tokio::time::sleep_until(deadline.into()).await;
    }
    let reason = format!("closed after {} without input", duration_words(idle));
    let sessions: Vec<Sender<SessionMsg>> = stats
        .sessions
        .lock()
        .map(|sessions| sessions.clone())
        .unwrap_or_default();
    for session in &sessions {
        let _ = session.send(SessionMsg::Stop(reason.clone()));
    }
    if !sessions.is_empty() {
        // A moment for the sessions' last bytes to leave.
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let goodbye = handle.disconnect(russh::Disconnect::ByApplication, reason, "en".into());
    let _ = tokio::time::timeout(Duration::from_secs(1), goodbye).await;
    // The connection normally ends now; if the client holds it, it is cut.
    tokio::time::sleep(Duration::from_secs(2)).await;
    switch.turn_off("idle");
}

/// `30 min`, `10 s`.
fn duration_words(duration: Duration) -> String {
    let seconds = duration.as_secs();
    if seconds >= 60 && seconds.is_multiple_of(60) {
        format!("{} min", seconds / 60)
    } else {
        format!("{seconds} s")
    }
}

/// Resolves at `deadline` unless the client has authenticated by then
/// (then never).
async fn unauthenticated_at(deadline: tokio::time::Instant, stats: &Stats) {
    tokio::time::sleep_until(deadline).await;
    if stats.authenticated.load(Ordering::SeqCst) {
        std::future::pending::<()>().await;
    }
}

/// One connection, from the SSH handshake to its last log line. One
/// deadline runs from accepting the socket to authentication; when it
/// passes, the socket is closed whatever the SSH library is doing.
async fn connection(
    socket: tokio::net::TcpStream,
    peer: SocketAddr,
    ticket: limits::Ticket,
    shared: Arc<Shared>,
    config: Arc<Config>,
) {
    // Keys and frames are small: send them now, not after an ACK.
    let _ = socket.set_nodelay(true);
    let limits = shared.settings.limits;
    let auth_deadline = tokio::time::Instant::now() + limits.auth_time;
    let stats = Arc::new(Stats::new());
    let switch = Arc::new(Switch::default());
    let id = shared.next_connection.fetch_add(1, Ordering::SeqCst);
    if let Ok(mut open) = shared.switches.lock() {
        open.insert(id, Arc::clone(&switch));
    }
    let log = shared.settings.log;
    if log {
        log::event(peer, "connect", "");
    }
    let socket = Guarded::new(socket, Arc::clone(&switch), limits.write_stall);
    let handler = Connection::new(Arc::clone(&shared), peer, Arc::clone(&stats));
    let started = tokio::time::timeout_at(
        auth_deadline,
        russh::server::run_stream(config, socket, handler),
    )
    .await;
    let outcome = match started {
        Ok(Ok(running)) => {
            let handle = running.handle();
            if let Ok(mut open) = shared.connections.lock() {
                open.insert(id, handle.clone());
            }
            let idle =
                close_when_idle(handle, Arc::clone(&stats), limits.idle, Arc::clone(&switch));
            tokio::pin!(running);
            let outcome = tokio::select! {
                result = &mut running => match (result, switch.why()) {
                    (_, Some(why)) => format!("cut reason={}", log::quoted(&why)),
                    (Ok(()), None) => "closed".to_string(),
                    (Err(error), None) => format!("ended reason={}", log::quoted(&error.to_string())),
                },
                () = unauthenticated_at(auth_deadline, &stats) => "auth-timeout".to_string(),
                () = idle => "idle-timeout".to_string(),
            };
            if let Ok(mut open) = shared.connections.lock() {
                open.remove(&id);
            }
            outcome
        }
        Ok(Err(error)) => format!("failed reason={}", log::quoted(&error.to_string())),
        Err(_) => "auth-timeout".to_string(),
    };
    // Whatever ended it, the socket closes now (and with it the SSH task).
    switch.turn_off("closed");
    if let Ok(mut open) = shared.switches.lock() {
        open.remove(&id);
    }
    drop(ticket);
    if log {
        log::event(
            peer,
            "disconnect",
            format_args!(
                "{} {outcome} secs={:.1} in={} out={}",
                stats.who(),
                stats.started.elapsed().as_secs_f64(),
                stats.bytes_in.load(Ordering::Relaxed),
                stats.bytes_out.load(Ordering::Relaxed)
            ),
        );
    }
}

/// `esf-browse serve`: loads the corpus, starts the server, serves until
/// SIGTERM, SIGINT or SIGHUP. Exit status: 0 after a signal (sessions
/// closed cleanly), 1 when it cannot start, 2 for wrong arguments.
pub fn run(args: crate::cli::args::ServeArgs) -> anyhow::Result<std::process::ExitCode> {
    use crate::cli::print_error;
    use std::process::ExitCode;

    if let Some(missing) = args.paths.iter().find(|p| !p.exists()) {
        print_error(format_args!(
            "{}: no such file or directory",
            missing.display()
        ));
        return Ok(ExitCode::FAILURE);
    }
    let access = match (&args.authorized_keys, args.open) {
        (_, true) => Access::Open,
        (Some(path), false) => {
            let (access, warnings) = Access::from_file(path)?;
            for warning in warnings {
                print_error(format_args!("warning: {warning}"));
            }
            access
        }
        (None, false) => {
            print_error("give --authorized-keys FILE, or --open to let anyone in");
            return Ok(ExitCode::from(2));
        }
    };
    let Some(host_key_path) = args.host_key.clone().or_else(host_key::default_path) else {
        print_error("no data folder on this system: give --host-key FILE");
        return Ok(ExitCode::from(2));
    };
    let (host_key, created) = load_or_create_host_key(&host_key_path)?;
    let settings = crate::cli::config::load(args.config.as_deref(), args.no_config)?;
    let corpus = crate::cli::load_shared(&args.paths);
    for problem in &corpus.problems {
        print_error(format_args!(
            "{}: {}",
            crate::model::page::format::printable_path(&problem.path),
            problem.error
        ));
    }
    let corpus = prepare(corpus);
    let limits = Limits {
        sessions: args.max_sessions.max(1),
        per_address: args.max_per_address.max(1),
        auth_attempts: args.max_auth_attempts.max(1),
        auth_time: Duration::from_secs(args.auth_timeout.max(1)),
        idle: Duration::from_secs(args.idle_timeout.max(1)),
        ..Limits::default()
    };
    let open = access.is_open();
    let server = Server::start(
        Settings {
            listen: args.listen,
            host_key: host_key.clone(),
            access,
            limits,
            options: Options {
                keymap: settings.keymap,
                sort: settings.sort,
                reverse: settings.reverse,
                mouse: settings.mouse,
                clipboard: settings.clipboard,
                marks_file: None,
                read_only: true,
            },
            palette: settings.palette,
            hyperlinks: settings.hyperlinks,
            log: !args.quiet,
        },
        corpus.clone(),
    )?;
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGHUP,
    ])
    .context("cannot install signal handlers")?;
    eprintln!(
        "esf-browse: serving {} projects on {} (ssh -p {} HOST)",
        corpus.store.len(),
        server.address(),
        server.address().port()
    );
    eprintln!(
        "esf-browse: host key {} {}{}",
        fingerprint(&host_key),
        host_key_path.display(),
        if created { " (created now)" } else { "" }
    );
    if open {
        eprintln!(
            "esf-browse: WARNING: --open: ANYONE WHO CAN REACH {} MAY BROWSE THIS CORPUS, WITHOUT A KEY (read-only kiosk)",
            server.address()
        );
    }
    let signal = signals.forever().next();
    // Through the log's queue: a stderr nobody reads never holds the stop.
    let sessions = server.sessions();
    log::notice(format_args!(
        "{}: telling {sessions} {} the server is stopping",
        signal.map_or("stopping".to_string(), |s| format!("signal {s}")),
        if sessions == 1 { "session" } else { "sessions" }
    ));
    server.stop(Duration::from_secs(3));
    log::notice("stopped");
    log::drain(Duration::from_secs(1));
    Ok(ExitCode::SUCCESS)
}
