//! The token inspector, the outbox and the picker's profile editing through `App::on_key` and
//! `App::update`, with the worker's results injected.

use crate::support;
use crate::tools_support;

use cognito_tui::local_pool::outbox::OutboxMessage;
use cognito_tui::service::ServiceError;
use cognito_tui::service::session::Session;
use cognito_tui::store::{Profile, ProfileEntry};
use cognito_tui::tui::app::{App, Effect, Screen, Start};
use cognito_tui::tui::keymap::Context;
use cognito_tui::tui::msg::{Msg, Task};
use cognito_tui::tui::screens::outbox::OutboxEntry;
use cognito_tui::tui::screens::profile_form::ProfilesChanged;
use cognito_tui::tui::screens::tokens::{Signature, TokenCheck, TokenTab};
use cognito_tui::tui::theme::Theme;
use crossterm::event::KeyCode;
use support::*;
use tools_support::*;

fn tokens_screen(app: &App) -> &cognito_tui::tui::screens::tokens::TokensScreen {
    match &app.screen() {
        Screen::Tokens(s) => s,
        other => panic!("expected the token inspector, got {other:?}"),
    }
}

#[test]
fn the_inspector_verifies_switches_tokens_and_returns_home() {
    let mut app = signed_in_app();
    press(&mut app, KeyCode::Char('t'));
    let tasks = app.take_tasks();
    let [Task::VerifyTokens { tokens, .. }] = tasks.as_slice() else {
        panic!("expected a signature check, got {tasks:?}")
    };
    assert_eq!(tokens.username, "alice");
    let s = tokens_screen(&app);
    assert_eq!(s.signature(TokenTab::Id), Some(&Signature::Checking));
    assert_eq!(
        s.times,
        [
            ("Issued", "2027-01-15 07:57:00 UTC (3m ago)".to_string()),
            (
                "Expires",
                "2027-01-15 08:57:00 UTC (in 57m 00s)".to_string()
            ),
            ("Auth time", "2027-01-15 07:57:00 UTC (3m ago)".to_string()),
        ]
    );
    app.update(Msg::TokensVerified(TokenCheck {
        id: Ok("demo-key-2024".into()),
        access: Err("bad signature: the token was not signed by the user pool's key".into()),
    }));
    let s = tokens_screen(&app);
    assert_eq!(
        s.signature(TokenTab::Id),
        Some(&Signature::Valid("demo-key-2024".into()))
    );
    assert!(matches!(
        s.signature(TokenTab::Access),
        Some(Signature::Invalid(_))
    ));
    let text = screen(&app, 80, 24);
    assert!(text.contains("✓ signature valid"), "{text}");

    press(&mut app, KeyCode::Tab);
    assert_eq!(tokens_screen(&app).tab, TokenTab::Access);
    let text = screen(&app, 80, 24);
    assert!(text.contains("✗ bad signature"), "{text}");
    press(&mut app, KeyCode::Right);
    assert_eq!(tokens_screen(&app).tab, TokenTab::Refresh);
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Left);
    assert_eq!(tokens_screen(&app).tab, TokenTab::Id);

    // The relative times tick.
    assert!(app.tick(now() + time::Duration::seconds(1)));
    assert!(tokens_screen(&app).times[1].1.contains("in 56m 59s"));

    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen(), Screen::Home(_)));
}

#[test]
fn the_refresh_token_stays_hidden_until_revealed_and_jwts_are_shortened() {
    let mut app = signed_in_app();
    press(&mut app, KeyCode::Char('t'));
    let full_id = tokens_screen(&app).tokens().id_token.expose().to_string();
    let text = screen(&app, 80, 24);
    assert!(!text.contains(&full_id[..40]), "{text}");
    assert!(text.contains(&full_id[..10]), "{text}");
    press(&mut app, KeyCode::BackTab);
    assert_eq!(tokens_screen(&app).tab, TokenTab::Refresh);
    let text = screen(&app, 80, 24);
    assert!(text.contains("opaque"), "{text}");
    assert!(text.contains("26 characters"), "{text}");
    assert!(!text.contains("opaque-refresh-token-value"), "{text}");
    press(&mut app, KeyCode::F(2));
    let text = screen(&app, 80, 24);
    assert!(text.contains("opaque-refresh-token-value"), "{text}");
    press(&mut app, KeyCode::F(2));
    assert!(!screen(&app, 80, 24).contains("opaque-refresh-token-value"));
}

