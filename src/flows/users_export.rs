//! Exporting users: CSV with the pool's own import header (GetCSVHeader's columns, so the file
//! is ready for a Cognito user import job) or JSON lines with each user's groups. Pages are
//! written as they arrive, so memory stays flat however large the pool.

use std::collections::BTreeMap;
use std::io::Write;

use futures_util::StreamExt as _;
use serde_json::json;

use crate::service::ServiceError;
use crate::service::admin::{MAX_PAGE_SIZE, Operator, UserSummary};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Cognito's import CSV (GetCSVHeader's columns).
    Csv,
    /// One JSON object per user, with its groups.
    Jsonl,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Service(#[from] ServiceError),
    #[error("cannot write the export: {0}")]
    Write(#[from] std::io::Error),
    #[error("cannot write the CSV: {0}")]
    Csv(#[from] csv::Error),
}

/// What was exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exported {
    pub users: usize,
}

/// Every user's groups, from the groups' member lists (one call per group and page, rather
/// than one per user).
pub async fn groups_by_user(
    operator: &Operator,
) -> Result<BTreeMap<String, Vec<String>>, ServiceError> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for group in operator.list_groups().await? {
        for member in operator.group_members(&group.name).await? {
            out.entry(member.username)
                .or_default()
                .push(group.name.clone());
        }
    }
    Ok(out)
}

/// One CSV row: the header's columns from the user's attributes.
fn csv_row(header: &[String], user: &UserSummary) -> Vec<String> {
    header
        .iter()
        .map(|column| match column.as_str() {
            "cognito:username" => user.username.clone(),
            // ListUsers does not say; an import then enrols no one in MFA.
            "cognito:mfa_enabled" => "false".to_string(),
            "email_verified" | "phone_number_verified" => user
                .attributes
                .get(column)
                .cloned()
                .unwrap_or_else(|| "false".to_string()),
            name => user.attributes.get(name).cloned().unwrap_or_default(),
        })
        .collect()
}

/// One JSON line: the user as `users import` reads it back.
pub fn json_line(user: &UserSummary, groups: &[String]) -> serde_json::Value {
    let attributes: BTreeMap<&String, &String> = user
        .attributes
        .iter()
        .filter(|(name, _)| name.as_str() != "sub")
        .collect();
    json!({
        "Username": user.username,
        "Sub": user.sub,
        "UserStatus": user.status.as_str(),
        "Enabled": user.enabled,
        "Attributes": attributes,
        "Groups": groups,
    })
}

/// Writes the users matching `filter` to `out`; `progress` hears the count after each page.
pub async fn export<W: Write, P: FnMut(usize)>(
    operator: &Operator,
    filter: Option<String>,
    format: Format,
    out: &mut W,
    progress: &mut P,
) -> Result<Exported, ExportError> {
    let mut users = 0;
    let mut pages = std::pin::pin!(operator.list_users(filter, MAX_PAGE_SIZE));
    match format {
        Format::Csv => {
            let header = operator.csv_header().await?;
            let mut writer = csv::Writer::from_writer(out);
            writer.write_record(&header)?;
            while let Some(page) = pages.next().await {
                for user in page? {
                    writer.write_record(csv_row(&header, &user))?;
                    users += 1;
                }
                progress(users);
            }
            writer.flush()?;
        }
        Format::Jsonl => {
            let groups = groups_by_user(operator).await?;
            while let Some(page) = pages.next().await {
                for user in page? {
                    let mine = groups.get(&user.username).map_or(&[][..], Vec::as_slice);
                    writeln!(out, "{}", json_line(&user, mine))?;
                    users += 1;
                }
                progress(users);
            }
            out.flush()?;
        }
    }
    Ok(Exported { users })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::admin::UserStatus;

    #[test]
    fn csv_rows_follow_the_header() {
        let user = UserSummary {
            username: "ann".into(),
            sub: Some("s".into()),
            status: UserStatus::Confirmed,
            enabled: true,
            created: None,
            modified: None,
            attributes: [("email", "ann@example.com"), ("custom:team", "qa")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        };
        let header: Vec<String> = [
            "email",
            "email_verified",
            "custom:team",
            "name",
            "cognito:mfa_enabled",
            "cognito:username",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        assert_eq!(
            csv_row(&header, &user),
            ["ann@example.com", "false", "qa", "", "false", "ann"]
        );
        let line = json_line(&user, &["admins".to_string()]);
        assert!(line["Attributes"].get("sub").is_none());
        assert_eq!(line["Groups"], json!(["admins"]));
    }
}
