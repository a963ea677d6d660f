//! The demo site: a small server-rendered site on the backend (`cognito-tui demo-site`) —
//! sign-in with challenge pages, the user's details, profile update, password change, logout,
//! and a page for operators. Forms carry a CSRF token; the session cookie is HttpOnly and
//! SameSite=Lax; passwords are never logged or stored.

mod account;
pub mod csrf;
mod operators;
mod pages;
mod sign_in;

use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_login::AuthManagerLayerBuilder;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use super::tokens::AuthSession;
use super::{CognitoBackend, SqliteSessionStore, WebError};
use pages::Layout;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "cognito_tui_session";

/// What the site shows and how it sets its cookie.
#[derive(Debug, Clone)]
pub struct SiteOptions {
    /// Which pool the header names.
    pub pool_label: String,
    /// Shown under the login form (the local demo pool's users), or nothing.
    pub demo_users: Vec<(String, String)>,
    /// The cookie's Secure flag: on when the site is served over HTTPS.
    pub secure_cookies: bool,
    /// The Cognito group whose members see the operators' page.
    pub operator_group: String,
    /// A session ends after this long without a request.
    pub idle_minutes: i64,
}

impl Default for SiteOptions {
    fn default() -> Self {
        Self {
            pool_label: String::new(),
            demo_users: Vec::new(),
            secure_cookies: false,
            operator_group: "admins".into(),
            idle_minutes: 8 * 60,
        }
    }
}

#[derive(Clone)]
struct Site {
    options: Arc<SiteOptions>,
}

/// The whole site as an axum router, sessions in the backend's database.
pub fn router(backend: CognitoBackend, options: SiteOptions) -> Router {
    let store = SqliteSessionStore::new(backend.db().clone());
    let sessions = SessionManagerLayer::new(store)
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(options.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(
            options.idle_minutes,
        )));
    let auth = AuthManagerLayerBuilder::new(backend, sessions).build();
    let site = Site {
        options: Arc::new(options),
    };
    Router::new()
        .route("/", get(home))
        .route("/login", get(sign_in::form).post(sign_in::submit))
        .route("/challenge", get(sign_in::challenge).post(sign_in::answer))
        .route("/challenge/cancel", post(sign_in::cancel))
        .route("/details", get(account::details))
        .route(
            "/profile",
            get(account::profile).post(account::save_profile),
        )
        .route(
            "/password",
            get(account::password).post(account::change_password),
        )
        .route("/logout", post(account::logout))
        .route("/operators", get(operators::list))
        .route("/operators/{id}/status", post(operators::set_status))
        .fallback(not_found)
        .layer(axum::middleware::map_response(security_headers))
        .layer(auth)
        .with_state(site)
}

async fn home(auth: AuthSession) -> Redirect {
    match auth.user {
        Some(_) => Redirect::to("/details"),
        None => Redirect::to("/login"),
    }
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "No such page.").into_response()
}

/// Pages are not cached (they show a user's data) and cannot be framed; no script runs.
async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CACHE_CONTROL, "no-store"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; \
             frame-ancestors 'none'",
        ),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// A rendered template with a status.
fn render(status: StatusCode, page: &impl askama::Template) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "a page failed to render");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "The page failed to render.",
            )
                .into_response()
        }
    }
}

/// A page on the shared layout (header, one-time message, `error`), or the failure page when
/// the layout cannot be built.
async fn page<T: askama::Template>(
    auth: &AuthSession,
    site: &Site,
    status: StatusCode,
    error: Option<String>,
    make: impl FnOnce(Layout) -> T,
) -> Response {
    match Layout::build(auth, site, error).await {
        Ok(layout) => render(status, &make(layout)),
        Err(e) => failure(e),
    }
}

/// A page that only says something.
async fn message(
    auth: &AuthSession,
    site: &Site,
    status: StatusCode,
    heading: &str,
    text: &str,
) -> Response {
    page(auth, site, status, None, |layout| pages::Message {
        layout,
        heading: heading.into(),
        text: text.into(),
    })
    .await
}

/// The CSRF token a form posted as a map of fields carries.
fn csrf_field(form: &std::collections::HashMap<String, String>) -> &str {
    form.get("csrf").map_or("", String::as_str)
}

/// A failure the site could not turn into a page of its own (database, session store).
fn failure(e: WebError) -> Response {
    tracing::error!(error = %e, "request failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("The site could not answer: {e}"),
    )
        .into_response()
}

/// Redirect after a POST: the browser GETs the target.
fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// The form's CSRF token, or a 403 page saying what to do.
async fn check_csrf(auth: &AuthSession, site: &Site, submitted: &str) -> Result<(), Response> {
    match csrf::matches(&auth.session, submitted).await {
        Ok(true) => Ok(()),
        Ok(false) => Err(message(
            auth,
            site,
            StatusCode::FORBIDDEN,
            "The form has expired",
            "It was opened in another session or came from another site. Reload the page and \
             send it again.",
        )
        .await),
        Err(e) => Err(failure(e)),
    }
}
