//! The sign-in state machine: InitiateAuth → (PASSWORD_VERIFIER) → tokens or the next challenge,
//! each step carrying Cognito's `Session`; and refresh with REFRESH_TOKEN_AUTH.

use crate::service::error::AtEndpoint;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::{Arc, Mutex};

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::operation::initiate_auth::InitiateAuthOutput;
use aws_sdk_cognitoidentityprovider::operation::respond_to_auth_challenge::RespondToAuthChallengeOutput;
use aws_sdk_cognitoidentityprovider::types::{
    AuthFlowType, AuthenticationResultType, ChallengeNameType,
};
use time::{Duration, OffsetDateTime};

use super::tokens::{Device, Tokens};
use super::{AuthFlow, ServiceError, Settings};
use crate::cognito::jwt;
use crate::cognito::srp::{PasswordVerifierChallenge, PoolContext, SrpClient};
use crate::secret::SecretString;

mod challenge;

pub use challenge::{Answer, Challenge, MfaKind, PendingChallenge, SignInStep, TotpSetup};

/// Access tokens last an hour unless the server says otherwise.
const DEFAULT_LIFETIME: Duration = Duration::hours(1);

/// What InitiateAuth and RespondToAuthChallenge both return.
struct Reply {
    challenge: Option<ChallengeNameType>,
    session: Option<String>,
    params: HashMap<String, String>,
    result: Option<AuthenticationResultType>,
}

impl From<InitiateAuthOutput> for Reply {
    fn from(out: InitiateAuthOutput) -> Self {
        Self {
            challenge: out.challenge_name,
            session: out.session,
            params: out.challenge_parameters.unwrap_or_default(),
            result: out.authentication_result,
        }
    }
}

impl From<RespondToAuthChallengeOutput> for Reply {
    fn from(out: RespondToAuthChallengeOutput) -> Self {
        Self {
            challenge: out.challenge_name,
            session: out.session,
            params: out.challenge_parameters.unwrap_or_default(),
            result: out.authentication_result,
        }
    }
}

/// Signs users in against one pool and app client.
#[derive(Clone)]
pub struct Authenticator {
    client: Client,
    settings: Settings,
    pool: PoolContext,
    endpoint: String,
    /// One SRP ephemeral computed ahead of time (`prepare_srp`), taken by the next sign-in.
    /// Clones share it; `a` is zeroized when the attempt that took it is dropped.
    prepared: Arc<Mutex<Option<SrpClient>>>,
}

impl fmt::Debug for Authenticator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authenticator")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl AtEndpoint for Authenticator {
    fn endpoint(&self) -> &str {
        &self.endpoint
    }
}

impl Authenticator {
    pub fn new(client: Client, settings: Settings) -> Result<Self, ServiceError> {
        let pool = PoolContext::new(
            &settings.user_pool_id,
            settings.client_id.clone(),
            settings.client_secret.clone(),
        )?;
        Ok(Self {
            endpoint: settings.endpoint(),
            client,
            settings,
            pool,
            prepared: Arc::new(Mutex::new(None)),
        })
    }

    /// Computes an SRP ephemeral (random `a`, `A = g^a mod N`) for the next sign-in, so the
    /// user's Enter does only the rest. Replaces (and so zeroizes) an unused earlier one. CPU
    /// work: call it off the UI task.
    pub fn prepare_srp(&self) -> Result<(), ServiceError> {
        if self.settings.auth_flow != AuthFlow::Srp {
            return Ok(());
        }
        let fresh = SrpClient::new()?;
        *self.slot() = Some(fresh);
        Ok(())
    }

    /// The `SRP_A` of the prepared ephemeral, if one is waiting (for tests and logs: it is public).
    pub fn prepared_srp_a(&self) -> Option<String> {
        self.slot().as_ref().map(|srp| srp.srp_a().to_string())
    }

    /// Takes the prepared ephemeral, leaving the slot empty: each is used at most once.
    fn take_prepared(&self) -> Option<SrpClient> {
        self.slot().take()
    }

    /// The slot, even if a panicking holder poisoned it (its content is still whole).
    fn slot(&self) -> std::sync::MutexGuard<'_, Option<SrpClient>> {
        self.prepared
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    async fn initiate(
        &self,
        flow: AuthFlowType,
        params: HashMap<String, String>,
    ) -> Result<Reply, ServiceError> {
        let out = self
            .client
            .initiate_auth()
            .auth_flow(flow)
            .client_id(self.pool.client_id())
            .set_auth_parameters(Some(params))
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        Ok(out.into())
    }

