//! Session files: round trips, damaged files, and several processes saving at once.

use std::process::Command;

use cognito_tui::service::tokens::Device;
use cognito_tui::store::{SessionStore, StoreError};
use time::macros::datetime;

use crate::{assert_untouched, store, tokens};

#[test]
fn sessions_round_trip_per_profile_and_username() {
    let (_dir, paths) = store();
    let sessions = SessionStore::new(&paths);
    assert_eq!(sessions.load("dev", "alice").unwrap(), None);
    assert_eq!(sessions.last_username("dev").unwrap(), None);
    let mut alice = tokens("a");
    alice.device = Some(Device {
        key: "us-east-1_dev-key".into(),
        group_key: "group-key".into(),
    });
    alice.expires_at = datetime!(2030-01-02 03:04:05.25 +02:00);
    sessions.save("dev", "alice@example.com", &alice).unwrap();
    sessions.save("dev", "bob", &tokens("b")).unwrap();
    sessions
        .save("prod", "alice@example.com", &tokens("p"))
        .unwrap();

    assert_eq!(
        sessions.load("dev", "alice@example.com").unwrap(),
        Some(alice)
    );
    assert_eq!(
        sessions.load("prod", "alice@example.com").unwrap(),
        Some(tokens("p"))
    );
    assert_eq!(
        sessions.usernames("dev").unwrap(),
        ["alice@example.com", "bob"]
    );
    assert_eq!(
        sessions.last_username("dev").unwrap().as_deref(),
        Some("bob")
    );

    let mut no_refresh = tokens("b2");
    no_refresh.refresh_token = None;
    sessions.save("dev", "bob", &no_refresh).unwrap();
    assert_eq!(sessions.load("dev", "bob").unwrap(), Some(no_refresh));

    assert!(sessions.remove("dev", "bob").unwrap());
    assert!(!sessions.remove("dev", "bob").unwrap());
    assert_eq!(sessions.last_username("dev").unwrap(), None);
    assert_eq!(sessions.usernames("dev").unwrap(), ["alice@example.com"]);

    assert!(sessions.remove_profile("dev").unwrap());
    assert!(!sessions.file("dev").unwrap().exists());
    assert_eq!(sessions.usernames("dev").unwrap(), Vec::<String>::new());
    assert_eq!(sessions.usernames("prod").unwrap(), ["alice@example.com"]);
}

#[test]
fn session_files_hold_rfc3339_expiry_and_no_surprises() {
    let (_dir, paths) = store();
    let sessions = SessionStore::new(&paths);
    sessions.save("dev", "alice", &tokens("a")).unwrap();
    let text = std::fs::read_to_string(sessions.file("dev").unwrap()).unwrap();
    assert!(
        text.contains("expires_at = \"2030-01-02T03:04:05Z\""),
        "{text}"
    );
    assert!(
        text.contains("internal_username = \"internal-a\""),
        "{text}"
    );
    assert!(text.contains("last_username = \"alice\""), "{text}");
    assert!(!text.to_lowercase().contains("password"), "{text}");
}

#[test]
fn bad_names_never_become_paths() {
    let (_dir, paths) = store();
    let sessions = SessionStore::new(&paths);
    for name in ["../x", "a/b", "", "a b"] {
        assert!(matches!(
            sessions.save(name, "alice", &tokens("a")),
            Err(StoreError::BadInput(_))
        ));
    }
    assert!(sessions.save("dev", "", &tokens("a")).is_err());
    assert!(sessions.save("dev", "a\nb", &tokens("a")).is_err());
    assert!(!paths.data_dir.exists());
}

#[test]
fn a_corrupt_sessions_file_costs_only_its_profile() {
    let (_dir, paths) = store();
    let sessions = SessionStore::new(&paths);
    sessions.save("dev", "alice", &tokens("a")).unwrap();
    sessions.save("prod", "alice", &tokens("p")).unwrap();
    let path = sessions.file("dev").unwrap();
    let cases: [&[u8]; 3] = [
        b"[users.alice]\nid_token = \"eyJsecret-token-text\nnope",
        b"[users]\nalice = \"eyJsecret-token-text\"\n",
        b"[users.alice]\ninternal_username = \"a\"\n",
    ];
    for bytes in cases {
        std::fs::write(&path, bytes).unwrap();
        let err = sessions.load("dev", "alice").unwrap_err();
        assert_untouched(&path, bytes, &err);
        assert!(!err.to_string().contains("eyJsecret"), "{err}");
        let err = sessions.save("dev", "bob", &tokens("b")).unwrap_err();
        assert_untouched(&path, bytes, &err);
        let err = sessions.remove("dev", "alice").unwrap_err();
        assert_untouched(&path, bytes, &err);
        assert!(sessions.usernames("dev").is_err());
        assert_eq!(sessions.load("prod", "alice").unwrap(), Some(tokens("p")));
        sessions.save("prod", "bob", &tokens("pb")).unwrap();
    }
    // A bad entry is an error for that user only.
    let bad_time = "[users.alice]\ninternal_username = \"a\"\nexpires_at = \"soon\"\n\
                    id_token = \"i\"\naccess_token = \"x\"\n";
    std::fs::write(&path, bad_time).unwrap();
    let err = sessions.load("dev", "alice").unwrap_err().to_string();
    assert!(
        err.contains("dev.toml") && err.contains("not an RFC 3339 time"),
        "{err}"
    );
    sessions.save("dev", "bob", &tokens("b")).unwrap();
    assert_eq!(sessions.load("dev", "bob").unwrap(), Some(tokens("b")));
    // Removing the profile clears even a damaged file: it held only tokens.
    std::fs::write(&path, cases[0]).unwrap();
    assert!(sessions.remove_profile("dev").unwrap());
    assert_eq!(sessions.load("dev", "alice").unwrap(), None);
}

const CHILD_ENV: &str = "COGNITO_TUI_STORE_TEST_CHILD";
const SAVES_PER_CHILD: usize = 20;

/// Runs only as a child of `processes_saving_at_once_lose_nothing`: saves 20 sessions.
#[test]
fn child_saves_sessions() {
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        return;
    };
    let (dir, id) = spec.rsplit_once('|').unwrap();
    let sessions = SessionStore::in_dir(dir);
    for n in 0..SAVES_PER_CHILD {
        let user = format!("child{id}-user{n}");
        sessions.save("shared", &user, &tokens(&user)).unwrap();
    }
}

#[test]
fn processes_saving_at_once_lose_nothing() {
    const CHILDREN: usize = 4;
    let (_dir, paths) = store();
    let dir = paths.sessions_dir();
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..CHILDREN)
        .map(|id| {
            Command::new(&exe)
                .args([
                    "sessions::child_saves_sessions",
                    "--exact",
                    "--test-threads=1",
                ])
                .env(CHILD_ENV, format!("{}|{id}", dir.display()))
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let sessions = SessionStore::in_dir(&dir);
    let names = sessions.usernames("shared").unwrap();
    assert_eq!(names.len(), CHILDREN * SAVES_PER_CHILD, "{names:?}");
    for id in 0..CHILDREN {
        for n in 0..SAVES_PER_CHILD {
            let user = format!("child{id}-user{n}");
            assert_eq!(sessions.load("shared", &user).unwrap(), Some(tokens(&user)));
        }
    }
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp."))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
