//! The pool's configuration and app clients: the demo pool, a client with a secret, an
//! unknown pool.

use cognito_tui::local_pool::demo::{DEMO_CLIENT_ID, DEMO_POOL_ID};
use cognito_tui::local_pool::{LocalPool, LocalPoolConfig};
use cognito_tui::service::admin::{MfaConfiguration, Operator};
use cognito_tui::service::{ServiceError, Settings};
use serde_json::json;
use time::Duration;

use super::common::TestPool;
use super::static_keys;

/// A local pool seeded with the demo pool, and an operator on it.
async fn demo() -> (LocalPool, tempfile::TempDir, Operator) {
    let dir = tempfile::tempdir().unwrap();
    let pool = LocalPool::start(LocalPoolConfig::ephemeral(dir.path()))
        .await
        .unwrap();
    let mut settings = Settings::new(DEMO_POOL_ID, DEMO_CLIENT_ID);
    settings.endpoint_url = Some(pool.url().to_string());
    (pool, dir, Operator::new(settings, static_keys()))
}

#[tokio::test]
async fn describe_the_demo_pool_and_its_clients() {
    let (_pool, _dir, op) = demo().await;
    let info = op.describe_pool().await.unwrap();
    assert_eq!(info.id, DEMO_POOL_ID);
    assert_eq!(info.name, "cognito-tui demo");
    assert!(
        info.arn
            .as_deref()
            .is_some_and(|a| a.ends_with(DEMO_POOL_ID))
    );
    assert!(info.created.is_some() && info.modified.is_some());
    assert_eq!(info.estimated_users, 5);
    let policy = info.password_policy.clone().unwrap();
    assert_eq!(policy.minimum_length, Some(8));
    assert!(policy.require_uppercase && policy.require_lowercase);
    assert!(policy.require_numbers && policy.require_symbols);
    assert_eq!(policy.temporary_password_validity_days, Some(7));
    assert_eq!(info.alias_attributes, ["email"]);
    assert_eq!(info.auto_verified_attributes, ["email"]);
    assert!(info.username_attributes.is_empty());
    assert_eq!(info.username_case_sensitive, Some(false));
    assert_eq!(info.mfa, MfaConfiguration::Optional);
    assert!(!info.admin_create_user_only);
    assert!(!info.deletion_protection);
    let attribute = |name: &str| info.schema.iter().find(|a| a.name == name).unwrap();
    assert!(attribute("email").required);
    assert!(attribute("custom:team").mutable);
    assert!(!attribute("custom:employee_id").mutable);
    assert_eq!(attribute("custom:team").data_type, "String");

    let clients = op.list_app_clients().await.unwrap();
    assert_eq!(clients.len(), 1);
    let client = &clients[0];
    assert_eq!(client.id, DEMO_CLIENT_ID);
    assert_eq!(client.name, "demo-app");
    assert!(!client.has_secret);
    assert!(client.auth_flows.iter().any(|f| f == "ALLOW_USER_SRP_AUTH"));
    assert!(client.prevent_user_existence_errors);
    assert!(client.enable_token_revocation);
    assert_eq!(client.token_validity.access, Duration::hours(1));
    assert_eq!(client.token_validity.refresh, Duration::days(30));
    assert_eq!(op.app_client_secret(DEMO_CLIENT_ID).await.unwrap(), None);

    let alice = op.get_user("alice").await.unwrap();
    assert_eq!(alice.groups, ["admins", "developers"]);
    assert_eq!(alice.summary.attributes["custom:employee_id"], "E1001");
    let groups = op.list_groups().await.unwrap();
    let precedence: Vec<_> = groups
        .iter()
        .map(|g| (g.name.as_str(), g.precedence))
        .collect();
    assert_eq!(precedence, [("admins", Some(1)), ("developers", Some(10))]);
    let mut developers: Vec<String> = op
        .group_members("developers")
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.username)
        .collect();
    developers.sort();
    assert_eq!(developers, ["alice", "bob", "carol"]);
}

#[tokio::test]
async fn client_secret_is_shown_only_when_asked() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.seed_pool_with_secret(
        json!({}),
        json!({"ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH"], "AccessTokenValidity": 5,
               "TokenValidityUnits": {"AccessToken": "minutes"}}),
        Some("the-client-secret"),
    );
    let op = Operator::new(pool.settings(&pool_id, &client_id, None), static_keys());
    let clients = op.list_app_clients().await.unwrap();
    assert!(clients[0].has_secret);
    assert_eq!(clients[0].token_validity.access, Duration::minutes(5));
    assert!(!format!("{clients:?}").contains("the-client-secret"));
    let secret = op.app_client_secret(&client_id).await.unwrap().unwrap();
    assert_eq!(secret.expose(), "the-client-secret");
    let err = op.app_client_secret("nosuchclient").await.unwrap_err();
    assert!(
        matches!(err, ServiceError::UnknownPoolOrClient { .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn unknown_pool_is_reported() {
    let pool = TestPool::start().await;
    let op = Operator::new(
        pool.settings("us-east-1_NoSuchPool", "unused", None),
        static_keys(),
    );
    let err = op.describe_pool().await.unwrap_err();
    assert!(
        matches!(err, ServiceError::UnknownPoolOrClient { .. }),
        "{err:?}"
    );
    let err = op.list_users_page(None, 10, None).await.unwrap_err();
    assert!(
        matches!(err, ServiceError::UnknownPoolOrClient { .. }),
        "{err:?}"
    );
}
