//! Opinion maps: staff open one in a process with seed statements;
//! participants (registered, or an anonymous browser session where the map
//! allows it) vote agree / disagree / pass and add statements, which
//! moderators approve or reject. Every vote queues one coalesced background
//! recomputation (`recompute`), so a vote is stored whatever the math does.

use db::opinion::{Moderation, NewMap, NewStatement, OpinionMap, Who};
use db::processes::Process;
use domain::validation::required_text;
use domain::{FieldErrors, Tag};

use crate::{Actor, App, CommandError, CommandResult, Outcome};

mod memory;

use memory::Kept;
pub(crate) use memory::Memory;

/// Pol.is's limit, so statements stay short enough to vote on at a glance.
pub const STATEMENT_MAX_CHARS: usize = 140;
pub const TITLE_MAX_CHARS: usize = 200;
pub const DESCRIPTION_MAX_CHARS: usize = 5000;
pub const MAX_SEEDS: usize = 100;

/// Who takes part in a request: the actor, plus the anonymous browser's key
/// (from its cookie) when nobody is logged in.
#[derive(Debug, Clone)]
pub struct Voter<'a> {
    pub actor: &'a Actor,
    pub session_key: Option<&'a str>,
}

impl<'a> Voter<'a> {
    pub fn new(actor: &'a Actor, session_key: Option<&'a str>) -> Voter<'a> {
        Voter { actor, session_key }
    }

    /// The participant identity, if the map lets this voter take part.
    pub fn who(&self, map: &OpinionMap) -> CommandResult<Who> {
        match self.actor {
            Actor::Person(u) => Ok(Who::User(u.id)),
            Actor::Anonymous if map.anonymous => match self.session_key {
                Some(k) if !k.is_empty() => Ok(Who::Session(crate::security::token_hash(k))),
                _ => Err(CommandError::LoginRequired),
            },
            _ => Err(CommandError::LoginRequired),
        }
    }

    /// The identity to look up existing votes with, without requiring one.
    pub fn known(&self, map: &OpinionMap) -> Option<Who> {
        self.who(map).ok()
    }
}

pub struct MapInput {
    pub title: String,
    pub description: String,
    pub pre_moderated: bool,
    pub anonymous: bool,
    /// One statement a line.
    pub seeds: String,
}

pub(crate) fn check_statement(field: &'static str, body: &str) -> Result<String, FieldErrors> {
    let mut errors = FieldErrors::new();
    let text = errors.check(required_text(
        field,
        body,
        STATEMENT_MAX_CHARS,
        "opinion-error-statement-too-long",
    ));
    match text {
        Some(t) if errors.is_empty() => Ok(t.split_whitespace().collect::<Vec<_>>().join(" ")),
        _ => Err(errors),
    }
}

fn check_map(input: &MapInput) -> CommandResult<(String, String, Vec<String>)> {
    let mut errors = FieldErrors::new();
    let title = errors.check(required_text(
        "title",
        &input.title,
        TITLE_MAX_CHARS,
        "opinion-error-title-too-long",
    ));
    let description = input.description.trim().to_owned();
    if description.chars().count() > DESCRIPTION_MAX_CHARS {
        errors.add("description", "opinion-error-description-too-long");
    }
    let mut seeds: Vec<String> = vec![];
    for line in input.seeds.lines().filter(|l| !l.trim().is_empty()) {
        match check_statement("seeds", line) {
            Ok(s) if !seeds.contains(&s) => seeds.push(s),
            Ok(_) => {}
            Err(_) => {
                errors.add("seeds", "opinion-error-seed-too-long");
                break;
            }
        }
    }
    if seeds.len() > MAX_SEEDS {
        errors.add("seeds", "opinion-error-too-many-seeds");
    }
    match title {
        Some(t) if errors.is_empty() => Ok((t, description, seeds)),
        _ => Err(CommandError::Invalid(errors)),
    }
}

