//! The steps a pool can ask for after the password: a new password (with the attributes it
//! requires), a code from an authenticator app, SMS or email, setting up an authenticator app,
//! or a choice of second factor. Each answer goes back as a task; Esc returns to sign in.

use std::collections::BTreeMap;

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::home::HomeScreen;
use super::mfa_setup::{PanelView, TotpPanel};
use super::{Cx, Outcome, Screen, View, muted_lines, render_note_lines};
use crate::service::ServiceError;
use crate::service::account::TotpSetup;
use crate::service::admin::PasswordPolicy;
use crate::service::auth::{Answer, Challenge, MfaKind, PendingChallenge};
use crate::tui::keymap::{Command, Context};
use crate::tui::msg::{ChallengeMsg, ChallengeTask, Msg, SignInResult, Task};
use crate::tui::theme::Theme;
use crate::tui::widgets::list::Rows;
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

/// Shown on the sign-in screen when a challenge's session ran out.
pub const CHALLENGE_EXPIRED: &str = "This sign-in attempt has expired (it took too long or had too many wrong answers): sign in again.";

/// The challenge's session is over: only signing in again helps.
fn expired(error: &ServiceError) -> bool {
    matches!(error, ServiceError::SessionExpired { .. })
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

    /// The form of a text step, if this is one.
    pub fn form(&self) -> Option<&Form> {
        match &self.step {
            Step::NewPassword { form, .. } | Step::Code { form } => Some(form),
            Step::Setup(panel) => Some(panel.form()),
            Step::Select { .. } => None,
        }
    }

    fn on_key(&mut self, key: KeyEvent) {
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

    fn submit(&mut self, cx: &Cx) -> Outcome {
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
                self.answer(
                    Answer::NewPassword {
                        password,
                        attributes: values,
                    },
                    cx,
                )
            }
            Step::Code { form } => {
                if let Err(message) = form.require(&[0], &theme) {
                    self.error = Some(message);
                    return Outcome::None;
                }
                let code = form.field(0).value().replace(' ', "");
                self.answer(Answer::Code(code), cx)
            }
            Step::Setup(panel) if !panel.has_secret() => self.associate(cx),
            Step::Setup(panel) => {
                let code = panel.code();
                if code.is_empty() {
                    self.error = Some("Enter the code.".into());
                    return Outcome::None;
                }
                self.answer(
                    Answer::TotpSetupCode {
                        code,
                        device_name: None,
                    },
                    cx,
                )
            }
            Step::Select { .. } => Outcome::None,
        }
    }

    fn answer(&mut self, answer: Answer, cx: &Cx) -> Outcome {
        self.error = None;
        let task = ChallengeTask::Answer {
            username: self.username.clone(),
            pending: Box::new(self.pending.clone()),
            answer,
        };
        cx.task(|conn| Task::Challenge { conn, task })
    }

    /// MFA_SETUP: asks the pool for a secret.
    fn associate(&self, cx: &Cx) -> Outcome {
        let task = ChallengeTask::AssociateTotp {
            username: self.username.clone(),
            pending: Box::new(self.pending.clone()),
        };
        cx.task(|conn| Task::Challenge { conn, task })
    }

    /// Opens the screen of a challenge in place of the one that met it; MFA_SETUP asks the
    /// pool for a secret right away.
    pub fn open(username: &str, pending: PendingChallenge, cx: &Cx) -> Outcome {
        let setup = matches!(pending.challenge, Challenge::MfaSetup { .. });
        let mut screen = Self::new(username, pending, *cx.theme);
        screen.outbox_hint = cx.outbox_hint();
        screen.set_policy(cx.pool.policy());
        let associate = if setup {
            screen.associate(cx)
        } else {
            Outcome::None
        };
        Outcome::Replace(Screen::Challenge(Box::new(screen))).then(associate)
    }

    /// The attempt is over: back to sign in, saying why.
    fn expired(&self, cx: &Cx) -> Outcome {
        let mut sign_in = cx.sign_in(&self.username);
        if let Screen::SignIn(s) = &mut sign_in {
            s.error = Some(CHALLENGE_EXPIRED.to_string());
        }
        Outcome::Replace(sign_in)
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

    fn draw(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
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

impl View for ChallengeScreen {
    fn context(&self) -> Context {
        match self.step {
            Step::NewPassword { .. } => Context::NewPassword,
            Step::Code { .. } => Context::ChallengeCode,
            Step::Setup(_) => Context::MfaSetup,
            Step::Select { .. } => Context::SelectMfa,
        }
    }

    fn input(&mut self, key: KeyEvent, _cx: &Cx) -> Outcome {
        self.on_key(key);
        Outcome::None
    }

    fn command(&mut self, command: Command, cx: &Cx) -> Outcome {
        let theme = self.theme;
        match (&mut self.step, command) {
            (_, Command::Back) => return Outcome::Replace(cx.sign_in(&self.username)),
            (Step::NewPassword { form, .. }, Command::NextField) => form.next(&theme),
            (Step::NewPassword { form, .. }, Command::PrevField) => form.prev(&theme),
            (Step::NewPassword { form, .. }, Command::ToggleSecret) => form.toggle_secrets(),
            (Step::Select { options, selected }, Command::Up | Command::Down) => {
                if let Some(moved) = Rows::new(options.len()).moved(*selected, command, 1) {
                    *selected = moved;
                }
            }
            (Step::Select { options, selected }, Command::Choose) => {
                if let Some(kind) = options.get(*selected).copied() {
                    return self.answer(Answer::SelectMfa(kind), cx);
                }
                self.error = Some("The pool offered no method to choose from.".into());
            }
            (_, Command::Submit) => return self.submit(cx),
            _ => {}
        }
        Outcome::None
    }

    fn click(&mut self, area: Rect, column: u16, row: u16, cx: &Cx) -> Outcome {
        self.clicked(area, column, row, cx)
    }

    fn render(&self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        self.draw(area, buf, cx.theme);
    }

    fn on_result(&mut self, msg: Msg, cx: &Cx) -> Outcome {
        match msg {
            Msg::PasswordPolicy { policy, .. } => self.set_policy(policy.as_ref()),
            Msg::Challenge(ChallengeMsg::Answered(result)) => match result {
                Ok(SignInResult::Home(home, notice)) => {
                    return HomeScreen::enter(*home, notice, cx);
                }
                Ok(SignInResult::Challenge(next)) => {
                    return Self::open(&self.username, *next, cx);
                }
                Err(e) if expired(&e) => return self.expired(cx),
                Err(e) => self.failed(&e),
            },
            Msg::Challenge(ChallengeMsg::TotpAssociated(result)) => match result {
                Ok((setup, pending)) => self.associated(&setup, *pending),
                Err(e) if expired(&e) => return self.expired(cx),
                Err(e) => self.failed(&e),
            },
            _ => {}
        }
        Outcome::None
    }
}
