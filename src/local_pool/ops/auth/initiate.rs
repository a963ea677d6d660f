//! InitiateAuth and AdminInitiateAuth: USER_SRP_AUTH (→ PASSWORD_VERIFIER), the password flows
//! and REFRESH_TOKEN_AUTH.

use std::collections::HashMap;
use std::sync::OnceLock;

use rand::TryRng as _;
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

use super::next_step::finish_password;
use super::{Ctx, client_and_pool, optional_param, param, wrong_credentials};
use crate::local_pool::error::{ApiError, ApiResult};
use crate::local_pool::model::Flow;
use crate::local_pool::ops::{Call, check_secret_hash};
use crate::local_pool::sessions::{Pending, random_token};
use crate::local_pool::srp_server::{self, ServerSession, SrpServerError, StoredVerifier};
use crate::local_pool::tokens::{self, Grant, Refresh};
use crate::local_pool::users::{self, LOCKED_MESSAGE};

/// Random bytes in a SECRET_BLOCK. Cognito's are opaque blobs of about this size.
const SECRET_BLOCK_BYTES: usize = 64;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct InitiateAuthRequest {
    auth_flow: String,
    client_id: String,
    #[serde(default)]
    auth_parameters: Option<HashMap<String, String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AdminInitiateAuthRequest {
    user_pool_id: String,
    client_id: String,
    auth_flow: String,
    #[serde(default)]
    auth_parameters: Option<HashMap<String, String>>,
}

pub(super) fn initiate_auth(call: &Call<'_>) -> ApiResult<Value> {
    let req: InitiateAuthRequest = call.parse()?;
    let params = req.auth_parameters.unwrap_or_default();
    start(call, None, &req.client_id, &req.auth_flow, &params)
}

pub(super) fn admin_initiate_auth(call: &Call<'_>) -> ApiResult<Value> {
    let req: AdminInitiateAuthRequest = call.parse()?;
    let params = req.auth_parameters.unwrap_or_default();
    start(
        call,
        Some(&req.user_pool_id),
        &req.client_id,
        &req.auth_flow,
        &params,
    )
}

/// The flow an AuthFlow names; ADMIN_* only through AdminInitiateAuth, USER_PASSWORD_AUTH only
/// through InitiateAuth, as in Cognito.
fn flow(name: &str, admin: bool) -> ApiResult<Flow> {
    Ok(match (name, admin) {
        ("USER_SRP_AUTH", _) => Flow::UserSrp,
        ("USER_PASSWORD_AUTH", false) => Flow::UserPassword,
        ("ADMIN_USER_PASSWORD_AUTH" | "ADMIN_NO_SRP_AUTH", true) => Flow::AdminUserPassword,
        ("REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN", _) => Flow::RefreshToken,
        _ => {
            return Err(ApiError::invalid_parameter(
                "Initiate Auth method not supported.",
            ));
        }
    })
}

fn start(
    call: &Call<'_>,
    admin_pool: Option<&str>,
    client_id: &str,
    flow_name: &str,
    params: &HashMap<String, String>,
) -> ApiResult<Value> {
    let flow = flow(flow_name, admin_pool.is_some())?;
    let (client, pool) = call
        .state
        .db
        .read(|tx| client_and_pool(tx, client_id, admin_pool))?;
    if !client.settings.allows(flow) {
        return Err(ApiError::invalid_parameter(format!(
            "{flow_name} flow not enabled for this client"
        )));
    }
    let cx = Ctx {
        call,
        pool: &pool,
        client: &client,
    };
    match flow {
        Flow::UserSrp => srp(&cx, params),
        Flow::UserPassword | Flow::AdminUserPassword => password(&cx, params),
        Flow::RefreshToken => refresh(&cx, params),
    }
}

fn srp_failure(e: SrpServerError) -> ApiError {
    match e {
        SrpServerError::BadA(_) => ApiError::invalid_parameter(e.to_string()),
        other => ApiError::internal(other.to_string()),
    }
}

/// USER_SRP_AUTH: B from the stored verifier, and a single-use SECRET_BLOCK bound to the user.
fn srp(cx: &Ctx<'_>, params: &HashMap<String, String>) -> ApiResult<Value> {
    let username = param(params, "USERNAME")?;
    let srp_a = param(params, "SRP_A")?;
    check_secret_hash(cx.client, username, optional_param(params, "SECRET_HASH"))?;
    let found = cx
        .call
        .state
        .db
        .read(|tx| users::find(tx, cx.pool, username))?;
    let (verifier, user_id, username_key, decoy) = match found {
        Some(user) => (user.verifier, user.username, user.username_key, false),
        None if cx.client.settings.hides_user_existence() => {
            let key = cx.pool.username_key(username);
            let verifier = decoy_verifier(cx, &key)?;
            (verifier, decoy_user_id(cx, &key)?, key, true)
        }
        None => return Err(ApiError::user_not_found("User does not exist.")),
    };
    // The group arithmetic runs outside any database transaction.
    let session = ServerSession::begin(&verifier, srp_a).map_err(srp_failure)?;
    // Done for a decoy too: an unknown user's challenge costs the pool the same work.
    session.precompute_key();
    let secret_block = random_token(SECRET_BLOCK_BYTES)?;
    let challenge = json!({
        "ChallengeName": "PASSWORD_VERIFIER",
        "ChallengeParameters": {
            "SALT": verifier.salt_hex,
            "SRP_B": session.srp_b_hex(),
            "SECRET_BLOCK": secret_block,
            "USER_ID_FOR_SRP": user_id,
            "USERNAME": user_id,
        },
    });
    cx.call.state.sessions.put(
        secret_block,
        Pending::PasswordVerifier {
            pool_id: cx.pool.id.clone(),
            client_id: cx.client.id.clone(),
            username_key,
            srp: Box::new(session),
            decoy,
        },
        cx.call.now(),
    )?;
    Ok(challenge)
}

/// A verifier nobody knows the password of, for an unknown user. Its salt is derived from the
/// name, so asking twice gives the same SALT, as it would for a real user; its verifier is one
/// random element drawn once per process, so a decoy costs what a real user's stored verifier
/// costs (no exponentiation — a fresh one each time made missing names measurably slower).
fn decoy_verifier(cx: &Ctx<'_>, username_key: &str) -> ApiResult<StoredVerifier> {
    static VERIFIER: OnceLock<String> = OnceLock::new();
    let verifier_hex = match VERIFIER.get() {
        Some(v) => v.clone(),
        None => {
            let password = random_token(32)?;
            let fresh =
                srp_server::new_verifier("decoy", "decoy", &password).map_err(srp_failure)?;
            VERIFIER.get_or_init(|| fresh.verifier_hex).clone()
        }
    };
    let digest = Sha256::new()
        .chain_update(decoy_key()?)
        .chain_update(cx.pool.id.as_bytes())
        .chain_update([0u8])
        .chain_update(username_key.as_bytes())
        .finalize();
    Ok(StoredVerifier {
        salt_hex: crate::cognito::srp_group::hex_lower(&digest[..16]),
        verifier_hex,
    })
}

/// USER_ID_FOR_SRP for a missing name, in the shape a user's would have: where usernames are
/// UUIDs (sign-in by email or phone), a UUID derived from the name; where the name is shaped
/// as an email or phone alias (which no username of an alias pool can be), the same, since the
/// input echoed would tell it is nobody's; elsewhere the name as the pool compares it (lower
/// case when usernames are case-insensitive).
fn decoy_user_id(cx: &Ctx<'_>, username_key: &str) -> ApiResult<String> {
    let settings = &cx.pool.settings;
    let alias = |name: &str| settings.alias_attributes.iter().any(|a| a == name);
    let alias_shaped = (alias("email") && username_key.contains('@'))
        || (alias("phone_number") && username_key.starts_with('+'));
    if settings.username_attributes.is_empty() && !alias_shaped {
        return Ok(username_key.to_string());
    }
    let digest = Sha256::new()
        .chain_update(decoy_key()?)
        .chain_update(b"user id")
        .chain_update(cx.pool.id.as_bytes())
        .chain_update([0u8])
        .chain_update(username_key.as_bytes())
        .finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    Ok(uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string())
}

fn decoy_key() -> ApiResult<&'static [u8; 32]> {
    static KEY: OnceLock<[u8; 32]> = OnceLock::new();
    if let Some(key) = KEY.get() {
        return Ok(key);
    }
    let mut fresh = [0u8; 32];
    rand::rngs::SysRng
        .try_fill_bytes(&mut fresh)
        .map_err(|e| ApiError::internal(format!("the random source failed: {e}")))?;
    Ok(KEY.get_or_init(|| fresh))
}

