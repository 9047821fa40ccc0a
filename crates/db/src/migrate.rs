//! Versioned schema migrations, written once with the query builder so that the
//! same definitions produce SQLite and PostgreSQL DDL. A migration, once
//! released, is never edited: a change is a new migration. Each applied
//! migration's checksum is recorded, and a start whose migrations differ from
//! what was applied stops rather than run on a schema it does not describe.

use sea_orm::sea_query::{
    ColumnDef, ForeignKey, ForeignKeyAction, ForeignKeyCreateStatement, Index, Table,
};
use sea_orm::{
    ConnectionTrait, DatabaseTransaction, DbBackend, FromQueryResult, Statement, TransactionTrait,
};
use sha2::{Digest, Sha256};

use crate::{Db, DbError, DbResult, count, raw};

mod accountability;
pub(crate) mod activity;
mod api_tokens;
mod audit_log;
mod documents;
mod federation;
mod footprints;
mod held_ideas;
mod holds_and_suspensions;
mod idea_moderation;
mod idea_withdrawal;
mod maps;
mod moderation;
mod notifications;
mod opinion_maps;
mod opinion_votes_changed;
mod remote_actors;
mod search_rowids;
mod site_pages;
mod site_secrets;
mod site_settings;
mod survey_anonymity;
mod survey_answers_by_answer;
mod survey_results;
mod surveys;

pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    up: fn(DbBackend) -> Vec<Statement>,
}

pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "accounts",
        up: accounts,
    },
    Migration {
        version: 2,
        name: "processes and discussions",
        up: processes,
    },
    Migration {
        version: 3,
        name: "ideas",
        up: ideas,
    },
    Migration {
        version: 4,
        name: "surveys",
        up: surveys::up,
    },
    Migration {
        version: 5,
        name: "documents",
        up: documents::documents,
    },
    Migration {
        version: 6,
        name: "search entries by rowid",
        up: search_rowids::search_rowids,
    },
    Migration {
        version: 7,
        name: "survey results",
        up: survey_results::up,
    },
    Migration {
        version: 8,
        name: "footprints",
        up: footprints::up,
    },
    Migration {
        version: 9,
        name: "survey answers by answer",
        up: survey_answers_by_answer::up,
    },
    Migration {
        version: 10,
        name: "survey anonymity",
        up: survey_anonymity::up,
    },
    Migration {
        version: 11,
        name: "site secrets",
        up: site_secrets::up,
    },
    Migration {
        version: 12,
        name: "opinion maps",
        up: opinion_maps::up,
    },
    Migration {
        version: 13,
        name: "maps and addresses",
        up: maps::up,
    },
    Migration {
        version: 14,
        name: "site settings",
        up: site_settings::up,
    },
    Migration {
        version: 15,
        name: "idea withdrawal and repeated survey answers",
        up: idea_withdrawal::up,
    },
    Migration {
        version: 16,
        name: "remote actors",
        up: remote_actors::up,
    },
    Migration {
        version: 17,
        name: "site pages",
        up: site_pages::up,
    },
    Migration {
        version: 18,
        name: "audit log",
        up: audit_log::up,
    },
    Migration {
        version: 19,
        name: "reports and moderation decisions",
        up: moderation::up,
    },
    Migration {
        version: 20,
        name: "held contributions and suspensions",
        up: holds_and_suspensions::up,
    },
    Migration {
        version: 21,
        name: "notifications",
        up: notifications::up,
    },
    Migration {
        version: 22,
        name: "federation",
        up: federation::up,
    },
    Migration {
        version: 23,
        name: "answer deadlines and reminders",
        up: accountability::up,
    },
    Migration {
        version: 24,
        name: "api tokens",
        up: api_tokens::up,
    },
    Migration {
        version: 25,
        name: "opinion votes by change",
        up: opinion_votes_changed::up,
    },
    Migration {
        version: 26,
        name: "hidden ideas",
        up: idea_moderation::up,
    },
    Migration {
        version: 27,
        name: "held ideas and moderated statements",
        up: held_ideas::up,
    },
    Migration {
        version: 28,
        name: "dashboard activity",
        up: activity::up,
    },
];

