//! The open pool: starting the in-process local pool, connecting (and resuming a saved
//! session), the password policy the app asks for once a pool is open, the outbox, and the
//! picker's list after profiles.toml changed.

use super::{App, Face};
use crate::local_pool::demo::{DEMO_CLIENT_ID, DEMO_POOL_ID};
use crate::service::Settings;
use crate::service::admin::OperatorCredentials;
use crate::tui::keymap::{Command, Context};
use crate::tui::msg::{LOCAL_DEMO_PROFILE, Msg, Target, Task};
use crate::tui::screens::home::HomeScreen;
use crate::tui::screens::loading::LoadingScreen;
use crate::tui::screens::operator::OperatorScreen;
use crate::tui::screens::outbox::OutboxScreen;
use crate::tui::screens::picker::{LOCAL_DEMO_LABEL, PickerScreen};
use crate::tui::screens::pool_config::PoolConfigScreen;
use crate::tui::screens::profile_form::ProfilesChanged;
use crate::tui::screens::{Outcome, Screen};
use crate::tui::widgets::Toast;

impl App {
    pub(super) fn open(&mut self, target: Target) {
        match target {
            Target::LocalDemo => match &self.local_pool {
                Some(pool) => {
                    let mut settings = Settings::new(DEMO_POOL_ID, DEMO_CLIENT_ID);
                    settings.endpoint_url = Some(pool.0.url().to_string());
                    let credentials = OperatorCredentials::local_pool();
                    self.connect(settings, credentials, LOCAL_DEMO_PROFILE, LOCAL_DEMO_LABEL);
                }
                None => {
                    self.reset(Screen::Loading(LoadingScreen::new(
                        "Starting the local demo pool",
                    )));
                    self.request(0, Task::StartLocalPool);
                }
            },
            Target::Profile(profile) => {
                let settings = profile.settings();
                let credentials = OperatorCredentials::for_profile(
                    profile.aws_profile.as_deref(),
                    profile.endpoint_url.as_deref(),
                );
                self.connect(settings, credentials, &profile.name, &profile.name);
            }
        }
    }

    fn connect(
        &mut self,
        settings: Settings,
        credentials: OperatorCredentials,
        profile: &str,
        label: &str,
    ) {
        self.reset(Screen::Loading(LoadingScreen::new(format!(
            "Opening {label}"
        ))));
        self.request(
            0,
            Task::Connect {
                settings,
                credentials,
                profile: profile.to_string(),
                label: label.to_string(),
            },
        );
    }

    /// The app's own results; any other is given back for the screen.
    pub(super) fn pool_update(&mut self, msg: Msg) -> Option<Msg> {
        match msg {
            Msg::LocalPoolStarted(Ok(pool)) => {
                self.pool.local = Some((pool.0.url().to_string(), pool.0.addr().port()));
                self.local_pool = Some(pool);
                self.open(Target::LocalDemo);
            }
            Msg::LocalPoolStarted(Err(e)) | Msg::Connected(Err(e)) => {
                self.then_face = None;
                self.toast = Some(Toast::error(e.clone()));
                let mut picker = PickerScreen::new(self.profiles.clone());
                picker.error = Some(e);
                self.reset(Screen::Picker(picker));
            }
            Msg::Connected(Ok(connected)) => {
                let connected = *connected;
                let conn = connected.conn;
                self.app_request(Task::PasswordPolicy { conn: conn.clone() });
                self.pool.conn = Some(conn);
                if let Some(notice) = connected.notice {
                    self.toast = Some(Toast::error(notice));
                }
                let screen = match connected.resumed {
                    Some(home) => Screen::Home(Box::new(HomeScreen::new(home, self.now))),
                    None => self
                        .cx(0)
                        .sign_in(&connected.last_username.unwrap_or_default()),
                };
                self.reset(screen);
                if let Some(face) = self.then_face.take() {
                    self.open_face(face);
                }
            }
            Msg::PasswordPolicy { profile, policy } => {
                // Unknown stays unknown, silently; once known, every open screen hears it.
                let policy = policy?;
                self.pool.policy = Some((profile.clone(), policy.clone()));
                for at in 0..self.stack.len() {
                    let msg = Msg::PasswordPolicy {
                        profile: profile.clone(),
                        policy: Some(policy.clone()),
                    };
                    self.call(at, |view, cx| view.on_result(msg, cx));
                }
            }
            other => return Some(other),
        }
        self.sync_outbox_key();
        None
    }

    /// Shows the outbox key only where it works.
    pub(super) fn sync_outbox_key(&mut self) {
        let available = self.pool.outbox_available();
        self.keymap.set_enabled(Command::Outbox, available);
    }

    /// Opens the local pool's outbox over the active screen, reading it at once.
    pub(super) fn open_outbox(&mut self) {
        if !self.pool.outbox_available() {
            return;
        }
        let Some((url, _)) = self.pool.local.clone() else {
            return;
        };
        let enter = self.keymap.key_for(Context::Outbox, Command::UseCode);
        let copy = self.keymap.key_for(Context::Outbox, Command::Copy);
        let target = match self.screen() {
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
        let screen = OutboxScreen::new(url, self.local_offset, hint.join(" "));
        let top = self.top();
        self.apply(top, Outcome::Push(Screen::Outbox(Box::new(screen))));
        let top = self.top();
        self.call(top, |view, cx| view.tick(cx));
    }

    /// A face of the open pool over the active screen; on the picker, of the selected pool
    /// (opened first: the faces need no sign-in, only the pool).
    pub(super) fn open_face(&mut self, face: Face) {
        if let Screen::Picker(picker) = self.screen() {
            match picker.items.get(picker.selected).map(|i| i.target.clone()) {
                Some(Ok(target)) => {
                    self.then_face = Some(face);
                    self.open(target);
                }
                Some(Err(_)) => {
                    let top = self.top();
                    self.call(top, |view, cx| view.command(Command::Select, cx));
                }
                None => {}
            }
            return;
        }
        let Some(conn) = self.pool.conn.clone() else {
            return;
        };
        let top = self.top();
        let screen = match face {
            Face::Config => {
                let others = PoolConfigScreen::others_for(&self.cx(top), &conn.profile);
                Screen::PoolConfig(Box::new(PoolConfigScreen::new(
                    conn.operator.clone(),
                    conn.label.clone(),
                    others,
                )))
            }
            Face::Operator => {
                let protected = self
                    .profiles
                    .iter()
                    .find(|e| e.name == conn.profile)
                    .and_then(|e| e.profile.as_ref().ok())
                    .map(|p| p.protected_users.clone())
                    .unwrap_or_default();
                Screen::Operator(Box::new(OperatorScreen::new(
                    conn.operator.clone(),
                    conn.label.clone(),
                    crate::flows::bulk::Protected::new(protected),
                )))
            }
        };
        self.apply(top, Outcome::Push(screen));
        let top = self.top();
        self.call(top, |view, cx| view.tick(cx));
    }

    /// profiles.toml changed: a fresh picker on the changed profile, the pool closed.
    pub(super) fn profiles_changed(&mut self, changed: ProfilesChanged) {
        self.profiles = changed.entries;
        let mut picker = PickerScreen::new(self.profiles.clone());
        picker.select_name(&changed.name);
        self.pool.conn = None;
        self.reset(Screen::Picker(picker));
        self.toast = Some(if changed.problem {
            Toast::error(changed.message)
        } else {
            Toast::info(changed.message)
        });
    }
}
