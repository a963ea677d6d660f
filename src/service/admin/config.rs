//! A pool's whole configuration, read in one go for the configuration face (show, doctor, diff,
//! export): the pool, its MFA factors, threat protection, domain, app clients and groups, each
//! as the wire document Cognito returned.

use crate::service::error::AtEndpoint;
use std::fmt;

use serde_json::{Map, Value};

use super::raw::RawBody;
use super::{MAX_PAGE_SIZE, Operator};
use crate::service::ServiceError;

/// One app client's settings. The secret itself is never kept: only whether there is one.
#[derive(Clone, PartialEq)]
pub struct ClientConfig {
    /// DescribeUserPoolClient's `UserPoolClient`, without `ClientSecret`.
    pub settings: Map<String, Value>,
    pub has_secret: bool,
    /// DescribeRiskConfiguration for this client, when it differs from the pool's.
    pub risk: Option<Map<String, Value>>,
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("name", &self.name())
            .field("has_secret", &self.has_secret)
            .finish_non_exhaustive()
    }
}

impl ClientConfig {
    pub fn name(&self) -> &str {
        self.settings
            .get("ClientName")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    pub fn id(&self) -> &str {
        self.settings
            .get("ClientId")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }
}

/// Everything a pool's configuration is made of.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolConfig {
    /// DescribeUserPool's `UserPool`.
    pub pool: Map<String, Value>,
    /// GetUserPoolMfaConfig's answer.
    pub mfa: Map<String, Value>,
    /// DescribeRiskConfiguration's `RiskConfiguration` for the pool; `None` when the server
    /// would not say (see `notes`).
    pub risk: Option<Map<String, Value>>,
    /// DescribeUserPoolDomain's `DomainDescription`, when the pool has a domain.
    pub domain: Option<Map<String, Value>>,
    pub clients: Vec<ClientConfig>,
    /// ListGroups' `Groups`.
    pub groups: Vec<Map<String, Value>>,
    /// What could not be read, and why (threat protection on a pool without the add-on, an
    /// emulator lacking an operation); the rest of the configuration is still whole.
    pub notes: Vec<String>,
}

impl PoolConfig {
    pub fn pool_id(&self) -> &str {
        self.pool
            .get("Id")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    pub fn pool_name(&self) -> &str {
        self.pool
            .get("Name")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }
}

impl Operator {
    /// Reads the whole configuration: DescribeUserPool, GetUserPoolMfaConfig,
    /// DescribeRiskConfiguration, DescribeUserPoolDomain, ListUserPoolClients with
    /// DescribeUserPoolClient each, and ListGroups. Only the pool itself is required; a part the
    /// server refuses is named in `notes`.
    pub async fn read_config(&self) -> Result<PoolConfig, ServiceError> {
        let client = self.client().await?;
        let raw = RawBody::default();
        client
            .describe_user_pool()
            .user_pool_id(self.pool_id())
            .customize()
            .interceptor(raw.clone())
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        let pool = raw.member("UserPool").map_err(|e| self.garbled(e))?;
        let mut notes = Vec::new();

        let raw = RawBody::default();
        let mfa = match client
            .get_user_pool_mfa_config()
            .user_pool_id(self.pool_id())
            .customize()
            .interceptor(raw.clone())
            .send()
            .await
        {
            Ok(_) => raw.object().map_err(|e| self.garbled(e))?,
            Err(e) => {
                notes.push(format!(
                    "MFA factors (GetUserPoolMfaConfig): {}",
                    self.sdk_error(e)
                ));
                Map::new()
            }
        };

        let risk = match self.risk(None).await {
            Ok(risk) => Some(risk),
            Err(e) => {
                notes.push(format!(
                    "threat protection (DescribeRiskConfiguration): {e}"
                ));
                None
            }
        };

        let domain = match pool.get("Domain").and_then(Value::as_str) {
            Some(name) => {
                let raw = RawBody::default();
                match client
                    .describe_user_pool_domain()
                    .domain(name)
                    .customize()
                    .interceptor(raw.clone())
                    .send()
                    .await
                {
                    Ok(_) => Some(
                        raw.member("DomainDescription")
                            .map_err(|e| self.garbled(e))?,
                    ),
                    Err(e) => {
                        notes.push(format!(
                            "domain {name} (DescribeUserPoolDomain): {}",
                            self.sdk_error(e)
                        ));
                        None
                    }
                }
            }
            None => None,
        };

        let mut clients = Vec::new();
        for id in self.client_ids().await? {
            let raw = RawBody::default();
            client
                .describe_user_pool_client()
                .user_pool_id(self.pool_id())
                .client_id(&id)
                .customize()
                .interceptor(raw.clone())
                .send()
                .await
                .map_err(|e| self.sdk_error(e))?;
            let mut settings = raw.member("UserPoolClient").map_err(|e| self.garbled(e))?;
            let has_secret = settings
                .remove("ClientSecret")
                .is_some_and(|s| s.as_str().is_some_and(|s| !s.is_empty()));
            // Only a client's own threat-protection settings are worth keeping apart.
            let own_risk = match (&risk, self.risk(Some(&id)).await) {
                (Some(pool_risk), Ok(mine)) if !same_risk(pool_risk, &mine) => Some(mine),
                _ => None,
            };
            clients.push(ClientConfig {
                settings,
                has_secret,
                risk: own_risk,
            });
        }
        clients.sort_by(|a, b| a.name().cmp(b.name()).then(a.id().cmp(b.id())));

        let groups = self.raw_groups().await?;
        Ok(PoolConfig {
            pool,
            mfa,
            risk,
            domain,
            clients,
            groups,
            notes,
        })
    }

