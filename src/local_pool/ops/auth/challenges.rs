//! RespondToAuthChallenge and AdminRespondToAuthChallenge: PASSWORD_VERIFIER (see `verifier`)
//! and the challenges after the password, each answered under its Session.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

use super::next_step::{self, SMS_MFA, SOFTWARE_TOKEN_MFA, mfa_or_tokens, tokens, usable_mfa};
use super::{
    Ctx, SESSION_MISMATCH, client_and_pool, optional_param, param, session_expired, totp_time,
    verifier,
};
use crate::local_pool::attributes::{self, AttributeInput, Writer};
use crate::local_pool::codes::{self, Purpose};
use crate::local_pool::error::{ApiError, ApiResult};
use crate::local_pool::ops::{Call, check_secret_hash};
use crate::local_pool::sessions::{ChallengeState, Pending};
use crate::local_pool::srp_server;
use crate::local_pool::totp;
use crate::local_pool::users::{self, User, UserStatus};

/// Wrong answers a Session survives; the next one ends it.
pub(super) const MAX_FAILURES: u8 = 3;
const CODE_MISMATCH: &str = "Invalid code received for user";

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RespondRequest {
    client_id: String,
    challenge_name: String,
    #[serde(default)]
    session: Option<String>,
    #[serde(default)]
    challenge_responses: Option<HashMap<String, String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AdminRespondRequest {
    user_pool_id: String,
    client_id: String,
    challenge_name: String,
    #[serde(default)]
    session: Option<String>,
    #[serde(default)]
    challenge_responses: Option<HashMap<String, String>>,
}

pub(super) fn respond(call: &Call<'_>) -> ApiResult<Value> {
    let req: RespondRequest = call.parse()?;
    let responses = req.challenge_responses.unwrap_or_default();
    answer(
        call,
        None,
        &req.client_id,
        &req.challenge_name,
        req.session.as_deref(),
        &responses,
    )
}

pub(super) fn admin_respond(call: &Call<'_>) -> ApiResult<Value> {
    let req: AdminRespondRequest = call.parse()?;
    let responses = req.challenge_responses.unwrap_or_default();
    answer(
        call,
        Some(&req.user_pool_id),
        &req.client_id,
        &req.challenge_name,
        req.session.as_deref(),
        &responses,
    )
}

const SESSION_CHALLENGES: &[&str] = &[
    "NEW_PASSWORD_REQUIRED",
    SOFTWARE_TOKEN_MFA,
    SMS_MFA,
    "SELECT_MFA_TYPE",
    "MFA_SETUP",
];

fn answer(
    call: &Call<'_>,
    admin_pool: Option<&str>,
    client_id: &str,
    name: &str,
    session: Option<&str>,
    responses: &HashMap<String, String>,
) -> ApiResult<Value> {
    if name == "PASSWORD_VERIFIER" {
        return verifier::answer(call, admin_pool, client_id, responses);
    }
    if !SESSION_CHALLENGES.contains(&name) {
        return Err(ApiError::invalid_parameter(format!(
            "The challenge {name} is not supported by the local pool."
        )));
    }
    let session = session
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::invalid_parameter("Missing required parameter Session"))?;
    let username = param(responses, "USERNAME")?;
    let now = call.now();
    let Some((expires, Pending::Challenge(state))) = call.state.sessions.take_entry(session, now)
    else {
        return Err(session_expired());
    };
    if state.client_id != client_id || admin_pool.is_some_and(|p| p != state.pool_id) {
        return Err(ApiError::not_authorized(SESSION_MISMATCH));
    }
    if state.name != name {
        let expected = state.name.clone();
        call.state.sessions.put_until(
            session.to_string(),
            Pending::Challenge(state),
            now,
            expires,
        )?;
        return Err(ApiError::invalid_parameter(format!(
            "This session expects an answer to {expected}, not {name}."
        )));
    }
    let (client, pool, user) = call.state.db.read(|tx| {
        let (client, pool) = client_and_pool(tx, client_id, admin_pool)?;
        let user = users::find(tx, &pool, username)?;
        Ok((client, pool, user))
    })?;
    let user = match user {
        Some(u) if pool.id == state.pool_id && u.username_key == state.username_key => u,
        _ => return Err(ApiError::not_authorized(SESSION_MISMATCH)),
    };
    check_secret_hash(
        &client,
        &user.username,
        optional_param(responses, "SECRET_HASH"),
    )?;
    let cx = Ctx {
        call,
        pool: &pool,
        client: &client,
    };
    let outcome = match name {
        "NEW_PASSWORD_REQUIRED" => new_password(&cx, &user, responses),
        "SELECT_MFA_TYPE" => select_mfa(&cx, &user, responses),
        "MFA_SETUP" => mfa_setup(&cx, &state),
        SMS_MFA => param(responses, "SMS_MFA_CODE").and_then(|code| sms_code(&cx, &user, code)),
        _ => {
            param(responses, "SOFTWARE_TOKEN_MFA_CODE").and_then(|code| totp_code(&cx, &user, code))
        }
    };
    match outcome {
        Err(e) if retryable(&e) => {
            let mut state = state;
            state.failures = state.failures.saturating_add(1);
            if state.failures < MAX_FAILURES {
                call.state.sessions.put_until(
                    session.to_string(),
                    Pending::Challenge(state),
                    now,
                    expires,
                )?;
            }
            Err(e)
        }
        other => other,
    }
}

