use sea_orm::entity::prelude::*;

/// An uploaded picture, stored in the database in two sizes so that every
/// instance can serve it.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "images")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub content_type: String,
    pub width: i32,
    pub height: i32,
    pub large: Vec<u8>,
    pub small: Vec<u8>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
