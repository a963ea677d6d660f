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
    let key = purpose.key();
    let counters = optional(conn.query_row(
        "SELECT sends, window_start FROM codes
         WHERE pool_id = ?1 AND username_key = ?2 AND purpose = ?3",
        params![user.pool_id, user.username_key, key],
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
    ))?;
    let in_window = counters.filter(|(_, start)| now - start < WINDOW_SECONDS);
    if let Some((sends, _)) = in_window
        && sends >= MAX_SENDS
        && purpose != Purpose::Mfa
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
            "UPDATE codes SET code = ?4, expires = ?5, sends = sends + 1
             WHERE pool_id = ?1 AND username_key = ?2 AND purpose = ?3",
            params![user.pool_id, user.username_key, key, code, expires],
        )?,
        None => conn.execute(
            "INSERT INTO codes (pool_id, username_key, purpose, code, expires, attempts, sends,
                                window_start)
             VALUES (?1, ?2, ?3, ?4, ?5, 0, 1, ?6)
             ON CONFLICT(pool_id, username_key, purpose)
             DO UPDATE SET code = ?4, expires = ?5, attempts = 0, sends = 1, window_start = ?6",
            params![user.pool_id, user.username_key, key, code, expires, now],
        )?,
    };
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
    let key = purpose.key();
    let row = optional(conn.query_row(
        "SELECT code, expires, attempts FROM codes
         WHERE pool_id = ?1 AND username_key = ?2 AND purpose = ?3",
        params![user.pool_id, user.username_key, key],
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
            "DELETE FROM codes WHERE pool_id = ?1 AND username_key = ?2 AND purpose = ?3",
            params![user.pool_id, user.username_key, key],
        )
    };
    // An expired (or used-up) code is voided, not deleted: its window's counts stay.
    if expires <= now || expected.is_empty() {
        conn.execute(
            "UPDATE codes SET code = '', expires = 0
             WHERE pool_id = ?1 AND username_key = ?2 AND purpose = ?3",
            params![user.pool_id, user.username_key, key],
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
    if bool::from(expected.as_bytes().ct_eq(code.trim().as_bytes())) {
        delete()?;
        return Ok(());
    }
    conn.execute(
        "UPDATE codes SET attempts = attempts + 1
         WHERE pool_id = ?1 AND username_key = ?2 AND purpose = ?3",
        params![user.pool_id, user.username_key, key],
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
