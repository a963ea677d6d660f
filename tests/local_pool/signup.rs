//! SignUp, ConfirmSignUp, ResendConfirmationCode, AdminConfirmSignUp, ForgotPassword and
//! ConfirmForgotPassword against the local pool with the real SDK over loopback.

use crate::common;

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::types::AttributeType;
use cognito_tui::cognito::secret_hash::secret_hash;
use cognito_tui::local_pool::pools;
use cognito_tui::local_pool::srp_server;
use cognito_tui::local_pool::users::{self, User, UserStatus};
use common::{TestPool, error_name, standard_pool};
use serde_json::json;

const PASSWORD: &str = "Passw0rd!";
const NEW_PASSWORD: &str = "N3w-Passw0rd";

fn attr(name: &str, value: &str) -> AttributeType {
    AttributeType::builder()
        .name(name)
        .value(value)
        .build()
        .unwrap()
}

fn stored(pool: &TestPool, pool_id: &str, name: &str) -> User {
    pool.pool
        .state()
        .db
        .read(|tx| {
            let p = pools::get_pool(tx, pool_id)?;
            users::require(tx, &p, name)
        })
        .unwrap()
}

fn password_is(pool_id: &str, user: &User, password: &str) -> bool {
    let srp_name = pool_id.split_once('_').unwrap().1;
    srp_server::password_matches(&user.verifier, srp_name, &user.username, password)
}

async fn sign_up(
    c: &Client,
    client_id: &str,
    username: &str,
    password: &str,
    email: Option<&str>,
) -> Result<aws_sdk_cognitoidentityprovider::operation::sign_up::SignUpOutput, String> {
    let mut req = c
        .sign_up()
        .client_id(client_id)
        .username(username)
        .password(password);
    if let Some(email) = email {
        req = req.user_attributes(attr("email", email));
    }
    req.send().await.map_err(|e| error_name(&e))
}

/// A second app client of `pool_id` that does not hide user existence (LEGACY), for the
/// answers Cognito gives existing users when nothing is hidden.
async fn open_client(pool: &TestPool, pool_id: &str) -> String {
    pool.admin_client()
        .create_user_pool_client()
        .user_pool_id(pool_id)
        .client_name("open")
        .prevent_user_existence_errors(
            aws_sdk_cognitoidentityprovider::types::PreventUserExistenceErrorTypes::Legacy,
        )
        .send()
        .await
        .expect("client")
        .user_pool_client()
        .and_then(|c| c.client_id())
        .expect("client id")
        .to_string()
}

async fn confirm(c: &Client, client_id: &str, username: &str, code: &str) -> Result<(), String> {
    c.confirm_sign_up()
        .client_id(client_id)
        .username(username)
        .confirmation_code(code)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| error_name(&e))
}

#[tokio::test]
async fn sign_up_then_confirm_with_the_mailed_code() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = standard_pool(&pool);
    let c = pool.user_client().await;

    let out = sign_up(&c, &client_id, "alice", PASSWORD, Some("Alice@Example.com"))
        .await
        .unwrap();
    assert!(!out.user_confirmed());
    let details = out.code_delivery_details().unwrap();
    assert_eq!(details.destination(), Some("a***@e***"));
    assert_eq!(details.delivery_medium().unwrap().as_str(), "EMAIL");
    assert_eq!(details.attribute_name(), Some("email"));
    let user = stored(&pool, &pool_id, "alice");
    assert_eq!(user.status, UserStatus::Unconfirmed);
    assert_eq!(user.sub, out.user_sub());
    assert_eq!(user.attribute("email"), Some("alice@example.com"));
    assert!(!user.is_verified("email"));
    assert!(password_is(&pool_id, &user, PASSWORD));

    let code = pool.last_code("alice").await;
    // Usernames are case-insensitive in this pool.
    confirm(&c, &client_id, "ALICE", &code).await.unwrap();
    let user = stored(&pool, &pool_id, "alice");
    assert_eq!(user.status, UserStatus::Confirmed);
    assert_eq!(user.attribute("email_verified"), Some("true"));

    // Hiding user existence, a confirmed user's "already confirmed" is a wrong code, as for a
    // missing user; an open client says what it is.
    assert_eq!(
        confirm(&c, &client_id, "alice", &code).await,
        Err("CodeMismatchException".into())
    );
    let open = open_client(&pool, &pool_id).await;
    let again = c
        .confirm_sign_up()
        .client_id(&open)
        .username("alice")
        .confirmation_code(&code)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&again), "NotAuthorizedException");
    assert_eq!(
        again.as_service_error().unwrap().meta().message(),
        Some("User cannot be confirmed. Current status is CONFIRMED")
    );
    // A resend: pretended (nothing sent) when hiding, refused by the open client.
    let before = pool.outbox().await.len();
    let resend = |client: String| {
        c.resend_confirmation_code()
            .client_id(client)
            .username("alice")
            .send()
    };
    assert!(resend(client_id.clone()).await.is_ok());
    assert_eq!(pool.outbox().await.len(), before);
    let refused = resend(open.clone()).await.unwrap_err();
    assert_eq!(error_name(&refused), "InvalidParameterException");
}

