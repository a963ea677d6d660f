//! User pool and app client administration over the real SDK, and the demo pool.

use crate::common;

use aws_sdk_cognitoidentityprovider::types::{
    AliasAttributeType, AttributeDataType, DeletionProtectionType, ExplicitAuthFlowsType,
    PasswordPolicyType, PreventUserExistenceErrorTypes, SchemaAttributeType, TimeUnitsType,
    TokenValidityUnitsType, UserPoolMfaType, UserPoolPolicyType, UsernameAttributeType,
    UsernameConfigurationType, VerifiedAttributeType,
};
use cognito_tui::local_pool::demo::{self, DEMO_CLIENT_ID, DEMO_POOL_ID};
use cognito_tui::local_pool::users::{self, UserStatus};
use cognito_tui::local_pool::{LocalPool, LocalPoolConfig, pools, srp_server};
use common::{TestPool, error_name, raw_call};
use serde_json::json;

fn policy(min: i32) -> UserPoolPolicyType {
    UserPoolPolicyType::builder()
        .password_policy(
            PasswordPolicyType::builder()
                .minimum_length(min)
                .require_symbols(false)
                .temporary_password_validity_days(3)
                .build(),
        )
        .build()
}

#[tokio::test]
async fn create_and_describe_round_trip_every_setting() {
    let pool = TestPool::start().await;
    let admin = pool.admin_client();
    let created = admin
        .create_user_pool()
        .pool_name("my pool")
        .policies(policy(10))
        .alias_attributes(AliasAttributeType::Email)
        .auto_verified_attributes(VerifiedAttributeType::Email)
        .mfa_configuration(UserPoolMfaType::Optional)
        .username_configuration(
            UsernameConfigurationType::builder()
                .case_sensitive(false)
                .build()
                .unwrap(),
        )
        .schema(
            SchemaAttributeType::builder()
                .name("team")
                .attribute_data_type(AttributeDataType::String)
                .mutable(true)
                .build(),
        )
        .deletion_protection(DeletionProtectionType::Inactive)
        .email_verification_subject("Your code")
        .send()
        .await
        .unwrap();
    let created = created.user_pool.unwrap();
    let id = created.id.clone().unwrap();
    let (region, rest) = id.split_once('_').unwrap();
    assert_eq!(region, "us-east-1");
    assert_eq!(rest.len(), 9);
    assert!(rest.bytes().all(|b| b.is_ascii_alphanumeric()));

    let described = admin
        .describe_user_pool()
        .user_pool_id(&id)
        .send()
        .await
        .unwrap();
    let p = described.user_pool.unwrap();
    assert_eq!(p.name.as_deref(), Some("my pool"));
    assert_eq!(
        p.arn.as_deref(),
        Some(format!("arn:aws:cognito-idp:us-east-1:000000000000:userpool/{id}").as_str())
    );
    let pw = p.policies.clone().unwrap().password_policy.unwrap();
    assert_eq!(pw.minimum_length, Some(10));
    assert!(!pw.require_symbols);
    assert_eq!(pw.temporary_password_validity_days, 3);
    assert_eq!(p.alias_attributes(), &[AliasAttributeType::Email]);
    assert_eq!(
        p.auto_verified_attributes(),
        &[VerifiedAttributeType::Email]
    );
    assert_eq!(p.mfa_configuration, Some(UserPoolMfaType::Optional));
    assert!(!p.username_configuration.clone().unwrap().case_sensitive);
    assert!(
        p.schema_attributes()
            .iter()
            .any(|a| a.name.as_deref() == Some("custom:team"))
    );
    assert!(
        p.schema_attributes()
            .iter()
            .any(|a| a.name.as_deref() == Some("email"))
    );
    assert_eq!(
        p.deletion_protection,
        Some(DeletionProtectionType::Inactive)
    );
    assert_eq!(p.email_verification_subject.as_deref(), Some("Your code"));
    assert_eq!(p.estimated_number_of_users, 0);
    assert!(p.creation_date.is_some() && p.last_modified_date.is_some());
    assert_eq!(created.name.as_deref(), Some("my pool"));
}

