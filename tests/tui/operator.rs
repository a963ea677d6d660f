//! The operator face in the TUI over a real local pool (reads and actions run as the worker runs
//! them): the users table with paging, sorting and ListUsers' search, a user's detail and its
//! status-aware actions, groups and members; snapshots at 80×24 and 60×20, and a walk in a
//! pseudo-terminal.

use crate::face_support::{face_app, run_loads};
use crate::support::*;
use crate::tools_support::{runtime, start_pool};

use std::sync::Arc;

use cognito_tui::local_pool::demo::{DEMO_CLIENT_ID, DEMO_POOL_ID};
use cognito_tui::service::Settings;
use cognito_tui::service::account::Account;
use cognito_tui::service::admin::{Operator, OperatorCredentials};
use cognito_tui::tui::app::{App, Start};
use cognito_tui::tui::msg::{Conn, Connected, LOCAL_DEMO_PROFILE, Msg, PoolHandle, Target};
use cognito_tui::tui::screens::Screen;
use cognito_tui::tui::theme::Theme;
use crossterm::event::KeyCode;

/// Whether `chars` starts with text of `pattern`'s shape: `9` a digit, `x` a hex digit, any
/// other character itself.
fn shaped(chars: &[char], pattern: &str) -> bool {
    chars.len() >= pattern.len()
        && pattern.chars().zip(chars).all(|(p, c)| match p {
            '9' => c.is_ascii_digit(),
            'x' => c.is_ascii_hexdigit(),
            p => p == *c,
        })
}

