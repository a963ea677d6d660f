//! Confirm a registration: where the code went, code entry, resend.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Cx, Outcome, View, delivery_words, render_notes};
use crate::service::account::CodeDelivery;
use crate::tui::keymap::{Command, Context};
use crate::tui::msg::{Msg, Task};
use crate::tui::theme::Theme;
use crate::tui::widgets::Toast;
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

    fn on_key(&mut self, key: KeyEvent) {
        if self.form.input(key) {
            self.error = None;
        }
    }

    fn handle(&mut self, command: Command, cx: &Cx) -> Outcome {
        match command {
            Command::NextField => self.form.next(&self.theme),
            Command::PrevField => self.form.prev(&self.theme),
            Command::Back => {
                return Outcome::Replace(cx.sign_in(&self.username()));
            }
            Command::ResendCode => {
                if self.username().is_empty() {
                    self.error = Some("Enter the username first.".into());
                    self.form.set_focus(USERNAME, &self.theme);
                    return Outcome::None;
                }
                let username = self.username();
                return cx.task(|conn| Task::Resend { conn, username });
            }
            Command::Submit => return self.submit(cx),
            _ => {}
        }
        Outcome::None
    }

    fn submit(&mut self, cx: &Cx) -> Outcome {
        if let Err(message) = self.form.require(&[USERNAME, CODE], &self.theme) {
            self.error = Some(message);
            return Outcome::None;
        }
        self.error = None;
        let (username, code) = (self.username(), self.form.field(CODE).value());
        cx.task(|conn| Task::Confirm {
            conn,
            username,
            code,
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
    pub fn fill_code(&mut self, code: &str) {
        self.form.field_mut(CODE).set_value(code);
        self.error = None;
        self.form.set_focus(CODE, &self.theme);
    }

    /// A click focuses the field under it.
    fn clicked(&mut self, area: Rect, column: u16, row: u16) -> Outcome {
        self.form.click_framed(area, column, row, &self.theme);
        Outcome::None
    }

    fn draw(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
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

impl View for ConfirmScreen {
    fn context(&self) -> Context {
        Context::Confirm
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
            Msg::Confirmed { username, result } => match result {
                Ok(()) => Outcome::Replace(cx.sign_in(&username))
                    .with_toast(Toast::info("Account confirmed; sign in.")),
                Err(e) => {
                    self.failed(e.to_string());
                    Outcome::None
                }
            },
            Msg::Resent(Ok(delivery)) => {
                self.resent(&delivery);
                Outcome::Toast(Toast::info("A new code is on its way."))
            }
            Msg::Resent(Err(e)) => {
                self.failed(e.to_string());
                Outcome::None
            }
            _ => Outcome::None,
        }
    }
}