#[tokio::test]
async fn invalid_pool_settings_are_refused_naming_the_member() {
    let pool = TestPool::start().await;
    let admin = pool.admin_client();
    let err = admin
        .create_user_pool()
        .pool_name("p")
        .policies(policy(5))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "InvalidParameterException");
    assert!(
        format!("{err:?}").contains("minimumLength")
            || format!("{err:?}").contains("MinimumLength")
    );
    let err = admin
        .create_user_pool()
        .pool_name("p")
        .alias_attributes(AliasAttributeType::Email)
        .username_attributes(UsernameAttributeType::Email)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "InvalidParameterException");
    let err = admin
        .create_user_pool()
        .pool_name("p")
        .mfa_configuration(UserPoolMfaType::from("SOMETIMES"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "InvalidParameterException");
    let err = admin
        .create_user_pool()
        .pool_name("bad/name")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "InvalidParameterException");
    let bad_schema = SchemaAttributeType::builder()
        .name("x")
        .attribute_data_type(AttributeDataType::String)
        .required(true)
        .build();
    let err = admin
        .create_user_pool()
        .pool_name("p")
        .schema(bad_schema)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "InvalidParameterException");
    let (status, _, body) = raw_call(pool.url(), "CreateUserPool", "{}", true).await;
    assert_eq!(status, 400);
    assert_eq!(body["__type"], "InvalidParameterException");
    assert!(body["message"].as_str().unwrap().contains("poolName"));
    let (_, _, body) = raw_call(
        pool.url(),
        "CreateUserPool",
        r#"{"PoolName":"p","LambdaConfig":5}"#,
        true,
    )
    .await;
    assert_eq!(body["__type"], "SerializationException");
    let err = admin
        .describe_user_pool()
        .user_pool_id("us-east-1_nothere00")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "ResourceNotFoundException");
}

#[tokio::test]
async fn list_user_pools_pages_through_every_pool() {
    let pool = TestPool::start().await;
    let admin = pool.admin_client();
    let mut ids = Vec::new();
    for i in 0..5 {
        let out = admin
            .create_user_pool()
            .pool_name(format!("pool {i}"))
            .send()
            .await
            .unwrap();
        ids.push(out.user_pool.unwrap().id.unwrap());
    }
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let out = admin
            .list_user_pools()
            .max_results(2)
            .set_next_token(token.clone())
            .send()
            .await
            .unwrap();
        pages += 1;
        assert!(out.user_pools().len() <= 2);
        seen.extend(out.user_pools().iter().map(|p| p.id.clone().unwrap()));
        token = out.next_token;
        if token.is_none() {
            break;
        }
    }
    assert_eq!(pages, 3);
    seen.sort();
    ids.sort();
    assert_eq!(seen, ids);
    let (_, _, body) = raw_call(pool.url(), "ListUserPools", "{}", true).await;
    assert_eq!(body["__type"], "InvalidParameterException");
    let err = admin
        .list_user_pools()
        .max_results(61)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "InvalidParameterException");
    let err = admin
        .list_user_pools()
        .max_results(2)
        .next_token("garbage!")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "InvalidParameterException");
}

