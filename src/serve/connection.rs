//! One SSH connection: authentication, and what each of its channels may
//! do — an interactive session with a pty, or one read-only command.
//! Everything else (a shell without pty, subsystems such as sftp,
//! forwarding of ports, agents and X11, most environment variables) is
//! refused and logged.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, Sender};

use russh::server::{
    Auth, ChannelOpenHandle, Handler, Msg, PublicKeyOffer, Session, VerifiedPublicKey,
};
use russh::{Channel, ChannelId, ChannelOpenFailure, Pty};

use super::channel_out::{pump, refuse_long_command, run_command};
use super::input::InputParser;
use super::limits::MOST_COMMAND_BYTES;
use super::log::{self, quoted};
use super::outbox::Outbox;
use super::session::{self, SessionMsg};
use super::traffic::Stats;
use super::{Shared, auth};
use crate::ui::theme::Theme;
/// Channels open at once on one connection.
const MOST_CHANNELS: usize = 8;

/// A channel's state.
#[derive(Default)]
struct ChannelState {
    outbox: Arc<Outbox>,
    /// The terminal asked for: TERM and size.
    pty: Option<(String, u32, u32)>,
    /// Accepted environment variables.
    env: HashMap<String, String>,
    /// The interactive session, once started.
    session: Option<Sender<SessionMsg>>,
    input: InputParser,
    /// A shell or command was started: later requests are refused.
    started: bool,
}

pub struct Connection {
    shared: Arc<Shared>,
    peer: SocketAddr,
    stats: Arc<Stats>,
    channels: HashMap<ChannelId, ChannelState>,
    /// What the key that logged in may do.
    rights: auth::Rights,
}

impl Connection {
    pub fn new(shared: Arc<Shared>, peer: SocketAddr, stats: Arc<Stats>) -> Connection {
        Connection {
            shared,
            peer,
            stats,
            channels: HashMap::new(),
            rights: auth::Rights { pty: true },
        }
    }

    fn log(&self, event: &str, details: impl std::fmt::Display) {
        if self.shared.settings.log {
            log::event(self.peer, event, details);
        }
    }

    fn refuse(
        &self,
        session: &mut Session,
        channel: ChannelId,
        what: &str,
    ) -> Result<(), russh::Error> {
        self.log(
            "refused",
            format_args!("{} request={}", self.stats.who(), quoted(what)),
        );
        session.channel_failure(channel)
    }

    /// Logs and refuses a channel of a kind never opened here.
    async fn refuse_open(
        &self,
        reply: ChannelOpenHandle,
        request: &str,
    ) -> Result<(), russh::Error> {
        self.log(
            "refused",
            format_args!("{} request={request}", self.stats.who()),
        );
        reply
            .reject(ChannelOpenFailure::AdministrativelyProhibited)
            .await;
        Ok(())
    }

    fn accepted(&self, user: &str, key: &str) -> Auth {
        if let Ok(mut who) = self.stats.who.lock() {
            *who = format!("user={} key={key}", quoted(user));
        }
        self.log(
            "auth",
            format_args!("user={} key={key} accepted", quoted(user)),
        );
        Auth::Accept
    }

    /// Whether `key`, signing with `algorithm`, may log in; the rejection
    /// is logged with the key's fingerprint and why.
    fn check_key(
        &self,
        user: &str,
        key: &russh::keys::PublicKey,
        algorithm: &russh::keys::Algorithm,
    ) -> Result<auth::Rights, Auth> {
        let fingerprint = auth::fingerprint(key);
        let verdict = if matches!(algorithm, russh::keys::Algorithm::Rsa { hash: None }) {
            Err("sha1-signature".to_string())
        } else {
            self.shared
                .settings
                .access
                .allows(key, self.peer.ip(), std::time::SystemTime::now())
                .map_err(|denied| denied.to_string())
        };
        verdict.map_err(|why| {
            self.log(
                "auth",
                format_args!(
                    "user={} key={fingerprint} rejected reason={why}",
                    quoted(user)
                ),
            );
            Auth::reject()
        })
    }

    fn rejected(&self, user: &str, method: &str) -> Auth {
        self.log(
            "auth",
            format_args!("user={} method={method} rejected", quoted(user)),
        );
        Auth::reject()
    }

    /// Starts the browser on `channel`.
    /// The channel, claimed for the one shell or command it may run;
    /// `None` when there is no such channel or it already runs one.
    fn claim(&mut self, channel: ChannelId) -> Option<&mut ChannelState> {
        self.stats.touch();
        let state = self.channels.get_mut(&channel).filter(|s| !s.started)?;
        state.started = true;
        Some(state)
    }

