//! What a process promises about answering ideas: within how many days after
//! the end of its participation phase, and from how many supports an idea
//! must be answered. The form's text is checked here.

use crate::validation::FieldErrors;

/// The longest period a process may promise: two years.
pub const PERIOD_MAX_DAYS: i64 = 730;
/// The highest support threshold (far above any city's ideas).
pub const THRESHOLD_MAX: i64 = 1_000_000;
/// How many days before an idea's deadline its department is reminded.
pub const REMIND_DAYS_BEFORE: i64 = 7;

/// The unit the period is typed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Days,
    Weeks,
}

impl Unit {
    pub fn parse(s: &str) -> Option<Unit> {
        match s {
            "days" => Some(Unit::Days),
            "weeks" => Some(Unit::Weeks),
            _ => None,
        }
    }

    pub fn days(self) -> i64 {
        match self {
            Unit::Days => 1,
            Unit::Weeks => 7,
        }
    }
}

/// A checked promise: the period in days (`None`: no promise) and the
/// threshold (0: every idea).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Promise {
    pub days: Option<i32>,
    pub threshold: i32,
}

/// Checks the typed period (a whole number of `unit`s, empty for none) and
/// threshold (a whole number of supports, empty for 0). A threshold without
/// a period would promise nothing, so it is refused with a message.
pub fn check(period: &str, unit: &str, threshold: &str) -> Result<Promise, FieldErrors> {
    let mut e = FieldErrors::new();
    let unit = match Unit::parse(unit.trim()) {
        Some(u) => u,
        None if unit.trim().is_empty() => Unit::Days,
        None => {
            e.add("answer_unit", "error-answer-unit-invalid");
            Unit::Days
        }
    };
    let period = period.trim();
    let days = if period.is_empty() {
        None
    } else {
        match period.parse::<i64>() {
            Ok(n) if n >= 1 && n * unit.days() <= PERIOD_MAX_DAYS => Some((n * unit.days()) as i32),
            Ok(_) => {
                e.add("answer_period", "error-answer-period-range");
                None
            }
            Err(_) => {
                e.add("answer_period", "error-answer-period-invalid");
                None
            }
        }
    };
    let threshold = threshold.trim();
    let threshold = if threshold.is_empty() {
        0
    } else {
        match threshold.parse::<i64>() {
            Ok(n) if (0..=THRESHOLD_MAX).contains(&n) => n as i32,
            _ => {
                e.add("answer_threshold", "error-answer-threshold-invalid");
                0
            }
        }
    };
    if period.is_empty() && threshold > 0 {
        e.add("answer_period", "error-answer-period-needed");
    }
    if e.is_empty() {
        Ok(Promise { days, threshold })
    } else {
        Err(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_become_days_and_empty_means_no_promise() {
        assert_eq!(
            check("6", "weeks", "10"),
            Ok(Promise {
                days: Some(42),
                threshold: 10
            })
        );
        assert_eq!(check("", "days", ""), Ok(Promise::default()));
        assert_eq!(
            check(" 30 ", "", " "),
            Ok(Promise {
                days: Some(30),
                threshold: 0
            })
        );
    }

    #[test]
    fn bad_input_is_named_by_its_field() {
        let e = check("sechs", "days", "-1").unwrap_err();
        assert_eq!(e.get("answer_period"), Some("error-answer-period-invalid"));
        assert_eq!(
            e.get("answer_threshold"),
            Some("error-answer-threshold-invalid")
        );
        let e = check("0", "days", "").unwrap_err();
        assert_eq!(e.get("answer_period"), Some("error-answer-period-range"));
        let e = check("105", "weeks", "").unwrap_err();
        assert_eq!(e.get("answer_period"), Some("error-answer-period-range"));
        let e = check("", "days", "5").unwrap_err();
        assert_eq!(e.get("answer_period"), Some("error-answer-period-needed"));
        let e = check("3", "months", "").unwrap_err();
        assert_eq!(e.get("answer_unit"), Some("error-answer-unit-invalid"));
    }
}