    async fn respond(
        &self,
        name: ChallengeNameType,
        session: Option<String>,
        responses: HashMap<String, String>,
    ) -> Result<Reply, ServiceError> {
        let out = self
            .client
            .respond_to_auth_challenge()
            .client_id(self.pool.client_id())
            .challenge_name(name)
            .set_session(session)
            .set_challenge_responses(Some(responses))
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        Ok(out.into())
    }

    /// Signs in with the profile's flow. `srp` is an attempt started earlier (its `A` computed
    /// while the user typed); when absent, the one `prepare_srp` left is taken, else a fresh
    /// one is made.
    pub async fn sign_in(
        &self,
        username: &str,
        password: &SecretString,
        srp: Option<SrpClient>,
    ) -> Result<SignInStep, ServiceError> {
        match self.settings.auth_flow {
            AuthFlow::Srp => {
                let srp = match srp.or_else(|| self.take_prepared()) {
                    Some(srp) => srp,
                    None => SrpClient::new()?,
                };
                self.sign_in_srp(username, password, &srp).await
            }
            AuthFlow::UserPassword => self.sign_in_password(username, password).await,
        }
    }

    async fn sign_in_srp(
        &self,
        username: &str,
        password: &SecretString,
        srp: &SrpClient,
    ) -> Result<SignInStep, ServiceError> {
        let reply = self
            .initiate(
                AuthFlowType::UserSrpAuth,
                self.pool.initiate_auth_parameters(username, srp),
            )
            .await?;
        if reply.challenge != Some(ChallengeNameType::PasswordVerifier) {
            return self.step(reply, username);
        }
        let challenge = PasswordVerifierChallenge::from_parameters(&reply.params)?;
        let responses = srp.respond(&self.pool, &challenge, password, OffsetDateTime::now_utc())?;
        let reply = self
            .respond(
                ChallengeNameType::PasswordVerifier,
                reply.session,
                responses.into_map(),
            )
            .await?;
        self.step(reply, &challenge.username)
    }

    async fn sign_in_password(
        &self,
        username: &str,
        password: &SecretString,
    ) -> Result<SignInStep, ServiceError> {
        let mut params = HashMap::from([
            ("USERNAME".to_string(), username.to_string()),
            ("PASSWORD".to_string(), password.expose().to_string()),
        ]);
        if let Some(hash) = self.pool.secret_hash(username) {
            params.insert("SECRET_HASH".to_string(), hash);
        }
        let reply = self
            .initiate(AuthFlowType::UserPasswordAuth, params)
            .await?;
        self.step(reply, username)
    }

    /// Answers a pending challenge.
    pub async fn answer(
        &self,
        pending: &PendingChallenge,
        answer: Answer,
    ) -> Result<SignInStep, ServiceError> {
        let mut responses = HashMap::from([("USERNAME".to_string(), pending.username.clone())]);
        let mut session = pending.session.as_ref().map(|s| s.expose().to_string());
        let name = match (&pending.challenge, answer) {
            (
                Challenge::NewPasswordRequired { .. },
                Answer::NewPassword {
                    password,
                    attributes,
                },
            ) => {
                responses.insert("NEW_PASSWORD".into(), password.expose().to_string());
                for (attr, value) in attributes {
                    responses.insert(format!("userAttributes.{attr}"), value);
                }
                ChallengeNameType::NewPasswordRequired
            }
            (Challenge::SoftwareTokenMfa, Answer::Code(code)) => {
                responses.insert("SOFTWARE_TOKEN_MFA_CODE".into(), code);
                ChallengeNameType::SoftwareTokenMfa
            }
            (Challenge::SmsMfa { .. }, Answer::Code(code)) => {
                responses.insert("SMS_MFA_CODE".into(), code);
                ChallengeNameType::SmsMfa
            }
            (Challenge::EmailOtp { .. }, Answer::Code(code)) => {
                responses.insert("EMAIL_OTP_CODE".into(), code);
                ChallengeNameType::EmailOtp
            }
            (Challenge::SelectMfaType { options }, Answer::SelectMfa(kind)) => {
                if !options.contains(&kind) {
                    return Err(ServiceError::InvalidParameter {
                        detail: format!("{} is not offered for this account", kind.wire_name()),
                    });
                }
                responses.insert("ANSWER".into(), kind.wire_name().into());
                ChallengeNameType::SelectMfaType
            }
            (Challenge::MfaSetup { .. }, Answer::TotpSetupCode { code, device_name }) => {
                let verified = self
                    .client
                    .verify_software_token()
                    .set_session(session.take())
                    .user_code(code)
                    .set_friendly_device_name(device_name)
                    .send()
                    .await
                    .map_err(|e| self.sdk_error(e))?;
                session = verified.session;
                ChallengeNameType::MfaSetup
            }
            (challenge, _) => {
                // The answer itself may hold a code or password: name only the challenge.
                return Err(ServiceError::InvalidParameter {
                    detail: format!(
                        "that answer does not fit the {} step",
                        challenge.wire_name()
                    ),
                });
            }
        };
        if let Some(hash) = self.pool.secret_hash(&pending.username) {
            responses.insert("SECRET_HASH".into(), hash);
        }
        let reply = self.respond(name, session, responses).await?;
        self.step(reply, &pending.username)
    }

