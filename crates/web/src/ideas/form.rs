//! Submitting an idea (multipart: up to three pictures travel with it).

use std::collections::HashMap;

use app::CommandError;
use app::ideas::{Picture, Submission, open_for_ideas};
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use db::processes::Process;
use domain::ideas::IMAGES_MAX;
use minijinja::value::Serde;
use minijinja::{Value, context};

use crate::maps::view::map_view;
use crate::maps::{Found, find};

use crate::accounts::redirect;
use crate::forms::FormState;
use crate::images;
use crate::params::Path;
use crate::processes::show::load_visible;
use crate::{AppError, AppResult, AppState, Ctx, Member, SharedState};

const TEXT_FIELDS: &[&str] = &[
    "title",
    "body",
    "category",
    "lat",
    "lon",
    "address",
    "alt1",
    "alt2",
    "alt3",
    "intent",
    "address_pick",
    "website",
    "form_stamp",
];

pub(crate) struct Submitted {
    pub(crate) fields: HashMap<String, String>,
    /// Uploaded pictures by slot (1 to 3); `None` for a slot whose file was too large.
    pub(crate) images: Vec<(usize, Option<Vec<u8>>)>,
}

impl Submitted {
    fn get(&self, k: &str) -> String {
        self.fields.get(k).cloned().unwrap_or_default()
    }

    /// The command's input; the form keeps its typed values.
    fn submission(&mut self) -> Submission {
        let pictures = std::mem::take(&mut self.images)
            .into_iter()
            .map(|(slot, bytes)| Picture {
                slot,
                bytes,
                alt: self.get(&format!("alt{slot}")),
            })
            .collect();
        Submission {
            title: self.get("title"),
            body: self.get("body"),
            category: self.get("category"),
            lat: self.get("lat"),
            lon: self.get("lon"),
            address: self.get("address"),
            pictures,
        }
    }
}

pub(crate) async fn read(mut mp: Multipart) -> AppResult<Submitted> {
    let mut s = Submitted {
        fields: HashMap::new(),
        images: vec![],
    };
    while let Some(mut field) = mp.next_field().await.map_err(|_| AppError::bad_request())? {
        let name = field.name().unwrap_or("").to_owned();
        if let Some(slot) = name
            .strip_prefix("image")
            .and_then(|n| n.parse::<usize>().ok())
        {
            if !(1..=IMAGES_MAX).contains(&slot) {
                continue;
            }
            let mut buf = Vec::new();
            let mut too_large = false;
            while let Some(chunk) = field.chunk().await.map_err(|_| AppError::bad_request())? {
                if buf.len() + chunk.len() > images::MAX_BYTES {
                    too_large = true;
                    break;
                }
                buf.extend_from_slice(&chunk);
            }
            if too_large {
                s.images.push((slot, None));
            } else if !buf.is_empty() {
                s.images.push((slot, Some(buf)));
            }
        } else if TEXT_FIELDS.contains(&name.as_str()) {
            let text = field.text().await.map_err(|_| AppError::bad_request())?;
            s.fields.insert(name, text);
        }
    }
    Ok(s)
}

async fn render_form(
    state: &AppState,
    ctx: &Ctx,
    p: &Process,
    form: FormState,
    choices: Vec<Found>,
    status: StatusCode,
) -> AppResult<Response> {
    // The place picker's map: the base layers (or tiles), with the place
    // chosen so far.
    let picked = domain::ideas::check_place(
        form.values.get("lat").map(String::as_str).unwrap_or(""),
        form.values.get("lon").map(String::as_str).unwrap_or(""),
    )
    .ok()
    .flatten();
    let base = crate::maps::view::base_map(state).await?;
    let tiles = state.config.map_tiles.as_deref();
    let picker =
        (base.is_some() || tiles.is_some()).then(|| map_view(base.as_deref(), tiles, &[], picked));
    let page = state.render(
        ctx,
        "ideas/form.html",
        context! {
            form,
            process_id => p.id,
            process_title => p.title.clone(),
            categories => p.idea_categories.clone(),
            slots => vec![1, 2, 3],
            choices => Value::from(Serde(choices)),
            picker,
        },
    )?;
    Ok((status, page).into_response())
}

pub async fn new_form(
    State(state): State<SharedState>,
    _member: Member,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let p = load_visible(&state, &ctx, id).await?;
    // A process without ideas has no form for them at all.
    if !p.ideas_enabled {
        return Err(AppError::not_found());
    }
    if !open_for_ideas(&p) {
        return Err(AppError::forbidden());
    }
    render_form(&state, &ctx, &p, FormState::new(), vec![], StatusCode::OK).await
}

