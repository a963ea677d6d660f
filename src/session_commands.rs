//! `login`, `token`, `logout`, `whoami`: signed-in sessions from a shell or CI. Sessions are
//! saved through the store (mode 0600); passwords are read, used and wiped, never written.

use std::io::{BufRead as _, IsTerminal as _, Read as _, Write as _};

use serde_json::json;
use time::OffsetDateTime;

use crate::cli::{LoginArgs, SessionArgs, TokenKind};
use crate::cognito::timestamp;
use crate::secret::SecretString;
use crate::service::ServiceError;
use crate::service::account::{Account, REFRESH_MARGIN};
use crate::service::auth::{Answer, Challenge, MfaKind, PendingChallenge, SignInStep};
use crate::service::session::Session;
use crate::store::{Profile, ProfileStore, SessionStore, StorePaths};

/// Longest password or answer read from standard input.
const MAX_INPUT: u64 = 4096;

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))
}

/// The profile, its session store, and an account service for it.
struct Context {
    profile: Profile,
    sessions: SessionStore,
    account: Account,
}

async fn context(profile: &str) -> Result<Context, String> {
    let paths = StorePaths::from_env().map_err(|e| e.to_string())?;
    let profile = ProfileStore::new(&paths)
        .get(profile)
        .map_err(|e| e.to_string())?;
    let account = Account::new(profile.settings())
        .await
        .map_err(|e| e.to_string())?;
    Ok(Context {
        sessions: SessionStore::new(&paths),
        profile,
        account,
    })
}

fn err(e: ServiceError) -> String {
    e.to_string()
}

