//! Self-service sign-up and password reset: SignUp, ConfirmSignUp, ResendConfirmationCode,
//! AdminConfirmSignUp, ForgotPassword, ConfirmForgotPassword. This file creates users; the
//! calls that check or send codes are in `confirm`.

mod confirm;

use rusqlite::Connection;
use serde::Deserialize;
use serde_json::{Value, json};
use zeroize::Zeroizing;

use super::{Call, Op, check_secret_hash};
use crate::local_pool::attributes::{
    self, AttributeInput, Writer, looks_like_email, looks_like_phone,
};
use crate::local_pool::codes::{self, Destination, Purpose};
use crate::local_pool::error::{ApiError, ApiResult};
use crate::local_pool::pools::{self, Client, Pool};
use crate::local_pool::srp_server;
use crate::local_pool::users::{self, User, UserStatus};

/// Cognito's limit on the Username member.
const MAX_USERNAME_CHARS: usize = 128;

/// The operations of this group.
pub const OPS: &[Op] = &[
    Op::unsigned("SignUp", sign_up),
    Op::unsigned("ConfirmSignUp", confirm::confirm_sign_up),
    Op::unsigned("ResendConfirmationCode", confirm::resend_confirmation_code),
    Op::signed("AdminConfirmSignUp", confirm::admin_confirm_sign_up),
    Op::unsigned("ForgotPassword", confirm::forgot_password),
    Op::unsigned("ConfirmForgotPassword", confirm::confirm_forgot_password),
];

// ValidationData and ClientMetadata are accepted and ignored: the local pool runs no triggers.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct SignUpRequest {
    client_id: String,
    username: String,
    password: String,
    #[serde(default)]
    user_attributes: Option<Vec<AttributeInput>>,
    #[serde(default)]
    secret_hash: Option<String>,
}

/// The app client and pool a user-side call names, once its SECRET_HASH (over the name as
/// typed) checks out.
pub(super) fn user_side(
    conn: &Connection,
    client_id: &str,
    username: &str,
    secret_hash: Option<&str>,
) -> ApiResult<(Client, Pool)> {
    let (client, pool) = pools::get_client_and_pool(conn, client_id)?;
    check_secret_hash(&client, username, secret_hash)?;
    Ok((client, pool))
}

/// Where the sign-up code goes: an auto-verified email (preferred) or phone number.
pub(super) fn signup_destination(pool: &Pool, user: &User) -> Option<Destination> {
    ["email", "phone_number"]
        .into_iter()
        .filter(|a| pool.settings.auto_verifies(a))
        .find_map(|a| Destination::of(user, a))
}

fn check_username(username: &str) -> ApiResult<()> {
    let chars = username.chars().count();
    if chars == 0 {
        return Err(ApiError::invalid_member(
            "Username",
            "Member must have length greater than or equal to 1",
        ));
    }
    if chars > MAX_USERNAME_CHARS {
        return Err(ApiError::invalid_member(
            "Username",
            "Member must have length less than or equal to 128",
        ));
    }
    if username
        .chars()
        .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(ApiError::invalid_member(
            "Username",
            "Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
        ));
    }
    Ok(())
}

/// The username to store and, in pools that sign in by email or phone, the attribute the
/// typed name becomes (the stored name is then a fresh UUID, which is also the `sub`).
fn internal_username(pool: &Pool, typed: &str) -> ApiResult<(String, Option<(String, String)>)> {
    let settings = &pool.settings;
    let has = |list: &[String], a: &str| list.iter().any(|x| x == a);
    if settings.username_attributes.is_empty() {
        for (attr, what, looks) in [
            ("email", "email", looks_like_email as fn(&str) -> bool),
            ("phone_number", "phone number", looks_like_phone),
        ] {
            if has(&settings.alias_attributes, attr) && looks(typed) {
                return Err(ApiError::invalid_parameter(format!(
                    "Username cannot be of {what} format, since user pool is configured for \
                     {attr} alias."
                )));
            }
        }
        return Ok((typed.to_string(), None));
    }
    let (email, phone) = (
        has(&settings.username_attributes, "email"),
        has(&settings.username_attributes, "phone_number"),
    );
    let attribute = if email && looks_like_email(typed.trim()) {
        ("email".to_string(), typed.trim().to_lowercase())
    } else if phone && looks_like_phone(typed) {
        ("phone_number".to_string(), typed.to_string())
    } else {
        return Err(ApiError::invalid_parameter(match (email, phone) {
            (true, true) => "Username should be either an email or a phone number.",
            (true, false) => "Username should be an email.",
            _ => "Username should be a phone number.",
        }));
    };
    Ok((users::new_sub(), Some(attribute)))
}

pub(super) fn srp_error(e: srp_server::SrpServerError) -> ApiError {
    ApiError::internal(e.to_string())
}

