//! The form screens' shared core: the fields, focus moves, typing that clears the error, clicks
//! on fields, required fields and failures. A screen that is a form implements `FormScreen`
//! (its title, notes, commands and results) and is a `View` through it.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::{Cx, Outcome, View, render_note_lines};
use crate::service::ServiceError;
use crate::tui::keymap::{Command, Context};
use crate::tui::msg::Msg;
use crate::tui::theme::Theme;
use crate::tui::widgets::{Field, Form};

/// The fields of a form screen and the theme their focus is drawn with.
#[derive(Debug)]
pub struct FormCore {
    pub form: Form,
    pub theme: Theme,
}

impl FormCore {
    pub fn new(fields: Vec<Field>, theme: Theme) -> Self {
        Self {
            form: Form::new(fields, &theme),
            theme,
        }
    }

    /// The text of field `index`.
    pub fn value(&self, index: usize) -> String {
        self.form.field(index).value()
    }

    /// The secret typed in field `index` (kept in the field), or None when it is empty.
    pub fn secret(&mut self, index: usize) -> Option<crate::secret::SecretString> {
        let field = self.form.field_mut(index);
        if field.is_empty() {
            return None;
        }
        Some(field.copy_secret())
    }

    pub fn focus(&mut self, index: usize) {
        self.form.set_focus(index, &self.theme);
    }

    /// The moves every form has: next and previous field, show or hide secrets. True when
    /// `command` was one of them.
    fn navigate(&mut self, command: Command) -> bool {
        match command {
            Command::NextField => self.form.next(&self.theme),
            Command::PrevField => self.form.prev(&self.theme),
            Command::ToggleSecret => self.form.toggle_secrets(),
            _ => return false,
        }
        true
    }

    /// Checks that the `required` fields are filled; when one is not, focuses it and puts
    /// "Enter the code." in `error`.
    pub fn require(&mut self, required: &[usize], error: &mut Option<String>) -> bool {
        match self.form.require(required, &self.theme) {
            Ok(()) => {
                *error = None;
                true
            }
            Err(message) => {
                *error = Some(message);
                false
            }
        }
    }

    /// A failure in Cognito's words under the form, with the focus on the field to fix.
    pub fn failed(&mut self, e: &ServiceError, focus: usize, error: &mut Option<String>) {
        *error = Some(e.to_string());
        self.focus(focus);
    }

    /// `value` into field `index` (a code from the outbox), the focus on `then`.
    pub fn fill(&mut self, index: usize, value: &str, then: usize, error: &mut Option<String>) {
        self.form.field_mut(index).set_value(value);
        *error = None;
        self.focus(then);
    }

    /// The frame titled `title`, the fields, then `notes` and the error under them.
    pub fn render<'a>(
        &self,
        title: &str,
        notes: Vec<Line<'a>>,
        error: Option<&'a str>,
        area: Rect,
        buf: &mut Buffer,
        theme: &Theme,
    ) {
        let below = self.form.render_framed(title, area, buf, theme);
        render_note_lines(notes, error, below, buf, theme);
    }
}

/// A screen that is a form. Moving between fields, typing, clicks and drawing the frame come
/// from the core; the screen says what its commands do and what the results mean.
pub trait FormScreen {
    fn context(&self) -> Context;

    /// The core and the error shown under the form.
    fn parts(&mut self) -> (&mut FormCore, &mut Option<String>);

    /// A command other than the field moves.
    fn act(&mut self, command: Command, cx: &Cx) -> Outcome;

    fn draw(&self, area: Rect, buf: &mut Buffer, cx: &Cx);

    /// Why field `index` takes no typing, if it does not (a saved profile's name).
    fn locked(&self, _index: usize) -> Option<&'static str> {
        None
    }

    /// Typing changed field `index` (a password checked against the policy as typed).
    fn edited(&mut self, _index: usize) {}

    /// The result of a request the screen made, or news every screen hears.
    fn answer(&mut self, _msg: Msg, _cx: &Cx) -> Outcome {
        Outcome::None
    }

    /// A code from the outbox for the code field; false when the form has none.
    fn fill_code(&mut self, _code: &str) -> bool {
        false
    }
}

impl<T: FormScreen> View for T {
    fn context(&self) -> Context {
        FormScreen::context(self)
    }

    fn input(&mut self, key: KeyEvent, _cx: &Cx) -> Outcome {
        let focus = self.parts().0.form.focus();
        if let Some(why) = self.locked(focus) {
            *self.parts().1 = Some(why.to_string());
            return Outcome::None;
        }
        let (core, error) = self.parts();
        if core.form.input(key) {
            *error = None;
            let index = core.form.focus();
            self.edited(index);
        }
        Outcome::None
    }

    fn command(&mut self, command: Command, cx: &Cx) -> Outcome {
        if self.parts().0.navigate(command) {
            return Outcome::None;
        }
        self.act(command, cx)
    }

    /// A click focuses the field under it.
    fn click(&mut self, area: Rect, column: u16, row: u16, _cx: &Cx) -> Outcome {
        let (core, _) = self.parts();
        core.form.click_framed(area, column, row, &core.theme);
        Outcome::None
    }

    fn render(&self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        self.draw(area, buf, cx);
    }

    fn on_result(&mut self, msg: Msg, cx: &Cx) -> Outcome {
        self.answer(msg, cx)
    }

    fn use_code(&mut self, code: &str) -> bool {
        self.fill_code(code)
    }
}