/// Dates, times and subs differ between runs: each is replaced by its shape's name.
pub fn masked(screen: String) -> String {
    const SHAPES: [(&str, &str); 3] = [
        (
            "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
            "<sub>                               ",
        ),
        ("9999-99-99 99:99", "YYYY-MM-DD hh:mm"),
        ("9999-99-99", "YYYY-MM-DD"),
    ];
    let chars: Vec<char> = screen.chars().collect();
    let mut out = String::with_capacity(screen.len());
    let mut i = 0;
    'next: while i < chars.len() {
        for (shape, name) in SHAPES {
            if shaped(&chars[i..], shape) {
                out.push_str(name);
                i += shape.len();
                continue 'next;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

pub fn snap(name: &str, app: &App) {
    insta::assert_snapshot!(format!("{name}_80x24"), masked(screen(app, 80, 24)));
    insta::assert_snapshot!(format!("{name}_60x20"), masked(screen(app, 60, 20)));
}

/// The demo pool open on a running local pool, signed out, with a real operator.
pub fn operator_app(
    runtime: &tokio::runtime::Runtime,
    pool: PoolHandle,
    pool_id: &str,
    client_id: &str,
) -> App {
    face_app(runtime, pool, Vec::new(), pool_id, client_id)
}

/// The operator face open on the demo pool of `pool`, its first page read.
pub fn open_face(runtime: &tokio::runtime::Runtime, pool: PoolHandle) -> App {
    let mut app = operator_app(runtime, pool, DEMO_POOL_ID, DEMO_CLIENT_ID);
    press(&mut app, KeyCode::F(5));
    run_loads(&mut app, runtime);
    app
}

pub fn admin(url: &str) -> aws_sdk_cognitoidentityprovider::Client {
    crate::common::TestPool::admin_client_for(url)
}

#[test]
fn users_search_detail_and_actions_over_the_demo_pool() {
    let runtime = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let pool = start_pool(&runtime, dir.path());
    let url = pool.0.url().to_string();
    let mut app = operator_app(&runtime, pool, DEMO_POOL_ID, DEMO_CLIENT_ID);
    press(&mut app, KeyCode::F(5));
    assert!(matches!(app.screen(), Screen::Operator(_)));
    snap("operator_listing", &app);
    assert_eq!(run_loads(&mut app, &runtime), 1);
    snap("operator_users", &app);

    // Sorting says what it sorts: the loaded users.
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Char('s'));
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("sorted by username ▼ (the loaded users)"),
        "{text}"
    );
    assert!(text.find("erin").unwrap() < text.find("alice").unwrap());

    // ListUsers' own filter.
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "b");
    snap("operator_search", &app);
    press(&mut app, KeyCode::Enter);
    assert_eq!(run_loads(&mut app, &runtime), 1);
    let text = screen(&app, 80, 24);
    assert!(text.contains("1 user · filter email ^= \"b\""), "{text}");

    // The detail, from the list at once and completed by AdminGetUser.
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app, 80, 24).contains("reading…"));
    assert_eq!(run_loads(&mut app, &runtime), 1);
    snap("operator_detail", &app);

    // Offered only where Cognito allows it, and why not otherwise.
    press(&mut app, KeyCode::Char('i'));
    assert!(app.take_tasks().is_empty());
    assert!(screen(&app, 80, 24).contains("Only users who have not chosen their password yet"));

    // Disabling asks first; yes does it, and the pool says so.
    press(&mut app, KeyCode::Char('t'));
    snap("operator_disable_dialog", &app);
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(
        run_loads(&mut app, &runtime),
        2,
        "the change, then the user read again"
    );
    assert!(screen(&app, 80, 24).contains("bob is disabled"));
    let bob = runtime
        .block_on(
            admin(&url)
                .admin_get_user()
                .user_pool_id(DEMO_POOL_ID)
                .username("bob")
                .send(),
        )
        .unwrap();
    assert!(!bob.enabled());
    // The detail was read again: it shows the new state.
    assert!(screen(&app, 80, 24).contains("t enable"));
    press(&mut app, KeyCode::Char('p'));
    assert!(screen(&app, 80, 24).contains("bob is disabled: enable them first"));

    // Deleting needs the username typed.
    press(&mut app, KeyCode::Char('D'));
    type_text(&mut app, "bob");
    press(&mut app, KeyCode::Enter);
    assert_eq!(run_loads(&mut app, &runtime), 1);
    let text = screen(&app, 80, 24);
    assert!(text.contains("bob is deleted"), "{text}");
    assert!(text.contains("0 users"), "the row went: {text}");
    let gone = runtime
        .block_on(
            admin(&url)
                .admin_get_user()
                .user_pool_id(DEMO_POOL_ID)
                .username("bob")
                .send(),
        )
        .unwrap_err();
    assert_eq!(crate::common::error_name(&gone), "UserNotFoundException");
}

#[test]
fn groups_members_and_a_member_opens_as_a_user() {
    let runtime = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = open_face(&runtime, start_pool(&runtime, dir.path()));
    press(&mut app, KeyCode::Tab);
    assert_eq!(run_loads(&mut app, &runtime), 1);
    snap("operator_groups", &app);
    press(&mut app, KeyCode::Enter);
    assert_eq!(run_loads(&mut app, &runtime), 1);
    snap("operator_members", &app);
    press(&mut app, KeyCode::Enter);
    assert_eq!(run_loads(&mut app, &runtime), 1);
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("alice  sub ") && text.contains("admins, developers"),
        "{text}"
    );
    press(&mut app, KeyCode::Char('?'));
    snap("operator_detail_help", &app);
}

