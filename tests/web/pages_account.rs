//! The signed-in pages over HTTP: details, profile, password, logout, operators; tokens in the
//! session, refreshed on expiry, and the session ended when Cognito ends the sign-in.

use std::str::FromStr as _;

use axum::http::StatusCode;
use cognito_tui::web::{SqliteSessionStore, UserRules};
use serde_json::Value;
use tower_sessions::SessionStore as _;
use tower_sessions::session::Id;

use crate::harness::{ALICE_PASSWORD, BOB_PASSWORD, SiteClient, Web};

/// The tokens the site keeps in this client's session (server side).
async fn session_tokens(web: &Web, site: &SiteClient) -> Option<Value> {
    let id = Id::from_str(&site.session_id()?).unwrap();
    let store = SqliteSessionStore::new(web.backend.db().clone());
    let record = store.load(&id).await.unwrap()?;
    record.data.get("cognito.tokens").cloned()
}

async fn access_token_works(web: &Web, token: &str) -> bool {
    web.pool
        .user_client()
        .await
        .get_user()
        .access_token(token)
        .send()
        .await
        .is_ok()
}

#[tokio::test]
async fn details_show_local_fields_attributes_groups_and_expiry() {
    let web = Web::start(UserRules::default()).await;
    let mut site = web.site();
    assert!(
        site.get("/details").await.redirects_to("/login"),
        "signed out"
    );
    site.login("alice", ALICE_PASSWORD).await;
    let page = site.get("/details").await;
    assert_eq!(page.status, StatusCode::OK);
    for expected in [
        "Signed in as alice",
        "<th>first_name</th><td>Alice</td>",
        "<th>last_name</th><td>Anderson</td>",
        "<th>custom:team</th><td>platform</td>",
        "<th>email_verified</th><td>true</td>",
        "<p id=\"groups\">admins</p>",
        "expire",
        "(in 59 min)",
    ] {
        assert!(page.body.contains(expected), "{expected} in {}", page.body);
    }
}

#[tokio::test]
async fn tokens_live_in_the_session_and_are_refreshed_on_expiry() {
    let web = Web::start(UserRules::default()).await;
    let mut site = web.site();
    site.login("alice", ALICE_PASSWORD).await;
    let first = session_tokens(&web, &site)
        .await
        .expect("tokens in the session");
    for key in ["id_token", "access_token", "refresh_token"] {
        assert!(first[key].as_str().is_some_and(|t| t.len() > 100), "{key}");
    }
    assert!(access_token_works(&web, first["access_token"].as_str().unwrap()).await);
    // Not yet near expiry: the same tokens serve the next page.
    site.get("/details").await;
    assert_eq!(session_tokens(&web, &site).await.unwrap(), first);

    web.pool.pool.advance_clock(3600);
    let page = site.get("/details").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let renewed = session_tokens(&web, &site).await.unwrap();
    assert_ne!(renewed["access_token"], first["access_token"], "refreshed");
    assert_eq!(
        renewed["refresh_token"], first["refresh_token"],
        "the refresh token kept"
    );
    assert!(renewed["expires_at"].as_i64() > first["expires_at"].as_i64());
    assert!(page.body.contains("(in 59 min)"), "{}", page.body);
}

#[tokio::test]
async fn a_user_disabled_in_cognito_loses_the_session_at_the_next_refresh() {
    let web = Web::start(UserRules::default()).await;
    let mut site = web.site();
    site.login("alice", ALICE_PASSWORD).await;
    web.admin()
        .admin_disable_user()
        .user_pool_id(&web.pool_id)
        .username("alice")
        .send()
        .await
        .unwrap();
    web.pool.pool.advance_clock(3600);
    let page = site.get("/details").await;
    assert!(page.redirects_to("/login"), "{} {}", page.status, page.body);
    let login = site.get("/login").await;
    assert!(
        login.body.contains("Your session has ended"),
        "{}",
        login.body
    );
    assert!(
        session_tokens(&web, &site).await.is_none(),
        "the tokens left with the session"
    );
    assert!(site.get("/details").await.redirects_to("/login"));
}

