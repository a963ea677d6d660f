//! Lists with one row selected: the picker, the outbox, the attribute table, the MFA methods,
//! the verification choices and the second-factor choice at sign-in. The screens keep the index
//! (`selected`); this is the one place that moves it, works out which rows fit with the
//! selection always among them, says which row a click hit, and when a paged list should load
//! its next page.

use std::cell::Cell;

use ratatui::layout::{Position, Rect};

use crate::tui::keymap::Command;

/// What Up on the first row (or Down on the last) does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ends {
    /// Go round to the other end (short menus).
    Wrap,
    /// Stay (long lists, where going round loses the place).
    Stop,
}

/// What a click did to the selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Click {
    /// It hit no row.
    Missed,
    /// It selected another row.
    Selected,
    /// It hit the row already selected: the screen acts on it, as Enter would.
    Again,
}

/// Where a list's window starts. It moves only as far as the selection needs, so a click on a
/// row that is shown does not scroll the list under the pointer. Drawing and clicks both read
/// and move it (drawing takes `&self`, hence the cell).
#[derive(Debug, Clone, Default)]
pub struct Scroll(Cell<usize>);

/// The shape of a list: how many rows, how tall each is drawn, what its ends do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rows {
    pub len: usize,
    /// Terminal lines per row (the outbox draws two).
    pub lines: u16,
    pub ends: Ends,
}

impl Rows {
    /// `len` one-line rows that wrap around.
    pub fn new(len: usize) -> Self {
        Self {
            len,
            lines: 1,
            ends: Ends::Wrap,
        }
    }

    /// Each row drawn `lines` lines tall.
    pub fn tall(self, lines: u16) -> Self {
        Self {
            lines: lines.max(1),
            ..self
        }
    }

    /// The selection stops at the first and last rows.
    pub fn stopping(self) -> Self {
        Self {
            ends: Ends::Stop,
            ..self
        }
    }

    /// Where `command` moves `selected`: Up, Down, PageUp and PageDown (by `page` rows); None
    /// for other commands and for an empty list.
    pub fn moved(&self, selected: usize, command: Command, page: usize) -> Option<usize> {
        let last = self.len.checked_sub(1)?;
        let selected = selected.min(last);
        Some(match (command, self.ends) {
            (Command::Up, Ends::Wrap) if selected == 0 => last,
            (Command::Up, _) => selected.saturating_sub(1),
            (Command::Down, Ends::Wrap) if selected == last => 0,
            (Command::Down, _) => (selected + 1).min(last),
            (Command::PageUp, _) => selected.saturating_sub(page.max(1)),
            (Command::PageDown, _) => (selected + page.max(1)).min(last),
            _ => return None,
        })
    }

    /// How many rows fit in `area`.
    pub fn per_screen(&self, area: Rect) -> usize {
        (usize::from(area.height) / usize::from(self.lines)).max(1)
    }

    /// The first row shown in `area`, moved just enough for `selected` to be on screen.
    pub fn first_shown(&self, selected: usize, area: Rect, scroll: &Scroll) -> usize {
        let per = self.per_screen(area);
        let selected = selected.min(self.len.saturating_sub(1));
        let mut first = scroll.0.get().min(self.len.saturating_sub(per));
        if selected < first {
            first = selected;
        } else if selected >= first + per {
            first = selected + 1 - per;
        }
        scroll.0.set(first);
        first
    }

    /// The rows drawn in `area`, each with where it goes.
    pub fn shown(
        &self,
        selected: usize,
        area: Rect,
        scroll: &Scroll,
    ) -> impl Iterator<Item = (usize, Rect)> + use<> {
        let first = self.first_shown(selected, area, scroll);
        let lines = self.lines;
        let count = self.per_screen(area).min(self.len.saturating_sub(first));
        (0..count).filter_map(move |k| {
            let top = area.y + u16::try_from(k).ok()? * lines;
            let height = lines.min((area.y + area.height).saturating_sub(top));
            (height > 0).then(|| (first + k, Rect::new(area.x, top, area.width, height)))
        })
    }

