//! Every screen drawn at 80×24 and at a narrow 60×20 (`TestBackend` + `insta`). The clock and
//! the data are fixed, so nothing volatile reaches the snapshots.

use crate::support;

use cognito_tui::service::ServiceError;
use cognito_tui::service::account::{CodeDelivery, DeliveryMedium, Registered};
use cognito_tui::store::{Profile, ProfileEntry};
use cognito_tui::tui::app::{App, Start};
use cognito_tui::tui::msg::{Msg, SignInResult, Target};
use cognito_tui::tui::theme::Theme;
use crossterm::event::KeyCode;
use support::*;

/// Snapshots `app` at both sizes under `name`.
fn snap(name: &str, app: &App) {
    insta::assert_snapshot!(format!("{name}_80x24"), screen(app, 80, 24));
    insta::assert_snapshot!(format!("{name}_60x20"), screen(app, 60, 20));
}

fn picker() -> App {
    let mut dev = Profile::new("dev", "eu-west-1_AbC123", "client123");
    dev.endpoint_url = Some("http://127.0.0.1:9229".into());
    let entries = vec![
        ProfileEntry {
            name: "dev".into(),
            profile: Ok(dev),
        },
        ProfileEntry {
            name: "prod".into(),
            profile: Ok(Profile::new("prod", "us-east-1_Prod42", "client456")),
        },
        ProfileEntry {
            name: "broken".into(),
            profile: Err("client_id is missing".into()),
        },
    ];
    App::new(Start::Picker(entries), Theme::monochrome(), now())
}

#[test]
fn picker_screen() {
    let mut app = picker();
    snap("picker", &app);
    press(&mut app, KeyCode::Char('?'));
    snap("picker_help", &app);
}

#[test]
fn loading_screen() {
    let app = App::new(
        Start::Open(Target::LocalDemo, Vec::new()),
        Theme::monochrome(),
        now(),
    );
    snap("loading", &app);
}

#[test]
fn sign_in_screen() {
    let mut app = signed_out_app(None);
    snap("sign_in", &app);
    type_text(&mut app, "alice");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "wrong");
    snap("sign_in_typed", &app);
    press(&mut app, KeyCode::F(2));
    snap("sign_in_password_shown", &app);
    press(&mut app, KeyCode::Enter);
    app.take_tasks();
    snap("sign_in_pending", &app);
    app.update(Msg::SignIn(Err(ServiceError::WrongCredentials)));
    snap("sign_in_error", &app);
}

#[test]
fn register_screen() {
    let mut app = signed_out_app(None);
    ctrl(&mut app, 'r');
    type_text(&mut app, "newbie");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "short");
    snap("register", &app);
    app.update(Msg::Registered {
        username: "newbie".into(),
        result: Err(ServiceError::PasswordPolicy {
            rule: "Password not long enough".into(),
        }),
    });
    snap("register_error", &app);
}

#[test]
fn confirm_screen() {
    let mut app = signed_out_app(None);
    ctrl(&mut app, 'r');
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
    type_text(&mut app, "12345");
    snap("confirm", &app);
}

#[test]
fn home_screen() {
    let mut app = signed_out_app(Some("alice"));
    type_text(&mut app, "pw");
    press(&mut app, KeyCode::Enter);
    app.take_tasks();
    app.update(Msg::SignIn(Ok(SignInResult::Home(
        Box::new(home_data()),
        None,
    ))));
    app.tick(now() + time::Duration::seconds(75));
    snap("home", &app);
    press(&mut app, KeyCode::Char('?'));
    snap("home_help", &app);
}

#[test]
fn forgot_screen() {
    let mut app = signed_out_app(Some("bob"));
    ctrl(&mut app, 'f');
    snap("forgot", &app);
    app.update(Msg::ForgotSent(Ok(CodeDelivery {
        destination: Some("b***@e***".into()),
        medium: DeliveryMedium::Email,
        attribute: Some("email".into()),
    })));
    type_text(&mut app, "654321");
    snap("forgot_code_sent", &app);
}

#[test]
fn register_screen_with_extra_attributes() {
    let mut app = signed_out_app(None);
    ctrl(&mut app, 'r');
    type_text(&mut app, "newbie");
    ctrl(&mut app, 'n');
    type_text(&mut app, "team");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "blue");
    ctrl(&mut app, 'n');
    snap("register_extra_attributes", &app);
}
