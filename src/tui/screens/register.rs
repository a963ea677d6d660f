//! Register: username, password (with the policy), email, names, phone and any number of extra
//! attributes (a bare name is a `custom:` one); then the confirm screen.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::form_screen::{FormCore, FormScreen};
use super::{Cx, Outcome, muted_lines};
use crate::service::ServiceError;
use crate::service::account::RegisterRequest;
use crate::service::admin::PasswordPolicy;
use crate::tui::keymap::{Command, Context};
use crate::tui::msg::{Msg, Task};
use crate::tui::theme::Theme;
use crate::tui::widgets::Toast;
use crate::tui::widgets::policy::PolicyNote;
use crate::tui::widgets::{Field, Form};

const USERNAME: usize = 0;
const PASSWORD: usize = 1;
const EMAIL: usize = 2;
const GIVEN_NAME: usize = 3;
const FAMILY_NAME: usize = 4;
const PHONE: usize = 5;
/// Extra attributes follow the fixed fields as name/value pairs.
const FIRST_EXTRA: usize = 6;

#[derive(Debug)]
pub struct RegisterScreen {
    core: FormCore,
    pub error: Option<String>,
    /// The pool's policy checked against the password as typed, once the policy is known.
    pub policy: PolicyNote,
    /// Below the fields: how phones are written and the key that adds attributes (the app
    /// fills it from the keymap).
    pub note: String,
}

impl RegisterScreen {
    pub fn new(username: &str, theme: Theme) -> Self {
        let core = FormCore::new(
            vec![
                Field::new("Username").with_value(username),
                Field::secret("Password"),
                Field::new("Email"),
                Field::new("Given name"),
                Field::new("Family name"),
                Field::new("Phone"),
            ],
            theme,
        );
        Self {
            core,
            error: None,
            policy: PolicyNote::default(),
            note: "Phone as +15551234567.".into(),
        }
    }

    /// The pool's policy became known (or is known already): check the password against it.
    pub fn set_policy(&mut self, policy: Option<&PasswordPolicy>) {
        self.policy.set(policy, &self.core.form, PASSWORD);
    }

    fn recheck(&mut self) {
        self.policy.recheck(&self.core.form, PASSWORD);
    }

    pub fn form(&self) -> &Form {
        &self.core.form
    }

    pub fn username(&self) -> String {
        self.core.value(USERNAME)
    }

    /// Two more fields, a name and a value, with the focus on the name.
    fn add_attribute(&mut self) {
        let FormCore { form, theme } = &mut self.core;
        let n = (form.len() - FIRST_EXTRA) / 2 + 1;
        form.push(Field::new(format!("Attribute {n}")), theme);
        form.push(Field::new(format!("  value {n}")), theme);
        form.set_focus(form.len() - 2, theme);
    }

    /// The extra attributes typed so far; a value without a name is refused (focus on it).
    fn extra_attributes(&mut self) -> Result<Vec<(String, String)>, String> {
        let mut extra = Vec::new();
        for name_at in (FIRST_EXTRA..self.core.form.len()).step_by(2) {
            let name = self.core.value(name_at).trim().to_string();
            let value = self.core.value(name_at + 1);
            match (name.is_empty(), value.is_empty()) {
                (true, true) => {}
                (true, false) => {
                    self.core.focus(name_at);
                    return Err(format!(
                        "Name attribute {}.",
                        (name_at - FIRST_EXTRA) / 2 + 1
                    ));
                }
                (false, _) => extra.push((name, value)),
            }
        }
        Ok(extra)
    }

    fn submit(&mut self, cx: &Cx) -> Outcome {
        if !self
            .core
            .require(&[USERNAME, PASSWORD, EMAIL], &mut self.error)
        {
            return Outcome::None;
        }
        let extra = match self.extra_attributes() {
            Ok(extra) => extra,
            Err(message) => {
                self.error = Some(message);
                return Outcome::None;
            }
        };
        let mut attributes = vec![("email".to_string(), self.core.value(EMAIL))];
        let named = [
            (GIVEN_NAME, "given_name"),
            (FAMILY_NAME, "family_name"),
            (PHONE, "phone_number"),
        ];
        for (index, name) in named {
            let value = self.core.value(index);
            if !value.is_empty() {
                attributes.push((name.to_string(), value));
            }
        }
        attributes.extend(extra);
        let request = RegisterRequest {
            username: self.username(),
            password: self.core.form.field_mut(PASSWORD).take_secret(),
            attributes,
        };
        cx.task(|conn| Task::Register { conn, request })
    }

    /// A refused registration, in plain words; the password has to be typed again.
    pub fn failed(&mut self, e: &ServiceError) {
        self.core.failed(e, PASSWORD, &mut self.error);
        self.recheck();
    }
}

impl FormScreen for RegisterScreen {
    fn context(&self) -> Context {
        Context::Register
    }

    fn parts(&mut self) -> (&mut FormCore, &mut Option<String>) {
        (&mut self.core, &mut self.error)
    }

    fn edited(&mut self, index: usize) {
        if index == PASSWORD {
            self.recheck();
        }
    }

    fn act(&mut self, command: Command, cx: &Cx) -> Outcome {
        match command {
            Command::Back => return Outcome::Replace(cx.sign_in(&self.username())),
            Command::Submit => return self.submit(cx),
            Command::AddAttribute => self.add_attribute(),
            _ => {}
        }
        Outcome::None
    }

    fn draw(&self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        let theme = cx.theme;
        let note = [self.note.clone()];
        let mut notes = vec![self.policy.line(theme)];
        notes.extend(muted_lines(&note, theme));
        let title = "Create an account";
        self.core
            .render(title, notes, self.error.as_deref(), area, buf, theme);
    }

    fn answer(&mut self, msg: Msg, cx: &Cx) -> Outcome {
        match msg {
            Msg::PasswordPolicy { policy, .. } => self.set_policy(policy.as_ref()),
            Msg::Registered { username, result } => match result {
                Ok(registered) if registered.confirmed => {
                    return Outcome::Replace(cx.sign_in(&username))
                        .with_toast(Toast::info("Account created; sign in."));
                }
                Ok(registered) => {
                    return Outcome::Replace(cx.confirm(&username, registered.delivery.as_ref()))
                        .with_toast(Toast::info("Account created; enter the code."));
                }
                Err(e) => self.failed(&e),
            },
            _ => {}
        }
        Outcome::None
    }
}
