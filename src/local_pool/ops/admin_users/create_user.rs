//! AdminCreateUser: a user in FORCE_CHANGE_PASSWORD with a temporary password, and the
//! invitation that carries it (or, with `MessageAction: RESEND`, a new temporary password for a
//! user who has not signed in yet).

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::Deserialize;
use serde_json::{Value, json};
use zeroize::Zeroizing;

use super::super::Call;
use super::alias_active;
use crate::local_pool::attributes::{self, AttributeInput, Writer};
use crate::local_pool::codes::Destination;
use crate::local_pool::error::{ApiError, ApiResult};
use crate::local_pool::outbox;
use crate::local_pool::pools::{self, Pool};
use crate::local_pool::srp_server::{self, StoredVerifier};
use crate::local_pool::users::{self, User, UserStatus};

/// Cognito's limit on usernames.
const MAX_USERNAME_CHARS: usize = 128;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Request {
    user_pool_id: String,
    username: String,
    #[serde(default)]
    user_attributes: Option<Vec<AttributeInput>>,
    #[serde(default)]
    temporary_password: Option<String>,
    #[serde(default)]
    force_alias_creation: bool,
    #[serde(default)]
    message_action: Option<String>,
    #[serde(default)]
    desired_delivery_mediums: Option<Vec<String>>,
}

pub fn admin_create_user(call: &Call<'_>) -> ApiResult<Value> {
    let mut req: Request = call.parse()?;
    let resend = match req.message_action.as_deref() {
        None => false,
        Some("RESEND") => true,
        Some("SUPPRESS") => false,
        Some(other) => {
            return Err(ApiError::invalid_parameter(format!(
                "1 validation error detected: Value '{other}' at 'messageAction' failed to \
                 satisfy constraint: Member must satisfy enum value set: [RESEND, SUPPRESS]"
            )));
        }
    };
    let send = req.message_action.as_deref() != Some("SUPPRESS");
    if let Some(bad) = req
        .desired_delivery_mediums
        .iter()
        .flatten()
        .find(|m| !matches!(m.as_str(), "EMAIL" | "SMS"))
    {
        return Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '[{bad}]' at 'desiredDeliveryMediums' failed \
             to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum \
             value set: [SMS, EMAIL]]"
        )));
    }
    check_username_format(&req.username)?;
    let temporary = req.temporary_password.take().map(Zeroizing::new);

    // Whose password it is decides the verifier, which is slow: settle that first, unlocked.
    let (pool, internal) = call.state.db.read(|tx| {
        let pool = pools::get_pool(tx, &req.user_pool_id)?;
        let internal = if resend {
            resend_target(tx, &pool, &req.username)?.username
        } else {
            new_internal_username(tx, &pool, &req.username)?
        };
        Ok((pool, internal))
    })?;
    let policy = &pool.settings.policies.password_policy;
    let password = match temporary {
        Some(given) => {
            policy.check(&given).map_err(ApiError::invalid_password)?;
            given
        }
        None => Zeroizing::new(policy.generate_temporary().map_err(ApiError::internal)?),
    };
    let verifier = srp_server::new_verifier(pool.srp_name(), &internal, &password)
        .map_err(|e| ApiError::internal(e.to_string()))?;
    let now = call.now();
    let expires = now + i64::from(policy.temporary_password_validity_days) * 86_400;

    call.state.db.write(|tx| {
        let user = if resend {
            let mut user = resend_target(tx, &pool, &req.username)?;
            if user.username != internal {
                return Err(ApiError::user_not_found("User does not exist."));
            }
            user.verifier = verifier;
            user.temp_password_expires = Some(expires);
            user.note_right_password();
            user.modified = now;
            users::update(tx, &user)?;
            user
        } else {
            let attrs = req.user_attributes.take().unwrap_or_default();
            let user = new_user(tx, &pool, &req, attrs, &internal, verifier, now, expires)?;
            users::insert(tx, &user)?;
            user
        };
        if send {
            let mediums = req.desired_delivery_mediums.as_deref();
            invite(tx, &user, &req.username, &password, mediums, now)?;
        }
        Ok(json!({ "User": user.user_type(None) }))
    })
}

/// Cognito's pattern for usernames: 1 to 128 letters, marks, symbols, numbers, punctuation.
fn check_username_format(username: &str) -> ApiResult<()> {
    let chars = username.chars().count();
    if chars == 0 || chars > MAX_USERNAME_CHARS {
        return Err(ApiError::invalid_member(
            "Username",
            &format!("Member must have length between 1 and {MAX_USERNAME_CHARS}"),
        ));
    }
    if username
        .chars()
        .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(ApiError::invalid_member(
            "Username",
            r"Member must satisfy regular expression pattern: [\p{L}\p{M}\p{S}\p{N}\p{P}]+",
        ));
    }
    Ok(())
}

/// The user a RESEND names: one who has not yet replaced their temporary password.
fn resend_target(conn: &Connection, pool: &Pool, username: &str) -> ApiResult<User> {
    let user = users::require(conn, pool, username)?;
    if user.status != UserStatus::ForceChangePassword {
        return Err(ApiError::unsupported_user_state(format!(
            "Resend not possible. {} status is not FORCE_CHANGE_PASSWORD",
            user.username
        )));
    }
    Ok(user)
}

