//! The web sign-in backend wired into an axum app of your own: a login route, a page behind
//! `login_required!`, a call to Cognito with the session's (lazily refreshed) tokens, a logout.
//! Runs offline against the built-in demo pool: `cargo run --example axum_app`, then
//! `curl -c jar -b jar -d 'username=alice&password=Alice-Demo-2024!' localhost:3000/login` and
//! `curl -b jar localhost:3000/me`.

use axum::Router;
use axum::extract::Form;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum_login::{AuthManagerLayerBuilder, login_required};
use cognito_tui::local_pool::demo::{DEMO_CLIENT_ID, DEMO_POOL_ID};
use cognito_tui::local_pool::{LocalPool, LocalPoolConfig};
use cognito_tui::secret::SecretString;
use cognito_tui::service::Settings;
use cognito_tui::web::tokens::{self, AuthSession};
use cognito_tui::web::{
    CognitoBackend, Credentials, SignInOutcome, SqliteSessionStore, UserRules, WebDb, WebSettings,
};
use tower_sessions::SessionManagerLayer;

#[derive(serde::Deserialize)]
struct Login {
    username: String,
    password: SecretString,
}

async fn login(mut auth: AuthSession, Form(form): Form<Login>) -> impl IntoResponse {
    let creds = Credentials::Password {
        username: form.username,
        password: form.password,
    };
    match auth.backend.sign_in(creds).await {
        Ok(SignInOutcome::SignedIn(user)) => match tokens::login(&mut auth, *user).await {
            Ok(()) => Redirect::to("/me").into_response(),
            Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
        },
        // A real app keeps the challenge (tokens::keep_challenge) and shows a page for it.
        Ok(SignInOutcome::Challenge(p)) => (
            StatusCode::ACCEPTED,
            format!("answer {}", p.challenge.wire_name()),
        )
            .into_response(),
        Ok(SignInOutcome::Refused(why)) => {
            (StatusCode::UNAUTHORIZED, why.message()).into_response()
        }
        Err(e) => (StatusCode::BAD_GATEWAY, e.to_string()).into_response(),
    }
}

async fn me(mut auth: AuthSession) -> impl IntoResponse {
    // Fresh tokens (refreshed when near expiry); None when Cognito ended the sign-in.
    match tokens::fresh(&mut auth).await {
        Ok(Some(tokens)) => match auth.backend.account().get_user(&tokens).await {
            Ok(user) => format!("{} {:?}", user.username, user.attributes).into_response(),
            Err(e) => (StatusCode::BAD_GATEWAY, e.to_string()).into_response(),
        },
        Ok(None) => Redirect::to("/login").into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

async fn logout(mut auth: AuthSession) -> impl IntoResponse {
    // GlobalSignOut in Cognito, every web session of the user ended, this one flushed.
    let _ = tokens::logout(&mut auth).await;
    Redirect::to("/login")
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join("cognito-tui-axum-example");
    let pool = LocalPool::start(LocalPoolConfig::ephemeral(dir.join("pool"))).await?;
    let mut settings = Settings::new(DEMO_POOL_ID, DEMO_CLIENT_ID);
    settings.endpoint_url = Some(pool.url().to_string());

    let db = WebDb::open(&dir.join("site"))?;
    let rules = UserRules::default(); // warrant's defaults
    let backend = CognitoBackend::new(
        WebSettings {
            pool: settings,
            rules,
        },
        db.clone(),
    )
    .await?;
    let sessions = SessionManagerLayer::new(SqliteSessionStore::new(db)).with_secure(false);
    let app = Router::new()
        .route("/me", get(me))
        .route("/logout", post(logout))
        .route_layer(login_required!(CognitoBackend, login_url = "/login"))
        .route("/login", post(login))
        .layer(AuthManagerLayerBuilder::new(backend, sessions).build());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}
