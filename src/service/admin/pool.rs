//! The pool's configuration and its app clients, read-only: what a developer checks when a
//! sign-in behaves unexpectedly.

use crate::service::error::AtEndpoint;
use aws_sdk_cognitoidentityprovider::types::{
    DeletionProtectionType, PreventUserExistenceErrorTypes, SchemaAttributeType, TimeUnitsType,
    UserPoolClientType, UserPoolMfaType, UserPoolType,
};
use time::{Duration, OffsetDateTime};

use super::Operator;
use super::convert::timestamp;
use crate::secret::SecretString;
use crate::service::ServiceError;

/// Whether the pool asks for a second factor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MfaConfiguration {
    Off,
    On,
    Optional,
    /// A setting this version does not know, as Cognito names it.
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordPolicy {
    pub minimum_length: Option<i32>,
    pub require_uppercase: bool,
    pub require_lowercase: bool,
    pub require_numbers: bool,
    pub require_symbols: bool,
    pub temporary_password_validity_days: Option<i32>,
}

/// A temporary password that fits `policy` (Cognito's defaults when unknown): at least 12
/// characters, one of each class, from the OS random source.
pub fn generate_password(policy: Option<&PasswordPolicy>) -> Result<SecretString, String> {
    let mut rules = crate::local_pool::password_policy::PasswordPolicy::default();
    if let Some(p) = policy {
        rules.minimum_length = p
            .minimum_length
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(rules.minimum_length);
        rules.require_uppercase = p.require_uppercase;
        rules.require_lowercase = p.require_lowercase;
        rules.require_numbers = p.require_numbers;
        rules.require_symbols = p.require_symbols;
    }
    rules.generate_temporary().map(SecretString::new)
}

/// One attribute of the pool's schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaAttribute {
    /// As Cognito lists it: standard names bare, custom ones with `custom:`.
    pub name: String,
    /// `String`, `Number`, `DateTime` or `Boolean`.
    pub data_type: String,
    pub required: bool,
    pub mutable: bool,
    pub developer_only: bool,
}

/// The pool's configuration (DescribeUserPool).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolInfo {
    pub id: String,
    pub name: String,
    pub arn: Option<String>,
    /// Cognito's deprecated `Status`, when it still sends one.
    pub status: Option<String>,
    pub created: Option<OffsetDateTime>,
    pub modified: Option<OffsetDateTime>,
    pub estimated_users: i32,
    pub password_policy: Option<PasswordPolicy>,
    /// Attributes that may be used instead of a username (`email`, `phone_number`).
    pub username_attributes: Vec<String>,
    /// Attributes that may be used besides the username.
    pub alias_attributes: Vec<String>,
    pub auto_verified_attributes: Vec<String>,
    pub username_case_sensitive: Option<bool>,
    pub mfa: MfaConfiguration,
    /// Only operators may create users: sign-up is closed.
    pub admin_create_user_only: bool,
    pub schema: Vec<SchemaAttribute>,
    pub deletion_protection: bool,
    pub domain: Option<String>,
}

/// How long a client's tokens stay valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenValidity {
    pub access: Duration,
    pub id: Duration,
    pub refresh: Duration,
}

/// An app client's settings (DescribeUserPoolClient). The secret is never part of it; ask
/// `Operator::app_client_secret` for that.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppClientInfo {
    pub id: String,
    pub name: String,
    pub has_secret: bool,
    /// `ALLOW_USER_SRP_AUTH`, `ALLOW_REFRESH_TOKEN_AUTH`, …
    pub auth_flows: Vec<String>,
    pub token_validity: TokenValidity,
    /// Unknown users get the same answers as wrong passwords.
    pub prevent_user_existence_errors: bool,
    pub enable_token_revocation: bool,
    /// Empty means every attribute.
    pub read_attributes: Vec<String>,
    pub write_attributes: Vec<String>,
    pub created: Option<OffsetDateTime>,
    pub modified: Option<OffsetDateTime>,
}

impl Operator {
    pub async fn describe_pool(&self) -> Result<PoolInfo, ServiceError> {
        let out = self
            .client()
            .await?
            .describe_user_pool()
            .user_pool_id(self.pool_id())
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        out.user_pool().map(pool_info).ok_or_else(|| {
            ServiceError::unexpected(&self.inner.endpoint, "DescribeUserPool returned no pool")
        })
    }

    /// Every app client of the pool (ListUserPoolClients, then DescribeUserPoolClient each).
    pub async fn list_app_clients(&self) -> Result<Vec<AppClientInfo>, ServiceError> {
        let ids = self.client_ids().await?;
        let mut clients = Vec::with_capacity(ids.len());
        for id in ids {
            clients.push(app_client_info(&self.describe_client(&id).await?));
        }
        Ok(clients)
    }

    /// The client's secret, for the rare case an operator asks to see it; `None` for a public
    /// client.
    pub async fn app_client_secret(
        &self,
        client_id: &str,
    ) -> Result<Option<SecretString>, ServiceError> {
        Ok(self
            .describe_client(client_id)
            .await?
            .client_secret()
            .map(SecretString::from))
    }

    async fn describe_client(&self, client_id: &str) -> Result<UserPoolClientType, ServiceError> {
        let out = self
            .client()
            .await?
            .describe_user_pool_client()
            .user_pool_id(self.pool_id())
            .client_id(client_id)
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        out.user_pool_client.ok_or_else(|| {
            ServiceError::unexpected(
                &self.inner.endpoint,
                "DescribeUserPoolClient returned no client",
            )
        })
    }
}

