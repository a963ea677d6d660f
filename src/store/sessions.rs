//! Sessions (tokens) per profile and username: `<data_dir>/sessions/<profile>.toml`, mode 0600.
//!
//! One file per profile, so a damaged file costs only that profile. Every change holds
//! `<profile>.lock` across read → modify → write, so processes saving at once lose nothing;
//! reads take no lock, since writes replace the file atomically. Passwords are never stored.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use super::atomic::{Durability, FileLock, ensure_dir, lock_path, write_atomic_with};
use super::error::{line_of, read_text};
use super::profile::validate_name;
use super::{StoreError, StorePaths};
use crate::secret::SecretString;
use crate::service::tokens::{Device, Tokens};

const HEADER: &str =
    "# cognito-tui sessions: tokens that sign in as these users. Keep this file private.\n";

/// The file as stored.
#[derive(Default, Serialize, Deserialize)]
struct SessionsFile {
    /// The username the sign-in screen offers first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_username: Option<String>,
    #[serde(default)]
    users: BTreeMap<String, StoredSession>,
}

/// One user's tokens as stored; wiped from memory when dropped.
#[derive(Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
struct StoredSession {
    /// The pool's internal username (`cognito:username`), which refresh needs.
    internal_username: String,
    /// RFC 3339.
    expires_at: String,
    id_token: String,
    access_token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refresh_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    device_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    device_group_key: Option<String>,
}

impl StoredSession {
    fn from_tokens(tokens: &Tokens) -> Result<Self, String> {
        let expires_at = tokens
            .expires_at
            .format(&Rfc3339)
            .map_err(|e| format!("the expiry cannot be written as RFC 3339: {e}"))?;
        Ok(Self {
            internal_username: tokens.username.clone(),
            expires_at,
            id_token: tokens.id_token.expose().to_string(),
            access_token: tokens.access_token.expose().to_string(),
            refresh_token: tokens
                .refresh_token
                .as_ref()
                .map(|t| t.expose().to_string()),
            device_key: tokens.device.as_ref().map(|d| d.key.clone()),
            device_group_key: tokens.device.as_ref().map(|d| d.group_key.clone()),
        })
    }

    fn to_tokens(&self) -> Result<Tokens, String> {
        let expires_at = OffsetDateTime::parse(&self.expires_at, &Rfc3339)
            .map_err(|_| format!("expires_at {:?} is not an RFC 3339 time", self.expires_at))?;
        let device = match (&self.device_key, &self.device_group_key) {
            (Some(key), Some(group_key)) => Some(Device {
                key: key.clone(),
                group_key: group_key.clone(),
            }),
            _ => None,
        };
        Ok(Tokens {
            id_token: SecretString::new(self.id_token.as_str()),
            access_token: SecretString::new(self.access_token.as_str()),
            refresh_token: self.refresh_token.as_deref().map(SecretString::new),
            expires_at,
            username: self.internal_username.clone(),
            device,
        })
    }
}

/// The tokens of every profile, one file each.
#[derive(Debug, Clone)]
pub struct SessionStore {
    dir: PathBuf,
}

impl SessionStore {
    pub fn new(paths: &StorePaths) -> Self {
        Self::in_dir(paths.sessions_dir())
    }

