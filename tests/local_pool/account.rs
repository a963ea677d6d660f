//! The signed-in user's operations (GetUser, attributes, ChangePassword, sign-out, RevokeToken,
//! DeleteUser, SetUserMFAPreference) through the real SDK over loopback.

use crate::common;

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_cognitoidentityprovider::types::{
    AttributeType, SmsMfaSettingsType, SoftwareTokenMfaSettingsType,
};
use cognito_tui::local_pool::srp_server;
use cognito_tui::local_pool::users::{self, User, UserStatus};
use common::{TestPool, raw_call, standard_pool};
use serde_json::json;

const PASSWORD: &str = "Correct-horse-1";
const CONFIRMED: UserStatus = UserStatus::Confirmed;

fn attr(name: &str, value: &str) -> AttributeType {
    AttributeType::builder()
        .name(name)
        .value(value)
        .build()
        .expect("attribute")
}

/// `"<Exception>: <message>"` of a failed call.
fn failure<T, E: ProvideErrorMetadata, R>(result: Result<T, SdkError<E, R>>) -> String {
    match result {
        Ok(_) => "<succeeded>".into(),
        Err(e) => match e.as_service_error() {
            Some(s) => format!("{}: {}", s.code().unwrap_or(""), s.message().unwrap_or("")),
            None => "<not a service error>".into(),
        },
    }
}

/// The exception name of a failed call.
fn kind<T, E: ProvideErrorMetadata, R>(result: Result<T, SdkError<E, R>>) -> String {
    let text = failure(result);
    text.split(':').next().unwrap_or("").to_string()
}

async fn get_user_failure(client: &Client, token: &str) -> String {
    failure(client.get_user().access_token(token).send().await)
}

/// GetUser's attributes as (name, value) pairs.
async fn attributes_of(client: &Client, token: &str) -> Vec<(String, String)> {
    let out = client.get_user().access_token(token).send().await;
    out.expect("GetUser")
        .user_attributes()
        .iter()
        .map(|a| (a.name().to_string(), a.value().unwrap_or("").to_string()))
        .collect()
}

fn value<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    let found = attrs.iter().find(|(n, _)| n == name);
    found.map(|(_, v)| v.as_str())
}

/// The stored user, read directly.
fn stored(pool: &TestPool, pool_id: &str, username: &str) -> Option<User> {
    let db = &pool.pool.state().db;
    db.read(|tx| users::get_by_key(tx, pool_id, &username.to_lowercase()))
        .expect("read user")
}

fn edit_user(pool: &TestPool, pool_id: &str, username: &str, edit: impl FnOnce(&mut User)) {
    let mut user = stored(pool, pool_id, username).expect("user exists");
    edit(&mut user);
    let db = &pool.pool.state().db;
    db.write(|tx| users::update(tx, &user))
        .expect("update user");
}

async fn update(client: &Client, token: &str, attrs: &[(&str, &str)]) -> Result<usize, String> {
    let mut call = client.update_user_attributes().access_token(token);
    for (name, value) in attrs {
        call = call.user_attributes(attr(name, value));
    }
    match call.send().await {
        Ok(out) => Ok(out.code_delivery_details_list().len()),
        Err(e) => Err(failure::<(), _, _>(Err(e))),
    }
}

async fn verify(client: &Client, token: &str, name: &str, code: &str) -> String {
    let call = client.verify_user_attribute().access_token(token);
    failure(call.attribute_name(name).code(code).send().await)
}

async fn delete_attrs(client: &Client, token: &str, names: &[&str]) -> String {
    let mut call = client.delete_user_attributes().access_token(token);
    for name in names {
        call = call.user_attribute_names(*name);
    }
    failure(call.send().await)
}

