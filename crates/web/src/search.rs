//! `/search`: processes, comments, ideas and documents, German-aware.

use axum::extract::State;
use axum::response::Response;
use domain::Tag;
use minijinja::context;
use serde::Deserialize;

use crate::cache::shared;
use crate::params::Query;
use crate::{AppResult, Ctx, SharedState};

const MAX_QUERY_CHARS: usize = 200;
const MAX_RESULTS: u64 = 50;
const EXCERPT_CHARS: usize = 240;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SearchParams {
    q: String,
}

/// A window of `body` around the first word that shares a stem with the query.
fn excerpt(body: &str, query: &str) -> String {
    let wanted: Vec<String> = db::search::stems(query)
        .split(' ')
        .map(str::to_owned)
        .collect();
    let mut start_byte = 0;
    let mut pos = 0;
    for word in body.split_inclusive(|c: char| !c.is_alphanumeric()) {
        let clean: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
        if !clean.is_empty()
            && wanted
                .iter()
                .any(|w| !w.is_empty() && db::search::stems(&clean) == *w)
        {
            start_byte = pos;
            break;
        }
        pos += word.len();
    }
    let chars_before = body[..start_byte].chars().count();
    let skip = chars_before.saturating_sub(60);
    let text: String = body.chars().skip(skip).take(EXCERPT_CHARS).collect();
    let mut out = String::new();
    if skip > 0 {
        out.push('…');
    }
    out.push_str(
        text.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .as_str(),
    );
    if body.chars().count() > skip + EXCERPT_CHARS {
        out.push('…');
    }
    out
}

pub async fn search(
    State(state): State<SharedState>,
    ctx: Ctx,
    Query(p): Query<SearchParams>,
) -> AppResult<Response> {
    let q: String = p.q.trim().chars().take(MAX_QUERY_CHARS).collect();
    let hits = if q.is_empty() {
        vec![]
    } else {
        db::search::query(&state.db, &q, MAX_RESULTS).await?
    };
    let results: Vec<_> = hits
        .iter()
        .map(|h| {
            let url = match h.kind.as_str() {
                "comment" => format!("/comments/{}", h.ref_id),
                "idea" => format!("/ideas/{}", h.ref_id),
                "document" => format!("/documents/{}", h.ref_id),
                _ => format!("/processes/{}", h.process_id),
            };
            context! {
                kind => h.kind.clone(),
                url,
                title => h.title.clone(),
                excerpt => excerpt(&h.body, &q),
            }
        })
        .collect();
    let html = state.render(
        &ctx,
        "search.html",
        context! { q, results, searched => !p.q.trim().is_empty() },
    )?;
    Ok(shared(html, vec![Tag::Search], None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_start_near_the_match() {
        let body = format!(
            "{} Wir brauchen breitere Radwege in Altona.",
            "Einleitung ".repeat(30)
        );
        let e = excerpt(&body, "Radweg");
        assert!(e.starts_with('…'), "{e}");
        assert!(e.contains("Radwege in Altona"), "{e}");
    }
}
