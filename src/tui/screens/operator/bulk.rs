//! Bulk actions in the operator face: choose the action (and the group), see exactly who is
//! affected and who is protected, run it or a dry run with a progress bar, then each user's
//! result.

use super::*;

use std::sync::Arc;
use std::sync::atomic::Ordering;

use crate::flows::bulk::{BulkAction, BulkState, Outcome as RunOutcome, Plan};

/// The actions the menu offers, in order; the group ones ask for the group next.
pub const MENU: [&str; 6] = [
    "Delete",
    "Disable",
    "Enable",
    "Sign out everywhere",
    "Add to a group",
    "Remove from a group",
];

/// The menu entry's action, or None for the group ones (which need the group).
pub fn menu_action(index: usize) -> Option<BulkAction> {
    match index {
        0 => Some(BulkAction::Delete),
        1 => Some(BulkAction::Disable),
        2 => Some(BulkAction::Enable),
        3 => Some(BulkAction::SignOut),
        _ => None,
    }
}

#[derive(Debug)]
pub enum Stage {
    Menu {
        selected: usize,
    },
    /// Choosing the group for add (`join`) or remove.
    Group {
        join: bool,
        selected: usize,
    },
    /// Reading every user that matches the search.
    Collecting {
        action: BulkAction,
    },
    Preview {
        action: BulkAction,
        plan: Plan,
        selected: usize,
    },
    Running {
        action: BulkAction,
        state: Arc<BulkState>,
        dry_run: bool,
    },
    Done {
        action: BulkAction,
        results: Vec<(String, RunOutcome)>,
        dry_run: bool,
        selected: usize,
    },
}

/// Whom the action is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    Marked(Vec<String>),
    /// Everyone the current search (or scan) matches, loaded or not.
    AllMatching,
}

#[derive(Debug)]
pub struct BulkPane {
    pub who: Who,
    pub stage: Stage,
}

impl BulkPane {
    pub fn new(who: Who) -> Self {
        Self {
            who,
            stage: Stage::Menu { selected: 0 },
        }
    }

    /// How many rows the stage lists (for moves).
    pub fn len(&self, groups: usize) -> usize {
        match &self.stage {
            Stage::Menu { .. } => MENU.len(),
            Stage::Group { .. } => groups,
            Stage::Preview { plan, .. } => plan.targets.len() + plan.protected.len(),
            Stage::Done { results, .. } => results.len(),
            Stage::Collecting { .. } | Stage::Running { .. } => 0,
        }
    }

    pub fn selected_mut(&mut self) -> Option<&mut usize> {
        match &mut self.stage {
            Stage::Menu { selected }
            | Stage::Group { selected, .. }
            | Stage::Preview { selected, .. }
            | Stage::Done { selected, .. } => Some(selected),
            Stage::Collecting { .. } | Stage::Running { .. } => None,
        }
    }

    /// "7 / 20" of a run.
    pub fn progress(&self) -> Option<(usize, usize)> {
        match &self.stage {
            Stage::Running { state, .. } => Some((
                state.done.load(Ordering::SeqCst),
                state.total.load(Ordering::SeqCst),
            )),
            _ => None,
        }
    }
}

/// Bulk actions on the face: choose, collect, preview, run, and the pane's keys.
impl OperatorScreen {
    /// The bulk menu for the marked users (or everyone the search matches).
    pub(super) fn open_bulk(&mut self) -> Outcome {
        let who = if self.users.all_matching {
            Who::AllMatching
        } else if !self.users.marked.is_empty() {
            Who::Marked(self.users.marked.iter().cloned().collect())
        } else {
            return Outcome::Toast(Toast::error(
                "Mark users first: Space marks the selected one, * everyone the search matches.",
            ));
        };
        self.bulk = Some(BulkPane::new(who));
        Outcome::None
    }

    /// The users an action is for, then its preview (reading every matching user first when
    /// not all are loaded).
    pub(super) fn collect(&mut self, action: BulkAction) -> Outcome {
        let Some(pane) = &mut self.bulk else {
            return Outcome::None;
        };
        let everyone_loaded = self.users.scan.is_some() || self.users.next.is_none();
        match pane.who.clone() {
            Who::Marked(names) => {
                self.preview(action, names);
                Outcome::None
            }
            Who::AllMatching if everyone_loaded => {
                let names = self
                    .users
                    .users
                    .iter()
                    .map(|u| u.username.clone())
                    .collect();
                self.preview(action, names);
                Outcome::None
            }
            Who::AllMatching => {
                pane.stage = Stage::Collecting {
                    action: action.clone(),
                };
                let operator = self.operator.clone();
                let filter = self.users.filter.clone();
                Outcome::Request(Task::Load(Load::new(
                    "Collecting the matching users",
                    move |progress: Progress| async move {
                        use futures_util::StreamExt as _;
                        let mut names = Vec::new();
                        let mut pages = std::pin::pin!(operator.list_users(filter, MAX_PAGE_SIZE));
                        let mut result = Ok(());
                        while let Some(page) = pages.next().await {
                            match page {
                                Ok(users) => names.extend(users.into_iter().map(|u| u.username)),
                                Err(e) => {
                                    result = Err(e);
                                    break;
                                }
                            }
                            progress.report(format!("{} users collected", names.len()));
                        }
                        Collected {
                            action,
                            result: result.map(|()| names),
                        }
                    },
                )))
            }
        }
    }

