//! The account tasks of the TUI's worker against the embedded local pool over loopback:
//! profile edits, password change, email verification, global sign-out, account deletion.

use crate::pool_support;

use cognito_tui::secret::SecretString;
use cognito_tui::service::ServiceError;
use cognito_tui::service::account::User;
use cognito_tui::store::{SessionStore, StorePaths};
use cognito_tui::tui::msg::account::{AccountMsg, AccountTask};
use cognito_tui::tui::msg::{
    Conn, HomeData, LOCAL_DEMO_PROFILE, Msg, PoolHandle, SignInResult, Task,
};
use cognito_tui::tui::screens::attributes::refused_attribute;
use cognito_tui::tui::worker::Worker;

struct Fixture {
    _dir: tempfile::TempDir,
    paths: StorePaths,
    worker: Worker,
    pool: PoolHandle,
    conn: Conn,
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = StorePaths::new(dir.path().join("config"), dir.path().join("data"));
    let worker = Worker::new(paths.clone());
    let pool = pool_support::start(&worker).await;
    let connected = pool_support::connect(&worker, &pool).await;
    Fixture {
        _dir: dir,
        paths,
        worker,
        pool,
        conn: connected.conn,
    }
}

impl Fixture {
    async fn sign_in(&self, username: &str, password: &str) -> Result<HomeData, String> {
        let task = Task::SignIn {
            conn: self.conn.clone(),
            username: username.into(),
            password: SecretString::new(password),
        };
        match self.worker.perform(task).await {
            Msg::SignIn(Ok(SignInResult::Home(home, _))) => Ok(*home),
            other => Err(format!("{other:?}")),
        }
    }

    async fn run(&self, task: AccountTask) -> AccountMsg {
        let task = Task::Account {
            conn: self.conn.clone(),
            task,
        };
        match self.worker.perform(task).await {
            Msg::Account(msg) => msg,
            other => panic!("not an account result: {other:?}"),
        }
    }

    async fn user(&self, home: &HomeData) -> Result<User, ServiceError> {
        let task = AccountTask::LoadAttributes {
            session: Box::new(home.session.clone()),
        };
        match self.run(task).await {
            AccountMsg::AttributesLoaded(result) => result.map(|u| *u),
            other => panic!("not a profile: {other:?}"),
        }
    }

    async fn save(&self, home: &HomeData, update: &[(&str, &str)], delete: &[&str]) -> AccountMsg {
        self.run(AccountTask::SaveAttributes {
            session: Box::new(home.session.clone()),
            update: update
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            delete: delete.iter().map(|n| n.to_string()).collect(),
        })
        .await
    }

    fn saved_session(&self, username: &str) -> bool {
        SessionStore::new(&self.paths)
            .load(LOCAL_DEMO_PROFILE, username)
            .ok()
            .flatten()
            .is_some()
    }

    /// The newest code the pool "sent" to `username`.
    async fn last_code(&self, username: &str) -> String {
        pool_support::last_code(&self.pool, username).await
    }
}

#[tokio::test]
async fn given_name_is_saved_and_a_deleted_attribute_goes() {
    let f = fixture().await;
    let home = f.sign_in("alice", "Alice-Demo-2024!").await.expect("alice");
    let AccountMsg::AttributesSaved(Ok(saved)) = f
        .save(&home, &[("given_name", "Alicia")], &["custom:team"])
        .await
    else {
        panic!("not saved")
    };
    assert!(saved.deliveries.is_empty());
    assert_eq!(saved.user.attribute("given_name"), Some("Alicia"));
    assert_eq!(saved.user.attribute("custom:team"), None);
    let again = f.user(&home).await.expect("user");
    assert_eq!(again.attribute("given_name"), Some("Alicia"));
}

#[tokio::test]
async fn an_immutable_attribute_is_refused_in_words_the_editor_reads() {
    let f = fixture().await;
    let home = f.sign_in("bob", "Bob-Demo-2024!").await.expect("bob");
    let AccountMsg::AttributesSaved(Err(e)) =
        f.save(&home, &[("custom:employee_id", "X9")], &[]).await
    else {
        panic!("an immutable attribute was written")
    };
    assert_eq!(refused_attribute(&e).as_deref(), Some("custom:employee_id"));
    let AccountMsg::AttributesSaved(Err(e)) = f.save(&home, &[("phone_number", "12")], &[]).await
    else {
        panic!("a bad phone number was written")
    };
    assert!(e.to_string().contains("phone number"), "{e}");
}

#[tokio::test]
async fn a_changed_password_signs_in_and_a_wrong_current_one_is_told() {
    let f = fixture().await;
    let home = f.sign_in("carol", "Carol-Demo-2024!").await.expect("carol");
    let change = |current: &str| AccountTask::ChangePassword {
        session: Box::new(home.session.clone()),
        current: SecretString::new(current),
        new: SecretString::new("Carol-Changed-2024!"),
    };
    let wrong = f.run(change("not-it")).await;
    assert!(matches!(
        wrong,
        AccountMsg::PasswordChanged(Err(ServiceError::WrongCredentials))
    ));
    let right = f.run(change("Carol-Demo-2024!")).await;
    assert!(
        matches!(right, AccountMsg::PasswordChanged(Ok(()))),
        "{right:?}"
    );
    assert!(f.sign_in("carol", "Carol-Demo-2024!").await.is_err());
    f.sign_in("carol", "Carol-Changed-2024!")
        .await
        .expect("the new password");
}

