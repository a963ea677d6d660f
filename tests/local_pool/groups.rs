//! Groups and membership over the real SDK; membership shows in tokens as `cognito:groups`.

use crate::common;

use cognito_tui::cognito::jwt::decode_unverified;
use cognito_tui::local_pool::users::UserStatus;
use common::{TestPool, error_name, raw_call};
use serde_json::json;

fn groups_in(token: &str) -> Vec<String> {
    let decoded = decode_unverified(token).unwrap();
    decoded.groups().into_iter().map(str::to_string).collect()
}

#[tokio::test]
async fn create_get_update_delete() {
    let pool = TestPool::start().await;
    let admin = pool.admin_client();
    let (pool_id, _) = common::standard_pool(&pool);
    let created = admin
        .create_group()
        .user_pool_id(&pool_id)
        .group_name("admins")
        .description("The admins")
        .precedence(3)
        .role_arn("arn:aws:iam::123456789012:role/Admin")
        .send()
        .await
        .unwrap()
        .group
        .unwrap();
    assert_eq!(created.group_name.as_deref(), Some("admins"));
    assert_eq!(created.user_pool_id.as_deref(), Some(pool_id.as_str()));
    assert_eq!(created.precedence, Some(3));
    assert!(created.creation_date.is_some());

    let got = admin
        .get_group()
        .user_pool_id(&pool_id)
        .group_name("admins")
        .send()
        .await
        .unwrap()
        .group
        .unwrap();
    assert_eq!(got, created);

    let err = admin
        .create_group()
        .user_pool_id(&pool_id)
        .group_name("admins")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "GroupExistsException");
    let err = admin
        .create_group()
        .user_pool_id("us-east-1_nothere00")
        .group_name("x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "ResourceNotFoundException");
    let err = admin
        .create_group()
        .user_pool_id(&pool_id)
        .group_name("x")
        .precedence(-1)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "InvalidParameterException");
    let err = admin
        .create_group()
        .user_pool_id(&pool_id)
        .group_name("has space")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "InvalidParameterException");
    let err = admin
        .create_group()
        .user_pool_id(&pool_id)
        .group_name("x")
        .role_arn("not-an-arn-at-all-really")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "InvalidParameterException");
    let (_, _, body) = raw_call(
        pool.url(),
        "CreateGroup",
        &json!({"UserPoolId": pool_id}).to_string(),
        true,
    )
    .await;
    assert_eq!(body["__type"], "InvalidParameterException");
    assert!(body["message"].as_str().unwrap().contains("groupName"));

    let err = admin
        .get_group()
        .user_pool_id(&pool_id)
        .group_name("nope")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "ResourceNotFoundException");
    assert_eq!(
        err.as_service_error()
            .and_then(|e| aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata::message(e)),
        Some("Group not found.")
    );

    pool.pool.advance_clock(5);
    let updated = admin
        .update_group()
        .user_pool_id(&pool_id)
        .group_name("admins")
        .description("Renamed")
        .send()
        .await
        .unwrap()
        .group
        .unwrap();
    assert_eq!(updated.description.as_deref(), Some("Renamed"));
    assert_eq!(updated.precedence, Some(3), "members not given stay");
    assert!(updated.last_modified_date.unwrap().secs() > updated.creation_date.unwrap().secs());
    let err = admin
        .update_group()
        .user_pool_id(&pool_id)
        .group_name("nope")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "ResourceNotFoundException");

    admin
        .delete_group()
        .user_pool_id(&pool_id)
        .group_name("admins")
        .send()
        .await
        .unwrap();
    let err = admin
        .get_group()
        .user_pool_id(&pool_id)
        .group_name("admins")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "ResourceNotFoundException");
    let err = admin
        .delete_group()
        .user_pool_id(&pool_id)
        .group_name("admins")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "ResourceNotFoundException");
}

#[tokio::test]
async fn list_groups_pages() {
    let pool = TestPool::start().await;
    let admin = pool.admin_client();
    let (pool_id, _) = common::standard_pool(&pool);
    for name in ["e", "d", "c", "b", "a"] {
        admin
            .create_group()
            .user_pool_id(&pool_id)
            .group_name(name)
            .send()
            .await
            .unwrap();
    }
    let mut seen = Vec::new();
    let mut token = None;
    loop {
        let out = admin
            .list_groups()
            .user_pool_id(&pool_id)
            .limit(2)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        assert!(out.groups().len() <= 2);
        seen.extend(out.groups().iter().map(|g| g.group_name.clone().unwrap()));
        token = out.next_token;
        if token.is_none() {
            break;
        }
    }
    assert_eq!(seen, ["a", "b", "c", "d", "e"]);
    let all = admin
        .list_groups()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    assert_eq!(all.groups().len(), 5);
    assert!(all.next_token.is_none());
    let err = admin
        .list_groups()
        .user_pool_id(&pool_id)
        .limit(0)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "InvalidParameterException");
    let err = admin
        .list_groups()
        .user_pool_id(&pool_id)
        .next_token("x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "InvalidParameterException");
    let err = admin
        .list_groups()
        .user_pool_id("us-east-1_nothere00")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "ResourceNotFoundException");
}

