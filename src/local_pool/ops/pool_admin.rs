//! User pools and app clients: Create/Describe/List/Update/Delete of both (signed admin calls).
//! `create_pool` and `create_client` are also how the demo pool is built, so it gets exactly
//! the validation a CreateUserPool call would.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::TryRng as _;
use rusqlite::Connection;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{Call, Handler, parse_body};
use crate::local_pool::error::{ApiError, ApiResult};
use crate::local_pool::model::{
    self, AdminCreateUserConfig, ClientSettings, Policies, PoolSettings, SchemaAttribute,
    TokenValidityUnits, UsernameConfiguration,
};
use crate::local_pool::password_policy::PasswordPolicy;
use crate::local_pool::pools::{self, Client, Pool};
use crate::local_pool::users;

pub fn handler(op: &str) -> Option<Handler> {
    Some(match op {
        "CreateUserPool" => create_user_pool,
        "DescribeUserPool" => describe_user_pool,
        "ListUserPools" => list_user_pools,
        "UpdateUserPool" => update_user_pool,
        "DeleteUserPool" => delete_user_pool,
        "CreateUserPoolClient" => create_user_pool_client,
        "DescribeUserPoolClient" => describe_user_pool_client,
        "ListUserPoolClients" => list_user_pool_clients,
        "UpdateUserPoolClient" => update_user_pool_client,
        "DeleteUserPoolClient" => delete_user_pool_client,
        _ => return None,
    })
}

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
/// Largest page any list operation returns.
pub const MAX_PAGE: usize = 60;

/// JSON kinds of members the pool stores and returns without acting on them.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    Flag,
    Number,
    Object,
    Texts,
}

/// CreateUserPool/UpdateUserPool members kept verbatim (checked for type only).
const POOL_PASSTHROUGH: &[(&str, Kind)] = &[
    ("DeletionProtection", Kind::Text),
    ("LambdaConfig", Kind::Object),
    ("SmsVerificationMessage", Kind::Text),
    ("EmailVerificationMessage", Kind::Text),
    ("EmailVerificationSubject", Kind::Text),
    ("VerificationMessageTemplate", Kind::Object),
    ("SmsAuthenticationMessage", Kind::Text),
    ("UserAttributeUpdateSettings", Kind::Object),
    ("DeviceConfiguration", Kind::Object),
    ("EmailConfiguration", Kind::Object),
    ("SmsConfiguration", Kind::Object),
    ("UserPoolTags", Kind::Object),
    ("UserPoolAddOns", Kind::Object),
    ("AccountRecoverySetting", Kind::Object),
    ("UserPoolTier", Kind::Text),
];

/// CreateUserPoolClient/UpdateUserPoolClient members kept verbatim.
const CLIENT_PASSTHROUGH: &[(&str, Kind)] = &[
    ("SupportedIdentityProviders", Kind::Texts),
    ("CallbackURLs", Kind::Texts),
    ("LogoutURLs", Kind::Texts),
    ("DefaultRedirectURI", Kind::Text),
    ("AllowedOAuthFlows", Kind::Texts),
    ("AllowedOAuthScopes", Kind::Texts),
    ("AllowedOAuthFlowsUserPoolClient", Kind::Flag),
    ("AnalyticsConfiguration", Kind::Object),
    ("EnableTokenRevocation", Kind::Flag),
    ("EnablePropagateAdditionalUserContextData", Kind::Flag),
    ("AuthSessionValidity", Kind::Number),
    ("RefreshTokenRotation", Kind::Object),
];

const LEGACY_FLOWS: &[&str] = &[
    "ADMIN_NO_SRP_AUTH",
    "CUSTOM_AUTH_FLOW_ONLY",
    "USER_PASSWORD_AUTH",
];
const ALLOW_FLOWS: &[&str] = &[
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "ALLOW_CUSTOM_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_USER_AUTH",
];

fn passthrough(
    from: &Map<String, Value>,
    members: &[(&str, Kind)],
) -> ApiResult<Map<String, Value>> {
    let mut out = Map::new();
    for (name, kind) in members {
        let Some(value) = from.get(*name) else {
            continue;
        };
        let fits = match kind {
            Kind::Text => value.is_string(),
            Kind::Flag => value.is_boolean(),
            Kind::Number => value.is_i64(),
            Kind::Object => value.is_object(),
            Kind::Texts => value
                .as_array()
                .is_some_and(|a| a.iter().all(Value::is_string)),
        };
        if !fits {
            return Err(ApiError::serialization(format!(
                "Cannot deserialize member {name}: unexpected JSON type"
            )));
        }
        out.insert((*name).to_string(), value.clone());
    }
    Ok(out)
}

