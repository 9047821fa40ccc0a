//! The durable job queue behind outgoing mail: every job runs once even with
//! several workers; a failed delivery stays queued and is retried for days
//! with waits of minutes at most, against a real SMTP server process that
//! refuses and then accepts; what is given up is shown to administrators.

use std::time::Duration as StdDuration;

use axum::http::StatusCode;
use chrono::Duration;
use db::jobs::{self, NewJob};
use testkit::{SmtpServer, TestApp, wait_until};

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

/// An instance on `app`'s database that sends mail to `server`, with a retry
/// schedule of milliseconds instead of minutes and days.
fn sending_to(app: &TestApp, server: &SmtpServer, keep: Duration) -> web::SharedState {
    sending_with(app, server, keep, |_| {})
}

fn sending_with(
    app: &TestApp,
    server: &SmtpServer,
    keep: Duration,
    f: impl FnOnce(&mut web::WebConfig),
) -> web::SharedState {
    let mailer = mail::Mailer::smtp(&server.url(), "mitreden <noreply@mitreden.test>").unwrap();
    let mut config = app.state.config.clone();
    config.job_retry = jobs::Retry {
        first: Duration::milliseconds(5),
        cap: Duration::milliseconds(20),
        keep,
    };
    f(&mut config);
    web::AppState::new(app.db.clone(), mailer, config).unwrap()
}

async fn register(app: &TestApp, n: usize) -> Vec<String> {
    register_from(app, 0, n).await
}

