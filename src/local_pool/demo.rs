//! The demo pool: created from `assets/demo-pool.toml` on the first start of an empty store, so
//! the TUI and the examples have a pool, an app client, groups and users to sign in with.
//!
//! The pool, client and groups go through the same functions as CreateUserPool,
//! CreateUserPoolClient and CreateGroup; users are stored with SRP verifiers, never passwords.

use super::error::{ApiError, ApiResult};
use super::seed::{self, SeedFile};
use super::state::State;

/// The name that means the built-in demo pool where a profile name is asked for (unless a
/// saved profile has it).
pub const DEMO_PROFILE_NAME: &str = "local-demo";
/// The demo pool's fixed id (the SRP pool name is `DemoPool1`).
pub const DEMO_POOL_ID: &str = "us-east-1_DemoPool1";
/// The demo app client's fixed id: public (no secret), SRP, password and refresh flows.
pub const DEMO_CLIENT_ID: &str = "localpooldemoclient0000001";

const DEMO_TOML: &str = include_str!("../../assets/demo-pool.toml");

fn load() -> ApiResult<SeedFile> {
    SeedFile::parse(
        DEMO_TOML,
        "the embedded demo pool file (assets/demo-pool.toml)",
    )
    .map_err(ApiError::internal)
}

/// The demo users and their passwords (for the README, the TUI's hints and tests). Empty if
/// the embedded file were malformed; `seed_if_empty` reports that as an error.
pub fn demo_users() -> Vec<(String, String)> {
    load()
        .map(|f| {
            f.users
                .into_iter()
                .map(|u| (u.username, u.password))
                .collect()
        })
        .unwrap_or_default()
}

fn store_is_empty(conn: &rusqlite::Connection) -> ApiResult<bool> {
    let pools: i64 = conn.query_row("SELECT COUNT(*) FROM pools", [], |r| r.get(0))?;
    Ok(pools == 0)
}

/// Creates the demo pool when the store has no pool at all; a store that has any pool (the demo
/// one from an earlier start, or the user's own) is left alone. True when it seeded.
pub fn seed_if_empty(state: &State) -> Result<bool, ApiError> {
    if !state.db.read(|tx| store_is_empty(tx))? {
        return Ok(false);
    }
    let demo = load()?;
    let verifiers = seed::verifiers(&demo, DEMO_POOL_ID)?;
    let now = state.now();
    state.db.write(|tx| {
        // Another process may have filled the store meanwhile.
        if !store_is_empty(tx)? {
            return Ok(false);
        }
        let fixed = |_: &rusqlite::Connection, _: usize| Ok(DEMO_CLIENT_ID.to_string());
        seed::apply(tx, &demo, DEMO_POOL_ID, &fixed, verifiers, now)?;
        Ok(true)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::local_pool::db::Db;
    use crate::local_pool::{pools, users};

    #[test]
    fn embedded_file_parses_and_passwords_meet_the_policy() {
        let file = load().expect("demo-pool.toml parses");
        assert!(file.users.len() >= 4);
        let policy: crate::local_pool::password_policy::PasswordPolicy =
            serde_json::from_value(file.pool["Policies"]["PasswordPolicy"].clone()).unwrap();
        for user in &file.users {
            assert!(policy.check(&user.password).is_ok(), "{}", user.username);
        }
        assert_eq!(demo_users().len(), file.users.len());
    }

    #[test]
    fn seeds_once_into_an_empty_store() {
        let state = State::new(
            Db::in_memory().unwrap(),
            crate::local_pool::pool_keys::PoolKeys::in_memory(),
        );
        assert!(seed_if_empty(&state).unwrap(), "seeds an empty store");
        assert!(!seed_if_empty(&state).unwrap(), "and only once");
        let (pool, client, users) = state
            .db
            .read(|tx| {
                let pool = pools::get_pool(tx, DEMO_POOL_ID)?;
                let client = pools::get_pool_client(tx, DEMO_POOL_ID, DEMO_CLIENT_ID)?;
                Ok((pool, client, users::count(tx, DEMO_POOL_ID)?))
            })
            .unwrap();
        assert!(!pool.settings.case_sensitive());
        assert!(client.secret.is_none());
        assert_eq!(users as usize, demo_users().len());
    }
}
