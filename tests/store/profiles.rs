//! profiles.toml: hand edits that survive our writes, bad entries that cost only themselves,
//! damaged files left as they are.

use cognito_tui::service::AuthFlow;
use cognito_tui::store::{Added, Profile, ProfileStore, StoreError};

use crate::{assert_untouched, dev_profile, store};

const HAND_WRITTEN: &str = r#"# My Cognito profiles. Keep this comment!
editor_hint = "vim"

[profiles.staging]   # the shared staging pool
# talk to the team before changing this
region = "eu-west-1"
user_pool_id = "eu-west-1_Stage1" # pool
client_id = "stageclient"
team = "payments"    # unknown key, ours to keep

[profiles.dev]
user_pool_id = "us-east-1_Dev1"
client_id = "devclient"
auth_flow = "user_password"
color = "green"

[other_tool]
setting = true
"#;

#[test]
fn comments_order_and_unknown_keys_survive_add_replace_and_remove() {
    let (_dir, paths) = store();
    std::fs::create_dir_all(&paths.config_dir).unwrap();
    std::fs::write(paths.profiles_file(), HAND_WRITTEN).unwrap();
    let profiles = ProfileStore::new(&paths);

    let dev = profiles.get("dev").unwrap();
    assert_eq!(dev.region, "us-east-1");
    assert_eq!(dev.auth_flow, AuthFlow::UserPassword);

    let mut new = Profile::new("local", "us-east-1_DemoPool1", "localclient");
    new.endpoint_url = Some("http://127.0.0.1:9229".into());
    assert_eq!(profiles.add(&new, false).unwrap(), Added::New);

    let mut staging = profiles.get("staging").unwrap();
    staging.client_id = "newstageclient".into();
    assert!(matches!(
        profiles.add(&staging, false),
        Err(StoreError::ProfileExists(name)) if name == "staging"
    ));
    assert_eq!(profiles.add(&staging, true).unwrap(), Added::Replaced);
    profiles.remove("dev").unwrap();

    let text = std::fs::read_to_string(paths.profiles_file()).unwrap();
    for kept in [
        "# My Cognito profiles. Keep this comment!\neditor_hint = \"vim\"\n",
        "[profiles.staging]   # the shared staging pool\n# talk to the team before changing this\n",
        "user_pool_id = \"eu-west-1_Stage1\" # pool\n",
        "client_id = \"newstageclient\"\n",
        "team = \"payments\"    # unknown key, ours to keep\n",
        "[other_tool]\nsetting = true\n",
        "[profiles.local]\n",
    ] {
        assert!(text.contains(kept), "lost {kept:?} in:\n{text}");
    }
    assert!(!text.contains("profiles.dev"), "{text}");
    assert!(!text.contains("color"), "{text}");
    let order: Vec<_> = ["editor_hint", "[profiles.staging]", "[other_tool]"]
        .iter()
        .map(|s| text.find(s).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
    let names: Vec<_> = profiles
        .list()
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(names, ["staging", "local"]);
}

#[test]
fn one_bad_profile_costs_only_itself() {
    let (_dir, paths) = store();
    std::fs::create_dir_all(&paths.config_dir).unwrap();
    let text = "[profiles.good]\nuser_pool_id = \"us-east-1_Good\"\nclient_id = \"c\"\n\n\
                [profiles.nopool]\nclient_id = \"c\"\n\n\
                [profiles.badpool]\nuser_pool_id = \"nonsense\"\nclient_id = \"c\"\n\n\
                [profiles.typed]\nuser_pool_id = 5\nclient_id = \"c\"\n\n\
                [profiles.\"bad name\"]\nuser_pool_id = \"us-east-1_X\"\nclient_id = \"c\"\n";
    std::fs::write(paths.profiles_file(), text).unwrap();
    let profiles = ProfileStore::new(&paths);
    let entries = profiles.list().unwrap();
    assert_eq!(entries.len(), 5);
    assert!(entries[0].profile.is_ok());
    let reason = |i: usize| entries[i].profile.clone().unwrap_err();
    assert_eq!(reason(1), "line 5: user_pool_id is missing");
    assert!(reason(2).contains("not of the form"), "{}", reason(2));
    assert!(
        reason(3).contains("user_pool_id must be a string"),
        "{}",
        reason(3)
    );
    assert!(reason(4).contains("profile name"), "{}", reason(4));
    assert_eq!(profiles.get("good").unwrap().user_pool_id, "us-east-1_Good");
    let err = profiles.get("nopool").unwrap_err().to_string();
    assert!(
        err.contains("profiles.toml") && err.contains("user_pool_id is missing"),
        "{err}"
    );
    assert!(matches!(
        profiles.get("absent"),
        Err(StoreError::ProfileNotFound(_))
    ));
    // Adding another still works, and the bad entries are kept for the user to fix.
    profiles.add(&dev_profile(), false).unwrap();
    assert_eq!(profiles.list().unwrap().len(), 6);
}

#[test]
fn a_corrupt_profiles_file_is_reported_and_left_alone() {
    let (_dir, paths) = store();
    std::fs::create_dir_all(&paths.config_dir).unwrap();
    let profiles = ProfileStore::new(&paths);
    let path = paths.profiles_file();
    let cases: [&[u8]; 4] = [
        b"[profiles.dev]\nregion = \"us-east-1\"\nclient_id = \"unterminated\n",
        b"profiles = 5\n",
        b"[profiles.dev]\nregion = \"\xff\xfe\"\n",
        b"[[profiles]]\nname = \"dev\"\n",
    ];
    for bytes in cases {
        std::fs::write(&path, bytes).unwrap();
        let err = profiles.list().unwrap_err();
        assert_untouched(&path, bytes, &err);
        let err = profiles.add(&dev_profile(), true).unwrap_err();
        assert_untouched(&path, bytes, &err);
        let err = profiles.remove("dev").unwrap_err();
        assert_untouched(&path, bytes, &err);
    }
    std::fs::write(&path, cases[0]).unwrap();
    let err = profiles.list().unwrap_err().to_string();
    assert!(err.contains(": line 3: "), "{err}");
    std::fs::write(&path, cases[2]).unwrap();
    let err = profiles.list().unwrap_err().to_string();
    assert!(err.ends_with(": line 2: not valid UTF-8 text"), "{err}");
}

#[test]
fn an_unreadable_file_says_so() {
    let (_dir, paths) = store();
    // A directory where the file should be: unreadable whoever runs the test (even root).
    std::fs::create_dir_all(paths.profiles_file()).unwrap();
    let err = ProfileStore::new(&paths).list().unwrap_err();
    assert!(matches!(err, StoreError::Unreadable { .. }), "{err}");
    assert!(
        err.to_string().contains("profiles.toml is not readable: "),
        "{err}"
    );
}

#[test]
fn protected_users_are_read_and_kept_through_our_writes() {
    let (_dir, paths) = store();
    std::fs::create_dir_all(&paths.config_dir).unwrap();
    let text = "[profiles.ops]\nuser_pool_id = \"us-east-1_Ops1\"\nclient_id = \"c\"\n\
                protected_users = [\"admin\", \"ci-*\"] # never bulk-touch these\n\n\
                [profiles.wrong]\nuser_pool_id = \"us-east-1_W\"\nclient_id = \"c\"\nprotected_users = \"admin\"\n";
    std::fs::write(paths.profiles_file(), text).unwrap();
    let profiles = ProfileStore::new(&paths);
    assert_eq!(
        profiles.get("ops").unwrap().protected_users,
        ["admin", "ci-*"]
    );
    let err = profiles.get("wrong").unwrap_err().to_string();
    assert!(err.contains("protected_users must be a list"), "{err}");
    // Saving the profile again (as the form or `profiles add --replace` does) keeps the list.
    let mut ops = profiles.get("ops").unwrap();
    ops.region = "us-east-1".into();
    profiles.add(&ops, true).unwrap();
    let after = std::fs::read_to_string(paths.profiles_file()).unwrap();
    assert!(
        after.contains("protected_users = [\"admin\", \"ci-*\"] # never bulk-touch these"),
        "{after}"
    );
}