fn as_object(body: &Value) -> ApiResult<&Map<String, Value>> {
    body.as_object()
        .ok_or_else(|| ApiError::serialization("The request body must be a JSON object"))
}

/// A required member, or InvalidParameterException naming it.
pub fn required<T>(value: Option<T>, member: &str) -> ApiResult<T> {
    value.ok_or_else(|| ApiError::missing_member(member))
}

/// `len` characters drawn uniformly from `alphabet` (rejection sampling: no modulo bias).
fn random_text(alphabet: &[u8], len: usize) -> ApiResult<String> {
    let limit = 256 - 256 % alphabet.len();
    let mut out = String::with_capacity(len);
    let mut buf = [0u8; 64];
    while out.len() < len {
        rand::rngs::SysRng.try_fill_bytes(&mut buf).map_err(|e| {
            ApiError::internal(format!("the operating system's random source failed: {e}"))
        })?;
        for b in buf.iter().map(|b| usize::from(*b)).filter(|b| *b < limit) {
            if out.len() < len {
                out.push(char::from(alphabet[b % alphabet.len()]));
            }
        }
    }
    Ok(out)
}

/// A pool name or client name: 1–128 characters of `[\w\s+=,.@-]`.
fn check_name(member: &str, name: &str) -> ApiResult<()> {
    if !(1..=128).contains(&name.chars().count()) {
        return Err(ApiError::invalid_member(
            member,
            "Member must have length between 1 and 128",
        ));
    }
    let allowed =
        |c: char| c.is_alphanumeric() || c == '_' || c.is_whitespace() || "+=,.@-".contains(c);
    if !name.chars().all(allowed) {
        return Err(ApiError::invalid_member(
            member,
            r"Member must satisfy regular expression pattern: [\w\s+=,.@-]+",
        ));
    }
    Ok(())
}

fn check_subset(member: &str, given: &[String], allowed: &[&str]) -> ApiResult<()> {
    if given.iter().all(|g| allowed.contains(&g.as_str())) {
        return Ok(());
    }
    Err(ApiError::invalid_member(
        member,
        &format!(
            "Member must satisfy enum value set: [{}]",
            allowed.join(", ")
        ),
    ))
}

// ---- pagination shared by every list operation ----

/// MaxResults / Limit: 1–60, 60 when not given.
pub fn page_size(member: &str, value: Option<i64>) -> ApiResult<usize> {
    match value {
        None => Ok(MAX_PAGE),
        Some(n) if n < 1 => Err(ApiError::invalid_member(
            member,
            "Member must have value greater than or equal to 1",
        )),
        Some(n) if n > MAX_PAGE as i64 => Err(ApiError::invalid_member(
            member,
            "Member must have value less than or equal to 60",
        )),
        Some(n) => Ok(n as usize),
    }
}

/// The key a NextToken resumes after (tokens are opaque to callers).
pub fn decode_token(token: Option<&str>) -> ApiResult<Option<String>> {
    let Some(token) = token else {
        return Ok(None);
    };
    let invalid = || ApiError::invalid_parameter("Invalid pagination token.");
    let bytes = URL_SAFE_NO_PAD.decode(token).map_err(|_| invalid())?;
    let key = String::from_utf8(bytes).map_err(|_| invalid())?;
    key.strip_prefix("k:")
        .map(|k| Some(k.to_string()))
        .ok_or_else(invalid)
}

/// Cuts `rows` (fetched with one row more than `limit`) to a page and its NextToken.
pub fn paginate<T>(
    mut rows: Vec<T>,
    limit: usize,
    key: impl Fn(&T) -> &str,
) -> (Vec<T>, Option<String>) {
    if rows.len() <= limit {
        return (rows, None);
    }
    rows.truncate(limit);
    let token = rows
        .last()
        .map(|r| URL_SAFE_NO_PAD.encode(format!("k:{}", key(r))));
    (rows, token)
}

