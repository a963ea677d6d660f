//! The configuration face in the TUI: opened from sign-in, the home and the picker, its Pool,
//! Doctor and Diff tabs over a real local pool (the reads run as the worker would run them),
//! drawn at 80×24 and 60×20, and walked in a pseudo-terminal.

use crate::face_support::{face_app, run_loads};
use crate::support::*;
use crate::tools_support::{runtime, start_pool};

use std::sync::Arc;

use cognito_tui::local_pool::demo::{DEMO_CLIENT_ID, DEMO_POOL_ID};
use cognito_tui::service::Settings;
use cognito_tui::service::account::Account;
use cognito_tui::service::admin::{Operator, OperatorCredentials};
use cognito_tui::store::{Profile, ProfileEntry};
use cognito_tui::tui::app::{App, Start};
use cognito_tui::tui::msg::PoolHandle;
use cognito_tui::tui::msg::{Conn, Connected, Msg, Task};
use cognito_tui::tui::screens::Screen;
use cognito_tui::tui::theme::Theme;
use crossterm::event::KeyCode;

/// Dates of the pool's creation, the one thing that differs between runs.
fn masked(screen: String) -> String {
    let chars: Vec<char> = screen.chars().collect();
    let mut out = String::with_capacity(screen.len());
    let mut i = 0;
    while i < chars.len() {
        let window: String = chars[i..chars.len().min(i + 20)].iter().collect();
        let is_date = window.len() == 20
            && window.chars().enumerate().all(|(k, c)| match k {
                4 | 7 => c == '-',
                10 => c == ' ',
                13 => c == ':',
                16 => c == ' ',
                17..=19 => "UTC".contains(c),
                _ => c.is_ascii_digit(),
            });
        if is_date {
            out.push_str("YYYY-MM-DD hh:mm UTC");
            i += 20;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn snap(name: &str, app: &App) {
    insta::assert_snapshot!(format!("{name}_80x24"), masked(screen(app, 80, 24)));
    insta::assert_snapshot!(format!("{name}_60x20"), masked(screen(app, 60, 20)));
}

fn profile(name: &str, url: &str) -> ProfileEntry {
    let mut settings = Settings::new(DEMO_POOL_ID, DEMO_CLIENT_ID);
    settings.endpoint_url = Some(url.to_string());
    ProfileEntry {
        name: name.into(),
        profile: Ok(Profile {
            name: name.into(),
            region: "us-east-1".into(),
            user_pool_id: DEMO_POOL_ID.into(),
            client_id: DEMO_CLIENT_ID.into(),
            client_secret: None,
            endpoint_url: Some(url.into()),
            issuer: None,
            jwks_url: None,
            aws_profile: None,
            auth_flow: cognito_tui::service::AuthFlow::Srp,
            protected_users: Vec::new(),
        }),
    }
}

/// The demo pool open on a running local pool, with a saved profile "mirror" of the same pool.
fn config_app(runtime: &tokio::runtime::Runtime, pool: PoolHandle) -> App {
    let url = pool.0.url().to_string();
    face_app(
        runtime,
        pool,
        vec![profile("mirror", &url)],
        DEMO_POOL_ID,
        DEMO_CLIENT_ID,
    )
}

#[test]
fn the_tabs_over_the_demo_pool() {
    let runtime = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = config_app(&runtime, start_pool(&runtime, dir.path()));
    press(&mut app, KeyCode::F(3));
    assert!(matches!(app.screen(), Screen::PoolConfig(_)));
    snap("pool_config_reading", &app);
    assert_eq!(run_loads(&mut app, &runtime), 1);
    snap("pool_config_pool", &app);
    // Down to the app client's rows: its settings in words, Cognito's name in the detail.
    for _ in 0..8 {
        press(&mut app, KeyCode::PageDown);
    }
    snap("pool_config_pool_clients", &app);
    press(&mut app, KeyCode::Tab);
    snap("pool_config_doctor", &app);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('p'));
    snap("pool_config_doctor_aws_baseline", &app);
    press(&mut app, KeyCode::Tab);
    snap("pool_config_diff_choose", &app);
    press(&mut app, KeyCode::Enter);
    assert_eq!(run_loads(&mut app, &runtime), 1);
    snap("pool_config_diff_same", &app);
    press(&mut app, KeyCode::Char('?'));
    snap("pool_config_diff_help", &app);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen(), Screen::SignIn(_)));
}

#[test]
fn the_doctor_fix_is_copied_and_a_public_client_has_no_secret_to_show() {
    let runtime = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = config_app(&runtime, start_pool(&runtime, dir.path()));
    press(&mut app, KeyCode::F(3));
    run_loads(&mut app, &runtime);
    // The first row is a heading: no client, so no secret.
    press(&mut app, KeyCode::F(2));
    assert!(screen(&app, 80, 24).contains("Select a row of an app client"));
    // On the demo app client's rows: it is public.
    let Screen::PoolConfig(face) = app.screen() else {
        panic!("the face is open")
    };
    let client_row = face
        .pool_rows
        .iter()
        .position(|r| {
            matches!(
                r,
                cognito_tui::tui::screens::pool_config::PoolRow::Setting {
                    client: Some(_),
                    ..
                }
            )
        })
        .expect("a client row");
    for _ in 0..client_row {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::F(2));
    assert!(
        app.take_tasks().is_empty(),
        "nothing to read for a public client"
    );
    assert!(screen(&app, 80, 24).contains("public client: it has no secret"));

    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('c'));
    let effects = app.take_effects();
    assert_eq!(effects.len(), 1, "{effects:?}");
    assert!(screen(&app, 80, 24).contains("Copied the fix for pool.threat-protection.off"));
}