#[tokio::test]
async fn a_global_sign_out_elsewhere_ends_the_session_at_the_next_refresh() {
    let web = Web::start(UserRules::default()).await;
    let mut site = web.site();
    site.login("alice", ALICE_PASSWORD).await;
    let tokens = session_tokens(&web, &site).await.unwrap();
    web.pool
        .user_client()
        .await
        .global_sign_out()
        .access_token(tokens["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    web.pool.pool.advance_clock(3600);
    assert!(site.get("/details").await.redirects_to("/login"));
}

#[tokio::test]
async fn logout_signs_out_in_cognito_and_flushes_the_session() {
    let web = Web::start(UserRules::default()).await;
    let mut site = web.site();
    site.login("alice", ALICE_PASSWORD).await;
    let mut second = web.site();
    second.login("alice", ALICE_PASSWORD).await;
    let tokens = session_tokens(&web, &site).await.unwrap();
    let old_session = site.session_id().unwrap();

    let out = site.submit("/details", "/logout", &[]).await;
    assert!(out.redirects_to("/login"), "{}", out.body);
    let login = site.get("/login").await;
    assert!(
        login.body.contains("Signed out, here and in Cognito"),
        "{}",
        login.body
    );
    assert!(site.get("/details").await.redirects_to("/login"));
    // The old session is gone from the store, and its tokens are revoked in Cognito.
    let store = SqliteSessionStore::new(web.backend.db().clone());
    assert!(
        store
            .load(&Id::from_str(&old_session).unwrap())
            .await
            .unwrap()
            .is_none()
    );
    assert!(!access_token_works(&web, tokens["access_token"].as_str().unwrap()).await);
    let refreshed = web
        .pool
        .user_client()
        .await
        .initiate_auth()
        .client_id(&web.client_id)
        .auth_flow(aws_sdk_cognitoidentityprovider::types::AuthFlowType::RefreshTokenAuth)
        .auth_parameters("REFRESH_TOKEN", tokens["refresh_token"].as_str().unwrap())
        .send()
        .await;
    assert!(refreshed.is_err(), "the refresh token is revoked");
    // The user's other web session ended too.
    assert!(second.get("/details").await.redirects_to("/login"));
}

#[tokio::test]
async fn the_profile_page_updates_cognito_through_the_mapping() {
    let web = Web::start(UserRules::default()).await;
    let mut site = web.site();
    site.login("alice", ALICE_PASSWORD).await;
    let form = site.get("/profile").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body.contains("name=\"first_name\" value=\"Alice\""),
        "{}",
        form.body
    );
    assert!(form.body.contains("(given_name)"));
    let saved = site
        .post(
            "/profile",
            &[
                ("csrf", &form.csrf()),
                ("first_name", "Alicia"),
                ("last_name", "Anderson"),
                ("email", "alice@example.com"),
            ],
        )
        .await;
    assert!(saved.redirects_to("/details"), "{}", saved.body);
    assert_eq!(
        web.attribute("alice", "given_name").await.as_deref(),
        Some("Alicia")
    );
    assert_eq!(
        web.attribute("alice", "family_name").await.as_deref(),
        Some("Anderson")
    );
    let details = site.get("/details").await;
    assert!(details.body.contains("Profile saved."));
    assert!(details.body.contains("<th>first_name</th><td>Alicia</td>"));
    assert!(details.body.contains("<th>given_name</th><td>Alicia</td>"));
    // Saving unchanged values writes nothing.
    let again = site
        .submit("/profile", "/profile", &[("first_name", "Alicia")])
        .await;
    assert!(again.redirects_to("/details"));
    assert!(site.get("/details").await.body.contains("Nothing changed."));
}

#[tokio::test]
async fn the_password_page_changes_the_password() {
    let web = Web::start(UserRules::default()).await;
    let mut site = web.site();
    site.login("alice", ALICE_PASSWORD).await;
    assert_eq!(site.get("/password").await.status, StatusCode::OK);
    let new = "Alice-Changed-Pass-2";
    let wrong = site
        .submit(
            "/password",
            "/password",
            &[
                ("current", "Wrong-1-Pass"),
                ("new_password", new),
                ("confirm", new),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(
        wrong.body.contains("The current password is wrong."),
        "{}",
        wrong.body
    );
    let differ = site
        .submit(
            "/password",
            "/password",
            &[
                ("current", ALICE_PASSWORD),
                ("new_password", new),
                ("confirm", "x"),
            ],
        )
        .await;
    assert!(differ.body.contains("The two new passwords differ."));
    let weak = site
        .submit(
            "/password",
            "/password",
            &[
                ("current", ALICE_PASSWORD),
                ("new_password", "weak"),
                ("confirm", "weak"),
            ],
        )
        .await;
    assert!(weak.body.contains("policy"), "{}", weak.body);
    let changed = site
        .submit(
            "/password",
            "/password",
            &[
                ("current", ALICE_PASSWORD),
                ("new_password", new),
                ("confirm", new),
            ],
        )
        .await;
    assert!(changed.redirects_to("/details"), "{}", changed.body);
    assert!(
        site.get("/details")
            .await
            .body
            .contains("Password changed.")
    );
    assert!(
        web.site()
            .login("alice", new)
            .await
            .redirects_to("/details")
    );
    assert_eq!(
        web.site().login("alice", ALICE_PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_operators_page_lists_local_users_for_the_operator_group_only() {
    let web = Web::start(UserRules::default()).await;
    let mut bob = web.site();
    bob.login("bob", BOB_PASSWORD).await;
    let refused = bob.get("/operators").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("members of the Cognito group admins"));
    assert!(
        !bob.get("/details")
            .await
            .body
            .contains("href=\"/operators\"")
    );

    let mut alice = web.site();
    alice.login("alice", ALICE_PASSWORD).await;
    assert!(
        alice
            .get("/details")
            .await
            .body
            .contains("href=\"/operators\"")
    );
    let page = alice.get("/operators").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let bob_user = web.backend.local_users().await.unwrap();
    let bob_row = bob_user.iter().find(|u| u.username == "bob").unwrap();
    for expected in [
        "<td>alice</td>",
        "<td>bob</td>",
        "alice@example.com",
        bob_row.sub.as_deref().unwrap(),
        "2 web session(s) open",
    ] {
        assert!(page.body.contains(expected), "{expected} in {}", page.body);
    }
    // Deactivating bob ends his session at once (an empty status is refused first).
    let path = format!("/operators/{}/status", bob_row.id);
    let empty = alice.submit("/operators", &path, &[("status", " ")]).await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert!(empty.body.contains("A status is 1 to 64 characters."));
    assert_eq!(
        bob.get("/details").await.status,
        StatusCode::OK,
        "bob still in"
    );
    let done = alice
        .submit("/operators", &path, &[("status", "inactive")])
        .await;
    assert!(done.redirects_to("/operators"));
    assert!(
        alice
            .get("/operators")
            .await
            .body
            .contains("is now inactive")
    );
    assert!(bob.get("/details").await.redirects_to("/login"));
    let again = web.site().login("bob", BOB_PASSWORD).await;
    assert!(
        again
            .body
            .contains("This account is inactive on this site.")
    );
}

#[tokio::test]
async fn a_user_deleted_in_cognito_loses_the_session_at_the_next_refresh() {
    let web = Web::start(UserRules::default()).await;
    let mut site = web.site();
    site.login("bob", BOB_PASSWORD).await;
    web.admin()
        .admin_delete_user()
        .user_pool_id(&web.pool_id)
        .username("bob")
        .send()
        .await
        .unwrap();
    // Until the tokens need refreshing the site does not ask Cognito about the session...
    web.pool.pool.advance_clock(3600);
    // ...and then the refresh fails and the session ends.
    assert!(site.get("/details").await.redirects_to("/login"));
    assert!(
        site.get("/login")
            .await
            .body
            .contains("Your session has ended")
    );
}
