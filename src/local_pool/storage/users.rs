//! Stored users, their attributes and group memberships.

use std::collections::BTreeMap;
use std::fmt;

use rusqlite::{Connection, params};

use crate::local_pool::db::optional;
use crate::local_pool::error::{ApiError, ApiResult};
use crate::local_pool::pools::Pool;
use crate::local_pool::srp_server::StoredVerifier;

/// Wrong passwords in a row before sign-in locks.
pub const LOCKOUT_AFTER: i64 = 5;
/// The longest lock.
pub const MAX_LOCKOUT_SECONDS: i64 = 900;
/// Cognito's message for a locked sign-in (NotAuthorizedException).
pub const LOCKED_MESSAGE: &str = "Password attempts exceeded";

/// When `failed` wrong passwords in a row lock sign-in: from the fifth on, for a time that
/// doubles with each (1 s, 2 s, 4 s, ... at most 15 minutes).
pub fn lock_until(failed: i64, now: i64) -> Option<i64> {
    (failed >= LOCKOUT_AFTER).then(|| {
        let exponent = (failed - LOCKOUT_AFTER).min(10) as u32;
        now + (1i64 << exponent).min(MAX_LOCKOUT_SECONDS)
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserStatus {
    Unconfirmed,
    Confirmed,
    ForceChangePassword,
    ResetRequired,
}

impl UserStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unconfirmed => "UNCONFIRMED",
            Self::Confirmed => "CONFIRMED",
            Self::ForceChangePassword => "FORCE_CHANGE_PASSWORD",
            Self::ResetRequired => "RESET_REQUIRED",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "UNCONFIRMED" => Self::Unconfirmed,
            "CONFIRMED" => Self::Confirmed,
            "FORCE_CHANGE_PASSWORD" => Self::ForceChangePassword,
            "RESET_REQUIRED" => Self::ResetRequired,
            _ => return None,
        })
    }
}

#[derive(Clone)]
pub struct User {
    pub pool_id: String,
    /// As created: `USER_ID_FOR_SRP`, `cognito:username`.
    pub username: String,
    pub username_key: String,
    pub sub: String,
    pub status: UserStatus,
    pub enabled: bool,
    pub verifier: StoredVerifier,
    pub temp_password_expires: Option<i64>,
    pub created: i64,
    pub modified: i64,
    pub sms_mfa_enabled: bool,
    pub totp_enabled: bool,
    pub preferred_mfa: Option<String>,
    pub totp_secret: Option<String>,
    /// A secret from AssociateSoftwareToken waiting for VerifySoftwareToken.
    pub totp_pending: Option<String>,
    /// The time step of the last authenticator code used to sign in: a code works once.
    pub totp_last_step: i64,
    pub failed_attempts: i64,
    pub locked_until: i64,
    /// Every attribute, `sub` included.
    pub attributes: BTreeMap<String, String>,
}

impl fmt::Debug for User {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("User")
            .field("pool_id", &self.pool_id)
            .field("username", &self.username)
            .field("sub", &self.sub)
            .field("status", &self.status)
            .field("enabled", &self.enabled)
            .field("attributes", &self.attributes)
            .finish_non_exhaustive()
    }
}