/// Registers people `from`..`from + n`, each queuing a verification mail.
async fn register_from(app: &TestApp, from: usize, n: usize) -> Vec<String> {
    let c = app.client();
    let mut addresses = vec![];
    for i in from..from + n {
        let email = format!("person{i}@example.org");
        let r = c
            .post_form(
                "/register",
                &[
                    ("email", &email),
                    ("display_name", &format!("Person {i}")),
                    ("password", "ein langes Passwort 123"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        addresses.push(email);
    }
    addresses
}

fn message_ids(payloads: &[String]) -> Vec<String> {
    payloads
        .iter()
        .map(|p| {
            let m: mail::Mail = serde_json::from_str(p).unwrap();
            m.message_id.expect("a Message-ID fixed when queued")
        })
        .collect()
}

#[tokio::test]
async fn mail_outlasts_a_long_outage_and_arrives_once_with_its_message_id() {
    let app = TestApp::new().await;
    let server = SmtpServer::start();
    server.refuse(true);
    let sender = sending_to(&app, &server, Duration::hours(1));
    let to = register(&app, 6).await;
    let ids = message_ids(&jobs_payloads(&app).await);
    assert_eq!(ids.len(), 6);
    // Far more tries than the queue once made before it dropped a mail (8).
    wait_until(
        StdDuration::from_secs(60),
        "20 refused tries of each mail",
        async || {
            web::worker::run_pending(&sender).await.unwrap();
            let tries = db::testing::job_attempts(&app.db, "mail").await.unwrap();
            tries.len() == 6 && tries.iter().all(|&t| t >= 20)
        },
    )
    .await;
    assert!(server.mails().is_empty());
    assert_eq!(jobs::failed_count(&app.db).await.unwrap(), 0);

    server.refuse(false);
    wait_until(
        StdDuration::from_secs(30),
        "every mail delivered",
        async || {
            web::worker::run_pending(&sender).await.unwrap();
            jobs::pending(&app.db).await.unwrap() == 0
        },
    )
    .await;
    let mails = server.mails();
    assert_eq!(mails.len(), 6, "each mail exactly once");
    for (email, id) in to.iter().zip(&ids) {
        let got: Vec<&String> = mails
            .iter()
            .filter(|m| m.contains(&format!("To: {email}")))
            .collect();
        assert_eq!(got.len(), 1, "{email}");
        assert!(got[0].contains(&format!("Message-ID: {id}")), "{}", got[0]);
        assert!(id.ends_with("@mitreden.test>"), "{id}");
    }
}

async fn jobs_payloads(app: &TestApp) -> Vec<String> {
    db::testing::job_payloads(&app.db, "mail").await.unwrap()
}

#[tokio::test]
async fn a_mail_given_up_is_shown_to_administrators_and_sent_again_by_them() {
    let app = TestApp::new().await;
    let admin = app
        .admin("admin@example.org", "ein langes Passwort 123")
        .await;
    let server = SmtpServer::start();
    server.refuse(true);
    let sender = sending_to(&app, &server, Duration::milliseconds(300));
    register(&app, 1).await;
    wait_until(
        StdDuration::from_secs(30),
        "the mail to be given up",
        async || {
            web::worker::run_pending(&sender).await.unwrap();
            jobs::failed_count(&app.db).await.unwrap() == 1
        },
    )
    .await;
    assert_eq!(jobs::pending(&app.db).await.unwrap(), 0);
    let metrics = app.client().get("/metrics").await;
    metrics.assert_contains("mitreden_jobs_given_up 1");

    // Only administrators see it; the page names recipient, subject and reason.
    let citizen = app
        .citizen("c@example.org", "Clara", "ein langes Passwort 123")
        .await;
    assert_eq!(
        citizen.get("/admin/jobs").await.status,
        StatusCode::FORBIDDEN
    );
    let page = admin.get("/admin/jobs").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("person0@example.org");
    page.assert_contains("421");
    page.assert_contains("Erneut senden");
    let id = db::jobs::failed(&app.db, "mail", 10).await.unwrap()[0].id;
    // A citizen's post is refused and changes nothing.
    let r = citizen
        .post_form(&format!("/admin/jobs/{id}/retry"), &[])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(jobs::failed_count(&app.db).await.unwrap(), 1);

    server.refuse(false);
    let r = admin
        .post_form(&format!("/admin/jobs/{id}/retry"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(jobs::failed_count(&app.db).await.unwrap(), 0);
    assert_eq!(web::worker::run_pending(&sender).await.unwrap(), 1);
    let mails = server.mails();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains("To: person0@example.org"));
    admin
        .get("/admin/jobs")
        .await
        .assert_contains("Alle Nachrichten wurden zugestellt.");
    // Retrying what is no longer failed is a 404, not a second mail.
    let r = admin
        .post_form(&format!("/admin/jobs/{id}/retry"), &[])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_mail_refused_for_good_is_given_up_at_once_and_can_be_discarded() {
    let app = TestApp::new().await;
    let admin = app
        .admin("admin@example.org", "ein langes Passwort 123")
        .await;
    let server = SmtpServer::start();
    server.reject(true);
    let sender = sending_to(&app, &server, Duration::hours(1));
    register(&app, 1).await;
    assert_eq!(web::worker::run_pending(&sender).await.unwrap(), 1);
    let failed = db::jobs::failed(&app.db, "mail", 10).await.unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].attempts, 1);
    assert!(
        failed[0]
            .last_error
            .as_deref()
            .unwrap_or("")
            .contains("550")
    );
    let r = admin
        .post_form(&format!("/admin/jobs/{}/discard", failed[0].id), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        db::testing::job_payloads(&app.db, "mail")
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_message_refused_for_now_is_tried_again_within_seconds() {
    let app = TestApp::new().await;
    let server = SmtpServer::start();
    server.tempfail_every(5);
    let sender = sending_to(&app, &server, Duration::hours(1));
    register(&app, 10).await;
    wait_until(
        StdDuration::from_secs(30),
        "every mail delivered",
        async || {
            web::worker::run_pending(&sender).await.unwrap();
            jobs::pending(&app.db).await.unwrap() == 0
        },
    )
    .await;
    assert_eq!(server.mails().len(), 10);
    // The server's schedule: a first retry after 10 s, never more than 5 min.
    let retry = jobs::Retry::default();
    assert_eq!(retry.wait(1), Duration::seconds(10));
    assert_eq!(retry.wait(100), Duration::minutes(5));
    assert_eq!(retry.keep, Duration::days(5));
}

#[tokio::test]
async fn a_job_left_locked_by_a_dead_instance_is_taken_over_and_a_slow_one_is_not() {
    let app = TestApp::new().await;
    let server = SmtpServer::start();
    let lease = Duration::milliseconds(300);
    let sender = sending_with(&app, &server, Duration::hours(1), |c| c.job_lease = lease);
    register(&app, 1).await;
    // An instance claims the mail and dies (kill -9) before sending it.
    let claimed = jobs::claim(&app.db, lease).await.unwrap().unwrap();
    assert_eq!(claimed.kind, "mail");
    assert_eq!(web::worker::run_pending(&sender).await.unwrap(), 0);
    wait_until(
        StdDuration::from_secs(10),
        "the lock to be taken over",
        async || web::worker::run_pending(&sender).await.unwrap() == 1,
    )
    .await;
    assert_eq!(server.mails().len(), 1);
    // The server's own lease: a dead instance's mail waits at most a minute.
    assert!(web::worker::LEASE <= Duration::minutes(1));

    // A send that takes three leases keeps its lock alive: another instance
    // asking all the while does not send it a second time.
    server.slow(1_000);
    register_from(&app, 1, 1).await;
    let other = sender.clone();
    let sending = tokio::spawn(async move { web::worker::run_pending(&other).await.unwrap() });
    let mut taken_by_others = 0;
    while !sending.is_finished() {
        taken_by_others += web::worker::run_pending(&sender).await.unwrap();
        tokio::time::sleep(StdDuration::from_millis(20)).await;
    }
    assert_eq!(sending.await.unwrap() + taken_by_others, 1);
    assert_eq!(server.mails().len(), 2);
}
