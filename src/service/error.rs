//! One error type for every service call, carrying text a user can act on.
//!
//! SDK errors are mapped by their wire code (`__type`), which is the same across operations, so
//! one mapping serves every call.

use aws_sdk_cognitoidentityprovider::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

use crate::cognito::srp::SrpError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ServiceError {
    #[error("Incorrect username or password.")]
    WrongCredentials,
    #[error("This account is not confirmed yet: enter the code that was sent at sign-up.")]
    UserNotConfirmed,
    #[error("This account's password must be reset: request a code and choose a new password.")]
    PasswordResetRequired,
    #[error("This account is disabled; ask the pool's administrator.")]
    UserDisabled,
    #[error("No such user.")]
    UserNotFound,
    #[error("That username is already taken.")]
    UsernameExists,
    #[error("That email or phone number already belongs to another account.")]
    AliasExists,
    #[error("The code is wrong; check it and try again.")]
    CodeMismatch,
    #[error("The code has expired; request a new one.")]
    CodeExpired,
    #[error("The password does not meet the pool's policy: {rule}")]
    PasswordPolicy { rule: String },
    #[error("Too many attempts; wait a while before trying again. ({detail})")]
    RateLimited { detail: String },
    #[error("The session has expired or was signed out; sign in again. ({detail})")]
    SessionExpired { detail: String },
    #[error("Not authorized: {detail}")]
    NotAuthorized { detail: String },
    #[error(
        "Unknown user pool or app client: {detail}. Check the profile's pool id, client id and region."
    )]
    UnknownPoolOrClient { detail: String },
    #[error("Invalid request: {detail}")]
    InvalidParameter { detail: String },
    #[error("No authenticator app is set up for this account.")]
    SoftwareTokenNotFound,
    #[error("No such group.")]
    GroupNotFound,
    #[error("A group with that name already exists.")]
    GroupExists,
    #[error(
        "No AWS credentials for operator calls ({detail}). Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run `aws configure` / `aws sso login` and name that AWS profile in the cognito-tui profile (aws_profile), or give the profile its own access keys."
    )]
    MissingCredentials { detail: String },
    #[error(
        "Cannot reach {endpoint}: {detail}. Check the network, the endpoint URL and the region."
    )]
    Network { endpoint: String, detail: String },
    #[error(
        "{endpoint} did not answer in time (a call may take {seconds} s in all, retries included; COGNITO_TUI_TIMEOUT sets it). Check the network and the endpoint URL."
    )]
    Timeout { endpoint: String, seconds: String },
    #[error("Sign-in failed: {0}")]
    Srp(#[from] SrpError),
    /// A token failed verification against the pool's keys (signature, issuer, client, expiry).
    #[error("The pool's token was not accepted: {detail}")]
    TokenInvalid { detail: String },
    #[error("The sign-in step {0} is not supported by cognito-tui.")]
    UnsupportedChallenge(String),
    #[error("Unexpected answer from {endpoint}: {detail}")]
    UnexpectedResponse { endpoint: String, detail: String },
    #[error("{code}: {message}")]
    Service { code: String, message: String },
}

impl ServiceError {
    /// NotAuthorized (wrong password, disabled user) and UserNotFound: warrant's "no such login".
    pub fn is_no_such_login(&self) -> bool {
        matches!(
            self,
            Self::WrongCredentials
                | Self::UserDisabled
                | Self::UserNotFound
                | Self::NotAuthorized { .. }
        )
    }

    /// A refresh that failed because the sign-in is over (signed out, disabled, deleted): the
    /// web session ends with it.
    pub fn ends_the_session(&self) -> bool {
        self.is_no_such_login() || matches!(self, Self::SessionExpired { .. })
    }

