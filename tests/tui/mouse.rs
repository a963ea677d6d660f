//! Mouse clicks and the wheel, hit-tested with the layout the view draws with: the positions
//! clicked here are found in the rendered screen, as a user would find them.

use crate::support;
use crate::tools_support;

use std::collections::BTreeMap;

use cognito_tui::local_pool::outbox::OutboxMessage;
use cognito_tui::secret::SecretString;
use cognito_tui::service::account::{MfaSettings, User};
use cognito_tui::service::auth::{Answer, Challenge, MfaKind, PendingChallenge};
use cognito_tui::store::{Profile, ProfileEntry};
use cognito_tui::tui::app::{App, Screen, Start};
use cognito_tui::tui::keymap::Context;
use cognito_tui::tui::msg::account::{AccountMsg, AccountTask};
use cognito_tui::tui::msg::{
    ChallengeMsg, ChallengeTask, HomeData, MfaAction, MfaReply, Msg, SignInResult, Task,
};
use cognito_tui::tui::screens::outbox::OutboxEntry;
use cognito_tui::tui::screens::tokens::TokenTab;
use cognito_tui::tui::theme::Theme;
use cognito_tui::tui::widgets::Toast;
use crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use support::*;

const AREA: Rect = Rect::new(0, 0, 80, 24);

fn mouse(app: &mut App, kind: MouseEventKind, column: u16, row: u16) -> bool {
    app.on_mouse(
        MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        },
        AREA,
    )
}

fn click(app: &mut App, column: u16, row: u16) -> bool {
    mouse(app, MouseEventKind::Down(MouseButton::Left), column, row)
}

/// Where `needle` is drawn on the 80×24 screen: (column, row) of its first character.
fn find(app: &App, needle: &str) -> (u16, u16) {
    let text = screen(app, AREA.width, AREA.height);
    for (row, line) in text.lines().enumerate() {
        // TestBackend's text quotes each row: `"…"`.
        let line = line.strip_prefix('"').unwrap_or(line);
        if let Some(at) = line.find(needle) {
            let column = line[..at].chars().count();
            return (column as u16, row as u16);
        }
    }
    panic!("{needle:?} is not on the screen:\n{text}")
}

fn picker() -> App {
    let entries = vec![
        ProfileEntry {
            name: "dev".into(),
            profile: Ok(Profile::new("dev", "eu-west-1_AbC123", "client123")),
        },
        ProfileEntry {
            name: "prod".into(),
            profile: Ok(Profile::new("prod", "us-east-1_Prod42", "client456")),
        },
    ];
    App::new(Start::Picker(entries), Theme::monochrome(), now())
}

fn selected(app: &App) -> usize {
    match &app.screen() {
        Screen::Picker(p) => p.selected,
        _ => panic!("not on the picker"),
    }
}

#[test]
fn a_click_on_a_form_field_focuses_it() {
    let mut app = signed_out_app(Some("alice"));
    let Screen::SignIn(s) = &app.screen() else {
        panic!("not on sign-in")
    };
    assert_eq!(s.form().focus(), 1, "the password has the focus");
    let (column, row) = find(&app, "Username");
    assert!(click(&mut app, column + 20, row));
    let Screen::SignIn(s) = &app.screen() else {
        panic!("not on sign-in")
    };
    assert_eq!(s.form().focus(), 0);
    type_text(&mut app, "x");
    let Screen::SignIn(s) = &app.screen() else {
        panic!("not on sign-in")
    };
    assert_eq!(s.username(), "alicex");
}

#[test]
fn a_click_on_a_footer_hint_runs_its_command() {
    let mut app = signed_out_app(None);
    let (column, row) = find(&app, "F2 show/hide");
    click(&mut app, column + 4, row);
    let Screen::SignIn(s) = &app.screen() else {
        panic!("not on sign-in")
    };
    assert!(s.form().field(1).is_shown());
    let (column, row) = find(&app, "F1 help");
    click(&mut app, column, row);
    assert!(app.help);
    // Any click closes the help again.
    click(&mut app, 0, 0);
    assert!(!app.help);
    let (column, row) = find(&app, "Esc back");
    click(&mut app, column, row);
    assert!(matches!(app.screen(), Screen::Picker(_)));
}

