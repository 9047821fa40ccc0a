//! Demo ideas for the open cycling process: one or more in every status, each
//! decision with the district office's public answer.

use std::collections::HashMap;

use anyhow::Context;
use domain::ideas::Status;

/// The process whose ideas these are, and the categories it offers.
pub const PROCESS: &str = "Mehr Platz fürs Rad: Radverkehrskonzept Altona";
pub const CATEGORIES: &[&str] = &[
    "Radwege",
    "Abstellplätze",
    "Kreuzungen und Sicherheit",
    "Verbindungen",
];

pub struct IdeaSpec {
    pub title: &'static str,
    pub body: &'static str,
    pub category: &'static str,
    pub author: usize,
    pub place: Option<(f64, f64, &'static str)>,
    /// The decisions in order, each with its public answer.
    pub steps: &'static [(Status, &'static str)],
    pub supporters: usize,
}

pub const IDEAS: &[IdeaSpec] = &[
    IdeaSpec {
        title: "Geschützter Radfahrstreifen auf der Max-Brauer-Allee",
        body: "Zwischen Holstenstraße und Bahnhof Altona teilen sich Rad- und Autoverkehr eine enge Spur. Ein baulich getrennter Radfahrstreifen – mit Pollern statt nur einer Linie – würde viele, die sich heute nicht trauen, aufs Rad bringen.\n\n- Breite mindestens 2,30 m\n- Poller oder Bordstein als Trennung\n- Lieferzonen in die Seitenstraßen verlegen",
        category: "Radwege",
        author: 0,
        place: Some((
            53.5532,
            9.9366,
            "Max-Brauer-Allee, zwischen Holstenstraße und Bahnhof Altona",
        )),
        steps: &[
            (
                Status::InReview,
                "Vielen Dank für den Vorschlag. Wir prüfen ihn gemeinsam mit der Verkehrsbehörde im Rahmen der Planung für die Max-Brauer-Allee; das Ergebnis veröffentlichen wir hier.",
            ),
            (
                Status::Accepted,
                "Der geschützte Radfahrstreifen wird Teil des Radverkehrskonzepts. Die Ausführungsplanung beginnt im kommenden Jahr; Lieferzonen werden in der Planung berücksichtigt.",
            ),
        ],
        supporters: 24,
    },
    IdeaSpec {
        title: "Fahrradbügel statt Parkplätze vor Schulen",
        body: "Vor der Schule in der Bahrenfelder Straße stehen morgens Dutzende Räder an Zäunen und Laternen. Zwei Autoparkplätze würden für zwanzig Fahrradbügel reichen.",
        category: "Abstellplätze",
        author: 3,
        place: Some((53.5561, 9.9291, "Bahrenfelder Straße, vor der Grundschule")),
        steps: &[
            (
                Status::Accepted,
                "Wir stellen vor der Schule 20 Fahrradbügel auf. Der Umbau ist für die Herbstferien geplant.",
            ),
            (
                Status::Implemented,
                "Die 20 Bügel stehen seit den Herbstferien. Danke an alle, die den Vorschlag unterstützt haben!",
            ),
        ],
        supporters: 31,
    },
    IdeaSpec {
        title: "Grüne Welle für Radfahrende in der Stresemannstraße",
        body: "Die Ampeln sind auf den Autoverkehr abgestimmt. Mit 20 km/h kommt man auf dem Rad an jeder Kreuzung bei Rot an. Eine grüne Welle für das Rad würde die Strecke schneller und sicherer machen.",
        category: "Kreuzungen und Sicherheit",
        author: 7,
        place: Some((53.5593, 9.9420, "Stresemannstraße")),
        steps: &[(
            Status::InReview,
            "Die Ampelsteuerung liegt bei der Verkehrsbehörde. Wir haben die Idee dorthin gegeben und melden uns mit dem Ergebnis der Prüfung.",
        )],
        supporters: 12,
    },
    IdeaSpec {
        title: "Radweg an der Elbchaussee durchgehend verbreitern",
        body: "Der Radweg an der Elbchaussee ist stellenweise nur einen Meter breit und von Wurzeln aufgebrochen.",
        category: "Radwege",
        author: 11,
        place: None,
        steps: &[
            (
                Status::InReview,
                "Wir prüfen, welche Abschnitte sich verbreitern lassen, ohne Bäume zu fällen.",
            ),
            (
                Status::Declined,
                "Eine durchgehende Verbreiterung ist ohne das Fällen geschützter Bäume nicht möglich. Stattdessen sanieren wir die schlechtesten Abschnitte und prüfen eine Fahrradstraße in der parallelen Straße – dazu gibt es eine eigene Idee.",
            ),
        ],
        supporters: 9,
    },
    IdeaSpec {
        title: "Fahrradstraße in der Großen Brunnenstraße",
        body: "Die Große Brunnenstraße wäre eine ruhige Alternative zur Hauptstraße. Als Fahrradstraße wäre sie ein Stück einer durchgehenden Verbindung von Ottensen nach Bahrenfeld.",
        category: "Verbindungen",
        author: 15,
        place: Some((53.5540, 9.9245, "Große Brunnenstraße")),
        steps: &[],
        supporters: 7,
    },
    IdeaSpec {
        title: "Abstellanlage für Lastenräder am Bahnhof Altona",
        body: "Für Lastenräder gibt es am Bahnhof keinen einzigen passenden Stellplatz.",
        category: "Abstellplätze",
        author: 19,
        place: Some((53.5520, 9.9350, "Bahnhof Altona, Vorplatz")),
        steps: &[],
        supporters: 5,
    },
    IdeaSpec {
        title: "Sichere Querung an der Kreuzung Holstenstraße/Max-Brauer-Allee",
        body: "Beim Linksabbiegen mit dem Rad muss man zwei Fahrstreifen kreuzen. Eine Aufstellfläche vor den Autos (aufgeweiteter Radaufstellstreifen) würde helfen.",
        category: "Kreuzungen und Sicherheit",
        author: 23,
        place: Some((53.5560, 9.9440, "Kreuzung Holstenstraße / Max-Brauer-Allee")),
        steps: &[(
            Status::Accepted,
            "Die Verkehrsbehörde richtet an dieser Kreuzung einen aufgeweiteten Radaufstellstreifen ein.",
        )],
        supporters: 18,
    },
];