    /// MFA_SETUP, first half: associates a new TOTP secret with the sign-in session.
    pub async fn associate_totp(
        &self,
        pending: &PendingChallenge,
    ) -> Result<TotpSetup, ServiceError> {
        if !matches!(pending.challenge, Challenge::MfaSetup { .. }) {
            return Err(ServiceError::InvalidParameter {
                detail: "an authenticator app can only be set up during MFA_SETUP".into(),
            });
        }
        let out = self
            .client
            .associate_software_token()
            .set_session(pending.session.as_ref().map(|s| s.expose().to_string()))
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        let secret = out.secret_code.ok_or_else(|| {
            ServiceError::unexpected(&self.endpoint, "no SecretCode in AssociateSoftwareToken")
        })?;
        let mut pending = pending.clone();
        if let Some(session) = out.session {
            pending.session = Some(SecretString::new(session));
        }
        Ok(TotpSetup {
            secret: SecretString::new(secret),
            pending,
        })
    }

    /// New id and access tokens from the refresh token (REFRESH_TOKEN_AUTH). SECRET_HASH uses the
    /// internal username; the old refresh token is kept when none comes back.
    pub async fn refresh(&self, tokens: &Tokens) -> Result<Tokens, ServiceError> {
        let refresh =
            tokens
                .refresh_token
                .as_ref()
                .ok_or_else(|| ServiceError::SessionExpired {
                    detail: "no refresh token was saved".into(),
                })?;
        let mut params =
            HashMap::from([("REFRESH_TOKEN".to_string(), refresh.expose().to_string())]);
        if let Some(hash) = self.pool.secret_hash(&tokens.username) {
            params.insert("SECRET_HASH".into(), hash);
        }
        if let Some(device) = &tokens.device {
            params.insert("DEVICE_KEY".into(), device.key.clone());
        }
        let reply = self
            .initiate(AuthFlowType::RefreshTokenAuth, params)
            .await?;
        let result = reply.result.ok_or_else(|| {
            ServiceError::unexpected(&self.endpoint, "a refresh returned no tokens")
        })?;
        let mut fresh = self.tokens(&result, &tokens.username)?;
        if fresh.refresh_token.is_none() {
            fresh.refresh_token = tokens.refresh_token.clone();
        }
        if fresh.device.is_none() {
            fresh.device = tokens.device.clone();
        }
        Ok(fresh)
    }

