//! The account service layer against the local pool over loopback: every operation and its
//! main errors, token verification against the served JWKS, refresh before expiry, and an app
//! client with a secret.

use crate::common;

mod mfa;
mod profile;
mod secret_client;
mod session;
mod signup;
mod tokens;

use cognito_tui::local_pool::users::UserStatus;
use cognito_tui::secret::SecretString;
use cognito_tui::service::ServiceError;
use cognito_tui::service::account::Account;
use cognito_tui::service::auth::{PendingChallenge, SignInStep};
use cognito_tui::service::tokens::Tokens;
use common::TestPool;
use serde_json::{Value, json};

pub const PASSWORD: &str = "Start-Pass-2024!";
pub const NEW_PASSWORD: &str = "Other-Pass-2025?";

/// Pool ids as (pool id, client id).
pub type Ids = (String, String);

/// Email auto-verified and an alias, MFA optional, custom `team` (string) and `is_admin`
/// (boolean); the client allows SRP, password and refresh flows.
pub fn pool_settings() -> Value {
    json!({
        "AutoVerifiedAttributes": ["email"],
        "AliasAttributes": ["email"],
        "UsernameConfiguration": {"CaseSensitive": false},
        "MfaConfiguration": "OPTIONAL",
        "Schema": [
            {"Name": "team", "AttributeDataType": "String", "Mutable": true},
            {"Name": "is_admin", "AttributeDataType": "Boolean", "Mutable": true},
        ],
    })
}

pub fn client_settings() -> Value {
    json!({
        "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH",
                              "ALLOW_REFRESH_TOKEN_AUTH"],
        "PreventUserExistenceErrors": "ENABLED",
    })
}

pub fn app_pool(pool: &TestPool) -> Ids {
    pool.seed_pool(pool_settings(), client_settings())
}

pub async fn account(pool: &TestPool, ids: &Ids, secret: Option<&str>) -> Account {
    let settings = pool.settings(&ids.0, &ids.1, secret);
    Account::new(settings).await.expect("account service")
}

/// A confirmed user with a verified email `<name>@example.com`.
pub fn seed(pool: &TestPool, ids: &Ids, name: &str) {
    let email = format!("{name}@example.com");
    let attrs = [("email", email.as_str()), ("email_verified", "true")];
    pool.seed_user(&ids.0, name, PASSWORD, &attrs, UserStatus::Confirmed);
}

pub fn pw(text: &str) -> SecretString {
    SecretString::new(text)
}

pub fn signed_in(step: Result<SignInStep, ServiceError>) -> Tokens {
    match step.expect("the step succeeds") {
        SignInStep::SignedIn(tokens) => tokens,
        other => panic!("expected tokens, got {other:?}"),
    }
}

pub fn challenged(step: Result<SignInStep, ServiceError>) -> PendingChallenge {
    match step.expect("the step succeeds") {
        SignInStep::Challenge(pending) => pending,
        other => panic!("expected a challenge, got {other:?}"),
    }
}

pub async fn sign_in(account: &Account, username: &str, password: &str) -> Tokens {
    signed_in(account.sign_in(username, &pw(password)).await)
}

/// A six-digit code that differs from `code`.
pub fn other_code(code: &str) -> &'static str {
    if code == "000000" { "111111" } else { "000000" }
}

pub fn pool_now(pool: &TestPool) -> u64 {
    pool.pool.state().now().unsigned_abs()
}
