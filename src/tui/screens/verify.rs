//! Verify the email address or phone number: choose one that is not verified yet, send a code,
//! enter it. Reached from the account home and from the attribute editor.

use std::collections::BTreeMap;

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::attributes::AttributesScreen;
use super::home::HomeScreen;
use super::{Cx, Outcome, Screen, View, delivery_words, render_notes};
use crate::secret::SecretString;
use crate::service::ServiceError;
use crate::service::account::CodeDelivery;
use crate::tui::keymap::{Command, Context};
use crate::tui::msg::account::{AccountMsg, AccountTask};
use crate::tui::msg::{HomeData, Msg, Task};
use crate::tui::theme::Theme;
use crate::tui::widgets::Toast;
use crate::tui::widgets::list::Rows;
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
    /// Whether the account has an email address or phone number at all.
    has_contact: bool,
    theme: Theme,
    pub choices: Vec<Choice>,
    pub selected: usize,
    form: Form,
    /// Where the code for each attribute went, once sent.
    pub sent: BTreeMap<&'static str, String>,
    /// Where to read the code, when the pool is the local one.
    pub outbox_hint: Option<String>,
    pub error: Option<String>,
    from_attributes: bool,
}

impl VerifyScreen {
    /// `attribute` preselects a choice; `sent_to` says its code already went (a profile save).
    pub fn new(
        home: &HomeData,
        attribute: Option<&str>,
        sent_to: Option<String>,
        from_attributes: bool,
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
            has_contact: home.email.is_some() || home.phone.is_some(),
            form: Form::new(vec![Field::new("Code")], &theme),
            theme,
            choices,
            selected,
            sent,
            outbox_hint: None,
            error: None,
            from_attributes,
        }
    }

    pub fn form(&self) -> &Form {
        &self.form
    }

    pub fn chosen(&self) -> Option<&Choice> {
        self.choices.get(self.selected)
    }

    /// The screen for the account `home`, the outbox hint filled in.
    pub fn open(
        home: &HomeData,
        attribute: Option<&str>,
        sent_to: Option<String>,
        from_attributes: bool,
        cx: &Cx,
    ) -> Screen {
        let mut screen = Self::new(home, attribute, sent_to, from_attributes, *cx.theme);
        screen.outbox_hint = cx.outbox_hint();
        Screen::Verify(Box::new(screen))
    }

    fn choose(&mut self, index: usize) {
        if index != self.selected {
            self.selected = index;
            self.form.field_mut(0).set_value("");
            self.error = None;
        }
    }

    /// Where Esc (or a success) leads: where the user came from; after a success the home
    /// re-reads the account.
    fn back(&self, reload: bool, cx: &Cx) -> Outcome {
        match cx.home {
            Some(home) if self.from_attributes => AttributesScreen::open(home, cx, true),
            Some(home) if reload => Outcome::Pop.then(HomeScreen::reload(home, cx)),
            _ => Outcome::Pop,
        }
    }

    fn send_code(&mut self, cx: &Cx) -> Outcome {
        let (Some(choice), Some(home)) = (self.chosen(), cx.home) else {
            return Outcome::None;
        };
        let task = AccountTask::SendCode {
            session: Box::new(home.session.clone()),
            attribute: choice.attribute.to_string(),
        };
        cx.task(|conn| Task::Account { conn, task })
    }

    /// Enter sends a code first, then verifies the code typed.
    fn submit(&mut self, cx: &Cx) -> Outcome {
        let Some(attribute) = self.chosen().map(|c| c.attribute) else {
            return Outcome::None;
        };
        if !self.sent.contains_key(attribute) && self.form.field(0).is_empty() {
            return self.send_code(cx);
        }
        if let Err(message) = self.form.require(&[0], &self.theme) {
            self.error = Some(message);
            return Outcome::None;
        }
        let Some(home) = cx.home else {
            return Outcome::None;
        };
        let task = AccountTask::VerifyAttribute {
            session: Box::new(home.session.clone()),
            attribute: attribute.to_string(),
            code: SecretString::new(self.form.field(0).value()),
        };
        cx.task(|conn| Task::Account { conn, task })
    }

    pub fn code_sent(&mut self, delivery: &CodeDelivery) {
        if let Some(choice) = self.choices.get(self.selected) {
            self.sent.insert(choice.attribute, delivery_words(delivery));
        }
        self.error = None;
    }

    pub fn failed(&mut self, error: &ServiceError) {
        self.error = Some(error.to_string());
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

    fn draw(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let block = Block::bordered()
            .title(Span::styled(" Verify ", theme.title(true)))
            .border_style(theme.border(true));
        let inner = block.inner(area);
        block.render(area, buf);
        if self.choices.is_empty() {
            let text = if self.has_contact {
                "Everything is verified: there is nothing to verify."
            } else {
                "This account has no email address or phone number to verify."
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

impl View for VerifyScreen {
    fn context(&self) -> Context {
        Context::Verify
    }

    fn input(&mut self, key: KeyEvent, _cx: &Cx) -> Outcome {
        if self.form.input(key) {
            self.error = None;
        }
        Outcome::None
    }

    fn command(&mut self, command: Command, cx: &Cx) -> Outcome {
        if let Some(moved) = Rows::new(self.choices.len()).moved(self.selected, command, 1) {
            self.choose(moved);
            return Outcome::None;
        }
        match command {
            Command::ResendCode => return self.send_code(cx),
            Command::Submit => return self.submit(cx),
            Command::Back => return self.back(false, cx),
            _ => {}
        }
        Outcome::None
    }

    /// A click on an email or phone chooses it; one on the code field focuses it.
    fn click(&mut self, area: Rect, column: u16, row: u16, _cx: &Cx) -> Outcome {
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

    fn render(&self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        self.draw(area, buf, cx.theme);
    }

    fn on_result(&mut self, msg: Msg, cx: &Cx) -> Outcome {
        match msg {
            Msg::Account(AccountMsg::CodeSent(Ok(delivery))) => {
                self.code_sent(&delivery);
                Outcome::Toast(Toast::info("A code is on its way."))
            }
            Msg::Account(AccountMsg::CodeSent(Err(e))) => {
                self.failed(&e);
                Outcome::None
            }
            Msg::Account(AccountMsg::Verified { attribute, result }) => match result {
                Ok(()) => {
                    let what = if attribute == "phone_number" {
                        "The phone number"
                    } else {
                        "The email address"
                    };
                    self.back(true, cx)
                        .with_toast(Toast::info(format!("{what} is verified.")))
                }
                Err(e) => {
                    self.failed(&e);
                    Outcome::None
                }
            },
            _ => Outcome::None,
        }
    }
}
