//! Hit-testing for wrapped paragraphs: where each line lands once wrapped, measured by drawing
//! it the way the paragraph does, so a click finds the line the user sees.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// How many rows `line` takes once wrapped at `width` (an empty line takes one).
pub fn line_rows(line: &Line<'_>, width: u16, trim: bool) -> u16 {
    if width == 0 {
        return 0;
    }
    let probe = Rect::new(0, 0, width, 64);
    let mut scratch = Buffer::empty(probe);
    Paragraph::new(line.clone())
        .wrap(Wrap { trim })
        .render(probe, &mut scratch);
    (0..probe.height)
        .rev()
        .find(|&y| (0..width).any(|x| scratch[(x, y)].symbol() != " "))
        .map_or(1, |y| y + 1)
}

/// The index of the line of `lines` (drawn wrapped from the top of `area`) at (`column`, `row`).
pub fn line_at(lines: &[Line<'_>], area: Rect, trim: bool, column: u16, row: u16) -> Option<usize> {
    if !area.contains(Position::new(column, row)) {
        return None;
    }
    let mut top = area.y;
    for (i, line) in lines.iter().enumerate() {
        let bottom = top.saturating_add(line_rows(line, area.width, trim));
        if (top..bottom).contains(&row) {
            return Some(i);
        }
        if bottom >= area.bottom() {
            break;
        }
        top = bottom;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_are_found_on_every_row_they_take() {
        let lines = [
            Line::from("one"),
            Line::default(),
            Line::from("two three four"),
        ];
        let area = Rect::new(2, 5, 10, 10);
        assert_eq!(line_at(&lines, area, false, 2, 5), Some(0));
        assert_eq!(line_at(&lines, area, false, 2, 6), Some(1));
        assert_eq!(line_at(&lines, area, false, 2, 7), Some(2));
        assert_eq!(line_at(&lines, area, false, 2, 8), Some(2));
        assert_eq!(line_at(&lines, area, false, 2, 9), None);
        assert_eq!(line_at(&lines, area, false, 0, 5), None);
    }
}
