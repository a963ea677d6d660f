//! Command-line definitions (clap).

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "cognito-tui",
    version,
    about = "Terminal tools for Amazon Cognito user pools",
    long_about = "Terminal tools for Amazon Cognito user pools.\n\n\
        Available today: decode-token. The account TUI, the embedded local pool and the \
        login/token commands are being built on the SRP and sign-in core this version ships."
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
}
