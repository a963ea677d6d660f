//! What the pool keeps: the SQLite store and its schema, pools and app clients, users, one-time
//! codes, the outbox, and in memory the sign-ins in progress and wrong passwords for missing names.

pub mod codes;
pub mod db;
pub mod decoy_lockouts;
pub mod outbox;
pub mod pool_extras;
pub mod pools;
pub mod sessions;
pub mod users;
