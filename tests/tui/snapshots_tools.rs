//! The token inspector, the outbox, the profile form and the picker's delete prompt drawn at
//! 80×24 and at 60×20. Tokens, times and codes are fixed, so nothing volatile is snapshotted.

use crate::support;
use crate::tools_support;

use cognito_tui::local_pool::outbox::OutboxMessage;
use cognito_tui::store::{Profile, ProfileEntry};
use cognito_tui::tui::app::{App, Start};
use cognito_tui::tui::msg::Msg;
use cognito_tui::tui::screens::outbox::OutboxEntry;
use cognito_tui::tui::screens::tokens::TokenCheck;
use cognito_tui::tui::theme::Theme;
use crossterm::event::KeyCode;
use support::*;
use tools_support::*;

fn snap(name: &str, app: &App) {
    insta::assert_snapshot!(format!("{name}_80x24"), screen(app, 80, 24));
    insta::assert_snapshot!(format!("{name}_60x20"), screen(app, 60, 20));
}

#[test]
fn token_inspector() {
    let mut app = signed_in_app();
    press(&mut app, KeyCode::Char('t'));
    app.take_tasks();
    snap("tokens_checking", &app);
    app.update(Msg::TokensVerified(TokenCheck {
        id: Ok("demo-key-2024".into()),
        access: Err("bad signature: the token was not signed by the user pool's key".into()),
    }));
    snap("tokens_id", &app);
    press(&mut app, KeyCode::Tab);
    snap("tokens_access_refused", &app);
    press(&mut app, KeyCode::Tab);
    snap("tokens_refresh", &app);
    press(&mut app, KeyCode::Char('?'));
    snap("tokens_help", &app);
}

fn message(username: &str, kind: &str, code: &str, time: &str, text: &str) -> OutboxEntry {
    OutboxEntry::from(OutboxMessage {
        time: time.into(),
        pool_id: "us-east-1_DemoPool1".into(),
        username: username.into(),
        kind: kind.into(),
        delivery: "EMAIL".into(),
        destination: format!("{username}@example.com"),
        code: Some(code.into()),
        message: text.into(),
    })
}

#[test]
fn outbox_screen() {
    let runtime = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = app_with_pool(start_pool(&runtime, dir.path()));
    ctrl(&mut app, 'o');
    press(&mut app, KeyCode::F(4));
    app.take_tasks();
    snap("outbox_empty", &app);
    app.update(Msg::OutboxRead(Ok(vec![
        message(
            "zoe",
            "sign_up",
            "654321",
            "2027-01-15T08:00:05Z",
            "Your confirmation code is 654321",
        ),
        message(
            "bob",
            "forgot_password",
            "777777",
            "2027-01-15T07:59:40Z",
            "Your password reset code is 777777",
        ),
        message(
            "alice",
            "verify_attribute",
            "112233",
            "2027-01-15T07:58:00Z",
            "Your verification code is 112233",
        ),
    ])));
    press(&mut app, KeyCode::Down);
    snap("outbox", &app);
}

fn picker_app() -> App {
    let mut dev = Profile::new("dev", "eu-west-1_AbC123", "client123");
    dev.endpoint_url = Some("http://127.0.0.1:9229".into());
    dev.client_secret = Some("s3cret".into());
    let entries = vec![ProfileEntry {
        name: "dev".into(),
        profile: Ok(dev),
    }];
    App::new(Start::Picker(entries), Theme::monochrome(), now())
}

#[test]
fn profile_form() {
    let mut app = picker_app();
    press(&mut app, KeyCode::Char('a'));
    snap("profile_add", &app);
    type_text(&mut app, "staging");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "nope");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "client1");
    press(&mut app, KeyCode::Enter);
    snap("profile_add_error", &app);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('e'));
    snap("profile_edit", &app);
}

#[test]
fn picker_delete_prompt() {
    let mut app = picker_app();
    press(&mut app, KeyCode::Char('d'));
    snap("picker_delete", &app);
}
