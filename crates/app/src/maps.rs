//! The map's base layers and the address register: administrators upload
//! GeoJSON layers and import the register from CSV.

use domain::maps::{self, AddressRow, LayerKind};
use domain::{FieldErrors, Tag};

use crate::admin::administers;
use crate::{Actor, App, CommandError, CommandResult, Outcome};

/// Adds a base layer of `kind` from an uploaded GeoJSON file.
pub async fn upload_layer(
    app: &App,
    actor: &Actor,
    kind: &str,
    name: &str,
    attribution: &str,
    bytes: &[u8],
) -> CommandResult<Outcome<i64>> {
    administers(actor)?;
    let mut errors = FieldErrors::new();
    let kind = LayerKind::parse(kind);
    if kind.is_none() {
        errors.add("kind", "error-layer-kind");
    }
    let name = name.trim();
    if name.is_empty() {
        errors.add("name", "error-required");
    } else if name.chars().count() > maps::LAYER_NAME_MAX_CHARS {
        errors.add("name", "error-layer-name-too-long");
    }
    let attribution = attribution.trim();
    if attribution.chars().count() > maps::ATTRIBUTION_MAX_CHARS {
        errors.add("attribution", "error-layer-attribution-too-long");
    }
    let features = match maps::parse_layer(bytes) {
        Ok(f) => Some(f),
        Err(key) => {
            errors.add("file", key);
            None
        }
    };
    let (Some(kind), Some(features)) = (kind, features) else {
        return Err(CommandError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(CommandError::Invalid(errors));
    }
    let geojson = maps::to_geojson(&features);
    let mut tx = app.begin(actor).await?;
    let id = db::maps::insert_layer(
        &tx,
        kind.as_str(),
        name,
        attribution,
        &geojson,
        features.len(),
    )
    .await?;
    // Every map page draws the base layers; they are tagged with the lists.
    tx.touch(Tag::Lists);
    tx.audit("map_layer.upload", "map", kind.as_str()).await?;
    let changes = tx.commit().await?;
    tracing::info!(layer = id, by = actor.user_id(), "map layer uploaded");
    Ok(Outcome { value: id, changes })
}

pub async fn delete_layer(app: &App, actor: &Actor, id: i64) -> CommandResult<Outcome<()>> {
    administers(actor)?;
    let mut tx = app.begin(actor).await?;
    if !db::maps::delete_layer(&tx, id).await? {
        return Err(CommandError::NotFound);
    }
    tx.touch(Tag::Lists);
    tx.audit("map_layer.delete", &format!("map_layer:{id}"), "")
        .await?;
    let changes = tx.commit().await?;
    tracing::info!(layer = id, by = actor.user_id(), "map layer removed");
    Ok(Outcome { value: (), changes })
}

/// A rejected row of an address file: its line number and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    pub line: u64,
    pub key: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub rows: usize,
    pub bad: Vec<BadRow>,
}

/// The columns of an address file, found by their header names.
struct Columns {
    street: usize,
    housenumber: usize,
    postcode: Option<usize>,
    lat: usize,
    lon: usize,
}

fn columns(header: &csv::StringRecord) -> Option<Columns> {
    let find = |names: &[&str]| {
        header.iter().position(|h| {
            let h = maps::address_key(h);
            names.contains(&h.as_str())
        })
    };
    Some(Columns {
        street: find(&["street", "str", "addrstreet"])?,
        housenumber: find(&[
            "housenumber",
            "hausnummer",
            "hnr",
            "number",
            "addrhousenumber",
        ])?,
        postcode: find(&["postcode", "plz", "postleitzahl", "zip", "addrpostcode"]),
        lat: find(&["lat", "latitude", "breite", "y"])?,
        lon: find(&["lon", "lng", "longitude", "laenge", "x"])?,
    })
}

/// Reads an address file: a header row naming street, house number,
/// (postcode,) latitude and longitude; `;` or `,` between fields (whichever
/// the header uses), quoted fields, a byte order mark. Rows that do not
/// check are reported with their line number; the rest are returned.
pub fn read_addresses(bytes: &[u8]) -> Result<(Vec<AddressRow>, Vec<BadRow>), &'static str> {
    if bytes.len() > maps::ADDRESSES_MAX_BYTES {
        return Err("error-addresses-too-large");
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let count = |c: u8| first.iter().filter(|b| **b == c).count();
    let delimiter = if count(b';') > count(b',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(bytes);
    let header = reader
        .headers()
        .map_err(|_| "error-addresses-header")?
        .clone();
    let cols = columns(&header).ok_or("error-addresses-header")?;
    let mut rows = vec![];
    let mut bad = vec![];
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(_) => {
                bad.push(BadRow {
                    line,
                    key: "error-address-row-unreadable",
                });
                if bad.len() > 10_000 {
                    break;
                }
                continue;
            }
        }
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let get = |i: usize| record.get(i).unwrap_or("");
        match maps::check_address(
            get(cols.street),
            get(cols.housenumber),
            cols.postcode.map(get).unwrap_or(""),
            get(cols.lat),
            get(cols.lon),
        ) {
            Ok(r) => rows.push(r),
            Err(key) => bad.push(BadRow {
                line: record.position().map(|p| p.line()).unwrap_or(line),
                key,
            }),
        }
    }
    if rows.is_empty() {
        return Err("error-addresses-none");
    }
    Ok((rows, bad))
}

/// Replaces the address register by the rows of a CSV file, in one
/// transaction (batched inserts). Bad rows are left out and reported.
pub async fn import_addresses(
    app: &App,
    actor: &Actor,
    bytes: &[u8],
) -> CommandResult<Outcome<Imported>> {
    administers(actor)?;
    let (rows, bad) = read_addresses(bytes).map_err(|key| CommandError::field("file", key))?;
    let mut tx = app.begin(actor).await?;
    db::maps::replace_addresses(&tx, &rows).await?;
    // The register is read afresh on every search; no kept page shows it.
    tx.touch(Tag::Lists);
    tx.audit("addresses.import", "addresses", "").await?;
    let changes = tx.commit().await?;
    tracing::info!(
        rows = rows.len(),
        bad = bad.len(),
        by = actor.user_id(),
        "addresses imported"
    );
    Ok(Outcome {
        value: Imported {
            rows: rows.len(),
            bad,
        },
        changes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_files_are_read_in_either_dialect() {
        let semicolons = "\u{feff}Straße;Hausnummer;PLZ;Breite;Länge\n\
            \"Osterstraße\";12;20259;53,5714;9,9545\n\
            Osterstraße;;20259;53.5;9.9\n\
            Eppendorfer Weg;3;20259;x;9.9\n";
        let (rows, bad) = read_addresses(semicolons.as_bytes()).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].street, "Osterstraße");
        assert!((rows[0].lat - 53.5714).abs() < 1e-9);
        assert_eq!(
            bad,
            vec![
                BadRow {
                    line: 3,
                    key: "error-address-row-missing"
                },
                BadRow {
                    line: 4,
                    key: "error-address-row-coordinates"
                },
            ]
        );
        let commas = "street,housenumber,postcode,city,lat,lon\n\"Max-Brauer-Allee\",\"1\",22765,Hamburg,53.55,9.93\n";
        let (rows, bad) = read_addresses(commas.as_bytes()).unwrap();
        assert_eq!((rows.len(), bad.len()), (1, 0));
        assert_eq!(read_addresses(b"a,b\n1,2\n"), Err("error-addresses-header"));
    }
}
