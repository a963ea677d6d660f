//! The editor's model of one attribute, and what the pool's answers say about attributes.

use crate::service::ServiceError;
use crate::service::account::User;
use crate::tui::msg::HomeData;

/// One attribute as loaded and as edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub name: String,
    /// The value the pool has; `None` for an attribute added here.
    pub original: Option<String>,
    pub value: String,
    pub delete: bool,
    pub read_only: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    None,
    Changed,
    Added,
    Deleted,
}

impl Row {
    pub fn change(&self) -> Change {
        match &self.original {
            _ if self.delete => Change::Deleted,
            None => Change::Added,
            Some(v) if *v != self.value => Change::Changed,
            Some(_) => Change::None,
        }
    }
}

/// Brings the home data in line with the user as the pool has it.
pub fn apply_user(home: &mut HomeData, user: &User) {
    home.sub = user.sub.clone();
    home.email = user.attribute("email").map(str::to_string);
    home.email_verified = user.email_verified;
    home.phone = user.attribute("phone_number").map(str::to_string);
    home.phone_verified = user.phone_verified;
}

/// The attribute an error says the pool will not let the user write, if it names one.
pub fn refused_attribute(error: &ServiceError) -> Option<String> {
    let detail = match error {
        ServiceError::InvalidParameter { detail } | ServiceError::NotAuthorized { detail } => {
            detail
        }
        _ => return None,
    };
    let lower = detail.to_ascii_lowercase();
    let refused = [
        "immutable attribute",
        "non-mutable attribute",
        "unauthorized attribute",
    ]
    .iter()
    .any(|p| lower.contains(p));
    if !refused {
        return None;
    }
    let name = detail.split_whitespace().last()?;
    let name = name.trim_end_matches(['.', ',']).trim_start_matches(':');
    (!name.is_empty()).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_attributes_are_read_from_the_pools_words() {
        let immutable = ServiceError::InvalidParameter {
            detail: "Cannot modify an already provided immutable attribute: custom:employee_id"
                .into(),
        };
        assert_eq!(
            refused_attribute(&immutable).as_deref(),
            Some("custom:employee_id")
        );
        let unauthorized = ServiceError::NotAuthorized {
            detail: "A client attempted to write unauthorized attribute email_verified".into(),
        };
        assert_eq!(
            refused_attribute(&unauthorized).as_deref(),
            Some("email_verified")
        );
        let other = ServiceError::InvalidParameter {
            detail: "Invalid phone number format.".into(),
        };
        assert_eq!(refused_attribute(&other), None);
    }
}
