//! Operation dispatch: `X-Amz-Target` names an operation; each group of operations lives in
//! its own file and exposes `handler(op)`.

pub mod account;
pub mod admin_users;
pub mod auth;
pub mod groups;
pub mod mfa_preference;
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

/// Operations callers make without AWS credentials (the access token, if any, is in the body).
const UNSIGNED: &[&str] = &[
    "SignUp",
    "ConfirmSignUp",
    "ResendConfirmationCode",
    "InitiateAuth",
    "RespondToAuthChallenge",
    "GetUser",
    "UpdateUserAttributes",
    "DeleteUserAttributes",
    "GetUserAttributeVerificationCode",
    "VerifyUserAttribute",
    "ChangePassword",
    "ForgotPassword",
    "ConfirmForgotPassword",
    "GlobalSignOut",
    "RevokeToken",
    "DeleteUser",
    "AssociateSoftwareToken",
    "VerifySoftwareToken",
    "SetUserMFAPreference",
];

fn handler(op: &str) -> Option<Handler> {
    pool_admin::handler(op)
        .or_else(|| signup::handler(op))
        .or_else(|| auth::handler(op))
        .or_else(|| account::handler(op))
        .or_else(|| admin_users::handler(op))
        .or_else(|| groups::handler(op))
}

/// Runs the operation `call.op`.
pub fn dispatch(call: &Call<'_>) -> ApiResult<Value> {
    let Some(run) = handler(call.op) else {
        return Err(ApiError::unknown_operation(format!(
            "Unknown operation {}",
            call.op
        )));
    };
    if !call.signed && !UNSIGNED.contains(&call.op) {
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
    run(call)
}

/// Every operation the local pool implements (the fuzzer draws from it; a test checks each has
/// its handler).
pub const OPERATIONS: &[&str] = &[
    "CreateUserPool",
    "DescribeUserPool",
    "ListUserPools",
    "UpdateUserPool",
    "DeleteUserPool",
    "CreateUserPoolClient",
    "DescribeUserPoolClient",
    "ListUserPoolClients",
    "UpdateUserPoolClient",
    "DeleteUserPoolClient",
    "SignUp",
    "ConfirmSignUp",
    "ResendConfirmationCode",
    "AdminConfirmSignUp",
    "InitiateAuth",
    "RespondToAuthChallenge",
    "AdminInitiateAuth",
    "AdminRespondToAuthChallenge",
    "GetUser",
    "UpdateUserAttributes",
    "DeleteUserAttributes",
    "GetUserAttributeVerificationCode",
    "VerifyUserAttribute",
    "ChangePassword",
    "ForgotPassword",
    "ConfirmForgotPassword",
    "GlobalSignOut",
    "RevokeToken",
    "DeleteUser",
    "AssociateSoftwareToken",
    "VerifySoftwareToken",
    "SetUserMFAPreference",
    "ListUsers",
    "AdminGetUser",
    "AdminCreateUser",
    "AdminDeleteUser",
    "AdminEnableUser",
    "AdminDisableUser",
    "AdminSetUserPassword",
    "AdminResetUserPassword",
    "AdminUpdateUserAttributes",
    "AdminDeleteUserAttributes",
    "AdminUserGlobalSignOut",
    "AdminSetUserMFAPreference",
    "CreateGroup",
    "GetGroup",
    "ListGroups",
    "UpdateGroup",
    "DeleteGroup",
    "AdminAddUserToGroup",
    "AdminRemoveUserFromGroup",
    "AdminListGroupsForUser",
    "ListUsersInGroup",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_operation_has_a_handler() {
        for op in OPERATIONS {
            assert!(handler(op).is_some(), "{op} has no handler");
        }
        assert_eq!(OPERATIONS.len(), 53);
    }
}