/// Loads the ideas into the process `process_id` through the commands, as
/// the system: past participation, whatever the phase now; `staff` answers
/// for the department (the process's own, where its ideas are routed).
/// Nobody is mailed about the past.
pub async fn load(
    app: &app::App,
    process_id: i64,
    _department_id: i64,
    staff: i64,
    people: &HashMap<String, i64>,
) -> anyhow::Result<usize> {
    let system = app::Actor::System;
    let citizens: Vec<i64> = (0..super::discussion::CITIZENS.len())
        .filter_map(|i| people.get(&super::discussion::citizen_key(i)).copied())
        .collect();
    for (n, spec) in IDEAS.iter().enumerate() {
        let author = *citizens
            .get(spec.author % citizens.len().max(1))
            .context("no demo citizens")?;
        let submission = app::ideas::Submission {
            title: spec.title.into(),
            body: spec.body.into(),
            category: spec.category.into(),
            lat: spec.place.map(|p| p.0.to_string()).unwrap_or_default(),
            lon: spec.place.map(|p| p.1.to_string()).unwrap_or_default(),
            address: spec.place.map(|p| p.2.to_owned()).unwrap_or_default(),
            pictures: vec![],
        };
        let id = app::ideas::import(app, &system, author, process_id, submission)
            .await
            .map_err(|e| anyhow::anyhow!("demo idea {:?}: {e:?}", spec.title))?
            .value;
        for k in 0..spec.supporters {
            let who = citizens[(n * 7 + k * 3 + 1) % citizens.len()];
            if who != author {
                app::ideas::import_support(app, &system, id, who).await?;
            }
        }
        for (status, answer) in spec.steps {
            app::ideas::import_status(app, &system, id, staff, *status, answer)
                .await
                .map_err(|e| anyhow::anyhow!("demo idea {:?}: {e:?}", spec.title))?;
        }
    }
    Ok(IDEAS.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_appears_and_every_path_is_allowed() {
        let mut seen = vec![Status::Received];
        for spec in IDEAS {
            let mut at = Status::Received;
            for (s, answer) in spec.steps {
                assert!(at.may_become(*s), "{}: {at:?} -> {s:?}", spec.title);
                assert!(!answer.is_empty());
                at = *s;
            }
            seen.push(at);
            assert!(CATEGORIES.contains(&spec.category), "{}", spec.category);
        }
        for s in Status::ALL {
            assert!(seen.contains(&s), "no demo idea ends in {s:?}");
        }
    }
}
