//! Trust and privacy: a person's data, downloaded whole and deleted with the
//! account so that nothing personal remains in any column of any table, nor
//! in the files; names that would pass for the administration reserved, and
//! the administration's voice marked.

use super::support::{comment, publish_process};
use axum::http::StatusCode;
use testkit::{TestApp, wait_until};

/// An app whose failed jobs are tried again within milliseconds: the job
/// that erases a deletion's traces waits while an older transaction runs.
async fn quick_retries() -> TestApp {
    TestApp::with_config(|c| {
        c.job_retry = db::jobs::Retry {
            first: chrono::Duration::milliseconds(20),
            cap: chrono::Duration::milliseconds(100),
            keep: chrono::Duration::hours(1),
        }
    })
    .await
}

/// Runs jobs until the one erasing a deletion's traces has run.
async fn erase_traces(app: &TestApp) {
    wait_until(
        std::time::Duration::from_secs(30),
        "the traces of the deletion to be erased",
        async || {
            app.deliver_mail().await;
            db::testing::job_payloads(&app.db, db::privacy::PRUNE_JOB)
                .await
                .unwrap()
                .is_empty()
        },
    )
    .await;
}

const PW: &str = "ein-sicheres-passwort";
const EMAIL: &str = "zoe.zwiebelmann@example.org";
const NAME: &str = "Zoe Zwiebelmann";

async fn open_process(app: &TestApp) -> i64 {
    let (staff, dep) = app.staff("team@bezirk.example", PW, "Bezirksamt").await;
    let fields = [
        ("title", "Spielplatz am Park"),
        ("summary", "Was wünschen Sie sich?"),
    ];
    publish_process(&staff, dep, &fields).await
}

