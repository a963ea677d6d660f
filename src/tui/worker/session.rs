//! Signing in, refreshing and signing out on the worker side, with the sign-in polish: the SRP
//! ephemeral prepared ahead of the next sign-in and the username remembered across sign-outs.

use time::OffsetDateTime;

use super::Worker;
use crate::flows::{self, session::Scope};
use crate::service::ServiceError;
use crate::service::account::Account;
use crate::service::auth::SignInStep;
use crate::service::session::Session;
use crate::store::LastUsernames;
use crate::tui::msg::{Conn, HomeData, SignInResult};

impl Worker {
    pub(super) async fn sign_in(
        &self,
        conn: &Conn,
        username: &str,
        password: &crate::secret::SecretString,
    ) -> Result<SignInResult, ServiceError> {
        let step = conn.account.sign_in(username, password).await;
        prepare_srp(conn);
        if step.is_ok() {
            self.remember_username(&conn.profile, username);
        }
        match step? {
            SignInStep::SignedIn(tokens) => self.signed_in(conn, username, tokens).await,
            SignInStep::Challenge(pending) => Ok(SignInResult::Challenge(Box::new(pending))),
        }
    }

    /// Saves the session and reads the home screen's data: after the password, or after the
    /// last challenge.
    pub(super) async fn signed_in(
        &self,
        conn: &Conn,
        username: &str,
        tokens: crate::service::tokens::Tokens,
    ) -> Result<SignInResult, ServiceError> {
        let notice = self
            .sessions()
            .save(&conn.profile, username, &tokens)
            .err()
            .map(|e| format!("Signed in, but the session was not saved: {e}"));
        let home = home_data(&conn.account, username, Session::new(tokens)).await?;
        Ok(SignInResult::Home(Box::new(home), notice))
    }

    pub(super) async fn refresh(
        &self,
        conn: &Conn,
        username: &str,
        session: &Session,
    ) -> Result<(Session, Option<String>), ServiceError> {
        let fresh = conn
            .account
            .refresh(session.tokens(), OffsetDateTime::now_utc())
            .await?;
        let notice = self
            .sessions()
            .save(&conn.profile, username, &fresh)
            .err()
            .map(|e| format!("Refreshed, but the session was not saved: {e}"));
        Ok((Session::new(fresh), notice))
    }

    pub(super) async fn sign_out(&self, conn: &Conn, username: &str, session: Session) -> String {
        let out = flows::session::sign_out(
            &conn.account,
            &self.sessions(),
            &conn.profile,
            username,
            session,
            Scope::ThisDevice,
        )
        .await;
        // This-device sign-out fails only in parts (a failed revocation is in `out.server`).
        let out = match out {
            Ok(out) => out,
            Err(e) => return format!("{username} is still signed in: {e}"),
        };
        let revoked = out.server_words(Scope::ThisDevice);
        let removed = match out.removed {
            Ok(_) => "the saved session is deleted".to_string(),
            Err(e) => format!("the saved session could not be deleted ({e})"),
        };
        format!("Signed out {username}: {removed} and {revoked}.")
    }

    /// The username last signed in with on `profile`; a damaged file only costs the pre-fill.
    pub(super) fn remembered_username(&self, profile: &str) -> Option<String> {
        LastUsernames::new(&self.paths)
            .get(profile)
            .inspect_err(|e| tracing::warn!(error = %e, "last username not read"))
            .ok()
            .flatten()
    }

    /// Remembers `username` for `profile`, surviving sign-out.
    pub(super) fn remember_username(&self, profile: &str, username: &str) {
        if let Err(e) = LastUsernames::new(&self.paths).set(profile, username) {
            tracing::warn!(error = %e, "last username not saved");
        }
    }
}

/// Computes the next sign-in's SRP ephemeral off the UI task, so Enter only does the rest.
pub(super) fn prepare_srp(conn: &Conn) {
    let account = conn.account.clone();
    tokio::task::spawn_blocking(move || {
        if let Err(e) = account.authenticator().prepare_srp() {
            tracing::warn!(error = %e, "SRP ephemeral not prepared");
        }
    });
}

/// Verifies the tokens and reads the user's profile for the home screen.
pub async fn home_data(
    account: &Account,
    username: &str,
    session: Session,
) -> Result<HomeData, ServiceError> {
    let claims = account.verify_tokens(session.tokens()).await?;
    let user = account.get_user(session.tokens()).await?;
    Ok(HomeData {
        username: username.to_string(),
        sub: user.sub.clone(),
        email: user.attribute("email").map(str::to_string),
        email_verified: user.email_verified,
        phone: user.attribute("phone_number").map(str::to_string),
        phone_verified: user.phone_verified,
        groups: claims.groups,
        expires_at: session.tokens().expires_at,
        session,
    })
}
