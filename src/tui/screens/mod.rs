//! One file per screen. A screen owns its state, turns commands and keys into an `Outcome`,
//! takes results in `update`, and renders purely from its state.

pub mod challenge;
pub mod change_password;
pub mod confirm;
pub mod forgot;
pub mod home;
pub mod mfa_settings;
pub mod mfa_setup;
pub mod outbox;
pub mod picker;
pub mod profile;
pub mod profile_form;
pub mod register;
pub mod sign_in;
pub mod tokens;
pub mod verify;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::msg::account::AccountTask;
use super::msg::{HomeData, Target};
use super::theme::Theme;
use super::widgets::Confirm;
use crate::secret::SecretString;
use crate::service::account::{CodeDelivery, DeliveryMedium, RegisterRequest};
use crate::service::session::Session;

/// Work a screen asks for; the app adds the open pool and spawns it.
#[derive(Debug)]
pub enum Request {
    SignIn {
        username: String,
        password: SecretString,
    },
    Register(RegisterRequest),
    Confirm {
        username: String,
        code: String,
    },
    Resend {
        username: String,
    },
    Forgot {
        username: String,
    },
    ResetPassword {
        username: String,
        code: String,
        password: SecretString,
    },
    Refresh {
        username: String,
        session: Box<Session>,
    },
    SignOut {
        username: String,
        session: Box<Session>,
    },
    /// Work on the signed-in account (profile, password, verification, sign-out, deletion).
    Account(AccountTask),
    /// A sign-in challenge's answer or an MFA settings change.
    Challenge(super::msg::ChallengeTask),
}

/// Where a screen sends the user.
#[derive(Debug)]
pub enum Nav {
    Open(Target),
    Picker,
    SignIn {
        username: String,
    },
    Register {
        username: String,
    },
    Forgot {
        username: String,
    },
    Confirm {
        username: String,
        delivery: Option<CodeDelivery>,
    },
    /// Back to the account home; `reload` re-reads the user (after a change).
    Home {
        data: Box<HomeData>,
        reload: bool,
    },
    Profile(Box<HomeData>),
    ChangePassword(Box<HomeData>),
    /// Verify an email or phone; `attribute` preselects one, `sent_to` says a code already went.
    Verify {
        data: Box<HomeData>,
        attribute: Option<String>,
        sent_to: Option<String>,
        from_profile: bool,
    },
    /// From the account home to its MFA settings, and back.
    MfaSettings,
    LeaveMfaSettings,
}

#[derive(Debug)]
pub enum Outcome {
    None,
    Request(Request),
    Go(Nav),
    /// Ask first (a dialog over the screen); yes applies the outcome.
    Ask(Box<Confirm>, Box<Outcome>),
    /// Work of the token inspector, outbox and profile screens (`app/tools.rs`).
    Tool(crate::tui::app::Tool),
}

/// "by email to a***@e***", for where a code went.
pub fn delivery_words(delivery: &CodeDelivery) -> String {
    let how = match &delivery.medium {
        DeliveryMedium::Email => "by email".to_string(),
        DeliveryMedium::Sms => "by SMS".to_string(),
        DeliveryMedium::Other(m) if m.is_empty() => "".to_string(),
        DeliveryMedium::Other(m) => format!("by {m}"),
    };
    match &delivery.destination {
        Some(to) if how.is_empty() => format!("to {to}"),
        Some(to) => format!("{how} to {to}"),
        None => how,
    }
}

/// A wrapped paragraph of notes under a form: muted text, then the error (if any) in red.
pub fn render_notes(
    notes: &[String],
    error: Option<&str>,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    render_note_lines(muted_lines(notes, theme), error, area, buf, theme);
}

/// Notes as muted lines, to add styled ones (a policy check) before drawing them.
pub fn muted_lines<'a>(notes: &'a [String], theme: &Theme) -> Vec<Line<'a>> {
    notes
        .iter()
        .map(|n| Line::from(Span::styled(n.as_str(), theme.muted())))
        .collect()
}

/// Wrapped note lines, then the error (if any) in red.
pub fn render_note_lines<'a>(
    mut lines: Vec<Line<'a>>,
    error: Option<&'a str>,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    if let Some(error) = error {
        lines.push(Line::from(Span::styled(error, theme.error())));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}