    /// The row drawn under (`column`, `row`), if any.
    pub fn hit(
        &self,
        selected: usize,
        area: Rect,
        scroll: &Scroll,
        column: u16,
        row: u16,
    ) -> Option<usize> {
        self.shown(selected, area, scroll)
            .find(|(_, rect)| rect.contains(Position::new(column, row)))
            .map(|(index, _)| index)
    }

    /// A click at (`column`, `row`): selects the row under it, or says it was the selected one.
    pub fn click(
        &self,
        selected: &mut usize,
        area: Rect,
        scroll: &Scroll,
        column: u16,
        row: u16,
    ) -> Click {
        match self.hit(*selected, area, scroll, column, row) {
            None => Click::Missed,
            Some(index) if index == *selected => Click::Again,
            Some(index) => {
                *selected = index;
                Click::Selected
            }
        }
    }

    /// True when a paged list should ask for its next page: the selection is within `ahead`
    /// rows of the end of what is loaded.
    pub fn near_end(&self, selected: usize, ahead: usize) -> bool {
        selected + ahead >= self.len
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_wrap_or_stop_and_pages_stop_at_the_ends() {
        let menu = Rows::new(3);
        assert_eq!(menu.moved(0, Command::Up, 1), Some(2));
        assert_eq!(menu.moved(2, Command::Down, 1), Some(0));
        let long = Rows::new(100).stopping();
        assert_eq!(long.moved(0, Command::Up, 1), Some(0));
        assert_eq!(long.moved(99, Command::Down, 1), Some(99));
        assert_eq!(long.moved(10, Command::PageDown, 20), Some(30));
        assert_eq!(long.moved(95, Command::PageDown, 20), Some(99));
        assert_eq!(long.moved(5, Command::PageUp, 20), Some(0));
        assert_eq!(long.moved(5, Command::Select, 20), None);
        assert_eq!(Rows::new(0).moved(0, Command::Down, 1), None);
        // A selection past the end (rows went away) comes back in.
        assert_eq!(Rows::new(3).stopping().moved(7, Command::Down, 1), Some(2));
    }

    #[test]
    fn the_selection_is_always_in_the_window_and_clicks_land_on_what_is_drawn() {
        let area = Rect::new(2, 10, 30, 4);
        let rows = Rows::new(10);
        let scroll = Scroll::default();
        let shown = |selected| {
            rows.shown(selected, area, &scroll)
                .map(|(i, r)| (i, r.y))
                .collect::<Vec<_>>()
        };
        assert_eq!(shown(0), vec![(0, 10), (1, 11), (2, 12), (3, 13)]);
        assert_eq!(shown(7), vec![(4, 10), (5, 11), (6, 12), (7, 13)]);
        // Up within the window leaves it where it is; above it, it follows.
        assert_eq!(shown(5)[0], (4, 10));
        assert_eq!(shown(2)[0], (2, 10));
        assert_eq!(shown(7)[0], (4, 10));
        let mut selected = 7;
        assert_eq!(
            rows.click(&mut selected, area, &scroll, 3, 11),
            Click::Selected
        );
        assert_eq!(selected, 5);
        assert_eq!(
            rows.click(&mut selected, area, &scroll, 3, 10),
            Click::Selected
        );
        assert_eq!(selected, 4);
        assert_eq!(
            rows.click(&mut selected, area, &scroll, 3, 10),
            Click::Again
        );
        assert_eq!(
            rows.click(&mut selected, area, &scroll, 3, 20),
            Click::Missed
        );
        // Two-line rows: two fit in four lines, and either line hits the row.
        let tall = Rows::new(5).tall(2).stopping();
        let scroll = Scroll::default();
        assert_eq!(tall.per_screen(area), 2);
        assert_eq!(tall.hit(3, area, &scroll, 3, 13), Some(3));
        assert_eq!(tall.hit(3, area, &scroll, 3, 10), Some(2));
        // Fewer rows than fit: nothing under the last one.
        assert_eq!(Rows::new(2).hit(0, area, &Scroll::default(), 3, 12), None);
    }

    #[test]
    fn a_paged_list_asks_for_more_near_its_end() {
        let rows = Rows::new(60).stopping();
        assert!(!rows.near_end(30, 10));
        assert!(rows.near_end(50, 10));
        assert!(Rows::new(0).near_end(0, 10));
    }
}
