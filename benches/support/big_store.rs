//! A local-pool data dir with the demo pool and 100,000 users: the store the 100k benchmarks of
//! `local_pool.rs` and `operator.rs` run on.
#![allow(dead_code)]

use std::collections::BTreeMap;

use cognito_tui::local_pool::users::{self, User, UserStatus};
use cognito_tui::local_pool::{demo, pools, srp_server};

pub const USERS: usize = 100_000;

/// A data dir holding the demo pool plus 100k users with a handful of attributes each.
pub fn big_store() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let state = cognito_tui::local_pool::open_state(dir.path(), true).expect("state");
    let pool = state
        .db
        .read(|tx| pools::get_pool(tx, demo::DEMO_POOL_ID))
        .expect("demo pool");
    // One verifier for all: these users are listed, never signed in.
    let verifier =
        srp_server::new_verifier(pool.srp_name(), "bench", "Bench-Passw0rd!").expect("verifier");
    state
        .db
        .write(|tx| {
            for i in 0..USERS {
                let username = format!("user{i:06}");
                let attributes = BTreeMap::from([
                    ("email".to_string(), format!("{username}@example.com")),
                    ("email_verified".to_string(), "true".to_string()),
                    ("given_name".to_string(), format!("Given{}", i % 1000)),
                    ("family_name".to_string(), format!("Family{}", i % 997)),
                ]);
                let status = if i % 10 == 0 {
                    UserStatus::Unconfirmed
                } else {
                    UserStatus::Confirmed
                };
                let created = 1_700_000_000 + i as i64;
                let user = User::new(
                    &pool,
                    username,
                    users::new_sub(),
                    status,
                    verifier.clone(),
                    attributes,
                    created,
                );
                users::insert(tx, &user)?;
            }
            Ok(())
        })
        .expect("seed 100k users");
    dir
}
