//! One-time codes (sign-up, forgot password, attribute verification, SMS MFA): random six
//! digits with Cognito's lifetimes and a cap on wrong guesses, delivered to the outbox.

use rand::TryRng as _;
use rusqlite::{Connection, params};
use serde_json::{Value, json};
use subtle::ConstantTimeEq as _;

use crate::local_pool::db::optional;
use crate::local_pool::error::{ApiError, ApiResult};
use crate::local_pool::mask;
use crate::local_pool::outbox;
use crate::local_pool::users::User;

/// Wrong guesses allowed per user and purpose in a window, across resends.
pub const MAX_ATTEMPTS: i64 = 5;
/// Codes sent per user and purpose in a window (ForgotPassword, resends, verification codes).
pub const MAX_SENDS: i64 = 5;
/// The window both limits count in.
pub const WINDOW_SECONDS: i64 = 3600;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    SignUp,
    ForgotPassword,
    /// Verifying `email` or `phone_number`.
    Verify(String),
    /// The SMS_MFA code of a sign-in.
    Mfa,
}

impl Purpose {
    fn key(&self) -> String {
        match self {
            Self::SignUp => "signup".into(),
            Self::ForgotPassword => "forgot_password".into(),
            Self::Verify(attribute) => format!("verify:{attribute}"),
            Self::Mfa => "mfa".into(),
        }
    }

    /// Cognito's lifetimes: 24 h for confirmation and verification, 1 h for a password reset,
    /// 3 min for an MFA code.
    fn lifetime_seconds(&self) -> i64 {
        match self {
            Self::SignUp | Self::Verify(_) => 86_400,
            Self::ForgotPassword => 3600,
            Self::Mfa => 180,
        }
    }

    fn outbox_kind(&self) -> &'static str {
        match self {
            Self::SignUp => "sign_up",
            Self::ForgotPassword => "forgot_password",
            Self::Verify(_) => "verify_attribute",
            Self::Mfa => "mfa",
        }
    }
}

/// Six random digits from the OS.
pub fn random_code() -> ApiResult<String> {
    let mut bytes = [0u8; 8];
    rand::rngs::SysRng
        .try_fill_bytes(&mut bytes)
        .map_err(|e| ApiError::internal(format!("the random source failed: {e}")))?;
    Ok(format!("{:06}", u64::from_le_bytes(bytes) % 1_000_000))
}

/// Where a message goes: (`EMAIL`/`SMS`, attribute name, address).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    pub medium: &'static str,
    pub attribute: &'static str,
    pub address: String,
}

impl Destination {
    pub fn email(address: &str) -> Self {
        Self {
            medium: "EMAIL",
            attribute: "email",
            address: address.to_string(),
        }
    }

    pub fn phone(address: &str) -> Self {
        Self {
            medium: "SMS",
            attribute: "phone_number",
            address: address.to_string(),
        }
    }

    /// The user's `attribute` (`email` or `phone_number`) as a destination.
    pub fn of(user: &User, attribute: &str) -> Option<Self> {
        let address = user.attribute(attribute)?;
        match attribute {
            "email" => Some(Self::email(address)),
            "phone_number" => Some(Self::phone(address)),
            _ => None,
        }
    }

    /// `CodeDeliveryDetails` with the address masked.
    pub fn details(&self) -> Value {
        let masked = if self.medium == "EMAIL" {
            mask::email(&self.address)
        } else {
            mask::phone(&self.address)
        };
        json!({
            "Destination": masked,
            "DeliveryMedium": self.medium,
            "AttributeName": self.attribute,
        })
    }
}

/// Where a code's counts live: a user's in `codes`; a pretended one's — for a missing name, or
/// a user who cannot get a code, when the client hides user existence — in `decoy_codes`, under
/// the same rules, so the limits answer alike for both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Table {
    Users,
    Decoys,
}

impl Table {
    fn name(self) -> &'static str {
        match self {
            Self::Users => "codes",
            Self::Decoys => "decoy_codes",
        }
    }
}

