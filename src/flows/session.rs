//! A saved session brought back to life, and a session ended.

use time::OffsetDateTime;

use crate::service::ServiceError;
use crate::service::account::{Account, REFRESH_MARGIN};
use crate::service::session::Session;
use crate::store::{SessionStore, StoreError};

/// How sure a resumed session must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Refresh only when the tokens expire within the margin (one-shot commands: no JWKS).
    Expiry,
    /// Also refresh when the pool no longer accepts the tokens' signatures (the TUI: the local
    /// pool's address, hence its issuer, changes between runs).
    Signature,
}

#[derive(Debug, thiserror::Error)]
pub enum ResumeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The saved refresh token no longer works.
    #[error(transparent)]
    Refresh(ServiceError),
}

/// The saved session of `username` in `profile` (None when there is none), refreshed as
/// `check` asks and saved again when it was.
pub async fn resume(
    account: &Account,
    sessions: &SessionStore,
    profile: &str,
    username: &str,
    check: Check,
    now: OffsetDateTime,
) -> Result<Option<Session>, ResumeError> {
    let Some(tokens) = sessions.load(profile, username)? else {
        return Ok(None);
    };
    let mut session = Session::new(tokens);
    let mut refreshed = session
        .check_token(account, now, REFRESH_MARGIN)
        .await
        .map_err(ResumeError::Refresh)?;
    if check == Check::Signature
        && !refreshed
        && account.verify_tokens(session.tokens()).await.is_err()
    {
        let fresh = account
            .refresh(session.tokens(), now)
            .await
            .map_err(ResumeError::Refresh)?;
        session = Session::new(fresh);
        refreshed = true;
    }
    if refreshed {
        sessions.save(profile, username, session.tokens())?;
    }
    Ok(Some(session))
}

/// Where a sign-out reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// This machine: the refresh token is revoked and the saved session deleted.
    ThisDevice,
    /// Every session of the user (GlobalSignOut), then the saved one.
    Everywhere,
}

/// How a sign-out went.
#[derive(Debug)]
pub struct SignedOut {
    /// The server's part: the revocation (or global sign-out).
    pub server: Result<(), ServiceError>,
    /// Deleting the saved session: whether there was one.
    pub removed: Result<bool, StoreError>,
}

impl SignedOut {
    /// What the server's part did, in the words both faces use.
    pub fn server_words(&self, scope: Scope) -> String {
        match (scope, &self.server) {
            (Scope::Everywhere, _) => "every session of this user is signed out".to_string(),
            (Scope::ThisDevice, Ok(())) => "its refresh token is revoked".to_string(),
            (Scope::ThisDevice, Err(e)) => format!("its refresh token could not be revoked ({e})"),
        }
    }
}

/// Ends `session` of `username`. A failed revocation does not keep the user signed in on this
/// machine; a failed global sign-out changes nothing and is the error.
pub async fn sign_out(
    account: &Account,
    sessions: &SessionStore,
    profile: &str,
    username: &str,
    session: Session,
    scope: Scope,
) -> Result<SignedOut, ServiceError> {
    let server = match scope {
        Scope::Everywhere => {
            account.global_sign_out(session.tokens()).await?;
            Ok(())
        }
        Scope::ThisDevice => account.revoke_refresh_token(session.tokens()).await,
    };
    let removed = sessions.remove(profile, username);
    session.sign_out_locally();
    Ok(SignedOut { server, removed })
}
