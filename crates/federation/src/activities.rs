//! The ActivityStreams documents a process publishes, and what is read from
//! remote ones.

use i18n::FluentValue;
use serde_json::{Value, json};

use crate::Federation;

pub const AS_CONTEXT: &str = "https://www.w3.org/ns/activitystreams";
pub const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

/// The id an ActivityStreams property names: a string or an object's `id`.
pub fn id_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("id")?.as_str().map(str::to_owned),
        _ => None,
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn actor(
    f: &Federation,
    app: &app::App,
    p: &db::processes::Process,
    public_pem: &str,
) -> Value {
    let url = f.actor_url(p.id);
    let site = app.config.public_url.host_str().unwrap_or("").to_owned();
    let summary = app.i18n.t(
        f.lang,
        "federation-actor-summary",
        &[("site", FluentValue::from(site))],
    );
    json!({
        "@context": [AS_CONTEXT, "https://w3id.org/security/v1"],
        "id": url,
        "type": "Group",
        "preferredUsername": crate::username(p.id),
        "name": p.title,
        "summary": format!("<p>{}</p><p>{}</p>", escape(&p.summary), escape(&summary)),
        "url": format!("{}/processes/{}", f.base(), p.id),
        "inbox": format!("{url}/inbox"),
        "outbox": format!("{url}/outbox"),
        "followers": format!("{url}/followers"),
        "manuallyApprovesFollowers": false,
        "discoverable": true,
        "published": p.published_at.unwrap_or(p.created_at).to_rfc3339(),
        "publicKey": {
            "id": format!("{url}#main-key"),
            "owner": url,
            "publicKeyPem": public_pem,
        },
    })
}

/// A post as a Note (without `@context`, for embedding).
pub fn note(f: &Federation, app: &app::App, post: &db::federation::Post) -> Value {
    let actor = f.actor_url(post.process_id);
    let heading = app.i18n.t(
        f.lang,
        &format!("federation-post-{}", post.kind),
        &[("title", FluentValue::from(post.title.clone()))],
    );
    let more = app.i18n.t(f.lang, "federation-read-more", &[]);
    let link = format!("{}{}", f.base(), post.path);
    let paragraphs: String = post
        .body
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>", escape(p.trim()).replace('\n', "<br>")))
        .collect();
    json!({
        "id": f.post_url(post.id),
        "type": "Note",
        "attributedTo": actor,
        "published": post.created_at.to_rfc3339(),
        "to": [PUBLIC],
        "cc": [format!("{actor}/followers")],
        "url": link,
        "content": format!(
            "<p><strong>{}</strong></p>{paragraphs}<p>{}: <a href=\"{}\">{}</a></p>",
            escape(&heading), escape(&more), escape(&link), escape(&link)
        ),
    })
}

/// The Create activity that carries a post.
pub fn create(f: &Federation, app: &app::App, post: &db::federation::Post) -> Value {
    let note = note(f, app, post);
    json!({
        "id": format!("{}/activity", f.post_url(post.id)),
        "type": "Create",
        "actor": f.actor_url(post.process_id),
        "published": note["published"],
        "to": note["to"],
        "cc": note["cc"],
        "object": note,
    })
}

/// The Accept of a Follow, which quotes it.
pub fn accept(f: &Federation, process_id: i64, follow: &Value) -> Value {
    let actor = f.actor_url(process_id);
    let follow_id = id_of(&follow["id"]).unwrap_or_default();
    json!({
        "@context": AS_CONTEXT,
        "id": format!("{actor}#accepts/{}", sha_hex(&follow_id)),
        "type": "Accept",
        "actor": actor,
        "object": {
            "id": follow_id,
            "type": "Follow",
            "actor": follow["actor"],
            "object": actor,
        },
    })
}

pub(crate) fn sha_hex(s: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(s.as_bytes())
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What is needed of a remote actor's document.
#[derive(Debug, Clone)]
pub struct RemoteActor {
    pub id: String,
    pub username: String,
    pub inbox: String,
    pub shared_inbox: Option<String>,
    pub key_id: String,
    pub key_owner: String,
    pub public_key_pem: String,
    /// Its profile page, for the origin mark of its comments.
    pub url: String,
}

impl RemoteActor {
    pub fn from_json(v: &Value) -> Option<RemoteActor> {
        let id = v["id"].as_str()?.to_owned();
        let key = &v["publicKey"];
        let url = match &v["url"] {
            Value::String(s) => s.clone(),
            _ => id.clone(),
        };
        Some(RemoteActor {
            username: v["preferredUsername"].as_str()?.to_owned(),
            inbox: v["inbox"].as_str()?.to_owned(),
            shared_inbox: v["endpoints"]["sharedInbox"].as_str().map(str::to_owned),
            key_id: key["id"].as_str()?.to_owned(),
            key_owner: key["owner"].as_str()?.to_owned(),
            public_key_pem: key["publicKeyPem"].as_str()?.to_owned(),
            url,
            id,
        })
    }

    /// Where posts to it go: its server's shared inbox when it offers one.
    pub fn delivery_inbox(&self) -> &str {
        self.shared_inbox.as_deref().unwrap_or(&self.inbox)
    }

    /// `@name@host`.
    pub fn handle(&self) -> String {
        let host = url::Url::parse(&self.id)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_default();
        format!("@{}@{host}", self.username)
    }
}

/// The text of a Note's HTML content: tags dropped, paragraphs and line
/// breaks kept as blank lines and newlines, the common entities decoded.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            rest = "";
            break;
        };
        let tag = rest[start + 1..start + end].to_ascii_lowercase();
        if tag.starts_with("br") {
            out.push('\n');
        } else if tag.starts_with("/p") {
            out.push_str("\n\n");
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    decoded.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_text() {
        assert_eq!(
            plain_text(
                "<p><span class=\"h-card\"><a href=\"x\">@<span>p</span></a></span> Gute Idee &amp; danke</p><p>Zweitens<br>ja</p>"
            ),
            "@p Gute Idee & danke\n\nZweitens\nja"
        );
        assert_eq!(plain_text("1 &lt; 2"), "1 < 2");
    }
}
