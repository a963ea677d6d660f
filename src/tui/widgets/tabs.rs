//! A row of tab titles (` Pool │ Doctor │ Diff `), drawn and hit-tested from the same spans.

use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

use crate::tui::theme::Theme;

/// The columns each title spans in `area`: from one space in, titles padded by a space each
/// side, one column of separator between.
fn spans(area: Rect, titles: &[&str]) -> Vec<(u16, u16)> {
    let mut x = area.x + 1;
    titles
        .iter()
        .map(|t| {
            let width = t.chars().count() as u16 + 2;
            let span = (x, x + width);
            x += width + 1;
            span
        })
        .collect()
}

/// The tab bar with `selected` highlighted.
pub fn bar(titles: &[&str], selected: usize, theme: &Theme) -> Line<'static> {
    let mut out = vec![Span::raw(" ")];
    for (i, title) in titles.iter().enumerate() {
        if i > 0 {
            out.push(Span::styled("│", theme.muted()));
        }
        let style = if i == selected {
            theme.selected()
        } else {
            theme.muted()
        };
        out.push(Span::styled(format!(" {title} "), style));
    }
    Line::from(out)
}

/// The index of the title under (`column`, `row`) in a bar drawn in `area`.
pub fn at(area: Rect, titles: &[&str], column: u16, row: u16) -> Option<usize> {
    if !area.contains(Position::new(column, row)) {
        return None;
    }
    spans(area, titles)
        .into_iter()
        .position(|(from, to)| (from..to).contains(&column))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clicks_land_on_the_title_drawn() {
        let area = Rect::new(0, 0, 40, 1);
        let titles = ["Pool", "Doctor"];
        assert_eq!(at(area, &titles, 2, 0), Some(0));
        assert_eq!(at(area, &titles, 9, 0), Some(1));
        assert_eq!(at(area, &titles, 30, 0), None);
        assert_eq!(at(area, &titles, 2, 1), None);
    }
}
