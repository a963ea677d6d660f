//! The app's side of the token inspector, the outbox and the picker's profile editing:
//! opening the screens, their `Tool` outcomes, their results, the outbox's reloads on the
//! tick, and the effects (clipboard) the event loop performs.

use time::{OffsetDateTime, UtcOffset};

use super::{App, Screen};
use crate::secret::SecretString;
use crate::store::Profile;
use crate::tui::keymap::{Command, Context};
use crate::tui::msg::{LOCAL_DEMO_PROFILE, Msg, Task};
use crate::tui::screens::outbox::{OutboxEntry, OutboxScreen};
use crate::tui::screens::picker::PickerScreen;
use crate::tui::screens::profile_form::{ProfileFormScreen, ProfilesChanged};
use crate::tui::screens::tokens::TokensScreen;
use crate::tui::screens::{Nav, Outcome};
use crate::tui::widgets::Toast;

/// Work asked for by the tools' screens.
#[derive(Debug)]
pub enum Tool {
    /// Return to the screen the inspector or outbox was opened from.
    Back,
    Copy {
        secret: SecretString,
        /// "the access token", for the toast.
        what: String,
    },
    /// Fill the outbox's selected code in where it is needed.
    UseCode {
        code: SecretString,
        username: String,
        kind: String,
    },
    ReloadOutbox,
    /// Open the profile form: empty, or to edit this profile.
    EditProfile(Option<Box<Profile>>),
    SaveProfile {
        profile: Box<Profile>,
        replace: bool,
    },
    DeleteProfile(String),
    /// Back to the picker.
    Picker,
}

/// What the event loop does for the app at the terminal (the app never writes to it).
#[derive(Debug)]
pub enum Effect {
    /// Put the text on the clipboard (OSC 52).
    Copy(SecretString),
}

impl App {
    /// The local time zone, read once before any thread started; None means UTC.
    pub fn set_local_offset(&mut self, offset: Option<UtcOffset>) {
        self.local_offset = offset;
    }

    pub fn local_offset(&self) -> Option<UtcOffset> {
        self.local_offset
    }

    /// The effects to perform, handed over once.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// Takes a result for the event loop; true when a redraw is due (the outbox's reloads
    /// redraw only when something changed).
    pub fn on_msg(&mut self, msg: Msg) -> bool {
        match msg {
            Msg::OutboxRead(result) => self.outbox_read(result),
            other => {
                self.update(other);
                true
            }
        }
    }

    /// True while the outbox can be read: the in-process pool runs and is the one open.
    pub fn outbox_available(&self) -> bool {
        self.local_pool.is_some()
            && self
                .conn
                .as_ref()
                .is_some_and(|c| c.profile == LOCAL_DEMO_PROFILE)
    }

    /// Shows the outbox key only where it works.
    pub(super) fn sync_outbox_key(&mut self) {
        let available = self.outbox_available();
        self.keymap.set_enabled(Command::Outbox, available);
    }

    /// The commands this part handles before (or instead of) the screen.
    pub(super) fn tools_command(&mut self, command: Command) -> Option<Outcome> {
        match (&mut self.screen, command) {
            (Screen::Home(_), Command::InspectTokens) => {
                self.open_tokens();
                Some(Outcome::None)
            }
            (_, Command::Outbox) => {
                self.open_outbox();
                Some(Outcome::None)
            }
            (Screen::Tokens(s), command) => Some(s.command(command)),
            (Screen::Outbox(s), command) => Some(s.command(command)),
            (Screen::ProfileForm(s), command) => Some(s.command(command)),
            _ => None,
        }
    }

    fn open_tokens(&mut self) {
        let screen = std::mem::replace(&mut self.screen, Screen::Loading(String::new()));
        let Screen::Home(home) = screen else {
            self.screen = screen;
            return;
        };
        let reveal = self
            .keymap
            .key_for(Context::Tokens, Command::RevealSecret)
            .unwrap_or_default();
        let tokens = TokensScreen::new(home, self.local_offset, self.now, reveal);
        let task = self.conn.clone().map(|conn| Task::VerifyTokens {
            conn,
            tokens: Box::new(tokens.tokens().clone()),
        });
        self.screen = Screen::Tokens(Box::new(tokens));
        if let Some(task) = task {
            self.tasks.push(task);
        }
    }

