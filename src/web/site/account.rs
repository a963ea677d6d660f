//! The signed-in pages: details, profile update (through the attribute mapping), password
//! change, logout. Each gets fresh tokens first; a sign-in that ended in Cognito ends here too.

use std::collections::{BTreeMap, HashMap};

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::pages::{Details, Password, Profile, ProfileRow, flash, when};
use super::sign_in::CsrfOnly;
use super::{Site, check_csrf, csrf_field, failure, message, page, see_other};
use crate::secret::SecretString;
use crate::service::ServiceError;
use crate::service::account::User;
use crate::service::tokens::Tokens;
use crate::web::WebUser;
use crate::web::local_users;
use crate::web::tokens::{self, AuthSession, SignedOut};

const SESSION_ENDED: &str =
    "Your session has ended (signed out, disabled or deleted in Cognito): sign in again.";

/// The user and valid tokens, or where to send the browser.
async fn signed_in(auth: &mut AuthSession) -> Result<(WebUser, Tokens), Response> {
    let Some(user) = auth.user.clone() else {
        return Err(see_other("/login"));
    };
    match tokens::fresh(auth).await {
        Ok(Some(tokens)) => Ok((user, tokens)),
        Ok(None) => match flash(&auth.session, SESSION_ENDED).await {
            Ok(()) => Err(see_other("/login")),
            Err(e) => Err(failure(e)),
        },
        Err(e) => Err(failure(e)),
    }
}

/// The user's Cognito profile (GetUser), or an error page.
/// The user's Cognito profile (GetUser), or where to go: a user gone from Cognito (deleted,
/// signed out everywhere) ends the web session like a failed refresh does.
async fn profile_of(
    auth: &mut AuthSession,
    site: &Site,
    tokens: &Tokens,
) -> Result<User, Response> {
    match auth.backend.account().get_user(tokens).await {
        Ok(user) => Ok(user),
        Err(e) if e.ends_the_session() => {
            let ended = async {
                auth.logout().await?;
                flash(&auth.session, SESSION_ENDED).await
            }
            .await;
            Err(match ended {
                Ok(()) => see_other("/login"),
                Err(e) => failure(e),
            })
        }
        Err(e) => Err(message(
            auth,
            site,
            StatusCode::BAD_GATEWAY,
            "Cognito did not answer",
            &e.to_string(),
        )
        .await),
    }
}

fn human_duration(seconds: i64) -> String {
    match seconds {
        s if s <= 0 => "expired".into(),
        s if s < 120 => format!("in {s} s"),
        s if s < 7200 => format!("in {} min", s / 60),
        s => format!("in {} h {} min", s / 3600, (s % 3600) / 60),
    }
}

pub async fn details(mut auth: AuthSession, State(site): State<Site>) -> Response {
    let (user, tokens) = match signed_in(&mut auth).await {
        Ok(v) => v,
        Err(page) => return page,
    };
    let profile = match profile_of(&mut auth, &site, &tokens).await {
        Ok(p) => p,
        Err(page) => return page,
    };
    // The page shows the local user as it is now (groups follow refreshes).
    let local = match auth.backend.load_user(user.local.id).await {
        Ok(Some(fresh)) => fresh.local,
        Ok(None) => user.local.clone(),
        Err(e) => return failure(e),
    };
    let now = auth.backend.now();
    page(&auth, &site, StatusCode::OK, None, |layout| Details {
        layout,
        username: local.username.clone(),
        local_id: local.id,
        active: user.active,
        fields: local.fields.clone().into_iter().collect(),
        created: when(local.created_at),
        last_login: local
            .last_login_at
            .map(when)
            .unwrap_or_else(|| "never".into()),
        attributes: profile.attributes.into_iter().collect(),
        groups: local.groups.clone(),
        expires: when(tokens.expires_at),
        expires_in: human_duration((tokens.expires_at - now).whole_seconds()),
    })
    .await
}

fn rows(
    site_rules: &crate::web::UserRules,
    profile: &User,
    form: Option<&HashMap<String, String>>,
) -> Vec<ProfileRow> {
    site_rules
        .attr_mapping
        .iter()
        .map(|(attribute, field)| ProfileRow {
            field: field.clone(),
            attribute: attribute.clone(),
            value: form
                .and_then(|f| f.get(field).cloned())
                .or_else(|| profile.attribute(attribute).map(str::to_string))
                .unwrap_or_default(),
        })
        .collect()
}

async fn profile_page(
    auth: &AuthSession,
    site: &Site,
    status: StatusCode,
    rows: Vec<ProfileRow>,
    error: Option<String>,
) -> Response {
    page(auth, site, status, error, |layout| Profile { layout, rows }).await
}

pub async fn profile(mut auth: AuthSession, State(site): State<Site>) -> Response {
    let (_, tokens) = match signed_in(&mut auth).await {
        Ok(v) => v,
        Err(page) => return page,
    };
    let current = match profile_of(&mut auth, &site, &tokens).await {
        Ok(p) => p,
        Err(page) => return page,
    };
    let rows = rows(auth.backend.rules(), &current, None);
    profile_page(&auth, &site, StatusCode::OK, rows, None).await
}

