//! The operator service layer (`service::admin::Operator`) against the local pool over loopback:
//! every method and its main errors, paging, the demo pool's configuration, and the credential
//! chain (in subprocesses, so this process's environment is never touched).

mod common;

use std::collections::BTreeSet;

use aws_sdk_cognitoidentityprovider::types::AuthFlowType;
use cognito_tui::local_pool::demo::{DEMO_CLIENT_ID, DEMO_POOL_ID};
use cognito_tui::local_pool::users::UserStatus as StoredStatus;
use cognito_tui::local_pool::{LocalPool, LocalPoolConfig};
use cognito_tui::secret::SecretString;
use cognito_tui::service::admin::{
    CreateUser, MfaConfiguration, Operator, OperatorCredentials, UserStatus,
};
use cognito_tui::service::{ServiceError, Settings};
use common::TestPool;
use futures_util::{StreamExt as _, TryStreamExt as _};
use serde_json::json;
use time::Duration;

fn static_keys() -> OperatorCredentials {
    OperatorCredentials::Static {
        access_key_id: "AKIDLOCAL".into(),
        secret_access_key: "local-secret-key".into(),
        session_token: Some("local-session-token".into()),
    }
}

/// An operator on a fresh standard pool (see `common::standard_pool`).
fn operator(pool: &TestPool) -> (Operator, String, String) {
    let (pool_id, client_id) = common::standard_pool(pool);
    let settings = pool.settings(&pool_id, &client_id, None);
    (Operator::new(settings, static_keys()), pool_id, client_id)
}

fn new_user(username: &str, password: &str) -> CreateUser {
    CreateUser {
        username: username.into(),
        attributes: vec![
            ("email".into(), format!("{username}@example.com")),
            ("email_verified".into(), "true".into()),
            ("team".into(), "platform".into()),
        ],
        temporary_password: Some(password.into()),
        suppress_message: true,
        ..CreateUser::default()
    }
}

#[tokio::test]
async fn user_lifecycle_and_its_errors() {
    let pool = TestPool::start().await;
    let (op, _, _) = operator(&pool);

    let created = op
        .create_user(new_user("zoe", "Temp-Pass-1!"))
        .await
        .unwrap();
    assert_eq!(created.username, "zoe");
    assert_eq!(created.status, UserStatus::ForceChangePassword);
    assert!(created.enabled);
    assert!(created.sub.is_some());
    assert!(created.created.is_some());
    assert_eq!(created.attributes["custom:team"], "platform");

    let err = op
        .create_user(new_user("zoe", "Temp-Pass-1!"))
        .await
        .unwrap_err();
    assert_eq!(err, ServiceError::UsernameExists);
    let err = op.create_user(new_user("yann", "short")).await.unwrap_err();
    assert!(
        matches!(err, ServiceError::PasswordPolicy { .. }),
        "{err:?}"
    );

    let detail = op.get_user("zoe").await.unwrap();
    assert_eq!(detail.summary.sub, created.sub);
    assert_eq!(detail.summary.attributes["email"], "zoe@example.com");
    assert!(detail.groups.is_empty());
    assert!(detail.mfa_enabled.is_empty());
    assert_eq!(detail.preferred_mfa, None);
    assert_eq!(
        op.get_user("nobody").await.unwrap_err(),
        ServiceError::UserNotFound
    );

    op.update_attributes(
        "zoe",
        vec![
            ("team".into(), "ops".into()),
            ("given_name".into(), "Zoe".into()),
        ],
    )
    .await
    .unwrap();
    let attributes = op.get_user("zoe").await.unwrap().summary.attributes;
    assert_eq!(attributes["custom:team"], "ops");
    assert_eq!(attributes["given_name"], "Zoe");
    op.delete_attributes("zoe", vec!["team".into(), "given_name".into()])
        .await
        .unwrap();
    let attributes = op.get_user("zoe").await.unwrap().summary.attributes;
    assert!(!attributes.contains_key("custom:team"));
    assert!(!attributes.contains_key("given_name"));
    let err = op
        .update_attributes("nobody", vec![("team".into(), "x".into())])
        .await
        .unwrap_err();
    assert_eq!(err, ServiceError::UserNotFound);

    op.disable_user("zoe").await.unwrap();
    assert!(!op.get_user("zoe").await.unwrap().summary.enabled);
    op.enable_user("zoe").await.unwrap();
    assert!(op.get_user("zoe").await.unwrap().summary.enabled);

    let weak = SecretString::from("weak");
    let err = op.set_password("zoe", &weak, true).await.unwrap_err();
    assert!(
        matches!(err, ServiceError::PasswordPolicy { .. }),
        "{err:?}"
    );
    let strong = SecretString::from("Strong-Pass-2!");
    op.set_password("zoe", &strong, true).await.unwrap();
    assert_eq!(
        op.get_user("zoe").await.unwrap().summary.status,
        UserStatus::Confirmed
    );
    op.set_password("zoe", &strong, false).await.unwrap();
    assert_eq!(
        op.get_user("zoe").await.unwrap().summary.status,
        UserStatus::ForceChangePassword
    );
    op.set_password("zoe", &strong, true).await.unwrap();
    op.reset_password("zoe").await.unwrap();
    assert_eq!(
        op.get_user("zoe").await.unwrap().summary.status,
        UserStatus::ResetRequired
    );

    op.delete_user("zoe").await.unwrap();
    assert_eq!(
        op.get_user("zoe").await.unwrap_err(),
        ServiceError::UserNotFound
    );
    for result in [
        op.delete_user("zoe").await,
        op.enable_user("zoe").await,
        op.disable_user("zoe").await,
        op.reset_password("zoe").await,
        op.global_sign_out("zoe").await,
        op.delete_attributes("zoe", vec!["team".into()]).await,
    ] {
        assert_eq!(result.unwrap_err(), ServiceError::UserNotFound);
    }
}

