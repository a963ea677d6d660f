//! Generators of hostile calls to the local pool: random operation names, bodies whose members
//! are the ones operations read, values near the valid ones. Shared by the property test
//! (tests/local_pool/hostile.rs) and the million-call run (benches/hostile.rs).

#![allow(dead_code)]

use cognito_tui::local_pool::{demo, ops};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// Member names the operations read, so random bodies reach deep into the handlers.
pub const MEMBERS: &[&str] = &[
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
pub const INTERESTING: &[&str] = &[
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

pub fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        ".{0,40}".prop_map(Value::from),
        prop::sample::select(INTERESTING).prop_map(Value::from),
    ]
}

pub fn value() -> impl Strategy<Value = Value> {
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

pub fn body() -> impl Strategy<Value = Value> {
    prop::collection::btree_map(
        prop::sample::select(MEMBERS).prop_map(String::from),
        value(),
        0..8,
    )
    .prop_map(|m| Value::Object(m.into_iter().collect()))
}

pub fn operation() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(ops::operations()).prop_map(String::from),
        1 => ".{0,30}",
    ]
}
