//! Bulk actions on users: who is affected (the protected accounts of the profile never are),
//! a dry run, and a run that goes on past a failure and reports each user's own result —
//! nothing is reported done that was not.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::service::admin::Operator;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkAction {
    Delete,
    Disable,
    Enable,
    SignOut,
    AddToGroup(String),
    RemoveFromGroup(String),
}

impl BulkAction {
    /// "disable", "add to developers".
    pub fn words(&self) -> String {
        match self {
            BulkAction::Delete => "delete".into(),
            BulkAction::Disable => "disable".into(),
            BulkAction::Enable => "enable".into(),
            BulkAction::SignOut => "sign out everywhere".into(),
            BulkAction::AddToGroup(g) => format!("add to {g}"),
            BulkAction::RemoveFromGroup(g) => format!("remove from {g}"),
        }
    }

    /// Whether the action cannot be undone by another bulk action.
    pub fn destructive(&self) -> bool {
        matches!(self, BulkAction::Delete | BulkAction::SignOut)
    }
}

/// Accounts that must never be touched: exact names, or prefixes written `ci-*`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Protected(Vec<String>);

impl Protected {
    pub fn new(patterns: Vec<String>) -> Self {
        Self(
            patterns
                .into_iter()
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect(),
        )
    }

    pub fn patterns(&self) -> &[String] {
        &self.0
    }

    pub fn covers(&self, username: &str) -> bool {
        self.0.iter().any(|p| match p.strip_suffix('*') {
            Some(prefix) => username.starts_with(prefix),
            None => p == username,
        })
    }
}

/// Who an action would reach: the targets, and the protected ones left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub targets: Vec<String>,
    pub protected: Vec<String>,
}

pub fn plan(usernames: impl IntoIterator<Item = String>, protected: &Protected) -> Plan {
    let (protected, targets): (Vec<String>, Vec<String>) =
        usernames.into_iter().partition(|u| protected.covers(u));
    Plan { targets, protected }
}

/// Progress of a run, read while it goes (a progress bar), and its stop.
#[derive(Debug, Default)]
pub struct BulkState {
    pub done: AtomicUsize,
    pub total: AtomicUsize,
    stop: AtomicBool,
}

impl BulkState {
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }

    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
}

/// One user's result: done, would be done (dry run), not started (stopped), or why it failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Done,
    WouldDo,
    NotStarted,
    Failed(String),
}

/// Applies `action` to every target in order; a failure is recorded and the rest go on.
pub async fn run(
    operator: &Operator,
    action: &BulkAction,
    targets: &[String],
    dry_run: bool,
    state: &BulkState,
) -> Vec<(String, Outcome)> {
    state.total.store(targets.len(), Ordering::SeqCst);
    let mut out = Vec::with_capacity(targets.len());
    for user in targets {
        if state.stopped() {
            out.push((user.clone(), Outcome::NotStarted));
            continue;
        }
        let result = if dry_run {
            Outcome::WouldDo
        } else {
            let called = match action {
                BulkAction::Delete => operator.delete_user(user).await,
                BulkAction::Disable => operator.disable_user(user).await,
                BulkAction::Enable => operator.enable_user(user).await,
                BulkAction::SignOut => operator.global_sign_out(user).await,
                BulkAction::AddToGroup(g) => operator.add_to_group(user, g).await,
                BulkAction::RemoveFromGroup(g) => operator.remove_from_group(user, g).await,
            };
            match called {
                Ok(()) => Outcome::Done,
                Err(e) => Outcome::Failed(e.to_string()),
            }
        };
        out.push((user.clone(), result));
        state.done.fetch_add(1, Ordering::SeqCst);
    }
    out
}

/// "3 done, 1 failed, 2 not started".
pub fn summary(results: &[(String, Outcome)]) -> String {
    let count = |f: fn(&Outcome) -> bool| results.iter().filter(|(_, o)| f(o)).count();
    let mut parts = Vec::new();
    for (n, words) in [
        (count(|o| matches!(o, Outcome::Done)), "done"),
        (count(|o| matches!(o, Outcome::WouldDo)), "would be done"),
        (count(|o| matches!(o, Outcome::Failed(_))), "failed"),
        (count(|o| matches!(o, Outcome::NotStarted)), "not started"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {words}"));
        }
    }
    if parts.is_empty() {
        "nothing to do".into()
    } else {
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protected_names_and_prefixes_are_left_out() {
        let protected = Protected::new(vec!["admin".into(), "ci-*".into(), " ".into()]);
        let plan = plan(
            ["alice", "admin", "ci-runner", "ci", "administrator"].map(String::from),
            &protected,
        );
        assert_eq!(plan.targets, ["alice", "ci", "administrator"]);
        assert_eq!(plan.protected, ["admin", "ci-runner"]);
        assert_eq!(protected.patterns().len(), 2);
    }

    #[test]
    fn summaries_count_each_outcome() {
        let results = vec![
            ("a".to_string(), Outcome::Done),
            ("b".to_string(), Outcome::Failed("no".into())),
            ("c".to_string(), Outcome::NotStarted),
        ];
        assert_eq!(summary(&results), "1 done, 1 failed, 1 not started");
        assert_eq!(summary(&[]), "nothing to do");
    }
}
