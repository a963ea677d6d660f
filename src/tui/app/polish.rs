//! Sign-in and register polish on the app side: the pool's password policy (which the worker
//! reads in the background once a pool is open) and the user's `tui.toml`.

use super::{App, Screen};
use crate::service::admin::PasswordPolicy;
use crate::tui::config::TuiConfig;
use crate::tui::widgets::Toast;

impl App {
    /// Takes the user's keys and colours; a problem with their file shows as a toast.
    pub fn configure(&mut self, config: TuiConfig, problem: Option<String>) {
        self.keymap = config.keymap;
        self.theme = self.theme.with_palette(config.palette);
        if let Some(problem) = problem {
            self.toast = Some(Toast::error(problem));
        }
    }

    /// The policy of the open pool, when it is known.
    pub(super) fn known_policy(&self) -> Option<&PasswordPolicy> {
        let (profile, policy) = self.password_policy.as_ref()?;
        let open = self.conn.as_ref()?;
        (open.profile == *profile).then_some(policy)
    }

    /// The policy arrived (or could not be read: then it stays unknown, silently).
    pub(super) fn policy_known(&mut self, profile: String, policy: Option<PasswordPolicy>) {
        let Some(policy) = policy else { return };
        self.password_policy = Some((profile, policy));
        let Some(policy) = self.known_policy().cloned() else {
            return;
        };
        // The screens with a new password check it as typed from now on.
        match &mut self.screen {
            Screen::Register(screen) => screen.set_policy(Some(&policy)),
            Screen::Forgot(screen) => screen.set_policy(Some(&policy)),
            Screen::ChangePassword(screen) => screen.set_policy(Some(&policy)),
            Screen::Challenge(screen) => screen.set_policy(Some(&policy)),
            _ => {}
        }
    }
}
