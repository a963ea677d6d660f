//! The sign-in challenges and the MFA settings through `App::on_key` and `App::update`, with
//! every result injected: no network, no terminal.

use crate::support;

use std::collections::BTreeMap;

use cognito_tui::secret::SecretString;
use cognito_tui::service::ServiceError;
use cognito_tui::service::account::{MfaSettings, TotpSetup, otpauth_uri};
use cognito_tui::service::auth::{Answer, Challenge, MfaKind, PendingChallenge};
use cognito_tui::tui::app::{App, Screen};
use cognito_tui::tui::keymap::Context;
use cognito_tui::tui::msg::{
    ChallengeMsg, ChallengeTask, MfaAction, MfaReply, Msg, SignInResult, Task,
};
use cognito_tui::tui::screens::challenge::Step;
use cognito_tui::tui::screens::mfa_settings::Mode;
use crossterm::event::KeyCode;
use support::*;

/// A fixed test secret (never a random one: it reaches snapshots).
pub const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

fn pending(challenge: Challenge) -> PendingChallenge {
    PendingChallenge::new(challenge, "carol", Some(SecretString::new("session-1")))
}

/// The app on the challenge screen `challenge`, reached by signing in as carol.
fn challenged(challenge: Challenge) -> App {
    let mut app = signed_out_app(Some("carol"));
    type_text(&mut app, "Temp-Pass-2024!");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.take_tasks().as_slice(), [Task::SignIn { .. }]));
    app.update(Msg::SignIn(Ok(SignInResult::Challenge(Box::new(pending(
        challenge,
    ))))));
    app
}

fn challenge_task(app: &mut App) -> ChallengeTask {
    let mut tasks = app.take_tasks();
    assert_eq!(tasks.len(), 1, "{tasks:?}");
    match tasks.remove(0) {
        Task::Challenge { task, .. } => task,
        other => panic!("expected a challenge task, got {other:?}"),
    }
}

fn answer(app: &mut App) -> Answer {
    match challenge_task(app) {
        ChallengeTask::Answer {
            answer, username, ..
        } => {
            assert_eq!(username, "carol");
            answer
        }
        other => panic!("expected an answer, got {other:?}"),
    }
}

fn screen(app: &App) -> &cognito_tui::tui::screens::challenge::ChallengeScreen {
    match &app.screen() {
        Screen::Challenge(s) => s,
        other => panic!("expected a challenge screen, got {other:?}"),
    }
}

fn signed_in(app: &mut App) {
    app.update(Msg::Challenge(ChallengeMsg::Answered(Ok(
        SignInResult::Home(Box::new(home_data()), None),
    ))));
    assert!(
        matches!(app.screen(), Screen::Home(_)),
        "{:?}",
        app.screen()
    );
}

pub fn totp_setup() -> TotpSetup {
    TotpSetup {
        secret: SecretString::new(SECRET),
        otpauth_uri: SecretString::new(otpauth_uri(SECRET, "carol", "us-east-1_DemoPool1")),
    }
}

#[test]
fn new_password_sends_the_password_and_the_required_attributes() {
    let mut app = challenged(Challenge::NewPasswordRequired {
        required_attributes: vec!["given_name".into(), "custom:team".into()],
        current_attributes: BTreeMap::from([("email".into(), "carol@example.com".into())]),
    });
    assert_eq!(app.screen().context(), Context::NewPassword);
    assert_eq!(screen(&app).form().map(|f| f.len()), Some(4));
    assert_eq!(
        screen(&app).form().map(|f| f.field(3).label().to_string()),
        Some("Team".to_string())
    );
    type_text(&mut app, "New-Pass-2025!");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "New-Pass-2025!");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    assert!(app.take_tasks().is_empty());
    assert_eq!(screen(&app).error.as_deref(), Some("Enter the given name."));
    type_text(&mut app, "Carol");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "blue");
    press(&mut app, KeyCode::Enter);
    let Answer::NewPassword {
        password,
        attributes,
    } = answer(&mut app)
    else {
        panic!("not a new password")
    };
    assert_eq!(password.expose(), "New-Pass-2025!");
    assert_eq!(
        attributes,
        BTreeMap::from([
            ("custom:team".to_string(), "blue".to_string()),
            ("given_name".to_string(), "Carol".to_string()),
        ])
    );
    assert_eq!(app.pending(), Some("Checking the answer"));
    signed_in(&mut app);
}

