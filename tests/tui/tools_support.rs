//! Helpers of the tools' tests (token inspector, outbox, profile editing): JWT-shaped tokens
//! with fixed claims, a signed-in app holding them, and an app on a real in-process pool.
#![allow(dead_code)]

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cognito_tui::local_pool::{LocalPool, LocalPoolConfig};
use cognito_tui::secret::SecretString;
use cognito_tui::service::session::Session;
use cognito_tui::service::tokens::Tokens;
use cognito_tui::tui::app::{App, Start};
use cognito_tui::tui::msg::{Connected, HomeData, Msg, PoolHandle, SignInResult, Target, Task};
use cognito_tui::tui::theme::Theme;
use crossterm::event::KeyCode;
use serde_json::json;

use super::support::*;

pub const SUB: &str = "0f6c8a52-1d2e-4b7a-9c3d-5e6f7a8b9c0d";

/// A JWT with these claims and a fixed header; the signature is not a real one (the worker's
/// verdict is injected in these tests).
pub fn jwt(claims: serde_json::Value) -> String {
    let header = json!({"alg": "RS256", "kid": "demo-key-2024", "typ": "JWT"});
    let part = |v: &serde_json::Value| URL_SAFE_NO_PAD.encode(v.to_string());
    format!(
        "{}.{}.{}",
        part(&header),
        part(&claims),
        URL_SAFE_NO_PAD.encode("not-a-real-signature")
    )
}

/// ID and access tokens issued three minutes before the fixed "now", valid for an hour.
pub fn jwt_tokens(refresh: &str) -> Tokens {
    let iat = now().unix_timestamp() - 180;
    let id = jwt(json!({
        "sub": SUB, "token_use": "id", "cognito:username": "alice",
        "aud": "localpooldemoclient0000001", "email": "alice@example.com",
        "iss": "http://127.0.0.1:9/us-east-1_DemoPool1",
        "iat": iat, "auth_time": iat, "exp": iat + 3600,
    }));
    let access = jwt(json!({
        "sub": SUB, "token_use": "access", "username": "alice",
        "client_id": "localpooldemoclient0000001", "scope": "aws.cognito.signin.user.admin",
        "iss": "http://127.0.0.1:9/us-east-1_DemoPool1",
        "iat": iat, "auth_time": iat, "exp": iat + 3600,
    }));
    Tokens {
        id_token: SecretString::new(id),
        access_token: SecretString::new(access),
        refresh_token: Some(SecretString::new(refresh)),
        expires_at: now() + time::Duration::seconds(3420),
        username: "alice".into(),
        device: None,
    }
}

pub fn jwt_home_data(refresh: &str) -> HomeData {
    let tokens = jwt_tokens(refresh);
    HomeData {
        expires_at: tokens.expires_at,
        session: Session::new(tokens),
        ..home_data()
    }
}

/// Alice signed in on the demo pool (no in-process pool: the outbox key is absent).
pub fn signed_in_app() -> App {
    let mut app = signed_out_app(Some("alice"));
    type_text(&mut app, "pw");
    press(&mut app, KeyCode::Enter);
    app.take_tasks();
    app.update(Msg::SignIn(Ok(SignInResult::Home(
        Box::new(jwt_home_data("opaque-refresh-token-value")),
        None,
    ))));
    app
}

/// A real local pool on loopback, in `dir`, served by `runtime`.
pub fn start_pool(runtime: &tokio::runtime::Runtime, dir: &std::path::Path) -> PoolHandle {
    let pool = runtime
        .block_on(LocalPool::start(LocalPoolConfig::ephemeral(dir)))
        .expect("the local pool starts");
    PoolHandle(pool)
}

/// The demo pool opened on a running in-process pool, signed out.
pub fn app_with_pool(pool: PoolHandle) -> App {
    let mut app = App::new(
        Start::Open(Target::LocalDemo, Vec::new()),
        Theme::monochrome(),
        now(),
    );
    assert!(matches!(
        app.take_tasks().as_slice(),
        [Task::StartLocalPool]
    ));
    app.update(Msg::LocalPoolStarted(Ok(pool)));
    assert!(matches!(
        app.take_tasks().as_slice(),
        [Task::Connect { .. }]
    ));
    app.update(Msg::Connected(Ok(Box::new(Connected {
        conn: demo_conn(),
        last_username: Some("zoe".into()),
        resumed: None,
        notice: None,
    }))));
    app
}

/// A multi-threaded runtime, so a pool started on it keeps serving between `block_on`s.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime")
}
