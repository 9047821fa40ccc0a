//! Personal data that is deleted stays deleted in the database's files too.

use testkit::TestApp;

/// The one-time token a mail carried: only the mail had it in clear.
fn token_in(mail: &str) -> String {
    let at = mail.find("/verify/").expect("a verification link") + "/verify/".len();
    mail[at..at + 64].to_owned()
}

#[tokio::test]
async fn a_sent_mail_leaves_nothing_readable_in_the_database_files() {
    let app = TestApp::new().await;
    app.citizen("leise@example.org", "Leise", "ein-sicheres-passwort")
        .await;
    let mails = app.mails_to("leise@example.org");
    assert_eq!(mails.len(), 1);
    let token = token_in(&mails[0]);
    assert_eq!(db::testing::count_rows(&app.db, "jobs").await.unwrap(), 0);

    db::privacy::prune_deleted(&app.db).await.unwrap();

    if let Some(bytes) = app.sqlite_file_with_empty_log() {
        assert!(
            !bytes.contains(token.as_bytes()),
            "the sent mail's link is still in the database file"
        );
        // What is meant to stay, stays: the account.
        assert!(bytes.contains(b"leise@example.org"));
    }
}

#[tokio::test]
async fn rate_limits_keep_no_address_and_no_ip() {
    let app = TestApp::new().await;
    app.citizen("leise@example.org", "Leise", "ein-sicheres-passwort")
        .await;
    let c = app.client().with_ip("203.0.113.77");
    let r = c
        .post_form(
            "/login",
            &[
                ("email", "leise@example.org"),
                ("password", "falsch-geraten-1"),
            ],
        )
        .await;
    assert_eq!(r.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
    let keys = db::testing::throttle_keys(&app.db).await.unwrap();
    assert!(!keys.is_empty(), "the failed login was counted");
    for k in &keys {
        assert!(
            !k.contains("203.0.113.77") && !k.contains("leise") && !k.contains("example.org"),
            "{k}"
        );
    }
    // The limit still holds: it is the same hash each time.
    for _ in 0..10 {
        c.post_form(
            "/login",
            &[
                ("email", "leise@example.org"),
                ("password", "falsch-geraten-1"),
            ],
        )
        .await;
    }
    let r = c
        .post_form(
            "/login",
            &[
                ("email", "leise@example.org"),
                ("password", "ein-sicheres-passwort"),
            ],
        )
        .await;
    // Even the right password is refused now, from this client.
    assert_eq!(r.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
}
