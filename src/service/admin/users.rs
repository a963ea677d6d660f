//! Users: listing (a stream of pages), reading, creating and changing accounts as an operator.

use crate::service::error::AtEndpoint;
use std::collections::BTreeMap;
use std::fmt;

use aws_sdk_cognitoidentityprovider::types::{MessageActionType, UserType};
use futures_util::stream::{self, Stream};
use time::OffsetDateTime;

use super::convert::{attribute_map, next_token, timestamp};
use super::{MAX_PAGE_SIZE, Operator};
use crate::secret::SecretString;
use crate::service::ServiceError;
use crate::service::attributes::{attribute_name, attributes_to_write};
use crate::service::auth::MfaKind;

/// Where an account stands (Cognito's `UserStatus`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserStatus {
    Unconfirmed,
    Confirmed,
    /// Created by an operator; must choose a password at the first sign-in.
    ForceChangePassword,
    ResetRequired,
    Archived,
    Compromised,
    ExternalProvider,
    /// A status this version does not know, as Cognito names it.
    Other(String),
}

impl UserStatus {
    fn from_wire(name: &str) -> Self {
        match name {
            "UNCONFIRMED" => Self::Unconfirmed,
            "CONFIRMED" => Self::Confirmed,
            "FORCE_CHANGE_PASSWORD" => Self::ForceChangePassword,
            "RESET_REQUIRED" => Self::ResetRequired,
            "ARCHIVED" => Self::Archived,
            "COMPROMISED" => Self::Compromised,
            "EXTERNAL_PROVIDER" => Self::ExternalProvider,
            other => Self::Other(other.to_string()),
        }
    }

    /// Cognito's name for the status.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Unconfirmed => "UNCONFIRMED",
            Self::Confirmed => "CONFIRMED",
            Self::ForceChangePassword => "FORCE_CHANGE_PASSWORD",
            Self::ResetRequired => "RESET_REQUIRED",
            Self::Archived => "ARCHIVED",
            Self::Compromised => "COMPROMISED",
            Self::ExternalProvider => "EXTERNAL_PROVIDER",
            Self::Other(name) => name,
        }
    }
}

impl fmt::Display for UserStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One row of a user listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSummary {
    pub username: String,
    /// The `sub` attribute: the user's permanent id.
    pub sub: Option<String>,
    pub status: UserStatus,
    pub enabled: bool,
    pub created: Option<OffsetDateTime>,
    pub modified: Option<OffsetDateTime>,
    /// Every attribute by wire name (`email`, `custom:team`), `sub` included.
    pub attributes: BTreeMap<String, String>,
}

impl UserSummary {
    pub(super) fn from_sdk(user: &UserType) -> Self {
        let attributes = attribute_map(user.attributes());
        Self {
            username: user.username().unwrap_or_default().to_string(),
            sub: attributes.get("sub").cloned(),
            status: UserStatus::from_wire(user.user_status().map_or("", |s| s.as_str())),
            enabled: user.enabled(),
            created: timestamp(user.user_create_date()),
            modified: timestamp(user.user_last_modified_date()),
            attributes,
        }
    }
}

/// One user with MFA and group membership.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserDetail {
    pub summary: UserSummary,
    /// The second factors the user has enabled.
    pub mfa_enabled: Vec<MfaKind>,
    pub preferred_mfa: Option<MfaKind>,
    /// Group names, in the order Cognito lists them.
    pub groups: Vec<String>,
}

/// A new account.
#[derive(Debug, Clone, Default)]
pub struct CreateUser {
    pub username: String,
    /// By name; `team` stands for `custom:team`.
    pub attributes: Vec<(String, String)>,
    /// To be replaced at the first sign-in; Cognito generates one when neither password is given.
    pub temporary_password: Option<SecretString>,
    /// Set as the user's own password: the account is CONFIRMED at once. An invitation, unless
    /// suppressed, carries it as the temporary password.
    pub permanent_password: Option<SecretString>,
    /// Send no invitation message.
    pub suppress_message: bool,
    /// Send the invitation by SMS (to `phone_number`) instead of email.
    pub invite_by_sms: bool,
}