impl User {
    /// A new user of `pool` with everything but the given parts at its default: enabled, no
    /// MFA, no failed sign-ins. `sub` is also set as an attribute.
    pub fn new(
        pool: &Pool,
        username: String,
        sub: String,
        status: UserStatus,
        verifier: StoredVerifier,
        mut attributes: BTreeMap<String, String>,
        now: i64,
    ) -> Self {
        attributes.insert("sub".into(), sub.clone());
        Self {
            pool_id: pool.id.clone(),
            username_key: pool.username_key(&username),
            username,
            sub,
            status,
            enabled: true,
            verifier,
            temp_password_expires: None,
            created: now,
            modified: now,
            sms_mfa_enabled: false,
            totp_enabled: false,
            preferred_mfa: None,
            totp_secret: None,
            totp_pending: None,
            totp_last_step: 0,
            failed_attempts: 0,
            locked_until: 0,
            attributes,
        }
    }

    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }

    pub fn is_verified(&self, attribute: &str) -> bool {
        self.attribute(&format!("{attribute}_verified")) == Some("true")
    }

    /// `[{"Name":..,"Value":..}]`, optionally limited to `only` (AttributesToGet).
    pub fn attributes_json(&self, only: Option<&[String]>) -> serde_json::Value {
        self.attributes
            .iter()
            .filter(|(name, _)| only.is_none_or(|o| o.iter().any(|n| n == *name)))
            .map(|(name, value)| serde_json::json!({ "Name": name, "Value": value }))
            .collect()
    }

    /// `UserType` as ListUsers, AdminCreateUser and ListUsersInGroup return it.
    pub fn user_type(&self, only: Option<&[String]>) -> serde_json::Value {
        serde_json::json!({
            "Username": self.username,
            "Attributes": self.attributes_json(only),
            "UserCreateDate": self.created,
            "UserLastModifiedDate": self.modified,
            "Enabled": self.enabled,
            "UserStatus": self.status.as_str(),
        })
    }

    /// `PreferredMfaSetting` and `UserMFASettingList` members (GetUser, AdminGetUser).
    pub fn mfa_json(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut out = serde_json::Map::new();
        let methods = self.mfa_methods();
        if !methods.is_empty() {
            out.insert("UserMFASettingList".into(), serde_json::json!(methods));
        }
        if let Some(preferred) = &self.preferred_mfa {
            out.insert("PreferredMfaSetting".into(), serde_json::json!(preferred));
        }
        if self.sms_mfa_enabled && self.attribute("phone_number").is_some() {
            out.insert(
                "MFAOptions".into(),
                serde_json::json!([{ "DeliveryMedium": "SMS", "AttributeName": "phone_number" }]),
            );
        }
        out
    }

    /// Whether wrong passwords have locked sign-in at `now`.
    pub fn is_locked(&self, now: i64) -> bool {
        self.locked_until > now
    }

    /// Counts a wrong password. From the fifth in a row on, sign-in locks for a time that
    /// doubles with each failure (1 s, 2 s, 4 s, ... at most 15 minutes), as Cognito does.
    pub fn note_wrong_password(&mut self, now: i64) {
        self.failed_attempts = self.failed_attempts.saturating_add(1);
        if let Some(until) = lock_until(self.failed_attempts, now) {
            self.locked_until = until;
        }
    }

    /// A right password clears the count.
    pub fn note_right_password(&mut self) {
        self.failed_attempts = 0;
        self.locked_until = 0;
    }

    /// MFA methods the user has turned on, in Cognito's names.
    pub fn mfa_methods(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.sms_mfa_enabled {
            out.push("SMS_MFA");
        }
        if self.totp_enabled {
            out.push("SOFTWARE_TOKEN_MFA");
        }
        out
    }
}

const USER_COLUMNS: &str = "pool_id, username, username_key, sub, status, enabled, salt, verifier, \
     temp_password_expires, created, modified, sms_mfa_enabled, totp_enabled, preferred_mfa, \
     totp_secret, totp_pending, totp_last_step, failed_attempts, locked_until";

fn user_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    let status: String = row.get(4)?;
    Ok(User {
        pool_id: row.get(0)?,
        username: row.get(1)?,
        username_key: row.get(2)?,
        sub: row.get(3)?,
        // An unknown status could only come from a hand-edited file: treat it as confirmed.
        status: UserStatus::parse(&status).unwrap_or(UserStatus::Confirmed),
        enabled: row.get(5)?,
        verifier: StoredVerifier {
            salt_hex: row.get(6)?,
            verifier_hex: row.get(7)?,
        },
        temp_password_expires: row.get(8)?,
        created: row.get(9)?,
        modified: row.get(10)?,
        sms_mfa_enabled: row.get(11)?,
        totp_enabled: row.get(12)?,
        preferred_mfa: row.get(13)?,
        totp_secret: row.get(14)?,
        totp_pending: row.get(15)?,
        totp_last_step: row.get(16)?,
        failed_attempts: row.get(17)?,
        locked_until: row.get(18)?,
        attributes: BTreeMap::new(),
    })
}

fn with_attributes(conn: &Connection, mut user: User) -> ApiResult<User> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, value FROM user_attributes WHERE pool_id = ?1 AND username_key = ?2",
    )?;
    let rows = stmt.query_map(params![user.pool_id, user.username_key], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (name, value) = row?;
        user.attributes.insert(name, value);
    }
    Ok(user)
}

/// The user stored under `username_key`.
pub fn get_by_key(conn: &Connection, pool_id: &str, username_key: &str) -> ApiResult<Option<User>> {
    let user = optional(conn.query_row(
        &format!("SELECT {USER_COLUMNS} FROM users WHERE pool_id = ?1 AND username_key = ?2"),
        params![pool_id, username_key],
        user_from_row,
    ))?;
    user.map(|u| with_attributes(conn, u)).transpose()
}

/// The user a request names: by username, or by an attribute that signs in in its place
/// (UsernameAttributes, or a verified alias), or by `sub`.
pub fn find(conn: &Connection, pool: &Pool, name: &str) -> ApiResult<Option<User>> {
    if let Some(user) = get_by_key(conn, &pool.id, &pool.username_key(name))? {
        return Ok(Some(user));
    }
    for attribute in pool.settings.sign_in_aliases() {
        let value = if attribute == "email" {
            name.to_lowercase()
        } else {
            name.to_string()
        };
        let is_alias = pool
            .settings
            .alias_attributes
            .iter()
            .any(|a| a == attribute);
        for key in owners_of(conn, &pool.id, attribute, &value)? {
            if let Some(user) = get_by_key(conn, &pool.id, &key)? {
                // Aliases sign in only once verified (preferred_username needs no verification).
                let usable =
                    !is_alias || attribute == "preferred_username" || user.is_verified(attribute);
                if usable {
                    return Ok(Some(user));
                }
            }
        }
    }
    let by_sub = optional(conn.query_row(
        "SELECT username_key FROM users WHERE pool_id = ?1 AND sub = ?2",
        params![pool.id, name],
        |r| r.get::<_, String>(0),
    ))?;
    match by_sub {
        Some(key) => get_by_key(conn, &pool.id, &key),
        None => Ok(None),
    }
}

