//! Change password: the current one, the new one and its repeat (masked; F2 shows them).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::form_screen::{FormCore, FormScreen};
use super::{Cx, Outcome, muted_lines};
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
    core: FormCore,
    pub error: Option<String>,
    /// The new password checked against the pool's policy as typed, once known.
    pub policy: PolicyNote,
}

impl ChangePasswordScreen {
    pub fn new(theme: Theme) -> Self {
        let core = FormCore::new(
            vec![
                Field::secret("Current"),
                Field::secret("New password"),
                Field::secret("Repeat"),
            ],
            theme,
        );
        Self {
            core,
            error: None,
            policy: PolicyNote::default(),
        }
    }

    /// The pool's policy became known (or is known already).
    pub fn set_policy(&mut self, policy: Option<&PasswordPolicy>) {
        self.policy.set(policy, &self.core.form, NEW);
    }

    pub fn form(&self) -> &Form {
        &self.core.form
    }

    fn submit(&mut self, cx: &Cx) -> Outcome {
        if !self.core.require(&[CURRENT, NEW, REPEAT], &mut self.error) {
            return Outcome::None;
        }
        let current = self.secret(CURRENT);
        let new = self.secret(NEW);
        if new.expose() != self.secret(REPEAT).expose() {
            self.error = Some("The repeat does not match the new password.".into());
            self.core.focus(REPEAT);
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
        self.core.form.field_mut(index).copy_secret()
    }

    /// A wrong current password empties that field only; other errors keep everything.
    pub fn failed(&mut self, error: &ServiceError) {
        match error {
            ServiceError::WrongCredentials => {
                self.error = Some("The current password is wrong.".into());
                self.core.form.field_mut(CURRENT).take_secret();
                self.core.focus(CURRENT);
            }
            ServiceError::PasswordPolicy { .. } => self.core.failed(error, NEW, &mut self.error),
            other => self.error = Some(other.to_string()),
        }
    }
}

impl FormScreen for ChangePasswordScreen {
    fn context(&self) -> Context {
        Context::ChangePassword
    }

    fn parts(&mut self) -> (&mut FormCore, &mut Option<String>) {
        (&mut self.core, &mut self.error)
    }

    fn edited(&mut self, index: usize) {
        if index == NEW {
            self.policy.recheck(&self.core.form, NEW);
        }
    }

    fn act(&mut self, command: Command, cx: &Cx) -> Outcome {
        match command {
            Command::Back => Outcome::Pop,
            Command::Submit => self.submit(cx),
            _ => Outcome::None,
        }
    }

    fn draw(&self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        let theme = cx.theme;
        let username = cx.home.map_or("", |h| h.username.as_str());
        let who = [format!("Signed in as {username}.")];
        let mut notes = muted_lines(&who, theme);
        notes.push(self.policy.line(theme));
        let title = "Change the password";
        self.core
            .render(title, notes, self.error.as_deref(), area, buf, theme);
    }

    fn answer(&mut self, msg: Msg, _cx: &Cx) -> Outcome {
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
