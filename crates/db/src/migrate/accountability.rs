//! Version 23: what a process promises about answers (the days after the end
//! of its participation phase within which the administration answers, and
//! the supports from which an idea must be answered), and the reminders
//! already mailed to the staff before an idea's deadline (one per idea, so a
//! second run or a second instance sends none again).

use sea_orm::sea_query::{ColumnDef, ForeignKeyAction, Table};
use sea_orm::{DbBackend, Statement};

use super::{counter, fk, timestamp};

pub(super) fn up(b: DbBackend) -> Vec<Statement> {
    // SQLite adds one column per ALTER TABLE.
    vec![
        b.build(
            Table::alter()
                .table("processes")
                .add_column(ColumnDef::new("answer_days").integer().null()),
        ),
        b.build(
            Table::alter()
                .table("processes")
                .add_column(counter("answer_threshold")),
        ),
        b.build(
            Table::create()
                .table("answer_reminders")
                .col(
                    ColumnDef::new("idea_id")
                        .big_integer()
                        .not_null()
                        .primary_key(),
                )
                .col(timestamp("sent_at"))
                .foreign_key(&mut fk(
                    "answer_reminders",
                    "idea_id",
                    "ideas",
                    ForeignKeyAction::Cascade,
                )),
        ),
    ]
}