/// The user, or UserNotFoundException ("User does not exist.").
pub fn require(conn: &Connection, pool: &Pool, name: &str) -> ApiResult<User> {
    find(conn, pool, name)?.ok_or_else(|| ApiError::user_not_found("User does not exist."))
}

/// Username keys of users whose `attribute` equals `value`, ignoring case.
pub fn owners_of(
    conn: &Connection,
    pool_id: &str,
    attribute: &str,
    value: &str,
) -> ApiResult<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT username_key FROM user_attributes
         WHERE pool_id = ?1 AND name = ?2 AND value_lower = ?3",
    )?;
    let rows = stmt.query_map(params![pool_id, attribute, value.to_lowercase()], |r| {
        r.get(0)
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Inserts a new user with its attributes.
pub fn insert(conn: &Connection, user: &User) -> ApiResult<()> {
    conn.execute(
        &format!(
            "INSERT INTO users ({USER_COLUMNS}) VALUES \
             (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)"
        ),
        params![
            user.pool_id,
            user.username,
            user.username_key,
            user.sub,
            user.status.as_str(),
            user.enabled,
            user.verifier.salt_hex,
            user.verifier.verifier_hex,
            user.temp_password_expires,
            user.created,
            user.modified,
            user.sms_mfa_enabled,
            user.totp_enabled,
            user.preferred_mfa,
            user.totp_secret,
            user.totp_pending,
            user.totp_last_step,
            user.failed_attempts,
            user.locked_until,
        ],
    )?;
    save_attributes(conn, user)
}

/// Writes the user's row and replaces its attributes.
pub fn update(conn: &Connection, user: &User) -> ApiResult<()> {
    conn.execute(
        "UPDATE users SET status = ?3, enabled = ?4, salt = ?5, verifier = ?6,
            temp_password_expires = ?7, modified = ?8, sms_mfa_enabled = ?9, totp_enabled = ?10,
            preferred_mfa = ?11, totp_secret = ?12, totp_pending = ?13, totp_last_step = ?14,
            failed_attempts = ?15, locked_until = ?16
         WHERE pool_id = ?1 AND username_key = ?2",
        params![
            user.pool_id,
            user.username_key,
            user.status.as_str(),
            user.enabled,
            user.verifier.salt_hex,
            user.verifier.verifier_hex,
            user.temp_password_expires,
            user.modified,
            user.sms_mfa_enabled,
            user.totp_enabled,
            user.preferred_mfa,
            user.totp_secret,
            user.totp_pending,
            user.totp_last_step,
            user.failed_attempts,
            user.locked_until,
        ],
    )?;
    conn.execute(
        "DELETE FROM user_attributes WHERE pool_id = ?1 AND username_key = ?2",
        params![user.pool_id, user.username_key],
    )?;
    save_attributes(conn, user)
}

fn save_attributes(conn: &Connection, user: &User) -> ApiResult<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO user_attributes (pool_id, username_key, name, value, value_lower)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (name, value) in &user.attributes {
        stmt.execute(params![
            user.pool_id,
            user.username_key,
            name,
            value,
            value.to_lowercase()
        ])?;
    }
    Ok(())
}

/// Deletes the user and everything that belongs to them (cascades).
pub fn delete(conn: &Connection, pool_id: &str, username_key: &str) -> ApiResult<()> {
    conn.execute(
        "DELETE FROM users WHERE pool_id = ?1 AND username_key = ?2",
        params![pool_id, username_key],
    )?;
    Ok(())
}

/// The groups the user belongs to, by precedence (lowest first) then name — the order of
/// `cognito:groups`.
pub fn groups_of(conn: &Connection, pool_id: &str, username_key: &str) -> ApiResult<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT g.name FROM group_members m JOIN groups g
           ON g.pool_id = m.pool_id AND g.name = m.group_name
         WHERE m.pool_id = ?1 AND m.username_key = ?2
         ORDER BY g.precedence IS NULL, g.precedence, g.name",
    )?;
    let rows = stmt.query_map(params![pool_id, username_key], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Number of users in a pool (EstimatedNumberOfUsers).
pub fn count(conn: &Connection, pool_id: &str) -> ApiResult<i64> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM users WHERE pool_id = ?1",
        [pool_id],
        |r| r.get(0),
    )?)
}

/// A fresh `sub` (UUID v4).
pub fn new_sub() -> String {
    uuid::Uuid::new_v4().to_string()
}
