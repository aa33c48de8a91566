//! `esf-browse serve` end to end with russh's client: the server on
//! 127.0.0.1 port 0, real SSH connections, screens read with vt100.
//! Every wait polls against a deadline; nothing asserts on timing.

#![cfg(unix)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::ssh::*;
use common::{DEADLINE, wait_until};
use esf_browse::model::load_bundled;
use esf_browse::serve::{self, Access, InputParser, Limits};
use esf_browse::ui::state::Options;
use russh::client;
use russh::keys::PrivateKeyWithHashAlg;
use russh::{ChannelMsg, Disconnect};
use tokio::io::AsyncReadExt;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browse_search_resize_and_quit() {
    let user = new_key();
    let (server, host) = start(&user, Limits::default());
    let handle = login(&server, &host, &user).await;
    let mut screen = Screen::open(&handle, 80, 24).await;
    screen.wait_for_text("5 / 5 projects").await;
    assert!(screen.vt.screen().alternate_screen());
    assert!(screen.vt.screen().hide_cursor());
    assert!(
        screen.text().contains("BERGSLAGSESURSEN.NU"),
        "{}",
        screen.text()
    );
    assert_eq!(server.sessions(), 1);

    screen.send(b"/harj").await;
    screen.wait_for_text("1 / 5 projects").await;
    assert!(screen.text().contains("Kraftsamling Härjedalen"));
    assert!(!screen.text().contains("HP3"));

    // Smaller: the frame is redrawn to the new width.
    screen.channel.window_change(50, 16, 0, 0).await.unwrap();
    screen.vt.screen_mut().set_size(16, 50);
    screen
        .wait_for("a 50-column frame", |s| {
            let text = s.text();
            let edge = |corner: char| {
                text.lines()
                    .any(|l| l.chars().count() == 50 && l.ends_with(corner))
            };
            edge('┐') && edge('┘') && text.contains("1 / 5 projects")
        })
        .await;

    // Enter leaves the search box, `e` says export is off, q quits.
    screen.send(b"\r").await;
    screen.send(b"e").await;
    screen.wait_for_text("export is off").await;
    // `o` opens no pager on the server (nor copies a page to a temp file).
    screen.send(b"o").await;
    screen.wait_for_text("page's file is on").await;
    // A copy goes to the client's terminal as OSC 52.
    screen.send(b"Y").await;
    screen
        .wait_for("an OSC 52 copy", |s| {
            s.raw.windows(7).any(|w| w == b"\x1b]52;c;")
        })
        .await;
    screen.send(b"q").await;
    screen.wait_for("the channel to close", |s| s.closed).await;
    assert_eq!(screen.exit, Some(0));
    assert!(!screen.vt.screen().alternate_screen(), "terminal restored");
    wait_until("no session left", || server.sessions() == 0);
    handle
        .disconnect(Disconnect::ByApplication, "", "en")
        .await
        .unwrap();
    wait_until("no connection left", || server.connections() == 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn colours_follow_the_clients_no_color() {
    let user = new_key();
    let (server, host) = start(&user, Limits::default());
    let handle = login(&server, &host, &user).await;
    let channel = handle.channel_open_session().await.unwrap();
    channel.set_env(true, "NO_COLOR", "1").await.unwrap();
    channel
        .request_pty(true, "xterm-256color", 80, 24, 0, 0, &[])
        .await
        .unwrap();
    channel.request_shell(true).await.unwrap();
    let mut screen = Screen {
        channel,
        vt: vt100::Parser::new(24, 80, 0),
        exit: None,
        closed: false,
        raw: Vec::new(),
    };
    screen.wait_for_text("5 / 5 projects").await;
    let colored = screen.raw.windows(5).any(|w| w == b"38;5;");
    assert!(!colored, "NO_COLOR from the client: no colour");
    screen.send(b"\x03").await;
    screen.wait_for("the channel to close", |s| s.closed).await;
}

fn local(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_esf-browse"))
        .args(args)
        .env("HOME", env!("CARGO_TARGET_TMPDIR"))
        .env("XDG_CONFIG_HOME", env!("CARGO_TARGET_TMPDIR"))
        .output()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exec_commands_print_what_the_local_ones_print() {
    let user = new_key();
    let (server, host) = start(&user, Limits::default());
    let handle = login(&server, &host, &user).await;
    let cases: &[&[&str]] = &[
        &[
            "list",
            "--region",
            "Norra Mellansverige",
            "--format",
            "json",
        ],
        &["list"],
        &["list", "--format", "csv", "--sort", "grant"],
        &["list", "-q", "harj"],
        &["stats"],
        &["stats", "--format", "json"],
        &["show", "HP3"],
        &["show", "003", "--json"],
    ];
    for args in cases {
        let line = args
            .iter()
            .map(|a| {
                if a.contains(' ') {
                    format!("'{a}'")
                } else {
                    a.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        let (out, _, status) = exec(&handle, &line).await;
        let expected = local(args);
        assert!(expected.status.success());
        assert_eq!(status, Some(0), "{line}");
        assert_eq!(out, expected.stdout, "{line}");
    }
    // A region nobody has: the same message, status 1.
    let (_, err, status) = exec(&handle, "list --region Atlantis").await;
    assert_eq!(status, Some(1));
    assert_eq!(err, local(&["list", "--region", "Atlantis"]).stderr);

    for refused in [
        "check",
        "man",
        "list /etc",
        "config --path",
        "rm -rf /",
        "list --bogus",
    ] {
        let (out, err, status) = exec(&handle, refused).await;
        assert_eq!(status, Some(2), "{refused}");
        assert!(out.is_empty(), "{refused}");
        let err = String::from_utf8(err).unwrap();
        assert_eq!(err.lines().count(), 1, "{refused}: {err}");
    }
    handle
        .disconnect(Disconnect::ByApplication, "", "en")
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_key_and_passwords_are_refused() {
    let user = new_key();
    let (server, host) = start(&user, Limits::default());
    let mut handle = connect(&server, &host).await;
    let stranger = new_key();
    let result = handle
        .authenticate_publickey(
            "mallory",
            PrivateKeyWithHashAlg::new(Arc::new(stranger), None),
        )
        .await
        .unwrap();
    assert!(!result.success());
    let result = handle.authenticate_password("mallory", "hunter2").await;
    assert!(!result.is_ok_and(|r| r.success()));
    let result = handle.authenticate_none("mallory").await;
    assert!(!result.is_ok_and(|r| r.success()));
    wait_until("the refused connection to go", || server.connections() == 0);

    let mut handle = connect(&server, &host).await;
    let result = handle
        .authenticate_keyboard_interactive_start("mallory", None::<String>)
        .await;
    assert!(!matches!(
        result,
        Ok(client::KeyboardInteractiveAuthResponse::Success)
    ));
    drop(handle);
    wait_until("no connection left", || server.connections() == 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_mode_lets_anyone_in() {
    let (server, host) = start_with(Access::Open, Limits::default());
    let mut handle = connect(&server, &host).await;
    assert!(handle.authenticate_none("guest").await.unwrap().success());
    let (out, _, status) = exec(&handle, "list -q hp3").await;
    assert_eq!(status, Some(0));
    assert!(String::from_utf8(out).unwrap().contains("HP3"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shells_without_pty_subsystems_and_forwarding_are_refused() {
    let user = new_key();
    let (server, host) = start(&user, Limits::default());
    let handle = login(&server, &host, &user).await;

    // A shell without a pty: told why on stderr, status 2.
    let mut channel = handle.channel_open_session().await.unwrap();
    channel.request_shell(true).await.unwrap();
    let (mut said, mut status) = (Vec::new(), None);
    while let Some(message) = tokio::time::timeout(DEADLINE, channel.wait())
        .await
        .expect("the refusal in time")
    {
        match message {
            ChannelMsg::ExtendedData { data, ext: 1 } => said.extend_from_slice(&data),
            ChannelMsg::ExitStatus { exit_status } => status = Some(exit_status),
            ChannelMsg::Close => break,
            _ => {}
        }
    }
    let said = String::from_utf8(said).unwrap();
    assert!(said.contains("a terminal is needed"), "{said}");
    assert_eq!(status, Some(2));

    // sftp.
    let mut channel = handle.channel_open_session().await.unwrap();
    channel.request_subsystem(true, "sftp").await.unwrap();
    assert!(matches!(
        next_reply(&mut channel).await,
        Some(ChannelMsg::Failure)
    ));

    // Agent and X11 forwarding, and an environment variable not allowed;
    // TERM is.
    let mut channel = handle.channel_open_session().await.unwrap();
    channel.agent_forward(true).await.unwrap();
    assert!(matches!(
        next_reply(&mut channel).await,
        Some(ChannelMsg::Failure)
    ));
    channel
        .request_x11(true, false, "MIT-MAGIC-COOKIE-1", "00", 0)
        .await
        .unwrap();
    assert!(matches!(
        next_reply(&mut channel).await,
        Some(ChannelMsg::Failure)
    ));
    channel
        .set_env(true, "LD_PRELOAD", "/tmp/x.so")
        .await
        .unwrap();
    assert!(matches!(
        next_reply(&mut channel).await,
        Some(ChannelMsg::Failure)
    ));
    channel.set_env(true, "TERM", "xterm").await.unwrap();
    assert!(matches!(
        next_reply(&mut channel).await,
        Some(ChannelMsg::Success)
    ));

    // Port forwarding, local and remote.
    let local = handle
        .channel_open_direct_tcpip("127.0.0.1", 22, "127.0.0.1", 5000)
        .await;
    assert!(local.is_err());
    let remote = handle.tcpip_forward("127.0.0.1", 0).await;
    assert!(
        remote.is_err() || remote.is_ok_and(|port| port == 0),
        "remote forwarding refused"
    );
    handle
        .disconnect(Disconnect::ByApplication, "", "en")
        .await
        .unwrap();
    wait_until("no connection left", || server.connections() == 0);
}

/// The next reply (success or failure) on a channel.
async fn next_reply(channel: &mut russh::Channel<client::Msg>) -> Option<ChannelMsg> {
    loop {
        let message = tokio::time::timeout(DEADLINE, channel.wait())
            .await
            .expect("reply timed out");
        match message {
            Some(ChannelMsg::Success | ChannelMsg::Failure) | None => return message,
            Some(_) => {}
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ninth_connection_from_one_address_is_refused() {
    let user = new_key();
    let (server, host) = start(&user, Limits::default());
    let mut open = Vec::new();
    for _ in 0..8 {
        open.push(login(&server, &host, &user).await);
    }
    assert_eq!(server.connections(), 8);
    let config = Arc::new(client::Config::default());
    let ninth = client::connect(config, server.address(), Client { host: host.clone() }).await;
    assert!(ninth.is_err(), "the ninth connection was let in");
    // One leaves: a place is free again.
    let first = open.remove(0);
    first
        .disconnect(Disconnect::ByApplication, "", "en")
        .await
        .unwrap();
    drop(first);
    wait_until("a place to free", || server.connections() == 7);
    open.push(login(&server, &host, &user).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_session_is_closed() {
    let user = new_key();
    let limits = Limits {
        idle: Duration::from_secs(1),
        ..Limits::default()
    };
    let (server, host) = start(&user, limits);
    let handle = login(&server, &host, &user).await;
    let mut screen = Screen::open(&handle, 80, 24).await;
    screen.wait_for_text("5 / 5 projects").await;
    screen
        .wait_for("the idle session to close", |s| s.closed)
        .await;
    assert!(screen.text().contains("without input"), "{}", screen.text());
    assert!(!screen.vt.screen().alternate_screen(), "terminal restored");
    wait_until("no session left", || server.sessions() == 0);
    wait_until("no connection left", || server.connections() == 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_never_authenticates_is_dropped() {
    let user = new_key();
    let limits = Limits {
        auth_time: Duration::from_secs(1),
        ..Limits::default()
    };
    let (server, _) = start(&user, limits);
    let mut socket = tokio::net::TcpStream::connect(server.address())
        .await
        .unwrap();
    let mut buffer = Vec::new();
    // The server's banner, then nothing from us: it hangs up.
    let read = tokio::time::timeout(DEADLINE, socket.read_to_end(&mut buffer)).await;
    assert!(read.is_ok(), "still open after the auth time");
    assert!(buffer.starts_with(b"SSH-2.0-"));
    wait_until("no connection left", || server.connections() == 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vanished_client_leaves_no_session_behind() {
    let user = new_key();
    let (server, host) = start(&user, Limits::default());
    let handle = login(&server, &host, &user).await;
    let mut screen = Screen::open(&handle, 80, 24).await;
    screen.wait_for_text("5 / 5 projects").await;
    screen.send(b"/ha").await;
    assert_eq!(server.sessions(), 1);
    // No goodbye: the client's side of the connection just goes away.
    drop(screen);
    drop(handle);
    wait_until("no session left", || server.sessions() == 0);
    wait_until("no connection left", || server.connections() == 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopping_the_server_tells_sessions_and_closes_them() {
    let user = new_key();
    let (server, host) = start(&user, Limits::default());
    let handle = login(&server, &host, &user).await;
    let mut screen = Screen::open(&handle, 80, 24).await;
    screen.wait_for_text("5 / 5 projects").await;
    let stopping = tokio::task::spawn_blocking(move || server.stop(Duration::from_secs(5)));
    screen.wait_for("the channel to close", |s| s.closed).await;
    assert!(!screen.vt.screen().alternate_screen(), "terminal restored");
    assert!(
        screen.text().contains("the server is stopping"),
        "{}",
        screen.text()
    );
    stopping.await.unwrap();
}

#[test]
fn a_zero_size_pty_gets_80_by_24() {
    assert_eq!(serve::usable_size(0, 0), (80, 24));
    assert_eq!(serve::usable_size(120, 0), (120, 24));
    assert_eq!(serve::usable_size(100_000, 40), (500, 40));
}

mod properties {
    use super::*;
    use esf_browse::ui::app::App;
    use esf_browse::ui::event::AppEvent;
    use esf_browse::ui::state::AppState;
    use esf_browse::ui::theme::Theme;
    use proptest::prelude::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    /// Bytes a terminal sends, and some it should not.
    fn chunk() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            prop::collection::vec(any::<u8>(), 0..12),
            prop::sample::select(vec![
                b"\x1b[A".to_vec(),
                b"\x1b[B".to_vec(),
                b"\x1b".to_vec(),
                b"/".to_vec(),
                b"\r".to_vec(),
                b"\t".to_vec(),
                b"e".to_vec(),
                b"y".to_vec(),
                b"c".to_vec(),
                b"o".to_vec(),
                b"\x1b[<0;10;5M".to_vec(),
                b"\x1b[200~paste\x1b[201~".to_vec(),
                "härj".as_bytes().to_vec(),
                b"\x1b[1;5C".to_vec(),
                b"\x1b[5~".to_vec(),
            ]),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// Any bytes from the channel, cut anywhere, become events the
        /// browser takes without panicking, and it still draws.
        #[test]
        fn any_bytes_from_the_channel_reach_the_state_safely(
            chunks in prop::collection::vec(chunk(), 0..40)
        ) {
            let mut parser = InputParser::default();
            let options = Options { read_only: true, ..Options::default() };
            let mut app = App::new(AppState::new(load_bundled(), options), Theme::new(true));
            let mut terminal = Terminal::new(TestBackend::new(60, 20)).unwrap();
            app.state.update(esf_browse::ui::action::Msg::Resize(60, 20));
            for chunk in chunks {
                let events: Vec<AppEvent> =
                    parser.feed(&chunk).into_iter().map(AppEvent::Terminal).collect();
                let effect = app.handle_batch(events);
                let mut out = Vec::new();
                let mut context = esf_browse::ui::commands::Surroundings {
                    terminal: &mut out,
                    corpus_roots: &[],
                };
                esf_browse::ui::commands::run_pending(&mut app.state, &mut context);
                terminal.draw(|frame| app.render(frame)).unwrap();
                if effect == esf_browse::ui::state::Effect::Quit {
                    break;
                }
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_three_wrong_keys_even_the_right_one_is_refused() {
    let user = new_key();
    let (server, host) = start(&user, Limits::default());
    let mut handle = connect(&server, &host).await;
    for _ in 0..3 {
        let stranger = PrivateKeyWithHashAlg::new(Arc::new(new_key()), None);
        let result = handle.authenticate_publickey("mallory", stranger).await;
        assert!(result.is_ok_and(|r| !r.success()));
    }
    // The right key is too late now: the connection is closed.
    let late = handle
        .authenticate_publickey(
            "alice",
            PrivateKeyWithHashAlg::new(Arc::new(user.clone()), None),
        )
        .await;
    assert!(!late.is_ok_and(|r| r.success()));
    wait_until("the connection to end", || server.connections() == 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_command_on_a_pty_ends_its_lines_with_cr_lf() {
    let user = new_key();
    let (server, host) = start(&user, Limits::default());
    let handle = login(&server, &host, &user).await;
    let mut channel = handle.channel_open_session().await.unwrap();
    channel
        .request_pty(true, "xterm", 80, 24, 0, 0, &[])
        .await
        .unwrap();
    channel.exec(true, "list").await.unwrap();
    let mut out = Vec::new();
    while let Some(message) = tokio::time::timeout(DEADLINE, channel.wait())
        .await
        .unwrap()
    {
        if let ChannelMsg::Data { data } = message {
            out.extend_from_slice(&data);
        }
    }
    let expected = String::from_utf8(local(&["list"]).stdout)
        .unwrap()
        .replace('\n', "\r\n");
    assert_eq!(String::from_utf8(out).unwrap(), expected);
}

#[test]
fn the_host_key_is_created_once_with_mode_0600_and_reused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keys/host");
    let (first, created) = serve::load_or_create_host_key(&path).unwrap();
    assert!(created);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let (again, created) = serve::load_or_create_host_key(&path).unwrap();
    assert!(!created);
    assert_eq!(serve::fingerprint(&first), serve::fingerprint(&again));
    assert!(serve::fingerprint(&first).starts_with("SHA256:"));
}
