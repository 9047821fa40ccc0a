//! Participation processes: their text, phases, tags and header image.

use chrono::NaiveDate;
use chrono::{DateTime, Utc};
use domain::processes::{DateRange, Phases, Status};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseTransaction, FromQueryResult, Set, Statement, Value,
};

use crate::entities::{image, process};
use crate::{Db, DbError, count, now, raw, search};

#[derive(Debug, Clone)]
pub struct Process {
    pub id: i64,
    pub department_id: i64,
    pub department_name: String,
    pub title: String,
    pub summary: String,
    pub description_md: String,
    pub description_html: String,
    pub status: Status,
    pub image_id: Option<i64>,
    pub image_alt: Option<String>,
    pub phases: Phases,
    pub comment_count: i32,
    pub tags: Vec<String>,
    /// Whether citizens submit ideas here (while participation is open).
    pub ideas_enabled: bool,
    pub idea_categories: Vec<String>,
    pub idea_count: i32,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub published_at: Option<chrono::DateTime<chrono::Utc>>,
}

pub struct NewImage {
    pub content_type: String,
    pub width: i32,
    pub height: i32,
    pub large: Vec<u8>,
    pub small: Vec<u8>,
}

pub enum ImageChange {
    Keep,
    Remove,
    Replace(NewImage),
}

pub struct ProcessInput {
    pub department_id: i64,
    pub title: String,
    pub summary: String,
    pub description_md: String,
    /// The description rendered and sanitized by the caller.
    pub description_html: String,
    /// The description as plain text, for the search index.
    pub description_text: String,
    pub tags: Vec<String>,
    pub phases: Phases,
    pub image: ImageChange,
    pub image_alt: Option<String>,
    pub ideas_enabled: bool,
    pub idea_categories: Vec<String>,
}

const COLUMNS: &str = "p.id, p.department_id, d.name AS department_name, p.title, p.summary, \
    p.description_md, p.description_html, p.status, p.image_id, p.image_alt, \
    p.information_from, p.information_until, p.participation_from, p.participation_until, \
    p.evaluation_from, p.evaluation_until, p.result_from, p.result_until, p.comment_count, \
    p.created_at, p.updated_at, p.published_at, p.ideas_enabled, p.idea_categories, p.idea_count";

/// A row of `COLUMNS`.
#[derive(FromQueryResult)]
struct ProcessRow {
    id: i64,
    department_id: i64,
    department_name: String,
    title: String,
    summary: String,
    description_md: String,
    description_html: String,
    status: String,
    image_id: Option<i64>,
    image_alt: Option<String>,
    information_from: Option<NaiveDate>,
    information_until: Option<NaiveDate>,
    participation_from: Option<NaiveDate>,
    participation_until: Option<NaiveDate>,
    evaluation_from: Option<NaiveDate>,
    evaluation_until: Option<NaiveDate>,
    result_from: Option<NaiveDate>,
    result_until: Option<NaiveDate>,
    comment_count: i32,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    published_at: Option<DateTime<Utc>>,
    ideas_enabled: bool,
    idea_categories: String,
    idea_count: i32,
}

impl TryFrom<ProcessRow> for Process {
    type Error = DbError;

    fn try_from(r: ProcessRow) -> Result<Process, DbError> {
        let range = |from, until| DateRange { from, until };
        Ok(Process {
            id: r.id,
            department_id: r.department_id,
            department_name: r.department_name,
            title: r.title,
            summary: r.summary,
            description_md: r.description_md,
            description_html: r.description_html,
            status: Status::parse(&r.status)
                .ok_or_else(|| DbError::Corrupt(format!("process status {}", r.status)))?,
            image_id: r.image_id,
            image_alt: r.image_alt,
            phases: Phases {
                information: range(r.information_from, r.information_until),
                participation: range(r.participation_from, r.participation_until),
                evaluation: range(r.evaluation_from, r.evaluation_until),
                result: range(r.result_from, r.result_until),
            },
            comment_count: r.comment_count,
            tags: vec![],
            ideas_enabled: r.ideas_enabled,
            idea_categories: r
                .idea_categories
                .lines()
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            idea_count: r.idea_count,
            created_at: r.created_at,
            updated_at: r.updated_at,
            published_at: r.published_at,
        })
    }
}

