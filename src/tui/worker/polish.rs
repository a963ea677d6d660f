//! Sign-in polish on the worker side: the SRP ephemeral prepared ahead of the next sign-in,
//! the remembered username, and the pool's password policy (asked for by the app once a pool
//! is open).

use super::Worker;
use crate::service::admin::PasswordPolicy;
use crate::store::LastUsernames;
use crate::tui::msg::Conn;

impl Worker {
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

/// Computes the next sign-in's SRP ephemeral off the UI task, so Enter only does the rest.
pub(super) fn prepare_srp(conn: &Conn) {
    let account = conn.account.clone();
    tokio::task::spawn_blocking(move || {
        if let Err(e) = account.authenticator().prepare_srp() {
            tracing::warn!(error = %e, "SRP ephemeral not prepared");
        }
    });
}
