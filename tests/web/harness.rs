//! A local pool with users, a backend over it reading the pool's clock, and a cookie-keeping
//! client for the site's router.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use cognito_tui::local_pool::users::UserStatus;
use cognito_tui::service::account::Account;
use cognito_tui::web::site::{self, SESSION_COOKIE, SiteOptions};
use cognito_tui::web::{CognitoBackend, Credentials, SignInOutcome, UserRules, WebDb, WebUser};
use http_body_util::BodyExt as _;
use tower::ServiceExt as _;

use crate::common::{TestPool, standard_pool};

pub const ALICE_PASSWORD: &str = "Alice-Web-Pass-1";
pub const BOB_PASSWORD: &str = "Bob-Web-Pass-22";

pub struct Web {
    pub pool: TestPool,
    pub pool_id: String,
    pub client_id: String,
    pub backend: CognitoBackend,
}

impl Web {
    /// A pool with alice (in `admins`) and bob, and a backend with `rules`.
    pub async fn start(rules: UserRules) -> Self {
        let pool = TestPool::start().await;
        let (pool_id, client_id) = standard_pool(&pool);
        pool.seed_user(
            &pool_id,
            "alice",
            ALICE_PASSWORD,
            &[
                ("email", "alice@example.com"),
                ("email_verified", "true"),
                ("given_name", "Alice"),
                ("family_name", "Anderson"),
                ("custom:team", "platform"),
            ],
            UserStatus::Confirmed,
        );
        pool.seed_user(
            &pool_id,
            "bob",
            BOB_PASSWORD,
            &[("given_name", "Bob"), ("custom:team", "suspended")],
            UserStatus::Confirmed,
        );
        let admin = pool.admin_client();
        admin
            .create_group()
            .user_pool_id(&pool_id)
            .group_name("admins")
            .send()
            .await
            .unwrap();
        admin
            .admin_add_user_to_group()
            .user_pool_id(&pool_id)
            .username("alice")
            .group_name("admins")
            .send()
            .await
            .unwrap();
        let backend = backend_for(&pool, &pool_id, &client_id, rules).await;
        Self {
            pool,
            pool_id,
            client_id,
            backend,
        }
    }

    /// Signs in with a password, expecting to get in.
    pub async fn signed_in(&self, username: &str, password: &str) -> WebUser {
        match self.sign_in(username, password).await {
            SignInOutcome::SignedIn(user) => *user,
            SignInOutcome::Challenge(p) => panic!("unexpected challenge {:?}", p.challenge),
            SignInOutcome::Refused(r) => panic!("refused: {r:?}"),
        }
    }

    pub async fn sign_in(&self, username: &str, password: &str) -> SignInOutcome {
        self.backend
            .sign_in(Credentials::Password {
                username: username.into(),
                password: password.into(),
            })
            .await
            .unwrap()
    }

    pub fn admin(&self) -> aws_sdk_cognitoidentityprovider::Client {
        self.pool.admin_client()
    }

    /// A browser-like client for the demo site on this backend.
    pub fn site(&self) -> SiteClient {
        SiteClient::new(site::router(
            self.backend.clone(),
            SiteOptions {
                pool_label: "test pool".into(),
                ..SiteOptions::default()
            },
        ))
    }

    pub async fn attribute(&self, username: &str, name: &str) -> Option<String> {
        let user = self
            .admin()
            .admin_get_user()
            .user_pool_id(&self.pool_id)
            .username(username)
            .send()
            .await
            .unwrap();
        user.user_attributes()
            .iter()
            .find(|a| a.name() == name)
            .and_then(|a| a.value().map(str::to_string))
    }
}

/// A backend over the pool whose clock is the pool's, so advancing it expires the tokens.
pub async fn backend_for(
    pool: &TestPool,
    pool_id: &str,
    client_id: &str,
    rules: UserRules,
) -> CognitoBackend {
    let account = Account::new(pool.settings(pool_id, client_id, None))
        .await
        .unwrap();
    let state = pool.pool.state().clone();
    CognitoBackend::with_account(account, rules, WebDb::in_memory().unwrap())
        .with_clock(Arc::new(move || state.clock.now()))
}

/// An answer from the site.
pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub set_cookie: Option<String>,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Page {
    /// The CSRF token of the page's forms.
    pub fn csrf(&self) -> String {
        let marker = "name=\"csrf\" value=\"";
        let start = self.body.find(marker).expect("a form with a CSRF token") + marker.len();
        let end = self.body[start..].find('"').unwrap();
        self.body[start..start + end].to_string()
    }

    pub fn redirects_to(&self, to: &str) -> bool {
        self.status == StatusCode::SEE_OTHER && self.location.as_deref() == Some(to)
    }
}

/// Sends requests through the router with `oneshot`, keeping the session cookie.
pub struct SiteClient {
    app: Router,
    pub cookie: Option<String>,
}

impl SiteClient {
    pub fn new(app: Router) -> Self {
        Self { app, cookie: None }
    }

    async fn send(&mut self, request: Request<Body>) -> Page {
        let response = self.app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let header_text = |name| {
            response
                .headers()
                .get(name)
                .map(|v: &axum::http::HeaderValue| v.to_str().unwrap().to_string())
        };
        let location = header_text(header::LOCATION);
        let set_cookie = header_text(header::SET_COOKIE);
        if let Some(set) = &set_cookie {
            let pair = set.split(';').next().unwrap().to_string();
            let value = pair.split_once('=').unwrap().1;
            // An expired cookie (Max-Age=0) removes the session.
            self.cookie = (!value.is_empty() && !set.contains("Max-Age=0")).then_some(pair);
        }
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        Page {
            status,
            location,
            set_cookie,
            headers,
            body: String::from_utf8(body.to_vec()).unwrap(),
        }
    }

    fn request(&self, method: &str, path: &str) -> axum::http::request::Builder {
        let mut builder = Request::builder().method(method).uri(path);
        if let Some(cookie) = &self.cookie {
            builder = builder.header(header::COOKIE, cookie);
        }
        builder
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let request = self.request("GET", path).body(Body::empty()).unwrap();
        self.send(request).await
    }

    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        let body = form
            .iter()
            .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let request = self
            .request("POST", path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    /// The session id the cookie carries.
    pub fn session_id(&self) -> Option<String> {
        self.cookie
            .as_ref()
            .and_then(|c| c.strip_prefix(&format!("{SESSION_COOKIE}=")))
            .map(str::to_string)
    }

    /// Opens the login page and signs in.
    pub async fn login(&mut self, username: &str, password: &str) -> Page {
        let form = self.get("/login").await;
        let csrf = form.csrf();
        self.post(
            "/login",
            &[
                ("csrf", &csrf),
                ("username", username),
                ("password", password),
            ],
        )
        .await
    }

    /// POSTs a form of the page at `page`, with its CSRF token.
    pub async fn submit(&mut self, page: &str, action: &str, fields: &[(&str, &str)]) -> Page {
        let csrf = self.get(page).await.csrf();
        let mut form = vec![("csrf", csrf.as_str())];
        form.extend_from_slice(fields);
        self.post(action, &form).await
    }
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
