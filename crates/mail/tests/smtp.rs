//! Delivery over SMTP to a real (small) SMTP server on loopback.

use mail::{Mail, Mailer};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// Accepts one SMTP session and returns the envelope recipients and the
/// data of its first mail.
async fn serve_one(listener: TcpListener) -> (Vec<String>, String) {
    let (sock, _) = listener.accept().await.unwrap();
    let (r, mut w) = sock.into_split();
    let mut lines = BufReader::new(r).lines();
    w.write_all(b"220 test ESMTP\r\n").await.unwrap();
    let mut rcpt = vec![];
    let mut data = String::new();
    while let Some(line) = lines.next_line().await.unwrap() {
        let upper = line.to_ascii_uppercase();
        if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            w.write_all(b"250-test\r\n250 8BITMIME\r\n").await.unwrap();
        } else if upper.starts_with("MAIL FROM") {
            w.write_all(b"250 ok\r\n").await.unwrap();
        } else if upper.starts_with("RCPT TO") {
            rcpt.push(line[8..].trim().to_owned());
            w.write_all(b"250 ok\r\n").await.unwrap();
        } else if upper == "DATA" {
            w.write_all(b"354 go ahead\r\n").await.unwrap();
            while let Some(l) = lines.next_line().await.unwrap() {
                if l == "." {
                    break;
                }
                data.push_str(&l);
                data.push('\n');
            }
            w.write_all(b"250 queued\r\n").await.unwrap();
            // The mailer keeps the connection in its pool and quits only
            // when it has been idle for a while: one mail is all this wants.
            break;
        } else if upper == "QUIT" {
            w.write_all(b"221 bye\r\n").await.unwrap();
            break;
        } else {
            w.write_all(b"250 ok\r\n").await.unwrap();
        }
    }
    (rcpt, data)
}

#[tokio::test]
async fn mails_go_to_the_configured_smtp_server() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(serve_one(listener));
    let mailer = Mailer::smtp(
        &format!("smtp://127.0.0.1:{port}"),
        "mitreden <noreply@example.org>",
    )
    .unwrap();
    assert!(mailer.outbox_dir().is_none());
    let written = mailer
        .send(&Mail {
            to: "anna@example.org".into(),
            subject: "Bitte bestätigen".into(),
            text: "Ihr Link: http://example.org/verify/abc".into(),
            message_id: Some("<fixed.1@example.org>".into()),
            headers: vec![],
        })
        .await
        .unwrap();
    assert!(written.is_none());
    let (rcpt, data) = server.await.unwrap();
    assert_eq!(rcpt, vec!["<anna@example.org>".to_owned()]);
    assert!(data.contains("To: anna@example.org"), "{data}");
    assert!(data.contains("http://example.org/verify/abc"), "{data}");
    assert!(data.contains("Message-ID: <fixed.1@example.org>"), "{data}");
}

#[tokio::test]
async fn an_unreachable_smtp_server_is_an_error_not_a_panic() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let mailer = Mailer::smtp(&format!("smtp://127.0.0.1:{port}"), "noreply@example.org").unwrap();
    let res = mailer
        .send(&Mail {
            to: "anna@example.org".into(),
            subject: "x".into(),
            text: "y".into(),
            message_id: None,
            headers: vec![],
        })
        .await;
    assert!(res.is_err());
    assert!(Mailer::smtp("ftp://nonsense", "noreply@example.org").is_err());
}