    /// A store over a given directory.
    pub fn in_dir(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The file holding `profile`'s sessions.
    pub fn file(&self, profile: &str) -> Result<PathBuf, StoreError> {
        validate_name(profile).map_err(StoreError::BadInput)?;
        Ok(self.dir.join(format!("{profile}.toml")))
    }

    /// Saves `tokens` for `username` (the name the user signs in with; the internal username is
    /// in `tokens`) and remembers them as the profile's last user.
    pub fn save(&self, profile: &str, username: &str, tokens: &Tokens) -> Result<(), StoreError> {
        validate_username(username)?;
        let stored = StoredSession::from_tokens(tokens).map_err(StoreError::BadInput)?;
        // Tokens are made again by signing in: a power cut may bring back the previous ones.
        self.edit(profile, Durability::Replaceable, |file| {
            file.users.insert(username.to_string(), stored);
            file.last_username = Some(username.to_string());
            true
        })
    }

    /// The saved tokens of `username`, if any.
    pub fn load(&self, profile: &str, username: &str) -> Result<Option<Tokens>, StoreError> {
        let path = self.file(profile)?;
        let file = read(&path)?;
        match file.users.get(username) {
            None => Ok(None),
            Some(stored) => stored
                .to_tokens()
                .map(Some)
                .map_err(|reason| StoreError::Invalid {
                    path,
                    message: format!("users.{username:?}: {reason}"),
                }),
        }
    }

    /// Forgets `username`'s tokens; true when there were any.
    pub fn remove(&self, profile: &str, username: &str) -> Result<bool, StoreError> {
        let mut removed = false;
        self.edit(profile, Durability::Full, |file| {
            removed = file.users.remove(username).is_some();
            if file.last_username.as_deref() == Some(username) {
                file.last_username = None;
            }
            removed
        })?;
        Ok(removed)
    }

    /// The usernames with saved sessions, sorted.
    pub fn usernames(&self, profile: &str) -> Result<Vec<String>, StoreError> {
        Ok(read(&self.file(profile)?)?.users.keys().cloned().collect())
    }

    /// The username last saved for `profile`, for the sign-in screen.
    pub fn last_username(&self, profile: &str) -> Result<Option<String>, StoreError> {
        Ok(read(&self.file(profile)?)?.last_username.clone())
    }

    /// Deletes every session of `profile` (when the profile itself goes); true when a file was
    /// there. A damaged file is deleted too: it held nothing but tokens.
    pub fn remove_profile(&self, profile: &str) -> Result<bool, StoreError> {
        let path = self.file(profile)?;
        let lock = lock_path(&path);
        if !self.dir.exists() {
            return Ok(false);
        }
        let guard = FileLock::acquire(&lock)?;
        let removed = match std::fs::remove_file(&path) {
            Ok(()) => true,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(e) => return Err(StoreError::unwritable(&path, &e)),
        };
        let _ = std::fs::remove_file(&lock);
        drop(guard);
        Ok(removed)
    }

    /// Read → modify → write under the profile's lock; `change` returns whether to write.
    fn edit(
        &self,
        profile: &str,
        durability: Durability,
        change: impl FnOnce(&mut SessionsFile) -> bool,
    ) -> Result<(), StoreError> {
        let path = self.file(profile)?;
        ensure_dir(&self.dir)?;
        let _lock = FileLock::acquire(&lock_path(&path))?;
        let mut file = read(&path)?;
        if !change(&mut file) {
            return Ok(());
        }
        let body = Zeroizing::new(toml::to_string(&file).map_err(|e| StoreError::Invalid {
            path: path.clone(),
            message: format!("cannot encode the sessions: {e}"),
        })?);
        let text = Zeroizing::new(format!("{HEADER}{}", body.as_str()));
        write_atomic_with(&path, text.as_bytes(), durability)
    }
}

fn read(path: &Path) -> Result<SessionsFile, StoreError> {
    let Some(text) = read_text(path)? else {
        return Ok(SessionsFile::default());
    };
    toml::from_str(&text).map_err(|e| {
        let message = redact(e.message().lines().next().unwrap_or("invalid").trim());
        match e.span() {
            Some(span) => StoreError::Syntax {
                path: path.to_path_buf(),
                line: line_of(&text, span.start),
                message,
            },
            None => StoreError::Invalid {
                path: path.to_path_buf(),
                message,
            },
        }
    })
}

/// serde quotes the offending string ("invalid type: string \"eyJ…\", expected …"), which in
/// this file may be a token: keep only what kind of value was wrong.
fn redact(message: &str) -> String {
    for prefix in ["invalid type: string ", "invalid value: string "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let tail = rest.find(", expected").map_or("", |at| &rest[at..]);
            return format!("{}{tail}", prefix.trim_end());
        }
    }
    message.to_string()
}

fn validate_username(username: &str) -> Result<(), StoreError> {
    if username.is_empty() || username.len() > 256 || username.chars().any(char::is_control) {
        return Err(StoreError::BadInput(format!(
            "username {username:?} must be 1-256 characters without control characters"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_strings_are_cut_from_decode_errors() {
        assert_eq!(
            redact("invalid type: string \"eyJhbGci.x.y\", expected struct StoredSession"),
            "invalid type: string, expected struct StoredSession"
        );
        assert_eq!(
            redact("missing field `id_token`"),
            "missing field `id_token`"
        );
    }
}