async fn processes<C: ConnectionTrait>(conn: &C, stmt: Statement) -> Result<Vec<Process>, DbError> {
    let rows = ProcessRow::find_by_statement(stmt).all(conn).await?;
    rows.into_iter().map(Process::try_from).collect()
}

pub(crate) async fn insert_image(txn: &DatabaseTransaction, img: NewImage) -> Result<i64, DbError> {
    let m = image::ActiveModel {
        content_type: Set(img.content_type),
        width: Set(img.width),
        height: Set(img.height),
        large: Set(img.large),
        small: Set(img.small),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(m.id)
}

async fn set_tags(txn: &DatabaseTransaction, id: i64, tags: &[String]) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    txn.execute_raw(raw(
        b,
        "DELETE FROM process_tags WHERE process_id = ?",
        vec![id.into()],
    ))
    .await?;
    for t in tags {
        txn.execute_raw(raw(
            b,
            "INSERT INTO process_tags (process_id, tag) VALUES (?, ?)",
            vec![id.into(), t.clone().into()],
        ))
        .await?;
    }
    Ok(())
}

fn phase_values(p: &Phases) -> [Option<NaiveDate>; 10] {
    [
        p.information.from,
        p.information.until,
        p.participation.from,
        p.participation.until,
        p.evaluation.from,
        p.evaluation.until,
        p.result.from,
        p.result.until,
        p.starts_on(),
        p.ends_on(),
    ]
}

async fn reindex(txn: &DatabaseTransaction, id: i64) -> Result<(), DbError> {
    let b = txn.get_database_backend();
    let row = Searchable::find_by_statement(raw(
        b,
        "SELECT title, summary, description_md, status FROM processes WHERE id = ?",
        vec![id.into()],
    ))
    .one(txn)
    .await?;
    let Some(r) = row else { return Ok(()) };
    if r.status == Status::Draft.as_str() {
        return search::remove(txn, "process", id).await;
    }
    search::put(
        txn,
        "process",
        id,
        id,
        &r.title,
        &format!("{}\n\n{}", r.summary, r.description_md),
    )
    .await
}

#[derive(FromQueryResult)]
struct Searchable {
    title: String,
    summary: String,
    description_md: String,
    status: String,
}

