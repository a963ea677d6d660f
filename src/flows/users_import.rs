//! Applying users from a file (CSV with Cognito's import header, or the JSON lines `users
//! export` writes): missing users are created, existing ones get their attributes (and, from
//! JSON lines, groups and enabled state) brought in line. Running it twice changes nothing the
//! second time. A bad row is named with its line and column; the other rows go on.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::secret::SecretString;
use crate::service::ServiceError;
use crate::service::admin::{CreateUser, Operator, generate_password};

/// One user the file asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based line of the file.
    pub line: usize,
    pub username: String,
    /// Attributes to have; an empty CSV cell is "not given", never "delete".
    pub attributes: BTreeMap<String, String>,
    /// The groups to be in exactly, when the file says (JSON lines).
    pub groups: Option<Vec<String>>,
    pub enabled: Option<bool>,
}

/// A row that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: usize,
    pub column: Option<String>,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some(c) => write!(f, "line {}, column {c}: {}", self.line, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

/// Columns of Cognito's import header that are not attributes.
const USERNAME_COLUMN: &str = "cognito:username";
const MFA_COLUMN: &str = "cognito:mfa_enabled";
/// Attributes a file cannot set.
const READ_ONLY: &[&str] = &["sub"];

/// Reads the rows of `text`: JSON lines when the first non-blank character is `{`, else CSV.
pub fn parse(text: &str) -> (Vec<Row>, Vec<RowError>) {
    if text.trim_start().starts_with('{') {
        parse_jsonl(text)
    } else {
        parse_csv(text)
    }
}

fn parse_csv(text: &str) -> (Vec<Row>, Vec<RowError>) {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_string()).collect(),
        Err(e) => {
            return (
                Vec::new(),
                vec![RowError {
                    line: 1,
                    column: None,
                    message: format!("the header cannot be read: {e}"),
                }],
            );
        }
    };
    let Some(user_at) = header
        .iter()
        .position(|c| c == USERNAME_COLUMN || c == "username")
    else {
        return (
            Vec::new(),
            vec![RowError {
                line: 1,
                column: Some(USERNAME_COLUMN.into()),
                message: "the header has no cognito:username column".into(),
            }],
        );
    };
    let (mut rows, mut errors) = (Vec::new(), Vec::new());
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                errors.push(RowError {
                    line,
                    column: None,
                    message: e.to_string(),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let username = record.get(user_at).unwrap_or("").trim().to_string();
        if username.is_empty() {
            errors.push(RowError {
                line,
                column: Some(header[user_at].clone()),
                message: "the username is empty".into(),
            });
            continue;
        }
        let mut attributes = BTreeMap::new();
        let mut bad = None;
        for (i, value) in record.iter().enumerate() {
            let column = &header[i];
            if i == user_at || column == MFA_COLUMN || value.is_empty() {
                continue;
            }
            if READ_ONLY.contains(&column.as_str()) {
                continue;
            }
            if column.ends_with("_verified") && !matches!(value, "true" | "false") {
                bad = Some(RowError {
                    line,
                    column: Some(column.clone()),
                    message: format!("{value:?} is not true or false"),
                });
                break;
            }
            attributes.insert(column.clone(), value.to_string());
        }
        match bad {
            Some(e) => errors.push(e),
            None => rows.push(Row {
                line,
                username,
                attributes,
                groups: None,
                enabled: None,
            }),
        }
    }
    (rows, errors)
}

fn parse_jsonl(text: &str) -> (Vec<Row>, Vec<RowError>) {
    let (mut rows, mut errors) = (Vec::new(), Vec::new());
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let err = |column: Option<&str>, message: String| RowError {
            line,
            column: column.map(str::to_string),
            message,
        };
        let value: Value = match serde_json::from_str(raw) {
            Ok(v) => v,
            Err(e) => {
                errors.push(err(None, format!("not JSON: {e}")));
                continue;
            }
        };
        let Some(username) = value
            .get("Username")
            .and_then(Value::as_str)
            .filter(|u| !u.is_empty())
        else {
            errors.push(err(Some("Username"), "a non-empty string is needed".into()));
            continue;
        };
        let mut attributes = BTreeMap::new();
        if let Some(given) = value.get("Attributes") {
            let Some(map) = given.as_object() else {
                errors.push(err(
                    Some("Attributes"),
                    "an object of strings is needed".into(),
                ));
                continue;
            };
            let mut ok = true;
            for (name, v) in map {
                match v.as_str() {
                    Some(_) if READ_ONLY.contains(&name.as_str()) => {}
                    Some(s) => {
                        attributes.insert(name.clone(), s.to_string());
                    }
                    None => {
                        errors.push(err(
                            Some(&format!("Attributes.{name}")),
                            "a string is needed".into(),
                        ));
                        ok = false;
                        break;
                    }
                }
            }
            if !ok {
                continue;
            }
        }
        let groups = match value.get("Groups") {
            None => None,
            Some(Value::Array(list)) if list.iter().all(Value::is_string) => Some(
                list.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect(),
            ),
            Some(_) => {
                errors.push(err(
                    Some("Groups"),
                    "a list of group names is needed".into(),
                ));
                continue;
            }
        };
        let enabled = match value.get("Enabled") {
            None => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => {
                errors.push(err(Some("Enabled"), "true or false is needed".into()));
                continue;
            }
        };
        rows.push(Row {
            line,
            username: username.to_string(),
            attributes,
            groups,
            enabled,
        });
    }
    (rows, errors)
}

