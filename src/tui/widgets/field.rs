//! A one-line text field: our single wrapper over `ratatui-textarea`, with a mask for secrets
//! and a show/hide toggle.

use std::borrow::Cow;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::Widget;
use ratatui_textarea::TextArea;

use crate::secret::SecretString;
use crate::tui::theme::Theme;

const MASK: char = '•';
/// Width of the label column.
pub const LABEL_WIDTH: u16 = 16;

pub struct Field {
    /// Owned when it names something only known at run time (a pool's attribute).
    label: Cow<'static, str>,
    area: TextArea<'static>,
    secret: bool,
    shown: bool,
}

impl std::fmt::Debug for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value = if self.secret {
            "***".to_string()
        } else {
            self.value()
        };
        f.debug_struct("Field")
            .field("label", &self.label)
            .field("value", &value)
            .finish()
    }
}

impl Field {
    pub fn new(label: impl Into<Cow<'static, str>>) -> Self {
        let mut area = TextArea::default();
        area.set_cursor_line_style(Style::new());
        area.set_cursor_style(Style::new());
        Self {
            label: label.into(),
            area,
            secret: false,
            shown: false,
        }
    }

    /// A masked field (a password or code) that `toggle_shown` can reveal.
    pub fn secret(label: impl Into<Cow<'static, str>>) -> Self {
        let mut field = Self::new(label);
        field.secret = true;
        field.area.set_mask_char(MASK);
        field
    }

    pub fn with_value(mut self, value: &str) -> Self {
        self.set_value(value);
        self
    }

    pub fn label(&self) -> &str {
        &self.label
    }

    pub fn set_value(&mut self, value: &str) {
        self.area.select_all();
        self.area.cut();
        self.area.insert_str(value);
    }

    /// The text, trimmed of surrounding blanks (never for secrets: use `take_secret`).
    pub fn value(&self) -> String {
        self.area.lines().concat().trim().to_string()
    }

    /// Lets `read` see the text as typed without copying it out (a password's policy check);
    /// the temporary joined copy is wiped.
    pub fn inspect<R>(&self, read: impl FnOnce(&str) -> R) -> R {
        let text = zeroize::Zeroizing::new(self.area.lines().concat());
        read(&text)
    }

    pub fn is_empty(&self) -> bool {
        self.area.lines().iter().all(|l| l.is_empty())
    }

    /// The secret as typed, leaving the field empty so it lives in one place only.
    pub fn take_secret(&mut self) -> SecretString {
        let secret = SecretString::new(self.area.lines().concat());
        self.area.select_all();
        self.area.cut();
        self.area.set_yank_text(String::new());
        secret
    }

    /// A copy of the secret; the field keeps it, so an error loses nothing typed.
    pub fn copy_secret(&mut self) -> SecretString {
        let secret = self.take_secret();
        self.set_value(secret.expose());
        secret
    }

    pub fn toggle_shown(&mut self) {
        if !self.secret {
            return;
        }
        self.shown = !self.shown;
        if self.shown {
            self.area.clear_mask_char();
        } else {
            self.area.set_mask_char(MASK);
        }
    }

    pub fn is_shown(&self) -> bool {
        self.shown
    }

    pub fn is_secret(&self) -> bool {
        self.secret
    }

    /// Sets how the field looks when it has (or loses) the focus: only the focused one shows
    /// a cursor.
    pub fn set_focus(&mut self, focused: bool, theme: &Theme) {
        self.area.set_cursor_style(if focused {
            theme.cursor()
        } else {
            Style::new()
        });
        self.area.set_style(theme.input(focused));
    }

    /// Edits the text with `key`; false when the key means nothing here. Line breaks are
    /// refused: the field is one line.
    pub fn input(&mut self, key: KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let newline = matches!(key.code, KeyCode::Enter | KeyCode::Tab)
            || (ctrl && matches!(key.code, KeyCode::Char('m' | 'j')));
        if newline {
            return false;
        }
        self.area.input(key)
    }

    /// Draws `label  value` on one row.
    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme, focused: bool) {
        let [label, value] =
            Layout::horizontal([Constraint::Length(LABEL_WIDTH), Constraint::Fill(1)]).areas(area);
        let marker = if focused { "› " } else { "  " };
        let mut style = theme.label(focused);
        if focused {
            style = style.add_modifier(Modifier::BOLD);
        }
        Span::styled(format!("{marker}{}", self.label), style).render(label, buf);
        (&self.area).render(value, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn typing_edits_and_enter_is_refused() {
        let mut field = Field::new("Username");
        assert!(field.input(key('a')));
        assert!(field.input(key('b')));
        assert!(!field.input(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
        assert_eq!(field.value(), "ab");
    }

    #[test]
    fn secrets_are_taken_once_and_debug_hides_them() {
        let mut field = Field::secret("Password");
        field.set_value("hunter2");
        assert!(!format!("{field:?}").contains("hunter2"));
        assert_eq!(field.take_secret().expose(), "hunter2");
        assert!(field.is_empty());
        field.toggle_shown();
        assert!(field.is_shown());
    }
}
