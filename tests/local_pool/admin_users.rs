//! Administrator user operations of the local pool through the real SDK over loopback:
//! ListUsers, AdminGetUser/CreateUser/DeleteUser/EnableUser/DisableUser, passwords,
//! attributes, global sign-out and MFA preferences.

use crate::common;

use std::collections::BTreeMap;

use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::types::{
    AttributeType, DeliveryMediumType, MessageActionType, SmsMfaSettingsType, UserStatusType,
};
use cognito_tui::local_pool::error::ApiError;
use cognito_tui::local_pool::pools;
use cognito_tui::local_pool::srp_server;
use cognito_tui::local_pool::tokens;
use cognito_tui::local_pool::users::{self, User, UserStatus};
use common::{TestPool, error_name, standard_pool};
use serde_json::json;

const PASSWORD: &str = "Correct-Horse-1";

fn attr(name: &str, value: &str) -> AttributeType {
    AttributeType::builder()
        .name(name)
        .value(value)
        .build()
        .expect("attribute")
}

fn attrs_of(list: &[AttributeType]) -> BTreeMap<String, String> {
    list.iter()
        .map(|a| {
            (
                a.name().to_string(),
                a.value().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn message<E: ProvideErrorMetadata, R>(
    err: &aws_sdk_cognitoidentityprovider::error::SdkError<E, R>,
) -> String {
    err.as_service_error()
        .and_then(|e| e.message())
        .unwrap_or_default()
        .to_string()
}

/// Like `standard_pool`, with a `custom:team` attribute. (`standard_pool` passes its schema
/// as `Schema`, which the stored settings keep as an unknown member: it has no custom:team.)
fn team_pool(pool: &TestPool) -> String {
    pool.seed_pool(
        json!({
            "AutoVerifiedAttributes": ["email"],
            "UsernameConfiguration": {"CaseSensitive": false},
            "SchemaAttributes": [{"Name": "team", "AttributeDataType": "String", "Mutable": true}],
        }),
        json!({}),
    )
    .0
}

/// The stored user, read in-process.
fn stored(pool: &TestPool, pool_id: &str, username: &str) -> Option<User> {
    let state = pool.pool.state();
    state
        .db
        .read(|tx| {
            let p = pools::get_pool(tx, pool_id)?;
            users::find(tx, &p, username)
        })
        .expect("read")
}

/// `tokens::authenticate` in-process, as GetUser would.
fn authenticate(pool: &TestPool, access: &str) -> Result<String, ApiError> {
    let state = pool.pool.state();
    state.db.read(|tx| {
        tokens::authenticate(tx, &state.keys, access, state.now()).map(|c| c.user.username)
    })
}

fn password_matches(pool_id: &str, user: &User, password: &str) -> bool {
    let srp_name = pool_id.split_once('_').map_or(pool_id, |(_, n)| n);
    srp_server::password_matches(&user.verifier, srp_name, &user.username, password)
}

async fn outbox_for(pool: &TestPool, username: &str) -> Vec<serde_json::Value> {
    pool.outbox()
        .await
        .into_iter()
        .filter(|m| m["username"] == username)
        .collect()
}

#[tokio::test]
async fn admin_get_user_and_errors() {
    let pool = TestPool::start().await;
    let (pool_id, _) = standard_pool(&pool);
    let seeded = pool.seed_user(
        &pool_id,
        "Alice",
        PASSWORD,
        &[("email", "alice@example.com"), ("email_verified", "true")],
        UserStatus::Confirmed,
    );
    let admin = pool.admin_client();
    // Case-insensitive pool: any case finds her; the sub and the verified alias do not need to.
    for name in ["alice", "ALICE", seeded.sub.as_str()] {
        let out = admin
            .admin_get_user()
            .user_pool_id(&pool_id)
            .username(name)
            .send()
            .await
            .expect("AdminGetUser");
        assert_eq!(out.username(), "Alice");
        assert!(out.enabled());
        assert_eq!(out.user_status(), Some(&UserStatusType::Confirmed));
        let attrs = attrs_of(out.user_attributes());
        assert_eq!(attrs["email"], "alice@example.com");
        assert_eq!(attrs["sub"], seeded.sub);
        assert!(out.user_create_date().is_some() && out.user_last_modified_date().is_some());
        assert!(out.user_mfa_setting_list().is_empty());
    }
    let err = admin
        .admin_get_user()
        .user_pool_id(&pool_id)
        .username("nobody")
        .send()
        .await
        .expect_err("unknown user");
    assert_eq!(error_name(&err), "UserNotFoundException");
    assert_eq!(message(&err), "User does not exist.");
    let err = admin
        .admin_get_user()
        .user_pool_id("us-east-1_Missing")
        .username("alice")
        .send()
        .await
        .expect_err("unknown pool");
    assert_eq!(error_name(&err), "ResourceNotFoundException");

    // Admin operations must be signed.
    let (status, _, body) = common::raw_call(
        pool.url(),
        "AdminGetUser",
        &json!({"UserPoolId": pool_id, "Username": "alice"}).to_string(),
        false,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["__type"], "MissingAuthenticationTokenException");
}

/// (username, attributes, status) of a seeded user.
type Spec = (
    &'static str,
    &'static [(&'static str, &'static str)],
    UserStatus,
);

/// Seven users with varied attributes and states.
fn seed_listing(pool: &TestPool, pool_id: &str) -> Vec<User> {
    let specs: [Spec; 7] = [
        (
            "ann",
            &[("email", "ann@example.com"), ("given_name", "Ann")],
            UserStatus::Confirmed,
        ),
        (
            "anna",
            &[("email", "Anna@Example.com"), ("given_name", "Anna")],
            UserStatus::Unconfirmed,
        ),
        (
            "bob",
            &[("email", "bob@example.org"), ("family_name", "Reddy")],
            UserStatus::Confirmed,
        ),
        (
            "carol",
            &[("phone_number", "+15555550100")],
            UserStatus::ForceChangePassword,
        ),
        (
            "dave",
            &[("email", "dave@example.com"), ("name", "Dave Zoë")],
            UserStatus::ResetRequired,
        ),
        (
            "erin",
            &[("preferred_username", "Queen")],
            UserStatus::Confirmed,
        ),
        ("frank", &[("given_name", "Frank")], UserStatus::Confirmed),
    ];
    specs
        .iter()
        .map(|(name, attrs, status)| pool.seed_user(pool_id, name, PASSWORD, attrs, *status))
        .collect()
}

async fn list(
    admin: &aws_sdk_cognitoidentityprovider::Client,
    pool_id: &str,
    filter: &str,
) -> Vec<String> {
    admin
        .list_users()
        .user_pool_id(pool_id)
        .filter(filter)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{filter}: {e:?}"))
        .users()
        .iter()
        .map(|u| u.username().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn list_users_filters_paging_and_limits() {
    let pool = TestPool::start().await;
    let (pool_id, _) = standard_pool(&pool);
    let seeded = seed_listing(&pool, &pool_id);
    let admin = pool.admin_client();

    // Disable frank, through the API.
    admin
        .admin_disable_user()
        .user_pool_id(&pool_id)
        .username("frank")
        .send()
        .await
        .expect("disable");

    assert_eq!(list(&admin, &pool_id, "").await.len(), 7);
    assert_eq!(
        list(&admin, &pool_id, r#"email = "ANNA@example.com""#).await,
        ["anna"]
    );
    assert_eq!(
        list(&admin, &pool_id, r#"email ^= "ann""#).await,
        ["ann", "anna"]
    );
    assert_eq!(
        list(&admin, &pool_id, r#"email ^= "x""#).await,
        Vec::<String>::new()
    );
    assert_eq!(
        list(&admin, &pool_id, r#"family_name = "Reddy""#).await,
        ["bob"]
    );
    assert_eq!(
        list(&admin, &pool_id, r#"given_name ^= "a""#).await,
        ["ann", "anna"]
    );
    assert_eq!(
        list(&admin, &pool_id, r#"name ^= "dave z""#).await,
        ["dave"]
    );
    assert_eq!(
        list(&admin, &pool_id, r#"phone_number ^= "+1555""#).await,
        ["carol"]
    );
    assert_eq!(
        list(&admin, &pool_id, r#"preferred_username = "queen""#).await,
        ["erin"]
    );
    assert_eq!(
        list(&admin, &pool_id, r#"status = "Disabled""#).await,
        ["frank"]
    );
    assert_eq!(
        list(&admin, &pool_id, r#"status = "Enabled""#).await.len(),
        6
    );
    assert_eq!(
        list(&admin, &pool_id, r#"status = "disabled""#).await.len(),
        0
    );
    assert_eq!(
        list(&admin, &pool_id, r#"cognito:user_status = "unconfirmed""#).await,
        ["anna"]
    );
    assert_eq!(
        list(&admin, &pool_id, r#"cognito:user_status = "CONFIRMED""#).await,
        ["ann", "bob", "erin", "frank"]
    );
    assert_eq!(
        list(&admin, &pool_id, r#"cognito:user_status ^= "FORCE""#).await,
        ["carol"]
    );
    let sub = &seeded[4].sub;
    assert_eq!(
        list(&admin, &pool_id, &format!("sub = \"{sub}\"")).await,
        ["dave"]
    );
    let sub_prefix: Vec<String> =
        list(&admin, &pool_id, &format!("sub ^= \"{}\"", &sub[..8])).await;
    assert!(sub_prefix.contains(&"dave".to_string()));
    assert_eq!(list(&admin, &pool_id, r#"username = "BOB""#).await, ["bob"]);
    assert_eq!(
        list(&admin, &pool_id, r#"username ^= "an""#).await,
        ["ann", "anna"]
    );

    // AttributesToGet.
    let out = admin
        .list_users()
        .user_pool_id(&pool_id)
        .filter(r#"username = "ann""#)
        .attributes_to_get("email")
        .send()
        .await
        .expect("AttributesToGet");
    let user = &out.users()[0];
    assert_eq!(
        attrs_of(user.attributes()).keys().collect::<Vec<_>>(),
        ["email"]
    );
    assert_eq!(user.user_status(), Some(&UserStatusType::Confirmed));
    assert!(user.enabled());
    let err = admin
        .list_users()
        .user_pool_id(&pool_id)
        .attributes_to_get("no_such_attribute")
        .send()
        .await
        .expect_err("unknown attribute");
    assert_eq!(error_name(&err), "InvalidParameterException");

    // Paging to the end, 3 at a time.
    let mut names = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let out = admin
            .list_users()
            .user_pool_id(&pool_id)
            .limit(3)
            .set_pagination_token(token.clone())
            .send()
            .await
            .expect("page");
        pages += 1;
        assert!(out.users().len() <= 3);
        names.extend(
            out.users()
                .iter()
                .map(|u| u.username().unwrap_or_default().to_string()),
        );
        match out.pagination_token() {
            Some(t) => token = Some(t.to_string()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(
        names,
        ["ann", "anna", "bob", "carol", "dave", "erin", "frank"]
    );
    // An exact page has no token.
    let out = admin
        .list_users()
        .user_pool_id(&pool_id)
        .limit(7)
        .send()
        .await
        .expect("exact page");
    assert_eq!(out.users().len(), 7);
    assert!(out.pagination_token().is_none());

    // Refusals.
    for limit in [61, 0] {
        let err = admin
            .list_users()
            .user_pool_id(&pool_id)
            .limit(limit)
            .send()
            .await
            .expect_err("limit");
        assert_eq!(error_name(&err), "InvalidParameterException");
        assert!(message(&err).contains("'limit'"), "{}", message(&err));
    }
    let err = admin
        .list_users()
        .user_pool_id(&pool_id)
        .filter("email = unquoted")
        .send()
        .await
        .expect_err("bad filter");
    assert_eq!(error_name(&err), "InvalidParameterException");
    assert!(
        message(&err).starts_with("Error while parsing filter."),
        "{}",
        message(&err)
    );
    let err = admin
        .list_users()
        .user_pool_id(&pool_id)
        .pagination_token("not a token")
        .send()
        .await
        .expect_err("bad token");
    assert_eq!(error_name(&err), "InvalidParameterException");
    let err = admin
        .list_users()
        .user_pool_id("us-east-1_Missing")
        .send()
        .await
        .expect_err("unknown pool");
    assert_eq!(error_name(&err), "ResourceNotFoundException");
}

#[tokio::test]
async fn admin_create_user_given_generated_suppressed_and_resent() {
    let pool = TestPool::start().await;
    let pool_id = team_pool(&pool);
    let admin = pool.admin_client();

    // A given temporary password.
    let out = admin
        .admin_create_user()
        .user_pool_id(&pool_id)
        .username("Grace")
        .temporary_password("Temp-Pass-123")
        .user_attributes(attr("email", "Grace@Example.com"))
        .user_attributes(attr("custom:team", "blue"))
        .send()
        .await
        .expect("AdminCreateUser");
    let user = out.user().expect("User");
    assert_eq!(user.username(), Some("Grace"));
    assert_eq!(
        user.user_status(),
        Some(&UserStatusType::ForceChangePassword)
    );
    assert!(user.enabled());
    let attrs = attrs_of(user.attributes());
    assert_eq!(attrs["email"], "grace@example.com");
    assert_eq!(attrs["custom:team"], "blue");
    assert!(attrs.contains_key("sub"));
    let mail = outbox_for(&pool, "Grace").await;
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0]["kind"], "invitation");
    assert_eq!(mail[0]["delivery"], "EMAIL");
    assert_eq!(mail[0]["destination"], "grace@example.com");
    assert_eq!(mail[0]["code"], "Temp-Pass-123");
    assert_eq!(
        mail[0]["message"],
        "Your username is Grace and temporary password is Temp-Pass-123."
    );
    let stored_user = stored(&pool, &pool_id, "grace").expect("stored");
    assert!(password_matches(&pool_id, &stored_user, "Temp-Pass-123"));
    // Created a moment ago: within the last few seconds of the pool's clock.
    let now = pool.pool.state().now();
    let expires = stored_user
        .temp_password_expires
        .expect("a temporary password expiry");
    assert!(
        (now - 5 + 7 * 86_400..=now + 7 * 86_400).contains(&expires),
        "expires {expires}, now {now}"
    );

    // Duplicate (any case in a case-insensitive pool).
    let err = admin
        .admin_create_user()
        .user_pool_id(&pool_id)
        .username("GRACE")
        .send()
        .await
        .expect_err("duplicate");
    assert_eq!(error_name(&err), "UsernameExistsException");
    assert_eq!(message(&err), "User account already exists");

    // RESEND: a new temporary password replaces the old one and is sent.
    admin
        .admin_create_user()
        .user_pool_id(&pool_id)
        .username("grace")
        .message_action(MessageActionType::Resend)
        .send()
        .await
        .expect("RESEND");
    let mail = outbox_for(&pool, "Grace").await;
    assert_eq!(mail.len(), 2);
    let resent = mail[1]["code"].as_str().expect("code").to_string();
    assert_ne!(resent, "Temp-Pass-123");
    let stored_user = stored(&pool, &pool_id, "grace").expect("stored");
    assert!(password_matches(&pool_id, &stored_user, &resent));
    assert!(!password_matches(&pool_id, &stored_user, "Temp-Pass-123"));

    // A generated password by SMS, the policy's classes all present.
    admin
        .admin_create_user()
        .user_pool_id(&pool_id)
        .username("heidi")
        .user_attributes(attr("phone_number", "+15555550123"))
        .desired_delivery_mediums(DeliveryMediumType::Sms)
        .send()
        .await
        .expect("generated");
    let mail = outbox_for(&pool, "heidi").await;
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0]["delivery"], "SMS");
    assert_eq!(mail[0]["destination"], "+15555550123");
    let generated = mail[0]["code"].as_str().expect("code");
    assert!(generated.len() >= 12);
    let heidi = stored(&pool, &pool_id, "heidi").expect("stored");
    assert!(password_matches(&pool_id, &heidi, generated));

    // SUPPRESS sends nothing.
    admin
        .admin_create_user()
        .user_pool_id(&pool_id)
        .username("ivan")
        .user_attributes(attr("email", "ivan@example.com"))
        .message_action(MessageActionType::Suppress)
        .send()
        .await
        .expect("SUPPRESS");
    assert!(outbox_for(&pool, "ivan").await.is_empty());

    // RESEND only for users still on a temporary password, and only for existing ones.
    pool.seed_user(&pool_id, "judy", PASSWORD, &[], UserStatus::Confirmed);
    let err = admin
        .admin_create_user()
        .user_pool_id(&pool_id)
        .username("judy")
        .message_action(MessageActionType::Resend)
        .send()
        .await
        .expect_err("RESEND confirmed");
    assert_eq!(error_name(&err), "UnsupportedUserStateException");
    let err = admin
        .admin_create_user()
        .user_pool_id(&pool_id)
        .username("nobody")
        .message_action(MessageActionType::Resend)
        .send()
        .await
        .expect_err("RESEND unknown");
    assert_eq!(error_name(&err), "UserNotFoundException");

    // Policy, attributes and username checks.
    let err = admin
        .admin_create_user()
        .user_pool_id(&pool_id)
        .username("kim")
        .temporary_password("weak")
        .send()
        .await
        .expect_err("weak");
    assert_eq!(error_name(&err), "InvalidPasswordException");
    let err = admin
        .admin_create_user()
        .user_pool_id(&pool_id)
        .username("kim")
        .user_attributes(attr("shoe_size", "9"))
        .send()
        .await
        .expect_err("unknown attribute");
    assert_eq!(error_name(&err), "InvalidParameterException");
    let err = admin
        .admin_create_user()
        .user_pool_id(&pool_id)
        .username("has space")
        .send()
        .await
        .expect_err("space");
    assert_eq!(error_name(&err), "InvalidParameterException");
    assert!(stored(&pool, &pool_id, "kim").is_none());
}

#[tokio::test]
async fn admin_create_user_in_an_email_username_pool() {
    let pool = TestPool::start().await;
    let (pool_id, _) = pool.seed_pool(
        json!({
            "UsernameAttributes": ["email"],
            "UsernameConfiguration": {"CaseSensitive": false},
            "Schema": [{"Name": "email", "AttributeDataType": "String", "Required": true}],
        }),
        json!({}),
    );
    let admin = pool.admin_client();
    let out = admin
        .admin_create_user()
        .user_pool_id(&pool_id)
        .username("Leo@Example.com")
        .send()
        .await
        .expect("create by email");
    let user = out.user().expect("User");
    let internal = user.username().expect("username").to_string();
    assert_eq!(internal.len(), 36, "a UUID: {internal}");
    let attrs = attrs_of(user.attributes());
    assert_eq!(attrs["email"], "leo@example.com");
    assert_eq!(attrs["sub"], internal);
    let mail = outbox_for(&pool, &internal).await;
    assert_eq!(mail.len(), 1);
    assert!(
        mail[0]["message"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Your username is Leo@Example.com and")
    );

    let err = admin
        .admin_create_user()
        .user_pool_id(&pool_id)
        .username("leo@example.com")
        .send()
        .await
        .expect_err("duplicate email");
    assert_eq!(error_name(&err), "UsernameExistsException");
    let err = admin
        .admin_create_user()
        .user_pool_id(&pool_id)
        .username("not-an-email")
        .send()
        .await
        .expect_err("not an email");
    assert_eq!(error_name(&err), "InvalidParameterException");
    assert_eq!(message(&err), "Username should be an email.");
    // RESEND by the email.
    admin
        .admin_create_user()
        .user_pool_id(&pool_id)
        .username("LEO@example.com")
        .message_action(MessageActionType::Resend)
        .send()
        .await
        .expect("RESEND by email");
    assert_eq!(outbox_for(&pool, &internal).await.len(), 2);
}

#[tokio::test]
async fn alias_conflicts_and_force_alias_creation() {
    let pool = TestPool::start().await;
    let (pool_id, _) = pool.seed_pool(
        json!({"AliasAttributes": ["email"], "UsernameConfiguration": {"CaseSensitive": false}}),
        json!({}),
    );
    pool.seed_user(
        &pool_id,
        "mia",
        PASSWORD,
        &[("email", "shared@example.com"), ("email_verified", "true")],
        UserStatus::Confirmed,
    );
    let admin = pool.admin_client();
    let create = |name: &'static str, force: bool| {
        admin
            .admin_create_user()
            .user_pool_id(&pool_id)
            .username(name)
            .user_attributes(attr("email", "shared@example.com"))
            .user_attributes(attr("email_verified", "true"))
            .force_alias_creation(force)
            .message_action(MessageActionType::Suppress)
            .send()
    };
    let err = create("nick", false).await.expect_err("alias taken");
    assert_eq!(error_name(&err), "AliasExistsException");
    // An email-shaped username is refused in an email-alias pool.
    let err = admin
        .admin_create_user()
        .user_pool_id(&pool_id)
        .username("x@example.com")
        .send()
        .await
        .expect_err("email username");
    assert_eq!(error_name(&err), "InvalidParameterException");
    create("nick", true).await.expect("forced");
    let mia = stored(&pool, &pool_id, "mia").expect("mia");
    assert!(!mia.is_verified("email"));
    assert_eq!(
        stored(&pool, &pool_id, "shared@example.com").map(|u| u.username),
        Some("nick".to_string())
    );

    // AdminUpdateUserAttributes refuses a verified alias another user holds.
    pool.seed_user(&pool_id, "olga", PASSWORD, &[], UserStatus::Confirmed);
    let err = admin
        .admin_update_user_attributes()
        .user_pool_id(&pool_id)
        .username("olga")
        .user_attributes(attr("email", "shared@example.com"))
        .user_attributes(attr("email_verified", "true"))
        .send()
        .await
        .expect_err("alias taken");
    assert_eq!(error_name(&err), "AliasExistsException");
}

#[tokio::test]
async fn disable_enable_delete_and_global_sign_out() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = standard_pool(&pool);
    pool.seed_user(&pool_id, "pat", PASSWORD, &[], UserStatus::Confirmed);
    let admin = pool.admin_client();
    let tokens = pool.tokens_for(&pool_id, &client_id, "pat");
    assert_eq!(authenticate(&pool, &tokens.access).expect("valid"), "pat");

    admin
        .admin_disable_user()
        .user_pool_id(&pool_id)
        .username("pat")
        .send()
        .await
        .expect("disable");
    let err = authenticate(&pool, &tokens.access).expect_err("disabled");
    assert_eq!(err.kind, "NotAuthorizedException");
    assert_eq!(err.message, "User is disabled.");
    let got = admin
        .admin_get_user()
        .user_pool_id(&pool_id)
        .username("pat")
        .send()
        .await
        .expect("get");
    assert!(!got.enabled());
    admin
        .admin_enable_user()
        .user_pool_id(&pool_id)
        .username("pat")
        .send()
        .await
        .expect("enable");
    assert!(authenticate(&pool, &tokens.access).is_ok());

    admin
        .admin_user_global_sign_out()
        .user_pool_id(&pool_id)
        .username("pat")
        .send()
        .await
        .expect("sign out");
    let err = authenticate(&pool, &tokens.access).expect_err("revoked");
    assert_eq!(err.message, "Access Token has been revoked");
    // Tokens issued afterwards work.
    let fresh = pool.tokens_for(&pool_id, &client_id, "pat");
    assert!(authenticate(&pool, &fresh.access).is_ok());

    admin
        .admin_delete_user()
        .user_pool_id(&pool_id)
        .username("pat")
        .send()
        .await
        .expect("delete");
    assert!(stored(&pool, &pool_id, "pat").is_none());
    assert!(authenticate(&pool, &fresh.access).is_err());
    for result in [
        admin
            .admin_delete_user()
            .user_pool_id(&pool_id)
            .username("pat")
            .send()
            .await
            .err()
            .map(|e| error_name(&e)),
        admin
            .admin_enable_user()
            .user_pool_id(&pool_id)
            .username("pat")
            .send()
            .await
            .err()
            .map(|e| error_name(&e)),
        admin
            .admin_disable_user()
            .user_pool_id(&pool_id)
            .username("pat")
            .send()
            .await
            .err()
            .map(|e| error_name(&e)),
        admin
            .admin_user_global_sign_out()
            .user_pool_id(&pool_id)
            .username("pat")
            .send()
            .await
            .err()
            .map(|e| error_name(&e)),
    ] {
        assert_eq!(result.as_deref(), Some("UserNotFoundException"));
    }
}

#[tokio::test]
async fn admin_set_user_password_permanent_and_temporary() {
    let pool = TestPool::start().await;
    let (pool_id, _) = standard_pool(&pool);
    pool.seed_user(&pool_id, "quinn", PASSWORD, &[], UserStatus::ResetRequired);
    let state = pool.pool.state().clone();
    // Wrong passwords had locked sign-in: setting a password clears that.
    state
        .db
        .write(|tx| {
            let p = pools::get_pool(tx, &pool_id)?;
            let mut u = users::require(tx, &p, "quinn")?;
            for _ in 0..6 {
                u.note_wrong_password(state.now());
            }
            users::update(tx, &u)
        })
        .expect("lock");
    let admin = pool.admin_client();
    admin
        .admin_set_user_password()
        .user_pool_id(&pool_id)
        .username("quinn")
        .password("Brand-New-Pass-2")
        .permanent(true)
        .send()
        .await
        .expect("permanent");
    let quinn = stored(&pool, &pool_id, "quinn").expect("stored");
    assert_eq!(quinn.status, UserStatus::Confirmed);
    assert!(password_matches(&pool_id, &quinn, "Brand-New-Pass-2"));
    assert!(!password_matches(&pool_id, &quinn, PASSWORD));
    assert!(!quinn.is_locked(state.now()) && quinn.failed_attempts == 0);
    assert_eq!(quinn.temp_password_expires, None);

    // The call may straddle a second boundary: the expiry is 7 days from a moment within it.
    let before = state.now();
    admin
        .admin_set_user_password()
        .user_pool_id(&pool_id)
        .username("quinn")
        .password("Temporary-Pass-3")
        .send()
        .await
        .expect("temporary");
    let after = state.now();
    let quinn = stored(&pool, &pool_id, "quinn").expect("stored");
    assert_eq!(quinn.status, UserStatus::ForceChangePassword);
    assert!(password_matches(&pool_id, &quinn, "Temporary-Pass-3"));
    let expires = quinn
        .temp_password_expires
        .expect("a temporary password expires");
    assert!(
        (before + 7 * 86_400..=after + 7 * 86_400).contains(&expires),
        "{expires} not 7 days after {before}..={after}"
    );

    let err = admin
        .admin_set_user_password()
        .user_pool_id(&pool_id)
        .username("quinn")
        .password("short")
        .permanent(true)
        .send()
        .await
        .expect_err("policy");
    assert_eq!(error_name(&err), "InvalidPasswordException");
    assert!(message(&err).starts_with("Password did not conform with policy"));
    let err = admin
        .admin_set_user_password()
        .user_pool_id(&pool_id)
        .username("nobody")
        .password("Brand-New-Pass-2")
        .send()
        .await
        .expect_err("unknown");
    assert_eq!(error_name(&err), "UserNotFoundException");
}

#[tokio::test]
async fn admin_reset_user_password() {
    let pool = TestPool::start().await;
    let (pool_id, _) = standard_pool(&pool);
    pool.seed_user(
        &pool_id,
        "rita",
        PASSWORD,
        &[("email", "rita@example.com"), ("email_verified", "true")],
        UserStatus::Confirmed,
    );
    pool.seed_user(
        &pool_id,
        "sam",
        PASSWORD,
        &[("email", "sam@example.com"), ("email_verified", "false")],
        UserStatus::Confirmed,
    );
    let admin = pool.admin_client();
    admin
        .admin_reset_user_password()
        .user_pool_id(&pool_id)
        .username("rita")
        .send()
        .await
        .expect("reset");
    assert_eq!(
        stored(&pool, &pool_id, "rita").expect("rita").status,
        UserStatus::ResetRequired
    );
    let mail = outbox_for(&pool, "rita").await;
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0]["kind"], "forgot_password");
    assert_eq!(mail[0]["destination"], "rita@example.com");
    assert_eq!(mail[0]["code"].as_str().map(str::len), Some(6));

    let err = admin
        .admin_reset_user_password()
        .user_pool_id(&pool_id)
        .username("sam")
        .send()
        .await
        .expect_err("nothing verified");
    assert_eq!(error_name(&err), "InvalidParameterException");
    assert_eq!(
        message(&err),
        "Cannot reset password for the user as there is no registered/verified email or phone_number"
    );
    assert_eq!(
        stored(&pool, &pool_id, "sam").expect("sam").status,
        UserStatus::Confirmed
    );
}

#[tokio::test]
async fn admin_update_and_delete_user_attributes() {
    let pool = TestPool::start().await;
    let pool_id = team_pool(&pool);
    pool.seed_user(
        &pool_id,
        "tess",
        PASSWORD,
        &[
            ("email", "tess@example.com"),
            ("email_verified", "true"),
            ("given_name", "Tess"),
        ],
        UserStatus::Confirmed,
    );
    let admin = pool.admin_client();

    // A new email is unverified, and the pool (auto-verifying email) sends a code.
    admin
        .admin_update_user_attributes()
        .user_pool_id(&pool_id)
        .username("tess")
        .user_attributes(attr("email", "tess@new.example.com"))
        .user_attributes(attr("custom:team", "red"))
        .send()
        .await
        .expect("update");
    let tess = stored(&pool, &pool_id, "tess").expect("tess");
    assert_eq!(tess.attribute("email"), Some("tess@new.example.com"));
    assert_eq!(tess.attribute("email_verified"), Some("false"));
    assert_eq!(tess.attribute("custom:team"), Some("red"));
    let mail = outbox_for(&pool, "tess").await;
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0]["kind"], "verify_attribute");
    assert_eq!(mail[0]["destination"], "tess@new.example.com");

    // Marked verified in the same request: no code.
    admin
        .admin_update_user_attributes()
        .user_pool_id(&pool_id)
        .username("tess")
        .user_attributes(attr("email", "tess@third.example.com"))
        .user_attributes(attr("email_verified", "true"))
        .send()
        .await
        .expect("verified update");
    let tess = stored(&pool, &pool_id, "tess").expect("tess");
    assert!(tess.is_verified("email"));
    assert_eq!(outbox_for(&pool, "tess").await.len(), 1);

    for (name, value) in [("sub", "x"), ("no_such", "x"), ("email", "not-an-email")] {
        let err = admin
            .admin_update_user_attributes()
            .user_pool_id(&pool_id)
            .username("tess")
            .user_attributes(attr(name, value))
            .send()
            .await
            .expect_err(name);
        assert_eq!(error_name(&err), "InvalidParameterException", "{name}");
    }

    admin
        .admin_delete_user_attributes()
        .user_pool_id(&pool_id)
        .username("tess")
        .user_attribute_names("given_name")
        .user_attribute_names("email")
        .send()
        .await
        .expect("delete attributes");
    let tess = stored(&pool, &pool_id, "tess").expect("tess");
    assert_eq!(tess.attribute("given_name"), None);
    assert_eq!(tess.attribute("email"), None);
    assert_eq!(tess.attribute("email_verified"), None);
    assert_eq!(tess.attribute("custom:team"), Some("red"));
    for name in ["sub", "no_such"] {
        let err = admin
            .admin_delete_user_attributes()
            .user_pool_id(&pool_id)
            .username("tess")
            .user_attribute_names(name)
            .send()
            .await
            .expect_err(name);
        assert_eq!(error_name(&err), "InvalidParameterException", "{name}");
    }
}

#[tokio::test]
async fn admin_set_user_mfa_preference() {
    let pool = TestPool::start().await;
    let (off_pool, _) = standard_pool(&pool);
    let (mfa_pool, _) = pool.seed_pool(json!({"MfaConfiguration": "OPTIONAL"}), json!({}));
    for pool_id in [&off_pool, &mfa_pool] {
        pool.seed_user(
            pool_id,
            "uma",
            PASSWORD,
            &[
                ("phone_number", "+15555550199"),
                ("phone_number_verified", "true"),
            ],
            UserStatus::Confirmed,
        );
    }
    let admin = pool.admin_client();
    let sms = SmsMfaSettingsType::builder()
        .enabled(true)
        .preferred_mfa(true)
        .build();
    let err = admin
        .admin_set_user_mfa_preference()
        .user_pool_id(&off_pool)
        .username("uma")
        .sms_mfa_settings(sms.clone())
        .send()
        .await
        .expect_err("MFA off");
    assert_eq!(error_name(&err), "InvalidParameterException");
    admin
        .admin_set_user_mfa_preference()
        .user_pool_id(&mfa_pool)
        .username("uma")
        .sms_mfa_settings(sms)
        .send()
        .await
        .expect("prefer SMS");
    let got = admin
        .admin_get_user()
        .user_pool_id(&mfa_pool)
        .username("uma")
        .send()
        .await
        .expect("get");
    assert_eq!(got.user_mfa_setting_list(), ["SMS_MFA"]);
    assert_eq!(got.preferred_mfa_setting(), Some("SMS_MFA"));
    assert_eq!(got.mfa_options().len(), 1);
}

#[tokio::test]
async fn get_csv_header_lists_standard_then_custom_then_cognito_columns() {
    let pool = common::TestPool::start().await;
    let admin = pool.admin_client();
    let (pool_id, _) = common::standard_pool(&pool);
    let out = admin
        .get_csv_header()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    let header = out.csv_header();
    assert_eq!(out.user_pool_id(), Some(pool_id.as_str()));
    assert_eq!(header.first().map(String::as_str), Some("name"));
    assert!(!header.iter().any(|h| h == "sub"));
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert!(at("updated_at") < at("custom:team"));
    assert_eq!(
        &header[header.len() - 2..],
        ["cognito:mfa_enabled", "cognito:username"]
    );
    let missing = admin
        .get_csv_header()
        .user_pool_id("us-east-1_nosuchpool")
        .send()
        .await
        .unwrap_err();
    assert_eq!(common::error_name(&missing), "ResourceNotFoundException");
}