#[tokio::test]
async fn update_resets_unspecified_settings_and_keeps_the_fixed_ones() {
    let pool = TestPool::start().await;
    let admin = pool.admin_client();
    let id = admin
        .create_user_pool()
        .pool_name("p")
        .alias_attributes(AliasAttributeType::Email)
        .auto_verified_attributes(VerifiedAttributeType::Email)
        .username_configuration(
            UsernameConfigurationType::builder()
                .case_sensitive(false)
                .build()
                .unwrap(),
        )
        .email_verification_subject("old")
        .send()
        .await
        .unwrap()
        .user_pool
        .unwrap()
        .id
        .unwrap();
    pool.pool.advance_clock(10);
    admin
        .update_user_pool()
        .user_pool_id(&id)
        .policies(policy(12))
        .mfa_configuration(UserPoolMfaType::On)
        .send()
        .await
        .unwrap();
    let p = admin
        .describe_user_pool()
        .user_pool_id(&id)
        .send()
        .await
        .unwrap()
        .user_pool
        .unwrap();
    assert_eq!(
        p.policies
            .clone()
            .unwrap()
            .password_policy
            .unwrap()
            .minimum_length,
        Some(12)
    );
    assert_eq!(p.mfa_configuration, Some(UserPoolMfaType::On));
    assert!(
        p.auto_verified_attributes().is_empty(),
        "not given: back to the default"
    );
    assert!(p.email_verification_subject.is_none());
    assert_eq!(
        p.alias_attributes(),
        &[AliasAttributeType::Email],
        "cannot change"
    );
    assert!(!p.username_configuration.clone().unwrap().case_sensitive);
    assert!(p.last_modified_date.unwrap().secs() > p.creation_date.unwrap().secs());
    let err = admin
        .update_user_pool()
        .user_pool_id("us-east-1_nothere00")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "ResourceNotFoundException");
    let err = admin
        .update_user_pool()
        .user_pool_id(&id)
        .policies(policy(100))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "InvalidParameterException");
}

#[tokio::test]
async fn delete_user_pool_removes_everything_and_honours_protection() {
    let pool = TestPool::start().await;
    let admin = pool.admin_client();
    let (id, client_id) = common::standard_pool(&pool);
    pool.seed_user(
        &id,
        "ann",
        "Passw0rd!",
        &[("email", "ann@example.com")],
        UserStatus::Confirmed,
    );
    let _ = pool.tokens_for(&id, &client_id, "ann");
    admin
        .delete_user_pool()
        .user_pool_id(&id)
        .send()
        .await
        .unwrap();
    let err = admin
        .describe_user_pool()
        .user_pool_id(&id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "ResourceNotFoundException");
    let left = pool.pool.state().db.read(|tx| {
        let users = users::count(tx, &id)?;
        let client = pools::find_client(tx, &client_id)?;
        let tokens: i64 = tx.query_row(
            "SELECT COUNT(*) FROM refresh_tokens WHERE pool_id = ?1",
            [&id],
            |r| r.get(0),
        )?;
        Ok((users, client.is_none(), tokens))
    });
    assert_eq!(left.unwrap(), (0, true, 0));
    let err = admin
        .delete_user_pool()
        .user_pool_id(&id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "ResourceNotFoundException");

    let protected = admin
        .create_user_pool()
        .pool_name("keep")
        .deletion_protection(DeletionProtectionType::Active)
        .send()
        .await
        .unwrap();
    let protected = protected.user_pool.unwrap().id.unwrap();
    let err = admin
        .delete_user_pool()
        .user_pool_id(&protected)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "InvalidParameterException");
}