fn with_token(mut out: Value, token: Option<String>) -> Value {
    if let (Some(token), Some(obj)) = (token, out.as_object_mut()) {
        obj.insert("NextToken".into(), Value::String(token));
    }
    out
}

// ---- pools ----

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PoolRequest {
    user_pool_id: Option<String>,
    pool_name: Option<String>,
    policies: Option<Policies>,
    #[serde(default)]
    auto_verified_attributes: Vec<String>,
    #[serde(default)]
    alias_attributes: Vec<String>,
    #[serde(default)]
    username_attributes: Vec<String>,
    mfa_configuration: Option<String>,
    admin_create_user_config: Option<AdminCreateUserConfig>,
    username_configuration: Option<UsernameConfiguration>,
    #[serde(default)]
    schema: Vec<SchemaAttribute>,
    max_results: Option<i64>,
    next_token: Option<String>,
}

fn check_password_policy(p: &PasswordPolicy) -> ApiResult<()> {
    if !(6..=99).contains(&p.minimum_length) {
        return Err(ApiError::invalid_member(
            "Policies.PasswordPolicy.MinimumLength",
            "Member must have value between 6 and 99",
        ));
    }
    if p.temporary_password_validity_days > 365 {
        return Err(ApiError::invalid_member(
            "Policies.PasswordPolicy.TemporaryPasswordValidityDays",
            "Member must have value between 0 and 365",
        ));
    }
    Ok(())
}

/// Settings from a CreateUserPool/UpdateUserPool request. With `keep` (an update), the schema,
/// sign-in attributes and username case rule are the existing pool's: Cognito cannot change them.
fn pool_settings(
    req: PoolRequest,
    body: &Map<String, Value>,
    keep: Option<&PoolSettings>,
) -> ApiResult<PoolSettings> {
    let policies = req.policies.unwrap_or_default();
    check_password_policy(&policies.password_policy)?;
    let admin = req.admin_create_user_config.unwrap_or_default();
    const ADMIN_EXTRA: &[(&str, Kind)] = &[
        ("UnusedAccountValidityDays", Kind::Number),
        ("InviteMessageTemplate", Kind::Object),
    ];
    let mut settings = PoolSettings {
        policies: Policies {
            extra: passthrough(&policies.extra, &[("SignInPolicy", Kind::Object)])?,
            password_policy: policies.password_policy,
        },
        auto_verified_attributes: req.auto_verified_attributes,
        mfa_configuration: req.mfa_configuration.unwrap_or_else(|| "OFF".into()),
        admin_create_user_config: AdminCreateUserConfig {
            extra: passthrough(&admin.extra, ADMIN_EXTRA)?,
            allow_admin_create_user_only: admin.allow_admin_create_user_only,
        },
        extra: passthrough(body, POOL_PASSTHROUGH)?,
        ..PoolSettings::default()
    };
    if let Some(old) = keep {
        settings.schema_attributes = old.schema_attributes.clone();
        settings.alias_attributes = old.alias_attributes.clone();
        settings.username_attributes = old.username_attributes.clone();
        settings.username_configuration = old.username_configuration.clone();
    } else {
        settings.schema_attributes = model::full_schema(req.schema)?;
        settings.alias_attributes = req.alias_attributes;
        settings.username_attributes = req.username_attributes;
        settings.username_configuration = req.username_configuration;
    }
    check_subset(
        "UsernameAttributes",
        &settings.username_attributes,
        &["phone_number", "email"],
    )?;
    check_subset(
        "AliasAttributes",
        &settings.alias_attributes,
        &["phone_number", "email", "preferred_username"],
    )?;
    if !settings.alias_attributes.is_empty() && !settings.username_attributes.is_empty() {
        return Err(ApiError::invalid_parameter(
            "Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.",
        ));
    }
    check_subset(
        "AutoVerifiedAttributes",
        &settings.auto_verified_attributes,
        &["phone_number", "email"],
    )?;
    check_subset(
        "MfaConfiguration",
        std::slice::from_ref(&settings.mfa_configuration),
        &["OFF", "ON", "OPTIONAL"],
    )?;
    Ok(settings)
}

