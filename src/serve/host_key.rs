//! The server's host key: an ed25519 key read from its file, or created
//! there (mode 0600) on first start; and its fingerprint.

use std::path::{Path, PathBuf};

use anyhow::Context;
use russh::keys::ssh_key::LineEnding;
use russh::keys::{Algorithm, HashAlg, PrivateKey};

/// Where the host key lives unless `--host-key` says otherwise.
pub fn default_path() -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join("esf-browse").join("ssh_host_ed25519_key"))
}

/// Reads the key at `path`, or creates one there (and its folder).
/// Returns the key and whether it was created now.
pub fn load_or_create(path: &Path) -> anyhow::Result<(PrivateKey, bool)> {
    if path.exists() {
        let key = russh::keys::load_secret_key(path, None)
            .with_context(|| format!("cannot read the host key {}", path.display()))?;
        return Ok((key, false));
    }
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
    }
    let key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519)
        .context("cannot generate a host key")?;
    // Written with mode 0600 on Unix.
    key.write_openssh_file(path, LineEnding::LF)
        .with_context(|| format!("cannot write the host key {}", path.display()))?;
    Ok((key, true))
}

/// `SHA256:…`, as `ssh-keygen -l` and the client's prompt show it.
pub fn fingerprint(key: &PrivateKey) -> String {
    key.public_key().fingerprint(HashAlg::Sha256).to_string()
}
