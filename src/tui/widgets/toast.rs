//! A short-lived message above the footer: successes and errors that are not tied to a field.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::tui::theme::Theme;

/// How many ticks a toast stays (about four seconds at 4 Hz).
pub const TOAST_TICKS: u16 = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub text: String,
    pub kind: ToastKind,
    ticks_left: u16,
}

impl Toast {
    pub fn info(text: impl Into<String>) -> Self {
        Self::new(text, ToastKind::Info)
    }

    pub fn error(text: impl Into<String>) -> Self {
        Self::new(text, ToastKind::Error)
    }

    fn new(text: impl Into<String>, kind: ToastKind) -> Self {
        let text: String = text.into();
        // A toast often quotes a server: its control characters are shown, not obeyed.
        let text = crate::printable::one_line(&text).into_owned();
        Self {
            text,
            kind,
            ticks_left: TOAST_TICKS,
        }
    }

    /// Counts one tick down; false once the toast has had its time.
    pub fn tick(&mut self) -> bool {
        self.ticks_left = self.ticks_left.saturating_sub(1);
        self.ticks_left > 0
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let (mark, style) = match self.kind {
            ToastKind::Info => ("✓ ", theme.success()),
            ToastKind::Error => ("✗ ", theme.error()),
        };
        Paragraph::new(Line::from(vec![
            Span::styled(mark, style),
            Span::styled(self.text.as_str(), style),
        ]))
        .wrap(Wrap { trim: true })
        .render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A server's message with escape sequences is drawn as text; no cell holds a control.
    #[test]
    fn control_characters_in_a_toast_are_shown_not_obeyed() {
        let toast = Toast::error("bad \u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\nline");
        assert!(
            !toast.text.chars().any(char::is_control),
            "{:?}",
            toast.text
        );
        let area = Rect::new(0, 0, 80, 2);
        let mut buf = Buffer::empty(area);
        toast.render(area, &mut buf, &Theme::monochrome());
        let drawn: String = buf.content().iter().map(|c| c.symbol()).collect();
        assert!(!drawn.chars().any(char::is_control), "{drawn:?}");
        assert!(drawn.contains("\\u{1b}]0;pwned"), "{drawn:?}");
    }
}

#[cfg(test)]
mod drawing_tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::{Paragraph, Widget as _};

    /// What every other screen relies on for server text it shows as is (attribute values,
    /// group descriptions): ratatui draws no control character into a cell.
    #[test]
    fn ratatui_draws_no_control_characters() {
        let area = Rect::new(0, 0, 40, 1);
        let mut buf = Buffer::empty(area);
        Paragraph::new("a\u{1b}[2Jb\u{9b}c\u{7}d").render(area, &mut buf);
        let drawn: String = buf.content().iter().map(|c| c.symbol()).collect();
        assert!(!drawn.chars().any(char::is_control), "{drawn:?}");
    }
}
