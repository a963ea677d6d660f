//! Sign-ins in progress: what InitiateAuth started and RespondToAuthChallenge continues. Held
//! in memory only (Cognito's sessions last 3 minutes; a restart simply ends them). Each entry is
//! taken out when used, so a SECRET_BLOCK or Session works once.

use std::collections::HashMap;
use std::sync::Mutex;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rand::TryRng as _;

use crate::local_pool::error::{ApiError, ApiResult};
use crate::local_pool::srp_server::ServerSession;
use crate::secret::SecretString;

/// How long a challenge can be answered.
pub const SESSION_SECONDS: i64 = 180;
/// Bound on sign-ins in progress, so a flood of InitiateAuth cannot exhaust memory.
const MAX_PENDING: usize = 100_000;

/// A step of a sign-in waiting for its answer.
pub enum Pending {
    /// After InitiateAuth(USER_SRP_AUTH), keyed by the SECRET_BLOCK handed out.
    PasswordVerifier {
        pool_id: String,
        client_id: String,
        username_key: String,
        srp: Box<ServerSession>,
        /// A stand-in challenge for an unknown user (PreventUserExistenceErrors): every answer
        /// fails as a wrong password would.
        decoy: bool,
    },
    /// A challenge after the password (new password, MFA), keyed by the Session handed out.
    Challenge(ChallengeState),
}

/// A challenge after the password, bound to its pool, app client and user.
#[derive(Debug, Clone)]
pub struct ChallengeState {
    pub pool_id: String,
    pub client_id: String,
    pub username_key: String,
    /// ChallengeName, e.g. `SOFTWARE_TOKEN_MFA`.
    pub name: String,
    /// A TOTP secret associated during MFA_SETUP, waiting for its first code.
    pub totp_secret: Option<SecretString>,
    /// MFA_SETUP: VerifySoftwareToken accepted a first code under this session.
    pub setup_verified: bool,
    /// Wrong answers so far; the session is dropped after a few.
    pub failures: u8,
}

impl Pending {
    pub fn pool_id(&self) -> &str {
        match self {
            Self::PasswordVerifier { pool_id, .. } => pool_id,
            Self::Challenge(state) => &state.pool_id,
        }
    }
}

#[derive(Default)]
pub struct Sessions {
    entries: Mutex<HashMap<String, (i64, Pending)>>,
}

/// `bytes` random bytes from the OS, base64.
pub fn random_token(bytes: usize) -> ApiResult<String> {
    let mut buf = vec![0u8; bytes];
    rand::rngs::SysRng
        .try_fill_bytes(&mut buf)
        .map_err(|e| ApiError::internal(format!("the random source failed: {e}")))?;
    Ok(STANDARD.encode(buf))
}

impl Sessions {
    /// Stores `pending` under `key` until `now + SESSION_SECONDS`.
    pub fn put(&self, key: String, pending: Pending, now: i64) -> ApiResult<()> {
        self.put_until(key, pending, now, now + SESSION_SECONDS)
    }

    /// Stores `pending` under `key` until `expires` (putting a taken entry back keeps its end).
    pub fn put_until(
        &self,
        key: String,
        pending: Pending,
        now: i64,
        expires: i64,
    ) -> ApiResult<()> {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= MAX_PENDING {
            entries.retain(|_, (expires, _)| *expires > now);
            if entries.len() >= MAX_PENDING {
                return Err(ApiError::too_many_requests(
                    "Too many sign-ins in progress; try again shortly.",
                ));
            }
        }
        entries.insert(key, (expires, pending));
        Ok(())
    }

    /// Takes the entry out (single use); `None` if unknown or expired.
    pub fn take(&self, key: &str, now: i64) -> Option<Pending> {
        self.take_entry(key, now).map(|(_, pending)| pending)
    }

    /// Takes the entry out with its expiry; `None` if unknown or expired.
    pub fn take_entry(&self, key: &str, now: i64) -> Option<(i64, Pending)> {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        match entries.remove(key) {
            Some((expires, pending)) if expires > now => Some((expires, pending)),
            _ => None,
        }
    }

    /// Stores a new challenge session under a fresh random key and returns the key.
    pub fn start(&self, pending: Pending, now: i64) -> ApiResult<String> {
        let key = random_token(48)?;
        self.put(key.clone(), pending, now)?;
        Ok(key)
    }
}