#[test]
fn pages_load_as_the_selection_nears_the_end() {
    let runtime = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    // A pool of 130 users, stored directly (the listing is what is tested).
    let test_pool = runtime.block_on(crate::common::TestPool::start());
    let (pool_id, client_id) = crate::common::standard_pool(&test_pool);
    for i in 0..130 {
        test_pool.seed_user(
            &pool_id,
            &format!("user{i:03}"),
            "Passw0rd!",
            &[("email", &format!("user{i:03}@example.com"))],
            cognito_tui::local_pool::users::UserStatus::Confirmed,
        );
    }
    let url = test_pool.url().to_string();
    let mut app = App::new(
        Start::Open(Target::LocalDemo, Vec::new()),
        Theme::monochrome(),
        now(),
    );
    app.take_tasks();
    app.update(Msg::LocalPoolStarted(Ok(start_pool(&runtime, dir.path()))));
    app.take_tasks();
    let mut settings = Settings::new(&pool_id, &client_id);
    settings.endpoint_url = Some(url);
    let account = runtime.block_on(Account::new(settings.clone())).unwrap();
    app.update(Msg::Connected(Ok(Box::new(Connected {
        conn: Conn {
            account: Arc::new(account),
            operator: Arc::new(Operator::new(settings, OperatorCredentials::local_pool())),
            profile: "big".into(),
            label: "big".into(),
        },
        last_username: None,
        resumed: None,
        notice: None,
    }))));
    app.take_tasks();
    press(&mut app, KeyCode::F(5));
    run_loads(&mut app, &runtime);
    assert!(screen(&app, 80, 24).contains("60 loaded · more in the pool"));
    // Moving down: nothing more until near the end, then the next page.
    for _ in 0..40 {
        press(&mut app, KeyCode::Down);
    }
    assert_eq!(run_loads(&mut app, &runtime), 0);
    for _ in 0..15 {
        press(&mut app, KeyCode::Down);
    }
    assert_eq!(run_loads(&mut app, &runtime), 1);
    assert!(screen(&app, 80, 24).contains("120 loaded"));
    // Pages of ten: at 115 the last page is near.
    for _ in 0..6 {
        press(&mut app, KeyCode::PageDown);
    }
    assert_eq!(run_loads(&mut app, &runtime), 1);
    assert!(screen(&app, 80, 24).contains("130 users"));
}

#[cfg(unix)]
#[test]
fn walk_the_operator_face_in_a_real_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut tui = crate::pty::Tui::start(dir.path());
    tui.wait_for("Password");
    tui.send("\x1b[15~"); // F5
    tui.wait_for("Users and groups");
    tui.wait_for("5 users");
    tui.send("/");
    tui.wait_for("Search users");
    tui.send("car\r");
    tui.wait_for("1 user · filter email ^= \"car\"");
    tui.send("\r");
    tui.wait_for("custom:team");
    tui.send("i");
    tui.wait_for("Only users who have not chosen their password yet");
    tui.send("\x1b");
    tui.wait_for("n new · Space marks");
    tui.send("\t");
    tui.wait_for("Developers of the demo app");
    tui.send("\x1b");
    tui.wait_for("Password");
    tui.send("\x03");
    tui.finish();
}

