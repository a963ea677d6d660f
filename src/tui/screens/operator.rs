//! The operator face: tabs Users · Groups over the open pool's operator (no end-user sign-in;
//! AWS credentials on first use, none for a pool on this machine). Users: the paged table,
//! sorting, ListUsers' search, and a user's detail with the actions Cognito allows. Groups:
//! the list and each group's members. Every call is the `service::admin` one the `users` and
//! `groups` commands make.

mod bulk;
mod detail;
mod draw;
mod groups_tab;
mod users_tab;

use std::sync::Arc;

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Cx, Outcome, View};
use crate::flows::bulk::{self as bulk_flow, BulkAction, Protected};
use crate::flows::scan;
use crate::service::ServiceError;
use crate::service::admin::{Group, MAX_PAGE_SIZE, Operator, UserDetail, UserSummary};
use crate::tui::keymap::{Command, Context};
use crate::tui::msg::{Load, Msg, Progress, Task};
use crate::tui::widgets::list::{Click, Rows};
use crate::tui::widgets::{Confirm, Toast};

pub use bulk::{BulkPane, Stage, Who};
pub use detail::{Action, DetailPane};
pub use groups_tab::{GroupsTab, MembersPane};
pub use users_tab::{Column, SEARCHABLE, ScanRun, SearchForm, UsersTab, case_sensitive};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Users,
    Groups,
}

/// Answers of this screen's reads, told apart by type.
struct UsersPage {
    first: bool,
    result: Result<(Vec<UserSummary>, Option<String>), ServiceError>,
}
struct UserRead(Result<UserDetail, ServiceError>);
struct Acted {
    username: String,
    action: Action,
    result: Result<(), ServiceError>,
}
struct GroupsRead(Result<Vec<Group>, ServiceError>);
struct ScanDone(Result<scan::ScanEnd, ServiceError>);
/// A group deleted, a member removed or an attribute deleted: the words to say, or why not.
struct GroupChanged {
    result: Result<(), ServiceError>,
    done: String,
}
struct Collected {
    action: BulkAction,
    result: Result<Vec<String>, ServiceError>,
}
struct BulkDone {
    action: BulkAction,
    dry_run: bool,
    results: Vec<(String, bulk_flow::Outcome)>,
}
struct MembersRead {
    group: String,
    result: Result<Vec<UserSummary>, ServiceError>,
}

/// How close to the end of the loaded users the next page is asked for.
const AHEAD: usize = 10;

pub struct OperatorScreen {
    operator: Arc<Operator>,
    pub label: String,
    pub tab: Tab,
    pub users: UsersTab,
    pub groups: GroupsTab,
    pub detail: Option<DetailPane>,
    pub bulk: Option<BulkPane>,
    /// The profile's `protected_users`: never reached by a bulk action.
    pub protected: Protected,
    pub error: Option<String>,
    scroll: [crate::tui::widgets::list::Scroll; 5],
}

impl std::fmt::Debug for OperatorScreen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OperatorScreen")
            .field("label", &self.label)
            .field("tab", &self.tab)
            .field("users", &self.users.users.len())
            .finish_non_exhaustive()
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

fn service_words(e: &ServiceError) -> String {
    e.to_string()
}

impl OperatorScreen {
    pub fn new(operator: Arc<Operator>, label: String, protected: Protected) -> Self {
        Self {
            operator,
            label,
            tab: Tab::Users,
            users: UsersTab::new(),
            groups: GroupsTab::default(),
            detail: None,
            bulk: None,
            protected,
            error: None,
            scroll: Default::default(),
        }
    }

    /// Scans every user for `text` (flows::scan), the table filling as matches come.
    fn start_scan(&mut self, text: String) -> Result<Outcome, String> {
        let query = scan::parse(&text)?;
        let state = Arc::new(scan::ScanState::default());
        self.users.scan = Some(ScanRun {
            query: text,
            state: state.clone(),
            end: None,
        });
        self.users.filter = None;
        self.users.users.clear();
        self.users.next = None;
        self.users.selected = 0;
        self.users.fresh = false;
        let operator = self.operator.clone();
        Ok(Outcome::Request(Task::Load(Load::new(
            "Scanning the pool",
            move |progress: Progress| async move {
                let fetch = |token: Option<String>| {
                    let operator = operator.clone();
                    async move { operator.list_users_page(None, MAX_PAGE_SIZE, token).await }
                };
                let report = |words: String| progress.report(words);
                ScanDone(scan::scan(fetch, &query, &state, &report, tokio::time::sleep).await)
            },
        ))))
    }

