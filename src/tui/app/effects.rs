//! What the app asks of the terminal (it never writes to it), and what it is told once at
//! start: the user's keys and colours, and the local time zone.

use time::UtcOffset;

use super::App;
use crate::secret::SecretString;
use crate::tui::config::TuiConfig;
use crate::tui::widgets::Toast;

/// What the event loop does for the app at the terminal.
#[derive(Debug)]
pub enum Effect {
    /// Put the text on the clipboard (OSC 52).
    Copy(SecretString),
}

impl App {
    /// The effects to perform, handed over once.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// Takes the user's keys and colours; a problem with their file shows as a toast.
    pub fn configure(&mut self, config: TuiConfig, problem: Option<String>) {
        self.keymap = config.keymap;
        self.theme = self.theme.with_palette(config.palette);
        if let Some(problem) = problem {
            self.toast = Some(Toast::error(problem));
        }
        self.sync_outbox_key();
    }

    /// The local time zone, read once before any thread started; None means UTC.
    pub fn set_local_offset(&mut self, offset: Option<UtcOffset>) {
        self.local_offset = offset;
    }

    pub fn local_offset(&self) -> Option<UtcOffset> {
        self.local_offset
    }
}