#[tokio::test]
async fn get_user_returns_profile_and_refuses_bad_tokens() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = standard_pool(&pool);
    let attrs = [("email", "ann@example.com"), ("email_verified", "true")];
    let seeded = pool.seed_user(&pool_id, "Ann", PASSWORD, &attrs, CONFIRMED);
    let tokens = pool.tokens_for(&pool_id, &client_id, "ann");
    let client = pool.user_client().await;

    let out = client.get_user().access_token(&tokens.access).send().await;
    let out = out.expect("GetUser");
    assert_eq!(out.username(), "Ann");
    assert!(out.user_mfa_setting_list().is_empty());
    assert!(out.preferred_mfa_setting().is_none());
    let attrs = attributes_of(&client, &tokens.access).await;
    assert_eq!(value(&attrs, "sub"), Some(seeded.sub.as_str()));
    assert_eq!(value(&attrs, "email"), Some("ann@example.com"));
    assert_eq!(value(&attrs, "email_verified"), Some("true"));

    // A tampered signature, an ID token, garbage: all NotAuthorized.
    let mut tampered = tokens.access.clone();
    let last = if tampered.ends_with('A') { "B" } else { "A" };
    tampered.replace_range(tampered.len() - 1.., last);
    for bad in [tampered.as_str(), tokens.id.as_str(), "not-a-token"] {
        let err = get_user_failure(&client, bad).await;
        assert!(err.starts_with("NotAuthorizedException: "), "{err}");
    }

    // Missing AccessToken: a validation error naming the member.
    let (status, _, body) = raw_call(pool.url(), "GetUser", "{}", false).await;
    assert_eq!(status, 400);
    assert_eq!(body["__type"], "InvalidParameterException");
    assert!(
        body["message"]
            .as_str()
            .unwrap_or("")
            .contains("accessToken")
    );

    edit_user(&pool, &pool_id, "ann", |u| u.enabled = false);
    let err = get_user_failure(&client, &tokens.access).await;
    assert_eq!(err, "NotAuthorizedException: User is disabled.");
    edit_user(&pool, &pool_id, "ann", |u| u.enabled = true);

    pool.pool.advance_clock(3601);
    let err = get_user_failure(&client, &tokens.access).await;
    assert_eq!(err, "NotAuthorizedException: Access Token has expired");
}

#[tokio::test]
async fn email_change_is_verified_with_the_code_sent() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = standard_pool(&pool);
    let attrs = [("email", "bob@example.com"), ("email_verified", "true")];
    pool.seed_user(&pool_id, "bob", PASSWORD, &attrs, CONFIRMED);
    let token = pool.tokens_for(&pool_id, &client_id, "bob").access;
    let client = pool.user_client().await;

    let out = client
        .update_user_attributes()
        .access_token(&token)
        .user_attributes(attr("email", "Bob.New@Example.com"))
        .user_attributes(attr("name", "Bob"))
        .send()
        .await
        .expect("UpdateUserAttributes");
    let list = out.code_delivery_details_list();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].attribute_name(), Some("email"));
    assert_eq!(list[0].delivery_medium().map(|m| m.as_str()), Some("EMAIL"));
    let attrs = attributes_of(&client, &token).await;
    assert_eq!(value(&attrs, "email"), Some("bob.new@example.com"));
    assert_eq!(value(&attrs, "email_verified"), Some("false"));
    assert_eq!(value(&attrs, "name"), Some("Bob"));
    let outbox = pool.outbox().await;
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0]["destination"], "bob.new@example.com");

    // Unchanged values change nothing and send nothing.
    let sent = update(&client, &token, &[("email", "bob.new@example.com")]).await;
    assert_eq!(sent, Ok(0));
    assert_eq!(pool.outbox().await.len(), 1);

    let code = pool.last_code("bob").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let err = verify(&client, &token, "email", wrong).await;
    assert!(err.starts_with("CodeMismatchException"), "{err}");
    let ok = verify(&client, &token, "email", &code).await;
    assert_eq!(ok, "<succeeded>");
    let attrs = attributes_of(&client, &token).await;
    assert_eq!(value(&attrs, "email_verified"), Some("true"));
    // The code was consumed.
    let err = verify(&client, &token, "email", &code).await;
    assert!(err.starts_with("ExpiredCodeException"), "{err}");
}

