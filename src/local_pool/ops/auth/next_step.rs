//! What follows a right password, for every flow: the user's state, a new password, MFA, or
//! tokens. Each challenge is remembered under a fresh Session.

use rusqlite::Connection;
use serde_json::{Map, Value, json};

use super::{Ctx, wrong_credentials};
use crate::local_pool::codes::{self, Destination, Purpose};
use crate::local_pool::error::{ApiError, ApiResult};
use crate::local_pool::sessions::{ChallengeState, Pending};
use crate::local_pool::tokens::{self, Grant, Refresh};
use crate::local_pool::users::{self, User, UserStatus};
use crate::secret::SecretString;

pub const SMS_MFA: &str = "SMS_MFA";
pub const SOFTWARE_TOKEN_MFA: &str = "SOFTWARE_TOKEN_MFA";

/// Records the outcome of a password check (wrong ones count toward the lockout, even though
/// the call fails) and, when right, continues the sign-in.
pub(super) fn finish_password(cx: &Ctx<'_>, username_key: &str, right: bool) -> ApiResult<Value> {
    let now = cx.call.now();
    cx.call.state.db.write_keeping_failures(|tx| {
        let Some(mut user) = users::get_by_key(tx, &cx.pool.id, username_key)? else {
            return Err(wrong_credentials());
        };
        if !right {
            user.note_wrong_password(now);
            users::update(tx, &user)?;
            return Err(wrong_credentials());
        }
        if user.failed_attempts != 0 || user.locked_until != 0 {
            user.note_right_password();
            users::update(tx, &user)?;
        }
        after_password(tx, cx, &user)
    })
}

/// The user's state after a right password: refusals, NEW_PASSWORD_REQUIRED, then MFA or tokens.
pub(super) fn after_password(conn: &Connection, cx: &Ctx<'_>, user: &User) -> ApiResult<Value> {
    if !user.enabled {
        return Err(ApiError::not_authorized("User is disabled."));
    }
    match user.status {
        UserStatus::Unconfirmed => Err(ApiError::user_not_confirmed("User is not confirmed.")),
        UserStatus::ResetRequired => Err(ApiError::password_reset_required(
            "Password reset required for the user",
        )),
        UserStatus::ForceChangePassword => {
            if user
                .temp_password_expires
                .is_some_and(|t| t < cx.call.now())
            {
                return Err(ApiError::not_authorized(
                    "Temporary password has expired and must be reset by an administrator.",
                ));
            }
            new_password_challenge(cx, user)
        }
        UserStatus::Confirmed => mfa_or_tokens(conn, cx, user),
    }
}

/// NEW_PASSWORD_REQUIRED with the required attributes the user lacks and the ones they may edit.
fn new_password_challenge(cx: &Ctx<'_>, user: &User) -> ApiResult<Value> {
    let required: Vec<String> = cx
        .pool
        .settings
        .schema_attributes
        .iter()
        .filter(|a| a.required && a.name != "sub")
        .filter(|a| user.attribute(&a.name).is_none_or(str::is_empty))
        .map(|a| format!("userAttributes.{}", a.name))
        .collect();
    let editable: Map<String, Value> = user
        .attributes
        .iter()
        .filter(|(name, _)| user_may_write(cx, name))
        .map(|(name, value)| (name.clone(), json!(value)))
        .collect();
    let mut params = Map::new();
    params.insert(
        "requiredAttributes".into(),
        json!(json!(required).to_string()),
    );
    params.insert(
        "userAttributes".into(),
        json!(Value::Object(editable).to_string()),
    );
    challenge(cx, user, "NEW_PASSWORD_REQUIRED", params, None)
}

/// Whether the app client lets users write `name` (NEW_PASSWORD_REQUIRED lists only those).
fn user_may_write(cx: &Ctx<'_>, name: &str) -> bool {
    let Some(schema) = cx.pool.settings.schema(name) else {
        return false;
    };
    name != "sub"
        && schema.mutable
        && !schema.developer_only_attribute
        && cx
            .client
            .settings
            .write_attributes
            .as_ref()
            .is_none_or(|allowed| allowed.iter().any(|a| a == name))
}

