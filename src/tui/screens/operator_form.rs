//! The operator's forms, over the users table or a user's detail: create a user, set a
//! password, set an attribute, join or leave a group. Each is one `service::admin` call; on
//! success the form closes and the screen under it reads again, so it shows what Cognito now has.

use std::sync::Arc;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::form_screen::{FormCore, FormScreen};
use super::{Cx, Outcome, muted_lines};
use crate::service::ServiceError;
use crate::service::admin::{CreateUser, Operator, PasswordPolicy, generate_password};
use crate::tui::keymap::{Command, Context};
use crate::tui::msg::{Load, Msg, Progress, Task};
use crate::tui::theme::Theme;
use crate::tui::widgets::{Field, Toast};

/// Which form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    CreateUser,
    SetPassword {
        username: String,
    },
    SetAttribute {
        username: String,
    },
    JoinGroup {
        username: String,
    },
    LeaveGroup {
        username: String,
    },
    CreateGroup,
    /// Edit a group's description, precedence and role.
    EditGroup {
        name: String,
    },
    /// Export the users the search matches (every user without one) to a file.
    Export {
        filter: Option<String>,
    },
    /// Add a user to the group whose members are shown.
    AddMember {
        group: String,
    },
}

/// The answer of the form's call: what to say, or the failure.
struct Done(Result<String, ServiceError>);

pub struct OperatorFormScreen {
    kind: Kind,
    operator: Arc<Operator>,
    core: FormCore,
    pub error: Option<String>,
    /// Create: the password is the user's own (CONFIRMED), not temporary; set password: too.
    pub permanent: bool,
    /// Create: send no invitation.
    pub suppress: bool,
    /// Create: invite by SMS instead of email.
    pub by_sms: bool,
    policy: Option<PasswordPolicy>,
    busy: bool,
}

impl std::fmt::Debug for OperatorFormScreen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OperatorFormScreen")
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

// Field positions of the create form.
const C_USERNAME: usize = 0;
const C_EMAIL: usize = 1;
const C_PHONE: usize = 2;
const C_GIVEN: usize = 3;
const C_FAMILY: usize = 4;
const C_EXTRA: usize = 5;
const C_PASSWORD: usize = 6;

impl OperatorFormScreen {
    /// `value` prefills the second field (an attribute's value, a group name).
    pub fn new(
        kind: Kind,
        operator: Arc<Operator>,
        theme: Theme,
        prefill: &[(usize, String)],
        policy: Option<PasswordPolicy>,
    ) -> Self {
        let fields = match &kind {
            Kind::CreateUser => vec![
                Field::new("Username"),
                Field::new("Email"),
                Field::new("Phone"),
                Field::new("Given name"),
                Field::new("Family name"),
                Field::new("Attributes"),
                Field::secret("Password"),
            ],
            Kind::SetPassword { .. } => vec![Field::secret("Password"), Field::secret("Repeat")],
            Kind::SetAttribute { .. } => vec![Field::new("Attribute"), Field::new("Value")],
            Kind::JoinGroup { .. } | Kind::LeaveGroup { .. } => vec![Field::new("Group")],
            Kind::CreateGroup => vec![
                Field::new("Name"),
                Field::new("Description"),
                Field::new("Precedence"),
                Field::new("Role ARN"),
            ],
            Kind::EditGroup { .. } => vec![
                Field::new("Description"),
                Field::new("Precedence"),
                Field::new("Role ARN"),
            ],
            Kind::AddMember { .. } => vec![Field::new("Username")],
            Kind::Export { .. } => vec![Field::new("File")],
        };
        let mut core = FormCore::new(fields, theme);
        for (index, value) in prefill {
            core.form.field_mut(*index).set_value(value);
        }
        Self {
            kind,
            operator,
            core,
            error: None,
            permanent: false,
            suppress: false,
            by_sms: false,
            policy,
            busy: false,
        }
    }