/// Pretended codes kept at most; the oldest windows go first.
const MAX_DECOY_CODES: i64 = 50_000;

/// How often (in new pretended rows) the cap is enforced.
const TRIM_EVERY: i64 = 1024;

/// A fresh code for `purpose` in `table` (replacing any earlier one), after the send limit.
fn issue(
    conn: &Connection,
    table: Table,
    (pool_id, username_key): (&str, &str),
    purpose: &Purpose,
    now: i64,
) -> ApiResult<String> {
    let t = table.name();
    let key = purpose.key();
    let counters = optional(conn.query_row(
        &format!(
            "SELECT sends, window_start FROM {t}
             WHERE pool_id = ?1 AND username_key = ?2 AND purpose = ?3"
        ),
        params![pool_id, username_key, key],
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
    ))?;
    let in_window = counters.filter(|(_, start)| now - start < WINDOW_SECONDS);
    if let Some((sends, _)) = in_window
        && sends >= MAX_SENDS
        && *purpose != Purpose::Mfa
    {
        return Err(ApiError::limit_exceeded(
            "Attempt limit exceeded, please try after some time.",
        ));
    }
    let code = random_code()?;
    let expires = now + purpose.lifetime_seconds();
    match in_window {
        // Same window: the failures so far stay.
        Some(_) => conn.execute(
            &format!(
                "UPDATE {t} SET code = ?4, expires = ?5, sends = sends + 1
                 WHERE pool_id = ?1 AND username_key = ?2 AND purpose = ?3"
            ),
            params![pool_id, username_key, key, code, expires],
        )?,
        None => conn.execute(
            &format!(
                "INSERT INTO {t} (pool_id, username_key, purpose, code, expires, attempts, sends,
                                  window_start)
                 VALUES (?1, ?2, ?3, ?4, ?5, 0, 1, ?6)
                 ON CONFLICT(pool_id, username_key, purpose)
                 DO UPDATE SET code = ?4, expires = ?5, attempts = 0, sends = 1, window_start = ?6"
            ),
            params![pool_id, username_key, key, code, expires, now],
        )?,
    };
    Ok(code)
}

/// Issues a fresh code for `purpose` (replacing any earlier one), sends it to `to` through the
/// outbox, and returns the CodeDeliveryDetails. Within a window a user gets `MAX_SENDS` codes per
/// purpose (then LimitExceededException, as Cognito), and wrong guesses at earlier codes still
/// count against the new one; a sign-in's MFA code is not send-limited (each needs the password).
pub fn send(
    conn: &Connection,
    user: &User,
    purpose: Purpose,
    to: &Destination,
    now: i64,
) -> ApiResult<Value> {
    let code = issue(
        conn,
        Table::Users,
        (&user.pool_id, &user.username_key),
        &purpose,
        now,
    )?;
    let message = match &purpose {
        Purpose::SignUp => format!("Your confirmation code is {code}"),
        Purpose::ForgotPassword => format!("Your password reset code is {code}"),
        Purpose::Verify(_) => format!("Your verification code is {code}"),
        Purpose::Mfa => format!("Your authentication code is {code}"),
    };
    let letter = outbox::Letter {
        kind: purpose.outbox_kind(),
        code: &code,
        message,
    };
    outbox::send(conn, now, user, to, letter)?;
    Ok(to.details())
}

/// Checks `code` for `purpose`; a match consumes it. Wrong codes count toward the cap.
pub fn check(
    conn: &Connection,
    user: &User,
    purpose: &Purpose,
    code: &str,
    now: i64,
) -> ApiResult<()> {
    check_in(
        conn,
        Table::Users,
        (&user.pool_id, &user.username_key),
        purpose,
        code,
        now,
    )
}

