//! Groups and membership, over more groups and members than one page holds.

use cognito_tui::local_pool::users::UserStatus as StoredStatus;
use cognito_tui::service::ServiceError;

use super::common::TestPool;
use super::operator;

#[tokio::test]
async fn groups_and_membership() {
    let pool = TestPool::start().await;
    let (op, pool_id, _) = operator(&pool);
    let group = op
        .create_group("ops", Some("The operators".into()), Some(5))
        .await
        .unwrap();
    assert_eq!(group.name, "ops");
    assert_eq!(group.description.as_deref(), Some("The operators"));
    assert_eq!(group.precedence, Some(5));
    assert!(group.created.is_some());
    let err = op.create_group("ops", None, None).await.unwrap_err();
    assert_eq!(err, ServiceError::GroupExists);

    // More groups and members than one page holds.
    for i in 0..61 {
        op.create_group(&format!("team{i:02}"), None, None)
            .await
            .unwrap();
        let name = format!("member{i:02}");
        pool.seed_user(
            &pool_id,
            &name,
            "Seed-Pass-2024!",
            &[],
            StoredStatus::Confirmed,
        );
        op.add_to_group(&name, "ops").await.unwrap();
    }
    let groups = op.list_groups().await.unwrap();
    assert_eq!(groups.len(), 62);
    assert!(
        groups
            .iter()
            .any(|g| g.name == "ops" && g.precedence == Some(5))
    );
    let members = op.group_members("ops").await.unwrap();
    assert_eq!(members.len(), 61);
    assert!(members.iter().all(|m| m.username.starts_with("member")));

    op.add_to_group("member00", "team00").await.unwrap();
    let mut groups_of = op.get_user("member00").await.unwrap().groups;
    groups_of.sort();
    assert_eq!(groups_of, ["ops", "team00"]);
    op.remove_from_group("member00", "ops").await.unwrap();
    assert_eq!(op.get_user("member00").await.unwrap().groups, ["team00"]);
    assert_eq!(op.group_members("ops").await.unwrap().len(), 60);

    assert_eq!(
        op.add_to_group("nobody", "ops").await.unwrap_err(),
        ServiceError::UserNotFound
    );
    assert_eq!(
        op.add_to_group("member01", "no-such-group")
            .await
            .unwrap_err(),
        ServiceError::GroupNotFound
    );
    assert_eq!(
        op.group_members("no-such-group").await.unwrap_err(),
        ServiceError::GroupNotFound
    );

    op.delete_group("team00").await.unwrap();
    assert_eq!(
        op.get_user("member00").await.unwrap().groups,
        Vec::<String>::new()
    );
    assert_eq!(
        op.delete_group("team00").await.unwrap_err(),
        ServiceError::GroupNotFound
    );
}
