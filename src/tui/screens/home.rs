//! Account home: who is signed in, the access token's remaining time, sign out.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};
use time::OffsetDateTime;

use super::attributes::AttributesScreen;
use super::change_password::ChangePasswordScreen;
use super::mfa_settings::MfaSettingsScreen;
use super::tokens::TokensScreen;
use super::verify::VerifyScreen;
use super::{Cx, Outcome, Screen, View};
use crate::service::account::REFRESH_MARGIN;
use crate::tui::keymap::{Command, Context, Keymap};
use crate::tui::msg::account::{AccountMsg, AccountTask};
use crate::tui::msg::{HomeData, Msg, Task};
use crate::tui::widgets::{Confirm, Toast};

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

    /// Signed in: the account home in place of the screen that signed in, and why the
    /// session was not saved if it was not.
    pub fn enter(data: HomeData, notice: Option<String>, cx: &Cx) -> Outcome {
        let home = Outcome::Replace(Screen::Home(Box::new(Self::new(data, cx.now))));
        super::sign_in::with_notice(home, notice)
    }

    /// Asks for new tokens from the refresh token.
    pub fn refresh(&self, cx: &Cx) -> Outcome {
        Self::refresh_of(&self.data, cx)
    }

    /// A refresh of `data`'s session, asked by any screen.
    pub fn refresh_of(data: &HomeData, cx: &Cx) -> Outcome {
        let username = data.username.clone();
        let session = Box::new(data.session.clone());
        cx.task(|conn| Task::Refresh {
            conn,
            username,
            session,
        })
    }

    /// Re-reads the user after a change made on a screen over the home.
    pub fn reload(data: &HomeData, cx: &Cx) -> Outcome {
        let task = AccountTask::ReloadHome {
            username: data.username.clone(),
            session: Box::new(data.session.clone()),
        };
        cx.task(|conn| Task::Account { conn, task })
    }

    fn sign_out(&self, cx: &Cx) -> Outcome {
        let username = self.data.username.clone();
        let session = Box::new(self.data.session.clone());
        let sign_out = cx.task(|conn| Task::SignOut {
            conn,
            username,
            session,
        });
        let text = format!(
            "Sign out {} on this device? Its refresh token is revoked.",
            self.data.username
        );
        let confirm = Confirm::new("Sign out?", text, "sign out");
        Outcome::Ask(Box::new(confirm), Box::new(sign_out))
    }

    fn global_sign_out(&self, cx: &Cx) -> Outcome {
        let task = AccountTask::GlobalSignOut {
            username: self.data.username.clone(),
            session: Box::new(self.data.session.clone()),
        };
        let text = format!(
            "Sign out {} on every device? Every token issued to the account stops working.",
            self.data.username
        );
        let confirm = Confirm::new("Sign out everywhere?", text, "sign out everywhere");
        let then = cx.task(|conn| Task::Account { conn, task });
        Outcome::Ask(Box::new(confirm), Box::new(then))
    }

    fn delete_account(&self, cx: &Cx) -> Outcome {
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
        let then = cx.task(|conn| Task::Account { conn, task });
        Outcome::Ask(Box::new(confirm), Box::new(then))
    }

    /// The sign-in is over (signed out everywhere, or the account deleted): back to sign in.
    fn ended(
        result: Result<String, crate::service::ServiceError>,
        username: &str,
        cx: &Cx,
    ) -> Outcome {
        match result {
            Ok(text) => Outcome::Reset(cx.sign_in(username)).with_toast(Toast::info(text)),
            Err(e) => Outcome::Toast(Toast::error(e.to_string())),
        }
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
    pub fn clicked(
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
    fn draw(
        &self,
        area: Rect,
        buf: &mut Buffer,
        theme: &crate::tui::theme::Theme,
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

impl View for HomeScreen {
    fn context(&self) -> Context {
        Context::Home
    }

    fn command(&mut self, command: Command, cx: &Cx) -> Outcome {
        let data = &self.data;
        match command {
            Command::Refresh => self.refresh(cx),
            Command::MfaSettings => MfaSettingsScreen::open(data, cx),
            Command::SignOut => self.sign_out(cx),
            Command::EditAttributes => AttributesScreen::open(data, cx, false),
            Command::ChangePassword => {
                let mut screen = ChangePasswordScreen::new(*cx.theme);
                screen.set_policy(cx.pool.policy());
                Outcome::Push(Screen::ChangePassword(Box::new(screen)))
            }
            Command::VerifyAttribute => {
                Outcome::Push(VerifyScreen::open(data, None, None, false, cx))
            }
            Command::InspectTokens => TokensScreen::open(data, cx),
            Command::GlobalSignOut => self.global_sign_out(cx),
            Command::DeleteAccount => self.delete_account(cx),
            _ => Outcome::None,
        }
    }

    fn click(&mut self, area: Rect, column: u16, row: u16, cx: &Cx) -> Outcome {
        let actions = home_actions(cx.keymap);
        match self.clicked(area, column, row, &actions) {
            Some(command) => Outcome::Run(command),
            None => Outcome::None,
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        self.draw(area, buf, cx.theme, &home_actions(cx.keymap));
    }

    /// The countdown, and a refresh when the tokens near their expiry.
    fn tick(&mut self, cx: &Cx) -> Outcome {
        let changed = HomeScreen::tick(self, cx.now);
        if cx.busy.is_none() && self.needs_refresh(cx.now, REFRESH_MARGIN) {
            return self.refresh(cx);
        }
        if changed {
            Outcome::None
        } else {
            Outcome::Unchanged
        }
    }

    fn on_result(&mut self, msg: Msg, cx: &Cx) -> Outcome {
        match msg {
            Msg::Refreshed(Ok((session, notice))) => {
                self.refreshed(session, cx.now);
                Outcome::Toast(match notice {
                    Some(notice) => Toast::error(notice),
                    None => Toast::info("The session is refreshed."),
                })
            }
            Msg::Refreshed(Err(e)) => {
                self.refresh_failed = true;
                Outcome::Toast(Toast::error(format!(
                    "The session could not be refreshed: {e}"
                )))
            }
            Msg::SignedOut(text) => {
                Outcome::Replace(cx.sign_in(&self.data.username)).with_toast(Toast::info(text))
            }
            Msg::Account(AccountMsg::HomeReloaded(Ok(data))) => {
                self.data = *data;
                self.refresh_failed = false;
                HomeScreen::tick(self, cx.now);
                Outcome::None
            }
            Msg::Account(AccountMsg::HomeReloaded(Err(e))) => Outcome::Toast(Toast::error(
                format!("The account could not be reloaded: {e}"),
            )),
            Msg::Account(AccountMsg::SignedOutEverywhere(result)) => {
                Self::ended(result, &self.data.username, cx)
            }
            Msg::Account(AccountMsg::Deleted(result)) => Self::ended(result, "", cx),
            _ => Outcome::None,
        }
    }
}

/// What the account home lists as its actions: its commands and keys from the keymap, without
/// help and quit. Drawing and clicks both use it.
pub fn home_actions(keymap: &Keymap) -> Vec<(Command, String)> {
    keymap
        .commands_with_keys(Context::Home)
        .into_iter()
        .filter(|(command, _)| !matches!(command, Command::Help | Command::Quit))
        .collect()
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