#[tokio::test]
async fn clients_round_trip_through_describe() {
    let pool = TestPool::start().await;
    let admin = pool.admin_client();
    let team = SchemaAttributeType::builder()
        .name("team")
        .attribute_data_type(AttributeDataType::String)
        .build();
    let created_pool = admin
        .create_user_pool()
        .pool_name("p")
        .schema(team)
        .send()
        .await
        .unwrap();
    let pool_id = created_pool.user_pool.unwrap().id.unwrap();
    let created = admin
        .create_user_pool_client()
        .user_pool_id(&pool_id)
        .client_name("web app")
        .generate_secret(true)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserSrpAuth)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
        .prevent_user_existence_errors(PreventUserExistenceErrorTypes::Enabled)
        .access_token_validity(15)
        .id_token_validity(2)
        .refresh_token_validity(7)
        .token_validity_units(
            TokenValidityUnitsType::builder()
                .access_token(TimeUnitsType::Minutes)
                .id_token(TimeUnitsType::Hours)
                .refresh_token(TimeUnitsType::Days)
                .build(),
        )
        .read_attributes("email")
        .read_attributes("custom:team")
        .write_attributes("email")
        .callback_urls("https://example.com/cb")
        .send()
        .await
        .unwrap()
        .user_pool_client
        .unwrap();
    let client_id = created.client_id.clone().unwrap();
    assert_eq!(client_id.len(), 26);
    assert!(
        client_id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    );
    let secret = created.client_secret.clone().unwrap();
    assert_eq!(secret.len(), 51);
    assert!(secret.bytes().all(|b| b.is_ascii_alphanumeric()));

    let c = admin
        .describe_user_pool_client()
        .user_pool_id(&pool_id)
        .client_id(&client_id)
        .send()
        .await
        .unwrap()
        .user_pool_client
        .unwrap();
    assert_eq!(c, created);
    assert_eq!(c.client_name.as_deref(), Some("web app"));
    assert_eq!(
        c.explicit_auth_flows(),
        &[
            ExplicitAuthFlowsType::AllowUserSrpAuth,
            ExplicitAuthFlowsType::AllowRefreshTokenAuth
        ]
    );
    assert_eq!(
        c.prevent_user_existence_errors,
        Some(PreventUserExistenceErrorTypes::Enabled)
    );
    assert_eq!(
        (
            c.access_token_validity,
            c.id_token_validity,
            c.refresh_token_validity
        ),
        (Some(15), Some(2), 7)
    );
    assert_eq!(
        c.token_validity_units.clone().unwrap().access_token,
        Some(TimeUnitsType::Minutes)
    );
    assert_eq!(
        c.read_attributes(),
        &["email".to_string(), "custom:team".to_string()]
    );
    assert_eq!(c.callback_urls(), &["https://example.com/cb".to_string()]);
    assert_eq!(c.user_pool_id.as_deref(), Some(pool_id.as_str()));

    let stored = pool
        .pool
        .state()
        .db
        .read(|tx| pools::get_pool_client(tx, &pool_id, &client_id))
        .unwrap();
    assert_eq!(stored.settings.access_token_seconds(), 15 * 60);
    assert_eq!(stored.secret.as_deref(), Some(secret.as_str()));

    let public = admin
        .create_user_pool_client()
        .user_pool_id(&pool_id)
        .client_name("public")
        .send()
        .await
        .unwrap()
        .user_pool_client
        .unwrap();
    assert!(public.client_secret.is_none());
    assert_eq!(
        public.prevent_user_existence_errors,
        Some(PreventUserExistenceErrorTypes::Legacy)
    );
    assert_eq!(public.refresh_token_validity, 30);
}

#[tokio::test]
async fn invalid_client_settings_are_refused() {
    let pool = TestPool::start().await;
    let admin = pool.admin_client();
    let (pool_id, client_id) = common::standard_pool(&pool);
    let base = || {
        admin
            .create_user_pool_client()
            .user_pool_id(&pool_id)
            .client_name("c")
    };
    let cases = [
        base()
            .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserSrpAuth)
            .explicit_auth_flows(ExplicitAuthFlowsType::UserPasswordAuth),
        base().explicit_auth_flows(ExplicitAuthFlowsType::from("ALLOW_EVERYTHING")),
        base().prevent_user_existence_errors(PreventUserExistenceErrorTypes::from("SOMETIMES")),
        base().access_token_validity(2).token_validity_units(
            TokenValidityUnitsType::builder()
                .access_token(TimeUnitsType::Minutes)
                .build(),
        ),
        base().id_token_validity(25),
        base().refresh_token_validity(30).token_validity_units(
            TokenValidityUnitsType::builder()
                .refresh_token(TimeUnitsType::Minutes)
                .build(),
        ),
        base()
            .access_token_validity(1)
            .refresh_token_validity(60)
            .token_validity_units(
                TokenValidityUnitsType::builder()
                    .access_token(TimeUnitsType::Days)
                    .refresh_token(TimeUnitsType::Minutes)
                    .build(),
            ),
        base().read_attributes("custom:nope"),
        base().write_attributes("shoe_size"),
        base().client_name("bad/name"),
    ];
    for (i, case) in cases.into_iter().enumerate() {
        let err = case.send().await.unwrap_err();
        assert_eq!(error_name(&err), "InvalidParameterException", "case {i}");
    }
    let err = admin
        .create_user_pool_client()
        .user_pool_id("us-east-1_nothere00")
        .client_name("c")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "ResourceNotFoundException");
    let err = admin
        .describe_user_pool_client()
        .user_pool_id(&pool_id)
        .client_id("nope")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "ResourceNotFoundException");
    let (other_pool, _) = common::standard_pool(&pool);
    let err = admin
        .describe_user_pool_client()
        .user_pool_id(&other_pool)
        .client_id(&client_id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "ResourceNotFoundException");
    let (_, _, body) = raw_call(
        pool.url(),
        "CreateUserPoolClient",
        &json!({"UserPoolId": pool_id}).to_string(),
        true,
    )
    .await;
    assert_eq!(body["__type"], "InvalidParameterException");
    assert!(body["message"].as_str().unwrap().contains("clientName"));
}

