//! Documents as Mastodon sends them are read as federation needs them.

use federation::activities::{RemoteActor, id_of, plain_text};
use serde_json::Value;

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/mastodon/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn a_mastodon_actor_gives_its_key_inbox_and_handle() {
    let a = RemoteActor::from_json(&fixture("actor.json")).expect("actor");
    assert_eq!(a.id, "https://ap.example.com/users/foo");
    assert_eq!(a.inbox, "https://ap.example.com/users/foo/inbox");
    // Posts go to the server's shared inbox, once per server.
    assert_eq!(a.delivery_inbox(), "https://ap.example.com/inbox");
    assert_eq!(a.key_id, "https://ap.example.com/users/foo#main-key");
    assert_eq!(a.key_owner, a.id);
    assert!(a.public_key_pem.starts_with("-----BEGIN PUBLIC KEY-----"));
    assert_eq!(a.handle(), "@foo@ap.example.com");
    assert_eq!(a.url, "https://ap.example.com/@foo");
}

#[test]
fn a_mastodon_follow_names_who_follows_whom() {
    let f = fixture("follow.json");
    assert_eq!(f["type"], "Follow");
    assert_eq!(
        id_of(&f["actor"]).as_deref(),
        Some("https://ap.example.com/users/foo")
    );
    assert_eq!(
        id_of(&f["object"]).as_deref(),
        Some("https://mitreden.example/ap/processes/1")
    );
}

#[test]
fn a_mastodon_reply_gives_its_target_and_text() {
    let c = fixture("create_note.json");
    assert_eq!(c["type"], "Create");
    let note = &c["object"];
    assert_eq!(note["type"], "Note");
    assert_eq!(
        id_of(&note["inReplyTo"]).as_deref(),
        Some("https://mitreden.example/ap/posts/1")
    );
    assert_eq!(id_of(&note["attributedTo"]), id_of(&c["actor"]));
    assert_eq!(
        plain_text(note["content"].as_str().unwrap()),
        "@process-1 Danke für die Antwort! Wann & wo beginnt der Bau?"
    );
}
