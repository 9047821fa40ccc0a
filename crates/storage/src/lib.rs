//! Where uploaded files live: a folder under the data directory by default, or
//! an S3-compatible bucket that several instances share. Files are stored under
//! the SHA-256 of their content, so an identical upload is stored once and a
//! stored file never changes; the database keeps only the hash and metadata.

use std::ops::Range;
use std::path::Path as FsPath;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use object_store::memory::InMemory;
use object_store::path::Path;
use object_store::{GetOptions, GetRange, ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart};
use tokio::io::AsyncReadExt;

/// Files up to this size are written in one request; larger ones in parts, so
/// that none is ever held whole in memory.
const SINGLE_PUT_MAX: u64 = 8 * 1024 * 1024;
const READ_CHUNK: usize = 256 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("storage: {0}")]
    Store(#[from] object_store::Error),
    #[error("storage: {0}")]
    Io(#[from] std::io::Error),
    #[error("storage URL {0}: use a folder, file://PATH or s3://BUCKET")]
    Url(String),
}

/// A shared handle on the file store; cheap to clone.
#[derive(Clone, Debug)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    /// What the store is, for logs (never with credentials).
    pub description: String,
}

/// The key of a file with content hash `hash` (hex SHA-256).
fn blob_key(hash: &str) -> Path {
    Path::from(format!("blobs/{}/{hash}", hash.get(..2).unwrap_or("00")))
}

fn preview_key(hash: &str) -> Path {
    Path::from(format!(
        "previews/{}/{hash}.png",
        hash.get(..2).unwrap_or("00")
    ))
}

