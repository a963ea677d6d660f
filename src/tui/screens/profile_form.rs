//! Adding or editing a saved profile from the picker: the same fields and validation as
//! `cognito-tui profiles add`; the worker writes `profiles.toml` (comments kept).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::form_screen::{FormCore, FormScreen};
use super::{Cx, Outcome, muted_lines};
use crate::secret::SecretString;
use crate::store::profile::{auth_flow_name, parse_auth_flow};
use crate::store::{Profile, ProfileEntry};
use crate::tui::keymap::{Command, Context};
use crate::tui::msg::{Msg, Task};
use crate::tui::theme::Theme;
use crate::tui::widgets::{Field, Form};

const NAME: usize = 0;
const REGION: usize = 1;
const POOL: usize = 2;
const CLIENT: usize = 3;
const SECRET: usize = 4;
const ENDPOINT: usize = 5;
const ISSUER: usize = 6;
const JWKS: usize = 7;
const AWS_PROFILE: usize = 8;
const FLOW: usize = 9;

/// What a profile save or delete did: the words to show, and the profiles as they now are.
#[derive(Debug, Clone)]
pub struct ProfilesChanged {
    pub message: String,
    /// The change happened but something around it failed (e.g. sessions not removed).
    pub problem: bool,
    pub entries: Vec<ProfileEntry>,
    /// The profile concerned, to select it in the picker.
    pub name: String,
}

#[derive(Debug)]
pub struct ProfileFormScreen {
    core: FormCore,
    /// The profile's name when editing one (it cannot be renamed).
    pub editing: Option<String>,
    pub error: Option<String>,
}

impl ProfileFormScreen {
    /// An empty form, or one filled from `profile` to edit it.
    pub fn new(profile: Option<&Profile>, theme: Theme) -> Self {
        let text = |value: Option<&str>| value.unwrap_or_default().to_string();
        let p = profile;
        let fields = vec![
            Field::new("Name").with_value(&text(p.map(|p| p.name.as_str()))),
            Field::new("Region").with_value(&text(p.map(|p| p.region.as_str()))),
            Field::new("User pool id").with_value(&text(p.map(|p| p.user_pool_id.as_str()))),
            Field::new("Client id").with_value(&text(p.map(|p| p.client_id.as_str()))),
            Field::secret("Client secret").with_value(&text(
                p.and_then(|p| p.client_secret.as_ref())
                    .map(SecretString::expose),
            )),
            Field::new("Endpoint URL").with_value(&text(p.and_then(|p| p.endpoint_url.as_deref()))),
            Field::new("Issuer").with_value(&text(p.and_then(|p| p.issuer.as_deref()))),
            Field::new("JWKS URL").with_value(&text(p.and_then(|p| p.jwks_url.as_deref()))),
            Field::new("AWS profile").with_value(&text(p.and_then(|p| p.aws_profile.as_deref()))),
            Field::new("Auth flow").with_value(p.map_or("srp", |p| auth_flow_name(p.auth_flow))),
        ];
        let mut core = FormCore::new(fields, theme);
        let editing = profile.map(|p| p.name.clone());
        if editing.is_some() {
            core.focus(REGION);
        }
        Self {
            core,
            editing,
            error: None,
        }
    }

    pub fn form(&self) -> &Form {
        &self.core.form
    }

    /// The profile the form describes, or what is wrong with it (the field focused).
    pub fn profile(&mut self) -> Result<Profile, String> {
        self.core
            .form
            .require(&[NAME, POOL, CLIENT], &self.core.theme)?;
        let client_secret = self.secret();
        let value = |i: usize| self.core.value(i);
        let optional = |i: usize| Some(value(i)).filter(|v| !v.is_empty());
        let mut profile = Profile::new(value(NAME), value(POOL), value(CLIENT));
        if let Some(region) = optional(REGION) {
            profile.region = region;
        }
        profile.client_secret = client_secret;
        profile.endpoint_url = optional(ENDPOINT);
        profile.issuer = optional(ISSUER);
        profile.jwks_url = optional(JWKS);
        profile.aws_profile = optional(AWS_PROFILE);
        if let Some(flow) = optional(FLOW) {
            profile.auth_flow = match parse_auth_flow(&flow.to_lowercase()) {
                Ok(flow) => flow,
                Err(e) => {
                    self.core.focus(FLOW);
                    return Err(e);
                }
            };
        }
        if let Err(e) = profile.validate() {
            let field = field_of(&e);
            self.core.focus(field);
            return Err(e);
        }
        Ok(profile)
    }

    /// The client secret as typed (kept in the field, so nothing is lost on an error).
    fn secret(&mut self) -> Option<SecretString> {
        let secret = self.core.form.field_mut(SECRET).copy_secret();
        let trimmed = secret.expose().trim();
        (!trimmed.is_empty()).then(|| SecretString::new(trimmed))
    }

    fn submit(&mut self) -> Outcome {
        match self.profile() {
            Ok(profile) => {
                self.error = None;
                Outcome::Request(Task::SaveProfile {
                    profile: Box::new(profile),
                    replace: self.editing.is_some(),
                })
            }
            Err(e) => {
                self.error = Some(e);
                Outcome::None
            }
        }
    }

    /// The store refused the profile: say why, keep everything typed.
    pub fn failed(&mut self, error: String) {
        self.core.focus(field_of(&error));
        self.error = Some(error);
    }
}

/// The field a validation message is about, to put the focus there.
fn field_of(message: &str) -> usize {
    let lower = message.to_lowercase();
    [
        ("profile name", NAME),
        ("user pool id", POOL),
        ("region", REGION),
        ("client_id", CLIENT),
        ("client id", CLIENT),
        ("client_secret", SECRET),
        ("endpoint_url", ENDPOINT),
        ("issuer", ISSUER),
        ("jwks_url", JWKS),
        ("aws_profile", AWS_PROFILE),
        ("auth_flow", FLOW),
        ("already", NAME),
    ]
    .into_iter()
    .find(|(word, _)| lower.contains(word))
    .map_or(NAME, |(_, field)| field)
}

impl FormScreen for ProfileFormScreen {
    fn context(&self) -> Context {
        Context::ProfileForm
    }

    fn parts(&mut self) -> (&mut FormCore, &mut Option<String>) {
        (&mut self.core, &mut self.error)
    }

    fn locked(&self, index: usize) -> Option<&'static str> {
        (self.editing.is_some() && index == NAME)
            .then_some("A saved profile cannot be renamed: add a new one and delete this one.")
    }

    fn act(&mut self, command: Command, _cx: &Cx) -> Outcome {
        match command {
            Command::RevealSecret => self.core.form.toggle_secrets(),
            Command::Back => return Outcome::Picker,
            Command::Submit => return self.submit(),
            _ => {}
        }
        Outcome::None
    }

    fn draw(&self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        let title = match &self.editing {
            Some(name) => format!("Edit profile {name}"),
            None => "Add a profile".to_string(),
        };
        let lines = vec![
            "Region defaults to the pool id's; leave the secret empty for a public client; auth flow srp or user_password.".to_string(),
        ];
        let notes = muted_lines(&lines, cx.theme);
        self.core
            .render(&title, notes, self.error.as_deref(), area, buf, cx.theme);
    }

    fn answer(&mut self, msg: Msg, _cx: &Cx) -> Outcome {
        match msg {
            Msg::ProfileSaved(Ok(changed)) => Outcome::ProfilesChanged(changed),
            Msg::ProfileSaved(Err(e)) => {
                self.failed(e);
                Outcome::None
            }
            _ => Outcome::None,
        }
    }
}
