//! Search (ranking, excerpts, filters, paging), the start page's sections and
//! figures, the site's settings (name, logo), numbers in the reader's
//! language and the CSV exports' separator and byte-order mark.

use std::collections::{BTreeMap, BTreeSet};

use app::Actor;
use app::comments::Write;
use axum::http::StatusCode;
use db::comments::Subject;
use domain::surveys::Item;
use testkit::{Client, TestApp};

const PW: &str = "ein-sicheres-passwort";

fn day(offset: i64) -> String {
    (web::dates::today() + chrono::Duration::days(offset)).to_string()
}

/// A published process with these fields over the defaults.
async fn process(staff: &Client, dep: i64, fields: &[(&str, &str)]) -> i64 {
    staff.publish_process(dep, fields).await
}

async fn author(app: &TestApp) -> i64 {
    app.citizen("bea@example.org", "Bea", PW).await;
    db::accounts::by_email(&app.db, "bea@example.org")
        .await
        .unwrap()
        .expect("citizen")
        .id
}

async fn comment(app: &TestApp, author: i64, process: i64, body: &str) {
    app::comments::import(
        &app.state.app,
        &Actor::System,
        author,
        Write {
            subject: Subject::process(process),
            parent_id: None,
            body: body.into(),
        },
    )
    .await
    .unwrap();
}

/// The result links of a search page, in order.
fn result_links(body: &str) -> Vec<String> {
    let list = body
        .split("<ol class=\"search-results\"")
        .nth(1)
        .and_then(|s| s.split("</ol>").next())
        .unwrap_or("");
    list.split("<h2><a href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn search_puts_the_process_of_that_name_first_and_pages_through_every_comment() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@verkehr.example", PW, "Verkehrsbehörde")
        .await;
    let named = process(
        &staff,
        dep,
        &[
            ("title", "Radverkehrskonzept Altona"),
            (
                "description",
                "### Hintergrund\n\nDas **Radverkehrskonzept** ordnet die Wege neu.",
            ),
        ],
    )
    .await;
    let mentions = process(
        &staff,
        dep,
        &[
            ("title", "Parken im Quartier"),
            ("description", "Hängt am Radverkehrskonzept."),
        ],
    )
    .await;
    let bea = author(&app).await;
    for i in 0..60 {
        comment(
            &app,
            bea,
            named,
            &format!("Beitrag {i}: Das Radverkehrskonzept braucht mehr Platz."),
        )
        .await;
    }
    // A comment that does not say the word is not found by its process's title.
    comment(&app, bea, named, "Ich finde das gut.").await;

    let c = app.client();
    let r = c.get("/search?q=Radverkehrskonzept").await;
    assert_eq!(r.status, StatusCode::OK);
    let links = result_links(&r.body);
    assert_eq!(links.len(), 20, "a page of 20");
    assert_eq!(links[0], format!("/processes/{named}"), "title match first");
    assert_eq!(
        links[1],
        format!("/processes/{mentions}"),
        "then body match"
    );
    assert!(
        links[2].starts_with("/comments/"),
        "comments last: {links:?}"
    );
    r.assert_contains("62 Treffer");
    r.assert_contains("<mark>Radverkehrskonzept</mark>");
    assert!(!r.body.contains("###"), "Markdown in an excerpt");
    assert!(!r.body.contains("**"), "Markdown in an excerpt");
    r.assert_contains("Seite 1 von 4");
    r.assert_contains("href=\"/search?q=Radverkehrskonzept&amp;type=&amp;page=2\"");
    // The filters name their counts and work as links.
    r.assert_contains("Verfahren (2)");
    r.assert_contains("Beiträge (60)");
    r.assert_contains("href=\"/search?q=Radverkehrskonzept&amp;type=comment\"");

    // Every comment, page by page, with the filter kept in the links.
    let mut seen = BTreeSet::new();
    for page in 1..=3 {
        let r = c
            .get(&format!(
                "/search?q=Radverkehrskonzept&type=comment&page={page}"
            ))
            .await;
        assert_eq!(r.status, StatusCode::OK);
        r.assert_contains("60 Treffer");
        if page < 3 {
            r.assert_contains(&format!(
                "href=\"/search?q=Radverkehrskonzept&amp;type=comment&amp;page={}\"",
                page + 1
            ));
        }
        for l in result_links(&r.body) {
            assert!(l.starts_with("/comments/"), "{l}");
            seen.insert(l);
        }
    }
    assert_eq!(seen.len(), 60, "no comment lost or repeated across pages");

    let r = c.get("/search?q=Radverkehrskonzept&type=process").await;
    assert_eq!(
        result_links(&r.body),
        vec![
            format!("/processes/{named}"),
            format!("/processes/{mentions}")
        ]
    );
    // An unknown type is every type.
    let r = c.get("/search?q=Radverkehrskonzept&type=nonsense").await;
    r.assert_contains("62 Treffer");
    // A page past the end is empty, not an error.
    let r = c.get("/search?q=Radverkehrskonzept&page=99").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(result_links(&r.body).is_empty());
}

