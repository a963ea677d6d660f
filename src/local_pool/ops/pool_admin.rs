//! User pools and app clients: Create/Describe/List/Update/Delete of both (signed admin calls).
//! `create_pool` and `create_client` are also how the demo pool is built, so it gets exactly
//! the validation a CreateUserPool call would.

use rand::TryRng as _;
use rusqlite::Connection;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{Call, Op, parse_body};
use crate::local_pool::error::{ApiError, ApiResult};
use crate::local_pool::model::{
    self, AdminCreateUserConfig, Policies, PoolSettings, SchemaAttribute, UsernameConfiguration,
};
use crate::local_pool::password_policy::PasswordPolicy;
use crate::local_pool::pool_extras;
use crate::local_pool::pools::{self, Pool};
use crate::local_pool::users;

mod clients;
pub mod domain;
pub mod mfa_config;
pub mod risk;

use super::paging::{decode_token, page_size, paginate, with_token};
pub use clients::{client_json, create_client, new_client_id};

/// The operations of this group.
pub const OPS: &[Op] = &[
    Op::signed("CreateUserPool", create_user_pool),
    Op::signed("DescribeUserPool", describe_user_pool),
    Op::signed("ListUserPools", list_user_pools),
    Op::signed("UpdateUserPool", update_user_pool),
    Op::signed("DeleteUserPool", delete_user_pool),
    Op::signed("CreateUserPoolClient", clients::create_user_pool_client),
    Op::signed("DescribeUserPoolClient", clients::describe_user_pool_client),
    Op::signed("ListUserPoolClients", clients::list_user_pool_clients),
    Op::signed("UpdateUserPoolClient", clients::update_user_pool_client),
    Op::signed("DeleteUserPoolClient", clients::delete_user_pool_client),
    Op::signed("GetUserPoolMfaConfig", mfa_config::get_user_pool_mfa_config),
    Op::signed("SetUserPoolMfaConfig", mfa_config::set_user_pool_mfa_config),
    Op::signed(
        "DescribeRiskConfiguration",
        risk::describe_risk_configuration,
    ),
    Op::signed("SetRiskConfiguration", risk::set_risk_configuration),
    Op::signed("CreateUserPoolDomain", domain::create_user_pool_domain),
    Op::signed("DescribeUserPoolDomain", domain::describe_user_pool_domain),
    Op::signed("DeleteUserPoolDomain", domain::delete_user_pool_domain),
];

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

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

/// Members Cognito fills in when a CreateUserPool request leaves them out; DescribeUserPool
/// returns them like any other setting.
fn pool_defaults() -> Map<String, Value> {
    let defaults = json!({
        "DeletionProtection": "INACTIVE",
        "LambdaConfig": {},
        "VerificationMessageTemplate": { "DefaultEmailOption": "CONFIRM_WITH_CODE" },
        "EmailConfiguration": { "EmailSendingAccount": "COGNITO_DEFAULT" },
        "UserPoolTier": "ESSENTIALS",
    });
    defaults.as_object().cloned().unwrap_or_default()
}

/// `UserPoolType` as DescribeUserPool and CreateUserPool return it.
pub fn pool_json(pool: &Pool, users: i64) -> ApiResult<Value> {
    let mut out = serde_json::to_value(&pool.settings)
        .map_err(|e| ApiError::internal(format!("cannot encode pool settings: {e}")))?;
    if let Some(obj) = out.as_object_mut() {
        for factor in mfa_config::FACTORS {
            obj.remove(factor);
        }
        for (name, value) in pool_defaults() {
            obj.entry(name).or_insert(value);
        }
        if let Some(admin) = obj
            .get_mut("AdminCreateUserConfig")
            .and_then(Value::as_object_mut)
        {
            admin.entry("UnusedAccountValidityDays").or_insert(json!(
                pool.settings
                    .policies
                    .password_policy
                    .temporary_password_validity_days
            ));
        }
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
    let (id, out) = call.state.db.write(|tx| {
        let id = new_pool_id(tx, call.region.as_deref())?;
        let pool = create_pool(tx, &id, &call.body, now)?;
        Ok((id, json!({ "UserPool": pool_json(&pool, 0)? })))
    })?;
    // Its own signing key, made now off the request so its first sign-in need not wait.
    call.state.keys.warm(vec![id]);
    Ok(out)
}

fn pool_id_of(call: &Call<'_>) -> ApiResult<String> {
    let req: PoolRequest = call.parse()?;
    required(req.user_pool_id, "UserPoolId")
}

fn describe_user_pool(call: &Call<'_>) -> ApiResult<Value> {
    let id = pool_id_of(call)?;
    call.state.db.read(|tx| {
        let pool = pools::get_pool(tx, &id)?;
        let mut out = pool_json(&pool, users::count(tx, &id)?)?;
        let domain = pool_extras::domain_of_pool(tx, &id)?;
        if let Some(obj) = out.as_object_mut() {
            obj.extend(domain::pool_domain_members(domain.as_ref()));
        }
        Ok(json!({ "UserPool": out }))
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
        let mut settings = pool_settings(req, obj, Some(&pool.settings))?;
        mfa_config::keep_factors(&pool.settings, &mut settings);
        pool.settings = settings;
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
    })?;
    // The pool is gone; a key file that cannot be removed only lingers unused (new pools get
    // new random ids).
    if let Err(e) = call.state.keys.forget(&id) {
        tracing::warn!("deleting pool {id}: {e}");
    }
    Ok(json!({}))
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
    fn names_are_checked() {
        assert!(check_name("PoolName", "my pool-1@x.y").is_ok());
        assert!(check_name("PoolName", "").is_err());
        assert!(check_name("PoolName", "a/b").is_err());
    }
}
