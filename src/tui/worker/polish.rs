//! Sign-in polish on the worker side: the SRP ephemeral prepared ahead of the next sign-in,
//! the remembered username, and the pool's password policy.

use super::Worker;
use crate::secret::SecretString;
use crate::service::Settings;
use crate::service::admin::{Operator, OperatorCredentials, PasswordPolicy};
use crate::store::{LastUsernames, ProfileStore};
use crate::tui::msg::{Conn, LOCAL_DEMO_PROFILE, Msg, Task};

impl Worker {
    /// Work that follows `msg` in the background: once a pool is open, read its password
    /// policy (the in-process pool takes any signature; a saved profile uses its AWS profile).
    pub(super) fn follow_up(&self, msg: &Msg) -> Option<Task> {
        let Msg::Connected(Ok(connected)) = msg else {
            return None;
        };
        let conn = &connected.conn;
        let credentials = if conn.profile == LOCAL_DEMO_PROFILE {
            OperatorCredentials::Static {
                access_key_id: "local".into(),
                secret_access_key: SecretString::new("local"),
                session_token: None,
            }
        } else {
            let aws_profile = ProfileStore::new(&self.paths)
                .get(&conn.profile)
                .ok()
                .and_then(|profile| profile.aws_profile);
            OperatorCredentials::Chain { aws_profile }
        };
        Some(Task::PasswordPolicy {
            settings: conn.account.settings().clone(),
            credentials,
            profile: conn.profile.clone(),
        })
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

    /// The pool's password policy through the operator API; `None` on any failure.
    pub(super) async fn password_policy(
        settings: Settings,
        credentials: OperatorCredentials,
    ) -> Option<PasswordPolicy> {
        match Operator::new(settings, credentials).describe_pool().await {
            Ok(pool) => pool.password_policy,
            Err(e) => {
                tracing::info!(error = %e, "the pool's password policy is unknown");
                None
            }
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
