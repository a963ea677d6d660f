//! What the pool keeps: the SQLite store and its schema, pools and app clients, users, one-time
//! codes, the outbox, and the sign-ins in progress (in memory).

pub mod codes;
pub mod db;
pub mod outbox;
pub mod pool_extras;
pub mod pools;
pub mod sessions;
pub mod users;