#[tokio::test]
async fn excerpts_are_escaped_plain_text_with_the_words_marked() {
    let app = TestApp::new().await;
    let (staff, dep) = app.staff("team@umwelt.example", PW, "Umweltbehörde").await;
    let hitze = process(
        &staff,
        dep,
        &[
            ("title", "Hitzeschutz in der Innenstadt"),
            (
                "description",
                "### Hintergrund\n\n* Bäume\n* Schatten\n\nDer [Hitzeschutz](https://example.org) braucht _alle_.",
            ),
        ],
    )
    .await;
    let bea = author(&app).await;
    comment(&app, bea, hitze, "Hitzeschutz <b>jetzt</b> & \"sofort\"").await;
    let r = app.client().get("/search?q=hitzeschutz").await;
    let links = result_links(&r.body);
    assert_eq!(links[0], format!("/processes/{hitze}"));
    assert!(!r.body.contains("### Hintergrund"), "{}", r.body);
    assert!(!r.body.contains("](https"), "link markup shown");
    r.assert_contains("<mark>Hitzeschutz</mark> in der Innenstadt");
    r.assert_contains("Der <mark>Hitzeschutz</mark> braucht alle.");
    r.assert_contains("<mark>Hitzeschutz</mark> &lt;b&gt;jetzt&lt;/b&gt; &amp; &quot;sofort&quot;");
    assert!(!r.body.contains("<b>jetzt"), "HTML from a comment");
}

