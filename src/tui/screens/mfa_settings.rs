//! MFA settings: which second factors are on and which one sign-in asks for; set up or remove
//! an authenticator app, choose the preferred method. Esc returns to the account home.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::challenge::kind_name;
use super::mfa_setup::{PanelView, TotpPanel};
use super::{Cx, HomeChange, Outcome, Screen, View};
use crate::service::ServiceError;
use crate::service::account::{MfaSettings, TotpSetup};
use crate::service::auth::MfaKind;
use crate::tui::keymap::{Command, Context};
use crate::tui::msg::{ChallengeMsg, ChallengeTask, HomeData, MfaAction, MfaReply, Msg, Task};
use crate::tui::theme::Theme;
use crate::tui::widgets::Toast;
use crate::tui::widgets::hit::line_at;
use crate::tui::widgets::list::Rows;

/// Lines above the first method in the list: the heading and a blank line.
const ROWS_FROM: usize = 2;

#[derive(Debug)]
pub enum Mode {
    List,
    /// `x` was pressed once: the next `x` removes the authenticator app, anything else keeps it.
    ConfirmRemove,
    Setup(TotpPanel),
}

#[derive(Debug)]
pub struct MfaSettingsScreen {
    /// `None` until loaded.
    pub settings: Option<MfaSettings>,
    pub selected: usize,
    pub mode: Mode,
    pub error: Option<String>,
    /// The remove key as written in hints ("x"), for the confirmation line.
    pub remove_key: String,
    theme: Theme,
}

impl MfaSettingsScreen {
    pub fn new(remove_key: String, theme: Theme) -> Self {
        Self {
            settings: None,
            selected: 0,
            mode: Mode::List,
            error: None,
            remove_key,
            theme,
        }
    }

    /// From the account home to its MFA settings, which load at once.
    pub fn open(home: &HomeData, cx: &Cx) -> Outcome {
        let remove_key = cx
            .key(Context::MfaSettings, Command::RemoveTotp)
            .unwrap_or_default();
        let screen = Screen::MfaSettings(Box::new(Self::new(remove_key, *cx.theme)));
        Outcome::Push(screen).then(Self::request_for(home, cx, MfaAction::Load))
    }

    /// The methods listed: the two a user can manage, and email when it is on.
    pub fn rows(&self) -> Vec<MfaKind> {
        let mut rows = vec![MfaKind::SoftwareToken, MfaKind::Sms];
        if self
            .settings
            .as_ref()
            .is_some_and(|s| s.enabled.contains(&MfaKind::Email))
        {
            rows.push(MfaKind::Email);
        }
        rows
    }

    /// A change on the signed-in account (the home under this screen holds its session).
    pub fn request(cx: &Cx, action: MfaAction) -> Outcome {
        match cx.home {
            Some(home) => Self::request_for(home, cx, action),
            None => Outcome::None,
        }
    }

    /// A change on `home`'s account.
    fn request_for(home: &HomeData, cx: &Cx, action: MfaAction) -> Outcome {
        let task = ChallengeTask::Mfa {
            username: home.username.clone(),
            session: Box::new(home.session.clone()),
            action,
        };
        cx.task(|conn| Task::Challenge { conn, task })
    }

    fn enabled(&self, kind: MfaKind) -> bool {
        self.settings
            .as_ref()
            .is_some_and(|s| s.enabled.contains(&kind))
    }

    fn prefer(&mut self, kind: MfaKind, cx: &Cx) -> Outcome {
        let settings = self.settings.as_ref();
        if settings.is_some_and(|s| s.preferred == Some(kind)) {
            self.error = Some(format!("{} is already preferred.", kind_name(kind)));
        } else if kind == MfaKind::Email {
            self.error = Some(
                "Email codes are managed by the pool; only SMS or an app can be preferred here."
                    .into(),
            );
        } else if !self.enabled(kind) {
            self.error = Some(match kind {
                MfaKind::SoftwareToken => "Set up an authenticator app first.".into(),
                _ => "SMS codes are not turned on for this account.".into(),
            });
        } else {
            self.error = None;
            return Self::request(cx, MfaAction::Prefer(kind));
        }
        Outcome::None
    }

