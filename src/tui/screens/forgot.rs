//! Forgot password: request a code, then the code and a new password.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Cx, Outcome, View, delivery_words, muted_lines, render_note_lines};
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

    fn on_key(&mut self, key: KeyEvent) {
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

    fn handle(&mut self, command: Command, cx: &Cx) -> Outcome {
        match command {
            Command::NextField => self.form.next(&self.theme),
            Command::PrevField => self.form.prev(&self.theme),
            Command::ToggleSecret => self.form.toggle_secrets(),
            Command::Back => {
                return Outcome::Replace(cx.sign_in(&self.username()));
            }
            Command::ResendCode => return self.send_code(cx),
            Command::Submit if self.form.field(CODE).is_empty() => return self.send_code(cx),
            Command::Submit => return self.reset(cx),
            _ => {}
        }
        Outcome::None
    }

    fn send_code(&mut self, cx: &Cx) -> Outcome {
        if self.username().is_empty() {
            self.error = Some("Enter the username.".into());
            self.form.set_focus(USERNAME, &self.theme);
            return Outcome::None;
        }
        let username = self.username();
        cx.task(|conn| Task::Forgot { conn, username })
    }

    fn reset(&mut self, cx: &Cx) -> Outcome {
        if let Err(message) = self.form.require(&[USERNAME, CODE, PASSWORD], &self.theme) {
            self.error = Some(message);
            return Outcome::None;
        }
        let username = self.username();
        let code = self.form.field(CODE).value();
        let password = self.form.field_mut(PASSWORD).take_secret();
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
    pub fn fill_code(&mut self, code: &str) {
        self.form.field_mut(CODE).set_value(code);
        self.error = None;
        self.form.set_focus(PASSWORD, &self.theme);
    }

    /// A click focuses the field under it.
    fn clicked(&mut self, area: Rect, column: u16, row: u16) -> Outcome {
        self.form.click_framed(area, column, row, &self.theme);
        Outcome::None
    }

    fn draw(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
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

impl View for ForgotScreen {
    fn context(&self) -> Context {
        Context::Forgot
    }

    fn input(&mut self, key: KeyEvent, _cx: &Cx) -> Outcome {
        self.on_key(key);
        Outcome::None
    }

    fn command(&mut self, command: Command, cx: &Cx) -> Outcome {
        self.handle(command, cx)
    }

    fn click(&mut self, area: Rect, column: u16, row: u16, _cx: &Cx) -> Outcome {
        self.clicked(area, column, row)
    }

    fn render(&self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        self.draw(area, buf, cx.theme);
    }

    fn use_code(&mut self, code: &str) -> bool {
        self.fill_code(code);
        true
    }

    fn on_result(&mut self, msg: Msg, cx: &Cx) -> Outcome {
        match msg {
            Msg::PasswordPolicy { policy, .. } => self.set_policy(policy.as_ref()),
            Msg::ForgotSent(Ok(delivery)) => self.code_sent(&delivery),
            Msg::ForgotSent(Err(e)) => self.failed(e.to_string()),
            Msg::PasswordReset { username, result } => match result {
                Ok(()) => {
                    return Outcome::Replace(cx.sign_in(&username))
                        .with_toast(Toast::info("Password changed; sign in with it."));
                }
                Err(e) => self.failed(e.to_string()),
            },
            _ => {}
        }
        Outcome::None
    }
}
