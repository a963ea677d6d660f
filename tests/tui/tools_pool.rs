//! The tools' worker against a real local pool over loopback (the outbox, signature checks)
//! and against a temp config dir (profile add, edit, delete keeping the user's comments).

use crate::pool_support;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cognito_tui::secret::SecretString;
use cognito_tui::service::account::RegisterRequest;
use cognito_tui::store::{Profile, SessionStore, StorePaths};
use cognito_tui::tui::msg::{Conn, Msg, SignInResult, Task};
use cognito_tui::tui::worker::Worker;
use pool_support::start;

fn worker(dir: &std::path::Path) -> (Worker, StorePaths) {
    let paths = StorePaths::new(dir.join("config"), dir.join("data"));
    (Worker::new(paths.clone()), paths)
}

async fn register(worker: &Worker, conn: &Conn, username: &str) {
    let request = RegisterRequest {
        username: username.into(),
        password: SecretString::new("Newbie-Demo-2024!"),
        attributes: vec![("email".into(), format!("{username}@example.com"))],
    };
    let msg = worker
        .perform(Task::Register {
            conn: conn.clone(),
            request,
        })
        .await;
    assert!(
        matches!(msg, Msg::Registered { result: Ok(_), .. }),
        "{msg:?}"
    );
}

#[tokio::test]
async fn the_outbox_after_sign_ups_shows_the_codes_newest_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (worker, _) = worker(dir.path());
    let pool = start(&worker).await;
    let conn = pool_support::connect(&worker, &pool).await.conn;
    register(&worker, &conn, "first").await;
    register(&worker, &conn, "second").await;
    let Msg::OutboxRead(Ok(entries)) = worker
        .perform(Task::ReadOutbox {
            url: pool.0.url().to_string(),
        })
        .await
    else {
        panic!("the outbox was not read")
    };
    assert_eq!(entries.len(), 2, "{entries:?}");
    assert_eq!(entries[0].username, "second");
    assert_eq!(entries[1].username, "first");
    assert_eq!(entries[0].kind, "sign_up");
    assert_eq!(entries[0].destination, "second@example.com");
    let code = entries[0].code.as_ref().map(|c| c.expose().to_string());
    assert!(code.as_ref().is_some_and(|c| c.len() == 6), "{code:?}");
    assert!(
        entries[0]
            .message
            .expose()
            .contains(code.as_deref().unwrap_or("-"))
    );
    assert!(entries[0].time.is_some());
    // Codes never reach Debug output.
    assert!(!format!("{entries:?}").contains(code.as_deref().unwrap_or("-")));

    // A pool that is gone is an error in words.
    let url = pool.0.url().to_string();
    drop(pool);
    let gone = worker.perform(Task::ReadOutbox { url: url.clone() }).await;
    let Msg::OutboxRead(Err(e)) = gone else {
        panic!("expected an error, got {gone:?}")
    };
    assert!(
        e.contains("could not be read from") && e.contains(&url),
        "{e}"
    );
}

#[tokio::test]
async fn signatures_are_valid_and_a_tampered_token_is_refused_with_the_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (worker, _) = worker(dir.path());
    let pool = start(&worker).await;
    let conn = pool_support::connect(&worker, &pool).await.conn;
    let signed_in = worker
        .perform(Task::SignIn {
            conn: conn.clone(),
            username: "alice".into(),
            password: SecretString::new("Alice-Demo-2024!"),
        })
        .await;
    let Msg::SignIn(Ok(SignInResult::Home(home, _))) = signed_in else {
        panic!("alice did not sign in: {signed_in:?}")
    };
    let tokens = home.session.tokens().clone();
    let Msg::TokensVerified(check) = worker
        .perform(Task::VerifyTokens {
            conn: conn.clone(),
            tokens: Box::new(tokens.clone()),
        })
        .await
    else {
        panic!("no verdict")
    };
    let kid = check.id.clone().expect("the ID token is valid");
    assert!(!kid.is_empty());
    assert_eq!(check.access, Ok(kid));

    // Change one claim of the access token and keep its signature.
    let access = tokens.access_token.expose();
    let parts: Vec<&str> = access.split('.').collect();
    let claims = URL_SAFE_NO_PAD.decode(parts[1]).expect("base64 claims");
    let claims = String::from_utf8(claims)
        .expect("JSON")
        .replace("\"alice\"", "\"mallory\"");
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(claims),
        parts[2]
    );
    let mut tampered = tokens.clone();
    tampered.access_token = SecretString::new(forged);
    let Msg::TokensVerified(check) = worker
        .perform(Task::VerifyTokens {
            conn,
            tokens: Box::new(tampered),
        })
        .await
    else {
        panic!("no verdict")
    };
    assert!(check.id.is_ok(), "{check:?}");
    let why = check.access.expect_err("the forged token is refused");
    assert!(why.contains("bad signature"), "{why}");
}

