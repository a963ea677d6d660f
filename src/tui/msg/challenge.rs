//! Work and results of the sign-in challenges and the MFA settings, kept out of the shared
//! `Task`/`Msg` enums so each of those gains one variant only.

use crate::service::ServiceError;
use crate::service::account::{MfaSettings, TotpSetup};
use crate::service::auth::{Answer, MfaKind, PendingChallenge};
use crate::service::session::Session;

use super::SignInResult;

/// Work for the worker; the app adds the open pool (`Task::Challenge`).
#[derive(Debug)]
pub enum ChallengeTask {
    /// Answers a pending challenge. `username` is the name signed in with, which the session is
    /// saved under once tokens come.
    Answer {
        username: String,
        pending: Box<PendingChallenge>,
        answer: Answer,
    },
    /// MFA_SETUP: associates an authenticator secret with the sign-in attempt.
    AssociateTotp {
        username: String,
        pending: Box<PendingChallenge>,
    },
    /// A change to the signed-in user's MFA settings.
    Mfa {
        username: String,
        session: Box<Session>,
        action: MfaAction,
    },
}

impl ChallengeTask {
    /// What the status bar says while it runs.
    pub fn doing(&self) -> &'static str {
        match self {
            Self::Answer { .. } => "Checking the answer",
            Self::AssociateTotp { .. } => "Setting up the authenticator app",
            Self::Mfa { action, .. } => match action {
                MfaAction::Load => "Loading the MFA settings",
                MfaAction::SetupTotp => "Getting a new secret",
                MfaAction::VerifyTotp { .. } => "Checking the code",
                MfaAction::RemoveTotp => "Removing the authenticator app",
                MfaAction::Prefer(_) => "Saving the preferred method",
            },
        }
    }
}

/// What the MFA settings screen asks for.
#[derive(Clone, PartialEq, Eq)]
pub enum MfaAction {
    Load,
    /// Associates a new authenticator secret (its QR code follows).
    SetupTotp,
    /// The first code of the new secret: turns the app on and makes it preferred.
    VerifyTotp {
        code: String,
    },
    RemoveTotp,
    Prefer(MfaKind),
}

impl std::fmt::Debug for MfaAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Load => f.write_str("Load"),
            Self::SetupTotp => f.write_str("SetupTotp"),
            // The code is a one-time secret.
            Self::VerifyTotp { .. } => f.write_str("VerifyTotp { code: *** }"),
            Self::RemoveTotp => f.write_str("RemoveTotp"),
            Self::Prefer(kind) => f.debug_tuple("Prefer").field(kind).finish(),
        }
    }
}

/// What an `MfaAction` gave.
#[derive(Debug)]
pub enum MfaReply {
    Settings(MfaSettings),
    Secret(TotpSetup),
    /// Settings after a change, with what changed in words.
    Changed(MfaSettings, String),
}

/// Results of `ChallengeTask`s.
#[derive(Debug)]
pub enum ChallengeMsg {
    Answered(Result<SignInResult, ServiceError>),
    /// The secret to show and the challenge to answer with its first code (its session moved on).
    TotpAssociated(Result<(TotpSetup, Box<PendingChallenge>), ServiceError>),
    Mfa {
        /// The session used, refreshed if it was about to expire.
        session: Box<Session>,
        /// Why a refreshed session could not be saved, if it could not.
        notice: Option<String>,
        result: Result<MfaReply, ServiceError>,
    },
}
