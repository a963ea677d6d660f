//! The worker's side of the sign-in challenges and the MFA settings.

use time::OffsetDateTime;

use super::Worker;
use crate::secret::SecretString;
use crate::service::ServiceError;
use crate::service::account::{MfaSettings, REFRESH_MARGIN, TotpSetup, otpauth_uri};
use crate::service::auth::{MfaKind, SignInStep};
use crate::service::session::Session;
use crate::tui::msg::{ChallengeMsg, ChallengeTask, Conn, MfaAction, MfaReply, Msg, SignInResult};

impl Worker {
    pub(super) async fn challenge(&self, conn: Conn, task: ChallengeTask) -> Msg {
        let msg = match task {
            ChallengeTask::Answer {
                username,
                pending,
                answer,
            } => {
                let result = match conn.account.answer(&pending, answer).await {
                    Ok(SignInStep::SignedIn(tokens)) => {
                        self.signed_in(&conn, &username, tokens).await
                    }
                    Ok(SignInStep::Challenge(next)) => Ok(SignInResult::Challenge(Box::new(next))),
                    Err(e) => Err(e),
                };
                ChallengeMsg::Answered(result)
            }
            ChallengeTask::AssociateTotp { username, pending } => {
                let associated = conn.account.authenticator().associate_totp(&pending).await;
                ChallengeMsg::TotpAssociated(associated.map(|setup| {
                    // The authenticator app lists the account under the name typed at sign-in.
                    let pool = &conn.account.settings().user_pool_id;
                    let uri = otpauth_uri(setup.secret.expose(), &username, pool);
                    let totp = TotpSetup {
                        secret: setup.secret,
                        otpauth_uri: SecretString::new(uri),
                    };
                    (totp, Box::new(setup.pending))
                }))
            }
            ChallengeTask::Mfa {
                username,
                session,
                action,
            } => self.mfa(&conn, &username, *session, action).await,
        };
        Msg::Challenge(msg)
    }

    /// Runs an MFA settings action with fresh tokens; a refreshed session is saved and goes back.
    async fn mfa(
        &self,
        conn: &Conn,
        username: &str,
        mut session: Session,
        action: MfaAction,
    ) -> ChallengeMsg {
        let now = OffsetDateTime::now_utc();
        let mut notice = None;
        let result = match session
            .check_token(&conn.account, now, REFRESH_MARGIN)
            .await
        {
            Ok(refreshed) => {
                if refreshed {
                    notice = self
                        .sessions()
                        .save(&conn.profile, username, session.tokens())
                        .err()
                        .map(|e| format!("Refreshed, but the session was not saved: {e}"));
                }
                mfa_action(conn, &session, username, action).await
            }
            Err(e) => Err(e),
        };
        ChallengeMsg::Mfa {
            session: Box::new(session),
            notice,
            result,
        }
    }
}

async fn mfa_action(
    conn: &Conn,
    session: &Session,
    username: &str,
    action: MfaAction,
) -> Result<MfaReply, ServiceError> {
    let account = &conn.account;
    let tokens = session.tokens();
    let settings = || async move { Ok::<_, ServiceError>(account.get_user(tokens).await?.mfa) };
    match action {
        MfaAction::Load => Ok(MfaReply::Settings(settings().await?)),
        MfaAction::SetupTotp => Ok(MfaReply::Secret(
            account.setup_totp(tokens, username).await?,
        )),
        MfaAction::VerifyTotp { code } => {
            account.verify_totp(tokens, &code, None).await?;
            let before = settings().await?;
            let (sms, totp) = preference(&before, MfaKind::SoftwareToken);
            account.set_mfa_preference(tokens, sms, totp).await?;
            Ok(MfaReply::Changed(
                settings().await?,
                "The authenticator app is set up and preferred.".into(),
            ))
        }
        MfaAction::RemoveTotp => {
            account
                .set_mfa_preference(tokens, None, Some((false, false)))
                .await?;
            Ok(MfaReply::Changed(
                settings().await?,
                "The authenticator app is removed.".into(),
            ))
        }
        MfaAction::Prefer(kind) => {
            let before = settings().await?;
            if kind == MfaKind::Email || !before.enabled.contains(&kind) {
                return Err(ServiceError::InvalidParameter {
                    detail: format!("{} cannot be made the preferred method", kind_words(kind)),
                });
            }
            let (sms, totp) = preference(&before, kind);
            account.set_mfa_preference(tokens, sms, totp).await?;
            Ok(MfaReply::Changed(
                settings().await?,
                format!("{} is now the preferred method.", kind_words(kind)),
            ))
        }
    }
}

/// One factor's (enabled, preferred), as `set_mfa_preference` takes it.
type Factor = (bool, bool);

/// `set_mfa_preference`'s (SMS, TOTP) arguments that make `preferred` the preferred method
/// (turning it on) and keep the other as it was.
fn preference(current: &MfaSettings, preferred: MfaKind) -> (Option<Factor>, Option<Factor>) {
    let setting = |kind: MfaKind| {
        if kind == preferred {
            Some((true, true))
        } else if current.enabled.contains(&kind) {
            Some((true, false))
        } else {
            None
        }
    };
    (setting(MfaKind::Sms), setting(MfaKind::SoftwareToken))
}

/// A second factor in plain words, capitalised.
pub fn kind_words(kind: MfaKind) -> &'static str {
    match kind {
        MfaKind::SoftwareToken => "The authenticator app",
        MfaKind::Sms => "SMS",
        MfaKind::Email => "Email",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferring_one_keeps_the_other_enabled_but_not_preferred() {
        let both = MfaSettings {
            enabled: vec![MfaKind::Sms, MfaKind::SoftwareToken],
            preferred: Some(MfaKind::Sms),
        };
        assert_eq!(
            preference(&both, MfaKind::SoftwareToken),
            (Some((true, false)), Some((true, true)))
        );
        let totp_only = MfaSettings {
            enabled: vec![MfaKind::SoftwareToken],
            preferred: None,
        };
        assert_eq!(
            preference(&totp_only, MfaKind::SoftwareToken),
            (None, Some((true, true)))
        );
    }
}