    fn open_outbox(&mut self) {
        if !self.outbox_available() {
            return;
        }
        let Some(url) = self.local_pool_url().map(str::to_string) else {
            return;
        };
        let enter = self.keymap.key_for(Context::Outbox, Command::UseCode);
        let copy = self.keymap.key_for(Context::Outbox, Command::Copy);
        let back = std::mem::replace(&mut self.screen, Screen::Loading(String::new()));
        let target = match &back {
            Screen::Confirm(_) => "fills the code in the confirm screen",
            Screen::Forgot(_) => "fills the code in the reset screen",
            Screen::SignIn(_) => "opens the screen the code is for",
            _ => "",
        };
        let mut hint = Vec::new();
        if let (Some(enter), false) = (enter, target.is_empty()) {
            hint.push(format!("{enter} {target};"));
        }
        if let Some(copy) = copy {
            hint.push(format!("{copy} copies it."));
        }
        let mut screen = OutboxScreen::new(
            Box::new(back),
            url.clone(),
            self.local_offset,
            hint.join(" "),
        );
        screen.loading = true;
        screen.asked_at = Some(self.now);
        self.screen = Screen::Outbox(Box::new(screen));
        self.tasks.push(Task::ReadOutbox { url });
    }

    /// Performs a `Tool` outcome.
    pub(super) fn tool(&mut self, tool: Tool) {
        match tool {
            Tool::Back => self.back(),
            Tool::Copy { secret, what } => {
                self.effects.push(Effect::Copy(secret));
                self.toast = Some(Toast::info(format!(
                    "Copied {what} (OSC 52; your terminal must allow clipboard access)."
                )));
            }
            Tool::UseCode {
                code,
                username,
                kind,
            } => self.use_code(&code, username, &kind),
            Tool::ReloadOutbox => {
                if let Screen::Outbox(s) = &mut self.screen {
                    if !s.loading {
                        s.loading = true;
                        s.asked_at = Some(self.now);
                        self.tasks.push(Task::ReadOutbox { url: s.url.clone() });
                    }
                }
            }
            Tool::EditProfile(profile) => {
                let form = ProfileFormScreen::new(profile.as_deref(), self.theme);
                self.screen = Screen::ProfileForm(Box::new(form));
            }
            Tool::SaveProfile { profile, replace } => {
                self.disk_task("Saving the profile", Task::SaveProfile { profile, replace });
            }
            Tool::DeleteProfile(name) => {
                self.disk_task("Deleting the profile", Task::DeleteProfile { name });
            }
            Tool::Picker => self.go(Nav::Picker),
        }
    }

    /// A profiles.toml change for the worker, one at a time.
    fn disk_task(&mut self, what: &'static str, task: Task) {
        if self.pending.is_some() {
            self.toast = Some(Toast::error("Still working on the last request."));
            return;
        }
        self.pending = Some(what);
        self.tasks.push(task);
    }

    /// Esc from the inspector or the outbox: the screen it was opened from.
    fn back(&mut self) {
        let screen = std::mem::replace(&mut self.screen, Screen::Loading(String::new()));
        self.screen = match screen {
            Screen::Tokens(tokens) => Screen::Home(tokens.home),
            Screen::Outbox(outbox) => *outbox.back,
            other => other,
        };
    }

