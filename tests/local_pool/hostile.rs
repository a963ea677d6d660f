//! Hostile input: random operations and bodies through the dispatcher never panic, never fail
//! with an internal error, and leave the store consistent; malformed HTTP is refused cleanly.

use crate::common;

use cognito_tui::local_pool;
use cognito_tui::local_pool::ops::{self, Call};
use proptest::prelude::*;

#[path = "../../benches/support/hostile_input.rs"]
mod hostile_input;

use hostile_input::{body, operation};

#[test]
fn random_calls_never_panic_or_fail_internally() {
    let dir = tempfile::tempdir().unwrap();
    let state = local_pool::open_state(dir.path(), true).unwrap();
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 1500,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    runner
        .run(
            &(operation(), body(), any::<bool>()),
            |(op, body, signed)| {
                let call = Call {
                    state: &state,
                    op: &op,
                    body,
                    base_url: "http://127.0.0.1:9229".into(),
                    signed,
                    region: None,
                };
                if let Err(e) = ops::dispatch(&call) {
                    prop_assert!(
                        e.status() == 400,
                        "{op} failed internally: {} {}",
                        e.kind,
                        e.message
                    );
                }
                Ok(())
            },
        )
        .unwrap();
    let check: String = state
        .db
        .read(|tx| Ok(tx.query_row("PRAGMA integrity_check", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(check, "ok");
}

#[tokio::test]
async fn malformed_http_is_refused_with_wire_errors() {
    let pool = common::TestPool::start().await;
    let url = pool.url();

    let (status, headers, body) = common::raw_call(url, "NoSuchThing", "{}", false).await;
    assert_eq!(status, 400);
    assert_eq!(body["__type"], "UnknownOperationException");
    assert!(
        headers
            .to_lowercase()
            .contains("x-amzn-errortype: unknownoperationexception")
    );

    let (status, _, body) = common::raw_call(url, "SignUp", "{not json", false).await;
    assert_eq!(status, 400);
    assert_eq!(body["__type"], "SerializationException");

    let (status, _, body) = common::raw_call(url, "SignUp", "[1,2]", false).await;
    assert_eq!(status, 400);
    assert_eq!(body["__type"], "SerializationException");

    let (status, _, body) = common::raw_call(url, "SignUp", r#"{"ClientId": 5}"#, false).await;
    assert_eq!(status, 400);
    assert_eq!(body["__type"], "SerializationException");
    assert!(
        body["message"].as_str().unwrap().contains("ClientId"),
        "{body}"
    );

    let (status, _, body) = common::raw_call(url, "ListUsers", "{}", false).await;
    assert_eq!(status, 400);
    assert_eq!(body["__type"], "MissingAuthenticationTokenException");

    let (status, _, body) = common::raw_call(url, "ListUsers", "{}", true).await;
    assert_eq!(status, 400);
    assert_eq!(body["__type"], "InvalidParameterException");
    assert!(
        body["message"].as_str().unwrap().contains("userPoolId"),
        "{body}"
    );

    // Over the body limit: refused before parsing.
    let huge = format!(
        r#"{{"ClientId": "{}"}}"#,
        "a".repeat(local_pool::http::MAX_BODY + 10)
    );
    let (status, _, _) = common::raw_call(url, "SignUp", &huge, false).await;
    assert_eq!(status, 413);

    // No target at all.
    let (status, _, body) = common::raw_request(
        url,
        "POST / HTTP/1.1\r\nContent-Type: application/x-amz-json-1.1",
        b"{}",
    )
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("UnknownOperationException"));

    // Still serving afterwards.
    let (status, _) = common::raw_get(url, "/_local/outbox").await;
    assert_eq!(status, 200);
}