/// Answers worth another try under the same Session: a mistyped code or password.
fn retryable(e: &ApiError) -> bool {
    matches!(
        e.kind,
        "CodeMismatchException" | "InvalidPasswordException" | "InvalidParameterException"
    )
}

/// The user as stored now (the challenge may have been answered long after the password).
fn reload(conn: &rusqlite::Connection, cx: &Ctx<'_>, user: &User) -> ApiResult<User> {
    let fresh =
        users::get_by_key(conn, &cx.pool.id, &user.username_key)?.ok_or_else(session_expired)?;
    if !fresh.enabled {
        return Err(ApiError::not_authorized("User is disabled."));
    }
    Ok(fresh)
}

/// NEW_PASSWORD_REQUIRED: the new password and any `userAttributes.<name>` answers.
fn new_password(
    cx: &Ctx<'_>,
    user: &User,
    responses: &HashMap<String, String>,
) -> ApiResult<Value> {
    let password = param(responses, "NEW_PASSWORD")?;
    cx.pool
        .settings
        .policies
        .password_policy
        .check(password)
        .map_err(ApiError::invalid_password)?;
    let mut given: Vec<(&String, &String)> = responses
        .iter()
        .filter(|(k, _)| k.starts_with("userAttributes."))
        .collect();
    given.sort();
    // Outside the transaction: the verifier costs an exponentiation.
    let verifier = srp_server::new_verifier(cx.pool.srp_name(), &user.username, password)
        .map_err(|e| ApiError::internal(e.to_string()))?;
    let now = cx.call.now();
    cx.call.state.db.write(|tx| {
        let mut user = reload(tx, cx, user)?;
        let (mut known, mut new) = (Vec::new(), Vec::new());
        for (key, value) in &given {
            let name = key.trim_start_matches("userAttributes.").to_string();
            let input = AttributeInput {
                value: Some((*value).clone()),
                name,
            };
            if user.attributes.contains_key(&input.name) {
                known.push(input);
            } else {
                new.push(input);
            }
        }
        let mut attrs = attributes::validate(cx.pool, Writer::User(cx.client), known, false)?;
        attrs.extend(attributes::validate(
            cx.pool,
            Writer::User(cx.client),
            new,
            true,
        )?);
        attributes::check_alias_free(tx, cx.pool, &user.username_key, &attrs)?;
        for (name, value) in &attrs {
            let changed = user.attribute(name) != Some(value.as_str());
            let flag = format!("{name}_verified");
            let flag_given = attrs.iter().any(|(n, _)| *n == flag);
            if changed && matches!(name.as_str(), "email" | "phone_number") && !flag_given {
                user.attributes.insert(flag, "false".into());
            }
            user.attributes.insert(name.clone(), value.clone());
        }
        let have: Vec<(String, String)> = user
            .attributes
            .iter()
            .map(|(n, v)| (n.clone(), v.clone()))
            .collect();
        attributes::check_required(cx.pool, &have)?;
        user.verifier = verifier;
        user.status = UserStatus::Confirmed;
        user.temp_password_expires = None;
        user.modified = now;
        user.note_right_password();
        users::update(tx, &user)?;
        mfa_or_tokens(tx, cx, &user)
    })
}

