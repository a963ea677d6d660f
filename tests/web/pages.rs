//! Every page of the demo site over HTTP (tower `oneshot`): sign-in, challenges, CSRF, cookies.

use axum::http::StatusCode;
use cognito_tui::local_pool::users::UserStatus;
use cognito_tui::web::UserRules;
use cognito_tui::web::site::SESSION_COOKIE;

use crate::harness::{ALICE_PASSWORD, Web};

#[tokio::test]
async fn the_login_page_and_a_sign_in_that_rotates_the_session() {
    let web = Web::start(UserRules::default()).await;
    let mut site = web.site();
    let home = site.get("/").await;
    assert!(home.redirects_to("/login"), "{}", home.status);
    let form = site.get("/login").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("<h1>Sign in</h1>") && form.body.contains("test pool"));
    let before = site
        .session_id()
        .expect("the form's session holds its CSRF token");
    let set = form.set_cookie.clone().expect("a session cookie");
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax"),
        "{set}"
    );
    assert!(set.starts_with(&format!("{SESSION_COOKIE}=")));

    let signed_in = site
        .post(
            "/login",
            &[
                ("csrf", &form.csrf()),
                ("username", "alice"),
                ("password", ALICE_PASSWORD),
            ],
        )
        .await;
    assert!(signed_in.redirects_to("/details"), "{}", signed_in.body);
    let after = site.session_id().unwrap();
    assert_ne!(before, after, "the session id rotates at login");
    assert!(site.get("/login").await.redirects_to("/details"));
    assert!(site.get("/").await.redirects_to("/details"));
}

#[tokio::test]
async fn no_such_login_is_said_on_the_form_and_keeps_the_username() {
    let web = Web::start(UserRules::default()).await;
    let mut site = web.site();
    let page = site.login("alice", "Wrong-Pass-99").await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    assert!(page.body.contains("No such login"), "{}", page.body);
    assert!(page.body.contains("value=\"alice\""));
    assert!(
        !page.body.contains("Wrong-Pass-99"),
        "the password is never echoed"
    );
    let empty = site.login("alice", "").await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert!(empty.body.contains("Enter a username and a password."));
    assert!(site.get("/details").await.redirects_to("/login"));
}

#[tokio::test]
async fn other_errors_are_shown_as_errors() {
    let web = Web::start(UserRules::default()).await;
    web.pool.seed_user(
        &web.pool_id,
        "carol",
        "Carol-Pass-333",
        &[],
        UserStatus::Unconfirmed,
    );
    let mut site = web.site();
    let page = site.login("carol", "Carol-Pass-333").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.body.contains("not confirmed"), "{}", page.body);
    assert!(page.body.contains("class=\"error\""));
}

