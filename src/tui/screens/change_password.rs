//! Change password: the current one, the new one and its repeat (masked; F2 shows them).

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Cx, Outcome, View, muted_lines, render_note_lines};
use crate::secret::SecretString;
use crate::service::ServiceError;
use crate::service::admin::PasswordPolicy;
use crate::tui::keymap::{Command, Context};
use crate::tui::msg::account::{AccountMsg, AccountTask};
use crate::tui::msg::{Msg, Task};
use crate::tui::theme::Theme;
use crate::tui::widgets::Toast;
use crate::tui::widgets::policy::PolicyNote;
use crate::tui::widgets::{Field, Form};

const CURRENT: usize = 0;
const NEW: usize = 1;
const REPEAT: usize = 2;

#[derive(Debug)]
pub struct ChangePasswordScreen {
    form: Form,
    theme: Theme,
    pub error: Option<String>,
    /// The new password checked against the pool's policy as typed, once known.
    pub policy: PolicyNote,
}

impl ChangePasswordScreen {
    pub fn new(theme: Theme) -> Self {
        let form = Form::new(
            vec![
                Field::secret("Current"),
                Field::secret("New password"),
                Field::secret("Repeat"),
            ],
            &theme,
        );
        Self {
            form,
            theme,
            error: None,
            policy: PolicyNote::default(),
        }
    }

    /// The pool's policy became known (or is known already).
    pub fn set_policy(&mut self, policy: Option<&PasswordPolicy>) {
        self.policy.set(policy, &self.form, NEW);
    }

    pub fn form(&self) -> &Form {
        &self.form
    }

    fn submit(&mut self, cx: &Cx) -> Outcome {
        if let Err(message) = self.form.require(&[CURRENT, NEW, REPEAT], &self.theme) {
            self.error = Some(message);
            return Outcome::None;
        }
        let current = self.secret(CURRENT);
        let new = self.secret(NEW);
        if new.expose() != self.secret(REPEAT).expose() {
            self.error = Some("The repeat does not match the new password.".into());
            self.form.set_focus(REPEAT, &self.theme);
            return Outcome::None;
        }
        let Some(home) = cx.home else {
            return Outcome::None;
        };
        let task = AccountTask::ChangePassword {
            session: Box::new(home.session.clone()),
            current,
            new,
        };
        cx.task(|conn| Task::Account { conn, task })
    }

    /// A copy of what a field holds; the field keeps it, so an error loses nothing typed.
    fn secret(&mut self, index: usize) -> SecretString {
        let field = self.form.field_mut(index);
        let secret = field.take_secret();
        field.set_value(secret.expose());
        secret
    }

    /// A wrong current password empties that field only; other errors keep everything.
    pub fn failed(&mut self, error: &ServiceError) {
        match error {
            ServiceError::WrongCredentials => {
                self.error = Some("The current password is wrong.".into());
                self.form.field_mut(CURRENT).take_secret();
                self.form.set_focus(CURRENT, &self.theme);
            }
            ServiceError::PasswordPolicy { .. } => {
                self.error = Some(error.to_string());
                self.form.set_focus(NEW, &self.theme);
            }
            other => self.error = Some(other.to_string()),
        }
    }
}

impl View for ChangePasswordScreen {
    fn context(&self) -> Context {
        Context::ChangePassword
    }

    fn input(&mut self, key: KeyEvent, _cx: &Cx) -> Outcome {
        if self.form.input(key) {
            self.error = None;
            if self.form.focus() == NEW {
                self.policy.recheck(&self.form, NEW);
            }
        }
        Outcome::None
    }

    fn command(&mut self, command: Command, cx: &Cx) -> Outcome {
        match command {
            Command::NextField => self.form.next(&self.theme),
            Command::PrevField => self.form.prev(&self.theme),
            Command::ToggleSecret => self.form.toggle_secrets(),
            Command::Back => return Outcome::Pop,
            Command::Submit => return self.submit(cx),
            _ => {}
        }
        Outcome::None
    }

    /// A click focuses the field under it.
    fn click(&mut self, area: Rect, column: u16, row: u16, _cx: &Cx) -> Outcome {
        self.form.click_framed(area, column, row, &self.theme);
        Outcome::None
    }

    fn render(&self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        let theme = cx.theme;
        let notes = self
            .form
            .render_framed("Change the password", area, buf, theme);
        let username = cx.home.map_or("", |h| h.username.as_str());
        let who = [format!("Signed in as {username}.")];
        let mut lines = muted_lines(&who, theme);
        lines.push(self.policy.line(theme));
        render_note_lines(lines, self.error.as_deref(), notes, buf, theme);
    }

    fn on_result(&mut self, msg: Msg, _cx: &Cx) -> Outcome {
        match msg {
            Msg::PasswordPolicy { policy, .. } => self.set_policy(policy.as_ref()),
            Msg::Account(AccountMsg::PasswordChanged(Ok(()))) => {
                return Outcome::Pop.with_toast(Toast::info("The password is changed."));
            }
            Msg::Account(AccountMsg::PasswordChanged(Err(e))) => self.failed(&e),
            _ => {}
        }
        Outcome::None
    }
}
