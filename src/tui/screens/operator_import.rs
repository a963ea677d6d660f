//! Importing users from a file in the operator face: choose the file (CSV with Cognito's
//! import columns, or the JSON lines an export writes) and how new users get their password;
//! Enter always checks first (a dry run over the same flow as `users import --dry-run`), the
//! per-row answer is listed, and only then does one key apply exactly the rows checked.

use std::sync::Arc;

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::form_screen::FormCore;
use super::{Cx, Outcome, View, muted_lines, render_note_lines};
use crate::flows::users_import::{self, Options, Report, Row, RowError};
use crate::service::admin::Operator;
use crate::tui::keymap::{Command, Context};
use crate::tui::msg::{Load, Msg, Progress, Task};
use crate::tui::theme::Theme;
use crate::tui::widgets::list::{Click, Rows, Scroll};
use crate::tui::widgets::{Field, Toast, fit};

const FILE: usize = 0;
const PASSWORD: usize = 1;

/// What a check reads: the file (read and parsed by the worker, never on the UI thread), or
/// the rows a check read, to apply exactly those.
enum Source {
    File(String),
    Rows(Vec<Row>, Vec<RowError>),
}

/// What a check or an import answered: the per-row report, or why the file could not be used.
struct Checked(Result<Results, String>);

/// The per-row answer, as listed.
#[derive(Debug)]
pub struct Results {
    pub report: Report,
    /// The rows read, to apply exactly what was checked (and those that could not be).
    rows: Vec<Row>,
    bad: Vec<RowError>,
    pub selected: usize,
}

/// The file's name without its folders, for a title that fits.
fn file_name(path: &str) -> String {
    let path = std::path::Path::new(path.trim());
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

pub struct ImportScreen {
    operator: Arc<Operator>,
    core: FormCore,
    pub error: Option<String>,
    /// A generated password for each new user (shown in the results, to hand over).
    pub generate: bool,
    /// New users' passwords are their own (CONFIRMED), not temporary.
    pub permanent: bool,
    pub suppress: bool,
    busy: bool,
    pub results: Option<Results>,
    scroll: Scroll,
}

impl std::fmt::Debug for ImportScreen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportScreen")
            .field("file", &self.core.value(FILE))
            .field("results", &self.results)
            .finish_non_exhaustive()
    }
}

impl ImportScreen {
    pub fn new(operator: Arc<Operator>, theme: Theme, file: &str) -> Self {
        let fields = vec![
            Field::new("File").with_value(file),
            Field::secret("Password"),
        ];
        Self {
            operator,
            core: FormCore::new(fields, theme),
            error: None,
            generate: false,
            permanent: false,
            suppress: false,
            busy: false,
            results: None,
            scroll: Scroll::default(),
        }
    }

    fn options(&mut self, dry_run: bool) -> Options {
        Options {
            dry_run,
            password: self.core.secret(PASSWORD),
            generate: self.generate,
            permanent: self.permanent,
            suppress_invitation: self.suppress,
        }
    }

    /// Reads the file and checks every row (a dry run).
    fn check(&mut self) -> Outcome {
        if !self.core.require(&[FILE], &mut self.error) {
            return Outcome::None;
        }
        if self.permanent && !self.generate && self.core.form.field(PASSWORD).is_empty() {
            self.error = Some(
                "Permanent passwords must be typed (one for every new user) or generated (Ctrl-G)."
                    .into(),
            );
            self.core.focus(PASSWORD);
            return Outcome::None;
        }
        let path = self.core.value(FILE).trim().to_string();
        let options = self.options(true);
        self.run("Checking the file", Source::File(path), options)
    }

    /// Applies the rows the check listed.
    fn apply(&mut self) -> Outcome {
        let Some(results) = &self.results else {
            return Outcome::None;
        };
        if !results.report.dry_run {
            return Outcome::Toast(Toast::info(
                "Already applied; Esc goes back to the file to check it again.",
            ));
        }
        let source = Source::Rows(results.rows.clone(), results.bad.clone());
        let options = self.options(false);
        self.run("Importing the users", source, options)
    }

