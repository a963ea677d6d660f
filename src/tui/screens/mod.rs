//! One file per screen. A screen owns its state, is a `View` (keys, clicks, ticks and the
//! results of its own requests become an `Outcome`), and renders purely from its state.

pub mod attributes;
pub mod challenge;
pub mod change_password;
pub mod confirm;
pub mod forgot;
pub mod form_screen;
pub mod home;
pub mod loading;
pub mod mfa_settings;
pub mod mfa_setup;
mod open;
pub mod operator;
pub mod operator_form;
pub mod operator_import;
pub mod outbox;
mod outcome;
pub mod picker;
pub mod pool_config;
pub mod profile_form;
pub mod register;
pub mod sign_in;
pub mod tokens;
pub mod verify;
mod view;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

pub use outcome::{HomeChange, Outcome};
pub use view::{Cx, Pool, View};

use super::theme::Theme;
use crate::service::account::{CodeDelivery, DeliveryMedium};

/// Every screen; the app keeps a stack of them (the top one is active).
#[derive(Debug)]
pub enum Screen {
    /// Start-up work under way (the local pool starting, a session resuming).
    Loading(loading::LoadingScreen),
    Picker(picker::PickerScreen),
    SignIn(sign_in::SignInScreen),
    Register(register::RegisterScreen),
    Confirm(confirm::ConfirmScreen),
    Forgot(forgot::ForgotScreen),
    Home(Box<home::HomeScreen>),
    Attributes(Box<attributes::AttributesScreen>),
    ChangePassword(Box<change_password::ChangePasswordScreen>),
    Verify(Box<verify::VerifyScreen>),
    Challenge(Box<challenge::ChallengeScreen>),
    MfaSettings(Box<mfa_settings::MfaSettingsScreen>),
    Tokens(Box<tokens::TokensScreen>),
    Outbox(Box<outbox::OutboxScreen>),
    ProfileForm(Box<profile_form::ProfileFormScreen>),
    PoolConfig(Box<pool_config::PoolConfigScreen>),
    Operator(Box<operator::OperatorScreen>),
    OperatorForm(Box<operator_form::OperatorFormScreen>),
    Import(Box<operator_import::ImportScreen>),
}

impl Screen {
    /// The screen as a `View`: the one place that names every screen.
    pub fn view(&self) -> &dyn View {
        match self {
            Self::Loading(s) => s,
            Self::Picker(s) => s,
            Self::SignIn(s) => s,
            Self::Register(s) => s,
            Self::Confirm(s) => s,
            Self::Forgot(s) => s,
            Self::Home(s) => s.as_ref(),
            Self::Attributes(s) => s.as_ref(),
            Self::ChangePassword(s) => s.as_ref(),
            Self::Verify(s) => s.as_ref(),
            Self::Challenge(s) => s.as_ref(),
            Self::MfaSettings(s) => s.as_ref(),
            Self::Tokens(s) => s.as_ref(),
            Self::Outbox(s) => s.as_ref(),
            Self::ProfileForm(s) => s.as_ref(),
            Self::PoolConfig(s) => s.as_ref(),
            Self::Operator(s) => s.as_ref(),
            Self::OperatorForm(s) => s.as_ref(),
            Self::Import(s) => s.as_ref(),
        }
    }

    pub fn view_mut(&mut self) -> &mut dyn View {
        match self {
            Self::Loading(s) => s,
            Self::Picker(s) => s,
            Self::SignIn(s) => s,
            Self::Register(s) => s,
            Self::Confirm(s) => s,
            Self::Forgot(s) => s,
            Self::Home(s) => s.as_mut(),
            Self::Attributes(s) => s.as_mut(),
            Self::ChangePassword(s) => s.as_mut(),
            Self::Verify(s) => s.as_mut(),
            Self::Challenge(s) => s.as_mut(),
            Self::MfaSettings(s) => s.as_mut(),
            Self::Tokens(s) => s.as_mut(),
            Self::Outbox(s) => s.as_mut(),
            Self::ProfileForm(s) => s.as_mut(),
            Self::PoolConfig(s) => s.as_mut(),
            Self::Operator(s) => s.as_mut(),
            Self::OperatorForm(s) => s.as_mut(),
            Self::Import(s) => s.as_mut(),
        }
    }

    pub fn context(&self) -> crate::tui::keymap::Context {
        self.view().context()
    }
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
