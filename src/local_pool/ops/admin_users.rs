//! Administrator operations on users (SigV4-signed): reading, creating, deleting, enabling,
//! passwords, attributes, sign-out and MFA preferences, plus ListUsers.

mod create_user;
pub mod csv_header;
pub mod list_users;

use serde::Deserialize;
use serde_json::{Value, json};
use zeroize::Zeroizing;

use super::{Call, Op};
use crate::local_pool::attributes::{self, AttributeInput, Writer};
use crate::local_pool::codes::{self, Destination, Purpose};
use crate::local_pool::error::{ApiError, ApiResult};
use crate::local_pool::pools::{self, Pool};
use crate::local_pool::srp_server;
use crate::local_pool::tokens;
use crate::local_pool::users::{self, User, UserStatus};

use super::mfa_preference::{self, MfaPreferences};

/// The operations of this group.
pub const OPS: &[Op] = &[
    Op::signed("ListUsers", list_users::list_users),
    Op::signed("AdminGetUser", admin_get_user),
    Op::signed("AdminCreateUser", create_user::admin_create_user),
    Op::signed("AdminDeleteUser", admin_delete_user),
    Op::signed("AdminEnableUser", admin_enable_user),
    Op::signed("AdminDisableUser", admin_disable_user),
    Op::signed("AdminSetUserPassword", admin_set_user_password),
    Op::signed("AdminResetUserPassword", admin_reset_user_password),
    Op::signed("AdminUpdateUserAttributes", admin_update_user_attributes),
    Op::signed("AdminDeleteUserAttributes", admin_delete_user_attributes),
    Op::signed("AdminUserGlobalSignOut", admin_user_global_sign_out),
    Op::signed("AdminSetUserMFAPreference", admin_set_user_mfa_preference),
    Op::signed("GetCSVHeader", csv_header::get_csv_header),
];

/// The members every operation here names.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct UserRef {
    user_pool_id: String,
    username: String,
}

/// The pool (ResourceNotFoundException) and the user (UserNotFoundException) a request names.
fn pool_and_user(conn: &rusqlite::Connection, r: &UserRef) -> ApiResult<(Pool, User)> {
    let pool = pools::get_pool(conn, &r.user_pool_id)?;
    let user = users::require(conn, &pool, &r.username)?;
    Ok((pool, user))
}

/// Loads the user, lets `change` edit it, stamps and saves it.
fn modify_user(
    call: &Call<'_>,
    r: &UserRef,
    change: impl FnOnce(&rusqlite::Connection, &Pool, &mut User) -> ApiResult<()>,
) -> ApiResult<Value> {
    let now = call.now();
    call.state.db.write(|tx| {
        let (pool, mut user) = pool_and_user(tx, r)?;
        change(tx, &pool, &mut user)?;
        user.modified = now;
        users::update(tx, &user)?;
        Ok(json!({}))
    })
}

fn admin_get_user(call: &Call<'_>) -> ApiResult<Value> {
    let r: UserRef = call.parse()?;
    let user = call.state.db.read(|tx| Ok(pool_and_user(tx, &r)?.1))?;
    let mut out = json!({
        "Username": user.username,
        "UserAttributes": user.attributes_json(None),
        "UserCreateDate": user.created,
        "UserLastModifiedDate": user.modified,
        "Enabled": user.enabled,
        "UserStatus": user.status.as_str(),
    });
    if let Value::Object(map) = &mut out {
        map.extend(user.mfa_json());
    }
    Ok(out)
}

fn admin_delete_user(call: &Call<'_>) -> ApiResult<Value> {
    let r: UserRef = call.parse()?;
    call.state.db.write(|tx| {
        let (pool, user) = pool_and_user(tx, &r)?;
        users::delete(tx, &pool.id, &user.username_key)?;
        Ok(json!({}))
    })
}

fn admin_enable_user(call: &Call<'_>) -> ApiResult<Value> {
    set_enabled(call, true)
}

fn admin_disable_user(call: &Call<'_>) -> ApiResult<Value> {
    set_enabled(call, false)
}

