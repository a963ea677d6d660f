//! The account screens through `App::on_key` and `App::update`, results injected: the confirm
//! dialog (sign out, everywhere, delete), the profile editor, change password, verify.

use crate::support;

use cognito_tui::service::ServiceError;
use cognito_tui::service::account::{CodeDelivery, DeliveryMedium};
use cognito_tui::tui::app::{App, Screen};
use cognito_tui::tui::keymap::Context;
use cognito_tui::tui::msg::account::{AccountMsg, AccountTask, Saved};
use cognito_tui::tui::msg::{HomeData, Msg, Task};
use cognito_tui::tui::screens::attributes::{AttributesScreen, Change};
use cognito_tui::tui::widgets::ToastKind;
use crossterm::event::KeyCode;
use support::*;

fn account_tasks(app: &mut App) -> Vec<AccountTask> {
    app.take_tasks()
        .into_iter()
        .map(|t| match t {
            Task::Account { task, .. } => task,
            other => panic!("expected an account task, got {other:?}"),
        })
        .collect()
}

fn account(app: &mut App, msg: AccountMsg) {
    app.update(Msg::Account(msg));
}

fn profile(app: &App) -> &AttributesScreen {
    match &app.screen() {
        Screen::Attributes(s) => s,
        other => panic!("expected the profile editor, got {other:?}"),
    }
}

/// The profile editor with alice loaded.
fn profile_app() -> App {
    let mut app = home_app();
    press(&mut app, KeyCode::Char('e'));
    let tasks = account_tasks(&mut app);
    assert!(matches!(
        tasks.as_slice(),
        [AccountTask::LoadAttributes { .. }]
    ));
    assert_eq!(app.pending(), Some("Loading the profile"));
    assert!(!profile(&app).loaded);
    account(
        &mut app,
        AccountMsg::AttributesLoaded(Ok(Box::new(alice(&[])))),
    );
    app
}

fn select(app: &mut App, name: &str) {
    for _ in 0..20 {
        let p = profile(app);
        if p.rows.get(p.selected).is_some_and(|r| r.name == name) {
            return;
        }
        press(app, KeyCode::Down);
    }
    panic!("no row {name}");
}

fn clear_field(app: &mut App, chars: usize) {
    for _ in 0..chars {
        press(app, KeyCode::Backspace);
    }
}

fn row_change(app: &App, name: &str) -> Option<Change> {
    profile(app)
        .rows
        .iter()
        .find(|r| r.name == name)
        .map(|r| r.change())
}

#[test]
fn sign_out_is_asked_first_and_no_keeps_you_home() {
    let mut app = home_app();
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(app.context(), Context::Dialog);
    assert!(app.take_tasks().is_empty());
    press(&mut app, KeyCode::Char('n'));
    assert!(app.dialog.is_none());
    assert!(matches!(app.screen(), Screen::Home(_)));
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Enter);
    assert!(matches!(
        app.take_tasks().as_slice(),
        [Task::SignOut { .. }]
    ));
}

#[test]
fn global_sign_out_asks_then_ends_the_sign_in() {
    let mut app = home_app();
    press(&mut app, KeyCode::Char('g'));
    press(&mut app, KeyCode::Esc);
    assert!(app.dialog.is_none() && app.take_tasks().is_empty());
    press(&mut app, KeyCode::Char('g'));
    press(&mut app, KeyCode::Char('y'));
    let tasks = account_tasks(&mut app);
    assert!(
        matches!(tasks.as_slice(), [AccountTask::GlobalSignOut { username, .. }] if username == "alice")
    );
    assert_eq!(app.pending(), Some("Signing out everywhere"));
    // A failure keeps the user signed in, and says why.
    account(
        &mut app,
        AccountMsg::SignedOutEverywhere(Err(ServiceError::Network {
            endpoint: "http://127.0.0.1:9".into(),
            detail: "connection failed".into(),
        })),
    );
    assert!(matches!(app.screen(), Screen::Home(_)));
    assert_eq!(app.toast.as_ref().map(|t| t.kind), Some(ToastKind::Error));
    press(&mut app, KeyCode::Char('g'));
    press(&mut app, KeyCode::Char('y'));
    app.take_tasks();
    account(
        &mut app,
        AccountMsg::SignedOutEverywhere(Ok("Signed out alice on every device.".into())),
    );
    let Screen::SignIn(s) = &app.screen() else {
        panic!("not on sign-in")
    };
    assert_eq!(s.username(), "alice");
}