#[test]
fn copy_queues_an_osc52_effect_for_the_loop() {
    let mut app = signed_in_app();
    press(&mut app, KeyCode::Char('t'));
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('c'));
    let effects = app.take_effects();
    let [Effect::Copy(text)] = effects.as_slice() else {
        panic!("expected one copy, got {effects:?}")
    };
    assert_eq!(
        text.expose(),
        tokens_screen(&app).tokens().access_token.expose()
    );
    assert!(app.take_effects().is_empty());
    let toast = app
        .toast
        .as_ref()
        .map(|t| t.text.clone())
        .unwrap_or_default();
    assert!(toast.contains("Copied the access token (OSC 52"), "{toast}");
}

#[test]
fn refreshing_from_the_inspector_updates_it_and_checks_again() {
    let mut app = signed_in_app();
    press(&mut app, KeyCode::Char('t'));
    app.take_tasks();
    press(&mut app, KeyCode::Char('j')); // unbound here: nothing happens
    press(&mut app, KeyCode::Char('r'));
    let tasks = app.take_tasks();
    assert!(
        matches!(tasks.as_slice(), [Task::Refresh { .. }]),
        "{tasks:?}"
    );
    assert_eq!(app.pending(), Some("Refreshing the session"));
    let fresh = jwt_tokens("a-new-refresh-token");
    app.update(Msg::Refreshed(Ok((Session::new(fresh), None))));
    assert!(app.pending().is_none());
    let s = tokens_screen(&app);
    assert_eq!(
        s.tokens().refresh_token.as_ref().map(|t| t.expose()),
        Some("a-new-refresh-token")
    );
    assert_eq!(s.signature(TokenTab::Id), Some(&Signature::Checking));
    assert!(matches!(
        app.take_tasks().as_slice(),
        [Task::VerifyTokens { .. }]
    ));
    press(&mut app, KeyCode::Esc);
    let Screen::Home(home) = &app.screen() else {
        panic!("not home")
    };
    assert_eq!(
        home.data
            .session
            .tokens()
            .refresh_token
            .as_ref()
            .map(|t| t.expose()),
        Some("a-new-refresh-token")
    );
    // A failed refresh says so and keeps the inspector.
    press(&mut app, KeyCode::Char('t'));
    press(&mut app, KeyCode::Char('r'));
    app.update(Msg::Refreshed(Err(ServiceError::SessionExpired {
        detail: "revoked".into(),
    })));
    assert!(matches!(app.screen(), Screen::Tokens(_)));
    let toast = app
        .toast
        .as_ref()
        .map(|t| t.text.clone())
        .unwrap_or_default();
    assert!(toast.contains("could not be refreshed"), "{toast}");
}

#[test]
fn local_times_use_the_offset_read_at_start() {
    let mut app = signed_in_app();
    app.set_local_offset(time::UtcOffset::from_hms(2, 0, 0).ok());
    press(&mut app, KeyCode::Char('t'));
    assert_eq!(
        tokens_screen(&app).times[1].1,
        "2027-01-15 10:57:00 +02:00 (in 57m 00s)"
    );
}

#[test]
fn without_the_in_process_pool_the_outbox_key_is_absent() {
    let mut app = signed_in_app();
    assert!(!app.outbox_available());
    press(&mut app, KeyCode::Char('o'));
    assert!(matches!(app.screen(), Screen::Home(_)));
    assert!(app.take_tasks().is_empty());
    assert!(
        !app.keymap
            .hints(Context::Home)
            .iter()
            .any(|(_, w)| *w == "outbox")
    );
    assert!(
        app.keymap
            .hints(Context::Home)
            .iter()
            .any(|(_, w)| *w == "tokens")
    );
}

fn message(username: &str, kind: &str, code: &str, time: &str) -> OutboxEntry {
    OutboxEntry::from(OutboxMessage {
        time: time.into(),
        pool_id: "us-east-1_DemoPool1".into(),
        username: username.into(),
        kind: kind.into(),
        delivery: "EMAIL".into(),
        destination: format!("{username}@example.com"),
        code: Some(code.into()),
        message: format!("Your code is {code}"),
    })
}

