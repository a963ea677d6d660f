//! The account screens and dialogs drawn at 80×24 and at a narrow 60×20 (`TestBackend` +
//! `insta`), with fixed data and clock.

use crate::support;

use cognito_tui::service::ServiceError;
use cognito_tui::service::account::{CodeDelivery, DeliveryMedium};
use cognito_tui::tui::app::{App, Screen};
use cognito_tui::tui::msg::Msg;
use cognito_tui::tui::msg::account::{AccountMsg, Saved};
use crossterm::event::KeyCode;
use support::*;

fn snap(name: &str, app: &App) {
    insta::assert_snapshot!(format!("{name}_80x24"), screen(app, 80, 24));
    insta::assert_snapshot!(format!("{name}_60x20"), screen(app, 60, 20));
}

fn account(app: &mut App, msg: AccountMsg) {
    app.update(Msg::Account(msg));
}

fn down(app: &mut App, times: usize) {
    for _ in 0..times {
        press(app, KeyCode::Down);
    }
}

#[test]
fn home_dialogs() {
    let mut app = home_app();
    press(&mut app, KeyCode::Char('s'));
    snap("account_sign_out_dialog", &app);
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Char('g'));
    snap("account_global_sign_out_dialog", &app);
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Char('D'));
    type_text(&mut app, "alic");
    snap("account_delete_dialog", &app);
    press(&mut app, KeyCode::Enter);
    snap("account_delete_dialog_mismatch", &app);
}

#[test]
fn profile_editor() {
    let mut app = home_app();
    press(&mut app, KeyCode::Char('e'));
    app.take_tasks();
    app.tick(now());
    snap("account_profile_loading", &app);
    account(
        &mut app,
        AccountMsg::AttributesLoaded(Ok(Box::new(alice(&[])))),
    );
    snap("account_profile", &app);
    // custom:employee_id, custom:team, email, email_verified, family_name, given_name, sub
    down(&mut app, 5);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "a");
    snap("account_profile_editing", &app);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "nickname");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Ali");
    snap("account_profile_adding", &app);
    press(&mut app, KeyCode::Enter);
    snap("account_profile_changed", &app);
    press(&mut app, KeyCode::Esc);
    snap("account_profile_discard_dialog", &app);
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Char('s'));
    ctrl(&mut app, 's');
    app.take_tasks();
    account(
        &mut app,
        AccountMsg::AttributesSaved(Err(ServiceError::InvalidParameter {
            detail: "Invalid phone number format: use +<country code><number>, e.g. +14325551212."
                .into(),
        })),
    );
    snap("account_profile_error", &app);
}

#[test]
fn profile_saved_with_an_email_to_verify() {
    let mut app = home_app();
    press(&mut app, KeyCode::Char('e'));
    app.take_tasks();
    account(
        &mut app,
        AccountMsg::AttributesLoaded(Ok(Box::new(alice(&[])))),
    );
    down(&mut app, 2);
    press(&mut app, KeyCode::Enter);
    for _ in 0..20 {
        press(&mut app, KeyCode::Backspace);
    }
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
    snap("account_profile_saved", &app);
    press(&mut app, KeyCode::Char('v'));
    snap("account_verify_from_profile", &app);
}

#[test]
fn change_password() {
    let mut app = home_app();
    press(&mut app, KeyCode::Char('p'));
    snap("account_change_password", &app);
    type_text(&mut app, "wrong");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Alice-New-2024!");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Alice-New-2024!");
    press(&mut app, KeyCode::Enter);
    app.take_tasks();
    account(
        &mut app,
        AccountMsg::PasswordChanged(Err(ServiceError::WrongCredentials)),
    );
    snap("account_change_password_wrong", &app);
}

#[test]
fn verify() {
    let mut app = home_app();
    press(&mut app, KeyCode::Char('v'));
    snap("account_verify_nothing", &app);
    press(&mut app, KeyCode::Esc);
    let Screen::Home(home) = app.screen_mut() else {
        panic!("not home")
    };
    home.data.email_verified = false;
    home.data.phone = Some("+14325551212".into());
    press(&mut app, KeyCode::Char('v'));
    snap("account_verify", &app);
    press(&mut app, KeyCode::Enter);
    app.take_tasks();
    account(
        &mut app,
        AccountMsg::CodeSent(Ok(CodeDelivery {
            destination: Some("a***@e***".into()),
            medium: DeliveryMedium::Email,
            attribute: Some("email".into()),
        })),
    );
    type_text(&mut app, "123");
    snap("account_verify_code_sent", &app);
}
