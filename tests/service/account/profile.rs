//! The profile: attributes and their verification, the password, sign-out and deletion.

use cognito_tui::local_pool::users::UserStatus;
use cognito_tui::service::ServiceError;
use cognito_tui::service::account::DeliveryMedium;

use super::common::TestPool;
use super::*;

fn pairs(attrs: &[(&str, &str)]) -> Vec<(String, String)> {
    attrs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tokio::test]
async fn get_user_shows_verified_flags_and_mfa() {
    let pool = TestPool::start().await;
    let ids = app_pool(&pool);
    let attrs = [
        ("email", "pat@example.com"),
        ("email_verified", "true"),
        ("phone_number", "+15555550100"),
        ("phone_number_verified", "true"),
        ("custom:team", "ops"),
    ];
    pool.seed_user(&ids.0, "pat", PASSWORD, &attrs, UserStatus::Confirmed);
    let account = account(&pool, &ids, None).await;
    let tokens = sign_in(&account, "pat", PASSWORD).await;

    let user = account.get_user(&tokens).await.expect("get_user");
    assert_eq!(user.username, "pat");
    assert!(user.email_verified && user.phone_verified);
    assert_eq!(user.attribute("custom:team"), Some("ops"));
    assert_eq!(user.attribute("sub"), Some(user.sub.as_str()));
    assert!(user.mfa.enabled.is_empty());
    assert_eq!(user.mfa.preferred, None);
}

#[tokio::test]
async fn attributes_are_updated_verified_and_deleted() {
    let pool = TestPool::start().await;
    let ids = app_pool(&pool);
    seed(&pool, &ids, "lee");
    let account = account(&pool, &ids, None).await;
    let tokens = sign_in(&account, "lee", PASSWORD).await;

    let update = pairs(&[("email", "lee.new@example.com"), ("team", "red")]);
    let sent = account
        .update_attributes(&tokens, update)
        .await
        .expect("update");
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].attribute.as_deref(), Some("email"));
    assert_eq!(sent[0].medium, DeliveryMedium::Email);
    let user = account.get_user(&tokens).await.expect("get_user");
    assert_eq!(user.attribute("email"), Some("lee.new@example.com"));
    assert_eq!(user.attribute("custom:team"), Some("red"));
    assert!(!user.email_verified);

    let code = pool.last_code("lee").await;
    let wrong = account
        .verify_attribute(&tokens, "email", other_code(&code))
        .await;
    assert_eq!(wrong.unwrap_err(), ServiceError::CodeMismatch);
    account
        .verify_attribute(&tokens, "email", &code)
        .await
        .expect("verify");
    assert!(
        account
            .get_user(&tokens)
            .await
            .expect("user")
            .email_verified
    );

    // A new code on request, for an attribute that can be verified.
    let delivery = account
        .send_verification_code(&tokens, "email")
        .await
        .expect("code sent");
    assert_eq!(delivery.attribute.as_deref(), Some("email"));
    let code = pool.last_code("lee").await;
    account
        .verify_attribute(&tokens, "email", &code)
        .await
        .expect("verify again");
    let no_such = account.send_verification_code(&tokens, "name").await;
    assert!(no_such.is_err());

    let bad = account
        .update_attributes(&tokens, pairs(&[("is_admin", "maybe")]))
        .await;
    assert!(
        matches!(bad, Err(ServiceError::InvalidParameter { .. })),
        "{bad:?}"
    );

    account
        .delete_attributes(&tokens, vec!["team".into()])
        .await
        .expect("delete");
    let user = account.get_user(&tokens).await.expect("get_user");
    assert_eq!(user.attribute("custom:team"), None);
}

#[tokio::test]
async fn change_password_checks_the_old_one() {
    let pool = TestPool::start().await;
    let ids = app_pool(&pool);
    seed(&pool, &ids, "max");
    let account = account(&pool, &ids, None).await;
    let tokens = sign_in(&account, "max", PASSWORD).await;

    let wrong = account
        .change_password(&tokens, &pw("Not-The-Pass-1!"), &pw(NEW_PASSWORD))
        .await;
    assert_eq!(wrong.unwrap_err(), ServiceError::WrongCredentials);
    let weak = account
        .change_password(&tokens, &pw(PASSWORD), &pw("weak"))
        .await;
    assert!(matches!(weak, Err(ServiceError::PasswordPolicy { .. })));
    account
        .change_password(&tokens, &pw(PASSWORD), &pw(NEW_PASSWORD))
        .await
        .expect("change password");
    let old = account.sign_in("max", &pw(PASSWORD)).await;
    assert_eq!(old.unwrap_err(), ServiceError::WrongCredentials);
    sign_in(&account, "max", NEW_PASSWORD).await;
}

#[tokio::test]
async fn global_sign_out_revokes_every_token() {
    let pool = TestPool::start().await;
    let ids = app_pool(&pool);
    seed(&pool, &ids, "ned");
    let account = account(&pool, &ids, None).await;
    let first = sign_in(&account, "ned", PASSWORD).await;
    let second = sign_in(&account, "ned", PASSWORD).await;

    account.global_sign_out(&first).await.expect("sign out");
    for tokens in [&first, &second] {
        let err = account.get_user(tokens).await.unwrap_err();
        assert!(
            matches!(err, ServiceError::SessionExpired { .. }),
            "{err:?}"
        );
    }
    let err = account
        .refresh(&second, time::OffsetDateTime::now_utc())
        .await;
    assert!(err.is_err());
}

#[tokio::test]
async fn revoking_the_refresh_token_ends_that_sign_in_only() {
    let pool = TestPool::start().await;
    let ids = app_pool(&pool);
    seed(&pool, &ids, "oz");
    let account = account(&pool, &ids, None).await;
    let revoked = sign_in(&account, "oz", PASSWORD).await;
    let kept = sign_in(&account, "oz", PASSWORD).await;
    let now = time::OffsetDateTime::now_utc();

    account
        .revoke_refresh_token(&revoked)
        .await
        .expect("revoke");
    let err = account.refresh(&revoked, now).await.unwrap_err();
    assert!(
        matches!(
            err,
            ServiceError::SessionExpired { .. } | ServiceError::NotAuthorized { .. }
        ),
        "{err:?}"
    );
    let fresh = account
        .refresh(&kept, now)
        .await
        .expect("other sign-in refreshes");
    account.get_user(&fresh).await.expect("still signed in");
}

#[tokio::test]
async fn delete_account_removes_the_user() {
    let pool = TestPool::start().await;
    let ids = app_pool(&pool);
    seed(&pool, &ids, "una");
    let account = account(&pool, &ids, None).await;
    let tokens = sign_in(&account, "una", PASSWORD).await;

    account.delete_account(&tokens).await.expect("delete");
    assert!(account.get_user(&tokens).await.is_err());
    let again = account.sign_in("una", &pw(PASSWORD)).await;
    assert_eq!(again.unwrap_err(), ServiceError::WrongCredentials);
}