/// Opens an opinion map in a process, with its seed statements (approved).
/// Staff of the process's department and administrators.
pub async fn open_map(
    app: &App,
    actor: &Actor,
    process_id: i64,
    input: &MapInput,
) -> CommandResult<Outcome<i64>> {
    let p = crate::processes::managed(app, actor, process_id).await?;
    let (title, description, seeds) = check_map(input)?;
    let mut tx = app.begin(actor).await?;
    let id = db::opinion::create_map(
        &tx,
        &NewMap {
            process_id: p.id,
            title,
            description,
            pre_moderated: input.pre_moderated,
            anonymous: input.anonymous,
            created_by: actor.user_id(),
        },
    )
    .await?;
    for body in seeds {
        db::opinion::insert_statement(
            &tx,
            &NewStatement {
                map_id: id,
                body,
                author_participant_id: None,
                author_user_id: actor.user_id(),
                seed: true,
                state: Moderation::Approved,
            },
        )
        .await?;
    }
    tx.touch(Tag::Process(p.id));
    tx.touch(Tag::OpinionMap(id));
    // The open data API lists the maps.
    tx.touch(Tag::Lists);
    tx.audit(
        "opinion_map.open",
        &format!("opinion_map:{id}"),
        &format!("process:{}", p.id),
    )
    .await?;
    let changes = tx.commit().await?;
    Ok(Outcome { value: id, changes })
}

/// The map and its process, if `actor` may see them.
pub async fn load(app: &App, actor: &Actor, map_id: i64) -> CommandResult<(OpinionMap, Process)> {
    let map = db::opinion::map(app.db.conn(), map_id)
        .await?
        .ok_or(CommandError::NotFound)?;
    let p = crate::processes::load_visible(app, actor, map.process_id).await?;
    Ok((map, p))
}

/// Whether `actor` moderates this map's statements: moderators, and the staff
/// who manage its process.
pub fn moderates(actor: &Actor, p: &Process) -> bool {
    actor.moderates() || crate::processes::manages(actor, p)
}

/// Opens or closes a map for votes and statements (staff who manage its process).
pub async fn set_open(
    app: &App,
    actor: &Actor,
    map_id: i64,
    open: bool,
) -> CommandResult<Outcome<()>> {
    let (map, p) = load(app, actor, map_id).await?;
    if !crate::processes::manages(actor, &p) {
        return Err(CommandError::Forbidden);
    }
    let mut tx = app.begin(actor).await?;
    db::opinion::set_open(&tx, map.id, open).await?;
    tx.touch(Tag::Process(p.id));
    tx.touch(Tag::OpinionMap(map.id));
    tx.touch(Tag::Lists);
    tx.audit(
        "opinion_map.set_open",
        &format!("opinion_map:{}", map.id),
        if open { "open" } else { "closed" },
    )
    .await?;
    let changes = tx.commit().await?;
    Ok(Outcome { value: (), changes })
}

/// Adds a participant's statement: visible at once, or after approval where
/// the map or its process is pre-moderated or the spam rules catch it
/// (unless a moderator writes it). Returns the
/// statement's id and whether it waits for moderation.
pub async fn add_statement(
    app: &App,
    voter: &Voter<'_>,
    map_id: i64,
    body: &str,
) -> CommandResult<Outcome<(i64, bool)>> {
    let (map, p) = load(app, voter.actor, map_id).await?;
    let who = voter.who(&map)?;
    if !map.open {
        return Err(CommandError::refused("body", "opinion-error-closed"));
    }
    let body = check_statement("body", body).map_err(CommandError::Invalid)?;
    let pending =
        !moderates(voter.actor, &p) && (map.pre_moderated || held(app, voter, &p, &body).await?);
    let mut tx = app.begin(voter.actor).await?;
    let participant = db::opinion::ensure_participant(&tx, map.id, &who).await?;
    let id = db::opinion::insert_statement(
        &tx,
        &NewStatement {
            map_id: map.id,
            body,
            author_participant_id: Some(participant),
            author_user_id: voter.actor.user_id(),
            seed: false,
            state: if pending {
                Moderation::Pending
            } else {
                Moderation::Approved
            },
        },
    )
    .await?;
    if !pending {
        db::opinion::queue_update(&tx, map.id).await?;
        tx.jobs_queued();
    }
    tx.touch(Tag::OpinionMap(map.id));
    let changes = tx.commit().await?;
    Ok(Outcome {
        value: (id, pending),
        changes,
    })
}