/// Creates a process and returns its id.
pub async fn create(
    txn: &crate::Transaction,
    input: ProcessInput,
    status: Status,
    created_by: i64,
) -> Result<i64, DbError> {
    let image_id = match input.image {
        ImageChange::Replace(img) => Some(insert_image(txn, img).await?),
        ImageChange::Keep | ImageChange::Remove => None,
    };
    let t = now();
    let [
        inf_f,
        inf_u,
        par_f,
        par_u,
        eva_f,
        eva_u,
        res_f,
        res_u,
        starts,
        ends,
    ] = phase_values(&input.phases);
    let m = process::ActiveModel {
        department_id: Set(input.department_id),
        title: Set(input.title),
        summary: Set(input.summary),
        description_md: Set(input.description_md),
        description_html: Set(input.description_html),
        status: Set(status.as_str().to_owned()),
        image_id: Set(image_id),
        image_alt: Set(input.image_alt.filter(|_| image_id.is_some())),
        information_from: Set(inf_f),
        information_until: Set(inf_u),
        participation_from: Set(par_f),
        participation_until: Set(par_u),
        evaluation_from: Set(eva_f),
        evaluation_until: Set(eva_u),
        result_from: Set(res_f),
        result_until: Set(res_u),
        starts_on: Set(starts),
        ends_on: Set(ends),
        comment_count: Set(0),
        created_by: Set(Some(created_by)),
        created_at: Set(t),
        updated_at: Set(t),
        published_at: Set((status != Status::Draft).then_some(t)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    txn.execute_raw(raw(
        txn.get_database_backend(),
        "UPDATE processes SET ideas_enabled = ?, idea_categories = ? WHERE id = ?",
        vec![
            input.ideas_enabled.into(),
            input.idea_categories.join("\n").into(),
            m.id.into(),
        ],
    ))
    .await?;
    set_tags(txn, m.id, &input.tags).await?;
    reindex(txn, m.id).await?;
    Ok(m.id)
}

/// Saves new text, phases, tags and image. Returns false if there is no such process.
pub async fn update(
    txn: &crate::Transaction,
    id: i64,
    input: ProcessInput,
) -> Result<bool, DbError> {
    let b = txn.get_database_backend();
    let current = CurrentImage::find_by_statement(raw(
        b,
        "SELECT image_id, image_alt FROM processes WHERE id = ?",
        vec![id.into()],
    ))
    .one(txn)
    .await?;
    let Some(current) = current else {
        return Ok(false);
    };
    let old_image = current.image_id;
    let image_id = match input.image {
        ImageChange::Keep => old_image,
        ImageChange::Remove => None,
        ImageChange::Replace(img) => Some(insert_image(txn, img).await?),
    };
    let alt = input.image_alt.filter(|_| image_id.is_some());
    let mut values: Vec<Value> = vec![
        input.department_id.into(),
        input.title.into(),
        input.summary.into(),
        input.description_md.into(),
        input.description_html.into(),
        image_id.into(),
        alt.into(),
    ];
    values.extend(phase_values(&input.phases).into_iter().map(Value::from));
    values.push(input.ideas_enabled.into());
    values.push(input.idea_categories.join("\n").into());
    values.push(now().into());
    values.push(id.into());
    txn.execute_raw(raw(
        b,
        "UPDATE processes SET department_id = ?, title = ?, summary = ?, description_md = ?, \
         description_html = ?, image_id = ?, image_alt = ?, information_from = ?, \
         information_until = ?, participation_from = ?, participation_until = ?, \
         evaluation_from = ?, evaluation_until = ?, result_from = ?, result_until = ?, \
         starts_on = ?, ends_on = ?, ideas_enabled = ?, idea_categories = ?, updated_at = ? WHERE id = ?",
        values,
    ))
    .await?;
    if let Some(old) = old_image.filter(|o| Some(*o) != image_id) {
        txn.execute_raw(raw(b, "DELETE FROM images WHERE id = ?", vec![old.into()]))
            .await?;
    }
    set_tags(txn, id, &input.tags).await?;
    reindex(txn, id).await?;
    Ok(true)
}

#[derive(FromQueryResult)]
struct CurrentImage {
    image_id: Option<i64>,
}

pub async fn set_status(
    txn: &crate::Transaction,
    id: i64,
    status: Status,
) -> Result<bool, DbError> {
    let b = txn.get_database_backend();
    let t = now();
    let res = txn
        .execute_raw(raw(
            b,
            "UPDATE processes SET status = ?, updated_at = ?, \
             published_at = CASE WHEN ? <> 'draft' AND published_at IS NULL THEN ? ELSE published_at END \
             WHERE id = ?",
            vec![status.as_str().into(), t.into(), status.as_str().into(), t.into(), id.into()],
        ))
        .await?;
    if res.rows_affected() != 1 {
        return Ok(false);
    }
    reindex(txn, id).await?;
    Ok(true)
}

async fn tags_of<C: ConnectionTrait>(conn: &C, ids: &[i64]) -> Result<Vec<(i64, String)>, DbError> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let placeholders = vec!["?"; ids.len()].join(", ");
    let rows = ProcessTag::find_by_statement(raw(
            conn.get_database_backend(),
            &format!("SELECT process_id, tag FROM process_tags WHERE process_id IN ({placeholders}) ORDER BY tag"),
            ids.iter().map(|i| Value::from(*i)).collect(),
        ))
        .all(conn)
        .await?;
    Ok(rows.into_iter().map(|r| (r.process_id, r.tag)).collect())
}

#[derive(FromQueryResult)]
struct ProcessTag {
    process_id: i64,
    tag: String,
}

pub async fn get(db: &Db, id: i64) -> Result<Option<Process>, DbError> {
    let b = db.conn.get_database_backend();
    let row = ProcessRow::find_by_statement(raw(
            b,
            &format!("SELECT {COLUMNS} FROM processes p JOIN departments d ON d.id = p.department_id WHERE p.id = ?"),
            vec![id.into()],
        ))
        .one(&db.conn)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let mut p = Process::try_from(row)?;
    p.tags = tags_of(&db.conn, &[id])
        .await?
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    Ok(Some(p))
}

/// Which drafts a list may include.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drafts {
    None,
    OfDepartment(i64),
    All,
}

