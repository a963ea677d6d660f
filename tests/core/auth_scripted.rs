//! The sign-in state machine against scripted SDK responses (aws-smithy-mocks): success, every
//! challenge kind, every error kind, refresh with and without a client secret. The scripted
//! server checks the SRP signature with real server-side math, so a wrong proof fails here.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::operation::associate_software_token::AssociateSoftwareTokenOutput;
use aws_sdk_cognitoidentityprovider::operation::initiate_auth::InitiateAuthOutput;
use aws_sdk_cognitoidentityprovider::operation::respond_to_auth_challenge::RespondToAuthChallengeOutput;
use aws_sdk_cognitoidentityprovider::operation::verify_software_token::VerifySoftwareTokenOutput;
use aws_sdk_cognitoidentityprovider::types::{
    AuthFlowType, AuthenticationResultType, ChallengeNameType, VerifySoftwareTokenResponseType,
};
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use cognito_tui::cognito::secret_hash::secret_hash;
use cognito_tui::cognito::srp_group as group;
use cognito_tui::cognito::timestamp;
use cognito_tui::secret::SecretString;
use cognito_tui::service::auth::{Answer, Authenticator, Challenge, MfaKind, SignInStep};
use cognito_tui::service::tokens::Tokens;
use cognito_tui::service::{AuthFlow, ServiceError, Settings};
use time::OffsetDateTime;

const POOL_ID: &str = "us-east-1_TestPool1";
const CLIENT_ID: &str = "testclient123";
const SECRET: &str = "the-client-secret";
/// The internal username (a UUID), which differs from the email the user types.
const INTERNAL: &str = "7d8ca528-4931-4254-9273-ea5ee853f271";
const TYPED: &str = "alice@example.com";
const PASSWORD: &str = "Correct horse 1!";

type Log = Arc<Mutex<Vec<HashMap<String, String>>>>;

fn settings(secret: bool) -> Settings {
    let mut s = Settings::new(POOL_ID, CLIENT_ID);
    s.client_secret = secret.then(|| SecretString::new(SECRET));
    s
}

fn fake_jwt(claims: serde_json::Value) -> String {
    let part = |v: serde_json::Value| URL_SAFE_NO_PAD.encode(v.to_string());
    format!(
        "{}.{}.c2ln",
        part(serde_json::json!({"alg": "RS256", "kid": "k1"})),
        part(claims)
    )
}

fn auth_result(refresh: Option<&str>) -> AuthenticationResultType {
    AuthenticationResultType::builder()
        .access_token(fake_jwt(
            serde_json::json!({"username": INTERNAL, "token_use": "access"}),
        ))
        .id_token(fake_jwt(
            serde_json::json!({"cognito:username": INTERNAL, "token_use": "id"}),
        ))
        .set_refresh_token(refresh.map(str::to_string))
        .expires_in(3600)
        .token_type("Bearer")
        .build()
}

/// The server half of SRP for one user, with a fixed `b`.
struct ScriptedServer {
    salt_hex: String,
    v: crypto_bigint::U3072,
    b: crypto_bigint::U3072,
    srp_b_hex: String,
    secret_block: Vec<u8>,
}

impl ScriptedServer {
    fn new() -> Self {
        let salt_hex = "c0ffee1234567890abcdef0123456789".to_string();
        let x = group::compute_x(&salt_hex, "TestPool1", INTERNAL, PASSWORD).unwrap();
        let v = group::verifier(&x);
        let b = *group::exponent_from_bytes(&[0x5a; 128]);
        let srp_b = group::server_public(&v, &b, 1024);
        Self {
            srp_b_hex: group::to_hex(&srp_b),
            salt_hex,
            v,
            b,
            secret_block: (0u8..=200).collect(),
        }
    }

