//! Self-service sign-up and password reset: SignUp, ConfirmSignUp, ResendConfirmationCode,
//! AdminConfirmSignUp, ForgotPassword, ConfirmForgotPassword.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::Deserialize;
use serde_json::{Value, json};
use zeroize::Zeroizing;

use super::{Call, Handler, check_secret_hash};
use crate::local_pool::attributes::{
    self, AttributeInput, Writer, looks_like_email, looks_like_phone,
};
use crate::local_pool::codes::{self, Destination, Purpose};
use crate::local_pool::error::{ApiError, ApiResult};
use crate::local_pool::pools::{self, Client, Pool};
use crate::local_pool::srp_server;
use crate::local_pool::users::{self, User, UserStatus};

/// Cognito's UserNotFoundException message for the user-side calls that take a ClientId.
const NOT_FOUND: &str = "Username/client id combination not found.";
const CODE_MISMATCH: &str = "Invalid verification code provided, please try again.";
/// Cognito's limit on the Username member.
const MAX_USERNAME_CHARS: usize = 128;

pub fn handler(op: &str) -> Option<Handler> {
    Some(match op {
        "SignUp" => sign_up as Handler,
        "ConfirmSignUp" => confirm_sign_up,
        "ResendConfirmationCode" => resend_confirmation_code,
        "AdminConfirmSignUp" => admin_confirm_sign_up,
        "ForgotPassword" => forgot_password,
        "ConfirmForgotPassword" => confirm_forgot_password,
        _ => return None,
    })
}

// ValidationData and ClientMetadata are accepted and ignored: the local pool runs no triggers.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct SignUpRequest {
    client_id: String,
    username: String,
    password: String,
    #[serde(default)]
    user_attributes: Option<Vec<AttributeInput>>,
    #[serde(default)]
    secret_hash: Option<String>,
}

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

/// The app client and pool a user-side call names, once its SECRET_HASH (over the name as
/// typed) checks out.
fn user_side(
    conn: &Connection,
    client_id: &str,
    username: &str,
    secret_hash: Option<&str>,
) -> ApiResult<(Client, Pool)> {
    let (client, pool) = pools::get_client_and_pool(conn, client_id)?;
    check_secret_hash(&client, username, secret_hash)?;
    Ok((client, pool))
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

/// Where the sign-up code goes: an auto-verified email (preferred) or phone number.
fn signup_destination(pool: &Pool, user: &User) -> Option<Destination> {
    ["email", "phone_number"]
        .into_iter()
        .filter(|a| pool.settings.auto_verifies(a))
        .find_map(|a| Destination::of(user, a))
}

fn check_username(username: &str) -> ApiResult<()> {
    let chars = username.chars().count();
    if chars == 0 {
        return Err(ApiError::invalid_member(
            "Username",
            "Member must have length greater than or equal to 1",
        ));
    }
    if chars > MAX_USERNAME_CHARS {
        return Err(ApiError::invalid_member(
            "Username",
            "Member must have length less than or equal to 128",
        ));
    }
    if username
        .chars()
        .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(ApiError::invalid_member(
            "Username",
            "Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
        ));
    }
    Ok(())
}

/// The username to store and, in pools that sign in by email or phone, the attribute the
/// typed name becomes (the stored name is then a fresh UUID, which is also the `sub`).
fn internal_username(pool: &Pool, typed: &str) -> ApiResult<(String, Option<(String, String)>)> {
    let settings = &pool.settings;
    let has = |list: &[String], a: &str| list.iter().any(|x| x == a);
    if settings.username_attributes.is_empty() {
        for (attr, what, looks) in [
            ("email", "email", looks_like_email as fn(&str) -> bool),
            ("phone_number", "phone number", looks_like_phone),
        ] {
            if has(&settings.alias_attributes, attr) && looks(typed) {
                return Err(ApiError::invalid_parameter(format!(
                    "Username cannot be of {what} format, since user pool is configured for \
                     {attr} alias."
                )));
            }
        }
        return Ok((typed.to_string(), None));
    }
    let (email, phone) = (
        has(&settings.username_attributes, "email"),
        has(&settings.username_attributes, "phone_number"),
    );
    let attribute = if email && looks_like_email(typed.trim()) {
        ("email".to_string(), typed.trim().to_lowercase())
    } else if phone && looks_like_phone(typed) {
        ("phone_number".to_string(), typed.to_string())
    } else {
        return Err(ApiError::invalid_parameter(match (email, phone) {
            (true, true) => "Username should be either an email or a phone number.",
            (true, false) => "Username should be an email.",
            _ => "Username should be a phone number.",
        }));
    };
    Ok((users::new_sub(), Some(attribute)))
}

