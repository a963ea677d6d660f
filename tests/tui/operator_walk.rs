//! The operator face walked as a person would, in the real binary on a pseudo-terminal: two
//! local pools on loopback (the demo one, and a fresh one with the demo's configuration but no
//! users), a profile for each. Create a user, find it by ListUsers' filter and by a scan of a
//! custom attribute, disable it, bulk-delete three marked users with a fourth protected,
//! export, import the export into the fresh pool, and a group's round trip there.
#![cfg(unix)]

use crate::operator::admin;
use crate::pty::Tui;
use crate::tools_support::runtime;

use cognito_tui::local_pool::demo::{DEMO_CLIENT_ID, DEMO_POOL_ID};
use cognito_tui::local_pool::seed::{Outcome, SeedFile, seed_into};
use cognito_tui::local_pool::{LocalPool, LocalPoolConfig};

const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";
const F2: &str = "\x1bOQ";
const ESC: &str = "\x1b";
const CTRL_G: &str = "\x07";

/// Erases the prefilled file name of the export and import forms.
fn erase_file_name(tui: &mut Tui) {
    tui.send(&"\x7f".repeat("users-us-east-1_DemoPool1.csv".len()));
}

/// Usernames of `pool_id`, with whether each is enabled.
fn users(runtime: &tokio::runtime::Runtime, url: &str, pool_id: &str) -> Vec<(String, bool)> {
    runtime
        .block_on(admin(url).list_users().user_pool_id(pool_id).send())
        .unwrap()
        .users()
        .iter()
        .map(|u| (u.username().unwrap_or("").to_string(), u.enabled()))
        .collect()
}

