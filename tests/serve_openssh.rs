//! `esf-browse serve` with OpenSSH's own client: the real binary serving
//! on 127.0.0.1 port 0, `ssh` in a pseudo-terminal, its screen read with
//! vt100. `.ci/run` installs the OpenSSH client when it is missing.
//! Every wait polls against a deadline.

#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;

mod common;

use common::pty::{Pty, PtyCommand};
use common::wait_until;

/// The server binary, its stderr gathered by a thread.
struct ServeProcess {
    child: Child,
    log: Arc<Mutex<String>>,
    port: u16,
    dir: tempfile::TempDir,
}

impl ServeProcess {
    fn start() -> ServeProcess {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("id");
        let made = Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-f"])
            .arg(&key)
            .status()
            .expect("ssh-keygen (the OpenSSH client) is needed: apt-get install openssh-client");
        assert!(made.success());
        std::fs::copy(
            key.with_extension("pub"),
            dir.path().join("authorized_keys"),
        )
        .unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_esf-browse"))
            .args([
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--no-config",
                "--host-key",
            ])
            .arg(dir.path().join("host_key"))
            .arg("--authorized-keys")
            .arg(dir.path().join("authorized_keys"))
            .env("HOME", dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().unwrap();
        {
            let log = Arc::clone(&log);
            thread::spawn(move || {
                for line in BufReader::new(stderr).lines() {
                    let Ok(line) = line else { break };
                    let mut log = log.lock().unwrap();
                    log.push_str(&line);
                    log.push('\n');
                }
            });
        }
        let mut port = None;
        wait_until("the server to listen", || {
            let log = log.lock().unwrap();
            port = log
                .split("on 127.0.0.1:")
                .nth(1)
                .and_then(|rest| rest.split(' ').next())
                .and_then(|p| p.parse().ok());
            port.is_some()
        });
        ServeProcess {
            child,
            log,
            port: port.unwrap(),
            dir,
        }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    fn count(&self, what: &str) -> usize {
        self.log().matches(what).count()
    }

    fn key(&self) -> PathBuf {
        self.dir.path().join("id")
    }

    fn ssh_args(&self) -> Vec<String> {
        let key = self.key();
        [
            "-p",
            &self.port.to_string(),
            "-i",
            key.to_str().unwrap(),
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "BatchMode=yes",
            "-o",
            "LogLevel=ERROR",
            "-F",
            "/dev/null",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `ssh -tt` to the server in an 80×24 pty, its screen emulated.
fn ssh_session(server: &ServeProcess) -> Pty {
    PtyCommand::new("ssh")
        .args(server.ssh_args())
        .args(["-tt", "127.0.0.1"])
        .start()
}

fn local_list(args: &[&str], home: &Path) -> Vec<u8> {
    let output = Command::new(env!("CARGO_BIN_EXE_esf-browse"))
        .arg("list")
        .args(args)
        .env("HOME", home)
        .output()
        .unwrap();
    assert!(output.status.success());
    output.stdout
}

#[test]
fn openssh_browses_runs_commands_and_is_told_when_the_server_stops() {
    let server = ServeProcess::start();
    let log = server.log();
    assert!(log.contains("host key SHA256:"), "{log}");
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(server.dir.path().join("host_key"))
            .unwrap()
            .permissions(),
    );
    assert_eq!(mode & 0o777, 0o600);

    // Browse, search, resize, quit.
    let mut ssh = ssh_session(&server);
    ssh.wait_for_text("5 / 5 projects");
    ssh.send(b"/harj");
    ssh.wait_for_text("1 / 5 projects");
    assert!(ssh.contents().contains("Kraftsamling Härjedalen"));
    ssh.resize(50, 16);
    ssh.wait_until("a 50-column frame", |screen| {
        let text = screen.contents();
        text.lines()
            .any(|l| l.chars().count() == 50 && l.ends_with('┐'))
            && text
                .lines()
                .any(|l| l.chars().count() == 50 && l.ends_with('┘'))
    });
    ssh.send(b"\r");
    ssh.send(b"q");
    let status = ssh.wait_exit();
    assert!(status.success(), "{status:?}");

    // `list` over exec: byte for byte the local output, and its status.
    for args in [
        &["--region", "Norra Mellansverige", "--format", "json"][..],
        &["--sort", "grant"][..],
    ] {
        let output = Command::new("ssh")
            .args(server.ssh_args())
            .arg("127.0.0.1")
            .arg("list")
            .args(args.iter().map(|a| format!("'{a}'")))
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        assert_eq!(output.stdout, local_list(args, server.dir.path()));
    }
    let refused = Command::new("ssh")
        .args(server.ssh_args())
        .args(["127.0.0.1", "check"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    // sftp is refused.
    let sftp = Command::new("ssh")
        .args(server.ssh_args())
        .args(["-s", "127.0.0.1", "sftp"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!sftp.status.success());
    // `ssh -T`: no terminal to browse in, and the user is told why.
    let no_pty = Command::new("ssh")
        .args(server.ssh_args())
        .args(["-T", "127.0.0.1"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(no_pty.status.code(), Some(2), "{no_pty:?}");
    let said = String::from_utf8_lossy(&no_pty.stderr);
    assert!(said.contains("a terminal is needed"), "{said}");
    // The expensive finite-field key exchanges are not offered.
    let dh = Command::new("ssh")
        .args(server.ssh_args())
        .args([
            "-o",
            "KexAlgorithms=diffie-hellman-group18-sha512,diffie-hellman-group14-sha256",
        ])
        .args(["127.0.0.1", "list"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    // 255: ssh's own failure (no key exchange in common), not a command's.
    assert_eq!(dh.status.code(), Some(255), "{dh:?}");
    assert!(dh.stdout.is_empty());
    // A key not in authorized_keys is refused and logged with its fingerprint.
    let stranger = server.dir.path().join("stranger");
    let made = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&stranger)
        .status()
        .unwrap();
    assert!(made.success());
    let own_key = server.key().to_str().unwrap().to_string();
    let stranger_args = server.ssh_args().into_iter().map(|arg| {
        if arg == own_key {
            stranger.to_str().unwrap().to_string()
        } else {
            arg
        }
    });
    let refused_key = Command::new("ssh")
        .args(stranger_args)
        .args(["127.0.0.1", "list"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!refused_key.status.success());
    let fingerprint = Command::new("ssh-keygen")
        .args(["-l", "-E", "sha256", "-f"])
        .arg(stranger.with_extension("pub"))
        .output()
        .unwrap();
    let fingerprint = String::from_utf8(fingerprint.stdout).unwrap();
    let fingerprint = fingerprint.split_whitespace().nth(1).unwrap().to_string();
    wait_until("the rejected key in the log", || {
        server
            .log()
            .lines()
            .any(|l| l.contains(&fingerprint) && l.contains("rejected"))
    });

    // A killed client: its connection is logged as ended.
    let mut killed = ssh_session(&server);
    killed.wait_for_text("5 / 5 projects");
    killed.kill();
    let _ = killed.wait_exit();
    wait_until("every connection to end", || {
        // A connect line ends with the event (a reason may say "connect").
        let connects = server
            .log()
            .lines()
            .filter(|l| l.ends_with(" connect"))
            .count();
        connects == server.count(" disconnect ")
    });

    // SIGTERM: the open session is told, its terminal restored; the
    // server exits 0.
    let mut last = ssh_session(&server);
    last.wait_for_text("5 / 5 projects");
    let mut server = server;
    let stopped = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(stopped.success());
    last.wait_for_text("the server is stopping");
    let _ = last.wait_exit();
    assert!(!last.screen(|screen| screen.alternate_screen()));
    let mut status = None;
    wait_until("the server to exit", || {
        status = server.child.try_wait().unwrap();
        status.is_some()
    });
    assert_eq!(status.unwrap().code(), Some(0), "{}", server.log());
}