#[tokio::test]
async fn clients_list_update_and_delete() {
    let pool = TestPool::start().await;
    let admin = pool.admin_client();
    let (pool_id, first) = common::standard_pool(&pool);
    let mut ids = vec![first.clone()];
    for i in 0..2 {
        let c = admin
            .create_user_pool_client()
            .user_pool_id(&pool_id)
            .client_name(format!("c{i}"))
            .send()
            .await
            .unwrap();
        ids.push(c.user_pool_client.unwrap().client_id.unwrap());
    }
    let page1 = admin
        .list_user_pool_clients()
        .user_pool_id(&pool_id)
        .max_results(2)
        .send()
        .await
        .unwrap();
    assert_eq!(page1.user_pool_clients().len(), 2);
    let page2 = admin
        .list_user_pool_clients()
        .user_pool_id(&pool_id)
        .max_results(2)
        .set_next_token(page1.next_token.clone())
        .send()
        .await
        .unwrap();
    assert!(page2.next_token.is_none());
    let mut seen: Vec<String> = page1
        .user_pool_clients()
        .iter()
        .chain(page2.user_pool_clients())
        .map(|c| c.client_id.clone().unwrap())
        .collect();
    seen.sort();
    ids.sort();
    assert_eq!(seen, ids);
    let err = admin
        .list_user_pool_clients()
        .user_pool_id("us-east-1_nothere00")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "ResourceNotFoundException");

    // Update: given members change, the rest return to defaults, name and secret stay.
    let before = pool
        .pool
        .state()
        .db
        .read(|tx| pools::get_pool_client(tx, &pool_id, &first))
        .unwrap();
    assert!(before.settings.hides_user_existence());
    let updated = admin
        .update_user_pool_client()
        .user_pool_id(&pool_id)
        .client_id(&first)
        .access_token_validity(2)
        .send()
        .await
        .unwrap()
        .user_pool_client
        .unwrap();
    assert_eq!(updated.client_name.as_deref(), Some("test client"));
    assert_eq!(updated.access_token_validity, Some(2));
    assert_eq!(
        updated.prevent_user_existence_errors,
        Some(PreventUserExistenceErrorTypes::Legacy)
    );
    assert!(updated.explicit_auth_flows().is_empty());
    let err = admin
        .update_user_pool_client()
        .user_pool_id(&pool_id)
        .client_id(&first)
        .access_token_validity(48)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "InvalidParameterException");
    let err = admin
        .update_user_pool_client()
        .user_pool_id(&pool_id)
        .client_id("nope")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "ResourceNotFoundException");

    admin
        .delete_user_pool_client()
        .user_pool_id(&pool_id)
        .client_id(&first)
        .send()
        .await
        .unwrap();
    let err = admin
        .describe_user_pool_client()
        .user_pool_id(&pool_id)
        .client_id(&first)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "ResourceNotFoundException");
    let err = admin
        .delete_user_pool_client()
        .user_pool_id(&pool_id)
        .client_id(&first)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "ResourceNotFoundException");
}

