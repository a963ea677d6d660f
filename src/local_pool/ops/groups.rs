//! Groups and membership (tables `groups`, `group_members`). Tokens name a user's groups in
//! `cognito:groups` through `users::groups_of`.

use rusqlite::{Connection, params};
use serde::Deserialize;
use serde_json::{Value, json};

use super::paging::{decode_token, page_size, paginate, with_token};
use super::pool_admin::required;
use super::{Call, Op, parse_body};
use crate::local_pool::db::optional;
use crate::local_pool::error::{ApiError, ApiResult};
use crate::local_pool::pools::{self, Pool};
use crate::local_pool::users::{self, User};

/// The operations of this group.
pub const OPS: &[Op] = &[
    Op::signed("CreateGroup", create),
    Op::signed("GetGroup", get),
    Op::signed("ListGroups", list),
    Op::signed("UpdateGroup", update),
    Op::signed("DeleteGroup", delete),
    Op::signed("AdminAddUserToGroup", add_user),
    Op::signed("AdminRemoveUserFromGroup", remove_user),
    Op::signed("AdminListGroupsForUser", groups_for_user),
    Op::signed("ListUsersInGroup", users_in_group),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub pool_id: String,
    pub name: String,
    pub description: Option<String>,
    pub precedence: Option<i64>,
    pub role_arn: Option<String>,
    pub created: i64,
    pub modified: i64,
}

impl Group {
    /// `GroupType`.
    pub fn json(&self) -> Value {
        let mut out = json!({
            "GroupName": self.name,
            "UserPoolId": self.pool_id,
            "CreationDate": self.created,
            "LastModifiedDate": self.modified,
        });
        if let Some(obj) = out.as_object_mut() {
            if let Some(d) = &self.description {
                obj.insert("Description".into(), json!(d));
            }
            if let Some(r) = &self.role_arn {
                obj.insert("RoleArn".into(), json!(r));
            }
            if let Some(p) = self.precedence {
                obj.insert("Precedence".into(), json!(p));
            }
        }
        out
    }
}

/// The members of every group operation's request.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct GroupRequest {
    user_pool_id: Option<String>,
    group_name: Option<String>,
    description: Option<String>,
    role_arn: Option<String>,
    precedence: Option<i64>,
    username: Option<String>,
    limit: Option<i64>,
    next_token: Option<String>,
}

impl GroupRequest {
    fn pool_id(&self) -> ApiResult<&str> {
        required(self.user_pool_id.as_deref(), "UserPoolId")
    }

    fn group_name(&self) -> ApiResult<&str> {
        required(self.group_name.as_deref(), "GroupName")
    }

    /// Checks the optional members a create or update sets.
    fn check_details(&self) -> ApiResult<()> {
        if self
            .description
            .as_ref()
            .is_some_and(|d| d.chars().count() > 2048)
        {
            return Err(ApiError::invalid_member(
                "Description",
                "Member must have length less than or equal to 2048",
            ));
        }
        if self
            .precedence
            .is_some_and(|p| !(0..=i64::from(i32::MAX)).contains(&p))
        {
            return Err(ApiError::invalid_member(
                "Precedence",
                "Member must have value between 0 and 2147483647",
            ));
        }
        let arn_ok = |r: &String| (20..=2048).contains(&r.len()) && r.starts_with("arn:");
        if self.role_arn.as_ref().is_some_and(|r| !arn_ok(r)) {
            return Err(ApiError::invalid_member(
                "RoleArn",
                "Member must be an ARN of 20 to 2048 characters",
            ));
        }
        Ok(())
    }
}

/// Group names: 1–128 letters, marks, symbols, digits or punctuation (no spaces or controls).
fn check_group_name(name: &str) -> ApiResult<()> {
    let fits = (1..=128).contains(&name.chars().count())
        && name.chars().all(|c| !c.is_whitespace() && !c.is_control());
    if fits {
        Ok(())
    } else {
        Err(ApiError::invalid_member(
            "GroupName",
            r"Member must satisfy regular expression pattern: [\p{L}\p{M}\p{S}\p{N}\p{P}]+ (1 to 128 characters)",
        ))
    }
}

const GROUP_COLUMNS: &str = "pool_id, name, description, precedence, role_arn, created, modified";

fn group_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Group> {
    Ok(Group {
        pool_id: row.get(0)?,
        name: row.get(1)?,
        description: row.get(2)?,
        precedence: row.get(3)?,
        role_arn: row.get(4)?,
        created: row.get(5)?,
        modified: row.get(6)?,
    })
}

pub fn find_group(conn: &Connection, pool_id: &str, name: &str) -> ApiResult<Option<Group>> {
    optional(conn.query_row(
        &format!("SELECT {GROUP_COLUMNS} FROM groups WHERE pool_id = ?1 AND name = ?2"),
        params![pool_id, name],
        group_from_row,
    ))
}

