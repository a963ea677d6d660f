//! Shared set-up for the local pool's integration tests: a pool on an ephemeral loopback port
//! with a fresh temp data dir, real SDK clients, and direct seeding of pools, users and tokens so
//! one operation can be tested without going through the others.
#![allow(dead_code)]

use std::collections::BTreeMap;

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::config::{BehaviorVersion, Credentials, Region};
use cognito_tui::local_pool::model::{ClientSettings, PoolSettings, full_schema};
use cognito_tui::local_pool::pools::{self, Client as PoolClient, Pool};
use cognito_tui::local_pool::srp_server;
use cognito_tui::local_pool::tokens::{self, Grant, Refresh};
use cognito_tui::local_pool::users::{self, User, UserStatus};
use cognito_tui::local_pool::{LocalPool, LocalPoolConfig};
use cognito_tui::service::{self, Settings};
use serde_json::{Value, json};

pub const REGION: &str = "us-east-1";

pub struct TestPool {
    pub pool: LocalPool,
    pub dir: tempfile::TempDir,
}

/// Tokens as the pool issues them.
#[derive(Debug, Clone)]
pub struct TestTokens {
    pub access: String,
    pub id: String,
    pub refresh: String,
}

impl TestPool {
    /// A pool with an empty store (no demo pool).
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// A pool with an empty store, its configuration adjusted by `adjust` (limits, CORS).
    pub async fn start_with(adjust: impl FnOnce(&mut LocalPoolConfig)) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = LocalPoolConfig::ephemeral(dir.path());
        config.seed_demo = false;
        adjust(&mut config);
        let pool = LocalPool::start(config).await.expect("local pool starts");
        Self { pool, dir }
    }

    pub fn url(&self) -> &str {
        self.pool.url()
    }

    /// The unsigned user-side client, exactly as the app builds it.
    pub async fn user_client(&self) -> Client {
        let mut settings = Settings::new("us-east-1_unused", "unused");
        settings.endpoint_url = Some(self.url().to_string());
        service::user_client(&settings).await
    }

    /// An unsigned client that does not retry: for tests of refusals the SDK counts as
    /// throttling (LimitExceededException), which it would otherwise retry with backoff.
    pub fn user_client_without_retries(&self) -> Client {
        let config = aws_sdk_cognitoidentityprovider::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(REGION))
            .endpoint_url(self.url())
            .retry_config(aws_sdk_cognitoidentityprovider::config::retry::RetryConfig::disabled())
            .build();
        Client::from_conf(config)
    }

    /// A client signed with throw-away credentials (the local pool accepts any), no retries.
    pub fn admin_client(&self) -> Client {
        Self::admin_client_for(self.url())
    }

    /// A signed client for a pool at `url` (e.g. one run as a separate process).
    pub fn admin_client_for(url: &str) -> Client {
        let config = aws_sdk_cognitoidentityprovider::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(REGION))
            .endpoint_url(url)
            .credentials_provider(Credentials::new("AKIDLOCAL", "secret", None, None, "test"))
            .retry_config(aws_sdk_cognitoidentityprovider::config::retry::RetryConfig::disabled())
            .build();
        Client::from_conf(config)
    }

    /// Settings for the crate's own service layer against `pool_id`/`client_id`.
    pub fn settings(&self, pool_id: &str, client_id: &str, secret: Option<&str>) -> Settings {
        let mut settings = Settings::new(pool_id, client_id);
        settings.endpoint_url = Some(self.url().to_string());
        settings.client_secret = secret.map(Into::into);
        settings
    }

    /// Stores a pool with `settings` (a JSON object in CreateUserPool's shape, minus PoolName)
    /// and one app client with `client` settings; returns (pool id, client id).
    pub fn seed_pool(&self, settings: Value, client: Value) -> (String, String) {
        self.seed_pool_with_secret(settings, client, None)
    }

    pub fn seed_pool_with_secret(
        &self,
        settings: Value,
        client: Value,
        secret: Option<&str>,
    ) -> (String, String) {
        // CreateUserPool calls the schema `Schema`; the stored settings call it `SchemaAttributes`.
        let mut settings = settings;
        if let Some(schema) = settings.as_object_mut().and_then(|o| o.remove("Schema")) {
            settings["SchemaAttributes"] = schema;
        }
        let mut settings: PoolSettings = serde_json::from_value(settings).expect("pool settings");
        let given = std::mem::take(&mut settings.schema_attributes);
        settings.schema_attributes = full_schema(given).expect("schema");
        let id = format!("{REGION}_{}", random_alnum(9));
        let pool = Pool {
            id: id.clone(),
            name: "test pool".into(),
            settings,
            created: 1_700_000_000,
            modified: 1_700_000_000,
        };
        let mut client_json = client;
        if client_json.get("ClientName").is_none() {
            client_json["ClientName"] = json!("test client");
        }
        let client = PoolClient {
            id: random_alnum(26).to_lowercase(),
            pool_id: id.clone(),
            secret: secret.map(str::to_string),
            settings: serde_json::from_value::<ClientSettings>(client_json).expect("client"),
            created: 1_700_000_000,
            modified: 1_700_000_000,
        };
        let client_id = client.id.clone();
        self.pool
            .state()
            .db
            .write(|tx| {
                pools::save_pool(tx, &pool)?;
                pools::save_client(tx, &client)
            })
            .expect("seed pool");
        (id, client_id)
    }

    /// Stores a user with `password` and attributes, in `status`.
    pub fn seed_user(
        &self,
        pool_id: &str,
        username: &str,
        password: &str,
        attributes: &[(&str, &str)],
        status: UserStatus,
    ) -> User {
        let state = self.pool.state();
        let pool = state
            .db
            .read(|tx| pools::get_pool(tx, pool_id))
            .expect("pool");
        let verifier =
            srp_server::new_verifier(pool.srp_name(), username, password).expect("verifier");
        let attrs: BTreeMap<String, String> = attributes
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let user = User::new(
            &pool,
            username.to_string(),
            users::new_sub(),
            status,
            verifier,
            attrs,
            state.now(),
        );
        state
            .db
            .write(|tx| users::insert(tx, &user))
            .expect("seed user");
        user
    }

    /// Tokens for a stored user, issued directly (no sign-in), as the pool would.
    pub fn tokens_for(&self, pool_id: &str, client_id: &str, username: &str) -> TestTokens {
        let state = self.pool.state();
        let issuer = tokens::issuer(self.url(), pool_id);
        let result = state
            .db
            .write(|tx| {
                let pool = pools::get_pool(tx, pool_id)?;
                let client = pools::get_pool_client(tx, pool_id, client_id)?;
                let user = users::require(tx, &pool, username)?;
                let now = state.now();
                tokens::issue(
                    tx,
                    &state.signing_key(pool_id).unwrap(),
                    &Grant {
                        pool: &pool,
                        client: &client,
                        user: &user,
                        issuer: &issuer,
                        auth_time: now,
                        now,
                    },
                    Refresh::New,
                )
            })
            .expect("issue tokens");
        let text = |k: &str| result[k].as_str().expect("token").to_string();
        TestTokens {
            access: text("AccessToken"),
            id: text("IdToken"),
            refresh: text("RefreshToken"),
        }
    }

    /// The outbox as served over HTTP.
    pub async fn outbox(&self) -> Vec<Value> {
        let body = raw_get(self.url(), "/_local/outbox").await;
        serde_json::from_str(&body.1).expect("outbox JSON")
    }

    /// The newest code sent to `username`.
    pub async fn last_code(&self, username: &str) -> String {
        self.outbox()
            .await
            .iter()
            .rev()
            .find(|m| m["username"] == username)
            .and_then(|m| m["code"].as_str())
            .expect("a code in the outbox")
            .to_string()
    }
}

