//! GetUserPoolMfaConfig / SetUserPoolMfaConfig over the real SDK.

use crate::common;

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::operation::get_user_pool_mfa_config::GetUserPoolMfaConfigOutput;
use aws_sdk_cognitoidentityprovider::types::{
    SmsMfaConfigType, SoftwareTokenMfaConfigType, UserPoolMfaType,
};
use common::{TestPool, error_name};

async fn read(admin: &Client, pool_id: &str) -> GetUserPoolMfaConfigOutput {
    admin
        .get_user_pool_mfa_config()
        .user_pool_id(pool_id)
        .send()
        .await
        .unwrap()
}

/// The SMS message the pool's MFA config holds.
fn sms_message(config: &GetUserPoolMfaConfigOutput) -> Option<&str> {
    config
        .sms_mfa_configuration()
        .and_then(|s| s.sms_authentication_message())
}

#[tokio::test]
async fn the_mfa_config_is_read_set_and_agrees_with_describe_user_pool() {
    let pool = TestPool::start().await;
    let admin = pool.admin_client();
    let (pool_id, _) = common::standard_pool(&pool);

    let before = read(&admin, &pool_id).await;
    assert_eq!(before.mfa_configuration(), Some(&UserPoolMfaType::Off));
    assert_eq!(
        before
            .software_token_mfa_configuration()
            .map(|t| t.enabled()),
        Some(false),
        "MFA off offers no factor"
    );

    let set = admin
        .set_user_pool_mfa_config()
        .user_pool_id(&pool_id)
        .mfa_configuration(UserPoolMfaType::Optional)
        .software_token_mfa_configuration(
            SoftwareTokenMfaConfigType::builder().enabled(true).build(),
        )
        .sms_mfa_configuration(
            SmsMfaConfigType::builder()
                .sms_authentication_message("Your code is {####}")
                .build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(set.mfa_configuration(), Some(&UserPoolMfaType::Optional));
    assert_eq!(
        set.software_token_mfa_configuration().map(|t| t.enabled()),
        Some(true)
    );

    let after = read(&admin, &pool_id).await;
    assert_eq!(sms_message(&after), Some("Your code is {####}"));
    let described = admin
        .describe_user_pool()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        described.user_pool().and_then(|p| p.mfa_configuration()),
        Some(&UserPoolMfaType::Optional)
    );
}

#[tokio::test]
async fn mfa_on_with_no_factor_and_an_unknown_pool_are_refused() {
    let pool = TestPool::start().await;
    let admin = pool.admin_client();
    let (pool_id, _) = common::standard_pool(&pool);
    let err = admin
        .set_user_pool_mfa_config()
        .user_pool_id(&pool_id)
        .mfa_configuration(UserPoolMfaType::On)
        .software_token_mfa_configuration(
            SoftwareTokenMfaConfigType::builder().enabled(false).build(),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "InvalidParameterException");
    // Nothing was changed by the refused call.
    let now = read(&admin, &pool_id).await;
    assert_eq!(now.mfa_configuration(), Some(&UserPoolMfaType::Off));

    let err = admin
        .get_user_pool_mfa_config()
        .user_pool_id("us-east-1_Nope0000")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "ResourceNotFoundException");
}

#[tokio::test]
async fn update_user_pool_leaves_the_mfa_factors_as_they_were_set() {
    let pool = TestPool::start().await;
    let admin = pool.admin_client();
    let (pool_id, _) = common::standard_pool(&pool);
    admin
        .set_user_pool_mfa_config()
        .user_pool_id(&pool_id)
        .mfa_configuration(UserPoolMfaType::Optional)
        .sms_mfa_configuration(
            SmsMfaConfigType::builder()
                .sms_authentication_message("Code: {####}")
                .build(),
        )
        .software_token_mfa_configuration(
            SoftwareTokenMfaConfigType::builder().enabled(true).build(),
        )
        .send()
        .await
        .unwrap();
    admin
        .update_user_pool()
        .user_pool_id(&pool_id)
        .mfa_configuration(UserPoolMfaType::Optional)
        .send()
        .await
        .unwrap();
    let after = read(&admin, &pool_id).await;
    assert_eq!(sms_message(&after), Some("Code: {####}"));
    assert_eq!(
        after
            .software_token_mfa_configuration()
            .map(|t| t.enabled()),
        Some(true)
    );
}
