//! What a screen answers to a key, click, tick or result: nothing, a move on the screen stack,
//! work for the worker, a question first, a toast, or several of these in order.

use super::Screen;
use crate::secret::SecretString;
use crate::service::session::Session;
use crate::tui::keymap::Command;
use crate::tui::msg::{Target, Task};
use crate::tui::screens::profile_form::ProfilesChanged;
use crate::tui::widgets::{Confirm, Toast};

#[derive(Debug)]
pub enum Outcome {
    /// Nothing to do (the screen may have changed: it is redrawn).
    None,
    /// Nothing visible changed: no redraw is needed (ticks and background results).
    Unchanged,
    /// Open a screen over this one; Esc there pops back to this one as it was.
    Push(Screen),
    /// Close this screen: the one under it is active again.
    Pop,
    /// This screen gives way to another (its requests in flight are dropped).
    Replace(Screen),
    /// Every screen of the open pool gives way to this one (after a sign-out, say).
    Reset(Screen),
    /// Work for the worker, on behalf of this screen; a newer request of the same kind from
    /// the same screen supersedes it.
    Request(Task),
    /// Ask first (a dialog over the screen); yes applies the outcome, on this screen.
    Ask(Box<Confirm>, Box<Outcome>),
    Toast(Toast),
    /// Several outcomes, in order (a replace, then the new screen's first request).
    Then(Vec<Outcome>),
    /// As if the key bound to the command was pressed (a click on a listed action).
    Run(Command),
    /// The signed-in account's session changed, or its refresh failed: the account home
    /// under this screen takes it.
    Home(HomeChange),
    /// Open a pool (the picker's choice).
    Open(Target),
    /// Close the pool: back to the profile picker.
    Picker,
    /// profiles.toml changed: the picker shows the new list.
    ProfilesChanged(ProfilesChanged),
    /// Put the text on the clipboard; the toast names `what`.
    Copy {
        secret: SecretString,
        what: String,
    },
    /// Fill a code (from the outbox) in on the screen under this one.
    UseCode(SecretString),
}

/// A change to the account home's session, made by a screen over it.
#[derive(Debug)]
pub enum HomeChange {
    Session(Box<Session>),
    /// The user as the pool now has it (after a profile load or save).
    User(Box<crate::service::account::User>),
    RefreshFailed,
}

impl Outcome {
    /// `first`, then `second`.
    pub fn then(self, second: Outcome) -> Outcome {
        match self {
            Outcome::None => second,
            Outcome::Then(mut all) => {
                all.push(second);
                Outcome::Then(all)
            }
            first => Outcome::Then(vec![first, second]),
        }
    }

    /// A toast, then this outcome.
    pub fn with_toast(self, toast: Toast) -> Outcome {
        Outcome::Toast(toast).then(self)
    }
}
