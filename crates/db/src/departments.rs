//! The administration's departments (Fachbehörden), which own processes and
//! receive ideas.

use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, QueryOrder, Set};

use crate::entities::department;
use crate::error::is_unique_violation;
use crate::{Db, DbError, now};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Department {
    pub id: i64,
    pub name: String,
}

impl From<department::Model> for Department {
    fn from(m: department::Model) -> Self {
        Department {
            id: m.id,
            name: m.name,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CreateDepartmentError {
    #[error("a department of that name exists")]
    DuplicateName,
    #[error(transparent)]
    Db(#[from] DbError),
}

pub async fn create(db: &Db, name: &str) -> Result<Department, CreateDepartmentError> {
    create_in(&db.conn, name).await
}

/// Creates a department inside a command's transaction.
pub async fn create_in<C: ConnectionTrait>(
    conn: &C,
    name: &str,
) -> Result<Department, CreateDepartmentError> {
    let res = department::ActiveModel {
        name: Set(name.to_owned()),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(conn)
    .await;
    match res {
        Ok(m) => Ok(m.into()),
        Err(e) if is_unique_violation(&e) => Err(CreateDepartmentError::DuplicateName),
        Err(e) => Err(CreateDepartmentError::Db(e.into())),
    }
}

/// Gives a department a new name; false if there is no such department.
pub async fn rename(
    txn: &crate::Transaction,
    id: i64,
    name: &str,
) -> Result<bool, CreateDepartmentError> {
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, QueryFilter};
    let res = department::Entity::update_many()
        .col_expr(department::Column::Name, Expr::value(name))
        .filter(department::Column::Id.eq(id))
        .exec(txn)
        .await;
    match res {
        Ok(r) => Ok(r.rows_affected == 1),
        Err(e) if is_unique_violation(&e) => Err(CreateDepartmentError::DuplicateName),
        Err(e) => Err(CreateDepartmentError::Db(e.into())),
    }
}

pub async fn list(db: &Db) -> Result<Vec<Department>, DbError> {
    Ok(department::Entity::find()
        .order_by_asc(department::Column::Name)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(Department::from)
        .collect())
}

pub async fn by_id(db: &Db, id: i64) -> Result<Option<Department>, DbError> {
    Ok(department::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .map(Department::from))
}

pub async fn by_name(db: &Db, name: &str) -> Result<Option<Department>, DbError> {
    use sea_orm::{ColumnTrait, QueryFilter};
    Ok(department::Entity::find()
        .filter(department::Column::Name.eq(name))
        .one(&db.conn)
        .await?
        .map(Department::from))
}
