//! The operator service layer (`service::admin::Operator`) against the local pool over loopback:
//! every method and its main errors, paging, the demo pool's configuration, and the credential
//! chain (in subprocesses, so this process's environment is never touched).

use crate::common;

use std::collections::BTreeSet;

use aws_sdk_cognitoidentityprovider::types::AuthFlowType;
use cognito_tui::local_pool::users::UserStatus as StoredStatus;
use cognito_tui::secret::SecretString;
use cognito_tui::service::admin::{CreateUser, Operator, OperatorCredentials, UserStatus};
use cognito_tui::service::{ServiceError, Settings};
use common::TestPool;
use futures_util::{StreamExt as _, TryStreamExt as _};

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
        invite_by_sms: false,
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
        invite_by_sms: false,
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
        invite_by_sms: false,
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
mod chain;
mod copy;
mod doctor;
mod groups;
mod pool;
