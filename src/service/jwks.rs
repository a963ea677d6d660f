//! Verifying the pool's tokens: the JWKS is fetched once and cached, and fetched again once
//! when a token names a key the cache does not hold (the pool rotated its keys).

use std::time::Duration;

use time::OffsetDateTime;
use tokio::sync::Mutex;

use super::tokens::Tokens;
use super::{ServiceError, Settings};
use crate::cognito::jwt::{self, DecodedToken, Expectation, Jwks, JwtError, TokenUse};

/// A JWKS is a few KiB; anything much larger is not one.
const MAX_JWKS_BYTES: usize = 256 * 1024;

/// What the verified ID and access tokens say.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedClaims {
    pub sub: String,
    /// The internal username (`cognito:username`).
    pub username: String,
    pub groups: Vec<String>,
    /// The access token's `exp`.
    pub expires_at: OffsetDateTime,
    pub id: DecodedToken,
    pub access: DecodedToken,
}

/// The pool's signing keys, fetched lazily over HTTP(S).
#[derive(Debug)]
pub struct JwksCache {
    http: reqwest::Client,
    url: String,
    expect: Expectation,
    keys: Mutex<Option<Jwks>>,
    /// A copy of the JWKS on disk (one-shot commands), so a process does not fetch it each time.
    disk: Option<std::path::PathBuf>,
}

/// A JWKS copy on disk older than this is fetched again.
const DISK_COPY_TTL: Duration = Duration::from_secs(24 * 3600);

impl JwksCache {
    /// A cache for the pool in `settings`, honouring its issuer and JWKS URL overrides.
    pub fn new(settings: &Settings) -> Result<Self, ServiceError> {
        let issuer = jwt::expected_issuer(
            settings.endpoint_url.as_deref(),
            &settings.region,
            &settings.user_pool_id,
            settings.issuer.as_deref(),
        );
        let url = jwt::jwks_url(&issuer, settings.jwks_url.as_deref());
        // No redirects: the keys come from the configured URL or not at all.
        let mut builder = reqwest::Client::builder();
        if super::is_plain_http(&url) {
            // No https here: no root certificates to load.
            builder = builder.tls_certs_only(std::iter::empty());
        }
        let http = builder
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(super::call_timeout().min(Duration::from_secs(5)))
            .timeout(super::call_timeout())
            .build()
            .map_err(|e| ServiceError::Network {
                endpoint: url.clone(),
                detail: format!("cannot set up an HTTP client: {e}"),
            })?;
        Ok(Self {
            http,
            url,
            expect: Expectation::new(issuer, settings.client_id.clone()),
            keys: Mutex::new(None),
            disk: None,
        })
    }

    /// Keeps a copy of the JWKS in `dir` (the keys are public; the copy is used for a day, and a
    /// token signed by a key it lacks fetches the keys again).
    pub fn with_disk_copy(mut self, dir: &std::path::Path) -> Self {
        use sha2::Digest as _;
        let digest = sha2::Sha256::digest(self.url.as_bytes());
        let name: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        self.disk = Some(dir.join(format!("{name}.json")));
        self
    }

    /// The disk copy, when there is a recent one that parses.
    fn read_disk_copy(&self) -> Option<Jwks> {
        let path = self.disk.as_ref()?;
        let meta = std::fs::metadata(path).ok()?;
        let age = meta.modified().ok()?.elapsed().ok()?;
        if age > DISK_COPY_TTL || meta.len() > MAX_JWKS_BYTES as u64 {
            return None;
        }
        Jwks::from_json(&std::fs::read(path).ok()?).ok()
    }

    fn write_disk_copy(&self, body: &[u8]) {
        let Some(path) = &self.disk else { return };
        let written = path
            .parent()
            .map_or(Ok(()), crate::store::atomic::ensure_dir)
            .and_then(|()| {
                use crate::store::atomic::{Durability, write_atomic_with};
                write_atomic_with(path, body, Durability::Replaceable)
            });
        if let Err(e) = written {
            tracing::debug!(error = %e, "could not keep a copy of the JWKS");
        }
    }