pub fn login(args: LoginArgs, stdin: &mut dyn std::io::Read) -> Result<String, String> {
    let interactive = !args.password_stdin && std::io::stdin().is_terminal();
    let password = if args.password_stdin {
        read_secret_line(stdin)?
    } else if interactive {
        SecretString::new(
            rpassword::prompt_password(format!("Password for {}: ", args.username))
                .map_err(|e| format!("cannot read the password from the terminal: {e}"))?,
        )
    } else {
        return Err("no terminal to ask for the password: pipe it in with --password-stdin".into());
    };
    runtime()?.block_on(async {
        let cx = context(&args.profile).await?;
        let mut step = cx
            .account
            .sign_in(&args.username, &password)
            .await
            .map_err(err)?;
        drop(password);
        let tokens = loop {
            match step {
                SignInStep::SignedIn(tokens) => break tokens,
                SignInStep::Challenge(pending) => {
                    if !interactive {
                        return Err(format!(
                            "sign-in needs {} ({}); run `cognito-tui login` in a terminal to answer it",
                            challenge_words(&pending.challenge),
                            pending.challenge.wire_name()
                        ));
                    }
                    step = answer_on_terminal(&cx.account, &pending).await?;
                }
            }
        };
        let claims = cx.account.verify_tokens(&tokens).await.map_err(err)?;
        cx.sessions
            .save(&cx.profile.name, &args.username, &tokens)
            .map_err(|e| e.to_string())?;
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
async fn fresh_session(cx: &Context, username: Option<&str>) -> Result<(String, Session), String> {
    let name = cx.profile.name.as_str();
    let username = match username {
        Some(u) => u.to_string(),
        None => cx
            .sessions
            .last_username(name)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("no saved session for profile {name}: run `cognito-tui login --profile {name} --username U`"))?,
    };
    let tokens = cx
        .sessions
        .load(name, &username)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| {
            format!(
                "no saved session for {username} in profile {name}: run `cognito-tui login` first"
            )
        })?;
    let mut session = Session::new(tokens);
    let refreshed = session
        .check_token(&cx.account, OffsetDateTime::now_utc(), REFRESH_MARGIN)
        .await
        .map_err(|e| format!("{e} (run `cognito-tui login` again)"))?;
    if refreshed {
        cx.sessions
            .save(name, &username, session.tokens())
            .map_err(|e| e.to_string())?;
    }
    Ok((username, session))
}

pub fn token(args: SessionArgs, kind: TokenKind) -> Result<String, String> {
    runtime()?.block_on(async {
        let cx = context(&args.profile).await?;
        let (_, session) = fresh_session(&cx, args.username.as_deref()).await?;
        let tokens = session.tokens();
        Ok(match kind {
            TokenKind::Id => tokens.id_token.expose().to_string(),
            TokenKind::Access => tokens.access_token.expose().to_string(),
            TokenKind::Refresh => tokens
                .refresh_token
                .as_ref()
                .ok_or("the saved session has no refresh token")?
                .expose()
                .to_string(),
        })
    })
}

pub fn logout(args: SessionArgs, global: bool) -> Result<String, String> {
    runtime()?.block_on(async {
        let cx = context(&args.profile).await?;
        let (username, session) = fresh_session(&cx, args.username.as_deref()).await?;
        let tokens = session.tokens();
        let server = if global {
            cx.account.global_sign_out(tokens).await.map_err(err)?;
            "every session of this user is signed out".to_string()
        } else {
            // The refresh token is useless to anyone once revoked; a failure here must not keep
            // the user signed in on this machine.
            match cx.account.revoke_refresh_token(tokens).await {
                Ok(()) => "its refresh token is revoked".to_string(),
                Err(e) => format!("its refresh token could not be revoked ({e})"),
            }
        };
        cx.sessions
            .remove(&cx.profile.name, &username)
            .map_err(|e| e.to_string())?;
        session.sign_out_locally();
        Ok(format!(
            "signed out {username} from profile {}: the saved session is deleted and {server}",
            cx.profile.name
        ))
    })
}

pub fn whoami(args: SessionArgs, json_out: bool) -> Result<String, String> {
    runtime()?.block_on(async {
        let cx = context(&args.profile).await?;
        let (_, session) = fresh_session(&cx, args.username.as_deref()).await?;
        let tokens = session.tokens();
        let claims = cx.account.verify_tokens(tokens).await.map_err(err)?;
        let user = cx.account.get_user(tokens).await.map_err(err)?;
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

/// What a challenge asks for, in words.
fn challenge_words(challenge: &Challenge) -> &'static str {
    match challenge {
        Challenge::NewPasswordRequired { .. } => "a new password",
        Challenge::SoftwareTokenMfa => "a code from the authenticator app",
        Challenge::SmsMfa { .. } => "the code sent by SMS",
        Challenge::EmailOtp { .. } => "the code sent by email",
        Challenge::MfaSetup { .. } => "setting up an authenticator app",
        Challenge::SelectMfaType { .. } => "a choice of second factor",
    }
}

/// The first line of `input`, without its line ending.
fn read_secret_line(input: &mut dyn std::io::Read) -> Result<SecretString, String> {
    let mut text = zeroize::Zeroizing::new(String::new());
    input
        .take(MAX_INPUT)
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
    let line = text.lines().next().unwrap_or_default();
    if line.is_empty() {
        return Err("no password on standard input".into());
    }
    Ok(SecretString::new(line))
}

/// A visible answer typed on the terminal.
fn ask(prompt: &str) -> Result<String, String> {
    let mut err = std::io::stderr();
    let _ = write!(err, "{prompt}");
    let _ = err.flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .take(MAX_INPUT)
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the answer: {e}"))?;
    Ok(line.trim().to_string())
}

fn ask_secret(prompt: &str) -> Result<SecretString, String> {
    rpassword::prompt_password(prompt)
        .map(SecretString::new)
        .map_err(|e| format!("cannot read from the terminal: {e}"))
}

/// Asks the user for what `pending` needs and sends the answer.
async fn answer_on_terminal(
    account: &Account,
    pending: &PendingChallenge,
) -> Result<SignInStep, String> {
    let answer = match &pending.challenge {
        Challenge::NewPasswordRequired {
            required_attributes,
            ..
        } => {
            eprintln!(
                "The pool asks {} to choose a new password.",
                pending.username
            );
            let password = ask_secret("New password: ")?;
            if ask_secret("Repeat it: ")? != password {
                return Err("the two passwords differ; nothing was changed".into());
            }
            let mut attributes = std::collections::BTreeMap::new();
            for name in required_attributes {
                attributes.insert(name.clone(), ask(&format!("{name}: "))?);
            }
            Answer::NewPassword {
                password,
                attributes,
            }
        }
        Challenge::SoftwareTokenMfa => Answer::Code(ask("Authenticator app code: ")?),
        Challenge::SmsMfa { destination } | Challenge::EmailOtp { destination } => {
            let to = destination.as_deref().unwrap_or("your phone or mail");
            Answer::Code(ask(&format!("Code sent to {to}: "))?)
        }
        Challenge::SelectMfaType { options } => {
            let names: Vec<&str> = options.iter().map(|k| k.wire_name()).collect();
            let choice = ask(&format!("Second factor ({}): ", names.join(" or ")))?;
            let kind = options
                .iter()
                .find(|k| k.wire_name().eq_ignore_ascii_case(choice.trim()))
                .copied()
                .ok_or_else(|| format!("{choice:?} is not one of {}", names.join(", ")))?;
            Answer::SelectMfa(kind)
        }
        Challenge::MfaSetup { can_set_up } => {
            if !can_set_up.contains(&MfaKind::SoftwareToken) {
                return Err(
                    "the pool requires a second factor cognito-tui cannot set up here".into(),
                );
            }
            let setup = account
                .authenticator()
                .associate_totp(pending)
                .await
                .map_err(err)?;
            eprintln!(
                "Add this key to your authenticator app, then enter its first code:\n  {}",
                setup.secret.expose()
            );
            let code = ask("Code: ")?;
            return account
                .answer(
                    &setup.pending,
                    Answer::TotpSetupCode {
                        code,
                        device_name: Some("cognito-tui".into()),
                    },
                )
                .await
                .map_err(err);
        }
    };
    account.answer(pending, answer).await.map_err(err)
}