#[test]
fn each_key_of_a_shared_hint_runs_its_own_command() {
    let mut app = picker();
    let (column, row) = find(&app, "↑/↓ move");
    click(&mut app, column + 2, row);
    assert_eq!(selected(&app), 1);
    click(&mut app, column, row);
    assert_eq!(selected(&app), 0);
}

#[test]
fn a_picker_row_is_selected_by_a_click_and_opened_by_a_second() {
    let mut app = picker();
    let (column, row) = find(&app, "prod");
    click(&mut app, column, row);
    assert_eq!(selected(&app), 1);
    assert!(app.take_tasks().is_empty());
    click(&mut app, column, row);
    let tasks = app.take_tasks();
    assert!(
        matches!(tasks.as_slice(), [Task::Connect { profile, .. }] if profile == "prod"),
        "{tasks:?}"
    );
    // A click below the rows, or on the frame, does nothing.
    let mut app = picker();
    click(&mut app, 2, 10);
    click(&mut app, 0, 2);
    assert_eq!(selected(&app), 0);
    assert!(app.take_tasks().is_empty());
}

#[test]
fn the_wheel_moves_in_lists_and_not_in_forms() {
    let mut app = picker();
    mouse(&mut app, MouseEventKind::ScrollDown, 10, 5);
    assert_eq!(selected(&app), 1);
    mouse(&mut app, MouseEventKind::ScrollUp, 10, 5);
    assert_eq!(selected(&app), 0);
    let mut app = signed_out_app(None);
    assert!(!mouse(&mut app, MouseEventKind::ScrollDown, 10, 3));
}

#[test]
fn a_click_on_the_toast_dismisses_it() {
    let mut app = signed_out_app(None);
    app.toast = Some(Toast::info("Account created; sign in."));
    let (column, row) = find(&app, "Account created");
    assert!(click(&mut app, column, row));
    assert!(app.toast.is_none());
    // With no toast the row is inert.
    assert!(!click(&mut app, column, row));
}

#[test]
fn clicks_reach_the_register_form() {
    let mut app = signed_out_app(None);
    ctrl(&mut app, 'r');
    let (column, row) = find(&app, "Email");
    click(&mut app, column, row);
    let Screen::Register(s) = &app.screen() else {
        panic!("not on register")
    };
    assert_eq!(s.form().focus(), 2);
}

/// The focused field of the screen's form, for the form screens.
fn focus(app: &App) -> usize {
    match &app.screen() {
        Screen::Confirm(s) => s.form().focus(),
        Screen::Forgot(s) => s.form().focus(),
        Screen::ChangePassword(s) => s.form().focus(),
        Screen::ProfileForm(s) => s.form().focus(),
        Screen::Challenge(s) => s.form().map_or(usize::MAX, |f| f.focus()),
        other => panic!("not a form screen: {other:?}"),
    }
}

/// Clicks the first place `needle` is drawn.
fn click_on(app: &mut App, needle: &str) -> bool {
    let (column, row) = find(app, needle);
    click(app, column, row)
}

#[test]
fn clicks_focus_the_fields_of_confirm_forgot_change_password_and_the_profile_form() {
    let mut app = signed_out_app(None);
    ctrl(&mut app, 'o');
    assert_eq!(focus(&app), 0);
    click_on(&mut app, "Code");
    assert_eq!(focus(&app), 1);
    press(&mut app, KeyCode::Esc);
    ctrl(&mut app, 'f');
    click_on(&mut app, "New password");
    assert_eq!(focus(&app), 2);

    let mut app = home_app();
    press(&mut app, KeyCode::Char('p'));
    click_on(&mut app, "Repeat");
    assert_eq!(focus(&app), 2);

    let mut app = picker();
    press(&mut app, KeyCode::Char('a'));
    click_on(&mut app, "Client id");
    assert_eq!(focus(&app), 3);
}

