//! `users …`: the operator's account commands over `service::admin::Operator`, the same calls
//! the TUI's operator face makes. Passwords come only from a prompt or `--password-stdin`;
//! destructive commands ask on a terminal and need `--yes` without one.

use std::io::IsTerminal as _;

use futures_util::StreamExt as _;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::operator::{Opened, open};
use super::terminal::{ask_secret, confirm, read_secret_line};
use super::{CommandError, Threads, runtime};
use crate::cli::{ConfirmedUserArgs, ExportArgs, ImportArgs, UserArgs, UsersAction};
use crate::flows::{users_export, users_import};
use crate::secret::SecretString;
use crate::service::admin::{CreateUser, MAX_PAGE_SIZE, UserDetail, UserSummary};

fn when(t: Option<OffsetDateTime>) -> String {
    t.and_then(|t| t.format(&Rfc3339).ok()).unwrap_or_default()
}

/// A user as the JSON outputs show it.
pub(super) fn summary_json(u: &UserSummary) -> Value {
    json!({
        "Username": u.username,
        "Sub": u.sub,
        "UserStatus": u.status.as_str(),
        "Enabled": u.enabled,
        "UserCreateDate": when(u.created),
        "UserLastModifiedDate": when(u.modified),
        "Attributes": u.attributes,
    })
}

fn detail_json(d: &UserDetail) -> Value {
    let mut out = summary_json(&d.summary);
    out["MfaEnabled"] = json!(
        d.mfa_enabled
            .iter()
            .map(|k| k.wire_name())
            .collect::<Vec<_>>()
    );
    out["PreferredMfa"] = json!(d.preferred_mfa.map(|k| k.wire_name()));
    out["Groups"] = json!(d.groups);
    out
}

/// The email with its verified mark, as the tables show it.
fn email_words(u: &UserSummary) -> String {
    match u.attributes.get("email") {
        Some(email)
            if u.attributes
                .get("email_verified")
                .is_some_and(|v| v == "true") =>
        {
            format!("{email} ✓")
        }
        Some(email) => email.clone(),
        None => String::new(),
    }
}

/// `name=value` pairs from the command line.
fn pairs(given: &[String]) -> Result<Vec<(String, String)>, CommandError> {
    given
        .iter()
        .map(|p| {
            p.split_once('=')
                .map(|(n, v)| (n.trim().to_string(), v.to_string()))
                .filter(|(n, _)| !n.is_empty())
                .ok_or_else(|| {
                    CommandError::Refused(format!(
                        "{p:?} is not NAME=VALUE (e.g. email=ann@example.com)"
                    ))
                })
        })
        .collect()
}

/// The password for a command: the first line of standard input, or asked twice on a terminal.
fn password(stdin_flag: bool, stdin: &mut dyn std::io::Read) -> Result<SecretString, CommandError> {
    if stdin_flag {
        return read_secret_line(stdin);
    }
    if !std::io::stdin().is_terminal() {
        return Err(CommandError::NeedsTerminal(
            "no terminal to ask for the password: pipe it in with --password-stdin".into(),
        ));
    }
    let first = ask_secret("Password: ", "the password from the terminal")?;
    if ask_secret("Repeat it: ", "the password from the terminal")? != first {
        return Err(CommandError::Refused(
            "the two passwords differ; nothing was changed".into(),
        ));
    }
    Ok(first)
}

async fn list(
    opened: &Opened,
    filter: Option<String>,
    limit: Option<usize>,
    as_json: bool,
) -> Result<String, CommandError> {
    let mut users: Vec<UserSummary> = Vec::new();
    let mut pages = std::pin::pin!(opened.operator.list_users(filter, MAX_PAGE_SIZE));
    while let Some(page) = pages.next().await {
        users.extend(page?);
        if limit.is_some_and(|l| users.len() >= l) {
            break;
        }
    }
    if let Some(limit) = limit {
        users.truncate(limit);
    }
    if as_json {
        return Ok(users
            .iter()
            .map(|u| summary_json(u).to_string())
            .collect::<Vec<_>>()
            .join("\n"));
    }
    if users.is_empty() {
        return Ok(format!("no users in {}", opened.label));
    }
    let width = |f: &dyn Fn(&UserSummary) -> String, least: usize| {
        users
            .iter()
            .map(|u| f(u).chars().count())
            .max()
            .unwrap_or(0)
            .max(least)
    };
    let (wn, we, ws) = (
        width(&|u| u.username.clone(), 8),
        width(&email_words, 5),
        width(&|u| u.status.to_string(), 6),
    );
    let mut out = vec![format!(
        "{:<wn$}  {:<we$}  {:<ws$}  {:<8}  CREATED",
        "USERNAME", "EMAIL", "STATUS", "ENABLED"
    )];
    for u in &users {
        out.push(format!(
            "{:<wn$}  {:<we$}  {:<ws$}  {:<8}  {}",
            u.username,
            email_words(u),
            u.status.as_str(),
            if u.enabled { "yes" } else { "no" },
            when(u.created)
        ));
    }
    out.push(format!("{} users", users.len()));
    Ok(out.join("\n"))
}

