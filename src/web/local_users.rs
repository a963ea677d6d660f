//! The site's local users in SQLite: created or updated from Cognito at each sign-in, matched by
//! the Cognito username, which never changes.

use std::collections::BTreeMap;

use rand::TryRng as _;
use rusqlite::{Row, Transaction};
use time::OffsetDateTime;

use super::db::{DbError, optional};

/// A local user as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalUser {
    pub id: i64,
    /// The Cognito username (`cognito:username`).
    pub username: String,
    pub sub: Option<String>,
    /// The mapping's local fields.
    pub fields: BTreeMap<String, String>,
    /// Every Cognito attribute at the last sign-in.
    pub attributes: BTreeMap<String, String>,
    /// cognito:groups at the last sign-in or refresh.
    pub groups: Vec<String>,
    pub session_key: Vec<u8>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub last_login_at: Option<OffsetDateTime>,
}

/// What a sign-in learnt from Cognito about a user.
#[derive(Debug, Clone)]
pub struct FromCognito {
    pub username: String,
    pub sub: Option<String>,
    pub fields: BTreeMap<String, String>,
    pub attributes: BTreeMap<String, String>,
    pub groups: Vec<String>,
}

const COLUMNS: &str = "id, username, sub, fields, attributes, groups, session_key, created_at, \
                       updated_at, last_login_at";

fn json_col<T: serde::de::DeserializeOwned>(row: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    let text: String = row.get(i)?;
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
    })
}

fn time_col(row: &Row<'_>, i: usize) -> rusqlite::Result<OffsetDateTime> {
    let seconds: i64 = row.get(i)?;
    OffsetDateTime::from_unix_timestamp(seconds).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Integer, e.into())
    })
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<LocalUser> {
    let last: Option<i64> = row.get(9)?;
    Ok(LocalUser {
        id: row.get(0)?,
        username: row.get(1)?,
        sub: row.get(2)?,
        fields: json_col(row, 3)?,
        attributes: json_col(row, 4)?,
        groups: json_col(row, 5)?,
        session_key: row.get(6)?,
        created_at: time_col(row, 7)?,
        updated_at: time_col(row, 8)?,
        last_login_at: match last {
            Some(_) => Some(time_col(row, 9)?),
            None => None,
        },
    })
}

fn json(value: &impl serde::Serialize) -> Result<String, DbError> {
    serde_json::to_string(value).map_err(|e| DbError::Query(e.to_string()))
}

/// 32 random bytes from the OS: a session key no one can guess.
pub fn new_key() -> Result<Vec<u8>, DbError> {
    let mut key = vec![0u8; 32];
    rand::rngs::SysRng
        .try_fill_bytes(&mut key)
        .map_err(|e| DbError::Query(format!("the operating system's random source failed: {e}")))?;
    Ok(key)
}

pub fn by_id(tx: &Transaction<'_>, id: i64) -> Result<Option<LocalUser>, DbError> {
    optional(tx.query_row(
        &format!("SELECT {COLUMNS} FROM local_users WHERE id = ?1"),
        [id],
        from_row,
    ))
}

pub fn by_username(tx: &Transaction<'_>, username: &str) -> Result<Option<LocalUser>, DbError> {
    optional(tx.query_row(
        &format!("SELECT {COLUMNS} FROM local_users WHERE username = ?1"),
        [username],
        from_row,
    ))
}

