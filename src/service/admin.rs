//! The operator side: a SigV4-signed client for the admin operations (users, groups, the pool's
//! configuration). Credentials come from the normal AWS chain (environment, profile, SSO) or from a
//! profile's own keys, and are looked up only on the first call, so starting the app never walks
//! the chain or probes IMDS.

mod config;
mod convert;
mod groups;
mod pool;
mod raw;
mod users;

use crate::service::error::AtEndpoint;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::config::{Credentials, ProvideCredentials, Region};
use tokio::sync::OnceCell;

use super::{ServiceError, Settings};
use crate::secret::SecretString;

pub use config::{ClientConfig, PoolConfig};
pub use groups::{Group, GroupSettings};
pub use pool::{
    AppClientInfo, MfaConfiguration, PasswordPolicy, PoolInfo, SchemaAttribute, TokenValidity,
    generate_password,
};
pub use users::{CreateUser, UserDetail, UserStatus, UserSummary};

/// Cognito's largest page for ListUsers, ListGroups, ListUsersInGroup and ListUserPoolClients.
pub const MAX_PAGE_SIZE: i32 = 60;

/// How long the credential chain may take on first use (SSO, a credential process, IMDS).
const CREDENTIALS_TIMEOUT: Duration = Duration::from_secs(30);

/// Where the operator's AWS credentials come from.
#[derive(Clone)]
pub enum OperatorCredentials {
    /// The AWS chain: environment, shared config and credentials files, SSO, container, IMDS;
    /// `aws_profile` picks a named profile.
    Chain { aws_profile: Option<String> },
    /// Keys stored in a cognito-tui profile.
    Static {
        access_key_id: String,
        secret_access_key: SecretString,
        session_token: Option<SecretString>,
    },
}

impl OperatorCredentials {
    /// A profile's operator credentials: the AWS chain (with its `aws_profile`). An endpoint on
    /// this machine (the local pool, an emulator) checks no signature, so when the profile names
    /// no AWS profile it gets placeholder keys and works without any AWS setup.
    pub fn for_profile(aws_profile: Option<&str>, endpoint_url: Option<&str>) -> Self {
        match (aws_profile, endpoint_url) {
            (None, Some(url)) if is_loopback_url(url) => Self::local_pool(),
            _ => Self::Chain {
                aws_profile: aws_profile.map(str::to_string),
            },
        }
    }

    /// For a local pool, which takes any signature.
    pub fn local_pool() -> Self {
        Self::Static {
            access_key_id: "local".into(),
            secret_access_key: SecretString::new("local"),
            session_token: None,
        }
    }
}

impl fmt::Debug for OperatorCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Chain { aws_profile } => f
                .debug_struct("Chain")
                .field("aws_profile", aws_profile)
                .finish(),
            Self::Static {
                access_key_id,
                session_token,
                ..
            } => f
                .debug_struct("Static")
                .field("access_key_id", access_key_id)
                .field("secret_access_key", &"***")
                .field("session_token", &session_token.as_ref().map(|_| "***"))
                .finish(),
        }
    }
}

/// The operator's handle on one user pool. Cheap to clone: clones share the client, which is
/// built on the first call.
#[derive(Clone)]
pub struct Operator {
    inner: Arc<Inner>,
}

struct Inner {
    settings: Settings,
    credentials: OperatorCredentials,
    /// For error messages.
    endpoint: String,
    client: OnceCell<Client>,
}

impl fmt::Debug for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Operator")
            .field("user_pool_id", &self.inner.settings.user_pool_id)
            .field("endpoint", &self.inner.endpoint)
            .field("credentials", &self.inner.credentials)
            .field("connected", &self.inner.client.initialized())
            .finish()
    }
}

impl AtEndpoint for Operator {
    fn endpoint(&self) -> &str {
        &self.inner.endpoint
    }
}

