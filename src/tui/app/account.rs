//! The account screens reached from the home (profile, password, verification), the dialog
//! that guards sign-outs, deletion and discarded edits, and their results from the worker.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{App, Screen};
use crate::tui::keymap::{Command, Context};
use crate::tui::msg::account::{AccountMsg, AccountTask};
use crate::tui::screens::change_password::ChangePasswordScreen;
use crate::tui::screens::home::HomeScreen;
use crate::tui::screens::profile::ProfileScreen;
use crate::tui::screens::verify::VerifyScreen;
use crate::tui::screens::{Nav, Outcome, Request};
use crate::tui::widgets::Toast;
use crate::tui::widgets::confirm::{Answer, Confirm};

/// A question over the screen and what yes does.
#[derive(Debug)]
pub struct Dialog {
    pub confirm: Confirm,
    then: Outcome,
}

impl App {
    /// The keys' context: the dialog's while one is open, else the screen's.
    pub fn context(&self) -> Context {
        match &self.dialog {
            Some(dialog) => dialog.confirm.context(),
            None => self.screen.context(),
        }
    }

    pub(super) fn ask(&mut self, mut confirm: Confirm, then: Outcome) {
        confirm.focus(&self.theme);
        self.dialog = Some(Dialog { confirm, then });
    }

    /// A key while a dialog is open: it answers the dialog and nothing else.
    pub(super) fn dialog_key(&mut self, key: KeyEvent) {
        let Some(dialog) = &mut self.dialog else {
            return;
        };
        match self.keymap.lookup(dialog.confirm.context(), &key) {
            Some(command) => self.dialog_command(command),
            None => dialog.confirm.input(key),
        }
    }

    /// A command (a key, or a footer click) while a dialog is open.
    pub(super) fn dialog_command(&mut self, command: Command) {
        let Some(dialog) = &mut self.dialog else {
            return;
        };
        match command {
            Command::Quit => self.quit = true,
            Command::Help => self.help = true,
            command => {
                let answer = dialog.confirm.command(command);
                self.dialog_answered(answer);
            }
        }
    }

    /// A click while a dialog is open over `area`: only its answers respond. True when the
    /// screen needs redrawing.
    pub(super) fn dialog_click(&mut self, area: Rect, column: u16, row: u16) -> bool {
        let (yes, no) = self.dialog_keys();
        let Some(dialog) = &mut self.dialog else {
            return false;
        };
        let answer = dialog.confirm.click(area, (&yes, &no), column, row);
        let shown = dialog.confirm.error.is_some();
        self.dialog_answered(answer);
        answer != Answer::Open || shown
    }

    fn dialog_answered(&mut self, answer: Answer) {
        match answer {
            Answer::Yes => {
                if let Some(dialog) = self.dialog.take() {
                    self.apply(dialog.then);
                }
            }
            Answer::No => self.dialog = None,
            Answer::Open => {}
        }
    }

    /// The keys the open dialog names for yes and no, from the keymap.
    fn dialog_keys(&self) -> (String, String) {
        let Some(dialog) = &self.dialog else {
            return Default::default();
        };
        let context = dialog.confirm.context();
        let key = |command| self.keymap.key_for(context, command).unwrap_or_default();
        (key(Command::Yes), key(Command::No))
    }

    /// Draws the open dialog (if any) over `area`, its keys named from the keymap.
    pub fn render_dialog(&self, area: Rect, buf: &mut Buffer) {
        let Some(dialog) = &self.dialog else {
            return;
        };
        let (yes, no) = self.dialog_keys();
        dialog.confirm.render(area, buf, &self.theme, &yes, &no);
    }

