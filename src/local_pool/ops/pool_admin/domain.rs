//! CreateUserPoolDomain / DescribeUserPoolDomain / DeleteUserPoolDomain: the pool's prefix (or
//! custom) domain for the hosted sign-in pages. The local pool serves no hosted UI; it keeps the
//! domain so DescribeUserPool and the configuration face see what a real pool would show.

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::super::{Call, parse_body};
use super::{Kind, passthrough, required};
use crate::local_pool::error::{ApiError, ApiResult};
use crate::local_pool::pool_extras::{self, Domain};
use crate::local_pool::pools;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Request {
    domain: Option<String>,
    user_pool_id: Option<String>,
}

/// Cognito's prefix rule: lowercase letters, digits and inner hyphens, at most 63 characters;
/// a custom domain (with a CustomDomainConfig) is a dotted host name.
fn check_domain(domain: &str, custom: bool) -> ApiResult<()> {
    let label_ok = |l: &str| {
        (1..=63).contains(&l.len())
            && l.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    let ok = if custom {
        domain.len() <= 253 && domain.split('.').count() >= 2 && domain.split('.').all(label_ok)
    } else {
        label_ok(domain)
    };
    if ok {
        return Ok(());
    }
    Err(ApiError::invalid_member(
        "Domain",
        "Member must satisfy regular expression pattern: ^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?$",
    ))
}

fn domain_request(body: &Value) -> ApiResult<(String, String)> {
    let req: Request = parse_body(body)?;
    Ok((
        required(req.domain, "Domain")?,
        required(req.user_pool_id, "UserPoolId")?,
    ))
}

pub fn create_user_pool_domain(call: &Call<'_>) -> ApiResult<Value> {
    let now = call.now();
    call.state.db.write(|tx| create_domain(tx, &call.body, now))
}

/// CreateUserPoolDomain's work (also how a seed file's `[domain]` is applied).
pub fn create_domain(tx: &rusqlite::Connection, body: &Value, now: i64) -> ApiResult<Value> {
    let (domain, pool_id) = domain_request(body)?;
    let obj = body.as_object().cloned().unwrap_or_default();
    let config = passthrough(
        &obj,
        &[
            ("CustomDomainConfig", Kind::Object),
            ("ManagedLoginVersion", Kind::Number),
        ],
    )?;
    check_domain(&domain, config.contains_key("CustomDomainConfig"))?;
    pools::get_pool(tx, &pool_id)?;
    if pool_extras::domain_of_pool(tx, &pool_id)?.is_some() {
        return Err(ApiError::invalid_parameter(
            "User pool already has a domain configured.",
        ));
    }
    if pool_extras::find_domain(tx, &domain)?.is_some() {
        return Err(ApiError::invalid_parameter(
            "Domain already associated with another user pool.",
        ));
    }
    let version = config
        .get("ManagedLoginVersion")
        .cloned()
        .unwrap_or(json!(1));
    pool_extras::insert_domain(
        tx,
        &Domain {
            domain,
            pool_id,
            config,
            created: now,
        },
    )?;
    Ok(json!({ "ManagedLoginVersion": version }))
}

/// `DomainDescriptionType`; an unknown domain is an empty description, as in Cognito.
pub fn describe_user_pool_domain(call: &Call<'_>) -> ApiResult<Value> {
    let req: Request = call.parse()?;
    let domain = required(req.domain, "Domain")?;
    let found = call
        .state
        .db
        .read(|tx| pool_extras::find_domain(tx, &domain))?;
    let Some(found) = found else {
        return Ok(json!({ "DomainDescription": {} }));
    };
    let mut out = Map::new();
    out.insert("UserPoolId".into(), json!(found.pool_id));
    out.insert("AWSAccountId".into(), json!("000000000000"));
    out.insert("Domain".into(), json!(found.domain));
    out.insert("Status".into(), json!("ACTIVE"));
    out.insert("Version".into(), json!(found.created.to_string()));
    out.insert(
        "ManagedLoginVersion".into(),
        found
            .config
            .get("ManagedLoginVersion")
            .cloned()
            .unwrap_or(json!(1)),
    );
    if let Some(custom) = found.config.get("CustomDomainConfig") {
        out.insert("CustomDomainConfig".into(), custom.clone());
    }
    Ok(json!({ "DomainDescription": out }))
}

pub fn delete_user_pool_domain(call: &Call<'_>) -> ApiResult<Value> {
    let (domain, pool_id) = domain_request(&call.body)?;
    call.state.db.write(|tx| {
        match pool_extras::find_domain(tx, &domain)? {
            Some(found) if found.pool_id == pool_id => pool_extras::delete_domain(tx, &domain)?,
            _ => {
                return Err(ApiError::invalid_parameter(format!(
                    "No such domain or user pool exists: {domain}"
                )));
            }
        }
        Ok(json!({}))
    })
}

/// DescribeUserPool's `Domain` / `CustomDomain` members for the pool.
pub fn pool_domain_members(domain: Option<&Domain>) -> Map<String, Value> {
    let mut out = Map::new();
    if let Some(d) = domain {
        let key = if d.config.contains_key("CustomDomainConfig") {
            "CustomDomain"
        } else {
            "Domain"
        };
        out.insert(key.into(), json!(d.domain));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_and_custom_domains_are_checked() {
        assert!(check_domain("my-app-dev", false).is_ok());
        assert!(check_domain("-bad", false).is_err());
        assert!(check_domain("Upper", false).is_err());
        assert!(check_domain("auth.example.com", false).is_err());
        assert!(check_domain("auth.example.com", true).is_ok());
    }
}
