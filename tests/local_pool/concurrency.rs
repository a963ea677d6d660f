//! Concurrent requests are safe: parallel sign-ups, sign-ins and attribute updates all land,
//! nothing is lost or duplicated, and the store stays consistent.

use crate::common;

use aws_sdk_cognitoidentityprovider::types::AttributeType;
use cognito_tui::local_pool::users::UserStatus;
use cognito_tui::secret::SecretString;
use cognito_tui::service::auth::{Authenticator, SignInStep};

const PASSWORD: &str = "Parallel-Passw0rd!";

fn attr(name: &str, value: &str) -> AttributeType {
    AttributeType::builder()
        .name(name)
        .value(value)
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_sign_ups_sign_ins_and_updates_all_land() {
    let pool = common::TestPool::start().await;
    let (pool_id, client_id) = common::standard_pool(&pool);
    let user_client = pool.user_client().await;
    let admin = pool.admin_client();

    // 40 sign-ups at once, each with its own email.
    let sign_ups = (0..40).map(|i| {
        let client = user_client.clone();
        let client_id = client_id.clone();
        tokio::spawn(async move {
            client
                .sign_up()
                .client_id(client_id)
                .username(format!("parallel{i:02}"))
                .password(PASSWORD)
                .user_attributes(attr("email", &format!("parallel{i:02}@example.com")))
                .send()
                .await
                .map(|out| out.user_sub)
        })
    });
    let mut subs = Vec::new();
    for task in sign_ups {
        subs.push(task.await.unwrap().expect("sign-up"));
    }
    subs.sort();
    subs.dedup();
    assert_eq!(subs.len(), 40, "every sign-up got its own sub");

    // Every sign-up is stored once, and sent one code.
    let mut listed = Vec::new();
    let mut token = None;
    loop {
        let page = admin
            .list_users()
            .user_pool_id(&pool_id)
            .filter("username ^= \"parallel\"")
            .set_pagination_token(token)
            .send()
            .await
            .unwrap();
        listed.extend(
            page.users()
                .iter()
                .filter_map(|u| u.username().map(str::to_string)),
        );
        token = page.pagination_token().map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(listed.len(), 40);
    let codes = pool
        .outbox()
        .await
        .iter()
        .filter(|m| m["kind"] == "sign_up")
        .count();
    assert_eq!(codes, 40);

    // 12 users signing in with SRP at the same time, while their profiles are updated.
    for i in 0..12 {
        pool.seed_user(
            &pool_id,
            &format!("busy{i:02}"),
            PASSWORD,
            &[("email", &format!("busy{i:02}@example.com"))],
            UserStatus::Confirmed,
        );
    }
    let settings = pool.settings(&pool_id, &client_id, None);
    let mut tasks = Vec::new();
    for i in 0..12 {
        let auth = Authenticator::new(user_client.clone(), settings.clone()).unwrap();
        tasks.push(tokio::spawn(async move {
            let step = auth
                .sign_in(&format!("busy{i:02}"), &SecretString::new(PASSWORD), None)
                .await
                .expect("sign-in");
            assert!(matches!(step, SignInStep::SignedIn(_)), "{step:?}");
        }));
        let admin = admin.clone();
        let pool_id = pool_id.clone();
        tasks.push(tokio::spawn(async move {
            admin
                .admin_update_user_attributes()
                .user_pool_id(pool_id)
                .username(format!("busy{i:02}"))
                .user_attributes(attr("given_name", &format!("Busy {i}")))
                .send()
                .await
                .expect("update");
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    for i in 0..12 {
        let user = admin
            .admin_get_user()
            .user_pool_id(&pool_id)
            .username(format!("busy{i:02}"))
            .send()
            .await
            .unwrap();
        let given = user
            .user_attributes()
            .iter()
            .find(|a| a.name() == "given_name")
            .and_then(|a| a.value());
        assert_eq!(given, Some(format!("Busy {i}").as_str()));
    }

    let state = pool.pool.state();
    let check: String = state
        .db
        .read(|tx| Ok(tx.query_row("PRAGMA integrity_check", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(check, "ok");
}
