//! What every request handler shares.

use super::clock::Clock;
use super::db::Db;
use std::sync::Arc;

use super::keys::SigningKey;
use super::pool_keys::PoolKeys;
use super::sessions::Sessions;
use super::storage::decoy_lockouts::DecoyLockouts;

pub struct State {
    pub db: Db,
    pub keys: Arc<PoolKeys>,
    pub clock: Clock,
    pub sessions: Sessions,
    pub decoy_lockouts: DecoyLockouts,
}

impl State {
    pub fn new(db: Db, keys: PoolKeys) -> Self {
        Self {
            db,
            keys: Arc::new(keys),
            clock: Clock::default(),
            sessions: Sessions::default(),
            decoy_lockouts: DecoyLockouts::default(),
        }
    }

    /// `pool_id`'s signing key (made on its first use; see `PoolKeys`).
    pub fn signing_key(&self, pool_id: &str) -> Result<Arc<SigningKey>, super::error::ApiError> {
        self.keys
            .get(pool_id)
            .map_err(|e| super::error::ApiError::internal(format!("the signing key: {e}")))
    }

    /// Unix seconds on the pool's clock.
    pub fn now(&self) -> i64 {
        self.clock.unix()
    }
}
