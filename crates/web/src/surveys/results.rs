//! Results for staff: charts per question, filters, cross-tables; exports; the
//! published results page.

use axum::Router;

use crate::SharedState;

pub fn routes() -> Router<SharedState> {
    Router::new()
}
