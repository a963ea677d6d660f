//! The backend's rules, one test each (warrant's Django backend behaviour).

use std::collections::BTreeMap;

use axum_login::{AuthnBackend as _, AuthzBackend as _};
use cognito_tui::local_pool::users::UserStatus;
use cognito_tui::service::ServiceError;
use cognito_tui::service::auth::{Answer, Challenge};
use cognito_tui::web::local_users;
use cognito_tui::web::{Credentials, Refusal, SignInOutcome, UserRules, WebError};

use crate::harness::{ALICE_PASSWORD, BOB_PASSWORD, Web};

async fn stored(web: &Web, username: &str) -> Option<local_users::LocalUser> {
    let username = username.to_string();
    web.backend
        .db()
        .read(move |tx| local_users::by_username(tx, &username))
        .await
        .unwrap()
}

#[tokio::test]
async fn an_unknown_user_is_created_from_the_mapped_attributes() {
    let web = Web::start(UserRules::default()).await;
    assert!(stored(&web, "alice").await.is_none());
    let user = web.signed_in("alice", ALICE_PASSWORD).await;
    assert!(user.active);
    let local = stored(&web, "alice").await.expect("created");
    assert_eq!(local.id, user.local.id);
    let expected: BTreeMap<String, String> = [
        ("email", "alice@example.com"),
        ("first_name", "Alice"),
        ("last_name", "Anderson"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(local.fields, expected);
    assert!(local.sub.is_some() && local.last_login_at.is_some());
    assert_eq!(local.groups, vec!["admins".to_string()]);
}

#[tokio::test]
async fn with_create_unknown_user_off_only_existing_users_get_in() {
    let rules = UserRules {
        create_unknown_user: false,
        ..UserRules::default()
    };
    let web = Web::start(rules).await;
    assert!(matches!(
        web.sign_in("alice", ALICE_PASSWORD).await,
        SignInOutcome::Refused(Refusal::UnknownHere)
    ));
    assert!(stored(&web, "alice").await.is_none(), "not created");
    let now = web.backend.now();
    web.backend
        .db()
        .write(move |tx| local_users::add(tx, "alice", now))
        .await
        .unwrap();
    let user = web.signed_in("alice", ALICE_PASSWORD).await;
    assert_eq!(
        user.field("first_name"),
        Some("Alice"),
        "the existing one is updated"
    );
}

#[tokio::test]
async fn attributes_are_updated_on_every_login_and_the_user_kept() {
    let web = Web::start(UserRules::default()).await;
    let first = web.signed_in("alice", ALICE_PASSWORD).await;
    web.admin()
        .admin_update_user_attributes()
        .user_pool_id(&web.pool_id)
        .username("alice")
        .user_attributes(
            aws_sdk_cognitoidentityprovider::types::AttributeType::builder()
                .name("given_name")
                .value("Alicia")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let second = web.signed_in("alice", ALICE_PASSWORD).await;
    assert_eq!(
        second.local.id, first.local.id,
        "matched by the Cognito username"
    );
    assert_eq!(second.field("first_name"), Some("Alicia"));
    assert_eq!(
        stored(&web, "alice").await.unwrap().fields["first_name"],
        "Alicia"
    );
    assert_eq!(web.backend.local_users().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_custom_mapping_writes_any_attribute_and_keeps_the_others_readable() {
    let rules = UserRules {
        attr_mapping: [("custom:team", "team"), ("given_name", "name")]
            .into_iter()
            .map(|(a, f)| (a.to_string(), f.to_string()))
            .collect(),
        ..UserRules::default()
    };
    let web = Web::start(rules).await;
    let user = web.signed_in("alice", ALICE_PASSWORD).await;
    assert_eq!(user.field("team"), Some("platform"));
    assert_eq!(user.field("name"), Some("Alice"));
    assert_eq!(user.field("email"), None, "email is not mapped");
    assert_eq!(
        user.attribute("email"),
        Some("alice@example.com"),
        "but readable"
    );
    assert_eq!(user.attribute("family_name"), Some("Anderson"));
    // And after a reload from the database, as a session sees it.
    let loaded = web.backend.get_user(&user.local.id).await.unwrap().unwrap();
    assert_eq!(loaded.attribute("custom:team"), Some("platform"));
}

fn status_from_team(supports_inactive_user: bool) -> UserRules {
    UserRules {
        attr_mapping: [("custom:team", "status")]
            .into_iter()
            .map(|(a, f)| (a.to_string(), f.to_string()))
            .collect(),
        supports_inactive_user,
        inactive_statuses: vec!["suspended".into()],
        ..UserRules::default()
    }
}

#[tokio::test]
async fn inactive_statuses_are_refused() {
    let web = Web::start(status_from_team(false)).await;
    assert!(matches!(
        web.sign_in("bob", BOB_PASSWORD).await,
        SignInOutcome::Refused(Refusal::Inactive)
    ));
    let bob = stored(&web, "bob").await.expect("kept, with its status");
    assert_eq!(bob.fields["status"], "suspended");
    assert!(web.backend.get_user(&bob.id).await.unwrap().is_none());
    // Alice is active; made inactive on the operators' page, her sessions no longer load.
    let alice = web.signed_in("alice", ALICE_PASSWORD).await;
    assert!(alice.active);
    let (id, now) = (alice.local.id, web.backend.now());
    web.backend
        .db()
        .write(move |tx| local_users::set_status(tx, id, "Suspended", now))
        .await
        .unwrap();
    assert!(web.backend.get_user(&id).await.unwrap().is_none());
}

#[tokio::test]
async fn inactive_users_are_let_in_when_supported() {
    let web = Web::start(status_from_team(true)).await;
    let bob = match web.sign_in("bob", BOB_PASSWORD).await {
        SignInOutcome::SignedIn(user) => user,
        _ => panic!("supports_inactive_user lets bob in"),
    };
    assert!(!bob.active);
    let loaded = web.backend.get_user(&bob.local.id).await.unwrap().unwrap();
    assert!(!loaded.active);
}

#[tokio::test]
async fn a_wrong_password_or_an_unknown_user_is_no_login() {
    let web = Web::start(UserRules::default()).await;
    for (username, password) in [("alice", "Wrong-Pass-99"), ("nobody", ALICE_PASSWORD)] {
        assert!(
            matches!(
                web.sign_in(username, password).await,
                SignInOutcome::Refused(Refusal::NoSuchLogin)
            ),
            "{username}"
        );
    }
    // axum-login's authenticate says None, like warrant's backend.
    let none = web
        .backend
        .authenticate(Credentials::Password {
            username: "alice".into(),
            password: "Wrong-Pass-99".into(),
        })
        .await
        .unwrap();
    assert!(none.is_none());
    assert!(stored(&web, "alice").await.is_none());
}

#[tokio::test]
async fn other_errors_are_surfaced_as_errors() {
    let web = Web::start(UserRules::default()).await;
    web.pool.seed_user(
        &web.pool_id,
        "carol",
        "Carol-Pass-333",
        &[],
        UserStatus::Unconfirmed,
    );
    let err = web
        .backend
        .sign_in(Credentials::Password {
            username: "carol".into(),
            password: "Carol-Pass-333".into(),
        })
        .await
        .err()
        .expect("an unconfirmed user is an error");
    assert!(
        matches!(err, WebError::Service(ServiceError::UserNotConfirmed)),
        "{err:?}"
    );

    // A pool that does not answer.
    let unreachable = {
        let mut settings = web.pool.settings(&web.pool_id, &web.client_id, None);
        settings.endpoint_url = Some("http://127.0.0.1:9".into());
        cognito_tui::service::account::Account::new(settings)
            .await
            .unwrap()
    };
    let backend = cognito_tui::web::CognitoBackend::with_account(
        unreachable,
        UserRules::default(),
        cognito_tui::web::WebDb::in_memory().unwrap(),
    );
    let err = backend
        .authenticate(Credentials::Password {
            username: "alice".into(),
            password: ALICE_PASSWORD.into(),
        })
        .await
        .expect_err("no pool");
    assert!(
        matches!(err, WebError::Service(ServiceError::Network { .. })),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_new_password_challenge_is_answered_not_refused() {
    let web = Web::start(UserRules::default()).await;
    web.pool.seed_user(
        &web.pool_id,
        "dave",
        "Temp-Pass-4444",
        &[("given_name", "Dave")],
        UserStatus::ForceChangePassword,
    );
    let pending = match web.sign_in("dave", "Temp-Pass-4444").await {
        SignInOutcome::Challenge(pending) => pending,
        _ => panic!("a challenge"),
    };
    assert!(matches!(
        pending.challenge,
        Challenge::NewPasswordRequired { .. }
    ));
    // axum-login's authenticate reports it as the Challenge error, to be answered.
    let err = web
        .backend
        .authenticate(Credentials::Password {
            username: "dave".into(),
            password: "Temp-Pass-4444".into(),
        })
        .await
        .err()
        .unwrap();
    assert!(matches!(err, WebError::Challenge(_)));
    let outcome = web
        .backend
        .sign_in(Credentials::Answer {
            pending,
            answer: Answer::NewPassword {
                password: "Daves-Own-Pass-5".into(),
                attributes: BTreeMap::new(),
            },
        })
        .await
        .unwrap();
    let SignInOutcome::SignedIn(dave) = outcome else {
        panic!("signed in after the answer");
    };
    assert_eq!(dave.field("first_name"), Some("Dave"));
    web.signed_in("dave", "Daves-Own-Pass-5").await;
}

#[tokio::test]
async fn permissions_are_the_cognito_groups() {
    let web = Web::start(UserRules::default()).await;
    let alice = web.signed_in("alice", ALICE_PASSWORD).await;
    let bob = web.signed_in("bob", BOB_PASSWORD).await;
    assert!(web.backend.has_perm(&alice, "admins".into()).await.unwrap());
    assert!(!web.backend.has_perm(&bob, "admins".into()).await.unwrap());
    let all = web.backend.get_all_permissions(&alice).await.unwrap();
    assert_eq!(
        all.into_iter().collect::<Vec<_>>(),
        vec!["admins".to_string()]
    );
}

#[tokio::test]
async fn an_app_client_with_a_secret_signs_in() {
    // warrant's COGNITO_APP_SECRET: the backend sends SECRET_HASH with every call.
    let web = Web::start(UserRules::default()).await;
    let secret = "web-client-secret-0123456789";
    let (pool_id, client_id) = web.pool.seed_pool_with_secret(
        serde_json::json!({}),
        serde_json::json!({"ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
        Some(secret),
    );
    web.pool.seed_user(
        &pool_id,
        "erin",
        "Erin-Pass-5555",
        &[],
        UserStatus::Confirmed,
    );
    let account = cognito_tui::service::account::Account::new(web.pool.settings(
        &pool_id,
        &client_id,
        Some(secret),
    ))
    .await
    .unwrap();
    let backend = cognito_tui::web::CognitoBackend::with_account(
        account,
        UserRules::default(),
        cognito_tui::web::WebDb::in_memory().unwrap(),
    );
    let outcome = backend
        .sign_in(Credentials::Password {
            username: "erin".into(),
            password: "Erin-Pass-5555".into(),
        })
        .await
        .unwrap();
    assert!(matches!(outcome, SignInOutcome::SignedIn(_)));
}

#[tokio::test]
async fn user_password_auth_when_the_settings_say_so() {
    let web = Web::start(UserRules::default()).await;
    let mut settings = web.pool.settings(&web.pool_id, &web.client_id, None);
    settings.auth_flow = cognito_tui::service::AuthFlow::UserPassword;
    let account = cognito_tui::service::account::Account::new(settings)
        .await
        .unwrap();
    let backend = cognito_tui::web::CognitoBackend::with_account(
        account,
        UserRules::default(),
        cognito_tui::web::WebDb::in_memory().unwrap(),
    );
    let outcome = backend
        .sign_in(Credentials::Password {
            username: "alice".into(),
            password: ALICE_PASSWORD.into(),
        })
        .await
        .unwrap();
    let SignInOutcome::SignedIn(alice) = outcome else {
        panic!("signed in with USER_PASSWORD_AUTH");
    };
    assert_eq!(alice.field("first_name"), Some("Alice"));
}
