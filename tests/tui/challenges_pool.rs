//! The TUI's worker answering sign-in challenges and changing MFA settings against a real local
//! pool over loopback: new password with a required attribute, MFA setup, authenticator and
//! SMS codes (from the outbox), the choice of method, wrong codes retried.

use crate::common;

use std::collections::BTreeMap;
use std::sync::Arc;

use cognito_tui::local_pool::totp;
use cognito_tui::local_pool::users::UserStatus;
use cognito_tui::secret::SecretString;
use cognito_tui::service::ServiceError;
use cognito_tui::service::account::{Account, MfaSettings, TotpSetup};
use cognito_tui::service::auth::{Answer, Challenge, MfaKind, PendingChallenge};
use cognito_tui::store::{SessionStore, StorePaths};
use cognito_tui::tui::msg::{
    ChallengeMsg, ChallengeTask, Conn, HomeData, MfaAction, MfaReply, Msg, SignInResult, Task,
};
use cognito_tui::tui::worker::Worker;
use common::TestPool;
use serde_json::{Value, json};

const PASSWORD: &str = "Start-Pass-2024!";
const PROFILE: &str = "test";

struct Setup {
    pool: TestPool,
    worker: Worker,
    paths: StorePaths,
    conn: Conn,
    pool_id: String,
    _dir: tempfile::TempDir,
}

fn client() -> Value {
    json!({
        "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        "PreventUserExistenceErrors": "ENABLED",
    })
}

/// A pool with `mfa` ("ON" or "OPTIONAL") and `schema`, and the worker over a temp store.
async fn setup(mfa: &str, schema: Value) -> Setup {
    let pool = TestPool::start().await;
    let (pool_id, client_id) =
        pool.seed_pool(json!({"MfaConfiguration": mfa, "Schema": schema}), client());
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = StorePaths::new(dir.path().join("config"), dir.path().join("data"));
    let settings = pool.settings(&pool_id, &client_id, None);
    let operator = cognito_tui::service::admin::Operator::new(
        settings.clone(),
        cognito_tui::service::admin::OperatorCredentials::local_pool(),
    );
    let account = Account::new(settings).await.expect("account service");
    let conn = Conn {
        account: Arc::new(account),
        operator: Arc::new(operator),
        profile: PROFILE.into(),
        label: "test pool".into(),
    };
    Setup {
        worker: Worker::new(paths.clone()),
        pool,
        paths,
        conn,
        pool_id,
        _dir: dir,
    }
}

impl Setup {
    fn seed(&self, name: &str, attrs: &[(&str, &str)], status: UserStatus) {
        self.pool
            .seed_user(&self.pool_id, name, PASSWORD, attrs, status);
    }

    fn code(&self, secret: &str) -> String {
        let now = self.pool.pool.state().now().unsigned_abs();
        totp::code_at(secret, now).expect("the secret decodes")
    }

    async fn sign_in(&self, username: &str, password: &str) -> Result<SignInResult, ServiceError> {
        let task = Task::SignIn {
            conn: self.conn.clone(),
            username: username.into(),
            password: SecretString::new(password),
        };
        match self.worker.perform(task).await {
            Msg::SignIn(result) => result,
            other => panic!("unexpected {other:?}"),
        }
    }

    async fn task(&self, task: ChallengeTask) -> ChallengeMsg {
        let task = Task::Challenge {
            conn: self.conn.clone(),
            task,
        };
        match self.worker.perform(task).await {
            Msg::Challenge(msg) => msg,
            other => panic!("unexpected {other:?}"),
        }
    }

    async fn answer(
        &self,
        username: &str,
        pending: &PendingChallenge,
        answer: Answer,
    ) -> Result<SignInResult, ServiceError> {
        let task = ChallengeTask::Answer {
            username: username.into(),
            pending: Box::new(pending.clone()),
            answer,
        };
        match self.task(task).await {
            ChallengeMsg::Answered(result) => result,
            other => panic!("unexpected {other:?}"),
        }
    }