#[tokio::test]
async fn a_person_downloads_all_their_data() {
    let app = TestApp::new().await;
    let p = open_process(&app).await;
    let zoe = app.citizen(EMAIL, NAME, PW).await;
    let other = app.citizen("ole@example.org", "Ole", PW).await;
    let theirs = comment(&other, p, "Mehr Schatten bitte").await;
    comment(&zoe, p, "Eine Wippe aus Holz wäre schön").await;
    let r = zoe
        .post_form(
            &format!("/comments/{theirs}/react"),
            &[("reaction", "agree")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    let r = zoe.get("/settings/data.json").await;
    assert_eq!(r.status, StatusCode::OK);
    let data: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(data["profile"]["email"], EMAIL);
    assert_eq!(data["profile"]["display_name"], NAME);
    assert_eq!(data["comments"].as_array().unwrap().len(), 1);
    assert_eq!(
        data["comments"][0]["body"],
        "Eine Wippe aus Holz wäre schön"
    );
    assert_eq!(data["reactions"][0]["comment_id"], theirs);
    assert!(!data["sessions"].as_array().unwrap().is_empty());
    // Only one's own data, and only when logged in.
    assert!(!r.body.contains("Mehr Schatten"));
    assert!(!r.body.contains("ole@example.org"));
    let r = app.client().get("/settings/data.json").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // The settings page offers it.
    zoe.get("/settings")
        .await
        .assert_contains("/settings/data.json");
}

#[tokio::test]
async fn a_deleted_account_leaves_no_personal_data_in_any_table_or_file() {
    let app = quick_retries().await;
    let p = open_process(&app).await;
    let zoe = app.citizen(EMAIL, NAME, PW).await;
    let mine = comment(&zoe, p, "Eine Wippe aus Holz wäre schön").await;
    // A mail still waiting in the queue holds the address too.
    let r = app
        .client()
        .post_form("/password/forgot", &[("email", EMAIL)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        db::testing::tables_holding(&app.db, EMAIL)
            .await
            .unwrap()
            .contains(&"jobs".to_owned())
    );

    // A wrong password deletes nothing and says why.
    let r = zoe
        .post_form("/settings/delete", &[("password", "falsch")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Das aktuelle Passwort ist falsch.");
    assert_eq!(zoe.get("/settings").await.status, StatusCode::OK);

    let r = zoe.post_form("/settings/delete", &[("password", PW)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), Some("/"));
    // Logged out everywhere, and the address and password no longer open it.
    assert_eq!(zoe.get("/settings").await.status, StatusCode::SEE_OTHER);
    let again = app.client();
    let r = again
        .post_form("/login", &[("email", EMAIL), ("password", PW)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    // What the person wrote stays, under "deleted account", on every page.
    let page = app.client().get(&format!("/processes/{p}")).await;
    page.assert_contains("Eine Wippe aus Holz wäre schön");
    page.assert_contains("Gelöschtes Konto");
    assert!(!page.body.contains(NAME));
    let page = app.client().get(&format!("/comments/{mine}")).await;
    page.assert_contains("Gelöschtes Konto");
    // Administrators have no one left to administer there.
    let admin = app.admin("chefin@example.org", PW).await;
    let users = admin.get("/admin/users").await;
    assert!(!users.body.contains("deleted:"), "{}", users.body);

    // No column of any table holds the address or the name.
    for needle in [EMAIL, NAME, "zwiebelmann"] {
        let tables = db::testing::tables_holding(&app.db, needle).await.unwrap();
        assert!(tables.is_empty(), "{needle} is still in {tables:?}");
    }
    // Nor do the files, once the job queued by the deletion has run (on
    // SQLite it empties the log, which the job's own completion then writes
    // to again: the worker's tidying empties it once more).
    assert_eq!(
        db::testing::job_payloads(&app.db, db::privacy::PRUNE_JOB)
            .await
            .unwrap()
            .len(),
        1
    );
    erase_traces(&app).await;
    db::privacy::checkpoint(&app.db).await.unwrap();
    if let Some(bytes) = app.sqlite_file_with_empty_log() {
        for needle in [EMAIL, NAME] {
            assert!(!bytes.contains(needle.as_bytes()), "{needle} in the file");
        }
    } else {
        for needle in [EMAIL, NAME] {
            let rels = db::testing::pg_relations_holding(&app.db, needle.as_bytes())
                .await
                .unwrap();
            assert!(
                rels.is_empty(),
                "{needle} is still in the files of {rels:?}"
            );
        }
    }
}

#[tokio::test]
async fn the_last_administrator_cannot_delete_their_account() {
    let app = TestApp::new().await;
    let admin = app.admin("chefin@example.org", PW).await;
    let r = admin
        .post_form("/settings/delete", &[("password", PW)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Sie sind die letzte Administratorin");
    assert_eq!(admin.get("/settings").await.status, StatusCode::OK);
}

#[tokio::test]
async fn citizens_cannot_take_the_administrations_names_and_its_voice_is_marked() {
    let app = TestApp::new().await;
    let p = open_process(&app).await;
    // The department exists (open_process made it): its name is reserved,
    // as are the platform's own words, at registration and in the settings.
    let c = app.client();
    let r = c
        .post_form(
            "/register",
            &[
                ("email", "falsch@example.org"),
                ("display_name", "Team Bezirksamt"),
                ("password", PW),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Dieser Name ist der Verwaltung vorbehalten");
    // What was typed stays in the form (the password aside).
    r.assert_contains("value=\"Team Bezirksamt\"");
    r.assert_contains("value=\"falsch@example.org\"");
    assert_eq!(db::testing::count_rows(&app.db, "users").await.unwrap(), 1);

    let ole = app.citizen("ole@example.org", "Ole", PW).await;
    for name in ["Die Verwaltung", "bezirksamt", "Moderation Altona"] {
        let r = ole
            .post_form("/settings/name", &[("display_name", name)])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        r.assert_contains("Dieser Name ist der Verwaltung vorbehalten");
    }
    let r = ole
        .post_form("/settings/name", &[("display_name", "Ole aus Altona")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    // Staff speak with a mark no name can imitate.
    let (staff, _) = app
        .staff("sprecherin@bezirk.example", PW, "Bezirksamt")
        .await;
    let theirs = comment(&staff, p, "Wir prüfen das bis Ende des Monats.").await;
    let mine = comment(&ole, p, "Danke für die Antwort!").await;
    let page = app.client().get(&format!("/processes/{p}")).await;
    let article = |id: i64| {
        let start = page.body.find(&format!("id=\"comment-{id}\"")).unwrap();
        let end = start + page.body[start..].find("</article>").unwrap();
        page.body[start..end].to_owned()
    };
    let official = article(theirs);
    assert!(
        official.contains("class=\"official-mark\">Offiziell · Bezirksamt<"),
        "{official}"
    );
    assert!(!article(mine).contains("official-mark"));
}

#[tokio::test]
async fn legal_pages_are_linked_everywhere_and_administrators_edit_them() {
    let app = TestApp::new().await;
    let visitor = app.client();
    let home = visitor.get("/").await;
    for (slug, title) in [
        ("imprint", "Impressum"),
        ("privacy", "Datenschutz"),
        ("terms", "Nutzungsbedingungen"),
        ("accessibility", "Barrierefreiheit"),
        ("easy-read", "Leichte Sprache"),
    ] {
        home.assert_contains(&format!("<a href=\"/pages/{slug}\">{title}</a>"));
        let page = visitor.get(&format!("/pages/{slug}")).await;
        assert_eq!(page.status, StatusCode::OK, "{slug}");
    }
    // The privacy statement says how long deleted data can stay.
    visitor
        .get("/pages/privacy")
        .await
        .assert_contains("Transaktionsprotokoll (WAL)");
    assert_eq!(
        visitor.get("/pages/nothing").await.status,
        StatusCode::NOT_FOUND
    );
    // Registration links to the terms and the privacy statement.
    let register = visitor.get("/register").await;
    register.assert_contains("href=\"/pages/terms\"");
    register.assert_contains("href=\"/pages/privacy\"");

    // Only administrators edit; their Markdown is shown sanitised.
    let citizen = app.citizen("ole@example.org", "Ole", PW).await;
    assert_eq!(
        citizen.get("/admin/pages/imprint").await.status,
        StatusCode::FORBIDDEN
    );
    let r = citizen
        .post_form(
            "/admin/pages/imprint",
            &[("lang", "de"), ("body", "# Gehackt")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let admin = app.admin("chefin@example.org", PW).await;
    let form = admin.get("/admin/pages/imprint?lang=de").await;
    form.assert_contains("[Name der Behörde]");
    let r = admin
        .post_form(
            "/admin/pages/imprint",
            &[
                ("lang", "de"),
                ("body", "# Impressum\n\nBezirksamt Altona, Platz der Republik 1\n\n<script>alert(1)</script>"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = visitor.get("/pages/imprint").await;
    page.assert_contains("Platz der Republik 1");
    assert!(!page.body.contains("<script>alert(1)"));
    assert!(!page.body.contains("[Name der Behörde]"));
    // The English text is its own; an empty text brings back the default.
    let en = app.client();
    en.get("/language/en?next=/").await;
    en.get("/pages/imprint")
        .await
        .assert_contains("[Name of the authority]");
    let r = admin
        .post_form("/admin/pages/imprint", &[("lang", "de"), ("body", "  ")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    visitor
        .get("/pages/imprint")
        .await
        .assert_contains("[Name der Behörde]");
    // Too long a text is refused with the text kept.
    let long = "x".repeat(100_001);
    let r = admin
        .post_form("/admin/pages/terms", &[("lang", "de"), ("body", &long)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Der Text ist zu lang");
    assert!(r.body.contains(&long));
}

#[tokio::test]
async fn feedback_on_accessibility_reaches_every_administrator() {
    let app = TestApp::new().await;
    app.admin("chefin@example.org", PW).await;
    app.admin("vize@example.org", PW).await;
    let visitor = app.client();
    // Nothing typed is lost when something is missing or wrong.
    let r = visitor
        .post_form(
            "/pages/accessibility/feedback",
            &[
                ("message", ""),
                ("reply_to", "keine-adresse"),
                ("page", "/processes/3"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("value=\"keine-adresse\"");
    r.assert_contains("value=\"/processes/3\"");
    assert_eq!(app.deliver_mail().await, 0);

    let r = visitor
        .post_form(
            "/pages/accessibility/feedback",
            &[
                (
                    "message",
                    "Die Karte lässt sich nicht mit der Tastatur bedienen.",
                ),
                ("reply_to", "leser@example.org"),
                ("page", "/processes/3/ideas/map"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.deliver_mail().await, 2);
    for admin in ["chefin@example.org", "vize@example.org"] {
        let mails = app.mails_to(admin);
        assert_eq!(mails.len(), 1, "{admin}");
        assert!(mails[0].contains("nicht mit der Tastatur bedienen"));
        assert!(mails[0].contains("leser@example.org"));
    }
    // A robot that fills the hidden field is answered alike and sends nothing.
    let r = visitor
        .post_form(
            "/pages/accessibility/feedback",
            &[
                ("message", "Billige Uhren"),
                ("website", "http://spam.example"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.deliver_mail().await, 0);
}

#[tokio::test]
async fn every_administrative_action_is_in_a_chained_log_that_shows_tampering() {
    let app = TestApp::new().await;
    let admin = app.admin("chefin@example.org", PW).await;
    let _p = open_process(&app).await;
    app.citizen("ole@example.org", "Ole", PW).await;
    let ole = db::accounts::by_email(&app.db, "ole@example.org")
        .await
        .unwrap()
        .unwrap();
    let dep = db::departments::by_name(&app.db, "Bezirksamt")
        .await
        .unwrap()
        .unwrap();
    let r = admin
        .post_form(
            &format!("/admin/users/{}/role", ole.id),
            &[("role", "staff"), ("department_id", &dep.id.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = admin
        .post_form(
            "/admin/pages/imprint",
            &[("lang", "de"), ("body", "# Impressum")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    let (entries, total) = db::audit::list(&app.db, None, None, 0, 50).await.unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"process.create"), "{actions:?}");
    assert!(actions.contains(&"user.role"), "{actions:?}");
    assert!(actions.contains(&"site_page.save"), "{actions:?}");
    let role = entries.iter().find(|e| e.action == "user.role").unwrap();
    assert_eq!(role.subject, format!("user:{}", ole.id));
    assert!(role.details.starts_with("staff"));
    // No names or addresses in the log, only ids.
    assert!(!entries.iter().any(|e| e.details.contains("example.org")));
    assert_eq!(
        db::audit::verify(&app.db).await.unwrap(),
        db::audit::Verdict::Intact(total)
    );

    // Administrators read and filter it; nobody else does.
    let page = admin.get("/admin/audit?action=user.role").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Die Kette ist unversehrt");
    page.assert_contains(&format!("user:{}", ole.id));
    assert!(!page.body.contains("page:imprint"));
    let staff = app.client();
    staff.login("ole@example.org", PW).await;
    assert_eq!(
        staff.get("/admin/audit").await.status,
        StatusCode::FORBIDDEN
    );

    // The application cannot change or delete an entry.
    assert_eq!(
        db::testing::try_to_change_audit_entry(&app.db, role.id).await,
        (false, false)
    );
    // A change made around it, by hand, breaks the chain from there.
    db::testing::tamper_with_audit_entry(&app.db, role.id, "admin department:")
        .await
        .unwrap();
    assert_eq!(
        db::audit::verify(&app.db).await.unwrap(),
        db::audit::Verdict::BrokenAt(role.id)
    );
    admin.get("/admin/audit").await.assert_contains(&format!(
        "Die Kette ist ab Eintrag #{} unterbrochen",
        role.id
    ));
}

#[tokio::test]
async fn a_deleted_comment_leaves_nothing_readable_in_tables_index_or_files() {
    let app = quick_retries().await;
    let p = open_process(&app).await;
    let zoe = app.citizen(EMAIL, NAME, PW).await;
    let id = comment(&zoe, p, "Am Kiosk wünsche ich mir Quallenkonfitüre").await;
    assert!(
        !db::testing::tables_holding(&app.db, "Quallenkonfit")
            .await
            .unwrap()
            .is_empty()
    );
    let r = zoe.post_form(&format!("/comments/{id}/delete"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // The text is gone at once; SQLite's search index keeps the words in its
    // older segments until the job the deletion queued merges them away.
    assert!(
        db::testing::tables_holding(&app.db, "Quallenkonfit")
            .await
            .unwrap()
            .is_empty()
    );
    erase_traces(&app).await;
    for needle in ["Quallenkonfit", "quallenkonfit"] {
        let tables = db::testing::tables_holding(&app.db, needle).await.unwrap();
        assert!(tables.is_empty(), "{needle} is still in {tables:?}");
    }
    if let Some(bytes) = {
        db::privacy::checkpoint(&app.db).await.unwrap();
        app.sqlite_file_with_empty_log()
    } {
        for needle in ["Quallenkonfit", "quallenkonfit"] {
            assert!(!bytes.contains(needle.as_bytes()), "{needle} in the file");
        }
    } else {
        for table in ["comments", "search_index"] {
            for needle in ["Quallenkonfit", "quallenkonfit"] {
                let n = db::testing::pg_row_versions_holding(&app.db, table, needle.as_bytes())
                    .await
                    .unwrap();
                assert_eq!(n, 0, "{needle}: {n} row versions in {table}");
            }
        }
    }
}
