//! What the pool-configuration face reads: DescribeUserPool's defaults, risk configurations,
//! domains and UpdateUserPool's reset of omitted settings, over the real SDK.

use crate::common;

use aws_sdk_cognitoidentityprovider::types::{
    CompromisedCredentialsActionsType, CompromisedCredentialsEventActionType,
    CompromisedCredentialsRiskConfigurationType, DeletionProtectionType, EmailSendingAccountType,
    TimeUnitsType, UserPoolTierType,
};
use common::{TestPool, error_name};

#[tokio::test]
async fn describe_fills_cognitos_defaults_and_update_resets_what_it_omits() {
    let pool = TestPool::start().await;
    let admin = pool.admin_client();
    let created = admin
        .create_user_pool()
        .pool_name("defaults")
        .email_verification_subject("Your code")
        .deletion_protection(DeletionProtectionType::Active)
        .send()
        .await
        .unwrap();
    let id = created.user_pool().unwrap().id().unwrap().to_string();
    let described = admin
        .describe_user_pool()
        .user_pool_id(&id)
        .send()
        .await
        .unwrap();
    let p = described.user_pool().unwrap();
    assert_eq!(p.user_pool_tier(), Some(&UserPoolTierType::Essentials));
    assert_eq!(
        p.email_configuration()
            .and_then(|e| e.email_sending_account()),
        Some(&EmailSendingAccountType::CognitoDefault)
    );
    assert_eq!(
        p.admin_create_user_config()
            .map(|a| a.unused_account_validity_days()),
        Some(7)
    );
    assert_eq!(p.email_verification_subject(), Some("Your code"));
    assert_eq!(
        p.deletion_protection(),
        Some(&DeletionProtectionType::Active)
    );

    // UpdateUserPool with only a message: everything else it was not given returns to default.
    admin
        .update_user_pool()
        .user_pool_id(&id)
        .sms_authentication_message("Code {####}")
        .send()
        .await
        .unwrap();
    let after = admin
        .describe_user_pool()
        .user_pool_id(&id)
        .send()
        .await
        .unwrap();
    let p = after.user_pool().unwrap();
    assert_eq!(p.sms_authentication_message(), Some("Code {####}"));
    assert_eq!(p.email_verification_subject(), None);
    assert_eq!(
        p.deletion_protection(),
        Some(&DeletionProtectionType::Inactive)
    );
}

#[tokio::test]
async fn client_describe_shows_defaults_in_cognitos_shape() {
    let pool = TestPool::start().await;
    let admin = pool.admin_client();
    let (pool_id, client_id) = common::standard_pool(&pool);
    let out = admin
        .describe_user_pool_client()
        .user_pool_id(&pool_id)
        .client_id(&client_id)
        .send()
        .await
        .unwrap();
    let c = out.user_pool_client().unwrap();
    assert_eq!(c.enable_token_revocation(), Some(true));
    assert_eq!(c.auth_session_validity(), Some(3));
    assert_eq!(
        c.token_validity_units().and_then(|u| u.refresh_token()),
        Some(&TimeUnitsType::Days)
    );
}

#[tokio::test]
async fn risk_configuration_is_stored_per_pool_and_per_client() {
    let pool = TestPool::start().await;
    let admin = pool.admin_client();
    let (pool_id, client_id) = common::standard_pool(&pool);

    let none = admin
        .describe_risk_configuration()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    let none = none.risk_configuration().unwrap();
    assert_eq!(none.user_pool_id(), Some(pool_id.as_str()));
    assert!(none.compromised_credentials_risk_configuration().is_none());

    let block = CompromisedCredentialsRiskConfigurationType::builder()
        .actions(
            CompromisedCredentialsActionsType::builder()
                .event_action(CompromisedCredentialsEventActionType::Block)
                .build()
                .unwrap(),
        )
        .build();
    admin
        .set_risk_configuration()
        .user_pool_id(&pool_id)
        .compromised_credentials_risk_configuration(block)
        .send()
        .await
        .unwrap();
    // The client has none of its own: it gets the pool's.
    let for_client = admin
        .describe_risk_configuration()
        .user_pool_id(&pool_id)
        .client_id(&client_id)
        .send()
        .await
        .unwrap();
    let action = for_client
        .risk_configuration()
        .and_then(|r| r.compromised_credentials_risk_configuration())
        .and_then(|c| c.actions())
        .map(|a| a.event_action().clone());
    assert_eq!(action, Some(CompromisedCredentialsEventActionType::Block));

    let err = admin
        .describe_risk_configuration()
        .user_pool_id(&pool_id)
        .client_id("nosuchclient")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&err), "ResourceNotFoundException");
}

#[tokio::test]
async fn a_domain_is_created_described_shown_on_the_pool_and_deleted() {
    let pool = TestPool::start().await;
    let admin = pool.admin_client();
    let (pool_id, _) = common::standard_pool(&pool);
    admin
        .create_user_pool_domain()
        .user_pool_id(&pool_id)
        .domain("my-app-dev")
        .send()
        .await
        .unwrap();
    let again = admin
        .create_user_pool_domain()
        .user_pool_id(&pool_id)
        .domain("another")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&again), "InvalidParameterException");
    let bad = admin
        .create_user_pool_domain()
        .user_pool_id(&pool_id)
        .domain("Not A Domain")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_name(&bad), "InvalidParameterException");

    let described = admin
        .describe_user_pool_domain()
        .domain("my-app-dev")
        .send()
        .await
        .unwrap();
    let d = described.domain_description().unwrap();
    assert_eq!(d.user_pool_id(), Some(pool_id.as_str()));
    assert_eq!(d.status().map(|s| s.as_str()), Some("ACTIVE"));
    let on_pool = admin
        .describe_user_pool()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap();
    assert_eq!(on_pool.user_pool().unwrap().domain(), Some("my-app-dev"));

    admin
        .delete_user_pool_domain()
        .user_pool_id(&pool_id)
        .domain("my-app-dev")
        .send()
        .await
        .unwrap();
    let gone = admin
        .describe_user_pool_domain()
        .domain("my-app-dev")
        .send()
        .await
        .unwrap();
    assert!(gone.domain_description().unwrap().domain().is_none());
}