#[test]
fn deleting_the_account_needs_the_username_typed() {
    let mut app = home_app();
    press(&mut app, KeyCode::Char('D'));
    assert_eq!(app.context(), Context::TypedDialog);
    // Letters are typed, not answers: "y" is text here.
    type_text(&mut app, "y");
    press(&mut app, KeyCode::Enter);
    assert!(app.take_tasks().is_empty());
    let dialog = app.dialog.as_ref().expect("still asking");
    assert_eq!(
        dialog.confirm.error.as_deref(),
        Some("Type alice to confirm, or cancel.")
    );
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "alice");
    press(&mut app, KeyCode::Enter);
    let tasks = account_tasks(&mut app);
    assert!(
        matches!(tasks.as_slice(), [AccountTask::DeleteAccount { username, .. }] if username == "alice")
    );
    account(
        &mut app,
        AccountMsg::Deleted(Ok("The account alice is deleted.".into())),
    );
    let Screen::SignIn(s) = &app.screen() else {
        panic!("not on sign-in")
    };
    assert_eq!(s.username(), "");
    assert!(
        app.toast
            .as_ref()
            .is_some_and(|t| t.text.contains("deleted"))
    );
}

#[test]
fn the_editor_sends_only_what_changed() {
    let mut app = profile_app();
    assert_eq!(app.context(), Context::Attributes);
    // Nothing changed: nothing is sent, and the screen says so.
    ctrl(&mut app, 's');
    assert!(app.take_tasks().is_empty());
    assert_eq!(
        profile(&app).note.as_deref(),
        Some("Nothing to save: no changes.")
    );
    select(&mut app, "given_name");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::AttributeEdit);
    assert_eq!(profile(&app).editing_text().as_deref(), Some("Alice"));
    clear_field(&mut app, 5);
    type_text(&mut app, "Alicia");
    press(&mut app, KeyCode::Enter);
    assert_eq!(row_change(&app, "given_name"), Some(Change::Changed));
    // An edit cancelled with Esc changes nothing.
    select(&mut app, "family_name");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "xyz");
    press(&mut app, KeyCode::Esc);
    assert_eq!(row_change(&app, "family_name"), Some(Change::None));
    ctrl(&mut app, 's');
    let tasks = account_tasks(&mut app);
    let [AccountTask::SaveAttributes { update, delete, .. }] = tasks.as_slice() else {
        panic!("expected a save, got {tasks:?}")
    };
    assert_eq!(update, &[("given_name".to_string(), "Alicia".to_string())]);
    assert!(delete.is_empty());
    account(
        &mut app,
        AccountMsg::AttributesSaved(Ok(Box::new(Saved {
            deliveries: Vec::new(),
            user: alice(&[("given_name", "Alicia")]),
        }))),
    );
    assert!(!profile(&app).is_dirty());
    assert_eq!(row_change(&app, "given_name"), Some(Change::None));
}

#[test]
fn adding_prefixes_custom_names_and_d_marks_for_deletion() {
    let mut app = profile_app();
    press(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "level");
    press(&mut app, KeyCode::Enter);
    assert!(
        profile(&app)
            .error
            .as_deref()
            .is_some_and(|e| e.contains("value"))
    );
    // The empty value has the focus now.
    type_text(&mut app, "3");
    press(&mut app, KeyCode::Enter);
    assert_eq!(row_change(&app, "custom:level"), Some(Change::Added));
    select(&mut app, "family_name");
    press(&mut app, KeyCode::Char('d'));
    assert_eq!(row_change(&app, "family_name"), Some(Change::Deleted));
    press(&mut app, KeyCode::Char('d'));
    assert_eq!(row_change(&app, "family_name"), Some(Change::None));
    press(&mut app, KeyCode::Char('d'));
    ctrl(&mut app, 's');
    let tasks = account_tasks(&mut app);
    let [AccountTask::SaveAttributes { update, delete, .. }] = tasks.as_slice() else {
        panic!("expected a save, got {tasks:?}")
    };
    assert_eq!(update, &[("custom:level".to_string(), "3".to_string())]);
    assert_eq!(delete, &["family_name".to_string()]);
}

#[test]
fn read_only_attributes_refuse_edits_and_deletion() {
    let mut app = profile_app();
    for name in ["sub", "email_verified"] {
        select(&mut app, name);
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.context(), Context::Attributes);
        assert!(
            profile(&app)
                .error
                .as_deref()
                .is_some_and(|e| e.contains("read-only"))
        );
        press(&mut app, KeyCode::Char('d'));
        assert_eq!(row_change(&app, name), Some(Change::None));
    }
    assert!(
        profile(&app)
            .rows
            .iter()
            .find(|r| r.name == "sub")
            .is_some_and(|r| r.read_only)
    );
}

