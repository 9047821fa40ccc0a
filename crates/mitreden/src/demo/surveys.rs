//! The demo survey: the employee survey "Social Media in der Hamburger
//! Verwaltung", by invitation, closed, with about 2,150 generated answers out of
//! 2,400 invitations, and published results.
//!
//! Answers come from a seeded generator: each respondent has an affinity to
//! social media that shapes how often they use it, which platforms, and how
//! they judge the guidelines, so the charts and cross-tables show plausible
//! relations. Everything goes through the commands, in a few bulk transactions, without mails.

use std::collections::BTreeMap;

use anyhow::Context;
use app::Actor;
use app::surveys::{Publication, PublishAction, SettingsInput};
use domain::surveys::{Access, Item, QuestionInput, Status, format_number};

use super::discussion::Rng;

/// The process the survey belongs to.
pub const PROCESS: &str = "Social Media in der Hamburger Verwaltung";
const RESPONSES: usize = 2_150;
const INVITATIONS: usize = 2_400;

const AGREE: &str = "1: stimme gar nicht zu\n2: stimme eher nicht zu\n3: teils, teils\n4: stimme eher zu\n5: stimme voll zu";

const WISHES: &[&str] = &[
    "Klare Ansprechpersonen in jeder Behörde, die bei Fragen schnell helfen.",
    "Mehr Schulungen, gerne auch kurze Online-Formate zwischendurch.",
    "Die Guidelines sollten kürzer und mit Beispielen aus dem Alltag sein.",
    "Zeit für die Betreuung der Kanäle muss eingeplant werden, nicht nebenbei.",
    "Rechtssicherheit beim Datenschutz – viele trauen sich deshalb nicht.",
    "Offene Plattformen wie Mastodon sollten stärker genutzt werden.",
    "Dienstliche Smartphones für die Teams, die Kanäle betreuen.",
    "Ein gemeinsamer Redaktionsplan über die Behörden hinweg.",
    "Mehr Mut: Bürgerinnen und Bürger erwarten, dass wir ansprechbar sind.",
    "Barrierefreiheit der Beiträge (Bildbeschreibungen, Untertitel) von Anfang an.",
    "Verlässliche Antwortzeiten, sonst lieber kein Kanal.",
    "Ich sehe keinen Bedarf, das Telefon und E-Mail reichen aus.",
    "Austausch mit anderen Städten, die schon Erfahrungen haben.",
    "Eine Freigabe von Beiträgen sollte nicht drei Tage dauern.",
    "Bessere technische Ausstattung, manche Seiten sind im Netz gesperrt.",
    "Unterstützung bei Hasskommentaren und wie man damit umgeht.",
    "Führungskräfte sollten mit gutem Beispiel vorangehen.",
    "Mehr Klarheit, was ich privat über meine Arbeit schreiben darf.",
];
const OTHER_PLATFORMS: &[&str] = &[
    "TikTok",
    "Threads",
    "Bluesky",
    "WhatsApp-Kanäle",
    "nebenan.de",
    "Pinterest",
];

const INTRO: &str = "Mehr als 2.000 Beschäftigte der Hamburger Verwaltung haben sich an der \
Befragung beteiligt – vielen Dank dafür! Hier finden Sie die wichtigsten Ergebnisse.\n\n\
- Privat nutzen die meisten Beschäftigten soziale Medien, **dienstlich bisher nur wenige**.\n\
- Die Guidelines sind vielen bekannt, geben aber nicht allen Sicherheit.\n\
- Gewünscht werden vor allem **Schulungen** und **Zeit im Arbeitsalltag**.\n\n\
Die Befragung war anonym: Antworten und Einladungen sind getrennt gespeichert.";

fn item(item: &str, value: impl Into<String>, num: Option<f64>) -> Item {
    Item {
        item: item.into(),
        value: value.into(),
        num,
    }
}

/// A code of a five-point scale drawn around `centre` (0..=4).
fn scale(rng: &mut Rng, centre: usize) -> usize {
    let spread: [usize; 5] = match centre {
        0 => [40, 30, 18, 8, 4],
        1 => [18, 34, 28, 14, 6],
        2 => [8, 20, 40, 22, 10],
        3 => [4, 12, 24, 38, 22],
        _ => [3, 7, 15, 35, 40],
    };
    rng.weighted(&spread) + 1
}

