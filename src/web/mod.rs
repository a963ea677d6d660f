//! The web sign-in backend (warrant's Django `CognitoBackend`, for axum apps through axum-login)
//! and the demo site built on it.
//!
//! - `backend`: `AuthnBackend` + `AuthzBackend` (permissions = Cognito groups) over the service
//!   layer; local users in SQLite (`local_users`, `db`), sessions in the same file
//!   (`session_store`).
//! - `tokens`: the tokens in the web session, refreshed lazily; logout signs out in Cognito.
//! - `site`: the demo site's routes and templates (`cognito-tui demo-site`).

pub mod backend;
pub mod db;
mod error;
pub mod local_users;
pub mod session_store;
pub mod settings;
pub mod site;
pub mod tokens;

pub use backend::{CognitoBackend, Credentials, Refusal, SignInOutcome, WebUser};
pub use db::WebDb;
pub use error::WebError;
pub use session_store::SqliteSessionStore;
pub use settings::{UserRules, WebSettings};
pub use tokens::AuthSession;
