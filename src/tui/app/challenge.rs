//! The app's side of the sign-in challenges and the MFA settings: opening their screens and
//! taking the worker's results.

use super::{App, Screen};
use crate::service::ServiceError;
use crate::service::auth::{Challenge, PendingChallenge};
use crate::tui::keymap::{Command, Context};
use crate::tui::msg::{ChallengeMsg, ChallengeTask, MfaAction, MfaReply, SignInResult};
use crate::tui::screens::challenge::ChallengeScreen;
use crate::tui::screens::home::HomeScreen;
use crate::tui::screens::mfa_settings::MfaSettingsScreen;
use crate::tui::screens::{Nav, Request};
use crate::tui::widgets::Toast;

/// Shown on the sign-in screen when a challenge's session ran out.
pub const CHALLENGE_EXPIRED: &str = "This sign-in attempt has expired (it took too long or had too many wrong answers): sign in again.";

impl App {
    /// Opens the screen of a challenge; MFA_SETUP asks the pool for a secret right away.
    pub(super) fn open_challenge(&mut self, username: &str, pending: PendingChallenge) {
        let associate = matches!(pending.challenge, Challenge::MfaSetup { .. }).then(|| {
            Request::Challenge(ChallengeTask::AssociateTotp {
                username: username.to_string(),
                pending: Box::new(pending.clone()),
            })
        });
        let mut screen = ChallengeScreen::new(username, pending, self.theme);
        screen.outbox_hint = self.outbox_hint();
        screen.set_policy(self.known_policy());
        self.screen = Screen::Challenge(Box::new(screen));
        if let Some(request) = associate {
            self.request(request);
        }
    }

    pub(super) fn challenge_update(&mut self, msg: ChallengeMsg) {
        match msg {
            ChallengeMsg::Answered(result) => self.answered(result),
            ChallengeMsg::TotpAssociated(result) => {
                let Screen::Challenge(screen) = &mut self.screen else {
                    return;
                };
                match result {
                    Ok((setup, pending)) => screen.associated(&setup, *pending),
                    Err(e) if expired(&e) => {
                        let username = screen.username.clone();
                        self.challenge_expired(username);
                    }
                    Err(e) => screen.failed(&e),
                }
            }
            ChallengeMsg::Mfa {
                session,
                notice,
                result,
            } => {
                let Screen::MfaSettings(screen) = &mut self.screen else {
                    return;
                };
                screen.session_used(*session);
                if let Some(notice) = notice {
                    self.toast = Some(Toast::error(notice));
                }
                match result {
                    Ok(MfaReply::Settings(settings)) => screen.loaded(settings),
                    Ok(MfaReply::Secret(setup)) => screen.secret(&setup),
                    Ok(MfaReply::Changed(settings, what)) => {
                        screen.changed(settings);
                        self.toast = Some(Toast::info(what));
                    }
                    Err(e) if expired(&e) => {
                        let username = screen.home.username.clone();
                        self.go(Nav::SignIn { username });
                        if let Screen::SignIn(s) = &mut self.screen {
                            s.error = Some(e.to_string());
                        }
                    }
                    Err(e) => screen.failed(&e),
                }
            }
        }
    }

    fn answered(&mut self, result: Result<SignInResult, ServiceError>) {
        let Screen::Challenge(screen) = &mut self.screen else {
            return;
        };
        match result {
            Ok(SignInResult::Home(home, notice)) => self.enter_home(*home, notice),
            Ok(SignInResult::Challenge(next)) => {
                let username = screen.username.clone();
                self.open_challenge(&username, *next);
            }
            Err(e) if expired(&e) => {
                let username = screen.username.clone();
                self.challenge_expired(username);
            }
            Err(e) => screen.failed(&e),
        }
    }

    /// Back to sign in, saying why.
    fn challenge_expired(&mut self, username: String) {
        self.go(Nav::SignIn { username });
        if let Screen::SignIn(s) = &mut self.screen {
            s.error = Some(CHALLENGE_EXPIRED.to_string());
        }
    }

    /// From the account home to its MFA settings, which load at once.
    pub(super) fn open_mfa_settings(&mut self) {
        if !matches!(self.screen, Screen::Home(_)) {
            return;
        }
        let Screen::Home(home) =
            std::mem::replace(&mut self.screen, Screen::Loading(String::new()))
        else {
            return;
        };
        let remove_key = self
            .keymap
            .key_for(Context::MfaSettings, Command::RemoveTotp)
            .unwrap_or_default();
        let screen = MfaSettingsScreen::new(home.data, remove_key, self.theme);
        let load = screen.request(MfaAction::Load);
        self.screen = Screen::MfaSettings(Box::new(screen));
        self.apply(load);
    }

    /// Back to the account home, with the session as the MFA settings left it.
    pub(super) fn leave_mfa_settings(&mut self) {
        if !matches!(self.screen, Screen::MfaSettings(_)) {
            return;
        }
        let Screen::MfaSettings(screen) =
            std::mem::replace(&mut self.screen, Screen::Loading(String::new()))
        else {
            return;
        };
        self.screen = Screen::Home(Box::new(HomeScreen::new(screen.home, self.now)));
    }
}

/// The challenge's (or the tokens') session is over: only signing in again helps.
fn expired(error: &ServiceError) -> bool {
    matches!(error, ServiceError::SessionExpired { .. })
}
