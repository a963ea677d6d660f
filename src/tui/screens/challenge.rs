//! The steps a pool can ask for after the password: a new password (with the attributes it
//! requires), a code from an authenticator app, SMS or email, setting up an authenticator app,
//! or a choice of second factor. Each answer goes back as a task; Esc returns to sign in.

use std::collections::BTreeMap;

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::mfa_setup::{PanelView, TotpPanel};
use super::{Nav, Outcome, Request, muted_lines, render_note_lines};
use crate::service::ServiceError;
use crate::service::account::TotpSetup;
use crate::service::admin::PasswordPolicy;
use crate::service::auth::{Answer, Challenge, MfaKind, PendingChallenge};
use crate::tui::keymap::{Command, Context};
use crate::tui::msg::ChallengeTask;
use crate::tui::theme::Theme;
use crate::tui::widgets::policy::PolicyNote;
use crate::tui::widgets::{Field, Form};

mod click;
mod words;

use click::form_layout;

pub use words::{attribute_label, kind_name};

const PASSWORD: usize = 0;
const REPEAT: usize = 1;

/// What the current step asks for.
#[derive(Debug)]
pub enum Step {
    /// New password, repeated, then one field per required attribute (named in `attributes`).
    NewPassword {
        form: Form,
        attributes: Vec<String>,
    },
    Code {
        form: Form,
    },
    Setup(TotpPanel),
    Select {
        options: Vec<MfaKind>,
        selected: usize,
    },
}

#[derive(Debug)]
pub struct ChallengeScreen {
    /// The name signed in with: the session is saved under it.
    pub username: String,
    pub pending: PendingChallenge,
    pub step: Step,
    /// Where to read codes, when the pool is the local one.
    pub outbox_hint: Option<String>,
    pub error: Option<String>,
    theme: Theme,
    /// A new password checked against the pool's policy as typed, once known.
    pub policy: PolicyNote,
}

impl ChallengeScreen {
    pub fn new(username: &str, pending: PendingChallenge, theme: Theme) -> Self {
        let step = match &pending.challenge {
            Challenge::NewPasswordRequired {
                required_attributes,
                current_attributes,
            } => new_password_step(required_attributes, current_attributes, &theme),
            Challenge::SoftwareTokenMfa | Challenge::SmsMfa { .. } | Challenge::EmailOtp { .. } => {
                Step::Code {
                    form: Form::new(vec![Field::new("Code")], &theme),
                }
            }
            Challenge::MfaSetup { .. } => Step::Setup(TotpPanel::new(&theme)),
            Challenge::SelectMfaType { options } => Step::Select {
                options: options.clone(),
                selected: 0,
            },
        };
        Self {
            username: username.to_string(),
            pending,
            step,
            outbox_hint: None,
            error: None,
            theme,
            policy: PolicyNote::default(),
        }
    }

    pub fn context(&self) -> Context {
        match self.step {
            Step::NewPassword { .. } => Context::NewPassword,
            Step::Code { .. } => Context::ChallengeCode,
            Step::Setup(_) => Context::MfaSetup,
            Step::Select { .. } => Context::SelectMfa,
        }
    }

    /// The form of a text step, if this is one.
    pub fn form(&self) -> Option<&Form> {
        match &self.step {
            Step::NewPassword { form, .. } | Step::Code { form } => Some(form),
            Step::Setup(panel) => Some(panel.form()),
            Step::Select { .. } => None,
        }
    }

    pub fn input(&mut self, key: KeyEvent) {
        let edited = match &mut self.step {
            Step::NewPassword { form, .. } | Step::Code { form } => form.input(key),
            Step::Setup(panel) => panel.input(key),
            Step::Select { .. } => false,
        };
        if edited {
            self.error = None;
            if let Step::NewPassword { form, .. } = &self.step {
                if form.focus() == PASSWORD {
                    self.policy.recheck(form, PASSWORD);
                }
            }
        }
    }

    /// The pool's policy became known (or is known already): checked on the new password.
    pub fn set_policy(&mut self, policy: Option<&PasswordPolicy>) {
        if let Step::NewPassword { form, .. } = &self.step {
            self.policy.set(policy, form, PASSWORD);
        }
    }

