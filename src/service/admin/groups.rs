//! Groups and their members.

use crate::service::error::AtEndpoint;
use aws_sdk_cognitoidentityprovider::types::GroupType;
use time::OffsetDateTime;

use super::convert::{next_token, timestamp};
use super::{MAX_PAGE_SIZE, Operator, UserSummary};
use crate::service::ServiceError;

/// A group of the pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub name: String,
    pub description: Option<String>,
    /// Lower wins when a user's groups carry different IAM roles.
    pub precedence: Option<i32>,
    pub role_arn: Option<String>,
    pub created: Option<OffsetDateTime>,
    pub modified: Option<OffsetDateTime>,
}

/// A group's settings, as CreateGroup and UpdateGroup take them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupSettings {
    pub description: Option<String>,
    pub precedence: Option<i32>,
    pub role_arn: Option<String>,
}

impl Group {
    fn from_sdk(group: &GroupType) -> Self {
        Self {
            name: group.group_name().unwrap_or_default().to_string(),
            description: group.description().map(str::to_string),
            precedence: group.precedence(),
            role_arn: group.role_arn().map(str::to_string),
            created: timestamp(group.creation_date()),
            modified: timestamp(group.last_modified_date()),
        }
    }
}

impl Operator {
    /// Every group of the pool (all pages).
    pub async fn list_groups(&self) -> Result<Vec<Group>, ServiceError> {
        let client = self.client().await?;
        let mut groups = Vec::new();
        let mut token = None;
        loop {
            let page = client
                .list_groups()
                .user_pool_id(self.pool_id())
                .limit(MAX_PAGE_SIZE)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| self.sdk_error(e))?;
            groups.extend(page.groups().iter().map(Group::from_sdk));
            token = next_token(page.next_token());
            if token.is_none() {
                return Ok(groups);
            }
        }
    }

    pub async fn create_group(
        &self,
        name: &str,
        description: Option<String>,
        precedence: Option<i32>,
    ) -> Result<Group, ServiceError> {
        self.create_group_with(
            name,
            GroupSettings {
                description,
                precedence,
                role_arn: None,
            },
        )
        .await
    }

    pub async fn create_group_with(
        &self,
        name: &str,
        settings: GroupSettings,
    ) -> Result<Group, ServiceError> {
        let out = self
            .client()
            .await?
            .create_group()
            .user_pool_id(self.pool_id())
            .group_name(name)
            .set_description(settings.description)
            .set_precedence(settings.precedence)
            .set_role_arn(settings.role_arn)
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        out.group().map(Group::from_sdk).ok_or_else(|| {
            ServiceError::unexpected(&self.inner.endpoint, "CreateGroup returned no group")
        })
    }

    /// UpdateGroup: like Cognito, a member left out is cleared, so pass every setting to keep.
    pub async fn update_group(
        &self,
        name: &str,
        settings: GroupSettings,
    ) -> Result<Group, ServiceError> {
        let out = self
            .client()
            .await?
            .update_group()
            .user_pool_id(self.pool_id())
            .group_name(name)
            .set_description(settings.description)
            .set_precedence(settings.precedence)
            .set_role_arn(settings.role_arn)
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        out.group().map(Group::from_sdk).ok_or_else(|| {
            ServiceError::unexpected(&self.inner.endpoint, "UpdateGroup returned no group")
        })
    }

    pub async fn get_group(&self, name: &str) -> Result<Group, ServiceError> {
        let out = self
            .client()
            .await?
            .get_group()
            .user_pool_id(self.pool_id())
            .group_name(name)
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        out.group().map(Group::from_sdk).ok_or_else(|| {
            ServiceError::unexpected(&self.inner.endpoint, "GetGroup returned no group")
        })
    }

    pub async fn delete_group(&self, name: &str) -> Result<(), ServiceError> {
        self.client()
            .await?
            .delete_group()
            .user_pool_id(self.pool_id())
            .group_name(name)
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        Ok(())
    }

    pub async fn add_to_group(&self, username: &str, group: &str) -> Result<(), ServiceError> {
        self.client()
            .await?
            .admin_add_user_to_group()
            .user_pool_id(self.pool_id())
            .username(username)
            .group_name(group)
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        Ok(())
    }

    pub async fn remove_from_group(&self, username: &str, group: &str) -> Result<(), ServiceError> {
        self.client()
            .await?
            .admin_remove_user_from_group()
            .user_pool_id(self.pool_id())
            .username(username)
            .group_name(group)
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        Ok(())
    }

    /// Every member of `group` (all pages of ListUsersInGroup).
    pub async fn group_members(&self, group: &str) -> Result<Vec<UserSummary>, ServiceError> {
        let client = self.client().await?;
        let mut members = Vec::new();
        let mut token = None;
        loop {
            let page = client
                .list_users_in_group()
                .user_pool_id(self.pool_id())
                .group_name(group)
                .limit(MAX_PAGE_SIZE)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| self.sdk_error(e))?;
            members.extend(page.users().iter().map(UserSummary::from_sdk));
            token = next_token(page.next_token());
            if token.is_none() {
                return Ok(members);
            }
        }
    }
}