/// The internal username of a new user: the username itself, or a UUID in pools where users
/// sign in with their email or phone number (then `username` must be one).
fn new_internal_username(conn: &Connection, pool: &Pool, username: &str) -> ApiResult<String> {
    let by_attribute = &pool.settings.username_attributes;
    if by_attribute.is_empty() {
        for (alias, looks_like, what) in [
            (
                "email",
                attributes::looks_like_email as fn(&str) -> bool,
                "email",
            ),
            ("phone_number", attributes::looks_like_phone, "phone number"),
        ] {
            if pool.settings.alias_attributes.iter().any(|a| a == alias) && looks_like(username) {
                return Err(ApiError::invalid_parameter(format!(
                    "Username cannot be of {what} format, since user pool is configured for \
                     {what} alias."
                )));
            }
        }
        if users::get_by_key(conn, &pool.id, &pool.username_key(username))?.is_some() {
            return Err(ApiError::username_exists("User account already exists"));
        }
        return Ok(username.to_string());
    }
    if username_attribute(pool, username).is_none() {
        let message = if by_attribute.iter().all(|a| a == "email") {
            "Username should be an email."
        } else if by_attribute.iter().all(|a| a == "phone_number") {
            "Username should be a phone number."
        } else {
            "Username should be either an email or a phone number."
        };
        return Err(ApiError::invalid_parameter(message));
    }
    Ok(users::new_sub())
}

/// Which username attribute `username` is a value of, in a pool with UsernameAttributes.
fn username_attribute(pool: &Pool, username: &str) -> Option<&'static str> {
    let allowed = |name: &str| pool.settings.username_attributes.iter().any(|a| a == name);
    if allowed("email") && attributes::looks_like_email(username) {
        Some("email")
    } else if allowed("phone_number") && attributes::looks_like_phone(username) {
        Some("phone_number")
    } else {
        None
    }
}

#[allow(clippy::too_many_arguments)]
fn new_user(
    conn: &Connection,
    pool: &Pool,
    req: &Request,
    input: Vec<AttributeInput>,
    internal: &str,
    verifier: StoredVerifier,
    now: i64,
    expires: i64,
) -> ApiResult<User> {
    let mut attrs = attributes::validate(pool, Writer::Admin, input, true)?;
    if let Some(name) = username_attribute(pool, &req.username) {
        let given = AttributeInput {
            name: name.into(),
            value: Some(req.username.clone()),
        };
        let (name, value) = attributes::validate(pool, Writer::Admin, vec![given], true)?
            .pop()
            .ok_or_else(|| ApiError::internal("username attribute vanished"))?;
        if let Some((_, other)) = attrs.iter().find(|(n, _)| *n == name)
            && *other != value
        {
            return Err(ApiError::invalid_parameter(format!(
                "The {name} attribute must be the username."
            )));
        }
        attrs.retain(|(n, _)| *n != name);
        attrs.push((name, value));
    }
    let username_key = pool.username_key(internal);
    if users::get_by_key(conn, &pool.id, &username_key)?.is_some() {
        return Err(ApiError::username_exists("User account already exists"));
    }
    attributes::check_required(pool, &attrs)?;
    let sub = if pool.settings.username_attributes.is_empty() {
        users::new_sub()
    } else {
        internal.to_string()
    };
    let mut map: BTreeMap<String, String> = attrs.into_iter().collect();
    map.insert("sub".into(), sub.clone());
    let mut user = User::new(
        pool,
        internal.to_string(),
        sub,
        UserStatus::ForceChangePassword,
        verifier,
        map,
        now,
    );
    user.temp_password_expires = Some(expires);
    let active: Vec<(String, String)> = user
        .attributes
        .iter()
        .filter(|(name, _)| alias_active(pool, &user, name))
        .map(|(n, v)| (n.clone(), v.clone()))
        .collect();
    if req.force_alias_creation {
        take_aliases(conn, pool, &mut user, &active, now)?;
    }
    attributes::check_alias_free(conn, pool, &user.username_key, &active)?;
    Ok(user)
}

/// ForceAliasCreation: a verified email or phone number another user signs in with moves to
/// the new user; the other user's copy stops being verified, so it no longer signs them in.
fn take_aliases(
    conn: &Connection,
    pool: &Pool,
    user: &mut User,
    active: &[(String, String)],
    now: i64,
) -> ApiResult<()> {
    for (name, value) in active {
        let is_alias = pool.settings.alias_attributes.iter().any(|a| a == name);
        if !is_alias || !matches!(name.as_str(), "email" | "phone_number") {
            continue;
        }
        for owner in users::owners_of(conn, &pool.id, name, value)? {
            if owner == user.username_key {
                continue;
            }
            if let Some(mut other) = users::get_by_key(conn, &pool.id, &owner)?
                && other.is_verified(name)
            {
                other
                    .attributes
                    .insert(format!("{name}_verified"), "false".into());
                other.modified = now;
                users::update(conn, &other)?;
            }
        }
    }
    Ok(())
}

/// Sends the invitation to the addresses `mediums` asks for (by default the email, else the
/// phone number). Users without such an address get none, as in Cognito.
fn invite(
    conn: &Connection,
    user: &User,
    shown_username: &str,
    password: &str,
    mediums: Option<&[String]>,
    now: i64,
) -> ApiResult<()> {
    let destinations: Vec<Destination> = match mediums {
        Some(list) if !list.is_empty() => {
            let mut out: Vec<Destination> = Vec::new();
            for medium in list {
                let attribute = if medium == "SMS" {
                    "phone_number"
                } else {
                    "email"
                };
                if let Some(d) = Destination::of(user, attribute)
                    && !out.contains(&d)
                {
                    out.push(d);
                }
            }
            out
        }
        _ => Destination::of(user, "email")
            .or_else(|| Destination::of(user, "phone_number"))
            .into_iter()
            .collect(),
    };
    for to in destinations {
        let letter = outbox::Letter {
            kind: "invitation",
            code: password,
            message: format!(
                "Your username is {shown_username} and temporary password is {password}."
            ),
        };
        outbox::send(conn, now, user, &to, letter)?;
    }
    Ok(())
}
