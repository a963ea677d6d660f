//! Sign in: username and masked password; links to register, code confirmation and password
//! reset.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::form_screen::{FormCore, FormScreen};
use super::{Cx, Outcome, muted_lines};
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
    core: FormCore,
    /// Context shown under the form (demo users, what just happened).
    pub notes: Vec<String>,
    pub error: Option<String>,
}

impl SignInScreen {
    pub fn new(username: &str, notes: Vec<String>, theme: Theme) -> Self {
        let mut core = FormCore::new(
            vec![
                Field::new("Username").with_value(username),
                Field::secret("Password"),
            ],
            theme,
        );
        if !username.is_empty() {
            core.focus(PASSWORD);
        }
        Self {
            core,
            notes,
            error: None,
        }
    }

    pub fn username(&self) -> String {
        self.core.value(USERNAME)
    }

    pub fn form(&self) -> &Form {
        &self.core.form
    }

    fn submit(&mut self, cx: &Cx) -> Outcome {
        if !self.core.require(&[USERNAME, PASSWORD], &mut self.error) {
            return Outcome::None;
        }
        let username = self.username();
        let password = self.core.form.field_mut(PASSWORD).take_secret();
        cx.task(|conn| Task::SignIn {
            conn,
            username,
            password,
        })
    }

    /// A failed sign-in: an unconfirmed account goes to the confirm screen, anything else is
    /// shown under the form.
    pub fn failed(&mut self, error: &ServiceError, cx: &Cx) -> Outcome {
        match error {
            ServiceError::UserNotConfirmed => Outcome::Replace(cx.confirm(&self.username(), None)),
            ServiceError::PasswordResetRequired => Outcome::Replace(cx.forgot(&self.username())),
            _ => {
                self.core.failed(error, PASSWORD, &mut self.error);
                Outcome::None
            }
        }
    }
}

impl FormScreen for SignInScreen {
    fn context(&self) -> Context {
        Context::SignIn
    }

    fn parts(&mut self) -> (&mut FormCore, &mut Option<String>) {
        (&mut self.core, &mut self.error)
    }

    fn act(&mut self, command: Command, cx: &Cx) -> Outcome {
        match command {
            Command::Register => Outcome::Replace(cx.register(&self.username())),
            Command::ConfirmCode => Outcome::Replace(cx.confirm(&self.username(), None)),
            Command::ForgotPassword => Outcome::Replace(cx.forgot(&self.username())),
            Command::Back => Outcome::Picker,
            Command::Submit => self.submit(cx),
            _ => Outcome::None,
        }
    }

    fn draw(&self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        let notes = muted_lines(&self.notes, cx.theme);
        self.core
            .render("Sign in", notes, self.error.as_deref(), area, buf, cx.theme);
    }

    /// Signed in: the account home, or the first challenge the pool asks.
    fn answer(&mut self, msg: Msg, cx: &Cx) -> Outcome {
        let Msg::SignIn(result) = msg else {
            return Outcome::None;
        };
        match result {
            Ok(SignInResult::Home(home, notice)) => HomeScreen::enter(*home, notice, cx),
            Ok(SignInResult::Challenge(pending)) => {
                ChallengeScreen::open(&self.username(), *pending, cx)
            }
            Err(e) => self.failed(&e, cx),
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
