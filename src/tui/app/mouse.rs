//! The mouse: a left click focuses a field, presses a footer hint, selects (then opens) a row,
//! switches a tab, answers a dialog or dismisses the toast; the wheel moves in lists. While a
//! dialog is open, clicks reach it and nothing under it. Hit-testing uses the layout the view
//! draws with (`view::layout`, each screen's own `click`), never geometry of its own.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::{App, Screen};
use crate::tui::keymap::Command;
use crate::tui::screens::Outcome;
use crate::tui::view;
use crate::tui::widgets::footer;

impl App {
    /// Handles a mouse event on a terminal of size `area`; true when the screen needs redrawing.
    pub fn on_mouse(&mut self, mouse: MouseEvent, area: Rect) -> bool {
        match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => self.click(area, mouse.column, mouse.row),
            MouseEventKind::ScrollUp => self.scroll(Command::Up),
            MouseEventKind::ScrollDown => self.scroll(Command::Down),
            _ => false,
        }
    }

    fn click(&mut self, area: Rect, column: u16, row: u16) -> bool {
        if self.help {
            self.help = false;
            return true;
        }
        let areas = view::layout(area, self);
        let at = Position::new(column, row);
        if self.toast.is_some() && areas.toast.contains(at) {
            self.toast = None;
            return true;
        }
        if areas.keys.contains(at) {
            return match footer::hit(&self.keymap, self.context(), areas.keys, column, row) {
                Some(command) => {
                    self.run_command(command);
                    true
                }
                None => false,
            };
        }
        if self.dialog.is_some() {
            return self.dialog_click(areas.body, column, row);
        }
        if !areas.body.contains(at) {
            return false;
        }
        if let Screen::Home(home) = &self.screen {
            let actions = view::home_actions(&self.keymap);
            if let Some(command) = home.click(areas.body, column, row, &actions) {
                self.run_command(command);
            }
            return true;
        }
        let outcome = self.screen_click(areas.body, column, row);
        self.apply(outcome);
        true
    }

    /// The screen's answer to a click in its `body`.
    fn screen_click(&mut self, body: Rect, column: u16, row: u16) -> Outcome {
        match &mut self.screen {
            Screen::Picker(s) => s.click(body, column, row),
            Screen::SignIn(s) => s.click(body, column, row),
            Screen::Register(s) => s.click(body, column, row),
            Screen::Confirm(s) => s.click(body, column, row),
            Screen::Forgot(s) => s.click(body, column, row),
            Screen::Profile(s) => s.click(body, column, row),
            Screen::ChangePassword(s) => s.click(body, column, row),
            Screen::Verify(s) => s.click(body, column, row),
            Screen::Challenge(s) => s.click(body, column, row),
            Screen::MfaSettings(s) => s.click(body, column, row),
            Screen::Tokens(s) => s.click(body, column, row),
            Screen::Outbox(s) => s.click(body, column, row),
            Screen::ProfileForm(s) => s.click(body, column, row),
            // Nothing to click while loading; the home's actions are handled before.
            Screen::Loading(_) | Screen::Home(_) => Outcome::None,
        }
    }

    /// The wheel moves the selection of list screens; forms and dialogs ignore it.
    fn scroll(&mut self, command: Command) -> bool {
        if self.help || self.dialog.is_some() || self.context().is_form() {
            return false;
        }
        let outcome = self.screen_command(command);
        self.apply(outcome);
        true
    }

    /// What a key bound to `command` would do (to the dialog, while one is open).
    fn run_command(&mut self, command: Command) {
        if self.dialog.is_some() {
            self.dialog_command(command);
            return;
        }
        match command {
            Command::Quit => self.quit = true,
            Command::Help => self.help = true,
            command => {
                let outcome = self.screen_command(command);
                self.apply(outcome);
            }
        }
    }
}
