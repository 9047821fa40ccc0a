//! Federation over real TCP on loopback: a fediverse account (a minimal
//! remote server started by the test, with its own key) finds a process by
//! WebFinger, follows it and is accepted with a signed Accept, receives the
//! official answer on an idea as a signed Create Note, and its reply shows as
//! a comment in the process discussion, marked with its origin. Bad
//! signatures are refused, a dead server is given up by the queue.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::support::{day, publish_process, submit_idea};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde_json::{Value, json};
use testkit::{Client, TestApp};
use url::Url;

const PW: &str = "ein-sicheres-passwort";

/// An instance of mitreden served over TCP on loopback, its own database.
async fn instance(configure: impl FnOnce(&mut web::WebConfig)) -> (TestApp, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let url = Url::parse(&base).unwrap();
    let app = TestApp::with_config(|c| {
        c.public_url = url;
        c.federation_allow_private = true;
        configure(c);
    })
    .await;
    let router = web::app(app.state.clone());
    tokio::spawn(web::server::serve(
        listener,
        router,
        web::server::Limits::default(),
        std::future::pending::<()>(),
    ));
    (app, base)
}

/// What the remote server received in its inbox.
#[derive(Clone, Default)]
struct Received(Arc<Mutex<Vec<Delivery>>>);

/// A request's headers and JSON body.
type Delivery = (BTreeMap<String, String>, Value);

/// A fediverse account on a server of its own: its actor document and an
/// inbox that keeps what arrives.
struct Remote {
    base: String,
    keys: db::federation::Keys,
    received: Received,
    /// How often its actor document was fetched.
    fetches: Arc<AtomicUsize>,
    /// The actor document it serves.
    doc: Arc<Mutex<Value>>,
}

impl Remote {
    fn actor(&self) -> String {
        format!("{}/users/alice", self.base)
    }

    fn fetches(&self) -> usize {
        self.fetches.load(Ordering::SeqCst)
    }

    /// Publishes a new key in the actor document (key rotation); the
    /// returned pair signs from now on.
    fn rotate_key(&self) -> db::federation::Keys {
        let fresh = federation::keys::generate().unwrap();
        self.doc.lock().unwrap()["publicKey"]["publicKeyPem"] = json!(fresh.public_pem);
        fresh
    }
}

async fn remote() -> Remote {
    remote_claiming(None).await
}

/// A remote server whose actor document claims the id `claimed` (another
/// server's actor) instead of its own.
async fn remote_claiming(claimed: Option<String>) -> Remote {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let base = format!("http://{addr}");
    let keys = federation::keys::generate().unwrap();
    let received = Received::default();
    let doc = json!({
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": claimed.clone().unwrap_or_else(|| format!("{base}/users/alice")),
        "type": "Person",
        "preferredUsername": "alice",
        "inbox": format!("{base}/users/alice/inbox"),
        "url": format!("{base}/@alice"),
        "publicKey": {
            "id": format!("{base}/users/alice#main-key"),
            "owner": claimed.clone().unwrap_or_else(|| format!("{base}/users/alice")),
            "publicKeyPem": keys.public_pem,
        },
    });
    let doc = Arc::new(Mutex::new(doc));
    let fetches = Arc::new(AtomicUsize::new(0));
    let (served, counted) = (doc.clone(), fetches.clone());
    let router = axum::Router::new()
        .route(
            "/users/alice",
            get(move || {
                counted.fetch_add(1, Ordering::SeqCst);
                let doc = served.lock().unwrap().to_string();
                async move { ([("content-type", federation::ACTIVITY_JSON)], doc) }
            }),
        )
        .route(
            "/users/alice/inbox",
            post(|State(r): State<Received>, req: Request| async move {
                let (parts, body) = req.into_parts();
                let body = axum::body::to_bytes(body, 1 << 20).await.unwrap();
                let mut headers = BTreeMap::new();
                for (k, v) in &parts.headers {
                    headers.insert(k.as_str().to_owned(), v.to_str().unwrap().to_owned());
                }
                let v: Value = serde_json::from_slice(&body).unwrap();
                r.0.lock().unwrap().push((headers, v));
                StatusCode::ACCEPTED
            }),
        )
        .with_state(received.clone());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    Remote {
        base,
        keys,
        received,
        fetches,
        doc,
    }
}

