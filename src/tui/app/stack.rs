//! Outcomes applied: moves on the screen stack, requests, questions, toasts. A screen's
//! outcome applies where that screen is: opening or replacing from a screen closes what was
//! open over it (and drops the requests those screens were waiting for).

use super::{App, Entry};
use crate::tui::msg::ScreenId;
use crate::tui::screens::picker::PickerScreen;
use crate::tui::screens::{HomeChange, Outcome, Screen};
use crate::tui::widgets::Toast;

impl App {
    /// Applies what the screen at `at` answered.
    pub(super) fn apply(&mut self, at: usize, outcome: Outcome) {
        match outcome {
            Outcome::None | Outcome::Unchanged => {}
            Outcome::Push(screen) => {
                self.close_above(at);
                self.push(screen);
            }
            Outcome::Pop => {
                if at > 0 {
                    self.close_above(at - 1);
                }
            }
            Outcome::Replace(screen) => {
                self.close_above(at);
                self.close_top();
                self.push(screen);
            }
            Outcome::Reset(screen) => self.reset(screen),
            Outcome::Request(task) => self.request(at, task),
            Outcome::Ask(confirm, then) => self.ask(at, *confirm, *then),
            Outcome::Toast(toast) => self.toast = Some(toast),
            Outcome::Then(all) => {
                let mut at = at;
                for outcome in all {
                    let moves = matches!(
                        outcome,
                        Outcome::Push(_)
                            | Outcome::Pop
                            | Outcome::Replace(_)
                            | Outcome::Reset(_)
                            | Outcome::Open(_)
                            | Outcome::Picker
                            | Outcome::ProfilesChanged(_)
                    );
                    self.apply(at, outcome);
                    if moves {
                        at = self.top();
                    }
                }
            }
            Outcome::Run(command) => self.run_command(command),
            Outcome::Home(change) => self.home_change(at, change),
            Outcome::Open(target) => self.open(target),
            Outcome::Picker => {
                self.pool.conn = None;
                self.reset(Screen::Picker(PickerScreen::new(self.profiles.clone())));
            }
            Outcome::ProfilesChanged(changed) => self.profiles_changed(changed),
            Outcome::Copy { secret, what } => {
                self.effects.push(super::Effect::Copy(secret));
                self.toast = Some(Toast::info(format!(
                    "Copied {what} (OSC 52; your terminal must allow clipboard access)."
                )));
            }
            Outcome::UseCode(code) => {
                if self.screen_mut().view_mut().use_code(code.expose()) {
                    self.toast = Some(Toast::info("The code is filled in."));
                }
            }
        }
        self.sync_outbox_key();
    }

    /// Opens `screen` over the others.
    pub(super) fn push(&mut self, screen: Screen) {
        self.last_id += 1;
        self.stack.push(Entry {
            id: ScreenId(self.last_id),
            screen,
            waiting: Vec::new(),
        });
    }

    /// Every screen gives way to `screen`.
    pub(super) fn reset(&mut self, screen: Screen) {
        while !self.stack.is_empty() {
            self.close_top();
        }
        self.dialog = None;
        self.push(screen);
    }

    /// Closes the screens over the one at `index`.
    fn close_above(&mut self, index: usize) {
        while self.stack.len() > index + 1 {
            self.close_top();
        }
    }

    /// Closes the active screen; what it waited for is cancelled (a result that still comes
    /// finds no screen and is dropped).
    fn close_top(&mut self) {
        if let Some(entry) = self.stack.pop() {
            for waiting in entry.waiting {
                waiting.cancel.cancel();
            }
            let asked_here = self.dialog.as_ref().is_some_and(|d| d.screen == entry.id);
            if asked_here {
                self.dialog = None;
            }
        }
    }

    /// The index of the screen `id`, while it is on the stack.
    pub(super) fn index_of(&self, id: ScreenId) -> Option<usize> {
        self.stack.iter().position(|e| e.id == id)
    }

    /// The account home at or under `at` takes the change.
    fn home_change(&mut self, at: usize, change: HomeChange) {
        let now = self.now;
        let last = at.min(self.top());
        let home = self.stack[..=last]
            .iter_mut()
            .rev()
            .find_map(|e| match &mut e.screen {
                Screen::Home(home) => Some(home),
                _ => None,
            });
        let Some(home) = home else { return };
        match change {
            HomeChange::Session(session) => home.refreshed(*session, now),
            HomeChange::RefreshFailed => home.refresh_failed = true,
            HomeChange::User(user) => {
                crate::tui::screens::attributes::apply_user(&mut home.data, &user)
            }
        }
    }
}
