//! AssociateSoftwareToken and VerifySoftwareToken, for a signed-in user (AccessToken) or during
//! the MFA_SETUP challenge of a sign-in (Session).

use serde::Deserialize;
use serde_json::{Value, json};

use super::challenges::MAX_FAILURES;
use super::next_step::SOFTWARE_TOKEN_MFA;
use super::{SESSION_MISMATCH, session_expired, totp_time};
use crate::local_pool::error::{ApiError, ApiResult};
use crate::local_pool::ops::Call;
use crate::local_pool::sessions::{ChallengeState, Pending};
use crate::local_pool::tokens;
use crate::local_pool::totp;
use crate::local_pool::users;
use crate::secret::SecretString;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AssociateRequest {
    #[serde(default)]
    access_token: Option<String>,
    #[serde(default)]
    session: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct VerifyRequest {
    #[serde(default)]
    access_token: Option<String>,
    #[serde(default)]
    session: Option<String>,
    user_code: String,
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.is_empty())
}

fn neither() -> ApiError {
    ApiError::invalid_parameter("Either AccessToken or Session is required.")
}

/// Takes an MFA_SETUP session out; any other session is refused (and used up).
fn take_setup(call: &Call<'_>, session: &str) -> ApiResult<(i64, ChallengeState)> {
    match call.state.sessions.take_entry(session, call.now()) {
        Some((expires, Pending::Challenge(state))) if state.name == "MFA_SETUP" => {
            Ok((expires, state))
        }
        Some(_) => Err(ApiError::not_authorized(SESSION_MISMATCH)),
        None => Err(session_expired()),
    }
}

pub(super) fn associate(call: &Call<'_>) -> ApiResult<Value> {
    let req: AssociateRequest = call.parse()?;
    let now = call.now();
    if let Some(token) = non_empty(req.access_token) {
        return call.state.db.write(|tx| {
            let caller = tokens::authenticate(tx, &call.state.keys, &token, now)?;
            let secret = new_secret()?;
            let mut user = caller.user;
            user.totp_pending = Some(secret.clone());
            users::update(tx, &user)?;
            Ok(json!({ "SecretCode": secret }))
        });
    }
    let session = non_empty(req.session).ok_or_else(neither)?;
    let (_, mut state) = take_setup(call, &session)?;
    let secret = new_secret()?;
    state.totp_secret = Some(SecretString::new(secret.clone()));
    state.setup_verified = false;
    let next = call.state.sessions.start(Pending::Challenge(state), now)?;
    Ok(json!({ "SecretCode": secret, "Session": next }))
}

fn new_secret() -> ApiResult<String> {
    totp::new_secret().map_err(ApiError::internal)
}

fn mismatch() -> ApiError {
    ApiError::enable_software_token_mfa("Code mismatch")
}

pub(super) fn verify(call: &Call<'_>) -> ApiResult<Value> {
    let req: VerifyRequest = call.parse()?;
    let now = call.now();
    let at = totp_time(call);
    if let Some(token) = non_empty(req.access_token) {
        return call.state.db.write(|tx| {
            let caller = tokens::authenticate(tx, &call.state.keys, &token, now)?;
            let mut user = caller.user;
            let Some(pending) = user.totp_pending.take() else {
                return Err(ApiError::invalid_parameter(
                    "No software token is being set up: call AssociateSoftwareToken first.",
                ));
            };
            if !totp::verify(&pending, &req.user_code, at) {
                return Err(mismatch());
            }
            user.totp_secret = Some(pending);
            user.modified = now;
            users::update(tx, &user)?;
            Ok(json!({ "Status": "SUCCESS" }))
        });
    }
    let session = non_empty(req.session).ok_or_else(neither)?;
    let (expires, mut state) = take_setup(call, &session)?;
    let Some(secret) = state.totp_secret.take() else {
        call.state
            .sessions
            .put_until(session, Pending::Challenge(state), now, expires)?;
        return Err(ApiError::invalid_parameter(
            "No software token is being set up: call AssociateSoftwareToken with this session first.",
        ));
    };
    if !totp::verify(secret.expose(), &req.user_code, at) {
        state.totp_secret = Some(secret);
        state.failures = state.failures.saturating_add(1);
        if state.failures < MAX_FAILURES {
            call.state
                .sessions
                .put_until(session, Pending::Challenge(state), now, expires)?;
        }
        return Err(mismatch());
    }
    call.state.db.write(|tx| {
        let mut user = users::get_by_key(tx, &state.pool_id, &state.username_key)?
            .ok_or_else(session_expired)?;
        user.totp_secret = Some(secret.expose().to_string());
        user.totp_pending = None;
        user.totp_enabled = true;
        user.preferred_mfa = Some(SOFTWARE_TOKEN_MFA.to_string());
        user.modified = now;
        users::update(tx, &user)
    })?;
    state.setup_verified = true;
    state.failures = 0;
    let next = call.state.sessions.start(Pending::Challenge(state), now)?;
    Ok(json!({ "Status": "SUCCESS", "Session": next }))
}
