//! The footer: the current screen's keys, from the keymap. When they do not fit, the last
//! ones give way, but the help key always stays (the overlay lists everything).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::tui::keymap::{Context, Keymap};
use crate::tui::theme::Theme;

const SEPARATOR: &str = "  ";

pub fn render(keymap: &Keymap, context: Context, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let mut hints = keymap.hints(context);
    let width = |hints: &[(String, &str)]| -> usize {
        hints
            .iter()
            .map(|(k, w)| k.chars().count() + 1 + w.chars().count())
            .sum::<usize>()
            + SEPARATOR.len() * hints.len().saturating_sub(1)
    };
    while width(&hints) > usize::from(area.width) && hints.len() > 1 {
        let drop = hints
            .iter()
            .rposition(|(_, what)| *what != "help")
            .unwrap_or(0);
        hints.remove(drop);
    }
    let mut spans = Vec::new();
    for (i, (key, what)) in hints.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(SEPARATOR));
        }
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::styled(format!(" {what}"), theme.muted()));
    }
    Line::from(spans).render(area, buf);
}
