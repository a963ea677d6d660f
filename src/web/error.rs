//! The backend's one error type.

use crate::service::ServiceError;
use crate::service::auth::PendingChallenge;

use super::db::DbError;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// Cognito or the network said no in a way that is not "no such login": shown as an error.
    #[error(transparent)]
    Service(#[from] ServiceError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("the web session: {0}")]
    Session(String),
    /// The sign-in needs an answer (new password, MFA code) on a follow-up page; axum-login's
    /// `authenticate` reports it this way, `CognitoBackend::sign_in` as an outcome.
    #[error("the sign-in asks for {}", .0.challenge.wire_name())]
    Challenge(Box<PendingChallenge>),
}

impl From<tower_sessions::session::Error> for WebError {
    fn from(e: tower_sessions::session::Error) -> Self {
        Self::Session(e.to_string())
    }
}

impl From<axum_login::Error<super::CognitoBackend>> for WebError {
    fn from(e: axum_login::Error<super::CognitoBackend>) -> Self {
        match e {
            axum_login::Error::Session(e) => Self::Session(e.to_string()),
            axum_login::Error::Backend(e) => e,
        }
    }
}