    pub fn command(&mut self, command: Command) -> Outcome {
        let theme = self.theme;
        match (&mut self.step, command) {
            (_, Command::Back) => {
                return Outcome::Go(Nav::SignIn {
                    username: self.username.clone(),
                });
            }
            (Step::NewPassword { form, .. }, Command::NextField) => form.next(&theme),
            (Step::NewPassword { form, .. }, Command::PrevField) => form.prev(&theme),
            (Step::NewPassword { form, .. }, Command::ToggleSecret) => form.toggle_secrets(),
            (Step::Select { options, selected }, Command::Up) => {
                *selected = selected
                    .checked_sub(1)
                    .unwrap_or(options.len().saturating_sub(1));
            }
            (Step::Select { options, selected }, Command::Down) => {
                *selected = (*selected + 1) % options.len().max(1);
            }
            (Step::Select { options, selected }, Command::Choose) => {
                if let Some(kind) = options.get(*selected).copied() {
                    return self.answer(Answer::SelectMfa(kind));
                }
                self.error = Some("The pool offered no method to choose from.".into());
            }
            (_, Command::Submit) => return self.submit(),
            _ => {}
        }
        Outcome::None
    }

    fn submit(&mut self) -> Outcome {
        let theme = self.theme;
        match &mut self.step {
            Step::NewPassword { form, attributes } => {
                let required: Vec<usize> = (0..form.len()).collect();
                if let Err(message) = form.require(&required, &theme) {
                    self.error = Some(message);
                    return Outcome::None;
                }
                let password = form.field_mut(PASSWORD).take_secret();
                let repeat = form.field_mut(REPEAT).take_secret();
                if password.expose() != repeat.expose() {
                    form.set_focus(PASSWORD, &theme);
                    self.error = Some("The two passwords differ; type them again.".into());
                    return Outcome::None;
                }
                let values: BTreeMap<String, String> = attributes
                    .iter()
                    .enumerate()
                    .map(|(i, name)| (name.clone(), form.field(REPEAT + 1 + i).value()))
                    .collect();
                self.answer(Answer::NewPassword {
                    password,
                    attributes: values,
                })
            }
            Step::Code { form } => {
                if let Err(message) = form.require(&[0], &theme) {
                    self.error = Some(message);
                    return Outcome::None;
                }
                let code = form.field(0).value().replace(' ', "");
                self.answer(Answer::Code(code))
            }
            Step::Setup(panel) if !panel.has_secret() => {
                Outcome::Request(Request::Challenge(ChallengeTask::AssociateTotp {
                    username: self.username.clone(),
                    pending: Box::new(self.pending.clone()),
                }))
            }
            Step::Setup(panel) => {
                let code = panel.code();
                if code.is_empty() {
                    self.error = Some("Enter the code.".into());
                    return Outcome::None;
                }
                self.answer(Answer::TotpSetupCode {
                    code,
                    device_name: None,
                })
            }
            Step::Select { .. } => Outcome::None,
        }
    }

    fn answer(&mut self, answer: Answer) -> Outcome {
        self.error = None;
        Outcome::Request(Request::Challenge(ChallengeTask::Answer {
            username: self.username.clone(),
            pending: Box::new(self.pending.clone()),
            answer,
        }))
    }

    /// The secret of MFA_SETUP came, with the challenge's next session.
    pub fn associated(&mut self, setup: &TotpSetup, pending: PendingChallenge) {
        self.pending = pending;
        self.error = None;
        if let Step::Setup(panel) = &mut self.step {
            panel.show(setup);
        }
    }

