//! Runs `Task`s off the UI task: network and disk happen here, and each result goes back as a
//! `Msg`. Sessions are saved and removed here too.

mod tools;

use std::sync::Arc;

use time::OffsetDateTime;
use tokio::sync::mpsc::UnboundedSender;

mod account;

use super::msg::{Conn, Connected, HomeData, Job, Msg, PoolHandle, Reply, SignInResult, Task};
use crate::flows::{self, session::Check, session::Scope};
use crate::local_pool::{LocalPool, LocalPoolConfig};
use crate::service::ServiceError;
use crate::service::account::Account;
use crate::service::auth::SignInStep;
use crate::service::session::Session;
use crate::store::{SessionStore, StorePaths};

mod challenge;
mod polish;

/// Where the worker reads and writes.
#[derive(Debug, Clone)]
pub struct Worker {
    paths: StorePaths,
}

impl Worker {
    pub fn new(paths: StorePaths) -> Self {
        Self { paths }
    }

    /// Spawns `job`; its `Reply` arrives on `tx`, unless the job is cancelled first (then
    /// its work stops at the next await and nothing is sent).
    pub fn spawn(&self, job: Job, tx: UnboundedSender<Reply>) {
        let worker = self.clone();
        tokio::spawn(async move {
            let Job {
                ticket,
                task,
                cancel,
            } = job;
            tokio::select! {
                biased;
                () = cancel.cancelled() => {}
                msg = worker.perform(task) => {
                    let _ = tx.send(Reply { ticket, msg });
                }
            }
        });
    }

    fn sessions(&self) -> SessionStore {
        SessionStore::new(&self.paths)
    }

    /// Does the work of `task` and says how it went.
    pub async fn perform(&self, task: Task) -> Msg {
        match task {
            Task::StartLocalPool => {
                let dir = self.paths.data_dir.join("local-pool");
                let started = LocalPool::start(LocalPoolConfig::ephemeral(dir)).await;
                Msg::LocalPoolStarted(started.map(PoolHandle).map_err(|e| e.to_string()))
            }
            Task::Connect {
                settings,
                credentials,
                profile,
                label,
            } => Msg::Connected(
                self.connect(settings, credentials, profile, label)
                    .await
                    .map(Box::new),
            ),
            Task::SignIn {
                conn,
                username,
                password,
            } => Msg::SignIn(self.sign_in(&conn, &username, &password).await),
            Task::Register { conn, request } => {
                let username = request.username.clone();
                let result = conn.account.register(request).await;
                Msg::Registered { username, result }
            }
            Task::Confirm {
                conn,
                username,
                code,
            } => {
                let result = conn.account.confirm_sign_up(&username, &code).await;
                Msg::Confirmed { username, result }
            }
            Task::Resend { conn, username } => {
                Msg::Resent(conn.account.resend_confirmation_code(&username).await)
            }
            Task::Forgot { conn, username } => {
                Msg::ForgotSent(conn.account.forgot_password(&username).await)
            }
            Task::ResetPassword {
                conn,
                username,
                code,
                password,
            } => {
                let result = conn
                    .account
                    .confirm_forgot_password(&username, &code, &password)
                    .await;
                Msg::PasswordReset { username, result }
            }
            Task::Refresh {
                conn,
                username,
                session,
            } => Msg::Refreshed(self.refresh(&conn, &username, &session).await),
            Task::SignOut {
                conn,
                username,
                session,
            } => Msg::SignedOut(self.sign_out(&conn, &username, *session).await),
            Task::PasswordPolicy { conn } => Msg::PasswordPolicy {
                policy: Self::password_policy(&conn).await,
                profile: conn.profile,
            },
            Task::Account { conn, task } => self.account(conn, task).await,
            Task::Challenge { conn, task } => self.challenge(conn, task).await,
            task @ (Task::VerifyTokens { .. }
            | Task::ReadOutbox { .. }
            | Task::SaveProfile { .. }
            | Task::DeleteProfile { .. }) => self.tools(task).await,
        }
    }

    async fn connect(
        &self,
        settings: crate::service::Settings,
        credentials: crate::service::admin::OperatorCredentials,
        profile: String,
        label: String,
    ) -> Result<Connected, String> {
        let operator = crate::service::admin::Operator::new(settings.clone(), credentials);
        let account = Account::new(settings).await.map_err(|e| e.to_string())?;
        let conn = Conn {
            account: Arc::new(account),
            operator: Arc::new(operator),
            profile,
            label,
        };
        polish::prepare_srp(&conn);
        let sessions = self.sessions();
        let last_username = sessions
            .last_username(&conn.profile)
            .map_err(|e| e.to_string())?;
        let prefill = last_username
            .clone()
            .or_else(|| self.remembered_username(&conn.profile));
        let mut connected = Connected {
            conn,
            last_username: prefill,
            resumed: None,
            notice: None,
        };
        let Some(username) = last_username else {
            return Ok(connected);
        };
        match self.resume(&connected.conn, &username).await {
            Ok(home) => connected.resumed = home,
            Err(e) => {
                connected.notice = Some(format!(
                    "The saved session of {username} could not be resumed: {e}"
                ))
            }
        }
        Ok(connected)
    }

    /// The saved session of `username`, refreshed when near expiry or when the pool no longer
    /// accepts its tokens (the local pool's address changes between runs), and saved again.
    async fn resume(&self, conn: &Conn, username: &str) -> Result<Option<HomeData>, String> {
        let session = flows::session::resume(
            &conn.account,
            &self.sessions(),
            &conn.profile,
            username,
            Check::Signature,
            OffsetDateTime::now_utc(),
        )
        .await
        .map_err(|e| e.to_string())?;
        let Some(session) = session else {
            return Ok(None);
        };
        home_data(&conn.account, username, session)
            .await
            .map(Some)
            .map_err(|e| e.to_string())
    }

    async fn sign_in(
        &self,
        conn: &Conn,
        username: &str,
        password: &crate::secret::SecretString,
    ) -> Result<SignInResult, ServiceError> {
        let step = conn.account.sign_in(username, password).await;
        polish::prepare_srp(conn);
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
    async fn signed_in(
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

    async fn refresh(
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

    async fn sign_out(&self, conn: &Conn, username: &str, session: Session) -> String {
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
        let revoked = match out.server {
            Ok(()) => "its refresh token is revoked".to_string(),
            Err(e) => format!("its refresh token could not be revoked ({e})"),
        };
        let removed = match out.removed {
            Ok(_) => "the saved session is deleted".to_string(),
            Err(e) => format!("the saved session could not be deleted ({e})"),
        };
        format!("Signed out {username}: {removed} and {revoked}.")
    }
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
