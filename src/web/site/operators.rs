//! The operators' page: the site's local users and the Cognito user each came from, for members
//! of the operator group (an AuthzBackend permission); a local user can be deactivated there.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum_login::AuthzBackend as _;
use serde::Deserialize;

use super::pages::{OperatorRow, Operators, flash, when};
use super::{Site, check_csrf, failure, message, page, see_other};
use crate::web::settings::STATUS_FIELD;
use crate::web::tokens::AuthSession;
use crate::web::{SqliteSessionStore, local_users};

/// None when the user may see the page; else the page to send instead.
async fn refuse(auth: &AuthSession, site: &Site) -> Option<Response> {
    let Some(user) = &auth.user else {
        return Some(see_other("/login"));
    };
    let group = site.options.operator_group.clone();
    match auth.backend.has_perm(user, group.clone()).await {
        Ok(true) => None,
        Ok(false) => Some(
            message(
                auth,
                site,
                StatusCode::FORBIDDEN,
                "For operators only",
                &format!("This page is for members of the Cognito group {group}."),
            )
            .await,
        ),
        Err(e) => Some(failure(e)),
    }
}

pub async fn list(auth: AuthSession, State(site): State<Site>) -> Response {
    if let Some(page) = refuse(&auth, &site).await {
        return page;
    }
    let users = match auth.backend.local_users().await {
        Ok(users) => users,
        Err(e) => return failure(e),
    };
    let sessions = SqliteSessionStore::new(auth.backend.db().clone())
        .live_sessions()
        .await
        .unwrap_or(0);
    let rules = auth.backend.rules();
    let rows = users
        .into_iter()
        .map(|u| OperatorRow {
            id: u.id,
            active: !rules.is_inactive(&u.fields),
            status: u
                .fields
                .get(STATUS_FIELD)
                .cloned()
                .unwrap_or_else(|| "active".into()),
            sub: u.sub.clone().unwrap_or_default(),
            email: u.attributes.get("email").cloned().unwrap_or_default(),
            groups: u.groups.join(", "),
            last_login: u.last_login_at.map(when).unwrap_or_else(|| "never".into()),
            username: u.username,
        })
        .collect();
    page(&auth, &site, StatusCode::OK, None, |layout| Operators {
        layout,
        rows,
        sessions,
    })
    .await
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    status: String,
}

/// Sets a local user's status; a change ends that user's web sessions.
pub async fn set_status(
    auth: AuthSession,
    State(site): State<Site>,
    Path(id): Path<i64>,
    Form(form): Form<StatusForm>,
) -> Response {
    if let Err(page) = check_csrf(&auth, &site, &form.csrf).await {
        return page;
    }
    if let Some(page) = refuse(&auth, &site).await {
        return page;
    }
    let status = form.status.trim().to_string();
    if status.is_empty() || status.chars().count() > 64 {
        let text = "A status is 1 to 64 characters.";
        return message(
            &auth,
            &site,
            StatusCode::BAD_REQUEST,
            "No such status",
            text,
        )
        .await;
    }
    let now = auth.backend.now();
    let shown = status.clone();
    let changed = auth
        .backend
        .db()
        .write(move |tx| local_users::set_status(tx, id, &status, now))
        .await;
    let text = match changed {
        Ok(true) => format!("User {id} is now {shown}."),
        Ok(false) => format!("There is no local user {id}."),
        Err(e) => return failure(e.into()),
    };
    match flash(&auth.session, text).await {
        Ok(()) => see_other("/operators"),
        Err(e) => failure(e),
    }
}
