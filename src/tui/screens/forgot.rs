//! Forgot password: request a code, then the code and a new password.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::form_screen::{FormCore, FormScreen};
use super::{Cx, Outcome, delivery_words, muted_lines};
use crate::service::ServiceError;
use crate::service::account::CodeDelivery;
use crate::service::admin::PasswordPolicy;
use crate::tui::keymap::{Command, Context};
use crate::tui::msg::{Msg, Task};
use crate::tui::theme::Theme;
use crate::tui::widgets::Toast;
use crate::tui::widgets::policy::PolicyNote;
use crate::tui::widgets::{Field, Form};

const USERNAME: usize = 0;
const CODE: usize = 1;
const PASSWORD: usize = 2;

#[derive(Debug)]
pub struct ForgotScreen {
    core: FormCore,
    /// Where the reset code went, once sent.
    pub sent_to: Option<String>,
    /// Where to read the code, when the pool is the local one.
    pub outbox_hint: Option<String>,
    pub error: Option<String>,
    /// The new password checked against the pool's policy as typed, once known.
    pub policy: PolicyNote,
}

impl ForgotScreen {
    pub fn new(username: &str, theme: Theme) -> Self {
        let core = FormCore::new(
            vec![
                Field::new("Username").with_value(username),
                Field::new("Code"),
                Field::secret("New password"),
            ],
            theme,
        );
        Self {
            core,
            outbox_hint: None,
            sent_to: None,
            policy: PolicyNote::default(),
            error: None,
        }
    }

    pub fn form(&self) -> &Form {
        &self.core.form
    }

    pub fn username(&self) -> String {
        self.core.value(USERNAME)
    }

    /// The pool's policy became known (or is known already).
    pub fn set_policy(&mut self, policy: Option<&PasswordPolicy>) {
        self.policy.set(policy, &self.core.form, PASSWORD);
    }

    fn send_code(&mut self, cx: &Cx) -> Outcome {
        if self.username().is_empty() {
            self.error = Some("Enter the username.".into());
            self.core.focus(USERNAME);
            return Outcome::None;
        }
        let username = self.username();
        cx.task(|conn| Task::Forgot { conn, username })
    }

    fn reset(&mut self, cx: &Cx) -> Outcome {
        if !self
            .core
            .require(&[USERNAME, CODE, PASSWORD], &mut self.error)
        {
            return Outcome::None;
        }
        let username = self.username();
        let code = self.core.value(CODE);
        let password = self.core.form.field_mut(PASSWORD).take_secret();
        cx.task(|conn| Task::ResetPassword {
            conn,
            username,
            code,
            password,
        })
    }

    pub fn code_sent(&mut self, delivery: &CodeDelivery) {
        self.sent_to = Some(delivery_words(delivery));
        self.error = None;
        self.core.focus(CODE);
    }

    pub fn failed(&mut self, e: &ServiceError) {
        let focus = if self.sent_to.is_some() {
            CODE
        } else {
            USERNAME
        };
        self.core.failed(e, focus, &mut self.error);
    }
}

impl FormScreen for ForgotScreen {
    fn context(&self) -> Context {
        Context::Forgot
    }

    fn parts(&mut self) -> (&mut FormCore, &mut Option<String>) {
        (&mut self.core, &mut self.error)
    }

    fn edited(&mut self, index: usize) {
        if index == PASSWORD {
            self.policy.recheck(&self.core.form, PASSWORD);
        }
    }

    fn act(&mut self, command: Command, cx: &Cx) -> Outcome {
        match command {
            Command::Back => Outcome::Replace(cx.sign_in(&self.username())),
            Command::ResendCode => self.send_code(cx),
            Command::Submit if self.core.form.field(CODE).is_empty() => self.send_code(cx),
            Command::Submit => self.reset(cx),
            _ => Outcome::None,
        }
    }

    fn draw(&self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        let theme = cx.theme;
        let step = match &self.sent_to {
            Some(to) => format!("A reset code was sent {to}. Enter it with a new password."),
            None => "Enter the username and press Enter to get a reset code.".to_string(),
        };
        let mut lines = vec![step];
        lines.extend(self.outbox_hint.clone());
        let mut notes = muted_lines(&lines, theme);
        notes.push(self.policy.line(theme));
        let title = "Reset the password";
        self.core
            .render(title, notes, self.error.as_deref(), area, buf, theme);
    }

    /// Fills in a code taken from the outbox, keeping the other fields.
    fn fill_code(&mut self, code: &str) -> bool {
        self.core.fill(CODE, code, PASSWORD, &mut self.error);
        true
    }

    fn answer(&mut self, msg: Msg, cx: &Cx) -> Outcome {
        match msg {
            Msg::PasswordPolicy { policy, .. } => self.set_policy(policy.as_ref()),
            Msg::ForgotSent(Ok(delivery)) => self.code_sent(&delivery),
            Msg::ForgotSent(Err(e)) => self.failed(&e),
            Msg::PasswordReset { username, result } => match result {
                Ok(()) => {
                    return Outcome::Replace(cx.sign_in(&username))
                        .with_toast(Toast::info("Password changed; sign in with it."));
                }
                Err(e) => self.failed(&e),
            },
            _ => {}
        }
        Outcome::None
    }
}
