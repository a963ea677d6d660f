//! A signed-in session: its tokens, kept fresh before each call that sends them.

use std::fmt;

use time::{Duration, OffsetDateTime};

use super::ServiceError;
use super::account::Account;
use super::tokens::Tokens;

/// The tokens of one signed-in user. `Debug` shows only what `Tokens` shows (no secrets).
#[derive(Clone)]
pub struct Session {
    tokens: Tokens,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("tokens", &self.tokens)
            .finish()
    }
}

impl Session {
    pub fn new(tokens: Tokens) -> Self {
        Self { tokens }
    }

    pub fn tokens(&self) -> &Tokens {
        &self.tokens
    }

    /// The internal username the tokens belong to.
    pub fn username(&self) -> &str {
        &self.tokens.username
    }

    pub fn into_tokens(self) -> Tokens {
        self.tokens
    }

    /// Refreshes when the access token expires within `margin` of `now`; true when it did. The
    /// refresh token is kept when the pool sends none back.
    pub async fn check_token(
        &mut self,
        account: &Account,
        now: OffsetDateTime,
        margin: Duration,
    ) -> Result<bool, ServiceError> {
        if !self.tokens.expires_within(now, margin) {
            return Ok(false);
        }
        self.tokens = account.refresh(&self.tokens, now).await?;
        Ok(true)
    }

    /// Signing out on this machine only: the session is consumed and its secrets wiped on drop.
    /// The tokens stay valid on the server until they expire (see `Account::global_sign_out`).
    pub fn sign_out_locally(self) {
        drop(self);
    }
}
