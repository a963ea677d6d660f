//! One user's detail: shown at once from the list's data, completed with AdminGetUser (MFA,
//! groups), and the actions Cognito allows for the user's state — each refused with the reason
//! when it does not apply.

use super::*;

use crate::service::admin::{UserDetail, UserStatus, UserSummary};

/// The operator's actions on one user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Enable,
    Disable,
    ResetPassword,
    ResendInvite,
    Confirm,
    SignOut,
    Delete,
}

impl Action {
    /// What was done, for the toast: "alice is disabled".
    pub fn done(self, username: &str) -> String {
        match self {
            Action::Enable => format!("{username} is enabled: they can sign in again."),
            Action::Disable => format!("{username} is disabled: they can no longer sign in."),
            Action::ResetPassword => {
                format!("{username} was sent a reset code; their password must be replaced.")
            }
            Action::ResendInvite => format!("{username} was sent a new invitation."),
            Action::Confirm => format!("{username}'s sign-up is confirmed."),
            Action::SignOut => format!("{username} is signed out on every device."),
            Action::Delete => format!("{username} is deleted."),
        }
    }

    pub fn doing(self) -> &'static str {
        match self {
            Action::Enable => "Enabling the user",
            Action::Disable => "Disabling the user",
            Action::ResetPassword => "Resetting the password",
            Action::ResendInvite => "Sending the invitation",
            Action::Confirm => "Confirming the sign-up",
            Action::SignOut => "Signing the user out",
            Action::Delete => "Deleting the user",
        }
    }
}

#[derive(Debug)]
pub struct DetailPane {
    pub summary: UserSummary,
    pub detail: Option<UserDetail>,
    pub loading: bool,
    pub error: Option<String>,
    pub selected: usize,
}

impl DetailPane {
    pub fn new(summary: UserSummary) -> Self {
        Self {
            summary,
            detail: None,
            loading: true,
            error: None,
            selected: 0,
        }
    }

    pub fn username(&self) -> &str {
        &self.summary.username
    }

    fn verified(&self, attribute: &str) -> bool {
        self.summary
            .attributes
            .get(&format!("{attribute}_verified"))
            .is_some_and(|v| v == "true")
            && self.summary.attributes.contains_key(attribute)
    }

    /// Whether Cognito allows `action` for this user now; the reason when it does not.
    pub fn allows(&self, action: Action) -> Result<(), String> {
        let name = self.username();
        let status = &self.summary.status;
        match action {
            Action::ResetPassword if !self.summary.enabled => Err(format!(
                "{name} is disabled: enable them first, then reset the password."
            )),
            Action::ResetPassword if *status == UserStatus::Unconfirmed => Err(format!(
                "{name} has not confirmed the sign-up: confirm it first (a reset needs a confirmed account)."
            )),
            Action::ResetPassword if !self.verified("email") && !self.verified("phone_number") => {
                Err(format!(
                    "{name} has no verified email or phone to send the code to: set a password instead."
                ))
            }
            Action::ResendInvite if *status != UserStatus::ForceChangePassword => Err(format!(
                "Only users who have not chosen their password yet (FORCE_CHANGE_PASSWORD) get a new invitation; {name} is {status}."
            )),
            Action::Confirm if *status != UserStatus::Unconfirmed => Err(format!(
                "Only UNCONFIRMED sign-ups can be confirmed; {name} is {status}."
            )),
            _ => Ok(()),
        }
    }