    fn run(&mut self, what: &'static str, source: Source, options: Options) -> Outcome {
        if self.busy {
            return Outcome::None;
        }
        self.busy = true;
        let operator = self.operator.clone();
        Outcome::Request(Task::Load(Load::new(
            what,
            move |progress: Progress| async move {
                let (rows, bad) = match source {
                    Source::Rows(rows, bad) => (rows, bad),
                    Source::File(path) => match tokio::fs::read_to_string(&path).await {
                        Err(e) => return Checked(Err(format!("Cannot read {path}: {e}."))),
                        Ok(text) => match users_import::parse(&text) {
                            (rows, bad) if rows.is_empty() && bad.is_empty() => {
                                return Checked(Err(format!("{path} lists no users.")));
                            }
                            read => read,
                        },
                    },
                };
                let total = rows.len();
                let verb = if options.dry_run {
                    "checked"
                } else {
                    "applied"
                };
                let results = users_import::apply(&operator, &rows, &options, &mut |done| {
                    progress.report(format!("{verb} {done} of {total} rows"))
                })
                .await;
                Checked(Ok(Results {
                    report: Report::new(&bad, &results, options.dry_run),
                    rows,
                    bad,
                    selected: 0,
                }))
            },
        )))
    }

    fn areas(area: Rect) -> [Rect; 3] {
        Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(Block::bordered().inner(area))
    }

    fn draw_form(&self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        let key = |c| cx.key(Context::UserImport, c).unwrap_or_default();
        let mut notes = vec![
            "A .csv with Cognito's import columns (cognito:username, …) or the JSON lines an export writes (with groups and enabled). Missing users are created, existing ones updated; an empty cell changes nothing.".to_string(),
            format!(
                "New users' password: {} ({} toggles), {} ({} toggles).",
                if self.generate {
                    "one generated for each, listed after the import".to_string()
                } else if self.core.form.field(PASSWORD).is_empty() {
                    "Cognito makes one".to_string()
                } else {
                    "the one typed above".to_string()
                },
                key(Command::GeneratePassword),
                if self.permanent {
                    "their own, CONFIRMED at once"
                } else {
                    "temporary, replaced at the first sign-in"
                },
                key(Command::TogglePermanent),
            ),
            format!(
                "Invitation: {} ({} toggles). {} checks every row first; nothing changes before you apply.",
                if self.suppress { "not sent" } else { "sent" },
                key(Command::ToggleInvitation),
                key(Command::Submit),
            ),
        ];
        if let Some(busy) = cx.busy.filter(|_| self.busy) {
            notes.push(format!("{} {busy}…", cx.spinner));
        }
        let lines = muted_lines(&notes, cx.theme);
        let below = self
            .core
            .form
            .render_framed("Import users", area, buf, cx.theme);
        render_note_lines(lines, self.error.as_deref(), below, buf, cx.theme);
    }

    fn draw_results(&self, results: &Results, area: Rect, buf: &mut Buffer, cx: &Cx) {
        let theme = cx.theme;
        let title = format!(
            " {} {} ",
            if results.report.dry_run {
                "Check of"
            } else {
                "Import of"
            },
            file_name(&self.core.value(FILE))
        );
        Block::bordered()
            .title(Span::styled(title, theme.title(true)))
            .border_style(theme.border(true))
            .render(area, buf);
        let [info, list, note] = Self::areas(area);
        let style = if results.report.failed > 0 {
            theme.error()
        } else {
            theme.success()
        };
        Line::from(Span::styled(results.report.summary(), style)).render(info, buf);
        let width = usize::from(list.width).saturating_sub(2);
        let rows = Rows::new(results.report.lines.len()).stopping();
        let lines: Vec<Line> = rows
            .shown(results.selected, list, &self.scroll)
            .map(|(i, _)| {
                let line = &results.report.lines[i];
                let chosen = i == results.selected;
                let style: Style = if chosen {
                    theme.selected()
                } else if line.failed {
                    theme.error()
                } else {
                    theme.text()
                };
                Line::from(vec![
                    Span::raw(if chosen { "› " } else { "  " }),
                    Span::styled(fit(&line.words, width), style),
                ])
            })
            .collect();
        Paragraph::new(lines).render(list, buf);
        let key = |c| cx.key(Context::ImportResults, c).unwrap_or_default();
        let words = match cx.busy.filter(|_| self.busy) {
            Some(busy) => format!("{} {busy}…", cx.spinner),
            None if results.report.dry_run => format!(
                "{} imports these rows · {} back to the file",
                key(Command::RunBulk),
                key(Command::Back)
            ),
            None => format!("{} closes", key(Command::Back)),
        };
        Line::from(Span::styled(words, theme.muted())).render(note, buf);
    }
}

