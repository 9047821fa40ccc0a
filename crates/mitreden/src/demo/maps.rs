//! The demo's map: real open data of Hamburg (see `demo-data/hamburg/README.md`
//! for sources and licences) uploaded as base layers, and an OSM address
//! extract as the address register, through the administrators' commands.

use anyhow::Context;
use app::Actor;

const ADMIN_BOUNDARIES: &str = "Verwaltungsgrenzen: © Freie und Hansestadt Hamburg, Landesbetrieb \
    Geoinformation und Vermessung (LGV), dl-de/by-2-0 (www.govdata.de/dl-de/by-2-0); aufbereitet von \
    Open Data Product, CC BY 4.0; vereinfacht";
const OSM: &str = "© OpenStreetMap contributors, ODbL 1.0 (www.openstreetmap.org/copyright)";

const LAYERS: &[(&str, &str, &str, &[u8])] = &[
    (
        "districts",
        "Bezirke",
        ADMIN_BOUNDARIES,
        include_bytes!("../../demo-data/hamburg/bezirke.geojson"),
    ),
    (
        "districts",
        "Stadtteile Altona und Eimsbüttel",
        ADMIN_BOUNDARIES,
        include_bytes!("../../demo-data/hamburg/stadtteile_altona_eimsbuettel.geojson"),
    ),
    (
        "parks",
        "Grünflächen Altona und Eimsbüttel",
        OSM,
        include_bytes!("../../demo-data/hamburg/gruenflaechen_altona_eimsbuettel_osm.geojson"),
    ),
    (
        "water",
        "Gewässer Eimsbüttel",
        OSM,
        include_bytes!("../../demo-data/hamburg/gewaesser_eimsbuettel_osm.geojson"),
    ),
    (
        "streets",
        "Straßen Altona und Eimsbüttel",
        OSM,
        include_bytes!("../../demo-data/hamburg/strassen_altona_eimsbuettel_osm.geojson"),
    ),
];

pub const ADDRESSES: &[u8] = include_bytes!("../../demo-data/hamburg/adressen_osm_ausschnitte.csv");

/// Uploads the layers and imports the addresses into a database that has
/// neither yet (an administrator may have replaced them).
pub async fn load(app: &app::App) -> anyhow::Result<()> {
    if db::maps::layer_ids(&app.db).await?.is_empty() {
        for (kind, name, attribution, bytes) in LAYERS {
            app::maps::upload_layer(app, &Actor::System, kind, name, attribution, bytes)
                .await
                .with_context(|| format!("uploading the demo layer {name}"))?;
        }
    }
    if !db::maps::has_addresses(&app.db).await? {
        app::maps::import_addresses(app, &Actor::System, ADDRESSES)
            .await
            .context("importing the demo addresses")?;
    }
    Ok(())
}
