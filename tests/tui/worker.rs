//! The TUI's worker against the embedded local pool over loopback: start the pool, open it,
//! register and confirm, sign in (the session is saved), resume it on the next start, sign out.

use crate::pool_support;

use cognito_tui::secret::SecretString;
use cognito_tui::service::ServiceError;
use cognito_tui::service::account::RegisterRequest;
use cognito_tui::store::{SessionStore, StorePaths};
use cognito_tui::tui::msg::{Conn, LOCAL_DEMO_PROFILE, Msg, SignInResult, Task};
use cognito_tui::tui::worker::Worker;
use pool_support::{connect, last_code, start};

async fn sign_in(worker: &Worker, conn: &Conn, username: &str, password: &str) -> Msg {
    worker
        .perform(Task::SignIn {
            conn: conn.clone(),
            username: username.into(),
            password: SecretString::new(password),
        })
        .await
}

#[tokio::test]
async fn sign_in_saves_a_session_that_the_next_start_resumes_until_sign_out() {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = StorePaths::new(dir.path().join("config"), dir.path().join("data"));
    let worker = Worker::new(paths.clone());
    let pool = start(&worker).await;
    let connected = connect(&worker, &pool).await;
    assert!(connected.resumed.is_none() && connected.last_username.is_none());

    let wrong = sign_in(&worker, &connected.conn, "alice", "nope").await;
    assert!(matches!(
        wrong,
        Msg::SignIn(Err(ServiceError::WrongCredentials))
    ));

    let Msg::SignIn(Ok(SignInResult::Home(home, None))) =
        sign_in(&worker, &connected.conn, "alice", "Alice-Demo-2024!").await
    else {
        panic!("alice did not sign in")
    };
    assert_eq!(home.email.as_deref(), Some("alice@example.com"));
    assert!(home.email_verified);
    assert_eq!(home.groups, ["admins", "developers"]);
    let sessions = SessionStore::new(&paths);
    assert_eq!(
        sessions
            .last_username(LOCAL_DEMO_PROFILE)
            .ok()
            .flatten()
            .as_deref(),
        Some("alice")
    );

    let Msg::Refreshed(Ok((fresh, None))) = worker
        .perform(Task::Refresh {
            conn: connected.conn.clone(),
            username: "alice".into(),
            session: Box::new(home.session.clone()),
        })
        .await
    else {
        panic!("the refresh failed")
    };
    assert!(fresh.tokens().expires_at >= home.expires_at);

    // The next start finds the saved session, even on a new port.
    drop(pool);
    let pool = start(&worker).await;
    let again = connect(&worker, &pool).await;
    assert_eq!(again.notice, None);
    let resumed = again.resumed.expect("the saved session resumed");
    assert_eq!(resumed.sub, home.sub);

    let Msg::SignedOut(text) = worker
        .perform(Task::SignOut {
            conn: again.conn.clone(),
            username: "alice".into(),
            session: Box::new(resumed.session),
        })
        .await
    else {
        panic!("no sign-out message")
    };
    assert!(text.contains("refresh token is revoked"), "{text}");
    let after = connect(&worker, &pool).await;
    assert!(after.resumed.is_none());
}

#[tokio::test]
async fn register_confirm_then_sign_in() {
    let dir = tempfile::tempdir().expect("temp dir");
    let worker = Worker::new(StorePaths::new(dir.path().join("c"), dir.path().join("d")));
    let pool = start(&worker).await;
    let conn = connect(&worker, &pool).await.conn;
    let request = RegisterRequest {
        username: "newbie".into(),
        password: SecretString::new("Newbie-Demo-2024!"),
        attributes: vec![("email".into(), "newbie@example.com".into())],
    };
    let Msg::Registered {
        result: Ok(registered),
        ..
    } = worker
        .perform(Task::Register {
            conn: conn.clone(),
            request,
        })
        .await
    else {
        panic!("registration failed")
    };
    assert!(!registered.confirmed);
    let unconfirmed = sign_in(&worker, &conn, "newbie", "Newbie-Demo-2024!").await;
    assert!(matches!(
        unconfirmed,
        Msg::SignIn(Err(ServiceError::UserNotConfirmed))
    ));
    let code = last_code(&pool, "newbie").await;
    let confirmed = worker
        .perform(Task::Confirm {
            conn: conn.clone(),
            username: "newbie".into(),
            code,
        })
        .await;
    assert!(matches!(confirmed, Msg::Confirmed { result: Ok(()), .. }));
    let signed_in = sign_in(&worker, &conn, "newbie", "Newbie-Demo-2024!").await;
    assert!(matches!(signed_in, Msg::SignIn(Ok(SignInResult::Home(..)))));
}

#[tokio::test]
async fn forgot_password_then_sign_in_with_the_new_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let worker = Worker::new(StorePaths::new(dir.path().join("c"), dir.path().join("d")));
    let pool = start(&worker).await;
    let conn = connect(&worker, &pool).await.conn;
    let sent = worker
        .perform(Task::Forgot {
            conn: conn.clone(),
            username: "bob".into(),
        })
        .await;
    assert!(matches!(sent, Msg::ForgotSent(Ok(_))), "{sent:?}");
    let code = last_code(&pool, "bob").await;
    let reset = worker
        .perform(Task::ResetPassword {
            conn: conn.clone(),
            username: "bob".into(),
            code,
            password: SecretString::new("Bob-Changed-2024!"),
        })
        .await;
    assert!(
        matches!(reset, Msg::PasswordReset { result: Ok(()), .. }),
        "{reset:?}"
    );
    let signed_in = sign_in(&worker, &conn, "bob", "Bob-Changed-2024!").await;
    assert!(matches!(signed_in, Msg::SignIn(Ok(SignInResult::Home(..)))));
}
