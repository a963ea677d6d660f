//! With PreventUserExistenceErrors, nothing tells an existing user from a missing one (issue
//! 14, point 5): the same answers to the code operations, the same lockout after wrong
//! passwords, the same shape of challenge.

use crate::common::{self, TestPool, raw_call};

use cognito_tui::local_pool::users::UserStatus;
use serde_json::{Value, json};

async fn pool() -> (TestPool, String) {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = common::standard_pool(&pool);
    for (name, status) in [
        ("carol", UserStatus::Confirmed),
        ("una", UserStatus::Unconfirmed),
    ] {
        pool.seed_user(
            &pool_id,
            name,
            "Carol-Pass-2024!",
            &[
                ("email", &format!("{name}@example.com")),
                ("email_verified", "true"),
            ],
            status,
        );
    }
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
