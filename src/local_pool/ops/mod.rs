//! Operation dispatch: `X-Amz-Target` names an operation; each group of operations lives in
//! its own file and lists them once, in its `OPS` table (name, handler, whether it needs AWS
//! credentials). Dispatch, the operation list and the unsigned check all read those tables.

pub mod account;
pub mod admin_users;
pub mod auth;
pub mod groups;
pub mod mfa_preference;
pub mod paging;
pub mod pool_admin;
pub mod signup;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::{ApiError, ApiResult};
use super::state::State;

/// One operation's implementation. Runs on a blocking thread (SQLite, SRP math).
pub type Handler = fn(&Call<'_>) -> ApiResult<Value>;

/// A request as the operations see it.
pub struct Call<'a> {
    pub state: &'a State,
    pub op: &'a str,
    pub body: Value,
    /// `<scheme>://<host>` the client used: the base of the token issuer.
    pub base_url: String,
    /// Whether the request carried SigV4 credentials (an `Authorization` header).
    pub signed: bool,
    /// The region of the SigV4 credential scope, when signed.
    pub region: Option<String>,
}

impl Call<'_> {
    /// The body as `T`. A missing required member is InvalidParameterException naming it; a
    /// member of the wrong type is SerializationException naming it.
    pub fn parse<T: DeserializeOwned>(&self) -> ApiResult<T> {
        parse_body(&self.body)
    }

    /// Unix seconds on the pool's clock.
    pub fn now(&self) -> i64 {
        self.state.now()
    }

    /// The token issuer for `pool_id` as this client sees the server.
    pub fn issuer(&self, pool_id: &str) -> String {
        super::tokens::issuer(&self.base_url, pool_id)
    }
}

/// Checks SECRET_HASH for `username` when the client has a secret, with Cognito's messages.
pub fn check_secret_hash(
    client: &super::pools::Client,
    username: &str,
    given: Option<&str>,
) -> ApiResult<()> {
    let Some(secret) = &client.secret else {
        return Ok(());
    };
    let Some(given) = given.filter(|g| !g.is_empty()) else {
        return Err(ApiError::not_authorized(format!(
            "Client {} is configured for secret but secret was not received",
            client.id
        )));
    };
    let expected = crate::cognito::secret_hash::secret_hash(secret, username, &client.id);
    if bool::from(subtle::ConstantTimeEq::ct_eq(
        expected.as_bytes(),
        given.as_bytes(),
    )) {
        Ok(())
    } else {
        Err(ApiError::not_authorized(format!(
            "Unable to verify secret hash for client {}",
            client.id
        )))
    }
}

pub fn parse_body<T: DeserializeOwned>(body: &Value) -> ApiResult<T> {
    serde_path_to_error::deserialize(body).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let text = inner.to_string();
        if let Some(member) = text
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
        {
            let full = if path == "." || path.is_empty() {
                member.to_string()
            } else {
                format!("{path}.{member}")
            };
            return ApiError::missing_member(&full);
        }
        let text = text.split(" at line ").next().unwrap_or(&text).to_string();
        if path == "." || path.is_empty() {
            ApiError::serialization(format!("Cannot deserialize the request: {text}"))
        } else {
            ApiError::serialization(format!("Cannot deserialize member {path}: {text}"))
        }
    })
}

/// Whether an operation needs SigV4 credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// An administrator operation: the request must be signed.
    Signed,
    /// Callers make it without AWS credentials (the access token, if any, is in the body).
    Unsigned,
}

/// One operation: its `X-Amz-Target` name, its implementation, how it is authorized.
#[derive(Clone, Copy)]
pub struct Op {
    pub name: &'static str,
    pub run: Handler,
    pub auth: Auth,
}

impl Op {
    pub const fn signed(name: &'static str, run: Handler) -> Self {
        Self {
            name,
            run,
            auth: Auth::Signed,
        }
    }

    pub const fn unsigned(name: &'static str, run: Handler) -> Self {
        Self {
            name,
            run,
            auth: Auth::Unsigned,
        }
    }
}

/// Every group's table.
const GROUPS: &[&[Op]] = &[
    pool_admin::OPS,
    signup::OPS,
    auth::OPS,
    account::OPS,
    admin_users::OPS,
    groups::OPS,
];

/// Every operation the local pool implements, group by group.
pub fn all() -> impl Iterator<Item = &'static Op> {
    GROUPS.iter().flat_map(|group| group.iter())
}

/// The operation named `name`.
pub fn find(name: &str) -> Option<&'static Op> {
    all().find(|op| op.name == name)
}

/// The names of every operation (the fuzzer draws from them).
pub fn operations() -> Vec<&'static str> {
    all().map(|op| op.name).collect()
}

/// Runs the operation `call.op`.
pub fn dispatch(call: &Call<'_>) -> ApiResult<Value> {
    let Some(op) = find(call.op) else {
        return Err(ApiError::unknown_operation(format!(
            "Unknown operation {}",
            call.op
        )));
    };
    if !call.signed && op.auth == Auth::Signed {
        return Err(ApiError::missing_authentication_token(format!(
            "{} is an administrator operation: sign the request with AWS credentials \
             (any credentials work with the local pool)",
            call.op
        )));
    }
    if !call.body.is_object() {
        return Err(ApiError::serialization(
            "The request body must be a JSON object",
        ));
    }
    (op.run)(call)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// The names the README's "**Operations** (N): …" paragraph lists, and its N.
    fn readme_operations() -> (usize, BTreeSet<String>) {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
        let readme = std::fs::read_to_string(path).expect("README.md");
        let start = readme
            .find("- **Operations** (")
            .expect("the README lists the operations");
        let rest = &readme[start + "- **Operations** (".len()..];
        let (count, rest) = rest.split_once("):").expect("a count in parentheses");
        let paragraph = rest.split("\n- ").next().unwrap_or(rest);
        // Drop the parenthesized notes ("(USER_SRP_AUTH, …)").
        let mut plain = String::new();
        let mut depth = 0usize;
        for c in paragraph.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ if depth == 0 => plain.push(c),
                _ => {}
            }
        }
        let mut names = BTreeSet::new();
        for item in plain.split([',', ';', '.']) {
            let item = item.trim();
            if item.is_empty() {
                continue;
            }
            names.insert(item.to_string());
        }
        (count.trim().parse().expect("a number"), names)
    }

    #[test]
    fn the_readme_lists_exactly_the_operations_of_the_tables() {
        let (count, listed) = readme_operations();
        let implemented: BTreeSet<String> = all().map(|op| op.name.to_string()).collect();
        assert_eq!(listed, implemented);
        assert_eq!(count, implemented.len());
        assert_eq!(
            all().count(),
            implemented.len(),
            "no operation is listed twice"
        );
    }

    #[test]
    fn the_unsigned_operations_are_the_end_user_ones() {
        let unsigned: Vec<&str> = all()
            .filter(|op| op.auth == Auth::Unsigned)
            .map(|op| op.name)
            .collect();
        assert_eq!(unsigned.len(), 19, "{unsigned:?}");
        assert!(unsigned.iter().all(|name| !name.starts_with("Admin")));
        for op in account::OPS {
            assert_eq!(op.auth, Auth::Unsigned, "{}", op.name);
        }
        for op in pool_admin::OPS.iter().chain(groups::OPS) {
            assert_eq!(op.auth, Auth::Signed, "{}", op.name);
        }
    }
}
