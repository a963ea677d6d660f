//! With PreventUserExistenceErrors, nothing tells an existing user from a missing one (issue
//! 14, point 5): the same answers to the code operations, the same lockout after wrong
//! passwords, the same shape of challenge.

use crate::common::{self, TestPool, raw_call};

use cognito_tui::local_pool::users::UserStatus;
use serde_json::{Value, json};

async fn pool() -> (TestPool, String) {
    let (pool, pool_id, client_id) = common::pool_with_user("carol", UserStatus::Confirmed).await;
    common::seed_with_email(&pool, &pool_id, "una", UserStatus::Unconfirmed);
    (pool, client_id)
}

/// What a caller sees: status, exception name, message (the request id differs anyway).
async fn answer(pool: &TestPool, op: &str, body: Value) -> (u16, Value) {
    let (status, _, value) = raw_call(pool.url(), op, &body.to_string(), false).await;
    let shape = json!({ "__type": value["__type"], "message": value["message"] });
    (
        status,
        if value.get("__type").is_some() {
            shape
        } else {
            json!("ok")
        },
    )
}

#[tokio::test]
async fn code_operations_answer_alike_for_missing_and_existing_users() {
    let (pool, client_id) = pool().await;
    let cases = |user: &str| {
        vec![
            (
                "ConfirmSignUp",
                json!({"ClientId": client_id, "Username": user, "ConfirmationCode": "123456"}),
            ),
            (
                "ConfirmForgotPassword",
                json!({"ClientId": client_id, "Username": user, "ConfirmationCode": "123456",
                       "Password": "N3w-Passw0rd!x"}),
            ),
        ]
    };
    for existing in ["carol", "una"] {
        for ((op, real), (_, fake)) in cases(existing).into_iter().zip(cases("nobody")) {
            let real = answer(&pool, op, real).await;
            let fake = answer(&pool, op, fake).await;
            assert_eq!(real, fake, "{op} for {existing} vs a missing user");
        }
    }
    // A resend for an unconfirmed user and for a missing one: both "sent", with a masked
    // destination of the same shape.
    let resend = |user: &str| json!({"ClientId": client_id, "Username": user});
    let (status_real, _, real) = raw_call(
        pool.url(),
        "ResendConfirmationCode",
        &resend("una").to_string(),
        false,
    )
    .await;
    let (status_fake, _, fake) = raw_call(
        pool.url(),
        "ResendConfirmationCode",
        &resend("nobody").to_string(),
        false,
    )
    .await;
    assert_eq!((status_real, status_fake), (200, 200), "{real} / {fake}");
    let shape = |v: &Value| {
        let d = &v["CodeDeliveryDetails"];
        (d["DeliveryMedium"].clone(), d["AttributeName"].clone())
    };
    assert_eq!(shape(&real), shape(&fake));
}

/// USER_ID_FOR_SRP of an InitiateAuth(USER_SRP_AUTH) for `name`.
async fn user_id_for_srp(pool: &TestPool, client_id: &str, name: &str) -> String {
    let body = json!({
        "AuthFlow": "USER_SRP_AUTH",
        "ClientId": client_id,
        "AuthParameters": {"USERNAME": name, "SRP_A": "02"},
    });
    let (status, _, value) = raw_call(pool.url(), "InitiateAuth", &body.to_string(), false).await;
    assert_eq!(status, 200, "{value}");
    value["ChallengeParameters"]["USER_ID_FOR_SRP"]
        .as_str()
        .expect("USER_ID_FOR_SRP")
        .to_string()
}

#[tokio::test]
async fn user_id_for_srp_has_the_same_shape_for_missing_names() {
    // Case-insensitive usernames: another letter case gives the name as compared, for anyone.
    let (pool, client_id) = pool().await;
    assert_eq!(user_id_for_srp(&pool, &client_id, "CAROL").await, "carol");
    assert_eq!(user_id_for_srp(&pool, &client_id, "NOBODY").await, "nobody");
    // Sign-in by email: usernames are UUIDs, and so is a missing address's, the same each time.
    let email_pool = TestPool::start().await;
    let (pool_id, email_client) = email_pool.seed_pool(
        json!({"UsernameAttributes": ["email"], "AutoVerifiedAttributes": ["email"]}),
        json!({"ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH"], "PreventUserExistenceErrors": "ENABLED"}),
    );
    let sub = "0b7e8a55-5d1c-4d7e-9a2e-3f0c6d1e2a10";
    email_pool.seed_user(
        &pool_id,
        sub,
        "Carol-Pass-2024!",
        &[("email", "carol@example.com"), ("email_verified", "true")],
        UserStatus::Confirmed,
    );
    let real = user_id_for_srp(&email_pool, &email_client, "carol@example.com").await;
    let fake = user_id_for_srp(&email_pool, &email_client, "ghost@example.com").await;
    assert_eq!(real, sub);
    let is_uuid = |s: &str| uuid::Uuid::parse_str(s).is_ok();
    assert!(is_uuid(&fake), "{fake}");
    assert_eq!(
        fake,
        user_id_for_srp(&email_pool, &email_client, "ghost@example.com").await
    );
}

