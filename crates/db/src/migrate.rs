//! Versioned schema migrations, written once with the query builder so that the
//! same definitions produce SQLite and PostgreSQL DDL. A migration, once
//! released, is never edited: a change is a new migration.

use sea_orm::sea_query::{ColumnDef, ForeignKey, ForeignKeyAction, Index, Table};
use sea_orm::{ConnectionTrait, DbBackend, Statement, TransactionTrait};

use crate::{Db, DbResult, raw};

pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    up: fn(DbBackend) -> Vec<Statement>,
}

pub const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    name: "accounts",
    up: accounts,
}];

/// An arbitrary constant: the key of the PostgreSQL advisory lock that keeps two
/// instances starting at once from migrating twice.
const MIGRATION_LOCK: i64 = 0x6d69_7472_6564;

pub(crate) async fn run(db: &Db) -> DbResult<usize> {
    let b = db.conn.get_database_backend();
    let txn = db.conn.begin().await?;
    if b == DbBackend::Postgres {
        txn.execute_raw(raw(
            b,
            "SELECT pg_advisory_xact_lock(?)",
            vec![MIGRATION_LOCK.into()],
        ))
        .await?;
    }
    txn.execute(
        Table::create()
            .table("schema_migrations")
            .if_not_exists()
            .col(
                ColumnDef::new("version")
                    .big_integer()
                    .not_null()
                    .primary_key(),
            )
            .col(ColumnDef::new("name").string().not_null())
            .col(
                ColumnDef::new("applied_at")
                    .timestamp_with_time_zone()
                    .not_null(),
            ),
    )
    .await?;
    let applied: Vec<i64> = txn
        .query_all_raw(raw(b, "SELECT version FROM schema_migrations", vec![]))
        .await?
        .iter()
        .map(|r| r.try_get::<i64>("", "version"))
        .collect::<Result<_, _>>()?;
    let mut count = 0;
    for m in MIGRATIONS.iter().filter(|m| !applied.contains(&m.version)) {
        for stmt in (m.up)(b) {
            txn.execute_raw(stmt).await?;
        }
        txn.execute_raw(raw(
            b,
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
            vec![m.version.into(), m.name.into(), crate::now().into()],
        ))
        .await?;
        tracing::info!(version = m.version, name = m.name, "applied migration");
        count += 1;
    }
    txn.commit().await?;
    Ok(count)
}

fn id() -> ColumnDef {
    ColumnDef::new("id")
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .take()
}

fn timestamp(name: &'static str) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .not_null()
        .take()
}

fn accounts(b: DbBackend) -> Vec<Statement> {
    vec![
        b.build(
            Table::create()
                .table("departments")
                .col(id())
                .col(ColumnDef::new("name").string().not_null().unique_key())
                .col(timestamp("created_at")),
        ),
        b.build(
            Table::create()
                .table("users")
                .col(id())
                .col(ColumnDef::new("email").string().not_null().unique_key())
                .col(ColumnDef::new("display_name").string().not_null())
                .col(ColumnDef::new("password_hash").string().not_null())
                .col(ColumnDef::new("role").string().not_null())
                .col(ColumnDef::new("department_id").big_integer().null())
                .col(
                    ColumnDef::new("email_verified_at")
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(timestamp("created_at"))
                .col(timestamp("updated_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("users", "department_id")
                        .to("departments", "id")
                        .on_delete(ForeignKeyAction::SetNull),
                ),
        ),
        b.build(
            Table::create()
                .table("sessions")
                .col(ColumnDef::new("id").string().not_null().primary_key())
                .col(ColumnDef::new("user_id").big_integer().not_null())
                .col(timestamp("created_at"))
                .col(timestamp("expires_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("sessions", "user_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                ),
        ),
        b.build(
            Index::create()
                .name("sessions_user")
                .table("sessions")
                .col("user_id"),
        ),
        b.build(
            Table::create()
                .table("email_tokens")
                .col(
                    ColumnDef::new("token_hash")
                        .string()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new("user_id").big_integer().not_null())
                .col(ColumnDef::new("purpose").string().not_null())
                .col(ColumnDef::new("new_email").string().null())
                .col(timestamp("created_at"))
                .col(timestamp("expires_at"))
                .col(ColumnDef::new("used_at").timestamp_with_time_zone().null())
                .foreign_key(
                    ForeignKey::create()
                        .from("email_tokens", "user_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                ),
        ),
        b.build(
            Table::create()
                .table("throttles")
                .col(ColumnDef::new("key").string().not_null().primary_key())
                .col(ColumnDef::new("count").big_integer().not_null())
                .col(timestamp("expires_at")),
        ),
        b.build(
            Table::create()
                .table("jobs")
                .col(id())
                .col(ColumnDef::new("kind").string().not_null())
                .col(ColumnDef::new("payload").text().not_null())
                .col(ColumnDef::new("attempts").integer().not_null().default(0))
                .col(timestamp("run_at"))
                .col(
                    ColumnDef::new("locked_until")
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new("failed_at")
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(ColumnDef::new("last_error").text().null())
                .col(timestamp("created_at")),
        ),
        b.build(Index::create().name("jobs_due").table("jobs").col("run_at")),
    ]
}
