//! Sign-in: the login form, then any challenge on follow-up pages (new password, MFA code,
//! choosing a factor, setting up an authenticator app).

use std::collections::{BTreeMap, HashMap};

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::pages::{ChallengeForm, ChallengePage, Layout, Login};
use super::{Site, check_csrf, csrf, csrf_field, failure, page, render, see_other};
use crate::secret::SecretString;
use crate::service::ServiceError;
use crate::service::account::otpauth_uri;
use crate::service::auth::{Answer, Challenge, MfaKind, PendingChallenge};
use crate::web::tokens::{self, AuthSession};
use crate::web::{Credentials, SignInOutcome, WebError};

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: SecretString,
}

async fn login_page(
    auth: &AuthSession,
    site: &Site,
    status: StatusCode,
    username: &str,
    error: Option<String>,
) -> Response {
    page(auth, site, status, error, |layout| Login {
        layout,
        username: username.to_string(),
        demo_users: site.options.demo_users.clone(),
    })
    .await
}

pub async fn form(auth: AuthSession, State(site): State<Site>) -> Response {
    if auth.user.is_some() {
        return see_other("/details");
    }
    login_page(&auth, &site, StatusCode::OK, "", None).await
}

pub async fn submit(
    mut auth: AuthSession,
    State(site): State<Site>,
    Form(form): Form<LoginForm>,
) -> Response {
    if let Err(page) = check_csrf(&auth, &site, &form.csrf).await {
        return page;
    }
    let username = form.username.trim().to_string();
    if username.is_empty() || form.password.is_empty() {
        let text = "Enter a username and a password.".to_string();
        return login_page(&auth, &site, StatusCode::BAD_REQUEST, &username, Some(text)).await;
    }
    let creds = Credentials::Password {
        username: username.clone(),
        password: form.password,
    };
    let outcome = auth.backend.sign_in(creds).await;
    match outcome {
        Err(e) => {
            let status = status_of(&e);
            login_page(&auth, &site, status, &username, Some(e.to_string())).await
        }
        Ok(outcome) => finish(&mut auth, &site, outcome, &username).await,
    }
}