/// A pretended send for `username_key` (nothing is sent): counted as a user's send is, so the
/// sixth in an hour is refused alike.
pub fn pretend_send(
    conn: &Connection,
    pool_id: &str,
    username_key: &str,
    purpose: &Purpose,
    now: i64,
) -> ApiResult<()> {
    issue(conn, Table::Decoys, (pool_id, username_key), purpose, now)?;
    // Bounded without counting on every call: windows that are over go at once (their counts
    // no longer matter), and every `TRIM_EVERY` new rows the oldest beyond the cap.
    conn.execute(
        "DELETE FROM decoy_codes WHERE window_start <= ?1",
        params![now - WINDOW_SECONDS],
    )?;
    if conn.last_insert_rowid() % TRIM_EVERY == 0 {
        conn.execute(
            "DELETE FROM decoy_codes WHERE rowid IN
             (SELECT rowid FROM decoy_codes ORDER BY window_start DESC LIMIT -1 OFFSET ?1)",
            params![MAX_DECOY_CODES],
        )?;
    }
    Ok(())
}

/// A code checked against a pretended send: never right (nobody has it), but wrong guesses
/// count and lock as a user's do.
pub fn check_pretended(
    conn: &Connection,
    pool_id: &str,
    username_key: &str,
    purpose: &Purpose,
    code: &str,
    now: i64,
) -> ApiResult<()> {
    check_in(
        conn,
        Table::Decoys,
        (pool_id, username_key),
        purpose,
        code,
        now,
    )
}

fn check_in(
    conn: &Connection,
    table: Table,
    (pool_id, username_key): (&str, &str),
    purpose: &Purpose,
    code: &str,
    now: i64,
) -> ApiResult<()> {
    let t = table.name();
    let key = purpose.key();
    let row = optional(conn.query_row(
        &format!(
            "SELECT code, expires, attempts FROM {t}
             WHERE pool_id = ?1 AND username_key = ?2 AND purpose = ?3"
        ),
        params![pool_id, username_key, key],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        },
    ))?;
    let Some((expected, expires, attempts)) = row else {
        return Err(ApiError::expired_code(
            "Invalid code provided, please request a code again.",
        ));
    };
    let delete = || {
        conn.execute(
            &format!("DELETE FROM {t} WHERE pool_id = ?1 AND username_key = ?2 AND purpose = ?3"),
            params![pool_id, username_key, key],
        )
    };
    // An expired (or used-up) code is voided, not deleted: its window's counts stay.
    if expires <= now || expected.is_empty() {
        conn.execute(
            &format!(
                "UPDATE {t} SET code = '', expires = 0
                 WHERE pool_id = ?1 AND username_key = ?2 AND purpose = ?3"
            ),
            params![pool_id, username_key, key],
        )?;
        return Err(ApiError::expired_code(
            "Invalid code provided, please request a code again.",
        ));
    }
    if attempts >= MAX_ATTEMPTS {
        return Err(ApiError::too_many_failed_attempts(
            "Too many failed attempts, please try after some time.",
        ));
    }
    // A pretended code is compared all the same (the same work) but never accepted: nobody
    // was sent it, so a lucky guess must not tell the name from a user's.
    let matches = bool::from(expected.as_bytes().ct_eq(code.trim().as_bytes()));
    if matches && table == Table::Users {
        delete()?;
        return Ok(());
    }
    conn.execute(
        &format!(
            "UPDATE {t} SET attempts = attempts + 1
             WHERE pool_id = ?1 AND username_key = ?2 AND purpose = ?3"
        ),
        params![pool_id, username_key, key],
    )?;
    Err(ApiError::code_mismatch(
        "Invalid verification code provided, please try again.",
    ))
}

/// Forgets a pending code (e.g. when the attribute it verifies changes again).
pub fn discard(conn: &Connection, user: &User, purpose: &Purpose) -> ApiResult<()> {
    conn.execute(
        "DELETE FROM codes WHERE pool_id = ?1 AND username_key = ?2 AND purpose = ?3",
        params![user.pool_id, user.username_key, purpose.key()],
    )?;
    Ok(())
}
