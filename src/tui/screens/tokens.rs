//! The token inspector: the ID, access and refresh tokens of the session, each JWT's header and
//! claims pretty-printed, its times in local time and relative to now, and its signature as
//! checked against the pool's JWKS by the worker. Token text is shortened unless revealed.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Tabs, Widget, Wrap};
use time::{OffsetDateTime, UtcOffset};

mod format;
mod layout;

use format::wrap_words;
pub use format::{local_time, relative, shorten, when};
use layout::{layout, tab_areas};

use super::home::HomeScreen;
use super::{Cx, HomeChange, Outcome, Screen, View};
use crate::cognito::jwt::{self, DecodedToken};
use crate::secret::SecretString;
use crate::service::session::Session;
use crate::service::tokens::Tokens;
use crate::tui::keymap::{Command, Context};
use crate::tui::msg::{HomeData, Msg, Task};
use crate::tui::theme::Theme;
use crate::tui::widgets::Toast;

/// Rows one PgUp/PgDn moves.
const PAGE: u16 = 10;
const LABEL: usize = 11;

/// The worker's verdict on each JWT: the key id that signed it, or why it was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenCheck {
    pub id: Result<String, String>,
    pub access: Result<String, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenTab {
    Id,
    Access,
    Refresh,
}

impl TokenTab {
    const ALL: [TokenTab; 3] = [TokenTab::Id, TokenTab::Access, TokenTab::Refresh];