/// 400 for what the user can fix, 502 for what Cognito or the network did.
fn status_of(e: &WebError) -> StatusCode {
    match e {
        WebError::Service(
            ServiceError::UserNotConfirmed
            | ServiceError::PasswordResetRequired
            | ServiceError::CodeMismatch
            | ServiceError::CodeExpired
            | ServiceError::PasswordPolicy { .. }
            | ServiceError::InvalidParameter { .. },
        ) => StatusCode::BAD_REQUEST,
        WebError::Service(ServiceError::RateLimited { .. }) => StatusCode::TOO_MANY_REQUESTS,
        WebError::Service(_) => StatusCode::BAD_GATEWAY,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// Logged in, on to a challenge, or refused.
async fn finish(
    auth: &mut AuthSession,
    site: &Site,
    outcome: SignInOutcome,
    username: &str,
) -> Response {
    let done: Result<Response, WebError> = async {
        match outcome {
            SignInOutcome::SignedIn(user) => {
                tokens::login(auth, *user).await?;
                csrf::rotate(&auth.session).await?;
                Ok(see_other("/details"))
            }
            SignInOutcome::Challenge(pending) => {
                tokens::keep_challenge(&auth.session, &pending).await?;
                Ok(see_other("/challenge"))
            }
            SignInOutcome::Refused(why) => {
                tokens::drop_challenge(&auth.session).await?;
                let text = why.message().to_string();
                Ok(login_page(auth, site, StatusCode::UNAUTHORIZED, username, Some(text)).await)
            }
        }
    }
    .await;
    done.unwrap_or_else(failure)
}

fn mfa_label(kind: MfaKind) -> &'static str {
    match kind {
        MfaKind::SoftwareToken => "An authenticator app",
        MfaKind::Sms => "A text message",
        MfaKind::Email => "An email",
    }
}

/// The page for `pending`; setting up an authenticator associates a new secret first.
async fn challenge_page(
    auth: &AuthSession,
    site: &Site,
    pending: &PendingChallenge,
    status: StatusCode,
    error: Option<String>,
) -> Result<Response, WebError> {
    let sent_to = |d: &Option<String>| {
        d.as_deref()
            .map(|to| format!(" It was sent to {to}."))
            .unwrap_or_default()
    };
    let (heading, explain, form) = match &pending.challenge {
        Challenge::NewPasswordRequired {
            required_attributes,
            current_attributes,
        } => (
            "Choose a new password",
            "This account has a temporary password: choose your own to finish signing in."
                .to_string(),
            ChallengeForm::NewPassword {
                attributes: required_attributes
                    .iter()
                    .map(|a| {
                        let value = current_attributes.get(a).cloned().unwrap_or_default();
                        (a.clone(), value)
                    })
                    .collect(),
            },
        ),
        Challenge::SoftwareTokenMfa => (
            "Authenticator code",
            "Enter the current code from your authenticator app.".to_string(),
            ChallengeForm::Code,
        ),
        Challenge::SmsMfa { destination } => (
            "Text message code",
            format!(
                "Enter the code from the text message.{}",
                sent_to(destination)
            ),
            ChallengeForm::Code,
        ),
        Challenge::EmailOtp { destination } => (
            "Email code",
            format!("Enter the code from the email.{}", sent_to(destination)),
            ChallengeForm::Code,
        ),
        Challenge::SelectMfaType { options } => (
            "Second factor",
            "Choose how to confirm it is you.".to_string(),
            ChallengeForm::Select {
                options: options
                    .iter()
                    .map(|k| (k.wire_name().to_string(), mfa_label(*k).to_string()))
                    .collect(),
            },
        ),
        Challenge::MfaSetup { .. } => {
            let setup = auth
                .backend
                .account()
                .authenticator()
                .associate_totp(pending)
                .await?;
            tokens::keep_challenge(&auth.session, &setup.pending).await?;
            let secret = setup.secret.expose().to_string();
            let issuer = &auth.backend.account().settings().user_pool_id;
            let uri = otpauth_uri(&secret, &pending.username, issuer);
            let qr_svg = qrcode::QrCode::new(uri.as_bytes())
                .map(|code| {
                    code.render::<qrcode::render::svg::Color<'_>>()
                        .min_dimensions(180, 180)
                        .build()
                })
                .unwrap_or_default();
            (
                "Set up an authenticator app",
                "This pool requires a second factor: add an authenticator app, then enter its \
                 first code."
                    .to_string(),
                ChallengeForm::TotpSetup {
                    secret,
                    uri,
                    qr_svg,
                },
            )
        }
    };
    let layout = Layout::build(auth, site, error).await?;
    Ok(render(
        status,
        &ChallengePage {
            layout,
            heading: heading.into(),
            explain,
            form,
        },
    ))
}

pub async fn challenge(auth: AuthSession, State(site): State<Site>) -> Response {
    let shown = async {
        match tokens::pending_challenge(&auth.session).await? {
            Some(pending) => challenge_page(&auth, &site, &pending, StatusCode::OK, None).await,
            None => Ok(see_other("/login")),
        }
    }
    .await;
    match shown {
        Ok(page) => page,
        Err(WebError::Service(e)) => {
            // The sign-in session died (took too long): start again.
            let _ = tokens::drop_challenge(&auth.session).await;
            let text = format!("The sign-in could not go on: {e}");
            login_page(&auth, &site, StatusCode::BAD_GATEWAY, "", Some(text)).await
        }
        Err(e) => failure(e),
    }
}

/// The answer a challenge form holds, or what is wrong with it.
fn answer_of(pending: &PendingChallenge, form: &HashMap<String, String>) -> Result<Answer, String> {
    let field = |name: &str| {
        form.get(name)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let code = || {
        let code = field("code");
        if code.is_empty() {
            Err("Enter the code.".to_string())
        } else {
            Ok(code)
        }
    };
    match &pending.challenge {
        Challenge::NewPasswordRequired {
            required_attributes,
            ..
        } => {
            let password = form.get("new_password").cloned().unwrap_or_default();
            if password.is_empty() {
                return Err("Enter a new password.".into());
            }
            if form.get("confirm") != Some(&password) {
                return Err("The two new passwords differ.".into());
            }
            let mut attributes = BTreeMap::new();
            for name in required_attributes {
                let value = field(&format!("attr.{name}"));
                if value.is_empty() {
                    return Err(format!("Fill in {name}: the pool requires it."));
                }
                attributes.insert(name.clone(), value);
            }
            Ok(Answer::NewPassword {
                password: SecretString::new(password),
                attributes,
            })
        }
        Challenge::SoftwareTokenMfa | Challenge::SmsMfa { .. } | Challenge::EmailOtp { .. } => {
            code().map(Answer::Code)
        }
        Challenge::SelectMfaType { .. } => MfaKind::from_wire(&field("mfa"))
            .map(Answer::SelectMfa)
            .ok_or_else(|| "Choose one of the ways offered.".to_string()),
        Challenge::MfaSetup { .. } => code().map(|code| Answer::TotpSetupCode {
            code,
            device_name: None,
        }),
    }
}

pub async fn answer(
    mut auth: AuthSession,
    State(site): State<Site>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if let Err(page) = check_csrf(&auth, &site, csrf_field(&form)).await {
        return page;
    }
    let pending = match tokens::pending_challenge(&auth.session).await {
        Ok(Some(pending)) => pending,
        Ok(None) => return see_other("/login"),
        Err(e) => return failure(e),
    };
    let username = pending.username.clone();
    let answer = match answer_of(&pending, &form) {
        Ok(answer) => answer,
        Err(text) => {
            return challenge_page(&auth, &site, &pending, StatusCode::BAD_REQUEST, Some(text))
                .await
                .unwrap_or_else(failure);
        }
    };
    let outcome = auth
        .backend
        .sign_in(Credentials::Answer {
            pending: pending.clone(),
            answer,
        })
        .await;
    match outcome {
        Ok(outcome) => finish(&mut auth, &site, outcome, &username).await,
        // A wrong code or a refused password: the same challenge again, said why.
        Err(WebError::Service(
            e @ (ServiceError::CodeMismatch
            | ServiceError::PasswordPolicy { .. }
            | ServiceError::InvalidParameter { .. }),
        )) => challenge_page(
            &auth,
            &site,
            &pending,
            StatusCode::BAD_REQUEST,
            Some(e.to_string()),
        )
        .await
        .unwrap_or_else(failure),
        Err(e) => {
            let _ = tokens::drop_challenge(&auth.session).await;
            let text = format!("The sign-in could not go on: {e}");
            login_page(&auth, &site, status_of(&e), &username, Some(text)).await
        }
    }
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    pub csrf: String,
}

pub async fn cancel(
    auth: AuthSession,
    State(site): State<Site>,
    Form(form): Form<CsrfOnly>,
) -> Response {
    if let Err(page) = check_csrf(&auth, &site, &form.csrf).await {
        return page;
    }
    match tokens::drop_challenge(&auth.session).await {
        Ok(()) => see_other("/login"),
        Err(e) => failure(e),
    }
}