/// USER_PASSWORD_AUTH and ADMIN_USER_PASSWORD_AUTH: the password is checked against the stored
/// verifier.
fn password(cx: &Ctx<'_>, params: &HashMap<String, String>) -> ApiResult<Value> {
    let username = param(params, "USERNAME")?;
    let password = param(params, "PASSWORD")?;
    check_secret_hash(cx.client, username, optional_param(params, "SECRET_HASH"))?;
    let found = cx
        .call
        .state
        .db
        .read(|tx| users::find(tx, cx.pool, username))?;
    let Some(user) = found else {
        if cx.client.settings.hides_user_existence() {
            // As for a user: locked after five wrong passwords, and the time a check takes.
            let (lockouts, now) = (&cx.call.state.decoy_lockouts, cx.call.now());
            let key = cx.pool.username_key(username);
            if lockouts.is_locked(&cx.pool.id, &key, now) {
                return Err(ApiError::not_authorized(LOCKED_MESSAGE));
            }
            let _ = srp_server::new_verifier(cx.pool.srp_name(), username, password);
            lockouts.note_wrong(&cx.pool.id, &key, now);
            return Err(wrong_credentials());
        }
        return Err(ApiError::user_not_found("User does not exist."));
    };
    if user.is_locked(cx.call.now()) {
        return Err(ApiError::not_authorized(LOCKED_MESSAGE));
    }
    let right =
        srp_server::password_matches(&user.verifier, cx.pool.srp_name(), &user.username, password);
    finish_password(cx, &user.username_key, right)
}