/// How new users get their password.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Report what would change; change nothing.
    pub dry_run: bool,
    /// The same password for every new user (from a prompt or standard input).
    pub password: Option<SecretString>,
    /// A generated password per new user, fitting the pool's policy.
    pub generate: bool,
    /// New users' passwords are their own (CONFIRMED), not temporary.
    pub permanent: bool,
    pub suppress_invitation: bool,
}

/// What was (or, in a dry run, would be) done for one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Created {
        groups: Vec<String>,
        /// A generated password, to hand to the user.
        password: Option<SecretString>,
    },
    Updated {
        set: Vec<String>,
        joined: Vec<String>,
        left: Vec<String>,
        enabled: Option<bool>,
    },
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowResult {
    pub line: usize,
    pub username: String,
    pub result: Result<Change, String>,
}

impl RowResult {
    /// One line for a person: `line 3  ann  updated: given_name; joined qa`.
    pub fn words(&self, dry_run: bool) -> String {
        let would = if dry_run { "would be " } else { "" };
        let what = match &self.result {
            Err(e) => format!("failed: {e}"),
            Ok(Change::Unchanged) => "unchanged".into(),
            Ok(Change::Created { groups, password }) => {
                let mut w = format!("{would}created");
                if !groups.is_empty() {
                    w.push_str(&format!(" in {}", groups.join(", ")));
                }
                if let Some(p) = password {
                    w.push_str(&format!("; password {}", p.expose()));
                }
                w
            }
            Ok(Change::Updated {
                set,
                joined,
                left,
                enabled,
            }) => {
                let mut parts = Vec::new();
                if !set.is_empty() {
                    parts.push(set.join(", "));
                }
                if !joined.is_empty() {
                    parts.push(format!("joined {}", joined.join(", ")));
                }
                if !left.is_empty() {
                    parts.push(format!("left {}", left.join(", ")));
                }
                if let Some(e) = enabled {
                    parts.push(if *e { "enabled" } else { "disabled" }.into());
                }
                format!("{would}updated: {}", parts.join("; "))
            }
        };
        format!("line {}  {}  {what}", self.line, self.username)
    }
}

/// One line of an import's report: the file's line, what happened, and whether it failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportLine {
    pub line: usize,
    pub words: String,
    pub failed: bool,
}

/// What an import (or its dry run) did, row by row in the file's order: the command prints
/// it, the TUI lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub dry_run: bool,
    pub lines: Vec<ReportLine>,
    pub failed: usize,
}

impl Report {
    pub fn new(bad: &[RowError], results: &[RowResult], dry_run: bool) -> Self {
        let mut lines: Vec<ReportLine> = bad
            .iter()
            .map(|e| ReportLine {
                line: e.line,
                words: format!("{e} (skipped)"),
                failed: true,
            })
            .chain(results.iter().map(|r| ReportLine {
                line: r.line,
                words: r.words(dry_run),
                failed: r.result.is_err(),
            }))
            .collect();
        lines.sort_by_key(|l| l.line);
        let failed = lines.iter().filter(|l| l.failed).count();
        Self {
            dry_run,
            lines,
            failed,
        }
    }

    /// "12 rows: 11 checked, 1 failed (dry run: nothing changed)".
    pub fn summary(&self) -> String {
        let total = self.lines.len();
        format!(
            "{total} rows: {} {}, {} failed{}",
            total - self.failed,
            if self.dry_run { "checked" } else { "applied" },
            self.failed,
            if self.dry_run {
                " (dry run: nothing changed)"
            } else {
                ""
            }
        )
    }
}

/// Applies every row, one after another; a failed row is reported and the rest go on.
pub async fn apply(
    operator: &Operator,
    rows: &[Row],
    options: &Options,
    progress: &mut (dyn FnMut(usize) + Send),
) -> Vec<RowResult> {
    let mut policy = None;
    let mut out = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let result = apply_row(operator, row, options, &mut policy)
            .await
            .map_err(|e| e.to_string());
        out.push(RowResult {
            line: row.line,
            username: row.username.clone(),
            result,
        });
        progress(i + 1);
    }
    out
}

