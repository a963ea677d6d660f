//! Seed files: a pool's configuration as Cognito requests (`[pool]` CreateUserPool,
//! `[client]` / `[[clients]]` CreateUserPoolClient, `[[groups]]` CreateGroup, `[mfa]`
//! SetUserPoolMfaConfig, `[risk]` SetRiskConfiguration, `[domain]` CreateUserPoolDomain, and
//! `[[users]]` with demo passwords). The demo pool is one (`assets/demo-pool.toml`); `pool
//! export` writes others. Each section goes through the operation it names, so a seed gets
//! exactly the validation a real call would; what the local pool stores but does not act on is
//! named by `warnings`, never dropped silently.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Value, json};

use super::attributes::{self, AttributeInput, Writer};
use super::db::optional;
use super::error::{ApiError, ApiResult};
use super::ops::groups;
use super::ops::pool_admin::{self, domain, mfa_config, risk};
use super::pools;
use super::pools::Pool as PoolRow;
use super::srp_server::{self, StoredVerifier};
use super::state::State;
use super::users::{self, User, UserStatus};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedFile {
    pub pool: Value,
    /// One client (the demo file's form).
    #[serde(default)]
    pub client: Option<Value>,
    #[serde(default)]
    pub clients: Vec<Value>,
    #[serde(default)]
    pub groups: Vec<Value>,
    #[serde(default)]
    pub mfa: Option<Value>,
    #[serde(default)]
    pub risk: Option<Value>,
    #[serde(default)]
    pub domain: Option<Value>,
    #[serde(default)]
    pub users: Vec<SeedUser>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SeedUser {
    pub username: String,
    /// Demo data published in the file; only its SRP verifier is stored.
    pub password: String,
    #[serde(default)]
    pub groups: Vec<String>,
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
}

impl SeedFile {
    /// Parses a seed file; `source` names it in the message.
    pub fn parse(text: &str, source: &str) -> Result<Self, String> {
        toml::from_str(text).map_err(|e| format!("{source} is not a valid seed file: {e}"))
    }

    pub fn pool_name(&self) -> Option<&str> {
        self.pool.get("PoolName").and_then(Value::as_str)
    }

    /// Every client request, the single `[client]` first.
    pub fn all_clients(&self) -> impl Iterator<Item = &Value> {
        self.client.iter().chain(&self.clients)
    }
}

/// CreateUserPool's members; anything else in `[pool]` is not understood.
const POOL_MEMBERS: &[&str] = &[
    "PoolName",
    "Policies",
    "DeletionProtection",
    "LambdaConfig",
    "AutoVerifiedAttributes",
    "AliasAttributes",
    "UsernameAttributes",
    "SmsVerificationMessage",
    "EmailVerificationMessage",
    "EmailVerificationSubject",
    "VerificationMessageTemplate",
    "SmsAuthenticationMessage",
    "MfaConfiguration",
    "UserAttributeUpdateSettings",
    "DeviceConfiguration",
    "EmailConfiguration",
    "SmsConfiguration",
    "UserPoolTags",
    "AdminCreateUserConfig",
    "Schema",
    "UserPoolAddOns",
    "UsernameConfiguration",
    "AccountRecoverySetting",
    "UserPoolTier",
];

/// CreateUserPoolClient's members.
const CLIENT_MEMBERS: &[&str] = &[
    "ClientName",
    "GenerateSecret",
    "ClientSecret",
    "RefreshTokenValidity",
    "AccessTokenValidity",
    "IdTokenValidity",
    "TokenValidityUnits",
    "ReadAttributes",
    "WriteAttributes",
    "ExplicitAuthFlows",
    "SupportedIdentityProviders",
    "CallbackURLs",
    "LogoutURLs",
    "DefaultRedirectURI",
    "AllowedOAuthFlows",
    "AllowedOAuthScopes",
    "AllowedOAuthFlowsUserPoolClient",
    "AnalyticsConfiguration",
    "PreventUserExistenceErrors",
    "EnableTokenRevocation",
    "EnablePropagateAdditionalUserContextData",
    "AuthSessionValidity",
    "RefreshTokenRotation",
];

fn present(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Object(m)) => !m.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Bool(b)) => *b,
        Some(_) => true,
    }
}

