//! A running server: binds the address, runs the network on a small tokio
//! runtime of its own thread, and stops cleanly (sessions told, terminals
//! restored, everyone disconnected). The SSH algorithms it offers.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use russh::server::Config;
use russh::{MethodKind, MethodSet};

use super::accept::accept;
use super::session::SessionMsg;
use super::shared::{Sessions, Shared};
use super::{Settings, limits, log};
use crate::model::Corpus;

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
                        Err(error) => log::notice(format_args!("cannot listen: {error}")),
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

    /// Stops as `stop` does, saying so (and why: the signal) through the
    /// log's queue — a stderr nobody reads never holds the stop — and
    /// waits a moment for the log to be written.
    pub fn stop_for(self, signal: Option<i32>) {
        let sessions = self.sessions();
        log::notice(format_args!(
            "{}: telling {sessions} {} the server is stopping",
            signal.map_or("stopping".to_string(), |s| format!("signal {s}")),
            if sessions == 1 { "session" } else { "sessions" }
        ));
        self.stop(Duration::from_secs(3));
        log::notice("stopped");
        log::drain(Duration::from_secs(1));
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
