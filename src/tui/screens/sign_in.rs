//! Sign in: username and masked password; links to register, code confirmation and password
//! reset.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Cx, Outcome, View, render_notes};
use crate::service::ServiceError;
use crate::tui::keymap::{Command, Context};
use crate::tui::msg::{Msg, SignInResult, Task};
use crate::tui::screens::challenge::ChallengeScreen;
use crate::tui::screens::home::HomeScreen;
use crate::tui::theme::Theme;
use crate::tui::widgets::Toast;
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

    fn submit(&mut self, cx: &Cx) -> Outcome {
        if let Err(message) = self.form.require(&[USERNAME, PASSWORD], &self.theme) {
            self.error = Some(message);
            return Outcome::None;
        }
        self.error = None;
        let username = self.username();
        let password = self.form.field_mut(PASSWORD).take_secret();
        cx.task(|conn| Task::SignIn {
            conn,
            username,
            password,
        })
    }

    /// A failed sign-in: an unconfirmed account goes to the confirm screen, anything else is
    /// shown under the form.
    pub fn failed(&mut self, error: ServiceError, cx: &Cx) -> Outcome {
        match error {
            ServiceError::UserNotConfirmed => {
                return Outcome::Replace(cx.confirm(&self.username(), None));
            }
            ServiceError::PasswordResetRequired => {
                return Outcome::Replace(cx.forgot(&self.username()));
            }
            _ => {}
        }
        self.error = Some(error.to_string());
        self.form.set_focus(PASSWORD, &self.theme);
        Outcome::None
    }
}

impl View for SignInScreen {
    fn context(&self) -> Context {
        Context::SignIn
    }

    fn input(&mut self, key: KeyEvent, _cx: &Cx) -> Outcome {
        if self.form.input(key) {
            self.error = None;
        }
        Outcome::None
    }

    fn command(&mut self, command: Command, cx: &Cx) -> Outcome {
        match command {
            Command::NextField => self.form.next(&self.theme),
            Command::PrevField => self.form.prev(&self.theme),
            Command::ToggleSecret => self.form.toggle_secrets(),
            Command::Register => return Outcome::Replace(cx.register(&self.username())),
            Command::ConfirmCode => return Outcome::Replace(cx.confirm(&self.username(), None)),
            Command::ForgotPassword => return Outcome::Replace(cx.forgot(&self.username())),
            Command::Back => return Outcome::Picker,
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
        let notes = self.form.render_framed("Sign in", area, buf, cx.theme);
        render_notes(&self.notes, self.error.as_deref(), notes, buf, cx.theme);
    }

    /// Signed in: the account home, or the first challenge the pool asks.
    fn on_result(&mut self, msg: Msg, cx: &Cx) -> Outcome {
        let Msg::SignIn(result) = msg else {
            return Outcome::None;
        };
        match result {
            Ok(SignInResult::Home(home, notice)) => HomeScreen::enter(*home, notice, cx),
            Ok(SignInResult::Challenge(pending)) => {
                ChallengeScreen::open(&self.username(), *pending, cx)
            }
            Err(e) => self.failed(e, cx),
        }
    }
}

/// Why a session was not saved, as a toast before `outcome`.
pub fn with_notice(outcome: Outcome, notice: Option<String>) -> Outcome {
    match notice {
        Some(notice) => outcome.with_toast(Toast::error(notice)),
        None => outcome,
    }
}
