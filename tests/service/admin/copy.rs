//! Export → seed → diff: a pool's configuration copied into a fresh local pool is the same
//! configuration, and `diff` sees exactly what was changed afterwards.

use cognito_tui::local_pool::demo::{DEMO_CLIENT_ID, DEMO_POOL_ID};
use cognito_tui::local_pool::seed::{self, Outcome, SeedFile};
use cognito_tui::local_pool::{LocalPool, LocalPoolConfig};
use cognito_tui::pool_config::{PoolConfig, diff, export};
use cognito_tui::service::Settings;
use cognito_tui::service::admin::Operator;
use serde_json::{Value, json};

use super::common::{TestPool, raw_call};
use super::doctor::clean;
use super::static_keys;

async fn read(url: &str, pool_id: &str, client_id: &str) -> PoolConfig {
    let mut settings = Settings::new(pool_id, client_id);
    settings.endpoint_url = Some(url.to_string());
    Operator::new(settings, static_keys())
        .read_config()
        .await
        .unwrap()
}

async fn call(url: &str, op: &str, body: Value) -> Value {
    let (status, _, out) = raw_call(url, op, &body.to_string(), true).await;
    assert_eq!(status, 200, "{op}: {out}");
    out
}

/// Seeds `file` into a fresh local pool and reads it back.
async fn copy_of(file: &SeedFile) -> (TestPool, PoolConfig) {
    let target = TestPool::start().await;
    let Outcome::Created(seeded) = seed::seed_into(target.pool.state(), file).unwrap() else {
        panic!("a fresh store has no pool of that name");
    };
    let client_id = seeded.clients[0].1.clone();
    let copy = read(target.url(), &seeded.pool_id, &client_id).await;
    (target, copy)
}

#[tokio::test]
async fn the_demo_pool_exported_and_seeded_has_no_difference() {
    let dir = tempfile::tempdir().unwrap();
    let demo = LocalPool::start(LocalPoolConfig::ephemeral(dir.path()))
        .await
        .unwrap();
    let original = read(demo.url(), DEMO_POOL_ID, DEMO_CLIENT_ID).await;
    let text = export::to_toml(&original).unwrap();
    assert!(
        !text.contains("[[users]]") && !text.contains("Demo-2024"),
        "no users, no passwords:\n{text}"
    );
    let file = SeedFile::parse(&text, "export").unwrap();
    assert!(file.users.is_empty());
    assert_eq!(seed::warnings(&file), Vec::<String>::new());

    let (target, copy) = copy_of(&file).await;
    assert_ne!(copy.pool_id(), original.pool_id());
    assert_eq!(diff::diff(&original, &copy), vec![]);
    assert_eq!(copy.groups.len(), 2);

    // Seeding the same file again keeps the pool and its ids.
    let again = seed::seed_into(target.pool.state(), &file).unwrap();
    assert!(
        matches!(&again, Outcome::Existing(s) if s.pool_id == copy.pool_id()),
        "{again:?}"
    );

    // A change on one side is exactly one difference, named by its path.
    call(
        target.url(),
        "SetUserPoolMfaConfig",
        json!({ "UserPoolId": copy.pool_id(), "SmsMfaConfiguration": { "SmsAuthenticationMessage": "Code {####}" } }),
    )
    .await;
    let changed = read(target.url(), copy.pool_id(), copy.clients[0].id()).await;
    let differences = diff::diff(&original, &changed);
    assert_eq!(differences.len(), 1, "{differences:?}");
    assert_eq!(
        differences[0].path,
        "mfa.SmsMfaConfiguration.SmsAuthenticationMessage"
    );
    assert_eq!(differences[0].left, None);
    assert_eq!(differences[0].right, Some(json!("Code {####}")));
}

#[tokio::test]
async fn a_full_configuration_survives_the_copy_and_arns_differ_only_by_account() {
    let source = TestPool::start().await;
    let setup = clean();
    let created = call(source.url(), "CreateUserPool", setup.pool.clone()).await;
    let pool_id = created["UserPool"]["Id"].as_str().unwrap().to_string();
    let mut client = setup.client.clone();
    client["UserPoolId"] = json!(pool_id);
    client["GenerateSecret"] = json!(true);
    let client = call(source.url(), "CreateUserPoolClient", client).await;
    let client_id = client["UserPoolClient"]["ClientId"]
        .as_str()
        .unwrap()
        .to_string();
    let mut mfa = setup.mfa.clone();
    mfa["UserPoolId"] = json!(pool_id);
    call(source.url(), "SetUserPoolMfaConfig", mfa).await;
    let mut risk = setup.risk.clone();
    risk["UserPoolId"] = json!(pool_id);
    call(source.url(), "SetRiskConfiguration", risk).await;
    call(
        source.url(),
        "CreateUserPoolDomain",
        json!({ "UserPoolId": pool_id, "Domain": "clean-pool-dev" }),
    )
    .await;
    call(
        source.url(),
        "CreateGroup",
        json!({ "UserPoolId": pool_id, "GroupName": "admins", "Precedence": 1,
                "RoleArn": "arn:aws:iam::111111111111:role/admins" }),
    )
    .await;
    let original = read(source.url(), &pool_id, &client_id).await;
    assert!(original.clients[0].has_secret);
    assert!(original.domain.is_some());

    let text = export::to_toml(&original).unwrap();
    let file = SeedFile::parse(&text, "export").unwrap();
    let warnings = seed::warnings(&file).join("\n");
    for named in [
        "pool.UserPoolAddOns",
        "client web: gets a new secret",
        "client web.CallbackURLs",
        "client web.RefreshTokenRotation",
        "risk:",
        "domain:",
    ] {
        assert!(warnings.contains(named), "{named} missing in:\n{warnings}");
    }
    // The domain is the source's: a fresh store takes it.
    let (target, copy) = copy_of(&file).await;
    assert!(copy.clients[0].has_secret, "a new secret was made");
    assert_eq!(diff::diff(&original, &copy), vec![]);

    // The same role in another account is the same setting; another role is not.
    call(
        target.url(),
        "UpdateGroup",
        json!({ "UserPoolId": copy.pool_id(), "GroupName": "admins",
                "Precedence": 1, "RoleArn": "arn:aws:iam::222222222222:role/admins" }),
    )
    .await;
    let moved = read(target.url(), copy.pool_id(), copy.clients[0].id()).await;
    assert_eq!(diff::diff(&original, &moved), vec![]);
    call(
        target.url(),
        "UpdateGroup",
        json!({ "UserPoolId": copy.pool_id(), "GroupName": "admins",
                "Precedence": 1, "RoleArn": "arn:aws:iam::222222222222:role/operators" }),
    )
    .await;
    let other = read(target.url(), copy.pool_id(), copy.clients[0].id()).await;
    let differences = diff::diff(&original, &other);
    assert_eq!(differences.len(), 1, "{differences:?}");
    assert_eq!(differences[0].path, "groups[admins].RoleArn");
}
