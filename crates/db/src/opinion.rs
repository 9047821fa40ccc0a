//! Opinion maps: statements, participants (a person or an anonymous browser
//! session), one vote per participant and statement, and the stored result of
//! the last computation (written by the background job, read by the pages).

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::jobs::{self, NewJob};
use crate::{DbError, Id, count, now, raw};

/// The job that recomputes a map's groups; its payload is the map's id.
pub const UPDATE_JOB: &str = "opinion_update";

#[derive(Debug, Clone, FromQueryResult)]
pub struct OpinionMap {
    pub id: i64,
    pub process_id: i64,
    pub title: String,
    pub description: String,
    pub open: bool,
    pub pre_moderated: bool,
    pub anonymous: bool,
    pub votes_cast: i64,
    pub created_at: DateTime<Utc>,
}

const MAP_COLUMNS: &str = "id, process_id, title, description, open, pre_moderated, anonymous, \
    votes_cast, created_at";

pub struct NewMap {
    pub process_id: i64,
    pub title: String,
    pub description: String,
    pub pre_moderated: bool,
    pub anonymous: bool,
    pub created_by: Option<i64>,
}

/// Where a statement stands in moderation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moderation {
    Pending,
    Approved,
    Rejected,
}

impl Moderation {
    pub fn as_str(self) -> &'static str {
        match self {
            Moderation::Pending => "pending",
            Moderation::Approved => "approved",
            Moderation::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Moderation> {
        match s {
            "pending" => Some(Moderation::Pending),
            "approved" => Some(Moderation::Approved),
            "rejected" => Some(Moderation::Rejected),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct Statement {
    pub id: i64,
    pub map_id: i64,
    pub body: String,
    pub author_participant_id: Option<i64>,
    pub author_user_id: Option<i64>,
    pub seed: bool,
    pub state: String,
    pub agrees: i32,
    pub disagrees: i32,
    pub passes: i32,
    pub created_at: DateTime<Utc>,
    /// When the moderation last edited personal data out of it.
    pub moderated_at: Option<DateTime<Utc>>,
}

impl Statement {
    pub fn moderation(&self) -> Moderation {
        Moderation::parse(&self.state).unwrap_or(Moderation::Pending)
    }
}

const STATEMENT_COLUMNS: &str = "id, map_id, body, author_participant_id, author_user_id, seed, \
    state, agrees, disagrees, passes, created_at, moderated_at";

/// Who takes part: a registered person, or an anonymous browser session named
/// by the SHA-256 of its random key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Who {
    User(i64),
    Session(String),
}

pub async fn create_map(txn: &crate::Transaction, m: &NewMap) -> Result<i64, DbError> {
    let b = txn.get_database_backend();
    let row = Id::find_by_statement(raw(
        b,
        "INSERT INTO opinion_maps (process_id, title, description, open, pre_moderated, \
         anonymous, votes_cast, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?) \
         RETURNING id",
        vec![
            m.process_id.into(),
            m.title.clone().into(),
            m.description.clone().into(),
            true.into(),
            m.pre_moderated.into(),
            m.anonymous.into(),
            m.created_by.into(),
            now().into(),
        ],
    ))
    .one(txn)
    .await?
    .ok_or_else(|| DbError::Corrupt("insert returned no id".into()))?;
    Ok(row.id)
}

pub async fn set_open(txn: &crate::Transaction, map_id: i64, open: bool) -> Result<(), DbError> {
    txn.execute_raw(raw(
        txn.get_database_backend(),
        "UPDATE opinion_maps SET open = ? WHERE id = ?",
        vec![open.into(), map_id.into()],
    ))
    .await?;
    Ok(())
}

pub async fn map<C: ConnectionTrait>(conn: &C, id: i64) -> Result<Option<OpinionMap>, DbError> {
    let sql = format!("SELECT {MAP_COLUMNS} FROM opinion_maps WHERE id = ?");
    Ok(
        OpinionMap::find_by_statement(raw(conn.get_database_backend(), &sql, vec![id.into()]))
            .one(conn)
            .await?,
    )
}

pub async fn maps_of_process<C: ConnectionTrait>(
    conn: &C,
    process_id: i64,
) -> Result<Vec<OpinionMap>, DbError> {
    let sql = format!("SELECT {MAP_COLUMNS} FROM opinion_maps WHERE process_id = ? ORDER BY id");
    Ok(OpinionMap::find_by_statement(raw(
        conn.get_database_backend(),
        &sql,
        vec![process_id.into()],
    ))
    .all(conn)
    .await?)
}

fn who_clause(who: &Who) -> (&'static str, sea_orm::Value) {
    match who {
        Who::User(id) => ("user_id = ?", (*id).into()),
        Who::Session(h) => ("session_hash = ?", h.clone().into()),
    }
}

/// The participant's id in this map, if they have taken part.
pub async fn participant<C: ConnectionTrait>(
    conn: &C,
    map_id: i64,
    who: &Who,
) -> Result<Option<i64>, DbError> {
    let (clause, v) = who_clause(who);
    let sql = format!("SELECT id FROM opinion_participants WHERE map_id = ? AND {clause}");
    Ok(Id::find_by_statement(raw(
        conn.get_database_backend(),
        &sql,
        vec![map_id.into(), v],
    ))
    .one(conn)
    .await?
    .map(|r| r.id))
}

/// The participant's id, made on their first vote or statement. The unique
/// indexes make two first votes at once agree on one row.
pub async fn ensure_participant(
    txn: &crate::Transaction,
    map_id: i64,
    who: &Who,
) -> Result<i64, DbError> {
    if let Some(id) = participant(txn, map_id, who).await? {
        return Ok(id);
    }
    let (user, session): (Option<i64>, Option<String>) = match who {
        Who::User(id) => (Some(*id), None),
        Who::Session(h) => (None, Some(h.clone())),
    };
    txn.execute_raw(raw(
        txn.get_database_backend(),
        "INSERT INTO opinion_participants (map_id, user_id, session_hash, created_at) \
         VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
        vec![map_id.into(), user.into(), session.into(), now().into()],
    ))
    .await?;
    participant(txn, map_id, who)
        .await?
        .ok_or_else(|| DbError::Corrupt("participant vanished".into()))
}

pub struct NewStatement {
    pub map_id: i64,
    pub body: String,
    pub author_participant_id: Option<i64>,
    pub author_user_id: Option<i64>,
    pub seed: bool,
    pub state: Moderation,
}

pub async fn insert_statement(txn: &crate::Transaction, s: &NewStatement) -> Result<i64, DbError> {
    let row = Id::find_by_statement(raw(
        txn.get_database_backend(),
        "INSERT INTO opinion_statements (map_id, body, author_participant_id, author_user_id, \
         seed, state, agrees, disagrees, passes, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, ?) \
         RETURNING id",
        vec![
            s.map_id.into(),
            s.body.clone().into(),
            s.author_participant_id.into(),
            s.author_user_id.into(),
            s.seed.into(),
            s.state.as_str().into(),
            now().into(),
        ],
    ))
    .one(txn)
    .await?
    .ok_or_else(|| DbError::Corrupt("insert returned no id".into()))?;
    Ok(row.id)
}

pub async fn statement<C: ConnectionTrait>(
    conn: &C,
    id: i64,
) -> Result<Option<Statement>, DbError> {
    let sql = format!("SELECT {STATEMENT_COLUMNS} FROM opinion_statements WHERE id = ?");
    Ok(
        Statement::find_by_statement(raw(conn.get_database_backend(), &sql, vec![id.into()]))
            .one(conn)
            .await?,
    )
}

/// A map's statements in one moderation state, or all of them, oldest first.
pub async fn statements<C: ConnectionTrait>(
    conn: &C,
    map_id: i64,
    state: Option<Moderation>,
) -> Result<Vec<Statement>, DbError> {
    let b = conn.get_database_backend();
    let stmt = match state {
        Some(s) => raw(
            b,
            &format!(
                "SELECT {STATEMENT_COLUMNS} FROM opinion_statements WHERE map_id = ? AND state = ? \
                 ORDER BY id"
            ),
            vec![map_id.into(), s.as_str().into()],
        ),
        None => raw(
            b,
            &format!(
                "SELECT {STATEMENT_COLUMNS} FROM opinion_statements WHERE map_id = ? ORDER BY id"
            ),
            vec![map_id.into()],
        ),
    };
    Ok(Statement::find_by_statement(stmt).all(conn).await?)
}

pub async fn set_moderation(
    txn: &crate::Transaction,
    statement_id: i64,
    state: Moderation,
) -> Result<(), DbError> {
    txn.execute_raw(raw(
        txn.get_database_backend(),
        "UPDATE opinion_statements SET state = ? WHERE id = ?",
        vec![state.as_str().into(), statement_id.into()],
    ))
    .await?;
    Ok(())
}

#[derive(Debug, Clone, FromQueryResult)]
struct VoteValue {
    value: i32,
}

fn counter_column(value: i32) -> &'static str {
    match value.signum() {
        1 => "agrees",
        -1 => "disagrees",
        _ => "passes",
    }
}

/// Casts or changes a vote; keeps the statement's counters and the map's
/// count of votes cast. Returns whether anything changed.
pub async fn set_vote(
    txn: &crate::Transaction,
    map_id: i64,
    statement_id: i64,
    participant_id: i64,
    value: i32,
) -> Result<bool, DbError> {
    let b = txn.get_database_backend();
    let value = value.signum();
    let old = VoteValue::find_by_statement(raw(
        b,
        "SELECT value FROM opinion_votes WHERE participant_id = ? AND statement_id = ?",
        vec![participant_id.into(), statement_id.into()],
    ))
    .one(txn)
    .await?
    .map(|v| v.value);
    if old == Some(value) {
        return Ok(false);
    }
    let t = now();
    txn.execute_raw(raw(
        b,
        "INSERT INTO opinion_votes (map_id, statement_id, participant_id, value, created_at, \
         updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (participant_id, statement_id) \
         DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        vec![
            map_id.into(),
            statement_id.into(),
            participant_id.into(),
            value.into(),
            t.into(),
            t.into(),
        ],
    ))
    .await?;
    let new_col = counter_column(value);
    let sql = match old {
        Some(o) => format!(
            "UPDATE opinion_statements SET {new_col} = {new_col} + 1, {old_col} = {old_col} - 1 \
             WHERE id = ?",
            old_col = counter_column(o)
        ),
        None => format!("UPDATE opinion_statements SET {new_col} = {new_col} + 1 WHERE id = ?"),
    };
    if old.is_none() {
        let place = crate::activity::In::Map(map_id);
        let who = crate::activity::Who::MapParticipant(participant_id);
        crate::activity::happened(txn, place, t, crate::activity::Kind::Votes, who).await?;
    }
    txn.execute_raw(raw(b, &sql, vec![statement_id.into()]))
        .await?;
    txn.execute_raw(raw(
        b,
        "UPDATE opinion_maps SET votes_cast = votes_cast + 1 WHERE id = ?",
        vec![map_id.into()],
    ))
    .await?;
    Ok(true)
}

/// Queues the recomputation of a map's groups, once however many votes arrive
/// before it runs.
pub async fn queue_update(txn: &crate::Transaction, map_id: i64) -> Result<(), DbError> {
    jobs::enqueue_once(
        txn,
        NewJob {
            kind: UPDATE_JOB,
            payload: map_id.to_string(),
        },
        chrono::Duration::milliseconds(500),
    )
    .await
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct MyVote {
    pub statement_id: i64,
    pub value: i32,
}

/// One participant's votes, by statement.
pub async fn votes_of<C: ConnectionTrait>(
    conn: &C,
    participant_id: i64,
) -> Result<Vec<MyVote>, DbError> {
    Ok(MyVote::find_by_statement(raw(
        conn.get_database_backend(),
        "SELECT statement_id, value FROM opinion_votes WHERE participant_id = ? ORDER BY statement_id",
        vec![participant_id.into()],
    ))
    .all(conn)
    .await?)
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct VoteRow {
    pub participant_id: i64,
    pub statement_id: i64,
    pub value: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Every current vote of a map, in the order they were first cast.
pub async fn all_votes<C: ConnectionTrait>(conn: &C, map_id: i64) -> Result<Vec<VoteRow>, DbError> {
    Ok(VoteRow::find_by_statement(raw(
        conn.get_database_backend(),
        "SELECT participant_id, statement_id, value, created_at, updated_at FROM opinion_votes \
         WHERE map_id = ? ORDER BY created_at, participant_id, statement_id",
        vec![map_id.into()],
    ))
    .all(conn)
    .await?)
}

/// A current vote as the computation takes it: no timestamps to decode.
#[derive(Debug, Clone, Copy, FromQueryResult)]
pub struct CurrentVote {
    pub participant_id: i64,
    pub statement_id: i64,
    pub value: i32,
}

/// A map's current votes in the order they were first cast; with `since`,
/// only those cast or changed at or after it (index `opinion_votes_changed`).
pub async fn current_votes<C: ConnectionTrait>(
    conn: &C,
    map_id: i64,
    since: Option<DateTime<Utc>>,
) -> Result<Vec<CurrentVote>, DbError> {
    let b = conn.get_database_backend();
    let q = match since {
        None => raw(
            b,
            "SELECT participant_id, statement_id, value FROM opinion_votes WHERE map_id = ? \
             ORDER BY created_at, participant_id, statement_id",
            vec![map_id.into()],
        ),
        Some(t) => raw(
            b,
            "SELECT participant_id, statement_id, value FROM opinion_votes \
             WHERE map_id = ? AND updated_at >= ? ORDER BY created_at, participant_id, statement_id",
            vec![map_id.into(), t.into()],
        ),
    };
    Ok(CurrentVote::find_by_statement(q).all(conn).await?)
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct ParticipantRow {
    pub id: i64,
    pub user_id: Option<i64>,
}

pub async fn participants<C: ConnectionTrait>(
    conn: &C,
    map_id: i64,
) -> Result<Vec<ParticipantRow>, DbError> {
    Ok(ParticipantRow::find_by_statement(raw(
        conn.get_database_backend(),
        "SELECT id, user_id FROM opinion_participants WHERE map_id = ? ORDER BY id",
        vec![map_id.into()],
    ))
    .all(conn)
    .await?)
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct StoredResult {
    pub state: String,
    pub computed_at: DateTime<Utc>,
    pub vote_count: i64,
    pub votes_cast: i64,
}

#[derive(Debug, Clone, Copy, FromQueryResult)]
pub struct ResultStamp {
    pub computed_at: DateTime<Utc>,
    pub vote_count: i64,
    pub votes_cast: i64,
}

pub async fn result<C: ConnectionTrait>(
    conn: &C,
    map_id: i64,
) -> Result<Option<StoredResult>, DbError> {
    Ok(StoredResult::find_by_statement(raw(
        conn.get_database_backend(),
        "SELECT state, computed_at, vote_count, votes_cast FROM opinion_results WHERE map_id = ?",
        vec![map_id.into()],
    ))
    .one(conn)
    .await?)
}

/// When the stored result was computed, without its (large) state.
pub async fn result_stamp<C: ConnectionTrait>(
    conn: &C,
    map_id: i64,
) -> Result<Option<ResultStamp>, DbError> {
    Ok(ResultStamp::find_by_statement(raw(
        conn.get_database_backend(),
        "SELECT computed_at, vote_count, votes_cast FROM opinion_results WHERE map_id = ?",
        vec![map_id.into()],
    ))
    .one(conn)
    .await?)
}

/// Replaces the stored result. `votes_cast` is the map's counter as read with
/// the votes, so the page can tell how many arrived since. Returns the
/// result's `computed_at`, which names this version of it.
pub async fn store_result(
    txn: &crate::Transaction,
    map_id: i64,
    state: &str,
    vote_count: i64,
    votes_cast: i64,
) -> Result<DateTime<Utc>, DbError> {
    let computed_at = now();
    txn.execute_raw(raw(
        txn.get_database_backend(),
        "INSERT INTO opinion_results (map_id, state, computed_at, vote_count, votes_cast) \
         VALUES (?, ?, ?, ?, ?) ON CONFLICT (map_id) DO UPDATE SET state = excluded.state, \
         computed_at = excluded.computed_at, vote_count = excluded.vote_count, \
         votes_cast = excluded.votes_cast",
        vec![
            map_id.into(),
            state.into(),
            computed_at.into(),
            vote_count.into(),
            votes_cast.into(),
        ],
    ))
    .await?;
    Ok(computed_at)
}

/// Statements waiting for moderation in a map.
pub async fn pending_count<C: ConnectionTrait>(conn: &C, map_id: i64) -> Result<u64, DbError> {
    count(
        conn,
        raw(
            conn.get_database_backend(),
            "SELECT COUNT(*) AS n FROM opinion_statements WHERE map_id = ? AND state = 'pending'",
            vec![map_id.into()],
        ),
    )
    .await
}