    /// A refused answer: the message goes under the form, which keeps what was typed (a new
    /// password excepted: it is typed again).
    pub fn failed(&mut self, error: &ServiceError) {
        self.error = Some(error.to_string());
        if let Step::NewPassword { form, .. } = &mut self.step {
            form.set_focus(PASSWORD, &self.theme);
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let mut notes = self.notes();
        let title = self.title();
        if let Step::Setup(panel) = &self.step {
            let view = PanelView {
                title,
                notes: &notes,
                error: self.error.as_deref(),
            };
            panel.render(view, area, buf, theme);
            return;
        }
        let block = Block::bordered()
            .title(Span::styled(format!(" {title} "), theme.title(true)))
            .border_style(theme.border(true));
        let inner = block.inner(area);
        block.render(area, buf);
        match &self.step {
            Step::NewPassword { form, .. } | Step::Code { form } => {
                let [fields, _, below] = form_layout(form, inner);
                form.render(fields, buf, theme);
                let mut lines = muted_lines(&notes, theme);
                if matches!(self.step, Step::NewPassword { .. }) {
                    lines.push(self.policy.line(theme));
                }
                render_note_lines(lines, self.error.as_deref(), below, buf, theme);
            }
            Step::Select { options, selected } => {
                Paragraph::new(self.select_lines(notes.remove(0), options, *selected, theme))
                    .wrap(Wrap { trim: false })
                    .render(inner, buf);
            }
            Step::Setup(_) => {}
        }
    }

    fn title(&self) -> &'static str {
        match &self.pending.challenge {
            Challenge::NewPasswordRequired { .. } => "Choose a new password",
            Challenge::SoftwareTokenMfa => "Authenticator code",
            Challenge::SmsMfa { .. } => "SMS code",
            Challenge::EmailOtp { .. } => "Email code",
            Challenge::MfaSetup { .. } => "Set up an authenticator app",
            Challenge::SelectMfaType { .. } => "Choose a second factor",
        }
    }

    /// The words under the form: what this step wants and where a code went.
    fn notes(&self) -> Vec<String> {
        let sent = |how: &str, to: &Option<String>| match to {
            Some(to) => format!("A code was sent {how} to {to}. Enter it to finish signing in."),
            None => format!("A code was sent {how}. Enter it to finish signing in."),
        };
        let mut notes = match &self.pending.challenge {
            Challenge::NewPasswordRequired { .. } => {
                let mut notes =
                    vec!["This account must choose a new password before it can sign in.".into()];
                let attributes = match &self.step {
                    Step::NewPassword { attributes, .. } => attributes.as_slice(),
                    _ => &[],
                };
                if !attributes.is_empty() {
                    let names: Vec<String> = attributes
                        .iter()
                        .map(|a| attribute_label(a).to_lowercase())
                        .collect();
                    notes.push(format!("The pool also needs: {}.", names.join(", ")));
                }
                return notes;
            }
            Challenge::SoftwareTokenMfa => vec![format!(
                "Enter the 6-digit code your authenticator app shows for {}.",
                self.username
            )],
            Challenge::SmsMfa { destination } => vec![sent("by SMS", destination)],
            Challenge::EmailOtp { destination } => vec![sent("by email", destination)],
            Challenge::MfaSetup { can_set_up } => {
                let mut notes =
                    vec!["This pool requires a second factor: set up an authenticator app.".into()];
                if !can_set_up.is_empty() && !can_set_up.contains(&MfaKind::SoftwareToken) {
                    notes.push(
                        "The pool does not offer an authenticator app for this account; ask its administrator."
                            .into(),
                    );
                }
                return notes;
            }
            Challenge::SelectMfaType { .. } => {
                return vec!["How do you want to get your sign-in code?".into()];
            }
        };
        if matches!(
            self.pending.challenge,
            Challenge::SmsMfa { .. } | Challenge::EmailOtp { .. }
        ) {
            notes.extend(self.outbox_hint.clone());
        }
        notes
    }
}

fn new_password_step(
    required: &[String],
    current: &BTreeMap<String, String>,
    theme: &Theme,
) -> Step {
    let mut fields = vec![Field::secret("New password"), Field::secret("Repeat")];
    for name in required {
        let field = Field::new(attribute_label(name));
        fields.push(match current.get(name) {
            Some(value) => field.with_value(value),
            None => field,
        });
    }
    Step::NewPassword {
        form: Form::new(fields, theme),
        attributes: required.to_vec(),
    }
}
