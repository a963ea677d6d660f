//! RespondToAuthChallenge(PASSWORD_VERIFIER): the SRP proof of the password.

use std::collections::HashMap;

use serde_json::Value;
use time::Duration;

use super::next_step::finish_password;
use super::{Ctx, client_and_pool, optional_param, param, wrong_credentials};
use crate::cognito::srp::decode_secret_block;
use crate::local_pool::error::{ApiError, ApiResult};
use crate::local_pool::ops::{Call, check_secret_hash};
use crate::local_pool::sessions::Pending;
use crate::local_pool::srp_server::check_timestamp;
use crate::local_pool::users::{self, LOCKED_MESSAGE};

/// How far the client's TIMESTAMP may be from the pool's clock.
const TIMESTAMP_TOLERANCE: Duration = Duration::minutes(5);

/// Checks the PASSWORD_CLAIM_SIGNATURE for the SECRET_BLOCK it names. The block is used up
/// whatever the outcome; the signature is checked outside any database transaction.
pub(super) fn answer(
    call: &Call<'_>,
    admin_pool: Option<&str>,
    client_id: &str,
    responses: &HashMap<String, String>,
) -> ApiResult<Value> {
    let block_text = param(responses, "PASSWORD_CLAIM_SECRET_BLOCK")?;
    let signature = param(responses, "PASSWORD_CLAIM_SIGNATURE")?;
    let timestamp = param(responses, "TIMESTAMP")?;
    let username = param(responses, "USERNAME")?;
    let now = call.now();
    let Some(Pending::PasswordVerifier {
        pool_id,
        client_id: bound_client,
        username_key,
        srp,
        decoy,
    }) = call.state.sessions.take(block_text, now)
    else {
        return Err(wrong_credentials());
    };
    if bound_client != client_id || admin_pool.is_some_and(|p| p != pool_id) {
        return Err(wrong_credentials());
    }
    let (client, pool, user) = call.state.db.read(|tx| {
        let (client, pool) = client_and_pool(tx, client_id, admin_pool)?;
        let user = users::find(tx, &pool, username)?;
        Ok((client, pool, user))
    })?;
    let user = match user {
        Some(user) if !decoy && pool.id == pool_id && user.username_key == username_key => user,
        _ if decoy && pool.id == pool_id => {
            return decoy_answer(
                call,
                &client,
                &pool,
                username,
                &username_key,
                &srp,
                responses,
            );
        }
        _ => return Err(wrong_credentials()),
    };
    check_secret_hash(
        &client,
        &user.username,
        optional_param(responses, "SECRET_HASH"),
    )?;
    check_timestamp(timestamp, call.state.clock.now(), TIMESTAMP_TOLERANCE)
        .map_err(|e| ApiError::not_authorized(e.to_string()))?;
    if user.is_locked(now) {
        return Err(ApiError::not_authorized(LOCKED_MESSAGE));
    }
    let right = decode_secret_block(block_text).is_ok_and(|block| {
        srp.signature_matches(
            pool.srp_name(),
            &user.username,
            &block,
            timestamp,
            signature,
        )
    });
    let cx = Ctx {
        call,
        pool: &pool,
        client: &client,
    };
    finish_password(&cx, &user.username_key, right)
}

/// The answer to a decoy challenge (a missing user, the client hiding user existence): the same
/// checks, in the same order, and the same work as for a user — then a wrong password, counted
/// toward the same lock.
fn decoy_answer(
    call: &Call<'_>,
    client: &crate::local_pool::pools::Client,
    pool: &crate::local_pool::pools::Pool,
    username: &str,
    username_key: &str,
    srp: &crate::local_pool::srp_server::ServerSession,
    responses: &HashMap<String, String>,
) -> ApiResult<Value> {
    let block_text = param(responses, "PASSWORD_CLAIM_SECRET_BLOCK")?;
    let signature = param(responses, "PASSWORD_CLAIM_SIGNATURE")?;
    let timestamp = param(responses, "TIMESTAMP")?;
    check_secret_hash(client, username, optional_param(responses, "SECRET_HASH"))?;
    check_timestamp(timestamp, call.state.clock.now(), TIMESTAMP_TOLERANCE)
        .map_err(|e| ApiError::not_authorized(e.to_string()))?;
    let now = call.now();
    let lockouts = &call.state.decoy_lockouts;
    if lockouts.is_locked(&pool.id, username_key, now) {
        return Err(ApiError::not_authorized(LOCKED_MESSAGE));
    }
    let _ = decode_secret_block(block_text).is_ok_and(|block| {
        srp.signature_matches(pool.srp_name(), username, &block, timestamp, signature)
    });
    lockouts.note_wrong(&pool.id, username_key, now);
    Err(wrong_credentials())
}