    /// The first page of the current search (again).
    fn first_page(&mut self) -> Outcome {
        self.users.scan = None;
        self.users.loading = true;
        self.users.fresh = true;
        self.page(None, true)
    }

    fn page(&mut self, token: Option<String>, first: bool) -> Outcome {
        self.users.loading = true;
        let operator = self.operator.clone();
        let filter = self.users.filter.clone();
        Outcome::Request(Task::Load(Load::new(
            "Listing users",
            move |_: Progress| async move {
                UsersPage {
                    first,
                    result: operator
                        .list_users_page(filter.as_deref(), MAX_PAGE_SIZE, token)
                        .await,
                }
            },
        )))
    }

    /// The next page when the selection is near the end of what is loaded.
    fn more_if_near_end(&mut self) -> Outcome {
        let rows = Rows::new(self.users.users.len());
        if self.users.scan.is_none()
            && !self.users.loading
            && self.users.next.is_some()
            && rows.near_end(self.users.selected, AHEAD)
        {
            let token = self.users.next.clone();
            return self.page(token, false);
        }
        Outcome::None
    }

    fn read_user(&mut self, summary: UserSummary) -> Outcome {
        let username = summary.username.clone();
        self.detail = Some(DetailPane::new(summary));
        let operator = self.operator.clone();
        Outcome::Request(Task::Load(Load::new(
            "Reading the user",
            move |_: Progress| async move { UserRead(operator.get_user(&username).await) },
        )))
    }

    fn read_groups(&mut self) -> Outcome {
        self.groups.asked = true;
        self.groups.loading = true;
        let operator = self.operator.clone();
        Outcome::Request(Task::Load(Load::new(
            "Listing the groups",
            move |_: Progress| async move { GroupsRead(operator.list_groups().await) },
        )))
    }

    fn read_members(&mut self, group: String) -> Outcome {
        self.groups.members = Some(MembersPane {
            group: group.clone(),
            members: Vec::new(),
            loading: true,
            selected: 0,
        });
        let operator = self.operator.clone();
        Outcome::Request(Task::Load(Load::new(
            "Listing the members",
            move |_: Progress| async move {
                MembersRead {
                    result: operator.group_members(&group).await,
                    group,
                }
            },
        )))
    }

    /// The action on the open user: refused with the reason, asked first when it is
    /// destructive, then done.
    fn act(&mut self, action: Action) -> Outcome {
        let Some(pane) = &self.detail else {
            return Outcome::None;
        };
        if let Err(reason) = pane.allows(action) {
            return Outcome::Toast(Toast::error(reason));
        }
        let username = pane.username().to_string();
        let operator = self.operator.clone();
        let name = username.clone();
        let run = Outcome::Request(Task::Load(Load::new(
            action.doing(),
            move |_: Progress| async move {
                let result = match action {
                    Action::Enable => operator.enable_user(&name).await,
                    Action::Disable => operator.disable_user(&name).await,
                    Action::ResetPassword => operator.reset_password(&name).await,
                    Action::ResendInvite => operator.resend_invitation(&name).await,
                    Action::Confirm => operator.confirm_user(&name).await,
                    Action::SignOut => operator.global_sign_out(&name).await,
                    Action::Delete => operator.delete_user(&name).await,
                };
                Acted {
                    username: name,
                    action,
                    result,
                }
            },
        )));
        let question = match action {
            Action::Disable => Some(Confirm::new(
                "Disable the user?",
                format!("{username} can no longer sign in, and their tokens stop working. Enabling them again undoes it."),
                "disable",
            )),
            Action::ResetPassword => Some(Confirm::new(
                "Reset the password?",
                format!("{username}'s password stops working; a code is sent to choose a new one."),
                "reset",
            )),
            Action::SignOut => Some(Confirm::new(
                "Sign out everywhere?",
                format!("Every token issued to {username} stops working."),
                "sign out",
            )),
            Action::Delete => Some(
                Confirm::new(
                    "Delete the user?",
                    format!("Delete {username} for good? This cannot be undone. Type the username to confirm."),
                    "delete",
                )
                .typed(&username, "Username"),
            ),
            _ => None,
        };
        match question {
            Some(q) => Outcome::Ask(Box::new(q), Box::new(run)),
            None => run,
        }
    }

