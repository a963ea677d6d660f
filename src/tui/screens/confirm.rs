//! Confirm a registration: where the code went, code entry, resend.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Nav, Outcome, Request, delivery_words, render_notes};
use crate::service::account::CodeDelivery;
use crate::tui::keymap::Command;
use crate::tui::theme::Theme;
use crate::tui::widgets::{Field, Form};

const USERNAME: usize = 0;
const CODE: usize = 1;

#[derive(Debug)]
pub struct ConfirmScreen {
    form: Form,
    theme: Theme,
    /// Where the code went, in words.
    pub sent_to: Option<String>,
    /// Where to read the code, when the pool is the local one.
    pub outbox_hint: Option<String>,
    pub error: Option<String>,
}

impl ConfirmScreen {
    pub fn new(username: &str, delivery: Option<&CodeDelivery>, theme: Theme) -> Self {
        let mut form = Form::new(
            vec![
                Field::new("Username").with_value(username),
                Field::new("Code"),
            ],
            &theme,
        );
        if !username.is_empty() {
            form.set_focus(CODE, &theme);
        }
        Self {
            form,
            theme,
            outbox_hint: None,
            sent_to: delivery.map(delivery_words),
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
        }
    }

    pub fn command(&mut self, command: Command) -> Outcome {
        match command {
            Command::NextField => self.form.next(&self.theme),
            Command::PrevField => self.form.prev(&self.theme),
            Command::Back => {
                return Outcome::Go(Nav::SignIn {
                    username: self.username(),
                });
            }
            Command::ResendCode => {
                if self.username().is_empty() {
                    self.error = Some("Enter the username first.".into());
                    self.form.set_focus(USERNAME, &self.theme);
                    return Outcome::None;
                }
                return Outcome::Request(Request::Resend {
                    username: self.username(),
                });
            }
            Command::Submit => return self.submit(),
            _ => {}
        }
        Outcome::None
    }

    fn submit(&mut self) -> Outcome {
        if let Err(message) = self.form.require(&[USERNAME, CODE], &self.theme) {
            self.error = Some(message);
            return Outcome::None;
        }
        self.error = None;
        Outcome::Request(Request::Confirm {
            username: self.username(),
            code: self.form.field(CODE).value(),
        })
    }

    pub fn failed(&mut self, error: String) {
        self.error = Some(error);
        self.form.set_focus(CODE, &self.theme);
    }

    pub fn resent(&mut self, delivery: &CodeDelivery) {
        self.sent_to = Some(delivery_words(delivery));
        self.error = None;
    }

    /// Fills in a code taken from the outbox, keeping the other fields.
    pub fn use_code(&mut self, code: &str) {
        self.form.field_mut(CODE).set_value(code);
        self.error = None;
        self.form.set_focus(CODE, &self.theme);
    }

    /// A click focuses the field under it.
    pub fn click(&mut self, area: Rect, column: u16, row: u16) -> Outcome {
        self.form.click_framed(area, column, row, &self.theme);
        Outcome::None
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let notes = self
            .form
            .render_framed("Confirm your account", area, buf, theme);
        let sent = match &self.sent_to {
            Some(to) => format!("A confirmation code was sent {to}."),
            None => "Enter the code that was sent when the account was created.".to_string(),
        };
        let mut lines = vec![sent];
        lines.extend(self.outbox_hint.clone());
        render_notes(&lines, self.error.as_deref(), notes, buf, theme);
    }
}
