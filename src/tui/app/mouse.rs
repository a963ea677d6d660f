//! The mouse: a left click focuses a field, presses a footer hint, selects (then opens) a row,
//! switches a tab, answers a dialog or dismisses the toast; the wheel moves in lists. While a
//! dialog is open, clicks reach it and nothing under it. Hit-testing uses the layout the view
//! draws with (`view::layout`, each screen's own `click`), never geometry of its own.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::App;
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
        let top = self.top();
        self.call(top, |view, cx| view.click(areas.body, column, row, cx));
        true
    }

    /// The wheel moves the selection of list screens; forms and dialogs ignore it.
    fn scroll(&mut self, command: Command) -> bool {
        if self.help || self.dialog.is_some() || self.context().is_form() {
            return false;
        }
        let top = self.top();
        self.call(top, |view, cx| view.command(command, cx));
        true
    }
}