/// SELECT_MFA_TYPE: ANSWER names one of the offered methods; its challenge follows.
fn select_mfa(cx: &Ctx<'_>, user: &User, responses: &HashMap<String, String>) -> ApiResult<Value> {
    let chosen = param(responses, "ANSWER")?;
    cx.call.state.db.write(|tx| {
        let user = reload(tx, cx, user)?;
        let offered = usable_mfa(&user);
        let Some(method) = offered.iter().find(|m| **m == chosen) else {
            return Err(ApiError::invalid_parameter(format!(
                "{chosen} is not an MFA method this user can use."
            )));
        };
        next_step::mfa_challenge(tx, cx, &user, method)
    })
}

/// MFA_SETUP: tokens once VerifySoftwareToken accepted a first code under this session.
fn mfa_setup(cx: &Ctx<'_>, state: &ChallengeState) -> ApiResult<Value> {
    if !state.setup_verified {
        return Err(ApiError::invalid_parameter(
            "Set up software token MFA first: AssociateSoftwareToken and VerifySoftwareToken \
             with this session.",
        ));
    }
    cx.call.state.db.write(|tx| {
        let user =
            users::get_by_key(tx, &cx.pool.id, &state.username_key)?.ok_or_else(session_expired)?;
        if !user.enabled {
            return Err(ApiError::not_authorized("User is disabled."));
        }
        tokens(tx, cx, &user)
    })
}

/// SMS_MFA: the code sent when the challenge began. Wrong guesses are recorded.
fn sms_code(cx: &Ctx<'_>, user: &User, code: &str) -> ApiResult<Value> {
    let now = cx.call.now();
    cx.call.state.db.write_keeping_failures(|tx| {
        let user = reload(tx, cx, user)?;
        codes::check(tx, &user, &Purpose::Mfa, code, now).map_err(|e| {
            if e.kind == "CodeMismatchException" {
                ApiError::code_mismatch(CODE_MISMATCH)
            } else {
                e
            }
        })?;
        tokens(tx, cx, &user)
    })
}

/// SOFTWARE_TOKEN_MFA: the authenticator's current code for the user's secret.
fn totp_code(cx: &Ctx<'_>, user: &User, code: &str) -> ApiResult<Value> {
    let Some(secret) = &user.totp_secret else {
        return Err(ApiError::software_token_mfa_not_found(
            "Software token MFA has not been set up for the user.",
        ));
    };
    let Some(step) = totp::matching_step(secret, code, totp_time(cx.call)) else {
        return Err(ApiError::code_mismatch(CODE_MISMATCH));
    };
    cx.call.state.db.write(|tx| {
        let mut user = reload(tx, cx, user)?;
        // A code signs in once, as in Cognito: a replayed (or older) code is a mismatch.
        let step = i64::try_from(step).unwrap_or(i64::MAX);
        if step <= user.totp_last_step {
            return Err(ApiError::code_mismatch(CODE_MISMATCH));
        }
        user.totp_last_step = step;
        users::update(tx, &user)?;
        tokens(tx, cx, &user)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_mistyped_answers_keep_the_session() {
        assert!(retryable(&ApiError::code_mismatch(CODE_MISMATCH)));
        assert!(retryable(&ApiError::invalid_password("too short")));
        assert!(retryable(&ApiError::invalid_parameter("missing")));
        assert!(!retryable(&ApiError::not_authorized("User is disabled.")));
        assert!(!retryable(&ApiError::too_many_failed_attempts("enough")));
        assert!(!retryable(&ApiError::internal("storage")));
    }
}