    fn use_code(&mut self, code: &SecretString, username: String, kind: &str) {
        let Screen::Outbox(outbox) = &self.screen else {
            return;
        };
        let from_sign_in = matches!(*outbox.back, Screen::SignIn(_));
        let from_code_screen = matches!(*outbox.back, Screen::Confirm(_) | Screen::Forgot(_));
        if from_code_screen {
            self.back();
        } else if from_sign_in && kind == "sign_up" {
            self.go(Nav::Confirm {
                username,
                delivery: None,
            });
        } else if from_sign_in && kind == "forgot_password" {
            self.go(Nav::Forgot { username });
        } else {
            let copy = self
                .keymap
                .key_for(Context::Outbox, Command::Copy)
                .map(|key| format!("; {key} copies it"))
                .unwrap_or_default();
            self.toast = Some(Toast::error(format!(
                "Open the outbox from the confirm or reset screen to use a code{copy}."
            )));
            return;
        }
        match &mut self.screen {
            Screen::Confirm(s) => s.use_code(code.expose()),
            Screen::Forgot(s) => s.use_code(code.expose()),
            _ => return,
        }
        self.toast = Some(Toast::info("The code is filled in."));
    }

    /// Results of this part; any other message is given back.
    pub(super) fn tools_update(&mut self, msg: Msg) -> Option<Msg> {
        match msg {
            Msg::OutboxRead(result) => {
                self.outbox_read(result);
                None
            }
            Msg::TokensVerified(check) => {
                if let Screen::Tokens(s) = &mut self.screen {
                    s.verified(check);
                }
                None
            }
            Msg::Refreshed(result) if matches!(self.screen, Screen::Tokens(_)) => {
                self.pending = None;
                self.tokens_refreshed(result);
                None
            }
            Msg::ProfileSaved(result) | Msg::ProfileDeleted(result) => {
                self.pending = None;
                self.profiles_changed(result);
                None
            }
            other => Some(other),
        }
    }

    fn tokens_refreshed(
        &mut self,
        result: Result<
            (crate::service::session::Session, Option<String>),
            crate::service::ServiceError,
        >,
    ) {
        let Screen::Tokens(s) = &mut self.screen else {
            return;
        };
        match result {
            Ok((session, notice)) => {
                s.refreshed(session, self.now);
                let task = self.conn.clone().map(|conn| Task::VerifyTokens {
                    conn,
                    tokens: Box::new(s.tokens().clone()),
                });
                self.tasks.extend(task);
                self.toast = Some(match notice {
                    Some(notice) => Toast::error(notice),
                    None => Toast::info("The tokens are refreshed."),
                });
            }
            Err(e) => {
                s.home.refresh_failed = true;
                self.toast = Some(Toast::error(format!(
                    "The session could not be refreshed: {e}"
                )));
            }
        }
    }

    /// Takes an outbox read; true when the screen changed.
    fn outbox_read(&mut self, result: Result<Vec<OutboxEntry>, String>) -> bool {
        match &mut self.screen {
            Screen::Outbox(s) => s.loaded(result),
            _ => false,
        }
    }

    fn profiles_changed(&mut self, result: Result<ProfilesChanged, String>) {
        match result {
            Ok(changed) => {
                self.profiles = changed.entries;
                let mut picker = PickerScreen::new(self.profiles.clone());
                picker.select_name(&changed.name);
                self.screen = Screen::Picker(picker);
                self.conn = None;
                self.toast = Some(if changed.problem {
                    Toast::error(changed.message)
                } else {
                    Toast::info(changed.message)
                });
            }
            Err(e) => match &mut self.screen {
                Screen::ProfileForm(form) => form.failed(e),
                Screen::Picker(picker) => picker.error = Some(e),
                _ => self.toast = Some(Toast::error(e)),
            },
        }
    }

    /// The tick's share: the inspector's relative times and the outbox's reloads.
    pub(super) fn tools_tick(&mut self, now: OffsetDateTime) -> bool {
        match &mut self.screen {
            Screen::Tokens(s) => s.tick(now),
            Screen::Outbox(s) if s.reload_due(now) => {
                s.loading = true;
                s.asked_at = Some(now);
                self.tasks.push(Task::ReadOutbox { url: s.url.clone() });
                false
            }
            _ => false,
        }
    }
}
