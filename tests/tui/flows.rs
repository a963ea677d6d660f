//! The TUI's flows through `App::on_key` and `App::update`, with every result injected: no
//! network, no terminal.

use crate::support;

use cognito_tui::service::ServiceError;
use cognito_tui::service::account::{CodeDelivery, DeliveryMedium, Registered};
use cognito_tui::store::{Profile, ProfileEntry};
use cognito_tui::tui::app::{App, Screen, Start};
use cognito_tui::tui::msg::{Msg, SignInResult, Task};
use cognito_tui::tui::theme::Theme;
use crossterm::event::KeyCode;
use support::*;

fn sign_in_error(app: &App) -> Option<String> {
    match &app.screen() {
        Screen::SignIn(s) => s.error.clone(),
        other => panic!("expected the sign-in screen, got {other:?}"),
    }
}

#[test]
fn demo_start_opens_sign_in_with_the_last_username_and_password_focused() {
    let app = signed_out_app(Some("bob"));
    assert_eq!(app.status_label(), Some("Local demo pool"));
    let Screen::SignIn(s) = &app.screen() else {
        panic!("not on sign-in")
    };
    assert_eq!(s.username(), "bob");
    assert_eq!(s.form().focus(), 1);
    assert!(s.notes[0].contains("Ctrl-F forgot password"));
    assert!(s.notes[1].contains("alice"));
}

#[test]
fn sign_in_sends_the_typed_credentials_and_opens_home() {
    let mut app = signed_out_app(None);
    type_text(&mut app, "alice");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Alice-Demo-2024!");
    press(&mut app, KeyCode::Enter);
    let tasks = app.take_tasks();
    let [
        Task::SignIn {
            username, password, ..
        },
    ] = tasks.as_slice()
    else {
        panic!("expected one sign-in task, got {tasks:?}")
    };
    assert_eq!(username, "alice");
    assert_eq!(password.expose(), "Alice-Demo-2024!");
    assert_eq!(app.pending(), Some("Signing in"));
    // A second Enter while pending sends nothing.
    press(&mut app, KeyCode::Enter);
    assert!(app.take_tasks().is_empty());
    app.update(Msg::SignIn(Ok(SignInResult::Home(
        Box::new(home_data()),
        None,
    ))));
    let Screen::Home(home) = &app.screen() else {
        panic!("not home")
    };
    assert_eq!(home.remaining, "valid for 1h 00m 00s");
    assert!(app.pending().is_none());
}

#[test]
fn empty_fields_are_reported_without_a_request() {
    let mut app = signed_out_app(None);
    press(&mut app, KeyCode::Enter);
    assert!(app.take_tasks().is_empty());
    assert_eq!(sign_in_error(&app).as_deref(), Some("Enter the username."));
}

#[test]
fn wrong_password_is_shown_inline_and_letters_are_typed_not_commands() {
    let mut app = signed_out_app(Some("alice"));
    type_text(&mut app, "q?wrong");
    assert!(!app.should_quit() && !app.help);
    press(&mut app, KeyCode::Enter);
    app.take_tasks();
    app.update(Msg::SignIn(Err(ServiceError::WrongCredentials)));
    assert_eq!(
        sign_in_error(&app).as_deref(),
        Some("Incorrect username or password.")
    );
    // Typing again clears the error.
    type_text(&mut app, "x");
    assert_eq!(sign_in_error(&app), None);
}

#[test]
fn unconfirmed_account_goes_to_the_confirm_screen() {
    let mut app = signed_out_app(Some("newbie"));
    type_text(&mut app, "Newbie-2024!");
    press(&mut app, KeyCode::Enter);
    app.take_tasks();
    app.update(Msg::SignIn(Err(ServiceError::UserNotConfirmed)));
    let Screen::Confirm(c) = &app.screen() else {
        panic!("not on confirm")
    };
    assert_eq!(c.username(), "newbie");
}

#[test]
fn register_then_confirm_then_sign_in() {
    let mut app = signed_out_app(None);
    type_text(&mut app, "newbie");
    ctrl(&mut app, 'r');
    assert!(matches!(app.screen(), Screen::Register(_)));
    for (i, text) in ["", "Newbie-2024!", "newbie@example.com", "New", "Bie"]
        .into_iter()
        .enumerate()
    {
        if i > 0 {
            press(&mut app, KeyCode::Tab);
        }
        type_text(&mut app, text);
    }
    press(&mut app, KeyCode::Enter);
    let tasks = app.take_tasks();
    let [Task::Register { request, .. }] = tasks.as_slice() else {
        panic!("expected a register task, got {tasks:?}")
    };
    assert_eq!(request.username, "newbie");
    assert_eq!(request.password.expose(), "Newbie-2024!");
    assert_eq!(
        request.attributes,
        vec![
            ("email".to_string(), "newbie@example.com".to_string()),
            ("given_name".to_string(), "New".to_string()),
            ("family_name".to_string(), "Bie".to_string()),
        ]
    );
    app.update(Msg::Registered {
        username: "newbie".into(),
        result: Ok(Registered {
            user_sub: "sub".into(),
            confirmed: false,
            delivery: Some(CodeDelivery {
                destination: Some("n***@e***".into()),
                medium: DeliveryMedium::Email,
                attribute: Some("email".into()),
            }),
        }),
    });
    let Screen::Confirm(c) = &app.screen() else {
        panic!("not on confirm")
    };
    assert_eq!(c.sent_to.as_deref(), Some("by email to n***@e***"));
    type_text(&mut app, "123456");
    press(&mut app, KeyCode::Enter);
    let tasks = app.take_tasks();
    let [Task::Confirm { username, code, .. }] = tasks.as_slice() else {
        panic!("expected a confirm task, got {tasks:?}")
    };
    assert_eq!((username.as_str(), code.as_str()), ("newbie", "123456"));
    app.update(Msg::Confirmed {
        username: "newbie".into(),
        result: Ok(()),
    });
    let Screen::SignIn(s) = &app.screen() else {
        panic!("not on sign-in")
    };
    assert_eq!(s.username(), "newbie");
    assert!(
        app.toast
            .as_ref()
            .is_some_and(|t| t.text.contains("confirmed"))
    );
}

