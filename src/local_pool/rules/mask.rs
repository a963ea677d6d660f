//! `CodeDeliveryDetails.Destination`: where a code went, masked the way Cognito masks it, so a
//! response tells the user which inbox or phone to check without disclosing the address.

const STARS: &str = "***";

/// Cognito style "a***@e***": the first character of the local part and of the domain.
/// Without an '@' only the first character is kept; empty parts become just "***".
pub fn email(address: &str) -> String {
    let address = address.trim();
    match address.rsplit_once('@') {
        Some((local, domain)) => {
            format!("{}@{}", first_then_stars(local), first_then_stars(domain))
        }
        None => first_then_stars(address),
    }
}

/// "+*******1234": keeps a leading '+' and the last 4 digits; every other digit becomes '*' and
/// separators are dropped. With 4 digits or fewer nothing is revealed.
pub fn phone(number: &str) -> String {
    let number = number.trim();
    let digits: Vec<char> = number.chars().filter(char::is_ascii_digit).collect();
    let mut out = String::with_capacity(digits.len() + 1);
    if number.starts_with('+') {
        out.push('+');
    }
    let shown = if digits.len() > 4 { 4 } else { 0 };
    let hidden = digits.len() - shown;
    out.extend(std::iter::repeat_n('*', hidden));
    out.extend(&digits[hidden..]);
    if digits.is_empty() {
        out.push_str(STARS);
    }
    out
}

fn first_then_stars(part: &str) -> String {
    match part.chars().next() {
        Some(first) if !first.is_control() && !first.is_whitespace() => format!("{first}{STARS}"),
        _ => STARS.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_like_cognito() {
        assert_eq!(email("alice@example.com"), "a***@e***");
        assert_eq!(email("  Bob.Smith@Mail.Example.org "), "B***@M***");
        assert_eq!(email("x@y"), "x***@y***");
    }

    #[test]
    fn odd_emails() {
        assert_eq!(email(""), "***");
        assert_eq!(email("@"), "***@***");
        assert_eq!(email("noatsign"), "n***");
        assert_eq!(email("@example.com"), "***@e***");
        assert_eq!(email("alice@"), "a***@***");
        // The domain is after the last '@' (quoted local parts may contain one).
        assert_eq!(email("\"a@b\"@example.com"), "\"***@e***");
        assert_eq!(email("émile@ñandú.es"), "é***@ñ***");
        assert_eq!(email("東京@例え.jp"), "東***@例***");
        assert_eq!(email("\u{1b}[2J@x.com"), "***@x***");
    }

    #[test]
    fn phones_like_cognito() {
        assert_eq!(phone("+15555551234"), "+*******1234");
        assert_eq!(phone("+44 20 7946 0958"), "+********0958");
        assert_eq!(phone("5555551234"), "******1234");
    }

    #[test]
    fn odd_phones() {
        assert_eq!(phone(""), "***");
        assert_eq!(phone("+"), "+***");
        assert_eq!(phone("+1234"), "+****");
        assert_eq!(phone("12"), "**");
        assert_eq!(phone("+12345"), "+*2345");
        assert_eq!(phone("tel:+1-555-555-1234"), "*******1234");
        assert_eq!(phone("+١٢٣٤٥٦٧"), "+***");
    }

    proptest::proptest! {
        #[test]
        fn never_panics_nor_leaks_the_middle(text in "\\PC{0,40}") {
            let masked = email(&text);
            proptest::prop_assert!(masked.chars().count() <= 9);
            let masked = phone(&text);
            proptest::prop_assert!(masked.chars().filter(char::is_ascii_digit).count() <= 4);
        }
    }
}