#[test]
fn from_the_picker_the_face_opens_on_the_selected_pool_without_signing_in() {
    let runtime = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let pool = start_pool(&runtime, dir.path());
    let url = pool.0.url().to_string();
    let mut app = App::new(
        Start::Picker(vec![profile("mirror", &url)]),
        Theme::monochrome(),
        now(),
    );
    press(&mut app, KeyCode::Char('c'));
    let tasks = app.take_tasks();
    let Some(Task::Connect {
        settings,
        credentials,
        profile,
        label,
    }) = tasks.into_iter().next()
    else {
        panic!("the picker opens the pool first")
    };
    assert!(
        matches!(credentials, OperatorCredentials::Static { .. }),
        "a loopback pool needs no AWS keys"
    );
    let account = runtime.block_on(Account::new(settings.clone())).unwrap();
    app.update(Msg::Connected(Ok(Box::new(Connected {
        conn: Conn {
            account: Arc::new(account),
            operator: Arc::new(Operator::new(settings, credentials)),
            profile,
            label,
        },
        last_username: None,
        resumed: None,
        notice: None,
    }))));
    assert!(matches!(app.screen(), Screen::PoolConfig(_)));
    assert_eq!(run_loads(&mut app, &runtime), 1);
    assert!(screen(&app, 80, 24).contains("us-east-1_DemoPool1"));
    press(&mut app, KeyCode::Esc);
    assert!(
        matches!(app.screen(), Screen::SignIn(_)),
        "under it: the pool's sign-in"
    );
}

#[test]
fn from_the_home_the_key_opens_the_face() {
    let mut app = home_app();
    press(&mut app, KeyCode::Char('c'));
    assert!(matches!(app.screen(), Screen::PoolConfig(_)));
    let tasks = app.take_tasks();
    assert!(matches!(tasks.as_slice(), [Task::Load(_)]), "{tasks:?}");
    // The read fails (nothing listens for this conn): the reason, and r tries again.
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen(), Screen::Home(_)));
}

#[cfg(unix)]
#[test]
fn walk_the_face_in_a_real_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut tui = crate::pty::Tui::start(dir.path());
    tui.wait_for("Password");
    tui.send("\x1bOR"); // F3
    tui.wait_for("Pool configuration");
    tui.wait_for("us-east-1_DemoPool1");
    tui.send("\t");
    tui.wait_for("pool.threat-protection.off");
    tui.send("p");
    tui.wait_for("Rules: aws-baseline");
    tui.send("\t");
    tui.wait_for("No other pool to compare with");
    tui.send("\x1b");
    tui.wait_for("Password");
    tui.send("\x03");
    tui.finish();
}

/// Where `needle` is drawn on the 80×24 screen: (column, row) of its first character.
fn find(app: &App, needle: &str) -> (u16, u16) {
    let text = screen(app, 80, 24);
    for (row, line) in text.lines().enumerate() {
        let line = line.strip_prefix('"').unwrap_or(line);
        if let Some(at) = line.find(needle) {
            return (line[..at].chars().count() as u16, row as u16);
        }
    }
    panic!("{needle:?} is not on the screen:\n{text}")
}

fn click(app: &mut App, (column, row): (u16, u16)) {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    app.on_mouse(
        MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        },
        ratatui::layout::Rect::new(0, 0, 80, 24),
    );
}

#[test]
fn tabs_and_rows_answer_the_mouse() {
    let runtime = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = config_app(&runtime, start_pool(&runtime, dir.path()));
    press(&mut app, KeyCode::F(3));
    run_loads(&mut app, &runtime);
    let at = find(&app, "Doctor │");
    click(&mut app, at);
    assert!(screen(&app, 80, 24).contains("pool.threat-protection.off"));
    // A click on a finding selects it: its fix is in the detail.
    let at = find(&app, "pool.sign-up.open");
    click(&mut app, at);
    assert!(screen(&app, 80, 24).contains("pool: anyone can sign up"));
    let at = find(&app, "Diff");
    click(&mut app, at);
    // On the Diff tab a click on the selected pool compares.
    let mirror = find(&app, "mirror");
    click(&mut app, mirror);
    click(&mut app, mirror);
    assert_eq!(run_loads(&mut app, &runtime), 1);
    assert!(screen(&app, 80, 24).contains("No difference between Local demo pool and mirror."));
    // The wheel moves the selection like ↑/↓.
    let at = find(&app, "Pool │");
    click(&mut app, at);
    app.on_mouse(
        crossterm::event::MouseEvent {
            kind: crossterm::event::MouseEventKind::ScrollDown,
            column: 10,
            row: 5,
            modifiers: crossterm::event::KeyModifiers::NONE,
        },
        ratatui::layout::Rect::new(0, 0, 80, 24),
    );
    assert!(screen(&app, 80, 24).contains("Pool id  [Id]"));
}
