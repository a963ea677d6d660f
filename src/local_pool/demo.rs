//! The demo pool: created from `assets/demo-pool.toml` on the first start of an empty store, so
//! the TUI and the examples have a pool, an app client, groups and users to sign in with.
//!
//! The pool, client and groups go through the same functions as CreateUserPool,
//! CreateUserPoolClient and CreateGroup; users are stored with SRP verifiers, never passwords.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Value, json};

use super::attributes::{self, AttributeInput, Writer};
use super::error::{ApiError, ApiResult};
use super::ops::{groups, pool_admin};
use super::pools::Pool;
use super::srp_server::{self, StoredVerifier};
use super::state::State;
use super::users::{self, User, UserStatus};

/// The demo pool's fixed id (the SRP pool name is `DemoPool1`).
pub const DEMO_POOL_ID: &str = "us-east-1_DemoPool1";
/// The demo app client's fixed id: public (no secret), SRP, password and refresh flows.
pub const DEMO_CLIENT_ID: &str = "localpooldemoclient0000001";

const DEMO_TOML: &str = include_str!("../../assets/demo-pool.toml");

#[derive(Deserialize)]
struct DemoFile {
    pool: Value,
    client: Value,
    #[serde(default)]
    groups: Vec<Value>,
    #[serde(default)]
    users: Vec<DemoUser>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DemoUser {
    username: String,
    /// Demo data published in the file; only its verifier is stored.
    password: String,
    #[serde(default)]
    groups: Vec<String>,
    #[serde(default)]
    attributes: BTreeMap<String, String>,
}

fn load() -> ApiResult<DemoFile> {
    toml::from_str(DEMO_TOML).map_err(|e| {
        ApiError::internal(format!(
            "the embedded demo pool file (assets/demo-pool.toml) is malformed: {e}"
        ))
    })
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
/// one from an earlier start, or the user's own) is left alone.
pub fn seed_if_empty(state: &State) -> Result<(), ApiError> {
    if !state.db.read(|tx| store_is_empty(tx))? {
        return Ok(());
    }
    let demo = load()?;
    let pool_name = DEMO_POOL_ID
        .split_once('_')
        .map_or(DEMO_POOL_ID, |(_, n)| n);
    // The verifiers (the slow part) are computed before taking the store's lock.
    let verifiers = demo
        .users
        .iter()
        .map(|u| {
            srp_server::new_verifier(pool_name, &u.username, &u.password)
                .map_err(|e| ApiError::internal(format!("demo user {}: {e}", u.username)))
        })
        .collect::<ApiResult<Vec<_>>>()?;
    let now = state.now();
    state.db.write(|tx| {
        // Another process may have filled the store meanwhile.
        if !store_is_empty(tx)? {
            return Ok(());
        }
        let pool = pool_admin::create_pool(tx, DEMO_POOL_ID, &demo.pool, now)?;
        pool_admin::create_client(tx, DEMO_CLIENT_ID, &with_pool_id(&demo.client)?, now)?;
        for group in &demo.groups {
            groups::create_group(tx, &with_pool_id(group)?, now)?;
        }
        for (user, verifier) in demo.users.iter().zip(verifiers) {
            seed_user(tx, &pool, user, verifier, now)?;
        }
        Ok(())
    })
}

fn with_pool_id(request: &Value) -> ApiResult<Value> {
    let mut request = request.clone();
    let obj = request
        .as_object_mut()
        .ok_or_else(|| ApiError::internal("demo pool file: a section is not a table"))?;
    obj.insert("UserPoolId".into(), json!(DEMO_POOL_ID));
    Ok(request)
}

fn seed_user(
    conn: &rusqlite::Connection,
    pool: &Pool,
    demo: &DemoUser,
    verifier: StoredVerifier,
    now: i64,
) -> ApiResult<()> {
    let context = |e: ApiError| ApiError::internal(format!("demo user {}: {e}", demo.username));
    pool.settings
        .policies
        .password_policy
        .check(&demo.password)
        .map_err(|e| context(ApiError::invalid_password(e)))?;
    let input = demo
        .attributes
        .iter()
        .map(|(name, value)| AttributeInput {
            name: name.clone(),
            value: Some(value.clone()),
        })
        .collect();
    let given = attributes::validate(pool, Writer::Admin, input, true).map_err(context)?;
    attributes::check_required(pool, &given).map_err(context)?;
    let username_key = pool.username_key(&demo.username);
    attributes::check_alias_free(conn, pool, &username_key, &given).map_err(context)?;
    let sub = users::new_sub();
    let mut attrs: BTreeMap<String, String> = given.into_iter().collect();
    if attrs.contains_key("email") {
        attrs.insert("email_verified".into(), "true".into());
    }
    let user = User::new(
        pool,
        demo.username.clone(),
        sub,
        UserStatus::Confirmed,
        verifier,
        attrs,
        now,
    );
    if users::get_by_key(conn, &pool.id, &user.username_key)?.is_some() {
        return Err(context(ApiError::username_exists("User already exists")));
    }
    users::insert(conn, &user)?;
    for name in &demo.groups {
        let group = groups::require_group(conn, &pool.id, name).map_err(context)?;
        groups::add_member(conn, &group, &user)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::local_pool::db::Db;
    use crate::local_pool::keys::SigningKey;
    use crate::local_pool::pools;

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
        let dir = tempfile::tempdir().unwrap();
        let state = State::new(
            Db::in_memory().unwrap(),
            SigningKey::load_or_create(dir.path()).unwrap(),
        );
        seed_if_empty(&state).unwrap();
        seed_if_empty(&state).unwrap();
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
