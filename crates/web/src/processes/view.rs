//! What the templates get of a process: display strings, never database rows.

use db::processes::Process;
use domain::processes::PhaseKind;
use serde::Serialize;

use crate::dates;

#[derive(Serialize)]
pub struct PhaseView {
    pub kind: &'static str,
    pub from: Option<String>,
    pub until: Option<String>,
    pub current: bool,
    pub past: bool,
}

#[derive(Serialize)]
pub struct ProcessView {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub department: String,
    pub department_id: i64,
    pub tags: Vec<String>,
    pub status: &'static str,
    pub timing: &'static str,
    pub current_phase: Option<&'static str>,
    pub participation_open: bool,
    pub participation_from: Option<String>,
    pub participation_until: Option<String>,
    pub image_large: Option<String>,
    pub image_small: Option<String>,
    pub image_alt: String,
    pub comment_count: i32,
    pub phases: Vec<PhaseView>,
    pub ideas_enabled: bool,
    pub idea_count: i32,
    /// While participation is open: days left after today (0 on the last day).
    pub days_left: Option<i64>,
    /// While participation is open: today's day of the phase, its length and
    /// how far it has run in percent (for the card's bar).
    pub phase_day: Option<i64>,
    pub phase_days: Option<i64>,
    pub phase_percent: Option<i64>,
}

/// Where today stands in a participation phase that runs today: days left
/// after today, today's day (from 1), the phase's length in days, and the
/// share of it that has begun, in percent.
pub fn participation_progress(
    from: chrono::NaiveDate,
    until: chrono::NaiveDate,
    today: chrono::NaiveDate,
) -> Option<(i64, i64, i64, i64)> {
    if today < from || today > until {
        return None;
    }
    let length = (until - from).num_days() + 1;
    let day = (today - from).num_days() + 1;
    Some((
        (until - today).num_days(),
        day,
        length,
        day * 100 / length.max(1),
    ))
}

pub fn process_view(p: &Process, lang: &str) -> ProcessView {
    let today = dates::today();
    let current = p.phases.current(today);
    let phases = PhaseKind::ALL
        .iter()
        .filter_map(|k| {
            let r = p.phases.get(*k);
            r.from.map(|from| PhaseView {
                kind: k.as_str(),
                from: Some(dates::date(from, lang)),
                until: r.until.map(|u| dates::date(u, lang)),
                current: current == Some(*k),
                past: r.until.is_some_and(|u| u < today),
            })
        })
        .collect();
    let progress = match (p.phases.participation.from, p.phases.participation.until) {
        (Some(f), Some(u)) => participation_progress(f, u, today),
        _ => None,
    };
    ProcessView {
        days_left: progress.map(|p| p.0),
        phase_day: progress.map(|p| p.1),
        phase_days: progress.map(|p| p.2),
        phase_percent: progress.map(|p| p.3),
        id: p.id,
        title: p.title.clone(),
        summary: p.summary.clone(),
        department: p.department_name.clone(),
        department_id: p.department_id,
        tags: p.tags.clone(),
        status: p.status.as_str(),
        timing: p.phases.timing(today).as_str(),
        current_phase: current.map(|k| k.as_str()),
        participation_open: p.phases.participation_open(today)
            && p.status == domain::processes::Status::Published,
        participation_from: p.phases.participation.from.map(|d| dates::date(d, lang)),
        participation_until: p.phases.participation.until.map(|d| dates::date(d, lang)),
        image_large: p.image_id.map(|i| format!("/images/{i}/large.jpg")),
        image_small: p.image_id.map(|i| format!("/images/{i}/small.jpg")),
        image_alt: p.image_alt.clone().unwrap_or_default(),
        comment_count: p.comment_count,
        phases,
        ideas_enabled: p.ideas_enabled,
        idea_count: p.idea_count,
    }
}

#[cfg(test)]
mod tests {
    use super::participation_progress;

    #[test]
    fn progress_counts_days_inclusively() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            participation_progress(d("2026-03-01"), d("2026-03-20"), d("2026-03-08")),
            Some((12, 8, 20, 40))
        );
        assert_eq!(
            participation_progress(d("2026-03-01"), d("2026-03-20"), d("2026-03-20")),
            Some((0, 20, 20, 100))
        );
        assert_eq!(
            participation_progress(d("2026-03-01"), d("2026-03-20"), d("2026-03-21")),
            None
        );
    }
}