#[test]
fn new_passwords_that_differ_are_caught_before_sending_and_policy_errors_shown() {
    let mut app = challenged(Challenge::NewPasswordRequired {
        required_attributes: Vec::new(),
        current_attributes: BTreeMap::new(),
    });
    type_text(&mut app, "New-Pass-2025!");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "New-Pass-2026!");
    press(&mut app, KeyCode::Enter);
    assert!(app.take_tasks().is_empty());
    assert_eq!(
        screen(&app).error.as_deref(),
        Some("The two passwords differ; type them again.")
    );
    type_text(&mut app, "short");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "short");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(answer(&mut app), Answer::NewPassword { .. }));
    app.update(Msg::Challenge(ChallengeMsg::Answered(Err(
        ServiceError::PasswordPolicy {
            rule: "Password not long enough".into(),
        },
    ))));
    let error = screen(&app).error.clone().unwrap_or_default();
    assert!(error.contains("Password not long enough"), "{error}");
    assert_eq!(app.screen().context(), Context::NewPassword);
}

#[test]
fn a_wrong_code_is_shown_inline_and_kept_for_a_retry() {
    let mut app = challenged(Challenge::SoftwareTokenMfa);
    assert_eq!(app.screen().context(), Context::ChallengeCode);
    type_text(&mut app, "123 456");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(answer(&mut app), Answer::Code(code) if code == "123456"));
    app.update(Msg::Challenge(ChallengeMsg::Answered(Err(
        ServiceError::CodeMismatch,
    ))));
    let s = screen(&app);
    assert_eq!(
        s.error.as_deref(),
        Some("The code is wrong; check it and try again.")
    );
    assert_eq!(
        s.form().map(|f| f.field(0).value()).as_deref(),
        Some("123 456")
    );
    press(&mut app, KeyCode::Enter);
    assert!(matches!(answer(&mut app), Answer::Code(_)));
    signed_in(&mut app);
}

#[test]
fn sms_and_email_screens_say_where_the_code_went() {
    let app = challenged(Challenge::SmsMfa {
        destination: Some("+*******0100".into()),
    });
    let text = support::screen(&app, 80, 24);
    assert!(
        text.contains("A code was sent by SMS to +*******0100."),
        "{text}"
    );
    let app = challenged(Challenge::EmailOtp {
        destination: Some("c***@e***".into()),
    });
    let text = support::screen(&app, 80, 24);
    assert!(text.contains("by email to c***@e***"), "{text}");
}

#[test]
fn select_mfa_type_answers_the_chosen_kind_then_asks_for_its_code() {
    let mut app = challenged(Challenge::SelectMfaType {
        options: vec![MfaKind::SoftwareToken, MfaKind::Sms],
    });
    assert_eq!(app.screen().context(), Context::SelectMfa);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert!(matches!(answer(&mut app), Answer::SelectMfa(MfaKind::Sms)));
    app.update(Msg::Challenge(ChallengeMsg::Answered(Ok(
        SignInResult::Challenge(Box::new(pending(Challenge::SmsMfa { destination: None }))),
    ))));
    assert_eq!(app.screen().context(), Context::ChallengeCode);
    assert_eq!(screen(&app).username, "carol");
}