/// `op` with `body` sent `times` times: what each answer looks like.
async fn answers(pool: &TestPool, op: &str, body: &Value, times: usize) -> Vec<(u16, Value)> {
    let mut seen = Vec::new();
    for _ in 0..times {
        seen.push(answer(pool, op, body.clone()).await);
    }
    seen
}

/// The send limit, then the attempt limit, of one code purpose for `user`.
async fn limits(pool: &TestPool, client_id: &str, user: &str, purpose: &str) -> Vec<(u16, Value)> {
    let (send, confirm, extra) = match purpose {
        "reset" => (
            "ForgotPassword",
            "ConfirmForgotPassword",
            json!({"Password": "N3w-Passw0rd!x"}),
        ),
        _ => ("ResendConfirmationCode", "ConfirmSignUp", json!({})),
    };
    let mut body = json!({"ClientId": client_id, "Username": user});
    let mut seen = answers(pool, send, &body, 6).await;
    body["ConfirmationCode"] = json!("000000");
    for (key, value) in extra.as_object().into_iter().flatten() {
        body[key] = value.clone();
    }
    seen.extend(answers(pool, confirm, &body, 7).await);
    seen
}

#[tokio::test]
async fn the_code_limits_answer_alike_for_missing_names() {
    // Five codes an hour, then LimitExceeded; five wrong guesses, then TooManyFailedAttempts:
    // a missing name runs into both exactly as a user does, so neither limit tells them apart.
    let (pool, client_id) = pool().await;
    for (existing, purpose) in [("carol", "reset"), ("una", "sign-up"), ("carol", "sign-up")] {
        let real = limits(&pool, &client_id, existing, purpose).await;
        let fake = limits(&pool, &client_id, &format!("nobody-{existing}"), purpose).await;
        let names = |seen: &[(u16, Value)]| {
            seen.iter()
                .map(|(status, v)| format!("{status} {}", v["__type"].as_str().unwrap_or("ok")))
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&real), names(&fake), "{purpose} for {existing}");
        assert_eq!(real, fake, "{purpose} for {existing}: the same messages");
        let real = names(&real);
        if existing == "carol" && purpose == "sign-up" {
            // A confirmed user gets no sign-up code: pretended, and counted as for a missing name.
            assert_eq!(real[5], "400 LimitExceededException", "{real:?}");
        } else {
            assert_eq!(real[..5], vec!["200 ok"; 5], "{real:?}");
            assert_eq!(real[5], "400 LimitExceededException", "{real:?}");
            assert_eq!(
                real[6..11],
                vec!["400 CodeMismatchException"; 5],
                "{real:?}"
            );
            assert_eq!(real[11], "400 TooManyFailedAttemptsException", "{real:?}");
        }
    }
}

#[tokio::test]
async fn user_id_for_srp_never_echoes_an_alias_nobody_has() {
    // An email alias can never be a username in an alias pool: echoing one told a missing
    // address from a user's, whose answer is the username.
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.seed_pool(
        json!({"AliasAttributes": ["email"], "AutoVerifiedAttributes": ["email"]}),
        json!({"ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH"], "PreventUserExistenceErrors": "ENABLED"}),
    );
    common::seed_with_email(&pool, &pool_id, "carol", UserStatus::Confirmed);
    assert_eq!(
        user_id_for_srp(&pool, &client_id, "carol@example.com").await,
        "carol"
    );
    let fake = user_id_for_srp(&pool, &client_id, "ghost@example.com").await;
    assert!(!fake.contains('@'), "{fake}");
    assert!(uuid::Uuid::parse_str(&fake).is_ok(), "{fake}");
    assert_eq!(
        fake,
        user_id_for_srp(&pool, &client_id, "ghost@example.com").await
    );
    // A name that is not alias-shaped is answered as the pool compares it, as a user's is.
    assert_eq!(user_id_for_srp(&pool, &client_id, "Nobody").await, "Nobody");
}