    /// Where the keys come from.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The issuer tokens must carry.
    pub fn issuer(&self) -> &str {
        &self.expect.issuer
    }

    /// Verifies both JWTs of `tokens` at `now` and checks they belong to the same user.
    pub async fn verify_tokens(
        &self,
        tokens: &Tokens,
        now: OffsetDateTime,
    ) -> Result<VerifiedClaims, ServiceError> {
        let id = self
            .verify(tokens.id_token.expose(), TokenUse::Id, now)
            .await?;
        let access = self
            .verify(tokens.access_token.expose(), TokenUse::Access, now)
            .await?;
        let sub = id.subject().unwrap_or_default().to_string();
        if sub.is_empty() || access.subject() != Some(sub.as_str()) {
            return Err(invalid("the ID and access tokens name different users"));
        }
        let username = access
            .username()
            .or_else(|| id.username())
            .ok_or_else(|| invalid("the access token names no user"))?
            .to_string();
        let expires_at = access
            .expires_at()
            .ok_or_else(|| invalid("the access token has no expiry"))?;
        Ok(VerifiedClaims {
            sub,
            username,
            groups: access.groups().into_iter().map(str::to_string).collect(),
            expires_at,
            id,
            access,
        })
    }

    /// Verifies one token, refetching the keys once when its `kid` is unknown.
    pub async fn verify(
        &self,
        token: &str,
        token_use: TokenUse,
        now: OffsetDateTime,
    ) -> Result<DecodedToken, ServiceError> {
        let mut keys = self.keys.lock().await;
        let mut fetched_now = false;
        if keys.is_none() {
            // A disk copy counts as not fetched now: an unknown key id still fetches.
            *keys = match self.read_disk_copy() {
                Some(copy) => Some(copy),
                None => {
                    fetched_now = true;
                    Some(self.fetch().await?)
                }
            };
        }
        let result = match keys.as_ref() {
            Some(jwks) => jwt::verify(token, jwks, &self.expect, token_use, now),
            None => return Err(invalid("no signing keys")),
        };
        match result {
            Err(JwtError::UnknownKeyId(_)) if !fetched_now => {
                let jwks = self.fetch().await?;
                let again = jwt::verify(token, &jwks, &self.expect, token_use, now);
                *keys = Some(jwks);
                again.map_err(from_jwt)
            }
            other => other.map_err(from_jwt),
        }
    }

    async fn fetch(&self) -> Result<Jwks, ServiceError> {
        let network = |e: reqwest::Error| {
            if e.is_timeout() {
                ServiceError::timeout(self.url.clone())
            } else {
                ServiceError::Network {
                    endpoint: self.url.clone(),
                    detail: innermost(&e),
                }
            }
        };
        let mut response = self.http.get(&self.url).send().await.map_err(network)?;
        let status = response.status();
        if !status.is_success() {
            return Err(ServiceError::unexpected(
                &self.url,
                format!("HTTP {status} for the JWKS"),
            ));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(network)? {
            if body.len() + chunk.len() > MAX_JWKS_BYTES {
                return Err(ServiceError::unexpected(&self.url, "the JWKS is too large"));
            }
            body.extend_from_slice(&chunk);
        }
        tracing::debug!(url = %self.url, "fetched the pool's JWKS");
        let jwks = Jwks::from_json(&body)
            .map_err(|e| ServiceError::unexpected(&self.url, e.to_string()))?;
        self.write_disk_copy(&body);
        Ok(jwks)
    }
}

fn invalid(detail: &str) -> ServiceError {
    ServiceError::TokenInvalid {
        detail: detail.to_string(),
    }
}

fn from_jwt(err: JwtError) -> ServiceError {
    ServiceError::TokenInvalid {
        detail: err.to_string(),
    }
}

/// The deepest cause's text: reqwest's own Display is generic ("error sending request").
fn innermost(err: &(dyn std::error::Error + 'static)) -> String {
    let mut current = err;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}
