//! The signed-out screens as they open: each with what the app knows filled in (the sign-in
//! hints, the pool's password policy, where the local pool's codes can be read).

use super::confirm::ConfirmScreen;
use super::forgot::ForgotScreen;
use super::register::RegisterScreen;
use super::sign_in::SignInScreen;
use super::{Cx, Screen};
use crate::service::account::CodeDelivery;
use crate::tui::keymap::{Command, Context};

impl Cx<'_> {
    pub fn sign_in(&self, username: &str) -> Screen {
        Screen::SignIn(SignInScreen::new(
            username,
            self.sign_in_hints(),
            *self.theme,
        ))
    }

    pub fn register(&self, username: &str) -> Screen {
        let mut screen = RegisterScreen::new(username, *self.theme);
        screen.set_policy(self.pool.policy());
        if let Some(key) = self.key(Context::Register, Command::AddAttribute) {
            screen.note =
                format!("Phone as +15551234567. {key} adds an attribute (bare names get custom:).");
        }
        Screen::Register(screen)
    }

    pub fn forgot(&self, username: &str) -> Screen {
        let mut screen = ForgotScreen::new(username, *self.theme);
        screen.outbox_hint = self.outbox_hint();
        screen.set_policy(self.pool.policy());
        Screen::Forgot(screen)
    }

    pub fn confirm(&self, username: &str, delivery: Option<&CodeDelivery>) -> Screen {
        let mut screen = ConfirmScreen::new(username, delivery, *self.theme);
        screen.outbox_hint = self.outbox_hint();
        Screen::Confirm(screen)
    }
}
