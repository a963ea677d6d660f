//! The pool-configuration face: tabs Pool (every setting in words, with Cognito's names),
//! Doctor (the rules' findings with their fixes) and Diff (this pool against another). Read
//! only; one `Operator::read_config` feeds all three, and the same `pool_config` functions as
//! the `pool` and `doctor` commands word them.

mod draw;
mod rows;

use std::sync::Arc;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Cx, Outcome, View};
use crate::pool_config::diff::{self, Difference};
use crate::pool_config::doctor::{self, Finding, Profile};
use crate::pool_config::{PoolConfig, show};
use crate::secret::SecretString;
use crate::service::ServiceError;
use crate::service::admin::{Operator, OperatorCredentials};
use crate::tui::keymap::{Command, Context};
use crate::tui::msg::{Load, Msg, Progress, Task};
use crate::tui::widgets::list::{Click, Rows, Scroll};

pub use rows::PoolRow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Pool,
    Doctor,
    Diff,
}

impl Tab {
    pub const ALL: [Tab; 3] = [Tab::Pool, Tab::Doctor, Tab::Diff];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Pool => "Pool",
            Tab::Doctor => "Doctor",
            Tab::Diff => "Diff",
        }
    }
}

/// A pool the Diff tab can compare with.
#[derive(Debug, Clone)]
pub struct Other {
    pub label: String,
    pub operator: Arc<Operator>,
}

/// What the Diff tab shows.
#[derive(Debug, Default)]
pub enum Comparison {
    /// Choosing the other pool.
    #[default]
    Choosing,
    Reading(String),
    Done {
        label: String,
        differences: Vec<Difference>,
    },
    Failed(String),
}

const READ: &str = "Reading the pool's configuration";
const READ_OTHER: &str = "Reading the other pool";
const SECRET: &str = "Reading the client secret";

type ConfigResult = Result<PoolConfig, ServiceError>;

pub struct PoolConfigScreen {
    operator: Arc<Operator>,
    pub label: String,
    pub tab: Tab,
    pub config: Option<PoolConfig>,
    pub error: Option<String>,
    pub loading: bool,
    /// The first read was asked for.
    asked: bool,
    /// The Pool tab's rows, made once per read.
    pub pool_rows: Vec<PoolRow>,
    /// The doctor's findings under `profile`.
    pub profile: Profile,
    pub findings: Vec<Finding>,
    pub others: Vec<Other>,
    pub comparison: Comparison,
    /// (client id, secret) of the client whose secret is shown.
    pub revealed: Option<(String, SecretString)>,
    /// Selection per tab.
    selected: [usize; 3],
    scroll: [Scroll; 3],
}

impl std::fmt::Debug for PoolConfigScreen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PoolConfigScreen")
            .field("label", &self.label)
            .field("tab", &self.tab)
            .field("loading", &self.loading)
            .field("revealed", &self.revealed.as_ref().map(|(id, _)| id))
            .finish_non_exhaustive()
    }
}

impl PoolConfigScreen {
    /// The face of `operator`'s pool; `others` are the pools the Diff tab offers.
    pub fn new(operator: Arc<Operator>, label: String, others: Vec<Other>) -> Self {
        Self {
            operator,
            label,
            tab: Tab::Pool,
            config: None,
            error: None,
            loading: false,
            asked: false,
            pool_rows: Vec::new(),
            profile: Profile::All,
            findings: Vec::new(),
            others,
            comparison: Comparison::Choosing,
            revealed: None,
            selected: [0; 3],
            scroll: Default::default(),
        }
    }

    /// The pools a Diff can compare with: every usable saved profile but the open one, and the
    /// in-process demo pool while it runs (when it is not the open one).
    pub fn others_for(cx: &Cx, open_profile: &str) -> Vec<Other> {
        let mut out: Vec<Other> = cx
            .profiles
            .iter()
            .filter(|e| e.name != open_profile)
            .filter_map(|e| e.profile.as_ref().ok())
            .map(|p| Other {
                label: p.name.clone(),
                operator: Arc::new(Operator::new(
                    p.settings(),
                    OperatorCredentials::for_profile(
                        p.aws_profile.as_deref(),
                        p.endpoint_url.as_deref(),
                    ),
                )),
            })
            .collect();
        if let Some((url, _)) = &cx.pool.local
            && open_profile != crate::tui::msg::LOCAL_DEMO_PROFILE
        {
            use crate::local_pool::demo::{DEMO_CLIENT_ID, DEMO_POOL_ID};
            let mut settings = crate::service::Settings::new(DEMO_POOL_ID, DEMO_CLIENT_ID);
            settings.endpoint_url = Some(url.clone());
            out.push(Other {
                label: crate::tui::screens::picker::LOCAL_DEMO_LABEL.to_string(),
                operator: Arc::new(Operator::new(settings, OperatorCredentials::local_pool())),
            });
        }
        out
    }