/// Whether a participant's statement waits because of its process: a
/// pre-moderated process holds it as it holds comments and ideas, the spam
/// rules catch it as theirs.
async fn held(app: &App, voter: &Voter<'_>, p: &Process, body: &str) -> CommandResult<bool> {
    match voter.actor {
        Actor::Person(u) => Ok(crate::holds::hold_for(app, p.id, u, body).await?.is_some()),
        _ => Ok(db::holds::premoderated(app.db.conn(), p.id).await?),
    }
}

/// Approves or rejects a statement (moderators, staff who manage the process).
/// A rejected statement leaves the voting and counts as moderated out.
pub async fn moderate(
    app: &App,
    actor: &Actor,
    statement_id: i64,
    approve: bool,
) -> CommandResult<Outcome<i64>> {
    let s = db::opinion::statement(app.db.conn(), statement_id)
        .await?
        .ok_or(CommandError::NotFound)?;
    let (map, p) = load(app, actor, s.map_id).await?;
    if actor.user_id().is_none() && !matches!(actor, Actor::System) {
        return Err(CommandError::LoginRequired);
    }
    if !moderates(actor, &p) {
        return Err(CommandError::Forbidden);
    }
    let state = if approve {
        Moderation::Approved
    } else {
        Moderation::Rejected
    };
    let mut tx = app.begin(actor).await?;
    db::opinion::set_moderation(&tx, s.id, state).await?;
    db::opinion::queue_update(&tx, map.id).await?;
    tx.jobs_queued();
    tx.touch(Tag::OpinionMap(map.id));
    tx.audit(
        "opinion_statement.moderate",
        &format!("opinion_statement:{}", s.id),
        if approve { "approved" } else { "rejected" },
    )
    .await?;
    let changes = tx.commit().await?;
    Ok(Outcome {
        value: map.id,
        changes,
    })
}

/// Agree (1), disagree (-1) or pass (0) on a statement, or a change of one's
/// vote. The vote is stored and a recomputation queued; the math runs later.
pub async fn vote(
    app: &App,
    voter: &Voter<'_>,
    statement_id: i64,
    value: i32,
) -> CommandResult<Outcome<i64>> {
    if !(-1..=1).contains(&value) {
        return Err(CommandError::field("vote", "opinion-error-vote"));
    }
    let s = db::opinion::statement(app.db.conn(), statement_id)
        .await?
        .ok_or(CommandError::NotFound)?;
    let (map, _) = load(app, voter.actor, s.map_id).await?;
    let who = voter.who(&map)?;
    if s.moderation() != Moderation::Approved {
        return Err(CommandError::NotFound);
    }
    if !map.open {
        return Err(CommandError::refused("vote", "opinion-error-closed"));
    }
    let mut tx = app.begin(voter.actor).await?;
    let participant = db::opinion::ensure_participant(&tx, map.id, &who).await?;
    if db::opinion::set_vote(&tx, map.id, s.id, participant, value).await? {
        db::opinion::queue_update(&tx, map.id).await?;
        tx.jobs_queued();
        tx.touch(Tag::OpinionVotes(map.id));
    }
    let changes = tx.commit().await?;
    Ok(Outcome {
        value: map.id,
        changes,
    })
}

/// Votes for the demo loader and the benchmarks: as `who`, whoever acts.
pub async fn import_vote(
    app: &App,
    actor: &Actor,
    statement_id: i64,
    who: &Who,
    value: i32,
) -> CommandResult<()> {
    if !matches!(actor, Actor::System) {
        return Err(CommandError::Forbidden);
    }
    let s = db::opinion::statement(app.db.conn(), statement_id)
        .await?
        .ok_or(CommandError::NotFound)?;
    let mut tx = app.begin(actor).await?;
    let participant = db::opinion::ensure_participant(&tx, s.map_id, who).await?;
    if db::opinion::set_vote(&tx, s.map_id, s.id, participant, value).await? {
        db::opinion::queue_update(&tx, s.map_id).await?;
        tx.jobs_queued();
        tx.touch(Tag::OpinionVotes(s.map_id));
    }
    tx.commit().await?;
    Ok(())
}

