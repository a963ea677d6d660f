//! Start-up work under way: the local pool starting, a pool opening (and its saved session
//! resuming). Nothing to do but wait (or quit).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{Cx, Outcome, View};
use crate::tui::keymap::{Command, Context};

#[derive(Debug, Default)]
pub struct LoadingScreen {
    pub text: String,
}

impl LoadingScreen {
    pub fn new(text: impl Into<String>) -> Self {
        Self { text: text.into() }
    }
}

impl View for LoadingScreen {
    fn context(&self) -> Context {
        Context::Loading
    }

    fn command(&mut self, _command: Command, _cx: &Cx) -> Outcome {
        Outcome::None
    }

    fn render(&self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        let line = if cx.busy.is_some() {
            format!("{} {}…", cx.spinner, self.text)
        } else {
            self.text.clone()
        };
        let [_, middle, _] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(3),
            Constraint::Fill(1),
        ])
        .areas(area);
        Paragraph::new(line)
            .centered()
            .wrap(Wrap { trim: true })
            .render(middle, buf);
    }
}