#[test]
fn a_click_chooses_what_to_verify() {
    let mut app = signed_out_app(None);
    let data = HomeData {
        email_verified: false,
        phone: Some("+15550100".into()),
        ..home_data()
    };
    app.update(Msg::SignIn(Ok(SignInResult::Home(Box::new(data), None))));
    press(&mut app, KeyCode::Char('v'));
    let chosen = |app: &App| match &app.screen() {
        Screen::Verify(s) => s.chosen().map(|c| c.attribute),
        other => panic!("not on verify: {other:?}"),
    };
    assert_eq!(chosen(&app), Some("email"));
    click_on(&mut app, "+15550100");
    assert_eq!(chosen(&app), Some("phone_number"));
    // The code field keeps the focus; a click on it changes nothing else.
    click_on(&mut app, "Code");
    assert_eq!(chosen(&app), Some("phone_number"));
}

fn alice() -> User {
    let attributes: BTreeMap<String, String> = [
        ("sub", "0f6c8a52-1d2e-4b7a-9c3d-5e6f7a8b9c0d"),
        ("email", "alice@example.com"),
        ("email_verified", "true"),
        ("given_name", "Alice"),
        ("family_name", "Anderson"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    User {
        username: "alice".into(),
        sub: attributes["sub"].clone(),
        email_verified: true,
        phone_verified: false,
        attributes,
        mfa: MfaSettings::default(),
    }
}

#[test]
fn a_profile_row_is_selected_by_a_click_and_edited_by_a_second() {
    let mut app = home_app();
    press(&mut app, KeyCode::Char('e'));
    assert!(matches!(
        app.take_tasks().as_slice(),
        [Task::Account {
            task: AccountTask::LoadAttributes { .. },
            ..
        }]
    ));
    app.update(Msg::Account(AccountMsg::AttributesLoaded(Ok(Box::new(
        alice(),
    )))));
    let selected = |app: &App| match &app.screen() {
        Screen::Attributes(s) => s.rows[s.selected].name.clone(),
        other => panic!("not on the profile editor: {other:?}"),
    };
    click_on(&mut app, "given_name");
    assert_eq!(selected(&app), "given_name");
    assert_eq!(app.context(), Context::Attributes);
    click_on(&mut app, "given_name");
    assert_eq!(app.context(), Context::AttributeEdit);
    // While editing, the table does not take clicks.
    click_on(&mut app, "family_name");
    assert_eq!(selected(&app), "given_name");
    press(&mut app, KeyCode::Esc);
    // The add editor: a click moves between its two fields.
    press(&mut app, KeyCode::Char('a'));
    let typed = |app: &App| match &app.screen() {
        Screen::Attributes(s) => s.editing_text(),
        _ => None,
    };
    // The heading, then the Name and Value fields.
    let (column, row) = find(&app, "Adding an attribute");
    click(&mut app, column, row + 2);
    type_text(&mut app, "x");
    assert_eq!(typed(&app).as_deref(), Some(""));
    click(&mut app, column, row + 1);
    type_text(&mut app, "y");
    assert_eq!(typed(&app).as_deref(), Some("y"));
}

fn challenged(challenge: Challenge) -> App {
    let mut app = signed_out_app(Some("carol"));
    type_text(&mut app, "Temp-Pass-2024!");
    press(&mut app, KeyCode::Enter);
    app.take_tasks();
    let pending = PendingChallenge::new(challenge, "carol", Some(SecretString::new("s-1")));
    app.update(Msg::SignIn(Ok(SignInResult::Challenge(Box::new(pending)))));
    app
}

#[test]
fn clicks_reach_the_challenges() {
    let mut app = challenged(Challenge::NewPasswordRequired {
        required_attributes: vec!["given_name".into()],
        current_attributes: BTreeMap::new(),
    });
    click_on(&mut app, "Given name");
    assert_eq!(focus(&app), 2);
    click_on(&mut app, "Repeat");
    assert_eq!(focus(&app), 1);

    let mut app = challenged(Challenge::SelectMfaType {
        options: vec![MfaKind::SoftwareToken, MfaKind::Sms],
    });
    let (column, row) = find(&app, "Authenticator app");
    click(&mut app, column, row + 1);
    assert!(app.take_tasks().is_empty(), "a first click only selects");
    click(&mut app, column, row + 1);
    let tasks = app.take_tasks();
    assert!(
        matches!(
            tasks.as_slice(),
            [Task::Challenge {
                task: ChallengeTask::Answer {
                    answer: Answer::SelectMfa(MfaKind::Sms),
                    ..
                },
                ..
            }]
        ),
        "{tasks:?}"
    );

    // MFA setup: the code field takes the click and the typing once the secret came.
    let mut app = challenged(Challenge::MfaSetup {
        can_set_up: vec![MfaKind::SoftwareToken],
    });
    app.take_tasks();
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    let setup = cognito_tui::service::account::TotpSetup {
        secret: SecretString::new(secret),
        otpauth_uri: SecretString::new(cognito_tui::service::account::otpauth_uri(
            secret,
            "carol",
            "us-east-1_DemoPool1",
        )),
    };
    let next = PendingChallenge::new(
        Challenge::MfaSetup {
            can_set_up: vec![MfaKind::SoftwareToken],
        },
        "carol",
        Some(SecretString::new("s-2")),
    );
    app.update(Msg::Challenge(ChallengeMsg::TotpAssociated(Ok((
        setup,
        Box::new(next),
    )))));
    assert!(click_on(&mut app, "Code"));
    assert_eq!(focus(&app), 0);
}

#[test]
fn an_mfa_method_is_selected_by_a_click_and_preferred_by_a_second() {
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
        result: Ok(MfaReply::Settings(MfaSettings {
            enabled: vec![MfaKind::Sms, MfaKind::SoftwareToken],
            preferred: Some(MfaKind::Sms),
        })),
    }));
    let selected = |app: &App| match &app.screen() {
        Screen::MfaSettings(s) => s.selected,
        other => panic!("not on the MFA settings: {other:?}"),
    };
    click_on(&mut app, "Text message");
    assert_eq!(selected(&app), 1);
    click_on(&mut app, "Authenticator app");
    assert_eq!(selected(&app), 0);
    assert!(app.take_tasks().is_empty());
    click_on(&mut app, "Authenticator app");
    let tasks = app.take_tasks();
    assert!(
        matches!(
            tasks.as_slice(),
            [Task::Challenge {
                task: ChallengeTask::Mfa {
                    action: MfaAction::Prefer(MfaKind::SoftwareToken),
                    ..
                },
                ..
            }]
        ),
        "{tasks:?}"
    );
}