#[tokio::test]
async fn wrong_codes_count_and_then_lock_the_code() {
    let pool = TestPool::start().await;
    let (_, client_id) = standard_pool(&pool);
    let c = pool.user_client().await;
    sign_up(&c, &client_id, "bob", PASSWORD, Some("bob@example.com"))
        .await
        .unwrap();
    let code = pool.last_code("bob").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        assert_eq!(
            confirm(&c, &client_id, "bob", wrong).await,
            Err("CodeMismatchException".into())
        );
    }
    assert_eq!(
        confirm(&c, &client_id, "bob", &code).await,
        Err("TooManyFailedAttemptsException".into())
    );
    // A new code within the hour does not start over (issue 14: resends used to reset the
    // count, so codes could be brute-forced): the right new code is still refused.
    let resend = || async {
        c.resend_confirmation_code()
            .client_id(&client_id)
            .username("bob")
            .send()
            .await
    };
    let resent = resend().await.unwrap();
    assert_eq!(
        resent.code_delivery_details().unwrap().destination(),
        Some("b***@e***")
    );
    let code = pool.last_code("bob").await;
    assert_eq!(
        confirm(&c, &client_id, "bob", &code).await,
        Err("TooManyFailedAttemptsException".into())
    );
    // After the window, a new code starts over.
    pool.pool.advance_clock(3601);
    resend().await.unwrap();
    let code = pool.last_code("bob").await;
    confirm(&c, &client_id, "bob", &code).await.unwrap();
}

#[tokio::test]
async fn expired_codes_and_unknown_users() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = standard_pool(&pool);
    let c = pool.user_client().await;
    sign_up(&c, &client_id, "carol", PASSWORD, Some("carol@example.com"))
        .await
        .unwrap();
    let code = pool.last_code("carol").await;
    pool.pool.advance_clock(86_401);
    // Hiding user existence, "expired" would say the user exists: a wrong code, as for anyone.
    assert_eq!(
        confirm(&c, &client_id, "carol", &code).await,
        Err("CodeMismatchException".into())
    );
    let open = open_client(&pool, &pool_id).await;
    assert_eq!(
        confirm(&c, &open, "carol", &code).await,
        Err("ExpiredCodeException".into())
    );
    // The standard client hides which users exist.
    assert_eq!(
        confirm(&c, &client_id, "nobody", "123456").await,
        Err("CodeMismatchException".into())
    );
    let (_, open_client) = pool.seed_pool(json!({}), json!({}));
    assert_eq!(
        confirm(&c, &open_client, "nobody", "123456").await,
        Err("UserNotFoundException".into())
    );
    assert_eq!(
        confirm(&c, "no-such-client", "nobody", "123456").await,
        Err("ResourceNotFoundException".into())
    );
}