pub fn click(app: &mut App, (column, row): (u16, u16)) {
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

pub fn find(app: &App, needle: &str) -> (u16, u16) {
    let text = screen(app, 80, 24);
    for (row, line) in text.lines().enumerate() {
        let line = line.strip_prefix('"').unwrap_or(line);
        if let Some(at) = line.find(needle) {
            return (line[..at].chars().count() as u16, row as u16);
        }
    }
    panic!("{needle:?} is not on the screen:\n{text}")
}

#[test]
fn rows_and_tabs_answer_the_mouse() {
    let runtime = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = open_face(&runtime, start_pool(&runtime, dir.path()));
    // A click selects a row; a second click on it opens the user.
    let carol = find(&app, "carol ");
    click(&mut app, carol);
    assert!(app.take_tasks().is_empty());
    click(&mut app, carol);
    assert_eq!(run_loads(&mut app, &runtime), 1);
    assert!(screen(&app, 80, 24).contains("carol  sub "));
    press(&mut app, KeyCode::Esc);
    let groups = find(&app, "Groups");
    click(&mut app, groups);
    assert_eq!(run_loads(&mut app, &runtime), 1);
    assert!(screen(&app, 80, 24).contains("2 groups"));
}

#[test]
fn a_scan_finds_what_the_filter_cannot_and_can_be_stopped() {
    let runtime = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = open_face(&runtime, start_pool(&runtime, dir.path()));
    press(&mut app, KeyCode::Char('/'));
    press(&mut app, KeyCode::F(2));
    type_text(&mut app, "custom:team");
    press(&mut app, KeyCode::Enter);
    assert!(
        app.take_tasks().is_empty(),
        "a query without an operator is not run"
    );
    assert!(screen(&app, 80, 24).contains("has no =, ^= or ~"));
    type_text(&mut app, "=platform given_name~AR");
    snap("operator_scan_form", &app);
    press(&mut app, KeyCode::Enter);
    assert_eq!(run_loads(&mut app, &runtime), 1);
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("scan complete: scanned 1 page / 5 users, 1 match"),
        "{text}"
    );
    assert!(text.contains("carol") && !text.contains("alice "), "{text}");

    // Esc while a scan runs stops it after the page in flight (here: before the first).
    press(&mut app, KeyCode::Char('/'));
    press(&mut app, KeyCode::F(2));
    type_text(&mut app, "*~example");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    assert!(
        matches!(app.screen(), Screen::Operator(_)),
        "Esc stops the scan, it does not leave"
    );
    assert_eq!(run_loads(&mut app, &runtime), 1);
    assert!(screen(&app, 80, 24).contains("scan stopped: scanned 0 pages"));
    // A new ListUsers search ends the scan's view.
    press(&mut app, KeyCode::Char('r'));
    run_loads(&mut app, &runtime);
    assert!(screen(&app, 80, 24).contains("5 users"));
}

/// The demo pool's user as the pool's API has it.
pub fn get(
    runtime: &tokio::runtime::Runtime,
    url: &str,
    username: &str,
) -> aws_sdk_cognitoidentityprovider::operation::admin_get_user::AdminGetUserOutput {
    runtime
        .block_on(
            admin(url)
                .admin_get_user()
                .user_pool_id(DEMO_POOL_ID)
                .username(username)
                .send(),
        )
        .unwrap()
}

pub fn groups_of(runtime: &tokio::runtime::Runtime, url: &str, username: &str) -> Vec<String> {
    runtime
        .block_on(
            admin(url)
                .admin_list_groups_for_user()
                .user_pool_id(DEMO_POOL_ID)
                .username(username)
                .send(),
        )
        .unwrap()
        .groups()
        .iter()
        .filter_map(|g| g.group_name().map(str::to_string))
        .collect()
}

