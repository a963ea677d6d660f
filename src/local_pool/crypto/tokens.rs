//! Issuing ID, access and refresh tokens, and checking the tokens callers present: signature,
//! expiry, revocation (GlobalSignOut, RevokeToken) and the user's state.

use rusqlite::{Connection, params};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use crate::local_pool::db::optional;
use crate::local_pool::error::{ApiError, ApiResult};
use crate::local_pool::keys::{self, SigningKey};
use crate::local_pool::pool_keys::PoolKeys;
use crate::local_pool::pools::{self, Client, Pool};
use crate::local_pool::sessions::random_token;
use crate::local_pool::users::{self, User};

/// What a sign-in grants tokens for.
pub struct Grant<'a> {
    pub pool: &'a Pool,
    pub client: &'a Client,
    pub user: &'a User,
    /// `<scheme>://<host>/<pool-id>`.
    pub issuer: &'a str,
    pub auth_time: i64,
    pub now: i64,
}

/// Whether the result carries a new refresh token.
pub enum Refresh<'a> {
    /// A fresh sign-in: a new refresh token (and so a new `origin_jti`).
    New,
    /// REFRESH_TOKEN_AUTH: new ID and access tokens under the presented refresh token.
    Existing(&'a str),
}

fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn hash(token: &str) -> String {
    crate::cognito::srp_group::hex_lower(&Sha256::digest(token.as_bytes()))
}

/// The issuer for a pool as seen through `base` (`http://127.0.0.1:9229`).
pub fn issuer(base: &str, pool_id: &str) -> String {
    format!("{}/{pool_id}", base.trim_end_matches('/'))
}

/// Signs the tokens and builds `AuthenticationResult`.
pub fn issue(
    conn: &Connection,
    key: &SigningKey,
    g: &Grant<'_>,
    refresh: Refresh<'_>,
) -> ApiResult<Value> {
    let (origin_jti, refresh_token) = match refresh {
        Refresh::Existing(origin_jti) => (origin_jti.to_string(), None),
        Refresh::New => {
            let origin_jti = uuid();
            let token = random_token(96)?;
            conn.execute(
                "INSERT INTO refresh_tokens
                   (token_hash, origin_jti, pool_id, client_id, username_key, auth_time, expires)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    hash(&token),
                    origin_jti,
                    g.pool.id,
                    g.client.id,
                    g.user.username_key,
                    g.auth_time,
                    g.now + g.client.settings.refresh_token_seconds()
                ],
            )?;
            (origin_jti, Some(token))
        }
    };
    let groups = users::groups_of(conn, &g.pool.id, &g.user.username_key)?;
    let event_id = uuid();
    let access_seconds = g.client.settings.access_token_seconds();
    let sign = |claims: Map<String, Value>| {
        key.sign(&claims)
            .map_err(|e| ApiError::internal(format!("cannot sign a token: {e}")))
    };

    let mut access = Map::new();
    access.insert("sub".into(), json!(g.user.sub));
    if !groups.is_empty() {
        access.insert("cognito:groups".into(), json!(groups));
    }
    access.insert("iss".into(), json!(g.issuer));
    access.insert("client_id".into(), json!(g.client.id));
    access.insert("origin_jti".into(), json!(origin_jti));
    access.insert("event_id".into(), json!(event_id));
    access.insert("token_use".into(), json!("access"));
    access.insert("scope".into(), json!("aws.cognito.signin.user.admin"));
    access.insert("auth_time".into(), json!(g.auth_time));
    access.insert("exp".into(), json!(g.now + access_seconds));
    access.insert("iat".into(), json!(g.now));
    access.insert("jti".into(), json!(uuid()));
    access.insert("username".into(), json!(g.user.username));

    let mut id = Map::new();
    for (name, value) in &g.user.attributes {
        id.insert(name.clone(), id_claim_value(g.pool, name, value));
    }
    if !groups.is_empty() {
        id.insert("cognito:groups".into(), json!(groups));
    }
    id.insert("iss".into(), json!(g.issuer));
    id.insert("cognito:username".into(), json!(g.user.username));
    id.insert("origin_jti".into(), json!(origin_jti));
    id.insert("aud".into(), json!(g.client.id));
    id.insert("event_id".into(), json!(event_id));
    id.insert("token_use".into(), json!("id"));
    id.insert("auth_time".into(), json!(g.auth_time));
    id.insert(
        "exp".into(),
        json!(g.now + g.client.settings.id_token_seconds()),
    );
    id.insert("iat".into(), json!(g.now));
    id.insert("jti".into(), json!(uuid()));

    // The two RSA signatures are most of a sign-in's server time: one on each core.
    let (access, id) = std::thread::scope(|scope| {
        let other = scope.spawn(|| sign(access));
        let id = sign(id);
        let access = other
            .join()
            .unwrap_or_else(|_| Err(ApiError::internal("the signing thread failed")));
        (access, id)
    });
    let mut result = json!({
        "AccessToken": access?,
        "IdToken": id?,
        "ExpiresIn": access_seconds,
        "TokenType": "Bearer",
    });
    if let Some(token) = refresh_token {
        result["RefreshToken"] = json!(token);
    }
    Ok(result)
}