#[tokio::test]
async fn attribute_writes_are_checked() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = standard_pool(&pool);
    let attrs = [("email", "cy@example.com")];
    pool.seed_user(&pool_id, "cy", PASSWORD, &attrs, CONFIRMED);
    let token = pool.tokens_for(&pool_id, &client_id, "cy").access;
    let client = pool.user_client().await;
    for (name, val, expected) in [
        ("nope", "x", "InvalidParameterException"),
        ("sub", "x", "InvalidParameterException"),
        ("email", "not an email", "InvalidParameterException"),
        ("email_verified", "true", "NotAuthorizedException"),
    ] {
        let err = update(&client, &token, &[(name, val)]).await.unwrap_err();
        assert!(err.starts_with(expected), "{name}={val}: {err}");
    }
    // The refused calls wrote nothing.
    let attrs = attributes_of(&client, &token).await;
    assert_eq!(value(&attrs, "email"), Some("cy@example.com"));
}

#[tokio::test]
async fn client_read_and_write_attributes_limit_the_user() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.seed_pool(
        json!({"SchemaAttributes": [{"Name": "team", "AttributeDataType": "String"}]}),
        json!({"ReadAttributes": ["email", "custom:team"], "WriteAttributes": ["name"]}),
    );
    let attrs = [
        ("email", "dee@example.com"),
        ("name", "Dee"),
        ("custom:team", "red"),
    ];
    pool.seed_user(&pool_id, "dee", PASSWORD, &attrs, CONFIRMED);
    let token = pool.tokens_for(&pool_id, &client_id, "dee").access;
    let client = pool.user_client().await;
    let attrs = attributes_of(&client, &token).await;
    let mut names: Vec<&str> = attrs.iter().map(|(n, _)| n.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["custom:team", "email", "sub"]);

    let err = update(&client, &token, &[("email", "dee2@example.com")]).await;
    assert!(err.unwrap_err().starts_with("NotAuthorizedException"));
    assert_eq!(update(&client, &token, &[("name", "Deirdre")]).await, Ok(0));
    let err = delete_attrs(&client, &token, &["email"]).await;
    assert!(err.starts_with("NotAuthorizedException"), "{err}");
    let user = stored(&pool, &pool_id, "dee").expect("user");
    assert_eq!(user.attribute("name"), Some("Deirdre"));
    assert_eq!(user.attribute("email"), Some("dee@example.com"));
}

#[tokio::test]
async fn verified_aliases_stay_unique() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.seed_pool(json!({"AliasAttributes": ["email"]}), json!({}));
    let attrs = [("email", "shared@example.com"), ("email_verified", "true")];
    pool.seed_user(&pool_id, "owner", PASSWORD, &attrs, CONFIRMED);
    let attrs = [("email", "mine@example.com")];
    pool.seed_user(&pool_id, "other", PASSWORD, &attrs, CONFIRMED);
    let token = pool.tokens_for(&pool_id, &client_id, "other").access;
    let client = pool.user_client().await;
    let err = update(&client, &token, &[("email", "shared@example.com")]).await;
    assert!(err.unwrap_err().starts_with("AliasExistsException"));

    // The same address arrives another way (unverified): verifying it is refused.
    edit_user(&pool, &pool_id, "other", |u| {
        let email = "shared@example.com".to_string();
        u.attributes.insert("email".into(), email);
    });
    let out = client
        .get_user_attribute_verification_code()
        .access_token(&token)
        .attribute_name("email")
        .send()
        .await
        .expect("code sent");
    let details = out.code_delivery_details().expect("details");
    assert_eq!(details.attribute_name(), Some("email"));
    assert_ne!(details.destination(), Some("shared@example.com"), "masked");
    let code = pool.last_code("other").await;
    let err = verify(&client, &token, "email", &code).await;
    assert!(err.starts_with("AliasExistsException"), "{err}");
    let user = stored(&pool, &pool_id, "other").expect("user");
    assert!(!user.is_verified("email"));
}

