//! The Users tab: the loaded pages of ListUsers (60 a request, the next one as the selection
//! nears the end), sorted by a column on request, and the search form over ListUsers' filter.

use super::*;

use std::cmp::Ordering;

use crate::service::admin::UserSummary;
use crate::tui::widgets::Field;

/// The attributes ListUsers can filter on, in the order the search form offers them.
pub const SEARCHABLE: &[&str] = &[
    "username",
    "email",
    "phone_number",
    "name",
    "given_name",
    "family_name",
    "preferred_username",
    "cognito:user_status",
    "status",
    "sub",
];

/// Whether ListUsers compares `attribute` case-sensitively (its API reference: `username` and
/// `status` do; the others do not).
pub fn case_sensitive(attribute: &str) -> bool {
    matches!(attribute, "username" | "status")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Username,
    Email,
    Status,
    Enabled,
    Created,
    Modified,
}

impl Column {
    pub const ALL: [Column; 6] = [
        Column::Username,
        Column::Email,
        Column::Status,
        Column::Enabled,
        Column::Created,
        Column::Modified,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Column::Username => "username",
            Column::Email => "email",
            Column::Status => "status",
            Column::Enabled => "enabled",
            Column::Created => "created",
            Column::Modified => "modified",
        }
    }

    fn compare(self, a: &UserSummary, b: &UserSummary) -> Ordering {
        match self {
            Column::Username => a.username.cmp(&b.username),
            Column::Email => a.attributes.get("email").cmp(&b.attributes.get("email")),
            Column::Status => a.status.as_str().cmp(b.status.as_str()),
            Column::Enabled => a.enabled.cmp(&b.enabled),
            Column::Created => a.created.cmp(&b.created),
            Column::Modified => a.modified.cmp(&b.modified),
        }
    }
}

/// The search form: an attribute, `=` or `^=`, and the value — or, in scan mode, a query the
/// client checks against every user (`flows::scan`).
#[derive(Debug)]
pub struct SearchForm {
    pub attribute: usize,
    pub prefix: bool,
    pub value: Field,
    pub scan: bool,
    /// Why the query was not taken.
    pub error: Option<String>,
}

impl SearchForm {
    pub fn new() -> Self {
        Self {
            attribute: 1,
            prefix: true,
            value: Field::new("Value"),
            scan: false,
            error: None,
        }
    }

    pub fn attribute(&self) -> &'static str {
        SEARCHABLE[self.attribute % SEARCHABLE.len()]
    }

    pub fn cycle(&mut self, forward: bool) {
        let n = SEARCHABLE.len();
        self.attribute = if forward {
            (self.attribute + 1) % n
        } else {
            (self.attribute + n - 1) % n
        };
    }

    /// ListUsers' filter for the form, or None when the value is empty (every user).
    pub fn filter(&self) -> Option<String> {
        let value = self.value.value();
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
        let op = if self.prefix { "^=" } else { "=" };
        Some(format!("{} {op} \"{escaped}\"", self.attribute()))
    }
}

impl Default for SearchForm {
    fn default() -> Self {
        Self::new()
    }
}

/// A client-side scan in progress or done.
#[derive(Debug)]
pub struct ScanRun {
    pub query: String,
    pub state: std::sync::Arc<crate::flows::scan::ScanState>,
    /// How it ended (None while it runs).
    pub end: Option<Result<crate::flows::scan::ScanEnd, String>>,
}

impl ScanRun {
    pub fn words(&self) -> String {
        let words = self.state.words();
        match &self.end {
            None if self.state.stopped() => format!("{words} · stopping after this page…"),
            None => format!("{words} · Esc stops"),
            Some(Ok(crate::flows::scan::ScanEnd::Complete)) => format!("scan complete: {words}"),
            Some(Ok(crate::flows::scan::ScanEnd::Stopped)) => format!("scan stopped: {words}"),
            Some(Err(e)) => format!("scan failed after {words}: {e}"),
        }
    }

    pub fn running(&self) -> bool {
        self.end.is_none()
    }
}