#[tokio::test]
async fn admin_operations_need_a_signature() {
    let pool = TestPool::start().await;
    let (_, _, body) = raw_call(pool.url(), "ListUserPools", r#"{"MaxResults":1}"#, false).await;
    assert_eq!(body["__type"], "MissingAuthenticationTokenException");
}

#[tokio::test]
async fn demo_pool_is_seeded_once() {
    let dir = tempfile::tempdir().unwrap();
    let local = LocalPool::start(LocalPoolConfig::ephemeral(dir.path()))
        .await
        .unwrap();
    let state = local.state().clone();
    let (pool, client, count) = state
        .db
        .read(|tx| {
            let pool = pools::get_pool(tx, DEMO_POOL_ID)?;
            let client = pools::get_pool_client(tx, DEMO_POOL_ID, DEMO_CLIENT_ID)?;
            Ok((pool, client, users::count(tx, DEMO_POOL_ID)?))
        })
        .unwrap();
    let demo_users = demo::demo_users();
    assert!((4..=5).contains(&demo_users.len()));
    assert_eq!(count as usize, demo_users.len());
    assert!(client.secret.is_none());
    assert!(
        client
            .settings
            .allows(cognito_tui::local_pool::model::Flow::UserSrp)
    );
    assert!(
        client
            .settings
            .allows(cognito_tui::local_pool::model::Flow::UserPassword)
    );
    assert!(!pool.settings.case_sensitive());
    assert_eq!(pool.settings.mfa_configuration, "OPTIONAL");
    for (username, password) in &demo_users {
        let user = state
            .db
            .read(|tx| users::require(tx, &pool, &username.to_uppercase()))
            .unwrap();
        assert_eq!(user.status, UserStatus::Confirmed);
        assert!(user.is_verified("email"));
        assert!(user.attribute("given_name").is_some() && user.attribute("custom:team").is_some());
        assert!(srp_server::password_matches(
            &user.verifier,
            pool.srp_name(),
            &user.username,
            password
        ));
        assert!(
            pool.settings
                .policies
                .password_policy
                .check(password)
                .is_ok()
        );
        // Email works as a sign-in alias.
        let email = user.attribute("email").unwrap().to_string();
        let by_email = state
            .db
            .read(|tx| users::require(tx, &pool, &email))
            .unwrap();
        assert_eq!(by_email.username, user.username);
    }
    // The SDK sees it too.
    let admin = common::TestPool::admin_client_for(local.url());
    let described = admin
        .describe_user_pool()
        .user_pool_id(DEMO_POOL_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(
        described.user_pool.unwrap().estimated_number_of_users as usize,
        demo_users.len()
    );
    let admins = admin
        .list_users_in_group()
        .user_pool_id(DEMO_POOL_ID)
        .group_name("admins")
        .send()
        .await
        .unwrap();
    let mut names: Vec<&str> = admins
        .users()
        .iter()
        .filter_map(|u| u.username.as_deref())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["alice", "erin"]);
    let (first, _) = &demo_users[0];
    let first_key = pool.username_key(first);
    assert!(
        !state
            .db
            .read(|tx| users::groups_of(tx, DEMO_POOL_ID, &first_key))
            .unwrap()
            .is_empty()
    );

    // A restart of the same directory does not seed again: a deleted demo user stays deleted.
    state
        .db
        .write(|tx| users::delete(tx, DEMO_POOL_ID, &first_key))
        .unwrap();
    drop(state);
    local.shutdown().await;
    let again = LocalPool::start(LocalPoolConfig::ephemeral(dir.path()))
        .await
        .unwrap();
    let count = again
        .state()
        .db
        .read(|tx| users::count(tx, DEMO_POOL_ID))
        .unwrap();
    assert_eq!(count as usize, demo_users.len() - 1);
    again.shutdown().await;
}