    fn challenge(&self) -> InitiateAuthOutput {
        InitiateAuthOutput::builder()
            .challenge_name(ChallengeNameType::PasswordVerifier)
            .challenge_parameters("SALT", &self.salt_hex)
            .challenge_parameters("SRP_B", &self.srp_b_hex)
            .challenge_parameters("SECRET_BLOCK", STANDARD.encode(&self.secret_block))
            .challenge_parameters("USER_ID_FOR_SRP", INTERNAL)
            .challenge_parameters("USERNAME", INTERNAL)
            .session("session-1")
            .build()
    }

    /// Recomputes PASSWORD_CLAIM_SIGNATURE as Cognito does.
    fn expected_signature(&self, srp_a_hex: &str, timestamp: &str) -> String {
        let a_pub = group::parse_element("SRP_A", srp_a_hex).unwrap();
        let srp_b = group::parse_element("SRP_B", &self.srp_b_hex).unwrap();
        let u = group::compute_u(&a_pub, &srp_b);
        let s = group::server_premaster(&a_pub, &self.v, &u, &self.b, 1024);
        let key = group::derive_key(&u, &s);
        let msg = group::signature_message("TestPool1", INTERNAL, &self.secret_block, timestamp);
        STANDARD.encode(group::sign(&key, &msg))
    }
}

fn log() -> Log {
    Arc::new(Mutex::new(Vec::new()))
}

fn entries(log: &Log) -> Vec<HashMap<String, String>> {
    log.lock().unwrap().clone()
}

/// InitiateAuth(USER_SRP_AUTH) answered with the server's PASSWORD_VERIFIER challenge.
fn srp_initiate(server: &Arc<ScriptedServer>, seen: &Log) -> aws_smithy_mocks::Rule {
    let (server, seen) = (server.clone(), seen.clone());
    mock!(Client::initiate_auth)
        .match_requests(|r| r.auth_flow() == Some(&AuthFlowType::UserSrpAuth))
        .then_compute_output(move |req| {
            seen.lock()
                .unwrap()
                .push(req.auth_parameters().cloned().unwrap_or_default());
            server.challenge()
        })
}

/// RespondToAuthChallenge for `name`, logging the responses and the session it got.
fn respond(
    name: ChallengeNameType,
    seen: &Log,
    reply: impl Fn() -> RespondToAuthChallengeOutput + Send + Sync + 'static,
) -> aws_smithy_mocks::Rule {
    let seen = seen.clone();
    mock!(Client::respond_to_auth_challenge)
        .match_requests(move |r| r.challenge_name() == Some(&name))
        .then_compute_output(move |req| {
            let mut entry = req.challenge_responses().cloned().unwrap_or_default();
            entry.insert("$session".into(), req.session().unwrap_or("").into());
            seen.lock().unwrap().push(entry);
            reply()
        })
}

fn tokens_reply() -> RespondToAuthChallengeOutput {
    RespondToAuthChallengeOutput::builder()
        .authentication_result(auth_result(Some("refresh-1")))
        .build()
}

fn challenge_reply(
    name: ChallengeNameType,
    params: &[(&str, &str)],
) -> RespondToAuthChallengeOutput {
    let mut out = RespondToAuthChallengeOutput::builder()
        .challenge_name(name)
        .session("session-2")
        .challenge_parameters("USERNAME", INTERNAL);
    for (k, v) in params {
        out = out.challenge_parameters(*k, *v);
    }
    out.build()
}

/// A client whose server answers USER_SRP_AUTH with a real PASSWORD_VERIFIER challenge, then
/// replies to the proof with `after_proof`.
struct Scripted {
    auth: Authenticator,
    server: Arc<ScriptedServer>,
    init_log: Log,
    resp_log: Log,
}

fn scripted(
    secret: bool,
    after_proof: impl Fn() -> RespondToAuthChallengeOutput + Send + Sync + 'static,
) -> Scripted {
    let server = Arc::new(ScriptedServer::new());
    let (init_log, resp_log) = (log(), log());
    let rules = [
        srp_initiate(&server, &init_log),
        respond(ChallengeNameType::PasswordVerifier, &resp_log, after_proof),
    ];
    let client = mock_client!(
        aws_sdk_cognitoidentityprovider,
        RuleMode::Sequential,
        &rules
    );
    Scripted {
        auth: Authenticator::new(client, settings(secret)).unwrap(),
        server,
        init_log,
        resp_log,
    }
}