    /// Reads (again) the whole configuration.
    pub fn read(&mut self) -> Outcome {
        self.loading = true;
        self.asked = true;
        let operator = self.operator.clone();
        Outcome::Request(Task::Load(Load::new(READ, move |_: Progress| async move {
            operator.read_config().await
        })))
    }

    fn tab_index(&self) -> usize {
        Tab::ALL.iter().position(|t| *t == self.tab).unwrap_or(0)
    }

    pub fn selected(&self) -> usize {
        self.selected[self.tab_index()]
    }

    /// The rows of the current tab, for moves and clicks.
    fn rows(&self) -> Rows {
        let len = match self.tab {
            Tab::Pool => self.pool_rows.len(),
            Tab::Doctor => self.findings.len(),
            Tab::Diff => match &self.comparison {
                Comparison::Done { differences, .. } => differences.len(),
                Comparison::Choosing => self.others.len(),
                _ => 0,
            },
        };
        Rows::new(len).stopping()
    }

    fn loaded(&mut self, result: ConfigResult) {
        self.loading = false;
        match result {
            Ok(config) => {
                self.pool_rows = rows::pool_rows(&show::sections(&config));
                self.findings = doctor::examine(&config, self.profile);
                self.config = Some(config);
                self.error = None;
                for (i, len) in [self.pool_rows.len(), self.findings.len()]
                    .into_iter()
                    .enumerate()
                {
                    self.selected[i] = self.selected[i].min(len.saturating_sub(1));
                }
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    fn next_profile(&mut self) {
        self.profile = match self.profile {
            Profile::All => Profile::AwsBaseline,
            Profile::AwsBaseline => Profile::Asvs,
            Profile::Asvs => Profile::All,
        };
        if let Some(config) = &self.config {
            self.findings = doctor::examine(config, self.profile);
        }
        self.selected[1] = 0;
    }

    fn compare(&mut self) -> Outcome {
        match &self.comparison {
            Comparison::Done { .. } | Comparison::Failed(_) => {
                self.comparison = Comparison::Choosing;
                Outcome::None
            }
            Comparison::Reading(_) => Outcome::None,
            Comparison::Choosing => {
                let Some(other) = self.others.get(self.selected[2]).cloned() else {
                    return Outcome::None;
                };
                self.comparison = Comparison::Reading(other.label.clone());
                Outcome::Request(Task::Load(Load::new(
                    READ_OTHER,
                    move |_: Progress| async move { (other.label, other.operator.read_config().await) },
                )))
            }
        }
    }

    /// The app client the selected Pool row belongs to, if any.
    fn selected_client(&self) -> Option<&crate::pool_config::ClientConfig> {
        let PoolRow::Setting { client, .. } = self.pool_rows.get(self.selected[0])? else {
            return None;
        };
        self.config.as_ref()?.clients.get((*client)?)
    }

    fn reveal(&mut self) -> Outcome {
        if self.revealed.take().is_some() {
            return Outcome::None;
        }
        let Some(client) = self.selected_client() else {
            self.error = Some("Select a row of an app client to show its secret.".into());
            return Outcome::None;
        };
        if !client.has_secret {
            self.error = Some(format!(
                "{} is a public client: it has no secret.",
                client.name()
            ));
            return Outcome::None;
        }
        let id = client.id().to_string();
        let operator = self.operator.clone();
        Outcome::Request(Task::Load(Load::new(
            SECRET,
            move |_: Progress| async move {
                let secret = operator.app_client_secret(&id).await;
                (id, secret)
            },
        )))
    }

    fn copy(&mut self) -> Outcome {
        let (text, what) = match self.tab {
            Tab::Pool => match self.pool_rows.get(self.selected[0]) {
                Some(PoolRow::Setting {
                    name,
                    value,
                    client,
                    ..
                }) => {
                    let secret = self.revealed.as_ref().filter(|(id, _)| {
                        name == "ClientSecret"
                            && client
                                .and_then(|c| self.config.as_ref()?.clients.get(c))
                                .is_some_and(|c| c.id() == id)
                    });
                    match secret {
                        Some((_, s)) => (s.expose().to_string(), "the client secret".to_string()),
                        None => (value.clone(), name.clone()),
                    }
                }
                _ => return Outcome::None,
            },
            Tab::Doctor => match self.findings.get(self.selected[1]) {
                Some(f) => (f.fix.clone(), format!("the fix for {}", f.rule)),
                None => return Outcome::None,
            },
            Tab::Diff => match &self.comparison {
                Comparison::Done { differences, .. } => match differences.get(self.selected[2]) {
                    Some(d) => (d.path.clone(), "the setting's path".to_string()),
                    None => return Outcome::None,
                },
                _ => return Outcome::None,
            },
        };
        Outcome::Copy {
            secret: SecretString::new(text),
            what,
        }
    }

    fn switch(&mut self, forward: bool) {
        let i = self.tab_index();
        let n = Tab::ALL.len();
        self.tab = Tab::ALL[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
    }
}

impl View for PoolConfigScreen {
    fn context(&self) -> Context {
        match self.tab {
            Tab::Pool => Context::PoolSettings,
            Tab::Doctor => Context::PoolDoctor,
            Tab::Diff => Context::PoolDiff,
        }
    }

    fn command(&mut self, command: Command, _cx: &Cx) -> Outcome {
        let i = self.tab_index();
        if let Some(moved) = self.rows().moved(self.selected[i], command, 10) {
            self.selected[i] = moved;
            return Outcome::None;
        }
        self.error = None;
        match command {
            Command::Back => Outcome::Pop,
            Command::NextView => {
                self.switch(true);
                Outcome::None
            }
            Command::PrevView => {
                self.switch(false);
                Outcome::None
            }
            Command::Reload if !self.loading => {
                self.revealed = None;
                self.read()
            }
            Command::RuleProfile => {
                self.tab = Tab::Doctor;
                self.next_profile();
                Outcome::None
            }
            Command::Compare if self.tab == Tab::Diff => self.compare(),
            Command::Copy => self.copy(),
            Command::RevealSecret if self.tab == Tab::Pool => self.reveal(),
            _ => Outcome::None,
        }
    }

    fn click(&mut self, area: Rect, column: u16, row: u16, cx: &Cx) -> Outcome {
        let layout = draw::layout(area, self.tab);
        if let Some(tab) = draw::tab_at(layout.tabs, column, row) {
            self.tab = tab;
            return Outcome::None;
        }
        let i = self.tab_index();
        let rows = self.rows();
        let click = rows.click(
            &mut self.selected[i],
            layout.list,
            &self.scroll[i],
            column,
            row,
        );
        match click {
            Click::Again if self.tab == Tab::Diff => View::command(self, Command::Compare, cx),
            _ => Outcome::None,
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        draw::render(self, &self.scroll[self.tab_index()], area, buf, cx);
    }

    /// The first read, as soon as the screen is open.
    fn tick(&mut self, _cx: &Cx) -> Outcome {
        if !self.asked {
            return self.read();
        }
        Outcome::Unchanged
    }

    fn on_result(&mut self, msg: Msg, _cx: &Cx) -> Outcome {
        let Msg::Loaded(loaded) = msg else {
            return Outcome::Unchanged;
        };
        let loaded = match loaded.take::<ConfigResult>() {
            Ok(result) => {
                self.loaded(result);
                return Outcome::None;
            }
            Err(other) => other,
        };
        let loaded = match loaded.take::<(String, ConfigResult)>() {
            Ok((label, result)) => {
                self.comparison = match (result, &self.config) {
                    (Ok(theirs), Some(ours)) => Comparison::Done {
                        differences: diff::diff(ours, &theirs),
                        label,
                    },
                    (Ok(_), None) => Comparison::Failed(
                        "This pool's configuration is not read yet: r reads it.".into(),
                    ),
                    (Err(e), _) => Comparison::Failed(format!("{label}: {e}")),
                };
                self.selected[2] = 0;
                return Outcome::None;
            }
            Err(other) => other,
        };
        if let Ok((id, secret)) =
            loaded.take::<(String, Result<Option<SecretString>, ServiceError>)>()
        {
            match secret {
                Ok(Some(secret)) => self.revealed = Some((id, secret)),
                Ok(None) => self.error = Some("The client has no secret.".into()),
                Err(e) => self.error = Some(e.to_string()),
            }
            return Outcome::None;
        }
        Outcome::Unchanged
    }
}
