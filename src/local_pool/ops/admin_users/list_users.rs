//! ListUsers: one page of a pool's users in username order, optionally filtered on one
//! attribute. Every filter is answered from an index, so a page stays cheap in large pools; only
//! the page's users are loaded.

use rusqlite::Connection;
use rusqlite::types::Value as Sql;
use serde::Deserialize;
use serde_json::{Value, json};

use super::super::Call;
use super::super::paging;
use crate::local_pool::error::{ApiError, ApiResult};
use crate::local_pool::filter::{self, Filter, FilterAttribute, FilterOp};
use crate::local_pool::pools::{self, Pool};
use crate::local_pool::users::{self, User, UserStatus};

/// Cognito's largest (and default) page.
pub const MAX_LIMIT: i64 = 60;

const STATUSES: [UserStatus; 4] = [
    UserStatus::Unconfirmed,
    UserStatus::Confirmed,
    UserStatus::ForceChangePassword,
    UserStatus::ResetRequired,
];

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Request {
    user_pool_id: String,
    #[serde(default)]
    attributes_to_get: Option<Vec<String>>,
    #[serde(default)]
    limit: Option<i64>,
    #[serde(default)]
    pagination_token: Option<String>,
    #[serde(default)]
    filter: Option<String>,
}

/// One page: the users and the key to continue after, when more remain.
pub struct Page {
    pub users: Vec<User>,
    pub next: Option<String>,
}

pub fn list_users(call: &Call<'_>) -> ApiResult<Value> {
    let req: Request = call.parse()?;
    let limit = req.limit.unwrap_or(MAX_LIMIT);
    if limit > MAX_LIMIT {
        return Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{limit}' at 'limit' failed to satisfy \
             constraint: Member must have value less than or equal to {MAX_LIMIT}"
        )));
    }
    if limit < 1 {
        return Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{limit}' at 'limit' failed to satisfy \
             constraint: Member must have value greater than or equal to 1"
        )));
    }
    let filter = match req.filter.as_deref() {
        Some(text) => filter::parse(text).map_err(ApiError::invalid_parameter)?,
        None => None,
    };
    let after = req
        .pagination_token
        .as_deref()
        .map(decode_token)
        .transpose()?;
    let page = call.state.db.read(|tx| {
        let pool = pools::get_pool(tx, &req.user_pool_id)?;
        if let Some(names) = &req.attributes_to_get
            && names
                .iter()
                .any(|n| n != "sub" && pool.settings.schema(n).is_none())
        {
            return Err(ApiError::invalid_parameter(
                "One or more requested attributes do not exist.",
            ));
        }
        list_page(tx, &pool, filter.as_ref(), after.as_deref(), limit as usize)
    })?;
    let only = req.attributes_to_get.as_deref();
    let list: Vec<Value> = page.users.iter().map(|u| u.user_type(only)).collect();
    let mut out = json!({ "Users": list });
    if let Some(key) = page.next {
        out["PaginationToken"] = json!(encode_token(&key));
    }
    Ok(out)
}

/// The PaginationToken that resumes after `username_key` (the other lists' token format).
pub fn encode_token(username_key: &str) -> String {
    paging::encode_token(username_key)
}

pub fn decode_token(token: &str) -> ApiResult<String> {
    paging::decode_token(Some(token)).map(Option::unwrap_or_default)
}

/// When to try walking the key order for an attribute prefix: the matches an index range
/// counts before it calls the prefix dense, and the rows a walk may read before giving up.
#[derive(Debug, Clone, Copy)]
pub struct Tuning {
    pub dense_matches: i64,
    pub walk_rows: usize,
}

impl Tuning {
    pub const DEFAULT: Tuning = Tuning {
        dense_matches: 1000,
        walk_rows: 20_000,
    };
}

/// The users after `after` (a username key) that pass `filter`, at most `limit`, in
/// username-key order.
pub fn list_page(
    conn: &Connection,
    pool: &Pool,
    filter: Option<&Filter>,
    after: Option<&str>,
    limit: usize,
) -> ApiResult<Page> {
    list_page_tuned(conn, pool, filter, after, limit, Tuning::DEFAULT)
}

pub fn list_page_tuned(
    conn: &Connection,
    pool: &Pool,
    filter: Option<&Filter>,
    after: Option<&str>,
    limit: usize,
    tuning: Tuning,
) -> ApiResult<Page> {
    let keys = matching_keys(conn, pool, filter, after.unwrap_or(""), limit + 1, tuning)?;
    let mut users = Vec::with_capacity(limit.min(keys.len()));
    for key in keys.iter().take(limit) {
        if let Some(user) = users::get_by_key(conn, &pool.id, key)? {
            users.push(user);
        }
    }
    let next = if keys.len() > limit {
        keys.get(limit - 1).cloned()
    } else {
        None
    };
    Ok(Page { users, next })
}

