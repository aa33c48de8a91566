//! Who may connect: the keys of an authorized_keys file, or anyone
//! (`--open`, a read-only kiosk). Passwords and keyboard-interactive are
//! never offered.

use std::path::Path;

use anyhow::Context;
use russh::keys::ssh_key::AuthorizedKeys;
use russh::keys::{HashAlg, PublicKey};

#[derive(Debug, Clone)]
pub enum Access {
    /// Public keys only, these ones (options such as `command=` are not
    /// honoured: every key gets the same read-only browser).
    Keys(Vec<PublicKey>),
    /// Anyone, without a key or with any key.
    Open,
}

impl Access {
    /// Reads an authorized_keys file; an empty one is an error (nobody
    /// could connect).
    pub fn from_file(path: &Path) -> anyhow::Result<Access> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read authorized keys from {}", path.display()))?;
        let keys = parse(&text);
        if keys.is_empty() {
            anyhow::bail!("{} holds no public key", path.display());
        }
        Ok(Access::Keys(keys))
    }

    pub fn is_open(&self) -> bool {
        matches!(self, Access::Open)
    }

    /// Whether this key may log in.
    pub fn allows(&self, key: &PublicKey) -> bool {
        match self {
            Access::Open => true,
            Access::Keys(keys) => keys.iter().any(|k| k.key_data() == key.key_data()),
        }
    }
}

/// The keys of an authorized_keys text; lines that are not keys are skipped.
pub fn parse(text: &str) -> Vec<PublicKey> {
    AuthorizedKeys::new(text)
        .filter_map(Result::ok)
        .map(|entry| entry.public_key().clone())
        .collect()
}

/// `SHA256:…` of a client's key, for the log.
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}