/// A hash as this module writes it: 64 lowercase hex digits.
fn valid_hash(hash: &str) -> bool {
    hash.len() == 64 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A stored file's content and its total size.
pub struct Download {
    pub size: u64,
    pub stream: BoxStream<'static, Result<Bytes, StorageError>>,
}

impl Storage {
    /// A folder on this machine (created if missing).
    pub fn local(dir: &FsPath) -> Result<Storage, StorageError> {
        std::fs::create_dir_all(dir)?;
        let store = object_store::local::LocalFileSystem::new_with_prefix(dir)?;
        Ok(Storage {
            store: Arc::new(store),
            description: format!("folder {}", dir.display()),
        })
    }

    /// Kept in memory only: for tests and throwaway instances.
    pub fn memory() -> Storage {
        Storage::from_store(Arc::new(InMemory::new()), "memory")
    }

    /// Any object store, e.g. one wrapped by a test.
    pub fn from_store(store: Arc<dyn ObjectStore>, description: &str) -> Storage {
        Storage {
            store,
            description: description.to_owned(),
        }
    }

    /// An S3-compatible bucket, `s3://bucket`, with credentials and region from the
    /// usual `AWS_*` variables; `endpoint` names a server other than Amazon's.
    pub fn s3(url: &str, endpoint: Option<&str>) -> Result<Storage, StorageError> {
        // reqwest's TLS needs a process-wide crypto provider; ring is the one the
        // mail client already brings. A second install attempt is harmless.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut b = object_store::aws::AmazonS3Builder::from_env().with_url(url);
        if let Some(e) = endpoint {
            b = b
                .with_endpoint(e)
                .with_allow_http(e.starts_with("http://"))
                .with_virtual_hosted_style_request(false);
        }
        Ok(Storage {
            store: Arc::new(b.build()?),
            description: match endpoint {
                Some(e) => format!("{url} at {e}"),
                None => url.to_owned(),
            },
        })
    }

    /// Opens the store a `--storage-url` names: `s3://...`, `file://PATH` or a folder.
    pub fn open(url: &str, endpoint: Option<&str>) -> Result<Storage, StorageError> {
        if url.starts_with("s3://") {
            Storage::s3(url, endpoint)
        } else if let Some(p) = url.strip_prefix("file://") {
            Storage::local(FsPath::new(p))
        } else if url.contains("://") {
            Err(StorageError::Url(url.to_owned()))
        } else {
            Storage::local(FsPath::new(url))
        }
    }

    pub async fn exists(&self, hash: &str) -> Result<bool, StorageError> {
        match self.store.head(&blob_key(hash)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Stores the file at `path` (already hashed by the caller) unless a file
    /// with that hash is there. A store writes an object completely or not at
    /// all, so a crash leaves no half-written file under the key.
    pub async fn put_file(&self, hash: &str, path: &FsPath, size: u64) -> Result<(), StorageError> {
        if !valid_hash(hash) {
            return Err(StorageError::Url(format!("invalid key {hash}")));
        }
        if self.exists(hash).await? {
            return Ok(());
        }
        let key = blob_key(hash);
        let mut file = tokio::fs::File::open(path).await?;
        if size <= SINGLE_PUT_MAX {
            let mut buf = Vec::with_capacity(size as usize);
            file.read_to_end(&mut buf).await?;
            self.store.put(&key, PutPayload::from(buf)).await?;
            return Ok(());
        }
        let upload = self.store.put_multipart(&key).await?;
        let mut w = WriteMultipart::new(upload);
        let mut buf = vec![0u8; READ_CHUNK];
        loop {
            let n = match file.read(&mut buf).await {
                Ok(n) => n,
                Err(e) => {
                    let _ = w.abort().await;
                    return Err(e.into());
                }
            };
            if n == 0 {
                break;
            }
            // Bounds the parts in flight, so memory stays at a few parts.
            if let Err(e) = w.wait_for_capacity(2).await {
                let _ = w.abort().await;
                return Err(e.into());
            }
            w.write(&buf[..n]);
        }
        w.finish().await?;
        Ok(())
    }

    /// Stores bytes already in memory (previews, demo files).
    pub async fn put_bytes(&self, hash: &str, bytes: Vec<u8>) -> Result<(), StorageError> {
        if !self.exists(hash).await? {
            self.store
                .put(&blob_key(hash), PutPayload::from(bytes))
                .await?;
        }
        Ok(())
    }

    /// Streams a stored file, or the bytes `range` of it.
    pub async fn get(
        &self,
        hash: &str,
        range: Option<Range<u64>>,
    ) -> Result<Option<Download>, StorageError> {
        let opts = GetOptions {
            range: range.map(GetRange::Bounded),
            ..Default::default()
        };
        match self.store.get_opts(&blob_key(hash), opts).await {
            Ok(r) => Ok(Some(Download {
                size: r.meta.size,
                stream: r
                    .into_stream()
                    .map(|c| c.map_err(StorageError::from))
                    .boxed(),
            })),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn get_all(&self, hash: &str) -> Result<Option<Bytes>, StorageError> {
        match self.store.get(&blob_key(hash)).await {
            Ok(r) => Ok(Some(r.bytes().await?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn put_preview(&self, hash: &str, png: Vec<u8>) -> Result<(), StorageError> {
        self.store
            .put(&preview_key(hash), PutPayload::from(png))
            .await?;
        Ok(())
    }

    pub async fn preview(&self, hash: &str) -> Result<Option<Bytes>, StorageError> {
        match self.store.get(&preview_key(hash)).await {
            Ok(r) => Ok(Some(r.bytes().await?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Removes a stored file and its preview. Missing ones are no error.
    pub async fn delete(&self, hash: &str) -> Result<(), StorageError> {
        for key in [blob_key(hash), preview_key(hash)] {
            match self.store.delete(&key).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    /// The hashes of stored files last written before `older_than`.
    pub async fn hashes_before(
        &self,
        older_than: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<String>, StorageError> {
        let mut out = vec![];
        let mut list = self.store.list(Some(&Path::from("blobs")));
        while let Some(meta) = list.next().await {
            let meta = meta?;
            if meta.last_modified < older_than
                && let Some(name) = meta.location.filename()
                && valid_hash(name)
            {
                out.push(name.to_owned());
            }
        }
        Ok(out)
    }
}