#[test]
fn the_forms_create_a_user_set_a_password_an_attribute_and_groups() {
    let runtime = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let pool = start_pool(&runtime, dir.path());
    let url = pool.0.url().to_string();
    let mut app = open_face(&runtime, pool);

    // Create: an existing name is refused in Cognito's words, nothing typed is lost.
    press(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "alice");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "zed@example.com");
    press(&mut app, KeyCode::Enter);
    assert_eq!(run_loads(&mut app, &runtime), 1);
    let text = screen(&app, 80, 24);
    assert!(text.contains("That username is already taken."), "{text}");
    assert!(text.contains("zed@example.com"));
    // The focus is on the name to fix; then a generated password, and no invitation.
    for _ in 0.."alice".len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "zed");
    ctrl(&mut app, 'n');
    snap("operator_create_form", &app);
    // Generated (and shown, to hand over): random, so after the snapshot.
    ctrl(&mut app, 'g');
    press(&mut app, KeyCode::Enter);
    let ran = run_loads(&mut app, &runtime);
    assert_eq!(
        ran,
        2,
        "the create, then the list read again:\n{}",
        screen(&app, 80, 24)
    );
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("zed is created (FORCE_CHANGE_PASSWORD)"),
        "{text}"
    );
    assert!(text.contains("6 users"), "{text}");
    assert_eq!(
        get(&runtime, &url, "zed").user_status().map(|s| s.as_str()),
        Some("FORCE_CHANGE_PASSWORD")
    );

    // On zed: a permanent password, an attribute, a group joined and left.
    for _ in 0..5 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    run_loads(&mut app, &runtime);
    press(&mut app, KeyCode::Char('w'));
    type_text(&mut app, "Zed-Passw0rd-2024!");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Zed-Passw0rd-2024!");
    ctrl(&mut app, 't');
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        run_loads(&mut app, &runtime),
        2,
        "the change, then the user read again"
    );
    assert_eq!(
        get(&runtime, &url, "zed").user_status().map(|s| s.as_str()),
        Some("CONFIRMED")
    );
    press(&mut app, KeyCode::Char('e'));
    type_text(&mut app, "given_name");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Zed");
    press(&mut app, KeyCode::Enter);
    assert_eq!(run_loads(&mut app, &runtime), 2);
    let zed = get(&runtime, &url, "zed");
    assert!(
        zed.user_attributes()
            .iter()
            .any(|a| a.name() == "given_name" && a.value() == Some("Zed"))
    );
    assert!(screen(&app, 80, 24).contains("given_name"));
    press(&mut app, KeyCode::Char('+'));
    type_text(&mut app, "developers");
    press(&mut app, KeyCode::Enter);
    assert_eq!(run_loads(&mut app, &runtime), 2);
    assert_eq!(
        groups_of(&runtime, &url, "zed"),
        vec!["developers".to_string()]
    );
    assert!(screen(&app, 80, 24).contains("developers"));
    // Leaving starts from the user's first group.
    press(&mut app, KeyCode::Char('-'));
    assert!(screen(&app, 80, 24).contains("developers"));
    press(&mut app, KeyCode::Enter);
    assert_eq!(run_loads(&mut app, &runtime), 2);
    assert!(groups_of(&runtime, &url, "zed").is_empty());
}

/// The demo pool's operator face with a profile that protects `erin` and every `d…` user.
fn protected_app(runtime: &tokio::runtime::Runtime, pool: PoolHandle) -> App {
    use cognito_tui::store::{Profile, ProfileEntry};
    let mut profile = Profile::new(LOCAL_DEMO_PROFILE, DEMO_POOL_ID, DEMO_CLIENT_ID);
    profile.endpoint_url = Some(pool.0.url().to_string());
    profile.protected_users = vec!["erin".into(), "d*".into()];
    let entry = ProfileEntry {
        name: LOCAL_DEMO_PROFILE.into(),
        profile: Ok(profile),
    };
    face_app(runtime, pool, vec![entry], DEMO_POOL_ID, DEMO_CLIENT_ID)
}