    /// The rows shown: the facts, then every attribute.
    pub fn rows(&self) -> Vec<(String, String)> {
        let s = &self.summary;
        let when = |t: Option<time::OffsetDateTime>| {
            t.map(|t| {
                format!(
                    "{:04}-{:02}-{:02} {:02}:{:02}",
                    t.year(),
                    u8::from(t.month()),
                    t.day(),
                    t.hour(),
                    t.minute()
                )
            })
            .unwrap_or_default()
        };
        let mut rows = vec![
            ("status".to_string(), s.status.to_string()),
            (
                "enabled".to_string(),
                if s.enabled { "yes" } else { "no" }.to_string(),
            ),
            ("created".to_string(), when(s.created)),
            ("modified".to_string(), when(s.modified)),
        ];
        match &self.detail {
            Some(d) => {
                let mfa: Vec<&str> = d.mfa_enabled.iter().map(|k| k.wire_name()).collect();
                rows.push((
                    "MFA".into(),
                    if mfa.is_empty() {
                        "none".into()
                    } else {
                        mfa.join(", ")
                    },
                ));
                rows.push((
                    "groups".into(),
                    if d.groups.is_empty() {
                        "none".into()
                    } else {
                        d.groups.join(", ")
                    },
                ));
            }
            None => {
                let pending = if self.loading { "reading…" } else { "" };
                rows.push(("MFA".into(), pending.into()));
                rows.push(("groups".into(), pending.into()));
            }
        }
        rows.extend(
            s.attributes
                .iter()
                .map(|(name, value)| (name.clone(), value.clone())),
        );
        rows
    }
}

/// A user's actions from the detail, and their answers.
impl OperatorScreen {
    /// The action on the open user: refused with the reason, asked first when it is
    /// destructive, then done.
    pub(super) fn act(&mut self, action: Action) -> Outcome {
        let Some(pane) = &self.detail else {
            return Outcome::None;
        };
        if let Err(reason) = pane.allows(action) {
            return Outcome::Toast(Toast::error(reason));
        }
        let username = pane.username().to_string();
        let operator = self.operator.clone();
        let name = username.clone();
        let run = Outcome::Request(Task::Load(Load::new(
            action.doing(),
            move |_: Progress| async move {
                let result = match action {
                    Action::Enable => operator.enable_user(&name).await,
                    Action::Disable => operator.disable_user(&name).await,
                    Action::ResetPassword => operator.reset_password(&name).await,
                    Action::ResendInvite => operator.resend_invitation(&name).await,
                    Action::Confirm => operator.confirm_user(&name).await,
                    Action::SignOut => operator.global_sign_out(&name).await,
                    Action::Delete => operator.delete_user(&name).await,
                };
                Acted {
                    username: name,
                    action,
                    result,
                }
            },
        )));
        let question = match action {
            Action::Disable => Some(Confirm::new(
                "Disable the user?",
                format!("{username} can no longer sign in, and their tokens stop working. Enabling them again undoes it."),
                "disable",
            )),
            Action::ResetPassword => Some(Confirm::new(
                "Reset the password?",
                format!("{username}'s password stops working; a code is sent to choose a new one."),
                "reset",
            )),
            Action::SignOut => Some(Confirm::new(
                "Sign out everywhere?",
                format!("Every token issued to {username} stops working."),
                "sign out",
            )),
            Action::Delete => Some(
                Confirm::new(
                    "Delete the user?",
                    format!("Delete {username} for good? This cannot be undone. Type the username to confirm."),
                    "delete",
                )
                .typed(&username, "Username"),
            ),
            _ => None,
        };
        match question {
            Some(q) => Outcome::Ask(Box::new(q), Box::new(run)),
            None => run,
        }
    }

    pub(super) fn acted(&mut self, acted: Acted) -> Outcome {
        match acted.result {
            Err(e) => Outcome::Toast(Toast::error(format!(
                "{}: {}",
                acted.action.doing(),
                service_words(&e)
            ))),
            Ok(()) if acted.action == Action::Delete => {
                self.users.remove(&acted.username);
                self.detail = None;
                Outcome::Toast(Toast::info(acted.action.done(&acted.username)))
            }
            Ok(()) => {
                let toast = Outcome::Toast(Toast::info(acted.action.done(&acted.username)));
                // Read the user again: status, enabled and dates as Cognito now has them.
                match self.detail.as_ref().map(|d| d.summary.clone()) {
                    Some(summary) if summary.username == acted.username => {
                        toast.then(self.read_user(summary))
                    }
                    _ => toast,
                }
            }
        }
    }
}