fn srp_error(e: srp_server::SrpServerError) -> ApiError {
    ApiError::internal(e.to_string())
}

fn sign_up(call: &Call<'_>) -> ApiResult<Value> {
    let req: SignUpRequest = call.parse()?;
    let password = Zeroizing::new(req.password);
    check_username(&req.username)?;
    let (client, pool) = call.state.db.read(|tx| {
        user_side(
            tx,
            &req.client_id,
            &req.username,
            req.secret_hash.as_deref(),
        )
    })?;
    if pool
        .settings
        .admin_create_user_config
        .allow_admin_create_user_only
    {
        return Err(ApiError::not_authorized(
            "SignUp is not permitted for this user pool",
        ));
    }
    let given = req.user_attributes.unwrap_or_default();
    let mut attrs = attributes::validate(&pool, Writer::User(&client), given, true)?;
    // Users prove their addresses with codes; a client may not mark them verified.
    if let Some((name, _)) = attrs.iter().find(|(n, _)| n.ends_with("_verified")) {
        return Err(ApiError::not_authorized(format!(
            "A client attempted to write unauthorized attribute {name}"
        )));
    }
    let (internal, from_username) = internal_username(&pool, &req.username)?;
    if let Some((name, value)) = from_username {
        attrs.retain(|(n, _)| *n != name);
        attrs.push((name, value));
    }
    attributes::check_required(&pool, &attrs)?;
    pool.settings
        .policies
        .password_policy
        .check(&password)
        .map_err(ApiError::invalid_password)?;
    // The verifier costs a modular exponentiation: compute it before taking the lock.
    let verifier =
        srp_server::new_verifier(pool.srp_name(), &internal, &password).map_err(srp_error)?;
    let now = call.now();
    let (sub, delivery) = call.state.db.write(|tx| {
        let pool = pools::get_pool(tx, &pool.id)?;
        let key = pool.username_key(&internal);
        let settings = &pool.settings;
        // Username attributes (and preferred_username, which needs no verification) must be
        // unique now; other aliases are settled when the address is confirmed.
        let unique: Vec<(String, String)> = attrs
            .iter()
            .filter(|(n, _)| {
                settings.username_attributes.contains(n)
                    || (n == "preferred_username" && settings.alias_attributes.contains(n))
            })
            .cloned()
            .collect();
        attributes::check_alias_free(tx, &pool, &key, &unique)?;
        if users::get_by_key(tx, &pool.id, &key)?.is_some() {
            return Err(ApiError::username_exists("User already exists"));
        }
        let sub = if settings.username_attributes.is_empty() {
            users::new_sub()
        } else {
            internal.clone()
        };
        let mut attributes: BTreeMap<String, String> = attrs.into_iter().collect();
        attributes.insert("sub".into(), sub.clone());
        let user = User {
            pool_id: pool.id.clone(),
            username: internal,
            username_key: key,
            sub: sub.clone(),
            status: UserStatus::Unconfirmed,
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
            failed_attempts: 0,
            locked_until: 0,
            attributes,
        };
        users::insert(tx, &user)?;
        let delivery = signup_destination(&pool, &user)
            .map(|to| codes::send(tx, &user, Purpose::SignUp, &to, now))
            .transpose()?;
        Ok((sub, delivery))
    })?;
    let mut out = json!({ "UserConfirmed": false, "UserSub": sub });
    if let Some(details) = delivery {
        out["CodeDeliveryDetails"] = details;
    }
    Ok(out)
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

fn confirm_sign_up(call: &Call<'_>) -> ApiResult<Value> {
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
        let Some(mut user) = users::find(tx, &pool, &req.username)? else {
            return Err(unknown_user(&client));
        };
        if user.status != UserStatus::Unconfirmed {
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
            return Err(e);
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

fn resend_confirmation_code(call: &Call<'_>) -> ApiResult<Value> {
    let req: UserRequest = call.parse()?;
    let now = call.now();
    let details = call.state.db.write(|tx| {
        let (client, pool) = user_side(
            tx,
            &req.client_id,
            &req.username,
            req.secret_hash.as_deref(),
        )?;
        let Some(user) = users::find(tx, &pool, &req.username)? else {
            if client.settings.hides_user_existence() {
                return Ok(simulated_delivery(&pool, &req.username));
            }
            return Err(ApiError::user_not_found(NOT_FOUND));
        };
        if user.status != UserStatus::Unconfirmed {
            return Err(ApiError::invalid_parameter("User is already confirmed."));
        }
        let Some(to) = signup_destination(&pool, &user) else {
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

fn admin_confirm_sign_up(call: &Call<'_>) -> ApiResult<Value> {
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

fn forgot_password(call: &Call<'_>) -> ApiResult<Value> {
    let req: UserRequest = call.parse()?;
    let now = call.now();
    let details = call.state.db.write(|tx| {
        let (client, pool) = user_side(
            tx,
            &req.client_id,
            &req.username,
            req.secret_hash.as_deref(),
        )?;
        let Some(user) = users::find(tx, &pool, &req.username)? else {
            if client.settings.hides_user_existence() {
                return Ok(simulated_delivery(&pool, &req.username));
            }
            return Err(ApiError::user_not_found(NOT_FOUND));
        };
        if !user.enabled {
            return Err(ApiError::not_authorized("User is disabled."));
        }
        if user.status == UserStatus::ForceChangePassword {
            return Err(ApiError::not_authorized(
                "User password cannot be reset in the current state.",
            ));
        }
        let to = ["email", "phone_number"]
            .into_iter()
            .filter(|a| user.is_verified(a))
            .find_map(|a| Destination::of(&user, a))
            .ok_or_else(|| {
                ApiError::invalid_parameter(
                    "Cannot reset password for the user as there is no registered/verified \
                     email or phone_number",
                )
            })?;
        codes::send(tx, &user, Purpose::ForgotPassword, &to, now)
    })?;
    Ok(json!({ "CodeDeliveryDetails": details }))
}

fn confirm_forgot_password(call: &Call<'_>) -> ApiResult<Value> {
    let req: ConfirmForgotPasswordRequest = call.parse()?;
    let password = Zeroizing::new(req.password);
    let (client, pool, user) = call.state.db.read(|tx| {
        let (client, pool) = user_side(
            tx,
            &req.client_id,
            &req.username,
            req.secret_hash.as_deref(),
        )?;
        let user = users::find(tx, &pool, &req.username)?.ok_or_else(|| unknown_user(&client))?;
        Ok((client, pool, user))
    })?;
    // The policy is checked before the code, so a refused password does not use the code up.
    pool.settings
        .policies
        .password_policy
        .check(&password)
        .map_err(ApiError::invalid_password)?;
    let verifier =
        srp_server::new_verifier(pool.srp_name(), &user.username, &password).map_err(srp_error)?;
    let now = call.now();
    call.state.db.write_keeping_failures(|tx| {
        let mut user = users::get_by_key(tx, &pool.id, &user.username_key)?
            .ok_or_else(|| unknown_user(&client))?;
        codes::check(
            tx,
            &user,
            &Purpose::ForgotPassword,
            &req.confirmation_code,
            now,
        )?;
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
    fn usernames_follow_the_pool_sign_in_attributes() {
        let plain = pool(json!({}));
        assert_eq!(
            internal_username(&plain, "a@b.c").unwrap(),
            ("a@b.c".into(), None)
        );
        let alias = pool(json!({ "AliasAttributes": ["email"] }));
        assert!(
            internal_username(&alias, "a@b.c")
                .unwrap_err()
                .message
                .contains("email alias")
        );
        let by_email = pool(json!({ "UsernameAttributes": ["email"] }));
        let (name, attr) = internal_username(&by_email, "A@B.c").unwrap();
        assert!(uuid::Uuid::parse_str(&name).is_ok());
        assert_eq!(attr, Some(("email".into(), "a@b.c".into())));
        let err = internal_username(&by_email, "+15555550100").unwrap_err();
        assert_eq!(err.message, "Username should be an email.");
        let both = pool(json!({ "UsernameAttributes": ["email", "phone_number"] }));
        let (_, attr) = internal_username(&both, "+15555550100").unwrap();
        assert_eq!(attr, Some(("phone_number".into(), "+15555550100".into())));
        let err = internal_username(&both, "bob").unwrap_err();
        assert_eq!(
            err.message,
            "Username should be either an email or a phone number."
        );
    }

    #[test]
    fn username_constraints() {
        assert!(check_username("bob").is_ok());
        assert!(check_username("bøb+1@x").is_ok());
        for bad in ["", "a b", "a\u{0}", &"x".repeat(129)] {
            assert_eq!(
                check_username(bad).unwrap_err().kind,
                "InvalidParameterException"
            );
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