impl Operator {
    /// Does no I/O: the client and its credentials are resolved on the first call.
    pub fn new(settings: Settings, credentials: OperatorCredentials) -> Self {
        Self {
            inner: Arc::new(Inner {
                endpoint: settings.endpoint(),
                settings,
                credentials,
                client: OnceCell::new(),
            }),
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    fn pool_id(&self) -> &str {
        &self.inner.settings.user_pool_id
    }

    /// The signed client, built once; a failed build is retried on the next call.
    async fn client(&self) -> Result<&Client, ServiceError> {
        self.inner
            .client
            .get_or_try_init(|| build_client(&self.inner.settings, &self.inner.credentials))
            .await
    }
}

/// `http://127.0.0.1:9229`, `http://localhost:4566/`, `http://[::1]:9229`.
fn is_loopback_url(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or("");
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.split(':').next().unwrap_or(""),
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

async fn build_client(
    settings: &Settings,
    credentials: &OperatorCredentials,
) -> Result<Client, ServiceError> {
    let mut loader =
        aws_config::defaults(BehaviorVersion::latest()).timeout_config(super::timeout_config());
    if !settings.region.is_empty() {
        loader = loader.region(Region::new(settings.region.clone()));
    }
    if let Some(url) = &settings.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    match credentials {
        OperatorCredentials::Chain { aws_profile } => {
            if let Some(profile) = aws_profile {
                loader = loader.profile_name(profile);
            }
        }
        OperatorCredentials::Static {
            access_key_id,
            secret_access_key,
            session_token,
        } => {
            // Static keys fetch nothing over HTTPS (the chain's SSO would): a plain-http
            // endpoint needs no TLS at all.
            if let Some(http) = super::plain_http_client(settings.endpoint_url.as_deref()) {
                loader = loader.http_client(http);
            }
            loader = loader.credentials_provider(Credentials::new(
                access_key_id,
                secret_access_key.expose(),
                session_token.as_ref().map(|t| t.expose().to_string()),
                None,
                "cognito-tui profile",
            ));
        }
    }
    let config = loader.load().await;
    if config.region().is_none() {
        return Err(ServiceError::InvalidParameter {
            detail: "no AWS region: set the profile's region or AWS_REGION".into(),
        });
    }
    if let OperatorCredentials::Chain { aws_profile } = credentials {
        check_chain(&config, aws_profile.as_deref()).await?;
    }
    Ok(super::client_from(&config))
}

/// How `CredentialsError::CredentialsNotLoaded` (no provider had any) displays; the type itself
/// is not re-exported by the SDK. Any other text still yields `MissingCredentials`, with the
/// chain's own explanation.
const NOT_LOADED: &str = "the credential provider was not enabled";

/// Resolves the chain once so that "no credentials" is reported as such, with what to do about
/// it, instead of as a failed request.
async fn check_chain(
    config: &aws_config::SdkConfig,
    aws_profile: Option<&str>,
) -> Result<(), ServiceError> {
    let provider =
        config
            .credentials_provider()
            .ok_or_else(|| ServiceError::MissingCredentials {
                detail: "no credential provider is configured".into(),
            })?;
    match tokio::time::timeout(CREDENTIALS_TIMEOUT, provider.provide_credentials()).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(err)) if err.to_string().starts_with(NOT_LOADED) => {
            Err(ServiceError::MissingCredentials {
                detail: match aws_profile {
                    Some(name) => format!("the AWS profile \"{name}\" has none or does not exist"),
                    None => "none in the environment, the AWS config files, SSO, a container \
                             or instance metadata"
                        .into(),
                },
            })
        }
        Ok(Err(err)) => Err(ServiceError::MissingCredentials {
            detail: one_line(&err),
        }),
        Err(_) => Err(ServiceError::MissingCredentials {
            detail: format!(
                "the credential chain did not answer within {} s",
                CREDENTIALS_TIMEOUT.as_secs()
            ),
        }),
    }
}

/// An error and its causes on one line (credential errors span several), repeats left out.
fn one_line(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current = Some(err);
    while let Some(e) = current {
        let text = e
            .to_string()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        current = e.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_endpoints_need_no_aws_credentials() {
        for url in [
            "http://127.0.0.1:9229",
            "http://localhost:4566/",
            "http://[::1]:1",
        ] {
            assert!(is_loopback_url(url), "{url}");
            assert!(matches!(
                OperatorCredentials::for_profile(None, Some(url)),
                OperatorCredentials::Static { .. }
            ));
        }
        assert!(!is_loopback_url(
            "https://cognito-idp.eu-west-1.amazonaws.com"
        ));
        assert!(matches!(
            OperatorCredentials::for_profile(Some("dev"), Some("http://127.0.0.1:9229")),
            OperatorCredentials::Chain { .. }
        ));
    }

    #[derive(Debug, thiserror::Error)]
    #[error("outer:\n  detail")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn causes_are_joined_on_one_line() {
        let err = Outer(std::io::Error::other("cause"));
        assert_eq!(one_line(&err), "outer: detail: cause");
    }
}
