//! The signed-in user's own account: profile and attributes, password, sign-out, deletion and
//! MFA preferences. Every call but RevokeToken is authenticated by the access token in its body.

use rusqlite::Connection;
use serde::{Deserialize, Deserializer};
use serde_json::{Value, json};
use subtle::ConstantTimeEq as _;

use super::mfa_preference::{self, MfaPreferences};
use super::{Call, Op};
use crate::local_pool::attributes::{self, AttributeInput, Writer};
use crate::local_pool::codes::{self, Destination, Purpose};
use crate::local_pool::error::{ApiError, ApiResult};
use crate::local_pool::pools::{self, Client, Pool};
use crate::local_pool::srp_server;
use crate::local_pool::tokens::{self, Caller};
use crate::local_pool::users::{self, LOCKED_MESSAGE, User};
use crate::secret::SecretString;

/// The operations of this group.
pub const OPS: &[Op] = &[
    Op::unsigned("GetUser", get_user),
    Op::unsigned("UpdateUserAttributes", update_user_attributes),
    Op::unsigned("DeleteUserAttributes", delete_user_attributes),
    Op::unsigned(
        "GetUserAttributeVerificationCode",
        get_user_attribute_verification_code,
    ),
    Op::unsigned("VerifyUserAttribute", verify_user_attribute),
    Op::unsigned("ChangePassword", change_password),
    Op::unsigned("GlobalSignOut", global_sign_out),
    Op::unsigned("RevokeToken", revoke_token),
    Op::unsigned("DeleteUser", delete_user),
    Op::unsigned("SetUserMFAPreference", set_user_mfa_preference),
];

/// Attributes that carry a `<name>_verified` flag and can be verified with a code.
const VERIFIABLE: &[&str] = &["email", "phone_number"];

const WRONG_PASSWORD: &str = "Incorrect username or password.";

fn secret<'de, D: Deserializer<'de>>(d: D) -> Result<SecretString, D::Error> {
    String::deserialize(d).map(SecretString::from)
}

