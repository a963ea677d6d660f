//! What every request handler shares.

use super::clock::Clock;
use super::db::Db;
use super::keys::SigningKey;
use super::sessions::Sessions;

pub struct State {
    pub db: Db,
    pub key: SigningKey,
    pub clock: Clock,
    pub sessions: Sessions,
}

impl State {
    pub fn new(db: Db, key: SigningKey) -> Self {
        Self {
            db,
            key,
            clock: Clock::default(),
            sessions: Sessions::default(),
        }
    }

    /// Unix seconds on the pool's clock.
    pub fn now(&self) -> i64 {
        self.clock.unix()
    }
}