#[tokio::test]
async fn sign_up_refusals() {
    let pool = TestPool::start().await;
    let (_, client_id) = standard_pool(&pool);
    let c = pool.user_client().await;
    sign_up(&c, &client_id, "dave", PASSWORD, None)
        .await
        .unwrap();
    // No email: nothing to send a code to.
    assert!(pool.outbox().await.is_empty());
    assert_eq!(
        sign_up(&c, &client_id, "DAVE", PASSWORD, None).await,
        Err("UsernameExistsException".into())
    );

    let weak = c
        .sign_up()
        .client_id(&client_id)
        .username("erin")
        .password("short")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&weak), "InvalidPasswordException");
    assert_eq!(
        weak.as_service_error().unwrap().meta().message(),
        Some("Password did not conform with policy: Password not long enough")
    );

    let unknown = c
        .sign_up()
        .client_id(&client_id)
        .username("erin")
        .password(PASSWORD)
        .user_attributes(attr("shoe_size", "44"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&unknown), "InvalidParameterException");
    let self_verified = c
        .sign_up()
        .client_id(&client_id)
        .username("erin")
        .password(PASSWORD)
        .user_attributes(attr("email", "erin@example.com"))
        .user_attributes(attr("email_verified", "true"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&self_verified), "NotAuthorizedException");
    assert_eq!(
        sign_up(&c, &client_id, "with space", PASSWORD, None).await,
        Err("InvalidParameterException".into())
    );

    let (_, closed) = pool.seed_pool(
        json!({ "AdminCreateUserConfig": { "AllowAdminCreateUserOnly": true } }),
        json!({}),
    );
    let err = c
        .sign_up()
        .client_id(&closed)
        .username("frank")
        .password(PASSWORD)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "NotAuthorizedException");
    assert_eq!(
        err.as_service_error().unwrap().meta().message(),
        Some("SignUp is not permitted for this user pool")
    );
}

#[tokio::test]
async fn email_as_username_pools_store_a_uuid() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.seed_pool(
        json!({ "UsernameAttributes": ["email"], "AutoVerifiedAttributes": ["email"] }),
        json!({}),
    );
    let c = pool.user_client().await;
    let out = sign_up(&c, &client_id, "Grace@Example.com", PASSWORD, None)
        .await
        .unwrap();
    let sub = out.user_sub().to_string();
    let user = stored(&pool, &pool_id, "grace@example.com");
    assert_eq!(user.username, sub);
    assert!(uuid::Uuid::parse_str(&user.username).is_ok());
    assert_eq!(user.attribute("email"), Some("grace@example.com"));
    assert!(password_is(&pool_id, &user, PASSWORD));
    // The outbox names the internal username; the user confirms with the email.
    let code = pool.last_code(&sub).await;
    confirm(&c, &client_id, "grace@example.com", &code)
        .await
        .unwrap();
    assert!(stored(&pool, &pool_id, &sub).is_verified("email"));

    let dup = c
        .sign_up()
        .client_id(&client_id)
        .username("GRACE@example.com")
        .password(PASSWORD)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&dup), "UsernameExistsException");
    assert_eq!(
        dup.as_service_error().unwrap().meta().message(),
        Some("An account with the given email already exists.")
    );
    let not_email = c
        .sign_up()
        .client_id(&client_id)
        .username("grace")
        .password(PASSWORD)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&not_email), "InvalidParameterException");
    assert_eq!(
        not_email.as_service_error().unwrap().meta().message(),
        Some("Username should be an email.")
    );
}