#[tokio::test]
async fn permanent_password_confirms_and_signs_in() {
    let pool = TestPool::start().await;
    let (op, pool_id, client_id) = operator(&pool);
    let request = CreateUser {
        username: "pat".into(),
        attributes: vec![("email".into(), "pat@example.com".into())],
        permanent_password: Some("Pat-Perm-2024!".into()),
        suppress_message: true,
        ..CreateUser::default()
    };
    let debug = format!("{request:?}");
    assert!(!debug.contains("Pat-Perm"), "{debug}");
    let created = op.create_user(request).await.unwrap();
    assert_eq!(created.status, UserStatus::Confirmed);
    assert_eq!(
        op.get_user("pat").await.unwrap().summary.status,
        UserStatus::Confirmed
    );
    let auth = pool
        .admin_client()
        .admin_initiate_auth()
        .user_pool_id(&pool_id)
        .client_id(&client_id)
        .auth_flow(AuthFlowType::AdminUserPasswordAuth)
        .auth_parameters("USERNAME", "pat")
        .auth_parameters("PASSWORD", "Pat-Perm-2024!")
        .send()
        .await
        .unwrap();
    assert!(auth.authentication_result().is_some());
    assert!(pool.outbox().await.is_empty(), "suppressed: no invitation");

    let both = CreateUser {
        temporary_password: Some("Temp-Pass-1!".into()),
        permanent_password: Some("Perm-Pass-1!".into()),
        ..new_user("quinn", "unused")
    };
    let err = op.create_user(both).await.unwrap_err();
    assert!(
        matches!(err, ServiceError::InvalidParameter { .. }),
        "{err:?}"
    );
    assert_eq!(
        op.get_user("quinn").await.unwrap_err(),
        ServiceError::UserNotFound
    );

    let invited = CreateUser {
        suppress_message: false,
        ..new_user("ria", "Temp-Pass-1!")
    };
    op.create_user(invited).await.unwrap();
    let outbox = pool.outbox().await;
    assert!(
        outbox
            .iter()
            .any(|m| m["username"] == "ria" && m["kind"] == "invitation"),
        "{outbox:?}"
    );
}

#[tokio::test]
async fn confirm_user_and_global_sign_out() {
    let pool = TestPool::start().await;
    let (op, pool_id, client_id) = operator(&pool);
    pool.user_client()
        .await
        .sign_up()
        .client_id(&client_id)
        .username("sam")
        .password("Sam-Pass-2024!")
        .user_attributes(
            aws_sdk_cognitoidentityprovider::types::AttributeType::builder()
                .name("email")
                .value("sam@example.com")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        op.get_user("sam").await.unwrap().summary.status,
        UserStatus::Unconfirmed
    );
    op.confirm_user("sam").await.unwrap();
    assert_eq!(
        op.get_user("sam").await.unwrap().summary.status,
        UserStatus::Confirmed
    );
    assert_eq!(
        op.confirm_user("nobody").await.unwrap_err(),
        ServiceError::UserNotFound
    );

    let tokens = pool.tokens_for(&pool_id, &client_id, "sam");
    let user_client = pool.user_client().await;
    user_client
        .get_user()
        .access_token(&tokens.access)
        .send()
        .await
        .unwrap();
    op.global_sign_out("sam").await.unwrap();
    let err = user_client
        .get_user()
        .access_token(&tokens.access)
        .send()
        .await
        .unwrap_err();
    assert_eq!(common::error_name(&err), "NotAuthorizedException");
}