/// Every local user, by username.
pub fn list(tx: &Transaction<'_>) -> Result<Vec<LocalUser>, DbError> {
    let mut stmt = tx.prepare(&format!(
        "SELECT {COLUMNS} FROM local_users ORDER BY username"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Creates the user (when `create` allows) or updates the existing one from Cognito, and notes
/// the sign-in. `None` when the user is unknown and may not be created.
pub fn sign_in(
    tx: &Transaction<'_>,
    from: &FromCognito,
    create: bool,
    now: OffsetDateTime,
) -> Result<Option<LocalUser>, DbError> {
    let at = now.unix_timestamp();
    match by_username(tx, &from.username)? {
        Some(user) => {
            // Mapped fields follow Cognito; fields set only here (a status on the operators'
            // page) stay unless the mapping now brings a value.
            let mut fields = user.fields.clone();
            fields.extend(from.fields.clone());
            tx.execute(
                "UPDATE local_users SET sub = ?2, fields = ?3, attributes = ?4, groups = ?5, \
                 updated_at = ?6, last_login_at = ?6 WHERE id = ?1",
                rusqlite::params![
                    user.id,
                    from.sub,
                    json(&fields)?,
                    json(&from.attributes)?,
                    json(&from.groups)?,
                    at
                ],
            )?;
            by_id(tx, user.id)
        }
        None if create => {
            tx.execute(
                "INSERT INTO local_users (username, sub, fields, attributes, groups, session_key, \
                 created_at, updated_at, last_login_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?7)",
                rusqlite::params![
                    from.username,
                    from.sub,
                    json(&from.fields)?,
                    json(&from.attributes)?,
                    json(&from.groups)?,
                    new_key()?,
                    at
                ],
            )?;
            by_id(tx, tx.last_insert_rowid())
        }
        None => Ok(None),
    }
}

/// A user added here before ever signing in (so that `create_unknown_user = false` lets them).
pub fn add(
    tx: &Transaction<'_>,
    username: &str,
    now: OffsetDateTime,
) -> Result<LocalUser, DbError> {
    let at = now.unix_timestamp();
    tx.execute(
        "INSERT INTO local_users (username, session_key, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?3)",
        rusqlite::params![username, new_key()?, at],
    )?;
    by_id(tx, tx.last_insert_rowid())?.ok_or_else(|| DbError::Query("the new user vanished".into()))
}

/// Replaces mapped fields after a profile update went through in Cognito.
pub fn set_fields(
    tx: &Transaction<'_>,
    id: i64,
    changed: &BTreeMap<String, String>,
    attributes: &BTreeMap<String, String>,
    now: OffsetDateTime,
) -> Result<(), DbError> {
    let Some(user) = by_id(tx, id)? else {
        return Ok(());
    };
    let mut fields = user.fields;
    fields.extend(changed.clone());
    let mut all = user.attributes;
    all.extend(attributes.clone());
    tx.execute(
        "UPDATE local_users SET fields = ?2, attributes = ?3, updated_at = ?4 WHERE id = ?1",
        rusqlite::params![id, json(&fields)?, json(&all)?, now.unix_timestamp()],
    )?;
    Ok(())
}

/// The groups a refresh's ID token carries.
pub fn set_groups(tx: &Transaction<'_>, id: i64, groups: &[String]) -> Result<(), DbError> {
    tx.execute(
        "UPDATE local_users SET groups = ?2 WHERE id = ?1",
        rusqlite::params![id, json(&groups)?],
    )?;
    Ok(())
}

/// Sets the local `status` field (the operators' page) and, when it changes, ends the user's
/// web sessions.
pub fn set_status(
    tx: &Transaction<'_>,
    id: i64,
    status: &str,
    now: OffsetDateTime,
) -> Result<bool, DbError> {
    let Some(user) = by_id(tx, id)? else {
        return Ok(false);
    };
    let mut fields = user.fields;
    fields.insert(
        super::settings::STATUS_FIELD.to_string(),
        status.to_string(),
    );
    tx.execute(
        "UPDATE local_users SET fields = ?2, session_key = ?3, updated_at = ?4 WHERE id = ?1",
        rusqlite::params![id, json(&fields)?, new_key()?, now.unix_timestamp()],
    )?;
    Ok(true)
}

/// A new session key: every web session of the user ends at its next request.
pub fn end_sessions(tx: &Transaction<'_>, id: i64) -> Result<(), DbError> {
    tx.execute(
        "UPDATE local_users SET session_key = ?2 WHERE id = ?1",
        rusqlite::params![id, new_key()?],
    )?;
    Ok(())
}
