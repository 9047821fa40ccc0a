//! Version 18: the audit log of what staff, moderators and administrators
//! did. Append-only: triggers refuse every change and deletion, and each
//! entry holds the hash of the one before, so that a change made around the
//! triggers (by hand, as the database's owner) shows in `db::audit::verify`.

use sea_orm::sea_query::{ColumnDef, Index, Table};
use sea_orm::{DbBackend, Statement};

use super::{id, timestamp};

pub(super) fn up(b: DbBackend) -> Vec<Statement> {
    let mut s = vec![
        b.build(
            Table::create()
                .table("audit_log")
                .col(id())
                .col(timestamp("at"))
                .col(ColumnDef::new("actor_id").big_integer().null())
                .col(ColumnDef::new("action").string().not_null())
                .col(ColumnDef::new("subject").string().not_null())
                .col(ColumnDef::new("details").text().not_null())
                .col(ColumnDef::new("prev_hash").string().not_null())
                .col(ColumnDef::new("hash").string().not_null()),
        ),
        b.build(
            Index::create()
                .name("audit_log_by_action")
                .table("audit_log")
                .col("action"),
        ),
    ];
    let triggers: &[&str] = match b {
        DbBackend::Postgres => &[
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$",
            "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log \
             FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log \
             FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
        ],
        _ => &[
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log \
             BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
            "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log \
             BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
        ],
    };
    s.extend(triggers.iter().map(|t| Statement::from_string(b, *t)));
    s
}
