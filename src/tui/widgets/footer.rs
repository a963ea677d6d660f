//! The footer: the current screen's keys, from the keymap. When they do not fit, the last
//! ones give way, but the help key always stays (the overlay lists everything). `layout` places
//! every key and word; drawing and mouse clicks both use it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Span;
use ratatui::widgets::Widget;

use crate::tui::keymap::{Command, Context, Hint, Keymap};
use crate::tui::theme::Theme;

const SEPARATOR: &str = "  ";

/// One piece of the footer where it is drawn: a key (`is_key`) or a hint's word, and the
/// command a click on it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub text: String,
    pub area: Rect,
    pub command: Command,
    pub is_key: bool,
}

fn width(text: &str) -> u16 {
    u16::try_from(Span::raw(text).width()).unwrap_or(u16::MAX)
}

/// The hints that fit in `area`, placed left to right.
pub fn layout(keymap: &Keymap, context: Context, area: Rect) -> Vec<Placed> {
    let mut hints = keymap.footer_hints(context);
    let total = |hints: &[Hint]| -> usize {
        hints
            .iter()
            .map(|h| {
                let keys: usize = h.keys.iter().map(|(k, _)| usize::from(width(k))).sum();
                keys + h.keys.len().saturating_sub(1) + 1 + usize::from(width(h.what))
            })
            .sum::<usize>()
            + SEPARATOR.len() * hints.len().saturating_sub(1)
    };
    while total(&hints) > usize::from(area.width) && hints.len() > 1 {
        let drop = hints.iter().rposition(|h| h.what != "help").unwrap_or(0);
        hints.remove(drop);
    }
    let mut placed = Vec::new();
    let mut x = area.x;
    let mut put = |text: String, command: Command, is_key: bool, x: &mut u16| {
        let w = width(&text).min(area.right().saturating_sub(*x));
        placed.push(Placed {
            area: Rect::new(*x, area.y, w, area.height.min(1)),
            text,
            command,
            is_key,
        });
        *x = x.saturating_add(w);
    };
    for (i, hint) in hints.iter().enumerate() {
        if i > 0 {
            x = x.saturating_add(width(SEPARATOR)).min(area.right());
        }
        for (j, (key, command)) in hint.keys.iter().enumerate() {
            if j > 0 {
                x = x.saturating_add(1).min(area.right());
            }
            put(key.clone(), *command, true, &mut x);
        }
        let first = hint.keys.first().map_or(Command::Help, |(_, c)| *c);
        put(format!(" {}", hint.what), first, false, &mut x);
    }
    placed
}

pub fn render(keymap: &Keymap, context: Context, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let placed = layout(keymap, context, area);
    let mut prev_key_end: Option<u16> = None;
    for piece in &placed {
        // Keys of one hint are joined by a slash in the gap between them.
        let joined = prev_key_end.filter(|end| piece.is_key && piece.area.x == end + 1);
        if let Some(end) = joined {
            Span::styled("/", theme.key()).render(Rect::new(end, area.y, 1, 1), buf);
        }
        let style = if piece.is_key {
            theme.key()
        } else {
            theme.muted()
        };
        Span::styled(piece.text.as_str(), style).render(piece.area, buf);
        prev_key_end = piece.is_key.then(|| piece.area.right());
    }
}

/// The command of the footer piece at (`column`, `row`), if any.
pub fn hit(
    keymap: &Keymap,
    context: Context,
    area: Rect,
    column: u16,
    row: u16,
) -> Option<Command> {
    layout(keymap, context, area)
        .into_iter()
        .find(|p| p.area.contains(Position::new(column, row)))
        .map(|p| p.command)
}
