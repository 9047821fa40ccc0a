use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "processes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub department_id: i64,
    pub title: String,
    pub summary: String,
    pub description_md: String,
    pub description_html: String,
    pub status: String,
    pub image_id: Option<i64>,
    pub image_alt: Option<String>,
    pub information_from: Option<Date>,
    pub information_until: Option<Date>,
    pub participation_from: Option<Date>,
    pub participation_until: Option<Date>,
    pub evaluation_from: Option<Date>,
    pub evaluation_until: Option<Date>,
    pub result_from: Option<Date>,
    pub result_until: Option<Date>,
    pub starts_on: Option<Date>,
    pub ends_on: Option<Date>,
    pub comment_count: i32,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub published_at: Option<DateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