async fn sign_in(auth: &Authenticator) -> Result<SignInStep, ServiceError> {
    auth.sign_in(TYPED, &SecretString::new(PASSWORD), None)
        .await
}

#[tokio::test]
async fn srp_sign_in_succeeds_with_a_verified_signature() {
    let Scripted {
        auth,
        server,
        init_log,
        resp_log,
    } = scripted(false, tokens_reply);

    let SignInStep::SignedIn(tokens) = sign_in(&auth).await.unwrap() else {
        panic!("expected tokens")
    };
    assert_eq!(tokens.username, INTERNAL);
    assert_eq!(tokens.refresh_token, Some(SecretString::new("refresh-1")));
    assert!(tokens.expires_at > OffsetDateTime::now_utc() + time::Duration::minutes(59));

    let init = &entries(&init_log)[0];
    assert_eq!(init["USERNAME"], TYPED);
    assert!(!init.contains_key("SECRET_HASH"));
    let resp = &entries(&resp_log)[0];
    assert_eq!(resp["USERNAME"], INTERNAL);
    assert_eq!(resp["$session"], "session-1");
    assert_eq!(
        resp["PASSWORD_CLAIM_SECRET_BLOCK"],
        STANDARD.encode(&server.secret_block)
    );
    assert!(timestamp::parse(&resp["TIMESTAMP"]).is_some());
    assert_eq!(
        resp["PASSWORD_CLAIM_SIGNATURE"],
        server.expected_signature(&init["SRP_A"], &resp["TIMESTAMP"]),
        "the scripted server accepts the proof"
    );
    assert!(!resp.contains_key("SECRET_HASH"));
}

#[tokio::test]
async fn a_wrong_password_gives_a_proof_the_server_rejects() {
    let Scripted {
        auth,
        server,
        init_log,
        resp_log,
    } = scripted(false, tokens_reply);
    auth.sign_in(TYPED, &SecretString::new("not the password"), None)
        .await
        .unwrap();
    let (init, resp) = (&entries(&init_log)[0], &entries(&resp_log)[0]);
    assert_ne!(
        resp["PASSWORD_CLAIM_SIGNATURE"],
        server.expected_signature(&init["SRP_A"], &resp["TIMESTAMP"])
    );
}

#[tokio::test]
async fn client_secret_hashes_the_typed_name_then_the_internal_one() {
    let Scripted {
        auth,
        init_log,
        resp_log,
        ..
    } = scripted(true, tokens_reply);
    assert!(matches!(
        sign_in(&auth).await.unwrap(),
        SignInStep::SignedIn(_)
    ));
    assert_eq!(
        entries(&init_log)[0]["SECRET_HASH"],
        secret_hash(SECRET, TYPED, CLIENT_ID)
    );
    assert_eq!(
        entries(&resp_log)[0]["SECRET_HASH"],
        secret_hash(SECRET, INTERNAL, CLIENT_ID)
    );
}