    pub(super) fn preview(&mut self, action: BulkAction, names: Vec<String>) {
        let plan = bulk_flow::plan(names, &self.protected);
        if let Some(pane) = &mut self.bulk {
            pane.stage = Stage::Preview {
                action,
                plan,
                selected: 0,
            };
        }
    }

    pub(super) fn run_bulk(&mut self, dry_run: bool) -> Outcome {
        let Some(pane) = &mut self.bulk else {
            return Outcome::None;
        };
        let Stage::Preview { action, plan, .. } = &pane.stage else {
            return Outcome::None;
        };
        let (action, targets) = (action.clone(), plan.targets.clone());
        if targets.is_empty() {
            return Outcome::Toast(Toast::error(
                "Nobody to do it for: every marked user is protected.",
            ));
        }
        let state = Arc::new(bulk_flow::BulkState::default());
        let operator = self.operator.clone();
        let run_state = state.clone();
        let run_action = action.clone();
        let run = Outcome::Request(Task::Load(Load::new(
            "Running the bulk action",
            move |_: Progress| async move {
                let results =
                    bulk_flow::run(&operator, &run_action, &targets, dry_run, &run_state).await;
                BulkDone {
                    action: run_action,
                    dry_run,
                    results,
                }
            },
        )));
        let count = plan.targets.len();
        let confirm = (!dry_run && action.destructive()).then(|| {
            Confirm::new(
                format!("{} {count} users?", capitalised(&action.words())),
                format!("This cannot be undone. Type {count} (the number of users) to confirm."),
                action.words(),
            )
            .typed(&count.to_string(), "Users")
        });
        pane.stage = Stage::Running {
            action,
            state,
            dry_run,
        };
        match confirm {
            Some(question) => Outcome::Ask(Box::new(question), Box::new(run)),
            None => run,
        }
    }

    pub(super) fn bulk_command(&mut self, command: Command) -> Outcome {
        let groups = self.groups.groups.len();
        if let Some(pane) = &mut self.bulk {
            let len = pane.len(groups);
            if let Some(selected) = pane.selected_mut()
                && let Some(moved) = Rows::new(len).stopping().moved(*selected, command, 10)
            {
                *selected = moved;
                return Outcome::None;
            }
        }
        let Some(pane) = &mut self.bulk else {
            return Outcome::None;
        };
        match (&mut pane.stage, command) {
            (Stage::Running { state, .. }, Command::Back) => {
                state.stop();
                Outcome::None
            }
            (Stage::Collecting { .. }, Command::Back) => {
                self.bulk = None;
                Outcome::None
            }
            (Stage::Done { dry_run, .. }, Command::Back | Command::OpenRow) => {
                let reload = !*dry_run;
                self.bulk = None;
                if reload {
                    return self.first_page();
                }
                Outcome::None
            }
            (_, Command::Back) => {
                self.bulk = None;
                Outcome::None
            }
            (Stage::Menu { selected }, Command::OpenRow) => match bulk::menu_action(*selected) {
                Some(action) => self.collect(action),
                None => {
                    let join = *selected == 4;
                    pane.stage = Stage::Group { join, selected: 0 };
                    if !self.groups.asked {
                        return self.read_groups();
                    }
                    Outcome::None
                }
            },
            (Stage::Group { join, selected }, Command::OpenRow) => {
                let Some(group) = self.groups.groups.get(*selected).map(|g| g.name.clone()) else {
                    return Outcome::None;
                };
                let action = if *join {
                    BulkAction::AddToGroup(group)
                } else {
                    BulkAction::RemoveFromGroup(group)
                };
                self.collect(action)
            }
            (Stage::Preview { .. }, Command::RunBulk) => self.run_bulk(false),
            (Stage::Preview { .. }, Command::DryRun) => self.run_bulk(true),
            _ => Outcome::None,
        }
    }
}