/// Where a published process stands for people who want to take part: its
/// participation phase runs (`Open`), is still to come (`Soon`), or is over
/// and the process is in evaluation, results or finished (`Done`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Open,
    Soon,
    Done,
}

#[derive(Debug, Clone)]
pub struct ListQuery {
    pub today: NaiveDate,
    /// Narrows to processes at this stage of participation (the start page).
    pub stage: Option<Stage>,
    pub department: Option<i64>,
    pub tag: Option<String>,
    pub timing: Option<domain::processes::Timing>,
    /// Only drafts (the staff's work list) instead of published processes.
    pub only_drafts: bool,
    pub drafts: Drafts,
    /// The archive: archived processes and those whose last phase ended.
    pub archive: bool,
    pub page: u64,
    pub per_page: u64,
}

impl ListQuery {
    pub fn new(today: NaiveDate) -> Self {
        ListQuery {
            today,
            stage: None,
            department: None,
            tag: None,
            timing: None,
            only_drafts: false,
            drafts: Drafts::None,
            archive: false,
            page: 0,
            per_page: 12,
        }
    }
}

pub struct ProcessList {
    pub items: Vec<Process>,
    pub total: u64,
    pub pages: u64,
}

pub async fn list(db: &Db, q: &ListQuery) -> Result<ProcessList, DbError> {
    use domain::processes::Timing;
    let b = db.conn.get_database_backend();
    let mut wh: Vec<String> = vec![];
    let mut vals: Vec<Value> = vec![];
    if q.only_drafts {
        wh.push("p.status = 'draft'".into());
        match q.drafts {
            Drafts::None => wh.push("1 = 0".into()),
            Drafts::OfDepartment(d) => {
                wh.push("p.department_id = ?".into());
                vals.push(d.into());
            }
            Drafts::All => {}
        }
    } else if q.archive {
        wh.push("(p.status = 'archived' OR (p.status = 'published' AND p.ends_on < ?))".into());
        vals.push(q.today.into());
    } else {
        wh.push("p.status = 'published'".into());
    }
    if let Some(d) = q.department {
        wh.push("p.department_id = ?".into());
        vals.push(d.into());
    }
    if let Some(t) = &q.tag {
        wh.push(
            "EXISTS (SELECT 1 FROM process_tags t WHERE t.process_id = p.id AND t.tag = ?)".into(),
        );
        vals.push(t.clone().into());
    }
    let stage_order = match q.stage {
        Some(Stage::Open) => {
            wh.push("p.participation_from <= ? AND p.participation_until >= ?".into());
            vals.push(q.today.into());
            vals.push(q.today.into());
            // What closes first comes first.
            Some("p.participation_until ASC, p.id ASC")
        }
        Some(Stage::Soon) => {
            wh.push("p.participation_from > ?".into());
            vals.push(q.today.into());
            Some("p.participation_from ASC, p.id ASC")
        }
        Some(Stage::Done) => {
            wh.push("p.participation_until < ?".into());
            vals.push(q.today.into());
            Some("p.participation_until DESC, p.id DESC")
        }
        None => None,
    };
    let order = match q.timing {
        Some(Timing::Upcoming) => {
            wh.push("p.starts_on > ?".into());
            vals.push(q.today.into());
            "p.starts_on ASC, p.id ASC"
        }
        Some(Timing::Finished) => {
            wh.push("p.ends_on < ?".into());
            vals.push(q.today.into());
            "p.ends_on DESC, p.id DESC"
        }
        Some(Timing::Current) => {
            wh.push("p.starts_on <= ? AND (p.ends_on IS NULL OR p.ends_on >= ?)".into());
            vals.push(q.today.into());
            vals.push(q.today.into());
            "p.participation_until ASC, p.id ASC"
        }
        None if q.archive => "p.ends_on DESC, p.id DESC",
        None => "p.starts_on DESC, p.id DESC",
    };
    let order = stage_order.unwrap_or(order);
    let where_sql = wh.join(" AND ");
    let total = count(
        &db.conn,
        raw(
            b,
            &format!("SELECT COUNT(*) AS n FROM processes p WHERE {where_sql}"),
            vals.clone(),
        ),
    )
    .await?;
    let per_page = q.per_page.max(1);
    let mut page_vals = vals;
    page_vals.push((per_page as i64).into());
    page_vals.push(((q.page * per_page) as i64).into());
    let mut items = processes(
        &db.conn,
        raw(
            b,
            &format!(
                "SELECT {COLUMNS} FROM processes p JOIN departments d ON d.id = p.department_id \
                 WHERE {where_sql} ORDER BY {order} LIMIT ? OFFSET ?"
            ),
            page_vals,
        ),
    )
    .await?;
    let ids: Vec<i64> = items.iter().map(|p| p.id).collect();
    for (pid, tag) in tags_of(&db.conn, &ids).await? {
        if let Some(p) = items.iter_mut().find(|p| p.id == pid) {
            p.tags.push(tag);
        }
    }
    Ok(ProcessList {
        items,
        total,
        pages: total.div_ceil(per_page),
    })
}