    pub fn loaded(&mut self, settings: MfaSettings) {
        self.settings = Some(settings);
        self.error = None;
        let last = self.rows().len() - 1;
        self.selected = self.selected.min(last);
    }

    /// A new secret to set up: the QR code and the code field.
    pub fn secret(&mut self, setup: &TotpSetup) {
        let mut panel = TotpPanel::new(&self.theme);
        panel.show(setup);
        self.mode = Mode::Setup(panel);
        self.error = None;
    }

    /// A change went through: back to the list with the new settings.
    pub fn changed(&mut self, settings: MfaSettings) {
        self.mode = Mode::List;
        self.loaded(settings);
    }

    pub fn failed(&mut self, error: &ServiceError) {
        self.error = Some(error.to_string());
    }

    fn draw(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        if let Mode::Setup(panel) = &self.mode {
            let notes = vec!["Esc cancels; the current settings stay as they are.".to_string()];
            let view = PanelView {
                title: "Set up an authenticator app",
                notes: &notes,
                error: self.error.as_deref(),
            };
            panel.render(view, area, buf, theme);
            return;
        }
        let lines = self.lines(theme);
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(
                Block::bordered()
                    .title(Span::styled(" MFA settings ", theme.title(true)))
                    .border_style(theme.border(true)),
            )
            .render(area, buf);
    }

    /// The list as drawn: a heading and a blank line, the rows (from `ROWS_FROM`), then notes.
    fn lines(&self, theme: &Theme) -> Vec<Line<'static>> {
        let mut lines = Vec::new();
        match &self.settings {
            None if self.error.is_some() => lines.push(Line::from(Span::styled(
                "The MFA settings could not be loaded; press Enter to try again.",
                theme.muted(),
            ))),
            None => lines.push(Line::from(Span::styled(
                "Loading the MFA settings…",
                theme.muted(),
            ))),
            Some(settings) => {
                lines.push(Line::from(
                    "Second factors asked for at sign-in, after the password:",
                ));
                lines.push(Line::default());
                for (i, kind) in self.rows().into_iter().enumerate() {
                    lines.push(self.row(i, kind, settings, theme));
                }
                lines.push(Line::default());
                if settings.enabled.is_empty() {
                    lines.push(Line::from(Span::styled(
                        "None is on: sign-in asks for the password only.",
                        theme.muted(),
                    )));
                }
            }
        }
        if matches!(self.mode, Mode::ConfirmRemove) {
            lines.push(Line::from(Span::styled(
                format!(
                    "Press {} again to remove the authenticator app; any other key keeps it.",
                    self.remove_key
                ),
                theme.error(),
            )));
        }
        if let Some(error) = &self.error {
            lines.push(Line::from(Span::styled(error.clone(), theme.error())));
        }
        lines
    }

    fn row(&self, i: usize, kind: MfaKind, settings: &MfaSettings, theme: &Theme) -> Line<'static> {
        let on = settings.enabled.contains(&kind);
        let state = match (on, settings.preferred == Some(kind)) {
            (true, true) => "on · preferred",
            (true, false) => "on",
            (false, _) => "off",
        };
        let name = match kind {
            MfaKind::SoftwareToken => "Authenticator app",
            MfaKind::Sms => "Text message (SMS)",
            MfaKind::Email => "Email code",
        };
        let focused = i == self.selected;
        let marker = if focused { "› " } else { "  " };
        let name_style = if focused {
            theme.selected()
        } else {
            theme.text()
        };
        let state_style = if on { theme.success() } else { theme.muted() };
        Line::from(vec![
            Span::styled(format!("{marker}{name:<20}"), name_style),
            Span::raw(" "),
            Span::styled(state, state_style),
        ])
    }
}

impl View for MfaSettingsScreen {
    fn context(&self) -> Context {
        match self.mode {
            Mode::Setup(_) => Context::MfaSetup,
            Mode::List | Mode::ConfirmRemove => Context::MfaSettings,
        }
    }

    fn input(&mut self, key: KeyEvent, _cx: &Cx) -> Outcome {
        match &mut self.mode {
            Mode::Setup(panel) => {
                if panel.input(key) {
                    self.error = None;
                }
            }
            Mode::ConfirmRemove => self.mode = Mode::List,
            Mode::List => {}
        }
        Outcome::None
    }