pub async fn create(
    State(state): State<SharedState>,
    member: Member,
    ctx: Ctx,
    Path(id): Path<i64>,
    mp: Multipart,
) -> AppResult<Response> {
    let mut s = read(mp).await?;
    let had_pictures = !s.images.is_empty();
    if let Some(page) = resolve_place(&state, &ctx, id, &mut s).await? {
        return Ok(page);
    }
    let input = s.submission();
    let (website, stamp) = (s.get("website"), s.get("form_stamp"));
    let result = match crate::holds::spam::refusal(&state, &website, &stamp).await? {
        Some(key) => Err(CommandError::field("title", key)),
        None => app::ideas::submit(&state.app, &member.actor(), id, input).await,
    };
    let e = match result {
        Ok(out) => {
            // A held idea touched no list.
            let flash = match out.changes.tags.contains(&domain::Tag::Lists) {
                true => "flash-idea-saved",
                false => "flash-idea-held",
            };
            return Ok(redirect(
                &state,
                &format!("/ideas/{}", out.value),
                Some(flash),
            ));
        }
        Err(e) => e,
    };
    let Some(mut errors) = e.field_errors() else {
        return Err(e.into());
    };
    // Browsers do not send a chosen file again.
    if had_pictures {
        errors.add("image1", "error-image-upload-again");
    }
    let status = match e {
        CommandError::Refused(_) => StatusCode::FORBIDDEN,
        CommandError::RateLimited(..) => StatusCode::TOO_MANY_REQUESTS,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let mut form = FormState::new();
    for k in TEXT_FIELDS {
        if let Some(v) = s.fields.get(*k) {
            form.values.insert((*k).to_owned(), v.clone());
        }
    }
    let p = load_visible(&state, &ctx, id).await?;
    render_form(&state, &ctx, &p, form.errors(&errors), vec![], status).await
}

/// The place picker without JavaScript: "find address" shows the addresses
/// of the register that match what was typed, to choose from; a chosen one
/// (or the only match of an address typed without coordinates) gives the
/// idea its coordinates. Returns the form to show again, if it is not to be
/// submitted yet. Nothing typed is lost (chosen pictures must be chosen again).
async fn resolve_place(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    s: &mut Submitted,
) -> AppResult<Option<Response>> {
    let address = s.get("address");
    let has_coordinates = !s.get("lat").trim().is_empty() || !s.get("lon").trim().is_empty();
    if let Ok(pick) = s.get("address_pick").parse::<i64>()
        && s.get("intent") != "find-address"
        && let Some(a) = db::maps::address(&state.db, pick).await?
    {
        s.fields.insert("address".into(), a.label());
        s.fields.insert("lat".into(), format!("{:.6}", a.lat));
        s.fields.insert("lon".into(), format!("{:.6}", a.lon));
        return Ok(None);
    }
    let finding = s.get("intent") == "find-address";
    if !finding && (has_coordinates || address.trim().is_empty()) {
        return Ok(None);
    }
    let found = if address.trim().is_empty() {
        vec![]
    } else {
        find(state, &address).await?
    };
    if !finding {
        if found.is_empty() && !db::maps::has_addresses(&state.db).await? {
            // Without a register the address is a description only.
            return Ok(None);
        }
        let key = domain::maps::address_key(&address);
        let exact: Vec<&Found> = found.iter().filter(|f| f.key == key).collect();
        let only = match (exact.as_slice(), found.as_slice()) {
            ([one], _) => Some(*one),
            ([], [one]) => Some(one),
            _ => None,
        };
        if let Some(a) = only {
            s.fields.insert("address".into(), a.label.clone());
            s.fields.insert("lat".into(), format!("{:.6}", a.lat));
            s.fields.insert("lon".into(), format!("{:.6}", a.lon));
            return Ok(None);
        }
    }
    let mut form = FormState::new();
    for k in TEXT_FIELDS {
        if let Some(v) = s.fields.get(*k) {
            form.values.insert((*k).to_owned(), v.clone());
        }
    }
    let (form, status) = match (found.is_empty(), finding) {
        (true, _) => (
            form.error("address", "error-address-not-found"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (false, true) => (form, StatusCode::OK),
        (false, false) => (
            form.error("address", "error-address-choose"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    };
    let form = if s.images.is_empty() {
        form
    } else {
        form.error("image1", "error-image-upload-again")
    };
    let p = load_visible(state, ctx, id).await?;
    Ok(Some(
        render_form(state, ctx, &p, form, found, status).await?,
    ))
}
