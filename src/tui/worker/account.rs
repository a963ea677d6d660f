//! The account screens' work: profile reads and writes, password, verification, global
//! sign-out and deletion. Saved sessions are removed here when the sign-in ends.

use super::{Worker, home_data};
use crate::service::ServiceError;
use crate::service::account::{Account, REFRESH_MARGIN};
use crate::service::session::Session;
use crate::tui::msg::account::{AccountMsg, AccountTask, Saved};
use crate::tui::msg::{Conn, Msg};

impl Worker {
    /// Does one `AccountTask` against the open pool.
    pub(super) async fn account(&self, conn: Conn, task: AccountTask) -> Msg {
        let account = &conn.account;
        // Every arm calls with fresh tokens, so a screen left open past the access token's
        // expiry still works (the screen's copy keeps the refresh token, which stays valid).
        let msg = match task.with_fresh_tokens(account).await {
            AccountTask::ReloadHome { username, session } => AccountMsg::HomeReloaded(
                home_data(account, &username, *session).await.map(Box::new),
            ),
            AccountTask::LoadAttributes { session } => {
                AccountMsg::AttributesLoaded(account.get_user(session.tokens()).await.map(Box::new))
            }
            AccountTask::SaveAttributes {
                session,
                update,
                delete,
            } => AccountMsg::AttributesSaved(
                save(account, &session, update, delete).await.map(Box::new),
            ),
            AccountTask::ChangePassword {
                session,
                current,
                new,
            } => AccountMsg::PasswordChanged(
                account
                    .change_password(session.tokens(), &current, &new)
                    .await,
            ),
            AccountTask::SendCode { session, attribute } => AccountMsg::CodeSent(
                account
                    .send_verification_code(session.tokens(), &attribute)
                    .await,
            ),
            AccountTask::VerifyAttribute {
                session,
                attribute,
                code,
            } => {
                let result = account
                    .verify_attribute(session.tokens(), &attribute, code.expose())
                    .await;
                AccountMsg::Verified { attribute, result }
            }
            AccountTask::GlobalSignOut { username, session } => AccountMsg::SignedOutEverywhere(
                self.sign_out_everywhere(&conn, &username, *session).await,
            ),
            AccountTask::DeleteAccount { username, session } => {
                AccountMsg::Deleted(self.delete_account(&conn, &username, *session).await)
            }
        };
        Msg::Account(msg)
    }

    /// Revokes every token of the user; only then is the saved session forgotten.
    async fn sign_out_everywhere(
        &self,
        conn: &Conn,
        username: &str,
        session: Session,
    ) -> Result<String, ServiceError> {
        conn.account.global_sign_out(session.tokens()).await?;
        let removed = self.forget(conn, username);
        session.sign_out_locally();
        Ok(format!(
            "Signed out {username} on every device: all its tokens are revoked and {removed}."
        ))
    }

    async fn delete_account(
        &self,
        conn: &Conn,
        username: &str,
        session: Session,
    ) -> Result<String, ServiceError> {
        conn.account.delete_account(session.tokens()).await?;
        let removed = self.forget(conn, username);
        session.sign_out_locally();
        Ok(format!("The account {username} is deleted and {removed}."))
    }

    /// Removes the saved session, saying how that went.
    fn forget(&self, conn: &Conn, username: &str) -> String {
        match self.sessions().remove(&conn.profile, username) {
            Ok(_) => "the saved session is deleted".to_string(),
            Err(e) => format!("the saved session could not be deleted ({e})"),
        }
    }
}

/// Writes the changed attributes, deletes the removed ones, and reads the user back.
async fn save(
    account: &Account,
    session: &Session,
    update: Vec<(String, String)>,
    delete: Vec<String>,
) -> Result<Saved, ServiceError> {
    let tokens = session.tokens();
    let mut deliveries = Vec::new();
    if !update.is_empty() {
        deliveries = account.update_attributes(tokens, update).await?;
    }
    if !delete.is_empty() {
        account.delete_attributes(tokens, delete).await?;
    }
    let user = account.get_user(tokens).await?;
    Ok(Saved { deliveries, user })
}

impl AccountTask {
    /// The task with its session refreshed when the access token is about to expire; on a
    /// failed refresh the call goes ahead and reports the pool's own words.
    async fn with_fresh_tokens(mut self, account: &Account) -> Self {
        let session = match &mut self {
            AccountTask::ReloadHome { session, .. }
            | AccountTask::LoadAttributes { session }
            | AccountTask::SaveAttributes { session, .. }
            | AccountTask::ChangePassword { session, .. }
            | AccountTask::SendCode { session, .. }
            | AccountTask::VerifyAttribute { session, .. }
            | AccountTask::GlobalSignOut { session, .. }
            | AccountTask::DeleteAccount { session, .. } => session,
        };
        let now = time::OffsetDateTime::now_utc();
        if let Err(e) = session.check_token(account, now, REFRESH_MARGIN).await {
            tracing::warn!(error = %e, "the session could not be refreshed before an account call");
        }
        self
    }
}