/// The migration from which surveys are found by the search.
const SURVEYS_SEARCHABLE: i64 = 14;

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
    add_checksum_column(&txn).await?;
    let applied = Applied::find_by_statement(raw(
        b,
        "SELECT version, checksum FROM schema_migrations",
        vec![],
    ))
    .all(&txn)
    .await?;
    for a in &applied {
        // A version this build does not know was applied by a newer one; it
        // is that build's to check.
        let Some(m) = MIGRATIONS.iter().find(|m| m.version == a.version) else {
            continue;
        };
        let computed = m.checksum(b);
        match &a.checksum {
            Some(recorded) if *recorded != computed => {
                return Err(DbError::MigrationChanged {
                    version: m.version,
                    name: m.name,
                    recorded: recorded.clone(),
                    computed,
                });
            }
            Some(_) => {}
            // Applied before checksums were recorded: what this build says
            // is all there is to go by, so it becomes the record.
            None => {
                txn.execute_raw(raw(
                    b,
                    "UPDATE schema_migrations SET checksum = ? WHERE version = ?",
                    vec![computed.into(), m.version.into()],
                ))
                .await?;
            }
        }
    }
    let mut count = 0;
    for m in MIGRATIONS
        .iter()
        .filter(|m| !applied.iter().any(|a| a.version == m.version))
    {
        for stmt in (m.up)(b) {
            txn.execute_raw(stmt).await?;
        }
        if m.version == SURVEYS_SEARCHABLE {
            // The German word stems of SQLite's index are computed in Rust,
            // so surveys published before are indexed here, not in SQL.
            crate::surveys::reindex_published(&txn).await?;
        }
        txn.execute_raw(raw(
            b,
            "INSERT INTO schema_migrations (version, name, applied_at, checksum) VALUES (?, ?, ?, ?)",
            vec![
                m.version.into(),
                m.name.into(),
                crate::now().into(),
                m.checksum(b).into(),
            ],
        ))
        .await?;
        tracing::info!(version = m.version, name = m.name, "applied migration");
        count += 1;
    }
    txn.commit().await?;
    Ok(count)
}

#[derive(FromQueryResult)]
struct Applied {
    version: i64,
    checksum: Option<String>,
}

/// Upgrades a migrations table from before checksums. SQLite cannot add a
/// column only if it is missing, so both databases ask their catalog first.
async fn add_checksum_column(txn: &DatabaseTransaction) -> DbResult<()> {
    let b = txn.get_database_backend();
    let sql = match b {
        DbBackend::Postgres => {
            "SELECT COUNT(*) AS n FROM information_schema.columns WHERE table_schema = current_schema() \
             AND table_name = 'schema_migrations' AND column_name = 'checksum'"
        }
        _ => {
            "SELECT COUNT(*) AS n FROM pragma_table_info('schema_migrations') WHERE name = 'checksum'"
        }
    };
    if count(txn, raw(b, sql, vec![])).await? == 0 {
        txn.execute(
            Table::alter()
                .table("schema_migrations")
                .add_column(ColumnDef::new("checksum").string().null()),
        )
        .await?;
    }
    Ok(())
}

