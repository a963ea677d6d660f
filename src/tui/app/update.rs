//! `App::update`: results from the worker move the app between screens.

use super::{App, Screen};
use crate::service::ServiceError;
use crate::tui::msg::{Msg, SignInResult, Target};
use crate::tui::screens::Nav;
use crate::tui::screens::home::HomeScreen;
use crate::tui::screens::picker::PickerScreen;
use crate::tui::screens::sign_in::SignInScreen;
use crate::tui::widgets::Toast;

impl App {
    /// Takes a result from the worker.
    pub fn update(&mut self, msg: Msg) {
        let Some(msg) = self.tools_update(msg) else {
            return;
        };
        // A background result does not end the request in flight.
        if !matches!(msg, Msg::PasswordPolicy { .. }) {
            self.pending = None;
        }
        let theme = self.theme;
        match msg {
            Msg::LocalPoolStarted(Ok(pool)) => {
                self.local_pool = Some(pool);
                self.open(Target::LocalDemo);
            }
            Msg::LocalPoolStarted(Err(e)) | Msg::Connected(Err(e)) => {
                self.toast = Some(Toast::error(e.clone()));
                let mut picker = PickerScreen::new(self.profiles.clone());
                picker.error = Some(e);
                self.screen = Screen::Picker(picker);
            }
            Msg::Connected(Ok(connected)) => {
                let connected = *connected;
                self.conn = Some(connected.conn);
                if let Some(notice) = connected.notice {
                    self.toast = Some(Toast::error(notice));
                }
                match connected.resumed {
                    Some(home) => {
                        self.screen = Screen::Home(Box::new(HomeScreen::new(home, self.now)))
                    }
                    None => {
                        let username = connected.last_username.unwrap_or_default();
                        self.screen =
                            Screen::SignIn(SignInScreen::new(&username, self.hints(), theme));
                    }
                }
            }
            Msg::SignIn(result) => self.signed_in(result),
            Msg::Registered { username, result } => match result {
                Ok(registered) if registered.confirmed => {
                    self.toast = Some(Toast::info("Account created; sign in."));
                    self.go(Nav::SignIn { username });
                }
                Ok(registered) => {
                    self.toast = Some(Toast::info("Account created; enter the code."));
                    self.go(Nav::Confirm {
                        username,
                        delivery: registered.delivery,
                    });
                }
                Err(e) => {
                    if let Screen::Register(s) = &mut self.screen {
                        s.failed(e.to_string());
                    }
                }
            },
            Msg::Confirmed { username, result } => match result {
                Ok(()) => {
                    self.toast = Some(Toast::info("Account confirmed; sign in."));
                    self.go(Nav::SignIn { username });
                }
                Err(e) => {
                    if let Screen::Confirm(s) = &mut self.screen {
                        s.failed(e.to_string());
                    }
                }
            },
            Msg::Resent(result) => match (result, &mut self.screen) {
                (Ok(delivery), Screen::Confirm(s)) => {
                    s.resent(&delivery);
                    self.toast = Some(Toast::info("A new code is on its way."));
                }
                (Err(e), Screen::Confirm(s)) => s.failed(e.to_string()),
                _ => {}
            },
            Msg::ForgotSent(result) => match (result, &mut self.screen) {
                (Ok(delivery), Screen::Forgot(s)) => s.code_sent(&delivery),
                (Err(e), Screen::Forgot(s)) => s.failed(e.to_string()),
                _ => {}
            },
            Msg::PasswordReset { username, result } => match result {
                Ok(()) => {
                    self.toast = Some(Toast::info("Password changed; sign in with it."));
                    self.go(Nav::SignIn { username });
                }
                Err(e) => {
                    if let Screen::Forgot(s) = &mut self.screen {
                        s.failed(e.to_string());
                    }
                }
            },
            Msg::Refreshed(result) => {
                let Screen::Home(home) = &mut self.screen else {
                    return;
                };
                match result {
                    Ok((session, notice)) => {
                        home.refreshed(session, self.now);
                        self.toast = Some(match notice {
                            Some(notice) => Toast::error(notice),
                            None => Toast::info("The session is refreshed."),
                        });
                    }
                    Err(e) => {
                        home.refresh_failed = true;
                        self.toast = Some(Toast::error(format!(
                            "The session could not be refreshed: {e}"
                        )));
                    }
                }
            }
            Msg::SignedOut(text) => {
                let username = match &self.screen {
                    Screen::Home(home) => home.data.username.clone(),
                    _ => String::new(),
                };
                self.toast = Some(Toast::info(text));
                self.go(Nav::SignIn { username });
            }
            Msg::PasswordPolicy { profile, policy } => self.policy_known(profile, policy),
            Msg::Account(msg) => self.account_update(msg),
            Msg::Challenge(msg) => self.challenge_update(msg),
            // Handled by `tools_update` above.
            Msg::TokensVerified(_)
            | Msg::OutboxRead(_)
            | Msg::ProfileSaved(_)
            | Msg::ProfileDeleted(_) => {}
        }
        self.sync_outbox_key();
    }

    /// Signed in (after the password or the last challenge): the account home, and why the
    /// session was not saved if it was not.
    pub(super) fn enter_home(&mut self, home: crate::tui::msg::HomeData, notice: Option<String>) {
        if let Some(notice) = notice {
            self.toast = Some(Toast::error(notice));
        }
        self.screen = Screen::Home(Box::new(HomeScreen::new(home, self.now)));
    }

    fn signed_in(&mut self, result: Result<SignInResult, ServiceError>) {
        let Screen::SignIn(screen) = &mut self.screen else {
            return;
        };
        match result {
            Ok(SignInResult::Home(home, notice)) => self.enter_home(*home, notice),
            Ok(SignInResult::Challenge(pending)) => {
                let username = screen.username();
                self.open_challenge(&username, *pending);
            }
            Err(e) => {
                let outcome = screen.failed(e);
                self.apply(outcome);
            }
        }
    }
}
