//! A task on its way to the worker (`Job`) and its result on the way back (`Reply`), both
//! carrying the `Ticket` that says which request of which screen they answer; a cancelled
//! job sends nothing back, and a long one may send progress first.

use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

use super::{Msg, Task};

/// Names a screen on the app's stack for as long as it lives there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ScreenId(pub u64);

/// Which request of which screen a result answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticket {
    pub id: u64,
    pub screen: ScreenId,
}

/// A task for the worker, with its ticket and the token that cancels it.
#[derive(Debug)]
pub struct Job {
    pub ticket: Ticket,
    pub task: Task,
    pub cancel: CancellationToken,
}

/// A result coming back, addressed by its ticket.
#[derive(Debug)]
pub struct Reply {
    pub ticket: Ticket,
    pub msg: Msg,
}

/// Where a long task reports how far it got (the status bar shows the latest words).
#[derive(Debug, Clone)]
pub struct Progress {
    ticket: Ticket,
    tx: UnboundedSender<Reply>,
}

impl Progress {
    pub fn new(ticket: Ticket, tx: UnboundedSender<Reply>) -> Self {
        Self { ticket, tx }
    }

    /// Says `words` ("scanned 3 pages"); nothing happens when the app has gone.
    pub fn report(&self, words: impl Into<String>) {
        let _ = self.tx.send(Reply {
            ticket: self.ticket,
            msg: Msg::Progress(words.into()),
        });
    }
}

impl Task {
    /// Which requests of a screen supersede each other: the same kind of task (for a screen's
    /// own work, the same work).
    pub fn kind(&self) -> (std::mem::Discriminant<Task>, Option<&'static str>) {
        let what = match self {
            Task::Load(load) => Some(load.what),
            _ => None,
        };
        (std::mem::discriminant(self), what)
    }

    /// What the status bar says while it runs; None for work in the background (a check of
    /// the tokens' signatures, the outbox's reloads, the password policy).
    pub fn doing(&self) -> Option<&'static str> {
        Some(match self {
            Task::StartLocalPool => "Starting the local demo pool",
            Task::Connect { .. } => "Opening the pool",
            Task::SignIn { .. } => "Signing in",
            Task::Register { .. } => "Creating the account",
            Task::Confirm { .. } => "Confirming",
            Task::Resend { .. } => "Sending a new code",
            Task::Forgot { .. } => "Sending a reset code",
            Task::ResetPassword { .. } => "Changing the password",
            Task::Refresh { .. } => "Refreshing the session",
            Task::SignOut { .. } => "Signing out",
            Task::Account { task, .. } => task.what(),
            Task::Challenge { task, .. } => task.doing(),
            Task::SaveProfile { .. } => "Saving the profile",
            Task::DeleteProfile { .. } => "Deleting the profile",
            Task::Load(load) => load.what,
            Task::PasswordPolicy { .. } | Task::VerifyTokens { .. } | Task::ReadOutbox { .. } => {
                return None;
            }
        })
    }
}