fn detail_text(d: &UserDetail) -> String {
    let u = &d.summary;
    let mut out = vec![
        format!("username  {}", u.username),
        format!("sub       {}", u.sub.as_deref().unwrap_or("")),
        format!("status    {}", u.status),
        format!("enabled   {}", if u.enabled { "yes" } else { "no" }),
        format!("created   {}", when(u.created)),
        format!("modified  {}", when(u.modified)),
        format!(
            "MFA       {}",
            if d.mfa_enabled.is_empty() {
                "none".to_string()
            } else {
                d.mfa_enabled
                    .iter()
                    .map(|k| k.wire_name())
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        ),
        format!(
            "groups    {}",
            if d.groups.is_empty() {
                "none".to_string()
            } else {
                d.groups.join(", ")
            }
        ),
        "attributes".to_string(),
    ];
    let width = u.attributes.keys().map(|k| k.len()).max().unwrap_or(0);
    for (name, value) in &u.attributes {
        out.push(format!("  {name:<width$}  {value}"));
    }
    out.join("\n")
}

/// Asks before a destructive action (`--yes` skips the question).
fn ask_first(args: &ConfirmedUserArgs, what: &str, label: &str) -> Result<(), CommandError> {
    confirm(
        &format!("{what} {} in {label}?", args.user.username),
        args.yes,
    )
}

pub fn run(action: UsersAction, stdin: &mut dyn std::io::Read) -> Result<String, CommandError> {
    runtime(Threads::One)?.block_on(async {
        match action {
            UsersAction::List {
                pool,
                filter,
                limit,
                json: as_json,
            } => list(&open(&pool).await?, filter, limit, as_json).await,
            UsersAction::Get { user, json: as_json } => {
                let opened = open(&user.pool).await?;
                let detail = opened.operator.get_user(&user.username).await?;
                Ok(if as_json {
                    detail_json(&detail).to_string()
                } else {
                    detail_text(&detail)
                })
            }
            UsersAction::Create {
                user,
                attributes,
                password_stdin,
                generate,
                permanent,
                suppress_invitation,
                json: as_json,
            } => {
                let attributes = pairs(&attributes)?;
                let opened = open(&user.pool).await?;
                let (chosen, generated) = if generate {
                    let policy = opened.operator.describe_pool().await?.password_policy;
                    let password = crate::service::admin::generate_password(policy.as_ref())
                        .map_err(CommandError::Refused)?;
                    (Some(password.clone()), Some(password))
                } else if password_stdin {
                    (Some(read_secret_line(stdin)?), None)
                } else {
                    (None, None)
                };
                let (temporary_password, permanent_password) = match (chosen, permanent) {
                    (Some(p), true) => (None, Some(p)),
                    (Some(p), false) => (Some(p), None),
                    (None, true) => {
                        return Err(CommandError::Refused(
                            "--permanent needs a password: --password-stdin or --generate".into(),
                        ));
                    }
                    (None, false) => (None, None),
                };
                let created = opened
                    .operator
                    .create_user(CreateUser {
                        username: user.username.clone(),
                        attributes,
                        temporary_password,
                        permanent_password,
                        suppress_message: suppress_invitation,
                        invite_by_sms: false,
                    })
                    .await?;
                if as_json {
                    let mut out = summary_json(&created);
                    if let Some(p) = &generated {
                        out["GeneratedPassword"] = json!(p.expose());
                    }
                    return Ok(out.to_string());
                }
                let mut out = format!(
                    "created {} ({}) in {}",
                    created.username, created.status, opened.label
                );
                if let Some(p) = generated {
                    out.push_str(&format!("\npassword: {} (shown once)", p.expose()));
                }
                Ok(out)
            }
            UsersAction::Delete(args) => {
                let opened = open(&args.user.pool).await?;
                ask_first(&args, "Delete user", &opened.label)?;
                opened.operator.delete_user(&args.user.username).await?;
                Ok(format!("deleted {}", args.user.username))
            }
            UsersAction::Enable(user) => simple(user, "enabled", |o, u| Box::pin(async move { o.enable_user(&u).await })).await,
            UsersAction::Disable(args) => {
                let opened = open(&args.user.pool).await?;
                ask_first(&args, "Disable user", &opened.label)?;
                opened.operator.disable_user(&args.user.username).await?;
                Ok(format!("disabled {}: they can no longer sign in", args.user.username))
            }
            UsersAction::Confirm(user) => simple(user, "confirmed", |o, u| Box::pin(async move { o.confirm_user(&u).await })).await,
            UsersAction::SetPassword {
                user,
                temporary,
                password_stdin,
            } => {
                let password = password(password_stdin, stdin)?;
                let opened = open(&user.pool).await?;
                opened
                    .operator
                    .set_password(&user.username, &password, !temporary)
                    .await?;
                Ok(if temporary {
                    format!("set a temporary password for {}: they must choose a new one at sign-in (FORCE_CHANGE_PASSWORD)", user.username)
                } else {
                    format!("set the password of {} (CONFIRMED)", user.username)
                })
            }
            UsersAction::ResetPassword(args) => {
                let opened = open(&args.user.pool).await?;
                ask_first(&args, "Reset the password of", &opened.label)?;
                opened.operator.reset_password(&args.user.username).await?;
                Ok(format!(
                    "sent {} a reset code: their password must be replaced (RESET_REQUIRED)",
                    args.user.username
                ))
            }
            UsersAction::ResendInvite(user) => simple(user, "sent a new invitation to", |o, u| Box::pin(async move { o.resend_invitation(&u).await })).await,
            UsersAction::SignOut(args) => {
                let opened = open(&args.user.pool).await?;
                ask_first(&args, "Sign out, on every device,", &opened.label)?;
                opened.operator.global_sign_out(&args.user.username).await?;
                Ok(format!("signed {} out everywhere", args.user.username))
            }
            UsersAction::Export(args) => export(args).await,
            UsersAction::Import(args) => import(args, stdin).await,
            UsersAction::Update {
                user,
                set,
                delete,
                verified,
            } => {
                let mut changes = pairs(&set)?;
                for attribute in &verified {
                    let flag = match attribute.as_str() {
                        "email" => "email_verified",
                        "phone_number" | "phone" => "phone_number_verified",
                        other => {
                            return Err(CommandError::Refused(format!(
                                "--verified takes email or phone_number, not {other:?}"
                            )));
                        }
                    };
                    changes.push((flag.to_string(), "true".to_string()));
                }
                if changes.is_empty() && delete.is_empty() {
                    return Err(CommandError::Refused(
                        "nothing to change: give --set, --delete or --verified".into(),
                    ));
                }
                let opened = open(&user.pool).await?;
                if !changes.is_empty() {
                    opened
                        .operator
                        .update_attributes(&user.username, changes.clone())
                        .await?;
                }
                if !delete.is_empty() {
                    opened
                        .operator
                        .delete_attributes(&user.username, delete.clone())
                        .await?;
                }
                Ok(format!(
                    "updated {}: {} set, {} deleted",
                    user.username,
                    changes.len(),
                    delete.len()
                ))
            }
        }
    })
}

async fn export(args: ExportArgs) -> Result<String, CommandError> {
    let opened = open(&args.pool).await?;
    let mut progress = |_: usize| {};
    let exported = match &args.output {
        Some(path) => {
            let file = std::fs::File::create(path).map_err(|e| {
                CommandError::Refused(format!("cannot create {}: {e}", path.display()))
            })?;
            let mut out = std::io::BufWriter::new(file);
            users_export::export(
                &opened.operator,
                args.filter,
                args.format,
                &mut out,
                &mut progress,
            )
            .await
        }
        None => {
            let mut out = std::io::stdout().lock();
            users_export::export(
                &opened.operator,
                args.filter,
                args.format,
                &mut out,
                &mut progress,
            )
            .await
        }
    }
    .map_err(|e| CommandError::Refused(e.to_string()))?;
    let summary = format!("exported {} users from {}", exported.users, opened.label);
    Ok(match &args.output {
        Some(path) => format!("{summary} to {}", path.display()),
        None => {
            // The data went to standard output; the count goes to the terminal's other stream.
            eprintln!("{summary}");
            String::new()
        }
    })
}

async fn import(args: ImportArgs, stdin: &mut dyn std::io::Read) -> Result<String, CommandError> {
    let text = std::fs::read_to_string(&args.file)
        .map_err(|e| CommandError::Refused(format!("cannot read {}: {e}", args.file.display())))?;
    let (rows, bad) = users_import::parse(&text);
    let password = if args.password_stdin {
        Some(read_secret_line(stdin)?)
    } else {
        None
    };
    let opened = open(&args.pool).await?;
    let options = users_import::Options {
        dry_run: args.dry_run,
        password,
        generate: args.generate,
        permanent: args.permanent,
        suppress_invitation: args.suppress_invitation,
    };
    let results = users_import::apply(&opened.operator, &rows, &options, &mut |_| {}).await;
    let report = users_import::Report::new(&bad, &results, args.dry_run);
    let (failed, total) = (report.failed, report.lines.len());
    let mut out: Vec<String> = report.lines.iter().map(|l| l.words.clone()).collect();
    out.push(report.summary());
    let output = out.join("\n");
    if failed > 0 {
        return Err(CommandError::Gate {
            output,
            reason: format!("{failed} of {total} rows failed"),
            code: 1,
        });
    }
    Ok(output)
}

type Call<'a> = std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<(), crate::service::ServiceError>> + 'a>,
>;

/// A one-call command on one user: `done` names what happened.
async fn simple(
    user: UserArgs,
    done: &str,
    call: impl for<'a> FnOnce(&'a crate::service::admin::Operator, String) -> Call<'a>,
) -> Result<String, CommandError> {
    let opened = open(&user.pool).await?;
    call(&opened.operator, user.username.clone()).await?;
    Ok(format!("{done} {}", user.username))
}
