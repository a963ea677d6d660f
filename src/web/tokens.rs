//! The tokens in the user's web session (warrant kept ID_TOKEN, ACCESS_TOKEN and REFRESH_TOKEN
//! in Django's session): put there at login, refreshed lazily before expiry on the request that
//! needs them and written back, and dropped with the session at logout. The session store is
//! server-side (SQLite, 0600); the browser holds only the session id.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tower_sessions::Session;

use super::backend::{CognitoBackend, WebUser};
use super::error::WebError;
use super::local_users;
use crate::secret::SecretString;
use crate::service::account::REFRESH_MARGIN;
use crate::service::auth::{Challenge, PendingChallenge};
use crate::service::tokens::{Device, Tokens};

pub type AuthSession = axum_login::AuthSession<CognitoBackend>;

const TOKENS_KEY: &str = "cognito.tokens";
const CHALLENGE_KEY: &str = "cognito.challenge";

#[derive(Serialize, Deserialize)]
struct StoredTokens {
    id_token: String,
    access_token: String,
    refresh_token: Option<String>,
    expires_at: i64,
    username: String,
    device: Option<(String, String)>,
}

impl From<&Tokens> for StoredTokens {
    fn from(t: &Tokens) -> Self {
        Self {
            id_token: t.id_token.expose().to_string(),
            access_token: t.access_token.expose().to_string(),
            refresh_token: t.refresh_token.as_ref().map(|r| r.expose().to_string()),
            expires_at: t.expires_at.unix_timestamp(),
            username: t.username.clone(),
            device: t
                .device
                .as_ref()
                .map(|d| (d.key.clone(), d.group_key.clone())),
        }
    }
}

impl StoredTokens {
    fn into_tokens(self) -> Result<Tokens, WebError> {
        Ok(Tokens {
            id_token: SecretString::new(self.id_token),
            access_token: SecretString::new(self.access_token),
            refresh_token: self.refresh_token.map(SecretString::new),
            expires_at: OffsetDateTime::from_unix_timestamp(self.expires_at)
                .map_err(|e| WebError::Session(format!("a stored expiry is out of range: {e}")))?,
            username: self.username,
            device: self
                .device
                .map(|(key, group_key)| Device { key, group_key }),
        })
    }
}

/// The session's tokens as stored (not refreshed).
pub async fn stored(session: &Session) -> Result<Option<Tokens>, WebError> {
    match session.get::<StoredTokens>(TOKENS_KEY).await? {
        Some(t) => Ok(Some(t.into_tokens()?)),
        None => Ok(None),
    }
}

async fn keep(session: &Session, tokens: &Tokens) -> Result<(), WebError> {
    session
        .insert(TOKENS_KEY, StoredTokens::from(tokens))
        .await?;
    Ok(())
}

/// Logs the user in (the session id rotates) and puts the sign-in's tokens in the session.
pub async fn login(auth: &mut AuthSession, mut user: WebUser) -> Result<(), WebError> {
    let tokens = user
        .take_tokens()
        .ok_or_else(|| WebError::Session("a user to log in must come from a sign-in".into()))?;
    auth.login(&user).await?;
    auth.session.remove_value(CHALLENGE_KEY).await?;
    keep(&auth.session, &tokens).await
}

/// Valid tokens for a call: refreshed first when they expire within two minutes, and written
/// back. `None` when there is no signed-in user, or when the refresh says the sign-in is over
/// (the user was signed out globally, disabled or deleted): the web session is then ended.
pub async fn fresh(auth: &mut AuthSession) -> Result<Option<Tokens>, WebError> {
    let Some(user) = auth.user.clone() else {
        return Ok(None);
    };
    let Some(tokens) = stored(&auth.session).await? else {
        auth.logout().await?;
        return Ok(None);
    };
    let now = auth.backend.now();
    if !tokens.expires_within(now, REFRESH_MARGIN) {
        return Ok(Some(tokens));
    }
    let account = auth.backend.account();
    match account.refresh(&tokens, now).await {
        Ok(renewed) => {
            keep(&auth.session, &renewed).await?;
            // The groups (permissions) follow the new ID token.
            let claims = account.verify_tokens_at(&renewed, now).await?;
            let id = user.local.id;
            auth.backend
                .db()
                .write(move |tx| local_users::set_groups(tx, id, &claims.groups))
                .await?;
            Ok(Some(renewed))
        }
        Err(e) if e.ends_the_session() => {
            tracing::info!(user = %user.username(), reason = %e, "web session ended at refresh");
            auth.logout().await?;
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// What logging out did in Cognito.
#[derive(Debug)]
pub enum SignedOut {
    /// GlobalSignOut went through: every token of the user is revoked.
    Everywhere,
    /// There was no usable token (already signed out in Cognito).
    Locally,
    /// Cognito could not be told; the web session ended anyway.
    CognitoFailed(WebError),
}

/// warrant's logout: signs the user out in Cognito (GlobalSignOut), ends every web session of
/// the user (a new session key), and flushes this session.
pub async fn logout(auth: &mut AuthSession) -> Result<SignedOut, WebError> {
    let user = auth.user.clone();
    let outcome = match fresh(auth).await {
        Ok(Some(tokens)) => match auth.backend.account().global_sign_out(&tokens).await {
            Ok(()) => SignedOut::Everywhere,
            Err(e) if e.ends_the_session() => SignedOut::Locally,
            Err(e) => SignedOut::CognitoFailed(e.into()),
        },
        Ok(None) => SignedOut::Locally,
        Err(e) => SignedOut::CognitoFailed(e),
    };
    if let Some(user) = user {
        let id = user.local.id;
        auth.backend
            .db()
            .write(move |tx| local_users::end_sessions(tx, id))
            .await?;
    }
    auth.logout().await?;
    auth.session.flush().await?;
    Ok(outcome)
}

#[derive(Serialize, Deserialize)]
struct StoredChallenge {
    challenge: Challenge,
    username: String,
    session: Option<String>,
}

/// Keeps a challenge for the follow-up page.
pub async fn keep_challenge(session: &Session, pending: &PendingChallenge) -> Result<(), WebError> {
    let stored = StoredChallenge {
        challenge: pending.challenge.clone(),
        username: pending.username.clone(),
        session: pending.session().map(|s| s.expose().to_string()),
    };
    session.insert(CHALLENGE_KEY, stored).await?;
    Ok(())
}

/// The challenge waiting for an answer, if any.
pub async fn pending_challenge(session: &Session) -> Result<Option<PendingChallenge>, WebError> {
    Ok(session
        .get::<StoredChallenge>(CHALLENGE_KEY)
        .await?
        .map(|c| PendingChallenge::new(c.challenge, &c.username, c.session.map(SecretString::new))))
}

/// Forgets the waiting challenge (cancelled, or answered).
pub async fn drop_challenge(session: &Session) -> Result<(), WebError> {
    session.remove_value(CHALLENGE_KEY).await?;
    Ok(())
}