    fn start_session(&mut self, channel: ChannelId) -> Result<(), String> {
        let shared = Arc::clone(&self.shared);
        let Some(state) = self.channels.get_mut(&channel) else {
            return Err("no such channel".into());
        };
        if !self.rights.pty {
            return Err(
                "this key may run commands only (no-pty or restrict in authorized_keys): ssh HOST list"
                    .into(),
            );
        }
        let Some((term, columns, rows)) = state.pty.clone() else {
            return Err(
                "a terminal is needed to browse: connect with `ssh -t HOST`, or run a command: ssh HOST list"
                    .into(),
            );
        };
        let slot = shared.enter(self.peer.ip())?;
        let term = state.env.get("TERM").cloned().unwrap_or(term);
        let no_color = state.env.get("NO_COLOR").is_some_and(|v| !v.is_empty());
        let mut options = shared.settings.options.clone();
        options.read_only = true;
        options.marks_file = None;
        let setup = session::Setup {
            corpus: Arc::clone(&shared.corpus),
            options,
            theme: Theme {
                color: !no_color,
                palette: shared.settings.palette,
            },
            hyperlinks: shared.settings.hyperlinks && term != "linux",
            asked_size: (columns, rows),
        };
        let (sender, receiver) = mpsc::channel();
        let outbox = Arc::clone(&state.outbox);
        let id = slot.id();
        shared.register(id, sender.clone());
        std::thread::Builder::new()
            .name(format!("session-{id}"))
            .spawn(move || {
                let watched = Arc::clone(&outbox);
                let run =
                    std::panic::AssertUnwindSafe(move || session::run(setup, outbox, receiver));
                if std::panic::catch_unwind(run).is_err() {
                    // A bug, not an input: the client gets its terminal back.
                    watched.sticky(&session::leave_bytes());
                    watched.sticky(b"\r\nesf-browse: internal error; the session ended\r\n");
                    watched.finish(1);
                }
                drop(slot);
            })
            .map_err(|e| format!("cannot start a session: {e}"))?;
        if let Ok(mut sessions) = self.stats.sessions.lock() {
            // Ended sessions go (an empty input wakes a live one for nothing).
            sessions.retain(|session| session.send(SessionMsg::Input(Vec::new())).is_ok());
            sessions.push(sender.clone());
        }
        state.session = Some(sender);
        Ok(())
    }
}

impl Handler for Connection {
    type Error = russh::Error;

    async fn auth_none(&mut self, user: &str) -> Result<Auth, Self::Error> {
        if self.shared.settings.access.is_open() {
            return Ok(self.accepted(user, "none"));
        }
        Ok(Auth::reject())
    }

    async fn auth_password(&mut self, user: &str, _: &str) -> Result<Auth, Self::Error> {
        Ok(self.rejected(user, "password"))
    }

