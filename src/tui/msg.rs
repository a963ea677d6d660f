//! What flows between the UI task and the work it spawns: `Task`s go out, `Msg`s come back
//! carrying their results. Nothing is shared or locked.

use std::sync::Arc;

use time::OffsetDateTime;

use crate::local_pool::LocalPool;
use crate::secret::SecretString;
use crate::service::ServiceError;
use crate::service::account::{Account, CodeDelivery, RegisterRequest, Registered};
use crate::service::session::Session;
use crate::store::Profile;

pub mod account;
mod challenge;
mod job;
mod load;

pub use challenge::{ChallengeMsg, ChallengeTask, MfaAction, MfaReply};
pub use job::{Job, Progress, Reply, ScreenId, Ticket};
pub use load::{Load, Loaded};

/// The session-store name of the local demo pool (it is not a saved profile).
pub const LOCAL_DEMO_PROFILE: &str = crate::local_pool::demo::DEMO_PROFILE_NAME;

/// Which pool to open.
#[derive(Debug, Clone)]
pub enum Target {
    Profile(Box<Profile>),
    LocalDemo,
}

/// A pool opened for use: its account service, its operator service (built without I/O:
/// credentials are resolved on its first call) and where its sessions are saved.
#[derive(Debug, Clone)]
pub struct Conn {
    pub account: Arc<Account>,
    pub operator: Arc<crate::service::admin::Operator>,
    /// The profile name sessions are saved under.
    pub profile: String,
    /// What the status bar calls it.
    pub label: String,
}

/// Work for the worker; each variant carries everything it needs.
#[derive(Debug)]
pub enum Task {
    StartLocalPool,
    /// Build the account service for a pool and resume its last saved session if any.
    Connect {
        settings: crate::service::Settings,
        /// The operator API's credentials: the profile's AWS profile, or the local pool's.
        credentials: crate::service::admin::OperatorCredentials,
        profile: String,
        label: String,
    },
    SignIn {
        conn: Conn,
        username: String,
        password: SecretString,
    },
    Register {
        conn: Conn,
        request: RegisterRequest,
    },
    Confirm {
        conn: Conn,
        username: String,
        code: String,
    },
    Resend {
        conn: Conn,
        username: String,
    },
    Forgot {
        conn: Conn,
        username: String,
    },
    ResetPassword {
        conn: Conn,
        username: String,
        code: String,
        password: SecretString,
    },
    Refresh {
        conn: Conn,
        username: String,
        session: Box<Session>,
    },
    SignOut {
        conn: Conn,
        username: String,
        session: Box<Session>,
    },
    /// Read the pool's password policy (operator API), for the register screen.
    PasswordPolicy {
        conn: Conn,
    },
    Account {
        conn: Conn,
        task: account::AccountTask,
    },
    /// A sign-in challenge's answer or an MFA settings change.
    Challenge {
        conn: Conn,
        task: ChallengeTask,
    },
    /// Check the ID and access tokens' signatures against the pool's JWKS.
    VerifyTokens {
        conn: Conn,
        tokens: Box<crate::service::tokens::Tokens>,
    },
    /// Read the in-process local pool's outbox at `url`.
    ReadOutbox {
        url: String,
    },
    /// Save a profile (`replace` when editing one), as `profiles add` does.
    SaveProfile {
        profile: Box<Profile>,
        replace: bool,
    },
    /// Delete a profile and its saved sessions, as `profiles remove` does.
    DeleteProfile {
        name: String,
    },
    /// Work a screen defines itself; answered by `Msg::Loaded`.
    Load(Load),
}

/// Who is signed in, prepared for the account home.
#[derive(Debug, Clone)]
pub struct HomeData {
    /// The name signed in with (the session store's key).
    pub username: String,
    pub sub: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub phone: Option<String>,
    pub phone_verified: bool,
    pub groups: Vec<String>,
    pub expires_at: OffsetDateTime,
    pub session: Session,
}

/// What opening a pool found.
#[derive(Debug)]
pub struct Connected {
    pub conn: Conn,
    pub last_username: Option<String>,
    pub resumed: Option<HomeData>,
    /// Why a saved session could not be resumed, or why it was not saved.
    pub notice: Option<String>,
}

/// The end of a sign-in attempt.
#[derive(Debug)]
pub enum SignInResult {
    Home(Box<HomeData>, Option<String>),
    /// The pool asks for more (a new password, a code, ...) before it gives tokens.
    Challenge(Box<crate::service::auth::PendingChallenge>),
}

/// The running local pool, owned by the app so it lives as long as the TUI.
pub struct PoolHandle(pub LocalPool);

impl std::fmt::Debug for PoolHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("PoolHandle").field(&self.0.url()).finish()
    }
}

/// Results coming back to the UI task.
#[derive(Debug)]
pub enum Msg {
    /// How far a long task got, in words.
    Progress(String),
    LocalPoolStarted(Result<PoolHandle, String>),
    Connected(Result<Box<Connected>, String>),
    SignIn(Result<SignInResult, ServiceError>),
    Registered {
        username: String,
        result: Result<Registered, ServiceError>,
    },
    Confirmed {
        username: String,
        result: Result<(), ServiceError>,
    },
    Resent(Result<CodeDelivery, ServiceError>),
    ForgotSent(Result<CodeDelivery, ServiceError>),
    PasswordReset {
        username: String,
        result: Result<(), ServiceError>,
    },
    /// New tokens, and why they could not be saved if they were not.
    Refreshed(Result<(Session, Option<String>), ServiceError>),
    SignedOut(String),
    /// The policy of `profile`'s pool; `None` when it could not be read. Arrives in the
    /// background: it does not end a pending request.
    PasswordPolicy {
        profile: String,
        policy: Option<crate::service::admin::PasswordPolicy>,
    },
    Account(account::AccountMsg),
    Challenge(ChallengeMsg),
    TokensVerified(crate::tui::screens::tokens::TokenCheck),
    OutboxRead(Result<Vec<crate::tui::screens::outbox::OutboxEntry>, String>),
    ProfileSaved(Result<crate::tui::screens::profile_form::ProfilesChanged, String>),
    ProfileDeleted(Result<crate::tui::screens::profile_form::ProfilesChanged, String>),
    /// The answer of a `Task::Load`.
    Loaded(Loaded),
}
