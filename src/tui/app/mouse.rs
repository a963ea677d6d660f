//! The mouse: a left click focuses a field, runs a footer hint, selects (then opens) a picker
//! row or dismisses the toast; the wheel moves in lists. Hit-testing uses the layout the view
//! draws with (`view::layout`, each screen's own `click`), never geometry of its own.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::{App, Screen};
use crate::tui::keymap::Command;
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
            let context = self.screen.context();
            return match footer::hit(&self.keymap, context, areas.keys, column, row) {
                Some(command) => {
                    self.run_command(command);
                    true
                }
                None => false,
            };
        }
        if !areas.body.contains(at) {
            return false;
        }
        let body = areas.body;
        let outcome = match &mut self.screen {
            Screen::Picker(s) => s.click(body, column, row),
            Screen::SignIn(s) => s.click(body, column, row),
            Screen::Register(s) => s.click(body, column, row),
            // Screens without clickable parts yet: a click changes nothing.
            _ => return false,
        };
        self.apply(outcome);
        true
    }

    /// The wheel moves the selection of list screens; forms ignore it.
    fn scroll(&mut self, command: Command) -> bool {
        if self.help || self.screen.context().is_form() {
            return false;
        }
        let outcome = self.screen_command(command);
        self.apply(outcome);
        true
    }

    /// What a key bound to `command` would do.
    fn run_command(&mut self, command: Command) {
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
