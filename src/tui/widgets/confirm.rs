//! A yes/no question drawn over the screen, for actions that cannot be undone or that lose
//! work. A destructive one can ask the user to type a word (their username) before yes counts.
//! The widget knows nothing of what yes does: its owner keeps that next to it.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use super::Field;
use crate::tui::keymap::Command;
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;

/// Widest a dialog grows, in columns.
const MAX_WIDTH: u16 = 64;
/// Columns between the two answer buttons.
const BUTTON_GAP: u16 = 2;

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

    /// The answers as drawn: `[ y Yes, sign out ]` and `[ n No ]`, keys from the keymap.
    fn buttons(&self, yes_key: &str, no_key: &str) -> (String, String) {
        (
            format!("[ {yes_key} Yes, {} ]", self.yes_label),
            format!("[ {no_key} No ]"),
        )
    }

    /// Where each part of the dialog goes over `area`; `render` and `click` share it.
    pub fn layout(&self, area: Rect, yes_key: &str, no_key: &str) -> DialogAreas {
        let width = area.width.saturating_sub(4).min(MAX_WIDTH);
        let inner_width = width.saturating_sub(2);
        let text_rows = wrapped_rows(&[Line::from(self.text.as_str())], inner_width);
        let (yes, no) = self.buttons(yes_key, no_key);
        let (yes_width, no_width) = (text_width(&yes), text_width(&no));
        // Side by side when both fit, else one under the other.
        let beside = yes_width + BUTTON_GAP + no_width <= inner_width;
        let button_rows = if beside { 1 } else { 2 };
        let field_rows = u16::from(self.expected.is_some()) * 2;
        let error_rows = match &self.error {
            Some(e) => wrapped_rows(&[Line::from(e.as_str())], inner_width) + 1,
            None => 0,
        };
        let height = (text_rows + 1 + button_rows + field_rows + error_rows + 2).min(area.height);
        let popup = area.centered(Constraint::Length(width), Constraint::Length(height));
        let inner = Block::bordered().inner(popup);
        let [text, _, buttons, field, error] = Layout::vertical([
            Constraint::Length(text_rows),
            Constraint::Length(1),
            Constraint::Length(button_rows),
            Constraint::Length(field_rows),
            Constraint::Fill(1),
        ])
        .areas(inner);
        let yes_area = Rect::new(buttons.x, buttons.y, yes_width, 1).intersection(buttons);
        let no_area = if beside {
            Rect::new(buttons.x + yes_width + BUTTON_GAP, buttons.y, no_width, 1)
        } else {
            Rect::new(buttons.x, buttons.y.saturating_add(1), no_width, 1)
        }
        .intersection(buttons);
        let field_row = if self.expected.is_some() {
            let [_, row] =
                Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(field);
            row
        } else {
            Rect::default()
        };
        DialogAreas {
            popup,
            text,
            yes: yes_area,
            no: no_area,
            field: field_row,
            error,
        }
    }

    /// A click on an answer gives it (yes still waits for a typed word); anywhere else, the
    /// question stays open.
    pub fn click(
        &mut self,
        area: Rect,
        (yes_key, no_key): (&str, &str),
        column: u16,
        row: u16,
    ) -> Answer {
        let areas = self.layout(area, yes_key, no_key);
        let at = Position::new(column, row);
        if areas.yes.contains(at) {
            self.command(Command::Yes)
        } else if areas.no.contains(at) {
            Answer::No
        } else {
            Answer::Open
        }
    }

    /// Draws the dialog centred over `area`; `yes_key`/`no_key` name the keys (from the keymap).
    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme, yes_key: &str, no_key: &str) {
        let areas = self.layout(area, yes_key, no_key);
        Clear.render(areas.popup, buf);
        Block::bordered()
            .title(Span::styled(format!(" {} ", self.title), theme.title(true)))
            .border_style(theme.border(true))
            .render(areas.popup, buf);
        Paragraph::new(Span::styled(self.text.as_str(), theme.text()))
            .wrap(Wrap { trim: true })
            .render(areas.text, buf);
        let (yes, no) = self.buttons(yes_key, no_key);
        Span::styled(yes, theme.key()).render(areas.yes, buf);
        Span::styled(no, theme.key()).render(areas.no, buf);
        if self.expected.is_some() {
            self.field.render(areas.field, buf, theme, true);
        }
        if let Some(e) = &self.error {
            let [_, rest] =
                Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(areas.error);
            Paragraph::new(Span::styled(e.as_str(), theme.error()))
                .wrap(Wrap { trim: true })
                .render(rest, buf);
        }
    }
}

/// Where a dialog's parts are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DialogAreas {
    pub popup: Rect,
    pub text: Rect,
    pub yes: Rect,
    pub no: Rect,
    /// The typed word's field (empty when none is asked for).
    pub field: Rect,
    pub error: Rect,
}

fn text_width(text: &str) -> u16 {
    u16::try_from(Span::raw(text).width()).unwrap_or(u16::MAX)
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
    fn a_click_on_an_answer_gives_it() {
        let area = Rect::new(0, 0, 80, 20);
        let mut c = Confirm::new("Sign out?", "Sign out alice?", "sign out");
        let areas = c.layout(area, "y", "n");
        assert_eq!(areas.yes.width, "[ y Yes, sign out ]".len() as u16);
        assert_eq!(areas.yes.y, areas.no.y);
        let keys = ("y", "n");
        assert_eq!(c.click(area, keys, areas.yes.x, areas.yes.y), Answer::Yes);
        assert_eq!(
            c.click(area, keys, areas.no.right() - 1, areas.no.y),
            Answer::No
        );
        assert_eq!(
            c.click(area, keys, areas.text.x, areas.text.y),
            Answer::Open
        );
        assert_eq!(c.click(area, keys, 0, 0), Answer::Open);
        // Too narrow for both on one row: one under the other.
        let narrow = Rect::new(0, 0, 24, 20);
        let areas = c.layout(narrow, "y", "n");
        assert_eq!(areas.no.y, areas.yes.y + 1);
    }

    #[test]
    fn rows_are_measured_as_drawn() {
        let line = [Line::from("one two three four")];
        assert_eq!(wrapped_rows(&line, 40), 1);
        assert_eq!(wrapped_rows(&line, 10), 2);
    }
}
