//! Dates as people in each language write them, and as date fields send them.

use chrono::{Datelike, NaiveDate};

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

/// A day as a reader of `lang` writes it ("5. März 2026", "5 March 2026").
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