#[test]
fn mfa_setup_associates_shows_the_secret_and_sends_the_first_code() {
    let mut app = challenged(Challenge::MfaSetup {
        can_set_up: vec![MfaKind::SoftwareToken],
    });
    assert_eq!(app.screen().context(), Context::MfaSetup);
    assert!(matches!(
        challenge_task(&mut app),
        ChallengeTask::AssociateTotp { .. }
    ));
    // Typing before the secret came does nothing.
    type_text(&mut app, "9");
    app.update(Msg::Challenge(ChallengeMsg::TotpAssociated(Err(
        ServiceError::Network {
            endpoint: "http://127.0.0.1:9".into(),
            detail: "connection failed".into(),
        },
    ))));
    assert!(screen(&app).error.is_some());
    press(&mut app, KeyCode::Enter);
    assert!(matches!(
        challenge_task(&mut app),
        ChallengeTask::AssociateTotp { .. }
    ));
    let next = PendingChallenge::new(
        Challenge::MfaSetup {
            can_set_up: vec![MfaKind::SoftwareToken],
        },
        "carol",
        Some(SecretString::new("session-2")),
    );
    app.update(Msg::Challenge(ChallengeMsg::TotpAssociated(Ok((
        totp_setup(),
        Box::new(next),
    )))));
    let Step::Setup(panel) = &screen(&app).step else {
        panic!("not the setup step")
    };
    assert!(panel.has_secret() && panel.qr().is_some());
    let text = support::screen(&app, 80, 24);
    assert!(text.contains("JBSW Y3DP EHPK 3PXP"), "{text}");
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app).error.as_deref(), Some("Enter the code."));
    type_text(&mut app, "654321");
    press(&mut app, KeyCode::Enter);
    let answer = answer(&mut app);
    assert!(
        matches!(&answer, Answer::TotpSetupCode { code, .. } if code == "654321"),
        "{answer:?}"
    );
    signed_in(&mut app);
}

#[test]
fn an_expired_challenge_returns_to_sign_in_with_a_clear_message() {
    let mut app = challenged(Challenge::SoftwareTokenMfa);
    type_text(&mut app, "000000");
    press(&mut app, KeyCode::Enter);
    app.take_tasks();
    app.update(Msg::Challenge(ChallengeMsg::Answered(Err(
        ServiceError::SessionExpired {
            detail: "Invalid session for the user, session is expired.".into(),
        },
    ))));
    let Screen::SignIn(s) = &app.screen() else {
        panic!("not on sign-in")
    };
    assert_eq!(s.username(), "carol");
    assert!(
        s.error
            .as_deref()
            .is_some_and(|e| e.contains("sign in again")),
        "{:?}",
        s.error
    );
}

#[test]
fn esc_goes_back_to_sign_in() {
    let mut app = challenged(Challenge::SelectMfaType {
        options: vec![MfaKind::SoftwareToken],
    });
    press(&mut app, KeyCode::Esc);
    let Screen::SignIn(s) = &app.screen() else {
        panic!("not on sign-in")
    };
    assert_eq!(s.username(), "carol");
}

/// The app on the MFA settings with `settings` loaded.
fn mfa_settings(settings: MfaSettings) -> App {
    let mut app = signed_out_app(None);
    app.update(Msg::SignIn(Ok(SignInResult::Home(
        Box::new(home_data()),
        None,
    ))));
    press(&mut app, KeyCode::Char('m'));
    assert_eq!(app.screen().context(), Context::MfaSettings);
    assert_eq!(mfa_action(&mut app), MfaAction::Load);
    mfa_reply(&mut app, Ok(MfaReply::Settings(settings)));
    app
}

fn mfa_action(app: &mut App) -> MfaAction {
    match challenge_task(app) {
        ChallengeTask::Mfa {
            action, username, ..
        } => {
            assert_eq!(username, "alice");
            action
        }
        other => panic!("expected an MFA task, got {other:?}"),
    }
}

fn mfa_reply(app: &mut App, result: Result<MfaReply, ServiceError>) {
    app.update(Msg::Challenge(ChallengeMsg::Mfa {
        session: Box::new(home_data().session),
        notice: None,
        result,
    }));
}

fn settings_error(app: &App) -> Option<String> {
    match &app.screen() {
        Screen::MfaSettings(s) => s.error.clone(),
        other => panic!("not on the MFA settings: {other:?}"),
    }
}

