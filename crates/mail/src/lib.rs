//! Outgoing mail. With an SMTP URL mails go to that server; without one each
//! mail is written as an .eml file to the outbox folder, so that a newcomer can
//! open the verification link without setting up a mail server.

use std::path::{Path, PathBuf};

use lettre::message::Mailbox;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// The most SMTP connections kept open to the relay.
pub const POOL_SIZE: u32 = 32;
use serde::{Deserialize, Serialize};

/// A mail ready to send, in the form stored in the job queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    /// Fixed when the mail is queued and kept across retries, so that a mail
    /// sent twice (a crash between the server's acceptance and the queue's
    /// record of it) is recognisable as one. Mails queued before it existed
    /// get one from the transport at each try.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// Further headers (name, value), e.g. `List-Unsubscribe`. Names that are
    /// not plain header names are left out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<(String, String)>,
}

/// A new `Message-ID` (RFC 5322: `<unique@domain>`) for a mail from `domain`.
pub fn new_message_id(domain: &str) -> String {
    let mut rnd = [0u8; 16];
    // Without randomness the id is still unique enough with the clock.
    let _ = getrandom::fill(&mut rnd);
    let unique: String = rnd.iter().map(|b| format!("{b:02x}")).collect();
    let nanos = chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default();
    format!("<{nanos:x}.{unique}@{domain}>")
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid SMTP URL: {0}")]
    Config(String),
    #[error("invalid address {0}")]
    Address(String),
    #[error("could not build the mail: {0}")]
    Build(String),
    #[error("SMTP delivery failed: {0}")]
    Smtp(String),
    /// The server refused the mail for good (a 5xx answer): trying again
    /// would not help.
    #[error("SMTP server refused the mail: {0}")]
    Refused(String),
    #[error("could not write to the outbox: {0}")]
    Outbox(#[from] std::io::Error),
}

#[derive(Clone)]
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Outbox(PathBuf),
}

#[derive(Clone)]
pub struct Mailer {
    from: Mailbox,
    transport: Transport,
}

impl Mailer {
    /// `smtp_url` as lettre understands it, e.g. `smtp://host:25`,
    /// `smtps://user:pass@host`, `smtp://host:587?tls=required`.
    pub fn smtp(url: &str, from: &str) -> Result<Self, MailError> {
        let t = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| MailError::Config(e.to_string()))?
            // A server that stops answering holds the job no longer than this;
            // the queue tries again later.
            .timeout(Some(std::time::Duration::from_secs(30)))
            // Connections are kept and reused: a new one per mail (TCP, EHLO,
            // perhaps TLS and AUTH) would cost more than the mail. As many as
            // the job worker sends at once, else the extra ones are opened
            // and closed for every batch.
            .pool_config(PoolConfig::new().max_size(POOL_SIZE))
            .build();
        Ok(Mailer {
            from: parse_mailbox(from)?,
            transport: Transport::Smtp(t),
        })
    }

    pub fn outbox(dir: impl Into<PathBuf>, from: &str) -> Result<Self, MailError> {
        Ok(Mailer {
            from: parse_mailbox(from)?,
            transport: Transport::Outbox(dir.into()),
        })
    }

    pub fn outbox_dir(&self) -> Option<&Path> {
        match &self.transport {
            Transport::Outbox(d) => Some(d),
            Transport::Smtp(_) => None,
        }
    }

    /// Sends one mail. For the outbox, returns the path of the written file.
    pub async fn send(&self, mail: &Mail) -> Result<Option<PathBuf>, MailError> {
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(parse_mailbox(&mail.to)?)
            .subject(mail.subject.clone())
            .message_id(mail.message_id.clone())
            .header(ContentType::TEXT_PLAIN);
        for (name, value) in &mail.headers {
            let name = HeaderName::new_from_ascii(name.clone())
                .map_err(|e| MailError::Build(e.to_string()))?;
            builder = builder.raw_header(HeaderValue::new(name, value.clone()));
        }
        let msg = builder
            .body(mail.text.clone())
            .map_err(|e| MailError::Build(e.to_string()))?;
        match &self.transport {
            Transport::Smtp(t) => {
                t.send(msg).await.map_err(|e| {
                    if e.is_permanent() {
                        MailError::Refused(e.to_string())
                    } else {
                        MailError::Smtp(e.to_string())
                    }
                })?;
                Ok(None)
            }
            Transport::Outbox(dir) => write_eml(dir, &msg.formatted()).await.map(Some),
        }
    }
}

impl MailError {
    /// Whether sending this mail again can succeed.
    pub fn is_permanent(&self) -> bool {
        matches!(
            self,
            MailError::Address(_) | MailError::Build(_) | MailError::Refused(_)
        )
    }
}

fn parse_mailbox(s: &str) -> Result<Mailbox, MailError> {
    s.parse().map_err(|_| MailError::Address(s.to_owned()))
}

/// Writes under a temporary name and renames, so a reader of the outbox never
/// sees half a mail.
async fn write_eml(dir: &Path, bytes: &[u8]) -> Result<PathBuf, MailError> {
    tokio::fs::create_dir_all(dir).await?;
    let mut rnd = [0u8; 6];
    getrandom::fill(&mut rnd).map_err(|e| std::io::Error::other(e.to_string()))?;
    let suffix: String = rnd.iter().map(|b| format!("{b:02x}")).collect();
    let name = format!(
        "{}-{suffix}.eml",
        chrono::Utc::now().format("%Y%m%dT%H%M%S%.6fZ")
    );
    let tmp = dir.join(format!(".{name}.tmp"));
    let path = dir.join(&name);
    tokio::fs::write(&tmp, bytes).await?;
    tokio::fs::rename(&tmp, &path).await?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn outbox_mails_are_complete_eml_files() {
        let dir = std::env::temp_dir().join(format!("mitreden-outbox-{}", std::process::id()));
        let m = Mailer::outbox(&dir, "mitreden <noreply@mitreden.example>").unwrap();
        let path = m
            .send(&Mail {
                to: "anna@example.org".into(),
                subject: "Bitte bestätigen".into(),
                text: "Link: http://localhost/verify/abc".into(),
                message_id: Some(new_message_id("mitreden.example")),
                headers: vec![(
                    "List-Unsubscribe-Post".into(),
                    "List-Unsubscribe=One-Click".into(),
                )],
            })
            .await
            .unwrap()
            .unwrap();
        let eml = std::fs::read_to_string(&path).unwrap();
        assert!(eml.contains("To: anna@example.org"));
        assert!(eml.contains("http://localhost/verify/abc"));
        assert!(eml.contains("Message-ID: <"), "{eml}");
        assert!(eml.contains("@mitreden.example>"), "{eml}");
        assert!(
            eml.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
            "{eml}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn bad_addresses_are_refused() {
        assert!(Mailer::outbox("/tmp", "not an address").is_err());
    }
}