const COMMENTED: &str = "# my profiles\n[profiles.keep]  # the one I use\nuser_pool_id = \"us-east-1_Keep1\" # pool\nclient_id = \"keepclient\"\n";

#[tokio::test]
async fn profiles_are_added_edited_and_deleted_keeping_comments() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (worker, paths) = worker(dir.path());
    std::fs::create_dir_all(&paths.config_dir).expect("config dir");
    let file = paths.profiles_file();
    std::fs::write(&file, COMMENTED).expect("profiles file");

    let mut dev = Profile::new("dev", "eu-west-1_AbC123", "client123");
    dev.client_secret = Some(SecretString::new("s3cret"));
    let saved = worker
        .perform(Task::SaveProfile {
            profile: Box::new(dev.clone()),
            replace: false,
        })
        .await;
    let Msg::ProfileSaved(Ok(changed)) = saved else {
        panic!("not saved: {saved:?}")
    };
    assert_eq!(
        changed.message,
        format!("saved profile dev in {}", file.display())
    );
    assert_eq!(changed.entries.len(), 2);
    assert_eq!(changed.name, "dev");

    let again = worker
        .perform(Task::SaveProfile {
            profile: Box::new(dev.clone()),
            replace: false,
        })
        .await;
    let Msg::ProfileSaved(Err(e)) = again else {
        panic!("a second add was accepted: {again:?}")
    };
    assert!(e.contains("already exists"), "{e}");

    let mut bad = dev.clone();
    bad.endpoint_url = Some("ftp://nope".into());
    let refused = worker
        .perform(Task::SaveProfile {
            profile: Box::new(bad),
            replace: true,
        })
        .await;
    let Msg::ProfileSaved(Err(e)) = refused else {
        panic!("a bad URL was accepted: {refused:?}")
    };
    assert!(e.contains("endpoint_url"), "{e}");

    dev.endpoint_url = Some("http://127.0.0.1:9229".into());
    let edited = worker
        .perform(Task::SaveProfile {
            profile: Box::new(dev),
            replace: true,
        })
        .await;
    let Msg::ProfileSaved(Ok(changed)) = edited else {
        panic!("not edited: {edited:?}")
    };
    assert!(changed.message.starts_with("replaced profile dev in "));
    let text = std::fs::read_to_string(&file).expect("profiles file");
    assert!(
        text.contains("# my profiles") && text.contains("# the one I use"),
        "{text}"
    );
    assert!(
        text.contains("endpoint_url = \"http://127.0.0.1:9229\""),
        "{text}"
    );

    // A saved session goes with its profile.
    let sessions = SessionStore::new(&paths);
    let tokens = cognito_tui::service::tokens::Tokens {
        id_token: SecretString::new("id"),
        access_token: SecretString::new("access"),
        refresh_token: None,
        expires_at: time::OffsetDateTime::now_utc(),
        username: "u".into(),
        device: None,
    };
    sessions.save("dev", "u", &tokens).expect("session saved");
    let deleted = worker
        .perform(Task::DeleteProfile { name: "dev".into() })
        .await;
    let Msg::ProfileDeleted(Ok(changed)) = deleted else {
        panic!("not deleted: {deleted:?}")
    };
    assert_eq!(
        changed.message,
        "removed profile dev and its saved sessions"
    );
    assert_eq!(changed.entries.len(), 1);
    assert_eq!(sessions.last_username("dev").ok().flatten(), None);
    let text = std::fs::read_to_string(&file).expect("profiles file");
    assert!(
        text.contains("# my profiles") && !text.contains("[profiles.dev]"),
        "{text}"
    );

    let missing = worker
        .perform(Task::DeleteProfile { name: "dev".into() })
        .await;
    let Msg::ProfileDeleted(Err(e)) = missing else {
        panic!("deleting twice worked: {missing:?}")
    };
    assert!(e.contains("no profile named"), "{e}");
}
