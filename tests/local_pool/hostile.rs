//! Hostile input: random operations and bodies through the dispatcher never panic, never fail
//! with an internal error, and leave the store consistent; malformed HTTP is refused cleanly.

use crate::common;

use cognito_tui::local_pool::ops::{self, Call};
use cognito_tui::local_pool::{self, demo};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// Member names the operations read, so random bodies reach deep into the handlers.
const MEMBERS: &[&str] = &[
    "UserPoolId",
    "ClientId",
    "Username",
    "Password",
    "AccessToken",
    "AuthFlow",
    "AuthParameters",
    "ChallengeName",
    "ChallengeResponses",
    "Session",
    "UserAttributes",
    "ConfirmationCode",
    "Code",
    "AttributeName",
    "Filter",
    "Limit",
    "PaginationToken",
    "GroupName",
    "PoolName",
    "ClientName",
    "MaxResults",
    "NextToken",
    "Token",
    "SecretHash",
    "TemporaryPassword",
    "MessageAction",
    "Permanent",
    "UserCode",
    "PreviousPassword",
    "ProposedPassword",
    "UserAttributeNames",
    "AttributesToGet",
    "Precedence",
    "Schema",
    "ExplicitAuthFlows",
    "GenerateSecret",
    "SMSMfaSettings",
    "SoftwareTokenMfaSettings",
];

/// Values that mean something to the pool: the demo ids, flow names, near-valid shapes.
const INTERESTING: &[&str] = &[
    demo::DEMO_POOL_ID,
    demo::DEMO_CLIENT_ID,
    "USER_SRP_AUTH",
    "USER_PASSWORD_AUTH",
    "REFRESH_TOKEN_AUTH",
    "ADMIN_USER_PASSWORD_AUTH",
    "PASSWORD_VERIFIER",
    "NEW_PASSWORD_REQUIRED",
    "SOFTWARE_TOKEN_MFA",
    "MFA_SETUP",
    "email",
    "phone_number",
    "email ^= \"a\"",
    "a.b.c",
    "",
    "0",
    "ff",
    "\u{0}",
    "🦀",
    "x@y.z",
    "+15555550100",
    "P@ssw0rd-Demo1",
    "custom:team",
];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        ".{0,40}".prop_map(Value::from),
        prop::sample::select(INTERESTING).prop_map(Value::from),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    prop::sample::select(MEMBERS).prop_map(String::from),
                    prop::sample::select(
                        &[
                            "Name",
                            "Value",
                            "USERNAME",
                            "SRP_A",
                            "PASSWORD",
                            "REFRESH_TOKEN",
                            "SECRET_HASH",
                            "TIMESTAMP",
                            "PASSWORD_CLAIM_SIGNATURE",
                            "PASSWORD_CLAIM_SECRET_BLOCK",
                            "NEW_PASSWORD",
                            "Enabled"
                        ][..]
                    )
                    .prop_map(String::from),
                    ".{0,12}",
                ],
                inner,
                0..5,
            )
            .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn body() -> impl Strategy<Value = Value> {
    prop::collection::btree_map(
        prop::sample::select(MEMBERS).prop_map(String::from),
        value(),
        0..8,
    )
    .prop_map(|m| Value::Object(m.into_iter().collect()))
}

fn operation() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(ops::operations()).prop_map(String::from),
        1 => ".{0,30}",
    ]
}

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
