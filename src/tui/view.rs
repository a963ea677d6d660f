//! Pure rendering of the app: status bar, the active screen, toast, footer, help overlay.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::app::App;
use super::widgets::{footer, help};

pub fn render(app: &App, frame: &mut Frame) {
    draw(app, frame.area(), frame.buffer_mut());
}

/// Where the parts of the app are drawn; rendering and mouse hit-testing both use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub status: Rect,
    pub body: Rect,
    pub toast: Rect,
    pub keys: Rect,
}

pub fn layout(area: Rect, app: &App) -> Areas {
    // A long toast takes a second row rather than being cut.
    let toast_rows = match &app.toast {
        Some(t) if t.text.chars().count() + 2 > usize::from(area.width) => 2,
        _ => 1,
    };
    let [status, body, toast, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(toast_rows),
        Constraint::Length(1),
    ])
    .areas(area);
    Areas {
        status,
        body,
        toast,
        keys,
    }
}

pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let Areas {
        status,
        body,
        toast,
        keys,
    } = layout(area, app);
    let mut bar = match app.status_label() {
        Some(label) => format!(" cognito-tui · {label}"),
        None => " cognito-tui".to_string(),
    };
    if let Some(what) = app.pending() {
        bar.push_str(&format!("   {} {what}…", app.spinner.symbol()));
    }
    buf.set_style(status, theme.status_bar());
    Line::from(Span::styled(bar, theme.status_bar())).render(status, buf);
    let top = app.depth().saturating_sub(1);
    app.screen().view().render(body, buf, &app.cx(top));
    app.render_dialog(body, buf);
    if let Some(t) = &app.toast {
        t.render(toast, buf, theme);
    }
    let context = app.context();
    footer::render(&app.keymap, context, keys, buf, theme);
    if app.help {
        help::render(&app.keymap, context, body, buf, theme);
    }
}
