//! The `Filter` string of ListUsers: `AttributeName Filter-Type "AttributeValue"`.
//!
//! Case rules follow the ListUsers API reference: `username` and `status` compare case-sensitively,
//! `cognito:user_status` case-insensitively. The reference leaves the other attributes unmarked and
//! the developer guide says searches are case-insensitive (emulator authors report that real Cognito
//! finds `User@Example.com` with `email = "user@example.com"`), so those compare case-insensitively too.

/// Cognito's limit on the Filter member; also keeps parsing cheap on hostile input.
pub const MAX_FILTER_CHARS: usize = 256;

/// Cognito's own message for a filter it cannot read.
const PARSE_ERROR: &str = "Error while parsing filter.";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterOp {
    /// `=`: the whole value matches.
    Equals,
    /// `^=`: the value starts with the given text.
    Prefix,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterAttribute {
    Username,
    Email,
    PhoneNumber,
    Name,
    GivenName,
    FamilyName,
    PreferredUsername,
    UserStatus,
    Status,
    Sub,
}

impl FilterAttribute {
    /// Every searchable attribute, in the order the documentation lists them.
    pub const ALL: [FilterAttribute; 10] = [
        FilterAttribute::Username,
        FilterAttribute::Email,
        FilterAttribute::PhoneNumber,
        FilterAttribute::Name,
        FilterAttribute::GivenName,
        FilterAttribute::FamilyName,
        FilterAttribute::PreferredUsername,
        FilterAttribute::UserStatus,
        FilterAttribute::Status,
        FilterAttribute::Sub,
    ];

    /// The name as written in a filter string.
    pub fn wire_name(self) -> &'static str {
        match self {
            FilterAttribute::Username => "username",
            FilterAttribute::Email => "email",
            FilterAttribute::PhoneNumber => "phone_number",
            FilterAttribute::Name => "name",
            FilterAttribute::GivenName => "given_name",
            FilterAttribute::FamilyName => "family_name",
            FilterAttribute::PreferredUsername => "preferred_username",
            FilterAttribute::UserStatus => "cognito:user_status",
            FilterAttribute::Status => "status",
            FilterAttribute::Sub => "sub",
        }
    }

    /// Attribute names are matched exactly, as Cognito does (`Email` is not `email`).
    pub fn from_wire_name(name: &str) -> Option<FilterAttribute> {
        Self::ALL.into_iter().find(|a| a.wire_name() == name)
    }

    /// Whether values of this attribute compare case-sensitively (see the module comment).
    pub fn case_sensitive(self) -> bool {
        matches!(self, FilterAttribute::Username | FilterAttribute::Status)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub attribute: FilterAttribute,
    pub op: FilterOp,
    pub value: String,
}

/// Ok(None) for an empty filter; Err(message) is the InvalidParameterException text.
pub fn parse(text: &str) -> Result<Option<Filter>, String> {
    if text.chars().count() > MAX_FILTER_CHARS {
        return Err(format!(
            "{PARSE_ERROR} Filter is longer than {MAX_FILTER_CHARS} characters."
        ));
    }
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let mut cursor = Cursor { rest: text };

    // Some clients quote the attribute name (`"email" ^= "x"`); Cognito accepts that.
    let name = if cursor.peek() == Some('"') {
        cursor.quoted()?
    } else {
        cursor.take_while(|c| !c.is_whitespace() && c != '=' && c != '^' && c != '"')
    };
    if name.is_empty() {
        return Err(format!("{PARSE_ERROR} Missing attribute name."));
    }
    let attribute = FilterAttribute::from_wire_name(&name).ok_or_else(|| {
        let allowed: Vec<&str> = FilterAttribute::ALL.iter().map(|a| a.wire_name()).collect();
        format!(
            "{PARSE_ERROR} Attribute '{}' is not searchable; searchable attributes: {}.",
            printable(&name),
            allowed.join(", ")
        )
    })?;

    cursor.skip_whitespace();
    let op = if cursor.eat("^=") {
        FilterOp::Prefix
    } else if cursor.eat("=") {
        FilterOp::Equals
    } else {
        return Err(format!(
            "{PARSE_ERROR} Expected '=' or '^=' after the attribute name."
        ));
    };
    cursor.skip_whitespace();
    if cursor.peek() != Some('"') {
        return Err(format!("{PARSE_ERROR} The value must be in double quotes."));
    }
    let value = cursor.quoted()?;
    cursor.skip_whitespace();
    if !cursor.rest.is_empty() {
        return Err(format!(
            "{PARSE_ERROR} Unexpected text after the value; only one attribute can be searched."
        ));
    }
    Ok(Some(Filter {
        attribute,
        op,
        value,
    }))
}

impl Filter {
    /// Whether a user's value of `self.attribute` satisfies the filter.
    pub fn matches(&self, candidate: &str) -> bool {
        if self.attribute.case_sensitive() {
            return compare(&self.op, candidate, &self.value);
        }
        compare(
            &self.op,
            &candidate.to_lowercase(),
            &self.value.to_lowercase(),
        )
    }
}

fn compare(op: &FilterOp, candidate: &str, wanted: &str) -> bool {
    match op {
        FilterOp::Equals => candidate == wanted,
        FilterOp::Prefix => candidate.starts_with(wanted),
    }
}

/// Echoes user text in an error without control characters (it lands in logs and terminals).
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

struct Cursor<'a> {
    rest: &'a str,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.rest.chars().next()
    }

    fn eat(&mut self, token: &str) -> bool {
        match self.rest.strip_prefix(token) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    fn skip_whitespace(&mut self) {
        self.rest = self.rest.trim_start();
    }

    fn take_while(&mut self, keep: impl Fn(char) -> bool) -> String {
        let end = self
            .rest
            .char_indices()
            .find(|&(_, c)| !keep(c))
            .map_or(self.rest.len(), |(i, _)| i);
        let (taken, rest) = self.rest.split_at(end);
        self.rest = rest;
        taken.to_string()
    }

    /// A double-quoted string with `\"` and `\\` escapes; the cursor is on the opening quote.
    fn quoted(&mut self) -> Result<String, String> {
        let mut chars = self.rest.char_indices();
        chars.next(); // the opening quote
        let mut out = String::new();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.rest = &self.rest[i + c.len_utf8()..];
                    return Ok(out);
                }
                '\\' => match chars.next() {
                    Some((_, e @ ('"' | '\\'))) => out.push(e),
                    Some(_) => {
                        return Err(format!(
                            "{PARSE_ERROR} Only \\\" and \\\\ may follow a backslash."
                        ));
                    }
                    None => break,
                },
                other => out.push(other),
            }
        }
        Err(format!("{PARSE_ERROR} Missing closing double quote."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Filter {
        match parse(text) {
            Ok(Some(f)) => f,
            other => panic!("{text:?} gave {other:?}"),
        }
    }

    #[test]
    fn parses_documented_examples() {
        let f = ok(r#"family_name = "Reddy""#);
        assert_eq!(f.attribute, FilterAttribute::FamilyName);
        assert_eq!(f.op, FilterOp::Equals);
        assert_eq!(f.value, "Reddy");
        let f = ok(r#"given_name ^= "Jon""#);
        assert_eq!(
            (f.attribute, f.op),
            (FilterAttribute::GivenName, FilterOp::Prefix)
        );
        let f = ok(r#"cognito:user_status = "UNCONFIRMED""#);
        assert_eq!(f.attribute, FilterAttribute::UserStatus);
        assert_eq!(
            ok(r#"status = "Enabled""#).attribute,
            FilterAttribute::Status
        );
    }

    #[test]
    fn spacing_and_quoted_names() {
        assert_eq!(ok(r#"email^="ann""#), ok(r#"  email   ^=   "ann"  "#));
        assert_eq!(ok(r#"email="a""#).op, FilterOp::Equals);
        assert_eq!(ok(r#""email"^="ann""#), ok(r#"email ^= "ann""#));
        assert_eq!(ok("sub\t=\t\"x\"").attribute, FilterAttribute::Sub);
    }

    #[test]
    fn every_attribute_round_trips() {
        for a in FilterAttribute::ALL {
            let f = ok(&format!(r#"{} = "v""#, a.wire_name()));
            assert_eq!(f.attribute, a);
        }
    }

    #[test]
    fn escapes_and_unicode() {
        assert_eq!(ok(r#"name = "say \"hi\"""#).value, r#"say "hi""#);
        assert_eq!(ok(r#"name = "a\\b""#).value, r"a\b");
        assert_eq!(ok(r#"name = "Zoë 東京""#).value, "Zoë 東京");
        assert_eq!(ok(r#"name = """#).value, "");
        assert!(parse(r#"name = "a\nb""#).is_err());
    }

    #[test]
    fn empty_means_no_filter() {
        assert_eq!(parse(""), Ok(None));
        assert_eq!(parse("   \t\n"), Ok(None));
    }

    #[test]
    fn rejects_unsearchable_attributes_with_the_list() {
        let err = parse(r#"custom:tier = "gold""#).unwrap_err();
        assert!(err.contains("'custom:tier'"), "{err}");
        assert!(err.contains("cognito:user_status") && err.contains("preferred_username"));
        assert!(parse(r#"Email = "x""#).is_err());
        assert!(parse(r#"email_verified = "true""#).is_err());
        let err = parse("bad\u{1b}[2J = \"x\"").unwrap_err();
        assert!(!err.contains('\u{1b}'));
    }

    #[test]
    fn rejects_malformed_filters() {
        for bad in [
            "email",
            "email =",
            r#"email "x""#,
            "email = x",
            r#"email = "x"#,
            r#"email = "x" extra"#,
            r#"email = "x" and name = "y""#,
            r#"email != "x""#,
            r#"email ^ "x""#,
            r#"= "x""#,
            r#"email = "x\"#,
            r#"email == "x""#,
            "\"email",
        ] {
            let err = parse(bad).expect_err(bad);
            assert!(err.starts_with(PARSE_ERROR), "{bad}: {err}");
        }
    }

    #[test]
    fn bounded_input() {
        let long = format!(r#"name = "{}""#, "a".repeat(300));
        assert!(parse(&long).is_err());
        let fits = format!(r#"name = "{}""#, "é".repeat(240));
        assert!(parse(&fits).is_ok());
        // Hostile inputs never panic.
        for text in [
            "\"",
            "\\",
            "^",
            "^=",
            "\"\\",
            "名 = \"",
            "email = \"\u{0}\"",
        ] {
            let _ = parse(text);
        }
    }

    #[test]
    fn matching_rules() {
        let prefix = ok(r#"email ^= "ann""#);
        assert!(prefix.matches("ann@example.com"));
        assert!(prefix.matches("Ann@Example.com"));
        assert!(!prefix.matches("joann@example.com"));
        let exact = ok(r#"email = "user@example.com""#);
        assert!(exact.matches("User@Example.com"));
        assert!(!exact.matches("user@example.co"));

        let user = ok(r#"username = "Alice""#);
        assert!(user.matches("Alice"));
        assert!(!user.matches("alice"));
        let status = ok(r#"status = "Enabled""#);
        assert!(status.matches("Enabled"));
        assert!(!status.matches("enabled"));
        let user_status = ok(r#"cognito:user_status = "unconfirmed""#);
        assert!(user_status.matches("UNCONFIRMED"));
        assert!(!user_status.matches("CONFIRMED"));

        assert!(ok(r#"name ^= """#).matches("anything"));
        assert!(!ok(r#"name = """#).matches("anything"));
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
            if let Ok(Some(f)) = parse(&text) {
                let _ = f.matches(&text);
            }
        }

        #[test]
        fn quoting_round_trips(value in "\\PC{0,60}") {
            let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
            let f = parse(&format!("name ^= \"{escaped}\"")).map_err(proptest::test_runner::TestCaseError::fail)?;
            proptest::prop_assert_eq!(f.map(|f| f.value), Some(value));
        }
    }
}
