//! The dialog that guards sign-outs, deletions and discarded edits: a question over the
//! screen that asked it; yes applies the screen's outcome, on that screen.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::App;
use crate::tui::keymap::Command;
use crate::tui::msg::ScreenId;
use crate::tui::screens::Outcome;
use crate::tui::widgets::confirm::{Answer, Confirm};

/// A question over the screen and what yes does.
#[derive(Debug)]
pub struct Dialog {
    pub confirm: Confirm,
    /// The screen that asked.
    pub(super) screen: ScreenId,
    then: Outcome,
}

impl App {
    pub(super) fn ask(&mut self, at: usize, mut confirm: Confirm, then: Outcome) {
        let Some(screen) = self.stack.get(at).map(|e| e.id) else {
            return;
        };
        confirm.focus(&self.theme);
        self.dialog = Some(Dialog {
            confirm,
            screen,
            then,
        });
    }

    /// A key while a dialog is open: it answers the dialog and nothing else.
    pub(super) fn dialog_key(&mut self, key: KeyEvent) {
        let Some(dialog) = &mut self.dialog else {
            return;
        };
        match self.keymap.lookup(dialog.confirm.context(), &key) {
            Some(command) => self.dialog_command(command),
            None => dialog.confirm.input(key),
        }
    }

    /// A command (a key, or a footer click) while a dialog is open.
    pub(super) fn dialog_command(&mut self, command: Command) {
        let Some(dialog) = &mut self.dialog else {
            return;
        };
        match command {
            Command::Quit => self.quit = true,
            Command::Help => self.help = true,
            command => {
                let answer = dialog.confirm.command(command);
                self.dialog_answered(answer);
            }
        }
    }

    /// A click while a dialog is open over `area`: only its answers respond. True when the
    /// screen needs redrawing.
    pub(super) fn dialog_click(&mut self, area: Rect, column: u16, row: u16) -> bool {
        let (yes, no) = self.dialog_keys();
        let Some(dialog) = &mut self.dialog else {
            return false;
        };
        let answer = dialog.confirm.click(area, (&yes, &no), column, row);
        let shown = dialog.confirm.error.is_some();
        self.dialog_answered(answer);
        answer != Answer::Open || shown
    }

    fn dialog_answered(&mut self, answer: Answer) {
        match answer {
            Answer::Yes => {
                if let Some(dialog) = self.dialog.take() {
                    if let Some(at) = self.index_of(dialog.screen) {
                        self.apply(at, dialog.then);
                    }
                }
            }
            Answer::No => self.dialog = None,
            Answer::Open => {}
        }
    }

    /// The keys the open dialog names for yes and no, from the keymap.
    fn dialog_keys(&self) -> (String, String) {
        let Some(dialog) = &self.dialog else {
            return Default::default();
        };
        let context = dialog.confirm.context();
        let key = |command| self.keymap.key_for(context, command).unwrap_or_default();
        (key(Command::Yes), key(Command::No))
    }

    /// Draws the open dialog (if any) over `area`, its keys named from the keymap.
    pub fn render_dialog(&self, area: Rect, buf: &mut Buffer) {
        let Some(dialog) = &self.dialog else {
            return;
        };
        let (yes, no) = self.dialog_keys();
        dialog.confirm.render(area, buf, &self.theme, &yes, &no);
    }
}
