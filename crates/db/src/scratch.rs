//! A fresh database for one test, the one implementation for the whole
//! workspace: this crate's own tests use it directly, `testkit::TestDb` wraps
//! it for the others. A SQLite file in a scratch folder, or, when
//! `MITREDEN_TEST_DATABASE_URL` points at a PostgreSQL server, a new database
//! on it, so tests run in parallel. Both go away when it is dropped.
//!
//! Made for tests: it panics where the test could not go on anyway.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sea_orm::ConnectionTrait;

use crate::Db;

/// The variable naming the PostgreSQL server tests run on (as an
/// administrator's URL); unset or empty: SQLite.
pub const DATABASE_URL_VAR: &str = "MITREDEN_TEST_DATABASE_URL";

fn random_hex() -> String {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).expect("random source");
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Where a test's database lives; its folder (which also holds a test's
/// files and mail) and its PostgreSQL database are removed on drop.
pub struct ScratchDb {
    url: String,
    dir: PathBuf,
    /// The administrator's URL and the database's name on PostgreSQL.
    pg: Option<(String, String)>,
}

impl ScratchDb {
    /// A new, empty database (nothing migrated yet).
    pub async fn new() -> ScratchDb {
        let name = format!("mitreden_t_{}", random_hex());
        let dir = std::env::temp_dir().join(&name);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        match std::env::var(DATABASE_URL_VAR) {
            Ok(admin_url) if !admin_url.is_empty() => {
                let admin = connect(&admin_url).await;
                admin
                    .conn()
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create test database");
                admin.close().await;
                let mut url = url::Url::parse(&admin_url)
                    .unwrap_or_else(|e| panic!("{DATABASE_URL_VAR} is not a URL: {e}"));
                url.set_path(&format!("/{name}"));
                ScratchDb {
                    url: url.to_string(),
                    dir,
                    pg: Some((admin_url, name)),
                }
            }
            _ => ScratchDb {
                url: Db::sqlite_url_for_dir(&dir),
                dir,
                pg: None,
            },
        }
    }

    /// The database's address, as a server instance would be given it.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The scratch folder (the SQLite file is in it on SQLite).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The PostgreSQL database's name; None on SQLite.
    pub fn pg_database(&self) -> Option<&str> {
        self.pg.as_ref().map(|(_, name)| name.as_str())
    }

    /// A new connection to the database, not migrated: each call is another
    /// instance (or a restarted one).
    pub async fn connect(&self) -> Db {
        connect(&self.url).await
    }
}

/// Connects to `url`, another way to a test database too (a proxy). A busy
/// shared server may refuse a connection for a moment, so it tries again a
/// few times before the test fails.
pub async fn connect(url: &str) -> Db {
    let mut attempt = 0;
    loop {
        match Db::connect(url).await {
            Ok(db) => return db,
            Err(e) if attempt < 5 => {
                attempt += 1;
                eprintln!("connecting to the test database failed ({e}), retrying");
                tokio::time::sleep(Duration::from_millis(300 * attempt)).await;
            }
            Err(e) => panic!("connect to the test database: {e}"),
        }
    }
}

impl Drop for ScratchDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        let Some((admin_url, name)) = self.pg.take() else {
            return;
        };
        // Drop runs inside the test's runtime, which must not be blocked on
        // from within; a thread with a runtime of its own may.
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async {
                if let Ok(admin) = Db::connect(&admin_url).await {
                    // FORCE: connections the test left open end with it.
                    let _ = admin
                        .conn()
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .await;
                    admin.close().await;
                }
            });
        })
        .join();
    }
}