#[test]
fn an_immutable_attribute_is_learned_and_the_other_edits_are_kept() {
    let mut app = profile_app();
    select(&mut app, "custom:employee_id");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "9");
    press(&mut app, KeyCode::Enter);
    select(&mut app, "given_name");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "!");
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 's');
    app.take_tasks();
    account(
        &mut app,
        AccountMsg::AttributesSaved(Err(ServiceError::InvalidParameter {
            detail: "Cannot modify an already provided immutable attribute: custom:employee_id"
                .into(),
        })),
    );
    let p = profile(&app);
    let error = p.error.clone().unwrap_or_default();
    assert!(
        error.contains("does not let users change custom:employee_id"),
        "{error}"
    );
    assert_eq!(row_change(&app, "custom:employee_id"), Some(Change::None));
    assert_eq!(row_change(&app, "given_name"), Some(Change::Changed));
    select(&mut app, "custom:employee_id");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Attributes, "now read-only");
    // Any other error keeps every edit, in plain words.
    ctrl(&mut app, 's');
    app.take_tasks();
    account(
        &mut app,
        AccountMsg::AttributesSaved(Err(ServiceError::InvalidParameter {
            detail: "Invalid phone number format.".into(),
        })),
    );
    assert_eq!(
        profile(&app).error.as_deref(),
        Some("Not saved: Invalid request: Invalid phone number format.")
    );
    assert_eq!(row_change(&app, "given_name"), Some(Change::Changed));
}

#[test]
fn a_changed_email_needs_verification_one_key_away() {
    let mut app = profile_app();
    select(&mut app, "email");
    press(&mut app, KeyCode::Enter);
    clear_field(&mut app, 40);
    type_text(&mut app, "new@example.com");
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 's');
    app.take_tasks();
    account(
        &mut app,
        AccountMsg::AttributesSaved(Ok(Box::new(Saved {
            deliveries: vec![CodeDelivery {
                destination: Some("n***@e***".into()),
                medium: DeliveryMedium::Email,
                attribute: Some("email".into()),
            }],
            user: alice(&[("email", "new@example.com"), ("email_verified", "false")]),
        }))),
    );
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("email: ✗ needs verification — code sent by email to n***@e***"),
        "{text}"
    );
    assert!(!profile(&app).email_verified);
    press(&mut app, KeyCode::Char('v'));
    let Screen::Verify(v) = &app.screen() else {
        panic!("not on verify")
    };
    assert_eq!(v.chosen().map(|c| c.attribute), Some("email"));
    assert_eq!(
        v.sent.get("email").map(String::as_str),
        Some("by email to n***@e***")
    );
    // The code already went: Enter with a code verifies, Esc goes back to the editor.
    type_text(&mut app, "123456");
    press(&mut app, KeyCode::Enter);
    let tasks = account_tasks(&mut app);
    assert!(
        matches!(tasks.as_slice(), [AccountTask::VerifyAttribute { attribute, code, .. }]
        if attribute == "email" && code.expose() == "123456")
    );
    account(
        &mut app,
        AccountMsg::Verified {
            attribute: "email".into(),
            result: Ok(()),
        },
    );
    assert!(matches!(
        account_tasks(&mut app).as_slice(),
        [AccountTask::LoadAttributes { .. }]
    ));
    assert!(!profile(&app).loaded);
}

#[test]
fn leaving_with_unsaved_changes_asks_first() {
    let mut app = profile_app();
    select(&mut app, "given_name");
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Dialog);
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(row_change(&app, "given_name"), Some(Change::Deleted));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));
    assert!(matches!(app.screen(), Screen::Home(_)));
    // Nothing unsaved: Esc goes straight home.
    let mut app = profile_app();
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen(), Screen::Home(_)) && app.dialog.is_none());
}

#[test]
fn a_failed_load_says_so_and_r_loads_again() {
    let mut app = home_app();
    press(&mut app, KeyCode::Char('e'));
    app.take_tasks();
    account(
        &mut app,
        AccountMsg::AttributesLoaded(Err(ServiceError::SessionExpired {
            detail: "Access Token has been revoked".into(),
        })),
    );
    assert!(
        profile(&app)
            .error
            .as_deref()
            .is_some_and(|e| e.starts_with("The profile could not be loaded"))
    );
    press(&mut app, KeyCode::Char('r'));
    assert!(matches!(
        account_tasks(&mut app).as_slice(),
        [AccountTask::LoadAttributes { .. }]
    ));
}

fn change_password_app() -> App {
    let mut app = home_app();
    press(&mut app, KeyCode::Char('p'));
    assert_eq!(app.context(), Context::ChangePassword);
    app
}

