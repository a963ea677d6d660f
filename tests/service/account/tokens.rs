//! Tokens are verified against the served JWKS; foreign keys, issuers and clients are refused.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use cognito_tui::service::ServiceError;
use cognito_tui::service::tokens::Tokens;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

use super::common::{TestPool, raw_get};
use super::*;

fn jwks_url(pool: &TestPool, ids: &Ids) -> String {
    format!("{}/{}/.well-known/jwks.json", pool.url(), ids.0)
}

/// Serves `first` to the first GET and `rest` to every later one; counts the requests.
async fn rotating_jwks(first: String, rest: String) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/jwks.json", listener.local_addr().expect("addr"));
    let count = Arc::new(AtomicUsize::new(0));
    let served = count.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") {
                match stream.read(&mut byte).await {
                    Ok(1) => head.push(byte[0]),
                    _ => break,
                }
            }
            let body = if served.fetch_add(1, Ordering::SeqCst) == 0 {
                &first
            } else {
                &rest
            };
            let response = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes()).await;
        }
    });
    (url, count)
}

#[tokio::test]
async fn an_unknown_key_id_fetches_the_keys_again_once() {
    let pool = TestPool::start().await;
    let ids = app_pool(&pool);
    seed(&pool, &ids, "kim");
    let other = TestPool::start().await;
    let other_ids = app_pool(&other);
    let ours = raw_get(pool.url(), &format!("/{}/.well-known/jwks.json", ids.0))
        .await
        .1;
    let theirs = raw_get(
        other.url(),
        &format!("/{}/.well-known/jwks.json", other_ids.0),
    )
    .await
    .1;
    let (url, fetches) = rotating_jwks(theirs, ours).await;

    let mut settings = pool.settings(&ids.0, &ids.1, None);
    settings.jwks_url = Some(url);
    let account = Account::new(settings).await.expect("account");
    let step = account
        .authenticator()
        .sign_in("kim", &pw(PASSWORD), None)
        .await;
    let tokens = signed_in(step);
    // Keys fetched just now are not fetched again at once.
    let err = detail(account.verify_tokens(&tokens).await.unwrap_err());
    assert!(err.contains("unknown signing key"), "{err}");
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    // Cached keys that lack the `kid` are fetched again, once.
    account
        .verify_tokens(&tokens)
        .await
        .expect("verified after the refetch");
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
    account
        .verify_tokens(&tokens)
        .await
        .expect("verified from the cache");
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
}

fn detail(err: ServiceError) -> String {
    match err {
        ServiceError::TokenInvalid { detail } => detail,
        other => panic!("expected TokenInvalid, got {other:?}"),
    }
}

#[tokio::test]
async fn tokens_verify_against_the_pools_jwks_only() {
    let pool = TestPool::start().await;
    let ids = app_pool(&pool);
    seed(&pool, &ids, "ivy");
    let account = account(&pool, &ids, None).await;
    let tokens = sign_in(&account, "ivy", PASSWORD).await;
    let claims = account.verify_tokens(&tokens).await.expect("verified");
    assert_eq!(claims.username, "ivy");
    assert_eq!(
        claims.id.issuer(),
        Some(format!("{}/{}", pool.url(), ids.0).as_str())
    );

    // Another pool's tokens (another key, another issuer) are refused.
    let other = TestPool::start().await;
    let other_ids = app_pool(&other);
    seed(&other, &other_ids, "ivy");
    let foreign = other.tokens_for(&other_ids.0, &other_ids.1, "ivy");
    let foreign = Tokens {
        id_token: pw(&foreign.id),
        access_token: pw(&foreign.access),
        refresh_token: None,
        ..tokens.clone()
    };
    let err = detail(account.verify_tokens(&foreign).await.unwrap_err());
    assert!(err.contains("unknown signing key"), "{err}");

    // With their issuer expected but our keys: the key is unknown, even after a refetch.
    let mut settings = pool.settings(&ids.0, &ids.1, None);
    settings.client_id = other_ids.1.clone();
    settings.issuer = Some(format!("{}/{}", other.url(), other_ids.0));
    settings.jwks_url = Some(jwks_url(&pool, &ids));
    let mixed = Account::new(settings).await.expect("account");
    let err = detail(mixed.verify_tokens(&tokens).await.unwrap_err());
    assert!(err.contains("wrong issuer"), "{err}");
    let err = detail(mixed.verify_tokens(&foreign).await.unwrap_err());
    assert!(err.contains("unknown signing key"), "{err}");

    // Our own tokens checked against another issuer or app client.
    let mut settings = pool.settings(&ids.0, &ids.1, None);
    settings.issuer = Some("https://cognito-idp.us-east-1.amazonaws.com/elsewhere".into());
    settings.jwks_url = Some(jwks_url(&pool, &ids));
    let elsewhere = Account::new(settings).await.expect("account");
    let err = detail(elsewhere.verify_tokens(&tokens).await.unwrap_err());
    assert!(err.contains("wrong issuer"), "{err}");
    let wrong_client = Account::new(pool.settings(&ids.0, "someotherclient", None))
        .await
        .expect("account");
    let err = detail(wrong_client.verify_tokens(&tokens).await.unwrap_err());
    assert!(err.contains("wrong app client"), "{err}");

    // ID and access tokens swapped: token_use tells them apart.
    let swapped = Tokens {
        id_token: tokens.access_token.clone(),
        access_token: tokens.id_token.clone(),
        ..tokens.clone()
    };
    let err = detail(account.verify_tokens(&swapped).await.unwrap_err());
    assert!(err.contains("token_use"), "{err}");

    // Expired at a later time.
    let late = time::OffsetDateTime::now_utc() + time::Duration::hours(2);
    let err = detail(account.verify_tokens_at(&tokens, late).await.unwrap_err());
    assert!(err.contains("expired"), "{err}");
}

#[tokio::test]
async fn an_unreachable_jwks_is_a_network_error() {
    let pool = TestPool::start().await;
    let ids = app_pool(&pool);
    seed(&pool, &ids, "joe");
    let account = account(&pool, &ids, None).await;
    let tokens = sign_in(&account, "joe", PASSWORD).await;

    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    let mut settings = pool.settings(&ids.0, &ids.1, None);
    settings.jwks_url = Some(format!("http://127.0.0.1:{port}/jwks.json"));
    let unreachable = Account::new(settings).await.expect("account");
    let err = unreachable.verify_tokens(&tokens).await.unwrap_err();
    assert!(matches!(err, ServiceError::Network { .. }), "{err:?}");

    let mut settings = pool.settings(&ids.0, &ids.1, None);
    settings.jwks_url = Some(format!("{}/no-such-pool/.well-known/jwks.json", pool.url()));
    let missing = Account::new(settings).await.expect("account");
    let err = missing.verify_tokens(&tokens).await.unwrap_err();
    assert!(
        matches!(err, ServiceError::UnexpectedResponse { .. }),
        "{err:?}"
    );
}
