//! The job worker: carries out queued work (sending mail, sealing survey
//! answers) and tidies up expired rows. Every instance runs one; the queue
//! hands each job to one of them.

use std::time::Duration;

use tokio::sync::watch;

use crate::SharedState;

/// How long a claimed job stays locked without a sign of life from its
/// worker: a job whose instance died is taken over after at most this long.
/// A running job renews its lease every `LEASE / 3`.
pub const LEASE: chrono::Duration = chrono::Duration::seconds(45);
/// Given-up jobs are kept this long for an administrator to look into.
const KEEP_FAILED: chrono::Duration = chrono::Duration::days(30);
/// Remote actor documents are kept this long after they were fetched.
const KEEP_ACTORS: chrono::Duration = chrono::Duration::days(30);
const IDLE_POLL: Duration = Duration::from_secs(2);
const TIDY_EVERY: Duration = Duration::from_secs(600);

/// Runs until `shutdown` turns true.
pub async fn run(state: SharedState, mut shutdown: watch::Receiver<bool>) {
    let mut last_tidy: Option<tokio::time::Instant> = None;
    loop {
        if *shutdown.borrow() {
            return;
        }
        if last_tidy.is_none_or(|t| t.elapsed() >= TIDY_EVERY) {
            tidy(&state).await;
            last_tidy = Some(tokio::time::Instant::now());
        }
        match run_batch(&state).await {
            Ok(n) if n > 0 => continue,
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "job queue unavailable"),
        }
        tokio::select! {
            _ = state.jobs_waiting.notified() => {}
            _ = tokio::time::sleep(IDLE_POLL) => {}
            _ = shutdown.changed() => {}
        }
    }
}

/// How many due jobs a worker takes at once and runs side by side. Mail and
/// deliveries to other servers spend their time waiting on the network, so
/// running them together multiplies the rate; claiming and completing them
/// together costs one write each instead of one per job (one disk sync on
/// SQLite). Jobs never relied on running one after another: several
/// instances have always run them at the same time.
pub const BATCH: u64 = 32;

/// Runs every job that is due now; returns how many ran. Tests and the command
/// line use this to deliver mail without a background worker.
pub async fn run_pending(state: &SharedState) -> Result<usize, db::DbError> {
    let mut n = 0;
    loop {
        match run_batch(state).await? {
            0 => return Ok(n),
            ran => n += ran,
        }
    }
}

/// Claims a batch of due jobs, runs them together and records each outcome;
/// returns how many ran.
async fn run_batch(state: &SharedState) -> Result<usize, db::DbError> {
    let lease = state.config.job_lease;
    let jobs = db::jobs::claim_batch(&state.db, lease, BATCH).await?;
    if jobs.is_empty() {
        return Ok(0);
    }
    let ids: Vec<i64> = jobs.iter().map(|j| j.id).collect();
    let outcomes = {
        let work = futures_util::future::join_all(jobs.iter().map(|job| perform(state, job)));
        tokio::pin!(work);
        let renew_every = (lease / 3).to_std().unwrap_or(Duration::from_secs(15));
        loop {
            tokio::select! {
                outcomes = &mut work => break outcomes,
                _ = tokio::time::sleep(renew_every) => {
                    if let Err(e) = db::jobs::extend_many(&state.db, &ids, lease).await {
                        tracing::warn!(jobs = ids.len(), error = %e, "could not renew the jobs' lease");
                    }
                }
            }
        }
    };
    let mut done = Vec::with_capacity(jobs.len());
    for (job, outcome) in jobs.iter().zip(outcomes) {
        match outcome {
            Ok(()) => done.push(job.id),
            Err(e) => failed(state, job, e).await?,
        }
    }
    db::jobs::complete_many(&state.db, &done).await?;
    Ok(jobs.len())
}

async fn failed(state: &SharedState, job: &db::jobs::Job, e: JobError) -> Result<(), db::DbError> {
    let retry = if e.permanent {
        // Tried once more it would fail the same way.
        db::jobs::Retry {
            keep: chrono::Duration::zero(),
            ..state.config.job_retry
        }
    } else {
        state.config.job_retry
    };
    match db::jobs::fail(&state.db, job, &e.message, &retry).await? {
        db::jobs::Failure::Later(at) => {
            tracing::warn!(job = job.id, kind = %job.kind, attempt = job.attempts, next = %at, error = %e.message, "job failed, will try again");
        }
        db::jobs::Failure::GaveUp => {
            // Administrators see it on /admin/jobs and can send it again.
            tracing::error!(job = job.id, kind = %job.kind, attempts = job.attempts, error = %e.message, "job given up");
        }
    }
    Ok(())
}

/// Why a job did not succeed, and whether another try could.
struct JobError {
    message: String,
    permanent: bool,
}

