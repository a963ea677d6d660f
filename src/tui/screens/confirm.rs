//! Confirm a registration: where the code went, code entry, resend.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::form_screen::{FormCore, FormScreen};
use super::{Cx, Outcome, delivery_words, muted_lines};
use crate::service::ServiceError;
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
    core: FormCore,
    /// Where the code went, in words.
    pub sent_to: Option<String>,
    /// Where to read the code, when the pool is the local one.
    pub outbox_hint: Option<String>,
    pub error: Option<String>,
}

impl ConfirmScreen {
    pub fn new(username: &str, delivery: Option<&CodeDelivery>, theme: Theme) -> Self {
        let mut core = FormCore::new(
            vec![
                Field::new("Username").with_value(username),
                Field::new("Code"),
            ],
            theme,
        );
        if !username.is_empty() {
            core.focus(CODE);
        }
        Self {
            core,
            outbox_hint: None,
            sent_to: delivery.map(delivery_words),
            error: None,
        }
    }

    pub fn form(&self) -> &Form {
        &self.core.form
    }

    pub fn username(&self) -> String {
        self.core.value(USERNAME)
    }

    fn submit(&mut self, cx: &Cx) -> Outcome {
        if !self.core.require(&[USERNAME, CODE], &mut self.error) {
            return Outcome::None;
        }
        let (username, code) = (self.username(), self.core.value(CODE));
        cx.task(|conn| Task::Confirm {
            conn,
            username,
            code,
        })
    }

    pub fn failed(&mut self, e: &ServiceError) {
        self.core.failed(e, CODE, &mut self.error);
    }

    pub fn resent(&mut self, delivery: &CodeDelivery) {
        self.sent_to = Some(delivery_words(delivery));
        self.error = None;
    }
}

impl FormScreen for ConfirmScreen {
    fn context(&self) -> Context {
        Context::Confirm
    }

    fn parts(&mut self) -> (&mut FormCore, &mut Option<String>) {
        (&mut self.core, &mut self.error)
    }

    fn act(&mut self, command: Command, cx: &Cx) -> Outcome {
        match command {
            Command::Back => Outcome::Replace(cx.sign_in(&self.username())),
            Command::ResendCode if self.username().is_empty() => {
                self.error = Some("Enter the username first.".into());
                self.core.focus(USERNAME);
                Outcome::None
            }
            Command::ResendCode => {
                let username = self.username();
                cx.task(|conn| Task::Resend { conn, username })
            }
            Command::Submit => self.submit(cx),
            _ => Outcome::None,
        }
    }

    fn draw(&self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        let sent = match &self.sent_to {
            Some(to) => format!("A confirmation code was sent {to}."),
            None => "Enter the code that was sent when the account was created.".to_string(),
        };
        let mut lines = vec![sent];
        lines.extend(self.outbox_hint.clone());
        let notes = muted_lines(&lines, cx.theme);
        self.core.render(
            "Confirm your account",
            notes,
            self.error.as_deref(),
            area,
            buf,
            cx.theme,
        );
    }

    /// Fills in a code taken from the outbox, keeping the other fields.
    fn fill_code(&mut self, code: &str) -> bool {
        self.core.fill(CODE, code, CODE, &mut self.error);
        true
    }

    fn answer(&mut self, msg: Msg, cx: &Cx) -> Outcome {
        match msg {
            Msg::Confirmed { username, result } => match result {
                Ok(()) => Outcome::Replace(cx.sign_in(&username))
                    .with_toast(Toast::info("Account confirmed; sign in.")),
                Err(e) => {
                    self.failed(&e);
                    Outcome::None
                }
            },
            Msg::Resent(Ok(delivery)) => {
                self.resent(&delivery);
                Outcome::Toast(Toast::info("A new code is on its way."))
            }
            Msg::Resent(Err(e)) => {
                self.failed(&e);
                Outcome::None
            }
            _ => Outcome::None,
        }
    }
}
