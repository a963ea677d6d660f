//! The help overlay: every binding of the current screen, from the keymap.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use crate::tui::keymap::{Context, Keymap};
use crate::tui::theme::Theme;

pub fn render(keymap: &Keymap, context: Context, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let entries = keymap.help(context);
    let key_width = entries
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let lines: Vec<Line> = entries
        .iter()
        .map(|(keys, what)| {
            Line::from(vec![
                Span::styled(format!("{keys:<key_width$}  "), theme.key()),
                Span::styled(*what, theme.text()),
            ])
        })
        .collect();
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = area.centered(Constraint::Percentage(90), Constraint::Length(height));
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .block(
            Block::bordered()
                .title(Span::styled(" Keys (Esc closes) ", theme.title(true)))
                .border_style(theme.border(true)),
        )
        .render(popup, buf);
}