/// The MFA methods the user can be asked for: enabled and usable (SMS needs a phone number,
/// TOTP a verified secret).
pub(super) fn usable_mfa(user: &User) -> Vec<&'static str> {
    let mut out = Vec::new();
    if user.sms_mfa_enabled && user.attribute("phone_number").is_some() {
        out.push(SMS_MFA);
    }
    if user.totp_enabled && user.totp_secret.is_some() {
        out.push(SOFTWARE_TOKEN_MFA);
    }
    out
}

/// The MFA step when the pool uses MFA, else tokens.
pub(super) fn mfa_or_tokens(conn: &Connection, cx: &Ctx<'_>, user: &User) -> ApiResult<Value> {
    let settings = &cx.pool.settings;
    if !settings.mfa_enabled() {
        return tokens(conn, cx, user);
    }
    let methods = usable_mfa(user);
    match methods.as_slice() {
        [] if settings.mfa_required() => {
            let mut params = Map::new();
            params.insert(
                "MFAS_CAN_SETUP".into(),
                json!(json!([SOFTWARE_TOKEN_MFA]).to_string()),
            );
            challenge(cx, user, "MFA_SETUP", params, None)
        }
        [] => tokens(conn, cx, user),
        [only] => mfa_challenge(conn, cx, user, only),
        several => match several
            .iter()
            .find(|m| user.preferred_mfa.as_deref() == Some(**m))
        {
            Some(preferred) => mfa_challenge(conn, cx, user, preferred),
            None => {
                let mut params = Map::new();
                params.insert("MFAS_CAN_CHOOSE".into(), json!(json!(several).to_string()));
                challenge(cx, user, "SELECT_MFA_TYPE", params, None)
            }
        },
    }
}

/// SMS_MFA (a code is sent now) or SOFTWARE_TOKEN_MFA.
pub(super) fn mfa_challenge(
    conn: &Connection,
    cx: &Ctx<'_>,
    user: &User,
    name: &str,
) -> ApiResult<Value> {
    let mut params = Map::new();
    if name == SMS_MFA {
        let phone = user.attribute("phone_number").ok_or_else(|| {
            ApiError::invalid_parameter("SMS MFA needs a phone_number attribute on the user.")
        })?;
        let details = codes::send(
            conn,
            user,
            Purpose::Mfa,
            &Destination::phone(phone),
            cx.call.now(),
        )?;
        params.insert("CODE_DELIVERY_DELIVERY_MEDIUM".into(), json!("SMS"));
        params.insert(
            "CODE_DELIVERY_DESTINATION".into(),
            details["Destination"].clone(),
        );
    }
    challenge(cx, user, name, params, None)
}

/// Remembers a challenge under a fresh Session and builds the response.
pub(super) fn challenge(
    cx: &Ctx<'_>,
    user: &User,
    name: &str,
    mut params: Map<String, Value>,
    totp_secret: Option<SecretString>,
) -> ApiResult<Value> {
    params.insert("USER_ID_FOR_SRP".into(), json!(user.username));
    // Not every Cognito challenge carries USERNAME, but clients that answer with it (the
    // internal name, as Cognito requires) need it after an alias sign-in.
    params.insert("USERNAME".into(), json!(user.username));
    let state = ChallengeState {
        pool_id: cx.pool.id.clone(),
        client_id: cx.client.id.clone(),
        username_key: user.username_key.clone(),
        name: name.to_string(),
        totp_secret,
        setup_verified: false,
        failures: 0,
    };
    let session = cx
        .call
        .state
        .sessions
        .start(Pending::Challenge(state), cx.call.now())?;
    Ok(json!({
        "ChallengeName": name,
        "Session": session,
        "ChallengeParameters": params,
    }))
}

/// A fresh sign-in's tokens (with a new refresh token).
pub(super) fn tokens(conn: &Connection, cx: &Ctx<'_>, user: &User) -> ApiResult<Value> {
    let now = cx.call.now();
    let issuer = cx.call.issuer(&cx.pool.id);
    let result = tokens::issue(
        conn,
        &*cx.call.state.signing_key(&cx.pool.id)?,
        &Grant {
            pool: cx.pool,
            client: cx.client,
            user,
            issuer: &issuer,
            auth_time: now,
            now,
        },
        Refresh::New,
    )?;
    Ok(json!({ "AuthenticationResult": result, "ChallengeParameters": {} }))
}