    pub(super) fn go_account(&mut self, nav: Nav) {
        let theme = self.theme;
        match nav {
            Nav::Home { data, reload } => {
                let task = AccountTask::ReloadHome {
                    username: data.username.clone(),
                    session: Box::new(data.session.clone()),
                };
                self.screen = Screen::Home(Box::new(HomeScreen::new(*data, self.now)));
                if reload {
                    self.request(Request::Account(task));
                }
            }
            Nav::Profile(data) => {
                if self.pending.is_some() {
                    self.toast = Some(Toast::error("Still working on the last request."));
                    return;
                }
                let screen = ProfileScreen::new(*data, theme);
                let load = screen.load();
                self.screen = Screen::Profile(Box::new(screen));
                self.apply(load);
            }
            Nav::ChangePassword(data) => {
                let mut screen = ChangePasswordScreen::new(*data, theme);
                screen.set_policy(self.known_policy());
                self.screen = Screen::ChangePassword(Box::new(screen));
            }
            Nav::Verify {
                data,
                attribute,
                sent_to,
                from_profile,
            } => {
                let mut screen =
                    VerifyScreen::new(*data, attribute.as_deref(), sent_to, from_profile, theme);
                screen.outbox_hint = self.outbox_hint();
                self.screen = Screen::Verify(Box::new(screen));
            }
            other => self.go(other),
        }
    }

    /// Takes an account result; one for a screen the user has left is dropped.
    pub(super) fn account_update(&mut self, msg: AccountMsg) {
        match msg {
            AccountMsg::HomeReloaded(result) => {
                let Screen::Home(home) = &mut self.screen else {
                    return;
                };
                match result {
                    Ok(data) => {
                        home.data = *data;
                        home.refresh_failed = false;
                        home.tick(self.now);
                    }
                    Err(e) => {
                        self.toast = Some(Toast::error(format!(
                            "The account could not be reloaded: {e}"
                        )))
                    }
                }
            }
            AccountMsg::ProfileLoaded(result) => {
                if let Screen::Profile(s) = &mut self.screen {
                    match result {
                        Ok(user) => s.loaded(&user),
                        Err(e) => s.load_failed(&e),
                    }
                }
            }
            AccountMsg::ProfileSaved(result) => {
                if let Screen::Profile(s) = &mut self.screen {
                    match result {
                        Ok(saved) => {
                            s.saved(&saved);
                            self.toast = Some(Toast::info("The profile is saved."));
                        }
                        Err(e) => s.save_failed(&e),
                    }
                }
            }
            AccountMsg::PasswordChanged(result) => {
                let Screen::ChangePassword(s) = &mut self.screen else {
                    return;
                };
                match result {
                    Ok(()) => {
                        let data = Box::new(s.home.clone());
                        self.toast = Some(Toast::info("The password is changed."));
                        self.go_account(Nav::Home {
                            data,
                            reload: false,
                        });
                    }
                    Err(e) => s.failed(&e),
                }
            }
            AccountMsg::CodeSent(result) => {
                let Screen::Verify(s) = &mut self.screen else {
                    return;
                };
                match result {
                    Ok(delivery) => {
                        s.code_sent(&delivery);
                        self.toast = Some(Toast::info("A code is on its way."));
                    }
                    Err(e) => s.failed(e.to_string()),
                }
            }
            AccountMsg::Verified { attribute, result } => {
                let Screen::Verify(s) = &mut self.screen else {
                    return;
                };
                match result {
                    Ok(()) => {
                        let what = if attribute == "phone_number" {
                            "The phone number"
                        } else {
                            "The email address"
                        };
                        self.toast = Some(Toast::info(format!("{what} is verified.")));
                        let back = s.back(true);
                        self.go_account(back);
                    }
                    Err(e) => s.failed(e.to_string()),
                }
            }
            AccountMsg::SignedOutEverywhere(result) => {
                let username = match &self.screen {
                    Screen::Home(home) => home.data.username.clone(),
                    _ => String::new(),
                };
                self.ended(result, username);
            }
            AccountMsg::Deleted(result) => self.ended(result, String::new()),
        }
    }

    /// The sign-in is over (signed out everywhere, or the account deleted): back to sign-in.
    fn ended(&mut self, result: Result<String, crate::service::ServiceError>, username: String) {
        match result {
            Ok(text) => {
                self.toast = Some(Toast::info(text));
                self.go(Nav::SignIn { username });
            }
            Err(e) => self.toast = Some(Toast::error(e.to_string())),
        }
    }
}
