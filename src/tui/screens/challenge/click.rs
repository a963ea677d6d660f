//! Where a challenge's parts are drawn, shared by its rendering and its clicks: a click
//! focuses a field, selects a method (a second click on it chooses it).

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

use super::{ChallengeScreen, Step, kind_name};
use crate::service::auth::MfaKind;
use crate::tui::keymap::Command;
use crate::tui::screens::{Cx, Outcome};
use crate::tui::theme::Theme;
use crate::tui::widgets::Form;
use crate::tui::widgets::hit::line_at;

/// Rows of the method list above its first method: the question and a blank line.
const SELECT_HEAD: usize = 2;

/// The fields', a gap's and the notes' areas of a text step inside its frame.
pub(super) fn form_layout(form: &Form, inner: Rect) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(form.len() as u16),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner)
}

impl ChallengeScreen {
    /// The method list as drawn: the question, a blank, the methods, a blank, the error.
    pub(super) fn select_lines(
        &self,
        question: String,
        options: &[MfaKind],
        selected: usize,
        theme: &Theme,
    ) -> Vec<Line<'static>> {
        let mut lines = vec![Line::from(question), Line::default()];
        for (i, kind) in options.iter().enumerate() {
            let chosen = i == selected;
            let text = format!("{} {}", if chosen { "›" } else { " " }, kind_name(*kind));
            let style = if chosen {
                theme.selected()
            } else {
                theme.text()
            };
            lines.push(Line::from(Span::styled(text, style)));
        }
        lines.push(Line::default());
        if let Some(error) = &self.error {
            lines.push(Line::from(Span::styled(error.clone(), theme.error())));
        }
        lines
    }

    /// A click focuses the field under it, or selects the method under it (a click on the
    /// selected one chooses it).
    pub(super) fn clicked(&mut self, area: Rect, column: u16, row: u16, cx: &Cx) -> Outcome {
        let theme = self.theme;
        let inner = Block::bordered().inner(area);
        if let Step::Select { options, selected } = &self.step {
            let current = *selected;
            let question = self.notes().into_iter().next().unwrap_or_default();
            let lines = self.select_lines(question, options, current, &theme);
            let hit = line_at(&lines, inner, false, column, row)
                .and_then(|i| i.checked_sub(SELECT_HEAD))
                .filter(|&i| i < options.len());
            match (hit, &mut self.step) {
                (Some(i), _) if i == current => {
                    return crate::tui::screens::View::command(self, Command::Choose, cx);
                }
                (Some(i), Step::Select { selected, .. }) => *selected = i,
                _ => {}
            }
            return Outcome::None;
        }
        match &mut self.step {
            Step::NewPassword { form, .. } | Step::Code { form } => {
                let [fields, _, _] = form_layout(form, inner);
                form.click(fields, column, row, &theme);
            }
            Step::Setup(panel) => panel.click(area, column, row, &theme),
            Step::Select { .. } => {}
        }
        Outcome::None
    }
}
