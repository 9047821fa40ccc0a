//! Users, their one-time mail tokens, and the account actions that combine them.

use chrono::{DateTime, Duration, Utc};
use domain::Role;
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, ExprTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use crate::entities::{email_token, session, user};
use crate::error::is_unique_violation;
use crate::jobs::{self, NewJob};
use crate::{Db, DbError, Transaction, now};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub department_id: Option<i64>,
    pub email_verified: bool,
    pub created_at: DateTime<Utc>,
    /// The language mails to this person are written in.
    pub locale: String,
}

impl TryFrom<user::Model> for User {
    type Error = DbError;
    fn try_from(m: user::Model) -> Result<Self, DbError> {
        let role = Role::parse(&m.role).ok_or_else(|| {
            DbError::Corrupt(format!("user {} has unknown role {}", m.id, m.role))
        })?;
        Ok(User {
            id: m.id,
            email: m.email,
            display_name: m.display_name,
            password_hash: m.password_hash,
            role,
            department_id: m.department_id,
            email_verified: m.email_verified_at.is_some(),
            created_at: m.created_at,
            locale: m.locale,
        })
    }
}

pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub department_id: Option<i64>,
    pub verified: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    VerifyEmail,
    ResetPassword,
    ChangeEmail,
}

impl TokenPurpose {
    fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::VerifyEmail => "verify",
            TokenPurpose::ResetPassword => "reset",
            TokenPurpose::ChangeEmail => "change_email",
        }
    }
}

