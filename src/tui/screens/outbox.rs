//! The local pool's outbox: every code and message it "sent", newest first, so a demo never
//! needs a mailbox. Reloaded on the tick while open; a code can be copied or used directly.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};
use time::{OffsetDateTime, UtcOffset};

use super::{Cx, Outcome, View};
use crate::local_pool::outbox::OutboxMessage;
use crate::secret::SecretString;
use crate::tui::keymap::{Command, Context};
use crate::tui::msg::{Msg, Task};
use crate::tui::theme::Theme;
use crate::tui::widgets::Toast;
use crate::tui::widgets::fit;
use crate::tui::widgets::list::{Click, Rows, Scroll};

/// Seconds between automatic reloads while the screen is open.
pub const RELOAD_SECONDS: i64 = 2;

/// One message of the outbox; the code and the text (which repeats it) are secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    pub time: Option<OffsetDateTime>,
    pub username: String,
    /// sign_up, verify_attribute, forgot_password, invitation, mfa.
    pub kind: String,
    pub destination: String,
    pub code: Option<SecretString>,
    pub message: SecretString,
}

impl From<OutboxMessage> for OutboxEntry {
    fn from(m: OutboxMessage) -> Self {
        let time =
            OffsetDateTime::parse(&m.time, &time::format_description::well_known::Rfc3339).ok();
        Self {
            time,
            username: m.username,
            kind: m.kind,
            destination: m.destination,
            code: m.code.map(SecretString::from),
            message: SecretString::from(m.message),
        }
    }
}

/// What a kind of message is, in words.
pub fn kind_words(kind: &str) -> &str {
    match kind {
        "sign_up" => "sign-up code",
        "forgot_password" => "password reset",
        "verify_attribute" => "verification",
        "invitation" => "invitation",
        "mfa" => "sign-in code",
        other => other,
    }
}

#[derive(Debug)]
pub struct OutboxScreen {
    pub url: String,
    pub entries: Vec<OutboxEntry>,
    /// Each entry's time of day in the local zone, prepared on load.
    times: Vec<String>,
    pub selected: usize,
    scroll: Scroll,
    pub error: Option<String>,
    /// A read is in flight.
    pub loading: bool,
    /// When the last read was asked for.
    pub asked_at: Option<OffsetDateTime>,
    /// Nothing read yet.
    pub first: bool,
    offset: Option<UtcOffset>,
    /// What Enter does here, in words (it depends on where the screen was opened from).
    pub enter_hint: String,
}

impl OutboxScreen {
    pub fn new(url: String, offset: Option<UtcOffset>, enter_hint: String) -> Self {
        Self {
            url,
            entries: Vec::new(),
            times: Vec::new(),
            selected: 0,
            scroll: Scroll::default(),
            error: None,
            loading: false,
            asked_at: None,
            first: true,
            offset,
            enter_hint,
        }
    }

    /// Reads the outbox (again).
    fn read(&mut self, now: OffsetDateTime) -> Outcome {
        self.loading = true;
        self.asked_at = Some(now);
        Outcome::Request(Task::ReadOutbox {
            url: self.url.clone(),
        })
    }

    /// True when a reload is due at `now` (none in flight, the last one long enough ago).
    pub fn reload_due(&self, now: OffsetDateTime) -> bool {
        !self.loading
            && self
                .asked_at
                .is_none_or(|at| now - at >= time::Duration::seconds(RELOAD_SECONDS))
    }

    /// Takes a read; true when what is shown changed. The selection stays on the newest
    /// message, or on the one it was on.
    pub fn loaded(&mut self, result: Result<Vec<OutboxEntry>, String>) -> bool {
        self.loading = false;
        let was_first = std::mem::replace(&mut self.first, false);
        match result {
            Ok(entries) => {
                let changed = entries != self.entries || self.error.is_some() || was_first;
                if self.selected > 0 {
                    let current = self.entries.get(self.selected);
                    self.selected = current
                        .and_then(|c| entries.iter().position(|e| e == c))
                        .unwrap_or(0);
                }
                let offset = self.offset.unwrap_or(UtcOffset::UTC);
                self.times = entries
                    .iter()
                    .map(|e| match e.time {
                        Some(t) => {
                            let t = t.to_offset(offset);
                            format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
                        }
                        None => "--:--:--".into(),
                    })
                    .collect();
                self.entries = entries;
                self.error = None;
                changed
            }
            Err(e) => {
                let changed = self.error.as_deref() != Some(e.as_str()) || was_first;
                self.error = Some(e);
                changed
            }
        }
    }

    pub fn selected_entry(&self) -> Option<&OutboxEntry> {
        self.entries.get(self.selected)
    }

    /// Two lines a message; the selection stops at the newest and the oldest.
    fn rows(&self) -> Rows {
        Rows::new(self.entries.len()).tall(2).stopping()
    }

