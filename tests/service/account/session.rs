//! A long-open session refreshes before its access token expires and keeps its refresh token.

use cognito_tui::service::ServiceError;
use cognito_tui::service::session::Session;
use time::{Duration, OffsetDateTime};

use super::common::TestPool;
use super::*;

#[tokio::test]
async fn check_token_refreshes_when_expiring_and_keeps_the_refresh_token() {
    let pool = TestPool::start().await;
    let ids = app_pool(&pool);
    seed(&pool, &ids, "ray");
    let account = account(&pool, &ids, None).await;
    let tokens = sign_in(&account, "ray", PASSWORD).await;
    let start = OffsetDateTime::now_utc();
    let margin = Duration::minutes(2);
    let mut session = Session::new(tokens.clone());

    let refreshed = session.check_token(&account, start, margin).await;
    assert!(!refreshed.expect("check"));
    assert_eq!(session.tokens(), &tokens);

    // An hour and a half-minute later, on the pool's clock and ours.
    pool.pool.advance_clock(3630);
    let later = start + Duration::seconds(3630);
    let err = account.get_user(&tokens).await.unwrap_err();
    assert!(
        matches!(err, ServiceError::SessionExpired { .. }),
        "{err:?}"
    );
    let refreshed = session.check_token(&account, later, margin).await;
    assert!(refreshed.expect("refresh"));
    let fresh = session.tokens().clone();
    assert_eq!(fresh.refresh_token, tokens.refresh_token);
    assert_ne!(fresh.access_token, tokens.access_token);
    assert_eq!(fresh.username, "ray");
    assert!(fresh.expires_at > later + Duration::minutes(50));
    account.get_user(&fresh).await.expect("fresh tokens work");

    // Fresh enough: with_fresh_tokens hands them back as they are.
    let same = account.with_fresh_tokens(&mut session, later).await;
    assert_eq!(same.expect("fresh"), &fresh);
    // Within the margin of expiry: refreshed before use.
    pool.pool.advance_clock(3600 - 60);
    let near = later + Duration::seconds(3540);
    let renewed = account
        .with_fresh_tokens(&mut session, near)
        .await
        .expect("refreshed")
        .clone();
    assert_ne!(renewed.access_token, fresh.access_token);
    assert_eq!(renewed.refresh_token, tokens.refresh_token);
    account
        .get_user(&renewed)
        .await
        .expect("renewed tokens work");
    session.sign_out_locally();
}

#[tokio::test]
async fn a_failed_refresh_leaves_the_session_as_it_was() {
    let pool = TestPool::start().await;
    let ids = app_pool(&pool);
    seed(&pool, &ids, "sid");
    let account = account(&pool, &ids, None).await;
    let tokens = sign_in(&account, "sid", PASSWORD).await;
    account.revoke_refresh_token(&tokens).await.expect("revoke");

    let mut session = Session::new(tokens.clone());
    let expired = OffsetDateTime::now_utc() + Duration::hours(2);
    let err = account.with_fresh_tokens(&mut session, expired).await;
    assert!(err.is_err());
    assert_eq!(session.tokens(), &tokens);
    assert_eq!(session.username(), "sid");
    assert!(!format!("{session:?}").contains(tokens.access_token.expose()));
}
