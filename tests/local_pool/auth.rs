//! Sign-in against the local pool over loopback with the real SDK and the crate's own
//! Authenticator: SRP verified for real, password flows, lockout, SECRET_HASH, every challenge
//! (new password, TOTP, SMS, MFA setup, MFA choice), refresh and the software-token calls.

use crate::common;

use std::collections::HashMap;

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_cognitoidentityprovider::operation::initiate_auth::InitiateAuthOutput;
use aws_sdk_cognitoidentityprovider::operation::respond_to_auth_challenge::RespondToAuthChallengeOutput;
use aws_sdk_cognitoidentityprovider::types::{AuthFlowType, ChallengeNameType};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use cognito_tui::cognito::jwt::{self, DecodedToken, Expectation, Jwks, TokenUse};
use cognito_tui::cognito::secret_hash::secret_hash;
use cognito_tui::cognito::srp::{PasswordVerifierChallenge, PoolContext, SrpClient};
use cognito_tui::local_pool::users::{self, User, UserStatus};
use cognito_tui::local_pool::{pools, tokens, totp};
use cognito_tui::secret::SecretString;
use cognito_tui::service::auth::{
    Answer, Authenticator, Challenge, MfaKind, PendingChallenge, SignInStep,
};
use cognito_tui::service::tokens::Tokens;
use cognito_tui::service::{AuthFlow, ServiceError};
use common::{TestPool, standard_pool};
use serde_json::json;
use time::{Duration, OffsetDateTime};

const PASSWORD: &str = "Correct-Horse-9";
const WRONG: &str = "NotAuthorizedException: Incorrect username or password.";
const EXPIRED_SESSION: &str =
    "NotAuthorizedException: Invalid session for the user, session is expired.";
const ALL_FLOWS: &[&str] = &[
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
];

/// "Name: message" of an SDK error.
fn describe<E: ProvideErrorMetadata, R>(err: SdkError<E, R>) -> String {
    let message = err
        .as_service_error()
        .and_then(|e| e.message())
        .unwrap_or("")
        .to_string();
    format!("{}: {message}", common::error_name(&err))
}

fn pw(text: &str) -> SecretString {
    SecretString::from(text)
}

async fn authenticator(
    pool: &TestPool,
    ids: &(String, String),
    secret: Option<&str>,
) -> Authenticator {
    let settings = pool.settings(&ids.0, &ids.1, secret);
    Authenticator::new(pool.user_client().await, settings).expect("authenticator")
}

fn signed_in(step: Result<SignInStep, ServiceError>) -> Tokens {
    match step.expect("the step succeeds") {
        SignInStep::SignedIn(tokens) => tokens,
        other => panic!("expected tokens, got {other:?}"),
    }
}

fn challenged(step: Result<SignInStep, ServiceError>) -> PendingChallenge {
    match step.expect("the step succeeds") {
        SignInStep::Challenge(pending) => pending,
        other => panic!("expected a challenge, got {other:?}"),
    }
}

/// A pool with `settings` whose client allows every flow.
fn mfa_pool(pool: &TestPool, mfa: &str) -> (String, String) {
    pool.seed_pool(
        json!({"MfaConfiguration": mfa, "UsernameConfiguration": {"CaseSensitive": false}}),
        json!({"ExplicitAuthFlows": ALL_FLOWS}),
    )
}

fn seed(pool: &TestPool, pool_id: &str, name: &str, attrs: &[(&str, &str)]) -> User {
    pool.seed_user(pool_id, name, PASSWORD, attrs, UserStatus::Confirmed)
}

fn update_user(pool: &TestPool, pool_id: &str, name: &str, change: impl FnOnce(&mut User)) {
    pool.pool
        .state()
        .db
        .write(|tx| {
            let p = pools::get_pool(tx, pool_id)?;
            let mut user = users::require(tx, &p, name)?;
            change(&mut user);
            users::update(tx, &user)
        })
        .expect("update user");
}

fn load_user(pool: &TestPool, pool_id: &str, name: &str) -> User {
    let state = pool.pool.state();
    state
        .db
        .read(|tx| users::require(tx, &pools::get_pool(tx, pool_id)?, name))
        .expect("user")
}

fn pool_now(pool: &TestPool) -> u64 {
    pool.pool.state().now() as u64
}

/// A six-digit code no step near `now` accepts.
fn wrong_code(secret: &str, now: u64) -> String {
    let near: Vec<String> = [now - 30, now, now + 30]
        .iter()
        .filter_map(|t| totp::code_at(secret, *t))
        .collect();
    (0..)
        .map(|n| format!("{n:06}"))
        .find(|c| !near.contains(c))
        .expect("a free code")
}

/// Verifies both tokens against the served JWKS and the issuer `<url>/<pool>`.
async fn verify(
    pool: &TestPool,
    ids: &(String, String),
    t: &Tokens,
) -> (DecodedToken, DecodedToken) {
    let (status, body) =
        common::raw_get(pool.url(), &format!("/{}/.well-known/jwks.json", ids.0)).await;
    assert_eq!(status, 200);
    let jwks = Jwks::from_json(body.as_bytes()).expect("jwks");
    let expect = Expectation::new(format!("{}/{}", pool.url(), ids.0), ids.1.clone());
    let now = OffsetDateTime::now_utc();
    let access = jwt::verify(
        t.access_token.expose(),
        &jwks,
        &expect,
        TokenUse::Access,
        now,
    );
    let id = jwt::verify(t.id_token.expose(), &jwks, &expect, TokenUse::Id, now);
    (access.expect("access token"), id.expect("id token"))
}

