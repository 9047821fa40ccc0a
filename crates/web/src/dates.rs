//! Dates and times as people in each language write them, in the server's
//! local time zone (set TZ, e.g. Europe/Berlin).

use chrono::{DateTime, Local, NaiveDate, Utc};

pub use domain::dates::{InvalidDate, date, parse};

/// Today in the platform's time zone: phases begin and end on local days.
pub fn today() -> NaiveDate {
    Local::now().date_naive()
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