/// REFRESH_TOKEN_AUTH: new ID and access tokens under the same refresh token; SECRET_HASH is
/// over the token's user's internal username.
fn refresh(cx: &Ctx<'_>, params: &HashMap<String, String>) -> ApiResult<Value> {
    let token = param(params, "REFRESH_TOKEN")?;
    let now = cx.call.now();
    let issuer = cx.call.issuer(&cx.pool.id);
    cx.call.state.db.read(|tx| {
        let grant = tokens::redeem_refresh(tx, cx.pool, cx.client, token, now)?;
        check_secret_hash(
            cx.client,
            &grant.user.username,
            optional_param(params, "SECRET_HASH"),
        )?;
        let result = tokens::issue(
            tx,
            &*cx.call.state.signing_key(&cx.pool.id)?,
            &Grant {
                pool: cx.pool,
                client: cx.client,
                user: &grant.user,
                issuer: &issuer,
                auth_time: grant.auth_time,
                now,
            },
            Refresh::Existing(&grant.origin_jti),
        )?;
        Ok(json!({ "AuthenticationResult": result, "ChallengeParameters": {} }))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flows_by_entry_point() {
        assert_eq!(flow("USER_SRP_AUTH", false), Ok(Flow::UserSrp));
        assert_eq!(flow("USER_SRP_AUTH", true), Ok(Flow::UserSrp));
        assert_eq!(flow("USER_PASSWORD_AUTH", false), Ok(Flow::UserPassword));
        assert_eq!(flow("ADMIN_NO_SRP_AUTH", true), Ok(Flow::AdminUserPassword));
        assert_eq!(flow("REFRESH_TOKEN", false), Ok(Flow::RefreshToken));
        assert_eq!(flow("REFRESH_TOKEN_AUTH", true), Ok(Flow::RefreshToken));
        for (name, admin) in [
            ("USER_PASSWORD_AUTH", true),
            ("ADMIN_USER_PASSWORD_AUTH", false),
            ("CUSTOM_AUTH", false),
            ("USER_AUTH", true),
            ("", false),
        ] {
            let err = flow(name, admin).unwrap_err();
            assert_eq!(err.message, "Initiate Auth method not supported.", "{name}");
        }
    }
}
