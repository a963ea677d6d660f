//! Register (standard and custom attributes), confirm, resend, forgot password.

use cognito_tui::service::ServiceError;
use cognito_tui::service::account::{DeliveryMedium, RegisterRequest};

use super::common::TestPool;
use super::*;

fn request(username: &str, password: &str, attributes: &[(&str, &str)]) -> RegisterRequest {
    RegisterRequest {
        username: username.into(),
        password: pw(password),
        attributes: attributes
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    }
}

#[tokio::test]
async fn register_confirm_and_sign_in() {
    let pool = TestPool::start().await;
    let ids = app_pool(&pool);
    let account = account(&pool, &ids, None).await;

    let attrs = [
        ("email", "neo@example.com"),
        ("name", "Neo"),
        ("team", "blue"),
        ("custom:is_admin", "True"),
    ];
    let registered = account
        .register(request("neo", PASSWORD, &attrs))
        .await
        .expect("register");
    assert!(!registered.confirmed);
    assert!(!registered.user_sub.is_empty());
    let delivery = registered.delivery.expect("a code was sent");
    assert_eq!(delivery.medium, DeliveryMedium::Email);
    assert_eq!(delivery.attribute.as_deref(), Some("email"));
    assert!(delivery.destination.is_some_and(|d| d.contains("***")));

    let again = account.register(request("neo", PASSWORD, &attrs)).await;
    assert_eq!(again.unwrap_err(), ServiceError::UsernameExists);
    let weak = account.register(request("trinity", "short", &[])).await;
    assert!(matches!(weak, Err(ServiceError::PasswordPolicy { .. })));
    let twice = [("team", "a"), ("custom:team", "b")];
    let twice = account
        .register(request("morpheus", PASSWORD, &twice))
        .await;
    assert!(matches!(twice, Err(ServiceError::InvalidParameter { .. })));

    let early = account.sign_in("neo", &pw(PASSWORD)).await;
    assert_eq!(early.unwrap_err(), ServiceError::UserNotConfirmed);

    let resent = account
        .resend_confirmation_code("neo")
        .await
        .expect("resend");
    assert_eq!(resent.medium, DeliveryMedium::Email);
    let code = pool.last_code("neo").await;
    let wrong = account.confirm_sign_up("neo", other_code(&code)).await;
    assert_eq!(wrong.unwrap_err(), ServiceError::CodeMismatch);
    account
        .confirm_sign_up("neo", &code)
        .await
        .expect("confirm");

    let tokens = sign_in(&account, "neo", PASSWORD).await;
    let claims = account.verify_tokens(&tokens).await.expect("verified");
    assert_eq!(claims.sub, registered.user_sub);
    let user = account.get_user(&tokens).await.expect("get_user");
    assert_eq!(user.username, "neo");
    assert_eq!(user.attribute("custom:team"), Some("blue"));
    assert_eq!(user.attribute("custom:is_admin"), Some("true"));
    assert_eq!(user.attribute("name"), Some("Neo"));
    assert!(
        user.email_verified,
        "confirming the sign-up verifies the email"
    );
    assert!(!user.phone_verified);
}

#[tokio::test]
async fn forgot_password_then_confirm_it() {
    let pool = TestPool::start().await;
    let ids = app_pool(&pool);
    seed(&pool, &ids, "ana");
    let account = account(&pool, &ids, None).await;

    let delivery = account.forgot_password("ana").await.expect("forgot");
    assert_eq!(delivery.medium, DeliveryMedium::Email);
    assert_eq!(delivery.attribute.as_deref(), Some("email"));
    let code = pool.last_code("ana").await;
    let wrong = account
        .confirm_forgot_password("ana", other_code(&code), &pw(NEW_PASSWORD))
        .await;
    assert_eq!(wrong.unwrap_err(), ServiceError::CodeMismatch);
    let weak = account
        .confirm_forgot_password("ana", &code, &pw("weak"))
        .await;
    assert!(matches!(weak, Err(ServiceError::PasswordPolicy { .. })));
    account
        .confirm_forgot_password("ana", &code, &pw(NEW_PASSWORD))
        .await
        .expect("confirm forgot password");

    let old = account.sign_in("ana", &pw(PASSWORD)).await;
    assert_eq!(old.unwrap_err(), ServiceError::WrongCredentials);
    sign_in(&account, "ana", NEW_PASSWORD).await;
}
