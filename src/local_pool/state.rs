//! What every request handler shares.

use super::clock::Clock;
use super::db::Db;
use super::key_slot::KeySlot;
use super::sessions::Sessions;
use super::storage::decoy_lockouts::DecoyLockouts;

pub struct State {
    pub db: Db,
    pub key: KeySlot,
    pub clock: Clock,
    pub sessions: Sessions,
    pub decoy_lockouts: DecoyLockouts,
}

impl State {
    pub fn new(db: Db, key: KeySlot) -> Self {
        Self {
            db,
            key,
            clock: Clock::default(),
            sessions: Sessions::default(),
            decoy_lockouts: DecoyLockouts::default(),
        }
    }

    /// The signing key, waiting for it on the first start (see `KeySlot`).
    pub fn signing_key(&self) -> Result<&super::keys::SigningKey, super::error::ApiError> {
        self.key
            .get()
            .map_err(|e| super::error::ApiError::internal(format!("the signing key: {e}")))
    }

    /// Unix seconds on the pool's clock.
    pub fn now(&self) -> i64 {
        self.clock.unix()
    }
}
