//! axum-login's `AuthnBackend` and `AuthzBackend` over the service layer: warrant's Django
//! backend in Rust. Sign-in (SRP, or USER_PASSWORD_AUTH when the pool settings say so), tokens
//! verified against the pool's JWKS, then the local user created or updated from the attributes.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::sync::Arc;

use axum_login::{AuthUser, AuthnBackend, AuthzBackend, UserId};
use time::OffsetDateTime;

use super::db::WebDb;
use super::error::WebError;
use super::local_users::{self, FromCognito, LocalUser};
use super::settings::{UserRules, WebSettings};
use crate::secret::SecretString;
use crate::service::account::Account;
use crate::service::auth::{Answer, PendingChallenge, SignInStep};
use crate::service::tokens::Tokens;

/// What the site's clock says; tests use the local pool's, so advancing it expires tokens.
pub type Clock = Arc<dyn Fn() -> OffsetDateTime + Send + Sync>;

/// What a sign-in form or a challenge page submits.
#[derive(Clone)]
pub enum Credentials {
    Password {
        username: String,
        password: SecretString,
    },
    Answer {
        pending: PendingChallenge,
        answer: Answer,
    },
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Codes and passwords never reach a log.
        match self {
            Self::Password { username, .. } => f
                .debug_struct("Password")
                .field("username", username)
                .finish_non_exhaustive(),
            Self::Answer { pending, .. } => f
                .debug_struct("Answer")
                .field("challenge", &pending.challenge.wire_name())
                .finish_non_exhaustive(),
        }
    }
}

/// Why a sign-in did not let the user in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// NotAuthorized or UserNotFound: wrong username or password, or a disabled user.
    NoSuchLogin,
    /// The Cognito user has no local user and `create_unknown_user` is off.
    UnknownHere,
    /// The local user's status is inactive and `supports_inactive_user` is off.
    Inactive,
}

impl Refusal {
    /// What the form says.
    pub fn message(self) -> &'static str {
        match self {
            Self::NoSuchLogin => "No such login: the username or password is wrong.",
            Self::UnknownHere => "This account has no access to this site.",
            Self::Inactive => "This account is inactive on this site.",
        }
    }
}

pub enum SignInOutcome {
    /// In: the user carries the tokens until `web::tokens::login` puts them in the session.
    SignedIn(Box<WebUser>),
    Challenge(PendingChallenge),
    Refused(Refusal),
}

/// A signed-in site user: the local user, and (right after a sign-in) its tokens.
#[derive(Clone)]
pub struct WebUser {
    pub local: LocalUser,
    /// False for an inactive user let in by `supports_inactive_user`.
    pub active: bool,
    tokens: Option<Tokens>,
}

impl fmt::Debug for WebUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebUser")
            .field("id", &self.local.id)
            .field("username", &self.local.username)
            .field("active", &self.active)
            .finish_non_exhaustive()
    }
}

impl WebUser {
    pub fn username(&self) -> &str {
        &self.local.username
    }

    /// A mapped local field (`first_name`).
    pub fn field(&self, name: &str) -> Option<&str> {
        self.local.fields.get(name).map(String::as_str)
    }

    /// Any Cognito attribute of the last sign-in, mapped or not (`custom:team`).
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.local.attributes.get(name).map(String::as_str)
    }

    pub fn groups(&self) -> &[String] {
        &self.local.groups
    }

    /// The tokens of the sign-in that produced this user (once).
    pub fn take_tokens(&mut self) -> Option<Tokens> {
        self.tokens.take()
    }
}

impl AuthUser for WebUser {
    type Id = i64;

    fn id(&self) -> i64 {
        self.local.id
    }

    fn session_auth_hash(&self) -> &[u8] {
        &self.local.session_key
    }
}

struct Inner {
    account: Account,
    rules: UserRules,
    db: WebDb,
}

/// The backend: cheap to clone (one shared inside).
#[derive(Clone)]
pub struct CognitoBackend {
    inner: Arc<Inner>,
    clock: Clock,
}

impl fmt::Debug for CognitoBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CognitoBackend")
            .field("account", &self.inner.account)
            .field("rules", &self.inner.rules)
            .finish_non_exhaustive()
    }
}

impl CognitoBackend {
    /// A backend for `settings`, keeping local users in `db`.
    pub async fn new(settings: WebSettings, db: WebDb) -> Result<Self, WebError> {
        settings.rules.check().map_err(|detail| {
            WebError::Service(crate::service::ServiceError::InvalidParameter { detail })
        })?;
        let account = Account::new(settings.pool).await?;
        Ok(Self::with_account(account, settings.rules, db))
    }

    pub fn with_account(account: Account, rules: UserRules, db: WebDb) -> Self {
        Self {
            inner: Arc::new(Inner { account, rules, db }),
            clock: Arc::new(OffsetDateTime::now_utc),
        }
    }

    /// The same backend reading time from `clock` (tests).
    pub fn with_clock(self, clock: Clock) -> Self {
        Self { clock, ..self }
    }

    pub fn account(&self) -> &Account {
        &self.inner.account
    }

    pub fn rules(&self) -> &UserRules {
        &self.inner.rules
    }