fn unknown(section: &str, request: &Value, known: &[&str], out: &mut Vec<String>) {
    if let Some(obj) = request.as_object() {
        for name in obj.keys().filter(|k| !known.contains(&k.as_str())) {
            out.push(format!(
                "{section}.{name} is not a member this local pool knows: it is left out"
            ));
        }
    }
}

/// What the local pool keeps from the file but does not act on, one line each.
pub fn warnings(file: &SeedFile) -> Vec<String> {
    let mut out = Vec::new();
    let p = &file.pool;
    unknown("pool", p, POOL_MEMBERS, &mut out);
    if let Some(Value::Object(lambdas)) = p.get("LambdaConfig")
        && !lambdas.is_empty()
    {
        let names: Vec<&str> = lambdas.keys().map(String::as_str).collect();
        out.push(format!(
            "pool.LambdaConfig ({}): stored, but the local pool invokes no Lambda triggers",
            names.join(", ")
        ));
    }
    for (member, what) in [
        ("SmsConfiguration", "no SMS is sent: codes go to the outbox"),
        ("DeviceConfiguration", "device tracking is not implemented"),
        ("UserPoolAddOns", "threat protection is stored, not applied"),
        ("UserPoolTags", "tags are stored only"),
    ] {
        if present(p.get(member)) {
            out.push(format!("pool.{member}: {what}"));
        }
    }
    if p.pointer("/EmailConfiguration/EmailSendingAccount") == Some(&json!("DEVELOPER")) {
        out.push(
            "pool.EmailConfiguration (DEVELOPER, SES): no mail is sent: it goes to the outbox"
                .into(),
        );
    }
    if p.pointer("/VerificationMessageTemplate/DefaultEmailOption")
        == Some(&json!("CONFIRM_WITH_LINK"))
    {
        out.push("pool.VerificationMessageTemplate CONFIRM_WITH_LINK: the local pool sends codes, it serves no confirmation links".into());
    }
    if let Some(Value::Array(factors)) = p.pointer("/Policies/SignInPolicy/AllowedFirstAuthFactors")
        && factors.iter().any(|f| f != "PASSWORD")
    {
        out.push("pool.Policies.SignInPolicy: only password sign-in is implemented (no passkeys, email or SMS first factors)".into());
    }
    if present(p.pointer("/Policies/PasswordPolicy/PasswordHistorySize")) {
        out.push(
            "pool.Policies.PasswordPolicy.PasswordHistorySize: password history is not enforced"
                .into(),
        );
    }
    for (i, c) in file.all_clients().enumerate() {
        let name = c
            .get("ClientName")
            .and_then(Value::as_str)
            .map_or_else(|| format!("clients[{i}]"), |n| format!("client {n}"));
        unknown(&name, c, CLIENT_MEMBERS, &mut out);
        if c.get("GenerateSecret") == Some(&json!(true)) {
            out.push(format!(
                "{name}: gets a new secret (secrets are never exported)"
            ));
        }
        for member in [
            "AllowedOAuthFlows",
            "CallbackURLs",
            "LogoutURLs",
            "DefaultRedirectURI",
        ] {
            if present(c.get(member)) {
                out.push(format!(
                    "{name}.{member}: stored, but the local pool has no hosted UI or OAuth endpoints"
                ));
            }
        }
        for (member, what) in [
            ("AnalyticsConfiguration", "no analytics are sent"),
            ("RefreshTokenRotation", "refresh tokens are not rotated"),
        ] {
            if present(c.get(member)) {
                out.push(format!("{name}.{member}: {what}"));
            }
        }
        if let Some(Value::Array(idps)) = c.get("SupportedIdentityProviders")
            && idps.iter().any(|i| i != "COGNITO")
        {
            out.push(format!(
                "{name}.SupportedIdentityProviders: only COGNITO users can sign in locally"
            ));
        }
    }
    if let Some(mfa) = &file.mfa {
        for member in ["EmailMfaConfiguration", "WebAuthnConfiguration"] {
            if present(mfa.get(member)) {
                out.push(format!("mfa.{member}: this factor is not implemented"));
            }
        }
    }
    if file.risk.is_some() {
        out.push("risk: threat-protection settings are stored, not applied".into());
    }
    if file.domain.is_some() {
        out.push("domain: stored, but the local pool serves no hosted UI".into());
    }
    out
}

