//! Sign-in polish: the SRP ephemeral prepared ahead and used once, the last username kept
//! after sign-out, and the register screen checking the pool's password policy as typed
//! (snapshots at 80×24 and 60×20).

use crate::pool_support;

use crate::support;

use cognito_tui::local_pool::demo::{DEMO_CLIENT_ID, DEMO_POOL_ID};
use cognito_tui::secret::SecretString;
use cognito_tui::service::Settings;
use cognito_tui::service::account::Account;
use cognito_tui::service::admin::{OperatorCredentials, PasswordPolicy};
use cognito_tui::service::auth::SignInStep;
use cognito_tui::store::StorePaths;
use cognito_tui::tui::app::{App, Screen};
use cognito_tui::tui::msg::{LOCAL_DEMO_PROFILE, Msg, SignInResult, Task};
use cognito_tui::tui::worker::Worker;
use crossterm::event::KeyCode;
use pool_support::{settings, start};
use support::*;

fn temp_paths(dir: &tempfile::TempDir) -> StorePaths {
    StorePaths::new(dir.path().join("config"), dir.path().join("data"))
}

#[tokio::test]
async fn a_prepared_srp_ephemeral_is_used_once_and_sign_in_works_without_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let worker = Worker::new(temp_paths(&dir));
    let pool = start(&worker).await;
    let account = Account::new(settings(&pool)).await.expect("account");
    let password = SecretString::new("Alice-Demo-2024!");

    account.authenticator().prepare_srp().expect("prepared");
    assert!(account.authenticator().prepared_srp_a().is_some());
    let step = account
        .sign_in("alice", &password)
        .await
        .expect("signed in");
    assert!(matches!(step, SignInStep::SignedIn(_)));
    assert_eq!(
        account.authenticator().prepared_srp_a(),
        None,
        "taken by the sign-in"
    );

    let step = account
        .sign_in("alice", &password)
        .await
        .expect("signed in again");
    assert!(matches!(step, SignInStep::SignedIn(_)));
}

#[tokio::test]
async fn the_last_username_is_remembered_after_sign_out() {
    let dir = tempfile::tempdir().expect("temp dir");
    let worker = Worker::new(temp_paths(&dir));
    let pool = start(&worker).await;
    let connect = || Task::Connect {
        settings: settings(&pool),
        credentials: cognito_tui::service::admin::OperatorCredentials::local_pool(),
        profile: LOCAL_DEMO_PROFILE.into(),
        label: "Local demo pool".into(),
    };
    let Msg::Connected(Ok(connected)) = worker.perform(connect()).await else {
        panic!("not connected")
    };
    assert_eq!(connected.last_username, None);
    let msg = worker
        .perform(Task::SignIn {
            conn: connected.conn.clone(),
            username: "bob".into(),
            password: SecretString::new("Bob-Demo-2024!"),
        })
        .await;
    let Msg::SignIn(Ok(SignInResult::Home(home, _))) = msg else {
        panic!("not signed in: {msg:?}")
    };
    let msg = worker
        .perform(Task::SignOut {
            conn: connected.conn.clone(),
            username: "bob".into(),
            session: Box::new(home.session),
        })
        .await;
    assert!(matches!(msg, Msg::SignedOut(_)));

    let Msg::Connected(Ok(again)) = worker.perform(connect()).await else {
        panic!("not connected")
    };
    assert!(again.resumed.is_none(), "signed out: nothing to resume");
    assert_eq!(again.last_username.as_deref(), Some("bob"));

    // The sign-in screen is pre-filled with it, the focus on the password (an app of its own
    // thread: the test helper runs a runtime of its own).
    let last = again.last_username.clone();
    let shown = std::thread::spawn(move || {
        let app = signed_out_app(last.as_deref());
        match &app.screen() {
            Screen::SignIn(s) => Some((s.username(), s.form().focus())),
            _ => None,
        }
    })
    .join()
    .expect("app thread");
    assert_eq!(shown, Some(("bob".to_string(), 1)));
}

#[tokio::test]
async fn the_policy_is_read_from_the_local_pool_with_any_signature_and_unknown_on_failure() {
    let dir = tempfile::tempdir().expect("temp dir");
    let worker = Worker::new(temp_paths(&dir));
    let pool = start(&worker).await;
    let credentials = || OperatorCredentials::Static {
        access_key_id: "local".into(),
        secret_access_key: SecretString::new("local"),
        session_token: None,
    };
    // The connection carries the operator service, built with the local pool's keys.
    let conn = pool_support::connect(&worker, &pool).await.conn;
    let msg = worker.perform(Task::PasswordPolicy { conn }).await;
    let Msg::PasswordPolicy {
        profile,
        policy: Some(policy),
    } = msg
    else {
        panic!("no policy: {msg:?}")
    };
    assert_eq!(profile, LOCAL_DEMO_PROFILE);
    assert_eq!(policy.minimum_length, Some(8));
    assert!(policy.require_symbols && policy.require_numbers);

    let mut closed = Settings::new(DEMO_POOL_ID, DEMO_CLIENT_ID);
    closed.endpoint_url = Some("http://127.0.0.1:9".into());
    let conn = cognito_tui::tui::msg::Conn {
        operator: std::sync::Arc::new(cognito_tui::service::admin::Operator::new(
            closed.clone(),
            credentials(),
        )),
        account: std::sync::Arc::new(Account::new(closed).await.expect("account service")),
        profile: LOCAL_DEMO_PROFILE.into(),
        label: "closed".into(),
    };
    let msg = worker.perform(Task::PasswordPolicy { conn }).await;
    assert!(
        matches!(msg, Msg::PasswordPolicy { policy: None, .. }),
        "{msg:?}"
    );
}

