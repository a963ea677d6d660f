//! Async service layer over `aws-sdk-cognitoidentityprovider`: the only module that knows SDK
//! types. Screens and commands see domain types (`Tokens`, `SignInStep`, `ServiceError`).

pub mod account;
pub mod admin;
pub mod attributes;
pub mod auth;
pub mod error;
pub mod jwks;
pub mod response_cap;
pub mod session;
pub mod tokens;

use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_cognitoidentityprovider::Client;

use crate::secret::SecretString;
pub use error::ServiceError;

/// How the user side signs in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthFlow {
    /// USER_SRP_AUTH: the password never leaves this machine.
    #[default]
    Srp,
    /// USER_PASSWORD_AUTH: the password is sent (over TLS); only when a profile opts in.
    UserPassword,
}

/// Where and how to reach a pool: what a profile holds.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub region: String,
    pub user_pool_id: String,
    pub client_id: String,
    pub client_secret: Option<SecretString>,
    /// A custom endpoint (local pool, emulator); the AWS endpoint when absent.
    pub endpoint_url: Option<String>,
    pub auth_flow: AuthFlow,
    /// Expected token issuer, when the server's differs from the one derived from the endpoint.
    pub issuer: Option<String>,
    pub jwks_url: Option<String>,
}

impl Settings {
    /// Settings for a pool, the region taken from the pool id (`eu-west-1_AbC` → `eu-west-1`).
    pub fn new(user_pool_id: impl Into<String>, client_id: impl Into<String>) -> Self {
        let user_pool_id = user_pool_id.into();
        Self {
            region: region_of_pool(&user_pool_id)
                .unwrap_or_default()
                .to_string(),
            user_pool_id,
            client_id: client_id.into(),
            ..Self::default()
        }
    }

    /// The URL requests go to, for messages and logs.
    pub fn endpoint(&self) -> String {
        match &self.endpoint_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => format!("https://cognito-idp.{}.amazonaws.com", self.region),
        }
    }
}

/// The region prefix of a pool id, if it has one.
pub fn region_of_pool(user_pool_id: &str) -> Option<&str> {
    user_pool_id
        .split_once('_')
        .map(|(region, _)| region)
        .filter(|r| !r.is_empty())
}

/// The user-side client: unsigned (no credentials, so no credential chain or IMDS probe), with
/// short timeouts so an unreachable endpoint is reported quickly. AWS_* settings still apply.
pub async fn user_client(settings: &Settings) -> Client {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .no_credentials()
        .region(aws_config::Region::new(settings.region.clone()))
        .timeout_config(timeout_config());
    if let Some(url) = &settings.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    if let Some(http) = plain_http_client(settings.endpoint_url.as_deref()) {
        loader = loader.http_client(http);
    }
    client_from(&loader.load().await)
}

/// A client over `config`, answers bounded by `response_cap`.
pub(crate) fn client_from(config: &aws_config::SdkConfig) -> Client {
    let config = aws_sdk_cognitoidentityprovider::config::Builder::from(config)
        .interceptor(response_cap::ResponseCap)
        .build();
    Client::from_conf(config)
}

/// The environment variable that bounds a call, in seconds (retries included).
pub const TIMEOUT_ENV: &str = "COGNITO_TUI_TIMEOUT";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// How long one call may take in all, connecting and retries included: `COGNITO_TUI_TIMEOUT`
/// seconds (fractions allowed), 30 by default; a value that is not a positive number is ignored.
pub fn call_timeout() -> Duration {
    std::env::var(TIMEOUT_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .map(|s| Duration::from_secs_f64(s.min(3600.0)))
        .unwrap_or(DEFAULT_TIMEOUT)
}

/// The SDK's timeouts: an unreachable endpoint is reported quickly, a server that never answers
/// (or keeps failing) within `call_timeout`.
pub(crate) fn timeout_config() -> TimeoutConfig {
    let total = call_timeout();
    TimeoutConfig::builder()
        .connect_timeout(total.min(Duration::from_secs(5)))
        .operation_attempt_timeout(total.min(Duration::from_secs(20)))
        .operation_timeout(total)
        .build()
}

/// For a plain-http endpoint (a local pool, an emulator on loopback): an HTTP client without
/// TLS, so the start-up never decodes the system's root certificates it would not use.
pub(crate) fn plain_http_client(
    endpoint: Option<&str>,
) -> Option<aws_smithy_runtime_api::client::http::SharedHttpClient> {
    endpoint
        .filter(|url| is_plain_http(url))
        .map(|_| aws_smithy_http_client::Builder::new().build_http())
}

/// True for an `http://` URL: no TLS, so no root certificates are needed to reach it.
pub(crate) fn is_plain_http(url: &str) -> bool {
    url.get(..7)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("http://"))
}
