//! Errors as Cognito puts them on the wire: an exception name (`__type`, `x-amzn-ErrorType`), a
//! message, and the HTTP status (400 for the caller's mistakes, 500 for ours).

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The exception name the SDKs match on, e.g. `NotAuthorizedException`.
    pub kind: &'static str,
    pub message: String,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}

impl std::error::Error for ApiError {}

/// One constructor per exception name, so a misspelt name cannot reach the wire.
macro_rules! exceptions {
    ($($fn_name:ident => $kind:literal),* $(,)?) => {
        impl ApiError {
            $(
                pub fn $fn_name(message: impl Into<String>) -> Self {
                    Self { kind: $kind, message: message.into() }
                }
            )*
        }
    };
}

exceptions! {
    not_authorized => "NotAuthorizedException",
    user_not_found => "UserNotFoundException",
    user_not_confirmed => "UserNotConfirmedException",
    password_reset_required => "PasswordResetRequiredException",
    username_exists => "UsernameExistsException",
    invalid_password => "InvalidPasswordException",
    invalid_parameter => "InvalidParameterException",
    code_mismatch => "CodeMismatchException",
    expired_code => "ExpiredCodeException",
    limit_exceeded => "LimitExceededException",
    too_many_requests => "TooManyRequestsException",
    too_many_failed_attempts => "TooManyFailedAttemptsException",
    alias_exists => "AliasExistsException",
    resource_not_found => "ResourceNotFoundException",
    group_exists => "GroupExistsException",
    software_token_mfa_not_found => "SoftwareTokenMFANotFoundException",
    enable_software_token_mfa => "EnableSoftwareTokenMFAException",
    invalid_user_pool_configuration => "InvalidUserPoolConfigurationException",
    unsupported_token_type => "UnsupportedTokenTypeException",
    unsupported_operation => "UnsupportedOperationException",
    unauthorized => "UnauthorizedException",
    unknown_operation => "UnknownOperationException",
    serialization => "SerializationException",
    missing_authentication_token => "MissingAuthenticationTokenException",
    internal => "InternalErrorException",
    unsupported_user_state => "UnsupportedUserStateException",
    access_denied => "AccessDeniedException",
}

impl ApiError {
    /// 500 for our own failures, 400 for everything the caller can fix.
    pub fn status(&self) -> u16 {
        if self.kind == "InternalErrorException" {
            500
        } else {
            400
        }
    }

    /// The wire body.
    pub fn body(&self) -> serde_json::Value {
        serde_json::json!({ "__type": self.kind, "message": self.message })
    }

    /// AWS's validation wording for a missing required member.
    pub fn missing_member(member: &str) -> Self {
        Self::invalid_parameter(format!(
            "1 validation error detected: Value null at '{}' failed to satisfy constraint: Member must not be null",
            lower_first(member)
        ))
    }

    /// AWS's validation wording for a member outside its constraints.
    pub fn invalid_member(member: &str, constraint: &str) -> Self {
        Self::invalid_parameter(format!(
            "1 validation error detected: Value at '{}' failed to satisfy constraint: {constraint}",
            lower_first(member)
        ))
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        tracing::error!(error = %e, "local pool storage error");
        Self::internal(format!("the local pool's storage failed: {e}"))
    }
}

fn lower_first(member: &str) -> String {
    let mut chars = member.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
