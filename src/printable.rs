//! Text from elsewhere (a server's error message, a user attribute, a token claim) made safe to
//! show on a terminal: control characters — ESC and CSI start the sequences that move the
//! cursor, rewrite the title or the clipboard — and the bidirectional overrides that reorder what
//! is shown are written out as visible escapes (`\u{1b}`), so nothing is lost and nothing acts.

use std::borrow::Cow;

/// Characters that change how the following text is displayed without being displayed.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escape(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| !keep(c) && (c.is_control() || is_bidi_control(c));
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// For a block of output: line breaks and tabs stay, every other control is escaped.
pub fn printable(text: &str) -> Cow<'_, str> {
    escape(text, |c| c == '\n' || c == '\t')
}

/// For one line (an error, a toast): line breaks are escaped too.
pub fn one_line(text: &str) -> Cow<'_, str> {
    escape(text, |_| false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_overrides_are_escaped_and_the_rest_kept() {
        assert!(matches!(printable("plain – ünïcode ✓"), Cow::Borrowed(_)));
        assert_eq!(
            printable("a\u{1b}]0;pwned\u{7}b\u{9b}31m\tc\nd\re"),
            "a\\u{1b}]0;pwned\\u{7}b\\u{9b}31m\tc\nd\\u{d}e"
        );
        assert_eq!(one_line("x\ny\u{202e}z"), "x\\u{a}y\\u{202e}z");
        assert_eq!(one_line("\u{7f}"), "\\u{7f}");
    }
}
