//! Registration, verification, login, logout, password reset and settings,
//! with their failure paths, against the real app and database.

use axum::http::StatusCode;
use testkit::TestApp;

const PW: &str = "ein-sicheres-passwort";

#[tokio::test]
async fn a_citizen_registers_verifies_logs_in_and_out() {
    let app = TestApp::new().await;
    let c = app.client();
    let r = c
        .post_form(
            "/register",
            &[
                ("email", " Anna@Example.org "),
                ("display_name", "Anna A."),
                ("password", PW),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), Some("/register/done"));
    let user = db::accounts::by_email(&app.db, "anna@example.org")
        .await
        .unwrap()
        .expect("stored");
    assert!(!user.email_verified);
    assert!(
        user.password_hash.starts_with("$argon2id$"),
        "{}",
        user.password_hash
    );

    // Not verified yet: the login is refused with a way to get a new link.
    let r = c
        .post_form("/login", &[("email", "anna@example.org"), ("password", PW)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse");
    r.assert_contains("action=\"/verify/resend\"");

    let link = app.link_from_mail("anna@example.org", "/verify/").await;
    let verified = || async {
        db::accounts::by_email(&app.db, "anna@example.org")
            .await
            .unwrap()
            .unwrap()
            .email_verified
    };
    // Opening the link (as a mail system's link scanner does) changes
    // nothing: the page offers a button.
    let scanner = app.client();
    for client in [&scanner, &c] {
        let r = client.get(&link).await;
        assert_eq!(r.status, StatusCode::OK);
        r.assert_contains("E-Mail-Adresse bestätigen");
        r.assert_contains(&format!("<form method=\"post\" action=\"{link}\""));
        r.assert_contains("name=\"csrf_token\"");
        assert!(!verified().await, "a GET must not verify");
    }
    // The button needs the form's token like every form.
    let r = c.post_raw(&link, &[], &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(!verified().await);
    let r = c.post_form(&link, &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("E-Mail-Adresse bestätigt");
    assert!(verified().await);
    // The link works once; opening it again says so.
    let r = c.post_form(&link, &[]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    r.assert_contains("Link bereits verwendet");
    let r = c.get(&link).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    r.assert_contains("Link bereits verwendet");

    c.login("anna@example.org", PW).await;
    let r = c.get("/").await;
    r.assert_contains("Sie sind angemeldet.");
    r.assert_contains("Angemeldet als Anna A.");
    assert_eq!(
        db::testing::count_rows(&app.db, "sessions").await.unwrap(),
        1
    );

    let r = c.post_form("/logout", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(c.cookie(web::cookies::SESSION).is_none());
    assert_eq!(
        db::testing::count_rows(&app.db, "sessions").await.unwrap(),
        0
    );
    let r = c.get("/").await;
    r.assert_contains("Sie sind abgemeldet.");
    assert!(!r.body.contains("Angemeldet als"));
}

#[tokio::test]
async fn session_cookies_are_http_only_and_lax() {
    let app = TestApp::new().await;
    let c = app.client();
    c.post_form(
        "/register",
        &[
            ("email", "b@example.org"),
            ("display_name", "Bea"),
            ("password", PW),
        ],
    )
    .await;
    let link = app.link_from_mail("b@example.org", "/verify/").await;
    c.post_form(&link, &[]).await;
    let r = c
        .post_form("/login", &[("email", "b@example.org"), ("password", PW)])
        .await;
    let cookie = r
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with("mitreden_session="))
        .expect("session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "plain http must not set Secure: {cookie}"
    );

    let https = TestApp::with_config(|c| {
        c.public_url = url::Url::parse("https://beteiligung.example").unwrap()
    })
    .await;
    let c = https.client();
    let r = c.get("/login").await;
    let csrf = r.headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(csrf.contains("Secure"), "{csrf}");
}

#[tokio::test]
async fn bad_registrations_explain_the_problem_and_keep_the_input() {
    let app = TestApp::new().await;
    let c = app.client();
    let r = c
        .post_form(
            "/register",
            &[
                ("email", "kein-at-zeichen"),
                ("display_name", "Karl K."),
                ("password", "kurz"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Bitte geben Sie eine gültige E-Mail-Adresse ein");
    r.assert_contains("Das Passwort muss mindestens 10 Zeichen lang sein.");
    r.assert_contains("value=\"kein-at-zeichen\"");
    r.assert_contains("value=\"Karl K.\"");
    assert!(
        !r.body.contains("kurz\""),
        "the password must not be echoed"
    );
    r.assert_contains("aria-invalid=\"true\"");
    r.assert_contains("id=\"email-error\"");
    assert_eq!(db::testing::count_rows(&app.db, "users").await.unwrap(), 0);

    let r = c
        .post_form(
            "/register",
            &[("email", ""), ("display_name", ""), ("password", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.body.matches("Bitte füllen Sie dieses Feld aus.").count(),
        6,
        "3 next to fields + 3 in summary"
    );

    // English, by the browser's preference.
    let r = c
        .request(
            axum::http::Request::post("/register")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept-language", "en-GB,en;q=0.9")
                .body(axum::body::Body::from(format!(
                    "csrf_token={}&email=x&display_name=Xy&password=1234567890",
                    c.cookie(web::cookies::CSRF).unwrap()
                )))
                .unwrap(),
        )
        .await;
    r.assert_contains("Please enter a valid email address");
    r.assert_contains("<html lang=\"en\">");
}

#[tokio::test]
async fn a_registration_with_a_taken_address_looks_like_any_other_and_tells_the_owner() {
    let app = TestApp::new().await;
    app.citizen("dora@example.org", "Dora", PW).await;
    let mails_before = app.mails_to("dora@example.org").len();
    let register = |email: &'static str| {
        let c = app.client().with_ip("192.0.2.44");
        async move {
            let r = c
                .post_form(
                    "/register",
                    &[
                        ("email", email),
                        ("display_name", "Other"),
                        ("password", PW),
                    ],
                )
                .await;
            let done = c.get(r.location().unwrap_or("")).await;
            (r, done)
        }
    };
    let (taken, taken_done) = register("DORA@example.org").await;
    let (new, new_done) = register("neu@example.org").await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER);
    assert_eq!(taken.status, new.status);
    assert_eq!(taken.location(), new.location());
    assert_eq!(taken.body, new.body);
    let cookies = |r: &testkit::Response| {
        r.headers
            .get_all(axum::http::header::SET_COOKIE)
            .iter()
            .count()
    };
    assert_eq!(cookies(&taken), cookies(&new));
    assert_eq!(taken_done.status, StatusCode::OK);
    assert_eq!(taken_done.body, new_done.body);
    // No second account; the owner learns of the attempt, the new address
    // gets its link.
    assert_eq!(db::testing::count_rows(&app.db, "users").await.unwrap(), 2);
    app.deliver_mail().await;
    let mails = app.mails_to("dora@example.org");
    assert_eq!(mails.len(), mails_before + 1);
    let mail = mails.last().unwrap();
    assert!(mail.contains("jemand hat versucht, sich mit Ihrer E-Mail-Adresse"));
    assert!(mail.contains("/password/forgot"));
    assert!(!mail.contains("/verify/"));
    app.link_from_mail("neu@example.org", "/verify/").await;
}

#[tokio::test]
async fn wrong_passwords_fail_and_then_the_account_is_throttled() {
    let app = TestApp::new().await;
    app.citizen("eva@example.org", "Eva", PW).await;
    let c = app.client();
    let r = c
        .post_form(
            "/login",
            &[("email", "eva@example.org"), ("password", "falsch-falsch")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("E-Mail-Adresse oder Passwort ist falsch.");
    r.assert_contains("value=\"eva@example.org\"");
    // Unknown accounts get the same answer.
    let r = c
        .post_form(
            "/login",
            &[
                ("email", "niemand@example.org"),
                ("password", "falsch-falsch"),
            ],
        )
        .await;
    r.assert_contains("E-Mail-Adresse oder Passwort ist falsch.");

    let limit = app.state.config.rate_limits.login_per_account_and_ip.max;
    for _ in 1..limit {
        c.post_form(
            "/login",
            &[("email", "eva@example.org"), ("password", "falsch-falsch")],
        )
        .await;
    }
    // Now even the right password is refused for a while from this address.
    let r = c
        .post_form("/login", &[("email", "eva@example.org"), ("password", PW)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Zu viele Versuche. Bitte warten Sie 15 Minuten");
}

#[tokio::test]
async fn someone_guessing_elsewhere_does_not_lock_the_owner_out() {
    let app = TestApp::new().await;
    app.citizen("eva@example.org", "Eva", PW).await;
    let attacker = app.client().with_ip("198.51.100.66");
    for _ in 0..10 {
        let r = attacker
            .post_form(
                "/login",
                &[("email", "eva@example.org"), ("password", "falsch-falsch")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    // The owner, from their own address, gets in at once.
    let owner = app.client().with_ip("192.0.2.10");
    let r = owner
        .post_form("/login", &[("email", "eva@example.org"), ("password", PW)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(owner.cookie(web::cookies::SESSION).is_some());
    // Eva's session from registering and the owner's new one.
    assert_eq!(
        db::testing::count_rows(&app.db, "sessions").await.unwrap(),
        2
    );
    // The attacker stays refused, even with the right password.
    let r = attacker
        .post_form("/login", &[("email", "eva@example.org"), ("password", PW)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Zu viele Versuche. Bitte warten Sie 15 Minuten");
    assert!(attacker.cookie(web::cookies::SESSION).is_none());
}

#[tokio::test]
async fn guesses_from_many_addresses_reach_the_account_s_ceiling() {
    let app = TestApp::with_config(|c| {
        c.rate_limits.login_per_account = domain::limits::RateLimit::per_minutes(6, 60);
    })
    .await;
    app.citizen("eva@example.org", "Eva", PW).await;
    for i in 0..6 {
        let r = app
            .client()
            .with_ip(&format!("198.51.100.{i}"))
            .post_form(
                "/login",
                &[("email", "eva@example.org"), ("password", "falsch-falsch")],
            )
            .await;
        r.assert_contains("E-Mail-Adresse oder Passwort ist falsch.");
    }
    let other = app.client().with_ip("192.0.2.10");
    let r = other
        .post_form("/login", &[("email", "eva@example.org"), ("password", PW)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Zu viele Versuche. Bitte warten Sie 60 Minuten");
    assert!(other.cookie(web::cookies::SESSION).is_none());
}

#[tokio::test]
async fn logins_and_registrations_from_one_address_are_limited() {
    let app = TestApp::with_config(|c| {
        c.rate_limits.login_per_ip = domain::limits::RateLimit::per_minutes(3, 15);
        c.rate_limits.register_per_ip = domain::limits::RateLimit::per_minutes(2, 60);
    })
    .await;
    let c = app.client();
    for i in 0..3 {
        let r = c
            .post_form(
                "/login",
                &[
                    ("email", &format!("x{i}@example.org")),
                    ("password", "egal-egal-egal"),
                ],
            )
            .await;
        r.assert_contains("E-Mail-Adresse oder Passwort ist falsch.");
    }
    let r = c
        .post_form(
            "/login",
            &[("email", "x9@example.org"), ("password", "egal-egal-egal")],
        )
        .await;
    r.assert_contains("Zu viele Versuche");

    for i in 0..2 {
        let r = c
            .post_form(
                "/register",
                &[
                    ("email", &format!("r{i}@example.org")),
                    ("display_name", "Reg"),
                    ("password", PW),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    let r = c
        .post_form(
            "/register",
            &[
                ("email", "r3@example.org"),
                ("display_name", "Reg"),
                ("password", PW),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Zu viele Versuche. Bitte warten Sie 60 Minuten");
    r.assert_contains("value=\"r3@example.org\"");
    assert_eq!(db::testing::count_rows(&app.db, "users").await.unwrap(), 2);
    // Another address may still register.
    let r = app
        .client()
        .with_ip("198.51.100.20")
        .post_form(
            "/register",
            &[
                ("email", "r4@example.org"),
                ("display_name", "Reg"),
                ("password", PW),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_forgotten_password_is_reset_by_mail_once() {
    let app = TestApp::new().await;
    let old_session = app.citizen("fritz@example.org", "Fritz", PW).await;
    let c = app.client();
    let r = c
        .post_form("/password/forgot", &[("email", "fritz@example.org")])
        .await;
    assert_eq!(r.location(), Some("/password/forgot/done"));
    // Unknown addresses get the same answer and no mail.
    let r = c
        .post_form("/password/forgot", &[("email", "unbekannt@example.org")])
        .await;
    assert_eq!(r.location(), Some("/password/forgot/done"));
    let link = app
        .link_from_mail("fritz@example.org", "/password/reset/")
        .await;
    assert!(app.mails_to("unbekannt@example.org").is_empty());

    let r = c.get(&link).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Neues Passwort festlegen");
    let r = c.post_form(&link, &[("password", "zu-kurz")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("mindestens 10 Zeichen");
    let r = c
        .post_form(&link, &[("password", "ganz-neues-passwort")])
        .await;
    assert_eq!(r.location(), Some("/login"));

    // Every old session ends; the old password no longer works, the new one does.
    assert!(
        !old_session
            .get("/settings")
            .await
            .body
            .contains("Mein Konto</h1>")
    );
    let r = c
        .post_form(
            "/login",
            &[("email", "fritz@example.org"), ("password", PW)],
        )
        .await;
    r.assert_contains("E-Mail-Adresse oder Passwort ist falsch.");
    c.login("fritz@example.org", "ganz-neues-passwort").await;

    // The link is spent.
    let r = app
        .client()
        .post_form(&link, &[("password", "noch-ein-passwort")])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    r.assert_contains("Dieser Link wurde bereits verwendet.");
    let r = app.client().get(&link).await;
    r.assert_contains("Dieser Link wurde bereits verwendet.");
}

#[tokio::test]
async fn expired_and_unknown_links_get_a_clear_page() {
    let app = TestApp::new().await;
    app.citizen("gabi@example.org", "Gabi", PW).await;
    let c = app.client();
    c.post_form("/password/forgot", &[("email", "gabi@example.org")])
        .await;
    let link = app
        .link_from_mail("gabi@example.org", "/password/reset/")
        .await;
    db::testing::expire_all_tokens(&app.db).await.unwrap();
    let r = c.get(&link).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    r.assert_contains("Dieser Link ist abgelaufen.");
    let r = c
        .post_form(&link, &[("password", "ganz-neues-passwort")])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    r.assert_contains("Dieser Link ist abgelaufen.");
    // The password did not change.
    c.login("gabi@example.org", PW).await;

    let r = c.get("/password/reset/0000").await;
    r.assert_contains("Dieser Link ist ungültig.");
    let r = c.get("/verify/abcdef").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    r.assert_contains("Link ungültig");
    assert!(!r.body.contains("<form method=\"post\" action=\"/verify/"));
    let r = c.post_form("/verify/abcdef", &[]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    r.assert_contains("Link ungültig");
    let r = c.get("/settings/email/confirm/abcdef").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    r.assert_contains("Link ungültig");
}

#[tokio::test]
async fn an_expired_verification_link_says_so_when_opened() {
    let app = TestApp::new().await;
    let c = app.client();
    c.post_form(
        "/register",
        &[
            ("email", "otto@example.org"),
            ("display_name", "Otto"),
            ("password", PW),
        ],
    )
    .await;
    let link = app.link_from_mail("otto@example.org", "/verify/").await;
    db::testing::expire_all_tokens(&app.db).await.unwrap();
    let r = c.get(&link).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    r.assert_contains("Link abgelaufen");
    let r = c.post_form(&link, &[]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    r.assert_contains("Link abgelaufen");
    let user = db::accounts::by_email(&app.db, "otto@example.org")
        .await
        .unwrap()
        .unwrap();
    assert!(!user.email_verified);
}

#[tokio::test]
async fn forms_without_a_valid_csrf_token_change_nothing() {
    let app = TestApp::new().await;
    let c = app.client();
    c.get("/register").await;
    let fields = [
        ("email", "csrf@example.org"),
        ("display_name", "Csrf"),
        ("password", PW),
    ];
    // No token.
    let r = c.post_raw("/register", &fields, &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_contains("Formular abgelaufen");
    // A wrong token.
    let mut with_wrong = vec![(
        "csrf_token",
        "0000000000000000000000000000000000000000000000000000000000000000",
    )];
    with_wrong.extend_from_slice(&fields);
    let r = c.post_raw("/register", &with_wrong, &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The right token, but sent from another site.
    let token = c.cookie(web::cookies::CSRF).unwrap();
    let mut with_token = vec![("csrf_token", token.as_str())];
    with_token.extend_from_slice(&fields);
    let r = c
        .post_raw(
            "/register",
            &with_token,
            &[("origin", "https://evil.example")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = c
        .post_raw(
            "/register",
            &with_token,
            &[("sec-fetch-site", "cross-site")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(db::testing::count_rows(&app.db, "users").await.unwrap(), 0);
    assert_eq!(db::testing::count_rows(&app.db, "jobs").await.unwrap(), 0);

    // Logout needs the token too.
    let user = app.citizen("logged@example.org", "Logged", PW).await;
    let r = user.post_raw("/logout", &[], &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        db::testing::count_rows(&app.db, "sessions").await.unwrap(),
        1
    );

    // A same-origin post with the token works.
    let r = c
        .post_raw(
            "/register",
            &with_token,
            &[("origin", "http://mitreden.test")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn settings_change_name_email_and_password() {
    let app = TestApp::new().await;
    let c = app.citizen("hans@example.org", "Hans", PW).await;
    let r = c.get("/settings").await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("value=\"Hans\"");

    let r = c
        .post_form("/settings/name", &[("display_name", "X")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("mindestens 2 Zeichen");
    r.assert_contains("value=\"X\"");
    let r = c
        .post_form("/settings/name", &[("display_name", "  Hans   Hansen ")])
        .await;
    assert_eq!(r.location(), Some("/settings"));
    c.get("/settings")
        .await
        .assert_contains("Angemeldet als Hans Hansen");

    // Email: needs the current password, takes effect after confirmation.
    let r = c
        .post_form(
            "/settings/email",
            &[
                ("email", "neu@example.org"),
                ("current_password", "falsch-falsch"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Das aktuelle Passwort ist falsch.");
    r.assert_contains("value=\"neu@example.org\"");
    let r = c
        .post_form(
            "/settings/email",
            &[("email", "neu@example.org"), ("current_password", PW)],
        )
        .await;
    assert_eq!(r.location(), Some("/settings"));
    assert!(
        db::accounts::by_email(&app.db, "hans@example.org")
            .await
            .unwrap()
            .is_some()
    );
    let link = app
        .link_from_mail("neu@example.org", "/settings/email/confirm/")
        .await;
    // Opening the link changes nothing, even twice and by anyone.
    for client in [&app.client(), &c] {
        let r = client.get(&link).await;
        assert_eq!(r.status, StatusCode::OK);
        r.assert_contains("Neue E-Mail-Adresse bestätigen");
        assert!(
            db::accounts::by_email(&app.db, "neu@example.org")
                .await
                .unwrap()
                .is_none(),
            "a GET must not change the address"
        );
    }
    let r = c.post_form(&link, &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("E-Mail-Adresse geändert");
    assert!(
        db::accounts::by_email(&app.db, "hans@example.org")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        db::accounts::by_email(&app.db, "neu@example.org")
            .await
            .unwrap()
            .is_some()
    );

    // Password: the current one is checked; other sessions end, this one stays.
    let second = app.client();
    second.login("neu@example.org", PW).await;
    let r = c
        .post_form(
            "/settings/password",
            &[
                ("current_password", "falsch-falsch"),
                ("new_password", "neues-passwort-1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Das aktuelle Passwort ist falsch.");
    let r = c
        .post_form(
            "/settings/password",
            &[
                ("current_password", PW),
                ("new_password", "neues-passwort-1"),
            ],
        )
        .await;
    assert_eq!(r.location(), Some("/settings"));
    assert_eq!(c.get("/settings").await.status, StatusCode::OK);
    let r = second.get("/settings").await;
    assert_eq!(
        r.status,
        StatusCode::SEE_OTHER,
        "the other session must have ended"
    );
    app.client()
        .login("neu@example.org", "neues-passwort-1")
        .await;
}

#[tokio::test]
async fn settings_need_a_login() {
    let app = TestApp::new().await;
    let c = app.client();
    let r = c.get("/settings").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), Some("/login?next=%2Fsettings"));
    let r = c
        .post_form("/settings/name", &[("display_name", "Hacker")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // After login the user lands where they wanted to go; other sites are never a target.
    app.citizen("ines@example.org", "Ines", PW).await;
    let c = app.client();
    let r = c
        .post_form(
            "/login",
            &[
                ("email", "ines@example.org"),
                ("password", PW),
                ("next", "/settings"),
            ],
        )
        .await;
    assert_eq!(r.location(), Some("/settings"));
    let c = app.client();
    let r = c
        .post_form(
            "/login",
            &[
                ("email", "ines@example.org"),
                ("password", PW),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(r.location(), Some("/"));
}

#[tokio::test]
async fn only_the_system_creates_accounts_directly() {
    let app = TestApp::new().await;
    app.citizen("paul@example.org", "Paul", PW).await;
    let paul = db::accounts::by_email(&app.db, "paul@example.org")
        .await
        .unwrap()
        .unwrap();
    let new = || app::accounts::NewAccount {
        email: "Neu@Example.org".into(),
        display_name: "Neu".into(),
        password: app::accounts::Password::Plain(PW.into()),
        role: domain::Role::Admin,
        department_id: None,
    };
    let by_person = app::Actor::Person(std::sync::Arc::new(paul));
    for actor in [by_person, app::Actor::Anonymous] {
        let r = app::accounts::create_account(&app.state.app, &actor, new()).await;
        assert!(matches!(r, Err(app::CommandError::Forbidden)), "{r:?}");
    }
    assert!(
        db::accounts::by_email(&app.db, "neu@example.org")
            .await
            .unwrap()
            .is_none()
    );
    let out = app::accounts::create_account(&app.state.app, &app::Actor::System, new())
        .await
        .unwrap();
    assert_eq!(out.value.email, "neu@example.org");
    assert!(out.value.email_verified);
    // Staff need an existing department; addresses are unique.
    let mut staff = new();
    staff.email = "staff@example.org".into();
    staff.role = domain::Role::Staff;
    staff.department_id = Some(99_999);
    let e = app::accounts::create_account(&app.state.app, &app::Actor::System, staff)
        .await
        .unwrap_err();
    assert_eq!(
        e.field_errors().unwrap().get("department"),
        Some("error-department-unknown")
    );
    let e = app::accounts::create_account(&app.state.app, &app::Actor::System, new())
        .await
        .unwrap_err();
    assert_eq!(
        e.field_errors().unwrap().get("email"),
        Some("error-email-taken")
    );
}

#[tokio::test]
async fn only_the_system_imports_sessions_and_each_one_logs_its_person_in() {
    let app = TestApp::new().await;
    app.citizen("paul@example.org", "Paul", PW).await;
    app.citizen("rosa@example.org", "Rosa", PW).await;
    let user = async |email: &str| {
        db::accounts::by_email(&app.db, email)
            .await
            .unwrap()
            .unwrap()
    };
    let (paul, rosa) = (
        user("paul@example.org").await,
        user("rosa@example.org").await,
    );
    let ids = [paul.id, rosa.id];
    let sessions = async || db::testing::count_rows(&app.db, "sessions").await.unwrap();
    let before = sessions().await;
    let by_person = app::Actor::Person(std::sync::Arc::new(paul));
    for actor in [by_person, app::Actor::Anonymous] {
        let r = app::accounts::import_sessions(
            &app.state.app,
            &actor,
            &ids,
            chrono::Duration::hours(1),
        )
        .await;
        assert!(matches!(r, Err(app::CommandError::Forbidden)), "{r:?}");
    }
    assert_eq!(sessions().await, before);

    let secrets = app::accounts::import_sessions(
        &app.state.app,
        &app::Actor::System,
        &ids,
        chrono::Duration::hours(1),
    )
    .await
    .unwrap()
    .value;
    assert_eq!(secrets.len(), 2);
    assert_ne!(secrets[0], secrets[1]);
    assert_eq!(sessions().await, before + 2);
    // Each secret is a browser's session cookie, in the order of the ids.
    for (secret, name) in secrets.iter().zip(["Paul", "Rosa"]) {
        let c = app.client();
        c.set_cookie(web::cookies::SESSION, secret);
        let r = c.get("/settings").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.assert_contains(&format!("Angemeldet als {name}"));
    }
}
