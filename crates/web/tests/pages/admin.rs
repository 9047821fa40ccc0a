//! Departments, roles and the administrators' pages.

use axum::http::StatusCode;
use testkit::TestApp;

const PW: &str = "ein-sicheres-passwort";

#[tokio::test]
async fn an_admin_creates_departments() {
    let app = TestApp::new().await;
    let admin = app.admin("admin@example.org", PW).await;
    let r = admin.get("/admin/departments").await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Es gibt noch keine Behörden.");

    let r = admin
        .post_form("/admin/departments", &[("name", "  Finanzbehörde ")])
        .await;
    assert_eq!(r.location(), Some("/admin/departments"));
    let r = admin.get("/admin/departments").await;
    r.assert_contains("Die Behörde wurde angelegt.");
    r.assert_contains("<h3>Finanzbehörde</h3>");

    let r = admin
        .post_form("/admin/departments", &[("name", "Finanzbehörde")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Eine Behörde mit diesem Namen gibt es bereits.");
    r.assert_contains("value=\"Finanzbehörde\"");
    let r = admin
        .post_form("/admin/departments", &[("name", "   ")])
        .await;
    r.assert_contains("Bitte füllen Sie dieses Feld aus.");
    let long = "B".repeat(121);
    let r = admin
        .post_form("/admin/departments", &[("name", &long)])
        .await;
    r.assert_contains("höchstens 120 Zeichen");
    assert_eq!(db::departments::list(&app.db).await.unwrap().len(), 1);
}

#[tokio::test]
async fn an_admin_gives_roles() {
    let app = TestApp::new().await;
    let admin = app.admin("admin@example.org", PW).await;
    app.citizen("jana@example.org", "Jana", PW).await;
    admin
        .post_form("/admin/departments", &[("name", "Bezirksamt Altona")])
        .await;
    let dep = db::departments::by_name(&app.db, "Bezirksamt Altona")
        .await
        .unwrap()
        .unwrap();
    let jana = db::accounts::by_email(&app.db, "jana@example.org")
        .await
        .unwrap()
        .unwrap();

    let r = admin.get("/admin/users?q=JANA").await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("jana@example.org");
    assert!(
        !r.body.contains("user-email\">admin@example.org"),
        "search narrows the list"
    );

    let path = format!("/admin/users/{}/role", jana.id);
    // Staff need a department.
    let r = admin
        .post_form(&path, &[("role", "staff"), ("department_id", "")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Mitarbeitende einer Behörde brauchen eine Behörde.");
    let r = admin
        .post_form(&path, &[("role", "staff"), ("department_id", "99999")])
        .await;
    r.assert_contains("Diese Behörde gibt es nicht.");
    let r = admin
        .post_form(&path, &[("role", "superuser"), ("department_id", "")])
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    let r = admin
        .post_form(
            &path,
            &[("role", "staff"), ("department_id", &dep.id.to_string())],
        )
        .await;
    assert_eq!(r.location(), Some("/admin/users"));
    let jana = db::accounts::by_id(&app.db, jana.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(jana.role, domain::Role::Staff);
    assert_eq!(jana.department_id, Some(dep.id));

    // Any other role drops the department.
    admin
        .post_form(
            &path,
            &[
                ("role", "moderator"),
                ("department_id", &dep.id.to_string()),
            ],
        )
        .await;
    let jana = db::accounts::by_id(&app.db, jana.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(jana.role, domain::Role::Moderator);
    assert_eq!(jana.department_id, None);
    let r = admin
        .post_form(&path, &[("role", "admin"), ("department_id", "")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(db::accounts::count_admins(&app.db).await.unwrap(), 2);
}

#[tokio::test]
async fn the_last_admin_cannot_step_down() {
    let app = TestApp::new().await;
    let admin = app.admin("admin@example.org", PW).await;
    let me = db::accounts::by_email(&app.db, "admin@example.org")
        .await
        .unwrap()
        .unwrap();
    let r = admin
        .post_form(
            &format!("/admin/users/{}/role", me.id),
            &[("role", "citizen"), ("department_id", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("letzte Administratorin bzw. der letzte Administrator");
    assert_eq!(db::accounts::count_admins(&app.db).await.unwrap(), 1);
}

#[tokio::test]
async fn only_admins_reach_the_administration() {
    let app = TestApp::new().await;
    let anon = app.client();
    for path in ["/admin", "/admin/departments", "/admin/users"] {
        let r = anon.get(path).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        assert!(r.location().unwrap().starts_with("/login?next="), "{path}");
    }
    let citizen = app.citizen("kai@example.org", "Kai", PW).await;
    for path in ["/admin", "/admin/departments", "/admin/users"] {
        let r = citizen.get(path).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
        r.assert_contains("Kein Zugriff");
    }
    let r = citizen
        .post_form("/admin/departments", &[("name", "Hackbehörde")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let kai = db::accounts::by_email(&app.db, "kai@example.org")
        .await
        .unwrap()
        .unwrap();
    let r = citizen
        .post_form(
            &format!("/admin/users/{}/role", kai.id),
            &[("role", "admin"), ("department_id", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(db::departments::list(&app.db).await.unwrap().len(), 0);
    assert_eq!(
        db::accounts::by_id(&app.db, kai.id)
            .await
            .unwrap()
            .unwrap()
            .role,
        domain::Role::Citizen
    );
}

#[tokio::test]
async fn the_last_admin_cannot_become_staff_either() {
    let app = TestApp::new().await;
    let admin = app.admin("admin@example.org", PW).await;
    admin
        .post_form("/admin/departments", &[("name", "Bezirksamt Nord")])
        .await;
    let dep = db::departments::by_name(&app.db, "Bezirksamt Nord")
        .await
        .unwrap()
        .unwrap();
    let me = db::accounts::by_email(&app.db, "admin@example.org")
        .await
        .unwrap()
        .unwrap();
    let r = admin
        .post_form(
            &format!("/admin/users/{}/role", me.id),
            &[("role", "staff"), ("department_id", &dep.id.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("letzte Administratorin bzw. der letzte Administrator");
    assert_eq!(db::accounts::count_admins(&app.db).await.unwrap(), 1);
}

#[tokio::test]
async fn departments_are_renamed_by_administrators_only() {
    let app = TestApp::new().await;
    let system = app::Actor::System;
    let state = &app.state.app;
    let dep = app::admin::create_department(state, &system, "Bauamt")
        .await
        .unwrap()
        .value;
    app::admin::create_department(state, &system, "Umweltamt")
        .await
        .unwrap();
    app.citizen("lea@example.org", "Lea", PW).await;
    let lea = db::accounts::by_email(&app.db, "lea@example.org")
        .await
        .unwrap()
        .unwrap();
    let person = app::Actor::Person(std::sync::Arc::new(lea));
    let r = app::admin::rename_department(state, &person, dep.id, "Hackamt").await;
    assert!(matches!(r, Err(app::CommandError::Forbidden)), "{r:?}");
    let r = app::admin::rename_department(state, &app::Actor::Anonymous, dep.id, "Hackamt").await;
    assert!(matches!(r, Err(app::CommandError::LoginRequired)), "{r:?}");
    let e = app::admin::rename_department(state, &system, dep.id, "Umweltamt")
        .await
        .unwrap_err();
    assert_eq!(
        e.field_errors().unwrap().get("name"),
        Some("error-department-exists")
    );
    let r = app::admin::rename_department(state, &system, 99_999, "Neu").await;
    assert!(matches!(r, Err(app::CommandError::NotFound)), "{r:?}");
    let out = app::admin::rename_department(state, &system, dep.id, "  Amt für Bauen ")
        .await
        .unwrap();
    assert!(out.changes.tags.contains(&domain::Tag::All));
    assert_eq!(
        db::departments::by_id(&app.db, dep.id)
            .await
            .unwrap()
            .unwrap()
            .name,
        "Amt für Bauen"
    );
    // Roles too are given by administrators only.
    let r = app::admin::set_role(state, &person, dep.id, domain::Role::Admin, None).await;
    assert!(matches!(r, Err(app::CommandError::Forbidden)), "{r:?}");
}