/// Signs in to reach `name`, answers it with `answer`, and returns what the answer sent.
async fn challenge_round_trip(
    name: ChallengeNameType,
    params: &'static [(&'static str, &'static str)],
    expected: Challenge,
    answer: Answer,
) -> HashMap<String, String> {
    let server = Arc::new(ScriptedServer::new());
    let (init_log, resp_log) = (log(), log());
    let reply_name = name.clone();
    let rules = [
        srp_initiate(&server, &init_log),
        respond(ChallengeNameType::PasswordVerifier, &resp_log, move || {
            challenge_reply(reply_name.clone(), params)
        }),
        respond(name, &resp_log, tokens_reply),
    ];
    let client = mock_client!(
        aws_sdk_cognitoidentityprovider,
        RuleMode::Sequential,
        &rules
    );
    let auth = Authenticator::new(client, settings(true)).unwrap();
    let SignInStep::Challenge(pending) = sign_in(&auth).await.unwrap() else {
        panic!("expected a challenge")
    };
    assert_eq!(pending.challenge, expected);
    assert_eq!(pending.username, INTERNAL);
    assert!(
        !format!("{pending:?}").contains("session-2"),
        "Debug hides the session"
    );
    let step = auth.answer(&pending, answer).await.unwrap();
    assert!(matches!(step, SignInStep::SignedIn(_)));
    let sent = entries(&resp_log).pop().unwrap();
    assert_eq!(sent["USERNAME"], INTERNAL);
    assert_eq!(
        sent["$session"], "session-2",
        "the session is carried forward"
    );
    assert_eq!(
        sent["SECRET_HASH"],
        secret_hash(SECRET, INTERNAL, CLIENT_ID)
    );
    sent
}

#[tokio::test]
async fn new_password_required_lists_attributes_and_is_answered() {
    let sent = challenge_round_trip(
        ChallengeNameType::NewPasswordRequired,
        &[
            (
                "requiredAttributes",
                r#"["userAttributes.given_name","userAttributes.custom:team"]"#,
            ),
            (
                "userAttributes",
                r#"{"email":"alice@example.com","email_verified":"true"}"#,
            ),
        ],
        Challenge::NewPasswordRequired {
            required_attributes: vec!["given_name".into(), "custom:team".into()],
            current_attributes: BTreeMap::from([
                ("email".into(), "alice@example.com".into()),
                ("email_verified".into(), "true".into()),
            ]),
        },
        Answer::NewPassword {
            password: SecretString::new("N3w-Password!"),
            attributes: BTreeMap::from([
                ("given_name".into(), "Alice".into()),
                ("custom:team".into(), "blue".into()),
            ]),
        },
    )
    .await;
    assert_eq!(sent["NEW_PASSWORD"], "N3w-Password!");
    assert_eq!(sent["userAttributes.given_name"], "Alice");
    assert_eq!(sent["userAttributes.custom:team"], "blue");
}

#[tokio::test]
async fn software_token_mfa_is_answered_with_the_code() {
    let sent = challenge_round_trip(
        ChallengeNameType::SoftwareTokenMfa,
        &[],
        Challenge::SoftwareTokenMfa,
        Answer::Code("123456".into()),
    )
    .await;
    assert_eq!(sent["SOFTWARE_TOKEN_MFA_CODE"], "123456");
}

#[tokio::test]
async fn sms_mfa_shows_the_destination_and_is_answered() {
    let sent = challenge_round_trip(
        ChallengeNameType::SmsMfa,
        &[
            ("CODE_DELIVERY_DESTINATION", "+*******1234"),
            ("CODE_DELIVERY_DELIVERY_MEDIUM", "SMS"),
        ],
        Challenge::SmsMfa {
            destination: Some("+*******1234".into()),
        },
        Answer::Code("654321".into()),
    )
    .await;
    assert_eq!(sent["SMS_MFA_CODE"], "654321");
}

#[tokio::test]
async fn email_otp_is_answered() {
    let sent = challenge_round_trip(
        ChallengeNameType::EmailOtp,
        &[("CODE_DELIVERY_DESTINATION", "a***@e***")],
        Challenge::EmailOtp {
            destination: Some("a***@e***".into()),
        },
        Answer::Code("11223344".into()),
    )
    .await;
    assert_eq!(sent["EMAIL_OTP_CODE"], "11223344");
}

