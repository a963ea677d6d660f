//! The account screens' work and its results: profile, password, verification, global
//! sign-out and deletion. The app adds the open pool (`Task::Account`).

use super::HomeData;
use crate::secret::SecretString;
use crate::service::ServiceError;
use crate::service::account::{CodeDelivery, User};
use crate::service::session::Session;

/// Work on the signed-in account. `Debug` is safe: secrets print as `***`.
#[derive(Debug)]
pub enum AccountTask {
    /// Re-reads the user for the account home after a change.
    ReloadHome {
        username: String,
        session: Box<Session>,
    },
    LoadAttributes {
        session: Box<Session>,
    },
    /// Sends only the changes: attributes to write, then names to delete; then re-reads.
    SaveAttributes {
        session: Box<Session>,
        update: Vec<(String, String)>,
        delete: Vec<String>,
    },
    ChangePassword {
        session: Box<Session>,
        current: SecretString,
        new: SecretString,
    },
    SendCode {
        session: Box<Session>,
        attribute: String,
    },
    VerifyAttribute {
        session: Box<Session>,
        attribute: String,
        code: SecretString,
    },
    GlobalSignOut {
        username: String,
        session: Box<Session>,
    },
    DeleteAccount {
        username: String,
        session: Box<Session>,
    },
}

impl AccountTask {
    /// What the status bar says while it runs.
    pub fn what(&self) -> &'static str {
        match self {
            Self::ReloadHome { .. } => "Reloading the account",
            Self::LoadAttributes { .. } => "Loading the profile",
            Self::SaveAttributes { .. } => "Saving the profile",
            Self::ChangePassword { .. } => "Changing the password",
            Self::SendCode { .. } => "Sending a code",
            Self::VerifyAttribute { .. } => "Verifying",
            Self::GlobalSignOut { .. } => "Signing out everywhere",
            Self::DeleteAccount { .. } => "Deleting the account",
        }
    }
}

/// A saved profile: where verification codes went, and the user as the pool now has it.
#[derive(Debug)]
pub struct Saved {
    pub deliveries: Vec<CodeDelivery>,
    pub user: User,
}

/// Results of `AccountTask`s.
#[derive(Debug)]
pub enum AccountMsg {
    HomeReloaded(Result<Box<HomeData>, ServiceError>),
    AttributesLoaded(Result<Box<User>, ServiceError>),
    AttributesSaved(Result<Box<Saved>, ServiceError>),
    PasswordChanged(Result<(), ServiceError>),
    CodeSent(Result<CodeDelivery, ServiceError>),
    Verified {
        attribute: String,
        result: Result<(), ServiceError>,
    },
    /// Signed out on every device (and the saved session removed): the words to show.
    SignedOutEverywhere(Result<String, ServiceError>),
    /// The account is gone (and its saved session): the words to show.
    Deleted(Result<String, ServiceError>),
}