    fn draw(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let block = Block::bordered()
            .title(Span::styled(
                " Outbox of the local pool · newest first ",
                theme.title(true),
            ))
            .border_style(theme.border(true));
        let inner = block.inner(area);
        block.render(area, buf);
        let [head, list, notes] = layout(inner);
        let width = usize::from(inner.width);
        // marker 2, time 8, gaps, kind 14, code 8; the rest names the recipient.
        let fixed = 2 + 8 + 2 + 14 + 2 + 8 + 2;
        let to_width = width.saturating_sub(fixed).max(4);
        Line::from(Span::styled(
            format!("  {:<8}  {:<14}  {:<8}  {}", "Time", "Kind", "Code", "To"),
            theme.muted(),
        ))
        .render(head, buf);
        let mut lines: Vec<Line> = Vec::new();
        if self.entries.is_empty() {
            let text = if self.first {
                "Reading the outbox…"
            } else {
                "No messages yet: codes the local pool sends (sign-up, password reset, verification) appear here."
            };
            lines.push(Line::from(Span::styled(text, theme.muted())));
        }
        let rows = self.rows();
        let first = rows.first_shown(self.selected, list, &self.scroll);
        let per_screen = rows.per_screen(list);
        for (i, e) in self.entries.iter().enumerate().skip(first).take(per_screen) {
            let chosen = i == self.selected;
            let marker = if chosen { "› " } else { "  " };
            let time = self.times.get(i).map_or("", String::as_str);
            let code = e.code.as_ref().map_or("", |c| c.expose());
            let to = fit(&format!("{} <{}>", e.username, e.destination), to_width);
            let kind_style = if chosen {
                theme.selected()
            } else {
                theme.text()
            };
            lines.push(Line::from(vec![
                Span::raw(marker),
                Span::styled(format!("{time:<8}  "), theme.muted()),
                Span::styled(format!("{:<14}", fit(kind_words(&e.kind), 14)), kind_style),
                Span::raw("  "),
                Span::styled(format!("{code:<8}"), theme.key()),
                Span::raw(format!("  {to}")),
            ]));
            let message = fit(e.message.expose(), width.saturating_sub(4));
            lines.push(Line::from(Span::styled(
                format!("    {message}"),
                theme.muted(),
            )));
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(list, buf);
        let note = match &self.error {
            Some(e) => Line::from(Span::styled(e.as_str(), theme.error())),
            None => Line::from(Span::styled(
                format!("{} Reloads every {RELOAD_SECONDS} s.", self.enter_hint),
                theme.muted(),
            )),
        };
        Paragraph::new(note)
            .wrap(Wrap { trim: true })
            .render(notes, buf);
    }
}

/// The heading's, the list's and the notes' areas; render and `click` share it.
fn layout(inner: Rect) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(2),
    ])
    .areas(inner)
}

/// Enter on a message with a code: the code goes where it is needed. Under the confirm or reset
/// screen it is filled in there; under sign-in, the screen the code is for opens with it.
fn use_code(code: SecretString, username: &str, kind: &str, cx: &Cx) -> Outcome {
    match cx.below {
        Some(Context::Confirm | Context::Forgot) => Outcome::Pop.then(Outcome::UseCode(code)),
        Some(Context::SignIn) if kind == "sign_up" => Outcome::Pop
            .then(Outcome::Replace(cx.confirm(username, None)))
            .then(Outcome::UseCode(code)),
        Some(Context::SignIn) if kind == "forgot_password" => Outcome::Pop
            .then(Outcome::Replace(cx.forgot(username)))
            .then(Outcome::UseCode(code)),
        _ => {
            let copy = cx
                .key(Context::Outbox, Command::Copy)
                .map(|key| format!("; {key} copies it"))
                .unwrap_or_default();
            Outcome::Toast(Toast::error(format!(
                "Open the outbox from the confirm or reset screen to use a code{copy}."
            )))
        }
    }
}

impl View for OutboxScreen {
    fn context(&self) -> Context {
        Context::Outbox
    }

    fn command(&mut self, command: Command, cx: &Cx) -> Outcome {
        if let Some(moved) = self.rows().moved(self.selected, command, 1) {
            self.selected = moved;
            return Outcome::None;
        }
        match command {
            Command::Back => return Outcome::Pop,
            Command::Reload if !self.loading => return self.read(cx.now),
            Command::Copy => {
                return match self.selected_entry().and_then(|e| e.code.clone()) {
                    Some(code) => Outcome::Copy {
                        secret: code,
                        what: "the code".into(),
                    },
                    None => {
                        self.error = Some("The selected message has no code to copy.".into());
                        Outcome::None
                    }
                };
            }
            Command::UseCode => {
                return match self.selected_entry() {
                    Some(OutboxEntry {
                        code: Some(code),
                        username,
                        kind,
                        ..
                    }) => use_code(code.clone(), username, kind, cx),
                    Some(_) => {
                        self.error = Some("The selected message has no code.".into());
                        Outcome::None
                    }
                    None => Outcome::None,
                };
            }
            _ => {}
        }
        Outcome::None
    }

    /// A click on a message selects it; on the selected one, uses its code (as Enter does).
    fn click(&mut self, area: Rect, column: u16, row: u16, cx: &Cx) -> Outcome {
        let [_, list, _] = layout(Block::bordered().inner(area));
        match self
            .rows()
            .click(&mut self.selected, list, &self.scroll, column, row)
        {
            Click::Again => View::command(self, Command::UseCode, cx),
            Click::Selected | Click::Missed => Outcome::None,
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        self.draw(area, buf, cx.theme);
    }

    /// Reloads every few seconds (the first read at once).
    fn tick(&mut self, cx: &Cx) -> Outcome {
        if self.reload_due(cx.now) {
            return self.read(cx.now);
        }
        Outcome::Unchanged
    }

    /// A read redraws only when something changed.
    fn on_result(&mut self, msg: Msg, _cx: &Cx) -> Outcome {
        match msg {
            Msg::OutboxRead(result) => {
                if self.loaded(result) {
                    Outcome::None
                } else {
                    Outcome::Unchanged
                }
            }
            _ => Outcome::Unchanged,
        }
    }
}