    pub fn db(&self) -> &WebDb {
        &self.inner.db
    }

    pub fn now(&self) -> OffsetDateTime {
        (self.clock)()
    }

    /// Signs in, answering a challenge when the credentials are an answer. Tokens are verified,
    /// the local user created or updated, and the rules applied.
    pub async fn sign_in(&self, creds: Credentials) -> Result<SignInOutcome, WebError> {
        let auth = self.account().authenticator();
        let step = match creds {
            Credentials::Password { username, password } => {
                auth.sign_in(username.trim(), &password, None).await
            }
            Credentials::Answer { pending, answer } => auth.answer(&pending, answer).await,
        };
        match step {
            Ok(SignInStep::SignedIn(tokens)) => self.finish(tokens).await,
            Ok(SignInStep::Challenge(pending)) => Ok(SignInOutcome::Challenge(pending)),
            Err(e) if e.is_no_such_login() => Ok(SignInOutcome::Refused(Refusal::NoSuchLogin)),
            Err(e) => Err(e.into()),
        }
    }

    async fn finish(&self, tokens: Tokens) -> Result<SignInOutcome, WebError> {
        let now = self.now();
        let claims = self.account().verify_tokens_at(&tokens, now).await?;
        let profile = self.account().get_user(&tokens).await?;
        let rules = self.rules();
        let fields: BTreeMap<String, String> = rules
            .attr_mapping
            .iter()
            .filter_map(|(attribute, field)| {
                profile
                    .attribute(attribute)
                    .map(|v| (field.clone(), v.to_string()))
            })
            .collect();
        let from = FromCognito {
            username: claims.username.clone(),
            sub: Some(claims.sub.clone()),
            fields,
            attributes: profile.attributes.clone(),
            groups: claims.groups.clone(),
        };
        let create = rules.create_unknown_user;
        let stored = self
            .db()
            .write(move |tx| local_users::sign_in(tx, &from, create, now))
            .await?;
        let Some(local) = stored else {
            self.discard(&tokens).await;
            return Ok(SignInOutcome::Refused(Refusal::UnknownHere));
        };
        let active = !rules.is_inactive(&local.fields);
        if !active && !rules.supports_inactive_user {
            self.discard(&tokens).await;
            return Ok(SignInOutcome::Refused(Refusal::Inactive));
        }
        Ok(SignInOutcome::SignedIn(Box::new(WebUser {
            local,
            active,
            tokens: Some(tokens),
        })))
    }

    /// Tokens of a refused sign-in are revoked rather than left valid.
    async fn discard(&self, tokens: &Tokens) {
        if let Err(e) = self.account().revoke_refresh_token(tokens).await {
            tracing::warn!(error = %e, "could not revoke the tokens of a refused sign-in");
        }
    }

    /// The user for a session: none when gone, or inactive and not let in.
    pub async fn load_user(&self, id: i64) -> Result<Option<WebUser>, WebError> {
        let local = self.db().read(move |tx| local_users::by_id(tx, id)).await?;
        Ok(local.and_then(|local| {
            let active = !self.rules().is_inactive(&local.fields);
            (active || self.rules().supports_inactive_user).then_some(WebUser {
                local,
                active,
                tokens: None,
            })
        }))
    }

    /// Every local user, for the operators' page.
    pub async fn local_users(&self) -> Result<Vec<LocalUser>, WebError> {
        Ok(self.db().read(local_users::list).await?)
    }
}

impl AuthnBackend for CognitoBackend {
    type User = WebUser;
    type Credentials = Credentials;
    type Error = WebError;

    async fn authenticate(&self, creds: Credentials) -> Result<Option<WebUser>, WebError> {
        match self.sign_in(creds).await? {
            SignInOutcome::SignedIn(user) => Ok(Some(*user)),
            SignInOutcome::Challenge(pending) => Err(WebError::Challenge(Box::new(pending))),
            SignInOutcome::Refused(_) => Ok(None),
        }
    }

    async fn get_user(&self, id: &UserId<Self>) -> Result<Option<WebUser>, WebError> {
        self.load_user(*id).await
    }
}

/// Permissions are the user's Cognito groups (`cognito:groups`).
impl AuthzBackend for CognitoBackend {
    type Permission = String;

    async fn get_group_permissions(&self, user: &WebUser) -> Result<HashSet<String>, WebError> {
        Ok(user.groups().iter().cloned().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_no_password_or_code() {
        let creds = Credentials::Password {
            username: "alice".into(),
            password: SecretString::new("hunter2-Secret"),
        };
        let shown = format!("{creds:?}");
        assert!(
            shown.contains("alice") && !shown.contains("hunter2"),
            "{shown}"
        );
        let pending = PendingChallenge::new(
            crate::service::auth::Challenge::SoftwareTokenMfa,
            "alice",
            Some(SecretString::new("opaque-session")),
        );
        let answer = Credentials::Answer {
            pending,
            answer: Answer::Code("123456".into()),
        };
        let shown = format!("{answer:?}");
        assert!(shown.contains("SOFTWARE_TOKEN_MFA"), "{shown}");
        assert!(
            !shown.contains("123456") && !shown.contains("opaque-session"),
            "{shown}"
        );
    }
}
