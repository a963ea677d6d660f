//! An app client with a secret: SECRET_HASH on register, sign-in (SRP and password), the
//! challenge that follows, refresh and revocation, also when signing in by email alias.

use std::collections::BTreeMap;

use cognito_tui::local_pool::users::UserStatus;
use cognito_tui::service::account::RegisterRequest;
use cognito_tui::service::auth::{Answer, Challenge};
use cognito_tui::service::{AuthFlow, ServiceError};
use time::OffsetDateTime;

use super::common::TestPool;
use super::*;

const SECRET: &str = "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t0u1v2w3x4y5";

fn register(username: &str, email: &str) -> RegisterRequest {
    RegisterRequest {
        username: username.into(),
        password: pw(PASSWORD),
        attributes: vec![("email".into(), email.into())],
    }
}

#[tokio::test]
async fn secret_hash_on_every_call_that_takes_it() {
    let pool = TestPool::start().await;
    let ids = pool.seed_pool_with_secret(pool_settings(), client_settings(), Some(SECRET));
    let account = account(&pool, &ids, Some(SECRET)).await;

    // Without the secret the pool refuses.
    let bare = super::account(&pool, &ids, None).await;
    let err = bare.register(register("sam", "sam@example.com")).await;
    assert!(err.is_err(), "{err:?}");

    account
        .register(register("sam", "sam@example.com"))
        .await
        .expect("register");
    account
        .resend_confirmation_code("sam")
        .await
        .expect("resend");
    let code = pool.last_code("sam").await;
    account
        .confirm_sign_up("sam", &code)
        .await
        .expect("confirm");

    // By email alias: SECRET_HASH over the alias first, over the internal name after.
    let tokens = sign_in(&account, "sam@example.com", PASSWORD).await;
    assert_eq!(tokens.username, "sam");
    let now = OffsetDateTime::now_utc();
    let fresh = account.refresh(&tokens, now).await.expect("refresh");
    assert_eq!(fresh.refresh_token, tokens.refresh_token);
    account.get_user(&fresh).await.expect("get_user");

    account.forgot_password("sam").await.expect("forgot");
    let code = pool.last_code("sam").await;
    account
        .confirm_forgot_password("sam", &code, &pw(NEW_PASSWORD))
        .await
        .expect("confirm forgot");

    // The password flow, also by alias.
    let mut settings = pool.settings(&ids.0, &ids.1, Some(SECRET));
    settings.auth_flow = AuthFlow::UserPassword;
    let password_flow = Account::new(settings).await.expect("account");
    let tokens = sign_in(&password_flow, "sam@example.com", NEW_PASSWORD).await;
    assert_eq!(tokens.username, "sam");

    // RevokeToken carries the client secret.
    account.revoke_refresh_token(&tokens).await.expect("revoke");
    let err = account.refresh(&tokens, now).await.unwrap_err();
    assert!(
        matches!(
            err,
            ServiceError::SessionExpired { .. } | ServiceError::NotAuthorized { .. }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_challenge_after_an_alias_sign_in_names_the_internal_user() {
    let pool = TestPool::start().await;
    let ids = pool.seed_pool_with_secret(pool_settings(), client_settings(), Some(SECRET));
    let attrs = [("email", "tia@example.com"), ("email_verified", "true")];
    pool.seed_user(
        &ids.0,
        "tia",
        PASSWORD,
        &attrs,
        UserStatus::ForceChangePassword,
    );
    let account = account(&pool, &ids, Some(SECRET)).await;

    let pending = challenged(account.sign_in("tia@example.com", &pw(PASSWORD)).await);
    assert!(matches!(
        pending.challenge,
        Challenge::NewPasswordRequired { .. }
    ));
    assert_eq!(pending.username, "tia");
    let answer = Answer::NewPassword {
        password: pw(NEW_PASSWORD),
        attributes: BTreeMap::new(),
    };
    let tokens = signed_in(account.answer(&pending, answer).await);
    assert_eq!(tokens.username, "tia");
    let claims = account.verify_tokens(&tokens).await.expect("verified");
    assert_eq!(claims.username, "tia");
    let fresh = account
        .refresh(&tokens, OffsetDateTime::now_utc())
        .await
        .expect("refresh with the internal name's SECRET_HASH");
    account.get_user(&fresh).await.expect("get_user");
}
