//! `serve` against a hostile network: each attack found in review, tried
//! again on loopback (russh's client, raw sockets, a proxy that stops
//! reading), must fail while an honest user notices nothing. Every wait
//! is bounded by a deadline; nothing asserts on how fast things are.

#![cfg(unix)]

mod common;

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use common::ssh::*;
use common::{DEADLINE, wait_until};
use esf_browse::serve::{self, Access, Limits, Server, Settings};
use esf_browse::ui::state::Options;
use esf_browse::ui::theme::Palette;
use russh::client;
use russh::keys::{PrivateKey, PrivateKeyWithHashAlg, PublicKey};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn sample_page() -> PathBuf {
    common::sample_path(common::SAMPLES[0])
}

/// A server on `corpus` letting in `user`'s key.
fn start_on(
    corpus: esf_browse::model::Corpus,
    user: &PrivateKey,
    limits: Limits,
) -> (Server, PublicKey) {
    let settings = Settings {
        listen: "127.0.0.1:0".parse().unwrap(),
        host_key: new_key(),
        access: Access::keys([user.public_key().clone()]),
        limits,
        options: Options::default(),
        palette: Palette::default(),
        hyperlinks: false,
        log: false,
    };
    let host = settings.host_key.public_key().clone();
    (
        Server::start(settings, serve::prepare(corpus)).unwrap(),
        host,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_who_keeps_typing_is_never_cut_as_idle() {
    let user = new_key();
    let limits = Limits {
        idle: Duration::from_secs(3),
        ..Limits::default()
    };
    let (server, host) = start(&user, limits);
    let handle = login(&server, &host, &user).await;
    let mut screen = Screen::open(&handle, 80, 24).await;
    screen.wait_for_text("5 / 5 projects").await;
    // Three idle limits long, a key every 200 ms.
    for step in 0..45 {
        screen.send(if step % 2 == 0 { b"j" } else { b"k" }).await;
        screen.read_for(Duration::from_millis(200)).await;
        assert!(!screen.closed, "cut after {step} keys:\n{}", screen.text());
    }
    assert_eq!(server.sessions(), 1);
    // Once the typing stops, the idle limit still holds.
    screen
        .wait_for("the idle session to close", |s| s.closed)
        .await;
    assert!(screen.text().contains("without input"), "{}", screen.text());
}

/// An SSH binary packet in the clear (before keys are agreed).
fn clear_packet(payload: &[u8]) -> Vec<u8> {
    let padding = 8 - (5 + payload.len()) % 8;
    let padding = if padding < 4 { padding + 8 } else { padding };
    let length = (1 + payload.len() + padding) as u32;
    let mut packet = length.to_be_bytes().to_vec();
    packet.push(padding as u8);
    packet.extend_from_slice(payload);
    packet.extend(std::iter::repeat_n(0, padding));
    packet
}

/// A client's KEXINIT offering curve25519 and one of everything else.
fn kexinit() -> Vec<u8> {
    let mut payload = vec![20];
    payload.extend_from_slice(&[7; 16]);
    for list in [
        "curve25519-sha256",
        "ssh-ed25519",
        "aes128-ctr",
        "aes128-ctr",
        "hmac-sha2-256",
        "hmac-sha2-256",
        "none",
        "none",
        "",
        "",
    ] {
        payload.extend_from_slice(&(list.len() as u32).to_be_bytes());
        payload.extend_from_slice(list.as_bytes());
    }
    payload.push(0);
    payload.extend_from_slice(&0u32.to_be_bytes());
    payload
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_talks_without_logging_in_is_cut_at_the_deadline() {
    let user = new_key();
    let limits = Limits {
        auth_time: Duration::from_secs(1),
        ..Limits::default()
    };
    let (server, _) = start(&user, limits);
    let socket = tokio::net::TcpStream::connect(server.address())
        .await
        .unwrap();
    let (mut read, mut write) = socket.into_split();
    write.write_all(b"SSH-2.0-holder\r\n").await.unwrap();
    write.write_all(&clear_packet(&kexinit())).await.unwrap();
    // Then, in the middle of the key exchange, SSH_MSG_IGNORE for ever.
    let holding = tokio::spawn(async move {
        let ignore = clear_packet(&[2, 0, 0, 0, 0]);
        while write.write_all(&ignore).await.is_ok() {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    });
    let mut banner = Vec::new();
    let closed = tokio::time::timeout(DEADLINE, read.read_to_end(&mut banner)).await;
    assert!(closed.is_ok(), "still open well after the auth deadline");
    // No library name or version for a scanner.
    assert!(banner.starts_with(b"SSH-2.0-esf-browse\r\n"), "{banner:?}");
    holding.abort();
    wait_until("no connection left", || server.connections() == 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn finite_field_key_exchanges_are_not_offered() {
    let user = new_key();
    let (server, host) = start(&user, Limits::default());
    for kex in [
        russh::kex::DH_G18_SHA512,
        russh::kex::DH_G16_SHA512,
        russh::kex::DH_G14_SHA256,
        russh::kex::DH_GEX_SHA256,
    ] {
        let config = client::Config {
            preferred: russh::Preferred {
                kex: Cow::Owned(vec![kex]),
                ..Default::default()
            },
            ..Default::default()
        };
        let connected = client::connect(
            Arc::new(config),
            server.address(),
            Client { host: host.clone() },
        )
        .await;
        assert!(connected.is_err(), "{kex:?} was agreed");
    }
    // The default (curve25519, ML-KEM hybrid) still logs in.
    let handle = login(&server, &host, &user).await;
    let (out, _, status) = exec(&handle, "list -q hp3").await;
    assert_eq!(status, Some(0));
    assert!(String::from_utf8(out).unwrap().contains("HP3"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_megabyte_pasted_into_the_search_is_cut_and_the_session_goes_on() {
    let user = new_key();
    let (server, host) = start(&user, Limits::default());
    let handle = login(&server, &host, &user).await;
    let mut screen = Screen::open(&handle, 80, 24).await;
    screen.wait_for_text("5 / 5 projects").await;
    screen.send(b"/").await;
    screen.send(b"\x1b[200~").await;
    for _ in 0..32 {
        screen.send(&[b'a'; 32 * 1024]).await;
    }
    screen.send(b"\x1b[201~").await;
    screen.wait_for_text("at most 256 characters").await;
    // The pasted letters were never read as keys: the search box has them.
    assert_eq!(server.sessions(), 1);
    screen.send(b"\x1b").await;
    screen.wait_for_text("5 / 5 projects").await;
    screen.send(b"q").await;
    screen
        .wait_for("the session to end", |s| s.exit.is_some() || s.closed)
        .await;
    assert_eq!(screen.exit, Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_terminal_is_drawn_at_the_servers_largest_size_and_says_so() {
    let user = new_key();
    let (server, host) = start(&user, Limits::default());
    let handle = login(&server, &host, &user).await;
    let (columns, rows) = (serve::MOST_COLUMNS, serve::MOST_ROWS);
    let mut screen = Screen::open_sized(&handle, (1000, 1000), (columns, rows)).await;
    screen.wait_for_text("5 / 5 projects").await;
    screen
        .wait_for_text(&format!("draws at most {columns}×{rows}"))
        .await;
    // A resize to an absurd size is clamped too.
    screen
        .channel
        .window_change(100_000, 100_000, 0, 0)
        .await
        .unwrap();
    screen.wait_for_text("100000×100000").await;
    assert_eq!(server.sessions(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_address_cannot_take_every_session() {
    let user = new_key();
    let limits = Limits {
        per_address: 3,
        ..Limits::default()
    };
    let (server, host) = start(&user, limits);
    let first = login(&server, &host, &user).await;
    let second = login(&server, &host, &user).await;
    let mut open = Vec::new();
    for handle in [&first, &first, &second] {
        let mut screen = Screen::open(handle, 80, 24).await;
        screen.wait_for_text("5 / 5 projects").await;
        open.push(screen);
    }
    assert_eq!(server.sessions(), 3);
    let mut refused = Screen::open(&second, 80, 24).await;
    refused
        .wait_for("the refusal", |s| {
            s.closed && String::from_utf8_lossy(&s.raw).contains("too many sessions")
        })
        .await;
    assert_eq!(server.sessions(), 3);
}

/// A proxy between a client and the server that forwards both ways until
/// `frozen`; then it reads nothing more from the server (a client that
/// stops reading while its SSH window stays open).
async fn freezing_proxy(
    server: std::net::SocketAddr,
    frozen: Arc<AtomicBool>,
) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (client_side, _) = listener.accept().await.unwrap();
        let outgoing = tokio::net::TcpSocket::new_v4().unwrap();
        outgoing.set_recv_buffer_size(4096).unwrap();
        let server_side = outgoing.connect(server).await.unwrap();
        let (mut client_read, mut client_write) = client_side.into_split();
        let (mut server_read, mut server_write) = server_side.into_split();
        tokio::spawn(async move {
            let _ = tokio::io::copy(&mut client_read, &mut server_write).await;
        });
        let mut buffer = [0u8; 4096];
        while !frozen.load(Ordering::SeqCst) {
            match server_read.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(n) => {
                    if client_write.write_all(&buffer[..n]).await.is_err() {
                        return;
                    }
                }
            }
        }
        // Frozen: hold both sockets open and read nothing.
        std::future::pending::<()>().await;
        drop((server_read, client_write));
    });
    address
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_stops_reading_is_cut_and_the_server_stops_at_once() {
    let user = new_key();
    let limits = Limits {
        write_stall: Duration::from_secs(1),
        ..Limits::default()
    };
    // Enough pages that their JSON is far more than any socket buffer
    // holds (titles differ: different projects).
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path().to_path_buf();
    let page = std::fs::read_to_string(sample_page()).unwrap();
    for i in 0..300 {
        let copy = page.replacen("\nHP3\n", &format!("\nHP3 part {i}\n"), 1);
        std::fs::write(dir.join(format!("page-{i}.txt")), copy).unwrap();
    }
    let corpus = esf_browse::model::load_paths(std::slice::from_ref(&dir), &|_| {});
    assert_eq!(corpus.store.len(), 300);
    let (server, host) = start_on(corpus, &user, limits);
    let frozen = Arc::new(AtomicBool::new(false));
    let proxy = freezing_proxy(server.address(), Arc::clone(&frozen)).await;
    let mut handle = client::connect(
        Arc::new(client::Config::default()),
        proxy,
        Client { host: host.clone() },
    )
    .await
    .unwrap();
    let login = handle
        .authenticate_publickey("alice", PrivateKeyWithHashAlg::new(Arc::new(user), None))
        .await
        .unwrap();
    assert!(login.success());
    let mut screen = Screen::open(&handle, 200, 50).await;
    screen.wait_for_text("300 / 300 projects").await;
    // Channels opened now: once frozen, the server's replies never come.
    let mut channels = Vec::new();
    for _ in 0..7 {
        channels.push(handle.channel_open_session().await.unwrap());
    }
    frozen.store(true, Ordering::SeqCst);
    // Far more output than any socket buffer holds, inside the client's
    // (large) SSH window.
    for channel in &channels {
        channel.exec(false, "list --format json").await.unwrap();
    }
    wait_until("the stalled connection to be cut", || {
        server.connections() == 0
    });
    stop_within_deadline(server).await;
}

async fn stop_within_deadline(server: Server) {
    let stopping = tokio::task::spawn_blocking(move || server.stop(Duration::from_secs(1)));
    tokio::time::timeout(DEADLINE, stopping)
        .await
        .expect("the server stopped")
        .unwrap();
}

fn keys_file(options: &str, key: &russh::keys::PrivateKey) -> Access {
    let line = format!("{options} {}", key.public_key().to_openssh().unwrap());
    let (keys, _) = serve::parse_authorized_keys(&line).unwrap();
    Access::Keys(keys)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authorized_keys_options_are_honoured_never_widened() {
    let user = new_key();
    for options in [
        r#"from="!127.0.0.1,*""#,
        r#"from="10.0.0.0/8""#,
        r#"expiry-time="20200101""#,
    ] {
        let (server, host) = start_with(keys_file(options, &user), Limits::default());
        let mut handle = connect(&server, &host).await;
        let result = handle
            .authenticate_publickey(
                "alice",
                PrivateKeyWithHashAlg::new(Arc::new(user.clone()), None),
            )
            .await
            .unwrap();
        assert!(!result.success(), "{options} let 127.0.0.1 in");
    }
    // `restrict`: commands run, no terminal.
    let (server, host) = start_with(keys_file("restrict", &user), Limits::default());
    let handle = login(&server, &host, &user).await;
    let (out, _, status) = exec(&handle, "list -q hp3").await;
    assert_eq!(status, Some(0));
    assert!(String::from_utf8(out).unwrap().contains("HP3"));
    let mut screen = Screen::open(&handle, 80, 24).await;
    screen
        .wait_for("the refusal", |s| {
            s.closed && String::from_utf8_lossy(&s.raw).contains("commands only")
        })
        .await;
    assert_eq!(server.sessions(), 0);
}

#[test]
fn a_cert_authority_line_stops_the_server_from_starting() {
    let key = new_key();
    let line = format!("cert-authority {}", key.public_key().to_openssh().unwrap());
    let error = serve::parse_authorized_keys(&format!("# ours\n{line}\n")).unwrap_err();
    assert!(error.starts_with("line 2:"), "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_name_with_escapes_never_reaches_a_client_raw() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path().to_path_buf();
    let page = std::fs::read(sample_page()).unwrap();
    std::fs::write(dir.join("901_\x1b]52;c;aGk=\x07\u{202e}.txt"), page).unwrap();
    let corpus = esf_browse::model::load_paths(std::slice::from_ref(&dir), &|_| {});
    assert_eq!(corpus.store.len(), 1);
    let user = new_key();
    let (server, host) = start_on(corpus, &user, Limits::default());
    let handle = login(&server, &host, &user).await;
    let id = esf_browse::model::load_paths(std::slice::from_ref(&dir), &|_| {})
        .store
        .project(0)
        .id
        .clone();
    for command in [
        "list".to_string(),
        "list --format csv".to_string(),
        "list --format json".to_string(),
        format!("show '{id}'"),
    ] {
        let (out, err, status) = exec(&handle, &command).await;
        assert_eq!(
            status,
            Some(0),
            "{command}: {}",
            String::from_utf8_lossy(&err)
        );
        let out = String::from_utf8(out).unwrap();
        assert!(
            !out.contains('\x1b') && !out.contains('\x07'),
            "{command}: {out:?}"
        );
        assert!(!out.contains('\u{202e}'), "{command}: {out:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_command_too_long_is_refused_not_cut_and_run() {
    let user = new_key();
    let (server, host) = start(&user, Limits::default());
    let handle = login(&server, &host, &user).await;
    let long = format!("list -q {}", "x".repeat(5000));
    let (out, err, status) = exec(&handle, &long).await;
    assert_eq!(status, Some(2));
    assert!(out.is_empty());
    let err = String::from_utf8(err).unwrap();
    assert!(err.contains("at most 4096"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_c_after_an_unfinished_sequence_still_quits() {
    let user = new_key();
    let (server, host) = start(&user, Limits::default());
    let handle = login(&server, &host, &user).await;
    let mut screen = Screen::open(&handle, 80, 24).await;
    screen.wait_for_text("5 / 5 projects").await;
    screen.send(b"\x1b[?").await;
    screen.send(b"\x03").await;
    screen
        .wait_for("the session to end", |s| s.exit.is_some() || s.closed)
        .await;
    assert_eq!(screen.exit, Some(0));
    wait_until("no session left", || server.sessions() == 0);
}
