//! `groups …`: a pool's groups and their members, over the same service calls as the TUI.

use serde_json::json;

use super::operator::open;
use super::terminal::confirm;
use super::users::summary_json;
use super::{CommandError, Threads, runtime};
use crate::cli::{GroupSettingsArgs, GroupsAction};
use crate::service::admin::{Group, GroupSettings};

fn group_json(g: &Group) -> serde_json::Value {
    json!({
        "GroupName": g.name,
        "Description": g.description,
        "Precedence": g.precedence,
        "RoleArn": g.role_arn,
    })
}

/// The settings to send: the given ones over `current` (UpdateGroup clears what it is not given).
fn settings(given: GroupSettingsArgs, current: Option<&Group>) -> GroupSettings {
    GroupSettings {
        description: given
            .description
            .or_else(|| current.and_then(|g| g.description.clone())),
        precedence: given
            .precedence
            .or_else(|| current.and_then(|g| g.precedence)),
        role_arn: given
            .role_arn
            .or_else(|| current.and_then(|g| g.role_arn.clone())),
    }
}

pub fn run(action: GroupsAction) -> Result<String, CommandError> {
    runtime(Threads::One)?.block_on(async {
        match action {
            GroupsAction::List {
                pool,
                json: as_json,
            } => {
                let opened = open(&pool).await?;
                let groups = opened.operator.list_groups().await?;
                if as_json {
                    return Ok(groups
                        .iter()
                        .map(|g| group_json(g).to_string())
                        .collect::<Vec<_>>()
                        .join("\n"));
                }
                if groups.is_empty() {
                    return Ok(format!("no groups in {}", opened.label));
                }
                let width = groups
                    .iter()
                    .map(|g| g.name.len())
                    .max()
                    .unwrap_or(4)
                    .max(4);
                let mut out = vec![format!("{:<width$}  PRECEDENCE  DESCRIPTION", "NAME")];
                for g in &groups {
                    out.push(format!(
                        "{:<width$}  {:<10}  {}",
                        g.name,
                        g.precedence.map_or(String::new(), |p| p.to_string()),
                        g.description.as_deref().unwrap_or("")
                    ));
                }
                Ok(out.join("\n"))
            }
            GroupsAction::Create {
                name,
                settings: given,
                pool,
            } => {
                let opened = open(&pool).await?;
                let group = opened
                    .operator
                    .create_group_with(&name, settings(given, None))
                    .await?;
                Ok(format!("created group {} in {}", group.name, opened.label))
            }
            GroupsAction::Update {
                name,
                settings: given,
                pool,
            } => {
                let opened = open(&pool).await?;
                let current = opened.operator.get_group(&name).await?;
                let group = opened
                    .operator
                    .update_group(&name, settings(given, Some(&current)))
                    .await?;
                Ok(format!("updated group {}", group.name))
            }
            GroupsAction::Delete { name, yes, pool } => {
                let opened = open(&pool).await?;
                confirm(
                    &format!(
                        "Delete group {name} in {} (its members stay users)?",
                        opened.label
                    ),
                    yes,
                )?;
                opened.operator.delete_group(&name).await?;
                Ok(format!("deleted group {name}"))
            }
            GroupsAction::Members {
                name,
                pool,
                json: as_json,
            } => {
                let opened = open(&pool).await?;
                let members = opened.operator.group_members(&name).await?;
                if as_json {
                    return Ok(members
                        .iter()
                        .map(|u| summary_json(u).to_string())
                        .collect::<Vec<_>>()
                        .join("\n"));
                }
                if members.is_empty() {
                    return Ok(format!("{name} has no members"));
                }
                let mut out: Vec<String> = members.iter().map(|u| u.username.clone()).collect();
                out.push(format!("{} members", members.len()));
                Ok(out.join("\n"))
            }
            GroupsAction::Add {
                name,
                usernames,
                pool,
            } => {
                let opened = open(&pool).await?;
                each(
                    &usernames,
                    |u| {
                        let op = opened.operator.clone();
                        let (u, g) = (u.to_string(), name.clone());
                        async move { op.add_to_group(&u, &g).await }
                    },
                    &format!("added to {name}"),
                )
                .await
            }
            GroupsAction::Remove {
                name,
                usernames,
                pool,
            } => {
                let opened = open(&pool).await?;
                each(
                    &usernames,
                    |u| {
                        let op = opened.operator.clone();
                        let (u, g) = (u.to_string(), name.clone());
                        async move { op.remove_from_group(&u, &g).await }
                    },
                    &format!("removed from {name}"),
                )
                .await
            }
        }
    })
}

/// Runs `call` for every user, going on after a failure; a line per user, and a failure overall
/// when any failed (nothing is reported done that was not).
async fn each<F, Fut>(usernames: &[String], call: F, done: &str) -> Result<String, CommandError>
where
    F: Fn(&str) -> Fut,
    Fut: std::future::Future<Output = Result<(), crate::service::ServiceError>>,
{
    let mut lines = Vec::new();
    let mut failed = 0;
    for u in usernames {
        match call(u).await {
            Ok(()) => lines.push(format!("{u}: {done}")),
            Err(e) => {
                failed += 1;
                lines.push(format!("{u}: failed: {e}"));
            }
        }
    }
    if failed > 0 {
        return Err(CommandError::Gate {
            output: lines.join("\n"),
            reason: format!("{failed} of {} failed", usernames.len()),
            code: 1,
        });
    }
    Ok(lines.join("\n"))
}
