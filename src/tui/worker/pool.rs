//! Opening a pool on the worker side: the account and operator services (no I/O), the saved
//! session resumed, and the pool's password policy (asked for by the app once a pool is open).

use std::sync::Arc;

use time::OffsetDateTime;

use super::{Worker, home_data, session::prepare_srp};
use crate::flows::{self, session::Check};
use crate::service::account::Account;
use crate::service::admin::PasswordPolicy;
use crate::tui::msg::{Conn, Connected, HomeData};

impl Worker {
    pub(super) async fn connect(
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
        prepare_srp(&conn);
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

    /// The pool's password policy through the operator API; `None` on any failure.
    pub(super) async fn password_policy(conn: &Conn) -> Option<PasswordPolicy> {
        match conn.operator.describe_pool().await {
            Ok(pool) => pool.password_policy,
            Err(e) => {
                tracing::info!(error = %e, "the pool's password policy is unknown");
                None
            }
        }
    }
}