/// Validates a CreateUserPool request and stores the pool under `id`.
pub fn create_pool(conn: &Connection, id: &str, body: &Value, now: i64) -> ApiResult<Pool> {
    let obj = as_object(body)?;
    let mut req: PoolRequest = parse_body(body)?;
    let name = required(req.pool_name.take(), "PoolName")?;
    check_name("PoolName", &name)?;
    let settings = pool_settings(req, obj, None)?;
    if pools::find_pool(conn, id)?.is_some() {
        return Err(ApiError::invalid_parameter(format!(
            "User pool {id} already exists."
        )));
    }
    let pool = Pool {
        id: id.to_string(),
        name,
        settings,
        created: now,
        modified: now,
    };
    pools::save_pool(conn, &pool)?;
    Ok(pool)
}

/// `<region>_<9 letters/digits>`, unused. A region that is not region-shaped becomes us-east-1.
pub fn new_pool_id(conn: &Connection, region: Option<&str>) -> ApiResult<String> {
    let region = region
        .filter(|r| (1..=32).contains(&r.len()))
        .filter(|r| {
            r.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
        .unwrap_or("us-east-1");
    loop {
        let id = format!("{region}_{}", random_text(ALNUM, 9)?);
        if pools::find_pool(conn, &id)?.is_none() {
            return Ok(id);
        }
    }
}

/// `UserPoolType` as DescribeUserPool and CreateUserPool return it.
pub fn pool_json(pool: &Pool, users: i64) -> ApiResult<Value> {
    let mut out = serde_json::to_value(&pool.settings)
        .map_err(|e| ApiError::internal(format!("cannot encode pool settings: {e}")))?;
    if let Some(obj) = out.as_object_mut() {
        obj.insert("Id".into(), json!(pool.id));
        obj.insert("Name".into(), json!(pool.name));
        obj.insert("Arn".into(), json!(pool.arn()));
        obj.insert("CreationDate".into(), json!(pool.created));
        obj.insert("LastModifiedDate".into(), json!(pool.modified));
        obj.insert("EstimatedNumberOfUsers".into(), json!(users));
    }
    Ok(out)
}

fn create_user_pool(call: &Call<'_>) -> ApiResult<Value> {
    let now = call.now();
    call.state.db.write(|tx| {
        let id = new_pool_id(tx, call.region.as_deref())?;
        let pool = create_pool(tx, &id, &call.body, now)?;
        Ok(json!({ "UserPool": pool_json(&pool, 0)? }))
    })
}

fn pool_id_of(call: &Call<'_>) -> ApiResult<String> {
    let req: PoolRequest = call.parse()?;
    required(req.user_pool_id, "UserPoolId")
}

fn describe_user_pool(call: &Call<'_>) -> ApiResult<Value> {
    let id = pool_id_of(call)?;
    call.state.db.read(|tx| {
        let pool = pools::get_pool(tx, &id)?;
        Ok(json!({ "UserPool": pool_json(&pool, users::count(tx, &id)?)? }))
    })
}

fn list_user_pools(call: &Call<'_>) -> ApiResult<Value> {
    let req: PoolRequest = call.parse()?;
    let limit = page_size("MaxResults", Some(required(req.max_results, "MaxResults")?))?;
    let after = decode_token(req.next_token.as_deref())?;
    let rows = call
        .state
        .db
        .read(|tx| pools::list_pools(tx, after.as_deref(), limit + 1))?;
    let (page, token) = paginate(rows, limit, |p| p.id.as_str());
    let pools: Vec<Value> = page
        .iter()
        .map(|p| {
            json!({ "Id": p.id, "Name": p.name, "CreationDate": p.created,
                    "LastModifiedDate": p.modified })
        })
        .collect();
    Ok(with_token(json!({ "UserPools": pools }), token))
}

fn update_user_pool(call: &Call<'_>) -> ApiResult<Value> {
    let obj = as_object(&call.body)?;
    let mut req: PoolRequest = call.parse()?;
    let id = required(req.user_pool_id.take(), "UserPoolId")?;
    let name = req.pool_name.take();
    if let Some(name) = &name {
        check_name("PoolName", name)?;
    }
    let now = call.now();
    call.state.db.write(|tx| {
        let mut pool = pools::get_pool(tx, &id)?;
        pool.settings = pool_settings(req, obj, Some(&pool.settings))?;
        if let Some(name) = name {
            pool.name = name;
        }
        pool.modified = now;
        pools::save_pool(tx, &pool)?;
        Ok(json!({}))
    })
}

fn delete_user_pool(call: &Call<'_>) -> ApiResult<Value> {
    let id = pool_id_of(call)?;
    call.state.db.write(|tx| {
        let pool = pools::get_pool(tx, &id)?;
        if pool.settings.extra.get("DeletionProtection") == Some(&json!("ACTIVE")) {
            return Err(ApiError::invalid_parameter(
                "The user pool cannot be deleted because deletion protection is activated. \
                 Deletion protection must be inactivated first.",
            ));
        }
        pools::delete_pool(tx, &id)?;
        Ok(json!({}))
    })
}

// ---- app clients ----

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ClientRequest {
    user_pool_id: Option<String>,
    client_id: Option<String>,
    client_name: Option<String>,
    #[serde(default)]
    generate_secret: bool,
    client_secret: Option<String>,
    explicit_auth_flows: Option<Vec<String>>,
    prevent_user_existence_errors: Option<String>,
    access_token_validity: Option<i64>,
    id_token_validity: Option<i64>,
    refresh_token_validity: Option<i64>,
    token_validity_units: Option<TokenValidityUnits>,
    read_attributes: Option<Vec<String>>,
    write_attributes: Option<Vec<String>>,
    max_results: Option<i64>,
    next_token: Option<String>,
}

fn check_flows(flows: &[String]) -> ApiResult<()> {
    let all: Vec<&str> = LEGACY_FLOWS.iter().chain(ALLOW_FLOWS).copied().collect();
    check_subset("ExplicitAuthFlows", flows, &all)?;
    let legacy = flows.iter().any(|f| LEGACY_FLOWS.contains(&f.as_str()));
    if legacy && flows.iter().any(|f| f.starts_with("ALLOW_")) {
        return Err(ApiError::invalid_parameter(
            "ExplicitAuthFlows cannot mix legacy values (ADMIN_NO_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY, \
             USER_PASSWORD_AUTH) with ALLOW_* values.",
        ));
    }
    Ok(())
}

fn check_validity(s: &ClientSettings) -> ApiResult<()> {
    let units = s.token_validity_units.clone().unwrap_or_default();
    for unit in [&units.access_token, &units.id_token, &units.refresh_token]
        .into_iter()
        .flatten()
    {
        if model::unit_seconds(unit).is_none() {
            return Err(ApiError::invalid_member(
                "TokenValidityUnits",
                "Member must satisfy enum value set: [seconds, minutes, hours, days]",
            ));
        }
    }
    let (access, id, refresh) = (
        s.access_token_seconds(),
        s.id_token_seconds(),
        s.refresh_token_seconds(),
    );
    let checks = [
        (
            "AccessTokenValidity",
            s.access_token_validity,
            access,
            300,
            86_400,
            "5 minutes and 1 day",
        ),
        (
            "IdTokenValidity",
            s.id_token_validity,
            id,
            300,
            86_400,
            "5 minutes and 1 day",
        ),
        (
            "RefreshTokenValidity",
            s.refresh_token_validity,
            refresh,
            3600,
            3650 * 86_400,
            "60 minutes and 3650 days",
        ),
    ];
    for (member, given, seconds, min, max, words) in checks {
        if given.is_some() && !(min..=max).contains(&seconds) {
            return Err(ApiError::invalid_parameter(format!(
                "Invalid range for token validity: {member} must be between {words}."
            )));
        }
    }
    if access > refresh || id > refresh {
        return Err(ApiError::invalid_parameter(
            "Invalid range for token validity: AccessTokenValidity and IdTokenValidity cannot be \
             greater than RefreshTokenValidity.",
        ));
    }
    Ok(())
}

/// Settings from a CreateUserPoolClient/UpdateUserPoolClient request; members not given take
/// Cognito's defaults (an update resets them too).
fn client_settings(
    req: ClientRequest,
    body: &Map<String, Value>,
    pool: &Pool,
    name: String,
    verb: &str,
) -> ApiResult<ClientSettings> {
    check_name("ClientName", &name)?;
    let flows = req.explicit_auth_flows.unwrap_or_default();
    check_flows(&flows)?;
    let prevent = req
        .prevent_user_existence_errors
        .unwrap_or_else(|| "LEGACY".into());
    check_subset(
        "PreventUserExistenceErrors",
        std::slice::from_ref(&prevent),
        &["ENABLED", "LEGACY"],
    )?;
    for (list, which) in [
        (&req.read_attributes, "read"),
        (&req.write_attributes, "write"),
    ] {
        if list
            .iter()
            .flatten()
            .any(|a| pool.settings.schema(a).is_none())
        {
            return Err(ApiError::invalid_parameter(format!(
                "Invalid {which} attributes specified while {verb} a client"
            )));
        }
    }
    let refresh_in_days = req
        .token_validity_units
        .as_ref()
        .and_then(|u| u.refresh_token.as_deref())
        .is_none_or(|u| u == "days");
    let settings = ClientSettings {
        client_name: name,
        explicit_auth_flows: flows,
        prevent_user_existence_errors: Some(prevent),
        access_token_validity: req.access_token_validity,
        id_token_validity: req.id_token_validity,
        refresh_token_validity: req.refresh_token_validity.or(refresh_in_days.then_some(30)),
        token_validity_units: req.token_validity_units,
        read_attributes: req.read_attributes,
        write_attributes: req.write_attributes,
        extra: passthrough(body, CLIENT_PASSTHROUGH)?,
    };
    check_validity(&settings)?;
    Ok(settings)
}

/// Validates a CreateUserPoolClient request and stores the client under `id`.
pub fn create_client(conn: &Connection, id: &str, body: &Value, now: i64) -> ApiResult<Client> {
    let obj = as_object(body)?;
    let mut req: ClientRequest = parse_body(body)?;
    let pool = pools::get_pool(conn, &required(req.user_pool_id.take(), "UserPoolId")?)?;
    let name = required(req.client_name.take(), "ClientName")?;
    let secret = match (req.client_secret.take(), req.generate_secret) {
        (Some(s), _)
            if (24..=64).contains(&s.len())
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'+') =>
        {
            Some(s)
        }
        (Some(_), _) => {
            return Err(ApiError::invalid_member(
                "ClientSecret",
                r"Member must have length between 24 and 64 and match [\w+]+",
            ));
        }
        (None, true) => Some(random_text(ALNUM, 51)?),
        (None, false) => None,
    };
    let settings = client_settings(req, obj, &pool, name, "creating")?;
    if pools::find_client(conn, id)?.is_some() {
        return Err(ApiError::invalid_parameter(format!(
            "User pool client {id} already exists."
        )));
    }
    let client = Client {
        id: id.to_string(),
        pool_id: pool.id,
        secret,
        settings,
        created: now,
        modified: now,
    };
    pools::save_client(conn, &client)?;
    Ok(client)
}

/// 26 lowercase letters/digits, unused.
pub fn new_client_id(conn: &Connection) -> ApiResult<String> {
    loop {
        let id = random_text(LOWER_ALNUM, 26)?;
        if pools::find_client(conn, &id)?.is_none() {
            return Ok(id);
        }
    }
}

/// `UserPoolClientType`.
pub fn client_json(client: &Client) -> ApiResult<Value> {
    let mut out = serde_json::to_value(&client.settings)
        .map_err(|e| ApiError::internal(format!("cannot encode client settings: {e}")))?;
    if let Some(obj) = out.as_object_mut() {
        obj.insert("UserPoolId".into(), json!(client.pool_id));
        obj.insert("ClientId".into(), json!(client.id));
        if let Some(secret) = &client.secret {
            obj.insert("ClientSecret".into(), json!(secret));
        }
        obj.insert("CreationDate".into(), json!(client.created));
        obj.insert("LastModifiedDate".into(), json!(client.modified));
    }
    Ok(out)
}

fn create_user_pool_client(call: &Call<'_>) -> ApiResult<Value> {
    let now = call.now();
    call.state.db.write(|tx| {
        let id = new_client_id(tx)?;
        let client = create_client(tx, &id, &call.body, now)?;
        Ok(json!({ "UserPoolClient": client_json(&client)? }))
    })
}

/// (pool id, client id) of a request naming one client.
fn client_ids(req: &mut ClientRequest) -> ApiResult<(String, String)> {
    Ok((
        required(req.user_pool_id.take(), "UserPoolId")?,
        required(req.client_id.take(), "ClientId")?,
    ))
}

fn describe_user_pool_client(call: &Call<'_>) -> ApiResult<Value> {
    let (pool_id, client_id) = client_ids(&mut call.parse()?)?;
    call.state.db.read(|tx| {
        pools::get_pool(tx, &pool_id)?;
        let client = pools::get_pool_client(tx, &pool_id, &client_id)?;
        Ok(json!({ "UserPoolClient": client_json(&client)? }))
    })
}

fn list_user_pool_clients(call: &Call<'_>) -> ApiResult<Value> {
    let req: ClientRequest = call.parse()?;
    let pool_id = required(req.user_pool_id, "UserPoolId")?;
    let limit = page_size("MaxResults", req.max_results)?;
    let after = decode_token(req.next_token.as_deref())?;
    let rows = call.state.db.read(|tx| {
        pools::get_pool(tx, &pool_id)?;
        pools::list_clients(tx, &pool_id, after.as_deref(), limit + 1)
    })?;
    let (page, token) = paginate(rows, limit, |c| c.id.as_str());
    let clients: Vec<Value> = page
        .iter()
        .map(|c| json!({ "ClientId": c.id, "UserPoolId": c.pool_id, "ClientName": c.settings.client_name }))
        .collect();
    Ok(with_token(json!({ "UserPoolClients": clients }), token))
}

fn update_user_pool_client(call: &Call<'_>) -> ApiResult<Value> {
    let obj = as_object(&call.body)?;
    let mut req: ClientRequest = call.parse()?;
    let (pool_id, client_id) = client_ids(&mut req)?;
    let now = call.now();
    call.state.db.write(|tx| {
        let pool = pools::get_pool(tx, &pool_id)?;
        let mut client = pools::get_pool_client(tx, &pool_id, &client_id)?;
        let name = req
            .client_name
            .take()
            .unwrap_or_else(|| client.settings.client_name.clone());
        client.settings = client_settings(req, obj, &pool, name, "updating")?;
        client.modified = now;
        pools::save_client(tx, &client)?;
        Ok(json!({ "UserPoolClient": client_json(&client)? }))
    })
}

fn delete_user_pool_client(call: &Call<'_>) -> ApiResult<Value> {
    let (pool_id, client_id) = client_ids(&mut call.parse()?)?;
    call.state.db.write(|tx| {
        pools::get_pool(tx, &pool_id)?;
        pools::get_pool_client(tx, &pool_id, &client_id)?;
        // Its refresh tokens die with it, and with them every token they produced.
        tx.execute(
            "DELETE FROM refresh_tokens WHERE client_id = ?1",
            [&client_id],
        )?;
        pools::delete_client(tx, &client_id)?;
        Ok(json!({}))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_text_uses_only_the_alphabet() {
        let text = random_text(LOWER_ALNUM, 26).unwrap();
        assert_eq!(text.len(), 26);
        assert!(text.bytes().all(|b| LOWER_ALNUM.contains(&b)));
    }

    #[test]
    fn tokens_round_trip_and_garbage_is_refused() {
        let (page, token) = paginate(vec!["a", "b", "c"], 2, |s| s);
        assert_eq!(page, vec!["a", "b"]);
        assert_eq!(
            decode_token(token.as_deref()).unwrap().as_deref(),
            Some("b")
        );
        assert!(decode_token(Some("!!")).is_err());
        assert!(decode_token(Some(&URL_SAFE_NO_PAD.encode("b"))).is_err());
        assert_eq!(paginate(vec!["a"], 2, |s| s).1, None);
    }

    #[test]
    fn names_and_page_sizes_are_checked() {
        assert!(check_name("PoolName", "my pool-1@x.y").is_ok());
        assert!(check_name("PoolName", "").is_err());
        assert!(check_name("PoolName", "a/b").is_err());
        assert!(page_size("Limit", Some(0)).is_err());
        assert!(page_size("Limit", Some(61)).is_err());
        assert_eq!(page_size("Limit", None).unwrap(), 60);
    }

    #[test]
    fn mixed_flows_are_refused() {
        assert!(check_flows(&["ALLOW_USER_SRP_AUTH".into(), "USER_PASSWORD_AUTH".into()]).is_err());
        assert!(check_flows(&["ALLOW_NOTHING".into()]).is_err());
        assert!(check_flows(&["ADMIN_NO_SRP_AUTH".into()]).is_ok());
    }
}