#[test]
fn change_password_checks_the_repeat_before_sending() {
    let mut app = change_password_app();
    press(&mut app, KeyCode::Enter);
    assert!(app.take_tasks().is_empty());
    type_text(&mut app, "Alice-Demo-2024!");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Alice-New-2024!");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Alice-New-2025!");
    press(&mut app, KeyCode::Enter);
    assert!(app.take_tasks().is_empty());
    let Screen::ChangePassword(s) = &app.screen() else {
        panic!("not on change password")
    };
    assert_eq!(
        s.error.as_deref(),
        Some("The repeat does not match the new password.")
    );
    assert_eq!(s.form().focus(), 2);
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "4!");
    press(&mut app, KeyCode::Enter);
    let tasks = account_tasks(&mut app);
    let [AccountTask::ChangePassword { current, new, .. }] = tasks.as_slice() else {
        panic!("expected a password change, got {tasks:?}")
    };
    assert_eq!(current.expose(), "Alice-Demo-2024!");
    assert_eq!(new.expose(), "Alice-New-2024!");
    assert!(!format!("{tasks:?}").contains("Alice-New-2024!"));

    account(
        &mut app,
        AccountMsg::PasswordChanged(Err(ServiceError::WrongCredentials)),
    );
    let Screen::ChangePassword(s) = &app.screen() else {
        panic!("not on change password")
    };
    assert_eq!(s.error.as_deref(), Some("The current password is wrong."));
    assert_eq!(s.form().focus(), 0);
    assert!(s.form().field(0).is_empty());
    assert!(!s.form().field(1).is_empty(), "the new password is kept");
    type_text(&mut app, "Alice-Demo-2024!");
    press(&mut app, KeyCode::Enter);
    app.take_tasks();
    account(&mut app, AccountMsg::PasswordChanged(Ok(())));
    assert!(matches!(app.screen(), Screen::Home(_)));
    assert_eq!(
        app.toast.as_ref().map(|t| t.text.as_str()),
        Some("The password is changed.")
    );
}

fn unverified_home() -> HomeData {
    let mut data = home_data();
    data.email_verified = false;
    data.phone = Some("+14325551212".into());
    data
}

#[test]
fn verify_sends_a_code_then_checks_it_and_home_reloads() {
    let mut app = home_app();
    let Screen::Home(home) = app.screen_mut() else {
        panic!("not home")
    };
    home.data = unverified_home();
    press(&mut app, KeyCode::Char('v'));
    let Screen::Verify(v) = &app.screen() else {
        panic!("not on verify")
    };
    assert_eq!(v.choices.len(), 2);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Enter);
    let tasks = account_tasks(&mut app);
    assert!(
        matches!(tasks.as_slice(), [AccountTask::SendCode { attribute, .. }] if attribute == "email")
    );
    account(
        &mut app,
        AccountMsg::CodeSent(Ok(CodeDelivery {
            destination: Some("a***@e***".into()),
            medium: DeliveryMedium::Email,
            attribute: Some("email".into()),
        })),
    );
    // With a code sent, Enter on an empty field asks for it.
    press(&mut app, KeyCode::Enter);
    assert!(app.take_tasks().is_empty());
    type_text(&mut app, "000000");
    press(&mut app, KeyCode::Enter);
    app.take_tasks();
    account(
        &mut app,
        AccountMsg::Verified {
            attribute: "email".into(),
            result: Err(ServiceError::CodeMismatch),
        },
    );
    let Screen::Verify(v) = &app.screen() else {
        panic!("not on verify")
    };
    assert_eq!(
        v.error.as_deref(),
        Some("The code is wrong; check it and try again.")
    );
    ctrl(&mut app, 'r');
    assert!(matches!(
        account_tasks(&mut app).as_slice(),
        [AccountTask::SendCode { .. }]
    ));
    account(
        &mut app,
        AccountMsg::Verified {
            attribute: "email".into(),
            result: Ok(()),
        },
    );
    assert!(matches!(app.screen(), Screen::Home(_)));
    let tasks = account_tasks(&mut app);
    assert!(
        matches!(tasks.as_slice(), [AccountTask::ReloadHome { username, .. }] if username == "alice")
    );
    let mut fresh = unverified_home();
    fresh.email_verified = true;
    account(&mut app, AccountMsg::HomeReloaded(Ok(Box::new(fresh))));
    let Screen::Home(home) = &app.screen() else {
        panic!("not home")
    };
    assert!(home.data.email_verified);
}

#[test]
fn verify_with_everything_verified_says_so() {
    let mut app = home_app();
    press(&mut app, KeyCode::Char('v'));
    let text = screen(&app, 60, 20);
    assert!(text.contains("Everything is verified"), "{text}");
    press(&mut app, KeyCode::Enter);
    assert!(app.take_tasks().is_empty());
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen(), Screen::Home(_)));
}

#[test]
fn the_home_footer_fits_at_sixty_columns_and_help_lists_every_action() {
    let mut app = home_app();
    let text = screen(&app, 60, 20);
    let footer = text.lines().last().unwrap_or_default();
    assert!(
        footer.contains("e profile") && footer.contains("? help"),
        "{footer}"
    );
    press(&mut app, KeyCode::Char('?'));
    let help = screen(&app, 80, 24);
    for what in [
        "Sign out on every device",
        "Delete the account for good",
        "Change the password",
    ] {
        assert!(help.contains(what), "{help}");
    }
}