    fn acted(&mut self, acted: Acted) -> Outcome {
        match acted.result {
            Err(e) => Outcome::Toast(Toast::error(format!(
                "{}: {}",
                acted.action.doing(),
                service_words(&e)
            ))),
            Ok(()) if acted.action == Action::Delete => {
                self.users.remove(&acted.username);
                self.detail = None;
                Outcome::Toast(Toast::info(acted.action.done(&acted.username)))
            }
            Ok(()) => {
                let toast = Outcome::Toast(Toast::info(acted.action.done(&acted.username)));
                // Read the user again: status, enabled and dates as Cognito now has them.
                match self.detail.as_ref().map(|d| d.summary.clone()) {
                    Some(summary) if summary.username == acted.username => {
                        toast.then(self.read_user(summary))
                    }
                    _ => toast,
                }
            }
        }
    }

    fn open_row(&mut self) -> Outcome {
        match self.tab {
            Tab::Users => match self.users.users.get(self.users.selected).cloned() {
                Some(user) => self.read_user(user),
                None => Outcome::None,
            },
            Tab::Groups => match &mut self.groups.members {
                Some(pane) => match pane.members.get(pane.selected).cloned() {
                    Some(user) => {
                        self.tab = Tab::Users;
                        self.read_user(user)
                    }
                    None => Outcome::None,
                },
                None => match self.groups.groups.get(self.groups.selected) {
                    Some(g) => {
                        let name = g.name.clone();
                        self.read_members(name)
                    }
                    None => Outcome::None,
                },
            },
        }
    }

    fn search_command(&mut self, command: Command) -> Outcome {
        let Some(form) = &mut self.users.search else {
            return Outcome::None;
        };
        match command {
            Command::Back => {
                self.users.search = None;
                Outcome::None
            }
            Command::NextField => {
                form.cycle(true);
                Outcome::None
            }
            Command::PrevField => {
                form.cycle(false);
                Outcome::None
            }
            Command::ToggleMatch => {
                form.prefix = !form.prefix;
                Outcome::None
            }
            Command::ToggleScan => {
                form.scan = !form.scan;
                form.error = None;
                let label = if form.scan { "Query" } else { "Value" };
                form.value = crate::tui::widgets::Field::new(label).with_value(&form.value.value());
                Outcome::None
            }
            Command::Submit if form.scan => {
                let text = form.value.value();
                match self.start_scan(text) {
                    Ok(outcome) => {
                        self.users.search = None;
                        outcome
                    }
                    Err(reason) => {
                        if let Some(form) = &mut self.users.search {
                            form.error = Some(reason);
                        }
                        Outcome::None
                    }
                }
            }
            Command::Submit => {
                self.users.filter = form.filter();
                self.users.search = None;
                self.first_page()
            }
            _ => Outcome::None,
        }
    }

    /// Moves the selection of what is shown; None when `command` is not a move.
    fn moved(&mut self, command: Command) -> Option<Outcome> {
        let page = 10;
        if let Some(pane) = &mut self.detail {
            let len = pane.rows().len();
            pane.selected = Rows::new(len)
                .stopping()
                .moved(pane.selected, command, page)?;
            return Some(Outcome::None);
        }
        match self.tab {
            Tab::Users => {
                let rows = Rows::new(self.users.users.len()).stopping();
                self.users.selected = rows.moved(self.users.selected, command, page)?;
                Some(self.more_if_near_end())
            }
            Tab::Groups => match &mut self.groups.members {
                Some(pane) => {
                    let rows = Rows::new(pane.members.len()).stopping();
                    pane.selected = rows.moved(pane.selected, command, page)?;
                    Some(Outcome::None)
                }
                None => {
                    let rows = Rows::new(self.groups.groups.len()).stopping();
                    self.groups.selected = rows.moved(self.groups.selected, command, page)?;
                    Some(Outcome::None)
                }
            },
        }
    }

