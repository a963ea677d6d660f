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
        Self {
            text: text.into(),
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