    async fn auth_keyboard_interactive<'a>(
        &'a mut self,
        user: &str,
        _: &str,
        _: Option<russh::server::Response<'a>>,
    ) -> Result<Auth, Self::Error> {
        Ok(self.rejected(user, "keyboard-interactive"))
    }

    async fn auth_publickey_offered(
        &mut self,
        user: &str,
        offer: PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        // Checked before the signature too: a key that may not log in is
        // turned away (and logged) without the client proving anything.
        Ok(
            match self.check_key(user, offer.public_key, offer.algorithm) {
                Ok(_) => Auth::Accept,
                Err(auth) => auth,
            },
        )
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        Ok(match self.check_key(user, key.public_key, key.algorithm) {
            Ok(rights) => {
                self.rights = rights;
                self.accepted(user, &auth::fingerprint(key.public_key))
            }
            Err(auth) => auth,
        })
    }

    async fn auth_succeeded(&mut self, _: &mut Session) -> Result<(), Self::Error> {
        self.stats.authenticated.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _: &mut Session,
    ) -> Result<(), Self::Error> {
        self.stats.touch();
        // Channels whose client is gone (their close crossed ours) go.
        self.channels.retain(|_, state| !state.outbox.is_gone());
        if self.channels.len() >= MOST_CHANNELS {
            self.log(
                "refused",
                format_args!("{} request=\"one channel too many\"", self.stats.who()),
            );
            reply.reject(ChannelOpenFailure::ResourceShortage).await;
            return Ok(());
        }
        let id = channel.id();
        let state = ChannelState::default();
        tokio::spawn(pump(
            channel,
            Arc::clone(&state.outbox),
            Arc::clone(&self.stats),
        ));
        self.channels.insert(id, state);
        reply.accept().await;
        Ok(())
    }

    async fn channel_open_direct_tcpip(
        &mut self,
        _: Channel<Msg>,
        host: &str,
        port: u32,
        _: &str,
        _: u32,
        reply: ChannelOpenHandle,
        _: &mut Session,
    ) -> Result<(), Self::Error> {
        let to = quoted(&format!("{host}:{port}"));
        self.refuse_open(reply, &format!("port-forwarding to={to}"))
            .await
    }

    async fn channel_open_x11(
        &mut self,
        _: Channel<Msg>,
        _: &str,
        _: u32,
        reply: ChannelOpenHandle,
        _: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse_open(reply, "x11-channel").await
    }

    async fn tcpip_forward(
        &mut self,
        address: &str,
        port: &mut u32,
        _: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.log(
            "refused",
            format_args!(
                "{} request=remote-forwarding to={}",
                self.stats.who(),
                quoted(&format!("{address}:{port}"))
            ),
        );
        Ok(false)
    }

    async fn agent_request(&mut self, _: ChannelId, _: &mut Session) -> Result<bool, Self::Error> {
        self.log(
            "refused",
            format_args!("{} request=agent-forwarding", self.stats.who()),
        );
        Ok(false)
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _: bool,
        _: &str,
        _: &str,
        _: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse(session, channel, "x11-forwarding")
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse(session, channel, &format!("subsystem {name}"))
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let allowed = matches!(name, "TERM" | "LANG" | "NO_COLOR") || name.starts_with("LC_");
        match self.channels.get_mut(&channel) {
            Some(state) if allowed && value.len() <= 256 && state.env.len() < 32 => {
                state.env.insert(name.to_string(), value.to_string());
                session.channel_success(channel)
            }
            _ => self.refuse(session, channel, &format!("env {name}")),
        }
    }

    #[allow(clippy::too_many_arguments)]
    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        columns: u32,
        rows: u32,
        _: u32,
        _: u32,
        _: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if !self.rights.pty {
            return self.refuse(session, channel, "pty (no-pty)");
        }
        match self.channels.get_mut(&channel) {
            Some(state) if !state.started => {
                let term: String = term.chars().take(64).collect();
                state.pty = Some((term, columns, rows));
                session.channel_success(channel)
            }
            _ => session.channel_failure(channel),
        }
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        columns: u32,
        rows: u32,
        _: u32,
        _: u32,
        _: &mut Session,
    ) -> Result<(), Self::Error> {
        self.stats.touch();
        if let Some(state) = self.channels.get_mut(&channel) {
            if let Some(pty) = state.pty.as_mut() {
                pty.1 = columns;
                pty.2 = rows;
            }
            if let Some(sender) = &state.session {
                let _ = sender.send(SessionMsg::Resize(columns, rows));
            }
        }
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.claim(channel).is_none() {
            return session.channel_failure(channel);
        }
        match self.start_session(channel) {
            Ok(()) => {
                self.log("session", format_args!("{} start", self.stats.who()));
                session.channel_success(channel)
            }
            Err(reason) => {
                self.log(
                    "refused",
                    format_args!(
                        "{} request=shell reason={}",
                        self.stats.who(),
                        quoted(&reason)
                    ),
                );
                // Accepted, then told why on stderr and ended with status
                // 2: a refused request would only show the client's own
                // "shell request failed on channel 0".
                session.channel_success(channel)?;
                let said = format!("esf-browse: {reason}\r\n").into_bytes();
                session.extended_data(channel, 1, said)?;
                if let Some(state) = self.channels.get(&channel) {
                    state.outbox.finish(2);
                }
                Ok(())
            }
        }
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(state) = self.claim(channel) else {
            return session.channel_failure(channel);
        };
        let on_pty = state.pty.is_some();
        let outbox = Arc::clone(&state.outbox);
        let corpus = Arc::clone(&self.shared.corpus);
        let command: Vec<u8> = data.iter().copied().take(MOST_COMMAND_BYTES).collect();
        self.log(
            "exec",
            format_args!(
                "{} command={}{}",
                self.stats.who(),
                quoted(&String::from_utf8_lossy(&command)),
                if data.len() > MOST_COMMAND_BYTES {
                    format!(" bytes={} refused=too-long", data.len())
                } else {
                    String::new()
                }
            ),
        );
        session.channel_success(channel)?;
        let handle = session.handle();
        if data.len() > MOST_COMMAND_BYTES {
            // Never cut and run: a cut command is not the one the user sent.
            refuse_long_command(handle, channel, outbox, on_pty, data.len());
        } else {
            tokio::spawn(run_command(
                handle, channel, outbox, on_pty, corpus, command,
            ));
        }
        Ok(())
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        _: &mut Session,
    ) -> Result<(), Self::Error> {
        // What the client types is what keeps a connection from idling.
        self.stats.touch();
        self.stats
            .bytes_in
            .fetch_add(data.len() as u64, Ordering::Relaxed);
        if let Some(state) = self.channels.get_mut(&channel)
            && let Some(sender) = &state.session
        {
            let events = state.input.feed(data);
            if !events.is_empty() {
                let _ = sender.send(SessionMsg::Input(events));
            }
        }
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        _: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(state) = self.channels.remove(&channel) {
            state.outbox.client_gone();
            if let Some(sender) = state.session {
                let _ = sender.send(SessionMsg::Stop("the channel closed".into()));
            }
        }
        Ok(())
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        for (_, state) in self.channels.drain() {
            state.outbox.client_gone();
            if let Some(sender) = state.session {
                let _ = sender.send(SessionMsg::Stop("the client left".into()));
            }
        }
    }
}
