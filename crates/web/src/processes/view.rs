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
    ProcessView {
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