#[test]
fn the_outbox_fills_the_code_in_the_confirm_screen_and_reloads_on_the_tick() {
    let runtime = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = app_with_pool(start_pool(&runtime, dir.path()));
    assert!(app.outbox_available());
    ctrl(&mut app, 'o'); // the confirm screen
    let Screen::Confirm(_) = &app.screen() else {
        panic!("not on confirm: {:?}", app.screen())
    };
    assert!(
        app.keymap
            .hints(Context::Confirm)
            .iter()
            .any(|(k, w)| k == "F4" && *w == "outbox")
    );
    press(&mut app, KeyCode::F(4));
    assert!(matches!(
        app.take_tasks().as_slice(),
        [Task::ReadOutbox { .. }]
    ));
    let entries = vec![
        message("zoe", "sign_up", "654321", "2027-01-15T08:00:05Z"),
        message("zoe", "sign_up", "123456", "2027-01-15T07:59:00Z"),
    ];
    assert!(app.on_msg(Msg::OutboxRead(Ok(entries.clone()))));
    // The same list again: nothing to redraw.
    assert!(!app.on_msg(Msg::OutboxRead(Ok(entries.clone()))));

    // Reloads come at most every two seconds, one at a time.
    assert!(!app.tick(now() + time::Duration::seconds(1)));
    assert!(app.take_tasks().is_empty());
    app.tick(now() + time::Duration::seconds(2));
    assert!(matches!(
        app.take_tasks().as_slice(),
        [Task::ReadOutbox { .. }]
    ));
    app.tick(now() + time::Duration::seconds(5));
    assert!(app.take_tasks().is_empty(), "a read is still in flight");
    let mut newer = entries.clone();
    newer.insert(
        0,
        message("bob", "forgot_password", "777777", "2027-01-15T08:00:09Z"),
    );
    assert!(app.on_msg(Msg::OutboxRead(Ok(newer))));

    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('c'));
    let effects = app.take_effects();
    assert!(
        matches!(effects.as_slice(), [Effect::Copy(code)] if code.expose() == "654321"),
        "{effects:?}"
    );
    press(&mut app, KeyCode::Enter);
    let Screen::Confirm(s) = &app.screen() else {
        panic!("not back on confirm: {:?}", app.screen())
    };
    assert_eq!(s.username(), "zoe");
    assert_eq!(s.form().field(1).value(), "654321");
    // Esc from the outbox returns where it was opened, input kept.
    press(&mut app, KeyCode::F(4));
    press(&mut app, KeyCode::Esc);
    let Screen::Confirm(s) = &app.screen() else {
        panic!("not back on confirm")
    };
    assert_eq!(s.form().field(1).value(), "654321");
}

#[test]
fn from_sign_in_the_outbox_opens_the_screen_a_code_is_for() {
    let runtime = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = app_with_pool(start_pool(&runtime, dir.path()));
    press(&mut app, KeyCode::F(4));
    app.take_tasks();
    app.update(Msg::OutboxRead(Ok(vec![message(
        "bob",
        "forgot_password",
        "424242",
        "2027-01-15T08:00:09Z",
    )])));
    press(&mut app, KeyCode::Enter);
    let Screen::Forgot(s) = &app.screen() else {
        panic!("not on the reset screen: {:?}", app.screen())
    };
    assert_eq!(s.username(), "bob");
    assert_eq!(s.form().field(1).value(), "424242");
    assert_eq!(s.form().focus(), 2, "the new password is next");
}

fn saved_profiles() -> Vec<ProfileEntry> {
    let mut dev = Profile::new("dev", "eu-west-1_AbC123", "client123");
    dev.endpoint_url = Some("http://127.0.0.1:9229".into());
    vec![ProfileEntry {
        name: "dev".into(),
        profile: Ok(dev),
    }]
}

fn picker_app() -> App {
    App::new(Start::Picker(saved_profiles()), Theme::monochrome(), now())
}