/// The stored state, read back.
pub fn decode_state(text: &str) -> Result<opinion::State, String> {
    serde_json::from_str(text).map_err(|e| format!("stored opinion state unreadable: {e}"))
}

/// The conversation as the math takes it, from what this instance kept of
/// it and the votes cast or changed since (every vote when nothing is kept,
/// see `memory`), rejected statements moderated out; with the map's count of
/// votes cast, read first: votes that arrive meanwhile are then counted as not
/// yet covered, never the other way round.
async fn conversation(app: &App, map_id: i64, kept: Option<Kept>) -> CommandResult<(Kept, i64)> {
    let map = db::opinion::map(app.db.conn(), map_id)
        .await?
        .ok_or(CommandError::NotFound)?;
    let read_at = chrono::Utc::now();
    let mut kept = match kept.filter(|k| !k.stale()) {
        Some(mut k) => {
            let votes =
                db::opinion::current_votes(app.db.conn(), map_id, Some(k.read_from())).await?;
            k.apply_read(&votes, read_at);
            k
        }
        None => Kept::loaded(
            &db::opinion::current_votes(app.db.conn(), map_id, None).await?,
            read_at,
        ),
    };
    let statements = db::opinion::statements(app.db.conn(), map_id, None).await?;
    kept.conv.moderated_out = statements
        .iter()
        .filter(|s| s.moderation() != Moderation::Approved)
        .map(|s| s.id as u64)
        .collect();
    Ok((kept, map.votes_cast))
}

/// The background recomputation of a map: brings the conversation up to
/// date, warm-starts from the last state, stores the new one and tells the
/// map page. Runs in the job worker, never on a request.
pub async fn recompute(app: &App, map_id: i64) -> CommandResult<Outcome<()>> {
    let (mut kept, votes_cast) = conversation(app, map_id, app.opinion_memory.take(map_id)).await?;
    let stored = db::opinion::result_stamp(app.db.conn(), map_id).await?;
    let previous = match (kept.state.take(), stored) {
        (Some((state, at)), Some(s)) if s.computed_at == at => Some(state),
        (_, Some(_)) => match db::opinion::result(app.db.conn(), map_id).await? {
            Some(r) => Some(decode_state(&r.state).map_err(CommandError::Internal)?),
            None => None,
        },
        (_, None) => None,
    };
    let vote_count = kept.conv.votes.len() as i64;
    let (kept, state, text) = tokio::task::spawn_blocking(move || {
        let state = opinion::update(previous.as_ref(), &kept.conv);
        let text = serde_json::to_string(&state);
        (kept, state, text)
    })
    .await
    .map_err(CommandError::internal)?;
    let text = text.map_err(CommandError::internal)?;
    let mut tx = app.begin(&Actor::System).await?;
    let computed_at = db::opinion::store_result(&tx, map_id, &text, vote_count, votes_cast).await?;
    tx.touch(Tag::OpinionMap(map_id));
    let changes = tx.commit().await?;
    let mut kept = kept;
    kept.state = Some((state, computed_at));
    app.opinion_memory.put(map_id, kept);
    Ok(Outcome { value: (), changes })
}

/// Many votes in one transaction, for the demo loader and the benchmarks.
pub async fn import_votes(
    app: &App,
    actor: &Actor,
    map_id: i64,
    votes: &[(Who, i64, i32)],
) -> CommandResult<()> {
    if !matches!(actor, Actor::System) {
        return Err(CommandError::Forbidden);
    }
    let mut tx = app.begin(actor).await?;
    let mut participants: std::collections::HashMap<&Who, i64> = std::collections::HashMap::new();
    for (who, statement, value) in votes {
        let p = match participants.get(who) {
            Some(&p) => p,
            None => {
                let p = db::opinion::ensure_participant(&tx, map_id, who).await?;
                participants.insert(who, p);
                p
            }
        };
        db::opinion::set_vote(&tx, map_id, *statement, p, *value).await?;
    }
    db::opinion::queue_update(&tx, map_id).await?;
    tx.touch(Tag::OpinionVotes(map_id));
    tx.commit().await?;
    Ok(())
}
