//! GetCSVHeader: the columns of a user import file for this pool — the standard attributes
//! (without `sub`), the custom ones, then `cognito:mfa_enabled` and `cognito:username`, in
//! Cognito's order.

use serde::Deserialize;
use serde_json::{Value, json};

use crate::local_pool::error::ApiResult;
use crate::local_pool::ops::Call;
use crate::local_pool::pools::{self, Pool};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Request {
    user_pool_id: String,
}

/// The import header of `pool`.
pub fn csv_header(pool: &Pool) -> Vec<String> {
    let schema = &pool.settings.schema_attributes;
    let standard = schema
        .iter()
        .filter(|a| !a.name.starts_with("custom:") && a.name != "sub");
    let custom = schema
        .iter()
        .filter(|a| a.name.starts_with("custom:") && !a.developer_only_attribute);
    standard
        .chain(custom)
        .map(|a| a.name.clone())
        .chain(["cognito:mfa_enabled".into(), "cognito:username".into()])
        .collect()
}

pub fn get_csv_header(call: &Call<'_>) -> ApiResult<Value> {
    let req: Request = call.parse()?;
    let pool = call
        .state
        .db
        .read(|tx| pools::get_pool(tx, &req.user_pool_id))?;
    Ok(json!({ "UserPoolId": pool.id, "CSVHeader": csv_header(&pool) }))
}