    /// Turns a reply into the next step. `username` is the internal name known so far.
    fn step(&self, reply: Reply, username: &str) -> Result<SignInStep, ServiceError> {
        tracing::debug!(
            challenge = reply.challenge.as_ref().map(|c| c.as_str()),
            signed_in = reply.result.is_some(),
            "sign-in step"
        );
        if let Some(result) = &reply.result {
            return Ok(SignInStep::SignedIn(self.tokens(result, username)?));
        }
        let name = reply.challenge.ok_or_else(|| {
            ServiceError::unexpected(&self.endpoint, "neither tokens nor a challenge")
        })?;
        let params = &reply.params;
        let destination = || params.get("CODE_DELIVERY_DESTINATION").cloned();
        let challenge = match &name {
            ChallengeNameType::NewPasswordRequired => Challenge::NewPasswordRequired {
                required_attributes: name_list(params.get("requiredAttributes"))
                    .into_iter()
                    .map(|a| a.trim_start_matches("userAttributes.").to_string())
                    .collect(),
                current_attributes: params
                    .get("userAttributes")
                    .and_then(|text| {
                        serde_json::from_str::<BTreeMap<String, serde_json::Value>>(text).ok()
                    })
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(k, v)| (k, v.as_str().map_or_else(|| v.to_string(), str::to_string)))
                    .collect(),
            },
            ChallengeNameType::SoftwareTokenMfa => Challenge::SoftwareTokenMfa,
            ChallengeNameType::SmsMfa => Challenge::SmsMfa {
                destination: destination(),
            },
            ChallengeNameType::EmailOtp => Challenge::EmailOtp {
                destination: destination(),
            },
            ChallengeNameType::MfaSetup => Challenge::MfaSetup {
                can_set_up: mfa_kinds(params.get("MFAS_CAN_SETUP")),
            },
            ChallengeNameType::SelectMfaType => Challenge::SelectMfaType {
                options: mfa_kinds(params.get("MFAS_CAN_CHOOSE")),
            },
            other => {
                return Err(ServiceError::UnsupportedChallenge(
                    other.as_str().to_string(),
                ));
            }
        };
        Ok(SignInStep::Challenge(PendingChallenge {
            challenge,
            username: params
                .get("USERNAME")
                .cloned()
                .unwrap_or_else(|| username.to_string()),
            session: reply.session.map(SecretString::new),
        }))
    }

    fn tokens(
        &self,
        result: &AuthenticationResultType,
        username: &str,
    ) -> Result<Tokens, ServiceError> {
        let missing = |what: &str| {
            ServiceError::unexpected(&self.endpoint, format!("the tokens have no {what}"))
        };
        let access = result
            .access_token()
            .ok_or_else(|| missing("access token"))?;
        let id = result.id_token().ok_or_else(|| missing("id token"))?;
        let lifetime = match result.expires_in() {
            secs if secs > 0 => Duration::seconds(i64::from(secs)),
            _ => DEFAULT_LIFETIME,
        };
        // The access token's `username` claim is the internal name, whatever was typed.
        let internal = jwt::decode_unverified(access)
            .ok()
            .and_then(|t| t.username().map(str::to_string))
            .unwrap_or_else(|| username.to_string());
        Ok(Tokens {
            id_token: SecretString::new(id),
            access_token: SecretString::new(access),
            refresh_token: result.refresh_token().map(SecretString::new),
            expires_at: OffsetDateTime::now_utc() + lifetime,
            username: internal,
            device: result.new_device_metadata().and_then(|d| {
                Some(Device {
                    key: d.device_key()?.to_string(),
                    group_key: d.device_group_key()?.to_string(),
                })
            }),
        })
    }
}

/// Challenge parameters that list names: a JSON array, or (from some servers) comma-separated.
fn name_list(text: Option<&String>) -> Vec<String> {
    let Some(text) = text else { return Vec::new() };
    serde_json::from_str::<Vec<String>>(text).unwrap_or_else(|_| {
        text.trim_matches(|c| c == '[' || c == ']')
            .split(',')
            .map(|s| s.trim().trim_matches('"').to_string())
            .filter(|s| !s.is_empty())
            .collect()
    })
}

fn mfa_kinds(text: Option<&String>) -> Vec<MfaKind> {
    name_list(text)
        .iter()
        .filter_map(|n| MfaKind::from_wire(n))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn authenticator(flow: AuthFlow) -> Authenticator {
        let mut settings = Settings::new("us-east-1_AbCdEf123", "client");
        settings.endpoint_url = Some("http://127.0.0.1:9".into());
        settings.auth_flow = flow;
        let config = aws_sdk_cognitoidentityprovider::Config::builder()
            .behavior_version(aws_sdk_cognitoidentityprovider::config::BehaviorVersion::latest())
            .region(aws_sdk_cognitoidentityprovider::config::Region::new(
                "us-east-1",
            ))
            .build();
        Authenticator::new(Client::from_conf(config), settings).expect("authenticator")
    }

    #[test]
    fn a_prepared_ephemeral_is_taken_once() {
        let auth = authenticator(AuthFlow::Srp);
        assert_eq!(auth.prepared_srp_a(), None);
        auth.prepare_srp().expect("prepare");
        let a = auth.prepared_srp_a().expect("prepared");
        let taken = auth.take_prepared().expect("taken");
        assert_eq!(taken.srp_a(), a);
        assert!(auth.take_prepared().is_none());
        assert_eq!(auth.prepared_srp_a(), None);
    }

    #[test]
    fn preparing_again_replaces_the_unused_one_and_clones_share_the_slot() {
        let auth = authenticator(AuthFlow::Srp);
        auth.prepare_srp().expect("prepare");
        let first = auth.prepared_srp_a();
        auth.clone().prepare_srp().expect("prepare again");
        let second = auth.prepared_srp_a();
        assert!(second.is_some());
        assert_ne!(first, second);
    }

    #[test]
    fn nothing_is_prepared_for_the_password_flow() {
        let auth = authenticator(AuthFlow::UserPassword);
        auth.prepare_srp().expect("prepare");
        assert_eq!(auth.prepared_srp_a(), None);
    }
}