    async fn mfa(&self, home: &HomeData, action: MfaAction) -> Result<MfaReply, ServiceError> {
        let task = ChallengeTask::Mfa {
            username: home.username.clone(),
            session: Box::new(home.session.clone()),
            action,
        };
        match self.task(task).await {
            ChallengeMsg::Mfa { result, notice, .. } => {
                assert_eq!(notice, None);
                result
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    fn saved(&self, username: &str) -> bool {
        SessionStore::new(&self.paths)
            .load(PROFILE, username)
            .ok()
            .flatten()
            .is_some()
    }
}

fn challenge(result: Result<SignInResult, ServiceError>) -> PendingChallenge {
    match result {
        Ok(SignInResult::Challenge(pending)) => *pending,
        other => panic!("expected a challenge, got {other:?}"),
    }
}

fn home(result: Result<SignInResult, ServiceError>) -> HomeData {
    match result {
        Ok(SignInResult::Home(home, None)) => *home,
        other => panic!("expected to be signed in, got {other:?}"),
    }
}

/// Sets up an authenticator app from the MFA settings; returns its secret.
async fn set_up_totp(s: &Setup, home: &HomeData) -> String {
    let Ok(MfaReply::Secret(TotpSetup {
        secret,
        otpauth_uri,
    })) = s.mfa(home, MfaAction::SetupTotp).await
    else {
        panic!("no secret")
    };
    assert!(otpauth_uri.expose().contains(secret.expose()));
    let secret = secret.expose().to_string();
    let wrong = s
        .mfa(
            home,
            MfaAction::VerifyTotp {
                code: other_code(&s.code(&secret)),
            },
        )
        .await;
    assert!(
        matches!(wrong, Err(ServiceError::CodeMismatch)),
        "{wrong:?}"
    );
    let right = s
        .mfa(
            home,
            MfaAction::VerifyTotp {
                code: s.code(&secret),
            },
        )
        .await;
    let Ok(MfaReply::Changed(settings, _)) = right else {
        panic!("not verified: {right:?}")
    };
    assert!(settings.enabled.contains(&MfaKind::SoftwareToken));
    assert_eq!(settings.preferred, Some(MfaKind::SoftwareToken));
    secret
}

fn other_code(code: &str) -> String {
    if code == "000000" { "111111" } else { "000000" }.to_string()
}

#[tokio::test]
async fn new_password_with_a_required_attribute_then_mfa_setup_then_signed_in() {
    let schema = json!([{"Name": "given_name", "AttributeDataType": "String", "Mutable": true, "Required": true}]);
    let s = setup("ON", schema).await;
    s.seed("dora", &[], UserStatus::ForceChangePassword);

    let pending = challenge(s.sign_in("dora", PASSWORD).await);
    let Challenge::NewPasswordRequired {
        required_attributes,
        ..
    } = &pending.challenge
    else {
        panic!("expected a new password, got {pending:?}")
    };
    assert_eq!(required_attributes, &["given_name"]);
    let answer = |password: &str, given: Option<&str>| Answer::NewPassword {
        password: SecretString::new(password),
        attributes: given
            .map(|g| BTreeMap::from([("given_name".to_string(), g.to_string())]))
            .unwrap_or_default(),
    };
    // A password the policy refuses keeps the challenge for another try.
    let weak = s
        .answer("dora", &pending, answer("short", Some("Dora")))
        .await;
    assert!(
        matches!(weak, Err(ServiceError::PasswordPolicy { .. })),
        "{weak:?}"
    );
    let setup = challenge(
        s.answer("dora", &pending, answer("Dora-New-2025!", Some("Dora")))
            .await,
    );
    assert!(matches!(setup.challenge, Challenge::MfaSetup { .. }));
    assert!(!s.saved("dora"));

    let ChallengeMsg::TotpAssociated(Ok((totp_setup, next))) = s
        .task(ChallengeTask::AssociateTotp {
            username: "dora".into(),
            pending: Box::new(setup),
        })
        .await
    else {
        panic!("no secret")
    };
    let secret = totp_setup.secret.expose().to_string();
    let uri = totp_setup.otpauth_uri.expose();
    assert!(
        uri.starts_with("otpauth://totp/") && uri.contains(":dora?secret="),
        "{uri}"
    );
    let code = |s: &Setup| Answer::TotpSetupCode {
        code: s.code(&secret),
        device_name: None,
    };
    let wrong = Answer::TotpSetupCode {
        code: other_code(&s.code(&secret)),
        device_name: None,
    };
    let retry = s.answer("dora", &next, wrong).await;
    assert!(
        matches!(retry, Err(ServiceError::CodeMismatch)),
        "{retry:?}"
    );
    let signed_in = home(s.answer("dora", &next, code(&s)).await);
    assert_eq!(signed_in.username, "dora");
    assert!(s.saved("dora"));

    // The next sign-in asks for the authenticator's code (a later one: codes work once).
    s.pool.pool.advance_clock(30);
    let pending = challenge(s.sign_in("dora", "Dora-New-2025!").await);
    assert_eq!(pending.challenge, Challenge::SoftwareTokenMfa);
    home(
        s.answer("dora", &pending, Answer::Code(s.code(&secret)))
            .await,
    );
}

#[tokio::test]
async fn software_token_mfa_from_the_settings_with_a_wrong_code_retried_then_removed() {
    let s = setup("OPTIONAL", json!([])).await;
    s.seed(
        "erin",
        &[("email", "erin@example.com")],
        UserStatus::Confirmed,
    );
    let first = home(s.sign_in("erin", PASSWORD).await);
    let Ok(MfaReply::Settings(MfaSettings { enabled, .. })) = s.mfa(&first, MfaAction::Load).await
    else {
        panic!("no settings")
    };
    assert!(enabled.is_empty());
    let secret = set_up_totp(&s, &first).await;

    let pending = challenge(s.sign_in("erin", PASSWORD).await);
    assert_eq!(pending.challenge, Challenge::SoftwareTokenMfa);
    let wrong = s
        .answer("erin", &pending, Answer::Code(other_code(&s.code(&secret))))
        .await;
    assert!(
        matches!(wrong, Err(ServiceError::CodeMismatch)),
        "{wrong:?}"
    );
    let second = home(
        s.answer("erin", &pending, Answer::Code(s.code(&secret)))
            .await,
    );

    let removed = s.mfa(&second, MfaAction::RemoveTotp).await;
    let Ok(MfaReply::Changed(settings, what)) = removed else {
        panic!("not removed: {removed:?}")
    };
    assert!(settings.enabled.is_empty(), "{settings:?}");
    assert!(what.contains("removed"));
    home(s.sign_in("erin", PASSWORD).await);
}

#[tokio::test]
async fn sms_mfa_with_the_code_from_the_outbox() {
    let s = setup("OPTIONAL", json!([])).await;
    s.seed(
        "finn",
        &[
            ("phone_number", "+15555550100"),
            ("phone_number_verified", "true"),
        ],
        UserStatus::Confirmed,
    );
    let first = home(s.sign_in("finn", PASSWORD).await);
    s.conn
        .account
        .set_mfa_preference(first.session.tokens(), Some((true, true)), None)
        .await
        .expect("SMS MFA on");

    let pending = challenge(s.sign_in("finn", PASSWORD).await);
    let Challenge::SmsMfa { destination } = &pending.challenge else {
        panic!("expected SMS_MFA, got {pending:?}")
    };
    assert!(destination.as_deref().is_some_and(|d| d.ends_with("0100")));
    let code = s.pool.last_code("finn").await;
    let wrong = s
        .answer("finn", &pending, Answer::Code(other_code(&code)))
        .await;
    assert!(
        matches!(wrong, Err(ServiceError::CodeMismatch)),
        "{wrong:?}"
    );
    home(s.answer("finn", &pending, Answer::Code(code)).await);
    assert!(s.saved("finn"));
}

#[tokio::test]
async fn select_mfa_type_then_the_chosen_code_and_the_preference_set_from_the_settings() {
    let s = setup("OPTIONAL", json!([])).await;
    s.seed(
        "gail",
        &[
            ("phone_number", "+15555550101"),
            ("phone_number_verified", "true"),
        ],
        UserStatus::Confirmed,
    );
    let first = home(s.sign_in("gail", PASSWORD).await);
    // Both on, neither preferred (set up without the TUI, which prefers a new app): sign-in
    // asks which.
    let account = &s.conn.account;
    let tokens = first.session.tokens();
    let setup = account.setup_totp(tokens, "gail").await.expect("associate");
    let secret = setup.secret.expose().to_string();
    account
        .verify_totp(tokens, &s.code(&secret), None)
        .await
        .expect("verify");
    account
        .set_mfa_preference(tokens, Some((true, false)), Some((true, false)))
        .await
        .expect("both on");

    let pending = challenge(s.sign_in("gail", PASSWORD).await);
    let Challenge::SelectMfaType { options } = &pending.challenge else {
        panic!("expected SELECT_MFA_TYPE, got {pending:?}")
    };
    assert!(options.contains(&MfaKind::Sms) && options.contains(&MfaKind::SoftwareToken));
    let totp = challenge(
        s.answer("gail", &pending, Answer::SelectMfa(MfaKind::SoftwareToken))
            .await,
    );
    assert_eq!(totp.challenge, Challenge::SoftwareTokenMfa);
    let second = home(s.answer("gail", &totp, Answer::Code(s.code(&secret))).await);

    let preferred = s.mfa(&second, MfaAction::Prefer(MfaKind::Sms)).await;
    let Ok(MfaReply::Changed(settings, _)) = preferred else {
        panic!("not preferred: {preferred:?}")
    };
    assert_eq!(settings.preferred, Some(MfaKind::Sms));
    assert!(settings.enabled.contains(&MfaKind::SoftwareToken));
    let sms = challenge(s.sign_in("gail", PASSWORD).await);
    assert!(matches!(sms.challenge, Challenge::SmsMfa { .. }), "{sms:?}");
}

#[tokio::test]
async fn a_used_up_challenge_session_reads_as_expired() {
    let s = setup("OPTIONAL", json!([])).await;
    s.seed("hana", &[], UserStatus::Confirmed);
    let first = home(s.sign_in("hana", PASSWORD).await);
    let secret = set_up_totp(&s, &first).await;
    let pending = challenge(s.sign_in("hana", PASSWORD).await);
    let wrong = Answer::Code(other_code(&s.code(&secret)));
    for _ in 0..3 {
        let retry = s.answer("hana", &pending, wrong.clone()).await;
        assert!(
            matches!(retry, Err(ServiceError::CodeMismatch)),
            "{retry:?}"
        );
    }
    let late = s
        .answer("hana", &pending, Answer::Code(s.code(&secret)))
        .await;
    assert!(
        matches!(late, Err(ServiceError::SessionExpired { .. })),
        "{late:?}"
    );
}