#[tokio::test]
async fn verified_email_aliases_move_only_when_forced() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.seed_pool(
        json!({ "AliasAttributes": ["email"], "AutoVerifiedAttributes": ["email"] }),
        json!({}),
    );
    pool.seed_user(
        &pool_id,
        "old",
        PASSWORD,
        &[("email", "shared@example.com"), ("email_verified", "true")],
        UserStatus::Confirmed,
    );
    let c = pool.user_client().await;
    assert_eq!(
        sign_up(&c, &client_id, "new@example.com", PASSWORD, None).await,
        Err("InvalidParameterException".into())
    );
    sign_up(&c, &client_id, "new", PASSWORD, Some("shared@example.com"))
        .await
        .unwrap();
    let code = pool.last_code("new").await;
    assert_eq!(
        confirm(&c, &client_id, "new", &code).await,
        Err("AliasExistsException".into())
    );
    assert_eq!(
        stored(&pool, &pool_id, "new").status,
        UserStatus::Unconfirmed
    );
    // The same code still works once the caller forces the alias over.
    c.confirm_sign_up()
        .client_id(&client_id)
        .username("new")
        .confirmation_code(&code)
        .force_alias_creation(true)
        .send()
        .await
        .unwrap();
    assert!(stored(&pool, &pool_id, "new").is_verified("email"));
    let old = stored(&pool, &pool_id, "old");
    assert_eq!(old.attribute("email_verified"), Some("false"));
    // The alias now signs in as the new user.
    assert_eq!(
        stored(&pool, &pool_id, "shared@example.com").username,
        "new"
    );
}

#[tokio::test]
async fn secret_hash_is_required_and_checked() {
    let pool = TestPool::start().await;
    let secret = "s3cr3t-of-the-client";
    let (_, client_id) = pool.seed_pool_with_secret(
        json!({ "AutoVerifiedAttributes": ["email"] }),
        json!({}),
        Some(secret),
    );
    let c = pool.user_client().await;
    let base = || {
        c.sign_up()
            .client_id(&client_id)
            .username("heidi")
            .password(PASSWORD)
            .user_attributes(attr("email", "heidi@example.com"))
    };
    let missing = base().send().await.unwrap_err();
    assert_eq!(error_name(&missing), "NotAuthorizedException");
    let wrong = base()
        .secret_hash(secret_hash(secret, "someone", &client_id))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&wrong), "NotAuthorizedException");
    base()
        .secret_hash(secret_hash(secret, "heidi", &client_id))
        .send()
        .await
        .unwrap();
    let code = pool.last_code("heidi").await;
    let unsigned = confirm(&c, &client_id, "heidi", &code).await;
    assert_eq!(unsigned, Err("NotAuthorizedException".into()));
    c.confirm_sign_up()
        .client_id(&client_id)
        .username("heidi")
        .confirmation_code(&code)
        .secret_hash(secret_hash(secret, "heidi", &client_id))
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn admin_confirm_sign_up() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = standard_pool(&pool);
    let c = pool.user_client().await;
    sign_up(&c, &client_id, "ivan", PASSWORD, Some("ivan@example.com"))
        .await
        .unwrap();
    let admin = pool.admin_client();
    admin
        .admin_confirm_sign_up()
        .user_pool_id(&pool_id)
        .username("ivan")
        .send()
        .await
        .unwrap();
    let user = stored(&pool, &pool_id, "ivan");
    assert_eq!(user.status, UserStatus::Confirmed);
    assert!(
        !user.is_verified("email"),
        "an admin confirmation verifies nothing"
    );
    let again = admin
        .admin_confirm_sign_up()
        .user_pool_id(&pool_id)
        .username("ivan")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&again), "NotAuthorizedException");
    let unknown = admin
        .admin_confirm_sign_up()
        .user_pool_id(&pool_id)
        .username("nobody")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&unknown), "UserNotFoundException");
    // Unsigned, it is refused before it runs.
    let unsigned = c
        .admin_confirm_sign_up()
        .user_pool_id(&pool_id)
        .username("ivan")
        .send()
        .await
        .unwrap_err();
    assert_ne!(error_name(&unsigned), "UserNotFoundException");
}

