//! The app: the active screen, an optional help overlay and a toast. Keys become commands
//! through the keymap; screens answer with outcomes; requests leave as `Task`s for the worker
//! and come back as `Msg`s. Nothing here awaits.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use time::OffsetDateTime;

mod account;
mod challenge;
mod mouse;
mod polish;
mod request;
pub mod tools;
mod update;

pub use account::Dialog;
pub use tools::{Effect, Tool};

use super::keymap::{Command, Context, Keymap};
use super::msg::{Conn, LOCAL_DEMO_PROFILE, PoolHandle, Target, Task};
use super::screens::challenge::ChallengeScreen;
use super::screens::change_password::ChangePasswordScreen;
use super::screens::confirm::ConfirmScreen;
use super::screens::forgot::ForgotScreen;
use super::screens::home::HomeScreen;
use super::screens::mfa_settings::MfaSettingsScreen;
use super::screens::outbox::OutboxScreen;
use super::screens::picker::{LOCAL_DEMO_LABEL, PickerScreen};
use super::screens::profile::ProfileScreen;
use super::screens::profile_form::ProfileFormScreen;
use super::screens::register::RegisterScreen;
use super::screens::sign_in::SignInScreen;
use super::screens::tokens::TokensScreen;
use super::screens::verify::VerifyScreen;
use super::screens::{Nav, Outcome};
use super::theme::Theme;
use super::widgets::{Spinner, Toast};
use crate::local_pool::demo::{DEMO_CLIENT_ID, DEMO_POOL_ID, demo_users};
use crate::service::Settings;
use crate::service::account::REFRESH_MARGIN;
use crate::store::ProfileEntry;

/// How the TUI starts.
#[derive(Debug)]
pub enum Start {
    /// Saved profiles exist: let the user choose.
    Picker(Vec<ProfileEntry>),
    /// Open this pool directly; Esc from its sign-in screen reaches the picker of these.
    Open(Target, Vec<ProfileEntry>),
}

#[derive(Debug)]
pub enum Screen {
    /// Start-up work under way (the local pool starting, a session resuming).
    Loading(String),
    Picker(PickerScreen),
    SignIn(SignInScreen),
    Register(RegisterScreen),
    Confirm(ConfirmScreen),
    Forgot(ForgotScreen),
    Home(Box<HomeScreen>),
    Profile(Box<ProfileScreen>),
    ChangePassword(Box<ChangePasswordScreen>),
    Verify(Box<VerifyScreen>),
    Challenge(Box<ChallengeScreen>),
    MfaSettings(Box<MfaSettingsScreen>),
    Tokens(Box<TokensScreen>),
    Outbox(Box<OutboxScreen>),
    ProfileForm(Box<ProfileFormScreen>),
}

impl Screen {
    pub fn context(&self) -> Context {
        match self {
            Self::Loading(_) => Context::Loading,
            Self::Picker(_) => Context::Picker,
            Self::SignIn(_) => Context::SignIn,
            Self::Register(_) => Context::Register,
            Self::Confirm(_) => Context::Confirm,
            Self::Forgot(_) => Context::Forgot,
            Self::Home(_) => Context::Home,
            Self::Profile(s) => s.context(),
            Self::ChangePassword(_) => Context::ChangePassword,
            Self::Verify(_) => Context::Verify,
            Self::Challenge(s) => s.context(),
            Self::MfaSettings(s) => s.context(),
            Self::Tokens(_) => Context::Tokens,
            Self::Outbox(_) => Context::Outbox,
            Self::ProfileForm(_) => Context::ProfileForm,
        }
    }
}

pub struct App {
    pub screen: Screen,
    pub help: bool,
    pub toast: Option<Toast>,
    pub spinner: Spinner,
    /// What is in flight ("Signing in"), if anything; one request at a time.
    pub pending: Option<&'static str>,
    pub conn: Option<Conn>,
    pub keymap: Keymap,
    pub theme: Theme,
    /// A question over the screen, answered before anything else.
    pub dialog: Option<Dialog>,
    profiles: Vec<ProfileEntry>,
    local_pool: Option<PoolHandle>,
    tasks: Vec<Task>,
    quit: bool,
    now: OffsetDateTime,
    /// The password policy of a pool (by profile name), once read.
    password_policy: Option<(String, crate::service::admin::PasswordPolicy)>,
    effects: Vec<Effect>,
    local_offset: Option<time::UtcOffset>,
}