/// The tags of published processes, for the list filter.
pub async fn tags_in_use(db: &Db) -> Result<Vec<String>, DbError> {
    let b = db.conn.get_database_backend();
    let rows = Tag::find_by_statement(raw(
        b,
        "SELECT DISTINCT t.tag FROM process_tags t JOIN processes p ON p.id = t.process_id \
         WHERE p.status <> 'draft' ORDER BY t.tag",
        vec![],
    ))
    .all(&db.conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.tag).collect())
}

#[derive(FromQueryResult)]
struct Tag {
    tag: String,
}

/// A stored image in one of its two sizes.
pub async fn image(db: &Db, id: i64, small: bool) -> Result<Option<(String, Vec<u8>)>, DbError> {
    let b = db.conn.get_database_backend();
    let col = if small { "small" } else { "large" };
    let row = ImageBytes::find_by_statement(raw(
        b,
        &format!("SELECT content_type, {col} AS bytes FROM images WHERE id = ?"),
        vec![id.into()],
    ))
    .one(&db.conn)
    .await?;
    Ok(row.map(|r| (r.content_type, r.bytes)))
}

#[derive(FromQueryResult)]
struct ImageBytes {
    content_type: String,
    bytes: Vec<u8>,
}

/// Who may see a stored image: everyone, when a process the public sees
/// shows it (itself or in one of its ideas); otherwise only those who manage
/// one of `departments`, the departments of the draft processes that hold
/// it. The site's logo is everyone's. An image no process holds is nobody's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImageAudience {
    pub public: bool,
    pub departments: Vec<i64>,
}

pub async fn image_audience(db: &Db, id: i64) -> Result<ImageAudience, DbError> {
    let b = db.conn.get_database_backend();
    let rows = ImageHolder::find_by_statement(raw(
        b,
        "SELECT department_id, status FROM processes WHERE image_id = ? \
         UNION ALL \
         SELECT p.department_id, p.status FROM idea_images ii JOIN ideas i ON i.id = ii.idea_id \
         JOIN processes p ON p.id = i.process_id WHERE ii.image_id = ? \
         UNION ALL \
         SELECT 0, 'published' FROM site_settings WHERE name = 'logo' AND value = ?",
        vec![id.into(), id.into(), id.to_string().into()],
    ))
    .all(&db.conn)
    .await?;
    let mut audience = ImageAudience::default();
    for r in rows {
        if r.status == Status::Draft.as_str() {
            audience.departments.push(r.department_id);
        } else {
            audience.public = true;
        }
    }
    Ok(audience)
}

#[derive(FromQueryResult)]
struct ImageHolder {
    department_id: i64,
    status: String,
}

/// How many processes exist in any status (the demo loads its processes once).
pub async fn count_all(db: &Db) -> Result<u64, DbError> {
    let b = db.conn.get_database_backend();
    count(
        &db.conn,
        raw(b, "SELECT COUNT(*) AS n FROM processes", vec![]),
    )
    .await
}
