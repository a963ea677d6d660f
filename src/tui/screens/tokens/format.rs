//! Formatting for the token inspector: local times, relative times, shortened values and
//! wrapped rows.

use time::{OffsetDateTime, UtcOffset};

/// `text` in lines of at most `width` characters, broken between words where possible.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        while line.chars().count() > width {
            lines.push(line.chars().take(width).collect());
            line = line.chars().skip(width).collect();
        }
    }
    lines.push(line);
    lines
}

/// "abcdefghij…uvwxyz": the first and last characters of a long value.
pub fn shorten(text: &str, head: usize, tail: usize) -> String {
    let count = text.chars().count();
    if count <= head + tail + 1 {
        return text.to_string();
    }
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(count - tail).collect();
    format!("{start}…{end}")
}

/// "2027-01-15 09:00:00 +01:00 (in 59m 12s)"; UTC when the local offset is unknown.
pub fn when(t: OffsetDateTime, now: OffsetDateTime, offset: Option<UtcOffset>) -> String {
    format!("{} ({})", local_time(t, offset), relative(t - now))
}

/// The date and time at `offset`, or in UTC (and saying so) when it is unknown.
pub fn local_time(t: OffsetDateTime, offset: Option<UtcOffset>) -> String {
    let offset = offset.unwrap_or(UtcOffset::UTC);
    let t = t.to_offset(offset);
    let zone = if offset == UtcOffset::UTC {
        "UTC".to_string()
    } else {
        let (h, m, _) = offset.as_hms();
        let sign = if offset.is_negative() { '-' } else { '+' };
        format!("{sign}{:02}:{:02}", h.unsigned_abs(), m.unsigned_abs())
    };
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} {zone}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// "in 59m 12s" for the future, "3m ago" for the past.
pub fn relative(delta: time::Duration) -> String {
    let secs = delta.whole_seconds();
    if secs == 0 {
        return "now".to_string();
    }
    let a = secs.unsigned_abs();
    let (d, h, m, s) = (a / 86_400, a % 86_400 / 3600, a % 3600 / 60, a % 60);
    if secs > 0 {
        let span = match a {
            0..60 => format!("{s}s"),
            60..3600 => format!("{m}m {s:02}s"),
            3600..86_400 => format!("{h}h {m:02}m"),
            _ => format!("{d}d {h}h"),
        };
        format!("in {span}")
    } else {
        let span = match a {
            0..60 => format!("{s}s"),
            60..3600 => format!("{m}m"),
            3600..86_400 => format!("{h}h {m}m"),
            _ => format!("{d}d"),
        };
        format!("{span} ago")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;

    #[test]
    fn relative_words() {
        assert_eq!(relative(Duration::seconds(3552)), "in 59m 12s");
        assert_eq!(relative(Duration::seconds(-200)), "3m ago");
        assert_eq!(relative(Duration::seconds(7300)), "in 2h 01m");
        assert_eq!(relative(Duration::seconds(-12)), "12s ago");
        assert_eq!(relative(Duration::ZERO), "now");
    }

    #[test]
    fn local_time_says_utc_when_unknown() {
        let t = OffsetDateTime::from_unix_timestamp(1_800_000_000)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH);
        assert_eq!(local_time(t, None), "2027-01-15 08:00:00 UTC");
        let plus_one = UtcOffset::from_hms(1, 0, 0).ok();
        assert_eq!(local_time(t, plus_one), "2027-01-15 09:00:00 +01:00");
        let minus = UtcOffset::from_hms(-5, -30, 0).ok();
        assert_eq!(local_time(t, minus), "2027-01-15 02:30:00 -05:30");
    }

    #[test]
    fn values_wrap_between_words() {
        assert_eq!(
            wrap_words("bad signature: the token was not", 14),
            ["bad signature:", "the token was", "not"]
        );
        assert_eq!(wrap_words("abcdefghij", 4), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn shortening_keeps_both_ends() {
        assert_eq!(shorten("abcdefghijklmnopqrstuvwxyz", 4, 3), "abcd…xyz");
        assert_eq!(shorten("short", 4, 3), "short");
    }
}
