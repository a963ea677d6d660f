//! A yes/no question drawn over the screen, for actions that cannot be undone or that lose
//! work. A destructive one can ask the user to type a word (their username) before yes counts.
//! The widget knows nothing of what yes does: its owner keeps that next to it.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use super::Field;
use crate::tui::keymap::Command;
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;

/// Widest a dialog grows, in columns.
const MAX_WIDTH: u16 = 64;

#[derive(Debug)]
pub struct Confirm {
    pub title: String,
    pub text: String,
    /// What yes does, in a word or two ("Sign out").
    pub yes_label: String,
    /// When set, yes counts only once this exact text is typed in `field`.
    expected: Option<String>,
    field: Field,
    pub error: Option<String>,
}

/// What a key did to the question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
    /// Still asking (a key that means neither, or a typed word that does not match).
    Open,
}

impl Confirm {
    pub fn new(
        title: impl Into<String>,
        text: impl Into<String>,
        yes_label: impl Into<String>,
    ) -> Self {
        Self {
            title: title.into(),
            text: text.into(),
            yes_label: yes_label.into(),
            expected: None,
            field: Field::new("Type it"),
            error: None,
        }
    }

    /// Makes yes wait for `expected` typed into a field labelled `label`.
    pub fn typed(mut self, expected: &str, label: &'static str) -> Self {
        self.expected = Some(expected.to_string());
        self.field = Field::new(label);
        self
    }

    /// Styles the field for `theme` (its owner calls this when the dialog opens).
    pub fn focus(&mut self, theme: &Theme) {
        self.field.set_focus(true, theme);
    }

    /// Plain dialogs take y/n; a typed one takes letters as text.
    pub fn context(&self) -> Context {
        if self.expected.is_some() {
            Context::TypedDialog
        } else {
            Context::Dialog
        }
    }

    pub fn typed_text(&self) -> String {
        self.field.value()
    }

    pub fn command(&mut self, command: Command) -> Answer {
        match command {
            Command::No => Answer::No,
            Command::Yes => match &self.expected {
                Some(expected) if self.field.value() != *expected => {
                    self.error = Some(format!("Type {expected} to confirm, or cancel."));
                    Answer::Open
                }
                _ => Answer::Yes,
            },
            _ => Answer::Open,
        }
    }

    pub fn input(&mut self, key: KeyEvent) {
        if self.expected.is_some() && self.field.input(key) {
            self.error = None;
        }
    }

    /// Draws the dialog centred over `area`; `yes_key`/`no_key` name the keys (from the keymap).
    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme, yes_key: &str, no_key: &str) {
        let width = area.width.saturating_sub(4).min(MAX_WIDTH);
        let inner_width = width.saturating_sub(2);
        let mut lines = vec![Line::from(Span::styled(self.text.as_str(), theme.text()))];
        let answer = format!("{yes_key} {} · {no_key} cancel", self.yes_label);
        let text_rows = wrapped_rows(&lines, inner_width);
        lines.push(Line::default());
        lines.push(Line::from(vec![Span::styled(answer, theme.key())]));
        let field_rows = u16::from(self.expected.is_some()) * 2;
        let error_rows = match &self.error {
            Some(e) => wrapped_rows(&[Line::from(e.as_str())], inner_width) + 1,
            None => 0,
        };
        let height = (text_rows + 2 + field_rows + error_rows + 2).min(area.height);
        let popup = area.centered(Constraint::Length(width), Constraint::Length(height));
        Clear.render(popup, buf);
        let block = Block::bordered()
            .title(Span::styled(format!(" {} ", self.title), theme.title(true)))
            .border_style(theme.border(true));
        let inner = block.inner(popup);
        block.render(popup, buf);
        let [text, field, error] = Layout::vertical([
            Constraint::Length(text_rows + 2),
            Constraint::Length(field_rows),
            Constraint::Fill(1),
        ])
        .areas(inner);
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .render(text, buf);
        if self.expected.is_some() {
            let [_, row] =
                Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(field);
            self.field.render(row, buf, theme, true);
        }
        if let Some(e) = &self.error {
            let [_, rest] =
                Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(error);
            Paragraph::new(Span::styled(e.as_str(), theme.error()))
                .wrap(Wrap { trim: true })
                .render(rest, buf);
        }
    }
}

/// How many rows `lines` take once wrapped at `width`, measured by drawing them.
fn wrapped_rows(lines: &[Line<'_>], width: u16) -> u16 {
    if width == 0 {
        return 0;
    }
    let probe = Rect::new(0, 0, width, 64);
    let mut scratch = Buffer::empty(probe);
    Paragraph::new(lines.to_vec())
        .wrap(Wrap { trim: true })
        .render(probe, &mut scratch);
    (0..probe.height)
        .rev()
        .find(|&y| (0..width).any(|x| scratch[(x, y)].symbol() != " "))
        .map_or(1, |y| y + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    #[test]
    fn plain_questions_answer_at_once() {
        let mut c = Confirm::new("Sign out?", "Sign out alice?", "Sign out");
        assert_eq!(c.context(), Context::Dialog);
        assert_eq!(c.command(Command::Yes), Answer::Yes);
        assert_eq!(c.command(Command::No), Answer::No);
        assert_eq!(c.command(Command::Up), Answer::Open);
    }

    #[test]
    fn typed_questions_wait_for_the_word() {
        let mut c = Confirm::new("Delete?", "Gone for good.", "Delete").typed("alice", "Username");
        c.focus(&Theme::monochrome());
        assert_eq!(c.context(), Context::TypedDialog);
        assert_eq!(c.command(Command::Yes), Answer::Open);
        assert!(c.error.is_some());
        for ch in "alice".chars() {
            c.input(KeyEvent::new(KeyCode::Char(ch), KeyModifiers::NONE));
        }
        assert!(c.error.is_none());
        assert_eq!(c.command(Command::Yes), Answer::Yes);
    }

    #[test]
    fn rows_are_measured_as_drawn() {
        let line = [Line::from("one two three four")];
        assert_eq!(wrapped_rows(&line, 40), 1);
        assert_eq!(wrapped_rows(&line, 10), 2);
    }
}
