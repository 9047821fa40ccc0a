//! `/search`: processes, ideas, surveys, documents and comments, German-aware,
//! ranked by `db::search::page`, narrowed by kind and paged; excerpts are plain
//! text with the matched words marked.

use axum::extract::State;
use axum::response::Response;
use domain::Tag;
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use crate::cache::shared;
use crate::params::{PageNumber, Query};
use crate::{AppResult, Ctx, SharedState};

const MAX_QUERY_CHARS: usize = 200;
const PER_PAGE: u64 = 20;
const EXCERPT_CHARS: usize = 240;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SearchParams {
    q: String,
    #[serde(rename = "type")]
    kind: String,
    page: PageNumber,
}

/// A piece of shown text: marked when it is a word of the query.
#[derive(Serialize, Debug, PartialEq)]
pub struct Piece {
    text: String,
    mark: bool,
}

/// What the search shows of an entry's body: plain text, whatever markup
/// staff and citizens wrote (process descriptions, ideas and surveys are
/// Markdown; comments and documents' text are plain already).
fn plain(kind: &str, body: &str) -> String {
    let text = match kind {
        "comment" | "document" => body.to_owned(),
        _ => text::markdown::to_text(body),
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a word shares its stem with one of the wanted stems.
fn wanted_word(word: &str, wanted: &[String]) -> bool {
    let clean: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
    !clean.is_empty() && wanted.iter().any(|w| db::search::stems(&clean) == *w)
}

/// `text` cut into pieces, the query's words marked.
fn marked(text: &str, wanted: &[String]) -> Vec<Piece> {
    let mut out: Vec<Piece> = vec![];
    let mut rest = String::new();
    let mut word = String::new();
    let flush_word = |word: &mut String, rest: &mut String, out: &mut Vec<Piece>| {
        if word.is_empty() {
            return;
        }
        if wanted_word(word, wanted) {
            if !rest.is_empty() {
                out.push(Piece {
                    text: std::mem::take(rest),
                    mark: false,
                });
            }
            out.push(Piece {
                text: std::mem::take(word),
                mark: true,
            });
        } else {
            rest.push_str(word);
            word.clear();
        }
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush_word(&mut word, &mut rest, &mut out);
            rest.push(c);
        }
    }
    flush_word(&mut word, &mut rest, &mut out);
    if !rest.is_empty() {
        out.push(Piece {
            text: rest,
            mark: false,
        });
    }
    out
}

fn wanted_stems(query: &str) -> Vec<String> {
    db::search::stems(query)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A window of the plain `body` around the first word that shares a stem with
/// the query, with the query's words marked.
fn excerpt(body: &str, wanted: &[String]) -> Vec<Piece> {
    let mut start_chars = 0;
    let mut pos = 0;
    for word in body.split_inclusive(|c: char| !c.is_alphanumeric()) {
        if wanted_word(word, wanted) {
            start_chars = pos;
            break;
        }
        pos += word.chars().count();
    }
    // Start at a word's beginning some way before the match.
    let mut skip = start_chars.saturating_sub(60);
    if skip > 0 {
        let chars: Vec<char> = body.chars().collect();
        while skip < start_chars && chars.get(skip - 1).is_some_and(|c| !c.is_whitespace()) {
            skip += 1;
        }
    }
    let mut text: String = body.chars().skip(skip).take(EXCERPT_CHARS).collect();
    if skip > 0 {
        text.insert(0, '…');
    }
    if body.chars().count() > skip + EXCERPT_CHARS {
        text.push('…');
    }
    marked(&text, wanted)
}

fn url(h: &db::search::Hit) -> String {
    match h.kind.as_str() {
        "comment" => format!("/comments/{}", h.ref_id),
        "idea" => format!("/ideas/{}", h.ref_id),
        "document" => format!("/documents/{}", h.ref_id),
        "survey" => format!("/surveys/{}", h.ref_id),
        _ => format!("/processes/{}", h.process_id),
    }
}

pub async fn search(
    State(state): State<SharedState>,
    ctx: Ctx,
    Query(p): Query<SearchParams>,
) -> AppResult<Response> {
    let q: String = p.q.trim().chars().take(MAX_QUERY_CHARS).collect();
    let kind = db::search::ORDER
        .iter()
        .copied()
        .find(|k| *k == p.kind.as_str());
    let found = if q.is_empty() {
        db::search::Found::default()
    } else {
        db::search::page(
            &state.db,
            &q,
            kind,
            PER_PAGE,
            p.page.index().saturating_mul(PER_PAGE),
        )
        .await?
    };
    let wanted = wanted_stems(&q);
    let results: Vec<_> = found
        .hits
        .iter()
        .map(|h| {
            // A comment's title is its process's: shown as where it was said.
            let title = if h.kind == "comment" {
                vec![Piece {
                    text: h.title.clone(),
                    mark: false,
                }]
            } else {
                marked(&h.title, &wanted)
            };
            context! {
                kind => h.kind.clone(),
                url => url(h),
                title => Value::from(Serde(title)),
                excerpt => Value::from(Serde(excerpt(&plain(&h.kind, &h.body), &wanted))),
            }
        })
        .collect();
    let total = found.total(kind);
    let pages = total.div_ceil(PER_PAGE).max(1);
    let all = found.total(None);
    let kinds: Vec<_> = db::search::ORDER
        .iter()
        .map(|k| context! { kind => *k, count => found.total(Some(k)) })
        .collect();
    let query_base: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("q", &q)
        .append_pair("type", kind.unwrap_or(""))
        .finish();
    let q_only: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("q", &q)
        .finish();
    let html = state.render(
        &ctx,
        "search.html",
        context! {
            q,
            kind => kind.unwrap_or(""),
            kinds,
            results,
            total,
            all,
            page => p.page.get(),
            pages,
            query_base,
            q_only,
            searched => !p.q.trim().is_empty(),
        },
    )?;
    Ok(shared(html, vec![Tag::Search], None))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|p| {
                if p.mark {
                    format!("[{}]", p.text)
                } else {
                    p.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn excerpts_start_near_the_match_and_mark_it() {
        let body = format!(
            "{} Wir brauchen breitere Radwege in Altona.",
            "Einleitung ".repeat(30)
        );
        let e = shown(&excerpt(&body, &wanted_stems("Radweg")));
        assert!(e.starts_with('…'), "{e}");
        assert!(e.contains("breitere [Radwege] in Altona"), "{e}");
    }

    #[test]
    fn markdown_never_reaches_an_excerpt() {
        let body = plain(
            "process",
            "### Hintergrund\n\nDer **Hitzeschutz** ist wichtig.",
        );
        assert_eq!(body, "Hintergrund Der Hitzeschutz ist wichtig.");
        let e = shown(&excerpt(&body, &wanted_stems("hitzeschutz")));
        assert_eq!(e, "Hintergrund Der [Hitzeschutz] ist wichtig.");
    }
}
