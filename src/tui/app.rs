//! The app: a stack of screens (the top one is active), an optional help overlay, a dialog
//! and a toast. Keys become commands through the keymap; screens answer with `Outcome`s;
//! requests leave as `Job`s addressed to the screen that asked and come back as `Reply`s.
//! Nothing here awaits.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use time::OffsetDateTime;

mod dialog;
mod effects;
mod mouse;
mod pool;
mod requests;
mod stack;

pub use super::screens::Screen;
pub use dialog::Dialog;
pub use effects::Effect;

use super::keymap::{Command, Context, Keymap};
use super::msg::{Job, PoolHandle, ScreenId, Target};
use super::screens::picker::PickerScreen;
use super::screens::{Cx, Pool};
use super::theme::Theme;
use super::widgets::{Spinner, Toast};
use crate::store::ProfileEntry;

/// How the TUI starts.
#[derive(Debug)]
pub enum Start {
    /// Saved profiles exist: let the user choose.
    Picker(Vec<ProfileEntry>),
    /// Open this pool directly; Esc from its sign-in screen reaches the picker of these.
    Open(Target, Vec<ProfileEntry>),
}

/// A screen on the stack, with the requests it waits for.
#[derive(Debug)]
struct Entry {
    id: ScreenId,
    screen: Screen,
    waiting: Vec<requests::Waiting>,
}

/// The faces over a pool that need no end-user sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    /// The pool's configuration: settings, doctor, diff.
    Config,
    /// Users and groups.
    Operator,
}

pub struct App {
    stack: Vec<Entry>,
    pub help: bool,
    pub toast: Option<Toast>,
    pub spinner: Spinner,
    pub keymap: Keymap,
    pub theme: Theme,
    /// A question over the screen, answered before anything else.
    pub dialog: Option<Dialog>,
    pool: Pool,
    profiles: Vec<ProfileEntry>,
    local_pool: Option<PoolHandle>,
    jobs: Vec<Job>,
    quit: bool,
    now: OffsetDateTime,
    effects: Vec<Effect>,
    local_offset: Option<time::UtcOffset>,
    /// The last screen id and request id handed out.
    last_id: u64,
    /// The pool being opened from the picker by a face's key: that face opens once connected.
    then_face: Option<Face>,
}

impl App {
    pub fn new(start: Start, theme: Theme, now: OffsetDateTime) -> Self {
        let mut app = Self {
            stack: Vec::new(),
            help: false,
            toast: None,
            spinner: Spinner::default(),
            keymap: Keymap::default(),
            theme,
            dialog: None,
            pool: Pool::default(),
            profiles: Vec::new(),
            local_pool: None,
            jobs: Vec::new(),
            quit: false,
            now,
            effects: Vec::new(),
            local_offset: None,
            last_id: 0,
            then_face: None,
        };
        match start {
            Start::Picker(entries) => {
                app.profiles = entries.clone();
                app.reset(Screen::Picker(PickerScreen::new(entries)));
            }
            Start::Open(target, entries) => {
                app.profiles = entries;
                app.open(target);
            }
        }
        app
    }

    /// The active screen (the top of the stack).
    pub fn screen(&self) -> &Screen {
        // Never empty: every stack operation leaves a screen on it (`stack.rs`).
        &self.stack[self.top()].screen
    }

    pub fn screen_mut(&mut self) -> &mut Screen {
        let top = self.top();
        &mut self.stack[top].screen
    }

    /// How many screens are open (the active one and those under it).
    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    fn top(&self) -> usize {
        self.stack.len().saturating_sub(1)
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// What the status bar names: the open pool, if any.
    pub fn status_label(&self) -> Option<&str> {
        self.pool.conn.as_ref().map(|c| c.label.as_str())
    }

    /// The local pool's URL, while it runs in-process.
    pub fn local_pool_url(&self) -> Option<&str> {
        self.local_pool.as_ref().map(|p| p.0.url())
    }

    /// True while the outbox can be read: the in-process pool runs and is the one open.
    pub fn outbox_available(&self) -> bool {
        self.pool.outbox_available()
    }

    /// The keys' context: the dialog's while one is open, else the active screen's.
    pub fn context(&self) -> Context {
        match &self.dialog {
            Some(dialog) => dialog.confirm.context(),
            None => self.screen().context(),
        }
    }

    /// The context of the screen at `index` for a read-only call (drawing).
    pub fn cx(&self, index: usize) -> Cx<'_> {
        let (below, rest) = self.stack.split_at(index.min(self.stack.len()));
        Cx {
            theme: &self.theme,
            keymap: &self.keymap,
            now: self.now,
            local_offset: self.local_offset,
            pool: &self.pool,
            profiles: &self.profiles,
            home: home_below(below),
            below: below.last().map(|e| e.screen.context()),
            busy: rest.first().and_then(requests::busy),
            spinner: self.spinner.symbol(),
        }
    }

    /// Calls the view of the screen at `index` with its context, and applies what it answers.
    fn call(
        &mut self,
        index: usize,
        f: impl FnOnce(&mut dyn super::screens::View, &Cx) -> Outcome,
    ) -> bool {
        if index >= self.stack.len() {
            return false;
        }
        let (below, rest) = self.stack.split_at_mut(index);
        let entry = &mut rest[0];
        let cx = Cx {
            theme: &self.theme,
            keymap: &self.keymap,
            now: self.now,
            local_offset: self.local_offset,
            pool: &self.pool,
            profiles: &self.profiles,
            home: home_below(below),
            below: below.last().map(|e| e.screen.context()),
            busy: entry.waiting.iter().rev().find_map(|w| w.what.as_deref()),
            spinner: self.spinner.symbol(),
        };
        let outcome = f(entry.screen.view_mut(), &cx);
        let changed = !matches!(outcome, Outcome::Unchanged);
        self.apply(index, outcome);
        changed
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
        match self.keymap.lookup(self.screen().context(), &key) {
            Some(command) => self.run_command(command),
            None => {
                let top = self.top();
                self.call(top, |view, cx| view.input(key, cx));
            }
        }
    }

    /// What a key bound to `command` does (to the dialog, while one is open).
    pub(super) fn run_command(&mut self, command: Command) {
        if self.dialog.is_some() {
            self.dialog_command(command);
            return;
        }
        match command {
            Command::Quit => self.quit = true,
            Command::Help => self.help = true,
            Command::Outbox => self.open_outbox(),
            Command::PoolConfig => self.open_face(Face::Config),
            Command::Operator => self.open_face(Face::Operator),
            command => {
                let top = self.top();
                self.call(top, |view, cx| view.command(command, cx));
            }
        }
    }

    /// The tick: spinner, countdowns, reloads and toast expiry. True when something visible
    /// changed.
    pub fn tick(&mut self, now: OffsetDateTime) -> bool {
        self.now = now;
        let mut changed = false;
        if self.pending().is_some() {
            self.spinner.advance();
            changed = true;
        }
        let top = self.top();
        changed |= self.call(top, |view, cx| view.tick(cx));
        if self.toast.as_mut().is_some_and(|toast| !toast.tick()) {
            self.toast = None;
            changed = true;
        }
        changed
    }
}

use super::screens::Outcome;

/// The account home's data, for the screens over it.
fn home_below(below: &[Entry]) -> Option<&super::msg::HomeData> {
    below.iter().rev().find_map(|e| match &e.screen {
        Screen::Home(home) => Some(&home.data),
        _ => None,
    })
}