/// Loads the survey and returns its id.
pub async fn load(app: &app::App, process_id: i64, author: i64) -> anyhow::Result<i64> {
    let system = Actor::System;
    let settings = SettingsInput {
        title: "Befragung der Beschäftigten: Social Media in der Verwaltung".into(),
        welcome: "Die Befragung dauert etwa zehn Minuten und ist anonym.".into(),
        end: "Vielen Dank für Ihre Teilnahme!".into(),
        access: Access::Invitation.as_str().into(),
        ..Default::default()
    };
    let id = app::surveys::import(app, &system, process_id, author, &settings)
        .await
        .map_err(|e| anyhow::anyhow!("demo survey: {e:?}"))?
        .value;
    let inputs = [
        QuestionInput {
            kind: "single",
            text: "Wie häufig nutzen Sie soziale Medien privat?",
            options: "A1: täglich\nA2: mehrmals pro Woche\nA3: seltener\nA4: nie",
            required: true,
            ..Default::default()
        },
        QuestionInput {
            kind: "single",
            text: "Nutzen Sie soziale Medien auch dienstlich?",
            options: "A1: ja, regelmäßig\nA2: gelegentlich\nA3: nein",
            required: true,
            ..Default::default()
        },
        QuestionInput {
            kind: "multiple",
            text: "Welche Plattformen nutzen Sie (privat oder dienstlich)?",
            options: "A1: Facebook\nA2: Instagram\nA3: LinkedIn\nA4: XING\nA5: Mastodon\nA6: YouTube\nA7: X (Twitter)",
            allow_other: true,
            ..Default::default()
        },
        QuestionInput {
            kind: "likert",
            text: "Die Guidelines für Beschäftigte sind mir bekannt.",
            scale: AGREE,
            page: "2",
            ..Default::default()
        },
        QuestionInput {
            kind: "likert",
            text: "Die Guidelines geben mir Sicherheit im Umgang mit sozialen Medien.",
            scale: AGREE,
            page: "2",
            ..Default::default()
        },
        QuestionInput {
            kind: "matrix",
            text: "Wie sehr stimmen Sie den folgenden Aussagen zu?",
            rows: "R1: Soziale Medien verbessern den Kontakt zu Bürgerinnen und Bürgern.\n\
                   R2: Der Aufwand für die Betreuung ist gut zu bewältigen.\n\
                   R3: Meine Führungskraft unterstützt den Einsatz.\n\
                   R4: Der Datenschutz ist ausreichend geregelt.",
            scale: AGREE,
            page: "2",
            ..Default::default()
        },
        QuestionInput {
            kind: "number",
            text: "Seit wie vielen Jahren arbeiten Sie in der Hamburger Verwaltung?",
            min: "0",
            max: "50",
            integer: true,
            page: "3",
            ..Default::default()
        },
        QuestionInput {
            kind: "ranking",
            text: "Was wäre Ihnen für den dienstlichen Einsatz am wichtigsten? Bitte bringen Sie es in eine Reihenfolge.",
            options: "A1: Schulungen\nA2: klare Zuständigkeiten\nA3: technische Ausstattung\nA4: Zeit im Arbeitsalltag\nA5: rechtliche Sicherheit",
            page: "3",
            ..Default::default()
        },
        QuestionInput {
            kind: "date",
            text: "Wann haben Sie zuletzt an einer Fortbildung zu digitalen Medien teilgenommen?",
            page: "3",
            ..Default::default()
        },
        QuestionInput {
            kind: "text",
            text: "Was sollte sich beim Umgang mit sozialen Medien in der Verwaltung ändern?",
            page: "3",
            ..Default::default()
        },
    ];
    let mut q = vec![];
    for input in &inputs {
        let qid = app::surveys::add_question(app, &system, id, input)
            .await
            .map_err(|e| anyhow::anyhow!("demo question {:?}: {e:?}", input.text))?
            .value;
        q.push(qid);
    }

    let mut rng = Rng::new(0x7375_7276_6579);
    let today = web::dates::today();
    let one_day = today - today.pred_opt().context("date out of range")?;
    let mut responses = Vec::with_capacity(RESPONSES);
    for _ in 0..RESPONSES {
        // 0: no interest … 4: enthusiastic.
        let affinity = rng.weighted(&[12, 22, 30, 24, 12]);
        let mut a: BTreeMap<i64, Vec<Item>> = BTreeMap::new();
        let private = match affinity {
            0 => rng.weighted(&[5, 15, 40, 40]),
            1 => rng.weighted(&[25, 35, 30, 10]),
            2 => rng.weighted(&[50, 30, 17, 3]),
            _ => rng.weighted(&[75, 20, 5, 0]),
        };
        a.insert(q[0], vec![item("", format!("A{}", private + 1), None)]);
        let work = match affinity {
            0 | 1 => rng.weighted(&[2, 10, 88]),
            2 => rng.weighted(&[6, 24, 70]),
            _ => rng.weighted(&[20, 40, 40]),
        };
        a.insert(q[1], vec![item("", format!("A{}", work + 1), None)]);
        if private < 3 {
            let likely = [60, 45, 30, 22, 6, 50, 18];
            let mut chosen: Vec<Item> = likely
                .iter()
                .enumerate()
                .filter(|(_, p)| rng.percent((**p + affinity * 6).min(95)))
                .map(|(i, _)| item("", format!("A{}", i + 1), None))
                .collect();
            if rng.percent(6) {
                chosen.push(item("", "_other", None));
                chosen.push(item("_other", rng.pick(OTHER_PLATFORMS), None));
            }
            if chosen.is_empty() {
                chosen.push(item("", "A1", None));
            }
            a.insert(q[2], chosen);
        }
        for (qi, centre) in [(3, 1 + affinity.min(3)), (4, 1 + affinity / 2)] {
            if rng.percent(96) {
                let v = scale(&mut rng, centre);
                a.insert(q[qi], vec![item("", v.to_string(), Some(v as f64))]);
            }
        }
        if rng.percent(90) {
            let centres = [1 + affinity.min(3), 1, 1 + affinity / 2, 2];
            let rows = centres
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let v = scale(&mut rng, *c);
                    item(&format!("R{}", i + 1), v.to_string(), Some(v as f64))
                })
                .collect();
            a.insert(q[5], rows);
        }
        if rng.percent(93) {
            let band = rng.weighted(&[18, 22, 20, 18, 14, 8]);
            let years = (band * 7 + rng.below(7)).min(50) as f64;
            a.insert(q[6], vec![item("", format_number(years), Some(years))]);
        }
        if rng.percent(85) {
            // Weighted draws without replacement give the order.
            let mut left: Vec<(usize, usize)> = vec![(1, 30), (2, 18), (3, 14), (4, 26), (5, 12)];
            let mut rank = 1;
            let mut items = vec![];
            while !left.is_empty() {
                let w: Vec<usize> = left.iter().map(|x| x.1).collect();
                let (code, _) = left.remove(rng.weighted(&w));
                items.push(item(
                    &format!("A{code}"),
                    rank.to_string(),
                    Some(rank as f64),
                ));
                rank += 1;
            }
            a.insert(q[7], items);
        }
        if rng.percent(35 + affinity * 8) {
            let back = 400 + rng.below(900) as i32;
            let d = today
                .checked_add_signed(one_day * -back)
                .context("date out of range")?;
            a.insert(q[8], vec![item("", d.format("%Y-%m-%d").to_string(), None)]);
        }
        if rng.percent(14) {
            a.insert(q[9], vec![item("", rng.pick(WISHES), None)]);
        }
        responses.push((None, a));
    }
    // One transaction per batch, as a stream of submissions would write them.
    for batch in responses.chunks(500) {
        app::surveys::answer::import_responses(app, &system, id, batch).await?;
    }

    let answered = rng.sample((0..INVITATIONS).collect(), RESPONSES);
    let mut used = vec![false; INVITATIONS];
    for i in answered {
        used[i] = true;
    }
    let invitations: Vec<(String, bool)> = used
        .iter()
        .enumerate()
        .map(|(i, u)| {
            (
                format!("beschaeftigte.{:04}@verwaltung-hamburg.example", i + 1),
                *u,
            )
        })
        .collect();
    app::surveys::invitations::import_invitations(app, &system, id, &invitations).await?;
    app::surveys::set_status(app, &system, id, Status::Closed).await?;
    let publication = Publication {
        chosen: vec![q[0], q[1], q[2], q[3], q[4], q[5], q[7]],
        intro: INTRO.into(),
        action: PublishAction::Publish,
    };
    app::surveys::publish(app, &system, id, &publication)
        .await
        .map_err(|e| anyhow::anyhow!("demo publication: {e:?}"))?;
    Ok(id)
}