#[tokio::test]
async fn verification_codes_need_a_verifiable_attribute() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = standard_pool(&pool);
    let attrs = [("email", "eve@example.com")];
    pool.seed_user(&pool_id, "eve", PASSWORD, &attrs, CONFIRMED);
    let token = pool.tokens_for(&pool_id, &client_id, "eve").access;
    let client = pool.user_client().await;
    for name in ["phone_number", "name"] {
        let call = client.get_user_attribute_verification_code();
        let result = call.access_token(&token).attribute_name(name).send().await;
        assert_eq!(kind(result), "InvalidParameterException", "{name}");
    }
    let err = verify(&client, &token, "email", "123456").await;
    assert!(
        err.starts_with("ExpiredCodeException"),
        "no code was sent: {err}"
    );
}

#[tokio::test]
async fn delete_user_attributes_removes_values_and_flags() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.seed_pool(
        json!({"SchemaAttributes": [{"Name": "name", "AttributeDataType": "String", "Required": true}]}),
        json!({}),
    );
    let attrs = [
        ("email", "fay@example.com"),
        ("email_verified", "true"),
        ("name", "Fay"),
        ("locale", "fr"),
    ];
    pool.seed_user(&pool_id, "fay", PASSWORD, &attrs, CONFIRMED);
    let token = pool.tokens_for(&pool_id, &client_id, "fay").access;
    let client = pool.user_client().await;
    for (name, expected) in [
        ("nope", "InvalidParameterException"),
        ("name", "InvalidParameterException"),
        ("sub", "InvalidParameterException"),
        ("email_verified", "NotAuthorizedException"),
    ] {
        let err = delete_attrs(&client, &token, &[name]).await;
        assert!(err.starts_with(expected), "{name}: {err}");
    }
    let ok = delete_attrs(&client, &token, &["email", "locale"]).await;
    assert_eq!(ok, "<succeeded>");
    let attrs = attributes_of(&client, &token).await;
    assert_eq!(value(&attrs, "email"), None);
    assert_eq!(value(&attrs, "email_verified"), None);
    assert_eq!(value(&attrs, "locale"), None);
    assert_eq!(value(&attrs, "name"), Some("Fay"));
}

async fn change(client: &Client, token: &str, old: &str, new: &str) -> String {
    let call = client.change_password().access_token(token);
    let call = call.previous_password(old).proposed_password(new);
    failure(call.send().await)
}