    fn index(self) -> usize {
        match self {
            Self::Id => 0,
            Self::Access => 1,
            Self::Refresh => 2,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Id => "ID token",
            Self::Access => "Access token",
            Self::Refresh => "Refresh token",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signature {
    Checking,
    Valid(String),
    Invalid(String),
}

/// One JWT prepared for display.
#[derive(Debug)]
struct Jwt {
    text: SecretString,
    decoded: Result<DecodedToken, String>,
    /// "Header", its JSON, "Claims", their JSON.
    json: Vec<String>,
    signature: Signature,
}

impl Jwt {
    fn new(text: &SecretString) -> Self {
        let decoded = jwt::decode_unverified(text.expose()).map_err(|e| e.to_string());
        let mut json = Vec::new();
        if let Ok(d) = &decoded {
            json.push("Header".to_string());
            json.extend(d.header_pretty().lines().map(str::to_string));
            json.push(String::new());
            json.push("Claims".to_string());
            json.extend(d.claims_pretty().lines().map(str::to_string));
        }
        Self {
            text: text.clone(),
            decoded,
            json,
            signature: Signature::Checking,
        }
    }
}

#[derive(Debug)]
pub struct TokensScreen {
    /// Whose tokens they are (the title).
    pub username: String,
    /// The tokens shown (the home's session's, as they were when opened or refreshed here).
    tokens: Tokens,
    pub tab: TokenTab,
    /// Whether the token text is shown in full.
    pub shown: bool,
    pub scroll: u16,
    id: Jwt,
    access: Jwt,
    refresh: Option<SecretString>,
    offset: Option<UtcOffset>,
    now: OffsetDateTime,
    /// The current tab's times, recomputed on each tick: ("Expires", "… (in 59m 12s)").
    pub times: Vec<(&'static str, String)>,
    /// The key that reveals the token text, for the hint.
    reveal_key: String,
}

impl TokensScreen {
    pub fn new(
        home: &HomeData,
        offset: Option<UtcOffset>,
        now: OffsetDateTime,
        reveal_key: String,
    ) -> Self {
        let tokens = home.session.tokens();
        let mut screen = Self {
            id: Jwt::new(&tokens.id_token),
            access: Jwt::new(&tokens.access_token),
            refresh: tokens.refresh_token.clone(),
            username: home.username.clone(),
            tokens: tokens.clone(),
            tab: TokenTab::Id,
            shown: false,
            scroll: 0,
            offset,
            now,
            times: Vec::new(),
            reveal_key,
        };
        screen.tick(now);
        screen
    }

    /// The inspector of `home`'s tokens over the home, their signatures checked at once.
    pub fn open(home: &HomeData, cx: &Cx) -> Outcome {
        let reveal = cx
            .key(Context::Tokens, Command::RevealSecret)
            .unwrap_or_default();
        let screen = Self::new(home, cx.local_offset, cx.now, reveal);
        let verify = screen.verify(cx);
        Outcome::Push(Screen::Tokens(Box::new(screen))).then(verify)
    }

    /// The tokens to verify.
    pub fn tokens(&self) -> &Tokens {
        &self.tokens
    }

    /// Asks the worker to check the signatures against the pool's JWKS.
    fn verify(&self, cx: &Cx) -> Outcome {
        let tokens = Box::new(self.tokens.clone());
        cx.task(|conn| Task::VerifyTokens { conn, tokens })
    }

    pub fn signature(&self, tab: TokenTab) -> Option<&Signature> {
        match tab {
            TokenTab::Id => Some(&self.id.signature),
            TokenTab::Access => Some(&self.access.signature),
            TokenTab::Refresh => None,
        }
    }

    /// Takes the worker's verdict.
    pub fn verified(&mut self, check: TokenCheck) {
        let to_signature = |r: Result<String, String>| match r {
            Ok(kid) => Signature::Valid(kid),
            Err(why) => Signature::Invalid(why),
        };
        self.id.signature = to_signature(check.id);
        self.access.signature = to_signature(check.access);
    }

    /// Takes refreshed tokens (the home screen gets them too, through the app).
    pub fn refreshed(&mut self, session: &Session, now: OffsetDateTime) {
        self.tokens = session.tokens().clone();
        let tokens = &self.tokens;
        self.id = Jwt::new(&tokens.id_token);
        self.access = Jwt::new(&tokens.access_token);
        self.refresh = tokens.refresh_token.clone();
        self.tick(now);
    }

    /// Recomputes the relative times; true when the text changed.
    pub fn tick(&mut self, now: OffsetDateTime) -> bool {
        self.now = now;
        let times = match self.current() {
            Some(Jwt { decoded: Ok(d), .. }) => [
                ("Issued", d.issued_at()),
                ("Expires", d.expires_at()),
                ("Auth time", d.auth_time()),
            ]
            .into_iter()
            .filter_map(|(label, t)| Some((label, when(t?, now, self.offset))))
            .collect(),
            _ => Vec::new(),
        };
        let changed = times != self.times;
        self.times = times;
        changed
    }

    fn current(&self) -> Option<&Jwt> {
        match self.tab {
            TokenTab::Id => Some(&self.id),
            TokenTab::Access => Some(&self.access),
            TokenTab::Refresh => None,
        }
    }

    fn current_text(&self) -> Option<&SecretString> {
        match self.tab {
            TokenTab::Id => Some(&self.id.text),
            TokenTab::Access => Some(&self.access.text),
            TokenTab::Refresh => self.refresh.as_ref(),
        }
    }

    fn select(&mut self, tab: TokenTab) {
        self.tab = tab;
        self.scroll = 0;
        self.tick(self.now);
    }

    fn scroll_to(&mut self, scroll: u16) {
        let max = self.body_lines().len().saturating_sub(1);
        self.scroll = scroll.min(u16::try_from(max).unwrap_or(u16::MAX));
    }

    /// The scrolled part: the full token when shown, then the JSON.
    fn body_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if self.shown {
            if let Some(text) = self.current_text() {
                lines.push(text.expose().to_string());
                lines.push(String::new());
            }
        }
        if let Some(jwt) = self.current() {
            lines.extend(jwt.json.iter().cloned());
        }
        lines
    }

    /// The rows above the JSON: signature, times, the token text (shortened).
    fn info(&self, theme: &Theme) -> Vec<(&'static str, String, Style)> {
        let hint = if self.shown {
            "shown in full below".to_string()
        } else {
            format!("{} shows it", self.reveal_key)
        };
        let plain = theme.text();
        let Some(jwt) = self.current() else {
            let Some(text) = &self.refresh else {
                return vec![("Token", "none in this session".into(), theme.muted())];
            };
            let value = if self.shown { "shown below" } else { "hidden" };
            return vec![
                (
                    "Kind",
                    "opaque: encrypted by Cognito, it cannot be decoded".into(),
                    plain,
                ),
                (
                    "Length",
                    format!("{} characters", text.expose().len()),
                    plain,
                ),
                ("Token", format!("{value} ({hint})"), plain),
            ];
        };
        let mut rows = vec![match &jwt.signature {
            Signature::Checking => (
                "Signature",
                "checking against the pool's keys…".to_string(),
                theme.muted(),
            ),
            Signature::Valid(kid) => (
                "Signature",
                format!("✓ signature valid (kid {})", shorten(kid, 8, 4)),
                theme.success(),
            ),
            Signature::Invalid(why) => ("Signature", format!("✗ {why}"), theme.error()),
        }];
        if let Err(why) = &jwt.decoded {
            rows.push(("Decoding", why.clone(), theme.error()));
        }
        for (label, text) in &self.times {
            rows.push((label, text.clone(), plain));
        }
        let text = jwt.text.expose();
        rows.push((
            "Token",
            format!("{} ({} chars; {hint})", shorten(text, 10, 6), text.len()),
            plain,
        ));
        rows
    }

    /// The info rows as lines, values wrapped under themselves (not under the labels).
    fn info_lines(&self, width: usize, theme: &Theme) -> Vec<Line<'static>> {
        let mut lines = Vec::new();
        for (label, value, style) in self.info(theme) {
            for (i, chunk) in wrap_words(&value, width.saturating_sub(LABEL).max(8))
                .into_iter()
                .enumerate()
            {
                let label = if i == 0 { label } else { "" };
                lines.push(Line::from(vec![
                    Span::styled(format!("{label:<LABEL$}"), theme.label(false)),
                    Span::styled(chunk, style),
                ]));
            }
        }
        lines
    }

    fn draw(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let title = format!(" Tokens of {} ", self.username);
        let block = Block::bordered()
            .title(Span::styled(title, theme.title(true)))
            .border_style(theme.border(true));
        let inner = block.inner(area);
        block.render(area, buf);
        let width = usize::from(inner.width.max(1));
        let info = self.info_lines(width, theme);
        let [tabs, _, info_area, rule, body] = layout(inner, info.len());
        Tabs::new(TokenTab::ALL.map(TokenTab::title))
            .select(self.tab.index())
            .style(theme.muted())
            .highlight_style(theme.selected())
            .render(tabs, buf);
        Paragraph::new(info).render(info_area, buf);
        Line::from(Span::styled("─".repeat(width), theme.muted())).render(rule, buf);
        let lines: Vec<Line> = self
            .body_lines()
            .into_iter()
            .map(|l| {
                if l == "Header" || l == "Claims" {
                    Line::from(Span::styled(l, theme.label(true)))
                } else {
                    Line::from(l)
                }
            })
            .collect();
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((self.scroll, 0))
            .render(body, buf);
    }
}

impl View for TokensScreen {
    fn context(&self) -> Context {
        Context::Tokens
    }

    fn command(&mut self, command: Command, cx: &Cx) -> Outcome {
        let i = self.tab.index();
        match command {
            Command::NextTab => self.select(TokenTab::ALL[(i + 1) % 3]),
            Command::PrevTab => self.select(TokenTab::ALL[(i + 2) % 3]),
            Command::Up => self.scroll = self.scroll.saturating_sub(1),
            Command::Down => self.scroll_to(self.scroll.saturating_add(1)),
            Command::PageUp => self.scroll = self.scroll.saturating_sub(PAGE),
            Command::PageDown => self.scroll_to(self.scroll.saturating_add(PAGE)),
            Command::RevealSecret => self.shown = !self.shown,
            Command::Refresh => {
                return match cx.home {
                    Some(home) => HomeScreen::refresh_of(home, cx),
                    None => Outcome::None,
                };
            }
            Command::Back => return Outcome::Pop,
            Command::Copy => {
                return match self.current_text() {
                    Some(text) => Outcome::Copy {
                        secret: text.clone(),
                        what: format!("the {}", self.tab.title().to_lowercase()),
                    },
                    None => Outcome::None,
                };
            }
            _ => {}
        }
        Outcome::None
    }

    /// A click on a tab's title switches to it.
    fn click(&mut self, area: Rect, column: u16, row: u16, _cx: &Cx) -> Outcome {
        let inner = Block::bordered().inner(area);
        let width = usize::from(inner.width.max(1));
        // The rows' count does not depend on the colours.
        let info_rows = self.info_lines(width, &Theme::monochrome()).len();
        let [tabs, ..] = layout(inner, info_rows);
        let at = Position::new(column, row);
        if let Some(i) = tab_areas(tabs).iter().position(|r| r.contains(at)) {
            self.select(TokenTab::ALL[i]);
        }
        Outcome::None
    }

    fn render(&self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        self.draw(area, buf, cx.theme);
    }

    /// The relative times move.
    fn tick(&mut self, cx: &Cx) -> Outcome {
        if TokensScreen::tick(self, cx.now) {
            Outcome::None
        } else {
            Outcome::Unchanged
        }
    }

    fn on_result(&mut self, msg: Msg, cx: &Cx) -> Outcome {
        match msg {
            Msg::TokensVerified(check) => {
                self.verified(check);
                Outcome::None
            }
            Msg::Refreshed(Ok((session, notice))) => {
                self.refreshed(&session, cx.now);
                let verify = self.verify(cx);
                let toast = match notice {
                    Some(notice) => Toast::error(notice),
                    None => Toast::info("The tokens are refreshed."),
                };
                Outcome::Home(HomeChange::Session(Box::new(session)))
                    .then(verify)
                    .then(Outcome::Toast(toast))
            }
            Msg::Refreshed(Err(e)) => {
                Outcome::Home(HomeChange::RefreshFailed).then(Outcome::Toast(Toast::error(
                    format!("The session could not be refreshed: {e}"),
                )))
            }
            _ => Outcome::None,
        }
    }
}
