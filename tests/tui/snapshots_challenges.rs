//! The challenge and MFA screens at 80×24 and at a narrow 60×20 (`TestBackend` + `insta`).
//! The TOTP secret is a fixed test value, so the QR codes are the same on every run.

use crate::support;

use std::collections::BTreeMap;

use cognito_tui::secret::SecretString;
use cognito_tui::service::ServiceError;
use cognito_tui::service::account::{MfaSettings, TotpSetup, otpauth_uri};
use cognito_tui::service::auth::{Challenge, MfaKind, PendingChallenge};
use cognito_tui::tui::app::App;
use cognito_tui::tui::msg::{ChallengeMsg, MfaReply, Msg, SignInResult};
use crossterm::event::KeyCode;
use support::*;

const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

fn snap(name: &str, app: &App) {
    insta::assert_snapshot!(format!("{name}_80x24"), screen(app, 80, 24));
    insta::assert_snapshot!(format!("{name}_60x20"), screen(app, 60, 20));
}

fn pending(challenge: Challenge) -> PendingChallenge {
    PendingChallenge::new(challenge, "carol", Some(SecretString::new("session")))
}

fn challenged(challenge: Challenge) -> App {
    let mut app = signed_out_app(Some("carol"));
    type_text(&mut app, "Temp-Pass-2024!");
    press(&mut app, KeyCode::Enter);
    app.take_tasks();
    app.update(Msg::SignIn(Ok(SignInResult::Challenge(Box::new(pending(
        challenge,
    ))))));
    app.take_tasks();
    app
}

fn totp_setup() -> TotpSetup {
    TotpSetup {
        secret: SecretString::new(SECRET),
        otpauth_uri: SecretString::new(otpauth_uri(SECRET, "carol", "us-east-1_DemoPool1")),
    }
}

#[test]
fn new_password_screen() {
    let mut app = challenged(Challenge::NewPasswordRequired {
        required_attributes: vec!["given_name".into(), "custom:cost_centre".into()],
        current_attributes: BTreeMap::new(),
    });
    type_text(&mut app, "New-Pass-2025!");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "New-Pass-2026!");
    snap("new_password", &app);
    press(&mut app, KeyCode::Enter);
    snap("new_password_error", &app);
}

#[test]
fn code_screens() {
    let mut app = challenged(Challenge::SoftwareTokenMfa);
    type_text(&mut app, "123456");
    press(&mut app, KeyCode::Enter);
    app.take_tasks();
    app.update(Msg::Challenge(ChallengeMsg::Answered(Err(
        ServiceError::CodeMismatch,
    ))));
    snap("totp_code_wrong", &app);
    let app = challenged(Challenge::SmsMfa {
        destination: Some("+*******0100".into()),
    });
    snap("sms_code", &app);
    let app = challenged(Challenge::EmailOtp {
        destination: Some("c***@e***".into()),
    });
    snap("email_code", &app);
}

#[test]
fn select_mfa_type_screen() {
    let mut app = challenged(Challenge::SelectMfaType {
        options: vec![MfaKind::SoftwareToken, MfaKind::Sms, MfaKind::Email],
    });
    press(&mut app, KeyCode::Down);
    snap("select_mfa", &app);
}

#[test]
fn mfa_setup_screen() {
    let mut app = challenged(Challenge::MfaSetup {
        can_set_up: vec![MfaKind::SoftwareToken],
    });
    snap("mfa_setup_associating", &app);
    app.update(Msg::Challenge(ChallengeMsg::TotpAssociated(Ok((
        totp_setup(),
        Box::new(pending(Challenge::MfaSetup {
            can_set_up: vec![MfaKind::SoftwareToken],
        })),
    )))));
    type_text(&mut app, "12345");
    snap("mfa_setup_qr", &app);
    // A wider window leaves room for a wider quiet zone.
    insta::assert_snapshot!("mfa_setup_qr_100x30", screen(&app, 100, 30));
}

fn mfa_settings(settings: MfaSettings) -> App {
    let mut app = signed_out_app(None);
    app.update(Msg::SignIn(Ok(SignInResult::Home(
        Box::new(home_data()),
        None,
    ))));
    press(&mut app, KeyCode::Char('m'));
    app.take_tasks();
    app.update(Msg::Challenge(ChallengeMsg::Mfa {
        session: Box::new(home_data().session),
        notice: None,
        result: Ok(MfaReply::Settings(settings)),
    }));
    app
}

#[test]
fn mfa_settings_screen() {
    let mut app = signed_out_app(None);
    app.update(Msg::SignIn(Ok(SignInResult::Home(
        Box::new(home_data()),
        None,
    ))));
    press(&mut app, KeyCode::Char('m'));
    snap("mfa_settings_loading", &app);

    let mut app = mfa_settings(MfaSettings {
        enabled: vec![MfaKind::SoftwareToken, MfaKind::Sms],
        preferred: Some(MfaKind::SoftwareToken),
    });
    press(&mut app, KeyCode::Down);
    snap("mfa_settings", &app);
    press(&mut app, KeyCode::Char('x'));
    snap("mfa_settings_confirm_remove", &app);

    let mut app = mfa_settings(MfaSettings::default());
    press(&mut app, KeyCode::Char('t'));
    app.take_tasks();
    app.update(Msg::Challenge(ChallengeMsg::Mfa {
        session: Box::new(home_data().session),
        notice: None,
        result: Ok(MfaReply::Secret(totp_setup())),
    }));
    snap("mfa_settings_setup", &app);
}
