//! The worker's side of the token inspector, the outbox and the picker's profile editing:
//! signature checks against the JWKS, reading the local pool's outbox over HTTP, and
//! `profiles.toml` edits through the same store (and messages) as `cognito-tui profiles`.

use time::OffsetDateTime;

use super::Worker;
use crate::cognito::jwt::TokenUse;
use crate::flows::{self, outbox::OutboxError};
use crate::secret::SecretString;
use crate::service::ServiceError;
use crate::service::jwks::JwksCache;
use crate::service::tokens::Tokens;
use crate::store::{Profile, ProfileStore, StoreError};
use crate::tui::msg::{Conn, Msg, Task};
use crate::tui::screens::outbox::OutboxEntry;
use crate::tui::screens::profile_form::ProfilesChanged;
use crate::tui::screens::tokens::TokenCheck;

/// How many of the newest messages the outbox screen reads.
pub const OUTBOX_LIMIT: usize = 50;

impl Worker {
    pub(super) async fn tools(&self, task: Task) -> Msg {
        match task {
            Task::VerifyTokens { conn, tokens } => {
                Msg::TokensVerified(verify_tokens(&conn, &tokens).await)
            }
            Task::ReadOutbox { url } => Msg::OutboxRead(read_outbox(&url).await),
            Task::SaveProfile { profile, replace } => {
                Msg::ProfileSaved(self.save_profile(&profile, replace))
            }
            Task::DeleteProfile { name } => Msg::ProfileDeleted(self.delete_profile(&name)),
            other => Msg::ProfileSaved(Err(format!("not a tools task: {other:?}"))),
        }
    }

    /// `profiles add [--replace]`: same validation, same words.
    fn save_profile(&self, profile: &Profile, replace: bool) -> Result<ProfilesChanged, String> {
        let saved = flows::profiles::save(&self.paths, profile, replace).map_err(|e| match e {
            StoreError::ProfileExists(name) => format!(
                "a profile named {name:?} already exists: choose another name, or edit that one"
            ),
            other => other.to_string(),
        })?;
        let message = saved.words(&profile.name);
        let entries = ProfileStore::new(&self.paths)
            .list()
            .map_err(|e| format!("{message}, but {e}"))?;
        Ok(ProfilesChanged {
            message,
            problem: false,
            entries,
            name: profile.name.clone(),
        })
    }

    /// `profiles remove`: the profile, then its saved sessions.
    fn delete_profile(&self, name: &str) -> Result<ProfilesChanged, String> {
        let removed = flows::profiles::remove(&self.paths, name).map_err(|e| e.to_string())?;
        let (message, problem) = removed.words(name);
        let entries = ProfileStore::new(&self.paths)
            .list()
            .map_err(|e| format!("{message}, but {e}"))?;
        Ok(ProfilesChanged {
            message,
            problem,
            entries,
            name: name.to_string(),
        })
    }
}

/// Checks both JWTs with the account's cached JWKS; when that fails, checks each token on its
/// own so the inspector can say which one is wrong and why.
pub async fn verify_tokens(conn: &Conn, tokens: &Tokens) -> TokenCheck {
    let pair = match conn.account.verify_tokens(tokens).await {
        Ok(claims) => {
            return TokenCheck {
                id: Ok(claims.id.kid().unwrap_or_default().to_string()),
                access: Ok(claims.access.kid().unwrap_or_default().to_string()),
            };
        }
        Err(e) => reason(e),
    };
    let jwks = match JwksCache::new(conn.account.settings()) {
        Ok(jwks) => jwks,
        Err(e) => {
            let why = reason(e);
            return TokenCheck {
                id: Err(why.clone()),
                access: Err(why),
            };
        }
    };
    let now = OffsetDateTime::now_utc();
    let id = verify_one(&jwks, &tokens.id_token, TokenUse::Id, now).await;
    let access = verify_one(&jwks, &tokens.access_token, TokenUse::Access, now).await;
    if id.is_ok() && access.is_ok() {
        // Each is fine alone: the pair itself is wrong (different users).
        return TokenCheck {
            id: Err(pair.clone()),
            access: Err(pair),
        };
    }
    TokenCheck { id, access }
}

/// One token's key id, or why it was refused.
async fn verify_one(
    jwks: &JwksCache,
    token: &SecretString,
    token_use: TokenUse,
    now: OffsetDateTime,
) -> Result<String, String> {
    jwks.verify(token.expose(), token_use, now)
        .await
        .map(|decoded| decoded.kid().unwrap_or_default().to_string())
        .map_err(reason)
}

/// The reason in plain words, without the "not accepted" preamble.
fn reason(e: ServiceError) -> String {
    match e {
        ServiceError::TokenInvalid { detail } => detail,
        other => other.to_string(),
    }
}

/// The newest messages of the outbox at `url`, newest first.
pub async fn read_outbox(url: &str) -> Result<Vec<OutboxEntry>, String> {
    let messages = flows::outbox::read(url, Some(OUTBOX_LIMIT))
        .await
        .map_err(|e| match e {
            OutboxError::Status(status) => format!("The outbox at {url} answered HTTP {status}."),
            OutboxError::Unreadable(e) => {
                format!("The outbox at {url} sent something unexpected: {e}")
            }
            OutboxError::Client(e) => format!("cannot set up an HTTP client: {e}"),
            OutboxError::Unreachable(e) => format!("The outbox could not be read from {url}: {e}"),
        })?;
    let mut entries: Vec<OutboxEntry> = messages.into_iter().map(OutboxEntry::from).collect();
    entries.reverse();
    Ok(entries)
}