/// A token to store: the caller keeps the secret and mails it, we keep its hash.
pub struct NewToken {
    pub hash: String,
    pub purpose: TokenPurpose,
    pub new_email: Option<String>,
    pub ttl: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    #[error("email address already registered")]
    DuplicateEmail,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sea_orm::DbErr> for CreateUserError {
    fn from(e: sea_orm::DbErr) -> Self {
        if is_unique_violation(&e) {
            CreateUserError::DuplicateEmail
        } else {
            CreateUserError::Db(e.into())
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("unknown token")]
    Unknown,
    #[error("token expired")]
    Expired,
    #[error("token already used")]
    Used,
    #[error("the new address belongs to another account")]
    EmailTaken,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sea_orm::DbErr> for TokenError {
    fn from(e: sea_orm::DbErr) -> Self {
        TokenError::Db(e.into())
    }
}

async fn insert_user<C: ConnectionTrait>(conn: &C, u: NewUser) -> Result<User, CreateUserError> {
    let t = now();
    let m = user::ActiveModel {
        email: Set(u.email),
        display_name: Set(u.display_name),
        password_hash: Set(u.password_hash),
        role: Set(u.role.as_str().to_owned()),
        department_id: Set(u.department_id),
        email_verified_at: Set(u.verified.then_some(t)),
        created_at: Set(t),
        updated_at: Set(t),
        locale: Set("de".to_owned()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(m.try_into()?)
}

async fn insert_token<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    token: NewToken,
) -> Result<(), DbError> {
    let t = now();
    email_token::ActiveModel {
        token_hash: Set(token.hash),
        user_id: Set(user_id),
        purpose: Set(token.purpose.as_str().to_owned()),
        new_email: Set(token.new_email),
        created_at: Set(t),
        expires_at: Set(t + token.ttl),
        used_at: Set(None),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Creates an account directly (administrators, the command line, the demo).
pub async fn create(db: &Db, u: NewUser) -> Result<User, CreateUserError> {
    insert_user(&db.conn, u).await
}

/// Creates an account inside a command's transaction.
pub async fn create_in<C: ConnectionTrait>(conn: &C, u: NewUser) -> Result<User, CreateUserError> {
    insert_user(conn, u).await
}

/// Registers a citizen: the account, its verification token and the mail that
/// carries it are written together or not at all.
pub async fn register(
    txn: &Transaction,
    u: NewUser,
    make_token: impl FnOnce(&User) -> (NewToken, NewJob),
) -> Result<User, CreateUserError> {
    let user = insert_user(txn, u).await?;
    let (token, job) = make_token(&user);
    insert_token(txn, user.id, token).await?;
    jobs::enqueue(txn, job).await?;
    Ok(user)
}

/// Stores a token for an existing account together with the mail that carries it.
pub async fn issue_token(
    txn: &Transaction,
    user_id: i64,
    token: NewToken,
    job: NewJob,
) -> Result<(), DbError> {
    insert_token(txn, user_id, token).await?;
    jobs::enqueue(txn, job).await?;
    Ok(())
}

pub async fn by_email(db: &Db, email: &str) -> Result<Option<User>, DbError> {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&db.conn)
        .await?
        .map(User::try_from)
        .transpose()
}

pub async fn by_id(db: &Db, id: i64) -> Result<Option<User>, DbError> {
    user::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .map(User::try_from)
        .transpose()
}

/// Looks a token up without using it, to tell early whether a link still works.
pub async fn check_token(db: &Db, hash: &str, purpose: TokenPurpose) -> Result<(), TokenError> {
    let t = email_token::Entity::find_by_id(hash.to_owned())
        .one(&db.conn)
        .await?;
    validate_token(t.as_ref(), purpose).map(|_| ())
}

fn validate_token(
    t: Option<&email_token::Model>,
    purpose: TokenPurpose,
) -> Result<&email_token::Model, TokenError> {
    let t = t
        .filter(|t| t.purpose == purpose.as_str())
        .ok_or(TokenError::Unknown)?;
    if t.used_at.is_some() {
        return Err(TokenError::Used);
    }
    if t.expires_at < now() {
        return Err(TokenError::Expired);
    }
    Ok(t)
}

/// Marks a token used inside `txn`. The conditional update makes two concurrent
/// uses of the same link end with exactly one success.
async fn consume_token<C: ConnectionTrait>(
    txn: &C,
    hash: &str,
    purpose: TokenPurpose,
) -> Result<email_token::Model, TokenError> {
    let t = email_token::Entity::find_by_id(hash.to_owned())
        .one(txn)
        .await?;
    let t = validate_token(t.as_ref(), purpose)?.clone();
    let res = email_token::Entity::update_many()
        .col_expr(email_token::Column::UsedAt, Expr::value(now()))
        .filter(email_token::Column::TokenHash.eq(hash))
        .filter(email_token::Column::UsedAt.is_null())
        .exec(txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(TokenError::Used);
    }
    Ok(t)
}

async fn reload<C: ConnectionTrait>(conn: &C, id: i64) -> Result<User, DbError> {
    user::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| DbError::Corrupt(format!("user {id} vanished")))?
        .try_into()
}

pub async fn verify_email(txn: &Transaction, hash: &str) -> Result<User, TokenError> {
    let t = consume_token(txn, hash, TokenPurpose::VerifyEmail).await?;
    user::Entity::update_many()
        .col_expr(user::Column::EmailVerifiedAt, Expr::value(now()))
        .filter(user::Column::Id.eq(t.user_id))
        .filter(user::Column::EmailVerifiedAt.is_null())
        .exec(txn)
        .await?;
    let u = reload(txn, t.user_id).await?;
    Ok(u)
}

pub async fn confirm_email_change(txn: &Transaction, hash: &str) -> Result<User, TokenError> {
    let t = consume_token(txn, hash, TokenPurpose::ChangeEmail).await?;
    let new_email = t.new_email.clone().ok_or(TokenError::Unknown)?;
    let t_now = now();
    let res = user::Entity::update_many()
        .col_expr(user::Column::Email, Expr::value(new_email))
        .col_expr(user::Column::EmailVerifiedAt, Expr::value(t_now))
        .col_expr(user::Column::UpdatedAt, Expr::value(t_now))
        .filter(user::Column::Id.eq(t.user_id))
        .exec(txn)
        .await;
    match res {
        Err(e) if is_unique_violation(&e) => return Err(TokenError::EmailTaken),
        r => r?,
    };
    let u = reload(txn, t.user_id).await?;
    Ok(u)
}

/// Sets a new password through a reset link and ends every session of the
/// account: whoever knew the old password is logged out.
pub async fn reset_password(
    txn: &Transaction,
    hash: &str,
    password_hash: String,
) -> Result<User, TokenError> {
    let t = consume_token(txn, hash, TokenPurpose::ResetPassword).await?;
    let t_now = now();
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(password_hash))
        .col_expr(user::Column::UpdatedAt, Expr::value(t_now))
        .filter(user::Column::Id.eq(t.user_id))
        .exec(txn)
        .await?;
    // Receiving the mail proves the address as well.
    user::Entity::update_many()
        .col_expr(user::Column::EmailVerifiedAt, Expr::value(t_now))
        .filter(user::Column::Id.eq(t.user_id))
        .filter(user::Column::EmailVerifiedAt.is_null())
        .exec(txn)
        .await?;
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(t.user_id))
        .exec(txn)
        .await?;
    // Every other reset link of the account ends with this one: an older
    // mail that someone else read must not set the password again.
    end_reset_links(txn, t.user_id).await?;
    let u = reload(txn, t.user_id).await?;
    Ok(u)
}

pub async fn update_display_name(txn: &Transaction, id: i64, name: &str) -> Result<(), DbError> {
    user::Entity::update_many()
        .col_expr(user::Column::DisplayName, Expr::value(name))
        .col_expr(user::Column::UpdatedAt, Expr::value(now()))
        .filter(user::Column::Id.eq(id))
        .exec(txn)
        .await?;
    Ok(())
}

/// Changes a password and ends every other session of the account.
/// Marks every unused reset link of an account as used: the password it
/// would set has been set, or chosen anew by the person themselves.
async fn end_reset_links(txn: &Transaction, user_id: i64) -> Result<(), DbError> {
    email_token::Entity::update_many()
        .col_expr(email_token::Column::UsedAt, Expr::value(now()))
        .filter(email_token::Column::UserId.eq(user_id))
        .filter(email_token::Column::Purpose.eq(TokenPurpose::ResetPassword.as_str()))
        .filter(email_token::Column::UsedAt.is_null())
        .exec(txn)
        .await?;
    Ok(())
}

/// A new password chosen in the settings: other sessions and pending reset
/// links of the account end.
pub async fn update_password(
    txn: &Transaction,
    id: i64,
    password_hash: String,
    keep_session: &str,
) -> Result<(), DbError> {
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(password_hash))
        .col_expr(user::Column::UpdatedAt, Expr::value(now()))
        .filter(user::Column::Id.eq(id))
        .exec(txn)
        .await?;
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(id))
        .filter(session::Column::Id.ne(keep_session))
        .exec(txn)
        .await?;
    end_reset_links(txn, id).await
}

