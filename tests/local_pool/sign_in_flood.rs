//! A flood of InitiateAuth cannot block sign-in (issue 14, point 4): sign-ins in progress are
//! bounded per user of an app client and in all, and when the store is full the oldest gives
//! way; a new sign-in is never refused. The store is made small here so the flood stays short.

use std::collections::HashMap;

use crate::common::{self, TestPool, raw_call};

use cognito_tui::cognito::srp::{PasswordVerifierChallenge, PoolContext, SrpClient};
use cognito_tui::local_pool::sessions::MAX_PENDING_PER_USER;
use cognito_tui::local_pool::users::UserStatus;
use cognito_tui::secret::SecretString;
use serde_json::{Value, json};

/// Sign-ins in progress this pool holds at most.
const CAP: usize = 24;
// The flood of one name must overflow that name's share, and the store must hold more.
const _: () = assert!(2 * CAP > MAX_PENDING_PER_USER + 1 && CAP > MAX_PENDING_PER_USER + 1);

struct Pool {
    pool: TestPool,
    ctx: PoolContext,
    client_id: String,
}

impl Pool {
    async fn start() -> Self {
        let pool = TestPool::start_with(|c| c.max_pending_sign_ins = CAP).await;
        let (pool_id, client_id) = common::standard_pool(&pool);
        for name in ["carol", "dave"] {
            common::seed_with_email(&pool, &pool_id, name, UserStatus::Confirmed);
        }
        let ctx = PoolContext::new(&pool_id, &client_id, None).unwrap();
        Self {
            pool,
            ctx,
            client_id,
        }
    }

    /// InitiateAuth(USER_SRP_AUTH) for `name`: its challenge parameters, or the refusal.
    async fn initiate(
        &self,
        name: &str,
        srp: &SrpClient,
    ) -> Result<HashMap<String, String>, Value> {
        let body = json!({
            "AuthFlow": "USER_SRP_AUTH",
            "ClientId": self.client_id,
            "AuthParameters": self.ctx.initiate_auth_parameters(name, srp),
        });
        let (status, _, out) =
            raw_call(self.pool.url(), "InitiateAuth", &body.to_string(), false).await;
        if status != 200 {
            return Err(out);
        }
        Ok(serde_json::from_value(out["ChallengeParameters"].clone()).unwrap())
    }

    /// InitiateAuth for each of `names`, from an attacker without the passwords (one A for all):
    /// every call must be answered.
    async fn flood(&self, names: impl Iterator<Item = String>) {
        let flood = SrpClient::new().unwrap();
        for (n, name) in names.enumerate() {
            let answer = self.initiate(&name, &flood).await;
            assert!(
                answer.is_ok(),
                "flood call {n} ({name}) refused: {answer:?}"
            );
        }
    }

    /// The password verifier's answer to `params`: tokens, or the refusal.
    async fn answer(&self, srp: &SrpClient, params: &HashMap<String, String>) -> Result<(), Value> {
        let challenge = PasswordVerifierChallenge::from_parameters(params).unwrap();
        let password = SecretString::from("Carol-Pass-2024!");
        let now = time::OffsetDateTime::now_utc();
        let response = srp.respond(&self.ctx, &challenge, &password, now).unwrap();
        let body = json!({
            "ChallengeName": "PASSWORD_VERIFIER",
            "ClientId": self.client_id,
            "ChallengeResponses": response.into_map(),
        });
        let (status, _, out) = raw_call(
            self.pool.url(),
            "RespondToAuthChallenge",
            &body.to_string(),
            false,
        )
        .await;
        match out["AuthenticationResult"]["AccessToken"].as_str() {
            Some(_) if status == 200 => Ok(()),
            _ => Err(out),
        }
    }
}

#[tokio::test]
async fn a_flood_of_initiate_auth_refuses_no_one_and_a_name_flooded_evicts_only_itself() {
    let pool = Pool::start().await;
    let dave = SrpClient::new().unwrap();
    let dave_started = pool.initiate("dave", &dave).await.unwrap();
    // Carol's name, over and over, from an attacker who does not have her password: each is
    // answered, and only carol's own older sign-ins give way.
    pool.flood((0..2 * CAP).map(|_| "carol".to_string())).await;
    pool.answer(&dave, &dave_started)
        .await
        .expect("dave's sign-in in progress outlives a flood of carol's name");

    // Many names, more than the store holds: still no one is refused, and a sign-in begun
    // after the flood goes through.
    pool.flood((0..2 * CAP).map(|n| format!("ghost{n}"))).await;
    let carol = SrpClient::new().unwrap();
    let started = pool.initiate("carol", &carol).await.unwrap();
    pool.answer(&carol, &started)
        .await
        .expect("carol signs in right after the flood");
}

#[tokio::test]
async fn under_a_full_store_the_oldest_sign_in_gives_way() {
    let pool = Pool::start().await;
    let dave = SrpClient::new().unwrap();
    let dave_started = pool.initiate("dave", &dave).await.unwrap();
    pool.flood((0..CAP).map(|n| format!("ghost{n}"))).await;
    // Dave's was the oldest of CAP + 1: it gave way, and says so as an expired session does.
    let refused = pool.answer(&dave, &dave_started).await.unwrap_err();
    assert_eq!(refused["__type"], "NotAuthorizedException", "{refused}");
}