/// Up to `want` keys after `after` that pass `filter`, in order.
fn matching_keys(
    conn: &Connection,
    pool: &Pool,
    filter: Option<&Filter>,
    after: &str,
    want: usize,
    tuning: Tuning,
) -> ApiResult<Vec<String>> {
    if let Some(f) = filter
        && f.op == FilterOp::Prefix
        && is_stored_attribute(f.attribute)
        && count_capped(conn, pool, f, tuning.dense_matches)? >= tuning.dense_matches
        && let Some(keys) = walk(conn, pool, f, after, want, tuning.walk_rows)?
    {
        return Ok(keys);
    }
    let Some(query) = Query::plan(pool, filter, after) else {
        return Ok(Vec::new());
    };
    let mut args: Vec<Sql> = vec![
        Sql::Text(pool.id.clone()),
        Sql::Text(after.to_string()),
        Sql::Integer(want as i64),
    ];
    args.extend(query.args);
    let mut stmt = conn.prepare_cached(&query.sql)?;
    let keys = stmt
        .query_map(rusqlite::params_from_iter(args), |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(keys)
}

fn is_stored_attribute(attribute: FilterAttribute) -> bool {
    !matches!(
        attribute,
        FilterAttribute::Username
            | FilterAttribute::Sub
            | FilterAttribute::UserStatus
            | FilterAttribute::Status
    )
}

/// How many values of the filtered attribute fall in the prefix's range, counting to `cap`.
fn count_capped(conn: &Connection, pool: &Pool, f: &Filter, cap: i64) -> ApiResult<i64> {
    let lower = f.value.to_lowercase();
    // The upper bound must be a plain comparison for SQLite to end the index range there (an
    // `?4 IS NULL OR ...` would scan to the end of the attribute's values).
    let (sql, upper) = match prefix_upper_bound(&lower) {
        Some(upper) => (
            "SELECT count(*) FROM (SELECT 1 FROM user_attributes INDEXED BY user_attributes_value
               WHERE pool_id = ?1 AND name = ?2 AND value_lower >= ?3 AND value_lower < ?4
               LIMIT ?5)",
            upper,
        ),
        None => (
            "SELECT count(*) FROM (SELECT 1 FROM user_attributes INDEXED BY user_attributes_value
               WHERE pool_id = ?1 AND name = ?2 AND value_lower >= ?3 AND ?4 = ''
               LIMIT ?5)",
            String::new(),
        ),
    };
    let mut stmt = conn.prepare_cached(sql)?;
    Ok(stmt.query_row(
        rusqlite::params![pool.id, f.attribute.wire_name(), lower, upper, cap],
        |r| r.get(0),
    )?)
}

/// Dense prefixes: reads attributes in key order, which finds a page after a few rows where an
/// index range would sort every match. None when `budget` rows did not fill the page (the
/// matches lie far ahead: the index range is cheaper then).
fn walk(
    conn: &Connection,
    pool: &Pool,
    f: &Filter,
    after: &str,
    want: usize,
    budget: usize,
) -> ApiResult<Option<Vec<String>>> {
    let name = f.attribute.wire_name();
    let mut stmt = conn.prepare_cached(
        "SELECT username_key, name, value FROM user_attributes
          WHERE pool_id = ?1 AND username_key > ?2 ORDER BY username_key",
    )?;
    let mut rows = stmt.query(rusqlite::params![pool.id, after])?;
    let mut keys = Vec::new();
    let mut read = 0;
    while let Some(row) = rows.next()? {
        read += 1;
        if read > budget {
            return Ok(None);
        }
        if row.get_ref(1)?.as_str().ok() != Some(name) {
            continue;
        }
        if f.matches(row.get_ref(2)?.as_str().unwrap_or_default()) {
            keys.push(row.get::<_, String>(0)?);
            if keys.len() == want {
                break;
            }
        }
    }
    Ok(Some(keys))
}

/// SQL selecting matching username keys; parameters 1–3 are pool id, key to start after and
/// row limit, `args` follow from ?4. Each filter names its index: without statistics the
/// planner is free to walk the key order instead.
struct Query {
    sql: String,
    args: Vec<Sql>,
}