#[test]
fn bulk_actions_preview_protect_dry_run_and_report_each_user() {
    let runtime = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let pool = start_pool(&runtime, dir.path());
    let url = pool.0.url().to_string();
    let mut app = protected_app(&runtime, pool);
    press(&mut app, KeyCode::F(5));
    run_loads(&mut app, &runtime);
    press(&mut app, KeyCode::Char('b'));
    assert!(screen(&app, 80, 24).contains("Mark users first"));

    // Everyone the search matches; the protected ones are shown and left alone.
    press(&mut app, KeyCode::Char('*'));
    assert!(screen(&app, 80, 24).contains("all matching marked"));
    press(&mut app, KeyCode::Char('b'));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    snap("operator_bulk_preview", &app);
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("Disable 3 users, 2 protected left alone"),
        "{text}"
    );
    assert!(text.contains("erin  (protected: left alone)"), "{text}");

    // A dry run changes nothing.
    press(&mut app, KeyCode::Char('d'));
    assert_eq!(run_loads(&mut app, &runtime), 1);
    assert!(screen(&app, 80, 24).contains("Dry run, disable: 3 would be done"));
    assert!(get(&runtime, &url, "alice").enabled());
    press(&mut app, KeyCode::Esc);

    // The run: each user's own result; a user gone meanwhile fails alone.
    runtime
        .block_on(
            admin(&url)
                .admin_delete_user()
                .user_pool_id(DEMO_POOL_ID)
                .username("carol")
                .send(),
        )
        .unwrap();
    press(&mut app, KeyCode::Char('b'));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(run_loads(&mut app, &runtime), 1);
    snap("operator_bulk_done", &app);
    let text = screen(&app, 80, 24);
    assert!(text.contains("disable: 2 done, 1 failed"), "{text}");
    assert!(text.contains("✗ carol  No such user."), "{text}");
    assert!(!get(&runtime, &url, "alice").enabled());
    assert!(!get(&runtime, &url, "bob").enabled());
    assert!(get(&runtime, &url, "erin").enabled() && get(&runtime, &url, "dave").enabled());
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        run_loads(&mut app, &runtime),
        1,
        "the list is read again after a run"
    );

    // Marked rows; deleting asks for the count typed.
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char(' '));
    assert!(screen(&app, 80, 24).contains("2 marked"));
    press(&mut app, KeyCode::Char('b'));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app, 80, 24).contains("Type 2"));
    type_text(&mut app, "2");
    press(&mut app, KeyCode::Enter);
    assert_eq!(run_loads(&mut app, &runtime), 1);
    assert!(screen(&app, 80, 24).contains("delete: 2 done"));
    let left: Vec<String> = runtime
        .block_on(admin(&url).list_users().user_pool_id(DEMO_POOL_ID).send())
        .unwrap()
        .users()
        .iter()
        .filter_map(|u| u.username().map(str::to_string))
        .collect();
    assert_eq!(left, ["dave", "erin"]);
}

#[test]
fn groups_are_created_edited_filled_emptied_and_deleted() {
    let runtime = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let pool = start_pool(&runtime, dir.path());
    let url = pool.0.url().to_string();
    let mut app = open_face(&runtime, pool);
    press(&mut app, KeyCode::Tab);
    run_loads(&mut app, &runtime);
    // Whether the pool has the group, and its (precedence, description).
    let group = |name: &str| -> Option<(Option<i32>, Option<String>)> {
        runtime
            .block_on(
                admin(&url)
                    .get_group()
                    .user_pool_id(DEMO_POOL_ID)
                    .group_name(name)
                    .send(),
            )
            .ok()
            .and_then(|out| {
                out.group()
                    .map(|g| (g.precedence(), g.description().map(str::to_string)))
            })
    };

    press(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "qa");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Testers");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "five");
    press(&mut app, KeyCode::Enter);
    assert!(
        screen(&app, 80, 24).contains("must be a whole number"),
        "{}",
        screen(&app, 80, 24)
    );
    for _ in 0..4 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "5");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        run_loads(&mut app, &runtime),
        2,
        "the create, then the groups read again"
    );
    assert!(screen(&app, 80, 24).contains("3 groups"));
    assert_eq!(group("qa").unwrap().0, Some(5));

    // Edit keeps what it is not told to change (the form starts from the group's settings).
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    assert!(screen(&app, 80, 24).contains("› qa"));
    press(&mut app, KeyCode::Char('e'));
    assert!(screen(&app, 80, 24).contains("Testers"));
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "2");
    press(&mut app, KeyCode::Enter);
    assert_eq!(run_loads(&mut app, &runtime), 2);
    assert_eq!(group("qa"), Some((Some(2), Some("Testers".to_string()))));

    // Members: add one, remove it (asked first).
    press(&mut app, KeyCode::Enter);
    run_loads(&mut app, &runtime);
    assert!(screen(&app, 80, 24).contains("qa: 0 members"));
    press(&mut app, KeyCode::Char('+'));
    type_text(&mut app, "bob");
    press(&mut app, KeyCode::Enter);
    assert_eq!(run_loads(&mut app, &runtime), 2);
    assert!(screen(&app, 80, 24).contains("qa: 1 member"));
    press(&mut app, KeyCode::Char('-'));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(run_loads(&mut app, &runtime), 2);
    assert!(screen(&app, 80, 24).contains("qa: 0 members"));
    press(&mut app, KeyCode::Esc);
    assert!(
        screen(&app, 80, 24).contains("qa  "),
        "the count is known now"
    );

    // Deleting needs the name typed.
    press(&mut app, KeyCode::Char('D'));
    type_text(&mut app, "qa");
    press(&mut app, KeyCode::Enter);
    assert_eq!(run_loads(&mut app, &runtime), 2);
    assert!(screen(&app, 80, 24).contains("2 groups"));
    assert!(group("qa").is_none());
}

