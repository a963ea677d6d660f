//! ListUsers: one page of a pool's users in username order, optionally filtered on one
//! attribute. Every filter is answered from an index so a page stays cheap in large pools; only
//! the page's users are loaded.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rusqlite::Connection;
use rusqlite::types::Value as Sql;
use serde::Deserialize;
use serde_json::{Value, json};

use super::super::Call;
use crate::local_pool::error::{ApiError, ApiResult};
use crate::local_pool::filter::{self, Filter, FilterAttribute, FilterOp};
use crate::local_pool::pools::{self, Pool};
use crate::local_pool::users::{self, User, UserStatus};

/// Cognito's largest (and default) page.
pub const MAX_LIMIT: i64 = 60;

/// Version tag inside pagination tokens, so a token from another format is refused.
const TOKEN_PREFIX: &str = "lu1:";

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

pub fn encode_token(username_key: &str) -> String {
    STANDARD.encode(format!("{TOKEN_PREFIX}{username_key}"))
}

pub fn decode_token(token: &str) -> ApiResult<String> {
    let invalid = || ApiError::invalid_parameter("Invalid pagination token.");
    let bytes = STANDARD.decode(token.trim()).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    text.strip_prefix(TOKEN_PREFIX)
        .map(str::to_string)
        .ok_or_else(invalid)
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
    let upper = prefix_upper_bound(&lower);
    let mut stmt = conn.prepare_cached(
        "SELECT count(*) FROM (SELECT 1 FROM user_attributes INDEXED BY user_attributes_value
           WHERE pool_id = ?1 AND name = ?2 AND value_lower >= ?3
             AND (?4 IS NULL OR value_lower < ?4) LIMIT ?5)",
    )?;
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
/// row limit, `args` follow from ?4. Each filter names its index: the planner has no
/// statistics and would otherwise prefer walking the key order.
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
                let (condition, args) =
                    range_on("sub", &f.op, f.value.to_lowercase(), Vec::new());
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
                    // No index covers `enabled`: this walks the users in key order.
                    [only] => Some(Self::users(
                        "users",
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
mod tests {
    use std::collections::BTreeMap;
    use std::time::Instant;

    use super::*;
    use crate::local_pool::db::Db;
    use crate::local_pool::model::{PoolSettings, UsernameConfiguration, full_schema};
    use crate::local_pool::srp_server::StoredVerifier;

    fn pool(case_sensitive: bool) -> Pool {
        let settings = PoolSettings {
            username_configuration: Some(UsernameConfiguration { case_sensitive }),
            schema_attributes: full_schema(Vec::new()).unwrap(),
            ..PoolSettings::default()
        };
        Pool {
            id: format!("us-east-1_list{}", u8::from(case_sensitive)),
            name: "list test".into(),
            settings,
            created: 0,
            modified: 0,
        }
    }

    /// A small deterministic generator (xorshift), so failures reproduce.
    struct Gen(u64);

    impl Gen {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
            from[(self.next() % from.len() as u64) as usize]
        }
    }

    const STEMS: &[&str] = &[
        "ann", "Ann", "ANNA", "bob", "Bob", "zoë", "Zoë", "ZOË", "émile", "Émile", "東京", "ǅemal",
        "a", "ab", "abc", "x\u{10FFFF}y", "\u{10FFFF}", "",
    ];

    fn user(g: &mut Gen, pool: &Pool, i: usize) -> User {
        let username = format!("{}{i}", g.pick(&STEMS[..STEMS.len() - 1]));
        let sub = format!(
            "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
            g.next() as u32,
            g.next() as u16,
            g.next() % 0x1000,
            g.next() % 0x1000,
            g.next() % 0x1_0000_0000_0000
        );
        let mut attributes = BTreeMap::new();
        attributes.insert("sub".to_string(), sub.clone());
        for name in ["email", "given_name", "family_name", "name", "preferred_username"] {
            match g.next() % 5 {
                0 => {}
                1 => {
                    attributes.insert(name.to_string(), g.pick(STEMS).to_string());
                }
                _ => {
                    let value = format!("{}{}", g.pick(STEMS), g.next() % 50);
                    attributes.insert(name.to_string(), value);
                }
            }
        }
        if g.next() % 3 == 0 {
            attributes.insert("phone_number".into(), format!("+1555{:07}", g.next() % 10_000));
        }
        let status = STATUSES[(g.next() % 4) as usize];
        User {
            pool_id: pool.id.clone(),
            username_key: pool.username_key(&username),
            username,
            sub,
            status,
            enabled: g.next() % 4 != 0,
            verifier: StoredVerifier {
                salt_hex: "00".into(),
                verifier_hex: "01".into(),
            },
            temp_password_expires: None,
            created: 1,
            modified: 1,
            sms_mfa_enabled: false,
            totp_enabled: false,
            preferred_mfa: None,
            totp_secret: None,
            totp_pending: None,
            failed_attempts: 0,
            locked_until: 0,
            attributes,
        }
    }

    fn seed(db: &Db, pool: &Pool, count: usize, seed: u64) -> Vec<User> {
        let mut g = Gen(seed);
        let all: Vec<User> = (0..count).map(|i| user(&mut g, pool, i)).collect();
        db.write(|tx| {
            pools::save_pool(tx, pool)?;
            for u in &all {
                users::insert(tx, u)?;
            }
            Ok(())
        })
        .unwrap();
        all
    }

    const DEFAULT: Tuning = Tuning::DEFAULT;
    const ALWAYS_WALK: Tuning = Tuning {
        dense_matches: 0,
        walk_rows: usize::MAX,
    };
    const SHORT_WALK: Tuning = Tuning {
        dense_matches: 0,
        walk_rows: 40,
    };

    /// The reference: every user checked one by one.
    fn naive(pool: &Pool, f: &Filter, u: &User) -> bool {
        match f.attribute {
            FilterAttribute::Username => {
                let wanted = pool.username_key(&f.value);
                match f.op {
                    FilterOp::Equals => u.username_key == wanted,
                    FilterOp::Prefix => u.username_key.starts_with(&wanted),
                }
            }
            FilterAttribute::UserStatus => f.matches(u.status.as_str()),
            FilterAttribute::Status => f.matches(enabled_text(u.enabled)),
            FilterAttribute::Sub => f.matches(&u.sub),
            a => u.attribute(a.wire_name()).is_some_and(|v| f.matches(v)),
        }
    }

    /// Pages through `filter` with `limit` and returns every username, checking page sizes.
    fn all_pages(
        db: &Db,
        pool: &Pool,
        filter: Option<&Filter>,
        limit: usize,
        tuning: Tuning,
    ) -> Vec<String> {
        let mut out = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = db
                .read(|tx| list_page_tuned(tx, pool, filter, after.as_deref(), limit, tuning))
                .unwrap();
            assert!(page.users.len() <= limit);
            out.extend(page.users.iter().map(|u| u.username.clone()));
            match page.next {
                Some(next) => {
                    assert_eq!(page.users.len(), limit, "a short page promised more");
                    assert_eq!(decode_token(&encode_token(&next)).unwrap(), next);
                    after = Some(next);
                }
                None => return out,
            }
        }
    }

    fn values(all: &[User]) -> Vec<String> {
        let mut out: Vec<String> = [
            "", "a", "A", "an", "ann", "Ann", "ANN", "anna", "zo", "Zoë", "zoë", "ZOË", "é", "É",
            "émile1", "東", "東京", "ǅ", "ǆ", "x", "x\u{10FFFF}", "\u{10FFFF}", "+1555", "+",
            "UNCONFIRMED", "unconfirmed", "CON", "con", "FORCE", "RESET_REQUIRED", "U",
            "Enabled", "enabled", "Disabled", "En", "Dis", "E", "nope", "bob1", "Bob1",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for u in all.iter().step_by(331) {
            out.push(u.username.clone());
            out.push(u.username.to_uppercase());
            out.push(u.sub.clone());
            out.push(u.sub[..3].to_string());
            out.push(u.sub[..5].to_uppercase());
            out.extend(u.attributes.values().cloned());
        }
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn filters_and_paging_match_a_naive_scan() {
        for case_sensitive in [false, true] {
            let db = Db::in_memory().unwrap();
            let pool = pool(case_sensitive);
            let mut all = seed(&db, &pool, 2000, 0x9E37_79B9_7F4A_7C15);
            all.sort_by(|a, b| a.username_key.cmp(&b.username_key));
            let everyone: Vec<String> = all.iter().map(|u| u.username.clone()).collect();
            for limit in [1, 7, 60] {
                assert_eq!(all_pages(&db, &pool, None, limit, DEFAULT), everyone);
            }
            let values = values(&all);
            let mut checked = 0;
            for attribute in FilterAttribute::ALL {
                for op in [FilterOp::Equals, FilterOp::Prefix] {
                    for value in &values {
                        let f = Filter {
                            attribute,
                            op: op.clone(),
                            value: value.clone(),
                        };
                        let expected: Vec<String> = all
                            .iter()
                            .filter(|u| naive(&pool, &f, u))
                            .map(|u| u.username.clone())
                            .collect();
                        let got = all_pages(&db, &pool, Some(&f), 60, DEFAULT);
                        assert_eq!(got, expected, "{f:?} (case-sensitive pool: {case_sensitive})");
                        if value.len() <= 1 {
                            // Small pages, and every strategy: always walk, walk with a tiny
                            // budget (falls back to the index range).
                            for tuning in [DEFAULT, ALWAYS_WALK, SHORT_WALK] {
                                let got = all_pages(&db, &pool, Some(&f), 7, tuning);
                                assert_eq!(got, expected, "{f:?} {tuning:?}");
                            }
                        }
                        checked += usize::from(!expected.is_empty());
                    }
                }
            }
            assert!(checked > 100, "too few filters matched anything: {checked}");
        }
    }

    #[test]
    fn upper_bounds() {
        assert_eq!(prefix_upper_bound(""), None);
        assert_eq!(prefix_upper_bound("ab").as_deref(), Some("ac"));
        assert_eq!(prefix_upper_bound("a\u{10FFFF}").as_deref(), Some("b"));
        assert_eq!(prefix_upper_bound("\u{10FFFF}"), None);
        assert_eq!(prefix_upper_bound("\u{D7FF}").as_deref(), Some("\u{E000}"));
    }

    #[test]
    fn tokens_refuse_garbage() {
        for bad in ["", "!!!", "bHUxOg", "aGVsbG8=", "//79"] {
            let r = decode_token(bad);
            assert!(r.is_err() || bad == "bHUxOg", "{bad}: {r:?}");
        }
        assert_eq!(decode_token(&encode_token("Zoë")).unwrap(), "Zoë");
    }

    /// `cargo test --lib list_users -- --ignored --nocapture`: page times with 100,000 users.
    #[test]
    #[ignore]
    fn timing_with_100k_users() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path()).unwrap();
        let pool = pool(false);
        let started = Instant::now();
        let all = seed(&db, &pool, 100_000, 42);
        println!("seeded 100k users in {:?}", started.elapsed());
        let middle = all[50_000].username_key.clone();
        let email = all
            .iter()
            .find_map(|u| u.attribute("email"))
            .unwrap()
            .to_string();
        let cases: Vec<(&str, Option<Filter>)> = vec![
            ("no filter", None),
            ("email =", parse(&format!("email = \"{email}\""))),
            ("email ^= \"a\"", parse("email ^= \"a\"")),
            ("given_name ^= \"\"", parse("given_name ^= \"\"")),
            ("name ^= \"zoë1\"", parse("name ^= \"zoë1\"")),
            ("username ^= \"ann\"", parse("username ^= \"ann\"")),
            ("cognito:user_status =", parse("cognito:user_status = \"CONFIRMED\"")),
            ("status = Enabled", parse("status = \"Enabled\"")),
            ("status = Disabled", parse("status = \"Disabled\"")),
            ("sub ^=", parse(&format!("sub ^= \"{}\"", &all[7].sub[..4]))),
        ];
        time_cases(&db, &pool, &cases, &middle);

        // Worst cases: few disabled users (no index covers `enabled`), and a dense prefix
        // whose matches all lie at the end of the key order.
        db.write(|tx| {
            tx.execute_batch(
                "UPDATE users SET enabled = 1;
                 UPDATE users SET enabled = 0 WHERE username_key IN
                   (SELECT username_key FROM users ORDER BY username_key DESC LIMIT 10);
                 INSERT OR REPLACE INTO user_attributes
                   (pool_id, username_key, name, value, value_lower)
                   SELECT pool_id, username_key, 'family_name', 'zz' || username_key,
                          'zz' || username_key
                   FROM users ORDER BY username_key DESC LIMIT 5000;",
            )?;
            Ok(())
        })
        .unwrap();
        let cases: Vec<(&str, Option<Filter>)> = vec![
            ("10 disabled", parse("status = \"Disabled\"")),
            ("family_name ^= zz (at end)", parse("family_name ^= \"zz\"")),
        ];
        time_cases(&db, &pool, &cases, &middle);
    }

    fn time_cases(db: &Db, pool: &Pool, cases: &[(&str, Option<Filter>)], middle: &str) {
        for (label, f) in cases {
            for after in [None, Some(middle)] {
                let started = Instant::now();
                let runs = 20;
                let mut n = 0;
                for _ in 0..runs {
                    n = db
                        .read(|tx| list_page(tx, pool, f.as_ref(), after, 60))
                        .unwrap()
                        .users
                        .len();
                }
                println!(
                    "{label:28} from {:6}: {n:2} users, {:?} per page",
                    if after.is_some() { "middle" } else { "start" },
                    started.elapsed() / runs
                );
            }
        }
    }

    fn parse(text: &str) -> Option<Filter> {
        filter::parse(text).unwrap()
    }
}