async fn initiate(
    client: &Client,
    client_id: &str,
    flow: AuthFlowType,
    params: &[(&str, &str)],
) -> Result<InitiateAuthOutput, String> {
    let params = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    client
        .initiate_auth()
        .auth_flow(flow)
        .client_id(client_id)
        .set_auth_parameters(Some(params))
        .send()
        .await
        .map_err(describe)
}

async fn respond(
    client: &Client,
    client_id: &str,
    name: ChallengeNameType,
    session: Option<String>,
    responses: HashMap<String, String>,
) -> Result<RespondToAuthChallengeOutput, String> {
    client
        .respond_to_auth_challenge()
        .client_id(client_id)
        .challenge_name(name)
        .set_session(session)
        .set_challenge_responses(Some(responses))
        .send()
        .await
        .map_err(describe)
}

/// USER_SRP_AUTH for `username`, answered with `password` at `at`: the ChallengeResponses.
async fn srp_answer(
    client: &Client,
    ids: &(String, String),
    secret: Option<&str>,
    username: &str,
    password: &str,
    at: OffsetDateTime,
) -> Result<HashMap<String, String>, String> {
    let srp = SrpClient::new().expect("srp");
    let ctx = PoolContext::new(&ids.0, ids.1.clone(), secret.map(pw)).expect("pool");
    let out = client
        .initiate_auth()
        .auth_flow(AuthFlowType::UserSrpAuth)
        .client_id(&ids.1)
        .set_auth_parameters(Some(ctx.initiate_auth_parameters(username, &srp)))
        .send()
        .await
        .map_err(describe)?;
    assert_eq!(
        out.challenge_name,
        Some(ChallengeNameType::PasswordVerifier)
    );
    assert!(out.session.is_none(), "Cognito sends no Session here");
    let params = out.challenge_parameters.expect("parameters");
    let challenge = PasswordVerifierChallenge::from_parameters(&params).expect("challenge");
    let response = srp.respond(&ctx, &challenge, &pw(password), at);
    Ok(response.expect("respond").into_map())
}

async fn verifier(
    client: &Client,
    client_id: &str,
    responses: HashMap<String, String>,
) -> Result<RespondToAuthChallengeOutput, String> {
    respond(
        client,
        client_id,
        ChallengeNameType::PasswordVerifier,
        None,
        responses,
    )
    .await
}

async fn password_auth(
    client: &Client,
    client_id: &str,
    user: &str,
    password: &str,
) -> Result<InitiateAuthOutput, String> {
    let params = [("USERNAME", user), ("PASSWORD", password)];
    initiate(client, client_id, AuthFlowType::UserPasswordAuth, &params).await
}

#[tokio::test]
async fn srp_sign_in_issues_tokens_that_verify_against_the_served_jwks() {
    let pool = TestPool::start().await;
    let ids = standard_pool(&pool);
    let attrs = [("email", "alice@example.com"), ("email_verified", "true")];
    let alice = seed(&pool, &ids.0, "alice", &attrs);
    let auth = authenticator(&pool, &ids, None).await;
    // The pool compares usernames case-insensitively.
    let tokens = signed_in(auth.sign_in("ALICE", &pw(PASSWORD), None).await);
    let (access, id) = verify(&pool, &ids, &tokens).await;
    assert_eq!(access.username(), Some("alice"));
    assert_eq!(access.subject(), Some(alice.sub.as_str()));
    assert_eq!(id.claims()["email"], "alice@example.com");
    assert_eq!(id.claims()["email_verified"], true);
    assert!(tokens.refresh_token.is_some());
    assert_eq!(tokens.username, "alice");
}

#[tokio::test]
async fn wrong_tampered_replayed_and_stale_srp_proofs_are_refused() {
    let pool = TestPool::start().await;
    let ids = standard_pool(&pool);
    seed(&pool, &ids.0, "alice", &[]);
    let client = pool.user_client().await;
    let now = OffsetDateTime::now_utc();

    let wrong = srp_answer(&client, &ids, None, "alice", "Wrong-Horse-9", now).await;
    assert_eq!(
        verifier(&client, &ids.1, wrong.unwrap()).await.unwrap_err(),
        WRONG
    );

    let mut tampered = srp_answer(&client, &ids, None, "alice", PASSWORD, now)
        .await
        .unwrap();
    let signature = tampered.get_mut("PASSWORD_CLAIM_SIGNATURE").unwrap();
    let mut raw = STANDARD.decode(&*signature).unwrap();
    raw[0] ^= 0x01;
    *signature = STANDARD.encode(raw);
    assert_eq!(
        verifier(&client, &ids.1, tampered).await.unwrap_err(),
        WRONG
    );
    assert_eq!(load_user(&pool, &ids.0, "alice").failed_attempts, 2);

    let right = srp_answer(&client, &ids, None, "alice", PASSWORD, now)
        .await
        .unwrap();
    let out = verifier(&client, &ids.1, right.clone()).await.unwrap();
    assert!(out.authentication_result.is_some());
    assert_eq!(load_user(&pool, &ids.0, "alice").failed_attempts, 0);
    // The SECRET_BLOCK is single use.
    assert_eq!(verifier(&client, &ids.1, right).await.unwrap_err(), WRONG);

    let stale = srp_answer(
        &client,
        &ids,
        None,
        "alice",
        PASSWORD,
        now - Duration::minutes(10),
    );
    let err = verifier(&client, &ids.1, stale.await.unwrap())
        .await
        .unwrap_err();
    assert!(
        err.starts_with("NotAuthorizedException: TIMESTAMP"),
        "{err}"
    );

    let mut padded = srp_answer(&client, &ids, None, "alice", PASSWORD, now)
        .await
        .unwrap();
    padded.insert("TIMESTAMP".into(), "Thu Nov 05 06:03:04 UTC 2026".into());
    let err = verifier(&client, &ids.1, padded).await.unwrap_err();
    assert!(err.starts_with("NotAuthorizedException"), "{err}");

    let params = [("USERNAME", "alice"), ("SRP_A", "0")];
    let err = initiate(&client, &ids.1, AuthFlowType::UserSrpAuth, &params).await;
    assert_eq!(
        err.unwrap_err(),
        "InvalidParameterException: SRP_A is 0 mod N"
    );
    let err = initiate(&client, &ids.1, AuthFlowType::UserSrpAuth, &params[..1]).await;
    assert_eq!(
        err.unwrap_err(),
        "InvalidParameterException: Missing required parameter SRP_A"
    );
}

