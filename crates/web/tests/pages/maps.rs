//! Maps and addresses: base layers an administrator uploads (checked), the
//! address register imported from CSV (bad rows reported), the normalised
//! address search, the idea map's marker links and legend, and the place
//! picker without JavaScript.

use axum::http::StatusCode;
use chrono::{Duration, Local};
use testkit::{Client, TestApp};

const PW: &str = "ein-sicheres-passwort";

const DISTRICT: &str = r#"{"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"name":"Altona"},"geometry":{"type":"Polygon","coordinates":[[[9.90,53.54],[9.97,53.54],[9.97,53.58],[9.90,53.58],[9.90,53.54]]]}}]}"#;
const STREET: &str = r#"{"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"name":"Max-Brauer-Allee"},"geometry":{"type":"LineString","coordinates":[[9.93,53.55],[9.94,53.56]]}}]}"#;

const ADDRESSES: &str = "\u{feff}Straße;Hausnummer;PLZ;lat;lon\n\
    Max-Brauer-Allee;1;22765;53,5532;9,9366\n\
    Max-Brauer-Allee;12;22765;53,5540;9,9370\n\
    Osterstraße;12;20259;53.5714;9.9545\n\
    ;5;20259;53.57;9.95\n\
    \"Weg beim Jäger\";7a;22335;x;9.99\n\
    Große Bergstraße;200;22767;53.5510;9.9390\n";

