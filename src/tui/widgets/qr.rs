//! A QR code in the terminal: half-block characters put two module rows in each cell row, so
//! an `otpauth://` URI fits an 80×24 window. The modules are computed once (`Qr::new`, in
//! `update`); rendering only chooses the quiet zone that fits and draws.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use qrcode::{Color, EcLevel, QrCode};

use crate::tui::theme::Theme;

/// The quiet zone the standard asks for; less is drawn when the window is small (phones read a
/// code with one module of margin).
const MAX_QUIET: usize = 4;
/// What is shown instead of a code that does not fit.
pub const TOO_SMALL: &str = "Enlarge the window to see the QR code.";

/// The modules of a QR code. Its data is often a secret, so `Debug` shows only the size.
#[derive(Clone, PartialEq, Eq)]
pub struct Qr {
    width: usize,
    dark: Vec<bool>,
}

impl std::fmt::Debug for Qr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Qr").field("width", &self.width).finish()
    }
}

impl Qr {
    /// Encodes `data` with the lowest error correction, for the smallest code.
    pub fn new(data: &str) -> Result<Self, String> {
        let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::L)
            .map_err(|e| format!("The QR code could not be made ({e})."))?;
        Ok(Self {
            width: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect(),
        })
    }

    /// Modules per side, quiet zone excluded.
    pub fn width(&self) -> usize {
        self.width
    }

    /// The widest quiet zone (at most 4 modules, at least 1) with which the code fits in
    /// `cols`×`rows` cells; `None` when it does not fit at all.
    pub fn quiet_zone_for(&self, cols: u16, rows: u16) -> Option<usize> {
        (1..=MAX_QUIET).rev().find(|q| {
            let side = self.width + 2 * q;
            side <= usize::from(cols) && side.div_ceil(2) <= usize::from(rows)
        })
    }

    /// The cells (columns, rows) the code takes with quiet zone `quiet`.
    pub fn size(&self, quiet: usize) -> (u16, u16) {
        let side = self.width + 2 * quiet;
        let cells = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
        (cells(side), cells(side.div_ceil(2)))
    }

    /// Light (quiet zone included) at module (x, y) of the code drawn with quiet zone `quiet`.
    fn light(&self, x: usize, y: usize, quiet: usize) -> bool {
        let inside = |v: usize| v >= quiet && v < quiet + self.width;
        if !inside(x) || !inside(y) {
            return true;
        }
        !self.dark[(y - quiet) * self.width + (x - quiet)]
    }

    /// Draws the code centred at the top of `area` with the widest quiet zone that fits, or says
    /// to enlarge the window.
    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let Some(quiet) = self.quiet_zone_for(area.width, area.height) else {
            Paragraph::new(Span::styled(TOO_SMALL, theme.muted()))
                .wrap(Wrap { trim: true })
                .render(area, buf);
            return;
        };
        let side = self.width + 2 * quiet;
        let (cols, rows) = self.size(quiet);
        let left = area.x + (area.width - cols) / 2;
        let style = theme.qr();
        for row in 0..rows {
            let mut line = String::with_capacity(side * 3);
            for x in 0..side {
                let y = usize::from(row) * 2;
                let top = self.light(x, y, quiet);
                // An odd side leaves the last cell row's lower half outside the code: dark.
                let bottom = y + 1 < side && self.light(x, y + 1, quiet);
                line.push(match (top, bottom) {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    (false, false) => ' ',
                });
            }
            buf.set_string(left, area.y + row, line, style);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_cell_row_holds_two_module_rows_and_the_quiet_zone_shrinks_to_fit() {
        let qr = Qr::new("otpauth://totp/pool:alice?secret=JBSWY3DPEHPK3PXP&issuer=pool")
            .expect("encodes");
        let w = qr.width();
        let side = |q: usize| u16::try_from(w + 2 * q).unwrap_or(0);
        assert_eq!(qr.quiet_zone_for(side(4), side(4)), Some(4));
        assert_eq!(qr.quiet_zone_for(side(2), side(2).div_ceil(2)), Some(2));
        assert_eq!(qr.quiet_zone_for(side(1) - 1, 100), None);
        assert_eq!(qr.size(1), (side(1), side(1).div_ceil(2)));
    }

    #[test]
    fn draws_the_quiet_zone_light_and_the_finder_pattern_dark() {
        let qr = Qr::new("hello").expect("encodes");
        let (cols, rows) = qr.size(1);
        let area = Rect::new(0, 0, cols, rows);
        let mut buf = Buffer::empty(area);
        qr.render(area, &mut buf, &Theme::monochrome());
        // Row 0: the quiet zone above the top row, whose finder pattern starts dark.
        assert_eq!(buf[(0, 0)].symbol(), "█");
        assert_eq!(buf[(1, 0)].symbol(), "▀");
        assert!(!format!("{qr:?}").contains("hello"));
    }

    #[test]
    fn the_drawn_cells_give_back_every_module() {
        let qr =
            Qr::new("otpauth://totp/p:alice?secret=JBSWY3DPEHPK3PXP&issuer=p").expect("encodes");
        let quiet = 2;
        let (cols, rows) = qr.size(quiet);
        let area = Rect::new(0, 0, cols, rows);
        let mut buf = Buffer::empty(area);
        qr.render(area, &mut buf, &Theme::monochrome());
        for y in 0..qr.width() {
            for x in 0..qr.width() {
                let cell = &buf[((x + quiet) as u16, ((y + quiet) / 2) as u16)];
                let upper = (y + quiet) % 2 == 0;
                let light = match cell.symbol() {
                    "█" => true,
                    "▀" => upper,
                    "▄" => !upper,
                    _ => false,
                };
                assert_eq!(light, !qr.dark[y * qr.width() + x], "module ({x}, {y})");
            }
        }
    }

    #[test]
    fn too_small_an_area_says_so() {
        let qr = Qr::new("hello").expect("encodes");
        let area = Rect::new(0, 0, 40, 3);
        let mut buf = Buffer::empty(area);
        qr.render(area, &mut buf, &Theme::monochrome());
        let text: String = (0..40).map(|x| buf[(x, 0)].symbol().to_string()).collect();
        assert!(text.starts_with("Enlarge the window"), "{text}");
    }
}