/// Random letters and digits.
pub fn random_alnum(len: usize) -> String {
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let bytes = uuid::Uuid::new_v4().into_bytes();
    let more = uuid::Uuid::new_v4().into_bytes();
    bytes
        .iter()
        .chain(more.iter())
        .cycle()
        .take(len)
        .map(|b| CHARS[*b as usize % CHARS.len()] as char)
        .collect()
}

/// A raw HTTP request over loopback: (status, body). For wire-level tests the SDK cannot make.
pub async fn raw_request(url: &str, head: &str, body: &[u8]) -> (u16, String, String) {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let addr = url.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let request = format!(
        "{head}\r\nHost: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    stream.write_all(body).await.expect("write body");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.expect("read");
    let text = String::from_utf8_lossy(&response).to_string();
    let (headers, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = headers
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, headers.to_string(), body.to_string())
}

pub async fn raw_get(url: &str, path: &str) -> (u16, String) {
    let (status, _, body) = raw_request(url, &format!("GET {path} HTTP/1.1"), b"").await;
    (status, body)
}

/// POSTs a JSON 1.1 call; `signed` adds a (fake) SigV4 Authorization header.
pub async fn raw_call(url: &str, op: &str, body: &str, signed: bool) -> (u16, String, Value) {
    let auth = if signed {
        "\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=00"
    } else {
        ""
    };
    let head = format!(
        "POST / HTTP/1.1\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AWSCognitoIdentityProviderService.{op}{auth}"
    );
    let (status, headers, body) = raw_request(url, &head, body.as_bytes()).await;
    let value = serde_json::from_str(&body).unwrap_or(Value::Null);
    (status, headers, value)
}

/// The exception name of an SDK error, e.g. `NotAuthorizedException`.
pub fn error_name<E, R>(err: &aws_sdk_cognitoidentityprovider::error::SdkError<E, R>) -> String
where
    E: aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata,
{
    err.as_service_error()
        .and_then(|e| e.code())
        .unwrap_or("<not a service error>")
        .to_string()
}

/// A fresh local pool with the standard pool and `name` in it (confirmed unless `status`
/// says otherwise; password "Carol-Pass-2024!", a verified `<name>@example.com`): the pool and
/// the client id.
pub async fn pool_with_user(name: &str, status: UserStatus) -> (TestPool, String, String) {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = standard_pool(&pool);
    seed_with_email(&pool, &pool_id, name, status);
    (pool, pool_id, client_id)
}

/// `name` in `pool_id` with the password "Carol-Pass-2024!" and a verified
/// `<name>@example.com`.
pub fn seed_with_email(pool: &TestPool, pool_id: &str, name: &str, status: UserStatus) {
    pool.seed_user(
        pool_id,
        name,
        "Carol-Pass-2024!",
        &[
            ("email", &format!("{name}@example.com")),
            ("email_verified", "true"),
        ],
        status,
    );
}

/// A common pool: email as an auto-verified attribute, a client allowing every flow.
pub fn standard_pool(pool: &TestPool) -> (String, String) {
    pool.seed_pool(
        json!({
            "AutoVerifiedAttributes": ["email"],
            "UsernameConfiguration": {"CaseSensitive": false},
            "Schema": [{"Name": "team", "AttributeDataType": "String", "Mutable": true}],
        }),
        json!({
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH",
                                  "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            "PreventUserExistenceErrors": "ENABLED",
        }),
    )
}