impl Migration {
    /// SHA-256 (hex) of the statements this migration runs on `backend`: an
    /// edit that changes what it does changes the checksum, while other
    /// backends' SQL, comments and formatting of the source do not matter.
    /// An upgrade of the query builder that writes an old migration's SQL
    /// differently shows as a change too; once the difference is known to be
    /// only one of form, setting that row's checksum to NULL records the new one.
    pub fn checksum(&self, backend: DbBackend) -> String {
        let mut h = Sha256::new();
        for stmt in (self.up)(backend) {
            h.update(stmt.sql.as_bytes());
            if let Some(values) = &stmt.values {
                h.update(format!("{values:?}").as_bytes());
            }
            // Keeps ["ab", "c"] apart from ["a", "bc"].
            h.update([0]);
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

pub(super) fn id() -> ColumnDef {
    ColumnDef::new("id")
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .take()
}

pub(super) fn timestamp(name: &'static str) -> ColumnDef {
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

pub(super) fn date(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).date().null().take()
}

pub(super) fn counter(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).integer().not_null().default(0).take()
}

fn processes(b: DbBackend) -> Vec<Statement> {
    let mut v = vec![
        b.build(
            Table::create()
                .table("images")
                .col(id())
                .col(ColumnDef::new("content_type").string().not_null())
                .col(ColumnDef::new("width").integer().not_null())
                .col(ColumnDef::new("height").integer().not_null())
                .col(ColumnDef::new("large").blob().not_null())
                .col(ColumnDef::new("small").blob().not_null())
                .col(timestamp("created_at")),
        ),
        b.build(
            Table::create()
                .table("processes")
                .col(id())
                .col(ColumnDef::new("department_id").big_integer().not_null())
                .col(ColumnDef::new("title").string().not_null())
                .col(ColumnDef::new("summary").text().not_null())
                .col(ColumnDef::new("description_md").text().not_null())
                .col(ColumnDef::new("description_html").text().not_null())
                .col(ColumnDef::new("status").string().not_null())
                .col(ColumnDef::new("image_id").big_integer().null())
                .col(ColumnDef::new("image_alt").string().null())
                .col(date("information_from"))
                .col(date("information_until"))
                .col(date("participation_from"))
                .col(date("participation_until"))
                .col(date("evaluation_from"))
                .col(date("evaluation_until"))
                .col(date("result_from"))
                .col(date("result_until"))
                .col(date("starts_on"))
                .col(date("ends_on"))
                .col(counter("comment_count"))
                .col(ColumnDef::new("created_by").big_integer().null())
                .col(timestamp("created_at"))
                .col(timestamp("updated_at"))
                .col(
                    ColumnDef::new("published_at")
                        .timestamp_with_time_zone()
                        .null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("processes", "department_id")
                        .to("departments", "id")
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("processes", "image_id")
                        .to("images", "id")
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("processes", "created_by")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::SetNull),
                ),
        ),
        b.build(
            Index::create()
                .name("processes_status_start")
                .table("processes")
                .col("status")
                .col("starts_on"),
        ),
        b.build(
            Index::create()
                .name("processes_department")
                .table("processes")
                .col("department_id"),
        ),
        b.build(
            Table::create()
                .table("process_tags")
                .col(ColumnDef::new("process_id").big_integer().not_null())
                .col(ColumnDef::new("tag").string().not_null())
                .primary_key(Index::create().col("process_id").col("tag"))
                .foreign_key(
                    ForeignKey::create()
                        .from("process_tags", "process_id")
                        .to("processes", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                ),
        ),
        b.build(
            Index::create()
                .name("process_tags_tag")
                .table("process_tags")
                .col("tag"),
        ),
        b.build(
            Table::create()
                .table("comments")
                .col(id())
                .col(ColumnDef::new("subject_kind").string().not_null())
                .col(ColumnDef::new("subject_id").big_integer().not_null())
                .col(ColumnDef::new("parent_id").big_integer().null())
                .col(ColumnDef::new("root_id").big_integer().null())
                .col(ColumnDef::new("depth").integer().not_null())
                .col(ColumnDef::new("author_id").big_integer().not_null())
                .col(ColumnDef::new("body").text().not_null())
                .col(counter("agree_count"))
                .col(counter("disagree_count"))
                .col(counter("reply_count"))
                .col(timestamp("created_at"))
                .col(
                    ColumnDef::new("edited_at")
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new("deleted_at")
                        .timestamp_with_time_zone()
                        .null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("comments", "parent_id")
                        .to("comments", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("comments", "author_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                ),
        ),
        b.build(
            Index::create()
                .name("comments_subject")
                .table("comments")
                .col("subject_kind")
                .col("subject_id")
                .col("depth")
                .col("created_at"),
        ),
        b.build(
            Index::create()
                .name("comments_root")
                .table("comments")
                .col("root_id"),
        ),
        b.build(
            Table::create()
                .table("comment_reactions")
                .col(ColumnDef::new("comment_id").big_integer().not_null())
                .col(ColumnDef::new("user_id").big_integer().not_null())
                .col(ColumnDef::new("value").integer().not_null())
                .col(timestamp("created_at"))
                .primary_key(Index::create().col("comment_id").col("user_id"))
                .foreign_key(
                    ForeignKey::create()
                        .from("comment_reactions", "comment_id")
                        .to("comments", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("comment_reactions", "user_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                ),
        ),
        b.build(
            Index::create()
                .name("comment_reactions_user")
                .table("comment_reactions")
                .col("user_id"),
        ),
    ];
    // Full-text search differs by database: FTS5 over stemmed terms on SQLite,
    // a tsvector with the german configuration on PostgreSQL.
    match b {
        DbBackend::Postgres => {
            v.push(Statement::from_string(
                b,
                "CREATE TABLE search_index (kind TEXT NOT NULL, ref_id BIGINT NOT NULL, \
                 process_id BIGINT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, \
                 document TSVECTOR NOT NULL, PRIMARY KEY (kind, ref_id))",
            ));
            v.push(Statement::from_string(
                b,
                "CREATE INDEX search_index_document ON search_index USING GIN (document)",
            ));
        }
        _ => {
            v.push(Statement::from_string(
                b,
                "CREATE VIRTUAL TABLE search_index USING fts5(kind UNINDEXED, ref_id UNINDEXED, \
                 process_id UNINDEXED, title UNINDEXED, body UNINDEXED, terms, \
                 tokenize = 'unicode61 remove_diacritics 2')",
            ));
        }
    }
    v
}

pub(super) fn fk(
    from_table: &'static str,
    from_col: &'static str,
    to: &'static str,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from_table, from_col)
        .to(to, "id")
        .on_delete(on_delete)
        .take()
}

fn ideas(b: DbBackend) -> Vec<Statement> {
    use ForeignKeyAction::{Cascade, Restrict, SetNull};
    vec![
        b.build(
            Table::alter().table("processes").add_column(
                ColumnDef::new("ideas_enabled")
                    .boolean()
                    .not_null()
                    .default(false),
            ),
        ),
        b.build(
            Table::alter().table("processes").add_column(
                ColumnDef::new("idea_categories")
                    .text()
                    .not_null()
                    .default(""),
            ),
        ),
        b.build(
            Table::alter()
                .table("processes")
                .add_column(counter("idea_count")),
        ),
        // The language a person last used, for the mails the platform sends them.
        b.build(
            Table::alter()
                .table("users")
                .add_column(ColumnDef::new("locale").string().not_null().default("de")),
        ),
        b.build(
            Table::create()
                .table("ideas")
                .col(id())
                .col(ColumnDef::new("process_id").big_integer().not_null())
                .col(ColumnDef::new("department_id").big_integer().not_null())
                .col(ColumnDef::new("author_id").big_integer().not_null())
                .col(ColumnDef::new("title").string().not_null())
                .col(ColumnDef::new("body_md").text().not_null())
                .col(ColumnDef::new("body_html").text().not_null())
                .col(ColumnDef::new("category").string().null())
                .col(ColumnDef::new("status").string().not_null())
                .col(ColumnDef::new("lat").double().null())
                .col(ColumnDef::new("lon").double().null())
                .col(ColumnDef::new("address").string().null())
                .col(counter("support_count"))
                .col(counter("comment_count"))
                .col(ColumnDef::new("version").integer().not_null().default(1))
                .col(timestamp("created_at"))
                .col(timestamp("updated_at"))
                .foreign_key(&mut fk("ideas", "process_id", "processes", Cascade))
                .foreign_key(&mut fk("ideas", "department_id", "departments", Restrict))
                .foreign_key(&mut fk("ideas", "author_id", "users", Cascade)),
        ),
        b.build(
            Index::create()
                .name("ideas_process")
                .table("ideas")
                .col("process_id")
                .col("created_at"),
        ),
        b.build(
            Index::create()
                .name("ideas_department")
                .table("ideas")
                .col("department_id")
                .col("status"),
        ),
        b.build(
            Table::create()
                .table("idea_images")
                .col(ColumnDef::new("idea_id").big_integer().not_null())
                .col(ColumnDef::new("position").integer().not_null())
                .col(ColumnDef::new("image_id").big_integer().not_null())
                .col(ColumnDef::new("alt").string().not_null())
                .primary_key(Index::create().col("idea_id").col("position"))
                .foreign_key(&mut fk("idea_images", "idea_id", "ideas", Cascade))
                .foreign_key(&mut fk("idea_images", "image_id", "images", Cascade)),
        ),
        b.build(
            Table::create()
                .table("idea_supports")
                .col(ColumnDef::new("idea_id").big_integer().not_null())
                .col(ColumnDef::new("user_id").big_integer().not_null())
                .col(timestamp("created_at"))
                .primary_key(Index::create().col("idea_id").col("user_id"))
                .foreign_key(&mut fk("idea_supports", "idea_id", "ideas", Cascade))
                .foreign_key(&mut fk("idea_supports", "user_id", "users", Cascade)),
        ),
        b.build(
            Table::create()
                .table("idea_follows")
                .col(ColumnDef::new("idea_id").big_integer().not_null())
                .col(ColumnDef::new("user_id").big_integer().not_null())
                .col(timestamp("created_at"))
                .primary_key(Index::create().col("idea_id").col("user_id"))
                .foreign_key(&mut fk("idea_follows", "idea_id", "ideas", Cascade))
                .foreign_key(&mut fk("idea_follows", "user_id", "users", Cascade)),
        ),
        b.build(
            Table::create()
                .table("idea_coauthors")
                .col(ColumnDef::new("idea_id").big_integer().not_null())
                .col(ColumnDef::new("user_id").big_integer().not_null())
                .col(timestamp("invited_at"))
                .col(
                    ColumnDef::new("accepted_at")
                        .timestamp_with_time_zone()
                        .null(),
                )
                .primary_key(Index::create().col("idea_id").col("user_id"))
                .foreign_key(&mut fk("idea_coauthors", "idea_id", "ideas", Cascade))
                .foreign_key(&mut fk("idea_coauthors", "user_id", "users", Cascade)),
        ),
        b.build(
            Table::create()
                .table("idea_versions")
                .col(ColumnDef::new("idea_id").big_integer().not_null())
                .col(ColumnDef::new("version").integer().not_null())
                .col(ColumnDef::new("title").string().not_null())
                .col(ColumnDef::new("body_md").text().not_null())
                .col(ColumnDef::new("author_id").big_integer().null())
                .col(ColumnDef::new("suggestion_id").big_integer().null())
                .col(timestamp("created_at"))
                .primary_key(Index::create().col("idea_id").col("version"))
                .foreign_key(&mut fk("idea_versions", "idea_id", "ideas", Cascade))
                .foreign_key(&mut fk("idea_versions", "author_id", "users", SetNull)),
        ),
        b.build(
            Table::create()
                .table("idea_suggestions")
                .col(id())
                .col(ColumnDef::new("idea_id").big_integer().not_null())
                .col(ColumnDef::new("author_id").big_integer().not_null())
                .col(ColumnDef::new("base_version").integer().not_null())
                .col(ColumnDef::new("title").string().not_null())
                .col(ColumnDef::new("body_md").text().not_null())
                .col(ColumnDef::new("note").text().not_null())
                .col(ColumnDef::new("status").string().not_null())
                .col(ColumnDef::new("decision_reason").text().null())
                .col(ColumnDef::new("decided_by").big_integer().null())
                .col(timestamp("created_at"))
                .col(
                    ColumnDef::new("decided_at")
                        .timestamp_with_time_zone()
                        .null(),
                )
                .foreign_key(&mut fk("idea_suggestions", "idea_id", "ideas", Cascade))
                .foreign_key(&mut fk("idea_suggestions", "author_id", "users", Cascade)),
        ),
        b.build(
            Table::create()
                .table("idea_answers")
                .col(id())
                .col(ColumnDef::new("idea_id").big_integer().not_null())
                .col(ColumnDef::new("status").string().not_null())
                .col(ColumnDef::new("body_md").text().not_null())
                .col(ColumnDef::new("body_html").text().not_null())
                .col(ColumnDef::new("department_id").big_integer().not_null())
                .col(ColumnDef::new("author_id").big_integer().null())
                .col(timestamp("created_at"))
                .foreign_key(&mut fk("idea_answers", "idea_id", "ideas", Cascade))
                .foreign_key(&mut fk(
                    "idea_answers",
                    "department_id",
                    "departments",
                    Restrict,
                ))
                .foreign_key(&mut fk("idea_answers", "author_id", "users", SetNull)),
        ),
        b.build(
            Index::create()
                .name("idea_answers_idea")
                .table("idea_answers")
                .col("idea_id"),
        ),
        b.build(
            Table::create()
                .table("idea_forwards")
                .col(id())
                .col(ColumnDef::new("idea_id").big_integer().not_null())
                .col(ColumnDef::new("from_department").big_integer().not_null())
                .col(ColumnDef::new("to_department").big_integer().not_null())
                .col(ColumnDef::new("user_id").big_integer().null())
                .col(ColumnDef::new("note").text().not_null())
                .col(timestamp("created_at"))
                .foreign_key(&mut fk("idea_forwards", "idea_id", "ideas", Cascade))
                .foreign_key(&mut fk(
                    "idea_forwards",
                    "from_department",
                    "departments",
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "idea_forwards",
                    "to_department",
                    "departments",
                    Restrict,
                ))
                .foreign_key(&mut fk("idea_forwards", "user_id", "users", SetNull)),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scratch;

    #[derive(FromQueryResult)]
    struct Recorded {
        version: i64,
        checksum: Option<String>,
    }

    async fn recorded(db: &Db) -> Vec<Recorded> {
        let b = db.conn.get_database_backend();
        Recorded::find_by_statement(raw(
            b,
            "SELECT version, checksum FROM schema_migrations ORDER BY version",
            vec![],
        ))
        .all(&db.conn)
        .await
        .expect("read the migrations table")
    }

    #[tokio::test]
    async fn an_edited_migration_stops_the_start_and_is_named() {
        let scratch = scratch::ScratchDb::new().await;
        let db = scratch.connect().await;
        db.migrate().await.expect("first start");
        assert_eq!(db.migrate().await.expect("a start that changes nothing"), 0);
        let b = db.conn.get_database_backend();
        db.conn
            .execute_raw(raw(
                b,
                "UPDATE schema_migrations SET checksum = ? WHERE version = ?",
                vec!["0".repeat(64).into(), 7i64.into()],
            ))
            .await
            .expect("tamper");

        let restarted = scratch.connect().await;
        let err = restarted.migrate().await.expect_err("the start must stop");
        assert!(
            matches!(err, DbError::MigrationChanged { version: 7, .. }),
            "{err:?}"
        );
        let msg = err.to_string();
        assert!(
            msg.starts_with("migration 7 (survey results) was changed after it was applied"),
            "{msg}"
        );
        assert!(msg.contains(&"0".repeat(64)), "{msg}");
        assert!(msg.contains(&MIGRATIONS[6].checksum(b)), "{msg}");
        assert!(msg.contains("write a new migration"), "{msg}");
        // It stops every time, not only once.
        assert!(restarted.migrate().await.is_err());
        restarted.close().await;
        db.close().await;
    }

    #[tokio::test]
    async fn migrations_applied_before_checksums_get_theirs_on_the_next_start() {
        let scratch = scratch::ScratchDb::new().await;
        let db = scratch.connect().await;
        db.migrate().await.expect("first start");
        let b = db.conn.get_database_backend();
        // The table as a build before checksums left it.
        db.conn
            .execute_raw(raw(
                b,
                "ALTER TABLE schema_migrations DROP COLUMN checksum",
                vec![],
            ))
            .await
            .expect("drop the column");

        assert_eq!(db.migrate().await.expect("upgrade quietly"), 0);
        let rows = recorded(&db).await;
        assert_eq!(rows.len(), MIGRATIONS.len());
        for (row, m) in rows.iter().zip(MIGRATIONS) {
            assert_eq!(row.version, m.version);
            assert_eq!(row.checksum.as_deref(), Some(m.checksum(b).as_str()));
        }
        // A checksum set back to NULL (how an operator accepts a migration
        // as it now is) is recorded again.
        db.conn
            .execute_raw(raw(
                b,
                "UPDATE schema_migrations SET checksum = NULL WHERE version = ?",
                vec![3i64.into()],
            ))
            .await
            .expect("forget one checksum");
        assert_eq!(db.migrate().await.expect("start"), 0);
        assert_eq!(
            recorded(&db).await[2].checksum.as_deref(),
            Some(MIGRATIONS[2].checksum(b).as_str())
        );
        db.close().await;
    }

    #[test]
    fn a_checksum_follows_the_statements_for_the_backend() {
        let m = &MIGRATIONS[0];
        let sqlite = m.checksum(DbBackend::Sqlite);
        assert_eq!(sqlite.len(), 64);
        assert!(sqlite.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(sqlite, m.checksum(DbBackend::Sqlite));
        assert_ne!(sqlite, m.checksum(DbBackend::Postgres));

        let edited = Migration {
            version: 1,
            name: "accounts",
            up: |b| {
                let mut v = accounts(b);
                v.pop();
                v
            },
        };
        assert_ne!(edited.checksum(DbBackend::Sqlite), sqlite);
        // Each migration's statements differ, so do their checksums.
        let mut all: Vec<String> = MIGRATIONS
            .iter()
            .map(|m| m.checksum(DbBackend::Postgres))
            .collect();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), MIGRATIONS.len());
    }
}