/// AdminEnableUser / AdminDisableUser. A disabled user's tokens stop working at once
/// (`tokens::authenticate` and refresh check the flag).
fn set_enabled(call: &Call<'_>, enabled: bool) -> ApiResult<Value> {
    let r: UserRef = call.parse()?;
    modify_user(call, &r, |_, _, user| {
        user.enabled = enabled;
        Ok(())
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct SetPasswordRequest {
    password: String,
    #[serde(default)]
    permanent: bool,
}

fn admin_set_user_password(call: &Call<'_>) -> ApiResult<Value> {
    let r: UserRef = call.parse()?;
    let req: SetPasswordRequest = call.parse()?;
    let password = Zeroizing::new(req.password);
    // The verifier is slow to compute: find whose it is first, compute it unlocked.
    let (pool, user) = call.state.db.read(|tx| pool_and_user(tx, &r))?;
    pool.settings
        .policies
        .password_policy
        .check(&password)
        .map_err(ApiError::invalid_password)?;
    let verifier = srp_server::new_verifier(pool.srp_name(), &user.username, &password)
        .map_err(|e| ApiError::internal(e.to_string()))?;
    let now = call.now();
    let validity_days = i64::from(
        pool.settings
            .policies
            .password_policy
            .temporary_password_validity_days,
    );
    modify_user(call, &r, |tx, _, current| {
        if current.username_key != user.username_key {
            return Err(ApiError::user_not_found("User does not exist."));
        }
        current.verifier = verifier;
        current.note_right_password();
        if req.permanent {
            current.status = UserStatus::Confirmed;
            current.temp_password_expires = None;
        } else {
            current.status = UserStatus::ForceChangePassword;
            current.temp_password_expires = Some(now + validity_days * 86_400);
        }
        codes::discard(tx, current, &Purpose::ForgotPassword)
    })
}

fn admin_reset_user_password(call: &Call<'_>) -> ApiResult<Value> {
    let r: UserRef = call.parse()?;
    let now = call.now();
    call.state.db.write(|tx| {
        let (pool, mut user) = pool_and_user(tx, &r)?;
        if user.status == UserStatus::Unconfirmed {
            return Err(ApiError::not_authorized(
                "User password cannot be reset in the current state.",
            ));
        }
        let Some(to) = recovery_destination(&pool, &user) else {
            return Err(ApiError::invalid_parameter(
                "Cannot reset password for the user as there is no registered/verified email \
                 or phone_number",
            ));
        };
        user.status = UserStatus::ResetRequired;
        user.modified = now;
        users::update(tx, &user)?;
        codes::send(tx, &user, Purpose::ForgotPassword, &to, now)?;
        Ok(json!({}))
    })
}

/// Where a password-reset code goes: the first verified address in the pool's
/// AccountRecoverySetting order (email, then phone, when the pool sets none).
pub fn recovery_destination(pool: &Pool, user: &User) -> Option<Destination> {
    let mut order: Vec<(i64, &str)> = pool
        .settings
        .extra
        .get("AccountRecoverySetting")
        .and_then(|s| s.get("RecoveryMechanisms"))
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|m| {
                    let attribute = match m.get("Name")?.as_str()? {
                        "verified_email" => "email",
                        "verified_phone_number" => "phone_number",
                        _ => return None,
                    };
                    Some((m.get("Priority").and_then(Value::as_i64)?, attribute))
                })
                .collect()
        })
        .unwrap_or_default();
    order.sort();
    if order.is_empty() {
        order = vec![(1, "email"), (2, "phone_number")];
    }
    order
        .into_iter()
        .filter(|(_, attribute)| user.is_verified(attribute))
        .find_map(|(_, attribute)| Destination::of(user, attribute))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct UpdateAttributesRequest {
    user_attributes: Vec<AttributeInput>,
}

/// Attributes whose change must be verified again.
const VERIFIABLE: [&str; 2] = ["email", "phone_number"];

fn admin_update_user_attributes(call: &Call<'_>) -> ApiResult<Value> {
    let r: UserRef = call.parse()?;
    let req: UpdateAttributesRequest = call.parse()?;
    let now = call.now();
    call.state.db.write(|tx| {
        let (pool, mut user) = pool_and_user(tx, &r)?;
        let given = attributes::validate(&pool, Writer::Admin, req.user_attributes, false)?;
        let given_value = |name: &str| {
            given
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let mut changed: Vec<&str> = Vec::new();
        for attribute in VERIFIABLE {
            if let Some(value) = given_value(attribute)
                && user.attribute(attribute) != Some(value)
            {
                changed.push(attribute);
            }
        }
        for (name, value) in &given {
            user.attributes.insert(name.clone(), value.clone());
        }
        for attribute in &changed {
            let flag = format!("{attribute}_verified");
            if given_value(&flag) != Some("true") {
                user.attributes.insert(flag, "false".into());
            }
        }
        // Aliases the request sets (or marks verified) that now sign in must be free.
        let touched: Vec<(String, String)> = user
            .attributes
            .iter()
            .filter(|(name, _)| {
                given_value(name).is_some() || given_value(&format!("{name}_verified")).is_some()
            })
            .filter(|(name, _)| alias_active(&pool, &user, name))
            .map(|(n, v)| (n.clone(), v.clone()))
            .collect();
        attributes::check_alias_free(tx, &pool, &user.username_key, &touched)?;
        let all: Vec<(String, String)> = user.attributes.clone().into_iter().collect();
        attributes::check_required(&pool, &all)?;
        user.modified = now;
        users::update(tx, &user)?;
        for attribute in changed {
            if pool.settings.auto_verifies(attribute)
                && !user.is_verified(attribute)
                && let Some(to) = Destination::of(&user, attribute)
            {
                codes::send(tx, &user, Purpose::Verify(attribute.into()), &to, now)?;
            }
        }
        Ok(json!({}))
    })
}

/// Whether `name` of `user` signs in and so must be unique: a username attribute,
/// `preferred_username`, or a verified alias.
pub fn alias_active(pool: &Pool, user: &User, name: &str) -> bool {
    pool.settings.username_attributes.iter().any(|a| a == name)
        || name == "preferred_username"
        || user.is_verified(name)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DeleteAttributesRequest {
    user_attribute_names: Vec<String>,
}

fn admin_delete_user_attributes(call: &Call<'_>) -> ApiResult<Value> {
    let r: UserRef = call.parse()?;
    let req: DeleteAttributesRequest = call.parse()?;
    modify_user(call, &r, |tx, pool, user| {
        for name in &req.user_attribute_names {
            let Some(schema) = pool.settings.schema(name) else {
                return Err(ApiError::invalid_parameter(format!(
                    "Attribute {name} does not exist in the schema."
                )));
            };
            if name == "sub" || !schema.mutable {
                return Err(ApiError::invalid_parameter(format!(
                    "Cannot modify an already provided immutable attribute: {name}"
                )));
            }
            user.attributes.remove(name);
            if VERIFIABLE.contains(&name.as_str()) {
                user.attributes.remove(&format!("{name}_verified"));
                codes::discard(tx, user, &Purpose::Verify(name.clone()))?;
            }
        }
        let all: Vec<(String, String)> = user.attributes.clone().into_iter().collect();
        attributes::check_required(pool, &all)?;
        let username_attributes = &pool.settings.username_attributes;
        if !username_attributes.is_empty()
            && !username_attributes
                .iter()
                .any(|a| user.attribute(a).is_some())
        {
            return Err(ApiError::invalid_parameter(
                "Cannot delete the attribute the user signs in with.",
            ));
        }
        if user.attribute("phone_number").is_none() {
            user.sms_mfa_enabled = false;
            if user.preferred_mfa.as_deref() == Some("SMS_MFA") {
                user.preferred_mfa = None;
            }
        }
        Ok(())
    })
}

fn admin_user_global_sign_out(call: &Call<'_>) -> ApiResult<Value> {
    let r: UserRef = call.parse()?;
    call.state.db.write(|tx| {
        let (pool, user) = pool_and_user(tx, &r)?;
        tokens::revoke_all(tx, &pool.id, &user.username_key)?;
        Ok(json!({}))
    })
}

fn admin_set_user_mfa_preference(call: &Call<'_>) -> ApiResult<Value> {
    let r: UserRef = call.parse()?;
    let prefs: MfaPreferences = call.parse()?;
    modify_user(call, &r, |_, pool, user| {
        mfa_preference::apply(pool, user, &prefs)
    })
}
