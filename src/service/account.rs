//! The user side of an account: sign-up, sign-in with verified tokens, the profile, MFA and
//! sign-out, over the unsigned client. Callers see only domain types.

mod mfa;
mod profile;
mod sign_out;
mod signup;
mod types;

use crate::service::error::AtEndpoint;
use std::fmt;

use aws_sdk_cognitoidentityprovider::Client;
use time::{Duration, OffsetDateTime};

use super::auth::{Answer, Authenticator, PendingChallenge, SignInStep};
use super::jwks::{JwksCache, VerifiedClaims};
use super::session::Session;
use super::tokens::Tokens;
use super::{ServiceError, Settings, user_client};
use crate::cognito::secret_hash::secret_hash;
use crate::secret::SecretString;

pub use types::{
    CodeDelivery, DeliveryMedium, MfaSettings, RegisterRequest, Registered, TotpSetup, User,
    attribute_name, otpauth_uri,
};

/// How long before expiry `with_fresh_tokens` refreshes: enough for a slow call to finish.
pub const REFRESH_MARGIN: Duration = Duration::minutes(2);

/// One pool and app client, seen from a user's side.
pub struct Account {
    client: Client,
    settings: Settings,
    endpoint: String,
    authenticator: Authenticator,
    jwks: JwksCache,
}

impl fmt::Debug for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Account")
            .field("settings", &self.settings)
            .field("jwks", &self.jwks.url())
            .finish_non_exhaustive()
    }
}

impl AtEndpoint for Account {
    fn endpoint(&self) -> &str {
        &self.endpoint
    }
}

impl Account {
    /// An account service for `settings`, with the unsigned client (no credentials needed).
    pub async fn new(settings: Settings) -> Result<Self, ServiceError> {
        let client = user_client(&settings).await;
        Self::with_client(client, settings)
    }

    /// The same over a client built elsewhere.
    pub fn with_client(client: Client, settings: Settings) -> Result<Self, ServiceError> {
        Ok(Self {
            authenticator: Authenticator::new(client.clone(), settings.clone())?,
            jwks: JwksCache::new(&settings)?,
            endpoint: settings.endpoint(),
            client,
            settings,
        })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Keeps a copy of the pool's JWKS in `dir`, so each one-shot command does not fetch it.
    pub fn with_jwks_copy(mut self, dir: &std::path::Path) -> Self {
        self.jwks = self.jwks.with_disk_copy(dir);
        self
    }

    /// The sign-in state machine, for callers that drive it themselves; they should then pass
    /// the tokens to `verify_tokens`. `sign_in`/`answer`/`refresh` here do that already.
    pub fn authenticator(&self) -> &Authenticator {
        &self.authenticator
    }

    /// Checks the ID and access tokens against the pool's JWKS (signature, issuer, app client,
    /// token_use, expiry), at the current time.
    pub async fn verify_tokens(&self, tokens: &Tokens) -> Result<VerifiedClaims, ServiceError> {
        self.jwks
            .verify_tokens(tokens, OffsetDateTime::now_utc())
            .await
    }

    /// `verify_tokens` at a given time.
    pub async fn verify_tokens_at(
        &self,
        tokens: &Tokens,
        now: OffsetDateTime,
    ) -> Result<VerifiedClaims, ServiceError> {
        self.jwks.verify_tokens(tokens, now).await
    }

    /// Signs in with the profile's flow; tokens are verified before they are returned.
    pub async fn sign_in(
        &self,
        username: &str,
        password: &SecretString,
    ) -> Result<SignInStep, ServiceError> {
        let step = self.authenticator.sign_in(username, password, None).await?;
        self.checked(step).await
    }

    /// Answers a challenge; tokens are verified before they are returned.
    pub async fn answer(
        &self,
        pending: &PendingChallenge,
        answer: Answer,
    ) -> Result<SignInStep, ServiceError> {
        let step = self.authenticator.answer(pending, answer).await?;
        self.checked(step).await
    }

    async fn checked(&self, step: SignInStep) -> Result<SignInStep, ServiceError> {
        if let SignInStep::SignedIn(tokens) = &step {
            self.verify_tokens(tokens).await?;
        }
        Ok(step)
    }

    /// New tokens from the refresh token, verified at `now`. The refresh token is kept when
    /// none comes back, and the expiry is counted from `now` with the tokens' own lifetime.
    pub async fn refresh(
        &self,
        tokens: &Tokens,
        now: OffsetDateTime,
    ) -> Result<Tokens, ServiceError> {
        let mut fresh = self.authenticator.refresh(tokens).await?;
        let claims = self.jwks.verify_tokens(&fresh, now).await?;
        if let Some(issued) = claims.access.issued_at() {
            let lifetime = claims.expires_at - issued;
            if lifetime.is_positive() {
                fresh.expires_at = now + lifetime;
            }
        }
        Ok(fresh)
    }

    /// The session's tokens, refreshed first when they expire within `REFRESH_MARGIN` of `now`.
    /// Call before each token-bearing call so a long-open session never sends an expired token.
    pub async fn with_fresh_tokens<'s>(
        &self,
        session: &'s mut Session,
        now: OffsetDateTime,
    ) -> Result<&'s Tokens, ServiceError> {
        session.check_token(self, now, REFRESH_MARGIN).await?;
        Ok(session.tokens())
    }

    /// SECRET_HASH for `username`, when the app client has a secret.
    fn secret_hash(&self, username: &str) -> Option<String> {
        let secret = self.settings.client_secret.as_ref()?;
        Some(secret_hash(
            secret.expose(),
            username,
            &self.settings.client_id,
        ))
    }

    fn missing(&self, what: &str) -> ServiceError {
        ServiceError::unexpected(&self.endpoint, format!("the answer has no {what}"))
    }

    /// Where a code went, for the calls whose answer must say so.
    fn sent_to(
        &self,
        details: Option<&aws_sdk_cognitoidentityprovider::types::CodeDeliveryDetailsType>,
    ) -> Result<CodeDelivery, ServiceError> {
        details
            .map(CodeDelivery::from)
            .ok_or_else(|| self.missing("CodeDeliveryDetails"))
    }
}

/// The access token as the SDK wants it.
fn access(tokens: &Tokens) -> String {
    tokens.access_token.expose().to_string()
}
