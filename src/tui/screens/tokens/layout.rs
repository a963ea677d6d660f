//! Where the token inspector's parts are drawn; its rendering and its clicks share it.

use ratatui::layout::{Constraint, Layout, Rect};

use super::TokenTab;

/// The tabs', a gap's, the info's, the rule's and the JSON's areas; render and `click` share it.
pub(super) fn layout(inner: Rect, info_rows: usize) -> [Rect; 5] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(u16::try_from(info_rows).unwrap_or(u16::MAX)),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner)
}

/// Where `Tabs` draws each title with its padding (a space each side, a one-column divider
/// between), clipped to `tabs`.
pub(super) fn tab_areas(tabs: Rect) -> [Rect; 3] {
    let mut x = tabs.x;
    TokenTab::ALL.map(|tab| {
        let width = u16::try_from(tab.title().chars().count()).unwrap_or(u16::MAX) + 2;
        let area = Rect::new(x, tabs.y, width, tabs.height.min(1)).intersection(tabs);
        x = x.saturating_add(width + 1);
        area
    })
}
