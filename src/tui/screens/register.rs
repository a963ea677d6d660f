//! Register: username, password (with the policy), email, names, phone and any number of extra
//! attributes (a bare name is a `custom:` one); then the confirm screen.

use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Cx, Outcome, View, muted_lines, render_note_lines};
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
    form: Form,
    theme: Theme,
    pub error: Option<String>,
    /// The pool's policy checked against the password as typed, once the policy is known.
    pub policy: PolicyNote,
    /// Below the fields: how phones are written and the key that adds attributes (the app
    /// fills it from the keymap).
    pub note: String,
}

impl RegisterScreen {
    pub fn new(username: &str, theme: Theme) -> Self {
        let form = Form::new(
            vec![
                Field::new("Username").with_value(username),
                Field::secret("Password"),
                Field::new("Email"),
                Field::new("Given name"),
                Field::new("Family name"),
                Field::new("Phone"),
            ],
            &theme,
        );
        Self {
            form,
            theme,
            error: None,
            policy: PolicyNote::default(),
            note: "Phone as +15551234567.".into(),
        }
    }

    /// The pool's policy became known (or is known already): check the password against it.
    pub fn set_policy(&mut self, policy: Option<&PasswordPolicy>) {
        self.policy.set(policy, &self.form, PASSWORD);
    }

    fn recheck(&mut self) {
        self.policy.recheck(&self.form, PASSWORD);
    }

    pub fn form(&self) -> &Form {
        &self.form
    }

    pub fn username(&self) -> String {
        self.form.field(USERNAME).value()
    }

    fn on_key(&mut self, key: KeyEvent) {
        if self.form.input(key) {
            self.error = None;
            if self.form.focus() == PASSWORD {
                self.recheck();
            }
        }
    }

    fn handle(&mut self, command: Command, cx: &Cx) -> Outcome {
        match command {
            Command::NextField => self.form.next(&self.theme),
            Command::PrevField => self.form.prev(&self.theme),
            Command::ToggleSecret => self.form.toggle_secrets(),
            Command::Back => {
                return Outcome::Replace(cx.sign_in(&self.username()));
            }
            Command::Submit => return self.submit(cx),
            Command::AddAttribute => self.add_attribute(),
            _ => {}
        }
        Outcome::None
    }

    /// Two more fields, a name and a value, with the focus on the name.
    fn add_attribute(&mut self) {
        let n = (self.form.len() - FIRST_EXTRA) / 2 + 1;
        self.form
            .push(Field::new(format!("Attribute {n}")), &self.theme);
        self.form
            .push(Field::new(format!("  value {n}")), &self.theme);
        self.form.set_focus(self.form.len() - 2, &self.theme);
    }

    /// The extra attributes typed so far; a value without a name is refused (focus on it).
    fn extra_attributes(&mut self) -> Result<Vec<(String, String)>, String> {
        let mut extra = Vec::new();
        for name_at in (FIRST_EXTRA..self.form.len()).step_by(2) {
            let name = self.form.field(name_at).value().trim().to_string();
            let value = self.form.field(name_at + 1).value();
            match (name.is_empty(), value.is_empty()) {
                (true, true) => {}
                (true, false) => {
                    self.form.set_focus(name_at, &self.theme);
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
        if let Err(message) = self.form.require(&[USERNAME, PASSWORD, EMAIL], &self.theme) {
            self.error = Some(message);
            return Outcome::None;
        }
        self.error = None;
        let extra = match self.extra_attributes() {
            Ok(extra) => extra,
            Err(message) => {
                self.error = Some(message);
                return Outcome::None;
            }
        };
        let mut attributes = vec![("email".to_string(), self.form.field(EMAIL).value())];
        let named = [
            (GIVEN_NAME, "given_name"),
            (FAMILY_NAME, "family_name"),
            (PHONE, "phone_number"),
        ];
        for (index, name) in named {
            let value = self.form.field(index).value();
            if !value.is_empty() {
                attributes.push((name.to_string(), value));
            }
        }
        attributes.extend(extra);
        let request = RegisterRequest {
            username: self.username(),
            password: self.form.field_mut(PASSWORD).take_secret(),
            attributes,
        };
        cx.task(|conn| Task::Register { conn, request })
    }

    /// A refused registration, in plain words; the password has to be typed again.
    pub fn failed(&mut self, error: String) {
        self.error = Some(error);
        self.form.set_focus(PASSWORD, &self.theme);
        self.recheck();
    }

    /// A click focuses the field under it.
    fn clicked(&mut self, area: Rect, column: u16, row: u16) -> Outcome {
        self.form.click_framed(area, column, row, &self.theme);
        Outcome::None
    }

    fn draw(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let notes = self
            .form
            .render_framed("Create an account", area, buf, theme);
        let note = [self.note.clone()];
        let mut lines = vec![self.policy.line(theme)];
        lines.extend(muted_lines(&note, theme));
        render_note_lines(lines, self.error.as_deref(), notes, buf, theme);
    }
}

impl View for RegisterScreen {
    fn context(&self) -> Context {
        Context::Register
    }

    fn input(&mut self, key: KeyEvent, _cx: &Cx) -> Outcome {
        self.on_key(key);
        Outcome::None
    }

    fn command(&mut self, command: Command, cx: &Cx) -> Outcome {
        self.handle(command, cx)
    }

    fn click(&mut self, area: Rect, column: u16, row: u16, _cx: &Cx) -> Outcome {
        self.clicked(area, column, row)
    }

    fn render(&self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        self.draw(area, buf, cx.theme);
    }

    fn on_result(&mut self, msg: Msg, cx: &Cx) -> Outcome {
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
                Err(e) => self.failed(e.to_string()),
            },
            _ => {}
        }
        Outcome::None
    }
}
