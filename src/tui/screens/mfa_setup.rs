//! Setting up an authenticator app, during sign-in (MFA_SETUP) or from the MFA settings: the
//! `otpauth://` URI as a QR code, the secret as text, and a field for the first code.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Widget};

use super::render_notes;
use crate::secret::SecretString;
use crate::service::account::TotpSetup;
use crate::tui::theme::Theme;
use crate::tui::widgets::qr::TOO_SMALL;
use crate::tui::widgets::{Field, Form, Qr};

/// The narrowest the text beside the QR code may be.
const TEXT_MIN_WIDTH: u16 = 34;

/// The secret shown, its QR code, and the first-code field.
#[derive(Debug)]
pub struct TotpPanel {
    form: Form,
    /// The secret in groups of four ("ABCD EFGH …"), easier to type by hand.
    grouped: Option<SecretString>,
    /// `None` until a secret came, or when the code could not be made (`qr_error` says why).
    qr: Option<Qr>,
    qr_error: Option<String>,
}

impl TotpPanel {
    pub fn new(theme: &Theme) -> Self {
        Self {
            form: Form::new(vec![Field::new("Code")], theme),
            grouped: None,
            qr: None,
            qr_error: None,
        }
    }

    /// Takes the secret: the QR code and the grouped text are made here, once.
    pub fn show(&mut self, setup: &TotpSetup) {
        match Qr::new(setup.otpauth_uri.expose()) {
            Ok(qr) => {
                self.qr = Some(qr);
                self.qr_error = None;
            }
            Err(e) => {
                self.qr = None;
                self.qr_error = Some(e);
            }
        }
        self.grouped = Some(SecretString::new(group_by_four(setup.secret.expose())));
        self.form.field_mut(0).set_value("");
    }

    pub fn has_secret(&self) -> bool {
        self.grouped.is_some()
    }

    pub fn qr(&self) -> Option<&Qr> {
        self.qr.as_ref()
    }

    /// The typed code, spaces removed (apps show "123 456").
    pub fn code(&self) -> String {
        self.form.field(0).value().replace(' ', "")
    }

    pub fn form(&self) -> &Form {
        &self.form
    }

    /// True when the key edited the code.
    pub fn input(&mut self, key: KeyEvent) -> bool {
        self.has_secret() && self.form.input(key)
    }

    /// Where the QR code (when it fits beside the text), the frame, the code field and the
    /// notes go; render and `click` share it.
    fn layout(&self, area: Rect) -> PanelAreas {
        let cols = self.qr.as_ref().and_then(|qr| {
            let room = area.width.saturating_sub(TEXT_MIN_WIDTH);
            qr.quiet_zone_for(room, area.height)
                .map(|quiet| qr.size(quiet).0)
        });
        let (qr, frame) = match cols {
            Some(cols) => {
                let [left, right] =
                    Layout::horizontal([Constraint::Length(cols), Constraint::Fill(1)]).areas(area);
                (Some(left), right)
            }
            None => (None, area),
        };
        let [fields, _, notes] = Layout::vertical([
            Constraint::Length(self.form.len() as u16),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(Block::bordered().inner(frame));
        PanelAreas {
            qr,
            frame,
            fields,
            notes,
        }
    }

    /// A click on the code field focuses it (once there is a secret to enter a code for).
    pub fn click(&mut self, area: Rect, column: u16, row: u16, theme: &Theme) {
        if self.has_secret() {
            let fields = self.layout(area).fields;
            self.form.click(fields, column, row, theme);
        }
    }

    /// Draws the panel in `area`: the QR code on the left when it fits beside the text, else
    /// the text alone with a word about the window size.
    pub fn render(&self, view: PanelView<'_>, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let areas = self.layout(area);
        let beside = areas.qr.zip(self.qr.as_ref());
        if let Some((left, qr)) = beside {
            qr.render(left, buf, theme);
        }
        let block = Block::bordered()
            .title(Span::styled(format!(" {} ", view.title), theme.title(true)))
            .border_style(theme.border(true));
        let inner = block.inner(areas.frame);
        block.render(areas.frame, buf);
        let mut lines = Vec::new();
        let Some(grouped) = &self.grouped else {
            lines.extend(view.notes.iter().cloned());
            lines.push(match view.error {
                Some(_) => "Press Enter to try again.".to_string(),
                None => "Asking the pool for a new secret…".to_string(),
            });
            render_notes(&lines, view.error, inner, buf, theme);
            return;
        };
        self.form.render(areas.fields, buf, theme);
        let notes = areas.notes;
        let scan = if beside.is_some() {
            "Scan the QR code with an authenticator app, or type this secret:"
        } else {
            "Add this secret to an authenticator app:"
        };
        lines.push(scan.to_string());
        lines.push(grouped.expose().to_string());
        lines.push("Then enter the 6-digit code it shows.".to_string());
        if let Some(e) = &self.qr_error {
            lines.push(e.clone());
        } else if beside.is_none() {
            lines.push(TOO_SMALL.to_string());
        }
        lines.extend(view.notes.iter().cloned());
        render_notes(&lines, view.error, notes, buf, theme);
    }
}

/// Where a panel's parts are drawn.
#[derive(Debug, Clone, Copy)]
struct PanelAreas {
    qr: Option<Rect>,
    frame: Rect,
    fields: Rect,
    notes: Rect,
}

/// What the screen around the panel adds: its title, notes and error.
#[derive(Debug, Clone, Copy)]
pub struct PanelView<'a> {
    pub title: &'a str,
    pub notes: &'a [String],
    pub error: Option<&'a str>,
}

/// "ABCDEFGH" → "ABCD EFGH".
pub fn group_by_four(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().filter(|c| !c.is_whitespace()).collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::group_by_four;

    #[test]
    fn secrets_are_grouped_by_four() {
        assert_eq!(group_by_four("ABCDEFGHIJ"), "ABCD EFGH IJ");
        assert_eq!(group_by_four(""), "");
    }
}
