//! A pool's configuration as the requests that would recreate it (the shape of
//! `assets/demo-pool.toml`): `[pool]` a CreateUserPool request, `[[clients]]` CreateUserPoolClient
//! requests, `[[groups]]` CreateGroup requests, `[mfa]` SetUserPoolMfaConfig, `[risk]`
//! SetRiskConfiguration and `[domain]` CreateUserPoolDomain. No ids, dates, users or secrets.
//!
//! The same conversion gives the Update* requests the doctor's fixes print, and the normal
//! form `diff` compares.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::PoolConfig;
use crate::local_pool::model::STANDARD_ATTRIBUTES;

/// DescribeUserPool members that are facts about the pool, not settings a request can give.
const POOL_FACTS: &[&str] = &[
    "Id",
    "Name",
    "Arn",
    "Status",
    "CreationDate",
    "LastModifiedDate",
    "EstimatedNumberOfUsers",
    "Domain",
    "CustomDomain",
    "SmsConfigurationFailure",
    "EmailConfigurationFailure",
    "SchemaAttributes",
];

/// CreateUserPool members UpdateUserPool does not take: they are fixed at creation.
pub const FIXED_AT_CREATION: &[&str] = &[
    "Schema",
    "AliasAttributes",
    "UsernameAttributes",
    "UsernameConfiguration",
];

const CLIENT_FACTS: &[&str] = &[
    "UserPoolId",
    "ClientId",
    "ClientSecret",
    "CreationDate",
    "LastModifiedDate",
];

const GROUP_FACTS: &[&str] = &["UserPoolId", "CreationDate", "LastModifiedDate"];
const RISK_FACTS: &[&str] = &["UserPoolId", "ClientId", "LastModifiedDate"];
const DOMAIN_MEMBERS: &[&str] = &["Domain", "CustomDomainConfig", "ManagedLoginVersion"];

/// The requests that recreate a pool's configuration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Export {
    pub pool: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clients: Vec<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Map<String, Value>>,
}

fn without(map: &Map<String, Value>, facts: &[&str]) -> Map<String, Value> {
    map.iter()
        .filter(|(k, v)| !facts.contains(&k.as_str()) && !v.is_null())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Whether a standard attribute of the schema is as Cognito makes it by default (then the
/// request need not name it).
fn is_default_standard(attribute: &Map<String, Value>) -> bool {
    let name = attribute.get("Name").and_then(Value::as_str).unwrap_or("");
    let Some((_, data_type, mutable)) = STANDARD_ATTRIBUTES.iter().find(|(n, _, _)| *n == name)
    else {
        return false;
    };
    if name == "sub" {
        return true;
    }
    let is = |member: &str, expected: Value| attribute.get(member).is_none_or(|v| *v == expected);
    is("AttributeDataType", json!(data_type))
        && is("Required", json!(false))
        && is("Mutable", json!(mutable))
        && is("DeveloperOnlyAttribute", json!(false))
        && is(
            "StringAttributeConstraints",
            json!({ "MinLength": "0", "MaxLength": "2048" }),
        )
        && attribute.get("NumberAttributeConstraints").is_none_or(|c| {
            c.as_object()
                .is_none_or(|c| c.keys().all(|k| k == "MinValue"))
        })
}

/// CreateUserPool's `Schema` from DescribeUserPool's `SchemaAttributes`: custom attributes
/// (without their `custom:` prefix, as the request names them) and the standard ones whose
/// settings differ from Cognito's defaults.
fn schema_request(attributes: Option<&Value>) -> Vec<Value> {
    let Some(list) = attributes.and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(Value::as_object)
        .filter(|a| !is_default_standard(a))
        .map(|a| {
            let mut a = without(a, &[]);
            if let Some(Value::String(name)) = a.get_mut("Name")
                && let Some(bare) = name.strip_prefix("custom:")
            {
                *name = bare.to_string();
            }
            Value::Object(a)
        })
        .collect()
}

/// The CreateUserPool request of the pool.
pub fn pool_request(config: &PoolConfig) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("PoolName".into(), json!(config.pool_name()));
    out.extend(without(&config.pool, POOL_FACTS));
    // Deprecated: Cognito mirrors TemporaryPasswordValidityDays into it.
    if let Some(Value::Object(admin)) = out.get_mut("AdminCreateUserConfig") {
        admin.remove("UnusedAccountValidityDays");
    }
    let schema = schema_request(config.pool.get("SchemaAttributes"));
    if !schema.is_empty() {
        out.insert("Schema".into(), Value::Array(schema));
    }
    out
}

/// The UpdateUserPool request that keeps every setting as it is: a fix changes one member of
/// it, so that nothing else is reset to its default.
pub fn pool_update_request(config: &PoolConfig) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("UserPoolId".into(), json!(config.pool_id()));
    out.extend(
        pool_request(config)
            .into_iter()
            .filter(|(k, _)| k != "PoolName" && !FIXED_AT_CREATION.contains(&k.as_str())),
    );
    out
}