impl App {
    pub fn new(start: Start, theme: Theme, now: OffsetDateTime) -> Self {
        let mut app = Self {
            screen: Screen::Loading(String::new()),
            help: false,
            toast: None,
            spinner: Spinner::default(),
            pending: None,
            conn: None,
            keymap: Keymap::default(),
            theme,
            dialog: None,
            profiles: Vec::new(),
            local_pool: None,
            tasks: Vec::new(),
            quit: false,
            now,
            password_policy: None,
            effects: Vec::new(),
            local_offset: None,
        };
        match start {
            Start::Picker(entries) => {
                app.profiles = entries.clone();
                app.screen = Screen::Picker(PickerScreen::new(entries));
            }
            Start::Open(target, entries) => {
                app.profiles = entries;
                app.open(target);
            }
        }
        app
    }

    /// The work to spawn, handed over once.
    pub fn take_tasks(&mut self) -> Vec<Task> {
        std::mem::take(&mut self.tasks)
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// What the status bar names: the open pool, if any.
    pub fn status_label(&self) -> Option<&str> {
        self.conn.as_ref().map(|c| c.label.as_str())
    }

    /// The local pool's URL, while it runs in-process.
    pub fn local_pool_url(&self) -> Option<&str> {
        self.local_pool.as_ref().map(|p| p.0.url())
    }

    /// Handles a terminal event; true when the screen needs redrawing.
    pub fn on_event(&mut self, event: Event) -> bool {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                self.on_key(key);
                true
            }
            Event::Resize(..) => true,
            _ => false,
        }
    }

    pub fn on_key(&mut self, key: KeyEvent) {
        let context = self.screen.context();
        if self.help {
            let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers == KeyModifiers::CONTROL;
            if ctrl_c {
                self.quit = true;
            }
            self.help = false;
            return;
        }
        if self.dialog.is_some() {
            self.dialog_key(key);
            return;
        }
        match self.keymap.lookup(context, &key) {
            Some(Command::Quit) => self.quit = true,
            Some(Command::Help) => self.help = true,
            Some(command) => {
                let outcome = self.screen_command(command);
                self.apply(outcome);
            }
            None => match &mut self.screen {
                Screen::SignIn(s) => s.input(key),
                Screen::Register(s) => s.input(key),
                Screen::Confirm(s) => s.input(key),
                Screen::Forgot(s) => s.input(key),
                Screen::Profile(s) => s.input(key),
                Screen::ChangePassword(s) => s.input(key),
                Screen::Verify(s) => s.input(key),
                Screen::Challenge(s) => s.input(key),
                Screen::MfaSettings(s) => s.input(key),
                Screen::Loading(_) | Screen::Picker(_) | Screen::Home(_) => {}
                Screen::ProfileForm(s) => s.input(key),
                Screen::Tokens(_) | Screen::Outbox(_) => {}
            },
        }
    }

    fn screen_command(&mut self, command: Command) -> Outcome {
        if let Some(outcome) = self.tools_command(command) {
            return outcome;
        }
        match &mut self.screen {
            Screen::Loading(_) => Outcome::None,
            Screen::Picker(s) => s.command(command),
            Screen::SignIn(s) => s.command(command),
            Screen::Register(s) => s.command(command),
            Screen::Confirm(s) => s.command(command),
            Screen::Forgot(s) => s.command(command),
            Screen::Home(s) => s.command(command),
            Screen::Profile(s) => s.command(command),
            Screen::ChangePassword(s) => s.command(command),
            Screen::Verify(s) => s.command(command),
            Screen::Challenge(s) => s.command(command),
            Screen::MfaSettings(s) => s.command(command),
            Screen::Tokens(_) | Screen::Outbox(_) | Screen::ProfileForm(_) => Outcome::None,
        }
    }

    /// The tick: spinner, countdown and toast expiry. True when something visible changed.
    pub fn tick(&mut self, now: OffsetDateTime) -> bool {
        self.now = now;
        let mut changed = false;
        if self.pending.is_some() {
            self.spinner.advance();
            changed = true;
        }
        if let Screen::Home(home) = &mut self.screen {
            changed |= home.tick(now);
            if self.pending.is_none() && home.needs_refresh(now, REFRESH_MARGIN) {
                let outcome = home.refresh();
                self.apply(outcome);
                changed = true;
            }
        }
        changed |= self.tools_tick(now);
        if self.toast.as_mut().is_some_and(|toast| !toast.tick()) {
            self.toast = None;
            changed = true;
        }
        changed
    }

    fn apply(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::None => {}
            Outcome::Go(nav) => self.go(nav),
            Outcome::Request(request) => self.request(request),
            Outcome::Ask(confirm, then) => self.ask(*confirm, *then),
            Outcome::Tool(tool) => self.tool(tool),
        }
    }

    fn go(&mut self, nav: Nav) {
        let theme = self.theme;
        match nav {
            Nav::Open(target) => self.open(target),
            Nav::Picker => {
                self.screen = Screen::Picker(PickerScreen::new(self.profiles.clone()));
                self.conn = None;
            }
            Nav::SignIn { username } => {
                self.screen = Screen::SignIn(SignInScreen::new(&username, self.hints(), theme));
            }
            Nav::Register { username } => {
                let mut screen = RegisterScreen::new(&username, theme);
                screen.set_policy(self.known_policy());
                if let Some(key) = self
                    .keymap
                    .key_for(Context::Register, Command::AddAttribute)
                {
                    screen.note = format!(
                        "Phone as +15551234567. {key} adds an attribute (bare names get custom:)."
                    );
                }
                self.screen = Screen::Register(screen);
            }
            Nav::Forgot { username } => {
                let mut screen = ForgotScreen::new(&username, theme);
                screen.outbox_hint = self.outbox_hint();
                screen.set_policy(self.known_policy());
                self.screen = Screen::Forgot(screen);
            }
            Nav::Confirm { username, delivery } => {
                let mut screen = ConfirmScreen::new(&username, delivery.as_ref(), theme);
                screen.outbox_hint = self.outbox_hint();
                self.screen = Screen::Confirm(screen);
            }
            nav @ (Nav::Home { .. }
            | Nav::Profile(_)
            | Nav::ChangePassword(_)
            | Nav::Verify { .. }) => self.go_account(nav),
            Nav::MfaSettings => self.open_mfa_settings(),
            Nav::LeaveMfaSettings => self.leave_mfa_settings(),
        }
    }

    /// Notes under the sign-in form: the other ways in (keys from the keymap), and the demo
    /// users on the demo pool.
    fn hints(&self) -> Vec<String> {
        let links: Vec<String> = [
            (Command::Register, "create an account"),
            (Command::ConfirmCode, "enter a code"),
            (Command::ForgotPassword, "forgot password"),
        ]
        .into_iter()
        .filter_map(|(command, what)| {
            let key = self.keymap.key_for(Context::SignIn, command)?;
            Some(format!("{key} {what}"))
        })
        .collect();
        let mut notes = vec![links.join(" · ")];
        let on_demo = self
            .conn
            .as_ref()
            .is_some_and(|c| c.profile == LOCAL_DEMO_PROFILE);
        if on_demo {
            let users: Vec<String> = demo_users()
                .into_iter()
                .take(2)
                .map(|(user, password)| format!("{user} / {password}"))
                .collect();
            notes.push(format!(
                "Demo users: {} (see the README for more).",
                users.join(", ")
            ));
        }
        notes
    }

    /// On the in-process pool, nothing is mailed: say where its codes can be read.
    fn outbox_hint(&self) -> Option<String> {
        let on_demo = self
            .conn
            .as_ref()
            .is_some_and(|c| c.profile == LOCAL_DEMO_PROFILE);
        let port = self.local_pool.as_ref()?.0.addr().port();
        let key = self.keymap.key_for(Context::Confirm, Command::Outbox);
        on_demo.then(|| match key {
            Some(key) => format!(
                "The local pool mails nothing: {key} shows its outbox (or run `cognito-tui local-pool outbox --port {port}`)."
            ),
            None => format!(
                "The local pool mails nothing: read the code with `cognito-tui local-pool outbox --port {port}`."
            ),
        })
    }

    fn open(&mut self, target: Target) {
        match target {
            Target::LocalDemo => match &self.local_pool {
                Some(pool) => {
                    let mut settings = Settings::new(DEMO_POOL_ID, DEMO_CLIENT_ID);
                    settings.endpoint_url = Some(pool.0.url().to_string());
                    self.connect(settings, LOCAL_DEMO_PROFILE, LOCAL_DEMO_LABEL);
                }
                None => {
                    self.screen = Screen::Loading("Starting the local demo pool".into());
                    self.pending = Some("Starting the local demo pool");
                    self.tasks.push(Task::StartLocalPool);
                }
            },
            Target::Profile(profile) => {
                let settings = profile.settings();
                self.connect(settings, &profile.name, &profile.name);
            }
        }
    }

    fn connect(&mut self, settings: Settings, profile: &str, label: &str) {
        self.screen = Screen::Loading(format!("Opening {label}"));
        self.pending = Some("Opening the pool");
        self.tasks.push(Task::Connect {
            settings,
            profile: profile.to_string(),
            label: label.to_string(),
        });
    }
}