#[tokio::test]
async fn change_password_checks_the_old_one_and_locks_out() {
    const LOCKED: &str = "NotAuthorizedException: Password attempts exceeded";
    let pool = TestPool::start().await;
    let (pool_id, client_id) = standard_pool(&pool);
    pool.seed_user(&pool_id, "gus", PASSWORD, &[], CONFIRMED);
    let token = pool.tokens_for(&pool_id, &client_id, "gus").access;
    let client = pool.user_client().await;
    let srp_name = pool_id.split_once('_').map_or("", |(_, n)| n);

    let err = change(&client, &token, PASSWORD, "short").await;
    assert!(err.starts_with("InvalidPasswordException: "), "{err}");
    let ok = change(&client, &token, PASSWORD, "Battery-staple-2").await;
    assert_eq!(ok, "<succeeded>");
    let user = stored(&pool, &pool_id, "gus").expect("user");
    let matches = |p| srp_server::password_matches(&user.verifier, srp_name, "gus", p);
    assert!(matches("Battery-staple-2"));
    assert!(!matches(PASSWORD));

    // Five wrong passwords lock. The lock doubles with each further failure, so a slow
    // machine still sees it within a few calls.
    for _ in 0..5 {
        let err = change(&client, &token, "Wrong-pass-9", "Other-pass-3").await;
        assert_eq!(
            err,
            "NotAuthorizedException: Incorrect username or password."
        );
    }
    let mut locked = false;
    for _ in 0..8 {
        if change(&client, &token, "Wrong-pass-9", "Other-pass-3").await == LOCKED {
            locked = true;
            break;
        }
    }
    assert!(locked, "never locked");
    assert!(
        stored(&pool, &pool_id, "gus")
            .expect("user")
            .failed_attempts
            >= 5
    );

    // While locked even the right password is refused; the lock passes with time.
    let until = pool.pool.state().now() + 600;
    edit_user(&pool, &pool_id, "gus", |u| u.locked_until = until);
    let err = change(&client, &token, "Battery-staple-2", "Other-pass-3").await;
    assert_eq!(err, LOCKED);
    pool.pool.advance_clock(601);
    let ok = change(&client, &token, "Battery-staple-2", "Other-pass-3").await;
    assert_eq!(ok, "<succeeded>");
    assert_eq!(
        stored(&pool, &pool_id, "gus")
            .expect("user")
            .failed_attempts,
        0
    );
}

#[tokio::test]
async fn global_sign_out_revokes_every_token() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = standard_pool(&pool);
    pool.seed_user(&pool_id, "hal", PASSWORD, &[], CONFIRMED);
    let first = pool.tokens_for(&pool_id, &client_id, "hal").access;
    let second = pool.tokens_for(&pool_id, &client_id, "hal").access;
    let client = pool.user_client().await;
    let signed_out = client.global_sign_out().access_token(&first).send().await;
    signed_out.expect("GlobalSignOut");
    for token in [&first, &second] {
        let err = get_user_failure(&client, token).await;
        assert_eq!(err, "NotAuthorizedException: Access Token has been revoked");
    }
    let again = client.global_sign_out().access_token(&first).send().await;
    assert_eq!(kind(again), "NotAuthorizedException");
}

#[tokio::test]
async fn revoke_token_revokes_one_sign_in() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = standard_pool(&pool);
    pool.seed_user(&pool_id, "ida", PASSWORD, &[], CONFIRMED);
    let first = pool.tokens_for(&pool_id, &client_id, "ida");
    let second = pool.tokens_for(&pool_id, &client_id, "ida");
    let client = pool.user_client().await;
    let revoke = |client_id: &str, token: &str| {
        client
            .revoke_token()
            .client_id(client_id)
            .token(token)
            .send()
    };

    let jwt = revoke(&client_id, &first.access).await;
    assert_eq!(kind(jwt), "UnsupportedTokenTypeException");
    let unknown_client = revoke("nosuchclient", &first.refresh).await;
    assert_eq!(kind(unknown_client), "UnauthorizedException");

    revoke(&client_id, &first.refresh)
        .await
        .expect("RevokeToken");
    let err = get_user_failure(&client, &first.access).await;
    assert_eq!(err, "NotAuthorizedException: Access Token has been revoked");
    let other = client.get_user().access_token(&second.access).send().await;
    other.expect("the other sign-in still works");
    // Unknown refresh tokens succeed silently, as in Cognito.
    let unknown = revoke(&client_id, "unknown-refresh-token").await;
    unknown.expect("unknown token");
}