    fn title(&self) -> String {
        match &self.kind {
            Kind::CreateUser => "Create a user".into(),
            Kind::SetPassword { username } => format!("Set the password of {username}"),
            Kind::SetAttribute { username } => format!("Set an attribute of {username}"),
            Kind::JoinGroup { username } => format!("Add {username} to a group"),
            Kind::LeaveGroup { username } => format!("Remove {username} from a group"),
            Kind::CreateGroup => "Create a group".into(),
            Kind::EditGroup { name } => format!("Edit the group {name}"),
            Kind::AddMember { group } => format!("Add a user to {group}"),
            Kind::Export { filter: Some(f) } => format!("Export the users matching {f}"),
            Kind::Export { filter: None } => "Export every user of the pool".into(),
        }
    }

    fn run(
        &mut self,
        what: &'static str,
        call: impl Future<Output = Result<String, ServiceError>> + Send + 'static,
    ) -> Outcome {
        self.busy = true;
        Outcome::Request(Task::Load(Load::new(what, move |_: Progress| async move {
            Done(call.await)
        })))
    }

    fn submit(&mut self) -> Outcome {
        if self.busy {
            return Outcome::None;
        }
        let operator = self.operator.clone();
        match self.kind.clone() {
            Kind::CreateUser => {
                if !self.core.require(&[C_USERNAME], &mut self.error) {
                    return Outcome::None;
                }
                let mut attributes = Vec::new();
                for (index, name) in [
                    (C_EMAIL, "email"),
                    (C_PHONE, "phone_number"),
                    (C_GIVEN, "given_name"),
                    (C_FAMILY, "family_name"),
                ] {
                    let value = self.core.value(index);
                    if !value.trim().is_empty() {
                        attributes.push((name.to_string(), value.trim().to_string()));
                    }
                }
                for pair in self
                    .core
                    .value(C_EXTRA)
                    .split(',')
                    .filter(|p| !p.trim().is_empty())
                {
                    match pair.split_once('=') {
                        Some((n, v)) if !n.trim().is_empty() => {
                            attributes.push((n.trim().to_string(), v.trim().to_string()))
                        }
                        _ => {
                            self.error = Some(format!("{:?} is not name=value.", pair.trim()));
                            self.core.focus(C_EXTRA);
                            return Outcome::None;
                        }
                    }
                }
                let password = self.core.secret(C_PASSWORD);
                if self.permanent && password.is_none() {
                    self.error =
                        Some("A permanent password must be typed or generated (Ctrl-G).".into());
                    self.core.focus(C_PASSWORD);
                    return Outcome::None;
                }
                let (temporary_password, permanent_password) = if self.permanent {
                    (None, password)
                } else {
                    (password, None)
                };
                let request = CreateUser {
                    username: self.core.value(C_USERNAME).trim().to_string(),
                    attributes,
                    temporary_password,
                    permanent_password,
                    suppress_message: self.suppress,
                    invite_by_sms: self.by_sms,
                };
                self.run("Creating the user", async move {
                    let user = operator.create_user(request).await?;
                    Ok(format!("{} is created ({}).", user.username, user.status))
                })
            }
            Kind::SetPassword { username } => {
                if !self.core.require(&[0, 1], &mut self.error) {
                    return Outcome::None;
                }
                let (Some(password), Some(repeat)) = (self.core.secret(0), self.core.secret(1))
                else {
                    return Outcome::None;
                };
                if password.expose() != repeat.expose() {
                    self.error = Some("The repeat does not match.".into());
                    self.core.focus(1);
                    return Outcome::None;
                }
                let permanent = self.permanent;
                self.run("Setting the password", async move {
                    operator
                        .set_password(&username, &password, permanent)
                        .await?;
                    Ok(if permanent {
                        format!("{username}'s password is set (CONFIRMED).")
                    } else {
                        format!(
                            "{username} has a temporary password: a new one is chosen at sign-in."
                        )
                    })
                })
            }
            Kind::SetAttribute { username } => {
                if !self.core.require(&[0], &mut self.error) {
                    return Outcome::None;
                }
                let (name, value) = (self.core.value(0).trim().to_string(), self.core.value(1));
                self.run("Saving the attribute", async move {
                    operator
                        .update_attributes(&username, vec![(name.clone(), value)])
                        .await?;
                    Ok(format!("{username}'s {name} is saved."))
                })
            }
            Kind::CreateGroup => {
                if !self.core.require(&[0], &mut self.error) {
                    return Outcome::None;
                }
                let name = self.core.value(0).trim().to_string();
                let Some(settings) = self.group_settings(1) else {
                    return Outcome::None;
                };
                self.run("Creating the group", async move {
                    operator.create_group_with(&name, settings).await?;
                    Ok(format!("The group {name} is created."))
                })
            }
            Kind::EditGroup { name } => {
                let Some(settings) = self.group_settings(0) else {
                    return Outcome::None;
                };
                self.run("Saving the group", async move {
                    operator.update_group(&name, settings).await?;
                    Ok(format!("The group {name} is saved."))
                })
            }
            Kind::AddMember { group } => {
                if !self.core.require(&[0], &mut self.error) {
                    return Outcome::None;
                }
                let username = self.core.value(0).trim().to_string();
                self.run("Adding the member", async move {
                    operator.add_to_group(&username, &group).await?;
                    Ok(format!("{username} is in {group}."))
                })
            }
            Kind::Export { filter } => {
                if !self.core.require(&[0], &mut self.error) {
                    return Outcome::None;
                }
                let path = std::path::PathBuf::from(self.core.value(0).trim());
                // JSON lines for a .jsonl file, Cognito's import CSV otherwise.
                let format = if path
                    .extension()
                    .is_some_and(|e| e == "jsonl" || e == "json")
                {
                    crate::flows::users_export::Format::Jsonl
                } else {
                    crate::flows::users_export::Format::Csv
                };
                self.run("Exporting the users", async move {
                    let file = std::fs::File::create(&path).map_err(|e| {
                        ServiceError::InvalidParameter {
                            detail: format!("cannot create {}: {e}", path.display()),
                        }
                    })?;
                    let mut out = std::io::BufWriter::new(file);
                    let exported = crate::flows::users_export::export(
                        &operator,
                        filter,
                        format,
                        &mut out,
                        &mut |_| {},
                    )
                    .await
                    .map_err(|e| match e {
                        crate::flows::users_export::ExportError::Service(e) => e,
                        other => ServiceError::InvalidParameter {
                            detail: other.to_string(),
                        },
                    })?;
                    let n = exported.users;
                    Ok(format!(
                        "Exported {n} user{} to {}.",
                        if n == 1 { "" } else { "s" },
                        path.display()
                    ))
                })
            }
            Kind::JoinGroup { username } | Kind::LeaveGroup { username } => {
                if !self.core.require(&[0], &mut self.error) {
                    return Outcome::None;
                }
                let group = self.core.value(0).trim().to_string();
                let join = matches!(self.kind, Kind::JoinGroup { .. });
                self.run("Changing the groups", async move {
                    if join {
                        operator.add_to_group(&username, &group).await?;
                        Ok(format!("{username} is in {group}."))
                    } else {
                        operator.remove_from_group(&username, &group).await?;
                        Ok(format!("{username} left {group}."))
                    }
                })
            }
        }
    }

