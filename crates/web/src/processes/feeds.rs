//! Atom feeds: all processes, and the new comments of one process.

use atom_syndication::{Content, Entry, Feed, Link, Person, Text};
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, FixedOffset, Utc};
use db::comments::Subject;
use db::processes::ListQuery;
use domain::Tag;
use domain::processes::Status;

use crate::cache::shared;
use crate::params::Path;
use crate::{AppError, AppResult, SharedState, dates, i18n};

fn fixed(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.fixed_offset()
}

fn link(href: String, rel: &str) -> Link {
    let mut l = Link::default();
    l.set_href(href);
    l.set_rel(rel.to_owned());
    l
}

fn atom(feed: Feed) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/atom+xml; charset=utf-8"),
        )],
        feed.to_string(),
    )
        .into_response()
}

const LANG: &str = i18n::LANGUAGES[0].0;

pub async fn processes(State(state): State<SharedState>) -> AppResult<Response> {
    let mut q = ListQuery::new(dates::today());
    q.per_page = 50;
    let list = db::processes::list(&state.db, &q).await?;
    let entries: Vec<Entry> = list
        .items
        .iter()
        .map(|p| {
            let url = state.config.link(&format!("/processes/{}", p.id));
            let mut e = Entry::default();
            e.set_title(Text::plain(p.title.clone()));
            e.set_id(url.clone());
            e.set_updated(fixed(p.updated_at));
            e.set_published(p.published_at.map(fixed));
            e.set_summary(Some(Text::plain(p.summary.clone())));
            e.set_links(vec![link(url, "alternate")]);
            e.set_authors(vec![Person {
                name: p.department_name.clone(),
                ..Default::default()
            }]);
            e
        })
        .collect();
    let updated = list
        .items
        .iter()
        .map(|p| p.updated_at)
        .max()
        .unwrap_or_else(Utc::now);
    let mut feed = Feed::default();
    feed.set_title(Text::plain(state.i18n.t(LANG, "feed-processes-title", &[])));
    feed.set_id(state.config.link("/processes.atom"));
    feed.set_updated(fixed(updated));
    feed.set_links(vec![
        link(state.config.link("/processes.atom"), "self"),
        link(state.config.link("/processes"), "alternate"),
    ]);
    feed.set_entries(entries);
    Ok(shared(atom(feed), vec![Tag::Lists], None))
}

pub async fn comments(
    State(state): State<SharedState>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let process = match db::processes::get(&state.db, id).await? {
        Some(p) if p.status != Status::Draft => p,
        _ => return Err(AppError::not_found()),
    };
    let recent = db::comments::recent(&state.db, Subject::process(id), 50).await?;
    let entries: Vec<Entry> = recent
        .iter()
        .map(|c| {
            let url = state.config.link(&format!("/comments/{}", c.id));
            let mut e = Entry::default();
            let name = crate::people::name(&state.i18n, LANG, &c.author_name);
            let title = state
                .i18n
                .t(LANG, "feed-comment-title", &[("name", name.clone().into())]);
            e.set_title(Text::plain(title));
            e.set_id(url.clone());
            e.set_updated(fixed(c.created_at));
            e.set_published(Some(fixed(c.created_at)));
            let mut content = Content::default();
            content.set_content_type(Some("text".to_owned()));
            content.set_value(Some(c.body.clone()));
            e.set_content(Some(content));
            e.set_links(vec![link(url, "alternate")]);
            e.set_authors(vec![Person {
                name,
                ..Default::default()
            }]);
            e
        })
        .collect();
    let updated = recent
        .first()
        .map(|c| c.created_at)
        .unwrap_or(process.updated_at);
    let self_url = state.config.link(&format!("/processes/{id}/comments.atom"));
    let mut feed = Feed::default();
    feed.set_title(Text::plain(state.i18n.t(
        LANG,
        "feed-comments-title",
        &[("title", process.title.clone().into())],
    )));
    feed.set_id(self_url.clone());
    feed.set_updated(fixed(updated));
    feed.set_links(vec![
        link(self_url, "self"),
        link(state.config.link(&format!("/processes/{id}")), "alternate"),
    ]);
    feed.set_entries(entries);
    Ok(shared(atom(feed), vec![Tag::Process(id)], None))
}
