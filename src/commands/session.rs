//! `login`, `token`, `logout`, `whoami`: signed-in sessions from a shell or CI. Sessions are
//! saved through the store (mode 0600); passwords are read, used and wiped, never written.

use std::io::IsTerminal as _;

use serde_json::json;
use time::OffsetDateTime;

use super::terminal::{answer_on_terminal, ask_secret, challenge_words, read_secret_line};
use super::{CommandError, Threads, runtime};
use crate::cli::{LoginArgs, SessionArgs, TokenKind};
use crate::cognito::timestamp;
use crate::flows::session::{self as flow, Check, ResumeError, Scope};
use crate::service::account::Account;
use crate::service::auth::SignInStep;
use crate::service::session::Session;
use crate::store::{Profile, ProfileStore, SessionStore, StorePaths};

/// The profile, its session store, and an account service for it.
struct Context {
    profile: Profile,
    sessions: SessionStore,
    account: Account,
}

async fn context(profile: &str) -> Result<Context, CommandError> {
    let paths = StorePaths::from_env()?;
    let profile = ProfileStore::new(&paths).get(profile)?;
    let account = Account::new(profile.settings())
        .await?
        .with_jwks_copy(&paths.data_dir.join("jwks"));
    Ok(Context {
        sessions: SessionStore::new(&paths),
        profile,
        account,
    })
}

pub fn login(args: LoginArgs, stdin: &mut dyn std::io::Read) -> Result<String, CommandError> {
    let interactive = !args.password_stdin && std::io::stdin().is_terminal();
    let password = if args.password_stdin {
        read_secret_line(stdin)?
    } else if interactive {
        ask_secret(
            &format!("Password for {}: ", args.username),
            "the password from the terminal",
        )?
    } else {
        return Err(CommandError::NeedsTerminal(
            "no terminal to ask for the password: pipe it in with --password-stdin".into(),
        ));
    };
    // A = g^a on the other core while the client is built: the two are independent.
    let srp_a = std::thread::spawn(crate::cognito::srp::SrpClient::new);
    runtime(Threads::One)?.block_on(async {
        let cx = context(&args.profile).await?;
        let srp = match cx.profile.settings().auth_flow {
            crate::service::AuthFlow::Srp => srp_a.join().ok().and_then(Result::ok),
            crate::service::AuthFlow::UserPassword => None,
        };
        // Verified once, below, whichever way the tokens came.
        let mut step = cx
            .account
            .authenticator()
            .sign_in(&args.username, &password, srp)
            .await?;
        drop(password);
        let tokens = loop {
            match step {
                SignInStep::SignedIn(tokens) => break tokens,
                SignInStep::Challenge(pending) => {
                    if !interactive {
                        return Err(CommandError::NeedsTerminal(format!(
                            "sign-in needs {} ({}); run `cognito-tui login` in a terminal to answer it",
                            challenge_words(&pending.challenge),
                            pending.challenge.wire_name()
                        )));
                    }
                    step = answer_on_terminal(&cx.account, &pending).await?;
                }
            }
        };
        let claims = cx.account.verify_tokens(&tokens).await?;
        cx.sessions
            .save(&cx.profile.name, &args.username, &tokens)?;
        Ok(if args.json {
            json!({
                "profile": cx.profile.name,
                "username": tokens.username,
                "sub": claims.sub,
                "expires_at": rfc3339(tokens.expires_at),
            })
            .to_string()
        } else {
            format!(
                "signed in to {} as {} (sub {}); the session is saved, access token valid until {}",
                cx.profile.name,
                tokens.username,
                claims.sub,
                timestamp::format(tokens.expires_at)
            )
        })
    })
}

/// A saved session for the command's profile and user (the last one signed in by default),
/// refreshed when it expires within the margin, and saved again when it was.
async fn fresh_session(
    cx: &Context,
    username: Option<&str>,
) -> Result<(String, Session), CommandError> {
    let profile = cx.profile.name.as_str();
    let username = match username {
        Some(u) => u.to_string(),
        None => cx
            .sessions
            .last_username(profile)?
            .ok_or_else(|| CommandError::NoLastUser {
                profile: profile.to_string(),
            })?,
    };
    let resumed = flow::resume(
        &cx.account,
        &cx.sessions,
        profile,
        &username,
        Check::Expiry,
        OffsetDateTime::now_utc(),
    )
    .await
    .map_err(|e| match e {
        ResumeError::Store(e) => CommandError::Store(e),
        ResumeError::Refresh(e) => CommandError::SessionExpired(e),
    })?;
    let session = resumed.ok_or_else(|| CommandError::NoSession {
        profile: profile.to_string(),
        username: username.clone(),
    })?;
    Ok((username, session))
}

