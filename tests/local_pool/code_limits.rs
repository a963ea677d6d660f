//! One-time codes cannot be brute-forced (issue 14, point 2): sends are limited per user and
//! hour (LimitExceededException, as Cognito), and wrong guesses count across resends.

use crate::common::{self, TestPool, error_name};

use aws_sdk_cognitoidentityprovider::Client;
use cognito_tui::local_pool::codes::{MAX_ATTEMPTS, MAX_SENDS, WINDOW_SECONDS};
use cognito_tui::local_pool::users::UserStatus;

const NEW_PASSWORD: &str = "N3w-Passw0rd!x";

async fn carol() -> (TestPool, Client, String) {
    let (pool, _, client_id) = common::pool_with_user("carol", UserStatus::Confirmed).await;
    let client = pool.user_client_without_retries();
    (pool, client, client_id)
}

async fn forgot(c: &Client, client_id: &str) -> Result<(), String> {
    c.forgot_password()
        .client_id(client_id)
        .username("carol")
        .send()
        .await
        .map(|_| ())
        .map_err(|e| error_name(&e))
}

async fn confirm(c: &Client, client_id: &str, code: &str) -> Result<(), String> {
    c.confirm_forgot_password()
        .client_id(client_id)
        .username("carol")
        .confirmation_code(code)
        .password(NEW_PASSWORD)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| error_name(&e))
}

fn wrong_for(code: &str) -> &'static str {
    if code == "000000" { "111111" } else { "000000" }
}

/// Rounds of the attack, as in the issue: far past both limits.
const ROUNDS: i64 = 150;

/// The attack of the issue, bounded: rounds of "send a fresh code, guess once".
#[tokio::test]
async fn resending_gives_no_more_guesses() {
    let (pool, c, client_id) = carol().await;
    let (mut sent, mut limited, mut guesses, mut locked) = (0, 0, 0, 0);
    for _ in 0..ROUNDS {
        match forgot(&c, &client_id).await {
            Ok(()) => sent += 1,
            Err(e) => {
                assert_eq!(e, "LimitExceededException");
                limited += 1;
            }
        }
        let code = pool.last_code("carol").await;
        match confirm(&c, &client_id, wrong_for(&code)).await {
            Err(e) if e == "CodeMismatchException" => guesses += 1,
            Err(e) if e == "TooManyFailedAttemptsException" => locked += 1,
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(sent, MAX_SENDS);
    assert_eq!(limited, ROUNDS - MAX_SENDS);
    assert_eq!(guesses, MAX_ATTEMPTS, "wrong guesses that were checked");
    assert_eq!(locked, ROUNDS - MAX_ATTEMPTS);
    assert_eq!(pool.outbox().await.len() as i64, MAX_SENDS);
    // Even the right code is refused now, until the window is over.
    let code = pool.last_code("carol").await;
    assert_eq!(
        confirm(&c, &client_id, &code).await,
        Err("TooManyFailedAttemptsException".into())
    );
    pool.pool.advance_clock(WINDOW_SECONDS + 1);
    forgot(&c, &client_id).await.unwrap();
    let code = pool.last_code("carol").await;
    confirm(&c, &client_id, &code).await.unwrap();
}

#[tokio::test]
async fn failures_before_a_resend_still_count_after_it() {
    let (pool, c, client_id) = carol().await;
    forgot(&c, &client_id).await.unwrap();
    let first = pool.last_code("carol").await;
    for _ in 0..3 {
        assert_eq!(
            confirm(&c, &client_id, wrong_for(&first)).await,
            Err("CodeMismatchException".into())
        );
    }
    forgot(&c, &client_id).await.unwrap();
    let second = pool.last_code("carol").await;
    for _ in 0..(MAX_ATTEMPTS - 3) {
        assert_eq!(
            confirm(&c, &client_id, wrong_for(&second)).await,
            Err("CodeMismatchException".into())
        );
    }
    assert_eq!(
        confirm(&c, &client_id, &second).await,
        Err("TooManyFailedAttemptsException".into())
    );
}

#[tokio::test]
async fn a_right_code_within_the_limits_still_works() {
    let (pool, c, client_id) = carol().await;
    forgot(&c, &client_id).await.unwrap();
    forgot(&c, &client_id).await.unwrap();
    let code = pool.last_code("carol").await;
    assert_eq!(
        confirm(&c, &client_id, wrong_for(&code)).await,
        Err("CodeMismatchException".into())
    );
    confirm(&c, &client_id, &code).await.unwrap();
    // Used: a success starts the counts over.
    forgot(&c, &client_id).await.unwrap();
}
