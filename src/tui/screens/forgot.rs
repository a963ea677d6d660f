//! Forgot password: request a code, then the code and a new password.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Nav, Outcome, Request, delivery_words, muted_lines, render_note_lines};
use crate::service::account::CodeDelivery;
use crate::service::admin::PasswordPolicy;
use crate::tui::keymap::Command;
use crate::tui::theme::Theme;
use crate::tui::widgets::policy::PolicyNote;
use crate::tui::widgets::{Field, Form};

const USERNAME: usize = 0;
const CODE: usize = 1;
const PASSWORD: usize = 2;

#[derive(Debug)]
pub struct ForgotScreen {
    form: Form,
    theme: Theme,
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
        let form = Form::new(
            vec![
                Field::new("Username").with_value(username),
                Field::new("Code"),
                Field::secret("New password"),
            ],
            &theme,
        );
        Self {
            form,
            theme,
            outbox_hint: None,
            sent_to: None,
            policy: PolicyNote::default(),
            error: None,
        }
    }

    pub fn form(&self) -> &Form {
        &self.form
    }

    pub fn username(&self) -> String {
        self.form.field(USERNAME).value()
    }

    pub fn input(&mut self, key: KeyEvent) {
        if self.form.input(key) {
            self.error = None;
            if self.form.focus() == PASSWORD {
                self.policy.recheck(&self.form, PASSWORD);
            }
        }
    }

    /// The pool's policy became known (or is known already).
    pub fn set_policy(&mut self, policy: Option<&PasswordPolicy>) {
        self.policy.set(policy, &self.form, PASSWORD);
    }

    pub fn command(&mut self, command: Command) -> Outcome {
        match command {
            Command::NextField => self.form.next(&self.theme),
            Command::PrevField => self.form.prev(&self.theme),
            Command::ToggleSecret => self.form.toggle_secrets(),
            Command::Back => {
                return Outcome::Go(Nav::SignIn {
                    username: self.username(),
                });
            }
            Command::ResendCode => return self.send_code(),
            Command::Submit if self.form.field(CODE).is_empty() => return self.send_code(),
            Command::Submit => return self.reset(),
            _ => {}
        }
        Outcome::None
    }

    fn send_code(&mut self) -> Outcome {
        if self.username().is_empty() {
            self.error = Some("Enter the username.".into());
            self.form.set_focus(USERNAME, &self.theme);
            return Outcome::None;
        }
        Outcome::Request(Request::Forgot {
            username: self.username(),
        })
    }

    fn reset(&mut self) -> Outcome {
        if let Err(message) = self.form.require(&[USERNAME, CODE, PASSWORD], &self.theme) {
            self.error = Some(message);
            return Outcome::None;
        }
        Outcome::Request(Request::ResetPassword {
            username: self.username(),
            code: self.form.field(CODE).value(),
            password: self.form.field_mut(PASSWORD).take_secret(),
        })
    }

    pub fn code_sent(&mut self, delivery: &CodeDelivery) {
        self.sent_to = Some(delivery_words(delivery));
        self.error = None;
        self.form.set_focus(CODE, &self.theme);
    }

    pub fn failed(&mut self, error: String) {
        self.error = Some(error);
        let focus = if self.sent_to.is_some() {
            CODE
        } else {
            USERNAME
        };
        self.form.set_focus(focus, &self.theme);
    }

    /// Fills in a code taken from the outbox, keeping the other fields.
    pub fn use_code(&mut self, code: &str) {
        self.form.field_mut(CODE).set_value(code);
        self.error = None;
        self.form.set_focus(PASSWORD, &self.theme);
    }

    /// A click focuses the field under it.
    pub fn click(&mut self, area: Rect, column: u16, row: u16) -> Outcome {
        self.form.click_framed(area, column, row, &self.theme);
        Outcome::None
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let notes = self
            .form
            .render_framed("Reset the password", area, buf, theme);
        let step = match &self.sent_to {
            Some(to) => format!("A reset code was sent {to}. Enter it with a new password."),
            None => "Enter the username and press Enter to get a reset code.".to_string(),
        };
        let mut lines = vec![step];
        lines.extend(self.outbox_hint.clone());
        let mut lines = muted_lines(&lines, theme);
        lines.push(self.policy.line(theme));
        render_note_lines(lines, self.error.as_deref(), notes, buf, theme);
    }
}
