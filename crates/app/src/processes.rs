//! Processes: who may see one, and (with the staff's forms) the changes to them.

use db::processes::Process;
use domain::processes::{Status, may_manage};

use crate::{Actor, App, CommandError, CommandResult};

/// Whether `actor` may see a process at all: drafts only for the staff who
/// manage it.
pub fn visible(actor: &Actor, p: &Process) -> bool {
    p.status != Status::Draft || manages(actor, p)
}

/// Whether `actor` manages the process (its department's staff, administrators).
pub fn manages(actor: &Actor, p: &Process) -> bool {
    match actor {
        Actor::Person(u) => may_manage(u.role, u.department_id, p.department_id),
        Actor::System => true,
        Actor::Anonymous => false,
    }
}

/// The process, if `actor` may see it.
pub async fn load_visible(app: &App, actor: &Actor, id: i64) -> CommandResult<Process> {
    match db::processes::get(&app.db, id).await? {
        Some(p) if visible(actor, &p) => Ok(p),
        _ => Err(CommandError::NotFound),
    }
}
