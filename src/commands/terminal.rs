//! Answers typed on the terminal: the password, and what a sign-in challenge asks for.

use std::io::{BufRead as _, Read as _, Write as _};

use super::{CommandError, read_input};
use crate::secret::SecretString;
use crate::service::account::Account;
use crate::service::auth::{Answer, Challenge, MfaKind, PendingChallenge, SignInStep};

/// Longest password or answer read from standard input.
const MAX_INPUT: u64 = 4096;

/// What a challenge asks for, in words.
pub(super) fn challenge_words(challenge: &Challenge) -> &'static str {
    match challenge {
        Challenge::NewPasswordRequired { .. } => "a new password",
        Challenge::SoftwareTokenMfa => "a code from the authenticator app",
        Challenge::SmsMfa { .. } => "the code sent by SMS",
        Challenge::EmailOtp { .. } => "the code sent by email",
        Challenge::MfaSetup { .. } => "setting up an authenticator app",
        Challenge::SelectMfaType { .. } => "a choice of second factor",
    }
}

/// The first line of `input`, without its line ending.
pub(super) fn read_secret_line(
    input: &mut dyn std::io::Read,
) -> Result<SecretString, CommandError> {
    let text = read_input(input, MAX_INPUT, "the password from standard input")?;
    let line = text.lines().next().unwrap_or_default();
    if line.is_empty() {
        return Err(CommandError::Empty("password"));
    }
    Ok(SecretString::new(line))
}

/// A visible answer typed on the terminal.
fn ask(prompt: &str) -> Result<String, CommandError> {
    let mut err = std::io::stderr();
    let _ = write!(err, "{prompt}");
    let _ = err.flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .take(MAX_INPUT)
        .read_line(&mut line)
        .map_err(|source| CommandError::Input {
            what: "the answer",
            source,
        })?;
    Ok(line.trim().to_string())
}

/// Goes ahead only when `yes` is given, or the user answers yes on the terminal; without a
/// terminal it refuses, saying to pass --yes.
pub(super) fn confirm(question: &str, yes: bool) -> Result<(), CommandError> {
    use std::io::IsTerminal as _;
    if yes {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err(CommandError::NeedsTerminal(format!(
            "{question} — no terminal to ask: pass --yes to do it without asking"
        )));
    }
    let answer = ask(&format!("{question} [y/N] "))?;
    if matches!(answer.to_lowercase().as_str(), "y" | "yes") {
        Ok(())
    } else {
        Err(CommandError::Refused(
            "not confirmed; nothing was changed".into(),
        ))
    }
}

/// A hidden answer typed on the terminal; `what` names it in the error.
pub(super) fn ask_secret(prompt: &str, what: &'static str) -> Result<SecretString, CommandError> {
    rpassword::prompt_password(prompt)
        .map(SecretString::new)
        .map_err(|source| CommandError::Input { what, source })
}

/// Asks the user for what `pending` needs and sends the answer.
pub(super) async fn answer_on_terminal(
    account: &Account,
    pending: &PendingChallenge,
) -> Result<SignInStep, CommandError> {
    let answer = match &pending.challenge {
        Challenge::NewPasswordRequired {
            required_attributes,
            ..
        } => {
            eprintln!(
                "The pool asks {} to choose a new password.",
                pending.username
            );
            let password = ask_secret("New password: ", "from the terminal")?;
            if ask_secret("Repeat it: ", "from the terminal")? != password {
                return Err(CommandError::Refused(
                    "the two passwords differ; nothing was changed".into(),
                ));
            }
            let mut attributes = std::collections::BTreeMap::new();
            for name in required_attributes {
                attributes.insert(name.clone(), ask(&format!("{name}: "))?);
            }
            Answer::NewPassword {
                password,
                attributes,
            }
        }
        Challenge::SoftwareTokenMfa => Answer::Code(ask("Authenticator app code: ")?),
        Challenge::SmsMfa { destination } | Challenge::EmailOtp { destination } => {
            let to = destination.as_deref().unwrap_or("your phone or mail");
            Answer::Code(ask(&format!("Code sent to {to}: "))?)
        }
        Challenge::SelectMfaType { options } => {
            let names: Vec<&str> = options.iter().map(|k| k.wire_name()).collect();
            let choice = ask(&format!("Second factor ({}): ", names.join(" or ")))?;
            let kind = options
                .iter()
                .find(|k| k.wire_name().eq_ignore_ascii_case(choice.trim()))
                .copied()
                .ok_or_else(|| {
                    CommandError::Refused(format!("{choice:?} is not one of {}", names.join(", ")))
                })?;
            Answer::SelectMfa(kind)
        }
        Challenge::MfaSetup { can_set_up } => {
            if !can_set_up.contains(&MfaKind::SoftwareToken) {
                return Err(CommandError::Refused(
                    "the pool requires a second factor cognito-tui cannot set up here".into(),
                ));
            }
            let setup = account.authenticator().associate_totp(pending).await?;
            eprintln!(
                "Add this key to your authenticator app, then enter its first code:\n  {}",
                setup.secret.expose()
            );
            let code = ask("Code: ")?;
            return account
                .answer(
                    &setup.pending,
                    Answer::TotpSetupCode {
                        code,
                        device_name: Some("cognito-tui".into()),
                    },
                )
                .await
                .map_err(CommandError::from);
        }
    };
    Ok(account.answer(pending, answer).await?)
}
