//! Drawing the attribute editor: the table with its marks, the field being edited, the notes.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Row as TableRow, StatefulWidget, Table, TableState, Widget};

use super::{AttributesScreen, Change, Editor, Row};
use crate::tui::keymap::Command;
use crate::tui::screens::{Outcome, render_notes};
use crate::tui::theme::Theme;

/// Width of the status column ("✗ not verified").
const STATUS_WIDTH: u16 = 14;

impl AttributesScreen {
    pub(super) fn draw(&self, area: Rect, buf: &mut Buffer, theme: &Theme, spinner: &str) {
        let title = format!(" Profile of {} ", self.username);
        let block = Block::bordered()
            .title(Span::styled(title, theme.title(true)))
            .border_style(theme.border(true));
        let inner = block.inner(area);
        block.render(area, buf);
        let Some([table, head, fields, notes_area]) = self.layout(area) else {
            let text = format!("{spinner} Loading the profile…");
            Line::from(Span::styled(text, theme.muted())).render(inner, buf);
            return;
        };
        let notes = self.notes();
        self.render_table(table, buf, theme);
        let head_text = match &self.editor {
            Some(Editor::Value { row, .. }) => {
                let name = self.rows.get(*row).map_or("", |r| r.name.as_str());
                format!("Editing {name}")
            }
            Some(Editor::Add { .. }) => "Adding an attribute (a bare name gets custom:)".into(),
            None => String::new(),
        };
        if let Some(Editor::Value { form, .. } | Editor::Add { form }) = &self.editor {
            Line::from(Span::styled(head_text, theme.label(true))).render(head, buf);
            form.render(fields, buf, theme);
        }
        render_notes(&notes, self.error.as_deref(), notes_area, buf, theme);
    }

    /// The table's, the editor's heading and fields', and the notes' areas (none while
    /// loading); render and `click` share it.
    fn layout(&self, area: Rect) -> Option<[Rect; 4]> {
        if !self.loaded {
            return None;
        }
        let editor_rows = match &self.editor {
            Some(Editor::Value { .. }) => 2,
            Some(Editor::Add { .. }) => 3,
            None => 0,
        };
        let notes = self.notes();
        let note_rows = (notes.len() + usize::from(self.error.is_some()) * 2).min(6) as u16;
        let [table, editor, notes_area] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(editor_rows),
            Constraint::Length(note_rows),
        ])
        .areas(Block::bordered().inner(area));
        let [head, fields] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(editor);
        Some([table, head, fields, notes_area])
    }

    /// A click on a row selects it, on the selected row edits it; while editing, a click
    /// focuses the editor's field under it.
    pub(super) fn clicked(
        &mut self,
        area: Rect,
        column: u16,
        row: u16,
        cx: &crate::tui::screens::Cx,
    ) -> Outcome {
        let Some([table, _, fields, _]) = self.layout(area) else {
            return Outcome::None;
        };
        if let Some(Editor::Value { form, .. } | Editor::Add { form }) = &mut self.editor {
            form.click(fields, column, row, &self.theme);
            return Outcome::None;
        }
        // The first row of the table is its header.
        if !table.contains(Position::new(column, row)) || row == table.y {
            return Outcome::None;
        }
        let offset = self.render_table(table, &mut Buffer::empty(table), &self.theme);
        let index = offset + usize::from(row - table.y - 1);
        if index >= self.rows.len() {
            return Outcome::None;
        }
        if index == self.selected {
            return crate::tui::screens::View::command(self, Command::Edit, cx);
        }
        self.selected = index;
        Outcome::None
    }

    /// Lines under the table: pending verifications, unsaved changes, the last note.
    fn notes(&self) -> Vec<String> {
        let mut notes: Vec<String> = self
            .awaiting
            .iter()
            .map(|(name, to)| format!("{name}: ✗ needs verification — code sent {to}."))
            .collect();
        let changes = self
            .rows
            .iter()
            .filter(|r| r.change() != Change::None)
            .count();
        if changes > 0 {
            notes.push(format!("{changes} unsaved change(s)."));
        }
        notes.extend(self.note.clone());
        notes
    }

    /// Draws the table; returns the index of its first visible row (it scrolls to keep the
    /// selection in view).
    fn render_table(&self, area: Rect, buf: &mut Buffer, theme: &Theme) -> usize {
        let name_width = self
            .rows
            .iter()
            .map(|r| r.name.chars().count())
            .max()
            .unwrap_or(0)
            .clamp(9, 22) as u16;
        // Highlight symbol, name, status and the spaces between the columns.
        let value_width = usize::from(area.width.saturating_sub(2 + name_width + STATUS_WIDTH + 2));
        let rows: Vec<TableRow> = self
            .rows
            .iter()
            .map(|r| self.table_row(r, value_width, theme))
            .collect();
        let header = TableRow::new(["Attribute", "Value", "Status"]).style(theme.label(false));
        let table = Table::new(
            rows,
            [
                Constraint::Length(name_width),
                Constraint::Fill(1),
                Constraint::Length(STATUS_WIDTH),
            ],
        )
        .header(header)
        .row_highlight_style(theme.selected())
        .highlight_symbol("› ");
        let mut state = TableState::default().with_selected(Some(self.selected));
        StatefulWidget::render(table, area, buf, &mut state);
        state.offset()
    }

    fn table_row(&self, row: &Row, width: usize, theme: &Theme) -> TableRow<'static> {
        let status = match row.change() {
            Change::Changed => Span::styled("• changed", theme.key()),
            Change::Added => Span::styled("+ new", theme.key()),
            Change::Deleted => Span::styled("− delete", theme.error()),
            Change::None => self.mark(row, theme),
        };
        let mut value = Span::raw(ellipsis(&row.value, width));
        if row.delete {
            value = value.style(theme.muted().add_modifier(Modifier::CROSSED_OUT));
        }
        TableRow::new([
            Cell::from(row.name.clone()),
            Cell::from(value),
            Cell::from(status),
        ])
    }

    /// ✓/✗ for email and phone, read-only for what users cannot change.
    fn mark(&self, row: &Row, theme: &Theme) -> Span<'static> {
        let verified = match row.name.as_str() {
            "email" => Some(self.email_verified),
            "phone_number" => Some(self.phone_verified),
            _ => None,
        };
        match verified {
            Some(true) => Span::styled("✓ verified", theme.success()),
            Some(false) => Span::styled("✗ not verified", theme.error()),
            None if row.read_only => Span::styled("read-only", theme.muted()),
            None => Span::raw(""),
        }
    }
}

/// `text` cut to `width` columns, the cut marked with `…`.
fn ellipsis(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}
