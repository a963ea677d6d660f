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

/// Parses a TIMESTAMP back into an instant (the local pool checks clock skew with it).
/// Strict: exactly the shape `format` produces, and the weekday must match the date.
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
    if parts.next().is_some() || utc != "UTC" || day.starts_with('0') {
        return None;
    }
    let month_index = MONTHS.iter().position(|m| *m == mon)?;
    let month = Month::try_from(u8::try_from(month_index + 1).ok()?).ok()?;
    let day: u8 = day.parse().ok()?;
    let year: i32 = year.parse().ok()?;
    let mut hms_parts = hms.split(':');
    let mut two_digits = || -> Option<u8> {
        let p = hms_parts.next()?;
        (p.len() == 2).then_some(())?;
        p.parse().ok()
    };
    let (h, m, s) = (two_digits()?, two_digits()?, two_digits()?);
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
    fn converts_other_offsets_to_utc() {
        let at = datetime!(2026-11-05 01:03:04 -05:00);
        assert_eq!(format(at), "Thu Nov 5 06:03:04 UTC 2026");
    }
}
