//! The durable job queue behind outgoing mail: every job runs once even with
//! several workers, and a failed delivery stays queued for a retry.

use db::jobs::{self, NewJob};
use testkit::TestApp;

fn mail_job(i: usize) -> NewJob {
    NewJob {
        kind: "mail",
        payload: serde_json::json!({
            "to": format!("person{i}@example.org"),
            "subject": "Test",
            "text": format!("Nachricht {i}"),
        })
        .to_string(),
    }
}

#[tokio::test]
async fn two_instances_deliver_every_queued_mail_exactly_once() {
    let a = TestApp::new().await;
    let b = a.another_instance().await;
    for i in 0..30 {
        jobs::enqueue(a.db.conn(), mail_job(i)).await.unwrap();
    }
    let (na, nb) = tokio::join!(
        web::worker::run_pending(&a.state),
        web::worker::run_pending(&b.state)
    );
    assert_eq!(na.unwrap() + nb.unwrap(), 30);
    assert_eq!(jobs::pending(&a.db).await.unwrap(), 0);
    // Both instances share one outbox folder here, so every mail is counted once.
    for i in 0..30 {
        assert_eq!(
            a.mails_to(&format!("person{i}@example.org")).len(),
            1,
            "mail {i}"
        );
    }
}

#[tokio::test]
async fn a_failed_delivery_stays_queued_for_a_retry() {
    let app = TestApp::new().await;
    let unreachable = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mailer = mail::Mailer::smtp(
        &format!("smtp://127.0.0.1:{unreachable}"),
        "noreply@example.org",
    )
    .unwrap();
    let state = web::AppState::new(app.db.clone(), mailer, app.state.config.clone()).unwrap();
    jobs::enqueue(app.db.conn(), mail_job(1)).await.unwrap();
    assert_eq!(web::worker::run_pending(&state).await.unwrap(), 1);
    // Still there, waiting for its next attempt, and not taken again right away.
    assert_eq!(jobs::pending(&app.db).await.unwrap(), 1);
    assert_eq!(web::worker::run_pending(&state).await.unwrap(), 0);
    assert!(app.mails_to("person1@example.org").is_empty());
}
