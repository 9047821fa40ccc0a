//! The administration's departments (Fachbehörden), which own processes and
//! receive ideas.

use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryOrder, Set};

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

/// What belongs to a department: it can be removed only when all are zero
/// (or after moving them to another department).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, FromQueryResult)]
pub struct Usage {
    pub processes: i64,
    pub ideas: i64,
    pub staff: i64,
    pub documents: i64,
    /// Official answers and forwards on the record.
    pub records: i64,
}

impl Usage {
    pub fn is_empty(&self) -> bool {
        *self == Usage::default()
    }
}

pub async fn usage<C: ConnectionTrait>(conn: &C, id: i64) -> Result<Usage, DbError> {
    let b = conn.get_database_backend();
    let row = Usage::find_by_statement(crate::raw(
        b,
        "SELECT (SELECT COUNT(*) FROM processes WHERE department_id = ?) AS processes, \
         (SELECT COUNT(*) FROM ideas WHERE department_id = ?) AS ideas, \
         (SELECT COUNT(*) FROM users WHERE department_id = ?) AS staff, \
         (SELECT COUNT(*) FROM documents WHERE department_id = ?) AS documents, \
         (SELECT COUNT(*) FROM idea_answers WHERE department_id = ?) \
         + (SELECT COUNT(*) FROM idea_forwards WHERE from_department = ? OR to_department = ?) AS records",
        vec![id.into(); 7],
    ))
    .one(conn)
    .await?;
    Ok(row.unwrap_or_default())
}

/// Moves everything of department `from` to `to` (processes, ideas, staff,
/// documents, and the answers and forwards on the record, which then name
/// the department that took over) and removes `from`. False if `from` is
/// no department.
pub async fn remove(txn: &crate::Transaction, from: i64, to: Option<i64>) -> Result<bool, DbError> {
    let b = txn.get_database_backend();
    if let Some(to) = to {
        for sql in [
            "UPDATE processes SET department_id = ? WHERE department_id = ?",
            "UPDATE ideas SET department_id = ? WHERE department_id = ?",
            "UPDATE users SET department_id = ? WHERE department_id = ?",
            "UPDATE documents SET department_id = ? WHERE department_id = ?",
            "UPDATE idea_answers SET department_id = ? WHERE department_id = ?",
            "UPDATE idea_forwards SET from_department = ? WHERE from_department = ?",
            "UPDATE idea_forwards SET to_department = ? WHERE to_department = ?",
        ] {
            txn.execute_raw(crate::raw(b, sql, vec![to.into(), from.into()]))
                .await?;
        }
    }
    let res = txn
        .execute_raw(crate::raw(
            b,
            "DELETE FROM departments WHERE id = ?",
            vec![from.into()],
        ))
        .await?;
    Ok(res.rows_affected() == 1)
}
