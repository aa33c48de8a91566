//! The SSH side of the serve tests: a server on the bundled corpus on
//! 127.0.0.1 port 0, russh's client logging in, and a session's screen
//! read with vt100. Every wait polls against a deadline.

use std::sync::Arc;
use std::time::Duration;

use esf_browse::model::load_bundled;
use esf_browse::serve::{self, Access, Limits, Server, Settings};
use esf_browse::ui::state::Options;
use esf_browse::ui::theme::Palette;
use russh::ChannelMsg;
use russh::client;
use russh::keys::{
    Algorithm, PrivateKey, PrivateKeyWithHashAlg, PublicKey, PublicKeyOrCertificate,
};

use super::DEADLINE;

pub fn new_key() -> PrivateKey {
    PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).unwrap()
}

/// A server on the bundled corpus letting in `user`'s key.
pub fn start(user: &PrivateKey, limits: Limits) -> (Server, PublicKey) {
    start_with(Access::keys([user.public_key().clone()]), limits)
}

pub fn start_with(access: Access, limits: Limits) -> (Server, PublicKey) {
    let host_key = new_key();
    let host = host_key.public_key().clone();
    let settings = Settings {
        listen: "127.0.0.1:0".parse().unwrap(),
        host_key,
        access,
        limits,
        options: Options {
            mouse: true,
            clipboard: true,
            ..Options::default()
        },
        palette: Palette::default(),
        hyperlinks: true,
        log: false,
    };
    let server = Server::start(settings, serve::prepare(load_bundled())).unwrap();
    (server, host)
}

pub struct Client {
    pub host: PublicKey,
}

impl client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        key: &PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(matches!(key, PublicKeyOrCertificate::PublicKey { key, .. }
            if key.key_data() == self.host.key_data()))
    }
}

pub async fn connect(server: &Server, host: &PublicKey) -> client::Handle<Client> {
    let config = Arc::new(client::Config::default());
    client::connect(config, server.address(), Client { host: host.clone() })
        .await
        .expect("connect")
}

pub async fn login(server: &Server, host: &PublicKey, key: &PrivateKey) -> client::Handle<Client> {
    let mut handle = connect(server, host).await;
    let result = handle
        .authenticate_publickey(
            "alice",
            PrivateKeyWithHashAlg::new(Arc::new(key.clone()), None),
        )
        .await
        .expect("authenticate");
    assert!(result.success(), "{result:?}");
    handle
}

/// An interactive session's channel and the screen it draws.
pub struct Screen {
    pub channel: russh::Channel<client::Msg>,
    pub vt: vt100::Parser,
    pub exit: Option<u32>,
    pub closed: bool,
    pub raw: Vec<u8>,
}

impl Screen {
    pub async fn open(handle: &client::Handle<Client>, columns: u16, rows: u16) -> Screen {
        Screen::open_sized(handle, (columns.into(), rows.into()), (columns, rows)).await
    }

    /// A session whose pty asks for `asked` columns × rows, read by a
    /// screen of `shown` (the size the server is expected to draw).
    pub async fn open_sized(
        handle: &client::Handle<Client>,
        asked: (u32, u32),
        shown: (u16, u16),
    ) -> Screen {
        let (columns, rows) = shown;
        let channel = handle.channel_open_session().await.unwrap();
        channel
            .request_pty(true, "xterm-256color", asked.0, asked.1, 0, 0, &[])
            .await
            .unwrap();
        channel.request_shell(true).await.unwrap();
        Screen {
            channel,
            vt: vt100::Parser::new(rows, columns, 0),
            exit: None,
            closed: false,
            raw: Vec::new(),
        }
    }

    /// Reads what arrives for `time` (or until the channel closes).
    pub async fn read_for(&mut self, time: Duration) {
        let until = tokio::time::Instant::now() + time;
        while !self.closed {
            match tokio::time::timeout_at(until, self.channel.wait()).await {
                Err(_) => return,
                Ok(Some(ChannelMsg::Data { data } | ChannelMsg::ExtendedData { data, .. })) => {
                    self.raw.extend_from_slice(&data);
                    self.vt.process(&data);
                }
                Ok(Some(ChannelMsg::ExitStatus { exit_status })) => self.exit = Some(exit_status),
                Ok(Some(_)) => {}
                Ok(None) => self.closed = true,
            }
        }
    }

    pub fn text(&self) -> String {
        self.vt.screen().contents()
    }

    /// Reads until `done(screen)` holds; panics at the deadline.
    pub async fn wait_for(&mut self, what: &str, done: impl Fn(&Screen) -> bool) {
        let deadline = tokio::time::Instant::now() + DEADLINE;
        while !done(self) {
            let message = tokio::time::timeout_at(deadline, self.channel.wait())
                .await
                .unwrap_or_else(|_| {
                    panic!("timed out waiting for {what}; screen:\n{}", self.text())
                });
            match message {
                // stderr shows on the same terminal as stdout.
                Some(ChannelMsg::Data { data } | ChannelMsg::ExtendedData { data, .. }) => {
                    self.raw.extend_from_slice(&data);
                    self.vt.process(&data);
                }
                Some(ChannelMsg::ExitStatus { exit_status }) => self.exit = Some(exit_status),
                Some(_) => {}
                None => {
                    self.closed = true;
                    assert!(
                        done(self),
                        "channel closed before {what}; screen:\n{}",
                        self.text()
                    );
                    return;
                }
            }
        }
    }

    pub async fn wait_for_text(&mut self, text: &str) {
        let wanted = text.to_string();
        self.wait_for(text, move |s| s.text().contains(&wanted))
            .await;
    }

    pub async fn send(&self, bytes: &[u8]) {
        self.channel.data_bytes(bytes.to_vec()).await.unwrap();
    }
}

/// Runs one command over exec: its stdout, stderr and exit status.
pub async fn exec(
    handle: &client::Handle<Client>,
    command: &str,
) -> (Vec<u8>, Vec<u8>, Option<u32>) {
    let mut channel = handle.channel_open_session().await.unwrap();
    channel.exec(true, command).await.unwrap();
    let (mut out, mut err, mut status) = (Vec::new(), Vec::new(), None);
    loop {
        let message = tokio::time::timeout(DEADLINE, channel.wait())
            .await
            .expect("exec timed out");
        match message {
            Some(ChannelMsg::Data { data }) => out.extend_from_slice(&data),
            Some(ChannelMsg::ExtendedData { data, .. }) => err.extend_from_slice(&data),
            Some(ChannelMsg::ExitStatus { exit_status }) => status = Some(exit_status),
            Some(_) => {}
            None => break,
        }
    }
    (out, err, status)
}
