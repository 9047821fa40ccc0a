//! A fresh database for the crate's own tests: a SQLite file in a scratch
//! folder, or, when `MITREDEN_TEST_DATABASE_URL` points at a PostgreSQL
//! server, a new database on it (as `testkit` does for the other crates).

use std::path::PathBuf;

use sea_orm::ConnectionTrait;

use crate::Db;

pub(crate) struct Scratch {
    pub db: Db,
    dir: PathBuf,
    pg: Option<(String, String)>,
}

fn random_hex() -> String {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).expect("random source");
    b.iter().map(|x| format!("{x:02x}")).collect()
}

impl Scratch {
    /// Connected, not yet migrated.
    pub async fn new() -> Scratch {
        let name = format!("mitreden_t_{}", random_hex());
        let dir = std::env::temp_dir().join(&name);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        match std::env::var("MITREDEN_TEST_DATABASE_URL") {
            Ok(admin_url) if !admin_url.is_empty() => {
                let admin = Db::connect(&admin_url)
                    .await
                    .expect("connect to PostgreSQL");
                admin
                    .conn()
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create test database");
                admin.close().await;
                let mut url = url::Url::parse(&admin_url).expect("a URL");
                url.set_path(&format!("/{name}"));
                let db = Db::connect(url.as_str()).await.expect("connect");
                Scratch {
                    db,
                    dir,
                    pg: Some((admin_url, name)),
                }
            }
            _ => {
                let db = Db::connect(&Db::sqlite_url_for_dir(&dir))
                    .await
                    .expect("open SQLite");
                Scratch { db, dir, pg: None }
            }
        }
    }

    /// Another connection to the same database, as a restarted instance has.
    pub async fn reconnect(&self) -> Db {
        let url = match &self.pg {
            Some((admin_url, name)) => {
                let mut url = url::Url::parse(admin_url).expect("a URL");
                url.set_path(&format!("/{name}"));
                url.to_string()
            }
            None => Db::sqlite_url_for_dir(&self.dir),
        };
        Db::connect(&url).await.expect("reconnect")
    }

    /// Removes the database. Not a Drop: closing the pool and dropping a
    /// PostgreSQL database are async.
    pub async fn remove(self) {
        self.db.close().await;
        if let Some((admin_url, name)) = self.pg
            && let Ok(admin) = Db::connect(&admin_url).await
        {
            let _ = admin
                .conn()
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await;
            admin.close().await;
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
