//! Opinion maps: statements participants vote agree / disagree / pass on, the
//! participants (a person, or an anonymous browser session), their votes, and
//! the stored result of the last computation of groups.

use sea_orm::sea_query::{ColumnDef, ForeignKeyAction, Index, Table};
use sea_orm::{DbBackend, Statement};

use super::{counter, fk, id, timestamp};

pub(super) fn up(b: DbBackend) -> Vec<Statement> {
    use ForeignKeyAction::{Cascade, SetNull};
    vec![
        b.build(
            Table::create()
                .table("opinion_maps")
                .col(id())
                .col(ColumnDef::new("process_id").big_integer().not_null())
                .col(ColumnDef::new("title").string().not_null())
                .col(ColumnDef::new("description").text().not_null())
                .col(ColumnDef::new("open").boolean().not_null())
                .col(ColumnDef::new("pre_moderated").boolean().not_null())
                .col(ColumnDef::new("anonymous").boolean().not_null())
                // Every vote cast or changed, so a stored result tells how far behind it is.
                .col(
                    ColumnDef::new("votes_cast")
                        .big_integer()
                        .not_null()
                        .default(0),
                )
                .col(ColumnDef::new("created_by").big_integer().null())
                .col(timestamp("created_at"))
                .foreign_key(&mut fk("opinion_maps", "process_id", "processes", Cascade))
                .foreign_key(&mut fk("opinion_maps", "created_by", "users", SetNull)),
        ),
        b.build(
            Index::create()
                .name("opinion_maps_process")
                .table("opinion_maps")
                .col("process_id"),
        ),
        b.build(
            Table::create()
                .table("opinion_participants")
                .col(id())
                .col(ColumnDef::new("map_id").big_integer().not_null())
                .col(ColumnDef::new("user_id").big_integer().null())
                // SHA-256 of the anonymous browser's random key; never the key itself.
                .col(ColumnDef::new("session_hash").string().null())
                .col(timestamp("created_at"))
                .foreign_key(&mut fk(
                    "opinion_participants",
                    "map_id",
                    "opinion_maps",
                    Cascade,
                ))
                .foreign_key(&mut fk("opinion_participants", "user_id", "users", Cascade)),
        ),
        b.build(
            Index::create()
                .name("opinion_participants_user")
                .table("opinion_participants")
                .col("map_id")
                .col("user_id")
                .unique(),
        ),
        b.build(
            Index::create()
                .name("opinion_participants_session")
                .table("opinion_participants")
                .col("map_id")
                .col("session_hash")
                .unique(),
        ),
        b.build(
            Table::create()
                .table("opinion_statements")
                .col(id())
                .col(ColumnDef::new("map_id").big_integer().not_null())
                .col(ColumnDef::new("body").string_len(560).not_null())
                .col(ColumnDef::new("author_participant_id").big_integer().null())
                .col(ColumnDef::new("author_user_id").big_integer().null())
                .col(ColumnDef::new("seed").boolean().not_null())
                .col(ColumnDef::new("state").string().not_null())
                .col(counter("agrees"))
                .col(counter("disagrees"))
                .col(counter("passes"))
                .col(timestamp("created_at"))
                .foreign_key(&mut fk(
                    "opinion_statements",
                    "map_id",
                    "opinion_maps",
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "opinion_statements",
                    "author_participant_id",
                    "opinion_participants",
                    SetNull,
                ))
                .foreign_key(&mut fk(
                    "opinion_statements",
                    "author_user_id",
                    "users",
                    SetNull,
                )),
        ),
        b.build(
            Index::create()
                .name("opinion_statements_map")
                .table("opinion_statements")
                .col("map_id")
                .col("state")
                .col("id"),
        ),
        b.build(
            Table::create()
                .table("opinion_votes")
                .col(ColumnDef::new("map_id").big_integer().not_null())
                .col(ColumnDef::new("statement_id").big_integer().not_null())
                .col(ColumnDef::new("participant_id").big_integer().not_null())
                .col(ColumnDef::new("value").integer().not_null())
                .col(timestamp("created_at"))
                .col(timestamp("updated_at"))
                .primary_key(Index::create().col("participant_id").col("statement_id"))
                .foreign_key(&mut fk("opinion_votes", "map_id", "opinion_maps", Cascade))
                .foreign_key(&mut fk(
                    "opinion_votes",
                    "statement_id",
                    "opinion_statements",
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "opinion_votes",
                    "participant_id",
                    "opinion_participants",
                    Cascade,
                )),
        ),
        // The computation reads a map's votes in the order they were first cast.
        b.build(
            Index::create()
                .name("opinion_votes_map")
                .table("opinion_votes")
                .col("map_id")
                .col("created_at"),
        ),
        b.build(
            Table::create()
                .table("opinion_results")
                .col(
                    ColumnDef::new("map_id")
                        .big_integer()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new("state").text().not_null())
                .col(timestamp("computed_at"))
                .col(ColumnDef::new("vote_count").big_integer().not_null())
                .col(ColumnDef::new("votes_cast").big_integer().not_null())
                .foreign_key(&mut fk(
                    "opinion_results",
                    "map_id",
                    "opinion_maps",
                    Cascade,
                )),
        ),
    ]
}