#[test]
fn create_find_disable_bulk_delete_export_import_and_groups_in_a_real_terminal() {
    let runtime = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let demo = runtime
        .block_on(LocalPool::start(LocalPoolConfig::ephemeral(
            dir.path().join("demo-pool"),
        )))
        .expect("the demo pool starts");
    let fresh = runtime
        .block_on(LocalPool::start(LocalPoolConfig {
            seed_demo: false,
            ..LocalPoolConfig::ephemeral(dir.path().join("fresh-pool"))
        }))
        .expect("the fresh pool starts");
    let mut seed = SeedFile::parse(
        include_str!("../../assets/demo-pool.toml"),
        "demo-pool.toml",
    )
    .expect("the demo seed parses");
    seed.users.clear();
    let Outcome::Created(seeded) = seed_into(fresh.state(), &seed).expect("seeded") else {
        panic!("the fresh store had a pool already");
    };
    let (fresh_url, fresh_pool) = (fresh.url().to_string(), seeded.pool_id.clone());
    std::fs::create_dir_all(dir.path().join("config")).unwrap();
    std::fs::write(
        dir.path().join("config/profiles.toml"),
        format!(
            r#"[profiles.fresh]
region = "us-east-1"
user_pool_id = "{fresh_pool}"
client_id = "{client}"
endpoint_url = "{fresh_url}"

[profiles.walk]
region = "us-east-1"
user_pool_id = "{DEMO_POOL_ID}"
client_id = "{DEMO_CLIENT_ID}"
endpoint_url = "{demo_url}"
protected_users = ["erin"]
"#,
            client = seeded.clients[0].1,
            demo_url = demo.url(),
        ),
    )
    .unwrap();
    let export = dir.path().join("walk-users.jsonl");

    let mut tui = Tui::start(dir.path());
    tui.wait_for("Choose a profile");
    // The picker lists fresh, then walk: the operator face of walk's pool.
    tui.send(DOWN);
    tui.wait_for("› walk");
    tui.send("u");
    tui.wait_for("5 users");

    // Create a user with a custom attribute and a generated temporary password.
    tui.send("n");
    tui.wait_for("Create a user");
    tui.send("walker\twalker@example.com\t\t\t\tteam=qa");
    tui.send(CTRL_G);
    tui.send("\r");
    tui.wait_for("walker is created (FORCE_CHANGE_PASSWORD).");
    tui.wait_for("6 users");

    // Found by ListUsers' filter, then by a scan of the custom attribute.
    tui.send("/");
    tui.wait_for("Search users");
    tui.send("walker\r");
    tui.wait_for("1 user · filter email ^= \"walker\"");
    tui.send("/");
    tui.wait_for("Search users");
    tui.send(F2);
    tui.wait_for("Scan every user here");
    tui.send(&"\x7f".repeat(20));
    tui.send("custom:team=qa\r");
    tui.wait_for("scan complete: scanned 1 page / 6 users, 1 match");
    tui.wait_for("walker");

    // Disabled from its detail (asked first).
    tui.send("\r");
    tui.wait_for("custom:team");
    tui.send("t");
    tui.wait_for("Disable");
    tui.send("y");
    tui.wait_for("walker is disabled");
    tui.wait_for("t enable");
    // Each Esc is let through before the next key, or the two read as one Alt key.
    tui.send(ESC);
    tui.wait_for("1 match");

    // Every user again; mark bob, carol, dave and erin; erin is protected by the profile.
    tui.send("/");
    tui.wait_for("Search users");
    tui.send(&"\x7f".repeat(20));
    tui.send("\r");
    tui.wait_for("› alice");
    tui.send(DOWN);
    tui.wait_for("› bob");
    for marked in 1..=4 {
        tui.send(" ");
        tui.wait_for(&format!("6 users · {marked} marked"));
    }
    tui.send("b");
    tui.wait_for("Bulk action for 4 marked users");
    tui.send("\r");
    tui.wait_for("Delete 3 users, 1 protected left alone");
    tui.wait_for("erin  (protected: left alone)");
    tui.send("\r");
    tui.wait_for("Type 3");
    tui.send("3\r");
    tui.wait_for("delete: 3 done");
    tui.send(ESC);
    tui.wait_for("3 users");
    assert_eq!(
        users(&runtime, demo.url(), DEMO_POOL_ID),
        [
            ("alice".to_string(), true),
            ("erin".to_string(), true),
            ("walker".to_string(), false)
        ]
    );

    // Export every user, as JSON lines with their groups.
    tui.send("x");
    tui.wait_for("Export every user of the pool");
    erase_file_name(&mut tui);
    tui.send(export.to_str().unwrap());
    tui.send("\r");
    tui.wait_for("Exported 3 users to");
    let lines = std::fs::read_to_string(&export).unwrap();
    assert_eq!(lines.lines().count(), 3, "{lines}");

    // Import the export into the fresh pool: checked first, then applied.
    tui.send(ESC);
    tui.wait_for("Sign in");
    tui.send(ESC);
    tui.wait_for("Choose a profile");
    tui.wait_for("› ");
    if !tui.screen().contains("› fresh") {
        tui.send(UP);
        tui.wait_for("› fresh");
    }
    tui.send("u");
    tui.wait_for("0 users");
    tui.send("i");
    tui.wait_for("Import users");
    erase_file_name(&mut tui);
    tui.send(export.to_str().unwrap());
    tui.send("\r");
    tui.wait_for("3 rows: 3 checked, 0 failed (dry run: nothing changed)");
    assert!(users(&runtime, &fresh_url, &fresh_pool).is_empty());
    tui.send("\r");
    tui.wait_for("3 rows: 3 applied, 0 failed");
    tui.send(ESC);
    tui.wait_for("3 users");
    assert_eq!(
        users(&runtime, &fresh_url, &fresh_pool),
        [
            ("alice".to_string(), true),
            ("erin".to_string(), true),
            ("walker".to_string(), false)
        ]
    );

    // A group's round trip in the fresh pool: create, add a member, remove it, delete.
    tui.send("\t");
    tui.wait_for("2 groups");
    tui.send("n");
    tui.wait_for("Create a group");
    tui.send("qa\tQuality assurance\t5\r");
    tui.wait_for("The group qa is created.");
    tui.wait_for("3 groups");
    tui.send(DOWN);
    tui.send(DOWN);
    tui.wait_for("› qa");
    tui.send("\r");
    tui.wait_for("qa: 0 members");
    tui.send("+");
    tui.wait_for("Add a user to qa");
    tui.send("walker\r");
    tui.wait_for("qa: 1 member");
    tui.send("-");
    tui.send("y");
    tui.wait_for("qa: 0 members");
    tui.send(ESC);
    tui.wait_for("3 groups");
    tui.send("D");
    tui.send("qa\r");
    tui.wait_for("2 groups");
    tui.send("q");
    tui.finish();

    let names = |groups: &[aws_sdk_cognitoidentityprovider::types::GroupType]| -> Vec<String> {
        groups
            .iter()
            .filter_map(|g| g.group_name().map(str::to_string))
            .collect()
    };
    let client = admin(&fresh_url);
    let groups = runtime
        .block_on(client.list_groups().user_pool_id(&fresh_pool).send())
        .unwrap();
    assert_eq!(names(groups.groups()), ["admins", "developers"]);
    let alice = runtime
        .block_on(
            client
                .admin_list_groups_for_user()
                .user_pool_id(&fresh_pool)
                .username("alice")
                .send(),
        )
        .unwrap();
    assert_eq!(
        names(alice.groups()),
        ["admins", "developers"],
        "groups came along"
    );
}
