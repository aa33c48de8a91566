//! The front of `serve`: its arguments, the config file, the host key,
//! loading the corpus and the banner; then the server (`crate::serve`)
//! runs on the options built here until a signal stops it.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use russh::keys::PrivateKey;

use super::{config, load_shared, paths_exist, print_error, report_problems};
use crate::command_line::{ConfigFileArgs, ServeArgs};
use crate::serve::{self, Access, Limits, Server, Settings};

/// `esf-browse serve`: loads the corpus, starts the server, serves until
/// SIGTERM, SIGINT or SIGHUP. Exit status: 0 after a signal (sessions
/// closed cleanly), 1 when it cannot start, 2 for wrong arguments.
pub fn run(args: ServeArgs, config_file: &ConfigFileArgs) -> anyhow::Result<ExitCode> {
    if !paths_exist(&args.paths) {
        return Ok(ExitCode::FAILURE);
    }
    let Some(access) = access(&args)? else {
        print_error("give --authorized-keys FILE, or --open to let anyone in");
        return Ok(ExitCode::from(2));
    };
    let Some(host_key_path) = args.host_key.clone().or_else(serve::default_host_key_path) else {
        print_error("no data folder on this system: give --host-key FILE");
        return Ok(ExitCode::from(2));
    };
    let (host_key, created) = serve::load_or_create_host_key(&host_key_path)?;
    let config = config::load(config_file.config.as_deref(), config_file.no_config)?;
    let corpus = load_shared(&args.paths);
    report_problems(&corpus);
    let corpus = serve::prepare(corpus);
    let projects = corpus.store.len();
    let open = access.is_open();
    let settings = Settings {
        listen: args.listen,
        host_key: host_key.clone(),
        access,
        limits: limits(&args),
        options: crate::ui::state::Options {
            read_only: true,
            ..config.options()
        },
        palette: config.palette,
        hyperlinks: config.hyperlinks,
        log: !args.quiet,
    };
    let server = Server::start(settings, corpus)?;
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGHUP,
    ])
    .context("cannot install signal handlers")?;
    banner(
        &server,
        projects,
        (&host_key, &host_key_path, created),
        open,
    );
    let signal = signals.forever().next();
    server.stop_for(signal);
    Ok(ExitCode::SUCCESS)
}

/// Who may come in: anyone (`--open`), the holders of the keys in
/// `--authorized-keys` (its warnings said on stderr), or — neither given —
/// `None`.
fn access(args: &ServeArgs) -> anyhow::Result<Option<Access>> {
    match (&args.authorized_keys, args.open) {
        (_, true) => Ok(Some(Access::Open)),
        (Some(path), false) => {
            let (access, warnings) = Access::from_file(path)?;
            for warning in warnings {
                print_error(format_args!("warning: {warning}"));
            }
            Ok(Some(access))
        }
        (None, false) => Ok(None),
    }
}

/// The limits the flags set (each at least 1).
fn limits(args: &ServeArgs) -> Limits {
    Limits {
        sessions: args.max_sessions.max(1),
        per_address: args.max_per_address.max(1),
        auth_attempts: args.max_auth_attempts.max(1),
        auth_time: Duration::from_secs(args.auth_timeout.max(1)),
        idle: Duration::from_secs(args.idle_timeout.max(1)),
        ..Limits::default()
    }
}

/// What is served where, the host key's fingerprint, and a warning when
/// anyone may come in.
fn banner(
    server: &Server,
    projects: usize,
    (host_key, host_key_path, created): (&PrivateKey, &PathBuf, bool),
    open: bool,
) {
    eprintln!(
        "esf-browse: serving {projects} projects on {} (ssh -p {} HOST)",
        server.address(),
        server.address().port()
    );
    eprintln!(
        "esf-browse: host key {} {}{}",
        serve::fingerprint(host_key),
        host_key_path.display(),
        if created { " (created now)" } else { "" }
    );
    if open {
        eprintln!(
            "esf-browse: WARNING: --open: ANYONE WHO CAN REACH {} MAY BROWSE THIS CORPUS, WITHOUT A KEY (read-only kiosk)",
            server.address()
        );
    }
}
