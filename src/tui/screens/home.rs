//! Account home: who is signed in, the access token's remaining time, sign out.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};
use time::OffsetDateTime;

use super::{Nav, Outcome, Request};
use crate::tui::keymap::Command;
use crate::tui::msg::HomeData;
use crate::tui::msg::account::AccountTask;
use crate::tui::theme::Theme;
use crate::tui::widgets::Confirm;

#[derive(Debug)]
pub struct HomeScreen {
    pub data: HomeData,
    /// "valid for 59m 58s", recomputed on each tick.
    pub remaining: String,
    /// Set when an automatic refresh failed, so it is not retried on every tick.
    pub refresh_failed: bool,
}

impl HomeScreen {
    pub fn new(data: HomeData, now: OffsetDateTime) -> Self {
        let mut screen = Self {
            data,
            remaining: String::new(),
            refresh_failed: false,
        };
        screen.tick(now);
        screen
    }

    /// Recomputes the countdown; true when its text changed (a redraw is due).
    pub fn tick(&mut self, now: OffsetDateTime) -> bool {
        let text = remaining_words(self.data.expires_at - now);
        let changed = text != self.remaining;
        self.remaining = text;
        changed
    }

    pub fn command(&mut self, command: Command) -> Outcome {
        match command {
            Command::Refresh => self.refresh(),
            Command::MfaSettings => Outcome::Go(super::Nav::MfaSettings),
            Command::SignOut => {
                let sign_out = Outcome::Request(Request::SignOut {
                    username: self.data.username.clone(),
                    session: Box::new(self.data.session.clone()),
                });
                let text = format!(
                    "Sign out {} on this device? Its refresh token is revoked.",
                    self.data.username
                );
                let confirm = Confirm::new("Sign out?", text, "sign out");
                Outcome::Ask(Box::new(confirm), Box::new(sign_out))
            }
            Command::EditProfile => Outcome::Go(Nav::Profile(Box::new(self.data.clone()))),
            Command::ChangePassword => {
                Outcome::Go(Nav::ChangePassword(Box::new(self.data.clone())))
            }
            Command::VerifyAttribute => Outcome::Go(Nav::Verify {
                data: Box::new(self.data.clone()),
                attribute: None,
                sent_to: None,
                from_profile: false,
            }),
            Command::GlobalSignOut => {
                let task = AccountTask::GlobalSignOut {
                    username: self.data.username.clone(),
                    session: Box::new(self.data.session.clone()),
                };
                let text = format!(
                    "Sign out {} on every device? Every token issued to the account stops working.",
                    self.data.username
                );
                let confirm = Confirm::new("Sign out everywhere?", text, "sign out everywhere");
                let then = Outcome::Request(Request::Account(task));
                Outcome::Ask(Box::new(confirm), Box::new(then))
            }
            Command::DeleteAccount => {
                let username = &self.data.username;
                let task = AccountTask::DeleteAccount {
                    username: username.clone(),
                    session: Box::new(self.data.session.clone()),
                };
                let text = format!(
                    "Delete the account {username} for good? This cannot be undone. \
                     Type the username to confirm."
                );
                let confirm =
                    Confirm::new("Delete the account?", text, "delete").typed(username, "Username");
                let then = Outcome::Request(Request::Account(task));
                Outcome::Ask(Box::new(confirm), Box::new(then))
            }
            _ => Outcome::None,
        }
    }

    /// Asks for new tokens from the refresh token.
    pub fn refresh(&self) -> Outcome {
        Outcome::Request(Request::Refresh {
            username: self.data.username.clone(),
            session: Box::new(self.data.session.clone()),
        })
    }

    /// True when the tokens expire within `margin` and no refresh has failed yet.
    pub fn needs_refresh(&self, now: OffsetDateTime, margin: time::Duration) -> bool {
        !self.refresh_failed && self.data.expires_at - margin <= now
    }

    /// Takes refreshed tokens.
    pub fn refreshed(&mut self, session: crate::service::session::Session, now: OffsetDateTime) {
        self.data.expires_at = session.tokens().expires_at;
        self.data.session = session;
        self.refresh_failed = false;
        self.tick(now);
    }

    /// Rows of who is signed in: username, sub, email and phone when known, groups, a blank
    /// row, the access token.
    fn info_rows(&self) -> u16 {
        5 + u16::from(self.data.email.is_some()) + u16::from(self.data.phone.is_some())
    }

