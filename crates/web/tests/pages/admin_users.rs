//! The administration's user list (filtered, paged, a role change returns
//! to the same list) and renaming and removing departments.

use axum::http::StatusCode;
use testkit::TestApp;

const PW: &str = "ein-sicheres-passwort";

#[tokio::test]
async fn the_user_list_is_filtered_paged_and_a_role_change_returns_to_it() {
    let app = TestApp::new().await;
    let admin = app.admin("admin@example.org", PW).await;
    for n in 0..24 {
        let email = format!("person{n:02}@stadt.example");
        let hash = web::security::hash_password("x".into()).await.unwrap();
        db::accounts::create(
            &app.db,
            db::accounts::NewUser {
                email,
                display_name: format!("Person {n:02}"),
                password_hash: hash,
                role: domain::Role::Citizen,
                department_id: None,
                verified: true,
            },
        )
        .await
        .unwrap();
    }
    let (_, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;

    // 20 to a page; the search and the role filter narrow it.
    let r = admin.get("/admin/users?q=stadt.example&role=citizen").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body.matches("class=\"admin-card\"").count(), 20);
    r.assert_contains("Seite 1 von 2");
    r.assert_contains("role=citizen&amp;page=2");
    let r = admin
        .get("/admin/users?q=stadt.example&role=citizen&page=2")
        .await;
    assert_eq!(r.body.matches("class=\"admin-card\"").count(), 4);
    r.assert_contains("Person 23");
    let r = admin.get("/admin/users?role=staff").await;
    assert_eq!(r.body.matches("class=\"admin-card\"").count(), 1);
    r.assert_contains("team@altona.example");
    assert!(!r.body.contains("person00@stadt.example"));
    // The form carries the list it was shown in.
    let r = admin
        .get("/admin/users?q=stadt.example&role=citizen&page=2")
        .await;
    r.assert_contains("name=\"role_filter\" value=\"citizen\"");
    r.assert_contains("name=\"page\" value=\"2\"");

    // A role change from page 2 of a search returns there.
    let p = db::accounts::by_email(&app.db, "person22@stadt.example")
        .await
        .unwrap()
        .unwrap();
    let r = admin
        .post_form(
            &format!("/admin/users/{}/role", p.id),
            &[
                ("role", "staff"),
                ("department_id", &dep.to_string()),
                ("q", "stadt.example"),
                ("role_filter", "citizen"),
                ("page", "2"),
            ],
        )
        .await;
    assert_eq!(
        r.location(),
        Some("/admin/users?q=stadt.example&role=citizen&page=2")
    );
    let p = db::accounts::by_id(&app.db, p.id).await.unwrap().unwrap();
    assert_eq!(p.role, domain::Role::Staff);

    // A refused change shows the same list with the message at the person.
    let r = admin
        .post_form(
            &format!("/admin/users/{}/role", p.id),
            &[
                ("role", "staff"),
                ("department_id", ""),
                ("q", "person2"),
                ("role_filter", "staff"),
                ("page", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Mitarbeitende einer Behörde brauchen eine Behörde.");
    r.assert_contains("value=\"person2\"");
    assert_eq!(r.body.matches("class=\"admin-card\"").count(), 1);
}

#[tokio::test]
async fn departments_are_renamed_and_removed_only_when_nothing_belongs_to_them() {
    let app = TestApp::new().await;
    let admin = app.admin("admin@example.org", PW).await;
    let (staff, a) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = staff
        .publish_process(a, &[("title", "Parks in Altona"), ("summary", "Grün")])
        .await;
    let b = db::departments::create(&app.db, "Bezirksamt Nord")
        .await
        .unwrap()
        .id;

    // Rename; a taken name is refused at the field.
    let r = admin
        .post_form(
            &format!("/admin/departments/{a}/name"),
            &[("name", "Bezirksamt Altona-Ottensen")],
        )
        .await;
    assert_eq!(r.location(), Some("/admin/departments"));
    let r = admin
        .post_form(
            &format!("/admin/departments/{a}/name"),
            &[("name", "Bezirksamt Nord")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains(&format!("id=\"name-{a}-error\""));
    let dep = db::departments::by_id(&app.db, a).await.unwrap().unwrap();
    assert_eq!(dep.name, "Bezirksamt Altona-Ottensen");
    app.client()
        .get(&format!("/processes/{p}"))
        .await
        .assert_contains("Bezirksamt Altona-Ottensen");

    // Something belongs to it: refused, with what belongs to it.
    let r = admin
        .post_form(
            &format!("/admin/departments/{a}/remove"),
            &[("move_to", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    r.assert_contains("kann nicht entfernt werden");
    r.assert_contains("1 Verfahren");
    r.assert_contains("1 Mitarbeitende");
    assert!(db::departments::by_id(&app.db, a).await.unwrap().is_some());
    // Not into itself.
    let r = admin
        .post_form(
            &format!("/admin/departments/{a}/remove"),
            &[("move_to", &a.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(db::departments::by_id(&app.db, a).await.unwrap().is_some());

    // Moved to another department, then removed.
    let r = admin
        .post_form(
            &format!("/admin/departments/{a}/remove"),
            &[("move_to", &b.to_string())],
        )
        .await;
    assert_eq!(r.location(), Some("/admin/departments"));
    assert!(db::departments::by_id(&app.db, a).await.unwrap().is_none());
    let s = db::accounts::by_email(&app.db, "team@altona.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.department_id, Some(b));
    let proc = db::processes::get(&app.db, p).await.unwrap().unwrap();
    assert_eq!(proc.department_id, b);

    // An empty department goes without moving anything.
    let c = db::departments::create(&app.db, "Leeres Amt")
        .await
        .unwrap()
        .id;
    let r = admin
        .post_form(
            &format!("/admin/departments/{c}/remove"),
            &[("move_to", "")],
        )
        .await;
    assert_eq!(r.location(), Some("/admin/departments"));
    assert!(db::departments::by_id(&app.db, c).await.unwrap().is_none());
    // Only administrators.
    let r = staff
        .post_form(
            &format!("/admin/departments/{b}/remove"),
            &[("move_to", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
