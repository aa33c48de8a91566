//! The accept loop and each connection's life: admission, the SSH
//! handshake under the authentication deadline, the idle limit, the cut
//! when a client will not go, and the log line at the end.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use russh::server::{Config, Handle};
use tokio::io::AsyncWriteExt;

use super::connection::Connection;
use super::guarded::{Guarded, Switch};
use super::session::SessionMsg;
use super::shared::Shared;
use super::traffic::Stats;
use super::{limits, log};

/// Accepts connections until told to stop; then disconnects everyone.
pub(super) async fn accept(
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
            let watch = Watch {
                id,
                stats: &stats,
                switch: &switch,
                auth_deadline,
            };
            serve_connection(running, &shared, watch).await
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
        log_disconnect(peer, &stats, &outcome);
    }
}

/// What watches an authenticated connection.
struct Watch<'a> {
    id: u64,
    stats: &'a Arc<Stats>,
    switch: &'a Arc<Switch>,
    auth_deadline: tokio::time::Instant,
}

/// Runs a connection past the handshake until it ends, is cut, misses the
/// authentication deadline or goes idle; returns how it ended, for the log.
async fn serve_connection(
    running: russh::server::RunningSession<Connection>,
    shared: &Shared,
    watch: Watch<'_>,
) -> String {
    let handle = running.handle();
    if let Ok(mut open) = shared.connections.lock() {
        open.insert(watch.id, handle.clone());
    }
    let idle = close_when_idle(
        handle,
        Arc::clone(watch.stats),
        shared.settings.limits.idle,
        Arc::clone(watch.switch),
    );
    tokio::pin!(running);
    let outcome = tokio::select! {
        result = &mut running => match (result, watch.switch.why()) {
            (_, Some(why)) => format!("cut reason={}", log::quoted(&why)),
            (Ok(()), None) => "closed".to_string(),
            (Err(error), None) => format!("ended reason={}", log::quoted(&error.to_string())),
        },
        () = unauthenticated_at(watch.auth_deadline, watch.stats) => "auth-timeout".to_string(),
        () = idle => "idle-timeout".to_string(),
    };
    if let Ok(mut open) = shared.connections.lock() {
        open.remove(&watch.id);
    }
    outcome
}

/// The connection's last log line: who, how it ended, how long, how much.
fn log_disconnect(peer: SocketAddr, stats: &Stats, outcome: &str) {
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
