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
mod host_key;
mod input;
mod limits;
mod log;
mod outbox;
mod screen;
mod session;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use russh::keys::PrivateKey;
use russh::server::{Config, Handle};
use russh::{MethodKind, MethodSet};
use tokio::io::AsyncWriteExt;

pub use auth::{Access, parse as parse_authorized_keys};
pub use exec::{Output, run as run_command, split_words};
pub use host_key::{fingerprint, load_or_create as load_or_create_host_key};
pub use input::InputParser;
pub use limits::Limits;
pub use session::usable_size;

use crate::model::Corpus;
use crate::model::text_index::TextIndex;
use crate::ui::state::Options;
use crate::ui::theme::Palette;
use connection::{Connection, Stats};
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
    next: AtomicU64,
}

/// A place among the sessions; given back when dropped.
pub(crate) struct Slot {
    shared: Arc<Shared>,
    id: u64,
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
    next_connection: AtomicU64,
    stopping: AtomicBool,
}

impl Shared {
    /// A place for one more session, unless `most` are open or the server
    /// is stopping.
    pub fn enter(self: &Arc<Shared>, most: usize) -> Option<Slot> {
        if self.stopping.load(Ordering::SeqCst) {
            return None;
        }
        let previous = self.sessions.count.fetch_add(1, Ordering::SeqCst);
        if previous >= most {
            self.sessions.count.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        let id = self.sessions.next.fetch_add(1, Ordering::SeqCst);
        Some(Slot {
            shared: Arc::clone(self),
            id,
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

fn ssh_config(settings: &Settings) -> Config {
    let methods: &[MethodKind] = if settings.access.is_open() {
        &[MethodKind::None, MethodKind::PublicKey]
    } else {
        &[MethodKind::PublicKey]
    };
    Config {
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
                    let _ = socket
                        .write_all(format!("esf-browse: {reason}\r\n").as_bytes())
                        .await;
                    let _ = socket.shutdown().await;
                });
            }
        }
    }
    let handles: Vec<Handle> = shared
        .connections
        .lock()
        .map(|open| open.values().cloned().collect())
        .unwrap_or_default();
    for handle in handles {
        let _ = handle
            .disconnect(
                russh::Disconnect::ByApplication,
                "the server is stopping".into(),
                "en".into(),
            )
            .await;
    }
    let deadline = Instant::now() + Duration::from_secs(2);
    while shared.gate.open() > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Closes the connection once the client has sent nothing for `idle`:
/// its sessions are told (and restore the terminal), then it is cut.
async fn close_when_idle(handle: Handle, stats: Arc<Stats>, idle: Duration) {
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
    let _ = handle
        .disconnect(russh::Disconnect::ByApplication, reason, "en".into())
        .await;
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

/// One connection, from the SSH handshake to its last log line.
async fn connection(
    socket: tokio::net::TcpStream,
    peer: SocketAddr,
    ticket: limits::Ticket,
    shared: Arc<Shared>,
    config: Arc<Config>,
) {
    // Keys and frames are small: send them now, not after an ACK.
    let _ = socket.set_nodelay(true);
    let stats = Arc::new(Stats::new());
    let log = shared.settings.log;
    if log {
        log::event(peer, "connect", "");
    }
    let auth_time = shared.settings.limits.auth_time;
    let handler = Connection::new(Arc::clone(&shared), peer, Arc::clone(&stats));
    let running = tokio::time::timeout(
        auth_time,
        russh::server::run_stream(config, socket, handler),
    )
    .await;
    let outcome = match running {
        Ok(Ok(running)) => {
            let handle = running.handle();
            let id = shared.next_connection.fetch_add(1, Ordering::SeqCst);
            if let Ok(mut open) = shared.connections.lock() {
                open.insert(id, handle.clone());
            }
            let watched = Arc::clone(&stats);
            let timer = tokio::spawn(async move {
                tokio::time::sleep(auth_time).await;
                if !watched.authenticated.load(Ordering::SeqCst) {
                    let _ = handle
                        .disconnect(
                            russh::Disconnect::ByApplication,
                            "authentication took too long".into(),
                            "en".into(),
                        )
                        .await;
                    return true;
                }
                false
            });
            let idle = tokio::spawn(close_when_idle(
                running.handle(),
                Arc::clone(&stats),
                shared.settings.limits.idle,
            ));
            let result = running.await;
            idle.abort();
            let timed_out = if timer.is_finished() {
                timer.await.unwrap_or(false)
            } else {
                timer.abort();
                false
            };
            if let Ok(mut open) = shared.connections.lock() {
                open.remove(&id);
            }
            match result {
                _ if timed_out => "auth-timeout".to_string(),
                Ok(()) => "closed".to_string(),
                Err(error) => format!("ended reason={}", log::quoted(&error.to_string())),
            }
        }
        Ok(Err(error)) => format!("failed reason={}", log::quoted(&error.to_string())),
        Err(_) => "auth-timeout".to_string(),
    };
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
        (Some(path), false) => Access::from_file(path)?,
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
            crate::model::format::printable_path(&problem.path),
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
    eprintln!(
        "esf-browse: {}: telling {} sessions the server is stopping",
        signal.map_or("stopping".to_string(), |s| format!("signal {s}")),
        server.sessions()
    );
    server.stop(Duration::from_secs(3));
    eprintln!("esf-browse: stopped");
    Ok(ExitCode::SUCCESS)
}
