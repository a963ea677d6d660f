//! The one seam between the app and its screens: every screen is a `View`, and every call
//! gets a read-only `Cx` with what the app knows (theme, keys, clock, the open pool).

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use time::{OffsetDateTime, UtcOffset};

use super::Outcome;
use crate::local_pool::demo::demo_users;
use crate::service::admin::PasswordPolicy;
use crate::store::ProfileEntry;
use crate::tui::keymap::{Command, Context, Keymap};
use crate::tui::msg::{Conn, HomeData, LOCAL_DEMO_PROFILE, Msg, Task};
use crate::tui::theme::Theme;

/// A screen. Only `context`, `command` and `render` are required; the rest default to
/// "nothing happens".
pub trait View {
    /// Which keys apply (the keymap's context; forms take typed characters).
    fn context(&self) -> Context;

    /// A key no binding of the context claimed (typing into a field).
    fn input(&mut self, _key: KeyEvent, _cx: &Cx) -> Outcome {
        Outcome::None
    }

    fn command(&mut self, command: Command, cx: &Cx) -> Outcome;

    /// A left click at (`column`, `row`) inside `area`, the body the screen is drawn in.
    fn click(&mut self, _area: Rect, _column: u16, _row: u16, _cx: &Cx) -> Outcome {
        Outcome::None
    }

    fn render(&self, area: Rect, buf: &mut Buffer, cx: &Cx);

    /// The clock moved (`cx.now`); `Outcome::Unchanged` when nothing visible changed.
    fn tick(&mut self, _cx: &Cx) -> Outcome {
        Outcome::Unchanged
    }

    /// The result of a request this screen made (and still waits for), or news every screen
    /// hears (the pool's password policy).
    fn on_result(&mut self, _msg: Msg, _cx: &Cx) -> Outcome {
        Outcome::None
    }

    /// A code from the outbox, for the screen's code field; false when it has none.
    fn use_code(&mut self, _code: &str) -> bool {
        false
    }
}

/// What the app knows of the open pool.
#[derive(Debug, Default)]
pub struct Pool {
    pub conn: Option<Conn>,
    /// The password policy of a pool (by profile name), once read.
    pub policy: Option<(String, PasswordPolicy)>,
    /// The in-process local pool's URL and port, while it runs.
    pub local: Option<(String, u16)>,
}

impl Pool {
    /// True on the in-process demo pool.
    pub fn on_demo(&self) -> bool {
        self.conn
            .as_ref()
            .is_some_and(|c| c.profile == LOCAL_DEMO_PROFILE)
    }

    /// True while the outbox can be read: the in-process pool runs and is the one open.
    pub fn outbox_available(&self) -> bool {
        self.local.is_some() && self.on_demo()
    }

    /// The policy of the open pool, when it is known.
    pub fn policy(&self) -> Option<&PasswordPolicy> {
        let (profile, policy) = self.policy.as_ref()?;
        let open = self.conn.as_ref()?;
        (open.profile == *profile).then_some(policy)
    }
}

/// The read-only context of every `View` call.
#[derive(Clone, Copy)]
pub struct Cx<'a> {
    pub theme: &'a Theme,
    pub keymap: &'a Keymap,
    pub now: OffsetDateTime,
    /// The local time zone; None means UTC.
    pub local_offset: Option<UtcOffset>,
    pub pool: &'a Pool,
    /// The saved profiles, as last listed.
    pub profiles: &'a [ProfileEntry],
    /// The signed-in account, for the screens opened over its home.
    pub home: Option<&'a HomeData>,
    /// The context of the screen under this one, if any.
    pub below: Option<Context>,
    /// What this screen waits for ("Signing in"), if anything.
    pub busy: Option<&'a str>,
    pub spinner: &'static str,
}

impl Cx<'_> {
    /// A request on the open pool: `task` gets its connection; nothing without one.
    pub fn task(&self, task: impl FnOnce(Conn) -> Task) -> Outcome {
        match &self.pool.conn {
            Some(conn) => Outcome::Request(task(conn.clone())),
            None => Outcome::None,
        }
    }

    /// The first key bound to `command` in `context`, as the footer shows it.
    pub fn key(&self, context: Context, command: Command) -> Option<String> {
        self.keymap.key_for(context, command)
    }

    /// On the in-process pool nothing is mailed: where its codes can be read.
    pub fn outbox_hint(&self) -> Option<String> {
        let (_, port) = self.pool.local.as_ref()?;
        let key = self.key(Context::Confirm, Command::Outbox);
        self.pool.on_demo().then(|| match key {
            Some(key) => format!(
                "The local pool mails nothing: {key} shows its outbox (or run `cognito-tui local-pool outbox --port {port}`)."
            ),
            None => format!(
                "The local pool mails nothing: read the code with `cognito-tui local-pool outbox --port {port}`."
            ),
        })
    }

    /// Notes under the sign-in form: the other ways in (keys from the keymap), and the demo
    /// users on the demo pool.
    pub fn sign_in_hints(&self) -> Vec<String> {
        let links: Vec<String> = [
            (Command::Register, "create an account"),
            (Command::ConfirmCode, "enter a code"),
            (Command::ForgotPassword, "forgot password"),
        ]
        .into_iter()
        .filter_map(|(command, what)| {
            let key = self.key(Context::SignIn, command)?;
            Some(format!("{key} {what}"))
        })
        .collect();
        let mut notes = vec![links.join(" · ")];
        if self.pool.on_demo() {
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
}
