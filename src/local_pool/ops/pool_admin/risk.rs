//! DescribeRiskConfiguration / SetRiskConfiguration: threat protection's settings for the pool
//! or one app client. Stored as given (Cognito's shape); the local pool does not score risk.

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::super::{Call, parse_body};
use super::{Kind, passthrough, required};
use crate::local_pool::error::ApiResult;
use crate::local_pool::{pool_extras, pools};

const MEMBERS: &[(&str, Kind)] = &[
    ("CompromisedCredentialsRiskConfiguration", Kind::Object),
    ("AccountTakeoverRiskConfiguration", Kind::Object),
    ("RiskExceptionConfiguration", Kind::Object),
];

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Request {
    user_pool_id: Option<String>,
    client_id: Option<String>,
}

/// `RiskConfigurationType`: the client's own settings, else the pool's, else none.
fn risk_json(
    pool_id: &str,
    client_id: Option<&str>,
    stored: Option<(Map<String, Value>, i64)>,
) -> Value {
    let mut out = Map::new();
    out.insert("UserPoolId".into(), json!(pool_id));
    if let Some(client) = client_id {
        out.insert("ClientId".into(), json!(client));
    }
    if let Some((config, modified)) = stored {
        out.extend(config);
        out.insert("LastModifiedDate".into(), json!(modified));
    }
    json!({ "RiskConfiguration": out })
}

pub fn describe_risk_configuration(call: &Call<'_>) -> ApiResult<Value> {
    let req: Request = call.parse()?;
    let pool_id = required(req.user_pool_id, "UserPoolId")?;
    call.state.db.read(|tx| {
        pools::get_pool(tx, &pool_id)?;
        let stored = match &req.client_id {
            Some(client) => {
                pools::get_pool_client(tx, &pool_id, client)?;
                match pool_extras::risk(tx, &pool_id, client)? {
                    Some(own) => Some(own),
                    None => pool_extras::risk(tx, &pool_id, "")?,
                }
            }
            None => pool_extras::risk(tx, &pool_id, "")?,
        };
        Ok(risk_json(&pool_id, req.client_id.as_deref(), stored))
    })
}

pub fn set_risk_configuration(call: &Call<'_>) -> ApiResult<Value> {
    let now = call.now();
    call.state.db.write(|tx| set_risk(tx, &call.body, now))
}

/// SetRiskConfiguration's work (also how a seed file's `[risk]` is applied).
pub fn set_risk(tx: &rusqlite::Connection, body: &Value, now: i64) -> ApiResult<Value> {
    let req: Request = parse_body(body)?;
    let pool_id = required(req.user_pool_id, "UserPoolId")?;
    let obj = body.as_object().cloned().unwrap_or_default();
    let config = passthrough(&obj, MEMBERS)?;
    pools::get_pool(tx, &pool_id)?;
    if let Some(client) = &req.client_id {
        pools::get_pool_client(tx, &pool_id, client)?;
    }
    let key = req.client_id.as_deref().unwrap_or("");
    pool_extras::save_risk(tx, &pool_id, key, &config, now)?;
    Ok(risk_json(
        &pool_id,
        req.client_id.as_deref(),
        Some((config, now)),
    ))
}