impl Operator {
    /// All users matching `filter` (Cognito's syntax, e.g. `email ^= "a"`), one page at a time;
    /// the stream ends after the last page or the first error. `page_size` is clamped to 1..=60.
    pub fn list_users(
        &self,
        filter: Option<String>,
        page_size: i32,
    ) -> impl Stream<Item = Result<Vec<UserSummary>, ServiceError>> + Send + 'static {
        enum Cursor {
            First,
            Next(String),
            Done,
        }
        let operator = self.clone();
        stream::unfold(Cursor::First, move |cursor| {
            let operator = operator.clone();
            let filter = filter.clone();
            async move {
                let token = match cursor {
                    Cursor::Done => return None,
                    Cursor::First => None,
                    Cursor::Next(token) => Some(token),
                };
                Some(
                    match operator
                        .list_users_page(filter.as_deref(), page_size, token)
                        .await
                    {
                        Ok((users, next)) => (Ok(users), next.map_or(Cursor::Done, Cursor::Next)),
                        Err(err) => (Err(err), Cursor::Done),
                    },
                )
            }
        })
    }

    /// One page of users and the token of the next page, if any.
    pub async fn list_users_page(
        &self,
        filter: Option<&str>,
        limit: i32,
        token: Option<String>,
    ) -> Result<(Vec<UserSummary>, Option<String>), ServiceError> {
        let out = self
            .client()
            .await?
            .list_users()
            .user_pool_id(self.pool_id())
            .set_filter(filter.filter(|f| !f.trim().is_empty()).map(str::to_string))
            .limit(limit.clamp(1, MAX_PAGE_SIZE))
            .set_pagination_token(token)
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        let users = out.users().iter().map(UserSummary::from_sdk).collect();
        Ok((users, next_token(out.pagination_token())))
    }

    /// The user with MFA settings and groups (AdminGetUser, AdminListGroupsForUser).
    pub async fn get_user(&self, username: &str) -> Result<UserDetail, ServiceError> {
        let client = self.client().await?;
        let out = client
            .admin_get_user()
            .user_pool_id(self.pool_id())
            .username(username)
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        let attributes = attribute_map(out.user_attributes());
        let summary = UserSummary {
            username: out.username().to_string(),
            sub: attributes.get("sub").cloned(),
            status: UserStatus::from_wire(out.user_status().map_or("", |s| s.as_str())),
            enabled: out.enabled(),
            created: timestamp(out.user_create_date()),
            modified: timestamp(out.user_last_modified_date()),
            attributes,
        };
        let mfa_enabled = out
            .user_mfa_setting_list()
            .iter()
            .filter_map(|m| MfaKind::from_wire(m))
            .collect();
        let preferred_mfa = out.preferred_mfa_setting().and_then(MfaKind::from_wire);
        let mut groups = Vec::new();
        let mut token = None;
        loop {
            let page = client
                .admin_list_groups_for_user()
                .user_pool_id(self.pool_id())
                .username(username)
                .limit(MAX_PAGE_SIZE)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| self.sdk_error(e))?;
            groups.extend(
                page.groups()
                    .iter()
                    .filter_map(|g| g.group_name().map(str::to_string)),
            );
            token = next_token(page.next_token());
            if token.is_none() {
                break;
            }
        }
        Ok(UserDetail {
            summary,
            mfa_enabled,
            preferred_mfa,
            groups,
        })
    }

    /// AdminCreateUser, then AdminSetUserPassword when a permanent password is given. The
    /// permanent password also serves as the temporary one, so a weak password fails before any
    /// account exists.
    pub async fn create_user(&self, request: CreateUser) -> Result<UserSummary, ServiceError> {
        if request.temporary_password.is_some() && request.permanent_password.is_some() {
            return Err(ServiceError::InvalidParameter {
                detail: "give either a temporary or a permanent password, not both".into(),
            });
        }
        let initial = request
            .permanent_password
            .as_ref()
            .or(request.temporary_password.as_ref());
        let out = self
            .client()
            .await?
            .admin_create_user()
            .user_pool_id(self.pool_id())
            .username(&request.username)
            .set_user_attributes(Some(attributes_to_write(request.attributes.clone())?))
            .set_temporary_password(initial.map(|p| p.expose().to_string()))
            .set_message_action(
                request
                    .suppress_message
                    .then_some(MessageActionType::Suppress),
            )
            .set_desired_delivery_mediums(
                request
                    .invite_by_sms
                    .then(|| vec![aws_sdk_cognitoidentityprovider::types::DeliveryMediumType::Sms]),
            )
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        let mut summary = out.user().map(UserSummary::from_sdk).ok_or_else(|| {
            ServiceError::unexpected(&self.inner.endpoint, "AdminCreateUser returned no user")
        })?;
        if let Some(password) = &request.permanent_password {
            self.set_password(&summary.username, password, true).await?;
            summary.status = UserStatus::Confirmed;
        }
        Ok(summary)
    }

    /// A new invitation with a new temporary password (AdminCreateUser, MessageAction RESEND):
    /// for a user who never replaced the first one, typically after it expired.
    pub async fn resend_invitation(&self, username: &str) -> Result<(), ServiceError> {
        self.client()
            .await?
            .admin_create_user()
            .user_pool_id(self.pool_id())
            .username(username)
            .message_action(MessageActionType::Resend)
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        Ok(())
    }

    /// The columns of a user import file for this pool (GetCSVHeader).
    pub async fn csv_header(&self) -> Result<Vec<String>, ServiceError> {
        let out = self
            .client()
            .await?
            .get_csv_header()
            .user_pool_id(self.pool_id())
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        Ok(out.csv_header().to_vec())
    }

    pub async fn delete_user(&self, username: &str) -> Result<(), ServiceError> {
        self.client()
            .await?
            .admin_delete_user()
            .user_pool_id(self.pool_id())
            .username(username)
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        Ok(())
    }

    pub async fn enable_user(&self, username: &str) -> Result<(), ServiceError> {
        self.client()
            .await?
            .admin_enable_user()
            .user_pool_id(self.pool_id())
            .username(username)
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        Ok(())
    }

    /// The user can no longer sign in, and their tokens stop working.
    pub async fn disable_user(&self, username: &str) -> Result<(), ServiceError> {
        self.client()
            .await?
            .admin_disable_user()
            .user_pool_id(self.pool_id())
            .username(username)
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        Ok(())
    }

    /// Confirms a self-registered user without their code (AdminConfirmSignUp).
    pub async fn confirm_user(&self, username: &str) -> Result<(), ServiceError> {
        self.client()
            .await?
            .admin_confirm_sign_up()
            .user_pool_id(self.pool_id())
            .username(username)
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        Ok(())
    }

    /// A permanent password confirms the account; a temporary one must be changed at sign-in.
    pub async fn set_password(
        &self,
        username: &str,
        password: &SecretString,
        permanent: bool,
    ) -> Result<(), ServiceError> {
        self.client()
            .await?
            .admin_set_user_password()
            .user_pool_id(self.pool_id())
            .username(username)
            .password(password.expose())
            .permanent(permanent)
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        Ok(())
    }

    /// Sends a reset code; the user must choose a new password at the next sign-in.
    pub async fn reset_password(&self, username: &str) -> Result<(), ServiceError> {
        self.client()
            .await?
            .admin_reset_user_password()
            .user_pool_id(self.pool_id())
            .username(username)
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        Ok(())
    }

    /// Sets attributes by name; `team` stands for `custom:team`.
    pub async fn update_attributes(
        &self,
        username: &str,
        attributes: Vec<(String, String)>,
    ) -> Result<(), ServiceError> {
        self.client()
            .await?
            .admin_update_user_attributes()
            .user_pool_id(self.pool_id())
            .username(username)
            .set_user_attributes(Some(attributes_to_write(attributes)?))
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        Ok(())
    }

    /// Removes attributes by name; `team` stands for `custom:team`.
    pub async fn delete_attributes(
        &self,
        username: &str,
        names: Vec<String>,
    ) -> Result<(), ServiceError> {
        self.client()
            .await?
            .admin_delete_user_attributes()
            .user_pool_id(self.pool_id())
            .username(username)
            .set_user_attribute_names(Some(
                names
                    .iter()
                    .map(|n| attribute_name(n))
                    .collect::<Result<Vec<_>, _>>()?,
            ))
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        Ok(())
    }

    /// Revokes every refresh token of the user (AdminUserGlobalSignOut).
    pub async fn global_sign_out(&self, username: &str) -> Result<(), ServiceError> {
        self.client()
            .await?
            .admin_user_global_sign_out()
            .user_pool_id(self.pool_id())
            .username(username)
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        Ok(())
    }
}