impl View for ImportScreen {
    fn context(&self) -> Context {
        if self.results.is_some() {
            Context::ImportResults
        } else {
            Context::UserImport
        }
    }

    fn input(&mut self, key: KeyEvent, _cx: &Cx) -> Outcome {
        if self.results.is_none() && self.core.form.input(key) {
            self.error = None;
        }
        Outcome::None
    }

    fn command(&mut self, command: Command, _cx: &Cx) -> Outcome {
        if let Some(results) = &mut self.results {
            if let Some(moved) = Rows::new(results.report.lines.len()).stopping().moved(
                results.selected,
                command,
                10,
            ) {
                results.selected = moved;
                return Outcome::None;
            }
            return match command {
                Command::RunBulk => self.apply(),
                Command::Back if self.busy => Outcome::None,
                Command::Back if results.report.dry_run => {
                    self.results = None;
                    Outcome::None
                }
                Command::Back => Outcome::Pop.then(Outcome::Run(Command::Reload)),
                _ => Outcome::None,
            };
        }
        match command {
            Command::NextField => self.core.form.next(&self.core.theme),
            Command::PrevField => self.core.form.prev(&self.core.theme),
            Command::ToggleSecret => self.core.form.toggle_secrets(),
            Command::Submit => return self.check(),
            Command::GeneratePassword => self.generate = !self.generate,
            Command::TogglePermanent => self.permanent = !self.permanent,
            Command::ToggleInvitation => self.suppress = !self.suppress,
            Command::Back => return Outcome::Pop,
            _ => {}
        }
        Outcome::None
    }

    fn click(&mut self, area: Rect, column: u16, row: u16, _cx: &Cx) -> Outcome {
        match &mut self.results {
            Some(results) => {
                let [_, list, _] = Self::areas(area);
                let rows = Rows::new(results.report.lines.len()).stopping();
                let _: Click = rows.click(&mut results.selected, list, &self.scroll, column, row);
            }
            None => {
                self.core
                    .form
                    .click_framed(area, column, row, &self.core.theme);
            }
        }
        Outcome::None
    }

    fn render(&self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        match &self.results {
            Some(results) => self.draw_results(results, area, buf, cx),
            None => self.draw_form(area, buf, cx),
        }
    }

    fn on_result(&mut self, msg: Msg, _cx: &Cx) -> Outcome {
        let Msg::Loaded(loaded) = msg else {
            return Outcome::None;
        };
        let Ok(checked) = loaded.take::<Checked>() else {
            return Outcome::None;
        };
        self.busy = false;
        let results = match checked.0 {
            Ok(results) => results,
            Err(why) => {
                self.error = Some(why);
                self.core.focus(FILE);
                return Outcome::None;
            }
        };
        let toast = if results.report.dry_run {
            None
        } else {
            Some(if results.report.failed > 0 {
                Toast::error(results.report.summary())
            } else {
                Toast::info(results.report.summary())
            })
        };
        self.results = Some(results);
        match toast {
            Some(t) => Outcome::Toast(t),
            None => Outcome::None,
        }
    }
}
