//! The aws CLI commands the doctor's findings print. Update calls reset what they are not given,
//! so each command carries the current settings (from `export`) with the one change applied.

use serde_json::{Map, Value};

use super::super::export;
use super::super::{ClientConfig, PoolConfig};

/// The region of a pool id (`eu-west-1_AbC` → `eu-west-1`).
fn region(config: &PoolConfig) -> &str {
    config
        .pool_id()
        .split_once('_')
        .map_or("us-east-1", |(r, _)| r)
}

/// `text` as one POSIX-shell word.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// Sets the member at a dotted path, creating the objects on the way.
pub fn set(map: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            map.insert(path.to_string(), value);
        }
        Some((head, rest)) => {
            let slot = map
                .entry(head.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if !slot.is_object() {
                *slot = Value::Object(Map::new());
            }
            if let Value::Object(inner) = slot {
                set(inner, rest, value);
            }
        }
    }
}

fn command(config: &PoolConfig, verb: &str, request: &Map<String, Value>) -> String {
    let json = serde_json::to_string(request).unwrap_or_default();
    format!(
        "aws cognito-idp {verb} --region {} --cli-input-json {}",
        region(config),
        quoted(&json)
    )
}

/// update-user-pool with every current setting and `change` applied.
pub fn update_pool(config: &PoolConfig, change: impl FnOnce(&mut Map<String, Value>)) -> String {
    let mut request = export::pool_update_request(config);
    change(&mut request);
    command(config, "update-user-pool", &request)
}

/// update-user-pool-client with every current setting of the client and `change` applied.
pub fn update_client(
    config: &PoolConfig,
    client: &ClientConfig,
    change: impl FnOnce(&mut Map<String, Value>),
) -> String {
    let mut request = export::client_update_request(config, client);
    change(&mut request);
    command(config, "update-user-pool-client", &request)
}

/// set-risk-configuration for the pool with its current settings and `change` applied.
pub fn set_risk(config: &PoolConfig, change: impl FnOnce(&mut Map<String, Value>)) -> String {
    let mut request = Map::new();
    request.insert("UserPoolId".into(), Value::from(config.pool_id()));
    if let Some(risk) = &config.risk {
        request.extend(export::risk_request(risk));
    }
    change(&mut request);
    command(config, "set-risk-configuration", &request)
}

/// set-user-pool-mfa-config with the current factors and `change` applied.
pub fn set_mfa(config: &PoolConfig, change: impl FnOnce(&mut Map<String, Value>)) -> String {
    let mut request = Map::new();
    request.insert("UserPoolId".into(), Value::from(config.pool_id()));
    request.extend(
        config
            .mfa
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k.clone(), v.clone())),
    );
    change(&mut request);
    command(config, "set-user-pool-mfa-config", &request)
}

/// For settings fixed at creation: a new pool has to be made (and the users moved to it).
pub fn recreate(config: &PoolConfig, change: impl FnOnce(&mut Map<String, Value>)) -> String {
    let mut request = export::pool_request(config);
    change(&mut request);
    format!(
        "fixed at creation; create a new pool and move the users: {}",
        command(config, "create-user-pool", &request)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_survive_the_shell() {
        assert_eq!(quoted("it's"), r"'it'\''s'");
    }

    #[test]
    fn set_creates_the_path() {
        let mut map = Map::new();
        set(&mut map, "A.B", Value::from(1));
        set(&mut map, "A.C", Value::from(2));
        assert_eq!(
            Value::Object(map),
            serde_json::json!({"A": {"B": 1, "C": 2}})
        );
    }
}