#[test]
fn a_click_on_a_token_tab_switches_to_it() {
    let mut app = tools_support::signed_in_app();
    press(&mut app, KeyCode::Char('t'));
    let tab = |app: &App| match &app.screen() {
        Screen::Tokens(s) => s.tab,
        other => panic!("not on the inspector: {other:?}"),
    };
    assert_eq!(tab(&app), TokenTab::Id);
    click_on(&mut app, "Refresh token");
    assert_eq!(tab(&app), TokenTab::Refresh);
    // The padding around a title belongs to its tab.
    let (column, row) = find(&app, "Access token");
    click(&mut app, column - 1, row);
    assert_eq!(tab(&app), TokenTab::Access);
}

#[test]
fn an_outbox_row_is_selected_by_a_click_and_its_code_used_by_a_second() {
    let runtime = tools_support::runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = tools_support::app_with_pool(tools_support::start_pool(&runtime, dir.path()));
    ctrl(&mut app, 'o');
    press(&mut app, KeyCode::F(4));
    app.take_tasks();
    let entry = |code: &str, time: &str| {
        OutboxEntry::from(OutboxMessage {
            time: time.into(),
            pool_id: "us-east-1_DemoPool1".into(),
            username: "zoe".into(),
            kind: "sign_up".into(),
            delivery: "EMAIL".into(),
            destination: "zoe@example.com".into(),
            code: Some(code.into()),
            message: format!("Your code is {code}"),
        })
    };
    let entries = vec![
        entry("654321", "2027-01-15T08:00:05Z"),
        entry("123456", "2027-01-15T07:59:00Z"),
    ];
    app.on_msg(Msg::OutboxRead(Ok(entries)));
    // A click on a message's second row counts for it too.
    let (column, row) = find(&app, "Your code is 123456");
    click(&mut app, column, row);
    let Screen::Outbox(s) = &app.screen() else {
        panic!("not on the outbox")
    };
    assert_eq!(s.selected, 1);
    click_on(&mut app, "123456");
    let Screen::Confirm(s) = &app.screen() else {
        panic!("not back on confirm: {:?}", app.screen())
    };
    assert_eq!(s.form().field(1).value(), "123456");
}

