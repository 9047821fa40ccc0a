//! Version 11: the installation's secret, made at random once, for keyed
//! hashes that must agree across every instance (rate-limit keys), and a new
//! start for the rate-limit counters, whose keys named addresses and IPs.

use sea_orm::sea_query::{ColumnDef, Table};
use sea_orm::{DbBackend, Statement};

pub(super) fn up(b: DbBackend) -> Vec<Statement> {
    let random = match b {
        DbBackend::Postgres => {
            "replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')"
        }
        _ => "lower(hex(randomblob(32)))",
    };
    vec![
        b.build(
            Table::create()
                .table("site_secrets")
                .col(ColumnDef::new("name").string().not_null().primary_key())
                .col(ColumnDef::new("value").string().not_null()),
        ),
        Statement::from_string(
            b,
            format!("INSERT INTO site_secrets (name, value) VALUES ('installation', {random})"),
        ),
        Statement::from_string(b, "DELETE FROM throttles"),
    ]
}