    /// Maps an SDK error; `endpoint` names where the request went, for network errors.
    pub fn from_sdk<E>(err: SdkError<E, HttpResponse>, endpoint: &str) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        let endpoint = endpoint.to_string();
        if let Some(raw) = err.raw_response()
            && !raw.status().is_client_error()
            && !raw.status().is_server_error()
        {
            // A redirect or another answer that is no Cognito error (its text would be "Error").
            let location = raw
                .headers()
                .get("location")
                .map(|l| format!(" to {}", crate::printable::one_line(l)))
                .unwrap_or_default();
            let status = raw.status().as_u16();
            if !(200..300).contains(&status) {
                return Self::UnexpectedResponse {
                    endpoint,
                    detail: format!(
                        "HTTP {status}{location}, which Cognito never answers; check the endpoint URL"
                    ),
                };
            }
        }
        match &err {
            SdkError::DispatchFailure(failure) => {
                let detail = if failure.is_timeout() {
                    return Self::timeout(endpoint);
                } else if failure.is_io() {
                    "connection failed".to_string()
                } else {
                    innermost_message(&err)
                };
                Self::Network { endpoint, detail }
            }
            SdkError::TimeoutError(_) => Self::timeout(endpoint),
            SdkError::ResponseError(_) => Self::UnexpectedResponse {
                detail: innermost_message(&err),
                endpoint,
            },
            SdkError::ServiceError(_) => {
                let code = crate::printable::one_line(err.code().unwrap_or("UnknownError"));
                let message = crate::printable::one_line(err.message().unwrap_or("")).into_owned();
                Self::from_code(&code, message)
            }
            _ => Self::UnexpectedResponse {
                detail: innermost_message(&err),
                endpoint,
            },
        }
    }

    /// A call that ran out of its time (`super::call_timeout`), which the message states.
    pub fn timeout(endpoint: String) -> Self {
        let seconds = super::call_timeout().as_secs_f64();
        Self::Timeout {
            endpoint,
            seconds: format!("{seconds}"),
        }
    }

    /// Maps a Cognito exception name and its message.
    pub fn from_code(code: &str, message: String) -> Self {
        match code {
            "NotAuthorizedException" => Self::not_authorized(message),
            "UserNotConfirmedException" => Self::UserNotConfirmed,
            "PasswordResetRequiredException" => Self::PasswordResetRequired,
            "UserNotFoundException" => Self::UserNotFound,
            "UsernameExistsException" => Self::UsernameExists,
            "AliasExistsException" => Self::AliasExists,
            "CodeMismatchException" | "EnableSoftwareTokenMFAException" => Self::CodeMismatch,
            "ExpiredCodeException" => Self::CodeExpired,
            "InvalidPasswordException" => Self::PasswordPolicy {
                rule: policy_rule(&message),
            },
            "LimitExceededException"
            | "TooManyRequestsException"
            | "TooManyFailedAttemptsException" => Self::RateLimited { detail: message },
            // Cognito words a missing group "Group not found."; anything else is the pool or client.
            "ResourceNotFoundException" if message.to_ascii_lowercase().contains("group") => {
                Self::GroupNotFound
            }
            "ResourceNotFoundException" => Self::UnknownPoolOrClient { detail: message },
            "GroupExistsException" => Self::GroupExists,
            "InvalidParameterException" => Self::InvalidParameter { detail: message },
            "SoftwareTokenMFANotFoundException" => Self::SoftwareTokenNotFound,
            _ => Self::Service {
                code: code.to_string(),
                message,
            },
        }
    }

    /// NotAuthorized covers several situations; its message tells them apart.
    fn not_authorized(message: String) -> Self {
        let lower = message.to_ascii_lowercase();
        if lower.contains("incorrect username or password") {
            Self::WrongCredentials
        } else if lower.contains("disabled") {
            Self::UserDisabled
        } else if lower.contains("attempts exceeded") {
            Self::RateLimited { detail: message }
        } else if lower.contains("revoked")
            || lower.contains("expired")
            || lower.contains("invalid refresh token")
            || lower.contains("invalid session")
        {
            Self::SessionExpired { detail: message }
        } else {
            Self::NotAuthorized { detail: message }
        }
    }

    pub(crate) fn unexpected(endpoint: &str, detail: impl Into<String>) -> Self {
        Self::UnexpectedResponse {
            endpoint: endpoint.to_string(),
            detail: detail.into(),
        }
    }
}

/// "Password did not conform with policy: Password must have uppercase characters" → the rule.
fn policy_rule(message: &str) -> String {
    message
        .split_once(": ")
        .map(|(_, rule)| rule)
        .unwrap_or(message)
        .trim()
        .to_string()
}

/// The deepest cause's text: the SDK's top-level Display is generic ("dispatch failure").
/// The root cause's text, made one printable line (it may quote what the server sent).
fn innermost_message(err: &(dyn std::error::Error + 'static)) -> String {
    let mut current = err;
    loop {
        if current.is::<http_body_util::LengthLimitError>() {
            return format!(
                "the answer is larger than {} MiB, more than any Cognito answer",
                super::response_cap::MAX_RESPONSE_BYTES / (1024 * 1024)
            );
        }
        match current.source() {
            Some(next) => current = next,
            None => break,
        }
    }
    crate::printable::one_line(&current.to_string()).into_owned()
}

/// A client of one endpoint: its SDK errors name where the request went.
pub(crate) trait AtEndpoint {
    fn endpoint(&self) -> &str;

    fn sdk_error<E>(&self, err: SdkError<E, HttpResponse>) -> ServiceError
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        ServiceError::from_sdk(err, self.endpoint())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_authorized_messages_are_told_apart() {
        let map = |m: &str| ServiceError::from_code("NotAuthorizedException", m.into());
        assert_eq!(
            map("Incorrect username or password."),
            ServiceError::WrongCredentials
        );
        assert_eq!(map("User is disabled."), ServiceError::UserDisabled);
        assert!(matches!(
            map("Password attempts exceeded"),
            ServiceError::RateLimited { .. }
        ));
        assert!(matches!(
            map("Access Token has been revoked"),
            ServiceError::SessionExpired { .. }
        ));
        assert!(matches!(
            map("Refresh Token has expired"),
            ServiceError::SessionExpired { .. }
        ));
        assert!(matches!(
            map("Something else"),
            ServiceError::NotAuthorized { .. }
        ));
    }

    #[test]
    fn password_policy_names_the_rule() {
        let e = ServiceError::from_code(
            "InvalidPasswordException",
            "Password did not conform with policy: Password must have uppercase characters".into(),
        );
        assert_eq!(
            e.to_string(),
            "The password does not meet the pool's policy: Password must have uppercase characters"
        );
    }
}
