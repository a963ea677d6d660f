//! App clients: CreateUserPoolClient, DescribeUserPoolClient, ListUserPoolClients,
//! UpdateUserPoolClient, DeleteUserPoolClient.

use rusqlite::Connection;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::super::paging::{decode_token, page_size, paginate, with_token};
use super::{
    ALNUM, Kind, LOWER_ALNUM, as_object, check_name, check_subset, passthrough, random_text,
    required,
};
use crate::local_pool::error::{ApiError, ApiResult};
use crate::local_pool::model::{self, ClientSettings, TokenValidityUnits};
use crate::local_pool::ops::{Call, parse_body};
use crate::local_pool::pool_extras;
use crate::local_pool::pools::{self, Client, Pool};

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

/// Members Cognito fills in when a CreateUserPoolClient request leaves them out.
fn client_defaults() -> Map<String, Value> {
    let defaults = json!({
        "TokenValidityUnits": { "AccessToken": "hours", "IdToken": "hours", "RefreshToken": "days" },
        "AllowedOAuthFlowsUserPoolClient": false,
        "EnableTokenRevocation": true,
        "EnablePropagateAdditionalUserContextData": false,
        "AuthSessionValidity": 3,
    });
    defaults.as_object().cloned().unwrap_or_default()
}

/// `UserPoolClientType`.
pub fn client_json(client: &Client) -> ApiResult<Value> {
    let mut out = serde_json::to_value(&client.settings)
        .map_err(|e| ApiError::internal(format!("cannot encode client settings: {e}")))?;
    if let Some(obj) = out.as_object_mut() {
        for (name, value) in client_defaults() {
            obj.entry(name).or_insert(value);
        }
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

pub(super) fn create_user_pool_client(call: &Call<'_>) -> ApiResult<Value> {
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

pub(super) fn describe_user_pool_client(call: &Call<'_>) -> ApiResult<Value> {
    let (pool_id, client_id) = client_ids(&mut call.parse()?)?;
    call.state.db.read(|tx| {
        pools::get_pool(tx, &pool_id)?;
        let client = pools::get_pool_client(tx, &pool_id, &client_id)?;
        Ok(json!({ "UserPoolClient": client_json(&client)? }))
    })
}

pub(super) fn list_user_pool_clients(call: &Call<'_>) -> ApiResult<Value> {
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

pub(super) fn update_user_pool_client(call: &Call<'_>) -> ApiResult<Value> {
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

pub(super) fn delete_user_pool_client(call: &Call<'_>) -> ApiResult<Value> {
    let (pool_id, client_id) = client_ids(&mut call.parse()?)?;
    call.state.db.write(|tx| {
        pools::get_pool(tx, &pool_id)?;
        pools::get_pool_client(tx, &pool_id, &client_id)?;
        // Its refresh tokens die with it, and with them every token they produced.
        tx.execute(
            "DELETE FROM refresh_tokens WHERE client_id = ?1",
            [&client_id],
        )?;
        pool_extras::delete_client_risk(tx, &pool_id, &client_id)?;
        pools::delete_client(tx, &client_id)?;
        Ok(json!({}))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_flows_are_refused() {
        assert!(check_flows(&["ALLOW_USER_SRP_AUTH".into(), "USER_PASSWORD_AUTH".into()]).is_err());
        assert!(check_flows(&["ALLOW_NOTHING".into()]).is_err());
        assert!(check_flows(&["ADMIN_NO_SRP_AUTH".into()]).is_ok());
    }
}