#[tokio::test]
async fn a_new_email_is_verified_with_the_code_from_the_outbox() {
    let f = fixture().await;
    let home = f.sign_in("dave", "Dave-Demo-2024!").await.expect("dave");
    let AccountMsg::AttributesSaved(Ok(saved)) =
        f.save(&home, &[("email", "dave@new.example")], &[]).await
    else {
        panic!("not saved")
    };
    assert_eq!(saved.deliveries.len(), 1);
    assert_eq!(saved.deliveries[0].attribute.as_deref(), Some("email"));
    assert!(!saved.user.email_verified);
    let wrong = f
        .run(AccountTask::VerifyAttribute {
            session: Box::new(home.session.clone()),
            attribute: "email".into(),
            code: SecretString::new("000000x"),
        })
        .await;
    assert!(matches!(wrong, AccountMsg::Verified { result: Err(_), .. }));
    // A resend works too; the newest code is the one to use.
    let sent = f
        .run(AccountTask::SendCode {
            session: Box::new(home.session.clone()),
            attribute: "email".into(),
        })
        .await;
    assert!(matches!(sent, AccountMsg::CodeSent(Ok(_))), "{sent:?}");
    let newest = f.last_code("dave").await;
    let verified = f
        .run(AccountTask::VerifyAttribute {
            session: Box::new(home.session.clone()),
            attribute: "email".into(),
            code: SecretString::new(newest),
        })
        .await;
    assert!(
        matches!(verified, AccountMsg::Verified { result: Ok(()), .. }),
        "{verified:?}"
    );
    let AccountMsg::HomeReloaded(Ok(reloaded)) = f
        .run(AccountTask::ReloadHome {
            username: "dave".into(),
            session: Box::new(home.session.clone()),
        })
        .await
    else {
        panic!("no reload")
    };
    assert_eq!(reloaded.email.as_deref(), Some("dave@new.example"));
    assert!(reloaded.email_verified);
}

#[tokio::test]
async fn global_sign_out_revokes_every_token_and_forgets_the_session() {
    let f = fixture().await;
    let home = f.sign_in("erin", "Erin-Demo-2024!").await.expect("erin");
    let other_device = f
        .sign_in("erin", "Erin-Demo-2024!")
        .await
        .expect("erin again");
    assert!(f.saved_session("erin"));
    let msg = f
        .run(AccountTask::GlobalSignOut {
            username: "erin".into(),
            session: Box::new(home.session.clone()),
        })
        .await;
    let AccountMsg::SignedOutEverywhere(Ok(text)) = msg else {
        panic!("not signed out: {msg:?}")
    };
    assert!(text.contains("every device"), "{text}");
    assert!(!f.saved_session("erin"));
    for session in [&home, &other_device] {
        assert!(matches!(
            f.user(session).await,
            Err(ServiceError::SessionExpired { .. })
        ));
    }
}

#[tokio::test]
async fn a_deleted_account_cannot_sign_in_and_its_session_is_gone() {
    let f = fixture().await;
    let home = f.sign_in("bob", "Bob-Demo-2024!").await.expect("bob");
    let msg = f
        .run(AccountTask::DeleteAccount {
            username: "bob".into(),
            session: Box::new(home.session.clone()),
        })
        .await;
    assert!(matches!(msg, AccountMsg::Deleted(Ok(_))), "{msg:?}");
    assert!(!f.saved_session("bob"));
    assert!(f.sign_in("bob", "Bob-Demo-2024!").await.is_err());
}

/// A screen left open past the access token's expiry: the worker refreshes before the call.
#[tokio::test]
async fn an_account_call_after_the_access_token_expired_refreshes_first() {
    let f = fixture().await;
    let home = f
        .sign_in("alice", "Alice-Demo-2024!")
        .await
        .expect("signed in");
    // An access token the pool refuses (as it would an expired one), with a good refresh token.
    let stale = |expires_at| {
        let mut tokens = home.session.tokens().clone();
        tokens.access_token = SecretString::new("no-longer-valid");
        tokens.expires_at = expires_at;
        Box::new(cognito_tui::service::session::Session::new(tokens))
    };
    let now = time::OffsetDateTime::now_utc();
    // Not known to be expired here: sent as it is, and refused by the pool.
    let task = AccountTask::LoadAttributes {
        session: stale(now + time::Duration::hours(1)),
    };
    let AccountMsg::AttributesLoaded(Err(refused)) = f.run(task).await else {
        panic!("a bad access token was accepted")
    };
    assert!(
        matches!(refused, ServiceError::NotAuthorized { .. }),
        "{refused:?}"
    );
    // Known to be expired: refreshed first, and the call goes through.
    let task = AccountTask::LoadAttributes {
        session: stale(now - time::Duration::minutes(1)),
    };
    match f.run(task).await {
        AccountMsg::AttributesLoaded(Ok(user)) => {
            assert_eq!(user.attribute("given_name"), Some("Alice"))
        }
        other => panic!("not loaded after a refresh: {other:?}"),
    }
}