    /// Where the actions' first row is drawn and how many of `count` fit (one row is then
    /// kept for "N more in the help" when not all do); render and `click` share it.
    fn actions_layout(&self, area: Rect, count: usize) -> (u16, usize) {
        let inner = Block::bordered().inner(area);
        let first = inner.y + self.info_rows() + 2;
        let room = usize::from(inner.height.saturating_sub(self.info_rows() + 2));
        let shown = if count > room {
            room.saturating_sub(1)
        } else {
            count
        };
        (first, shown)
    }

    /// The action whose line was clicked, to run as if its key was pressed.
    pub fn click(
        &self,
        area: Rect,
        column: u16,
        row: u16,
        actions: &[(Command, String)],
    ) -> Option<Command> {
        let inner = Block::bordered().inner(area);
        let (first, shown) = self.actions_layout(area, actions.len());
        let index = usize::from(row.checked_sub(first)?);
        let inside = column >= inner.x && column < inner.right();
        (inside && index < shown).then(|| actions[index].0)
    }

    /// Draws who is signed in, then `actions` (keys and what they do, from the keymap) as far
    /// as they fit, so a newcomer sees what can be done without opening the help.
    pub fn render(
        &self,
        area: Rect,
        buf: &mut Buffer,
        theme: &Theme,
        actions: &[(Command, String)],
    ) {
        let d = &self.data;
        let row = |name: &'static str, value: Vec<Span<'static>>| {
            let mut spans = vec![Span::styled(format!("{name:<14}"), theme.label(false))];
            spans.extend(value);
            Line::from(spans)
        };
        let mark = |verified: bool| {
            if verified {
                Span::styled(" ✓ verified", theme.success())
            } else {
                Span::styled(" ✗ not verified", theme.error())
            }
        };
        let mut lines = vec![
            row("Username", vec![Span::raw(d.username.clone())]),
            row("Sub", vec![Span::raw(d.sub.clone())]),
        ];
        if let Some(email) = &d.email {
            lines.push(row(
                "Email",
                vec![Span::raw(email.clone()), mark(d.email_verified)],
            ));
        }
        if let Some(phone) = &d.phone {
            lines.push(row(
                "Phone",
                vec![Span::raw(phone.clone()), mark(d.phone_verified)],
            ));
        }
        let groups = if d.groups.is_empty() {
            Span::styled("(none)", theme.muted())
        } else {
            Span::raw(d.groups.join(", "))
        };
        lines.push(row("Groups", vec![groups]));
        lines.push(Line::default());
        lines.push(row("Access token", vec![Span::raw(self.remaining.clone())]));
        let (_, shown) = self.actions_layout(area, actions.len());
        if shown > 0 {
            lines.push(Line::default());
            lines.push(Line::from(Span::styled("Actions", theme.label(false))));
            let width = actions.iter().map(|(_, k)| k.chars().count()).max();
            let width = width.unwrap_or(0);
            for (command, keys) in &actions[..shown] {
                lines.push(Line::from(vec![
                    Span::styled(format!("{keys:<width$}  "), theme.key()),
                    Span::styled(command.describe(), theme.text()),
                ]));
            }
            if shown < actions.len() {
                let more = format!("{} more in the help (?)", actions.len() - shown);
                lines.push(Line::from(Span::styled(more, theme.muted())));
            }
        }
        let title = format!(" Signed in as {} ", d.username);
        Paragraph::new(lines)
            .block(
                Block::bordered()
                    .title(Span::styled(title, theme.title(true)))
                    .border_style(theme.border(true)),
            )
            .render(area, buf);
    }
}

/// "valid for 1h 02m 05s", or that it has expired.
pub fn remaining_words(left: time::Duration) -> String {
    let secs = left.whole_seconds();
    if secs <= 0 {
        return "expired (sign in again)".to_string();
    }
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    if h > 0 {
        format!("valid for {h}h {m:02}m {s:02}s")
    } else {
        format!("valid for {m}m {s:02}s")
    }
}

#[cfg(test)]
mod tests {
    use super::remaining_words;
    use time::Duration;

    #[test]
    fn countdown_words() {
        assert_eq!(
            remaining_words(Duration::seconds(3725)),
            "valid for 1h 02m 05s"
        );
        assert_eq!(remaining_words(Duration::seconds(59)), "valid for 0m 59s");
        assert_eq!(
            remaining_words(Duration::seconds(-3)),
            "expired (sign in again)"
        );
    }
}
