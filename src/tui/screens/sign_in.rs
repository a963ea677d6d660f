//! Sign in: username and masked password; links to register, code confirmation and password
//! reset.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Nav, Outcome, Request, render_notes};
use crate::service::ServiceError;
use crate::tui::keymap::Command;
use crate::tui::theme::Theme;
use crate::tui::widgets::{Field, Form};

const USERNAME: usize = 0;
const PASSWORD: usize = 1;

#[derive(Debug)]
pub struct SignInScreen {
    form: Form,
    theme: Theme,
    /// Context shown under the form (demo users, what just happened).
    pub notes: Vec<String>,
    pub error: Option<String>,
}

impl SignInScreen {
    pub fn new(username: &str, notes: Vec<String>, theme: Theme) -> Self {
        let mut form = Form::new(
            vec![
                Field::new("Username").with_value(username),
                Field::secret("Password"),
            ],
            &theme,
        );
        if !username.is_empty() {
            form.set_focus(PASSWORD, &theme);
        }
        Self {
            form,
            theme,
            notes,
            error: None,
        }
    }

    pub fn username(&self) -> String {
        self.form.field(USERNAME).value()
    }

    pub fn form(&self) -> &Form {
        &self.form
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
            Command::ToggleSecret => self.form.toggle_secrets(),
            Command::Register => {
                return Outcome::Go(Nav::Register {
                    username: self.username(),
                });
            }
            Command::ConfirmCode => {
                return Outcome::Go(Nav::Confirm {
                    username: self.username(),
                    delivery: None,
                });
            }
            Command::ForgotPassword => {
                return Outcome::Go(Nav::Forgot {
                    username: self.username(),
                });
            }
            Command::Back => return Outcome::Go(Nav::Picker),
            Command::Submit => return self.submit(),
            _ => {}
        }
        Outcome::None
    }

    fn submit(&mut self) -> Outcome {
        if let Err(message) = self.form.require(&[USERNAME, PASSWORD], &self.theme) {
            self.error = Some(message);
            return Outcome::None;
        }
        self.error = None;
        Outcome::Request(Request::SignIn {
            username: self.username(),
            password: self.form.field_mut(PASSWORD).take_secret(),
        })
    }

    /// A failed sign-in: an unconfirmed account goes to the confirm screen, anything else is
    /// shown under the form.
    pub fn failed(&mut self, error: ServiceError) -> Outcome {
        match error {
            ServiceError::UserNotConfirmed => {
                return Outcome::Go(Nav::Confirm {
                    username: self.username(),
                    delivery: None,
                });
            }
            ServiceError::PasswordResetRequired => {
                return Outcome::Go(Nav::Forgot {
                    username: self.username(),
                });
            }
            _ => {}
        }
        self.error = Some(error.to_string());
        self.form.set_focus(PASSWORD, &self.theme);
        Outcome::None
    }

    /// A click focuses the field under it.
    pub fn click(&mut self, area: Rect, column: u16, row: u16) -> Outcome {
        self.form.click_framed(area, column, row, &self.theme);
        Outcome::None
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let notes = self.form.render_framed("Sign in", area, buf, theme);
        render_notes(&self.notes, self.error.as_deref(), notes, buf, theme);
    }
}