pub async fn save_profile(
    mut auth: AuthSession,
    State(site): State<Site>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if let Err(page) = check_csrf(&auth, &site, csrf_field(&form)).await {
        return page;
    }
    let (user, tokens) = match signed_in(&mut auth).await {
        Ok(v) => v,
        Err(page) => return page,
    };
    let current = match profile_of(&mut auth, &site, &tokens).await {
        Ok(p) => p,
        Err(page) => return page,
    };
    // Only what changed is written: fields of the mapping whose value differs from Cognito's.
    let mut set = Vec::new();
    let mut cleared = Vec::new();
    let mut fields = BTreeMap::new();
    let mut attributes = BTreeMap::new();
    for (attribute, field) in &auth.backend.rules().attr_mapping {
        let Some(value) = form.get(field).map(|v| v.trim().to_string()) else {
            continue;
        };
        if current.attribute(attribute) == Some(value.as_str()) {
            continue;
        }
        if value.is_empty() {
            if current.attribute(attribute).is_some() {
                cleared.push(attribute.clone());
            }
        } else {
            set.push((attribute.clone(), value.clone()));
        }
        fields.insert(field.clone(), value.clone());
        attributes.insert(attribute.clone(), value);
    }
    if set.is_empty() && cleared.is_empty() {
        return match flash(&auth.session, "Nothing changed.").await {
            Ok(()) => see_other("/details"),
            Err(e) => failure(e),
        };
    }
    let account = auth.backend.account();
    let written: Result<Vec<_>, ServiceError> = async {
        let mut sent = Vec::new();
        if !set.is_empty() {
            sent = account.update_attributes(&tokens, set).await?;
        }
        if !cleared.is_empty() {
            account.delete_attributes(&tokens, cleared).await?;
        }
        Ok(sent)
    }
    .await;
    let sent = match written {
        Ok(sent) => sent,
        Err(e) => {
            let rows = rows(auth.backend.rules(), &current, Some(&form));
            return profile_page(
                &auth,
                &site,
                StatusCode::BAD_REQUEST,
                rows,
                Some(e.to_string()),
            )
            .await;
        }
    };
    let (id, now) = (user.local.id, auth.backend.now());
    let stored = auth
        .backend
        .db()
        .write(move |tx| local_users::set_fields(tx, id, &fields, &attributes, now))
        .await;
    if let Err(e) = stored {
        return failure(e.into());
    }
    let mut text = "Profile saved.".to_string();
    for delivery in sent {
        text.push_str(&format!(
            " A code to verify {} was sent to {}.",
            delivery.attribute.as_deref().unwrap_or("the change"),
            delivery.destination.as_deref().unwrap_or("the account")
        ));
    }
    match flash(&auth.session, text).await {
        Ok(()) => see_other("/details"),
        Err(e) => failure(e),
    }
}

pub async fn password(mut auth: AuthSession, State(site): State<Site>) -> Response {
    if let Err(page) = signed_in(&mut auth).await {
        return page;
    }
    page(&auth, &site, StatusCode::OK, None, |layout| Password {
        layout,
    })
    .await
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    current: SecretString,
    #[serde(default)]
    new_password: SecretString,
    #[serde(default)]
    confirm: SecretString,
}

pub async fn change_password(
    mut auth: AuthSession,
    State(site): State<Site>,
    Form(form): Form<PasswordForm>,
) -> Response {
    if let Err(page) = check_csrf(&auth, &site, &form.csrf).await {
        return page;
    }
    let (_, tokens) = match signed_in(&mut auth).await {
        Ok(v) => v,
        Err(page) => return page,
    };
    let refused = if form.current.is_empty() || form.new_password.is_empty() {
        Some("Enter the current password and a new one.".to_string())
    } else if form.new_password != form.confirm {
        Some("The two new passwords differ.".to_string())
    } else {
        match auth
            .backend
            .account()
            .change_password(&tokens, &form.current, &form.new_password)
            .await
        {
            Ok(()) => None,
            Err(ServiceError::WrongCredentials) => Some("The current password is wrong.".into()),
            Err(e) => Some(e.to_string()),
        }
    };
    match refused {
        None => match flash(&auth.session, "Password changed.").await {
            Ok(()) => see_other("/details"),
            Err(e) => failure(e),
        },
        Some(text) => {
            page(
                &auth,
                &site,
                StatusCode::BAD_REQUEST,
                Some(text),
                |layout| Password { layout },
            )
            .await
        }
    }
}

pub async fn logout(
    mut auth: AuthSession,
    State(site): State<Site>,
    Form(form): Form<CsrfOnly>,
) -> Response {
    if let Err(page) = check_csrf(&auth, &site, &form.csrf).await {
        return page;
    }
    let text = match tokens::logout(&mut auth).await {
        Ok(SignedOut::Everywhere) => "Signed out, here and in Cognito on every device.".to_string(),
        Ok(SignedOut::Locally) => "Signed out.".to_string(),
        Ok(SignedOut::CognitoFailed(e)) => {
            format!("Signed out here; Cognito could not be told ({e}).")
        }
        Err(e) => return failure(e),
    };
    match flash(&auth.session, text).await {
        Ok(()) => see_other("/login"),
        Err(e) => failure(e),
    }
}