/// The ids a seeded pool got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seeded {
    pub pool_id: String,
    /// (client name, client id), in the file's order.
    pub clients: Vec<(String, String)>,
}

fn with(request: &Value, member: &str, value: &str) -> ApiResult<Value> {
    let mut request = request.clone();
    let obj = request
        .as_object_mut()
        .ok_or_else(|| ApiError::invalid_parameter("a seed file section is not a table"))?;
    obj.insert(member.into(), json!(value));
    Ok(request)
}

/// SRP verifiers of the file's users, computed before the store's lock is taken (the slow part).
pub fn verifiers(file: &SeedFile, pool_id: &str) -> ApiResult<Vec<StoredVerifier>> {
    let srp_name = pool_id.split_once('_').map_or(pool_id, |(_, n)| n);
    file.users
        .iter()
        .map(|u| {
            srp_server::new_verifier(srp_name, &u.username, &u.password)
                .map_err(|e| ApiError::internal(format!("user {}: {e}", u.username)))
        })
        .collect()
}

/// Creates the file's pool under `pool_id` with everything in it. `client_id(i)` names the id
/// of the i-th client (the demo pool's are fixed).
pub fn apply(
    tx: &rusqlite::Connection,
    file: &SeedFile,
    pool_id: &str,
    client_id: &dyn Fn(&rusqlite::Connection, usize) -> ApiResult<String>,
    verifiers: Vec<StoredVerifier>,
    now: i64,
) -> ApiResult<Seeded> {
    let pool = pool_admin::create_pool(tx, pool_id, &file.pool, now)?;
    let mut clients = Vec::new();
    for (i, request) in file.all_clients().enumerate() {
        let id = client_id(tx, i)?;
        let mut request = with(request, "UserPoolId", pool_id)?;
        // A seed never carries a secret; asking for one makes a new one.
        if let Some(obj) = request.as_object_mut() {
            obj.remove("ClientSecret");
        }
        let client = pool_admin::create_client(tx, &id, &request, now)?;
        clients.push((client.settings.client_name.clone(), id));
    }
    for group in &file.groups {
        groups::create_group(tx, &with(group, "UserPoolId", pool_id)?, now)?;
    }
    if let Some(mfa) = &file.mfa {
        mfa_config::set_mfa_config(tx, &with(mfa, "UserPoolId", pool_id)?, now)?;
    }
    if let Some(r) = &file.risk {
        risk::set_risk(tx, &with(r, "UserPoolId", pool_id)?, now)?;
    }
    if let Some(d) = &file.domain {
        domain::create_domain(tx, &with(d, "UserPoolId", pool_id)?, now)?;
    }
    for (user, verifier) in file.users.iter().zip(verifiers) {
        seed_user(tx, &pool, user, verifier, now)?;
    }
    Ok(Seeded {
        pool_id: pool_id.to_string(),
        clients,
    })
}

/// What `seed_into` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Created(Seeded),
    /// The store already had a pool of that name: it was left as it is.
    Existing(Seeded),
}

