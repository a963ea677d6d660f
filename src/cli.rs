//! Command-line definitions (clap).

mod operator;

pub use operator::{
    ConfirmedUserArgs, ExportArgs, GroupSettingsArgs, GroupsAction, ImportArgs, UserArgs,
    UsersAction,
};

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::secret::SecretString;

#[derive(Debug, Parser)]
#[command(
    name = "cognito-tui",
    version,
    // `--profile` before a command would be silently ignored: refuse it instead.
    args_conflicts_with_subcommands = true,
    about = "Terminal tools for Amazon Cognito user pools",
    long_about = "Terminal tools for Amazon Cognito user pools.\n\n\
        Without a command it opens the account TUI: a profile picker, or with no saved \
        profiles the built-in local demo pool (no AWS account needed). The commands serve \
        shells and CI: local-pool (a Cognito-compatible server with real SRP), profiles, \
        login, token, logout, whoami, decode-token, and the pool-configuration commands \
        pool show / diff / export and doctor."
)]
pub struct Cli {
    /// Open the TUI on this saved profile instead of the picker.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// Without a command, the TUI opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a JWT's header, claims and expiry (no signature check). Reads the token from
    /// standard input unless given, so it stays out of the shell history.
    DecodeToken {
        /// The token; `-` or absent reads it from standard input.
        token: Option<String>,
    },
    /// Run the local pool: a Cognito-compatible server (AWS JSON 1.1, real SRP, RS256 tokens,
    /// SQLite) until Ctrl-C. Point any Cognito client's endpoint URL at it.
    #[command(args_conflicts_with_subcommands = true)]
    LocalPool {
        #[command(flatten)]
        serve: ServeArgs,
        #[command(subcommand)]
        action: Option<LocalPoolAction>,
    },
    /// Manage profiles: named pool settings kept in profiles.toml in the config dir
    /// ($COGNITO_TUI_CONFIG_DIR overrides it). The file may be edited by hand too.
    Profiles {
        #[command(subcommand)]
        action: ProfilesAction,
    },
    /// Sign in and save the session (tokens only, in a 0600 file; never the password). On a
    /// terminal it asks for the password and any challenge (MFA code, new password).
    Login(LoginArgs),
    /// Print a currently valid token of a saved session, refreshing it first if needed:
    /// curl -H "Authorization: Bearer $(cognito-tui token --profile dev)" ...
    Token {
        #[command(flatten)]
        session: SessionArgs,
        /// Which token to print.
        #[arg(long, value_enum, default_value_t = TokenKind::Id)]
        kind: TokenKind,
    },
    /// Sign out: delete the saved session and revoke its refresh token, or with --global sign
    /// the user out of every device.
    Logout {
        #[command(flatten)]
        session: SessionArgs,
        /// GlobalSignOut: every token issued to the user stops working.
        #[arg(long)]
        global: bool,
    },
    /// A pool's configuration: show it, compare two pools, export it for `local-pool --seed`.
    /// Read-only: nothing here changes a pool. `--profile local-demo` (unless a saved profile
    /// has that name) is the built-in local demo pool.
    Pool {
        #[command(subcommand)]
        action: PoolAction,
    },
    /// Judge a pool's configuration: risky settings of the pool and each app client, with the
    /// aws CLI command that fixes each (shown, never run). Exits 0, or 2 when a finding reaches
    /// --fail-on, or 1 when it could not run.
    Doctor(DoctorArgs),
    /// The pool's users as an operator (AWS credentials, or none for a pool on this machine).
    Users {
        #[command(subcommand)]
        action: UsersAction,
    },
    /// The pool's groups and their members.
    Groups {
        #[command(subcommand)]
        action: GroupsAction,
    },
    /// Serve the demo web site on the sign-in backend (warrant's Django backend, for axum):
    /// login with challenge pages, your details, profile update, password change, logout, and
    /// the site's local users for operators. Without --profile it runs on the built-in local
    /// demo pool, offline.
    DemoSite(DemoSiteArgs),
    /// Show who a saved session belongs to (username, sub, email and phone with their verified
    /// marks, groups, token expiry).
    Whoami {
        #[command(flatten)]
        session: SessionArgs,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PoolAction {
    /// The pool's settings, MFA, threat protection, schema, app clients and groups, in plain
    /// words with Cognito's names beside them.
    Show {
        #[command(flatten)]
        pool: PoolArgs,
        /// Print the configuration as Cognito returned it (JSON; client secrets left out).
        #[arg(long)]
        json: bool,
        /// Also print this app client's secret (the only way it is ever shown).
        #[arg(long, value_name = "CLIENT_ID")]
        reveal_secret: Option<String>,
    },
    /// Every setting that differs between two pools (app clients matched by name; ids, ARNs'
    /// accounts and regions, and dates left out).
    Diff {
        /// The two profiles: --profile dev --profile prod.
        #[arg(long, num_args = 1, required = true, value_name = "NAME")]
        profile: Vec<String>,
        /// Print the differences as a JSON array.
        #[arg(long)]
        json: bool,
    },
    /// The configuration as a seed file (TOML, Cognito's request shape): pool, app clients,
    /// groups, MFA, threat protection, domain. No users, no secrets.
    Export {
        #[command(flatten)]
        pool: PoolArgs,
    },
}

#[derive(Debug, Args)]
pub struct PoolArgs {
    /// The profile whose pool to read; without it the only saved profile, or with none the
    /// built-in local demo pool.
    #[arg(long)]
    pub profile: Option<String>,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    #[command(flatten)]
    pub pool: PoolArgs,
    /// Which rules: aws-baseline (character classes required), asvs (length over
    /// composition), or all.
    #[arg(long, value_enum, default_value_t = crate::pool_config::doctor::Profile::All)]
    pub rules: crate::pool_config::doctor::Profile,
    /// Print the findings as JSON.
    #[arg(long)]
    pub json: bool,
    /// Exit with 2 when a finding is at least this severe.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<crate::pool_config::doctor::Severity>,
}

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// The profile to sign in with (see `cognito-tui profiles`).
    #[arg(long)]
    pub profile: String,
    /// The username, or an email/phone alias the pool accepts.
    #[arg(long)]
    pub username: String,
    /// Read the password from the first line of standard input (for scripts and CI). A pending
    /// challenge then fails with a message saying which.
    #[arg(long)]
    pub password_stdin: bool,
    /// Print the session summary (profile, username, sub, expiry) as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SessionArgs {
    /// The profile the session belongs to.
    #[arg(long)]
    pub profile: String,
    /// The user whose session to use; the last one signed in with the profile by default.
    #[arg(long)]
    pub username: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TokenKind {
    /// The ID token (what API Gateway's Cognito authorizers check by default).
    Id,
    /// The access token (OAuth scopes; what Cognito's own user calls take).
    Access,
    /// The refresh token.
    Refresh,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// TCP port to listen on.
    #[arg(long, default_value_t = crate::local_pool::DEFAULT_PORT)]
    pub port: u16,
    /// Address to bind; anything but loopback exposes the pool to the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Data directory (database and signing key). Default: the OS data dir, or
    /// $COGNITO_TUI_DATA_DIR/local-pool.
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Create a pool from a seed file (`cognito-tui pool export` writes one) instead of the
    /// demo pool; a pool of the same name already in the store is kept as it is.
    #[arg(long, value_name = "FILE")]
    pub seed: Option<PathBuf>,
    /// Allow a web page from this origin (`http://localhost:3000`) to call the pool from a
    /// browser; repeatable, `*` for any page. Off by default: a page could otherwise read the
    /// outbox and reset any account.
    #[arg(long = "cors-origin", value_name = "ORIGIN", value_parser = parse_origin)]
    pub cors_origins: Vec<String>,
}

/// `*`, or `scheme://host[:port]` with no path: what browsers send in `Origin`.
fn parse_origin(text: &str) -> Result<String, String> {
    if text == "*" {
        return Ok(text.to_string());
    }
    let lower = text.to_ascii_lowercase();
    let well_formed = lower.split_once("://").is_some_and(|(scheme, rest)| {
        matches!(scheme, "http" | "https")
            && !rest.is_empty()
            && !rest.contains(['/', '?', '#', '@', ' '])
    });
    if well_formed {
        Ok(lower)
    } else {
        Err(format!(
            "{text:?} is not an origin: expected scheme://host[:port] (e.g. http://localhost:3000) or *"
        ))
    }
}

#[derive(Debug, Args)]
pub struct DemoSiteArgs {
    /// TCP port to listen on (0: any free port).
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// Address to bind; anything but loopback exposes the site to the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// The saved profile whose pool and app client to sign in to; the local demo pool when
    /// absent.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// The backend's settings as TOML: cognito_attr_mapping, create_unknown_user,
    /// supports_inactive_user, inactive_user_status (warrant's defaults when absent), and
    /// optionally the pool instead of --profile (cognito_user_pool_id, cognito_app_id,
    /// cognito_app_secret, cognito_region, cognito_endpoint_url, cognito_auth_flow).
    #[arg(long, value_name = "FILE")]
    pub settings: Option<PathBuf>,
    /// The Cognito group whose members see the operators' page.
    #[arg(long, default_value = "admins", value_name = "GROUP")]
    pub operator_group: String,
    /// Mark the session cookie Secure (when the site is served over HTTPS by a proxy).
    #[arg(long)]
    pub secure_cookies: bool,
}

#[derive(Debug, Subcommand)]
pub enum LocalPoolAction {
    /// Print the messages (codes, invitations) a running local pool has "sent", oldest first.
    Outbox {
        /// Port of the running local pool.
        #[arg(long, default_value_t = crate::local_pool::DEFAULT_PORT)]
        port: u16,
        /// Print the JSON array as served by GET /_local/outbox.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ProfilesAction {
    /// Save a profile (refuses an existing name unless --replace).
    Add(ProfileAddArgs),
    /// List the profiles; secrets are never printed.
    List {
        /// Print a JSON array instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Remove a profile and its saved sessions.
    Remove {
        /// The profile's name.
        name: String,
    },
}

#[derive(Debug, Args)]
pub struct ProfileAddArgs {
    /// The profile's name: letters, digits, '-' and '_'.
    pub name: String,
    /// The user pool id, e.g. us-east-1_AbC123.
    #[arg(long)]
    pub pool_id: String,
    /// The app client id.
    #[arg(long)]
    pub client_id: String,
    /// The AWS region; taken from the pool id when absent.
    #[arg(long)]
    pub region: Option<String>,
    /// A custom endpoint (the local pool, an emulator), e.g. http://127.0.0.1:9229.
    #[arg(long)]
    pub endpoint_url: Option<String>,
    /// The app client's secret, for clients that have one; `-` reads it from standard input
    /// (keeps it out of the shell history).
    #[arg(long, value_parser = parse_secret)]
    pub client_secret: Option<SecretString>,
    /// The expected token issuer, when the server's differs from the one derived from the endpoint.
    #[arg(long)]
    pub issuer: Option<String>,
    /// Where to fetch the pool's JWKS, when not at the issuer's usual path.
    #[arg(long)]
    pub jwks_url: Option<String>,
    /// The AWS profile for operator (signed) calls.
    #[arg(long)]
    pub aws_profile: Option<String>,
    /// How users sign in.
    #[arg(long, value_enum, default_value_t = AuthFlowArg::Srp)]
    pub auth_flow: AuthFlowArg,
    /// Overwrite an existing profile of that name.
    #[arg(long)]
    pub replace: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuthFlowArg {
    /// USER_SRP_AUTH: the password never leaves this machine.
    Srp,
    /// USER_PASSWORD_AUTH: the password is sent to the pool (over TLS).
    UserPassword,
}

impl From<AuthFlowArg> for crate::service::AuthFlow {
    fn from(flow: AuthFlowArg) -> Self {
        match flow {
            AuthFlowArg::Srp => Self::Srp,
            AuthFlowArg::UserPassword => Self::UserPassword,
        }
    }
}

fn parse_secret(text: &str) -> Result<SecretString, std::convert::Infallible> {
    Ok(SecretString::new(text))
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory as _, Parser as _};

    use super::Cli;

    #[test]
    fn definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn profile_opens_the_tui_and_is_refused_before_a_command() {
        let cli = Cli::try_parse_from(["cognito-tui", "--profile", "dev"]).expect("parses");
        assert_eq!(cli.profile.as_deref(), Some("dev"));
        assert!(cli.command.is_none());
        let both =
            Cli::try_parse_from(["cognito-tui", "--profile", "a", "whoami", "--profile", "b"]);
        assert!(both.is_err());
        let sub = Cli::try_parse_from(["cognito-tui", "whoami", "--profile", "b"]).expect("parses");
        assert!(sub.profile.is_none() && sub.command.is_some());
    }

    #[test]
    fn cors_origins_are_origins_or_a_star() {
        assert_eq!(
            super::parse_origin("HTTP://LocalHost:3000").as_deref(),
            Ok("http://localhost:3000")
        );
        assert_eq!(super::parse_origin("*").as_deref(), Ok("*"));
        for bad in [
            "localhost:3000",
            "http://",
            "http://localhost:3000/",
            "ftp://x",
            "http://a b",
            "",
        ] {
            let e = super::parse_origin(bad).expect_err(bad);
            assert!(e.contains("not an origin"), "{e}");
        }
        let cli = Cli::try_parse_from([
            "cognito-tui",
            "local-pool",
            "--cors-origin",
            "http://localhost:3000",
            "--cors-origin",
            "https://app.localhost",
        ])
        .expect("parses");
        let Some(super::Command::LocalPool { serve, .. }) = cli.command else {
            panic!("local-pool");
        };
        assert_eq!(
            serve.cors_origins,
            ["http://localhost:3000", "https://app.localhost"]
        );
    }
}