#[test]
fn the_users_the_search_matches_are_exported_to_a_file() {
    let runtime = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = open_face(&runtime, start_pool(&runtime, dir.path()));
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "a");
    press(&mut app, KeyCode::Enter);
    run_loads(&mut app, &runtime);
    press(&mut app, KeyCode::Char('x'));
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("Export the users matching email ^= \"a\""),
        "{text}"
    );
    assert!(text.contains("users-us-east-1_DemoPool1.csv"), "{text}");
    for _ in 0.."users-us-east-1_DemoPool1.csv".len() {
        press(&mut app, KeyCode::Backspace);
    }
    let file = dir.path().join("a-users.jsonl");
    type_text(&mut app, file.to_str().unwrap());
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        run_loads(&mut app, &runtime),
        2,
        "the export, then the list read again"
    );
    assert!(screen(&app, 80, 24).contains("Exported 1 user to"));
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["Username"], "alice");
    assert_eq!(
        lines[0]["Groups"],
        serde_json::json!(["admins", "developers"])
    );
}

#[test]
fn an_attribute_is_deleted_after_asking_and_sub_never() {
    let runtime = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let pool = start_pool(&runtime, dir.path());
    let url = pool.0.url().to_string();
    let mut app = open_face(&runtime, pool);
    press(&mut app, KeyCode::Enter);
    run_loads(&mut app, &runtime);
    // On a fact row (status): refused with what to do.
    press(&mut app, KeyCode::Char('x'));
    assert!(screen(&app, 80, 24).contains("Select one of the attributes"));
    // custom:team is the second attribute row, after six facts (custom:employee_id is immutable).
    for _ in 0..7 {
        press(&mut app, KeyCode::Down);
    }
    assert!(screen(&app, 80, 24).contains("› custom:team"));
    press(&mut app, KeyCode::Char('x'));
    assert!(screen(&app, 80, 24).contains("Delete custom:team of alice?"));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(
        run_loads(&mut app, &runtime),
        2,
        "the delete, then the user read again"
    );
    let alice = get(&runtime, &url, "alice");
    assert!(
        !alice
            .user_attributes()
            .iter()
            .any(|a| a.name() == "custom:team")
    );
    assert!(
        !screen(&app, 80, 24).contains("platform"),
        "the row went (the toast names it)"
    );
}

#[test]
fn extra_columns_show_any_attribute() {
    let runtime = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = open_face(&runtime, start_pool(&runtime, dir.path()));
    press(&mut app, KeyCode::Char('C'));
    type_text(&mut app, "team, given_name");
    snap("operator_columns_form", &app);
    press(&mut app, KeyCode::Enter);
    snap("operator_columns", &app);
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("team") && text.contains("given_name"),
        "{text}"
    );
    assert!(
        text.contains("platform") && text.contains("Alice"),
        "{text}"
    );
    // Esc while choosing keeps what was shown.
    press(&mut app, KeyCode::Char('C'));
    press(&mut app, KeyCode::Esc);
    assert!(screen(&app, 80, 24).contains("platform"));
}
