//! Command-line definitions (clap).

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "cognito-tui",
    version,
    about = "Terminal tools for Amazon Cognito user pools",
    long_about = "Terminal tools for Amazon Cognito user pools.\n\n\
        Available today: local-pool (a Cognito-compatible server with real SRP, for demos and \
        tests without an AWS account) and decode-token. The account TUI and the login/token \
        commands are being built on them."
)]
pub struct Cli {
    /// Without a command, the help is printed.
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