/// A published open survey titled `title` with one number question; returns
/// the survey's and the question's id.
async fn survey(staff: &Client, dep: i64, title: &str, publish: bool) -> (i64, i64, i64) {
    let p = staff.publish_process(dep, &[]).await;
    let r = staff
        .post_form(
            &format!("/processes/{p}/surveys"),
            &[("title", title), ("access", "open")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let s: i64 = r
        .location()
        .unwrap()
        .trim_start_matches("/surveys/")
        .trim_end_matches("/edit")
        .parse()
        .unwrap();
    let r = staff
        .post_form(
            &format!("/surveys/{s}/questions"),
            &[("page", "1"), ("kind", "number"), ("text", "Wie viele?")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    if publish {
        let r = staff
            .post_form(&format!("/surveys/{s}/status"), &[("status", "published")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    (p, s, 0)
}

#[tokio::test]
async fn published_surveys_are_found_and_drafts_are_not() {
    let app = TestApp::new().await;
    let (staff, dep) = app.staff("team@laerm.example", PW, "Lärmschutz").await;
    let (_, open, _) = survey(&staff, dep, "Lärmkarte Wilhelmsburg", true).await;
    let (_, _draft, _) = survey(&staff, dep, "Lärmkarte Harburg", false).await;
    let c = app.client();
    let r = c.get("/search?q=L%C3%A4rmkarte&type=survey").await;
    assert_eq!(result_links(&r.body), vec![format!("/surveys/{open}")]);
    r.assert_contains("Umfragen (1)");
    r.assert_contains("Umfrage</p>");
}

/// The part of the start page from one section's heading to the next.
fn section<'a>(body: &'a str, stage: &str) -> &'a str {
    let start = body
        .find(&format!("id=\"section-{stage}\""))
        .unwrap_or_else(|| panic!("no section {stage}"));
    let rest = &body[start..];
    let end = rest.find("</section>").unwrap_or(rest.len());
    &rest[..end]
}

#[tokio::test]
async fn the_start_page_shows_what_is_open_now_then_what_starts_then_results() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@bezirk.example", PW, "Bezirksamt Mitte")
        .await;
    let (f, u) = (day(-7), day(12));
    let open = process(
        &staff,
        dep,
        &[
            ("title", "Spielplatz Sternschanze"),
            ("participation_from", &f),
            ("participation_until", &u),
        ],
    )
    .await;
    let (f2, u2) = (day(5), day(20));
    let soon = process(
        &staff,
        dep,
        &[
            ("title", "Marktplatz Ottensen"),
            ("participation_from", &f2),
            ("participation_until", &u2),
        ],
    )
    .await;
    let (f3, u3, e1, e2) = (day(-30), day(-2), day(-1), day(20));
    let evaluating = process(
        &staff,
        dep,
        &[
            ("title", "Uferweg Alster"),
            ("participation_from", &f3),
            ("participation_until", &u3),
            ("evaluation_from", &e1),
            ("evaluation_until", &e2),
        ],
    )
    .await;
    let (f4, u4) = (day(0), day(0));
    let last_day = process(
        &staff,
        dep,
        &[
            ("title", "Letzter Tag"),
            ("participation_from", &f4),
            ("participation_until", &u4),
        ],
    )
    .await;

    let r = app.client().get("/").await;
    assert_eq!(r.status, StatusCode::OK);
    let now = section(&r.body, "open");
    assert!(now.contains("Jetzt mitmachen"), "{now}");
    assert!(now.contains(&format!("/processes/{open}\"")), "{now}");
    assert!(now.contains(&format!("/processes/{last_day}\"")), "{now}");
    assert!(
        !now.contains(&format!("/processes/{evaluating}\"")),
        "evaluation is not open"
    );
    assert!(!now.contains(&format!("/processes/{soon}\"")));
    assert!(now.contains("noch 12 Tage"), "{now}");
    assert!(now.contains("letzter Tag"), "{now}");
    // The bar has its words: day 8 of 20.
    assert!(now.contains("Tag 8 von 20 der Beteiligungsphase"), "{now}");
    assert!(
        now.contains("<progress class=\"phase-progress\" max=\"100\" value=\"40\""),
        "{now}"
    );
    // What closes first comes first.
    let first = now.find(&format!("/processes/{last_day}\"")).unwrap();
    let second = now.find(&format!("/processes/{open}\"")).unwrap();
    assert!(first < second);

    let upcoming = section(&r.body, "soon");
    assert!(
        upcoming.contains(&format!("/processes/{soon}\"")),
        "{upcoming}"
    );
    assert!(upcoming.contains("Beteiligung ab"), "{upcoming}");
    let done = section(&r.body, "done");
    assert!(
        done.contains(&format!("/processes/{evaluating}\"")),
        "{done}"
    );
    assert!(done.contains("Aktuelle Phase: Auswertung"), "{done}");
    // Order of the sections.
    let (a, b, c) = (
        r.body.find("section-open").unwrap(),
        r.body.find("section-soon").unwrap(),
        r.body.find("section-done").unwrap(),
    );
    assert!(a < b && b < c);

    // In figures: four processes, nothing said yet.
    let figures = section_figures(&r.body);
    assert!(figures.contains("<dd>4</dd>"), "{figures}");

    // The whole list of a section, linked by its name.
    let r = app.client().get("/processes?status=open").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(&format!("/processes/{open}\"")));
    assert!(!r.body.contains(&format!("/processes/{evaluating}\"")));

    // English says it in English.
    let c = app.client();
    c.get("/language/en?next=%2F").await;
    let r = c.get("/").await;
    let now = section(&r.body, "open");
    assert!(now.contains("12 days left"), "{now}");
    assert!(now.contains("last day"), "{now}");
}

fn section_figures(body: &str) -> &str {
    let start = body.find("class=\"figures-band\"").expect("figures");
    let rest = &body[start..];
    &rest[..rest.find("</dl>").unwrap_or(rest.len())]
}

#[tokio::test]
async fn figures_follow_new_contributions_through_the_cache() {
    let app = TestApp::new().await;
    let (staff, dep) = app.staff("team@klima.example", PW, "Klimaamt").await;
    let p = process(&staff, dep, &[("title", "Klimaplan")]).await;
    let c = app.client();
    let r = c.get("/").await;
    assert!(section_figures(&r.body).contains("<dd>0</dd>"));
    let bea = author(&app).await;
    comment(&app, bea, p, "Ein erster Beitrag").await;
    comment(&app, bea, p, "Ein zweiter Beitrag").await;
    let r = c.get("/").await;
    let f = section_figures(&r.body);
    assert!(
        f.contains("Beiträge und Ideen</dt><dd>2</dd>"),
        "the cached page was not forgotten: {f}"
    );
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::DynamicImage::new_rgba8(w, h);
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[tokio::test]
async fn administrators_name_the_site_and_give_it_a_logo() {
    let app = TestApp::new().await;
    let (staff, _) = app.staff("team@senat.example", PW, "Senatskanzlei").await;
    assert_eq!(
        staff.get("/admin/settings").await.status,
        StatusCode::FORBIDDEN
    );
    let r = staff
        .post_multipart("/admin/settings", &[("name", "Gekapert")], None)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let admin = app.admin("admin@hamburg.example", PW).await;
    let r = admin.get("/admin/settings").await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Name der Website");

    // A name too long: refused next to the field, the typed text kept.
    let long = "Hamburg beteiligt sich an allem, was die Stadt bewegt, jeden Tag";
    assert!(long.chars().count() > 60);
    let r = admin
        .post_multipart("/admin/settings", &[("name", long)], None)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Der Name ist zu lang: höchstens 60 Zeichen.");
    r.assert_contains(&format!("value=\"{long}\""));
    r.assert_contains("id=\"name-error\"");

    // A logo that is no picture: refused, the name kept.
    let r = admin
        .post_multipart(
            "/admin/settings",
            &[("name", "Hamburg gestaltet")],
            Some(("logo", "logo.png", b"<svg onload=alert(1)>")),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("id=\"logo-error\"");
    r.assert_contains("value=\"Hamburg gestaltet\"");
    let r = app.client().get("/").await;
    assert!(!r.body.contains("Hamburg gestaltet"), "nothing saved");

    // Name and logo, shown in the header and the titles of every page.
    let before = app.client().get("/").await;
    before.assert_contains("<span class=\"brand-name\">mitreden</span>");
    let r = admin
        .post_multipart(
            "/admin/settings",
            &[("name", "  Hamburg   gestaltet ")],
            Some(("logo", "logo.png", &png(600, 200))),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let visitor = app.client();
    let r = visitor.get("/").await;
    r.assert_contains("<span class=\"brand-name\">Hamburg gestaltet</span>");
    r.assert_contains("– Hamburg gestaltet</title>");
    let src = r
        .body
        .split("class=\"brand-logo\" src=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("logo in the header")
        .to_owned();
    let img = visitor.get(&src).await;
    assert_eq!(img.status, StatusCode::OK, "{src}");
    let r = visitor.get("/search").await;
    r.assert_contains("– Hamburg gestaltet</title>");

    // Back to the built-in name, the logo removed.
    let r = admin
        .post_multipart(
            "/admin/settings",
            &[("name", ""), ("remove_logo", "1")],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = visitor.get("/").await;
    r.assert_contains("<span class=\"brand-name\">mitreden</span>");
    assert!(!r.body.contains("brand-logo"));
    assert_eq!(visitor.get(&src).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn numbers_carry_the_thousands_separator_and_csv_the_separator_of_the_language() {
    let app = TestApp::new().await;
    let (staff, dep) = app
        .staff("team@statistik.example", PW, "Statistikamt")
        .await;
    let (_, s, _) = survey(&staff, dep, "Große Umfrage", true).await;
    let q = db::surveys::questions(&app.db, s).await.unwrap()[0].id;
    let rows: Vec<_> = (0..2150)
        .map(|i| {
            let mut a = BTreeMap::new();
            let v = if i == 0 { 2.5 } else { 3.0 };
            a.insert(
                q,
                vec![Item {
                    item: String::new(),
                    value: v.to_string(),
                    num: Some(v),
                }],
            );
            (None, a)
        })
        .collect();
    app::surveys::answer::import_responses(&app.state.app, &Actor::System, s, &rows)
        .await
        .unwrap();
    let r = staff.get(&format!("/surveys/{s}/results")).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("2.150 Antworten");
    r.assert_contains(&format!("href=\"/surveys/{s}/answers.csv?sep=comma\""));

    // German: semicolons, decimal commas, a byte-order mark.
    let csv = staff.get(&format!("/surveys/{s}/answers.csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.starts_with('\u{feff}'), "no BOM");
    let header = csv
        .body
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap();
    assert!(header.starts_with("response;"), "{header}");
    assert!(csv.body.contains(";2,5"), "decimal comma");
    assert_eq!(csv.body.lines().count(), 2151);
    // Asked for commas.
    let csv = staff
        .get(&format!("/surveys/{s}/answers.csv?sep=comma"))
        .await;
    assert!(csv.body.starts_with('\u{feff}'));
    assert!(
        csv.body
            .trim_start_matches('\u{feff}')
            .starts_with("response,")
    );
    assert!(csv.body.contains(",2.5"));
    let book = staff.get(&format!("/surveys/{s}/codebook.csv")).await;
    assert!(book.body.starts_with('\u{feff}'));
    assert!(book.body.lines().next().unwrap().contains(';'));

    // English: "2,150" and commas by default.
    staff.get("/language/en?next=%2F").await;
    let r = staff.get(&format!("/surveys/{s}/results")).await;
    r.assert_contains("2,150");
    let csv = staff.get(&format!("/surveys/{s}/answers.csv")).await;
    assert!(
        csv.body
            .trim_start_matches('\u{feff}')
            .starts_with("response,")
    );
    let csv = staff
        .get(&format!("/surveys/{s}/answers.csv?sep=semicolon"))
        .await;
    assert!(
        csv.body
            .trim_start_matches('\u{feff}')
            .starts_with("response;")
    );
}

#[tokio::test]
async fn the_ideas_export_follows_the_separator_too() {
    let app = TestApp::new().await;
    let (staff, dep) = app.staff("team@ideen.example", PW, "Ideenwerkstatt").await;
    let p = process(&staff, dep, &[("ideas_enabled", "1")]).await;
    let csv = staff.get(&format!("/processes/{p}/ideas.csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.starts_with('\u{feff}'));
    assert!(
        csv.body
            .trim_start_matches('\u{feff}')
            .starts_with("id;title;text;")
    );
    let csv = staff
        .get(&format!("/processes/{p}/ideas.csv?sep=comma"))
        .await;
    assert!(
        csv.body
            .trim_start_matches('\u{feff}')
            .starts_with("id,title,text,")
    );
    let page = staff.get(&format!("/processes/{p}")).await;
    page.assert_contains(&format!("href=\"/processes/{p}/ideas.csv?sep=comma\""));
}