    fn command(&mut self, command: Command, cx: &Cx) -> Outcome {
        if let Mode::Setup(panel) = &self.mode {
            return match command {
                Command::Back => {
                    self.mode = Mode::List;
                    self.error = None;
                    Outcome::None
                }
                Command::Submit if panel.code().is_empty() => {
                    self.error = Some("Enter the code.".into());
                    Outcome::None
                }
                Command::Submit => Self::request(cx, MfaAction::VerifyTotp { code: panel.code() }),
                _ => Outcome::None,
            };
        }
        let confirming = matches!(self.mode, Mode::ConfirmRemove);
        self.mode = Mode::List;
        let rows = self.rows();
        if let Some(moved) = Rows::new(rows.len()).moved(self.selected, command, 1) {
            self.selected = moved;
            return Outcome::None;
        }
        match command {
            Command::Back => return Outcome::Pop,
            // Loading failed or never started (another request was in flight): try again.
            _ if self.settings.is_none() => {
                self.error = None;
                return Self::request(cx, MfaAction::Load);
            }
            Command::SetUpTotp => {
                self.error = None;
                return Self::request(cx, MfaAction::SetupTotp);
            }
            Command::RemoveTotp if !self.enabled(MfaKind::SoftwareToken) => {
                self.error = Some("No authenticator app is set up.".into());
            }
            Command::RemoveTotp if confirming => {
                self.error = None;
                return Self::request(cx, MfaAction::RemoveTotp);
            }
            Command::RemoveTotp => {
                self.error = None;
                self.mode = Mode::ConfirmRemove;
            }
            Command::MakePreferred => {
                return self.prefer(rows[self.selected.min(rows.len() - 1)], cx);
            }
            _ => {}
        }
        Outcome::None
    }

    /// A click on a method selects it, on the selected one makes it preferred (as Enter
    /// does); in the set-up, a click focuses the code field.
    fn click(&mut self, area: Rect, column: u16, row: u16, cx: &Cx) -> Outcome {
        if let Mode::Setup(panel) = &mut self.mode {
            panel.click(area, column, row, &self.theme);
            return Outcome::None;
        }
        if self.settings.is_none() {
            return Outcome::None;
        }
        let inner = Block::bordered().inner(area);
        let lines = self.lines(&self.theme);
        let hit = line_at(&lines, inner, false, column, row)
            .and_then(|i| i.checked_sub(ROWS_FROM))
            .filter(|&i| i < self.rows().len());
        match hit {
            Some(i) if i == self.selected => View::command(self, Command::MakePreferred, cx),
            Some(i) => {
                self.selected = i;
                self.mode = Mode::List;
                Outcome::None
            }
            None => Outcome::None,
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        self.draw(area, buf, cx.theme);
    }

    fn on_result(&mut self, msg: Msg, cx: &Cx) -> Outcome {
        let Msg::Challenge(ChallengeMsg::Mfa {
            session,
            notice,
            result,
        }) = msg
        else {
            return Outcome::None;
        };
        // The worker may have refreshed the session: the home keeps the one it used.
        let mut outcome = Outcome::Home(HomeChange::Session(session));
        if let Some(notice) = notice {
            outcome = outcome.then(Outcome::Toast(Toast::error(notice)));
        }
        let more = match result {
            Ok(MfaReply::Settings(settings)) => {
                self.loaded(settings);
                Outcome::None
            }
            Ok(MfaReply::Secret(setup)) => {
                self.secret(&setup);
                Outcome::None
            }
            Ok(MfaReply::Changed(settings, what)) => {
                self.changed(settings);
                Outcome::Toast(Toast::info(what))
            }
            Err(e @ ServiceError::SessionExpired { .. }) => {
                let username = cx.home.map_or("", |h| h.username.as_str());
                let mut sign_in = cx.sign_in(username);
                if let Screen::SignIn(s) = &mut sign_in {
                    s.error = Some(e.to_string());
                }
                Outcome::Reset(sign_in)
            }
            Err(e) => {
                self.failed(&e);
                Outcome::None
            }
        };
        outcome.then(more)
    }
}
