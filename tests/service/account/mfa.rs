//! An authenticator app: associate, otpauth URI, first code, preference, then sign-in asks.

use std::collections::HashMap;

use cognito_tui::local_pool::totp;
use cognito_tui::service::ServiceError;
use cognito_tui::service::auth::{Answer, Challenge, MfaKind};

use super::common::TestPool;
use super::*;

/// (label, query parameters) of an `otpauth://totp/` URI.
fn parse_otpauth(uri: &str) -> (String, HashMap<String, String>) {
    let rest = uri
        .strip_prefix("otpauth://totp/")
        .expect("otpauth://totp/ URI");
    let (label, query) = rest.split_once('?').expect("a query");
    let params = query
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').expect("key=value");
            (k.to_string(), v.to_string())
        })
        .collect();
    (label.to_string(), params)
}

fn code(secret: &str, pool: &TestPool) -> String {
    totp::code_at(secret, pool_now(pool)).expect("secret decodes")
}

#[tokio::test]
async fn totp_setup_then_sign_in_asks_for_a_code() {
    let pool = TestPool::start().await;
    let ids = app_pool(&pool);
    seed(&pool, &ids, "mia");
    let account = account(&pool, &ids, None).await;
    let tokens = sign_in(&account, "mia", PASSWORD).await;

    let setup = account
        .setup_totp(&tokens, "mia@example.com")
        .await
        .expect("associate");
    let (label, params) = parse_otpauth(setup.otpauth_uri.expose());
    assert_eq!(label, format!("{}:mia%40example.com", ids.0));
    assert_eq!(params["secret"], setup.secret.expose());
    assert_eq!(params["issuer"], ids.0);
    assert!(!format!("{setup:?}").contains(setup.secret.expose()));

    let secret = setup.secret.expose();
    let right = code(secret, &pool);
    let wrong = account
        .verify_totp(&tokens, other_code(&right), Some("phone"))
        .await;
    assert_eq!(wrong.unwrap_err(), ServiceError::CodeMismatch);
    account
        .verify_totp(&tokens, &right, Some("phone"))
        .await
        .expect("verify_totp");
    account
        .set_mfa_preference(&tokens, None, Some((true, true)))
        .await
        .expect("preference");
    let user = account.get_user(&tokens).await.expect("get_user");
    assert_eq!(user.mfa.enabled, vec![MfaKind::SoftwareToken]);
    assert_eq!(user.mfa.preferred, Some(MfaKind::SoftwareToken));

    let pending = challenged(account.sign_in("mia", &pw(PASSWORD)).await);
    assert_eq!(pending.challenge, Challenge::SoftwareTokenMfa);
    let bad = account
        .answer(
            &pending,
            Answer::Code(other_code(&code(secret, &pool)).into()),
        )
        .await;
    assert_eq!(bad.unwrap_err(), ServiceError::CodeMismatch);
    let pending = challenged(account.sign_in("mia", &pw(PASSWORD)).await);
    let tokens = signed_in(
        account
            .answer(&pending, Answer::Code(code(secret, &pool)))
            .await,
    );

    // SMS cannot be turned on without a phone number; turning TOTP off ends the challenge.
    let sms = account
        .set_mfa_preference(&tokens, Some((true, false)), None)
        .await;
    assert!(sms.is_err());
    account
        .set_mfa_preference(&tokens, None, Some((false, false)))
        .await
        .expect("turn off");
    assert!(
        account
            .get_user(&tokens)
            .await
            .expect("user")
            .mfa
            .enabled
            .is_empty()
    );
    sign_in(&account, "mia", PASSWORD).await;
}

#[tokio::test]
async fn verify_totp_without_an_associated_secret_is_refused() {
    let pool = TestPool::start().await;
    let ids = app_pool(&pool);
    seed(&pool, &ids, "nia");
    let account = account(&pool, &ids, None).await;
    let tokens = sign_in(&account, "nia", PASSWORD).await;
    let err = account
        .verify_totp(&tokens, "123456", None)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            ServiceError::SoftwareTokenNotFound | ServiceError::InvalidParameter { .. }
        ),
        "{err:?}"
    );
    let err = account
        .set_mfa_preference(&tokens, None, Some((true, true)))
        .await;
    assert!(err.is_err());
}
