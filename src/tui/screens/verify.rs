//! Verify the email address or phone number: choose one that is not verified yet, send a code,
//! enter it. Reached from the account home and from the profile editor.

use std::collections::BTreeMap;

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::{Nav, Outcome, Request, delivery_words, render_notes};
use crate::secret::SecretString;
use crate::service::account::CodeDelivery;
use crate::tui::keymap::Command;
use crate::tui::msg::HomeData;
use crate::tui::msg::account::AccountTask;
use crate::tui::theme::Theme;
use crate::tui::widgets::{Field, Form};

/// An attribute that can be verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The wire name: `email` or `phone_number`.
    pub attribute: &'static str,
    pub label: &'static str,
    pub value: String,
}

#[derive(Debug)]
pub struct VerifyScreen {
    pub home: HomeData,
    theme: Theme,
    pub choices: Vec<Choice>,
    pub selected: usize,
    form: Form,
    /// Where the code for each attribute went, once sent.
    pub sent: BTreeMap<&'static str, String>,
    /// Where to read the code, when the pool is the local one.
    pub outbox_hint: Option<String>,
    pub error: Option<String>,
    from_profile: bool,
}

impl VerifyScreen {
    /// `attribute` preselects a choice; `sent_to` says its code already went (a profile save).
    pub fn new(
        home: HomeData,
        attribute: Option<&str>,
        sent_to: Option<String>,
        from_profile: bool,
        theme: Theme,
    ) -> Self {
        let mut choices = Vec::new();
        if let (Some(email), false) = (&home.email, home.email_verified) {
            choices.push(Choice {
                attribute: "email",
                label: "Email",
                value: email.clone(),
            });
        }
        if let (Some(phone), false) = (&home.phone, home.phone_verified) {
            choices.push(Choice {
                attribute: "phone_number",
                label: "Phone",
                value: phone.clone(),
            });
        }
        let selected = attribute
            .and_then(|a| choices.iter().position(|c| c.attribute == a))
            .unwrap_or(0);
        let mut sent = BTreeMap::new();
        if let (Some(choice), Some(to)) = (choices.get(selected), sent_to) {
            sent.insert(choice.attribute, to);
        }
        Self {
            home,
            form: Form::new(vec![Field::new("Code")], &theme),
            theme,
            choices,
            selected,
            sent,
            outbox_hint: None,
            error: None,
            from_profile,
        }
    }

    pub fn form(&self) -> &Form {
        &self.form
    }

    pub fn chosen(&self) -> Option<&Choice> {
        self.choices.get(self.selected)
    }

    pub fn input(&mut self, key: KeyEvent) {
        if self.form.input(key) {
            self.error = None;
        }
    }

    pub fn command(&mut self, command: Command) -> Outcome {
        let len = self.choices.len().max(1);
        match command {
            Command::Up => self.choose((self.selected + len - 1) % len),
            Command::Down => self.choose((self.selected + 1) % len),
            Command::ResendCode => return self.send_code(),
            Command::Submit => return self.submit(),
            Command::Back => return Outcome::Go(self.back(false)),
            _ => {}
        }
        Outcome::None
    }

    fn choose(&mut self, index: usize) {
        if index != self.selected {
            self.selected = index;
            self.form.field_mut(0).set_value("");
            self.error = None;
        }
    }

    /// Where Esc (or a success) leads: where the user came from.
    pub fn back(&self, reload: bool) -> Nav {
        let data = Box::new(self.home.clone());
        if self.from_profile {
            Nav::Profile(data)
        } else {
            Nav::Home { data, reload }
        }
    }

    fn send_code(&mut self) -> Outcome {
        let Some(choice) = self.chosen() else {
            return Outcome::None;
        };
        Outcome::Request(Request::Account(AccountTask::SendCode {
            session: Box::new(self.home.session.clone()),
            attribute: choice.attribute.to_string(),
        }))
    }

    /// Enter sends a code first, then verifies the code typed.
    fn submit(&mut self) -> Outcome {
        let Some(attribute) = self.chosen().map(|c| c.attribute) else {
            return Outcome::None;
        };
        if !self.sent.contains_key(attribute) && self.form.field(0).is_empty() {
            return self.send_code();
        }
        if let Err(message) = self.form.require(&[0], &self.theme) {
            self.error = Some(message);
            return Outcome::None;
        }
        Outcome::Request(Request::Account(AccountTask::VerifyAttribute {
            session: Box::new(self.home.session.clone()),
            attribute: attribute.to_string(),
            code: SecretString::new(self.form.field(0).value()),
        }))
    }

    pub fn code_sent(&mut self, delivery: &CodeDelivery) {
        if let Some(choice) = self.choices.get(self.selected) {
            self.sent.insert(choice.attribute, delivery_words(delivery));
        }
        self.error = None;
    }

    pub fn failed(&mut self, error: String) {
        self.error = Some(error);
    }

    /// The choices', the code field's and the notes' areas; render and `click` share it.
    fn layout(&self, area: Rect) -> [Rect; 3] {
        let rows = self.choices.len() as u16;
        let [list, _, code, _, notes] = Layout::vertical([
            Constraint::Length(rows),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(Block::bordered().inner(area));
        [list, code, notes]
    }

    /// A click on an email or phone chooses it; one on the code field focuses it.
    pub fn click(&mut self, area: Rect, column: u16, row: u16) -> Outcome {
        if self.choices.is_empty() {
            return Outcome::None;
        }
        let [list, code, _] = self.layout(area);
        if list.contains(Position::new(column, row)) {
            self.choose(usize::from(row - list.y));
        } else {
            self.form.click(code, column, row, &self.theme);
        }
        Outcome::None
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let block = Block::bordered()
            .title(Span::styled(" Verify ", theme.title(true)))
            .border_style(theme.border(true));
        let inner = block.inner(area);
        block.render(area, buf);
        if self.choices.is_empty() {
            let text = match (&self.home.email, &self.home.phone) {
                (None, None) => "This account has no email address or phone number to verify.",
                _ => "Everything is verified: there is nothing to verify.",
            };
            Paragraph::new(Span::styled(text, theme.success())).render(inner, buf);
            return;
        }
        let [list, code, notes] = self.layout(area);
        let width = self
            .choices
            .iter()
            .map(|c| c.value.chars().count())
            .max()
            .unwrap_or(0);
        let lines: Vec<Line> = self
            .choices
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let chosen = i == self.selected;
                let marker = if chosen { "● " } else { "○ " };
                let style = if chosen {
                    theme.selected()
                } else {
                    theme.text()
                };
                Line::from(vec![
                    Span::raw(marker),
                    Span::styled(format!("{:<7}{:<width$}", c.label, c.value), style),
                    Span::styled("  ✗ not verified", theme.error()),
                ])
            })
            .collect();
        Paragraph::new(lines).render(list, buf);
        self.form.render(code, buf, theme);
        let mut text = Vec::new();
        if let Some(choice) = self.chosen() {
            match self.sent.get(choice.attribute) {
                Some(to) => text.push(format!("A code was sent {to}. Enter it.")),
                None => text.push("Press Enter to send a code.".to_string()),
            }
        }
        text.extend(self.outbox_hint.clone());
        render_notes(&text, self.error.as_deref(), notes, buf, theme);
    }
}