/// POSTs `activity` to `inbox`, signed with `private_pem` as `key_id`; the
/// status the inbox answered.
async fn deliver(inbox: &str, key_id: &str, private_pem: &str, activity: &Value) -> u16 {
    let url = Url::parse(inbox).unwrap();
    let body = activity.to_string().into_bytes();
    let mut h = BTreeMap::new();
    h.insert(
        "host".to_owned(),
        format!("{}:{}", url.host_str().unwrap(), url.port().unwrap()),
    );
    h.insert(
        "date".to_owned(),
        chrono::Utc::now()
            .format("%a, %d %b %Y %H:%M:%S GMT")
            .to_string(),
    );
    h.insert("digest".to_owned(), federation::keys::digest(&body));
    let sig = federation::keys::sign(private_pem, key_id, "POST", url.path(), h.clone()).unwrap();
    post_raw(&url, h, Some(sig), body).await
}

async fn post_raw(
    url: &Url,
    headers: BTreeMap<String, String>,
    signature: Option<String>,
    body: Vec<u8>,
) -> u16 {
    let mut sent: Vec<(String, String)> =
        headers.into_iter().filter(|(k, _)| k != "host").collect();
    if let Some(s) = signature {
        sent.push(("signature".into(), s));
    }
    sent.push(("content-type".into(), federation::ACTIVITY_JSON.into()));
    match federation::Net::new(true).post(url, &sent, body).await {
        Ok(()) => 202,
        Err(federation::net::NetError::Status(s)) => s,
        Err(e) => panic!("{e}"),
    }
}

async fn get_json(url: &str) -> Value {
    federation::Net::new(true).get_json(url).await.unwrap()
}

/// A verified, logged-in citizen (registration mails link to the default
/// address, not to this instance's).
async fn citizen(app: &TestApp) -> Client {
    let hash = web::security::hash_password(PW.into()).await.unwrap();
    db::accounts::create(
        &app.db,
        db::accounts::NewUser {
            email: "anna@example.org".into(),
            display_name: "Anna".into(),
            password_hash: hash,
            role: domain::Role::Citizen,
            department_id: None,
            verified: true,
        },
    )
    .await
    .unwrap();
    let c = app.client();
    c.login("anna@example.org", PW).await;
    c
}

async fn process(staff: &Client, dep: i64) -> i64 {
    let until = day(5);
    let fields = [
        ("participation_until", until.as_str()),
        ("categories", "Radwege\nGrün"),
    ];
    publish_process(staff, dep, &fields).await
}

async fn idea(c: &Client, process: i64) -> i64 {
    let fields = [
        ("title", "Fahrradstraße"),
        ("body", "Eine gute Idee."),
        ("category", "Radwege"),
    ];
    submit_idea(c, process, &fields).await
}

/// Checks that `headers` carry a valid signature by `public_pem` for a POST to `path`.
fn signed_by(headers: &BTreeMap<String, String>, path: &str, public_pem: &str) -> bool {
    federation::keys::Unverified::read("POST", path, headers.clone(), true)
        .is_some_and(|u| u.verify(public_pem))
}

