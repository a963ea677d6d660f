//! Lists longer than the screen: the selection stays on screen, clicks land on the row drawn.

use crate::support;

use cognito_tui::store::{Profile, ProfileEntry};
use cognito_tui::tui::app::{App, Screen, Start};
use cognito_tui::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use support::*;

/// The picker with `n` saved profiles (env00 … ) and the demo pool after them.
fn long_picker(n: usize) -> App {
    let entries = (0..n)
        .map(|i| {
            let name = format!("env{i:02}");
            ProfileEntry {
                profile: Ok(Profile::new(&name, "eu-west-1_AbC123", "client123")),
                name,
            }
        })
        .collect();
    App::new(Start::Picker(entries), Theme::monochrome(), now())
}

fn selected(app: &App) -> usize {
    match app.screen() {
        Screen::Picker(p) => p.selected,
        other => panic!("not on the picker: {other:?}"),
    }
}

fn click(app: &mut App, column: u16, row: u16) {
    app.on_mouse(
        MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        },
        Rect::new(0, 0, 80, 24),
    );
}

/// The screen row that shows `needle`, if any.
fn row_of(text: &str, needle: &str) -> Option<u16> {
    text.lines()
        .position(|line| line.contains(needle))
        .and_then(|row| u16::try_from(row).ok())
}

#[test]
fn the_picker_scrolls_so_the_selection_is_always_shown() {
    let mut app = long_picker(40);
    let first = screen(&app, 80, 24);
    assert!(first.contains("› env00"), "{first}");
    assert!(
        !first.contains("env39"),
        "40 profiles do not fit in 24 rows"
    );
    for _ in 0..39 {
        press(&mut app, KeyCode::Down);
    }
    assert_eq!(selected(&app), 39);
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("› env39"),
        "the selection scrolled into view:\n{text}"
    );
    assert!(!text.contains("env00"), "{text}");
    // The demo pool is the last row; Down goes there, and round to the first again.
    press(&mut app, KeyCode::Down);
    assert!(screen(&app, 80, 24).contains("› Local demo pool"));
    press(&mut app, KeyCode::Down);
    assert_eq!(selected(&app), 0);
    assert!(screen(&app, 60, 20).contains("› env00"));
}

#[test]
fn a_click_on_a_scrolled_picker_selects_the_row_drawn_under_it() {
    let mut app = long_picker(40);
    for _ in 0..30 {
        press(&mut app, KeyCode::Down);
    }
    let text = screen(&app, 80, 24);
    let row = row_of(&text, "env25").expect("env25 is on screen");
    click(&mut app, 10, row);
    assert_eq!(selected(&app), 25, "{text}");
    // A second click on the selected row opens it.
    click(&mut app, 10, row);
    assert!(!matches!(app.screen(), Screen::Picker(_)));
}