#[test]
fn a_refused_registration_and_a_wrong_code_are_shown_inline() {
    let mut app = signed_out_app(None);
    ctrl(&mut app, 'r');
    app.update(Msg::Registered {
        username: "x".into(),
        result: Err(ServiceError::PasswordPolicy {
            rule: "Password must have symbols".into(),
        }),
    });
    let Screen::Register(r) = &app.screen() else {
        panic!("not on register")
    };
    assert!(r.error.as_deref().is_some_and(|e| e.contains("symbols")));
    press(&mut app, KeyCode::Esc);
    ctrl(&mut app, 'o');
    type_text(&mut app, "u1");
    ctrl(&mut app, 'r');
    let tasks = app.take_tasks();
    assert!(matches!(tasks.as_slice(), [Task::Resend { username, .. }] if username == "u1"));
    app.update(Msg::Resent(Err(ServiceError::CodeMismatch)));
    let Screen::Confirm(c) = &app.screen() else {
        panic!("not on confirm")
    };
    assert_eq!(
        c.error.as_deref(),
        Some("The code is wrong; check it and try again.")
    );
}

#[test]
fn home_counts_down_on_ticks_and_signs_out() {
    let mut app = signed_out_app(Some("alice"));
    type_text(&mut app, "pw");
    press(&mut app, KeyCode::Enter);
    app.take_tasks();
    app.update(Msg::SignIn(Ok(SignInResult::Home(
        Box::new(home_data()),
        None,
    ))));
    assert!(app.tick(now() + time::Duration::seconds(61)));
    let Screen::Home(home) = &app.screen() else {
        panic!("not home")
    };
    assert_eq!(home.remaining, "valid for 58m 59s");
    assert!(!app.tick(now() + time::Duration::milliseconds(60_900)));
    press(&mut app, KeyCode::Char('s'));
    assert!(app.take_tasks().is_empty(), "sign-out is asked first");
    press(&mut app, KeyCode::Char('y'));
    let tasks = app.take_tasks();
    assert!(matches!(tasks.as_slice(), [Task::SignOut { username, .. }] if username == "alice"));
    app.update(Msg::SignedOut("Signed out alice.".into()));
    let Screen::SignIn(s) = &app.screen() else {
        panic!("not on sign-in")
    };
    assert_eq!(s.username(), "alice");
}

#[test]
fn picker_opens_the_chosen_profile_and_help_toggles() {
    let mut profile = Profile::new("dev", "eu-west-1_AbC123", "client123");
    profile.endpoint_url = Some("http://127.0.0.1:9229".into());
    let entries = vec![ProfileEntry {
        name: "dev".into(),
        profile: Ok(profile),
    }];
    let mut app = App::new(Start::Picker(entries), Theme::monochrome(), now());
    press(&mut app, KeyCode::Char('?'));
    assert!(app.help);
    press(&mut app, KeyCode::Esc);
    assert!(!app.help);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Enter);
    let tasks = app.take_tasks();
    assert!(matches!(tasks.as_slice(), [Task::Connect { profile, .. }] if profile == "dev"));
    app.update(Msg::Connected(Err("cannot reach it".into())));
    let Screen::Picker(p) = &app.screen() else {
        panic!("not on the picker")
    };
    assert_eq!(p.error.as_deref(), Some("cannot reach it"));
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit());
}

#[test]
fn a_resumed_session_opens_home_directly() {
    let mut app = App::new(
        Start::Open(cognito_tui::tui::msg::Target::LocalDemo, Vec::new()),
        Theme::monochrome(),
        now(),
    );
    app.take_tasks();
    app.update(Msg::Connected(Ok(Box::new(
        cognito_tui::tui::msg::Connected {
            conn: demo_conn(),
            last_username: Some("alice".into()),
            resumed: Some(home_data()),
            notice: None,
        },
    ))));
    assert!(matches!(app.screen(), Screen::Home(_)));
}

#[test]
fn esc_from_sign_in_reaches_the_picker_even_without_saved_profiles() {
    let mut app = signed_out_app(None);
    press(&mut app, KeyCode::Esc);
    let Screen::Picker(p) = &app.screen() else {
        panic!("not on the picker")
    };
    assert_eq!(p.items.len(), 1);
    assert_eq!(app.status_label(), None);
    // This test never started a pool, so choosing the demo pool starts one.
    press(&mut app, KeyCode::Enter);
    let tasks = app.take_tasks();
    assert!(matches!(tasks.as_slice(), [Task::StartLocalPool]));
}