/// What the Users tab holds.
#[derive(Debug, Default)]
pub struct UsersTab {
    pub users: Vec<UserSummary>,
    /// ListUsers' PaginationToken of the next page; None once the last page is in.
    pub next: Option<String>,
    /// Nothing has been asked yet, or a new search started.
    pub fresh: bool,
    pub loading: bool,
    pub filter: Option<String>,
    /// The column the loaded users are sorted by, and whether descending.
    pub sort: Option<(Column, bool)>,
    pub selected: usize,
    pub search: Option<SearchForm>,
    pub scan: Option<ScanRun>,
    /// Users marked for a bulk action, by username.
    pub marked: std::collections::BTreeSet<String>,
    /// Everyone the search matches is marked, loaded or not.
    pub all_matching: bool,
    /// Attributes shown as extra columns (`custom:team`, `phone_number`).
    pub columns: Vec<String>,
    /// The columns being chosen: names separated by commas or spaces.
    pub choosing: Option<Field>,
}

impl UsersTab {
    pub fn new() -> Self {
        Self {
            fresh: true,
            ..Self::default()
        }
    }

    /// A page arrived: appended (or, for a new search, the first page), kept in order.
    pub fn add_page(&mut self, page: Vec<UserSummary>, next: Option<String>, first: bool) {
        if first {
            self.users.clear();
            self.selected = 0;
            // A new search: its own marks.
            self.marked.clear();
            self.all_matching = false;
        }
        self.users.extend(page);
        self.next = next;
        self.loading = false;
        self.fresh = false;
        self.apply_sort();
    }

    /// Sorts by the next column: none → username ▲ → username ▼ → email ▲ … → none.
    pub fn next_sort(&mut self) {
        self.sort = match self.sort {
            None => Some((Column::ALL[0], false)),
            Some((c, false)) => Some((c, true)),
            Some((c, true)) => Column::ALL
                .iter()
                .position(|x| *x == c)
                .and_then(|i| Column::ALL.get(i + 1))
                .map(|c| (*c, false)),
        };
        let chosen = self.users.get(self.selected).map(|u| u.username.clone());
        self.apply_sort();
        if let Some(name) = chosen {
            self.selected = self
                .users
                .iter()
                .position(|u| u.username == name)
                .unwrap_or(0);
        }
    }

    fn apply_sort(&mut self) {
        if let Some((column, descending)) = self.sort {
            self.users.sort_by(|a, b| {
                let o = column
                    .compare(a, b)
                    .then_with(|| a.username.cmp(&b.username));
                if descending { o.reverse() } else { o }
            });
        }
    }

    /// "60 loaded · more to load" or "5 users".
    pub fn counter(&self) -> String {
        let n = self.users.len();
        match (&self.next, self.loading) {
            (_, true) if self.fresh => "loading…".into(),
            (Some(_), true) => format!("{n} loaded · loading more…"),
            (Some(_), false) => {
                format!("{n} loaded · more in the pool (↓ past the end loads them)")
            }
            (None, _) => format!("{n} user{}", if n == 1 { "" } else { "s" }),
        }
    }

    /// A user changed (or went): the loaded row follows.
    pub fn replace(&mut self, user: UserSummary) {
        if let Some(row) = self.users.iter_mut().find(|u| u.username == user.username) {
            *row = user;
        }
    }

    pub fn remove(&mut self, username: &str) {
        self.users.retain(|u| u.username != username);
        self.selected = self.selected.min(self.users.len().saturating_sub(1));
    }
}

/// Reading users: pages of ListUsers as the selection nears the end, and the scan.
impl OperatorScreen {
    /// Scans every user for `text` (flows::scan), the table filling as matches come.
    pub(super) fn start_scan(&mut self, text: String) -> Result<Outcome, String> {
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
    pub(super) fn first_page(&mut self) -> Outcome {
        self.users.scan = None;
        self.users.loading = true;
        self.users.fresh = true;
        self.page(None, true)
    }

    pub(super) fn page(&mut self, token: Option<String>, first: bool) -> Outcome {
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
    pub(super) fn more_if_near_end(&mut self) -> Outcome {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_builds_listusers_filters() {
        let mut form = SearchForm::new();
        assert_eq!(form.attribute(), "email");
        form.value.set_value("ann\"x");
        assert_eq!(form.filter().as_deref(), Some("email ^= \"ann\\\"x\""));
        form.prefix = false;
        form.cycle(false);
        assert_eq!(form.filter().as_deref(), Some("username = \"ann\\\"x\""));
        form.value.set_value("  ");
        assert_eq!(form.filter(), None);
        assert!(case_sensitive("username") && !case_sensitive("email"));
    }
}