#[tokio::test]
async fn forgot_password_then_confirm_sets_the_new_password() {
    let pool = TestPool::start().await;
    // A verified email alias finds the user.
    let (pool_id, client_id) = pool.seed_pool(
        json!({ "AliasAttributes": ["email"], "AutoVerifiedAttributes": ["email"] }),
        json!({}),
    );
    pool.seed_user(
        &pool_id,
        "judy",
        PASSWORD,
        &[("email", "judy@example.com"), ("email_verified", "true")],
        UserStatus::ResetRequired,
    );
    let c = pool.user_client().await;
    let out = c
        .forgot_password()
        .client_id(&client_id)
        .username("judy@example.com")
        .send()
        .await
        .unwrap();
    let details = out.code_delivery_details().unwrap();
    assert_eq!(details.destination(), Some("j***@e***"));
    let code = pool.last_code("judy").await;
    let confirm_forgot = |code: String, password: &'static str| {
        c.confirm_forgot_password()
            .client_id(&client_id)
            .username("judy")
            .confirmation_code(code)
            .password(password)
            .send()
    };
    let weak = confirm_forgot(code.clone(), "weak").await.unwrap_err();
    assert_eq!(error_name(&weak), "InvalidPasswordException");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let mismatch = confirm_forgot(wrong.into(), NEW_PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(error_name(&mismatch), "CodeMismatchException");
    confirm_forgot(code.clone(), NEW_PASSWORD).await.unwrap();
    let user = stored(&pool, &pool_id, "judy");
    assert_eq!(user.status, UserStatus::Confirmed);
    assert!(password_is(&pool_id, &user, NEW_PASSWORD));
    assert!(!password_is(&pool_id, &user, PASSWORD));
    // The code is spent.
    let reused = confirm_forgot(code, NEW_PASSWORD).await.unwrap_err();
    assert_eq!(error_name(&reused), "ExpiredCodeException");
}

#[tokio::test]
async fn forgot_password_refusals() {
    let pool = TestPool::start().await;
    let (pool_id, hiding) = standard_pool(&pool);
    let c = pool.user_client().await;
    let forgot = |client: String, name: &'static str| {
        c.forgot_password().client_id(client).username(name).send()
    };
    // A hiding client answers for unknown users as if it sent a code, and sends nothing.
    let ghost = forgot(hiding.clone(), "ghost@example.com").await.unwrap();
    assert_eq!(
        ghost.code_delivery_details().unwrap().destination(),
        Some("g***@e***")
    );
    assert!(pool.outbox().await.is_empty());

    pool.seed_user(
        &pool_id,
        "unverified",
        PASSWORD,
        &[("email", "u@example.com")],
        UserStatus::Confirmed,
    );
    // Hiding user existence, users who cannot get a code are answered like missing ones.
    for name in ["unverified", "disabled"] {
        let pretended = forgot(hiding.clone(), name).await.unwrap();
        assert!(pretended.code_delivery_details().is_some(), "{name}");
    }
    assert!(pool.outbox().await.is_empty());
    let open_here = open_client(&pool, &pool_id).await;
    let err = forgot(open_here.clone(), "unverified").await.unwrap_err();
    assert_eq!(error_name(&err), "InvalidParameterException");
    assert_eq!(
        err.as_service_error().unwrap().meta().message(),
        Some(
            "Cannot reset password for the user as there is no registered/verified email or \
             phone_number"
        )
    );

    let mut disabled = pool.seed_user(
        &pool_id,
        "disabled",
        PASSWORD,
        &[("email", "d@example.com"), ("email_verified", "true")],
        UserStatus::Confirmed,
    );
    disabled.enabled = false;
    pool.pool
        .state()
        .db
        .write(|tx| users::update(tx, &disabled))
        .unwrap();
    let err = forgot(open_here.clone(), "disabled").await.unwrap_err();
    assert_eq!(error_name(&err), "NotAuthorizedException");

    let (_, open) = pool.seed_pool(json!({}), json!({}));
    let err = forgot(open.clone(), "ghost").await.unwrap_err();
    assert_eq!(error_name(&err), "UserNotFoundException");
    let err = c
        .confirm_forgot_password()
        .client_id(open)
        .username("ghost")
        .confirmation_code("123456")
        .password(NEW_PASSWORD)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "UserNotFoundException");
    assert!(pool.outbox().await.is_empty());
}