#[tokio::test]
async fn secret_hash_is_checked_on_the_typed_name_then_on_the_internal_one() {
    const SECRET: &str = "s3cr3t-of-the-client";
    let pool = TestPool::start().await;
    let ids = pool.seed_pool_with_secret(
        json!({"AliasAttributes": ["email"], "UsernameConfiguration": {"CaseSensitive": false}}),
        json!({"ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
        Some(SECRET),
    );
    let attrs = [("email", "bob@example.com"), ("email_verified", "true")];
    seed(&pool, &ids.0, "bob", &attrs);
    let client = pool.user_client().await;

    let unsigned = srp_answer(
        &client,
        &ids,
        None,
        "bob",
        PASSWORD,
        OffsetDateTime::now_utc(),
    );
    let err = unsigned.await.unwrap_err();
    assert!(
        err.contains("is configured for secret but secret was not received"),
        "{err}"
    );
    let wrong = srp_answer(
        &client,
        &ids,
        Some("not-it"),
        "bob",
        PASSWORD,
        OffsetDateTime::now_utc(),
    );
    let err = wrong.await.unwrap_err();
    assert!(
        err.starts_with("NotAuthorizedException: Unable to verify secret hash"),
        "{err}"
    );

    // By the alias: the challenge names the internal user, and its SECRET_HASH must use it.
    let mut alias_hash = srp_answer(
        &client,
        &ids,
        Some(SECRET),
        "bob@example.com",
        PASSWORD,
        OffsetDateTime::now_utc(),
    )
    .await
    .unwrap();
    assert_eq!(alias_hash["USERNAME"], "bob");
    alias_hash.insert(
        "SECRET_HASH".into(),
        secret_hash(SECRET, "bob@example.com", &ids.1),
    );
    let err = verifier(&client, &ids.1, alias_hash).await.unwrap_err();
    assert!(
        err.starts_with("NotAuthorizedException: Unable to verify secret hash"),
        "{err}"
    );

    let auth = authenticator(&pool, &ids, Some(SECRET)).await;
    let tokens = signed_in(auth.sign_in("bob@example.com", &pw(PASSWORD), None).await);
    assert_eq!(tokens.username, "bob");
    let fresh = auth
        .refresh(&tokens)
        .await
        .expect("refresh with SECRET_HASH over bob");
    verify(&pool, &ids, &fresh).await;
}

#[tokio::test]
async fn unknown_users_are_hidden_only_when_the_client_says_so() {
    let pool = TestPool::start().await;
    let ids = standard_pool(&pool);
    let client = pool.user_client().await;
    let now = OffsetDateTime::now_utc();
    let decoy = srp_answer(&client, &ids, None, "nobody", PASSWORD, now)
        .await
        .unwrap();
    assert_eq!(decoy["USERNAME"], "nobody");
    assert_eq!(verifier(&client, &ids.1, decoy).await.unwrap_err(), WRONG);
    // The decoy's salt does not change between attempts, as a real user's would not.
    let srp = SrpClient::new().unwrap();
    let params = [("USERNAME", "nobody"), ("SRP_A", srp.srp_a())];
    let salt = |out: InitiateAuthOutput| out.challenge_parameters.unwrap()["SALT"].clone();
    let first = initiate(&client, &ids.1, AuthFlowType::UserSrpAuth, &params).await;
    let second = initiate(&client, &ids.1, AuthFlowType::UserSrpAuth, &params).await;
    assert_eq!(salt(first.unwrap()), salt(second.unwrap()));
    assert_eq!(
        password_auth(&client, &ids.1, "nobody", PASSWORD)
            .await
            .unwrap_err(),
        WRONG
    );

    let open = pool.seed_pool(json!({}), json!({"ExplicitAuthFlows": ALL_FLOWS}));
    let err = srp_answer(&client, &open, None, "nobody", PASSWORD, now)
        .await
        .unwrap_err();
    assert_eq!(err, "UserNotFoundException: User does not exist.");
    let err = password_auth(&client, &open.1, "nobody", PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(err, "UserNotFoundException: User does not exist.");
}

#[tokio::test]
async fn five_wrong_passwords_lock_sign_in_until_the_lock_ends() {
    let pool = TestPool::start().await;
    let ids = standard_pool(&pool);
    seed(&pool, &ids.0, "alice", &[]);
    let client = pool.user_client().await;
    for _ in 0..5 {
        let err = password_auth(&client, &ids.1, "alice", "Wrong-Horse-9").await;
        assert_eq!(err.unwrap_err(), WRONG);
    }
    let locked = load_user(&pool, &ids.0, "alice");
    assert_eq!(locked.failed_attempts, 5);
    assert!(locked.locked_until > 0);
    // Hold the pool's clock well inside the lock, whatever the wall clock does meanwhile.
    pool.pool.advance_clock(-30);
    let err = password_auth(&client, &ids.1, "alice", PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(err, "NotAuthorizedException: Password attempts exceeded");
    let srp = srp_answer(
        &client,
        &ids,
        None,
        "alice",
        PASSWORD,
        OffsetDateTime::now_utc(),
    );
    let err = verifier(&client, &ids.1, srp.await.unwrap())
        .await
        .unwrap_err();
    assert_eq!(err, "NotAuthorizedException: Password attempts exceeded");
    assert_eq!(load_user(&pool, &ids.0, "alice").failed_attempts, 5);

    pool.pool.advance_clock(60);
    let out = password_auth(&client, &ids.1, "alice", PASSWORD)
        .await
        .unwrap();
    assert!(out.authentication_result.is_some());
    assert_eq!(load_user(&pool, &ids.0, "alice").failed_attempts, 0);
}

#[tokio::test]
async fn flows_must_be_supported_and_allowed_by_the_client() {
    let pool = TestPool::start().await;
    let ids = standard_pool(&pool);
    seed(&pool, &ids.0, "alice", &[]);
    let mut settings = pool.settings(&ids.0, &ids.1, None);
    settings.auth_flow = AuthFlow::UserPassword;
    let auth = Authenticator::new(pool.user_client().await, settings).unwrap();
    let tokens = signed_in(auth.sign_in("alice", &pw(PASSWORD), None).await);
    verify(&pool, &ids, &tokens).await;

    let client = pool.user_client().await;
    let err = initiate(
        &client,
        &ids.1,
        AuthFlowType::UserPasswordAuth,
        &[("USERNAME", "alice")],
    );
    assert_eq!(
        err.await.unwrap_err(),
        "InvalidParameterException: Missing required parameter PASSWORD"
    );
    let unsupported = "InvalidParameterException: Initiate Auth method not supported.";
    for flow in [
        AuthFlowType::CustomAuth,
        AuthFlowType::AdminUserPasswordAuth,
    ] {
        let err = initiate(&client, &ids.1, flow, &[("USERNAME", "alice")]).await;
        assert_eq!(err.unwrap_err(), unsupported);
    }
    let err = password_auth(&client, "no-such-client", "alice", PASSWORD).await;
    assert!(err.unwrap_err().starts_with("ResourceNotFoundException"));

    let defaults = pool.seed_pool(json!({}), json!({}));
    pool.seed_user(&defaults.0, "alice", PASSWORD, &[], UserStatus::Confirmed);
    let err = password_auth(&client, &defaults.1, "alice", PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(
        err,
        "InvalidParameterException: USER_PASSWORD_AUTH flow not enabled for this client"
    );
}

#[tokio::test]
async fn admin_initiate_auth_signs_in_with_the_password_or_srp() {
    let pool = TestPool::start().await;
    let ids = standard_pool(&pool);
    seed(&pool, &ids.0, "alice", &[]);
    let admin = pool.admin_client();
    let call = |flow: AuthFlowType, pool_id: &str, client_id: &str, password: &str| {
        admin
            .admin_initiate_auth()
            .user_pool_id(pool_id)
            .client_id(client_id)
            .auth_flow(flow)
            .auth_parameters("USERNAME", "alice")
            .auth_parameters("PASSWORD", password)
            .send()
    };
    for flow in [
        AuthFlowType::AdminUserPasswordAuth,
        AuthFlowType::AdminNoSrpAuth,
    ] {
        let out = call(flow, &ids.0, &ids.1, PASSWORD)
            .await
            .expect("admin sign-in");
        assert!(out.authentication_result.unwrap().access_token.is_some());
    }
    let err = call(
        AuthFlowType::AdminUserPasswordAuth,
        &ids.0,
        &ids.1,
        "Wrong-1a!",
    )
    .await;
    assert_eq!(describe(err.unwrap_err()), WRONG);
    let err = call(
        AuthFlowType::AdminUserPasswordAuth,
        "us-east-1_Nope",
        &ids.1,
        PASSWORD,
    )
    .await;
    assert!(describe(err.unwrap_err()).starts_with("ResourceNotFoundException"));
    let other = pool.seed_pool(json!({}), json!({}));
    let err = call(
        AuthFlowType::AdminUserPasswordAuth,
        &ids.0,
        &other.1,
        PASSWORD,
    )
    .await;
    assert!(describe(err.unwrap_err()).starts_with("ResourceNotFoundException"));
    let err = call(
        AuthFlowType::AdminUserPasswordAuth,
        &other.0,
        &other.1,
        PASSWORD,
    )
    .await;
    assert_eq!(
        describe(err.unwrap_err()),
        "InvalidParameterException: ADMIN_USER_PASSWORD_AUTH flow not enabled for this client"
    );
    let err = call(AuthFlowType::UserPasswordAuth, &ids.0, &ids.1, PASSWORD).await;
    assert!(describe(err.unwrap_err()).contains("Initiate Auth method not supported."));

    // USER_SRP_AUTH through the admin calls.
    let srp = SrpClient::new().unwrap();
    let ctx = PoolContext::new(&ids.0, ids.1.clone(), None).unwrap();
    let out = admin
        .admin_initiate_auth()
        .user_pool_id(&ids.0)
        .client_id(&ids.1)
        .auth_flow(AuthFlowType::UserSrpAuth)
        .set_auth_parameters(Some(ctx.initiate_auth_parameters("alice", &srp)))
        .send()
        .await
        .unwrap();
    let challenge =
        PasswordVerifierChallenge::from_parameters(&out.challenge_parameters.unwrap()).unwrap();
    let responses = srp.respond(&ctx, &challenge, &pw(PASSWORD), OffsetDateTime::now_utc());
    let out = admin
        .admin_respond_to_auth_challenge()
        .user_pool_id(&ids.0)
        .client_id(&ids.1)
        .challenge_name(ChallengeNameType::PasswordVerifier)
        .set_challenge_responses(Some(responses.unwrap().into_map()))
        .send()
        .await
        .expect("admin respond");
    assert!(out.authentication_result.is_some());
}

#[tokio::test]
async fn unconfirmed_reset_and_disabled_users_are_refused_after_the_password() {
    let pool = TestPool::start().await;
    let ids = standard_pool(&pool);
    let client = pool.user_client().await;
    pool.seed_user(&ids.0, "una", PASSWORD, &[], UserStatus::Unconfirmed);
    pool.seed_user(&ids.0, "rex", PASSWORD, &[], UserStatus::ResetRequired);
    seed(&pool, &ids.0, "dis", &[]);
    update_user(&pool, &ids.0, "dis", |u| u.enabled = false);
    for (name, expected) in [
        ("una", "UserNotConfirmedException: User is not confirmed."),
        (
            "rex",
            "PasswordResetRequiredException: Password reset required for the user",
        ),
        ("dis", "NotAuthorizedException: User is disabled."),
    ] {
        let err = password_auth(&client, &ids.1, name, PASSWORD)
            .await
            .unwrap_err();
        assert_eq!(err, expected);
        let err = password_auth(&client, &ids.1, name, "Wrong-Horse-9")
            .await
            .unwrap_err();
        assert_eq!(err, WRONG, "{name}: a wrong password says nothing more");
    }
    let auth = authenticator(&pool, &ids, None).await;
    let err = auth.sign_in("una", &pw(PASSWORD), None).await.unwrap_err();
    assert_eq!(err, ServiceError::UserNotConfirmed);
}

#[tokio::test]
async fn new_password_required_takes_the_password_and_missing_attributes() {
    let pool = TestPool::start().await;
    let ids = pool.seed_pool(
        json!({"SchemaAttributes": [{"Name": "name", "AttributeDataType": "String", "Required": true}]}),
        json!({"ExplicitAuthFlows": ALL_FLOWS}),
    );
    let attrs = [("email", "carol@example.com")];
    pool.seed_user(
        &ids.0,
        "carol",
        "Temp-Pass-1!",
        &attrs,
        UserStatus::ForceChangePassword,
    );
    let later = pool.pool.state().now() + 86_400;
    update_user(&pool, &ids.0, "carol", |u| {
        u.temp_password_expires = Some(later)
    });
    let auth = authenticator(&pool, &ids, None).await;
    let pending = challenged(auth.sign_in("carol", &pw("Temp-Pass-1!"), None).await);
    let Challenge::NewPasswordRequired {
        required_attributes,
        current_attributes,
    } = &pending.challenge
    else {
        panic!("expected NEW_PASSWORD_REQUIRED, got {pending:?}");
    };
    assert_eq!(required_attributes, &["name".to_string()]);
    assert_eq!(current_attributes["email"], "carol@example.com");
    assert!(!current_attributes.contains_key("sub"));

    let answer = |password: &str, name: Option<&str>| Answer::NewPassword {
        password: pw(password),
        attributes: name
            .map(|n| ("name".to_string(), n.to_string()))
            .into_iter()
            .collect(),
    };
    let err = auth
        .answer(&pending, answer("short", Some("Carol")))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ServiceError::PasswordPolicy { .. }),
        "{err:?}"
    );
    let err = auth
        .answer(&pending, answer("New-Pass-2!", None))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ServiceError::InvalidParameter { .. }),
        "{err:?}"
    );
    let tokens = signed_in(
        auth.answer(&pending, answer("New-Pass-2!", Some("Carol")))
            .await,
    );
    let (_, id) = verify(&pool, &ids, &tokens).await;
    assert_eq!(id.claims()["name"], "Carol");
    let carol = load_user(&pool, &ids.0, "carol");
    assert_eq!(
        (carol.status, carol.temp_password_expires),
        (UserStatus::Confirmed, None)
    );
    signed_in(auth.sign_in("carol", &pw("New-Pass-2!"), None).await);
    let err = auth
        .sign_in("carol", &pw("Temp-Pass-1!"), None)
        .await
        .unwrap_err();
    assert_eq!(err, ServiceError::WrongCredentials);

    pool.seed_user(
        &ids.0,
        "dave",
        "Temp-Pass-1!",
        &[],
        UserStatus::ForceChangePassword,
    );
    let past = pool.pool.state().now() - 1;
    update_user(&pool, &ids.0, "dave", |u| {
        u.temp_password_expires = Some(past)
    });
    let client = pool.user_client().await;
    let err = password_auth(&client, &ids.1, "dave", "Temp-Pass-1!")
        .await
        .unwrap_err();
    assert_eq!(
        err,
        "NotAuthorizedException: Temporary password has expired and must be reset by an administrator."
    );
}

#[tokio::test]
async fn software_token_set_up_with_an_access_token_then_asked_at_sign_in() {
    let pool = TestPool::start().await;
    let ids = mfa_pool(&pool, "OPTIONAL");
    seed(&pool, &ids.0, "erin", &[]);
    let access = pool.tokens_for(&ids.0, &ids.1, "erin").access;
    let client = pool.user_client().await;
    let err = client
        .verify_software_token()
        .access_token(&access)
        .user_code("123456")
        .send();
    assert!(describe(err.await.unwrap_err()).starts_with("InvalidParameterException"));
    let associated = client
        .associate_software_token()
        .access_token(&access)
        .send()
        .await;
    let secret = associated.unwrap().secret_code.expect("SecretCode");
    assert_eq!(
        load_user(&pool, &ids.0, "erin").totp_pending.as_deref(),
        Some(secret.as_str())
    );

    let now = pool_now(&pool);
    let verify_with = |code: String| {
        client
            .verify_software_token()
            .access_token(&access)
            .user_code(code)
            .send()
    };
    let err = verify_with(wrong_code(&secret, now)).await.unwrap_err();
    assert_eq!(
        describe(err),
        "EnableSoftwareTokenMFAException: Code mismatch"
    );
    let out = verify_with(totp::code_at(&secret, now).unwrap())
        .await
        .unwrap();
    assert_eq!(out.status.unwrap().as_str(), "SUCCESS");
    let erin = load_user(&pool, &ids.0, "erin");
    assert_eq!(erin.totp_secret.as_deref(), Some(secret.as_str()));
    assert!(erin.totp_pending.is_none() && !erin.totp_enabled);
    let err = client
        .verify_software_token()
        .user_code("123456")
        .send()
        .await;
    assert!(describe(err.unwrap_err()).starts_with("InvalidParameterException"));

    update_user(&pool, &ids.0, "erin", |u| {
        u.totp_enabled = true;
        u.preferred_mfa = Some("SOFTWARE_TOKEN_MFA".into());
    });
    let auth = authenticator(&pool, &ids, None).await;
    let pending = challenged(auth.sign_in("erin", &pw(PASSWORD), None).await);
    assert_eq!(pending.challenge, Challenge::SoftwareTokenMfa);
    let wrong = Answer::Code(wrong_code(&secret, pool_now(&pool)));
    let err = auth.answer(&pending, wrong).await.unwrap_err();
    assert_eq!(err, ServiceError::CodeMismatch);
    let code = totp::code_at(&secret, pool_now(&pool)).unwrap();
    let tokens = signed_in(auth.answer(&pending, Answer::Code(code.clone())).await);
    verify(&pool, &ids, &tokens).await;

    // A code signs in once: the same code for the next sign-in is a mismatch, the next
    // step's code works.
    let pending = challenged(auth.sign_in("erin", &pw(PASSWORD), None).await);
    let err = auth.answer(&pending, Answer::Code(code)).await.unwrap_err();
    assert_eq!(err, ServiceError::CodeMismatch);
    pool.pool.advance_clock(30);
    let next = totp::code_at(&secret, pool_now(&pool)).unwrap();
    signed_in(auth.answer(&pending, Answer::Code(next)).await);
}

#[tokio::test]
async fn mfa_setup_on_a_pool_that_requires_mfa() {
    let pool = TestPool::start().await;
    let ids = mfa_pool(&pool, "ON");
    seed(&pool, &ids.0, "frank", &[]);
    let auth = authenticator(&pool, &ids, None).await;
    let pending = challenged(auth.sign_in("frank", &pw(PASSWORD), None).await);
    assert_eq!(
        pending.challenge,
        Challenge::MfaSetup {
            can_set_up: vec![MfaKind::SoftwareToken]
        }
    );
    let setup = auth.associate_totp(&pending).await.expect("associate");
    let secret = setup.secret.expose().to_string();
    let code = |c: String| Answer::TotpSetupCode {
        code: c,
        device_name: Some("phone".into()),
    };
    let err = auth
        .answer(&setup.pending, code(wrong_code(&secret, pool_now(&pool))))
        .await;
    assert_eq!(err.unwrap_err(), ServiceError::CodeMismatch);
    let right = code(totp::code_at(&secret, pool_now(&pool)).unwrap());
    let tokens = signed_in(auth.answer(&setup.pending, right).await);
    verify(&pool, &ids, &tokens).await;
    let frank = load_user(&pool, &ids.0, "frank");
    assert!(frank.totp_enabled);
    assert_eq!(frank.totp_secret.as_deref(), Some(secret.as_str()));
    assert_eq!(frank.preferred_mfa.as_deref(), Some("SOFTWARE_TOKEN_MFA"));
    let next = challenged(auth.sign_in("frank", &pw(PASSWORD), None).await);
    assert_eq!(next.challenge, Challenge::SoftwareTokenMfa);

    // Answering MFA_SETUP before a code was verified does not issue tokens.
    seed(&pool, &ids.0, "gus", &[]);
    let client = pool.user_client().await;
    let out = password_auth(&client, &ids.1, "gus", PASSWORD)
        .await
        .unwrap();
    assert_eq!(out.challenge_name, Some(ChallengeNameType::MfaSetup));
    let responses = HashMap::from([("USERNAME".to_string(), "gus".to_string())]);
    let err = respond(
        &client,
        &ids.1,
        ChallengeNameType::MfaSetup,
        out.session,
        responses,
    )
    .await;
    assert!(err.unwrap_err().starts_with("InvalidParameterException"));
}

#[tokio::test]
async fn sms_mfa_code_from_the_outbox_and_wrong_codes_use_up_the_session() {
    let pool = TestPool::start().await;
    let ids = mfa_pool(&pool, "OPTIONAL");
    seed(&pool, &ids.0, "gina", &[("phone_number", "+15555550123")]);
    update_user(&pool, &ids.0, "gina", |u| u.sms_mfa_enabled = true);
    let auth = authenticator(&pool, &ids, None).await;
    let pending = challenged(auth.sign_in("gina", &pw(PASSWORD), None).await);
    assert_eq!(
        pending.challenge,
        Challenge::SmsMfa {
            destination: Some("+*******0123".into())
        }
    );
    let code = pool.last_code("gina").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let err = auth
        .answer(&pending, Answer::Code(wrong.into()))
        .await
        .unwrap_err();
    assert_eq!(err, ServiceError::CodeMismatch);
    let tokens = signed_in(auth.answer(&pending, Answer::Code(code)).await);
    verify(&pool, &ids, &tokens).await;

    let client = pool.user_client().await;
    let out = password_auth(&client, &ids.1, "gina", PASSWORD)
        .await
        .unwrap();
    assert_eq!(out.challenge_name, Some(ChallengeNameType::SmsMfa));
    let params = out.challenge_parameters.unwrap();
    assert_eq!(params["CODE_DELIVERY_DELIVERY_MEDIUM"], "SMS");
    assert_eq!(params["USER_ID_FOR_SRP"], "gina");
    let code = pool.last_code("gina").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let answer = |c: &str| {
        HashMap::from([
            ("USERNAME".to_string(), "gina".to_string()),
            ("SMS_MFA_CODE".to_string(), c.to_string()),
        ])
    };
    for _ in 0..3 {
        let err = respond(
            &client,
            &ids.1,
            ChallengeNameType::SmsMfa,
            out.session.clone(),
            answer(wrong),
        );
        assert_eq!(
            err.await.unwrap_err(),
            "CodeMismatchException: Invalid code received for user"
        );
    }
    let err = respond(
        &client,
        &ids.1,
        ChallengeNameType::SmsMfa,
        out.session.clone(),
        answer(&code),
    );
    assert_eq!(err.await.unwrap_err(), EXPIRED_SESSION);

    // A session outlives its three minutes for nobody.
    let out = password_auth(&client, &ids.1, "gina", PASSWORD)
        .await
        .unwrap();
    let code = pool.last_code("gina").await;
    pool.pool.advance_clock(200);
    let err = respond(
        &client,
        &ids.1,
        ChallengeNameType::SmsMfa,
        out.session,
        answer(&code),
    );
    assert_eq!(err.await.unwrap_err(), EXPIRED_SESSION);
}

#[tokio::test]
async fn select_mfa_type_when_both_are_enabled_without_a_preference() {
    let pool = TestPool::start().await;
    let ids = mfa_pool(&pool, "OPTIONAL");
    seed(&pool, &ids.0, "hank", &[("phone_number", "+15555550199")]);
    let secret = totp::new_secret().unwrap();
    let stored = secret.clone();
    update_user(&pool, &ids.0, "hank", move |u| {
        u.sms_mfa_enabled = true;
        u.totp_enabled = true;
        u.totp_secret = Some(stored);
    });
    let auth = authenticator(&pool, &ids, None).await;
    let pending = challenged(auth.sign_in("hank", &pw(PASSWORD), None).await);
    assert_eq!(
        pending.challenge,
        Challenge::SelectMfaType {
            options: vec![MfaKind::Sms, MfaKind::SoftwareToken]
        }
    );
    let next = challenged(
        auth.answer(&pending, Answer::SelectMfa(MfaKind::SoftwareToken))
            .await,
    );
    assert_eq!(next.challenge, Challenge::SoftwareTokenMfa);
    let code = totp::code_at(&secret, pool_now(&pool)).unwrap();
    signed_in(auth.answer(&next, Answer::Code(code)).await);

    update_user(&pool, &ids.0, "hank", |u| {
        u.preferred_mfa = Some("SMS_MFA".into())
    });
    let pending = challenged(auth.sign_in("hank", &pw(PASSWORD), None).await);
    assert!(
        matches!(pending.challenge, Challenge::SmsMfa { .. }),
        "{pending:?}"
    );
}

#[tokio::test]
async fn refresh_gives_new_tokens_under_the_same_refresh_token_until_revoked() {
    let pool = TestPool::start().await;
    let ids = standard_pool(&pool);
    seed(&pool, &ids.0, "alice", &[]);
    let auth = authenticator(&pool, &ids, None).await;
    let tokens = signed_in(auth.sign_in("alice", &pw(PASSWORD), None).await);
    pool.pool.advance_clock(5);
    let fresh = auth.refresh(&tokens).await.expect("refresh");
    assert_ne!(fresh.access_token, tokens.access_token);
    assert_ne!(fresh.id_token, tokens.id_token);
    assert_eq!(fresh.refresh_token, tokens.refresh_token);
    let (old_access, _) = verify(&pool, &ids, &tokens).await;
    let (new_access, _) = verify(&pool, &ids, &fresh).await;
    assert_eq!(
        new_access.claims()["auth_time"],
        old_access.claims()["auth_time"]
    );
    assert_eq!(
        new_access.claims()["origin_jti"],
        old_access.claims()["origin_jti"]
    );

    let client = pool.user_client().await;
    let refresh = tokens.refresh_token.as_ref().unwrap().expose().to_string();
    for flow in [AuthFlowType::RefreshTokenAuth, AuthFlowType::RefreshToken] {
        let out = initiate(&client, &ids.1, flow, &[("REFRESH_TOKEN", &refresh)]).await;
        let result = out.unwrap().authentication_result.unwrap();
        assert!(result.refresh_token.is_none() && result.access_token.is_some());
    }

    pool.pool
        .state()
        .db
        .write(|tx| tokens::revoke_all(tx, &ids.0, "alice"))
        .unwrap();
    let err = auth.refresh(&tokens).await.unwrap_err();
    assert!(
        matches!(err, ServiceError::SessionExpired { .. }),
        "{err:?}"
    );
    let params = [("REFRESH_TOKEN", refresh.as_str())];
    let out = initiate(&client, &ids.1, AuthFlowType::RefreshTokenAuth, &params);
    assert_eq!(
        out.await.unwrap_err(),
        "NotAuthorizedException: Refresh Token has been revoked"
    );
}

#[tokio::test]
async fn secret_blocks_and_sessions_work_only_for_their_client_and_challenge() {
    let pool = TestPool::start().await;
    let ids = mfa_pool(&pool, "OPTIONAL");
    seed(&pool, &ids.0, "ivy", &[("phone_number", "+15555550111")]);
    update_user(&pool, &ids.0, "ivy", |u| u.sms_mfa_enabled = true);
    // A second app client of the same pool.
    let other = pool
        .pool
        .state()
        .db
        .write(|tx| {
            let mut client = pools::get_pool_client(tx, &ids.0, &ids.1)?;
            client.id = "second-client".into();
            pools::save_client(tx, &client)?;
            Ok(client.id)
        })
        .unwrap();
    let client = pool.user_client().await;
    let now = OffsetDateTime::now_utc();
    let responses = srp_answer(&client, &ids, None, "ivy", PASSWORD, now)
        .await
        .unwrap();
    assert_eq!(
        verifier(&client, &other, responses).await.unwrap_err(),
        WRONG
    );

    let out = password_auth(&client, &ids.1, "ivy", PASSWORD)
        .await
        .unwrap();
    let code = pool.last_code("ivy").await;
    let answer = HashMap::from([
        ("USERNAME".to_string(), "ivy".to_string()),
        ("SMS_MFA_CODE".to_string(), code),
    ]);
    // Naming the wrong challenge is a mistake the session survives.
    let err = respond(
        &client,
        &ids.1,
        ChallengeNameType::SoftwareTokenMfa,
        out.session.clone(),
        answer.clone(),
    );
    assert!(
        err.await
            .unwrap_err()
            .starts_with("InvalidParameterException")
    );
    let err = client
        .associate_software_token()
        .set_session(out.session.clone())
        .send()
        .await;
    assert_eq!(
        describe(err.unwrap_err()),
        "NotAuthorizedException: Invalid session for the user."
    );
    let out = password_auth(&client, &ids.1, "ivy", PASSWORD)
        .await
        .unwrap();
    let code = pool.last_code("ivy").await;
    let answer = HashMap::from([
        ("USERNAME".to_string(), "ivy".to_string()),
        ("SMS_MFA_CODE".to_string(), code),
    ]);
    let err = respond(
        &client,
        &ids.1,
        ChallengeNameType::SoftwareTokenMfa,
        out.session.clone(),
        answer.clone(),
    );
    assert!(
        err.await
            .unwrap_err()
            .starts_with("InvalidParameterException")
    );
    let ok = respond(
        &client,
        &ids.1,
        ChallengeNameType::SmsMfa,
        out.session.clone(),
        answer.clone(),
    );
    assert!(ok.await.unwrap().authentication_result.is_some());

    let out = password_auth(&client, &ids.1, "ivy", PASSWORD)
        .await
        .unwrap();
    let err = respond(
        &client,
        &other,
        ChallengeNameType::SmsMfa,
        out.session,
        answer,
    );
    assert_eq!(
        err.await.unwrap_err(),
        "NotAuthorizedException: Invalid session for the user."
    );
    let err = respond(
        &client,
        &ids.1,
        ChallengeNameType::SmsMfa,
        None,
        HashMap::new(),
    );
    assert_eq!(
        err.await.unwrap_err(),
        "InvalidParameterException: Missing required parameter Session"
    );
}

/// Hiding user existence, a missing name locks after five wrong passwords exactly as a user
/// does (issue 14, point 5): the sixth try says "Password attempts exceeded" for both, by
/// password and by SRP.
#[tokio::test]
async fn a_missing_name_locks_like_a_user() {
    let pool = TestPool::start().await;
    let ids = standard_pool(&pool);
    seed(&pool, &ids.0, "alice", &[]);
    let client = pool.user_client().await;
    let now = OffsetDateTime::now_utc();
    let mut seen = Vec::new();
    for name in ["alice", "ghost"] {
        let mut answers = Vec::new();
        for i in 0..5 {
            // Wrong passwords, alternately by password and by SRP.
            let err = if i % 2 == 0 {
                password_auth(&client, &ids.1, name, "Wrong-Horse-9")
                    .await
                    .unwrap_err()
            } else {
                let srp = srp_answer(&client, &ids, None, name, "Wrong-Horse-9", now).await;
                verifier(&client, &ids.1, srp.unwrap()).await.unwrap_err()
            };
            answers.push(err);
        }
        // Inside the lock, whatever the wall clock does meanwhile.
        pool.pool.advance_clock(-30);
        answers.push(
            password_auth(&client, &ids.1, name, PASSWORD)
                .await
                .unwrap_err(),
        );
        let srp = srp_answer(&client, &ids, None, name, PASSWORD, now).await;
        answers.push(verifier(&client, &ids.1, srp.unwrap()).await.unwrap_err());
        pool.pool.advance_clock(30);
        seen.push(answers);
    }
    assert_eq!(seen[0], seen[1]);
    assert_eq!(seen[0][..5], vec![WRONG.to_string(); 5][..]);
    assert_eq!(
        seen[0][5..],
        vec!["NotAuthorizedException: Password attempts exceeded".to_string(); 2][..]
    );
}