#[tokio::test]
async fn list_users_streams_every_page_and_filters() {
    let pool = TestPool::start().await;
    let (op, pool_id, _) = operator(&pool);
    for i in 0..130 {
        let name = format!("user{i:03}");
        let email = format!("{name}@example.com");
        pool.seed_user(
            &pool_id,
            &name,
            "Seed-Pass-2024!",
            &[("email", &email)],
            StoredStatus::Confirmed,
        );
    }

    let pages: Vec<Vec<_>> = op.list_users(None, 60).try_collect().await.unwrap();
    let sizes: Vec<usize> = pages.iter().map(Vec::len).collect();
    assert_eq!(sizes, [60, 60, 10]);
    let names: BTreeSet<String> = pages.iter().flatten().map(|u| u.username.clone()).collect();
    assert_eq!(names.len(), 130);
    assert!(pages.iter().flatten().all(|u| u.sub.is_some()
        && u.status == UserStatus::Confirmed
        && u.attributes["email"] == format!("{}@example.com", u.username)));

    // Page sizes beyond Cognito's 60 are clamped rather than refused.
    let pages: Vec<Vec<_>> = op.list_users(None, 500).try_collect().await.unwrap();
    assert_eq!(pages.len(), 3);

    let filtered: Vec<Vec<_>> = op
        .list_users(Some("username ^= \"user00\"".into()), 60)
        .try_collect()
        .await
        .unwrap();
    let names: Vec<&str> = filtered
        .iter()
        .flatten()
        .map(|u| u.username.as_str())
        .collect();
    assert_eq!(filtered.len(), 1);
    assert_eq!(names.len(), 10);
    assert!(names.iter().all(|n| n.starts_with("user00")));
    let exact: Vec<Vec<_>> = op
        .list_users(Some("email = \"user042@example.com\"".into()), 60)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(exact.concat()[0].username, "user042");

    // By hand: the token of the first page leads to the second.
    let (first, token) = op.list_users_page(None, 25, None).await.unwrap();
    assert_eq!(first.len(), 25);
    let (second, _) = op.list_users_page(None, 25, token).await.unwrap();
    assert_eq!(second.len(), 25);
    assert!(
        first
            .iter()
            .all(|a| second.iter().all(|b| a.username != b.username))
    );

    // An error is one item, then the stream ends.
    let items: Vec<_> = op
        .list_users(Some("no_such_attribute = \"x\"".into()), 60)
        .collect()
        .await;
    assert_eq!(items.len(), 1);
    assert!(
        matches!(items[0], Err(ServiceError::InvalidParameter { .. })),
        "{items:?}"
    );
}

#[tokio::test]
async fn groups_and_membership() {
    let pool = TestPool::start().await;
    let (op, pool_id, _) = operator(&pool);
    let group = op
        .create_group("ops", Some("The operators".into()), Some(5))
        .await
        .unwrap();
    assert_eq!(group.name, "ops");
    assert_eq!(group.description.as_deref(), Some("The operators"));
    assert_eq!(group.precedence, Some(5));
    assert!(group.created.is_some());
    let err = op.create_group("ops", None, None).await.unwrap_err();
    assert_eq!(err, ServiceError::GroupExists);

    // More groups and members than one page holds.
    for i in 0..61 {
        op.create_group(&format!("team{i:02}"), None, None)
            .await
            .unwrap();
        let name = format!("member{i:02}");
        pool.seed_user(
            &pool_id,
            &name,
            "Seed-Pass-2024!",
            &[],
            StoredStatus::Confirmed,
        );
        op.add_to_group(&name, "ops").await.unwrap();
    }
    let groups = op.list_groups().await.unwrap();
    assert_eq!(groups.len(), 62);
    assert!(
        groups
            .iter()
            .any(|g| g.name == "ops" && g.precedence == Some(5))
    );
    let members = op.group_members("ops").await.unwrap();
    assert_eq!(members.len(), 61);
    assert!(members.iter().all(|m| m.username.starts_with("member")));

    op.add_to_group("member00", "team00").await.unwrap();
    let mut groups_of = op.get_user("member00").await.unwrap().groups;
    groups_of.sort();
    assert_eq!(groups_of, ["ops", "team00"]);
    op.remove_from_group("member00", "ops").await.unwrap();
    assert_eq!(op.get_user("member00").await.unwrap().groups, ["team00"]);
    assert_eq!(op.group_members("ops").await.unwrap().len(), 60);

    assert_eq!(
        op.add_to_group("nobody", "ops").await.unwrap_err(),
        ServiceError::UserNotFound
    );
    assert_eq!(
        op.add_to_group("member01", "no-such-group")
            .await
            .unwrap_err(),
        ServiceError::GroupNotFound
    );
    assert_eq!(
        op.group_members("no-such-group").await.unwrap_err(),
        ServiceError::GroupNotFound
    );

    op.delete_group("team00").await.unwrap();
    assert_eq!(
        op.get_user("member00").await.unwrap().groups,
        Vec::<String>::new()
    );
    assert_eq!(
        op.delete_group("team00").await.unwrap_err(),
        ServiceError::GroupNotFound
    );
}

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

#[test]
fn debug_never_shows_secrets() {
    let text = format!("{:?}", static_keys());
    assert!(text.contains("AKIDLOCAL"), "{text}");
    assert!(!text.contains("local-secret-key") && !text.contains("local-session-token"));
    let op = Operator::new(Settings::new("us-east-1_X", "c"), static_keys());
    let text = format!("{op:?}");
    assert!(!text.contains("local-secret-key") && !text.contains("local-session-token"));
    assert!(text.contains("connected: false"), "{text}");
}

/// The credential chain, tried in child processes with a controlled environment.
#[path = "service_admin/chain.rs"]
mod chain;
