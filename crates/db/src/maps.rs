//! Base layers of the map and the address register.

use domain::maps::AddressRow;
use sea_orm::{ConnectionTrait, FromQueryResult, Value};

use crate::{Db, DbError, Transaction, now, raw};

/// A base layer as listed to the administrator.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Layer {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub attribution: String,
    pub features: i32,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A base layer with its features, to draw.
#[derive(Debug, Clone, FromQueryResult)]
pub struct LayerData {
    pub id: i64,
    pub kind: String,
    pub attribution: String,
    pub geojson: String,
}

/// An address of the register.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct Address {
    pub id: i64,
    pub street: String,
    pub housenumber: String,
    pub postcode: String,
    pub lat: f64,
    pub lon: f64,
}

impl Address {
    pub fn label(&self) -> String {
        AddressRow {
            street: self.street.clone(),
            housenumber: self.housenumber.clone(),
            postcode: self.postcode.clone(),
            lat: self.lat,
            lon: self.lon,
        }
        .label()
    }
}

#[derive(FromQueryResult)]
struct Id {
    id: i64,
}

#[derive(FromQueryResult)]
struct Count {
    n: i64,
}

pub async fn insert_layer(
    txn: &Transaction,
    kind: &str,
    name: &str,
    attribution: &str,
    geojson: &str,
    features: usize,
) -> Result<i64, DbError> {
    let b = txn.get_database_backend();
    let row = Id::find_by_statement(raw(
        b,
        "INSERT INTO map_layers (kind, name, attribution, geojson, features, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        vec![
            kind.into(),
            name.into(),
            attribution.into(),
            geojson.into(),
            (features as i32).into(),
            now().into(),
        ],
    ))
    .one(txn)
    .await?;
    Ok(row.map(|r| r.id).unwrap_or_default())
}

/// Removes a layer; false if there was none.
pub async fn delete_layer(txn: &Transaction, id: i64) -> Result<bool, DbError> {
    let b = txn.get_database_backend();
    let r = txn
        .execute_raw(raw(
            b,
            "DELETE FROM map_layers WHERE id = ?",
            vec![id.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn layers(db: &Db) -> Result<Vec<Layer>, DbError> {
    let b = db.conn().get_database_backend();
    Ok(Layer::find_by_statement(raw(
        b,
        "SELECT id, kind, name, attribution, features, created_at FROM map_layers ORDER BY id",
        vec![],
    ))
    .all(db.conn())
    .await?)
}

/// The ids of the layers, which name the set a drawn base map was made of.
pub async fn layer_ids(db: &Db) -> Result<Vec<i64>, DbError> {
    let b = db.conn().get_database_backend();
    Ok(
        Id::find_by_statement(raw(b, "SELECT id FROM map_layers ORDER BY id", vec![]))
            .all(db.conn())
            .await?
            .into_iter()
            .map(|r| r.id)
            .collect(),
    )
}

pub async fn layer_data(db: &Db) -> Result<Vec<LayerData>, DbError> {
    let b = db.conn().get_database_backend();
    Ok(LayerData::find_by_statement(raw(
        b,
        "SELECT id, kind, attribution, geojson FROM map_layers ORDER BY id",
        vec![],
    ))
    .all(db.conn())
    .await?)
}

/// Rows per INSERT statement: well under SQLite's and PostgreSQL's limits
/// of bound values (7 per row).
const BATCH: usize = 500;

/// Replaces the whole register by `rows`, in the caller's transaction.
pub async fn replace_addresses(txn: &Transaction, rows: &[AddressRow]) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    txn.execute_raw(raw(b, "DELETE FROM addresses", vec![]))
        .await?;
    for chunk in rows.chunks(BATCH) {
        let mut sql = String::from(
            "INSERT INTO addresses (street, housenumber, postcode, lat, lon, search_key) VALUES ",
        );
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * 6);
        for (i, r) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push(',');
            }
            sql.push_str("(?, ?, ?, ?, ?, ?)");
            values.push(r.street.clone().into());
            values.push(r.housenumber.clone().into());
            values.push(r.postcode.clone().into());
            values.push(r.lat.into());
            values.push(r.lon.into());
            values.push(r.key().into());
        }
        txn.execute_raw(raw(b, &sql, values)).await?;
    }
    // The planner's statistics of the old register would misjudge the new
    // one (a table that was empty looks cheaper to scan than to seek).
    txn.execute_raw(raw(b, "ANALYZE addresses", vec![])).await?;
    Ok(())
}

pub async fn address_count(db: &Db) -> Result<i64, DbError> {
    let b = db.conn().get_database_backend();
    Ok(
        Count::find_by_statement(raw(b, "SELECT COUNT(*) AS n FROM addresses", vec![]))
            .one(db.conn())
            .await?
            .map(|c| c.n)
            .unwrap_or(0),
    )
}

/// Addresses whose key starts with `prefix` (an `address_key`), in key order:
/// a range over the index `addresses_by_key`.
pub async fn search(db: &Db, prefix: &str, limit: u64) -> Result<Vec<Address>, DbError> {
    if prefix.is_empty() {
        return Ok(vec![]);
    }
    let b = db.conn().get_database_backend();
    // Keys hold only ASCII letters and digits, so '~' sorts after all of them.
    let upper = format!("{prefix}~");
    Ok(Address::find_by_statement(raw(
        b,
        "SELECT id, street, housenumber, postcode, lat, lon FROM addresses \
         WHERE search_key >= ? AND search_key < ? ORDER BY search_key, id LIMIT ?",
        vec![prefix.into(), upper.into(), (limit as i64).into()],
    ))
    .all(db.conn())
    .await?)
}

pub async fn address(db: &Db, id: i64) -> Result<Option<Address>, DbError> {
    let b = db.conn().get_database_backend();
    Ok(Address::find_by_statement(raw(
        b,
        "SELECT id, street, housenumber, postcode, lat, lon FROM addresses WHERE id = ?",
        vec![id.into()],
    ))
    .one(db.conn())
    .await?)
}

/// Whether the register holds any address.
pub async fn has_addresses(db: &Db) -> Result<bool, DbError> {
    let b = db.conn().get_database_backend();
    Ok(
        Id::find_by_statement(raw(b, "SELECT id FROM addresses LIMIT 1", vec![]))
            .one(db.conn())
            .await?
            .is_some(),
    )
}
