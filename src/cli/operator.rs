//! The operator face's commands: `users …` and `groups …` (clap definitions).

use clap::{Args, Subcommand};

use super::PoolArgs;

#[derive(Debug, Subcommand)]
pub enum UsersAction {
    /// The pool's users (all pages), optionally filtered with ListUsers' own syntax.
    List {
        #[command(flatten)]
        pool: PoolArgs,
        /// Cognito's filter: `email ^= "ann"`, `cognito:user_status = "UNCONFIRMED"`, …
        #[arg(long)]
        filter: Option<String>,
        /// Stop after this many users.
        #[arg(long)]
        limit: Option<usize>,
        /// One JSON object per line instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// One user: every attribute, status, MFA and groups.
    Get {
        #[command(flatten)]
        user: UserArgs,
        #[arg(long)]
        json: bool,
    },
    /// Create a user. Without a password Cognito makes a temporary one and mails it in the
    /// invitation; --password-stdin reads one, --generate makes one that fits the pool's policy.
    Create {
        #[command(flatten)]
        user: UserArgs,
        /// An attribute: --attribute email=ann@example.com (repeatable; `team` means `custom:team`).
        #[arg(long = "attribute", value_name = "NAME=VALUE")]
        attributes: Vec<String>,
        /// Read the password from the first line of standard input.
        #[arg(long, conflicts_with = "generate")]
        password_stdin: bool,
        /// Generate a password that fits the pool's policy (printed once).
        #[arg(long)]
        generate: bool,
        /// The password is the user's own (CONFIRMED at once), not a temporary one.
        #[arg(long)]
        permanent: bool,
        /// Send no invitation.
        #[arg(long)]
        suppress_invitation: bool,
        #[arg(long)]
        json: bool,
    },
    /// Delete a user for good (asks first; --yes without a terminal).
    Delete(ConfirmedUserArgs),
    Enable(UserArgs),
    /// The user can no longer sign in (asks first; --yes without a terminal).
    Disable(ConfirmedUserArgs),
    /// Confirm an UNCONFIRMED sign-up without its code.
    Confirm(UserArgs),
    /// Set the user's password (from a prompt or --password-stdin).
    SetPassword {
        #[command(flatten)]
        user: UserArgs,
        /// A temporary password (FORCE_CHANGE_PASSWORD) instead of a permanent one (CONFIRMED).
        #[arg(long)]
        temporary: bool,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Send a reset code; the user must choose a new password (asks first; --yes without a terminal).
    ResetPassword(ConfirmedUserArgs),
    /// A new invitation with a new temporary password.
    ResendInvite(UserArgs),
    /// Sign the user out of every device (asks first; --yes without a terminal).
    SignOut(ConfirmedUserArgs),
    /// Export users to CSV (ready for a Cognito import job) or JSON lines with their groups.
    Export(ExportArgs),
    /// Create the missing users of a file and bring existing ones in line (idempotent).
    Import(ImportArgs),
    /// Change attributes: --set name=value, --delete name, --verified email|phone_number.
    Update {
        #[command(flatten)]
        user: UserArgs,
        #[arg(long = "set", value_name = "NAME=VALUE")]
        set: Vec<String>,
        #[arg(long = "delete", value_name = "NAME")]
        delete: Vec<String>,
        /// Mark email or phone_number verified.
        #[arg(long = "verified", value_name = "ATTRIBUTE")]
        verified: Vec<String>,
    },
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub pool: PoolArgs,
    /// csv: Cognito's import file (GetCSVHeader's columns); jsonl: one user a line, with groups.
    #[arg(long, value_enum, default_value_t = crate::flows::users_export::Format::Csv)]
    pub format: crate::flows::users_export::Format,
    /// Only the users matching ListUsers' filter.
    #[arg(long)]
    pub filter: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A CSV file with Cognito's import header, or JSON lines as `users export` writes them.
    pub file: std::path::PathBuf,
    #[command(flatten)]
    pub pool: PoolArgs,
    /// Say what would change; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// New users get the password on the first line of standard input.
    #[arg(long, conflicts_with = "generate")]
    pub password_stdin: bool,
    /// New users get a generated password that fits the pool's policy (printed per user).
    #[arg(long)]
    pub generate: bool,
    /// New users' passwords are their own (CONFIRMED), not temporary.
    #[arg(long)]
    pub permanent: bool,
    /// Send new users no invitation.
    #[arg(long)]
    pub suppress_invitation: bool,
}

#[derive(Debug, Args)]
pub struct UserArgs {
    /// The username (or the user's sub, or a sign-in alias).
    pub username: String,
    #[command(flatten)]
    pub pool: PoolArgs,
}

#[derive(Debug, Args)]
pub struct ConfirmedUserArgs {
    #[command(flatten)]
    pub user: UserArgs,
    /// Do it without asking.
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Subcommand)]
pub enum GroupsAction {
    List {
        #[command(flatten)]
        pool: PoolArgs,
        #[arg(long)]
        json: bool,
    },
    Create {
        name: String,
        #[command(flatten)]
        settings: GroupSettingsArgs,
        #[command(flatten)]
        pool: PoolArgs,
    },
    /// Change a group's settings; the ones not given are kept.
    Update {
        name: String,
        #[command(flatten)]
        settings: GroupSettingsArgs,
        #[command(flatten)]
        pool: PoolArgs,
    },
    /// Delete a group (its members stay users; asks first; --yes without a terminal).
    Delete {
        name: String,
        #[arg(long)]
        yes: bool,
        #[command(flatten)]
        pool: PoolArgs,
    },
    /// A group's members (all pages).
    Members {
        name: String,
        #[command(flatten)]
        pool: PoolArgs,
        #[arg(long)]
        json: bool,
    },
    /// Add users to a group.
    Add {
        name: String,
        #[arg(required = true)]
        usernames: Vec<String>,
        #[command(flatten)]
        pool: PoolArgs,
    },
    /// Remove users from a group.
    Remove {
        name: String,
        #[arg(required = true)]
        usernames: Vec<String>,
        #[command(flatten)]
        pool: PoolArgs,
    },
}

#[derive(Debug, Args)]
pub struct GroupSettingsArgs {
    #[arg(long)]
    pub description: Option<String>,
    /// Lower wins when a user's groups carry different IAM roles.
    #[arg(long)]
    pub precedence: Option<i32>,
    #[arg(long)]
    pub role_arn: Option<String>,
}
