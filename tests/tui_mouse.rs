//! Mouse clicks and the wheel, hit-tested with the layout the view draws with: the positions
//! clicked here are found in the rendered screen, as a user would find them.

#[path = "tui_support.rs"]
mod support;

use cognito_tui::store::{Profile, ProfileEntry};
use cognito_tui::tui::app::{App, Screen, Start};
use cognito_tui::tui::msg::Task;
use cognito_tui::tui::theme::Theme;
use cognito_tui::tui::widgets::Toast;
use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
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
    match &app.screen {
        Screen::Picker(p) => p.selected,
        _ => panic!("not on the picker"),
    }
}

#[test]
fn a_click_on_a_form_field_focuses_it() {
    let mut app = signed_out_app(Some("alice"));
    let Screen::SignIn(s) = &app.screen else {
        panic!("not on sign-in")
    };
    assert_eq!(s.form().focus(), 1, "the password has the focus");
    let (column, row) = find(&app, "Username");
    assert!(click(&mut app, column + 20, row));
    let Screen::SignIn(s) = &app.screen else {
        panic!("not on sign-in")
    };
    assert_eq!(s.form().focus(), 0);
    type_text(&mut app, "x");
    let Screen::SignIn(s) = &app.screen else {
        panic!("not on sign-in")
    };
    assert_eq!(s.username(), "alicex");
}

#[test]
fn a_click_on_a_footer_hint_runs_its_command() {
    let mut app = signed_out_app(None);
    let (column, row) = find(&app, "F2 show/hide");
    click(&mut app, column + 4, row);
    let Screen::SignIn(s) = &app.screen else {
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
    assert!(matches!(app.screen, Screen::Picker(_)));
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
    let Screen::Register(s) = &app.screen else {
        panic!("not on register")
    };
    assert_eq!(s.form().focus(), 2);
}
