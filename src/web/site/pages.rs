//! The pages' templates (askama, HTML-escaped) and the layout every page shares.

use askama::Template;
use axum_login::AuthzBackend as _;
use tower_sessions::Session;

use super::{Site, csrf};
use crate::web::WebError;
use crate::web::tokens::AuthSession;

const FLASH_KEY: &str = "site.flash";

/// Leaves a one-time message for the next page.
pub async fn flash(session: &Session, text: impl Into<String>) -> Result<(), WebError> {
    session.insert(FLASH_KEY, text.into()).await?;
    Ok(())
}

/// The header, the one-time message and any error.
pub struct Layout {
    pub pool: String,
    pub user: Option<String>,
    pub operator: bool,
    pub csrf: String,
    pub flash: Option<String>,
    pub error: Option<String>,
}

impl Layout {
    pub async fn build(
        auth: &AuthSession,
        site: &Site,
        error: Option<String>,
    ) -> Result<Self, WebError> {
        let operator = match &auth.user {
            Some(user) => {
                auth.backend
                    .has_perm(user, site.options.operator_group.clone())
                    .await?
            }
            None => false,
        };
        Ok(Self {
            pool: site.options.pool_label.clone(),
            user: auth.user.as_ref().map(|u| u.username().to_string()),
            operator,
            csrf: csrf::token(&auth.session).await?,
            flash: auth.session.remove::<String>(FLASH_KEY).await?,
            error,
        })
    }
}

#[derive(Template)]
#[template(path = "message.html")]
pub struct Message {
    pub layout: Layout,
    pub heading: String,
    pub text: String,
}

#[derive(Template)]
#[template(path = "login.html")]
pub struct Login {
    pub layout: Layout,
    pub username: String,
    pub demo_users: Vec<(String, String)>,
}

pub enum ChallengeForm {
    /// The attributes the pool requires, with their current values.
    NewPassword {
        attributes: Vec<(String, String)>,
    },
    Code,
    /// (wire name, label)
    Select {
        options: Vec<(String, String)>,
    },
    TotpSetup {
        secret: String,
        uri: String,
        qr_svg: String,
    },
}

#[derive(Template)]
#[template(path = "challenge.html")]
pub struct ChallengePage {
    pub layout: Layout,
    pub heading: String,
    pub explain: String,
    pub form: ChallengeForm,
}

#[derive(Template)]
#[template(path = "details.html")]
pub struct Details {
    pub layout: Layout,
    pub username: String,
    pub local_id: i64,
    pub active: bool,
    pub fields: Vec<(String, String)>,
    pub created: String,
    pub last_login: String,
    pub attributes: Vec<(String, String)>,
    pub groups: Vec<String>,
    pub expires: String,
    pub expires_in: String,
}

pub struct ProfileRow {
    pub field: String,
    pub attribute: String,
    pub value: String,
}

#[derive(Template)]
#[template(path = "profile.html")]
pub struct Profile {
    pub layout: Layout,
    pub rows: Vec<ProfileRow>,
}

#[derive(Template)]
#[template(path = "password.html")]
pub struct Password {
    pub layout: Layout,
}

pub struct OperatorRow {
    pub id: i64,
    pub username: String,
    pub sub: String,
    pub email: String,
    pub groups: String,
    pub status: String,
    pub active: bool,
    pub last_login: String,
}

#[derive(Template)]
#[template(path = "operators.html")]
pub struct Operators {
    pub layout: Layout,
    pub rows: Vec<OperatorRow>,
    pub sessions: i64,
}

/// `2026-12-07 09:30:00 UTC`
pub fn when(at: time::OffsetDateTime) -> String {
    let format =
        time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second] UTC");
    at.to_offset(time::UtcOffset::UTC)
        .format(&format)
        .unwrap_or_else(|_| at.unix_timestamp().to_string())
}