    /// A group's settings from fields `first..first + 3` (description, precedence, role ARN);
    /// None (with the error shown) when the precedence is not a number.
    fn group_settings(&mut self, first: usize) -> Option<crate::service::admin::GroupSettings> {
        let text = |i: usize| {
            let v = self.core.value(i).trim().to_string();
            (!v.is_empty()).then_some(v)
        };
        let precedence = match text(first + 1) {
            None => None,
            Some(p) => match p.parse::<i32>() {
                Ok(n) if n >= 0 => Some(n),
                _ => {
                    self.error = Some(format!(
                        "The precedence {p:?} must be a whole number, 0 or more."
                    ));
                    self.core.focus(first + 1);
                    return None;
                }
            },
        };
        Some(crate::service::admin::GroupSettings {
            description: text(first),
            precedence,
            role_arn: text(first + 2),
        })
    }

    fn generate(&mut self) {
        let index = match self.kind {
            Kind::CreateUser => C_PASSWORD,
            Kind::SetPassword { .. } => 0,
            _ => return,
        };
        match generate_password(self.policy.as_ref()) {
            Ok(password) => {
                self.core.form.field_mut(index).set_value(password.expose());
                if let Kind::SetPassword { .. } = self.kind {
                    self.core.form.field_mut(1).set_value(password.expose());
                }
                // Shown: the operator hands it to the user.
                if !self.core.form.field(index).is_shown() {
                    self.core.form.toggle_secrets();
                }
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
    }
}

impl FormScreen for OperatorFormScreen {
    fn context(&self) -> Context {
        Context::OperatorForm
    }

    fn parts(&mut self) -> (&mut FormCore, &mut Option<String>) {
        (&mut self.core, &mut self.error)
    }

    fn act(&mut self, command: Command, cx: &Cx) -> Outcome {
        let _ = cx;
        match command {
            Command::Back => Outcome::Pop,
            Command::Submit => self.submit(),
            Command::GeneratePassword => {
                self.generate();
                Outcome::None
            }
            Command::TogglePermanent => {
                self.permanent = !self.permanent;
                Outcome::None
            }
            Command::ToggleInvitation if self.kind == Kind::CreateUser => {
                self.suppress = !self.suppress;
                Outcome::None
            }
            Command::ToggleDelivery if self.kind == Kind::CreateUser => {
                self.by_sms = !self.by_sms;
                Outcome::None
            }
            _ => Outcome::None,
        }
    }

    fn draw(&self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        let key = |c| cx.key(Context::OperatorForm, c).unwrap_or_default();
        let mut notes: Vec<String> = Vec::new();
        match &self.kind {
            Kind::CreateUser => {
                notes.push(
                    "Phone in E.164 (+351…). Attributes: name=value, … (a bare name means custom:name)."
                        .into(),
                );
                notes.push(format!(
                    "Password: {} ({} toggles){}. {} generates one that fits the pool's policy; empty: Cognito makes one.",
                    if self.permanent { "the user's own, CONFIRMED at once" } else { "temporary, replaced at the first sign-in" },
                    key(Command::TogglePermanent),
                    "",
                    key(Command::GeneratePassword),
                ));
                notes.push(format!(
                    "Invitation: {} ({} toggles), by {} ({} toggles).",
                    if self.suppress { "not sent" } else { "sent" },
                    key(Command::ToggleInvitation),
                    if self.by_sms { "SMS" } else { "email" },
                    key(Command::ToggleDelivery),
                ));
            }
            Kind::SetPassword { .. } => notes.push(format!(
                "{} ({} toggles). {} generates one.",
                if self.permanent {
                    "Permanent: the account is CONFIRMED with it"
                } else {
                    "Temporary: FORCE_CHANGE_PASSWORD, a new one is chosen at sign-in"
                },
                key(Command::TogglePermanent),
                key(Command::GeneratePassword),
            )),
            Kind::SetAttribute { .. } => notes.push(
                "A bare name means custom:name. email_verified / phone_number_verified = true marks them verified."
                    .into(),
            ),
            Kind::JoinGroup { .. } | Kind::LeaveGroup { .. } => {
                notes.push("The group's name, as the Groups tab lists it.".into())
            }
            Kind::CreateGroup | Kind::EditGroup { .. } => notes.push(
                "Precedence: lower wins when a user's groups carry different IAM roles. Everything but the name may stay empty."
                    .into(),
            ),
            Kind::AddMember { .. } => notes.push("The username (or an alias the pool accepts).".into()),
            Kind::Export { .. } => notes.push(
                "A .csv file gets Cognito's import columns (GetCSVHeader); a .jsonl file one user a line, with groups."
                    .into(),
            ),
        }
        if self.busy {
            notes.push("Working…".into());
        }
        let lines = muted_lines(&notes, cx.theme);
        self.core.render(
            &self.title(),
            lines,
            self.error.as_deref(),
            area,
            buf,
            cx.theme,
        );
    }

    fn answer(&mut self, msg: Msg, _cx: &Cx) -> Outcome {
        let Msg::Loaded(loaded) = msg else {
            return Outcome::None;
        };
        let Ok(Done(result)) = loaded.take::<Done>() else {
            return Outcome::None;
        };
        self.busy = false;
        match result {
            Ok(words) => Outcome::Pop
                .then(Outcome::Run(Command::Reload))
                .with_toast(Toast::info(words)),
            Err(e) => {
                let focus = match (&self.kind, &e) {
                    (Kind::CreateUser, ServiceError::PasswordPolicy { .. }) => C_PASSWORD,
                    (Kind::CreateUser, ServiceError::UsernameExists) => C_USERNAME,
                    _ => 0,
                };
                self.core.failed(&e, focus, &mut self.error);
                Outcome::None
            }
        }
    }
}
