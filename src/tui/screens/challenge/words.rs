//! Second factors and user attributes in plain words.

use std::borrow::Cow;

use crate::service::auth::MfaKind;

/// A second factor as a person would name it.
pub fn kind_name(kind: MfaKind) -> &'static str {
    match kind {
        MfaKind::SoftwareToken => "Authenticator app (a 6-digit code)",
        MfaKind::Sms => "Text message (SMS code)",
        MfaKind::Email => "Email code",
    }
}

/// A user attribute in plain words: the standard ones by name, `custom:cost_centre` as
/// "Cost centre".
pub fn attribute_label(name: &str) -> Cow<'static, str> {
    let known = match name {
        "name" => "Full name",
        "given_name" => "Given name",
        "family_name" => "Family name",
        "middle_name" => "Middle name",
        "nickname" => "Nickname",
        "preferred_username" => "Preferred name",
        "profile" => "Profile page",
        "picture" => "Picture URL",
        "website" => "Website",
        "email" => "Email",
        "gender" => "Gender",
        "birthdate" => "Birth date",
        "zoneinfo" => "Time zone",
        "locale" => "Locale",
        "phone_number" => "Phone number",
        "address" => "Address",
        _ => {
            let bare = name
                .strip_prefix("custom:")
                .unwrap_or(name)
                .replace('_', " ");
            let mut chars = bare.chars();
            return match chars.next() {
                Some(first) => Cow::Owned(first.to_uppercase().chain(chars).collect()),
                None => Cow::Owned(name.to_string()),
            };
        }
    };
    Cow::Borrowed(known)
}

#[cfg(test)]
mod tests {
    use super::attribute_label;

    #[test]
    fn attributes_get_plain_labels() {
        assert_eq!(attribute_label("given_name"), "Given name");
        assert_eq!(attribute_label("custom:cost_centre"), "Cost centre");
        assert_eq!(attribute_label("phone_number"), "Phone number");
    }
}