fn demo_policy() -> PasswordPolicy {
    PasswordPolicy {
        minimum_length: Some(8),
        require_uppercase: true,
        require_lowercase: true,
        require_numbers: true,
        require_symbols: true,
        temporary_password_validity_days: Some(7),
    }
}

/// The register screen of the demo pool with its policy known and `password` typed.
fn register_with_policy(password: &str) -> App {
    let mut app = signed_out_app(None);
    app.update(Msg::PasswordPolicy {
        profile: LOCAL_DEMO_PROFILE.into(),
        policy: Some(demo_policy()),
    });
    type_text(&mut app, "newbie");
    ctrl(&mut app, 'r');
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, password);
    app
}

fn met(app: &App) -> Vec<bool> {
    let Screen::Register(s) = &app.screen() else {
        panic!("not on register")
    };
    let check = s.policy.check().expect("the policy is shown");
    check.rules().iter().map(|(_, met)| *met).collect()
}

#[test]
fn the_register_screen_checks_the_policy_as_typed() {
    let mut app = register_with_policy("abc");
    assert_eq!(met(&app), [false, false, true, false, false]);
    type_text(&mut app, "DEF12!");
    assert_eq!(met(&app), [true, true, true, true, true]);
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    assert_eq!(met(&app), [false, true, true, true, false]);
    // Typing elsewhere does not touch the check.
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "x@example.com");
    assert_eq!(met(&app), [false, true, true, true, false]);
}

#[test]
fn a_policy_arriving_while_the_register_screen_is_open_is_shown_at_once() {
    let mut app = signed_out_app(None);
    ctrl(&mut app, 'r');
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Secret-1x");
    let Screen::Register(s) = &app.screen() else {
        panic!("not on register")
    };
    assert!(s.policy.check().is_none());
    app.update(Msg::PasswordPolicy {
        profile: LOCAL_DEMO_PROFILE.into(),
        policy: Some(demo_policy()),
    });
    assert_eq!(met(&app), [true; 5]);
    // Another pool's policy is not this one's.
    let mut app = signed_out_app(None);
    app.update(Msg::PasswordPolicy {
        profile: "other".into(),
        policy: Some(demo_policy()),
    });
    ctrl(&mut app, 'r');
    let Screen::Register(s) = &app.screen() else {
        panic!("not on register")
    };
    assert!(s.policy.check().is_none());
}

#[test]
fn a_policy_arriving_in_the_background_does_not_end_a_pending_request() {
    let mut app = signed_out_app(Some("alice"));
    type_text(&mut app, "Alice-Demo-2024!");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.pending(), Some("Signing in"));
    app.update(Msg::PasswordPolicy {
        profile: LOCAL_DEMO_PROFILE.into(),
        policy: None,
    });
    assert_eq!(app.pending(), Some("Signing in"));
}

#[test]
fn register_screen_with_the_policy() {
    let app = register_with_policy("newbie2");
    insta::assert_snapshot!("register_policy_80x24", screen(&app, 80, 24));
    insta::assert_snapshot!("register_policy_60x20", screen(&app, 60, 20));
}

/// The rules met so far on whichever screen has a new password.
fn met_anywhere(app: &App) -> Vec<bool> {
    let note = match &app.screen() {
        Screen::ChangePassword(s) => &s.policy,
        Screen::Forgot(s) => &s.policy,
        Screen::Challenge(s) => &s.policy,
        Screen::Register(s) => &s.policy,
        _ => panic!("no new password on this screen"),
    };
    let check = note.check().expect("the policy is shown");
    check.rules().iter().map(|(_, met)| *met).collect()
}

#[test]
fn change_password_and_reset_check_the_new_password_as_typed() {
    let known = || Msg::PasswordPolicy {
        profile: LOCAL_DEMO_PROFILE.into(),
        policy: Some(demo_policy()),
    };
    // Change password: the current one is not checked, the new one is.
    let mut app = home_app();
    app.update(known());
    type_text(&mut app, "p");
    type_text(&mut app, "old");
    assert_eq!(met_anywhere(&app), [false; 5]);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "New-Pass-1");
    assert_eq!(met_anywhere(&app), [true; 5]);
    // Reset: the new password after the code.
    let mut app = signed_out_app(Some("alice"));
    ctrl(&mut app, 'f');
    app.update(known());
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "lower");
    assert_eq!(met_anywhere(&app), [false, false, true, false, false]);
}