impl JobError {
    fn transient(message: String) -> Self {
        JobError {
            message,
            permanent: false,
        }
    }

    fn permanent(message: String) -> Self {
        JobError {
            message,
            permanent: true,
        }
    }
}

async fn perform(state: &SharedState, job: &db::jobs::Job) -> Result<(), JobError> {
    match job.kind.as_str() {
        crate::mails::JOB_KIND => {
            let mail: mail::Mail = serde_json::from_str(&job.payload)
                .map_err(|e| JobError::permanent(format!("bad payload: {e}")))?;
            match state.mailer.send(&mail).await {
                Ok(Some(path)) => {
                    // People are named by nothing in the log: the job's id
                    // finds the mail, the address stays out.
                    tracing::info!(job = job.id, path = %path.display(), "mail written to the outbox");
                    Ok(())
                }
                Ok(None) => {
                    tracing::info!(job = job.id, "mail sent");
                    Ok(())
                }
                Err(e) if e.is_permanent() => Err(JobError::permanent(e.to_string())),
                Err(e) => Err(JobError::transient(e.to_string())),
            }
        }
        db::surveys::SEAL_JOB => {
            let (survey, last) = db::surveys::seal_job(&job.payload)
                .ok_or_else(|| JobError::permanent(format!("bad payload: {}", job.payload)))?;
            db::surveys::seal(&state.db, survey, last)
                .await
                .map_err(|e| JobError::transient(e.to_string()))
        }
        db::opinion::UPDATE_JOB => {
            let map: i64 = job
                .payload
                .parse()
                .map_err(|_| JobError::permanent(format!("bad payload: {}", job.payload)))?;
            match app::opinion::recompute(&state.app, map).await {
                Ok(_) | Err(app::CommandError::NotFound) => Ok(()),
                Err(e) => Err(JobError::transient(e.to_string())),
            }
        }
        db::privacy::PRUNE_JOB => {
            let traces = db::privacy::Traces::parse(&job.payload)
                .ok_or_else(|| JobError::permanent(format!("bad payload: {}", job.payload)))?;
            db::privacy::erase_traces(&state.db, traces, job.created_at)
                .await
                .map_err(|e| JobError::transient(e.to_string()))
        }
        db::federation::FANOUT_JOB | db::federation::DELIVER_JOB => {
            federation::perform(&state.app, &state.federation, job)
                .await
                .map_err(|e| JobError {
                    message: e.message,
                    permanent: e.permanent,
                })
        }
        app::notifications::DELIVER_JOB => app::notifications::deliver_instant(&state.app)
            .await
            .map(|_| ())
            .map_err(|e| JobError::transient(e.to_string())),
        // An instance of a newer version, running beside this one during an
        // upgrade, knows it.
        other => Err(JobError::transient(format!("unknown job kind {other}"))),
    }
}

async fn tidy(state: &SharedState) {
    if let Err(e) = db::sessions::purge_expired(&state.db).await {
        tracing::warn!(error = %e, "could not purge sessions");
    }
    if let Err(e) = db::throttle::purge_expired(&state.db).await {
        tracing::warn!(error = %e, "could not purge throttles");
    }
    if let Err(e) = db::surveys::tidy_drafts(&state.db, crate::surveys::ANONYMOUS_DRAFT_DAYS).await
    {
        tracing::warn!(error = %e, "could not purge survey drafts");
    }
    if let Err(e) = db::jobs::purge_failed(&state.db, KEEP_FAILED).await {
        tracing::warn!(error = %e, "could not purge given-up jobs");
    }
    if let Err(e) = db::federation::purge_actors(&state.db, KEEP_ACTORS).await {
        tracing::warn!(error = %e, "could not purge remote actor documents");
    }
    if let Err(e) = federation::announce_phases(&state.app).await {
        tracing::warn!(error = %e, "could not announce new phases to the fediverse");
    }
    if let Err(e) = db::privacy::prune_deleted(&state.db).await {
        tracing::warn!(error = %e, "could not prune deleted rows");
    }
    if let Err(e) = app::notifications::notice_phases(&state.app).await {
        tracing::warn!(error = %e, "could not announce new phases");
    }
    if let Err(e) = app::notifications::digests_due(&state.app).await {
        tracing::warn!(error = %e, "could not compose the digests");
    }
    if let Err(e) = app::accountability::remind(&state.app).await {
        tracing::warn!(error = %e, "could not remind of answers due");
    }
    // Files of uploads that never reached the database (a crash mid-upload).
    if let Err(e) = crate::documents::tidy_files(state, chrono::Duration::hours(24)).await {
        tracing::warn!(error = %e, "could not tidy stored files");
    }
}