pub struct UserPage {
    pub users: Vec<User>,
    pub total: u64,
    pub pages: u64,
}

/// One page of users, optionally narrowed to those whose address or name
/// contains `search` (case-insensitive on both databases) and to one role.
pub async fn list(
    db: &Db,
    search: Option<&str>,
    role: Option<Role>,
    page: u64,
    per_page: u64,
) -> Result<UserPage, DbError> {
    // Deleted accounts are no one to administer.
    let mut q = user::Entity::find()
        .filter(user::Column::Email.not_like("deleted:%"))
        .order_by_asc(user::Column::Id);
    if let Some(r) = role {
        q = q.filter(user::Column::Role.eq(r.as_str()));
    }
    if let Some(s) = search.map(str::trim).filter(|s| !s.is_empty()) {
        let pattern = format!("%{}%", escape_like(&s.to_lowercase()));
        q = q.filter(
            Condition::any()
                .add(Expr::col(user::Column::Email).like(pattern.clone()))
                .add(Expr::expr(Func::lower(Expr::col(user::Column::DisplayName))).like(pattern)),
        );
    }
    let paginator = q.paginate(&db.conn, Ord::max(per_page, 1));
    let counts = paginator.num_items_and_pages().await?;
    let users = paginator
        .fetch_page(page)
        .await?
        .into_iter()
        .map(User::try_from)
        .collect::<Result<_, _>>()?;
    Ok(UserPage {
        users,
        total: counts.number_of_items,
        pages: counts.number_of_pages,
    })
}

/// LIKE treats % and _ as wildcards. A search is for words, so they are dropped
/// rather than escaped (the escape syntax differs between the databases).
fn escape_like(s: &str) -> String {
    s.replace(['%', '_'], "")
}

/// Gives a user a role; a department is kept only for staff.
pub async fn set_role(
    txn: &Transaction,
    id: i64,
    role: Role,
    department_id: Option<i64>,
) -> Result<bool, DbError> {
    let department_id = if role.needs_department() {
        department_id
    } else {
        None
    };
    let res = user::Entity::update_many()
        .col_expr(user::Column::Role, Expr::value(role.as_str()))
        .col_expr(user::Column::DepartmentId, Expr::value(department_id))
        .col_expr(user::Column::UpdatedAt, Expr::value(now()))
        .filter(user::Column::Id.eq(id))
        .exec(txn)
        .await?;
    Ok(res.rows_affected == 1)
}

pub async fn count_admins(db: &Db) -> Result<u64, DbError> {
    Ok(user::Entity::find()
        .filter(user::Column::Role.eq(Role::Admin.as_str()))
        .count(&db.conn)
        .await?)
}

/// Remembers the language a person uses, for the mails sent to them later.
pub async fn set_locale(txn: &Transaction, id: i64, locale: &str) -> Result<(), DbError> {
    user::Entity::update_many()
        .col_expr(user::Column::Locale, Expr::value(locale))
        .filter(user::Column::Id.eq(id))
        .filter(user::Column::Locale.ne(locale))
        .exec(txn)
        .await?;
    Ok(())
}