fn sign_up(call: &Call<'_>) -> ApiResult<Value> {
    let req: SignUpRequest = call.parse()?;
    let password = Zeroizing::new(req.password);
    check_username(&req.username)?;
    let (client, pool) = call.state.db.read(|tx| {
        user_side(
            tx,
            &req.client_id,
            &req.username,
            req.secret_hash.as_deref(),
        )
    })?;
    if pool
        .settings
        .admin_create_user_config
        .allow_admin_create_user_only
    {
        return Err(ApiError::not_authorized(
            "SignUp is not permitted for this user pool",
        ));
    }
    let given = req.user_attributes.unwrap_or_default();
    let mut attrs = attributes::validate(&pool, Writer::User(&client), given, true)?;
    // Users prove their addresses with codes; a client may not mark them verified.
    if let Some((name, _)) = attrs.iter().find(|(n, _)| n.ends_with("_verified")) {
        return Err(ApiError::not_authorized(format!(
            "A client attempted to write unauthorized attribute {name}"
        )));
    }
    let (internal, from_username) = internal_username(&pool, &req.username)?;
    if let Some((name, value)) = from_username {
        attrs.retain(|(n, _)| *n != name);
        attrs.push((name, value));
    }
    attributes::check_required(&pool, &attrs)?;
    pool.settings
        .policies
        .password_policy
        .check(&password)
        .map_err(ApiError::invalid_password)?;
    // The verifier costs a modular exponentiation: compute it before taking the lock.
    let verifier =
        srp_server::new_verifier(pool.srp_name(), &internal, &password).map_err(srp_error)?;
    let now = call.now();
    let (sub, delivery) = call.state.db.write(|tx| {
        let pool = pools::get_pool(tx, &pool.id)?;
        let key = pool.username_key(&internal);
        let settings = &pool.settings;
        // Username attributes (and preferred_username, which needs no verification) must be
        // unique now; other aliases are settled when the address is confirmed.
        let unique: Vec<(String, String)> = attrs
            .iter()
            .filter(|(n, _)| {
                settings.username_attributes.contains(n)
                    || (n == "preferred_username" && settings.alias_attributes.contains(n))
            })
            .cloned()
            .collect();
        attributes::check_alias_free(tx, &pool, &key, &unique)?;
        if users::get_by_key(tx, &pool.id, &key)?.is_some() {
            return Err(ApiError::username_exists("User already exists"));
        }
        let sub = if settings.username_attributes.is_empty() {
            users::new_sub()
        } else {
            internal.clone()
        };
        let user = User::new(
            &pool,
            internal,
            sub.clone(),
            UserStatus::Unconfirmed,
            verifier,
            attrs.into_iter().collect(),
            now,
        );
        users::insert(tx, &user)?;
        let delivery = signup_destination(&pool, &user)
            .map(|to| codes::send(tx, &user, Purpose::SignUp, &to, now))
            .transpose()?;
        Ok((sub, delivery))
    })?;
    let mut out = json!({ "UserConfirmed": false, "UserSub": sub });
    if let Some(details) = delivery {
        out["CodeDeliveryDetails"] = details;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::local_pool::model::PoolSettings;

    fn pool(settings: serde_json::Value) -> Pool {
        Pool {
            id: "us-east-1_Test".into(),
            name: "t".into(),
            settings: serde_json::from_value::<PoolSettings>(settings).unwrap(),
            created: 0,
            modified: 0,
        }
    }

    #[test]
    fn usernames_follow_the_pool_sign_in_attributes() {
        let plain = pool(json!({}));
        assert_eq!(
            internal_username(&plain, "a@b.c").unwrap(),
            ("a@b.c".into(), None)
        );
        let alias = pool(json!({ "AliasAttributes": ["email"] }));
        assert!(
            internal_username(&alias, "a@b.c")
                .unwrap_err()
                .message
                .contains("email alias")
        );
        let by_email = pool(json!({ "UsernameAttributes": ["email"] }));
        let (name, attr) = internal_username(&by_email, "A@B.c").unwrap();
        assert!(uuid::Uuid::parse_str(&name).is_ok());
        assert_eq!(attr, Some(("email".into(), "a@b.c".into())));
        let err = internal_username(&by_email, "+15555550100").unwrap_err();
        assert_eq!(err.message, "Username should be an email.");
        let both = pool(json!({ "UsernameAttributes": ["email", "phone_number"] }));
        let (_, attr) = internal_username(&both, "+15555550100").unwrap();
        assert_eq!(attr, Some(("phone_number".into(), "+15555550100".into())));
        let err = internal_username(&both, "bob").unwrap_err();
        assert_eq!(
            err.message,
            "Username should be either an email or a phone number."
        );
    }

    #[test]
    fn username_constraints() {
        assert!(check_username("bob").is_ok());
        assert!(check_username("bøb+1@x").is_ok());
        for bad in ["", "a b", "a\u{0}", &"x".repeat(129)] {
            assert_eq!(
                check_username(bad).unwrap_err().kind,
                "InvalidParameterException"
            );
        }
    }
}
