//! Bulk actions in the operator face: choose the action (and the group), see exactly who is
//! affected and who is protected, run it or a dry run with a progress bar, then each user's
//! result.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use crate::flows::bulk::{BulkAction, BulkState, Outcome, Plan};

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
        results: Vec<(String, Outcome)>,
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
