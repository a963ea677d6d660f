//! What a hostile web page or a stalling client can do to the local pool (issue 14, points 1,
//! 3, 8 and 9): cross-origin callers, simple POSTs, DNS rebinding, idle and half-sent
//! connections, too many connections, shutdown with stragglers, and the database's modes.

use std::time::Duration;

use crate::common::{self, TestPool, raw_request};

use cognito_tui::local_pool::users::UserStatus;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

/// Bounds every wait for the server: a test that needs it has failed.
const BOUND: Duration = Duration::from_secs(10);

fn forgot_password_body(client_id: &str, username: &str) -> String {
    serde_json::json!({ "ClientId": client_id, "Username": username }).to_string()
}

async fn pool_with_carol() -> (TestPool, String) {
    let (pool, _, client_id) = common::pool_with_user("carol", UserStatus::Confirmed).await;
    (pool, client_id)
}

fn header<'a>(headers: &'a str, name: &str) -> Option<&'a str> {
    headers.lines().find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

#[tokio::test]
async fn a_web_page_can_neither_read_the_outbox_nor_drive_a_password_reset() {
    let (pool, client_id) = pool_with_carol().await;
    // The attack of the issue: the page's fetch of the outbox carries its Origin.
    let (status, headers, body) = raw_request(
        pool.url(),
        "GET /_local/outbox HTTP/1.1\r\nOrigin: http://evil.example",
        b"",
    )
    .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(header(&headers, "access-control-allow-origin"), None);
    assert!(body.contains("--cors-origin"), "{body}");
    // A "simple" cross-origin POST (no preflight): text/plain, with the page's Origin.
    let forgot = forgot_password_body(&client_id, "carol");
    let (status, _, body) = raw_request(
        pool.url(),
        "POST / HTTP/1.1\r\nOrigin: http://evil.example\r\nContent-Type: text/plain\r\nX-Amz-Target: AWSCognitoIdentityProviderService.ForgotPassword",
        forgot.as_bytes(),
    )
    .await;
    assert_eq!(status, 403, "{body}");
    // The same without an Origin (a form or a sandboxed frame): not AWS JSON, so refused.
    let (status, _, body) = raw_request(
        pool.url(),
        "POST / HTTP/1.1\r\nContent-Type: text/plain\r\nX-Amz-Target: AWSCognitoIdentityProviderService.ForgotPassword",
        forgot.as_bytes(),
    )
    .await;
    assert_eq!(status, 415, "{body}");
    assert!(body.contains("application/x-amz-json-1.1"), "{body}");
    // The preflight a page would need for anything else is refused too.
    let (status, headers, _) = raw_request(
        pool.url(),
        "OPTIONS / HTTP/1.1\r\nOrigin: http://evil.example\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type, x-amz-target",
        b"",
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(header(&headers, "access-control-allow-origin"), None);
    // Nothing was sent, and the SDK (no Origin, AWS JSON) still works.
    assert!(pool.outbox().await.is_empty());
    let client = pool.user_client().await;
    client
        .forgot_password()
        .client_id(&client_id)
        .username("carol")
        .send()
        .await
        .expect("the SDK's ForgotPassword works");
    assert_eq!(pool.outbox().await.len(), 1);
}

#[tokio::test]
async fn an_allowed_origin_gets_cors_and_others_still_do_not() {
    let pool =
        TestPool::start_with(|c| c.cors_origins = vec!["http://localhost:3000".into()]).await;
    let (_, client_id) = common::standard_pool(&pool);
    let (status, headers, _) = raw_request(
        pool.url(),
        "OPTIONS / HTTP/1.1\r\nOrigin: http://localhost:3000\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type, x-amz-target, x-amz-user-agent",
        b"",
    )
    .await;
    assert_eq!(status, 204);
    assert_eq!(
        header(&headers, "access-control-allow-origin"),
        Some("http://localhost:3000")
    );
    let allowed = header(&headers, "access-control-allow-headers").unwrap_or("");
    for name in ["content-type", "x-amz-target", "x-amz-user-agent"] {
        assert!(allowed.contains(name), "{allowed}");
    }
    let body = forgot_password_body(&client_id, "nobody");
    let (status, headers, _) = raw_request(
        pool.url(),
        "POST / HTTP/1.1\r\nOrigin: http://localhost:3000\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AWSCognitoIdentityProviderService.ForgotPassword",
        body.as_bytes(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        header(&headers, "access-control-allow-origin"),
        Some("http://localhost:3000")
    );
    assert_eq!(header(&headers, "vary"), Some("Origin"));
    let (status, _, _) = raw_request(
        pool.url(),
        "GET /_local/outbox HTTP/1.1\r\nOrigin: http://localhost:3001",
        b"",
    )
    .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn a_rebound_host_name_is_refused_on_loopback() {
    let pool = TestPool::start().await;
    let port = pool.pool.addr().port();
    for (host, expected) in [
        ("attacker.example", 403),
        (&*format!("attacker.example:{port}"), 403),
        (&*format!("localhost:{port}"), 200),
        (&*format!("127.0.0.1:{port}"), 200),
    ] {
        let addr = pool.url().trim_start_matches("http://");
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let request =
            format!("GET /_local/outbox HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut response = Vec::new();
        tokio::time::timeout(BOUND, stream.read_to_end(&mut response))
            .await
            .unwrap()
            .unwrap();
        let text = String::from_utf8_lossy(&response);
        assert!(
            text.starts_with(&format!("HTTP/1.1 {expected}")),
            "{host}: {text}"
        );
    }
}

fn short_limits(c: &mut cognito_tui::local_pool::LocalPoolConfig) {
    c.limits.header_timeout = Duration::from_millis(300);
    c.limits.body_timeout = Duration::from_millis(300);
    c.limits.shutdown_grace = Duration::from_millis(300);
}

/// Reads until the server closes the connection (bounded); what it sent.
async fn until_closed(stream: &mut TcpStream) -> String {
    let mut response = Vec::new();
    tokio::time::timeout(BOUND, stream.read_to_end(&mut response))
        .await
        .expect("the server closed the connection")
        .ok();
    String::from_utf8_lossy(&response).to_string()
}

#[tokio::test]
async fn idle_and_half_sent_connections_are_closed() {
    let pool = TestPool::start_with(short_limits).await;
    let addr = pool.url().trim_start_matches("http://").to_string();
    // Idle from the start.
    let mut idle = TcpStream::connect(&addr).await.unwrap();
    // Headers that never end.
    let mut partial_head = TcpStream::connect(&addr).await.unwrap();
    partial_head
        .write_all(b"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Tar")
        .await
        .unwrap();
    // A body that never completes.
    let mut partial_body = TcpStream::connect(&addr).await.unwrap();
    partial_body
        .write_all(
            b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AWSCognitoIdentityProviderService.ListUserPools\r\nContent-Length: 100\r\n\r\n{\"MaxRes",
        )
        .await
        .unwrap();
    // Kept alive after one answered request, then idle.
    let mut kept = TcpStream::connect(&addr).await.unwrap();
    kept.write_all(b"GET /_local/outbox HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .unwrap();
    assert!(until_closed(&mut idle).await.is_empty());
    let head = until_closed(&mut partial_head).await;
    assert!(!head.contains("200 OK"), "{head}");
    let body = until_closed(&mut partial_body).await;
    assert!(body.starts_with("HTTP/1.1 408"), "{body}");
    assert!(body.contains("did not arrive within"), "{body}");
    let kept = until_closed(&mut kept).await;
    assert!(kept.starts_with("HTTP/1.1 200"), "{kept}");
    // And the pool still answers.
    assert!(pool.outbox().await.is_empty());
}

#[tokio::test]
async fn connections_over_the_cap_are_closed_and_room_comes_back() {
    let pool = TestPool::start_with(|c| {
        c.limits.max_connections = 4;
        // Long enough that none of the four times out before the fifth is accepted.
        c.limits.header_timeout = Duration::from_secs(2);
    })
    .await;
    let addr = pool.url().trim_start_matches("http://").to_string();
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(TcpStream::connect(&addr).await.unwrap());
    }
    // Each held connection is accepted before the next connect is (one accept loop), so by the
    // time the fifth is accepted all four hold their slots: it is closed unanswered.
    let mut fifth = TcpStream::connect(&addr).await.unwrap();
    fifth
        .write_all(b"GET /_local/outbox HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .ok();
    assert_eq!(until_closed(&mut fifth).await, "");
    // The held ones time out; once they are closed their slots are free again, so a new
    // connection is served.
    for stream in &mut held {
        assert_eq!(until_closed(stream).await, "");
    }
    assert!(pool.outbox().await.is_empty());
}

#[tokio::test]
async fn shutdown_ends_despite_stalled_connections() {
    let pool = TestPool::start_with(|c| {
        c.limits.header_timeout = Duration::from_secs(60);
        c.limits.body_timeout = Duration::from_secs(60);
        c.limits.shutdown_grace = Duration::from_millis(300);
    })
    .await;
    let addr = pool.url().trim_start_matches("http://").to_string();
    let mut idle = TcpStream::connect(&addr).await.unwrap();
    let mut partial_body = TcpStream::connect(&addr).await.unwrap();
    partial_body
        .write_all(
            b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AWSCognitoIdentityProviderService.ListUserPools\r\nContent-Length: 100\r\n\r\n{",
        )
        .await
        .unwrap();
    // Both are being served (the partial one waits in its handler) before shutdown begins.
    assert!(pool.outbox().await.is_empty());
    tokio::time::timeout(BOUND, pool.pool.shutdown())
        .await
        .expect("shutdown ends within the grace period");
    until_closed(&mut idle).await;
    until_closed(&mut partial_body).await;
}

#[cfg(unix)]
#[tokio::test]
async fn the_database_is_private_in_an_existing_open_directory() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    // A database left readable by an older version is narrowed too.
    let db = data.join(cognito_tui::local_pool::db::DB_FILE);
    std::fs::write(&db, b"").unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let pool = cognito_tui::local_pool::LocalPool::start(
        cognito_tui::local_pool::LocalPoolConfig::ephemeral(&data),
    )
    .await
    .unwrap();
    // A write, so the WAL and its index exist.
    pool.state()
        .db
        .write(|tx| {
            tx.execute_batch("CREATE TABLE IF NOT EXISTS probe(x); INSERT INTO probe VALUES (1);")?;
            Ok(())
        })
        .unwrap();
    for name in ["", "-wal", "-shm"] {
        let path = data.join(format!("{}{name}", cognito_tui::local_pool::db::DB_FILE));
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", path.display());
    }
    pool.shutdown().await;
}

#[tokio::test]
async fn duplicate_members_and_bad_outbox_limits_are_refused_as_json() {
    let pool = TestPool::start().await;
    let (_, client_id) = common::standard_pool(&pool);
    // Two Usernames: which one would a check read, and which one the write?
    let body = format!(r#"{{"ClientId":"{client_id}","Username":"alice","Username":"admin"}}"#);
    let (status, _, value) = common::raw_call(pool.url(), "ForgotPassword", &body, false).await;
    assert_eq!(status, 400);
    assert_eq!(value["__type"], "SerializationException");
    assert!(
        value["message"]
            .as_str()
            .unwrap_or("")
            .contains("\"Username\" is given twice"),
        "{value}"
    );
    for limit in ["-1", "x", "99999999999999999999999"] {
        let (status, headers, body) = raw_request(
            pool.url(),
            &format!("GET /_local/outbox?limit={limit} HTTP/1.1"),
            b"",
        )
        .await;
        assert_eq!(status, 400, "{limit}: {body}");
        assert!(
            header(&headers, "content-type").is_some_and(|t| t.contains("json")),
            "{headers}"
        );
        let value: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(value["__type"], "InvalidParameterException");
    }
}

#[tokio::test]
async fn a_pool_has_at_most_fifty_custom_attributes() {
    let pool = TestPool::start().await;
    let admin = pool.admin_client();
    let schema = |n: usize| {
        (0..n)
            .map(|i| {
                aws_sdk_cognitoidentityprovider::types::SchemaAttributeType::builder()
                    .name(format!("a{i}"))
                    .attribute_data_type(
                        aws_sdk_cognitoidentityprovider::types::AttributeDataType::String,
                    )
                    .build()
            })
            .collect::<Vec<_>>()
    };
    let refused = admin
        .create_user_pool()
        .pool_name("many")
        .set_schema(Some(schema(3000)))
        .send()
        .await
        .unwrap_err();
    assert_eq!(common::error_name(&refused), "InvalidParameterException");
    assert!(format!("{:?}", refused).contains("at most 50 custom attributes"));
    admin
        .create_user_pool()
        .pool_name("fifty")
        .set_schema(Some(schema(50)))
        .send()
        .await
        .expect("50 are allowed");
}

#[tokio::test]
async fn each_pool_signs_with_its_own_key() {
    // One key for every pool let anyone who can create a pool (the admin API is open on
    // loopback) mint tokens that another pool's JWKS accepts.
    use cognito_tui::cognito::jwt::{self, Expectation, Jwks, TokenUse};
    let pool = TestPool::start().await;
    let (pool_a, client_a) = common::standard_pool(&pool);
    let (pool_b, client_b) = common::standard_pool(&pool);
    for (pool_id, name) in [(&pool_a, "alice"), (&pool_b, "mallory")] {
        pool.seed_user(
            pool_id,
            name,
            "Carol-Pass-2024!",
            &[],
            UserStatus::Confirmed,
        );
    }
    let jwks = |pool_id: String| {
        let url = pool.url().to_string();
        async move {
            let (status, body) =
                common::raw_get(&url, &format!("/{pool_id}/.well-known/jwks.json")).await;
            assert_eq!(status, 200, "{body}");
            (Jwks::from_json(body.as_bytes()).expect("JWKS"), body)
        }
    };
    let ((jwks_a, body_a), (jwks_b, body_b)) =
        (jwks(pool_a.clone()).await, jwks(pool_b.clone()).await);
    assert_ne!(body_a, body_b, "two pools publish two keys");

    let mallory = pool.tokens_for(&pool_b, &client_b, "mallory");
    let now = time::OffsetDateTime::now_utc();
    let issuer = |id: &str| cognito_tui::local_pool::tokens::issuer(pool.url(), id);
    let own = Expectation::new(issuer(&pool_b), &client_b);
    assert!(jwt::verify(&mallory.id, &jwks_b, &own, TokenUse::Id, now).is_ok());
    // A relying party of pool A that checks only the signature refuses pool B's token.
    let lax = Expectation::new(issuer(&pool_b), &client_b);
    let err = jwt::verify(&mallory.id, &jwks_a, &lax, TokenUse::Id, now).unwrap_err();
    assert!(matches!(err, jwt::JwtError::UnknownKeyId(_)), "{err}");
    // And pool A itself refuses it, also with its issuer rewritten to pool A's.
    let forged = rewrite_issuer(&mallory.access, &issuer(&pool_b), &issuer(&pool_a));
    for token in [&mallory.access, &forged] {
        let body = serde_json::json!({ "AccessToken": token }).to_string();
        let (status, _, answer) = common::raw_call(pool.url(), "GetUser", &body, false).await;
        let user = answer["Username"].as_str().unwrap_or_default();
        assert!(user != "alice", "{answer}");
        if token == &forged {
            assert_eq!(status, 400, "{answer}");
            assert_eq!(answer["__type"], "NotAuthorizedException", "{answer}");
        }
    }
    let alice = pool.tokens_for(&pool_a, &client_a, "alice");
    let own_a = Expectation::new(issuer(&pool_a), &client_a);
    assert!(jwt::verify(&alice.id, &jwks_a, &own_a, TokenUse::Id, now).is_ok());
}

/// `token` with its payload's `iss` replaced (its signature left as it was).
fn rewrite_issuer(token: &str, from: &str, to: &str) -> String {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let parts: Vec<&str> = token.split('.').collect();
    let payload = URL_SAFE_NO_PAD.decode(parts[1]).expect("payload");
    let payload = String::from_utf8(payload).expect("utf-8").replace(from, to);
    format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(payload),
        parts[2]
    )
}
