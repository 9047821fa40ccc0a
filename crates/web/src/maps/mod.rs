//! Maps and addresses: the administrators' page for base layers and the
//! address register, and the address search the place picker asks.

pub mod view;

use app::CommandError;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use domain::maps::{ADDRESSES_MAX_BYTES, LayerKind, address_key};
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::accounts::redirect;
use crate::forms::FormState;
use crate::params::{Path, Query};
use crate::{Admin, AppError, AppResult, AppState, Ctx, SharedState, dates};

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/admin/maps", get(admin_page))
        .route("/admin/maps/layers", post(upload_layer))
        .route("/admin/maps/layers/{id}/delete", post(delete_layer))
        .route("/admin/maps/addresses", post(import_addresses))
        .route("/addresses/search", get(search))
        .layer(DefaultBodyLimit::max(ADDRESSES_MAX_BYTES + 1024 * 1024))
}

/// What the page reports after an import.
#[derive(Serialize, Default)]
struct ImportReport {
    rows: usize,
    bad: Vec<(u64, &'static str)>,
    more: usize,
}

async fn render_admin(
    state: &AppState,
    ctx: &Ctx,
    layer_form: FormState,
    address_form: FormState,
    report: Option<ImportReport>,
    status: StatusCode,
) -> AppResult<Response> {
    let layers: Vec<_> = db::maps::layers(&state.db)
        .await?
        .into_iter()
        .map(|l| {
            context! {
                id => l.id, kind => l.kind, name => l.name, features => l.features, attribution => l.attribution,
                created => dates::datetime(l.created_at, ctx.lang),
            }
        })
        .collect();
    let addresses = db::maps::address_count(&state.db).await?;
    let kinds: Vec<&str> = LayerKind::ALL.iter().map(|k| k.as_str()).collect();
    let page = state.render(
        ctx,
        "maps/admin.html",
        context! { layers, addresses, kinds, layer_form, address_form, report => report.map(|r| minijinja::Value::from(minijinja::value::Serde(r))) },
    )?;
    Ok((status, page).into_response())
}

async fn admin_page(State(state): State<SharedState>, _: Admin, ctx: Ctx) -> AppResult<Response> {
    render_admin(
        &state,
        &ctx,
        FormState::new(),
        FormState::new(),
        None,
        StatusCode::OK,
    )
    .await
}

/// Text fields and one file of a multipart form; the file stops at `limit`
/// (`None` if it was larger).
async fn read_form(
    mut mp: Multipart,
    limit: usize,
) -> AppResult<(Vec<(String, String)>, Option<Vec<u8>>)> {
    let mut fields = vec![];
    let mut file = Some(vec![]);
    while let Some(mut field) = mp.next_field().await.map_err(|_| AppError::bad_request())? {
        let name = field.name().unwrap_or("").to_owned();
        if name == "file" {
            while let Some(chunk) = field.chunk().await.map_err(|_| AppError::bad_request())? {
                match &mut file {
                    Some(buf) if buf.len() + chunk.len() <= limit => buf.extend_from_slice(&chunk),
                    _ => file = None,
                }
            }
        } else {
            let text = field.text().await.map_err(|_| AppError::bad_request())?;
            fields.push((name, text));
        }
    }
    Ok((fields, file))
}

fn value<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

async fn upload_layer(
    State(state): State<SharedState>,
    admin: Admin,
    ctx: Ctx,
    mp: Multipart,
) -> AppResult<Response> {
    let (fields, file) = read_form(mp, domain::maps::LAYER_MAX_BYTES).await?;
    let (kind, name) = (value(&fields, "kind"), value(&fields, "name"));
    let attribution = value(&fields, "attribution");
    // A file over the limit is reported as such, without reading the rest.
    let bytes = file.unwrap_or_else(|| vec![b' '; domain::maps::LAYER_MAX_BYTES + 1]);
    match app::maps::upload_layer(&state.app, &admin.actor(), kind, name, attribution, &bytes).await
    {
        Ok(_) => Ok(redirect(
            &state,
            "/admin/maps",
            Some("flash-layer-uploaded"),
        )),
        Err(CommandError::Invalid(errors)) => {
            let form = FormState::new()
                .value("kind", kind)
                .value("name", name.trim())
                .value("attribution", attribution.trim())
                .errors(&errors);
            render_admin(
                &state,
                &ctx,
                form,
                FormState::new(),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

async fn delete_layer(
    State(state): State<SharedState>,
    admin: Admin,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    app::maps::delete_layer(&state.app, &admin.actor(), id).await?;
    Ok(redirect(&state, "/admin/maps", Some("flash-layer-deleted")))
}

async fn import_addresses(
    State(state): State<SharedState>,
    admin: Admin,
    ctx: Ctx,
    mp: Multipart,
) -> AppResult<Response> {
    let (_, file) = read_form(mp, ADDRESSES_MAX_BYTES).await?;
    let Some(bytes) = file else {
        let form = FormState::new().error("file", "error-addresses-too-large");
        return render_admin(
            &state,
            &ctx,
            FormState::new(),
            form,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    match app::maps::import_addresses(&state.app, &admin.actor(), &bytes).await {
        Ok(out) => {
            const SHOWN: usize = 50;
            let report = ImportReport {
                rows: out.value.rows,
                more: out.value.bad.len().saturating_sub(SHOWN),
                bad: out
                    .value
                    .bad
                    .iter()
                    .take(SHOWN)
                    .map(|b| (b.line, b.key))
                    .collect(),
            };
            render_admin(
                &state,
                &ctx,
                FormState::new(),
                FormState::new(),
                Some(report),
                StatusCode::OK,
            )
            .await
        }
        Err(CommandError::Invalid(errors)) => {
            let form = FormState::new().errors(&errors);
            render_admin(
                &state,
                &ctx,
                FormState::new(),
                form,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SearchQuery {
    q: String,
}

#[derive(Serialize)]
pub struct Found {
    pub id: i64,
    /// What it is found by (street and number), to tell an exact match.
    #[serde(skip)]
    pub key: String,
    pub label: String,
    pub lat: f64,
    pub lon: f64,
}

/// How many suggestions a search returns.
pub const SUGGESTIONS: u64 = 8;

/// Addresses starting with what was typed, for the place picker's
/// suggestions (JSON).
async fn search(
    State(state): State<SharedState>,
    Query(q): Query<SearchQuery>,
) -> AppResult<Response> {
    let found = find(&state, &q.q).await?;
    let mut res = Json(found).into_response();
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(res)
}

/// Addresses starting with `typed`.
pub async fn find(state: &AppState, typed: &str) -> AppResult<Vec<Found>> {
    let typed: String = typed.chars().take(200).collect();
    Ok(
        db::maps::search(&state.db, &address_key(&typed), SUGGESTIONS)
            .await?
            .into_iter()
            .map(|a| Found {
                id: a.id,
                key: address_key(&format!("{} {}", a.street, a.housenumber)),
                label: a.label(),
                lat: a.lat,
                lon: a.lon,
            })
            .collect(),
    )
}
