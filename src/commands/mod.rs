//! What each command does, one file per command group; `main` only parses and reports.

mod demo_site;
mod error;
pub mod groups;
pub mod local_pool;
mod operator;
pub mod pool;
pub mod profiles;
pub mod session;
mod terminal;
pub mod token;
pub mod users;

pub use error::CommandError;

use crate::cli::Command;

/// Runs a command, returning what to print, or why it failed (one line).
pub fn run(command: Command, stdin: &mut dyn std::io::Read) -> Result<String, CommandError> {
    match command {
        Command::DecodeToken { token } => token::decode(token, stdin),
        Command::LocalPool { serve, action } => local_pool::run(serve, action),
        Command::Profiles { action } => profiles::run(action, stdin),
        Command::Login(args) => session::login(args, stdin),
        Command::Token { session, kind } => session::token(session, kind),
        Command::Logout { session, global } => session::logout(session, global),
        Command::DemoSite(args) => demo_site::run(args),
        Command::Whoami { session, json } => session::whoami(session, json),
        Command::Pool { action } => pool::run(action),
        Command::Doctor(args) => pool::doctor(args),
        Command::Users { action } => users::run(action, stdin),
        Command::Groups { action } => groups::run(action),
    }
}

/// Which runtime a command needs.
#[derive(Debug, Clone, Copy)]
enum Threads {
    /// One call after another (sessions).
    One,
    /// A server (the local pool).
    Many,
}

/// The one tokio runtime builder of the commands.
fn runtime(threads: Threads) -> Result<tokio::runtime::Runtime, CommandError> {
    let mut builder = match threads {
        Threads::One => tokio::runtime::Builder::new_current_thread(),
        Threads::Many => tokio::runtime::Builder::new_multi_thread(),
    };
    builder.enable_all().build().map_err(CommandError::Runtime)
}

/// At most `limit` bytes of `input` as text (secrets wiped when dropped).
fn read_input(
    input: &mut dyn std::io::Read,
    limit: u64,
    what: &'static str,
) -> Result<zeroize::Zeroizing<String>, CommandError> {
    use std::io::Read as _;
    let mut text = zeroize::Zeroizing::new(String::new());
    input
        .take(limit)
        .read_to_string(&mut text)
        .map_err(|source| CommandError::Input { what, source })?;
    Ok(text)
}