#[tokio::test]
async fn revoke_token_checks_the_client() {
    let pool = TestPool::start().await;
    let secret = "s3cr3tvalue0123456789abcdefghij";
    let (pool_id, client_id) = pool.seed_pool_with_secret(json!({}), json!({}), Some(secret));
    pool.seed_user(&pool_id, "jo", PASSWORD, &[], CONFIRMED);
    let tokens = pool.tokens_for(&pool_id, &client_id, "jo");
    let client = pool.user_client().await;
    for given in [None, Some("wrongsecret0123456789abcdefgh")] {
        let call = client.revoke_token().client_id(&client_id);
        let call = call.set_client_secret(given.map(str::to_string));
        let result = call.token(&tokens.refresh).send().await;
        assert_eq!(kind(result), "UnauthorizedException", "{given:?}");
    }
    assert_eq!(
        get_user_failure(&client, &tokens.access).await,
        "<succeeded>"
    );
    let call = client
        .revoke_token()
        .client_id(&client_id)
        .client_secret(secret);
    call.token(&tokens.refresh)
        .send()
        .await
        .expect("RevokeToken");
    let err = get_user_failure(&client, &tokens.access).await;
    assert!(err.starts_with("NotAuthorizedException"), "{err}");

    let (pool_id, client_id) = pool.seed_pool(json!({}), json!({"EnableTokenRevocation": false}));
    pool.seed_user(&pool_id, "jo", PASSWORD, &[], CONFIRMED);
    let tokens = pool.tokens_for(&pool_id, &client_id, "jo");
    let call = client.revoke_token().client_id(&client_id);
    let result = call.token(&tokens.refresh).send().await;
    assert_eq!(kind(result), "UnsupportedOperationException");
}

#[tokio::test]
async fn delete_user_removes_the_account() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = standard_pool(&pool);
    let attrs = [("email", "kit@example.com")];
    pool.seed_user(&pool_id, "kit", PASSWORD, &attrs, CONFIRMED);
    let token = pool.tokens_for(&pool_id, &client_id, "kit").access;
    let client = pool.user_client().await;
    let deleted = client.delete_user().access_token(&token).send().await;
    deleted.expect("DeleteUser");
    assert!(stored(&pool, &pool_id, "kit").is_none());
    let err = get_user_failure(&client, &token).await;
    assert!(err.starts_with("NotAuthorizedException"), "{err}");
    let again = client.delete_user().access_token(&token).send().await;
    assert_eq!(kind(again), "NotAuthorizedException");
}

#[tokio::test]
async fn mfa_preferences_need_the_factor() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.seed_pool(json!({"MfaConfiguration": "OPTIONAL"}), json!({}));
    pool.seed_user(&pool_id, "lee", PASSWORD, &[], CONFIRMED);
    let phone = [
        ("phone_number", "+14325551212"),
        ("phone_number_verified", "true"),
    ];
    pool.seed_user(&pool_id, "max", PASSWORD, &phone, CONFIRMED);
    let lee = pool.tokens_for(&pool_id, &client_id, "lee").access;
    let max = pool.tokens_for(&pool_id, &client_id, "max").access;
    let client = pool.user_client().await;
    let sms = SmsMfaSettingsType::builder()
        .enabled(true)
        .preferred_mfa(true)
        .build();
    let totp = SoftwareTokenMfaSettingsType::builder()
        .enabled(true)
        .build();

    let call = client.set_user_mfa_preference().access_token(&lee);
    let no_phone = call.sms_mfa_settings(sms.clone()).send().await;
    assert_eq!(kind(no_phone), "InvalidParameterException");
    let call = client.set_user_mfa_preference().access_token(&lee);
    let no_secret = call.software_token_mfa_settings(totp).send().await;
    assert_eq!(kind(no_secret), "InvalidParameterException");

    let call = client.set_user_mfa_preference().access_token(&max);
    call.sms_mfa_settings(sms).send().await.expect("SMS MFA");
    let out = client.get_user().access_token(&max).send().await;
    let out = out.expect("GetUser");
    assert_eq!(out.user_mfa_setting_list(), ["SMS_MFA"]);
    assert_eq!(out.preferred_mfa_setting(), Some("SMS_MFA"));
    assert!(
        stored(&pool, &pool_id, "max")
            .expect("user")
            .sms_mfa_enabled
    );
}
