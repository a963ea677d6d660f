//! GetUserPoolMfaConfig / SetUserPoolMfaConfig: the pool's MFA mode and which factors it
//! offers. The factor settings are stored with the pool's other members (in Cognito's shape),
//! so DescribeUserPool's MfaConfiguration and this answer always agree.

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::super::{Call, parse_body};
use super::required;
use crate::local_pool::error::{ApiError, ApiResult};
use crate::local_pool::model::PoolSettings;
use crate::local_pool::pools;

/// The factor members, as Cognito names them. Stored with the pool's settings, but only
/// GetUserPoolMfaConfig returns them (DescribeUserPool has no such members).
pub const FACTORS: [&str; 3] = [
    "SmsMfaConfiguration",
    "SoftwareTokenMfaConfiguration",
    "EmailMfaConfiguration",
];

/// UpdateUserPool rebuilds the pool's settings from its request, but the factors are not
/// UpdateUserPool members: they stay as SetUserPoolMfaConfig left them.
pub fn keep_factors(old: &PoolSettings, new: &mut PoolSettings) {
    for factor in FACTORS {
        if let Some(value) = old.extra.get(factor) {
            new.extra.insert(factor.into(), value.clone());
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct SetRequest {
    user_pool_id: Option<String>,
    mfa_configuration: Option<String>,
    sms_mfa_configuration: Option<Map<String, Value>>,
    software_token_mfa_configuration: Option<SoftwareToken>,
    email_mfa_configuration: Option<Map<String, Value>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct SoftwareToken {
    enabled: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct GetRequest {
    user_pool_id: Option<String>,
}

/// The MFA settings of `settings` in GetUserPoolMfaConfig's shape. A pool that never had its
/// factors set offers the authenticator app whenever MFA is on, as the local pool's sign-in does.
fn mfa_config(settings: &PoolSettings) -> Value {
    let mut out = Map::new();
    out.insert("MfaConfiguration".into(), json!(settings.mfa_configuration));
    for factor in FACTORS {
        if let Some(value) = settings.extra.get(factor) {
            out.insert(factor.into(), value.clone());
        }
    }
    out.entry("SoftwareTokenMfaConfiguration")
        .or_insert_with(|| json!({ "Enabled": settings.mfa_enabled() }));
    Value::Object(out)
}

pub fn get_user_pool_mfa_config(call: &Call<'_>) -> ApiResult<Value> {
    let req: GetRequest = call.parse()?;
    let id = required(req.user_pool_id, "UserPoolId")?;
    call.state
        .db
        .read(|tx| Ok(mfa_config(&pools::get_pool(tx, &id)?.settings)))
}

pub fn set_user_pool_mfa_config(call: &Call<'_>) -> ApiResult<Value> {
    let now = call.now();
    call.state
        .db
        .write(|tx| set_mfa_config(tx, &call.body, now))
}

/// SetUserPoolMfaConfig's work (also how a seed file's `[mfa]` is applied).
pub fn set_mfa_config(tx: &rusqlite::Connection, body: &Value, now: i64) -> ApiResult<Value> {
    let req: SetRequest = parse_body(body)?;
    let id = required(req.user_pool_id, "UserPoolId")?;
    if let Some(mode) = &req.mfa_configuration
        && !["OFF", "ON", "OPTIONAL"].contains(&mode.as_str())
    {
        return Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{mode}' at 'mfaConfiguration' failed to satisfy \
             constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]"
        )));
    }
    {
        let mut pool = pools::get_pool(tx, &id)?;
        let mut settings = pool.settings.clone();
        if let Some(sms) = req.sms_mfa_configuration {
            settings.extra.insert(FACTORS[0].into(), Value::Object(sms));
        }
        if let Some(token) = &req.software_token_mfa_configuration {
            let enabled = token.enabled.unwrap_or(false);
            settings
                .extra
                .insert(FACTORS[1].into(), json!({ "Enabled": enabled }));
        }
        if let Some(email) = req.email_mfa_configuration {
            settings
                .extra
                .insert(FACTORS[2].into(), Value::Object(email));
        }
        if let Some(mode) = req.mfa_configuration {
            settings.mfa_configuration = mode;
        }
        let totp = settings
            .extra
            .get(FACTORS[1])
            .and_then(|t| t.get("Enabled"))
            .and_then(Value::as_bool)
            .unwrap_or(true);
        let any_factor = totp
            || settings.extra.contains_key(FACTORS[0])
            || settings.extra.contains_key(FACTORS[2]);
        if settings.mfa_enabled() && !any_factor {
            return Err(ApiError::invalid_parameter(
                "At least one MFA method must be enabled when MfaConfiguration is ON or OPTIONAL.",
            ));
        }
        pool.settings = settings;
        pool.modified = now;
        pools::save_pool(tx, &pool)?;
        Ok(mfa_config(&pool.settings))
    }
}