#[tokio::test]
async fn a_fediverse_account_follows_a_process_hears_its_answer_and_replies() {
    let (a, base) = instance(|_| {}).await;
    let (staff, dep) = a
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = process(&staff, dep).await;
    let anna = citizen(&a).await;
    let idea = idea(&anna, p).await;
    let host = Url::parse(&base).unwrap();
    let host = format!("{}:{}", host.host_str().unwrap(), host.port().unwrap());

    // WebFinger finds the process's actor.
    let wf = get_json(&format!(
        "{base}/.well-known/webfinger?resource=acct:process-{p}@{host}"
    ))
    .await;
    assert_eq!(wf["subject"], format!("acct:process-{p}@{host}"));
    let actor_url = wf["links"][0]["href"].as_str().unwrap().to_owned();
    assert_eq!(actor_url, format!("{base}/ap/processes/{p}"));
    let unknown = a
        .client()
        .get(&format!(
            "/.well-known/webfinger?resource=acct:process-999@{host}"
        ))
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    // The actor document as Mastodon reads it; browsers get the page.
    let actor = get_json(&actor_url).await;
    assert_eq!(actor["type"], "Group");
    assert_eq!(actor["preferredUsername"], format!("process-{p}"));
    assert_eq!(actor["name"], "Radverkehr in Altona");
    assert_eq!(actor["inbox"], format!("{actor_url}/inbox"));
    assert_eq!(actor["publicKey"]["owner"], actor_url);
    let a_key = actor["publicKey"]["publicKeyPem"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(a_key.starts_with("-----BEGIN PUBLIC KEY-----"));
    let page = a.client().get(&format!("/ap/processes/{p}")).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), Some(format!("/processes/{p}").as_str()));
    // The key is kept: the same one on every request.
    assert_eq!(
        get_json(&actor_url).await["publicKey"]["publicKeyPem"],
        a_key
    );

    // Alice follows; the inbox checks her signature against her key.
    let r = remote().await;
    let follow = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}/follows/1", r.base),
        "type": "Follow",
        "actor": r.actor(),
        "object": actor_url,
    });
    let inbox = format!("{actor_url}/inbox");
    let key_id = format!("{}#main-key", r.actor());
    assert_eq!(
        deliver(&inbox, &key_id, &r.keys.private_pem, &follow).await,
        202
    );
    let followers = get_json(&format!("{actor_url}/followers")).await;
    assert_eq!(followers["totalItems"], 1);

    // The Accept goes out through the queue, signed by the process.
    a.deliver_mail().await;
    let got = r.received.0.lock().unwrap().clone();
    assert_eq!(got.len(), 1, "{got:?}");
    let (h, accept) = &got[0];
    assert_eq!(accept["type"], "Accept");
    assert_eq!(accept["actor"], actor_url);
    assert_eq!(accept["object"]["id"], follow["id"]);
    assert!(signed_by(h, "/users/alice/inbox", &a_key), "{h:?}");
    assert!(h["signature"].contains(&format!("keyId=\"{actor_url}#main-key\"")));

    // The official answer reaches her as a public Note.
    let res = staff
        .post_form(
            &format!("/ideas/{idea}/status"),
            &[
                ("status", "accepted"),
                ("answer", "Wir richten die Fahrradstraße 2027 ein."),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    a.deliver_mail().await;
    let got = r.received.0.lock().unwrap().clone();
    assert_eq!(got.len(), 2, "{got:?}");
    let (h, create) = &got[1];
    assert!(signed_by(h, "/users/alice/inbox", &a_key));
    assert_eq!(create["type"], "Create");
    assert_eq!(create["actor"], actor_url);
    let note = &create["object"];
    assert_eq!(note["type"], "Note");
    assert_eq!(note["attributedTo"], actor_url);
    assert_eq!(
        note["to"][0],
        "https://www.w3.org/ns/activitystreams#Public"
    );
    let content = note["content"].as_str().unwrap();
    assert!(content.contains("Fahrradstraße"), "{content}");
    assert!(
        content.contains("Wir richten die Fahrradstraße 2027 ein."),
        "{content}"
    );
    assert!(
        content.contains(&format!("{base}/ideas/{idea}")),
        "{content}"
    );
    let note_id = note["id"].as_str().unwrap().to_owned();
    // The note can be fetched, and the outbox lists it.
    assert_eq!(get_json(&note_id).await["id"], note_id);
    let outbox = get_json(&format!("{actor_url}/outbox")).await;
    assert_eq!(outbox["totalItems"], 1);
    assert_eq!(outbox["orderedItems"][0]["object"]["id"], note_id);

    // Her reply becomes a comment in the process discussion.
    let reply = json!({
        "id": format!("{}/statuses/7/activity", r.actor()),
        "type": "Create",
        "actor": r.actor(),
        "object": {
            "id": format!("{}/statuses/7", r.actor()),
            "type": "Note",
            "attributedTo": r.actor(),
            "inReplyTo": note_id,
            "url": format!("{}/@alice/7", r.base),
            "content": "<p><span class=\"h-card\"><a href=\"x\">@<span>process</span></a></span> Danke, das freut uns &amp; die Nachbarn!</p>",
        },
    });
    assert_eq!(
        deliver(&inbox, &key_id, &r.keys.private_pem, &reply).await,
        202
    );
    // Delivered twice (servers retry), it is kept once.
    assert_eq!(
        deliver(&inbox, &key_id, &r.keys.private_pem, &reply).await,
        202
    );
    let page = a.client().get(&format!("/processes/{p}")).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Danke, das freut uns &amp; die Nachbarn!");
    let handle = format!(
        "@alice@{}",
        Url::parse(&r.base).unwrap().host_str().unwrap()
    );
    page.assert_contains(&handle);
    // The page names the process's handle, and Mastodon finds the actor from it.
    page.assert_contains(&format!("Im Fediverse folgen: @process-{p}@{host}"));
    page.assert_contains(&format!(
        "<link rel=\"alternate\" type=\"application/activity+json\" href=\"/ap/processes/{p}\">"
    ));
    // Marked with its origin: a link to the post on her server.
    page.assert_contains(&format!(
        "<a class=\"comment-origin\" href=\"{}/@alice/7\"",
        r.base
    ));
    page.assert_contains("aus dem Fediverse");
    assert_eq!(
        db::comments::subject_count(&a.db, db::comments::Subject::process(p))
            .await
            .unwrap(),
        1
    );

    // The phase that runs is announced once, however often the worker looks.
    assert_eq!(federation::announce_phases(&a.state.app).await.unwrap(), 1);
    assert_eq!(federation::announce_phases(&a.state.app).await.unwrap(), 0);
    a.deliver_mail().await;
    let got = r.received.0.lock().unwrap().clone();
    assert_eq!(got.len(), 3, "{got:?}");
    let phase_note = got[2].1["object"]["content"].as_str().unwrap().to_owned();
    assert!(
        phase_note.contains("Neue Phase: Beteiligung – Radverkehr in Altona"),
        "{phase_note}"
    );
    assert_eq!(
        get_json(&format!("{actor_url}/outbox")).await["totalItems"],
        2
    );

    // Alice stops following.
    let undo = json!({
        "id": format!("{}/follows/1/undo", r.base),
        "type": "Undo",
        "actor": r.actor(),
        "object": follow,
    });
    assert_eq!(
        deliver(&inbox, &key_id, &r.keys.private_pem, &undo).await,
        202
    );
    assert_eq!(
        get_json(&format!("{actor_url}/followers")).await["totalItems"],
        0
    );
}

#[tokio::test]
async fn bad_signatures_are_refused() {
    let (a, base) = instance(|_| {}).await;
    let (staff, dep) = a
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = process(&staff, dep).await;
    let r = remote().await;
    let inbox = format!("{base}/ap/processes/{p}/inbox");
    let follow = json!({
        "id": format!("{}/follows/1", r.base),
        "type": "Follow",
        "actor": r.actor(),
        "object": format!("{base}/ap/processes/{p}"),
    });
    let key_id = format!("{}#main-key", r.actor());
    // Signed with a key that is not Alice's.
    let other = federation::keys::generate().unwrap();
    assert_eq!(
        deliver(&inbox, &key_id, &other.private_pem, &follow).await,
        401
    );
    // Not signed at all.
    let url = Url::parse(&inbox).unwrap();
    let body = follow.to_string().into_bytes();
    let mut h = BTreeMap::new();
    h.insert("digest".to_owned(), federation::keys::digest(&body));
    h.insert(
        "date".to_owned(),
        chrono::Utc::now()
            .format("%a, %d %b %Y %H:%M:%S GMT")
            .to_string(),
    );
    assert_eq!(post_raw(&url, h.clone(), None, body.clone()).await, 401);
    // Signed, but the body was changed on the way.
    h.insert(
        "host".to_owned(),
        format!("{}:{}", url.host_str().unwrap(), url.port().unwrap()),
    );
    let sig = federation::keys::sign(&r.keys.private_pem, &key_id, "POST", url.path(), h.clone())
        .unwrap();
    let mut changed = follow.clone();
    changed["actor"] = json!("https://evil.example/users/mallory");
    assert_eq!(
        post_raw(&url, h, Some(sig), changed.to_string().into_bytes()).await,
        401
    );
    // Alice's key, but speaking for someone else.
    let mut forged = follow.clone();
    forged["actor"] = json!(format!("{}/users/bob", r.base));
    assert_eq!(
        deliver(&inbox, &key_id, &r.keys.private_pem, &forged).await,
        401
    );
    // Another server's document claiming to be Alice, with its own key.
    let mallory = remote_claiming(Some(r.actor())).await;
    assert_eq!(
        deliver(
            &inbox,
            &format!("{}#main-key", mallory.actor()),
            &mallory.keys.private_pem,
            &follow
        )
        .await,
        401
    );
    // None of it made a follower.
    assert_eq!(db::federation::follower_count(&a.db, p).await.unwrap(), 0);
    // A body beyond the limit is not read.
    let big = json!({"type": "Follow", "pad": "x".repeat(federation::MAX_INBOX_BYTES)});
    assert_eq!(
        deliver(&inbox, &key_id, &r.keys.private_pem, &big).await,
        413
    );
}

#[tokio::test]
async fn a_dead_server_is_given_up_and_replies_are_rate_limited() {
    let (a, base) = instance(|c| {
        c.job_retry = db::jobs::Retry {
            first: chrono::Duration::zero(),
            cap: chrono::Duration::zero(),
            keep: chrono::Duration::zero(),
        };
        c.rate_limits.comments_per_account = domain::limits::RateLimit::per_minutes(2, 5);
    })
    .await;
    let (staff, dep) = a
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = process(&staff, dep).await;
    let anna = citizen(&a).await;
    let idea = idea(&anna, p).await;
    // A follower whose server is gone: nothing listens on its port.
    let dead = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead_inbox = format!("http://{}/inbox", dead.local_addr().unwrap());
    drop(dead);
    app::federation::accept_follow(
        &a.state.app,
        p,
        "http://gone.example/users/x",
        &dead_inbox,
        None,
    )
    .await
    .unwrap();
    let res = staff
        .post_form(
            &format!("/ideas/{idea}/status"),
            &[("status", "accepted"), ("answer", "Ja.")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    a.deliver_mail().await;
    let failed = db::jobs::failed(&a.db, db::federation::DELIVER_JOB, 10)
        .await
        .unwrap();
    assert_eq!(failed.len(), 1);
    assert!(failed[0].payload.contains(&dead_inbox));
    assert_eq!(db::jobs::pending(&a.db).await.unwrap(), 0);

    // A remote actor posts no faster than a local person.
    let r = remote().await;
    let inbox = format!("{base}/ap/processes/{p}/inbox");
    let key_id = format!("{}#main-key", r.actor());
    let note_id = format!("{base}/ap/posts/1");
    let mut codes = vec![];
    for i in 0..3 {
        let reply = json!({
            "id": format!("{}/statuses/{i}/activity", r.actor()),
            "type": "Create",
            "actor": r.actor(),
            "object": {
                "id": format!("{}/statuses/{i}", r.actor()),
                "type": "Note",
                "attributedTo": r.actor(),
                "inReplyTo": note_id,
                "content": format!("<p>Antwort {i}</p>"),
            },
        });
        codes.push(deliver(&inbox, &key_id, &r.keys.private_pem, &reply).await);
    }
    assert_eq!(codes, vec![202, 202, 429]);
}

#[tokio::test]
async fn two_instances_federate_with_each_other() {
    let (a, base_a) = instance(|_| {}).await;
    let (b, base_b) = instance(|_| {}).await;
    let (staff_a, dep_a) = a
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let (staff_b, dep_b) = b
        .staff("team@eimsbuettel.example", PW, "Bezirksamt Eimsbüttel")
        .await;
    let pa = process(&staff_a, dep_a).await;
    let pb = process(&staff_b, dep_b).await;
    let anna = citizen(&a).await;
    let idea = idea(&anna, pa).await;
    let actor_a = format!("{base_a}/ap/processes/{pa}");
    let actor_b = format!("{base_b}/ap/processes/{pb}");

    // B's process follows A's: B signs the Follow, A checks it against B's
    // actor document and answers with an Accept that B checks against A's.
    federation::follow(&b.state.app, &b.state.federation, pb, &actor_a)
        .await
        .unwrap();
    assert_eq!(b.deliver_mail().await, 1);
    assert_eq!(db::federation::follower_count(&a.db, pa).await.unwrap(), 1);
    assert_eq!(
        db::federation::followers(&a.db, pa, 10, 0).await.unwrap()[0].actor,
        actor_b
    );
    assert_eq!(a.deliver_mail().await, 1);

    // A's official answer reaches B.
    let res = staff_a
        .post_form(
            &format!("/ideas/{idea}/status"),
            &[("status", "accepted"), ("answer", "Wir bauen sie.")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    // The fan-out, then the delivery (and Anna's status mail).
    a.deliver_mail().await;
    // Every delivery between the two was taken (a refusal would be kept as failed).
    for app in [&a, &b] {
        assert!(
            db::jobs::failed(&app.db, db::federation::DELIVER_JOB, 10)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(db::jobs::pending(&app.db).await.unwrap(), 0);
    }

    // A reply signed with B's process key is checked against B's real actor
    // document and shows on A with B's handle.
    let keys_b = db::federation::keys(&b.db, pb).await.unwrap().unwrap();
    let note_id = get_json(&format!("{actor_a}/outbox")).await["orderedItems"][0]["object"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let reply = json!({
        "id": format!("{actor_b}/replies/1/activity"),
        "type": "Create",
        "actor": actor_b,
        "object": {
            "id": format!("{actor_b}/replies/1"),
            "type": "Note",
            "attributedTo": actor_b,
            "inReplyTo": note_id,
            "content": "<p>Eimsbüttel dankt!</p>",
        },
    });
    let code = deliver(
        &format!("{actor_a}/inbox"),
        &format!("{actor_b}#main-key"),
        &keys_b.private_pem,
        &reply,
    )
    .await;
    assert_eq!(code, 202);
    let page = a.client().get(&format!("/processes/{pa}")).await;
    page.assert_contains("Eimsbüttel dankt!");
    // A keeps B's actor document from the Follow, with B's key.
    let kept = db::federation::cached_actor(&a.db, &actor_b)
        .await
        .unwrap()
        .expect("B's document is kept");
    let kept: Value = serde_json::from_str(&kept.document).unwrap();
    assert_eq!(kept["publicKey"]["publicKeyPem"], keys_b.public_pem);
    let host_b = Url::parse(&base_b).unwrap();
    page.assert_contains(&format!("@process-{pb}@{}", host_b.host_str().unwrap()));
}

/// A Note answering the newest post of process `p` on instance `base`.
async fn reply_to_newest(a: &TestApp, base: &str, p: i64, r: &Remote, n: u32, html: &str) -> Value {
    let post = db::federation::posts(&a.db, p, 1).await.unwrap()[0].id;
    json!({
        "id": format!("{}/statuses/{n}/activity", r.actor()),
        "type": "Create",
        "actor": r.actor(),
        "object": {
            "id": format!("{}/statuses/{n}", r.actor()),
            "type": "Note",
            "attributedTo": r.actor(),
            "inReplyTo": format!("{base}/ap/posts/{post}"),
            "url": format!("{}/@alice/{n}", r.base),
            "content": html,
        },
    })
}

#[tokio::test]
async fn a_reply_refused_on_the_way_leaves_no_account_behind() {
    let (a, base) = instance(|_| {}).await;
    let (staff, dep) = a
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = process(&staff, dep).await;
    let anna = citizen(&a).await;
    let idea = idea(&anna, p).await;
    let res = staff
        .post_form(
            &format!("/ideas/{idea}/status"),
            &[("status", "accepted"), ("answer", "Ja.")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let r = remote().await;
    let inbox = format!("{base}/ap/processes/{p}/inbox");
    let key_id = format!("{}#main-key", r.actor());
    let no_account = |a: &TestApp, actor: String| {
        let db = a.db.clone();
        async move {
            db::federation::remote_account(&db, &actor)
                .await
                .unwrap()
                .is_none()
                && db::accounts::by_email(&db, &format!("fediverse:{actor}"))
                    .await
                    .unwrap()
                    .is_none()
        }
    };

    // A reply without words is refused, and its actor gets no account.
    let empty = reply_to_newest(&a, &base, p, &r, 1, "<p> </p>").await;
    assert_eq!(
        deliver(&inbox, &key_id, &r.keys.private_pem, &empty).await,
        422
    );
    assert!(no_account(&a, r.actor()).await);

    // Refused inside the comment's transaction (its parent is gone): the
    // account made in it goes with it.
    let refused = app::comments::federated(
        &a.state.app,
        db::federation::RemoteAuthor {
            actor: r.actor(),
            handle: "@alice@127.0.0.1".into(),
            url: format!("{}/@alice", r.base),
        },
        app::comments::Write {
            subject: db::comments::Subject::process(p),
            parent_id: Some(999_999),
            body: "Antwort auf nichts".into(),
        },
        db::comments::Origin {
            object: format!("{}/statuses/2", r.actor()),
            url: format!("{}/@alice/2", r.base),
        },
    )
    .await;
    assert!(refused.is_err());
    assert!(no_account(&a, r.actor()).await);
    assert!(
        !db::federation::reply_known(&a.db, &format!("{}/statuses/2", r.actor()))
            .await
            .unwrap()
    );

    // A good reply makes the account and the comment together.
    let good = reply_to_newest(&a, &base, p, &r, 3, "<p>Danke!</p>").await;
    assert_eq!(
        deliver(&inbox, &key_id, &r.keys.private_pem, &good).await,
        202
    );
    assert!(!no_account(&a, r.actor()).await);
    let page = a.client().get(&format!("/processes/{p}")).await;
    page.assert_contains("Danke!");
    page.assert_contains("aus dem Fediverse");
    assert_eq!(
        db::comments::subject_count(&a.db, db::comments::Subject::process(p))
            .await
            .unwrap(),
        1
    );
}

#[tokio::test]
async fn actor_documents_are_kept_and_fetched_again_for_a_new_key_or_when_old() {
    let (a, base) = instance(|_| {}).await;
    let (staff, dep) = a
        .staff("team@altona.example", PW, "Bezirksamt Altona")
        .await;
    let p = process(&staff, dep).await;
    let r = remote().await;
    let inbox = format!("{base}/ap/processes/{p}/inbox");
    let key_id = format!("{}#main-key", r.actor());
    let follow = json!({
        "id": format!("{}/follows/1", r.base),
        "type": "Follow",
        "actor": r.actor(),
        "object": format!("{base}/ap/processes/{p}"),
    });
    // The first activity fetches the document, the next ones use it.
    for _ in 0..3 {
        assert_eq!(
            deliver(&inbox, &key_id, &r.keys.private_pem, &follow).await,
            202
        );
    }
    assert_eq!(r.fetches(), 1);
    let kept = db::federation::cached_actor(&a.db, &r.actor())
        .await
        .unwrap()
        .unwrap();
    assert!(kept.document.contains("BEGIN PUBLIC KEY"));

    // The actor changed its key: the kept key fails, the document is
    // fetched afresh and the new key verifies.
    let fresh = r.rotate_key();
    assert_eq!(
        deliver(&inbox, &key_id, &fresh.private_pem, &follow).await,
        202
    );
    assert_eq!(r.fetches(), 2);
    let kept = db::federation::cached_actor(&a.db, &r.actor())
        .await
        .unwrap()
        .unwrap();
    let kept: Value = serde_json::from_str(&kept.document).unwrap();
    assert_eq!(kept["publicKey"]["publicKeyPem"], fresh.public_pem);
    assert_eq!(
        deliver(&inbox, &key_id, &fresh.private_pem, &follow).await,
        202
    );
    assert_eq!(r.fetches(), 2);
    // The old key is refused, even after looking again.
    assert_eq!(
        deliver(&inbox, &key_id, &r.keys.private_pem, &follow).await,
        401
    );
    assert_eq!(r.fetches(), 3);

    // Past its time a kept document is fetched again.
    let (b, base_b) = instance(|c| c.federation_actor_ttl = std::time::Duration::ZERO).await;
    let (staff_b, dep_b) = b
        .staff("team@eimsbuettel.example", PW, "Bezirksamt Eimsbüttel")
        .await;
    let pb = process(&staff_b, dep_b).await;
    let mut follow_b = follow.clone();
    follow_b["object"] = json!(format!("{base_b}/ap/processes/{pb}"));
    for _ in 0..2 {
        assert_eq!(
            deliver(
                &format!("{base_b}/ap/processes/{pb}/inbox"),
                &key_id,
                &fresh.private_pem,
                &follow_b
            )
            .await,
            202
        );
    }
    assert_eq!(r.fetches(), 5);
}
