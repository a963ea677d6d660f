//! The tokens of a signed-in session, as the rest of the app sees them.

use std::fmt;

use time::{Duration, OffsetDateTime};

use crate::secret::SecretString;

/// Tokens from a sign-in or refresh. `Debug` shows only the expiry.
#[derive(Clone, PartialEq, Eq)]
pub struct Tokens {
    pub id_token: SecretString,
    pub access_token: SecretString,
    /// Absent only when a server sends none; a refresh keeps the previous one.
    pub refresh_token: Option<SecretString>,
    /// When the access and id tokens expire (issue time plus `ExpiresIn`).
    pub expires_at: OffsetDateTime,
    /// The pool's internal username (`cognito:username`): SECRET_HASH and refresh use it.
    pub username: String,
    /// Set when the pool asked this device to be remembered.
    pub device: Option<Device>,
}

/// A device the pool issued at sign-in (NewDeviceMetadata).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub key: String,
    pub group_key: String,
}

impl Tokens {
    /// True when the access token has expired or will within `margin`.
    pub fn expires_within(&self, now: OffsetDateTime, margin: Duration) -> bool {
        self.expires_at - margin <= now
    }
}

impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tokens")
            .field("username", &self.username)
            .field("expires_at", &self.expires_at)
            .field("refresh_token", &self.refresh_token.as_ref().map(|_| "***"))
            .field("device", &self.device)
            .finish_non_exhaustive()
    }
}
