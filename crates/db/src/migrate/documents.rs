//! Documents and publications: metadata and content hashes only; the files
//! themselves are in the file store, under their hash.

use sea_orm::sea_query::{ColumnDef, ForeignKeyAction, Index, Table};
use sea_orm::{DbBackend, Statement};

use super::{fk, id, timestamp};

pub(super) fn documents(b: DbBackend) -> Vec<Statement> {
    use ForeignKeyAction::{Cascade, Restrict, SetNull};
    vec![
        b.build(
            Table::create()
                .table("documents")
                .col(id())
                .col(ColumnDef::new("department_id").big_integer().not_null())
                .col(ColumnDef::new("title").string().not_null())
                .col(ColumnDef::new("description").text().not_null())
                .col(ColumnDef::new("language").string().not_null())
                .col(ColumnDef::new("doc_date").date().null())
                .col(ColumnDef::new("doc_type").string().not_null())
                .col(ColumnDef::new("current_version").integer().not_null())
                .col(ColumnDef::new("created_by").big_integer().null())
                .col(timestamp("created_at"))
                .col(timestamp("updated_at"))
                .col(
                    ColumnDef::new("withdrawn_at")
                        .timestamp_with_time_zone()
                        .null(),
                )
                .foreign_key(&mut fk(
                    "documents",
                    "department_id",
                    "departments",
                    Restrict,
                ))
                .foreign_key(&mut fk("documents", "created_by", "users", SetNull)),
        ),
        b.build(
            Index::create()
                .name("documents_listed")
                .table("documents")
                .col("withdrawn_at")
                .col("doc_date"),
        ),
        b.build(
            Table::create()
                .table("document_versions")
                .col(ColumnDef::new("document_id").big_integer().not_null())
                .col(ColumnDef::new("version").integer().not_null())
                .col(ColumnDef::new("content_hash").string().not_null())
                .col(ColumnDef::new("file_kind").string().not_null())
                .col(ColumnDef::new("size").big_integer().not_null())
                .col(ColumnDef::new("page_count").integer().null())
                .col(ColumnDef::new("has_preview").boolean().not_null())
                .col(ColumnDef::new("filename").string().not_null())
                .col(ColumnDef::new("created_by").big_integer().null())
                .col(timestamp("created_at"))
                .primary_key(Index::create().col("document_id").col("version"))
                .foreign_key(&mut fk(
                    "document_versions",
                    "document_id",
                    "documents",
                    Cascade,
                ))
                .foreign_key(&mut fk("document_versions", "created_by", "users", SetNull)),
        ),
        b.build(
            Index::create()
                .name("document_versions_hash")
                .table("document_versions")
                .col("content_hash"),
        ),
        // Subjects are generic (process, idea, survey): no foreign key on subject_id.
        b.build(
            Table::create()
                .table("document_links")
                .col(ColumnDef::new("document_id").big_integer().not_null())
                .col(ColumnDef::new("subject_kind").string().not_null())
                .col(ColumnDef::new("subject_id").big_integer().not_null())
                .primary_key(
                    Index::create()
                        .col("document_id")
                        .col("subject_kind")
                        .col("subject_id"),
                )
                .foreign_key(&mut fk(
                    "document_links",
                    "document_id",
                    "documents",
                    Cascade,
                )),
        ),
        b.build(
            Index::create()
                .name("document_links_subject")
                .table("document_links")
                .col("subject_kind")
                .col("subject_id"),
        ),
    ]
}