fn pool_info(pool: &UserPoolType) -> PoolInfo {
    let names = |values: Vec<&str>| values.into_iter().map(str::to_string).collect();
    PoolInfo {
        id: pool.id().unwrap_or_default().to_string(),
        name: pool.name().unwrap_or_default().to_string(),
        arn: pool.arn().map(str::to_string),
        #[allow(deprecated)]
        status: pool.status().map(|s| s.as_str().to_string()),
        created: timestamp(pool.creation_date()),
        modified: timestamp(pool.last_modified_date()),
        estimated_users: pool.estimated_number_of_users(),
        password_policy: pool.policies().and_then(|p| p.password_policy()).map(|p| {
            PasswordPolicy {
                minimum_length: p.minimum_length(),
                require_uppercase: p.require_uppercase(),
                require_lowercase: p.require_lowercase(),
                require_numbers: p.require_numbers(),
                require_symbols: p.require_symbols(),
                temporary_password_validity_days: Some(p.temporary_password_validity_days())
                    .filter(|days| *days > 0),
            }
        }),
        username_attributes: names(
            pool.username_attributes()
                .iter()
                .map(|a| a.as_str())
                .collect(),
        ),
        alias_attributes: names(pool.alias_attributes().iter().map(|a| a.as_str()).collect()),
        auto_verified_attributes: names(
            pool.auto_verified_attributes()
                .iter()
                .map(|a| a.as_str())
                .collect(),
        ),
        username_case_sensitive: pool.username_configuration().map(|c| c.case_sensitive()),
        mfa: match pool.mfa_configuration() {
            None | Some(UserPoolMfaType::Off) => MfaConfiguration::Off,
            Some(UserPoolMfaType::On) => MfaConfiguration::On,
            Some(UserPoolMfaType::Optional) => MfaConfiguration::Optional,
            Some(other) => MfaConfiguration::Other(other.as_str().to_string()),
        },
        admin_create_user_only: pool
            .admin_create_user_config()
            .is_some_and(|c| c.allow_admin_create_user_only()),
        schema: pool
            .schema_attributes()
            .iter()
            .map(schema_attribute)
            .collect(),
        deletion_protection: pool.deletion_protection() == Some(&DeletionProtectionType::Active),
        domain: pool.domain().map(str::to_string),
    }
}

fn schema_attribute(attribute: &SchemaAttributeType) -> SchemaAttribute {
    SchemaAttribute {
        name: attribute.name().unwrap_or_default().to_string(),
        data_type: attribute
            .attribute_data_type()
            .map_or("String", |t| t.as_str())
            .to_string(),
        required: attribute.required().unwrap_or(false),
        mutable: attribute.mutable().unwrap_or(true),
        developer_only: attribute.developer_only_attribute().unwrap_or(false),
    }
}

fn app_client_info(client: &UserPoolClientType) -> AppClientInfo {
    AppClientInfo {
        id: client.client_id().unwrap_or_default().to_string(),
        name: client.client_name().unwrap_or_default().to_string(),
        has_secret: client.client_secret().is_some_and(|s| !s.is_empty()),
        auth_flows: client
            .explicit_auth_flows()
            .iter()
            .map(|f| f.as_str().to_string())
            .collect(),
        token_validity: token_validity(client),
        prevent_user_existence_errors: client.prevent_user_existence_errors()
            == Some(&PreventUserExistenceErrorTypes::Enabled),
        enable_token_revocation: client.enable_token_revocation().unwrap_or(true),
        read_attributes: client.read_attributes().to_vec(),
        write_attributes: client.write_attributes().to_vec(),
        created: timestamp(client.creation_date()),
        modified: timestamp(client.last_modified_date()),
    }
}

/// Cognito's defaults apply to what the client leaves unset: access and ID tokens for 1 hour
/// (values counted in hours), refresh tokens for 30 days (counted in days).
fn token_validity(client: &UserPoolClientType) -> TokenValidity {
    let units = client.token_validity_units();
    let refresh = client.refresh_token_validity();
    TokenValidity {
        access: span(
            client.access_token_validity().unwrap_or(1),
            units.and_then(|u| u.access_token()),
            Duration::hours,
        ),
        id: span(
            client.id_token_validity().unwrap_or(1),
            units.and_then(|u| u.id_token()),
            Duration::hours,
        ),
        refresh: span(
            if refresh > 0 { refresh } else { 30 },
            units.and_then(|u| u.refresh_token()),
            Duration::days,
        ),
    }
}

/// `value` in `unit`, or in the default unit when none is set.
fn span(value: i32, unit: Option<&TimeUnitsType>, default: fn(i64) -> Duration) -> Duration {
    let value = i64::from(value);
    match unit {
        Some(TimeUnitsType::Seconds) => Duration::seconds(value),
        Some(TimeUnitsType::Minutes) => Duration::minutes(value),
        Some(TimeUnitsType::Hours) => Duration::hours(value),
        Some(TimeUnitsType::Days) => Duration::days(value),
        _ => default(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_cognitoidentityprovider::types::TokenValidityUnitsType;

    #[test]
    fn token_validity_uses_units_and_cognito_defaults() {
        let bare = UserPoolClientType::builder().build();
        assert_eq!(
            token_validity(&bare),
            TokenValidity {
                access: Duration::hours(1),
                id: Duration::hours(1),
                refresh: Duration::days(30),
            }
        );
        let set = UserPoolClientType::builder()
            .access_token_validity(5)
            .id_token_validity(90)
            .refresh_token_validity(600)
            .token_validity_units(
                TokenValidityUnitsType::builder()
                    .access_token(TimeUnitsType::Minutes)
                    .id_token(TimeUnitsType::Minutes)
                    .refresh_token(TimeUnitsType::Minutes)
                    .build(),
            )
            .build();
        let v = token_validity(&set);
        assert_eq!(v.access, Duration::minutes(5));
        assert_eq!(v.id, Duration::minutes(90));
        assert_eq!(v.refresh, Duration::minutes(600));
    }
}
