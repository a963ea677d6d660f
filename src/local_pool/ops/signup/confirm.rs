//! The sign-up and password-reset calls that check or send codes.

use rusqlite::Connection;
use serde::Deserialize;
use serde_json::{Value, json};
use zeroize::Zeroizing;

use super::{signup_destination, srp_error, user_side};
use crate::local_pool::attributes::{looks_like_email, looks_like_phone};
use crate::local_pool::codes::{self, Destination, Purpose};
use crate::local_pool::error::{ApiError, ApiResult};
use crate::local_pool::ops::Call;
use crate::local_pool::ops::admin_users::recovery_destination;
use crate::local_pool::pools::{self, Client, Pool};
use crate::local_pool::srp_server;
use crate::local_pool::users::{self, User, UserStatus};

/// Cognito's UserNotFoundException message for the user-side calls that take a ClientId.
const NOT_FOUND: &str = "Username/client id combination not found.";
const CODE_MISMATCH: &str = "Invalid verification code provided, please try again.";

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ConfirmSignUpRequest {
    client_id: String,
    username: String,
    confirmation_code: String,
    #[serde(default)]
    secret_hash: Option<String>,
    #[serde(default)]
    force_alias_creation: Option<bool>,
}

/// ResendConfirmationCode and ForgotPassword.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct UserRequest {
    client_id: String,
    username: String,
    #[serde(default)]
    secret_hash: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AdminConfirmSignUpRequest {
    user_pool_id: String,
    username: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ConfirmForgotPasswordRequest {
    client_id: String,
    username: String,
    confirmation_code: String,
    password: String,
    #[serde(default)]
    secret_hash: Option<String>,
}

/// What an unknown user gets from the confirm calls: a wrong code when the client hides
/// which users exist, as Cognito does.
fn unknown_user(client: &Client) -> ApiError {
    if client.settings.hides_user_existence() {
        ApiError::code_mismatch(CODE_MISMATCH)
    } else {
        ApiError::user_not_found(NOT_FOUND)
    }
}

/// A code failure as a missing user would get it when the client hides user existence: "no
/// code was sent" (ExpiredCode) would tell that the user exists.
fn hidden(e: ApiError, hides: bool) -> ApiError {
    if hides && e.kind == "ExpiredCodeException" {
        ApiError::code_mismatch(CODE_MISMATCH)
    } else {
        e
    }
}

/// A believable CodeDeliveryDetails for a user who does not exist (nothing is sent), derived
/// from the name alone so repeated calls agree.
fn simulated_delivery(pool: &Pool, typed: &str) -> Value {
    let settings = &pool.settings;
    let sms = looks_like_phone(typed)
        || (!looks_like_email(typed)
            && settings.auto_verifies("phone_number")
            && !settings.auto_verifies("email"));
    let to = if sms {
        Destination::phone(if looks_like_phone(typed) {
            typed
        } else {
            "+10000000000"
        })
    } else if looks_like_email(typed) {
        Destination::email(typed)
    } else {
        Destination::email(&format!("{typed}@example.com"))
    };
    to.details()
}

/// Verified holders of `attribute = value` (an alias) other than `user`.
fn alias_holders(
    conn: &Connection,
    pool: &Pool,
    user: &User,
    attribute: &str,
) -> ApiResult<Vec<User>> {
    let mut out = Vec::new();
    if !pool
        .settings
        .alias_attributes
        .iter()
        .any(|a| a == attribute)
    {
        return Ok(out);
    }
    let Some(value) = user.attribute(attribute) else {
        return Ok(out);
    };
    for key in users::owners_of(conn, &pool.id, attribute, value)? {
        if key == user.username_key {
            continue;
        }
        if let Some(other) = users::get_by_key(conn, &pool.id, &key)?
            && other.is_verified(attribute)
        {
            out.push(other);
        }
    }
    Ok(out)
}

pub(super) fn confirm_sign_up(call: &Call<'_>) -> ApiResult<Value> {
    let req: ConfirmSignUpRequest = call.parse()?;
    let now = call.now();
    // Wrong codes must count even though the call fails.
    call.state.db.write_keeping_failures(|tx| {
        let (client, pool) = user_side(
            tx,
            &req.client_id,
            &req.username,
            req.secret_hash.as_deref(),
        )?;
        let hides = client.settings.hides_user_existence();
        let pretended = |key: &str| {
            let code = &req.confirmation_code;
            codes::check_pretended(tx, &pool.id, key, &Purpose::SignUp, code, now)
                .map(|()| json!({}))
                .map_err(|e| hidden(e, true))
        };
        let Some(mut user) = users::find(tx, &pool, &req.username)? else {
            if hides {
                return pretended(&pool.username_key(&req.username));
            }
            return Err(unknown_user(&client));
        };
        if user.status != UserStatus::Unconfirmed {
            if hides {
                return pretended(&user.username_key);
            }
            return Err(ApiError::not_authorized(format!(
                "User cannot be confirmed. Current status is {}",
                user.status.as_str()
            )));
        }
        // The code is checked first; if the address then turns out to be another user's alias,
        // the savepoint puts the code back so the caller can retry with ForceAliasCreation.
        tx.execute_batch("SAVEPOINT confirm_sign_up")?;
        if let Err(e) = codes::check(tx, &user, &Purpose::SignUp, &req.confirmation_code, now) {
            tx.execute_batch("RELEASE confirm_sign_up")?;
            return Err(hidden(e, hides));
        }
        let attribute = signup_destination(&pool, &user).map(|d| d.attribute);
        if let Some(attribute) = attribute {
            let holders = alias_holders(tx, &pool, &user, attribute)?;
            if !holders.is_empty() && !req.force_alias_creation.unwrap_or(false) {
                tx.execute_batch("ROLLBACK TO confirm_sign_up; RELEASE confirm_sign_up")?;
                let message = format!("An account with the given {attribute} already exists.");
                return Err(ApiError::alias_exists(message));
            }
            for mut other in holders {
                other
                    .attributes
                    .insert(format!("{attribute}_verified"), "false".into());
                other.modified = now;
                users::update(tx, &other)?;
            }
            user.attributes
                .insert(format!("{attribute}_verified"), "true".into());
        }
        tx.execute_batch("RELEASE confirm_sign_up")?;
        user.status = UserStatus::Confirmed;
        user.modified = now;
        users::update(tx, &user)?;
        Ok(json!({}))
    })
}

/// The user a code request (resend, forgot password) names, or — for an unknown user on a client
/// that hides user existence — the delivery details to pretend with.
fn code_recipient(
    tx: &Connection,
    req: &UserRequest,
    purpose: &Purpose,
    now: i64,
) -> ApiResult<Result<(Pool, User, bool), Value>> {
    let (client, pool) = user_side(
        tx,
        &req.client_id,
        &req.username,
        req.secret_hash.as_deref(),
    )?;
    let hides = client.settings.hides_user_existence();
    match users::find(tx, &pool, &req.username)? {
        Some(user) => Ok(Ok((pool, user, hides))),
        None if hides => {
            let key = pool.username_key(&req.username);
            Ok(Err(pretend(tx, &pool, &key, &req.username, purpose, now)?))
        }
        None => Err(ApiError::user_not_found(NOT_FOUND)),
    }
}

/// A code send pretended for `username_key` (nothing is sent, the send is counted as a user's
/// is): the delivery details to answer with.
fn pretend(
    tx: &Connection,
    pool: &Pool,
    username_key: &str,
    typed: &str,
    purpose: &Purpose,
    now: i64,
) -> ApiResult<Value> {
    codes::pretend_send(tx, &pool.id, username_key, purpose, now)?;
    Ok(simulated_delivery(pool, typed))
}

/// Whether ForgotPassword sends `user` a code (else, hiding user existence, it pretends).
fn gets_reset_code(pool: &Pool, user: &User) -> bool {
    user.enabled
        && user.status != UserStatus::ForceChangePassword
        && recovery_destination(pool, user).is_some()
}

pub(super) fn resend_confirmation_code(call: &Call<'_>) -> ApiResult<Value> {
    let req: UserRequest = call.parse()?;
    let now = call.now();
    let details = call.state.db.write(|tx| {
        let (pool, user, hides) = match code_recipient(tx, &req, &Purpose::SignUp, now)? {
            Ok(found) => found,
            Err(simulated) => return Ok(simulated),
        };
        // Hiding user existence, what would tell this user from a missing one is pretended,
        // counted as a missing name's pretended sends are.
        let pretended = || {
            pretend(
                tx,
                &pool,
                &user.username_key,
                &req.username,
                &Purpose::SignUp,
                now,
            )
        };
        if user.status != UserStatus::Unconfirmed {
            if hides {
                return pretended();
            }
            return Err(ApiError::invalid_parameter("User is already confirmed."));
        }
        let Some(to) = signup_destination(&pool, &user) else {
            if hides {
                return pretended();
            }
            return Err(ApiError::invalid_parameter(
                if pool.settings.auto_verified_attributes.is_empty() {
                    "Cannot resend codes. Auto verification not turned on."
                } else {
                    "Cannot resend codes: the user has no email or phone_number to send one to."
                },
            ));
        };
        codes::send(tx, &user, Purpose::SignUp, &to, now)
    })?;
    Ok(json!({ "CodeDeliveryDetails": details }))
}

pub(super) fn admin_confirm_sign_up(call: &Call<'_>) -> ApiResult<Value> {
    let req: AdminConfirmSignUpRequest = call.parse()?;
    let now = call.now();
    call.state.db.write(|tx| {
        let pool = pools::get_pool(tx, &req.user_pool_id)?;
        let mut user = users::require(tx, &pool, &req.username)?;
        if user.status != UserStatus::Unconfirmed {
            return Err(ApiError::not_authorized(format!(
                "User cannot be confirmed. Current status is {}",
                user.status.as_str()
            )));
        }
        // The pending sign-up code has nothing left to confirm.
        codes::discard(tx, &user, &Purpose::SignUp)?;
        user.status = UserStatus::Confirmed;
        user.modified = now;
        users::update(tx, &user)?;
        Ok(json!({}))
    })
}

pub(super) fn forgot_password(call: &Call<'_>) -> ApiResult<Value> {
    let req: UserRequest = call.parse()?;
    let now = call.now();
    let details = call.state.db.write(|tx| {
        let purpose = Purpose::ForgotPassword;
        let (pool, user, hides) = match code_recipient(tx, &req, &purpose, now)? {
            Ok(found) => found,
            Err(simulated) => return Ok(simulated),
        };
        if hides && !gets_reset_code(&pool, &user) {
            return pretend(tx, &pool, &user.username_key, &req.username, &purpose, now);
        }
        if !user.enabled {
            return Err(ApiError::not_authorized("User is disabled."));
        }
        if user.status == UserStatus::ForceChangePassword {
            return Err(ApiError::not_authorized(
                "User password cannot be reset in the current state.",
            ));
        }
        let to = recovery_destination(&pool, &user).ok_or_else(|| {
            ApiError::invalid_parameter(
                "Cannot reset password for the user as there is no registered/verified \
                     email or phone_number",
            )
        })?;
        codes::send(tx, &user, Purpose::ForgotPassword, &to, now)
    })?;
    Ok(json!({ "CodeDeliveryDetails": details }))
}

pub(super) fn confirm_forgot_password(call: &Call<'_>) -> ApiResult<Value> {
    let req: ConfirmForgotPasswordRequest = call.parse()?;
    let password = Zeroizing::new(req.password);
    let (client, pool, found) = call.state.db.read(|tx| {
        let (client, pool) = user_side(
            tx,
            &req.client_id,
            &req.username,
            req.secret_hash.as_deref(),
        )?;
        let found = users::find(tx, &pool, &req.username)?;
        Ok((client, pool, found))
    })?;
    let hides = client.settings.hides_user_existence();
    if found.is_none() && !hides {
        return Err(unknown_user(&client));
    }
    // The policy is checked before the code, so a refused password does not use the code up;
    // and for a missing name too, so its answer does not differ.
    pool.settings
        .policies
        .password_policy
        .check(&password)
        .map_err(ApiError::invalid_password)?;
    let name = found
        .as_ref()
        .map_or(req.username.as_str(), |u| &u.username);
    let verifier = srp_server::new_verifier(pool.srp_name(), name, &password).map_err(srp_error)?;
    let now = call.now();
    let pretended_key = match &found {
        None => Some(pool.username_key(&req.username)),
        Some(user) if hides && !gets_reset_code(&pool, user) => Some(user.username_key.clone()),
        Some(_) => None,
    };
    if let Some(key) = pretended_key {
        return call.state.db.write_keeping_failures(|tx| {
            let code = &req.confirmation_code;
            codes::check_pretended(tx, &pool.id, &key, &Purpose::ForgotPassword, code, now)
                .map_err(|e| hidden(e, true))?;
            Ok(json!({}))
        });
    }
    let Some(user) = found else {
        return Err(unknown_user(&client));
    };
    call.state.db.write_keeping_failures(|tx| {
        let mut user = users::get_by_key(tx, &pool.id, &user.username_key)?
            .ok_or_else(|| unknown_user(&client))?;
        codes::check(
            tx,
            &user,
            &Purpose::ForgotPassword,
            &req.confirmation_code,
            now,
        )
        .map_err(|e| hidden(e, client.settings.hides_user_existence()))?;
        user.verifier = verifier;
        user.status = UserStatus::Confirmed;
        user.temp_password_expires = None;
        user.note_right_password();
        user.modified = now;
        users::update(tx, &user)?;
        Ok(json!({}))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::local_pool::model::PoolSettings;

    fn pool(settings: serde_json::Value) -> Pool {
        Pool {
            id: "us-east-1_Test".into(),
            name: "t".into(),
            settings: serde_json::from_value::<PoolSettings>(settings).unwrap(),
            created: 0,
            modified: 0,
        }
    }

    #[test]
    fn simulated_delivery_looks_like_the_real_thing() {
        let p = pool(json!({ "AutoVerifiedAttributes": ["email"] }));
        assert_eq!(
            simulated_delivery(&p, "ghost@example.com")["Destination"],
            "g***@e***"
        );
        assert_eq!(simulated_delivery(&p, "ghost")["DeliveryMedium"], "EMAIL");
        assert_eq!(
            simulated_delivery(&p, "+15555550100")["DeliveryMedium"],
            "SMS"
        );
    }
}