#[test]
fn mfa_settings_set_up_then_remove_an_authenticator_app() {
    let mut app = mfa_settings(MfaSettings::default());
    // Nothing to remove yet.
    press(&mut app, KeyCode::Char('x'));
    assert!(app.take_tasks().is_empty());
    assert_eq!(
        settings_error(&app).as_deref(),
        Some("No authenticator app is set up.")
    );
    press(&mut app, KeyCode::Char('t'));
    assert_eq!(mfa_action(&mut app), MfaAction::SetupTotp);
    mfa_reply(&mut app, Ok(MfaReply::Secret(totp_setup())));
    assert_eq!(app.screen().context(), Context::MfaSetup);
    type_text(&mut app, "111111");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        mfa_action(&mut app),
        MfaAction::VerifyTotp {
            code: "111111".into()
        }
    );
    mfa_reply(&mut app, Err(ServiceError::CodeMismatch));
    assert_eq!(app.screen().context(), Context::MfaSetup);
    assert!(settings_error(&app).is_some());
    press(&mut app, KeyCode::Enter);
    assert!(matches!(mfa_action(&mut app), MfaAction::VerifyTotp { .. }));
    let on = MfaSettings {
        enabled: vec![MfaKind::SoftwareToken],
        preferred: Some(MfaKind::SoftwareToken),
    };
    mfa_reply(
        &mut app,
        Ok(MfaReply::Changed(
            on,
            "The authenticator app is set up and preferred.".into(),
        )),
    );
    assert_eq!(app.screen().context(), Context::MfaSettings);
    assert!(
        app.toast
            .as_ref()
            .is_some_and(|t| t.text.contains("set up"))
    );

    // Removing takes a second press; any other key cancels.
    press(&mut app, KeyCode::Char('x'));
    assert!(
        matches!(&app.screen(), Screen::MfaSettings(s) if matches!(s.mode, Mode::ConfirmRemove))
    );
    press(&mut app, KeyCode::Char('z'));
    press(&mut app, KeyCode::Char('x'));
    assert!(app.take_tasks().is_empty());
    press(&mut app, KeyCode::Char('x'));
    assert_eq!(mfa_action(&mut app), MfaAction::RemoveTotp);
    mfa_reply(
        &mut app,
        Ok(MfaReply::Changed(
            MfaSettings::default(),
            "The authenticator app is removed.".into(),
        )),
    );
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen(), Screen::Home(_)));
}

#[test]
fn the_preferred_method_is_chosen_among_those_enabled() {
    let mut app = mfa_settings(MfaSettings {
        enabled: vec![MfaKind::Sms, MfaKind::SoftwareToken],
        preferred: Some(MfaKind::Sms),
    });
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        mfa_action(&mut app),
        MfaAction::Prefer(MfaKind::SoftwareToken)
    );
    mfa_reply(
        &mut app,
        Ok(MfaReply::Changed(
            MfaSettings {
                enabled: vec![MfaKind::Sms, MfaKind::SoftwareToken],
                preferred: Some(MfaKind::SoftwareToken),
            },
            "The authenticator app is now the preferred method.".into(),
        )),
    );
    press(&mut app, KeyCode::Enter);
    assert!(app.take_tasks().is_empty());
    assert!(settings_error(&app).is_some_and(|e| e.contains("already preferred")));

    let mut app = mfa_settings(MfaSettings::default());
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('p'));
    assert!(app.take_tasks().is_empty());
    assert!(settings_error(&app).is_some_and(|e| e.contains("not turned on")));
}

#[test]
fn an_mfa_settings_session_that_expired_leads_to_sign_in() {
    let mut app = mfa_settings(MfaSettings::default());
    press(&mut app, KeyCode::Char('t'));
    app.take_tasks();
    mfa_reply(
        &mut app,
        Err(ServiceError::SessionExpired {
            detail: "Access Token has been revoked".into(),
        }),
    );
    let Screen::SignIn(s) = &app.screen() else {
        panic!("not on sign-in")
    };
    assert_eq!(s.username(), "alice");
    assert!(s.error.is_some());
}

#[test]
fn m_opens_the_mfa_settings_only_on_home() {
    let mut app = signed_out_app(None);
    type_text(&mut app, "m");
    let Screen::SignIn(s) = &app.screen() else {
        panic!("not on sign-in")
    };
    assert_eq!(s.username(), "m");
    assert!(app.take_tasks().is_empty());
}