/// The group, or ResourceNotFoundException as Cognito words it.
pub fn require_group(conn: &Connection, pool_id: &str, name: &str) -> ApiResult<Group> {
    find_group(conn, pool_id, name)?.ok_or_else(|| ApiError::resource_not_found("Group not found."))
}

/// Validates a CreateGroup request (UserPoolId included) and stores the group.
pub fn create_group(conn: &Connection, body: &Value, now: i64) -> ApiResult<Group> {
    let req: GroupRequest = parse_body(body)?;
    let (pool_id, name) = (req.pool_id()?, req.group_name()?);
    check_group_name(name)?;
    req.check_details()?;
    pools::get_pool(conn, pool_id)?;
    if find_group(conn, pool_id, name)?.is_some() {
        return Err(ApiError::group_exists(format!(
            "A group with the name {name} already exists."
        )));
    }
    let group = Group {
        pool_id: pool_id.to_string(),
        name: name.to_string(),
        description: req.description.clone(),
        precedence: req.precedence,
        role_arn: req.role_arn.clone(),
        created: now,
        modified: now,
    };
    conn.execute(
        &format!("INSERT INTO groups ({GROUP_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
        params![
            group.pool_id,
            group.name,
            group.description,
            group.precedence,
            group.role_arn,
            group.created,
            group.modified
        ],
    )?;
    Ok(group)
}

/// Puts the user in the group; already being a member is fine.
pub fn add_member(conn: &Connection, group: &Group, user: &User) -> ApiResult<()> {
    conn.execute(
        "INSERT OR IGNORE INTO group_members (pool_id, group_name, username_key) VALUES (?1, ?2, ?3)",
        params![group.pool_id, group.name, user.username_key],
    )?;
    Ok(())
}

fn create(call: &Call<'_>) -> ApiResult<Value> {
    let now = call.now();
    let group = call
        .state
        .db
        .write(|tx| create_group(tx, &call.body, now))?;
    Ok(json!({ "Group": group.json() }))
}

fn get(call: &Call<'_>) -> ApiResult<Value> {
    let req: GroupRequest = call.parse()?;
    let (pool_id, name) = (req.pool_id()?, req.group_name()?);
    call.state.db.read(|tx| {
        pools::get_pool(tx, pool_id)?;
        Ok(json!({ "Group": require_group(tx, pool_id, name)?.json() }))
    })
}

fn list(call: &Call<'_>) -> ApiResult<Value> {
    let req: GroupRequest = call.parse()?;
    let pool_id = req.pool_id()?;
    let limit = page_size("Limit", req.limit)?;
    let after = decode_token(req.next_token.as_deref())?.unwrap_or_default();
    let rows = call.state.db.read(|tx| {
        pools::get_pool(tx, pool_id)?;
        let mut stmt = tx.prepare(&format!(
            "SELECT {GROUP_COLUMNS} FROM groups WHERE pool_id = ?1 AND name > ?2
             ORDER BY name LIMIT ?3"
        ))?;
        let rows = stmt.query_map(params![pool_id, after, limit as i64 + 1], group_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    })?;
    let (page, token) = paginate(rows, limit, |g| g.name.as_str());
    Ok(with_token(
        json!({ "Groups": page.iter().map(Group::json).collect::<Vec<_>>() }),
        token,
    ))
}

fn update(call: &Call<'_>) -> ApiResult<Value> {
    let req: GroupRequest = call.parse()?;
    let (pool_id, name) = (req.pool_id()?, req.group_name()?);
    req.check_details()?;
    let now = call.now();
    let group = call.state.db.write(|tx| {
        pools::get_pool(tx, pool_id)?;
        let mut group = require_group(tx, pool_id, name)?;
        // Only the members given change.
        if req.description.is_some() {
            group.description.clone_from(&req.description);
        }
        if req.role_arn.is_some() {
            group.role_arn.clone_from(&req.role_arn);
        }
        if req.precedence.is_some() {
            group.precedence = req.precedence;
        }
        group.modified = now;
        tx.execute(
            "UPDATE groups SET description = ?3, precedence = ?4, role_arn = ?5, modified = ?6
             WHERE pool_id = ?1 AND name = ?2",
            params![
                group.pool_id,
                group.name,
                group.description,
                group.precedence,
                group.role_arn,
                group.modified
            ],
        )?;
        Ok(group)
    })?;
    Ok(json!({ "Group": group.json() }))
}

fn delete(call: &Call<'_>) -> ApiResult<Value> {
    let req: GroupRequest = call.parse()?;
    let (pool_id, name) = (req.pool_id()?, req.group_name()?);
    call.state.db.write(|tx| {
        pools::get_pool(tx, pool_id)?;
        require_group(tx, pool_id, name)?;
        tx.execute(
            "DELETE FROM group_members WHERE pool_id = ?1 AND group_name = ?2",
            params![pool_id, name],
        )?;
        tx.execute(
            "DELETE FROM groups WHERE pool_id = ?1 AND name = ?2",
            params![pool_id, name],
        )?;
        Ok(json!({}))
    })
}

/// The pool, group and user a membership call names.
fn membership(conn: &Connection, req: &GroupRequest) -> ApiResult<(Pool, Group, User)> {
    let pool = pools::get_pool(conn, req.pool_id()?)?;
    let group = require_group(conn, &pool.id, req.group_name()?)?;
    let username = required(req.username.as_deref(), "Username")?;
    let user = users::require(conn, &pool, username)?;
    Ok((pool, group, user))
}

fn add_user(call: &Call<'_>) -> ApiResult<Value> {
    let req: GroupRequest = call.parse()?;
    call.state.db.write(|tx| {
        let (_, group, user) = membership(tx, &req)?;
        add_member(tx, &group, &user)?;
        Ok(json!({}))
    })
}

fn remove_user(call: &Call<'_>) -> ApiResult<Value> {
    let req: GroupRequest = call.parse()?;
    call.state.db.write(|tx| {
        let (pool, group, user) = membership(tx, &req)?;
        tx.execute(
            "DELETE FROM group_members WHERE pool_id = ?1 AND group_name = ?2 AND username_key = ?3",
            params![pool.id, group.name, user.username_key],
        )?;
        Ok(json!({}))
    })
}

fn groups_for_user(call: &Call<'_>) -> ApiResult<Value> {
    let req: GroupRequest = call.parse()?;
    let pool_id = req.pool_id()?;
    let username = required(req.username.as_deref(), "Username")?;
    let limit = page_size("Limit", req.limit)?;
    let after = decode_token(req.next_token.as_deref())?.unwrap_or_default();
    let rows = call.state.db.read(|tx| {
        let pool = pools::get_pool(tx, pool_id)?;
        let user = users::require(tx, &pool, username)?;
        let mut stmt = tx.prepare(
            "SELECT g.pool_id, g.name, g.description, g.precedence, g.role_arn, g.created,
                    g.modified
             FROM group_members m JOIN groups g ON g.pool_id = m.pool_id AND g.name = m.group_name
             WHERE m.pool_id = ?1 AND m.username_key = ?2 AND g.name > ?3
             ORDER BY g.name LIMIT ?4",
        )?;
        let rows = stmt.query_map(
            params![pool.id, user.username_key, after, limit as i64 + 1],
            group_from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    })?;
    let (page, token) = paginate(rows, limit, |g| g.name.as_str());
    Ok(with_token(
        json!({ "Groups": page.iter().map(Group::json).collect::<Vec<_>>() }),
        token,
    ))
}

fn users_in_group(call: &Call<'_>) -> ApiResult<Value> {
    let req: GroupRequest = call.parse()?;
    let (pool_id, name) = (req.pool_id()?, req.group_name()?);
    let limit = page_size("Limit", req.limit)?;
    let after = decode_token(req.next_token.as_deref())?.unwrap_or_default();
    let rows = call.state.db.read(|tx| {
        pools::get_pool(tx, pool_id)?;
        require_group(tx, pool_id, name)?;
        let mut stmt = tx.prepare(
            "SELECT username_key FROM group_members
             WHERE pool_id = ?1 AND group_name = ?2 AND username_key > ?3
             ORDER BY username_key LIMIT ?4",
        )?;
        let keys = stmt.query_map(params![pool_id, name, after, limit as i64 + 1], |r| {
            r.get::<_, String>(0)
        })?;
        let mut found = Vec::new();
        for key in keys {
            if let Some(user) = users::get_by_key(tx, pool_id, &key?)? {
                found.push(user);
            }
        }
        Ok(found)
    })?;
    let (page, token) = paginate(rows, limit, |u| u.username_key.as_str());
    Ok(with_token(
        json!({ "Users": page.iter().map(|u| u.user_type(None)).collect::<Vec<_>>() }),
        token,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_names_refuse_spaces_and_lengths() {
        assert!(check_group_name("admins").is_ok());
        assert!(check_group_name("team:ops/東京").is_ok());
        assert!(check_group_name("").is_err());
        assert!(check_group_name("a b").is_err());
        assert!(check_group_name(&"x".repeat(129)).is_err());
    }

    #[test]
    fn group_json_omits_unset_members() {
        let g = Group {
            pool_id: "us-east-1_X".into(),
            name: "g".into(),
            description: None,
            precedence: Some(3),
            role_arn: None,
            created: 1,
            modified: 2,
        };
        let v = g.json();
        assert_eq!(v["Precedence"], 3);
        assert!(v.get("Description").is_none());
        assert_eq!(v["LastModifiedDate"], 2);
    }
}
