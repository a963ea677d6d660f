//! Register: username, password (with the policy), email and names; then the confirm screen.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Widget};

use super::{Nav, Outcome, Request, render_notes};
use crate::service::account::RegisterRequest;
use crate::tui::keymap::Command;
use crate::tui::theme::Theme;
use crate::tui::widgets::{Field, Form};

const USERNAME: usize = 0;
const PASSWORD: usize = 1;
const EMAIL: usize = 2;
const GIVEN_NAME: usize = 3;
const FAMILY_NAME: usize = 4;

/// The user API cannot read a pool's policy, so the usual one is shown; the pool's own rule
/// comes back in plain words if the password falls short of it.
pub const POLICY_TEXT: &str = "Password: at least 8 characters with upper- and lower-case \
    letters, a digit and a symbol (Cognito's default; the pool may differ).";

#[derive(Debug)]
pub struct RegisterScreen {
    form: Form,
    theme: Theme,
    pub error: Option<String>,
}

impl RegisterScreen {
    pub fn new(username: &str, theme: Theme) -> Self {
        let form = Form::new(
            vec![
                Field::new("Username").with_value(username),
                Field::secret("Password"),
                Field::new("Email"),
                Field::new("Given name"),
                Field::new("Family name"),
            ],
            &theme,
        );
        Self {
            form,
            theme,
            error: None,
        }
    }

    pub fn form(&self) -> &Form {
        &self.form
    }

    pub fn username(&self) -> String {
        self.form.field(USERNAME).value()
    }

    pub fn input(&mut self, key: KeyEvent) {
        if self.form.input(key) {
            self.error = None;
        }
    }

    pub fn command(&mut self, command: Command) -> Outcome {
        match command {
            Command::NextField => self.form.next(&self.theme),
            Command::PrevField => self.form.prev(&self.theme),
            Command::ToggleSecret => self.form.toggle_secrets(),
            Command::Back => {
                return Outcome::Go(Nav::SignIn {
                    username: self.username(),
                });
            }
            Command::Submit => return self.submit(),
            _ => {}
        }
        Outcome::None
    }

    fn submit(&mut self) -> Outcome {
        if let Err(message) = self.form.require(&[USERNAME, PASSWORD, EMAIL], &self.theme) {
            self.error = Some(message);
            return Outcome::None;
        }
        self.error = None;
        let mut attributes = vec![("email".to_string(), self.form.field(EMAIL).value())];
        for (index, name) in [(GIVEN_NAME, "given_name"), (FAMILY_NAME, "family_name")] {
            let value = self.form.field(index).value();
            if !value.is_empty() {
                attributes.push((name.to_string(), value));
            }
        }
        Outcome::Request(Request::Register(RegisterRequest {
            username: self.username(),
            password: self.form.field_mut(PASSWORD).take_secret(),
            attributes,
        }))
    }

    /// A refused registration, in plain words; the password has to be typed again.
    pub fn failed(&mut self, error: String) {
        self.error = Some(error);
        self.form.set_focus(PASSWORD, &self.theme);
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let block = Block::bordered()
            .title(Span::styled(" Create an account ", theme.title(true)))
            .border_style(theme.border(true));
        let inner = block.inner(area);
        block.render(area, buf);
        let [fields, _, notes] = Layout::vertical([
            Constraint::Length(self.form.len() as u16),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(inner);
        self.form.render(fields, buf, theme);
        let notes_text = [POLICY_TEXT.to_string()];
        render_notes(&notes_text, self.error.as_deref(), notes, buf, theme);
    }
}