fn day(offset: i64) -> String {
    (Local::now().date_naive() + Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

async fn ideas_process(app: &TestApp) -> i64 {
    let (staff, dep) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let r = staff
        .post_multipart(
            "/processes",
            &[
                ("title", "Radverkehr in Altona"),
                ("summary", "Ideen gesucht"),
                ("department_id", &dep.to_string()),
                ("participation_from", &day(-1)),
                ("participation_until", &day(5)),
                ("ideas_enabled", "1"),
                ("action", "publish"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location()
        .unwrap()
        .trim_start_matches("/processes/")
        .parse()
        .unwrap()
}

async fn upload(admin: &Client, kind: &str, name: &str, file: &str) -> testkit::Response {
    admin
        .post_multipart(
            "/admin/maps/layers",
            &[
                ("kind", kind),
                ("name", name),
                ("attribution", "© Testdaten, CC0"),
            ],
            Some(("file", "layer.geojson", file.as_bytes())),
        )
        .await
}

async fn import(admin: &Client, csv: &str) -> testkit::Response {
    admin
        .post_multipart(
            "/admin/maps/addresses",
            &[],
            Some(("file", "adressen.csv", csv.as_bytes())),
        )
        .await
}

#[tokio::test]
async fn uploaded_layers_are_checked_and_drawn_under_the_ideas() {
    let app = TestApp::new().await;
    let admin = app.admin("admin@example.org", PW).await;
    let p = ideas_process(&app).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let r = anna
        .post_multipart(
            &format!("/processes/{p}/ideas"),
            &[
                ("title", "Bänke am Bahnhof"),
                ("body", "Mehr Bänke."),
                ("lat", "53.552"),
                ("lon", "9.935"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // Refusals, each with its message next to the field, the typed name kept.
    for (file, message) in [
        ("kein json", "Die Datei ist kein JSON."),
        (
            r#"{"type":"Point","coordinates":[200,53]}"#,
            "Koordinaten liegen außerhalb des gültigen Bereichs.",
        ),
        (
            r#"{"type":"GeometryCollection","geometries":[]}"#,
            "Nur Punkte, Linien und Flächen",
        ),
        (
            r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[9.9]]}}]}"#,
            "Die Datei ist kein gültiges GeoJSON",
        ),
        ("", "Die Datei enthält keine Geometrie."),
    ] {
        let r = upload(&admin, "districts", "Bezirke Test", file).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{file}");
        r.assert_contains(message);
        r.assert_contains("id=\"layer-file-error\"");
        r.assert_contains("value=\"Bezirke Test\"");
    }
    let r = upload(&admin, "volcanoes", "", DISTRICT).await;
    r.assert_contains("Bitte wählen Sie die Art der Ebene.");
    r.assert_contains("Bitte füllen Sie dieses Feld aus.");
    assert!(db::maps::layers(&app.db).await.unwrap().is_empty());

    // Before any layer the map shows the markers alone.
    let map = app.client().get(&format!("/processes/{p}/ideas/map")).await;
    assert!(!map.body.contains("layer-districts"));

    let r = upload(&admin, "districts", "Bezirke", DISTRICT).await;
    assert_eq!(r.location(), Some("/admin/maps"));
    let page = admin.get("/admin/maps").await;
    page.assert_contains("Die Kartenebene wurde gespeichert.");
    page.assert_contains("<td>Bezirke<br><small>© Testdaten, CC0</small></td>");
    let layers = db::maps::layers(&app.db).await.unwrap();
    assert_eq!((layers.len(), layers[0].features), (1, 1));

    // The upload is seen at once by the (cached) map page.
    let map = app.client().get(&format!("/processes/{p}/ideas/map")).await;
    map.assert_contains("class=\"layer layer-districts\"");
    map.assert_contains("Kartengrundlage: © Testdaten, CC0");
    assert!(!map.body.contains("layer-streets"));
    upload(&admin, "streets", "Straßen", STREET).await;
    let map = app.client().get(&format!("/processes/{p}/ideas/map")).await;
    map.assert_contains("class=\"layer layer-streets\"");
    // The attribution is named once for both layers.
    assert_eq!(map.body.matches("© Testdaten, CC0").count(), 1);

    let id = db::maps::layers(&app.db).await.unwrap()[1].id;
    let r = admin
        .post_form(&format!("/admin/maps/layers/{id}/delete"), &[])
        .await;
    assert_eq!(r.location(), Some("/admin/maps"));
    let map = app.client().get(&format!("/processes/{p}/ideas/map")).await;
    assert!(!map.body.contains("layer-streets"));
}

#[tokio::test]
async fn only_administrators_manage_maps_and_addresses() {
    let app = TestApp::new().await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let (staff, _) = app
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    for c in [&anna, &staff] {
        assert_eq!(c.get("/admin/maps").await.status, StatusCode::FORBIDDEN);
        assert_eq!(
            upload(c, "districts", "Bezirke", DISTRICT).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(import(c, ADDRESSES).await.status, StatusCode::FORBIDDEN);
    }
    let r = app.client().get("/admin/maps").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().unwrap().starts_with("/login"));
    assert!(db::maps::layers(&app.db).await.unwrap().is_empty());
    assert!(!db::maps::has_addresses(&app.db).await.unwrap());
}

#[tokio::test]
async fn an_address_file_is_imported_and_its_bad_rows_reported() {
    let app = TestApp::new().await;
    let admin = app.admin("admin@example.org", PW).await;
    let r = import(&admin, ADDRESSES).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.assert_contains("4 Adressen eingelesen.");
    r.assert_contains("2 Zeilen wurden übersprungen:");
    r.assert_contains("Zeile 5: Straße oder Hausnummer fehlt.");
    r.assert_contains("Zeile 6: Breite oder Länge ist keine gültige Zahl.");
    r.assert_contains("Das Verzeichnis enthält 4 Adressen.");
    assert_eq!(db::maps::address_count(&app.db).await.unwrap(), 4);

    // A file without the columns is refused and the register kept.
    let r = import(&admin, "name,ort\nA,B\n").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Die Kopfzeile nennt nicht die Spalten street, housenumber, lat und lon.");
    assert_eq!(db::maps::address_count(&app.db).await.unwrap(), 4);

    // Commas and quotes; a new import replaces the register.
    let r = import(
        &admin,
        "street,housenumber,postcode,city,lat,lon\n\"Elbchaussee\",\"1\",22763,Hamburg,53.546,9.93\n",
    )
    .await;
    r.assert_contains("Eine Adresse eingelesen.");
    assert_eq!(db::maps::address_count(&app.db).await.unwrap(), 1);
}

fn labels(body: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(body).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|a| a["label"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_address_search_ignores_spelling() {
    let app = TestApp::new().await;
    let admin = app.admin("admin@example.org", PW).await;
    import(&admin, ADDRESSES).await;
    let search = |q: &str| {
        let c = app.client();
        let q = q.to_owned();
        async move {
            let r = c
                .get(&format!(
                    "/addresses/search?q={}",
                    url::form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>()
                ))
                .await;
            assert_eq!(r.status, StatusCode::OK);
            labels(&r.body)
        }
    };
    let both = vec![
        "Max-Brauer-Allee 1, 22765".to_owned(),
        "Max-Brauer-Allee 12, 22765".to_owned(),
    ];
    assert_eq!(search("Max-Brauer-Allee 1").await, both);
    assert_eq!(search("max brauer allee").await, both);
    assert_eq!(search("MAX BRAUER ALLEE 12").await, &both[1..]);
    let oster = vec!["Osterstraße 12, 20259".to_owned()];
    assert_eq!(search("Osterstrasse 12").await, oster);
    assert_eq!(search("osterstr. 1").await, oster);
    assert_eq!(search("Osterstra").await, oster);
    assert_eq!(search("Osterstraße").await, oster);
    assert_eq!(
        search("grosse bergstr 200").await,
        vec!["Große Bergstraße 200, 22767".to_owned()]
    );
    assert!(search("Nirgendwo").await.is_empty());
    assert!(search("").await.is_empty());
    assert!(search("%").await.is_empty());
}

#[tokio::test]
async fn markers_link_to_their_ideas_with_a_legend_and_a_list() {
    let app = TestApp::new().await;
    let p = ideas_process(&app).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let r = anna
        .post_multipart(
            &format!("/processes/{p}/ideas"),
            &[
                ("title", "Bänke am Bahnhof"),
                ("body", "Mehr Bänke."),
                ("address", "Bahnhof Altona"),
                ("lat", "53.552"),
                ("lon", "9.935"),
            ],
            None,
        )
        .await;
    let id: i64 = r
        .location()
        .unwrap()
        .trim_start_matches("/ideas/")
        .parse()
        .unwrap();
    anna.post_multipart(
        &format!("/processes/{p}/ideas"),
        &[("title", "Ohne Ort"), ("body", "Irgendwo.")],
        None,
    )
    .await;
    let map = app.client().get(&format!("/processes/{p}/ideas/map")).await;
    assert_eq!(map.status, StatusCode::OK);
    // One marker, a link with an accessible name that names the status.
    map.assert_contains(&format!(
        "<a href=\"/ideas/{id}\" class=\"map-marker status-received\" aria-label=\"Bänke am Bahnhof (Eingegangen)\">"
    ));
    assert_eq!(
        map.body.matches("class=\"map-marker status-").count(),
        1 + 5
    );
    // The legend: every status with its shape.
    map.assert_contains("<h2 id=\"map-legend-title\">Legende</h2>");
    for s in [
        "Eingegangen",
        "In Prüfung",
        "Angenommen",
        "Umgesetzt",
        "Abgelehnt",
    ] {
        map.assert_contains(&format!("</svg> {s}</li>"));
    }
    // Without JavaScript: the same ideas in a table with links.
    map.assert_contains(&format!(
        "<td><a href=\"/ideas/{id}\">Bänke am Bahnhof</a></td><td>Bahnhof Altona</td>"
    ));
    assert!(!map.body.contains("Ohne Ort"));
    map.assert_contains("/static/map.");
}

#[tokio::test]
async fn the_place_picker_finds_addresses_without_javascript() {
    let app = TestApp::new().await;
    let admin = app.admin("admin@example.org", PW).await;
    import(&admin, ADDRESSES).await;
    let p = ideas_process(&app).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let path = format!("/processes/{p}/ideas");

    // "Find address": the matches to choose from, everything typed kept.
    let r = anna
        .post_multipart(
            &path,
            &[
                ("title", "Fahrradbügel"),
                ("body", "Vor der Schule."),
                ("address", "max brauer allee"),
                ("intent", "find-address"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.assert_contains("Passende Adressen");
    r.assert_contains("Max-Brauer-Allee 1, 22765</label>");
    r.assert_contains("Max-Brauer-Allee 12, 22765</label>");
    r.assert_contains("value=\"Fahrradbügel\"");
    r.assert_contains(">Vor der Schule.</textarea>");
    assert!(
        db::ideas::with_places(&app.db, p, 10)
            .await
            .unwrap()
            .is_empty()
    );

    // An address that is not in the register: a message at the field.
    let r = anna
        .post_multipart(
            &path,
            &[
                ("title", "Fahrradbügel"),
                ("body", "Vor der Schule."),
                ("address", "Nirgendwoweg 3"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("id=\"address-error\"");
    r.assert_contains("Diese Adresse steht nicht im Adressverzeichnis.");
    r.assert_contains("value=\"Nirgendwoweg 3\"");

    // Several match: choose one.
    let r = anna
        .post_multipart(
            &path,
            &[
                ("title", "Fahrradbügel"),
                ("body", "Vor der Schule."),
                ("address", "Max-Brauer-Allee"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Mehrere Adressen passen.");

    // The chosen address gives the idea its place.
    let twelve = db::maps::search(&app.db, "maxbrauerallee12", 1)
        .await
        .unwrap()
        .remove(0);
    let r = anna
        .post_multipart(
            &path,
            &[
                ("title", "Fahrradbügel"),
                ("body", "Vor der Schule."),
                ("address", "max brauer allee"),
                ("address_pick", &twelve.id.to_string()),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // An exact address alone is enough.
    anna.post_multipart(
        &path,
        &[
            ("title", "Bank"),
            ("body", "Eine Bank."),
            ("address", "Osterstrasse 12"),
        ],
        None,
    )
    .await;
    let placed = db::ideas::with_places(&app.db, p, 10).await.unwrap();
    assert_eq!(placed.len(), 2);
    assert_eq!(
        placed[0].address.as_deref(),
        Some("Max-Brauer-Allee 12, 22765")
    );
    assert_eq!(placed[0].place, Some((53.554, 9.937)));
    assert_eq!(placed[1].address.as_deref(), Some("Osterstraße 12, 20259"));

    // Coordinates typed by hand are taken as they are, the address as a description.
    let r = anna
        .post_multipart(
            &path,
            &[
                ("title", "Baum"),
                ("body", "Ein Baum."),
                ("address", "Hinter dem Spielplatz"),
                ("lat", "53.56"),
                ("lon", "9.95"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

#[tokio::test]
async fn the_idea_form_offers_a_map_to_pick_from_once_there_are_layers() {
    let app = TestApp::new().await;
    let admin = app.admin("admin@example.org", PW).await;
    let p = ideas_process(&app).await;
    let anna = app.citizen("anna@example.org", "Anna", PW).await;
    let form = anna.get(&format!("/processes/{p}/ideas/new")).await;
    form.assert_contains("Adresse suchen");
    form.assert_contains("<summary>Koordinaten (für Fortgeschrittene)</summary>");
    assert!(!form.body.contains("data-picker"));
    upload(&admin, "districts", "Bezirke", DISTRICT).await;
    let form = anna.get(&format!("/processes/{p}/ideas/new")).await;
    form.assert_contains("data-picker");
    form.assert_contains("class=\"layer layer-districts\"");
}