impl Query {
    /// None when nothing can match.
    fn plan(pool: &Pool, filter: Option<&Filter>, after: &str) -> Option<Self> {
        let Some(f) = filter else {
            return Some(Self::users("users", String::new(), Vec::new()));
        };
        match f.attribute {
            FilterAttribute::Username => {
                let value = pool.username_key(&f.value);
                if f.op == FilterOp::Prefix && after < value.as_str() {
                    // SQLite bounds a range by one lower bound: give it the tighter one.
                    let (condition, args) = range_on("username_key", &f.op, value, Vec::new());
                    let condition = condition.replacen("AND ", "", 1);
                    return Some(Self {
                        sql: format!(
                            "SELECT username_key FROM users WHERE pool_id = ?1 AND {condition} \
                             ORDER BY username_key LIMIT ?3"
                        ),
                        args,
                    });
                }
                let (condition, args) = range_on("username_key", &f.op, value, Vec::new());
                Some(Self::users("users", condition, args))
            }
            // Every user has a sub.
            FilterAttribute::Sub if f.op == FilterOp::Prefix && f.value.is_empty() => {
                Some(Self::users("users", String::new(), Vec::new()))
            }
            FilterAttribute::Sub => {
                let (condition, args) = range_on("sub", &f.op, f.value.to_lowercase(), Vec::new());
                Some(Self::users("users INDEXED BY users_sub", condition, args))
            }
            FilterAttribute::UserStatus => {
                let matching: Vec<Sql> = STATUSES
                    .iter()
                    .map(|s| s.as_str())
                    .filter(|s| f.matches(s))
                    .map(|s| Sql::Text(s.into()))
                    .collect();
                match matching.len() {
                    0 => None,
                    n if n == STATUSES.len() => {
                        Some(Self::users("users", String::new(), Vec::new()))
                    }
                    n => {
                        let marks: Vec<String> = (4..4 + n).map(|i| format!("?{i}")).collect();
                        Some(Self::users(
                            "users INDEXED BY users_status",
                            format!("AND status IN ({})", marks.join(", ")),
                            matching,
                        ))
                    }
                }
            }
            FilterAttribute::Status => {
                let matching: Vec<bool> = [true, false]
                    .into_iter()
                    .filter(|&enabled| f.matches(enabled_text(enabled)))
                    .collect();
                match matching.as_slice() {
                    [] => None,
                    [only] => Some(Self::users(
                        "users INDEXED BY users_enabled",
                        "AND enabled = ?4".into(),
                        vec![Sql::Integer(i64::from(*only))],
                    )),
                    _ => Some(Self::users("users", String::new(), Vec::new())),
                }
            }
            attribute => Some(Self::attribute(attribute, f)),
        }
    }

    fn users(from: &str, condition: String, args: Vec<Sql>) -> Self {
        Self {
            sql: format!(
                "SELECT username_key FROM {from} WHERE pool_id = ?1 AND username_key > ?2 \
                 {condition} ORDER BY username_key LIMIT ?3"
            ),
            args,
        }
    }

    /// A stored attribute, through `user_attributes(pool_id, name, value_lower)`.
    fn attribute(attribute: FilterAttribute, f: &Filter) -> Self {
        let name = vec![Sql::Text(attribute.wire_name().into())];
        let (mut condition, mut args) =
            range_on("value_lower", &f.op, f.value.to_lowercase(), name);
        if attribute.case_sensitive() {
            // The range narrows by the lower-cased value; the exact case is checked on `value`.
            let n = args.len() + 4;
            match f.op {
                FilterOp::Equals => condition.push_str(&format!(" AND value = ?{n}")),
                FilterOp::Prefix => {
                    condition.push_str(&format!(" AND substr(value, 1, ?{n}) = ?{}", n + 1));
                    args.push(Sql::Integer(f.value.chars().count() as i64));
                }
            }
            args.push(Sql::Text(f.value.clone()));
        }
        Self {
            sql: format!(
                "SELECT username_key FROM user_attributes INDEXED BY user_attributes_value \
                 WHERE pool_id = ?1 AND username_key > ?2 AND name = ?4 {condition} \
                 ORDER BY username_key LIMIT ?3"
            ),
            args,
        }
    }
}

/// `column = value`, or `column` starting with `value` as an index range. `args` hold the
/// parameters before it (from ?4).
fn range_on(column: &str, op: &FilterOp, value: String, mut args: Vec<Sql>) -> (String, Vec<Sql>) {
    let n = args.len() + 4;
    let condition = match op {
        FilterOp::Equals => format!("AND {column} = ?{n}"),
        FilterOp::Prefix => match prefix_upper_bound(&value) {
            Some(upper) => {
                args.push(Sql::Text(value));
                args.push(Sql::Text(upper));
                return (
                    format!("AND {column} >= ?{n} AND {column} < ?{}", n + 1),
                    args,
                );
            }
            // Only the empty prefix has no bound: every row with the column matches.
            None => format!("AND {column} >= ?{n}"),
        },
    };
    args.push(Sql::Text(value));
    (condition, args)
}

/// The `status` filter's names for a user's `Enabled` flag.
pub fn enabled_text(enabled: bool) -> &'static str {
    if enabled { "Enabled" } else { "Disabled" }
}

/// The least string greater than every string starting with `prefix` (code-point order, which
/// is SQLite's byte order on UTF-8), or None when no string is (the empty prefix).
pub fn prefix_upper_bound(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let mut next = u32::from(last) + 1;
        if (0xD800..=0xDFFF).contains(&next) {
            next = 0xE000;
        }
        if let Some(c) = char::from_u32(next) {
            chars.push(c);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

#[cfg(test)]
mod tests;
