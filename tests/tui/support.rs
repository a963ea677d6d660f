//! Shared helpers of the TUI tests: an app in a known state, keys, a fixed clock, rendering.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::Arc;

use cognito_tui::secret::SecretString;
use cognito_tui::service::Settings;
use cognito_tui::service::account::{Account, MfaSettings, User};
use cognito_tui::service::session::Session;
use cognito_tui::service::tokens::Tokens;
use cognito_tui::tui::app::{App, Start};
use cognito_tui::tui::msg::{Conn, Connected, HomeData, LOCAL_DEMO_PROFILE, Msg, Target, Task};
use cognito_tui::tui::theme::Theme;
use cognito_tui::tui::view;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use time::{Duration, OffsetDateTime};

/// A fixed "now" so countdowns are the same on every run.
pub fn now() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// An account service for a pool nobody calls (these tests inject every result).
pub fn conn(profile: &str, label: &str) -> Conn {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut settings = Settings::new("us-east-1_DemoPool1", "localpooldemoclient0000001");
    settings.endpoint_url = Some("http://127.0.0.1:9".into());
    let operator = cognito_tui::service::admin::Operator::new(
        settings.clone(),
        cognito_tui::service::admin::OperatorCredentials::local_pool(),
    );
    let account = runtime
        .block_on(Account::new(settings))
        .expect("account service");
    Conn {
        account: Arc::new(account),
        operator: Arc::new(operator),
        profile: profile.into(),
        label: label.into(),
    }
}

pub fn demo_conn() -> Conn {
    conn(LOCAL_DEMO_PROFILE, "Local demo pool")
}

/// The app as it is once the demo pool is open and no session was saved.
pub fn signed_out_app(last_username: Option<&str>) -> App {
    let mut app = App::new(
        Start::Open(Target::LocalDemo, Vec::new()),
        Theme::monochrome(),
        now(),
    );
    let tasks = app.take_tasks();
    assert!(matches!(tasks.as_slice(), [Task::StartLocalPool]));
    app.update(Msg::Connected(Ok(Box::new(Connected {
        conn: demo_conn(),
        last_username: last_username.map(str::to_string),
        resumed: None,
        notice: None,
    }))));
    app
}

pub fn home_data() -> HomeData {
    let tokens = Tokens {
        id_token: SecretString::new("id"),
        access_token: SecretString::new("access"),
        refresh_token: Some(SecretString::new("refresh")),
        expires_at: now() + Duration::seconds(3600),
        username: "alice".into(),
        device: None,
    };
    HomeData {
        username: "alice".into(),
        sub: "0f6c8a52-1d2e-4b7a-9c3d-5e6f7a8b9c0d".into(),
        email: Some("alice@example.com".into()),
        email_verified: true,
        phone: None,
        phone_verified: false,
        groups: vec!["admins".into(), "developers".into()],
        expires_at: tokens.expires_at,
        session: Session::new(tokens),
    }
}

/// The app on the account home of `home_data()`.
pub fn home_app() -> App {
    let mut app = signed_out_app(Some("alice"));
    type_text(&mut app, "pw");
    press(&mut app, KeyCode::Enter);
    app.take_tasks();
    app.update(Msg::SignIn(Ok(cognito_tui::tui::msg::SignInResult::Home(
        Box::new(home_data()),
        None,
    ))));
    app
}

pub fn press(app: &mut App, code: KeyCode) {
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
}

pub fn ctrl(app: &mut App, c: char) {
    app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// The app drawn on a `width`×`height` test terminal, as text.
pub fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|frame| view::render(app, frame))
        .expect("draw");
    terminal.backend().to_string()
}

/// alice as GetUser returns her (the demo pool's attributes), with `extra` on top.
pub fn alice(extra: &[(&str, &str)]) -> User {
    let mut attributes: BTreeMap<String, String> = [
        ("sub", "0f6c8a52-1d2e-4b7a-9c3d-5e6f7a8b9c0d"),
        ("email", "alice@example.com"),
        ("email_verified", "true"),
        ("given_name", "Alice"),
        ("family_name", "Anderson"),
        ("custom:team", "platform"),
        ("custom:employee_id", "E1001"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, v) in extra {
        attributes.insert(k.to_string(), v.to_string());
    }
    User {
        username: "alice".into(),
        sub: attributes["sub"].clone(),
        email_verified: attributes
            .get("email_verified")
            .is_some_and(|v| v == "true"),
        phone_verified: attributes
            .get("phone_number_verified")
            .is_some_and(|v| v == "true"),
        attributes,
        mfa: MfaSettings::default(),
    }
}
