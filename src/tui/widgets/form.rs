//! A column of fields with one focused: Tab/↓ and Shift-Tab/↑ move, typing edits the focused
//! field.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Widget};

use super::Field;
use crate::tui::theme::Theme;

#[derive(Debug)]
pub struct Form {
    fields: Vec<Field>,
    focus: usize,
}

impl Form {
    pub fn new(fields: Vec<Field>, theme: &Theme) -> Self {
        let mut form = Self { fields, focus: 0 };
        form.refocus(theme);
        form
    }

    fn refocus(&mut self, theme: &Theme) {
        for (i, field) in self.fields.iter_mut().enumerate() {
            field.set_focus(i == self.focus, theme);
        }
    }

    pub fn focus(&self) -> usize {
        self.focus
    }

    pub fn set_focus(&mut self, index: usize, theme: &Theme) {
        self.focus = index.min(self.fields.len().saturating_sub(1));
        self.refocus(theme);
    }

    pub fn next(&mut self, theme: &Theme) {
        self.set_focus((self.focus + 1) % self.fields.len().max(1), theme);
    }

    pub fn prev(&mut self, theme: &Theme) {
        let len = self.fields.len().max(1);
        self.set_focus((self.focus + len - 1) % len, theme);
    }

    pub fn field(&self, index: usize) -> &Field {
        &self.fields[index]
    }

    pub fn field_mut(&mut self, index: usize) -> &mut Field {
        &mut self.fields[index]
    }

    /// Index of the first empty field, to send the focus there when a required one is missing.
    /// Checks that the `required` fields are filled; otherwise focuses the first empty one and
    /// returns the message to show ("Enter the code.").
    pub fn require(&mut self, required: &[usize], theme: &Theme) -> Result<(), String> {
        let Some(empty) = required
            .iter()
            .copied()
            .find(|&i| self.fields[i].is_empty())
        else {
            return Ok(());
        };
        let message = format!("Enter the {}.", self.fields[empty].label().to_lowercase());
        self.set_focus(empty, theme);
        Err(message)
    }

    pub fn input(&mut self, key: KeyEvent) -> bool {
        self.fields[self.focus].input(key)
    }

    /// Shows or hides every secret field.
    pub fn toggle_secrets(&mut self) {
        for field in self.fields.iter_mut().filter(|f| f.is_secret()) {
            field.toggle_shown();
        }
    }

    /// Adds a field at the end (the register screen's extra attributes).
    pub fn push(&mut self, field: Field, theme: &Theme) {
        self.fields.push(field);
        self.refocus(theme);
    }

    pub fn len(&self) -> usize {
        self.fields.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// Where each field is drawn: one row each from the top of `area`, as many as fit; when
    /// not all do, the window scrolls so the focused field is always on screen.
    pub fn field_areas(&self, area: Rect) -> impl Iterator<Item = (usize, Rect)> + use<> {
        let visible = usize::from(area.height);
        let first = (self.focus + 1).saturating_sub(visible.max(1));
        area.rows()
            .zip(first..self.fields.len())
            .map(|(row, i)| (i, row))
    }

    /// Draws the fields at their `field_areas`.
    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        for (i, row) in self.field_areas(area) {
            self.fields[i].render(row, buf, theme, i == self.focus);
        }
    }

    /// A click at (`column`, `row`) on a field focuses it; true when one was hit.
    pub fn click(&mut self, area: Rect, column: u16, row: u16, theme: &Theme) -> bool {
        let hit = self
            .field_areas(area)
            .find(|(_, rect)| rect.contains(Position::new(column, row)));
        match hit {
            Some((index, _)) => {
                self.set_focus(index, theme);
                true
            }
            None => false,
        }
    }

    /// The form screens' one layout: a titled frame, the fields at its top, a blank row, then
    /// the notes. Drawing and clicks both use it, so a click lands where the field is drawn.
    pub fn framed_areas(&self, area: Rect) -> FramedAreas {
        let [fields, _, notes] = Layout::vertical([
            Constraint::Length(u16::try_from(self.len()).unwrap_or(u16::MAX)),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(Block::bordered().inner(area));
        FramedAreas { fields, notes }
    }

    /// Draws the frame titled `title` and the fields; the notes' area is left to the screen.
    pub fn render_framed(&self, title: &str, area: Rect, buf: &mut Buffer, theme: &Theme) -> Rect {
        Block::bordered()
            .title(Span::styled(format!(" {title} "), theme.title(true)))
            .border_style(theme.border(true))
            .render(area, buf);
        let areas = self.framed_areas(area);
        self.render(areas.fields, buf, theme);
        areas.notes
    }

    /// A click in a framed form: focuses the field under it.
    pub fn click_framed(&mut self, area: Rect, column: u16, row: u16, theme: &Theme) -> bool {
        let fields = self.framed_areas(area).fields;
        self.click(fields, column, row, theme)
    }
}

/// Where a framed form draws its fields and its notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FramedAreas {
    pub fields: Rect,
    pub notes: Rect,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_focused_field_stays_on_screen_when_not_all_fit() {
        let theme = Theme::monochrome();
        let fields = (0..6).map(|i| Field::new(format!("f{i}"))).collect();
        let mut form = Form::new(fields, &theme);
        let area = Rect::new(0, 10, 20, 3);
        let shown = |form: &Form| {
            form.field_areas(area)
                .map(|(i, r)| (i, r.y))
                .collect::<Vec<_>>()
        };
        assert_eq!(shown(&form), vec![(0, 10), (1, 11), (2, 12)]);
        form.set_focus(4, &theme);
        assert_eq!(shown(&form), vec![(2, 10), (3, 11), (4, 12)]);
        // A click lands on the field drawn under it.
        assert!(form.click(area, 1, 11, &theme));
        assert_eq!(form.focus(), 3);
    }
}