#[tokio::test]
async fn every_form_needs_its_csrf_token() {
    let web = Web::start(UserRules::default()).await;
    let mut site = web.site();
    site.get("/login").await;
    for token in ["", "forged-token"] {
        let page = site
            .post(
                "/login",
                &[
                    ("csrf", token),
                    ("username", "alice"),
                    ("password", ALICE_PASSWORD),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        assert!(page.body.contains("The form has expired"));
    }
    // A token from another session is no good either.
    let mut other = web.site();
    let foreign = other.get("/login").await.csrf();
    let page = site
        .post(
            "/login",
            &[
                ("csrf", &foreign),
                ("username", "alice"),
                ("password", ALICE_PASSWORD),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);

    assert!(
        site.login("alice", ALICE_PASSWORD)
            .await
            .redirects_to("/details")
    );
    for (action, fields) in [
        ("/logout", vec![]),
        ("/profile", vec![("first_name", "Mallory")]),
        (
            "/password",
            vec![
                ("current", ALICE_PASSWORD),
                ("new_password", "x"),
                ("confirm", "x"),
            ],
        ),
        ("/operators/1/status", vec![("status", "inactive")]),
        ("/challenge/cancel", vec![]),
    ] {
        let mut form = vec![("csrf", "forged")];
        form.extend(fields);
        let page = site.post(action, &form).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{action}");
    }
    // Still signed in, nothing changed.
    assert_eq!(site.get("/details").await.status, StatusCode::OK);
    assert_eq!(
        web.attribute("alice", "given_name").await.as_deref(),
        Some("Alice")
    );
}

#[tokio::test]
async fn a_new_password_challenge_is_answered_on_its_page() {
    let web = Web::start(UserRules::default()).await;
    web.pool.seed_user(
        &web.pool_id,
        "dave",
        "Temp-Pass-4444",
        &[("given_name", "Dave")],
        UserStatus::ForceChangePassword,
    );
    let mut site = web.site();
    assert!(
        site.get("/challenge").await.redirects_to("/login"),
        "none pending"
    );
    let page = site.login("dave", "Temp-Pass-4444").await;
    assert!(page.redirects_to("/challenge"), "{}", page.body);
    let form = site.get("/challenge").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Choose a new password"));
    let csrf = form.csrf();
    let differ = site
        .post(
            "/challenge",
            &[
                ("csrf", &csrf),
                ("new_password", "Daves-Own-Pass-5"),
                ("confirm", "other"),
            ],
        )
        .await;
    assert_eq!(differ.status, StatusCode::BAD_REQUEST);
    assert!(differ.body.contains("The two new passwords differ."));
    let weak = site
        .post(
            "/challenge",
            &[
                ("csrf", &csrf),
                ("new_password", "short"),
                ("confirm", "short"),
            ],
        )
        .await;
    assert_eq!(weak.status, StatusCode::BAD_REQUEST);
    assert!(weak.body.contains("policy"), "{}", weak.body);
    let done = site
        .post(
            "/challenge",
            &[
                ("csrf", &csrf),
                ("new_password", "Daves-Own-Pass-5"),
                ("confirm", "Daves-Own-Pass-5"),
            ],
        )
        .await;
    assert!(done.redirects_to("/details"), "{}", done.body);
    assert!(
        site.get("/details")
            .await
            .body
            .contains("Signed in as dave")
    );
}

#[tokio::test]
async fn a_challenge_can_be_cancelled() {
    let web = Web::start(UserRules::default()).await;
    web.pool.seed_user(
        &web.pool_id,
        "dave",
        "Temp-Pass-4444",
        &[],
        UserStatus::ForceChangePassword,
    );
    let mut site = web.site();
    assert!(
        site.login("dave", "Temp-Pass-4444")
            .await
            .redirects_to("/challenge")
    );
    let cancelled = site.submit("/challenge", "/challenge/cancel", &[]).await;
    assert!(cancelled.redirects_to("/login"));
    assert!(site.get("/challenge").await.redirects_to("/login"));
}

#[tokio::test]
async fn an_authenticator_is_set_up_and_then_asked_for() {
    let web = Web::start(UserRules::default()).await;
    web.admin()
        .set_user_pool_mfa_config()
        .user_pool_id(&web.pool_id)
        .mfa_configuration(aws_sdk_cognitoidentityprovider::types::UserPoolMfaType::On)
        .software_token_mfa_configuration(
            aws_sdk_cognitoidentityprovider::types::SoftwareTokenMfaConfigType::builder()
                .enabled(true)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let mut site = web.site();
    assert!(
        site.login("alice", ALICE_PASSWORD)
            .await
            .redirects_to("/challenge")
    );
    let setup = site.get("/challenge").await;
    assert_eq!(setup.status, StatusCode::OK, "{}", setup.body);
    assert!(setup.body.contains("Set up an authenticator app"));
    assert!(setup.body.contains("<svg"), "a QR code");
    let secret = between(&setup.body, "<code id=\"totp-secret\">", "</code>");
    let code = totp(&secret, web.backend.now());
    let page = site
        .post("/challenge", &[("csrf", &setup.csrf()), ("code", &code)])
        .await;
    assert!(page.redirects_to("/details"), "{}", page.body);

    // The next sign-in asks for the app's code; a wrong one is said on the same page.
    let mut again = web.site();
    assert!(
        again
            .login("alice", ALICE_PASSWORD)
            .await
            .redirects_to("/challenge")
    );
    let ask = again.get("/challenge").await;
    assert!(ask.body.contains("Authenticator code"), "{}", ask.body);
    let wrong = again
        .post("/challenge", &[("csrf", &ask.csrf()), ("code", "000000")])
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(wrong.body.contains("The code is wrong"), "{}", wrong.body);
    web.pool.pool.advance_clock(30);
    let code = totp(&secret, web.backend.now());
    let page = again
        .post("/challenge", &[("csrf", &ask.csrf()), ("code", &code)])
        .await;
    assert!(page.redirects_to("/details"), "{}", page.body);
}

fn between(text: &str, start: &str, end: &str) -> String {
    let from = text.find(start).unwrap() + start.len();
    let to = text[from..].find(end).unwrap();
    text[from..from + to].to_string()
}

fn totp(secret: &str, at: time::OffsetDateTime) -> String {
    let bytes = totp_rs::Secret::Encoded(secret.to_string())
        .to_bytes()
        .unwrap();
    let totp = totp_rs::TOTP::new_unchecked(totp_rs::Algorithm::SHA1, 6, 1, 30, bytes);
    totp.generate(at.unix_timestamp() as u64)
}

#[tokio::test]
async fn unknown_pages_are_404_and_pages_are_not_cached() {
    let web = Web::start(UserRules::default()).await;
    let mut site = web.site();
    assert_eq!(site.get("/nope").await.status, StatusCode::NOT_FOUND);
    let page = site.get("/login").await;
    assert_eq!(page.status, StatusCode::OK);
    let header = |name: &str| {
        page.headers
            .get(name)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(header("cache-control"), "no-store");
    assert_eq!(header("x-frame-options"), "DENY");
    assert!(header("content-security-policy").contains("frame-ancestors 'none'"));
}