#[tokio::test]
async fn membership_lists_and_tokens() {
    let pool = TestPool::start().await;
    let admin = pool.admin_client();
    let (pool_id, client_id) = common::standard_pool(&pool);
    for name in ["ann", "bob", "cat"] {
        pool.seed_user(
            &pool_id,
            name,
            "Passw0rd!",
            &[
                ("email", &format!("{name}@example.com")),
                ("email_verified", "true"),
            ],
            UserStatus::Confirmed,
        );
    }
    admin
        .create_group()
        .user_pool_id(&pool_id)
        .group_name("readers")
        .precedence(20)
        .send()
        .await
        .unwrap();
    admin
        .create_group()
        .user_pool_id(&pool_id)
        .group_name("admins")
        .precedence(1)
        .send()
        .await
        .unwrap();

    for name in ["ann", "bob", "cat"] {
        admin
            .admin_add_user_to_group()
            .user_pool_id(&pool_id)
            .group_name("readers")
            .username(name)
            .send()
            .await
            .unwrap();
    }
    // Twice is fine (the pool is case-insensitive: ANN is ann).
    admin
        .admin_add_user_to_group()
        .user_pool_id(&pool_id)
        .group_name("admins")
        .username("ANN")
        .send()
        .await
        .unwrap();
    admin
        .admin_add_user_to_group()
        .user_pool_id(&pool_id)
        .group_name("admins")
        .username("ann")
        .send()
        .await
        .unwrap();

    let err = admin
        .admin_add_user_to_group()
        .user_pool_id(&pool_id)
        .group_name("admins")
        .username("nobody")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "UserNotFoundException");
    assert_eq!(
        err.as_service_error()
            .and_then(|e| aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata::message(e)),
        Some("User does not exist.")
    );
    let err = admin
        .admin_add_user_to_group()
        .user_pool_id(&pool_id)
        .group_name("nope")
        .username("ann")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "ResourceNotFoundException");
    let err = admin
        .admin_add_user_to_group()
        .user_pool_id("us-east-1_nothere00")
        .group_name("admins")
        .username("ann")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "ResourceNotFoundException");

    let ann = admin
        .admin_list_groups_for_user()
        .user_pool_id(&pool_id)
        .username("ann")
        .send()
        .await
        .unwrap();
    let names: Vec<_> = ann
        .groups()
        .iter()
        .map(|g| g.group_name.clone().unwrap())
        .collect();
    assert_eq!(names, ["admins", "readers"]);
    let page = admin
        .admin_list_groups_for_user()
        .user_pool_id(&pool_id)
        .username("ann")
        .limit(1)
        .send()
        .await
        .unwrap();
    assert_eq!(page.groups().len(), 1);
    let rest = admin
        .admin_list_groups_for_user()
        .user_pool_id(&pool_id)
        .username("ann")
        .limit(1)
        .set_next_token(page.next_token.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(rest.groups()[0].group_name.as_deref(), Some("readers"));
    let err = admin
        .admin_list_groups_for_user()
        .user_pool_id(&pool_id)
        .username("nobody")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "UserNotFoundException");

    let mut seen = Vec::new();
    let mut token = None;
    loop {
        let out = admin
            .list_users_in_group()
            .user_pool_id(&pool_id)
            .group_name("readers")
            .limit(2)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        for user in out.users() {
            assert_eq!(
                user.user_status.as_ref().map(|s| s.as_str()),
                Some("CONFIRMED")
            );
            assert!(user.attributes().iter().any(|a| a.name == "email"));
            seen.push(user.username.clone().unwrap());
        }
        token = out.next_token;
        if token.is_none() {
            break;
        }
    }
    assert_eq!(seen, ["ann", "bob", "cat"]);
    let err = admin
        .list_users_in_group()
        .user_pool_id(&pool_id)
        .group_name("nope")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "ResourceNotFoundException");

    // Tokens name the groups, lowest precedence first.
    let tokens = pool.tokens_for(&pool_id, &client_id, "ann");
    assert_eq!(groups_in(&tokens.access), ["admins", "readers"]);
    assert_eq!(groups_in(&tokens.id), ["admins", "readers"]);

    admin
        .admin_remove_user_from_group()
        .user_pool_id(&pool_id)
        .group_name("admins")
        .username("ann")
        .send()
        .await
        .unwrap();
    assert_eq!(
        groups_in(&pool.tokens_for(&pool_id, &client_id, "ann").access),
        ["readers"]
    );
    let err = admin
        .admin_remove_user_from_group()
        .user_pool_id(&pool_id)
        .group_name("admins")
        .username("nobody")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "UserNotFoundException");

    // Deleting a group ends its memberships.
    admin
        .delete_group()
        .user_pool_id(&pool_id)
        .group_name("readers")
        .send()
        .await
        .unwrap();
    assert!(groups_in(&pool.tokens_for(&pool_id, &client_id, "bob").access).is_empty());
    let bob = admin
        .admin_list_groups_for_user()
        .user_pool_id(&pool_id)
        .username("bob")
        .send()
        .await
        .unwrap();
    assert!(bob.groups().is_empty());
}
