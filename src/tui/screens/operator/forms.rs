//! The forms and dialogs the operator face opens over itself: create a user, set a password
//! or an attribute, join or leave a group, export and import; deleting an attribute, a group
//! or a member (asked first).

use super::*;

impl OperatorScreen {
    /// The file an export writes and an import reads by default: `users-<pool id>.csv`.
    pub(super) fn file_name(&self) -> String {
        format!(
            "users-{}.csv",
            self.operator
                .settings()
                .user_pool_id
                .replace(['/', '\\'], "_")
        )
    }

    /// A form over this screen for `command` (create a user; on a user: password, attribute,
    /// groups), or None when `command` opens none here.
    pub(super) fn form(&self, command: Command, cx: &Cx) -> Option<Outcome> {
        use crate::tui::screens::operator_form::{Kind, OperatorFormScreen};
        let pane = self.detail.as_ref();
        let username = || pane.map(|p| p.username().to_string());
        let (kind, prefill) = match command {
            Command::ImportUsers if pane.is_none() && self.tab == Tab::Users => {
                let screen = crate::tui::screens::operator_import::ImportScreen::new(
                    self.operator.clone(),
                    *cx.theme,
                    &self.file_name(),
                );
                return Some(Outcome::Push(crate::tui::screens::Screen::Import(
                    Box::new(screen),
                )));
            }
            Command::NewUser if pane.is_none() && self.tab == Tab::Users => {
                (Kind::CreateUser, Vec::new())
            }
            Command::SetUserPassword => (
                Kind::SetPassword {
                    username: username()?,
                },
                Vec::new(),
            ),
            Command::SetAttribute => {
                let pane = pane?;
                // Start from the selected attribute row (the facts above them are not attributes).
                let rows = pane.rows();
                let facts = rows.len() - pane.summary.attributes.len();
                let prefill = match rows.get(pane.selected) {
                    Some((name, value)) if pane.selected >= facts => {
                        vec![(0, name.clone()), (1, value.clone())]
                    }
                    _ => Vec::new(),
                };
                (
                    Kind::SetAttribute {
                        username: username()?,
                    },
                    prefill,
                )
            }
            Command::JoinGroup => (
                Kind::JoinGroup {
                    username: username()?,
                },
                Vec::new(),
            ),
            Command::NewGroup => (Kind::CreateGroup, Vec::new()),
            Command::ExportUsers => {
                let name = self.file_name();
                (
                    Kind::Export {
                        filter: self.users.filter.clone(),
                    },
                    vec![(0, name)],
                )
            }
            Command::EditGroup => {
                let g = self.groups.groups.get(self.groups.selected)?;
                let prefill = vec![
                    (0, g.description.clone().unwrap_or_default()),
                    (1, g.precedence.map(|p| p.to_string()).unwrap_or_default()),
                    (2, g.role_arn.clone().unwrap_or_default()),
                ];
                (
                    Kind::EditGroup {
                        name: g.name.clone(),
                    },
                    prefill,
                )
            }
            Command::AddMember => {
                let group = self.groups.members.as_ref()?.group.clone();
                (Kind::AddMember { group }, Vec::new())
            }
            Command::LeaveGroup => {
                let first = pane?
                    .detail
                    .as_ref()
                    .and_then(|d| d.groups.first().cloned());
                (
                    Kind::LeaveGroup {
                        username: username()?,
                    },
                    first.map(|g| vec![(0, g)]).unwrap_or_default(),
                )
            }
            _ => return None,
        };
        let screen = OperatorFormScreen::new(
            kind,
            self.operator.clone(),
            *cx.theme,
            &prefill,
            cx.pool.policy().cloned(),
        );
        Some(Outcome::Push(crate::tui::screens::Screen::OperatorForm(
            Box::new(screen),
        )))
    }

    /// Deletes the selected attribute of the user shown (asked first); `sub` and the facts
    /// above the attributes cannot be.
    pub(super) fn delete_attribute(&mut self) -> Outcome {
        let Some(pane) = &self.detail else {
            return Outcome::None;
        };
        let rows = pane.rows();
        let facts = rows.len() - pane.summary.attributes.len();
        let Some((name, _)) = rows.get(pane.selected).filter(|_| pane.selected >= facts) else {
            return Outcome::Toast(Toast::error(
                "Select one of the attributes (below groups) to delete it.",
            ));
        };
        if name == "sub" {
            return Outcome::Toast(Toast::error("sub is the user's id: it cannot be deleted."));
        }
        let (name, username) = (name.clone(), pane.username().to_string());
        let operator = self.operator.clone();
        let (n, u) = (name.clone(), username.clone());
        let run = Outcome::Request(Task::Load(Load::new(
            "Deleting the attribute",
            move |_: Progress| async move {
                GroupChanged {
                    result: operator.delete_attributes(&u, vec![n.clone()]).await,
                    done: format!("{u}'s {n} is deleted."),
                }
            },
        )));
        let question = Confirm::new(
            "Delete the attribute?",
            format!("Delete {name} of {username}?"),
            "delete",
        );
        Outcome::Ask(Box::new(question), Box::new(run))
    }

    /// Deletes the selected group, once its name is typed.
    pub(super) fn delete_group(&mut self) -> Outcome {
        let Some(name) = self
            .groups
            .groups
            .get(self.groups.selected)
            .map(|g| g.name.clone())
        else {
            return Outcome::None;
        };
        let operator = self.operator.clone();
        let group = name.clone();
        let run = Outcome::Request(Task::Load(Load::new(
            "Deleting the group",
            move |_: Progress| async move {
                GroupChanged {
                    result: operator.delete_group(&group).await,
                    done: format!("The group {group} is deleted; its members stay users."),
                }
            },
        )));
        let question = Confirm::new(
            "Delete the group?",
            format!("Delete {name}? Its members stay users. Type the group's name to confirm."),
            "delete",
        )
        .typed(&name, "Group");
        Outcome::Ask(Box::new(question), Box::new(run))
    }

    /// Removes the selected member from the group shown.
    pub(super) fn remove_member(&mut self) -> Outcome {
        let Some(pane) = &self.groups.members else {
            return Outcome::None;
        };
        let Some(user) = pane.members.get(pane.selected).map(|u| u.username.clone()) else {
            return Outcome::None;
        };
        let group = pane.group.clone();
        let operator = self.operator.clone();
        let (u, g) = (user.clone(), group.clone());
        let run = Outcome::Request(Task::Load(Load::new(
            "Removing the member",
            move |_: Progress| async move {
                GroupChanged {
                    result: operator.remove_from_group(&u, &g).await,
                    done: format!("{u} left {g}."),
                }
            },
        )));
        let question = Confirm::new(
            "Remove the member?",
            format!("Remove {user} from {group}? The user stays."),
            "remove",
        );
        Outcome::Ask(Box::new(question), Box::new(run))
    }
}
