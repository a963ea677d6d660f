//! More TUI flows with injected results: password reset, token refresh on the home screen,
//! the start-up choice, and toasts.

use crate::support;

use cognito_tui::service::ServiceError;
use cognito_tui::service::account::{CodeDelivery, DeliveryMedium};
use cognito_tui::service::session::Session;
use cognito_tui::store::Profile;
use cognito_tui::tui::app::{App, Screen, Start};
use cognito_tui::tui::msg::{Msg, SignInResult, Task};
use crossterm::event::KeyCode;
use support::*;
use time::Duration;

/// The app on the home screen of `home_data()` (its tokens expire an hour after `now()`).
fn home_app() -> App {
    let mut app = signed_out_app(Some("alice"));
    type_text(&mut app, "pw");
    press(&mut app, KeyCode::Enter);
    app.take_tasks();
    app.update(Msg::SignIn(Ok(SignInResult::Home(
        Box::new(home_data()),
        None,
    ))));
    assert!(matches!(app.screen(), Screen::Home(_)));
    app
}

#[test]
fn home_refreshes_by_itself_two_minutes_before_expiry_and_once_on_failure() {
    let mut app = home_app();
    app.tick(now() + Duration::minutes(57));
    assert!(app.take_tasks().is_empty());
    app.tick(now() + Duration::minutes(58));
    let tasks = app.take_tasks();
    assert!(matches!(tasks.as_slice(), [Task::Refresh { username, .. }] if username == "alice"));
    app.update(Msg::Refreshed(Err(ServiceError::SessionExpired {
        detail: "revoked".into(),
    })));
    assert!(
        app.toast
            .as_ref()
            .is_some_and(|t| t.text.contains("could not be refreshed"))
    );
    app.tick(now() + Duration::minutes(59));
    assert!(
        app.take_tasks().is_empty(),
        "a failed refresh is not retried on every tick"
    );
}

#[test]
fn r_refreshes_now_and_the_countdown_restarts() {
    let mut app = home_app();
    press(&mut app, KeyCode::Char('r'));
    let tasks = app.take_tasks();
    let [Task::Refresh { session, .. }] = tasks.as_slice() else {
        panic!("expected a refresh task, got {tasks:?}")
    };
    let mut tokens = session.tokens().clone();
    tokens.expires_at = now() + Duration::hours(2);
    app.update(Msg::Refreshed(Ok((Session::new(tokens), None))));
    let Screen::Home(home) = &app.screen() else {
        panic!("not home")
    };
    assert_eq!(home.remaining, "valid for 2h 00m 00s");
}

#[test]
fn forgot_password_sends_a_code_then_resets() {
    let mut app = signed_out_app(Some("bob"));
    ctrl(&mut app, 'f');
    assert!(matches!(app.screen(), Screen::Forgot(_)));
    press(&mut app, KeyCode::Enter);
    let tasks = app.take_tasks();
    assert!(matches!(tasks.as_slice(), [Task::Forgot { username, .. }] if username == "bob"));
    app.update(Msg::ForgotSent(Ok(CodeDelivery {
        destination: Some("b***@e***".into()),
        medium: DeliveryMedium::Email,
        attribute: Some("email".into()),
    })));
    let Screen::Forgot(f) = &app.screen() else {
        panic!("not on forgot")
    };
    assert_eq!(f.form().focus(), 1);
    type_text(&mut app, "654321");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Bob-New-2024!");
    press(&mut app, KeyCode::Enter);
    let tasks = app.take_tasks();
    let [Task::ResetPassword { code, password, .. }] = tasks.as_slice() else {
        panic!("expected a reset task, got {tasks:?}")
    };
    assert_eq!(
        (code.as_str(), password.expose()),
        ("654321", "Bob-New-2024!")
    );
    app.update(Msg::PasswordReset {
        username: "bob".into(),
        result: Err(ServiceError::CodeExpired),
    });
    let Screen::Forgot(f) = &app.screen() else {
        panic!("not on forgot")
    };
    assert_eq!(
        f.error.as_deref(),
        Some("The code has expired; request a new one.")
    );
    app.update(Msg::PasswordReset {
        username: "bob".into(),
        result: Ok(()),
    });
    assert!(matches!(&app.screen(), Screen::SignIn(s) if s.username() == "bob"));
}