#[test]
fn adding_a_profile_validates_inline_and_saves_through_the_worker() {
    let mut app = picker_app();
    press(&mut app, KeyCode::Char('a'));
    let Screen::ProfileForm(_) = &app.screen() else {
        panic!("no form: {:?}", app.screen())
    };
    press(&mut app, KeyCode::Enter);
    let Screen::ProfileForm(form) = &app.screen() else {
        panic!("no form")
    };
    assert_eq!(form.error.as_deref(), Some("Enter the name."));
    type_text(&mut app, "staging");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "not-a-pool");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "client789");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "s3cret");
    press(&mut app, KeyCode::Enter);
    let Screen::ProfileForm(form) = &app.screen() else {
        panic!("no form")
    };
    let error = form.error.clone().unwrap_or_default();
    assert!(error.contains("not of the form <region>_<id>"), "{error}");
    assert_eq!(form.form().focus(), 2, "the pool id is focused");
    assert!(app.take_tasks().is_empty());
    // Fix the pool id: everything else was kept.
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "eu-west-1_Stage9");
    press(&mut app, KeyCode::Enter);
    let tasks = app.take_tasks();
    let [Task::SaveProfile { profile, replace }] = tasks.as_slice() else {
        panic!("expected a save, got {tasks:?}")
    };
    assert!(!replace);
    assert_eq!(profile.name, "staging");
    assert_eq!(profile.region, "eu-west-1");
    assert_eq!(
        profile.client_secret.as_ref().map(|s| s.expose()),
        Some("s3cret")
    );
    assert!(!format!("{tasks:?}").contains("s3cret"));

    // The store refuses (name taken): the error inline, the input kept.
    app.update(Msg::ProfileSaved(Err(
        "a profile named \"staging\" already exists: choose another name, or edit that one".into(),
    )));
    let Screen::ProfileForm(form) = &app.screen() else {
        panic!("no form")
    };
    assert!(
        form.error
            .as_deref()
            .unwrap_or_default()
            .contains("already exists")
    );
    assert_eq!(form.form().field(0).value(), "staging");
    assert_eq!(form.form().focus(), 0);

    let mut entries = saved_profiles();
    entries.push(ProfileEntry {
        name: "staging".into(),
        profile: Ok(*profile.clone()),
    });
    app.update(Msg::ProfileSaved(Ok(ProfilesChanged {
        message: "saved profile staging in /tmp/profiles.toml".into(),
        problem: false,
        entries,
        name: "staging".into(),
    })));
    let Screen::Picker(picker) = &app.screen() else {
        panic!("not back on the picker")
    };
    assert_eq!(picker.items.len(), 3);
    assert_eq!(picker.items[picker.selected].name, "staging");
    let toast = app
        .toast
        .as_ref()
        .map(|t| t.text.clone())
        .unwrap_or_default();
    assert_eq!(toast, "saved profile staging in /tmp/profiles.toml");
}

#[test]
fn editing_keeps_the_name_and_replaces() {
    let mut app = picker_app();
    press(&mut app, KeyCode::Char('e'));
    let Screen::ProfileForm(form) = &app.screen() else {
        panic!("no form: {:?}", app.screen())
    };
    assert_eq!(form.editing.as_deref(), Some("dev"));
    assert_eq!(form.form().field(5).value(), "http://127.0.0.1:9229");
    assert_eq!(form.form().focus(), 1);
    press(&mut app, KeyCode::Up);
    type_text(&mut app, "x");
    let Screen::ProfileForm(form) = &app.screen() else {
        panic!("no form")
    };
    assert_eq!(form.form().field(0).value(), "dev");
    assert!(
        form.error
            .as_deref()
            .unwrap_or_default()
            .contains("cannot be renamed")
    );
    press(&mut app, KeyCode::Enter);
    let tasks = app.take_tasks();
    assert!(
        matches!(tasks.as_slice(), [Task::SaveProfile { replace: true, profile }] if profile.name == "dev"),
        "{tasks:?}"
    );
    // Esc leaves the form for the picker.
    app.update(Msg::ProfileSaved(Err("disk full".into())));
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen(), Screen::Picker(_)));
}

#[test]
fn deleting_asks_first_and_the_demo_row_is_protected() {
    let mut app = picker_app();
    press(&mut app, KeyCode::Down); // the local demo pool
    press(&mut app, KeyCode::Char('d'));
    let Screen::Picker(picker) = &app.screen() else {
        panic!("not on the picker")
    };
    assert!(
        picker
            .error
            .as_deref()
            .unwrap_or_default()
            .contains("cannot be edited or deleted")
    );
    press(&mut app, KeyCode::Char('e'));
    assert!(matches!(app.screen(), Screen::Picker(_)));
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Char('d'));
    // The shared yes/no dialog asks, over the picker.
    assert_eq!(app.context(), Context::Dialog);
    assert!(
        screen(&app, 80, 24).contains("Delete profile dev? Its saved sessions are removed too")
    );
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.context(), Context::Picker);
    assert!(app.dialog.is_none());
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Picker);
    assert!(matches!(app.screen(), Screen::Picker(_)));
    assert!(app.take_tasks().is_empty());
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    let tasks = app.take_tasks();
    assert!(
        matches!(tasks.as_slice(), [Task::DeleteProfile { name }] if name == "dev"),
        "{tasks:?}"
    );
    app.update(Msg::ProfileDeleted(Ok(ProfilesChanged {
        message: "removed profile dev and its saved sessions".into(),
        problem: false,
        entries: Vec::new(),
        name: "dev".into(),
    })));
    let Screen::Picker(picker) = &app.screen() else {
        panic!("not on the picker")
    };
    assert_eq!(picker.items.len(), 1);
    let toast = app
        .toast
        .as_ref()
        .map(|t| t.text.clone())
        .unwrap_or_default();
    assert_eq!(toast, "removed profile dev and its saved sessions");
}