fn optional_secret<'de, D: Deserializer<'de>>(d: D) -> Result<Option<SecretString>, D::Error> {
    Option::<String>::deserialize(d).map(|s| s.map(SecretString::from))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TokenRequest {
    #[serde(deserialize_with = "secret")]
    access_token: SecretString,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct UpdateRequest {
    user_attributes: Vec<AttributeInput>,
    #[serde(deserialize_with = "secret")]
    access_token: SecretString,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DeleteAttributesRequest {
    user_attribute_names: Vec<String>,
    #[serde(deserialize_with = "secret")]
    access_token: SecretString,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AttributeRequest {
    attribute_name: String,
    #[serde(deserialize_with = "secret")]
    access_token: SecretString,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct VerifyRequest {
    attribute_name: String,
    code: String,
    #[serde(deserialize_with = "secret")]
    access_token: SecretString,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ChangePasswordRequest {
    #[serde(deserialize_with = "secret")]
    previous_password: SecretString,
    #[serde(deserialize_with = "secret")]
    proposed_password: SecretString,
    #[serde(deserialize_with = "secret")]
    access_token: SecretString,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RevokeRequest {
    #[serde(deserialize_with = "secret")]
    token: SecretString,
    client_id: String,
    #[serde(default, deserialize_with = "optional_secret")]
    client_secret: Option<SecretString>,
}

fn caller(call: &Call<'_>, tx: &Connection, token: &SecretString) -> ApiResult<Caller> {
    tokens::authenticate(tx, &call.state.keys, token.expose(), call.now())
}

/// The caller and the app client its token was issued to, whose attribute permissions apply.
fn caller_and_client(
    call: &Call<'_>,
    tx: &Connection,
    token: &SecretString,
) -> ApiResult<(Caller, Client)> {
    let caller = caller(call, tx, token)?;
    let client = pools::find_client(tx, &caller.client_id)?
        .filter(|c| c.pool_id == caller.pool.id)
        .ok_or_else(|| ApiError::not_authorized("Invalid Access Token"))?;
    Ok((caller, client))
}

/// Whether the client may read `name`: `sub` always, developer-only attributes never, others
/// as its ReadAttributes say (all when it has none).
fn readable(pool: &Pool, client: &Client, name: &str) -> bool {
    if name == "sub" {
        return true;
    }
    if pool
        .settings
        .schema(name)
        .is_some_and(|s| s.developer_only_attribute)
    {
        return false;
    }
    client
        .settings
        .read_attributes
        .as_ref()
        .is_none_or(|allowed| allowed.iter().any(|a| a == name))
}

fn unauthorized_write(name: &str) -> ApiError {
    ApiError::not_authorized(format!(
        "A client attempted to write unauthorized attribute {name}"
    ))
}

/// `email_verified` / `phone_number_verified`: set by the pool on verification, not by clients.
fn is_verified_flag(name: &str) -> bool {
    name.strip_suffix("_verified")
        .is_some_and(|base| VERIFIABLE.contains(&base))
}

fn required_error(name: &str) -> ApiError {
    ApiError::invalid_parameter(format!(
        "Attributes did not conform to the schema: {name}: The attribute is required"
    ))
}

/// The value of `name` to verify: only email and phone_number carry a verified flag.
fn to_verify(user: &User, name: &str) -> ApiResult<String> {
    if !VERIFIABLE.contains(&name) {
        return Err(ApiError::invalid_parameter(
            "Invalid attribute name. Only phone_number and email can be verified.",
        ));
    }
    user.attribute(name).map(str::to_string).ok_or_else(|| {
        ApiError::invalid_parameter(format!("The user has no {name} attribute to verify."))
    })
}

fn get_user(call: &Call<'_>) -> ApiResult<Value> {
    let req: TokenRequest = call.parse()?;
    call.state.db.read(|tx| {
        let (Caller { pool, user, .. }, client) = caller_and_client(call, tx, &req.access_token)?;
        let attributes: Value = user
            .attributes
            .iter()
            .filter(|(name, _)| readable(&pool, &client, name))
            .map(|(name, value)| json!({ "Name": name, "Value": value }))
            .collect();
        let mut out = user.mfa_json();
        out.insert("Username".into(), json!(user.username));
        out.insert("UserAttributes".into(), attributes);
        Ok(Value::Object(out))
    })
}

fn update_user_attributes(call: &Call<'_>) -> ApiResult<Value> {
    let req: UpdateRequest = call.parse()?;
    let now = call.now();
    let deliveries = call.state.db.write(|tx| {
        let (Caller { pool, mut user, .. }, client) =
            caller_and_client(call, tx, &req.access_token)?;
        // Verification flags are the pool's to set, never the client's.
        if let Some(flag) = req
            .user_attributes
            .iter()
            .find(|a| is_verified_flag(&a.name))
        {
            return Err(unauthorized_write(&flag.name));
        }
        let changes: Vec<(String, String)> =
            attributes::validate(&pool, Writer::User(&client), req.user_attributes, false)?
                .into_iter()
                .filter(|(name, value)| user.attribute(name) != Some(value.as_str()))
                .collect();
        if changes.is_empty() {
            return Ok(Vec::new());
        }
        if let Some((name, _)) = changes.iter().find(|(name, value)| {
            value.is_empty() && pool.settings.schema(name).is_some_and(|s| s.required)
        }) {
            return Err(required_error(name));
        }
        attributes::check_alias_free(tx, &pool, &user.username_key, &changes)?;
        let mut changed_verifiable = Vec::new();
        for (name, value) in changes {
            if VERIFIABLE.contains(&name.as_str()) {
                user.attributes
                    .insert(format!("{name}_verified"), "false".into());
                changed_verifiable.push(name.clone());
            }
            user.attributes.insert(name, value);
        }
        user.modified = now;
        users::update(tx, &user)?;
        let mut deliveries = Vec::new();
        for name in changed_verifiable {
            // A code sent for the old value must not verify the new one.
            let purpose = Purpose::Verify(name.clone());
            match Destination::of(&user, &name) {
                Some(to) if pool.settings.auto_verifies(&name) => {
                    deliveries.push(codes::send(tx, &user, purpose, &to, now)?);
                }
                _ => codes::discard(tx, &user, &purpose)?,
            }
        }
        Ok(deliveries)
    })?;
    if deliveries.is_empty() {
        Ok(json!({}))
    } else {
        Ok(json!({ "CodeDeliveryDetailsList": deliveries }))
    }
}

fn delete_user_attributes(call: &Call<'_>) -> ApiResult<Value> {
    let req: DeleteAttributesRequest = call.parse()?;
    let now = call.now();
    call.state.db.write(|tx| {
        let (Caller { pool, mut user, .. }, client) =
            caller_and_client(call, tx, &req.access_token)?;
        for name in &req.user_attribute_names {
            let Some(schema) = pool.settings.schema(name) else {
                return Err(ApiError::invalid_parameter(format!(
                    "Attribute {name} does not exist in the schema."
                )));
            };
            if is_verified_flag(name) || schema.developer_only_attribute {
                return Err(unauthorized_write(name));
            }
            if let Some(allowed) = &client.settings.write_attributes
                && !allowed.iter().any(|a| a == name)
            {
                return Err(unauthorized_write(name));
            }
            if name == "sub" || !schema.mutable {
                return Err(ApiError::invalid_parameter(format!(
                    "Cannot modify an already provided immutable attribute: {name}"
                )));
            }
            if schema.required {
                return Err(required_error(name));
            }
        }
        let mut changed = false;
        for name in &req.user_attribute_names {
            changed |= user.attributes.remove(name).is_some();
            if VERIFIABLE.contains(&name.as_str()) {
                user.attributes.remove(&format!("{name}_verified"));
                codes::discard(tx, &user, &Purpose::Verify(name.clone()))?;
            }
        }
        if changed {
            user.modified = now;
            users::update(tx, &user)?;
        }
        Ok(json!({}))
    })
}

fn get_user_attribute_verification_code(call: &Call<'_>) -> ApiResult<Value> {
    let req: AttributeRequest = call.parse()?;
    let now = call.now();
    call.state.db.write(|tx| {
        let Caller { user, .. } = caller(call, tx, &req.access_token)?;
        to_verify(&user, &req.attribute_name)?;
        let to = Destination::of(&user, &req.attribute_name)
            .ok_or_else(|| ApiError::internal("a verifiable attribute without a destination"))?;
        let purpose = Purpose::Verify(req.attribute_name.clone());
        let details = codes::send(tx, &user, purpose, &to, now)?;
        Ok(json!({ "CodeDeliveryDetails": details }))
    })
}

fn verify_user_attribute(call: &Call<'_>) -> ApiResult<Value> {
    let req: VerifyRequest = call.parse()?;
    let now = call.now();
    // Wrong codes count toward the code's cap, so failures are committed too.
    call.state.db.write_keeping_failures(|tx| {
        let Caller { pool, mut user, .. } = caller(call, tx, &req.access_token)?;
        let name = req.attribute_name.as_str();
        let value = to_verify(&user, name)?;
        // Checked before the code is consumed, so a conflict leaves the code usable.
        attributes::check_alias_free(tx, &pool, &user.username_key, &[(name.into(), value)])
            .map_err(|e| match e.kind {
                "UsernameExistsException" => ApiError::alias_exists(e.message),
                _ => e,
            })?;
        codes::check(tx, &user, &Purpose::Verify(name.into()), &req.code, now)?;
        user.attributes
            .insert(format!("{name}_verified"), "true".into());
        user.modified = now;
        users::update(tx, &user)?;
        Ok(json!({}))
    })
}

fn change_password(call: &Call<'_>) -> ApiResult<Value> {
    let req: ChangePasswordRequest = call.parse()?;
    let now = call.now();
    let Caller { pool, user, .. } = call
        .state
        .db
        .read(|tx| caller(call, tx, &req.access_token))?;
    if user.is_locked(now) {
        return Err(ApiError::not_authorized(LOCKED_MESSAGE));
    }
    let policy = &pool.settings.policies.password_policy;
    policy
        .check(req.proposed_password.expose())
        .map_err(ApiError::invalid_password)?;
    // The SRP arithmetic runs outside the store's lock.
    let right = srp_server::password_matches(
        &user.verifier,
        pool.srp_name(),
        &user.username,
        req.previous_password.expose(),
    );
    let new_verifier = if right {
        let v = srp_server::new_verifier(
            pool.srp_name(),
            &user.username,
            req.proposed_password.expose(),
        )
        .map_err(|e| ApiError::internal(format!("cannot compute a password verifier: {e}")))?;
        Some(v)
    } else {
        None
    };
    call.state.db.write_keeping_failures(|tx| {
        // Again under the lock: the token may have been revoked, or the password changed, since.
        let Caller {
            user: mut now_user, ..
        } = caller(call, tx, &req.access_token)?;
        if now_user.is_locked(now) {
            return Err(ApiError::not_authorized(LOCKED_MESSAGE));
        }
        if now_user.verifier != user.verifier {
            return Err(ApiError::not_authorized(WRONG_PASSWORD));
        }
        let Some(verifier) = new_verifier else {
            now_user.note_wrong_password(now);
            users::update(tx, &now_user)?;
            return Err(ApiError::not_authorized(WRONG_PASSWORD));
        };
        now_user.verifier = verifier;
        now_user.note_right_password();
        now_user.modified = now;
        users::update(tx, &now_user)?;
        Ok(json!({}))
    })
}

fn global_sign_out(call: &Call<'_>) -> ApiResult<Value> {
    let req: TokenRequest = call.parse()?;
    call.state.db.write(|tx| {
        let Caller { pool, user, .. } = caller(call, tx, &req.access_token)?;
        tokens::revoke_all(tx, &pool.id, &user.username_key)?;
        Ok(json!({}))
    })
}

fn revoke_token(call: &Call<'_>) -> ApiResult<Value> {
    let req: RevokeRequest = call.parse()?;
    call.state.db.write(|tx| {
        // RevokeToken's model declares UnauthorizedException for a caller it cannot trust.
        let client = pools::find_client(tx, &req.client_id)?.ok_or_else(|| {
            ApiError::unauthorized(format!("Client {} does not exist.", req.client_id))
        })?;
        if let Some(expected) = &client.secret {
            let given = req.client_secret.as_ref().map_or("", |s| s.expose());
            if !bool::from(expected.as_bytes().ct_eq(given.as_bytes())) {
                return Err(ApiError::unauthorized(format!(
                    "Unable to verify the client secret for client {}",
                    client.id
                )));
            }
        }
        if client.settings.extra.get("EnableTokenRevocation") == Some(&Value::Bool(false)) {
            return Err(ApiError::unsupported_operation(
                "Token revocation is not enabled for this app client.",
            ));
        }
        // ID and access tokens are JWTs (three dot-separated parts); only refresh tokens revoke.
        if req.token.expose().split('.').count() == 3 {
            return Err(ApiError::unsupported_token_type(
                "Only refresh tokens can be revoked.",
            ));
        }
        tokens::revoke_refresh(tx, &client, req.token.expose())?;
        Ok(json!({}))
    })
}

fn delete_user(call: &Call<'_>) -> ApiResult<Value> {
    let req: TokenRequest = call.parse()?;
    call.state.db.write(|tx| {
        let Caller { pool, user, .. } = caller(call, tx, &req.access_token)?;
        // Attributes, codes, memberships and refresh tokens go with the user (cascades).
        users::delete(tx, &pool.id, &user.username_key)?;
        Ok(json!({}))
    })
}

fn set_user_mfa_preference(call: &Call<'_>) -> ApiResult<Value> {
    let req: TokenRequest = call.parse()?;
    let prefs: MfaPreferences = call.parse()?;
    let now = call.now();
    call.state.db.write(|tx| {
        let Caller { pool, mut user, .. } = caller(call, tx, &req.access_token)?;
        mfa_preference::apply(&pool, &mut user, &prefs)?;
        user.modified = now;
        users::update(tx, &user)?;
        Ok(json!({}))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_parsed_but_never_shown() {
        let req: ChangePasswordRequest = super::super::parse_body(&json!({
            "PreviousPassword": "Old-pass-1",
            "ProposedPassword": "New-pass-1",
            "AccessToken": "a.b.c",
        }))
        .unwrap();
        assert_eq!(req.previous_password.expose(), "Old-pass-1");
        assert_eq!(format!("{:?}", req.proposed_password), "***");
        let err = super::super::parse_body::<ChangePasswordRequest>(&json!({
            "PreviousPassword": "x", "AccessToken": "t"
        }))
        .err()
        .unwrap();
        assert_eq!(err.kind, "InvalidParameterException");
        assert!(err.message.contains("proposedPassword"), "{}", err.message);
    }
}
