//! What a sign-in can ask for after the password, and the caller's answers: the types the
//! state machine (`super::Authenticator`) hands out and takes back.

use std::collections::BTreeMap;
use std::fmt;

use crate::secret::SecretString;
use crate::service::tokens::Tokens;

/// A second factor the pool can ask for or set up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MfaKind {
    Sms,
    SoftwareToken,
    Email,
}

impl MfaKind {
    pub fn wire_name(self) -> &'static str {
        match self {
            Self::Sms => "SMS_MFA",
            Self::SoftwareToken => "SOFTWARE_TOKEN_MFA",
            Self::Email => "EMAIL_OTP",
        }
    }

    /// The kind Cognito's name stands for (`SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`).
    pub fn from_wire(name: &str) -> Option<Self> {
        match name {
            "SMS_MFA" | "SMS_OTP" => Some(Self::Sms),
            "SOFTWARE_TOKEN_MFA" => Some(Self::SoftwareToken),
            "EMAIL_OTP" => Some(Self::Email),
            _ => None,
        }
    }
}

/// What the pool asks for next. Serializable so a web session can hold it between pages.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Challenge {
    /// An admin-created user must choose a password (and fill the listed attributes).
    NewPasswordRequired {
        required_attributes: Vec<String>,
        current_attributes: BTreeMap<String, String>,
    },
    SoftwareTokenMfa,
    SmsMfa {
        destination: Option<String>,
    },
    EmailOtp {
        destination: Option<String>,
    },
    /// MFA is required but not set up: associate a TOTP secret, then verify a first code.
    MfaSetup {
        can_set_up: Vec<MfaKind>,
    },
    SelectMfaType {
        options: Vec<MfaKind>,
    },
}

impl Challenge {
    /// Cognito's name for the challenge.
    pub fn wire_name(&self) -> &'static str {
        match self {
            Self::NewPasswordRequired { .. } => "NEW_PASSWORD_REQUIRED",
            Self::SoftwareTokenMfa => "SOFTWARE_TOKEN_MFA",
            Self::SmsMfa { .. } => "SMS_MFA",
            Self::EmailOtp { .. } => "EMAIL_OTP",
            Self::MfaSetup { .. } => "MFA_SETUP",
            Self::SelectMfaType { .. } => "SELECT_MFA_TYPE",
        }
    }
}

/// A challenge waiting for its answer, with what the next call must carry.
#[derive(Clone)]
pub struct PendingChallenge {
    pub challenge: Challenge,
    /// The internal username the responses must name.
    pub username: String,
    pub(super) session: Option<SecretString>,
}

impl PendingChallenge {
    /// A challenge as a pool sent it, with the opaque Session its answer must carry (for
    /// callers that keep challenges elsewhere, and tests).
    pub fn new(challenge: Challenge, username: &str, session: Option<SecretString>) -> Self {
        Self {
            challenge,
            username: username.to_string(),
            session,
        }
    }

    /// The opaque Session the answer must carry (for callers that keep the challenge elsewhere,
    /// such as a web session between two pages).
    pub fn session(&self) -> Option<&SecretString> {
        self.session.as_ref()
    }
}

impl fmt::Debug for PendingChallenge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingChallenge")
            .field("challenge", &self.challenge)
            .field("username", &self.username)
            .field("session", &self.session.as_ref().map(|_| "***"))
            .finish()
    }
}

/// The caller's answer to a pending challenge.
#[derive(Debug, Clone)]
pub enum Answer {
    NewPassword {
        password: SecretString,
        /// Required or changed attributes, by name (`email`, `custom:team`).
        attributes: BTreeMap<String, String>,
    },
    /// The code for SOFTWARE_TOKEN_MFA, SMS_MFA or EMAIL_OTP.
    Code(String),
    SelectMfa(MfaKind),
    /// The first authenticator code after `associate_totp` (MFA_SETUP).
    TotpSetupCode {
        code: String,
        device_name: Option<String>,
    },
}

/// A TOTP secret associated during MFA_SETUP, and the challenge to finish with its first code.
#[derive(Debug, Clone)]
pub struct TotpSetup {
    pub secret: SecretString,
    pub pending: PendingChallenge,
}

#[derive(Debug, Clone)]
pub enum SignInStep {
    SignedIn(Tokens),
    Challenge(PendingChallenge),
}