/// Booleans and numbers of the schema travel as JSON booleans and numbers in ID tokens, as
/// Cognito's `email_verified: true`.
fn id_claim_value(pool: &Pool, name: &str, value: &str) -> Value {
    let data_type = pool
        .settings
        .schema(name)
        .map_or("String", |a| a.attribute_data_type.as_str());
    match (data_type, name.starts_with("custom:")) {
        ("Boolean", false) => json!(value == "true"),
        ("Number", false) => value
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| json!(value)),
        _ => json!(value),
    }
}

/// Who a valid access token speaks for.
#[derive(Debug)]
pub struct Caller {
    pub pool: Pool,
    pub user: User,
    pub client_id: String,
    pub origin_jti: String,
}

fn invalid() -> ApiError {
    ApiError::not_authorized("Invalid Access Token")
}

/// Checks an access token: our signature, `token_use`, expiry, revocation, and that its user
/// still exists and is enabled.
pub fn authenticate(
    conn: &Connection,
    keys: &PoolKeys,
    token: &str,
    now: i64,
) -> ApiResult<Caller> {
    // The pool the token names picks the key; the signature then proves the claim.
    let claimed = keys::claimed_issuer(token).ok_or_else(invalid)?;
    let claimed_pool = claimed.rsplit('/').next().ok_or_else(invalid)?;
    let pool = pools::find_pool(conn, claimed_pool)?.ok_or_else(invalid)?;
    let key = keys
        .get(&pool.id)
        .map_err(|e| ApiError::internal(format!("the signing key: {e}")))?;
    let claims = key.verify(token).map_err(|_| invalid())?;
    let text = |name: &str| claims.get(name).and_then(Value::as_str).ok_or_else(invalid);
    if text("token_use")? != "access" {
        return Err(invalid());
    }
    let exp = claims
        .get("exp")
        .and_then(Value::as_i64)
        .ok_or_else(invalid)?;
    if exp <= now {
        return Err(ApiError::not_authorized("Access Token has expired"));
    }
    if text("iss")? != claimed {
        return Err(invalid());
    }
    let origin_jti = text("origin_jti")?.to_string();
    let revoked: Option<bool> = optional(conn.query_row(
        "SELECT revoked FROM refresh_tokens WHERE origin_jti = ?1",
        [&origin_jti],
        |r| r.get(0),
    ))?;
    if revoked != Some(false) {
        return Err(ApiError::not_authorized("Access Token has been revoked"));
    }
    let user = users::get_by_key(conn, &pool.id, &pool.username_key(text("username")?))?
        .filter(|u| u.sub == text("sub").unwrap_or_default())
        .ok_or_else(|| ApiError::not_authorized("Access Token has been revoked"))?;
    if !user.enabled {
        return Err(ApiError::not_authorized("User is disabled."));
    }
    Ok(Caller {
        pool,
        user,
        client_id: text("client_id")?.to_string(),
        origin_jti,
    })
}

/// A refresh token presented for REFRESH_TOKEN_AUTH.
#[derive(Debug)]
pub struct RefreshGrant {
    pub user: User,
    pub origin_jti: String,
    pub auth_time: i64,
}

/// Looks a refresh token up for `client` and checks it is live and its user enabled.
pub fn redeem_refresh(
    conn: &Connection,
    pool: &Pool,
    client: &Client,
    token: &str,
    now: i64,
) -> ApiResult<RefreshGrant> {
    let row = optional(conn.query_row(
        "SELECT origin_jti, client_id, username_key, auth_time, expires, revoked
           FROM refresh_tokens WHERE token_hash = ?1 AND pool_id = ?2",
        params![hash(token), pool.id],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, bool>(5)?,
            ))
        },
    ))?;
    let Some((origin_jti, client_id, username_key, auth_time, expires, revoked)) = row else {
        return Err(ApiError::not_authorized("Invalid Refresh Token"));
    };
    if client_id != client.id {
        return Err(ApiError::not_authorized("Invalid Refresh Token"));
    }
    if revoked {
        return Err(ApiError::not_authorized("Refresh Token has been revoked"));
    }
    if expires <= now {
        return Err(ApiError::not_authorized("Refresh Token has expired"));
    }
    let user = users::get_by_key(conn, &pool.id, &username_key)?
        .ok_or_else(|| ApiError::not_authorized("Invalid Refresh Token"))?;
    if !user.enabled {
        return Err(ApiError::not_authorized("User is disabled."));
    }
    Ok(RefreshGrant {
        user,
        origin_jti,
        auth_time,
    })
}

/// RevokeToken: revokes one refresh token of `client` and everything issued from it.
/// Unknown tokens succeed silently, as in Cognito.
pub fn revoke_refresh(conn: &Connection, client: &Client, token: &str) -> ApiResult<()> {
    conn.execute(
        "UPDATE refresh_tokens SET revoked = 1 WHERE token_hash = ?1 AND client_id = ?2",
        params![hash(token), client.id],
    )?;
    Ok(())
}

/// GlobalSignOut / AdminUserGlobalSignOut: every token the user holds stops working.
pub fn revoke_all(conn: &Connection, pool_id: &str, username_key: &str) -> ApiResult<()> {
    conn.execute(
        "UPDATE refresh_tokens SET revoked = 1 WHERE pool_id = ?1 AND username_key = ?2",
        params![pool_id, username_key],
    )?;
    Ok(())
}
