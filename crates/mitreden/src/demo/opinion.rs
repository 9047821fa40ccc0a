//! The demo's opinion map: a question of the ideas process with seed
//! statements and the votes of three camps of anonymous participants,
//! written through the commands and computed once, so the map has groups
//! from the first page view.

use app::Actor;
use app::opinion::MapInput;
use db::opinion::Who;

pub const TITLE: &str = "Wie soll der Stadtteil 2030 aussehen?";

const SEEDS: &[&str] = &[
    "Mehr Bäume und Grün in den Straßen",
    "Tempo 30 auf allen Wohnstraßen",
    "Mehr Parkplätze für Anwohnende",
    "Busse und Bahnen auch nachts im 10-Minuten-Takt",
    "Breitere, geschützte Radwege",
    "Weniger Autos in der Altstadt",
    "Mehr Bänke und Trinkbrunnen",
    "Ein Wochenmarkt auch am Samstag",
    "Längere Öffnungszeiten der Bücherei",
    "Mehr bezahlbare Wohnungen statt Büros",
    "Spielplätze modernisieren",
    "Straßenfeste einmal im Monat",
];

/// A fixed pseudo-random sequence (xorshift), so the demo is the same every start.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

pub async fn load(app: &app::App, process_id: i64) -> anyhow::Result<i64> {
    let map = app::opinion::open_map(
        app,
        &Actor::System,
        process_id,
        &MapInput {
            title: TITLE.into(),
            description: "Stimmen Sie den Aussagen zu, lehnen Sie sie ab oder überspringen Sie sie. Die Landkarte zeigt, welche Meinungsgruppen es gibt und was alle teilen.".into(),
            pre_moderated: true,
            anonymous: true,
            seeds: SEEDS.join("\n"),
        },
    )
    .await?
    .value;
    let statements: Vec<i64> = db::opinion::statements(app.db.conn(), map, None)
        .await?
        .iter()
        .map(|s| s.id)
        .collect();
    // Three camps: green and transit, car drivers, and a middle that mostly
    // agrees on benches, markets and the library.
    let leanings: [[i32; 12]; 3] = [
        [1, 1, -1, 1, 1, 1, 1, 1, 1, 1, 1, 0],
        [-1, -1, 1, -1, -1, -1, 1, 1, 1, 0, 1, 1],
        [1, 0, 0, 1, 0, 0, 1, 1, 1, 1, 1, 1],
    ];
    let mut rng = Rng(0x6f70_696e_696f_6e21);
    let mut votes = vec![];
    for p in 0..60u64 {
        let camp = (p % 3) as usize;
        for (i, &s) in statements.iter().enumerate() {
            let r = rng.next() % 10;
            if r == 0 {
                continue;
            }
            let v = if r == 1 { 0 } else { leanings[camp][i % 12] };
            votes.push((Who::Session(format!("demo-participant-{p}")), s, v));
        }
    }
    app::opinion::import_votes(app, &Actor::System, map, &votes).await?;
    app::opinion::recompute(app, map).await?;
    Ok(map)
}