/// The saved tokens when they stay valid past the refresh margin: `token` prints them without
/// building a client (no aws-config, no HTTP client), the common case in scripts.
fn still_fresh(args: &SessionArgs) -> Result<Option<crate::service::tokens::Tokens>, CommandError> {
    let paths = StorePaths::from_env()?;
    // The profile must exist, as on the full path.
    ProfileStore::new(&paths).get(&args.profile)?;
    let sessions = SessionStore::new(&paths);
    let username = match &args.username {
        Some(u) => u.clone(),
        None => match sessions.last_username(&args.profile)? {
            Some(u) => u,
            None => return Ok(None),
        },
    };
    let now = OffsetDateTime::now_utc();
    Ok(sessions
        .load(&args.profile, &username)?
        .filter(|t| !t.expires_within(now, crate::service::account::REFRESH_MARGIN)))
}

pub fn token(args: SessionArgs, kind: TokenKind) -> Result<String, CommandError> {
    if let Some(tokens) = still_fresh(&args)? {
        return print_token(&tokens, kind);
    }
    runtime(Threads::One)?.block_on(async {
        let cx = context(&args.profile).await?;
        let (_, session) = fresh_session(&cx, args.username.as_deref()).await?;
        print_token(session.tokens(), kind)
    })
}

fn print_token(
    tokens: &crate::service::tokens::Tokens,
    kind: TokenKind,
) -> Result<String, CommandError> {
    Ok(match kind {
        TokenKind::Id => tokens.id_token.expose().to_string(),
        TokenKind::Access => tokens.access_token.expose().to_string(),
        TokenKind::Refresh => tokens
            .refresh_token
            .as_ref()
            .ok_or_else(|| CommandError::Refused("the saved session has no refresh token".into()))?
            .expose()
            .to_string(),
    })
}

pub fn logout(args: SessionArgs, global: bool) -> Result<String, CommandError> {
    runtime(Threads::One)?.block_on(async {
        let cx = context(&args.profile).await?;
        let (username, session) = fresh_session(&cx, args.username.as_deref()).await?;
        let scope = if global {
            Scope::Everywhere
        } else {
            Scope::ThisDevice
        };
        let out = flow::sign_out(
            &cx.account,
            &cx.sessions,
            &cx.profile.name,
            &username,
            session,
            scope,
        )
        .await?;
        let server = out.server_words(scope);
        out.removed?;
        Ok(format!(
            "signed out {username} from profile {}: the saved session is deleted and {server}",
            cx.profile.name
        ))
    })
}

pub fn whoami(args: SessionArgs, json_out: bool) -> Result<String, CommandError> {
    runtime(Threads::One)?.block_on(async {
        let cx = context(&args.profile).await?;
        let (_, session) = fresh_session(&cx, args.username.as_deref()).await?;
        let tokens = session.tokens();
        let claims = cx.account.verify_tokens(tokens).await?;
        let user = cx.account.get_user(tokens).await?;
        let verified = |attr: &str| user.attribute(&format!("{attr}_verified")) == Some("true");
        if json_out {
            return Ok(json!({
                "profile": cx.profile.name,
                "username": user.username,
                "sub": user.sub,
                "email": user.attribute("email"),
                "email_verified": verified("email"),
                "phone_number": user.attribute("phone_number"),
                "phone_number_verified": verified("phone_number"),
                "groups": claims.groups,
                "expires_at": rfc3339(tokens.expires_at),
                "attributes": user.attributes,
            })
            .to_string());
        }
        let mut out = format!(
            "{} (sub {}) in profile {}",
            user.username, user.sub, cx.profile.name
        );
        for attr in ["email", "phone_number"] {
            if let Some(value) = user.attribute(attr) {
                let mark = if verified(attr) {
                    "verified"
                } else {
                    "not verified"
                };
                out.push_str(&format!("\n{attr}: {value} ({mark})"));
            }
        }
        if !claims.groups.is_empty() {
            out.push_str(&format!("\ngroups: {}", claims.groups.join(", ")));
        }
        out.push_str(&format!(
            "\naccess token valid until {}",
            timestamp::format(tokens.expires_at)
        ));
        Ok(out)
    })
}

fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| at.unix_timestamp().to_string())
}
