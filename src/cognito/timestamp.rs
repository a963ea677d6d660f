//! The SRP `TIMESTAMP`: `Thu Nov 5 06:03:04 UTC 2026`.
//!
//! Built from constant English tables, never from a locale-dependent formatter: Cognito rejects
//! a padded day or a wrong weekday with NotAuthorized.

use time::{Month, OffsetDateTime, UtcOffset, Weekday};

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn weekday_name(day: Weekday) -> &'static str {
    WEEKDAYS[usize::from(day.number_days_from_monday())]
}

fn month_name(month: Month) -> &'static str {
    MONTHS[usize::from(u8::from(month)) - 1]
}

/// Formats an instant (converted to UTC) as Cognito expects it.
pub fn format(at: OffsetDateTime) -> String {
    let at = at.to_offset(UtcOffset::UTC);
    format!(
        "{} {} {} {:02}:{:02}:{:02} UTC {}",
        weekday_name(at.weekday()),
        month_name(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        at.year()
    )
}

/// The timestamp for the current instant.
pub fn now() -> String {
    format(OffsetDateTime::now_utc())
}

/// A number written as `format` writes it: ASCII digits only (no sign, no spaces), no leading
/// zero, at most `max_len` digits. `str::parse` alone would accept `+5`.
fn plain_number<T: std::str::FromStr>(text: &str, max_len: usize) -> Option<T> {
    let canonical = !text.is_empty()
        && text.len() <= max_len
        && text.bytes().all(|c| c.is_ascii_digit())
        && (text.len() == 1 || !text.starts_with('0'));
    canonical.then(|| text.parse().ok()).flatten()
}

/// Exactly two ASCII digits (hours, minutes, seconds).
fn two_digits(text: &str) -> Option<u8> {
    (text.len() == 2 && text.bytes().all(|c| c.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// Parses a TIMESTAMP back into an instant (the local pool checks clock skew with it).
/// Strict: exactly the shape `format` produces (years 0–9999), and the weekday must match the date.
pub fn parse(text: &str) -> Option<OffsetDateTime> {
    let mut parts = text.split(' ');
    let (wkd, mon, day, hms, utc, year) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if parts.next().is_some() || utc != "UTC" {
        return None;
    }
    let month_index = MONTHS.iter().position(|m| *m == mon)?;
    let month = Month::try_from(u8::try_from(month_index + 1).ok()?).ok()?;
    let day: u8 = plain_number(day, 2)?;
    let year: i32 = plain_number(year, 4)?;
    let mut hms_parts = hms.split(':');
    let (h, m, s) = (
        two_digits(hms_parts.next()?)?,
        two_digits(hms_parts.next()?)?,
        two_digits(hms_parts.next()?)?,
    );
    if hms_parts.next().is_some() {
        return None;
    }
    let date = time::Date::from_calendar_date(year, month, day).ok()?;
    if weekday_name(date.weekday()) != wkd {
        return None;
    }
    let time = time::Time::from_hms(h, m, s).ok()?;
    Some(date.with_time(time).assume_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn round_trips_and_rejects_padded_days_and_wrong_weekdays() {
        let at = datetime!(2026-11-05 06:03:04 UTC);
        assert_eq!(format(at), "Thu Nov 5 06:03:04 UTC 2026");
        assert_eq!(parse("Thu Nov 5 06:03:04 UTC 2026"), Some(at));
        assert_eq!(parse("Thu Nov 05 06:03:04 UTC 2026"), None);
        assert_eq!(parse("Fri Nov 5 06:03:04 UTC 2026"), None);
        assert_eq!(parse("Thu Nov  5 06:03:04 UTC 2026"), None);
        assert_eq!(parse("Thu Nov 5 6:03:04 UTC 2026"), None);
        assert_eq!(parse(""), None);
    }

    #[test]
    fn rejects_signs_leading_zeros_and_stray_text() {
        for text in [
            "Thu Nov +5 06:03:04 UTC 2026",
            "Thu Nov 5 +6:03:04 UTC 2026",
            "Thu Nov 5 06:+3:04 UTC 2026",
            "Thu Nov 5 06:03:04 UTC +2026",
            "Thu Nov 5 06:03:04 UTC 02026",
            "Thu Nov 5 06:03:04 UTC 12026",
            "Thu Nov 5 06:03:04 UTC -2026",
            "Thu Nov 5 06:03:04 GMT 2026",
            "Thu Nov 5 06:03:04 UTC 2026 ",
            " Thu Nov 5 06:03:04 UTC 2026",
            "Thu Nov 5 06:03:04:00 UTC 2026",
            "Thu Nov 5 06:03 UTC 2026",
            "Thu nov 5 06:03:04 UTC 2026",
            "Thu Nov 5 24:03:04 UTC 2026",
            "Thu Nov 5 06:60:04 UTC 2026",
            "Sun Nov 31 06:03:04 UTC 2026",
            "Thu Nov 5 06:03:04\u{a0}UTC 2026",
            "Thu Nov ５ 06:03:04 UTC 2026",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn parses_every_instant_it_formats() {
        // A deterministic walk over the years 1–9999 with an odd step, so every weekday, month,
        // one- and two-digit day, and time of day comes up.
        let first = datetime!(0001-01-01 00:00:00 UTC).unix_timestamp();
        let last = datetime!(9999-12-31 23:59:59 UTC).unix_timestamp();
        let step = 3_155_693_i64 * 7 + 13;
        let mut checked = 0;
        for secs in (first..=last).step_by(step as usize).chain([first, last]) {
            let at =
                OffsetDateTime::from_unix_timestamp(secs).unwrap_or(OffsetDateTime::UNIX_EPOCH);
            assert_eq!(parse(&format(at)), Some(at), "{}", format(at));
            checked += 1;
        }
        assert!(checked > 10_000);
    }

    proptest::proptest! {
        #[test]
        fn parse_inverts_format(secs in -62_135_596_800_i64..=253_402_300_799) {
            let at = OffsetDateTime::from_unix_timestamp(secs).unwrap_or(OffsetDateTime::UNIX_EPOCH);
            proptest::prop_assert_eq!(parse(&format(at)), Some(at));
        }

        #[test]
        fn parse_never_panics(text in "\\PC{0,40}") {
            let _ = parse(&text);
        }

        #[test]
        fn parse_never_panics_near_the_format(text in "[A-Za-z]{3} [A-Za-z]{3} [0-9+-]{1,3} [0-9:+]{5,9} UTC [0-9+-]{1,6}") {
            if let Some(at) = parse(&text) {
                proptest::prop_assert_eq!(format(at), text);
            }
        }
    }

    #[test]
    fn converts_other_offsets_to_utc() {
        let at = datetime!(2026-11-05 01:03:04 -05:00);
        assert_eq!(format(at), "Thu Nov 5 06:03:04 UTC 2026");
    }
}
