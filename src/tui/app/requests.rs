//! Requests with identity. A screen's request becomes a `Job` with a ticket naming the
//! request and the screen; its reply goes back to that screen if it is still open and still
//! waits for it. A newer request of the same kind from the same screen supersedes (and
//! cancels) the older one: latest wins. What a screen waits for is its own state.

use tokio_util::sync::CancellationToken;

use super::{App, Entry};
use crate::tui::msg::{Job, Msg, Reply, ScreenId, Task, Ticket};

/// The app's own requests (screens get ids from 1).
const APP: ScreenId = ScreenId(0);

/// A request in flight, kept by the screen that made it.
#[derive(Debug)]
pub(super) struct Waiting {
    id: u64,
    kind: (std::mem::Discriminant<Task>, Option<&'static str>),
    /// What the status bar says ("Signing in", then the task's progress); None in the
    /// background.
    pub(super) what: Option<String>,
    pub(super) cancel: CancellationToken,
}

/// What `entry` waits for, in words, if anything.
pub(super) fn busy(entry: &Entry) -> Option<&str> {
    entry.waiting.iter().rev().find_map(|w| w.what.as_deref())
}

impl App {
    /// Sends `task` for the worker on behalf of the screen at `at`.
    pub(super) fn request(&mut self, at: usize, task: Task) {
        let Some(entry) = self.stack.get_mut(at) else {
            return;
        };
        let kind = task.kind();
        entry.waiting.retain(|w| {
            let superseded = w.kind == kind;
            if superseded {
                w.cancel.cancel();
            }
            !superseded
        });
        self.last_id += 1;
        let ticket = Ticket {
            id: self.last_id,
            screen: entry.id,
        };
        let cancel = CancellationToken::new();
        entry.waiting.push(Waiting {
            id: ticket.id,
            kind,
            what: task.doing().map(str::to_string),
            cancel: cancel.clone(),
        });
        self.jobs.push(Job {
            ticket,
            task,
            cancel,
        });
    }

    /// Work the app asks for itself (the pool's password policy): no screen waits for it,
    /// and its reply comes whatever screen is open then.
    pub(super) fn app_request(&mut self, task: Task) {
        self.last_id += 1;
        self.jobs.push(Job {
            ticket: Ticket {
                id: self.last_id,
                screen: APP,
            },
            task,
            cancel: CancellationToken::new(),
        });
    }

    /// The work to spawn, handed over once.
    pub fn take_jobs(&mut self) -> Vec<Job> {
        std::mem::take(&mut self.jobs)
    }

    /// The work the screens asked for, without its tickets, for callers that run it
    /// themselves and hand each result to `update` (tests, benchmarks); the requests stay in
    /// flight. The app's own background requests stay queued for `take_jobs`.
    pub fn take_tasks(&mut self) -> Vec<Task> {
        let (app, screens): (Vec<Job>, Vec<Job>) = std::mem::take(&mut self.jobs)
            .into_iter()
            .partition(|job| job.ticket.screen == APP);
        self.jobs = app;
        screens.into_iter().map(|job| job.task).collect()
    }

    /// What the active screen waits for ("Signing in"), if anything.
    pub fn pending(&self) -> Option<&str> {
        self.stack.last().and_then(busy)
    }

    /// Takes a reply from the worker; true when a redraw is due. A reply for a screen that
    /// has closed, or for a request superseded since, is dropped.
    pub fn on_reply(&mut self, reply: Reply) -> bool {
        let Reply { ticket, msg } = reply;
        if ticket.screen == APP {
            return self.deliver(self.top(), msg);
        }
        let Some(at) = self.index_of(ticket.screen) else {
            return false;
        };
        let entry = &mut self.stack[at];
        let Some(i) = entry.waiting.iter().position(|w| w.id == ticket.id) else {
            return false;
        };
        if let Msg::Progress(words) = msg {
            entry.waiting[i].what = Some(words);
            return true;
        }
        entry.waiting.remove(i);
        self.deliver(at, msg)
    }

    /// Takes a result without its ticket, as the answer to the newest request in flight (or
    /// to the active screen when none is).
    pub fn update(&mut self, msg: Msg) {
        self.on_msg(msg);
    }

    /// `update`, saying whether a redraw is due.
    pub fn on_msg(&mut self, msg: Msg) -> bool {
        let newest = self
            .stack
            .iter()
            .enumerate()
            .flat_map(|(at, e)| e.waiting.iter().map(move |w| (w.id, at)))
            .max();
        match newest {
            Some((id, at)) if !matches!(msg, Msg::PasswordPolicy { .. }) => {
                let screen = self.stack[at].id;
                self.on_reply(Reply {
                    ticket: Ticket { id, screen },
                    msg,
                })
            }
            _ => {
                let top = self.top();
                self.deliver(top, msg)
            }
        }
    }

    /// A result for the screen at `at`; the app's own (a pool opened, the policy read) it
    /// takes itself.
    fn deliver(&mut self, at: usize, msg: Msg) -> bool {
        let Some(msg) = self.pool_update(msg) else {
            return true;
        };
        self.call(at, |view, cx| view.on_result(msg, cx))
    }
}
