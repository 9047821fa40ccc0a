//! Version 13: the map's base layers (checked GeoJSON an administrator
//! uploaded) and the address register searched by a normalised key.

use sea_orm::sea_query::{ColumnDef, Index, Table};
use sea_orm::{DbBackend, Statement};

use super::{id, timestamp};

pub(super) fn up(b: DbBackend) -> Vec<Statement> {
    let mut key = ColumnDef::new("search_key");
    key.string().not_null();
    // Prefix search is a range over the key; PostgreSQL's default collation
    // would order it by language rules, which a byte range does not follow.
    if b == DbBackend::Postgres {
        key.extra("COLLATE \"C\"");
    }
    vec![
        b.build(
            Table::create()
                .table("map_layers")
                .col(id())
                .col(ColumnDef::new("kind").string().not_null())
                .col(ColumnDef::new("name").string().not_null())
                .col(ColumnDef::new("attribution").string().not_null())
                .col(ColumnDef::new("geojson").text().not_null())
                .col(ColumnDef::new("features").integer().not_null())
                .col(timestamp("created_at")),
        ),
        b.build(
            Table::create()
                .table("addresses")
                .col(id())
                .col(ColumnDef::new("street").string().not_null())
                .col(ColumnDef::new("housenumber").string().not_null())
                .col(ColumnDef::new("postcode").string().not_null())
                .col(ColumnDef::new("lat").double().not_null())
                .col(ColumnDef::new("lon").double().not_null())
                .col(&mut key),
        ),
        b.build(
            Index::create()
                .name("addresses_by_key")
                .table("addresses")
                .col("search_key")
                .col("id"),
        ),
    ]
}