async fn apply_row(
    operator: &Operator,
    row: &Row,
    options: &Options,
    policy: &mut Option<Option<crate::service::admin::PasswordPolicy>>,
) -> Result<Change, ServiceError> {
    let current = match operator.get_user(&row.username).await {
        Ok(user) => Some(user),
        Err(ServiceError::UserNotFound) => None,
        Err(e) => return Err(e),
    };
    let Some(current) = current else {
        let groups = row.groups.clone().unwrap_or_default();
        let generated = if options.generate && options.password.is_none() {
            if policy.is_none() {
                *policy = Some(operator.describe_pool().await?.password_policy);
            }
            let rules = policy.as_ref().and_then(Option::as_ref);
            Some(
                generate_password(rules)
                    .map_err(|detail| ServiceError::InvalidParameter { detail })?,
            )
        } else {
            None
        };
        if options.dry_run {
            return Ok(Change::Created {
                groups,
                password: None,
            });
        }
        let password = options.password.clone().or_else(|| generated.clone());
        let (temporary_password, permanent_password) = if options.permanent {
            (None, password)
        } else {
            (password, None)
        };
        operator
            .create_user(CreateUser {
                username: row.username.clone(),
                attributes: row.attributes.clone().into_iter().collect(),
                temporary_password,
                permanent_password,
                suppress_message: options.suppress_invitation,
                invite_by_sms: false,
            })
            .await?;
        for group in &groups {
            operator.add_to_group(&row.username, group).await?;
        }
        if row.enabled == Some(false) {
            operator.disable_user(&row.username).await?;
        }
        return Ok(Change::Created {
            groups,
            password: generated,
        });
    };
    // An absent verified flag is false (exports write it out, Cognito leaves it out).
    let now_has = |name: &str| -> Option<&str> {
        current
            .summary
            .attributes
            .get(name)
            .map(String::as_str)
            .or_else(|| name.ends_with("_verified").then_some("false"))
    };
    let set: Vec<(String, String)> = row
        .attributes
        .iter()
        .filter(|(name, value)| now_has(name) != Some(value.as_str()))
        .map(|(n, v)| (n.clone(), v.clone()))
        .collect();
    let (joined, left) = match &row.groups {
        Some(wanted) => (
            wanted
                .iter()
                .filter(|g| !current.groups.contains(g))
                .cloned()
                .collect::<Vec<_>>(),
            current
                .groups
                .iter()
                .filter(|g| !wanted.contains(g))
                .cloned()
                .collect::<Vec<_>>(),
        ),
        None => (Vec::new(), Vec::new()),
    };
    let enabled = row.enabled.filter(|e| *e != current.summary.enabled);
    if set.is_empty() && joined.is_empty() && left.is_empty() && enabled.is_none() {
        return Ok(Change::Unchanged);
    }
    if !options.dry_run {
        if !set.is_empty() {
            operator
                .update_attributes(&row.username, set.clone())
                .await?;
        }
        for group in &joined {
            operator.add_to_group(&row.username, group).await?;
        }
        for group in &left {
            operator.remove_from_group(&row.username, group).await?;
        }
        match enabled {
            Some(true) => operator.enable_user(&row.username).await?,
            Some(false) => operator.disable_user(&row.username).await?,
            None => {}
        }
    }
    Ok(Change::Updated {
        set: set.into_iter().map(|(n, _)| n).collect(),
        joined,
        left,
        enabled,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_and_their_errors_name_line_and_column() {
        let text = "name,email,email_verified,custom:team,cognito:mfa_enabled,cognito:username\n\
                    Ann,ann@example.com,true,qa,false,ann\n\
                    ,bob@example.com,maybe,,false,bob\n\
                    ,,,,false,\n\
                    Cy,cy@example.com,false,,false,cy\n";
        let (rows, errors) = parse(text);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].username, "ann");
        assert_eq!(
            rows[0].attributes.get("custom:team").map(String::as_str),
            Some("qa")
        );
        assert!(!rows[0].attributes.contains_key("cognito:mfa_enabled"));
        assert_eq!(rows[1].line, 5);
        assert_eq!(errors.len(), 2);
        assert_eq!(
            errors[0].to_string(),
            "line 3, column email_verified: \"maybe\" is not true or false"
        );
        assert_eq!(
            errors[1].to_string(),
            "line 4, column cognito:username: the username is empty"
        );
    }

    #[test]
    fn json_lines_with_groups_and_errors() {
        let text = "{\"Username\":\"ann\",\"Attributes\":{\"email\":\"a@x.y\",\"sub\":\"s\"},\"Groups\":[\"qa\"],\"Enabled\":false}\n\
                    {\"Attributes\":{}}\n\
                    not json\n\
                    {\"Username\":\"bob\",\"Attributes\":{\"age\":3}}\n";
        let (rows, errors) = parse(text);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].groups.as_deref(), Some(&["qa".to_string()][..]));
        assert_eq!(rows[0].enabled, Some(false));
        assert!(!rows[0].attributes.contains_key("sub"));
        let words: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            words[0],
            "line 2, column Username: a non-empty string is needed"
        );
        assert!(words[1].starts_with("line 3: not JSON"));
        assert_eq!(
            words[2],
            "line 4, column Attributes.age: a string is needed"
        );
    }

    #[test]
    fn a_header_without_usernames_is_refused() {
        let (rows, errors) = parse("email\nann@example.com\n");
        assert!(rows.is_empty());
        assert_eq!(errors[0].column.as_deref(), Some("cognito:username"));
    }
}
