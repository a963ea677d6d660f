//! The profile and session store on real files in temp dirs: permissions, crash safety, hand
//! edits that survive our writes, damaged files left untouched, and several processes at once.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test or benchmark

mod profiles;
mod sessions;

use std::path::Path;

use cognito_tui::service::tokens::Tokens;
use cognito_tui::store::atomic::{AtomicFile, write_atomic};
use cognito_tui::store::{Profile, ProfileStore, SessionStore, StoreError, StorePaths};
use time::macros::datetime;

pub fn store() -> (tempfile::TempDir, StorePaths) {
    let dir = tempfile::tempdir().unwrap();
    let paths = StorePaths::new(dir.path().join("config"), dir.path().join("data"));
    (dir, paths)
}

pub fn tokens(tag: &str) -> Tokens {
    Tokens {
        id_token: format!("id-{tag}").into(),
        access_token: format!("access-{tag}").into(),
        refresh_token: Some(format!("refresh-{tag}").into()),
        expires_at: datetime!(2030-01-02 03:04:05 UTC),
        username: format!("internal-{tag}"),
        device: None,
    }
}

pub fn dev_profile() -> Profile {
    let mut p = Profile::new("dev", "us-east-1_DemoPool1", "democlient");
    p.client_secret = Some("client-secret-value".into());
    p.endpoint_url = Some("http://127.0.0.1:9229".into());
    p
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn files_are_private() {
    let (_dir, paths) = store();
    ProfileStore::new(&paths)
        .add(&dev_profile(), false)
        .unwrap();
    let sessions = SessionStore::new(&paths);
    sessions.save("dev", "alice", &tokens("a")).unwrap();
    assert_eq!(mode(&paths.profiles_file()), 0o600);
    assert_eq!(mode(&sessions.file("dev").unwrap()), 0o600);
    assert_eq!(mode(&paths.config_dir), 0o700);
    assert_eq!(mode(&paths.sessions_dir()), 0o700);
    // A file the user made world-readable is private again after our next write.
    use std::os::unix::fs::PermissionsExt as _;
    let loose = std::fs::Permissions::from_mode(0o644);
    std::fs::set_permissions(paths.profiles_file(), loose).unwrap();
    let mut other = dev_profile();
    other.name = "other".into();
    ProfileStore::new(&paths).add(&other, false).unwrap();
    assert_eq!(mode(&paths.profiles_file()), 0o600);
}

#[test]
fn an_interrupted_write_leaves_the_old_file() {
    let (_dir, paths) = store();
    let profiles = ProfileStore::new(&paths);
    profiles.add(&dev_profile(), false).unwrap();
    let before = std::fs::read(paths.profiles_file()).unwrap();

    // Failure before the rename: the half-written temp file goes, the old file stays.
    let mut write = AtomicFile::create(&paths.profiles_file()).unwrap();
    write.write_all(b"[profiles.dev]\nregion = \"half").unwrap();
    let temp = write.temp_path().to_path_buf();
    drop(write);
    assert!(!temp.exists());
    assert_eq!(std::fs::read(paths.profiles_file()).unwrap(), before);

    // A crash (the process dies): the temp file stays behind and is ignored, then cleaned.
    let mut write = AtomicFile::create(&paths.profiles_file()).unwrap();
    write.write_all(b"garbage [[[").unwrap();
    let temp = write.temp_path().to_path_buf();
    std::mem::forget(write);
    assert!(temp.exists());
    assert_eq!(std::fs::read(paths.profiles_file()).unwrap(), before);
    assert_eq!(profiles.get("dev").unwrap(), dev_profile());
    let mut other = dev_profile();
    other.name = "other".into();
    profiles.add(&other, false).unwrap();
    assert!(!temp.exists(), "stale temp file cleaned by the next write");
    assert_eq!(profiles.list().unwrap().len(), 2);
}

#[test]
fn a_leftover_session_temp_file_is_ignored_and_cleaned() {
    let (_dir, paths) = store();
    let sessions = SessionStore::new(&paths);
    sessions.save("dev", "alice", &tokens("a")).unwrap();
    let file = sessions.file("dev").unwrap();
    let stale = paths.sessions_dir().join(".dev.toml.tmp.4242.0");
    std::fs::write(&stale, "users = [[[ not toml").unwrap();
    assert_eq!(sessions.load("dev", "alice").unwrap(), Some(tokens("a")));
    write_atomic(&file, std::fs::read(&file).unwrap().as_slice()).unwrap();
    assert!(!stale.exists());
    sessions.save("dev", "bob", &tokens("b")).unwrap();
    assert_eq!(sessions.usernames("dev").unwrap(), ["alice", "bob"]);
}
pub fn assert_untouched(path: &Path, before: &[u8], err: &StoreError) {
    let text = err.to_string();
    assert!(text.contains(&path.display().to_string()), "{text}");
    assert!(!text.contains('\n'), "one line: {text}");
    assert_eq!(std::fs::read(path).unwrap(), before, "file changed");
}

#[test]
fn arbitrary_content_never_panics() {
    let (_dir, paths) = store();
    std::fs::create_dir_all(paths.sessions_dir()).unwrap();
    std::fs::create_dir_all(&paths.config_dir).unwrap();
    let profiles = ProfileStore::new(&paths);
    let sessions = SessionStore::new(&paths);
    let deep = format!("a = {}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_tables = format!("a = {}1{}", "{b = ".repeat(50_000), "}".repeat(50_000));
    let mut cases = vec![
        deep.into_bytes(),
        deep_tables.into_bytes(),
        b"\0\0\0".to_vec(),
        b"[profiles]\ndev = 1\n".to_vec(),
        b"[profiles.dev]\nuser_pool_id = \"us-east-1_A\"\nclient_id = \"c\"\nauth_flow = \"magic\"\n"
            .to_vec(),
        b"[profiles.dev]\nuser_pool_id = \"us-east-1_A\"\nclient_id = \"c\"\nclient_secret = \"\"\n"
            .to_vec(),
        b"users = 3\nlast_username = []\n".to_vec(),
        b"[users.alice]\nexpires_at = 1979-05-27T07:32:00Z\n".to_vec(),
    ];
    const ALPHABET: &[u8] = b"[]{}=\"'.\n #abcus-east-1_profilesusers\\\xc3";
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for len in 0..200 {
        let bytes = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                ALPHABET[(seed % ALPHABET.len() as u64) as usize]
            })
            .collect();
        cases.push(bytes);
    }
    for bytes in cases {
        std::fs::write(paths.profiles_file(), &bytes).unwrap();
        std::fs::write(sessions.file("dev").unwrap(), &bytes).unwrap();
        let _ = profiles.list();
        let _ = profiles.get("dev");
        let _ = sessions.load("dev", "alice");
        let _ = sessions.usernames("dev");
        let _ = sessions.last_username("dev");
    }
}

#[test]
fn debug_and_errors_never_show_secrets() {
    let (_dir, paths) = store();
    let profiles = ProfileStore::new(&paths);
    profiles.add(&dev_profile(), false).unwrap();
    let listed = format!("{:?}", profiles.list().unwrap());
    assert!(!listed.contains("client-secret-value"), "{listed}");
    assert!(format!("{:?}", dev_profile().settings()).contains("***"));
    let mut bad = dev_profile();
    bad.user_pool_id = "bad".into();
    let err = profiles.add(&bad, true).unwrap_err();
    assert!(!format!("{err} {err:?}").contains("client-secret-value"));

    let sessions = SessionStore::new(&paths);
    sessions.save("dev", "alice", &tokens("a")).unwrap();
    let loaded = sessions.load("dev", "alice").unwrap();
    let shown = format!("{loaded:?} {sessions:?}");
    for secret in ["id-a", "access-a", "refresh-a"] {
        assert!(!shown.contains(secret), "{shown}");
    }
}