#[test]
fn a_dialog_takes_clicks_on_its_answers_and_nothing_reaches_the_screen_under_it() {
    let mut app = home_app();
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(app.context(), Context::Dialog);
    // Outside the answers (the home under it, the dialog's text): nothing happens.
    assert!(!click_on(&mut app, "Username"));
    assert!(!click_on(&mut app, "Sign out alice"));
    assert!(app.dialog.is_some());
    assert!(matches!(app.screen(), Screen::Home(_)));
    // The wheel does nothing either.
    assert!(!mouse(&mut app, MouseEventKind::ScrollDown, 10, 5));
    assert!(click_on(&mut app, "[ n No ]"));
    assert!(app.dialog.is_none());
    assert!(app.take_tasks().is_empty());
    press(&mut app, KeyCode::Char('s'));
    click_on(&mut app, "[ y Yes, sign out ]");
    assert!(app.dialog.is_none());
    assert!(matches!(
        app.take_tasks().as_slice(),
        [Task::SignOut { .. }]
    ));
}

#[test]
fn the_footer_answers_an_open_dialog_and_a_typed_one_waits_for_its_word() {
    let mut app = home_app();
    press(&mut app, KeyCode::Char('s'));
    // The footer shows the dialog's keys, and a click on one answers the dialog.
    click_on(&mut app, "n no");
    assert!(app.dialog.is_none());
    assert!(matches!(app.screen(), Screen::Home(_)));

    press(&mut app, KeyCode::Char('D'));
    assert_eq!(app.context(), Context::TypedDialog);
    assert!(click_on(&mut app, "[ Enter Yes, delete ]"));
    assert!(app.dialog.is_some(), "yes waits for the username");
    assert!(app.take_tasks().is_empty());
    type_text(&mut app, "alice");
    click_on(&mut app, "[ Enter Yes, delete ]");
    assert!(matches!(
        app.take_tasks().as_slice(),
        [Task::Account {
            task: AccountTask::DeleteAccount { .. },
            ..
        }]
    ));
}

#[test]
fn deleting_a_profile_is_answered_by_a_click_on_the_shared_dialog() {
    let mut app = picker();
    press(&mut app, KeyCode::Char('d'));
    assert_eq!(app.context(), Context::Dialog);
    assert!(
        screen(&app, 80, 24).contains("Delete profile dev? Its saved sessions are removed too.")
    );
    // A click on a picker row under the dialog does nothing.
    click_on(&mut app, "prod");
    assert_eq!(selected(&app), 0);
    click_on(&mut app, "[ y Yes, delete ]");
    assert!(matches!(
        app.take_tasks().as_slice(),
        [Task::DeleteProfile { name }] if name == "dev"
    ));
}

#[test]
fn a_click_on_an_action_of_the_account_home_runs_it() {
    let mut app = home_app();
    // A click beside the actions (on who is signed in) does nothing.
    click_on(&mut app, "Username");
    assert!(matches!(app.screen(), Screen::Home(_)));
    click_on(&mut app, "Edit the profile");
    assert!(
        matches!(app.screen(), Screen::Attributes(_)),
        "the profile editor opens"
    );
    let mut app = home_app();
    click_on(&mut app, "Sign out (and revoke");
    assert!(app.dialog.is_some(), "sign out asks first, as its key does");
    assert!(matches!(app.screen(), Screen::Home(_)));
}