#[test]
fn a_required_password_reset_leads_to_the_reset_screen() {
    let mut app = signed_out_app(Some("dave"));
    type_text(&mut app, "old");
    press(&mut app, KeyCode::Enter);
    app.take_tasks();
    app.update(Msg::SignIn(Err(ServiceError::PasswordResetRequired)));
    assert!(matches!(&app.screen(), Screen::Forgot(f) if f.username() == "dave"));
}

#[test]
fn start_up_opens_the_demo_pool_without_profiles_else_the_picker() {
    use cognito_tui::store::{ProfileStore, StorePaths};
    use cognito_tui::tui::{Options, start};
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = StorePaths::new(dir.path().join("config"), dir.path().join("data"));
    let started = start(&paths, Options::default());
    assert!(matches!(
        started,
        Ok(Start::Open(cognito_tui::tui::msg::Target::LocalDemo, _))
    ));
    let missing = start(
        &paths,
        Options {
            profile: Some("dev".into()),
        },
    );
    assert!(missing.is_err_and(|e| e.contains("dev")));
    let profile = Profile::new("dev", "eu-west-1_AbC123", "client123");
    ProfileStore::new(&paths)
        .add(&profile, false)
        .expect("saved");
    assert!(matches!(start(&paths, Options::default()), Ok(Start::Picker(e)) if e.len() == 1));
    let direct = start(
        &paths,
        Options {
            profile: Some("dev".into()),
        },
    );
    assert!(matches!(
        direct,
        Ok(Start::Open(cognito_tui::tui::msg::Target::Profile(p), _)) if p.name == "dev"
    ));
}

#[test]
fn a_long_toast_wraps_at_narrow_widths() {
    let mut app = signed_out_app(Some("alice"));
    type_text(&mut app, "pw");
    press(&mut app, KeyCode::Enter);
    app.take_tasks();
    app.update(Msg::SignIn(Ok(SignInResult::Home(
        Box::new(home_data()),
        None,
    ))));
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Char('y'));
    app.take_tasks();
    app.update(Msg::SignedOut(
        "Signed out alice: the saved session is deleted and its refresh token is revoked.".into(),
    ));
    let text = screen(&app, 60, 20);
    assert!(text.contains("revoked."), "{text}");
}

#[test]
fn register_sends_the_phone_and_any_number_of_extra_attributes() {
    let mut app = signed_out_app(None);
    ctrl(&mut app, 'r');
    for (i, text) in [
        "pat",
        "Pat-Demo-2024!",
        "pat@example.com",
        "",
        "",
        "+15551234567",
    ]
    .into_iter()
    .enumerate()
    {
        if i > 0 {
            press(&mut app, KeyCode::Tab);
        }
        type_text(&mut app, text);
    }
    // Ctrl-N adds a name and a value, the focus on the name.
    ctrl(&mut app, 'n');
    type_text(&mut app, "team");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "blue");
    ctrl(&mut app, 'n');
    type_text(&mut app, "custom:level");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "3");
    // A third pair left empty is ignored.
    ctrl(&mut app, 'n');
    press(&mut app, KeyCode::Enter);
    let tasks = app.take_tasks();
    let [Task::Register { request, .. }] = tasks.as_slice() else {
        panic!("expected a register task, got {tasks:?}")
    };
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    };
    assert_eq!(
        request.attributes,
        pairs(&[
            ("email", "pat@example.com"),
            ("phone_number", "+15551234567"),
            ("team", "blue"),
            ("custom:level", "3"),
        ])
    );
}

#[test]
fn an_extra_value_without_a_name_is_refused_and_nothing_is_sent() {
    let mut app = signed_out_app(None);
    ctrl(&mut app, 'r');
    type_text(&mut app, "pat");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Pat-Demo-2024!");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "pat@example.com");
    ctrl(&mut app, 'n');
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "orphan");
    press(&mut app, KeyCode::Enter);
    assert!(app.take_tasks().is_empty());
    let Screen::Register(r) = &app.screen() else {
        panic!("not on register")
    };
    assert_eq!(r.error.as_deref(), Some("Name attribute 1."));
    assert_eq!(r.form().focus(), 6, "the focus is on the missing name");
    assert_eq!(r.form().field(7).value(), "orphan", "the value is kept");
}
