//! Why a command failed, as one line that says what to do.

use crate::cognito::jwt::JwtError;
use crate::flows::outbox::OutboxError;
use crate::local_pool::StartError;
use crate::service::ServiceError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
    /// `what` says from where: "the token from standard input".
    #[error("cannot read {what}: {source}")]
    Input {
        what: &'static str,
        source: std::io::Error,
    },
    /// Standard input held nothing usable: "no password on standard input".
    #[error("no {0} on standard input")]
    Empty(&'static str),
    #[error("not a readable JWT: {0}")]
    Jwt(#[from] JwtError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Service(#[from] ServiceError),
    #[error(
        "no saved session for profile {profile}: run `cognito-tui login --profile {profile} --username U`"
    )]
    NoLastUser { profile: String },
    #[error("no saved session for {username} in profile {profile}: run `cognito-tui login` first")]
    NoSession { profile: String, username: String },
    /// The saved session's refresh token no longer works.
    #[error("{0} (run `cognito-tui login` again)")]
    SessionExpired(ServiceError),
    /// What the command needs a terminal for.
    #[error("{0}")]
    NeedsTerminal(String),
    /// An answer the command cannot use ("the two passwords differ; nothing was changed").
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    LocalPool(#[from] StartError),
    #[error("cannot find the OS data directory; pass --data DIR")]
    NoDataDir,
    /// The command ran, but not all of it succeeded or its result fails a gate (`doctor
    /// --fail-on`, exit code 2; some users of a bulk action failed, 1): `output` is still printed.
    #[error("{reason}")]
    Gate {
        output: String,
        reason: String,
        code: u8,
    },
    #[error("{}", outbox_words(.port, .error))]
    Outbox { port: u16, error: OutboxError },
}

/// The outbox command's words for each way reading can fail.
fn outbox_words(port: &u16, error: &OutboxError) -> String {
    let addr = format!("127.0.0.1:{port}");
    match error {
        OutboxError::Unreachable(e) if e.is_connect() => {
            format!("no local pool answers on {addr} ({e}); start it with `cognito-tui local-pool`")
        }
        OutboxError::Unreachable(e) => format!("cannot read from {addr}: {e}"),
        OutboxError::Status(status) => {
            format!("{addr} answered {} for /_local/outbox", status.as_u16())
        }
        OutboxError::Unreadable(e) => {
            format!("the local pool on port {port} sent an unreadable outbox: {e}")
        }
        OutboxError::Client(e) => format!("cannot set up an HTTP client: {e}"),
    }
}