    /// The file an export writes and an import reads by default: `users-<pool id>.csv`.
    fn file_name(&self) -> String {
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
    fn form(&self, command: Command, cx: &Cx) -> Option<Outcome> {
        use super::operator_form::{Kind, OperatorFormScreen};
        let pane = self.detail.as_ref();
        let username = || pane.map(|p| p.username().to_string());
        let (kind, prefill) = match command {
            Command::ImportUsers if pane.is_none() && self.tab == Tab::Users => {
                let screen = super::operator_import::ImportScreen::new(
                    self.operator.clone(),
                    *cx.theme,
                    &self.file_name(),
                );
                return Some(Outcome::Push(super::Screen::Import(Box::new(screen))));
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
        Some(Outcome::Push(super::Screen::OperatorForm(Box::new(screen))))
    }

    /// Deletes the selected attribute of the user shown (asked first); `sub` and the facts
    /// above the attributes cannot be.
    fn delete_attribute(&mut self) -> Outcome {
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
    fn delete_group(&mut self) -> Outcome {
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
    fn remove_member(&mut self) -> Outcome {
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

    /// The bulk menu for the marked users (or everyone the search matches).
    fn open_bulk(&mut self) -> Outcome {
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
    fn collect(&mut self, action: BulkAction) -> Outcome {
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

    fn preview(&mut self, action: BulkAction, names: Vec<String>) {
        let plan = bulk_flow::plan(names, &self.protected);
        if let Some(pane) = &mut self.bulk {
            pane.stage = Stage::Preview {
                action,
                plan,
                selected: 0,
            };
        }
    }

    fn run_bulk(&mut self, dry_run: bool) -> Outcome {
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

    fn bulk_command(&mut self, command: Command) -> Outcome {
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

    fn switch(&mut self) -> Outcome {
        self.tab = match self.tab {
            Tab::Users => Tab::Groups,
            Tab::Groups => Tab::Users,
        };
        if self.tab == Tab::Groups && !self.groups.asked {
            return self.read_groups();
        }
        Outcome::None
    }
}

impl View for OperatorScreen {
    fn context(&self) -> Context {
        if self.users.choosing.is_some() {
            return Context::UserColumns;
        }
        if let Some(pane) = &self.bulk {
            return match pane.stage {
                Stage::Preview { .. } => Context::BulkPreview,
                Stage::Running { .. } | Stage::Collecting { .. } => Context::BulkRunning,
                _ => Context::Bulk,
            };
        }
        if self.users.search.is_some() {
            return Context::UserSearch;
        }
        if self.detail.is_some() {
            return Context::UserDetail;
        }
        match (self.tab, &self.groups.members) {
            (Tab::Users, _) => Context::Users,
            (Tab::Groups, Some(_)) => Context::GroupMembers,
            (Tab::Groups, None) => Context::Groups,
        }
    }

    fn input(&mut self, key: KeyEvent, _cx: &Cx) -> Outcome {
        if let Some(field) = &mut self.users.choosing {
            field.input(key);
            return Outcome::None;
        }
        if let Some(form) = &mut self.users.search {
            form.value.input(key);
            form.error = None;
        }
        Outcome::None
    }

    fn command(&mut self, command: Command, cx: &Cx) -> Outcome {
        if let Some(field) = &self.users.choosing {
            match command {
                Command::Submit => {
                    let given = field.value();
                    self.users.columns = given
                        .split([',', ' '])
                        .map(str::trim)
                        .filter(|c| !c.is_empty())
                        .map(|c| {
                            // A bare name that is not standard means the custom attribute.
                            if c.contains(':') || crate::local_pool::model::is_standard(c) {
                                c.to_string()
                            } else {
                                format!("custom:{c}")
                            }
                        })
                        .collect();
                    self.users.choosing = None;
                }
                Command::Back => self.users.choosing = None,
                _ => {}
            }
            return Outcome::None;
        }
        if self.bulk.is_some() {
            return self.bulk_command(command);
        }
        if let Some(outcome) = self.form(command, cx) {
            return outcome;
        }
        if self.users.search.is_some() {
            return self.search_command(command);
        }
        if let Some(outcome) = self.moved(command) {
            return outcome;
        }
        self.error = None;
        if self.detail.is_some() {
            let action = match command {
                Command::Back => {
                    self.detail = None;
                    return Outcome::None;
                }
                Command::Reload => {
                    let summary = self.detail.as_ref().map(|d| d.summary.clone());
                    return summary.map_or(Outcome::None, |s| self.read_user(s));
                }
                Command::ToggleEnabled => {
                    if self.detail.as_ref().is_some_and(|d| d.summary.enabled) {
                        Action::Disable
                    } else {
                        Action::Enable
                    }
                }
                Command::DeleteUserAttribute => return self.delete_attribute(),
                Command::ResetUserPassword => Action::ResetPassword,
                Command::ResendInvite => Action::ResendInvite,
                Command::ConfirmUser => Action::Confirm,
                Command::UserSignOut => Action::SignOut,
                Command::DeleteUser => Action::Delete,
                _ => return Outcome::None,
            };
            return self.act(action);
        }
        match command {
            Command::Back
                if self.tab == Tab::Users
                    && self.users.scan.as_ref().is_some_and(ScanRun::running) =>
            {
                if let Some(run) = &self.users.scan {
                    run.state.stop();
                }
                Outcome::None
            }
            Command::DeleteGroup => self.delete_group(),
            Command::RemoveMember => self.remove_member(),
            Command::Back if self.tab == Tab::Groups && self.groups.members.is_some() => {
                self.groups.members = None;
                Outcome::None
            }
            Command::Back => Outcome::Pop,
            Command::NextView | Command::PrevView => self.switch(),
            Command::OpenRow => self.open_row(),
            Command::Search => {
                self.users.search = Some(SearchForm::new());
                Outcome::None
            }
            Command::SortBy => {
                self.users.next_sort();
                Outcome::None
            }
            Command::Mark => {
                if let Some(u) = self.users.users.get(self.users.selected) {
                    let name = u.username.clone();
                    if !self.users.marked.remove(&name) {
                        self.users.marked.insert(name);
                    }
                    self.users.all_matching = false;
                }
                let rows = Rows::new(self.users.users.len()).stopping();
                if let Some(next) = rows.moved(self.users.selected, Command::Down, 1) {
                    self.users.selected = next;
                }
                self.more_if_near_end()
            }
            Command::MarkAll => {
                self.users.all_matching = !self.users.all_matching;
                self.users.marked.clear();
                Outcome::None
            }
            Command::Bulk => self.open_bulk(),
            Command::Columns => {
                let current = self.users.columns.join(", ");
                self.users.choosing =
                    Some(crate::tui::widgets::Field::new("Columns").with_value(&current));
                Outcome::None
            }
            Command::Reload => match self.tab {
                Tab::Users => self.first_page(),
                Tab::Groups => match self.groups.members.as_ref().map(|m| m.group.clone()) {
                    Some(group) => self.read_members(group),
                    None => self.read_groups(),
                },
            },
            _ => Outcome::None,
        }
    }

    fn click(&mut self, area: Rect, column: u16, row: u16, cx: &Cx) -> Outcome {
        let areas = draw::layout(area);
        if let Some(tab) = draw::tab_at(areas.tabs, column, row) {
            if tab != self.tab {
                return self.switch();
            }
            return Outcome::None;
        }
        if self.detail.is_some() || self.users.search.is_some() {
            return Outcome::None;
        }
        let mut list = areas.list;
        let (rows, selected, scroll) = match self.tab {
            Tab::Users => {
                list = draw::users_table(areas.list)[1];
                (
                    Rows::new(self.users.users.len()).stopping(),
                    &mut self.users.selected,
                    &self.scroll[0],
                )
            }
            Tab::Groups => match &mut self.groups.members {
                Some(pane) => (
                    Rows::new(pane.members.len()).stopping(),
                    &mut pane.selected,
                    &self.scroll[3],
                ),
                None => (
                    Rows::new(self.groups.groups.len()).stopping(),
                    &mut self.groups.selected,
                    &self.scroll[2],
                ),
            },
        };
        match rows.click(selected, list, scroll, column, row) {
            Click::Again => View::command(self, Command::OpenRow, cx),
            Click::Selected => self.more_if_near_end(),
            Click::Missed => Outcome::None,
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        draw::render(self, &self.scroll, area, buf, cx);
    }

    /// The first page as soon as the screen is open; while a scan runs, its matches so far;
    /// while a bulk action runs, its progress.
    fn tick(&mut self, _cx: &Cx) -> Outcome {
        if self.bulk.as_ref().is_some_and(|b| b.progress().is_some()) {
            return Outcome::None;
        }
        if self.users.fresh && !self.users.loading {
            return self.first_page();
        }
        if let Some(run) = &self.users.scan
            && run.running()
        {
            self.users.users.extend(run.state.drain());
            // The words move with every page.
            return Outcome::None;
        }
        Outcome::Unchanged
    }

    fn on_result(&mut self, msg: Msg, _cx: &Cx) -> Outcome {
        let Msg::Loaded(loaded) = msg else {
            return Outcome::Unchanged;
        };
        let loaded = match loaded.take::<UsersPage>() {
            Ok(page) => {
                match page.result {
                    Ok((users, next)) => self.users.add_page(users, next, page.first),
                    Err(e) => {
                        self.users.loading = false;
                        self.users.fresh = false;
                        self.error = Some(service_words(&e));
                    }
                }
                return Outcome::None;
            }
            Err(other) => other,
        };
        let loaded = match loaded.take::<UserRead>() {
            Ok(UserRead(result)) => {
                if let Some(pane) = &mut self.detail {
                    pane.loading = false;
                    match result {
                        Ok(detail) if detail.summary.username == pane.summary.username => {
                            pane.summary = detail.summary.clone();
                            self.users.replace(detail.summary.clone());
                            pane.detail = Some(detail);
                        }
                        Ok(_) => {}
                        Err(e) => pane.error = Some(service_words(&e)),
                    }
                }
                return Outcome::None;
            }
            Err(other) => other,
        };
        let loaded = match loaded.take::<Acted>() {
            Ok(acted) => return self.acted(acted),
            Err(other) => other,
        };
        let loaded = match loaded.take::<ScanDone>() {
            Ok(ScanDone(result)) => {
                if let Some(run) = &mut self.users.scan {
                    self.users.users.extend(run.state.drain());
                    run.end = Some(result.map_err(|e| service_words(&e)));
                }
                return Outcome::None;
            }
            Err(other) => other,
        };
        let loaded = match loaded.take::<GroupChanged>() {
            Ok(changed) => {
                return match changed.result {
                    Ok(()) => Outcome::Toast(Toast::info(changed.done))
                        .then(Outcome::Run(Command::Reload)),
                    Err(e) => Outcome::Toast(Toast::error(service_words(&e))),
                };
            }
            Err(other) => other,
        };
        let loaded = match loaded.take::<Collected>() {
            Ok(collected) => {
                match collected.result {
                    Ok(usernames) => self.preview(collected.action, usernames),
                    Err(e) => {
                        self.bulk = None;
                        return Outcome::Toast(Toast::error(format!(
                            "The matching users could not be read: {}",
                            service_words(&e)
                        )));
                    }
                }
                return Outcome::None;
            }
            Err(other) => other,
        };
        let loaded = match loaded.take::<BulkDone>() {
            Ok(done) => {
                let summary = bulk_flow::summary(&done.results);
                let failed = done
                    .results
                    .iter()
                    .any(|(_, o)| matches!(o, bulk_flow::Outcome::Failed(_)));
                self.bulk = Some(BulkPane {
                    who: Who::AllMatching,
                    stage: Stage::Done {
                        action: done.action,
                        results: done.results,
                        dry_run: done.dry_run,
                        selected: 0,
                    },
                });
                return Outcome::Toast(if failed {
                    Toast::error(summary)
                } else {
                    Toast::info(summary)
                });
            }
            Err(other) => other,
        };
        let loaded = match loaded.take::<GroupsRead>() {
            Ok(GroupsRead(result)) => {
                self.groups.loading = false;
                match result {
                    Ok(groups) => {
                        self.groups.selected =
                            self.groups.selected.min(groups.len().saturating_sub(1));
                        self.groups.groups = groups;
                    }
                    Err(e) => self.error = Some(service_words(&e)),
                }
                return Outcome::None;
            }
            Err(other) => other,
        };
        if let Ok(read) = loaded.take::<MembersRead>() {
            if let Some(pane) = &mut self.groups.members
                && pane.group == read.group
            {
                pane.loading = false;
                match read.result {
                    Ok(members) => {
                        self.groups.counts.insert(read.group.clone(), members.len());
                        pane.members = members;
                        pane.selected = pane.selected.min(pane.members.len().saturating_sub(1));
                    }
                    Err(e) => self.error = Some(service_words(&e)),
                }
            }
            return Outcome::None;
        }
        Outcome::Unchanged
    }
}
