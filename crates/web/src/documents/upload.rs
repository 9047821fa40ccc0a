//! An uploaded file on its way in: spooled to a temporary file chunk by chunk
//! (hashed and measured on the way, never held whole in memory), then checked
//! by its content in the `files` crate.

use std::path::{Path, PathBuf};

use axum::extract::Multipart;
use axum::extract::multipart::Field;
use files::documents::HEAD_BYTES;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

/// A received file in the spool folder; removed when dropped, so no partial
/// upload outlives its request.
pub struct Spooled {
    pub path: PathBuf,
    pub hash: String,
    pub size: u64,
    pub filename: String,
    head: Vec<u8>,
    utf8: bool,
}

impl Drop for Spooled {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

pub enum Received {
    File(Spooled),
    /// The field was sent without a file.
    Empty,
    TooLarge,
}

/// The request body handed to the multipart parser one chunk per poll. The
/// parser reads whatever is ready into one buffer, so a client faster than the
/// disk would otherwise pile the upload up in memory; pausing after each chunk
/// lets the file be written before more is taken.
struct Paced<S> {
    inner: S,
    just_yielded: bool,
}

impl<S: futures_util::Stream + Unpin> futures_util::Stream for Paced<S> {
    type Item = S::Item;
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<S::Item>> {
        use std::task::Poll;
        if self.just_yielded {
            self.just_yielded = false;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        let next = std::pin::Pin::new(&mut self.inner).poll_next(cx);
        if matches!(next, Poll::Ready(Some(_))) {
            self.just_yielded = true;
        }
        next
    }
}

/// The multipart form of an upload request, read at the pace it is written.
pub async fn paced_multipart(req: axum::extract::Request) -> Result<Multipart, crate::AppError> {
    use axum::extract::FromRequest;
    let (parts, body) = req.into_parts();
    let paced = Paced {
        inner: body.into_data_stream(),
        just_yielded: false,
    };
    let req = axum::extract::Request::from_parts(parts, axum::body::Body::from_stream(paced));
    Multipart::from_request(req, &())
        .await
        .map_err(|_| crate::AppError::bad_request())
}

/// Removes a half-written spool file if the copy stops early.
struct PartGuard(Option<PathBuf>);

impl Drop for PartGuard {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = std::fs::remove_file(p);
        }
    }
}

fn spool_name(dir: &Path) -> std::io::Result<PathBuf> {
    let token =
        crate::security::random_token().map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(dir.join(format!("mitreden-upload-{}.part", &token[..24])))
}

/// Checks UTF-8 across chunk borders: `carry` holds an incomplete sequence
/// from the end of the previous chunk.
fn utf8_continues(carry: &mut Vec<u8>, chunk: &[u8]) -> bool {
    let mut buf = std::mem::take(carry);
    buf.extend_from_slice(chunk);
    if buf.contains(&0) {
        return false;
    }
    match std::str::from_utf8(&buf) {
        Ok(_) => true,
        Err(e) if e.error_len().is_none() => {
            carry.extend_from_slice(&buf[e.valid_up_to()..]);
            true
        }
        Err(_) => false,
    }
}

/// Copies a file field to the spool folder. Stops at `max` bytes.
pub async fn spool(field: &mut Field<'_>, dir: &Path, max: u64) -> Result<Received, SpoolError> {
    let filename = field.file_name().unwrap_or("").to_owned();
    tokio::fs::create_dir_all(dir).await?;
    let path = spool_name(dir)?;
    let mut guard = PartGuard(Some(path.clone()));
    let mut out = tokio::io::BufWriter::new(tokio::fs::File::create(&path).await?);
    let mut hasher = Sha256::new();
    let mut size: u64 = 0;
    let mut head = Vec::with_capacity(HEAD_BYTES);
    let mut utf8 = true;
    let mut carry = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(SpoolError::from_body)? {
        size += chunk.len() as u64;
        if size > max {
            return Ok(Received::TooLarge);
        }
        if head.len() < HEAD_BYTES {
            let n = (HEAD_BYTES - head.len()).min(chunk.len());
            head.extend_from_slice(&chunk[..n]);
        }
        if utf8 {
            utf8 = utf8_continues(&mut carry, &chunk);
        }
        hasher.update(&chunk);
        out.write_all(&chunk).await?;
    }
    out.flush().await?;
    out.into_inner().sync_all().await?;
    if size == 0 {
        return Ok(Received::Empty);
    }
    guard.0 = None;
    Ok(Received::File(Spooled {
        path,
        hash: format!("{:x}", hasher.finalize()),
        size,
        filename,
        head,
        utf8: utf8 && carry.is_empty(),
    }))
}

#[derive(Debug, thiserror::Error)]
pub enum SpoolError {
    #[error("upload interrupted")]
    Interrupted,
    /// The client paused longer than the server's body read timeout.
    #[error("upload stalled")]
    TimedOut,
    #[error("spool file: {0}")]
    Io(#[from] std::io::Error),
}

impl SpoolError {
    fn from_body(e: axum::extract::multipart::MultipartError) -> Self {
        if crate::server::is_body_timeout(&e) {
            SpoolError::TimedOut
        } else {
            SpoolError::Interrupted
        }
    }
}

impl Spooled {
    /// What the commands need to know of the file; it stays here, and is
    /// removed with this.
    pub fn upload(&self) -> app::documents::Upload {
        app::documents::Upload {
            path: self.path.clone(),
            hash: self.hash.clone(),
            size: self.size,
            filename: self.filename.clone(),
            head: self.head.clone(),
            utf8: self.utf8,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_checked_across_chunk_borders() {
        let text = "Straße, Größe".as_bytes();
        let mut carry = vec![];
        // Split inside the two bytes of "ß".
        assert!(utf8_continues(&mut carry, &text[..5]));
        assert!(!carry.is_empty());
        assert!(utf8_continues(&mut carry, &text[5..]));
        assert!(carry.is_empty());
        let mut carry = vec![];
        assert!(!utf8_continues(&mut carry, b"\xff\xfe binary"));
        assert!(!utf8_continues(&mut vec![], b"a\0b"));
    }
}