/// The CreateUserPoolClient request of a client (`GenerateSecret` for one with a secret).
pub fn client_request(client: &super::ClientConfig) -> Map<String, Value> {
    let mut out = without(&client.settings, CLIENT_FACTS);
    if client.has_secret {
        out.insert("GenerateSecret".into(), json!(true));
    }
    out
}

/// The UpdateUserPoolClient request that keeps every setting of the client as it is.
pub fn client_update_request(
    config: &PoolConfig,
    client: &super::ClientConfig,
) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("UserPoolId".into(), json!(config.pool_id()));
    out.insert("ClientId".into(), json!(client.id()));
    out.extend(without(&client.settings, CLIENT_FACTS));
    out
}

/// SetRiskConfiguration's members of a risk configuration.
pub fn risk_request(risk: &Map<String, Value>) -> Map<String, Value> {
    without(risk, RISK_FACTS)
}

pub fn export(config: &PoolConfig) -> Export {
    let mfa = Some(without(&config.mfa, &[])).filter(|m| !m.is_empty());
    let risk = config
        .risk
        .as_ref()
        .map(risk_request)
        .filter(|r| !r.is_empty());
    let domain = config.domain.as_ref().map(|d| {
        d.iter()
            .filter(|(k, v)| DOMAIN_MEMBERS.contains(&k.as_str()) && !v.is_null())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<Map<String, Value>>()
    });
    let mut groups: Vec<Map<String, Value>> = config
        .groups
        .iter()
        .map(|g| without(g, GROUP_FACTS))
        .collect();
    groups.sort_by(|a, b| {
        let name = |g: &Map<String, Value>| {
            g.get("GroupName")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        name(a).cmp(&name(b))
    });
    Export {
        pool: pool_request(config),
        mfa,
        risk,
        domain: domain.filter(|d| d.contains_key("Domain")),
        clients: config.clients.iter().map(client_request).collect(),
        groups,
    }
}

/// What the export leaves out, for the file's header.
pub fn left_out(config: &PoolConfig) -> Vec<String> {
    let mut out = vec!["users, client secrets, ids and dates are never exported".to_string()];
    for client in config.clients.iter().filter(|c| c.risk.is_some()) {
        out.push(format!(
            "app client {}'s own threat-protection settings (SetRiskConfiguration --client-id)",
            client.name()
        ));
    }
    out.extend(config.notes.iter().map(|n| format!("not read: {n}")));
    out
}

/// The export as a TOML file, with a header saying where it came from.
pub fn to_toml(config: &PoolConfig) -> Result<String, String> {
    let body = toml::to_string(&export(config))
        .map_err(|e| format!("the configuration cannot be written as TOML: {e}"))?;
    let mut out = format!(
        "# The configuration of user pool {} ({}), exported by cognito-tui.\n\
         # Sections are Cognito requests: [pool] CreateUserPool, [[clients]] CreateUserPoolClient,\n\
         # [[groups]] CreateGroup, [mfa] SetUserPoolMfaConfig, [risk] SetRiskConfiguration,\n\
         # [domain] CreateUserPoolDomain. Run an offline copy: cognito-tui local-pool --seed <this file>\n",
        config.pool_id(),
        config.pool_name()
    );
    for line in left_out(config) {
        out.push_str(&format!("# Left out: {line}\n"));
    }
    out.push('\n');
    out.push_str(&body);
    Ok(out)
}
