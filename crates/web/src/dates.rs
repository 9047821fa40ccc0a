//! Dates and times as people in each language write them, in the server's
//! local time zone (set TZ, e.g. Europe/Berlin).

use chrono::{DateTime, Datelike, Local, NaiveDate, Utc};

const MONTHS_DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

/// Today in the platform's time zone: phases begin and end on local days.
pub fn today() -> NaiveDate {
    Local::now().date_naive()
}

pub fn date(d: NaiveDate, lang: &str) -> String {
    match lang {
        "de" => format!(
            "{}. {} {}",
            d.day(),
            MONTHS_DE[d.month0() as usize],
            d.year()
        ),
        _ => d.format("%-d %B %Y").to_string(),
    }
}

pub fn datetime(t: DateTime<Utc>, lang: &str) -> String {
    let local = t.with_timezone(&Local);
    match lang {
        "de" => format!(
            "{}, {} Uhr",
            date(local.date_naive(), lang),
            local.format("%H:%M")
        ),
        _ => format!(
            "{}, {}",
            date(local.date_naive(), lang),
            local.format("%H:%M")
        ),
    }
}

/// The local time of day, to the second (the same in every language).
pub fn time_of_day(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%H:%M:%S").to_string()
}

/// A date field that is neither empty nor a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidDate;

/// A form's date field (YYYY-MM-DD, as `<input type="date">` sends it).
pub fn parse(input: &str) -> Result<Option<NaiveDate>, InvalidDate> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| InvalidDate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_naturally() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        assert_eq!(date(d, "de"), "5. März 2026");
        assert_eq!(date(d, "en"), "5 March 2026");
        assert_eq!(parse("2026-03-05"), Ok(Some(d)));
        assert_eq!(parse(""), Ok(None));
        assert!(parse("5.3.2026").is_err());
    }
}
