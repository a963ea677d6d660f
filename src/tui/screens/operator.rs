//! The operator face: tabs Users · Groups over the open pool's operator (no end-user sign-in;
//! AWS credentials on first use, none for a pool on this machine). Users: the paged table,
//! sorting, ListUsers' search, and a user's detail with the actions Cognito allows. Groups:
//! the list and each group's members. Every call is the `service::admin` one the `users` and
//! `groups` commands make.

mod answers;
mod bulk;
mod detail;
mod draw;
mod forms;
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
        self.answer(msg)
    }
}