    async fn risk(&self, client_id: Option<&str>) -> Result<Map<String, Value>, ServiceError> {
        let raw = RawBody::default();
        self.client()
            .await?
            .describe_risk_configuration()
            .user_pool_id(self.pool_id())
            .set_client_id(client_id.map(str::to_string))
            .customize()
            .interceptor(raw.clone())
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        raw.member("RiskConfiguration").map_err(|e| self.garbled(e))
    }

    pub(super) async fn client_ids(&self) -> Result<Vec<String>, ServiceError> {
        let client = self.client().await?;
        let mut ids = Vec::new();
        let mut token = None;
        loop {
            let page = client
                .list_user_pool_clients()
                .user_pool_id(self.pool_id())
                .max_results(MAX_PAGE_SIZE)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| self.sdk_error(e))?;
            ids.extend(
                page.user_pool_clients()
                    .iter()
                    .filter_map(|c| c.client_id().map(str::to_string)),
            );
            token = super::convert::next_token(page.next_token());
            if token.is_none() {
                return Ok(ids);
            }
        }
    }

    async fn raw_groups(&self) -> Result<Vec<Map<String, Value>>, ServiceError> {
        let client = self.client().await?;
        let mut groups = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let raw = RawBody::default();
            let page = client
                .list_groups()
                .user_pool_id(self.pool_id())
                .limit(MAX_PAGE_SIZE)
                .set_next_token(token)
                .customize()
                .interceptor(raw.clone())
                .send()
                .await
                .map_err(|e| self.sdk_error(e))?;
            let body = raw.object().map_err(|e| self.garbled(e))?;
            if let Some(Value::Array(items)) = body.get("Groups") {
                groups.extend(items.iter().filter_map(|g| g.as_object().cloned()));
            }
            token = super::convert::next_token(page.next_token());
            if token.is_none() {
                return Ok(groups);
            }
        }
    }

    fn garbled(&self, detail: String) -> ServiceError {
        ServiceError::unexpected(&self.inner.endpoint, detail)
    }
}

/// Two risk configurations with the same settings (ids and dates aside).
fn same_risk(a: &Map<String, Value>, b: &Map<String, Value>) -> bool {
    let settings = |m: &Map<String, Value>| {
        m.iter()
            .filter(|(k, _)| !matches!(k.as_str(), "UserPoolId" | "ClientId" | "LastModifiedDate"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<Map<String, Value>>()
    };
    settings(a) == settings(b)
}