/// Creates the file's pool in the store unless a pool of the same name is there already (a
/// restart with the same `--seed` keeps the pool, its users and its ids).
pub fn seed_into(state: &State, file: &SeedFile) -> ApiResult<Outcome> {
    let name = file
        .pool_name()
        .ok_or_else(|| ApiError::missing_member("PoolName"))?
        .to_string();
    let existing = |tx: &rusqlite::Connection| -> ApiResult<Option<Seeded>> {
        let id: Option<String> = optional(tx.query_row(
            "SELECT id FROM pools WHERE name = ?1 ORDER BY created LIMIT 1",
            [&name],
            |r| r.get(0),
        ))?;
        let Some(pool_id) = id else {
            return Ok(None);
        };
        let clients = pools::list_clients(tx, &pool_id, None, usize::MAX >> 1)?
            .into_iter()
            .map(|c| (c.settings.client_name, c.id))
            .collect();
        Ok(Some(Seeded { pool_id, clients }))
    };
    if let Some(found) = state.db.read(|tx| existing(tx))? {
        return Ok(Outcome::Existing(found));
    }
    let pool_id = state.db.read(|tx| pool_admin::new_pool_id(tx, None))?;
    let verifiers = verifiers(file, &pool_id)?;
    let now = state.now();
    state.db.write(|tx| {
        if let Some(found) = existing(tx)? {
            return Ok(Outcome::Existing(found));
        }
        let new_id = |tx: &rusqlite::Connection, _: usize| pool_admin::new_client_id(tx);
        Ok(Outcome::Created(apply(
            tx, file, &pool_id, &new_id, verifiers, now,
        )?))
    })
}

fn seed_user(
    conn: &rusqlite::Connection,
    pool: &PoolRow,
    seed: &SeedUser,
    verifier: StoredVerifier,
    now: i64,
) -> ApiResult<()> {
    let context = |e: ApiError| ApiError::internal(format!("user {}: {e}", seed.username));
    pool.settings
        .policies
        .password_policy
        .check(&seed.password)
        .map_err(|e| context(ApiError::invalid_password(e)))?;
    let input = seed
        .attributes
        .iter()
        .map(|(name, value)| AttributeInput {
            name: name.clone(),
            value: Some(value.clone()),
        })
        .collect();
    let given = attributes::validate(pool, Writer::Admin, input, true).map_err(context)?;
    attributes::check_required(pool, &given).map_err(context)?;
    let username_key = pool.username_key(&seed.username);
    attributes::check_alias_free(conn, pool, &username_key, &given).map_err(context)?;
    let mut attrs: BTreeMap<String, String> = given.into_iter().collect();
    if attrs.contains_key("email") {
        attrs.insert("email_verified".into(), "true".into());
    }
    let user = User::new(
        pool,
        seed.username.clone(),
        users::new_sub(),
        UserStatus::Confirmed,
        verifier,
        attrs,
        now,
    );
    if users::get_by_key(conn, &pool.id, &user.username_key)?.is_some() {
        return Err(context(ApiError::username_exists("User already exists")));
    }
    users::insert(conn, &user)?;
    for name in &seed.groups {
        let group = groups::require_group(conn, &pool.id, name).map_err(context)?;
        groups::add_member(conn, &group, &user)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_name_what_is_not_honoured() {
        let file = SeedFile::parse(
            r#"
            [pool]
            PoolName = "p"
            Bogus = 1
            LambdaConfig = { PreSignUp = "arn:aws:lambda:us-east-1:1:function:f" }
            [[clients]]
            ClientName = "web"
            GenerateSecret = true
            CallbackURLs = ["https://app.example.com/cb"]
            "#,
            "test",
        )
        .unwrap();
        let w = warnings(&file).join("\n");
        assert!(w.contains("pool.Bogus"), "{w}");
        assert!(w.contains("PreSignUp"), "{w}");
        assert!(w.contains("client web: gets a new secret"), "{w}");
        assert!(w.contains("client web.CallbackURLs"), "{w}");
    }

    #[test]
    fn an_unknown_section_is_refused() {
        let err = SeedFile::parse("[pool]\nPoolName = \"p\"\n[pools]\n", "f.toml").unwrap_err();
        assert!(err.contains("f.toml"), "{err}");
    }
}