#[tokio::test]
async fn select_mfa_type_offers_the_listed_kinds() {
    let sent = challenge_round_trip(
        ChallengeNameType::SelectMfaType,
        &[("MFAS_CAN_CHOOSE", r#"["SMS_MFA","SOFTWARE_TOKEN_MFA"]"#)],
        Challenge::SelectMfaType {
            options: vec![MfaKind::Sms, MfaKind::SoftwareToken],
        },
        Answer::SelectMfa(MfaKind::SoftwareToken),
    )
    .await;
    assert_eq!(sent["ANSWER"], "SOFTWARE_TOKEN_MFA");
}

#[tokio::test]
async fn mfa_setup_associates_verifies_then_answers() {
    let server = Arc::new(ScriptedServer::new());
    let (init_log, resp_log, verify_log) = (log(), log(), log());
    let vlog = verify_log.clone();
    let rules = [
        srp_initiate(&server, &init_log),
        respond(ChallengeNameType::PasswordVerifier, &resp_log, || {
            challenge_reply(
                ChallengeNameType::MfaSetup,
                &[("MFAS_CAN_SETUP", r#"["SOFTWARE_TOKEN_MFA"]"#)],
            )
        }),
        mock!(Client::associate_software_token)
            .match_requests(|r| r.session() == Some("session-2"))
            .then_output(|| {
                AssociateSoftwareTokenOutput::builder()
                    .secret_code("JBSWY3DPEHPK3PXP")
                    .session("session-3")
                    .build()
            }),
        mock!(Client::verify_software_token).then_compute_output(move |r| {
            vlog.lock().unwrap().push(HashMap::from([
                ("session".to_string(), r.session().unwrap_or("").to_string()),
                ("code".to_string(), r.user_code().unwrap_or("").to_string()),
                (
                    "device".to_string(),
                    r.friendly_device_name().unwrap_or("").to_string(),
                ),
            ]));
            VerifySoftwareTokenOutput::builder()
                .status(VerifySoftwareTokenResponseType::Success)
                .session("session-4")
                .build()
        }),
        respond(ChallengeNameType::MfaSetup, &resp_log, tokens_reply),
    ];
    let client = mock_client!(
        aws_sdk_cognitoidentityprovider,
        RuleMode::Sequential,
        &rules
    );
    let auth = Authenticator::new(client, settings(false)).unwrap();
    let SignInStep::Challenge(pending) = sign_in(&auth).await.unwrap() else {
        panic!("expected MFA_SETUP")
    };
    assert_eq!(
        pending.challenge,
        Challenge::MfaSetup {
            can_set_up: vec![MfaKind::SoftwareToken]
        }
    );
    let setup = auth.associate_totp(&pending).await.unwrap();
    assert_eq!(setup.secret.expose(), "JBSWY3DPEHPK3PXP");
    let step = auth
        .answer(
            &setup.pending,
            Answer::TotpSetupCode {
                code: "000111".into(),
                device_name: Some("laptop".into()),
            },
        )
        .await
        .unwrap();
    assert!(matches!(step, SignInStep::SignedIn(_)));
    let verify = &entries(&verify_log)[0];
    assert_eq!(verify["session"], "session-3");
    assert_eq!(verify["code"], "000111");
    assert_eq!(verify["device"], "laptop");
    let last = entries(&resp_log).pop().unwrap();
    assert_eq!(last["$session"], "session-4");
    assert_eq!(last["USERNAME"], INTERNAL);
}

#[tokio::test]
async fn an_answer_of_the_wrong_kind_is_refused_locally() {
    let Scripted { auth, .. } = scripted(false, || {
        challenge_reply(
            ChallengeNameType::SelectMfaType,
            &[("MFAS_CAN_CHOOSE", r#"["SMS_MFA"]"#)],
        )
    });
    let SignInStep::Challenge(pending) = sign_in(&auth).await.unwrap() else {
        panic!("expected a challenge")
    };
    let offered_not = auth
        .answer(&pending, Answer::SelectMfa(MfaKind::SoftwareToken))
        .await;
    assert!(matches!(
        offered_not,
        Err(ServiceError::InvalidParameter { .. })
    ));
    let wrong_kind = auth.answer(&pending, Answer::Code("1".into())).await;
    assert!(matches!(
        wrong_kind,
        Err(ServiceError::InvalidParameter { .. })
    ));
}

#[tokio::test]
async fn an_unsupported_challenge_is_named() {
    let Scripted { auth, .. } = scripted(false, || {
        challenge_reply(ChallengeNameType::CustomChallenge, &[])
    });
    assert_eq!(
        sign_in(&auth).await.unwrap_err(),
        ServiceError::UnsupportedChallenge("CUSTOM_CHALLENGE".into())
    );
}

#[tokio::test]
async fn every_error_kind_is_mapped() {
    let cases: Vec<(&str, &str, ServiceError)> = vec![
        (
            "NotAuthorizedException",
            "Incorrect username or password.",
            ServiceError::WrongCredentials,
        ),
        (
            "NotAuthorizedException",
            "User is disabled.",
            ServiceError::UserDisabled,
        ),
        (
            "UserNotConfirmedException",
            "User is not confirmed.",
            ServiceError::UserNotConfirmed,
        ),
        (
            "PasswordResetRequiredException",
            "Password reset required for the user",
            ServiceError::PasswordResetRequired,
        ),
        (
            "UserNotFoundException",
            "User does not exist.",
            ServiceError::UserNotFound,
        ),
        (
            "CodeMismatchException",
            "Invalid code provided, please try again.",
            ServiceError::CodeMismatch,
        ),
        (
            "ExpiredCodeException",
            "Invalid code provided, please request a code again.",
            ServiceError::CodeExpired,
        ),
        (
            "InvalidPasswordException",
            "Password did not conform with policy: Password not long enough",
            ServiceError::PasswordPolicy {
                rule: "Password not long enough".into(),
            },
        ),
        (
            "TooManyRequestsException",
            "Rate exceeded",
            ServiceError::RateLimited {
                detail: "Rate exceeded".into(),
            },
        ),
        (
            "LimitExceededException",
            "Attempt limit exceeded, please try after some time.",
            ServiceError::RateLimited {
                detail: "Attempt limit exceeded, please try after some time.".into(),
            },
        ),
        (
            "NotAuthorizedException",
            "Password attempts exceeded",
            ServiceError::RateLimited {
                detail: "Password attempts exceeded".into(),
            },
        ),
        (
            "ResourceNotFoundException",
            "User pool client testclient123 does not exist.",
            ServiceError::UnknownPoolOrClient {
                detail: "User pool client testclient123 does not exist.".into(),
            },
        ),
        (
            "InvalidParameterException",
            "1 validation error detected: Value at 'clientId' failed to satisfy constraint",
            ServiceError::InvalidParameter {
                detail:
                    "1 validation error detected: Value at 'clientId' failed to satisfy constraint"
                        .into(),
            },
        ),
    ];
    for (code, message, expected) in cases {
        let body = serde_json::json!({"__type": code, "message": message}).to_string();
        // Throttling errors are retried by the SDK: the server keeps answering the same.
        let rule = mock!(Client::initiate_auth)
            .sequence()
            .http_status(400, Some(body))
            .repeatedly()
            .build();
        let client = mock_client!(
            aws_sdk_cognitoidentityprovider,
            RuleMode::Sequential,
            [&rule]
        );
        let auth = Authenticator::new(client, settings(false)).unwrap();
        assert_eq!(
            sign_in(&auth).await.unwrap_err(),
            expected,
            "{code}: {message}"
        );
    }
}

#[tokio::test]
async fn user_password_auth_only_when_the_profile_opts_in() {
    let seen = log();
    let s2 = seen.clone();
    let rule = mock!(Client::initiate_auth)
        .match_requests(|r| r.auth_flow() == Some(&AuthFlowType::UserPasswordAuth))
        .then_compute_output(move |req| {
            s2.lock()
                .unwrap()
                .push(req.auth_parameters().cloned().unwrap_or_default());
            InitiateAuthOutput::builder()
                .authentication_result(auth_result(Some("refresh-1")))
                .build()
        });
    let client = mock_client!(
        aws_sdk_cognitoidentityprovider,
        RuleMode::Sequential,
        [&rule]
    );
    let mut s = settings(true);
    s.auth_flow = AuthFlow::UserPassword;
    let auth = Authenticator::new(client, s).unwrap();
    let SignInStep::SignedIn(tokens) = sign_in(&auth).await.unwrap() else {
        panic!("expected tokens")
    };
    assert_eq!(
        tokens.username, INTERNAL,
        "internal name read from the access token"
    );
    let sent = &entries(&seen)[0];
    assert_eq!(sent["PASSWORD"], PASSWORD);
    assert_eq!(sent["SECRET_HASH"], secret_hash(SECRET, TYPED, CLIENT_ID));
}

fn saved_tokens() -> Tokens {
    Tokens {
        id_token: SecretString::new("old-id"),
        access_token: SecretString::new("old-access"),
        refresh_token: Some(SecretString::new("refresh-1")),
        expires_at: OffsetDateTime::now_utc(),
        username: INTERNAL.into(),
        device: None,
    }
}

async fn refresh_with(secret: bool) -> (Tokens, HashMap<String, String>) {
    let seen = log();
    let s2 = seen.clone();
    let rule = mock!(Client::initiate_auth)
        .match_requests(|r| r.auth_flow() == Some(&AuthFlowType::RefreshTokenAuth))
        .then_compute_output(move |req| {
            s2.lock()
                .unwrap()
                .push(req.auth_parameters().cloned().unwrap_or_default());
            InitiateAuthOutput::builder()
                .authentication_result(auth_result(None))
                .build()
        });
    let client = mock_client!(
        aws_sdk_cognitoidentityprovider,
        RuleMode::Sequential,
        [&rule]
    );
    let auth = Authenticator::new(client, settings(secret)).unwrap();
    let fresh = auth.refresh(&saved_tokens()).await.unwrap();
    (fresh, entries(&seen).remove(0))
}

#[tokio::test]
async fn refresh_without_a_secret_keeps_the_refresh_token() {
    let (fresh, sent) = refresh_with(false).await;
    assert_eq!(sent["REFRESH_TOKEN"], "refresh-1");
    assert!(!sent.contains_key("SECRET_HASH"));
    assert_eq!(fresh.refresh_token, Some(SecretString::new("refresh-1")));
    assert_ne!(fresh.access_token, SecretString::new("old-access"));
    assert!(fresh.expires_at > OffsetDateTime::now_utc() + time::Duration::minutes(59));
}

#[tokio::test]
async fn refresh_with_a_secret_hashes_the_internal_username() {
    let (fresh, sent) = refresh_with(true).await;
    assert_eq!(
        sent["SECRET_HASH"],
        secret_hash(SECRET, INTERNAL, CLIENT_ID)
    );
    assert_eq!(fresh.username, INTERNAL);
}

#[tokio::test]
async fn refresh_rejected_means_sign_in_again() {
    let body = serde_json::json!({"__type": "NotAuthorizedException", "message": "Refresh Token has been revoked"}).to_string();
    let rule = mock!(Client::initiate_auth)
        .sequence()
        .http_status(400, Some(body))
        .build();
    let client = mock_client!(
        aws_sdk_cognitoidentityprovider,
        RuleMode::Sequential,
        [&rule]
    );
    let auth = Authenticator::new(client, settings(false)).unwrap();
    assert!(matches!(
        auth.refresh(&saved_tokens()).await,
        Err(ServiceError::SessionExpired { .. })
    ));
}

#[tokio::test]
async fn an_unreachable_endpoint_is_a_network_error_naming_it() {
    // A loopback port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut s = settings(false);
    s.endpoint_url = Some(format!("http://127.0.0.1:{port}"));
    let client = cognito_tui::service::user_client(&s).await;
    let auth = Authenticator::new(client, s).unwrap();
    match sign_in(&auth).await.unwrap_err() {
        ServiceError::Network { endpoint, .. } => {
            assert_eq!(endpoint, format!("http://127.0.0.1:{port}"))
        }
        other => panic!("expected a network error, got {other:?}"),
    }
}
