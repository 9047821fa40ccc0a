//! The demo's publications: the guideline, the employee guidelines and the
//! survey's final report of "Social Media in der Hamburger Verwaltung", as
//! small generated PDFs attached to that process.

use anyhow::Context;
use app::Actor;
use app::documents::{PdfDocument, publish_pdf};
use chrono::NaiveDate;
use domain::documents::{DocType, DocumentText, SubjectKind};
use web::documents::pdf_writer::simple_pdf;

/// The process the documents belong to.
pub const PROCESS: &str = "Social Media in der Hamburger Verwaltung";
pub const GUIDELINE: &str = "Leitfaden Social Media in der Hamburgischen Verwaltung";
pub const EMPLOYEE_GUIDELINES: &str = "Social-Media-Guidelines für Beschäftigte";
/// The survey's final report; the survey's results page refers to it by this title.
pub const FINAL_REPORT: &str = "Abschlussbericht: Befragung der Beschäftigten zu Social Media";

struct Spec {
    title: &'static str,
    file: &'static str,
    description: &'static str,
    doc_type: DocType,
    date: (i32, u32, u32),
    pages: &'static [(&'static str, &'static str)],
}

const SPECS: &[Spec] = &[
    Spec {
        title: GUIDELINE,
        file: "leitfaden-social-media.pdf",
        description: "Anregungen und Empfehlungen für einen erfolgreichen Einsatz sozialer Medien in der \
                      Verwaltung, vorgestellt auf dem Kongress „neueVerwaltung 2011“.",
        doc_type: DocType::Guideline,
        date: (2011, 5, 10),
        pages: &[
            (
                "Warum soziale Medien?",
                "Soziale Medien haben sich in der Gesellschaft ebenso schnell durchgesetzt wie das Internet \
                 selbst. Dieser Leitfaden soll die Verwaltung ermutigen, sich auf die Bürgerinnen und Bürger \
                 einzulassen, ohne an Verlässlichkeit und Seriosität einzubüßen.\n\nEine moderne Stadt sollte \
                 es verstehen, die Kreativität ihrer Bürgerinnen und Bürger zu nutzen.",
            ),
            (
                "Planung eines Auftritts",
                "Vor dem ersten Beitrag stehen Ziele, Zielgruppen und Zuständigkeiten fest. Wer antwortet, \
                 wie schnell, und an wen werden Fragen zu laufenden Verfahren weitergegeben?\n\nEin Auftritt \
                 braucht Zeit im Arbeitsalltag: Redaktionsplan, Vertretung und verlässliche Antwortzeiten.",
            ),
            (
                "Barrierefreiheit und offene Plattformen",
                "Inhalte werden auch auf der eigenen Website veröffentlicht, damit niemand ein Konto bei einer \
                 Plattform braucht. Bilder erhalten Beschreibungen, Videos Untertitel.",
            ),
        ],
    },
    Spec {
        title: EMPLOYEE_GUIDELINES,
        file: "guidelines-beschaeftigte.pdf",
        description: "Tipps, wie man sich als Mitarbeiterin oder Mitarbeiter einer Behörde in sozialen Medien \
                      bewegt – privat und dienstlich.",
        doc_type: DocType::Guideline,
        date: (2011, 5, 10),
        pages: &[
            (
                "Privat oder dienstlich?",
                "Machen Sie deutlich, ob Sie privat oder im Auftrag Ihrer Behörde schreiben. Veröffentlichen \
                 Sie keine internen oder personenbezogenen Informationen.",
            ),
            (
                "Im Gespräch bleiben",
                "Bleiben Sie sachlich und freundlich, auch bei Kritik. Verweisen Sie bei Fragen zu laufenden \
                 Verwaltungsverfahren auf die zuständige Stelle.",
            ),
        ],
    },
    Spec {
        title: FINAL_REPORT,
        file: "abschlussbericht-befragung.pdf",
        description: "Die Ergebnisse der Befragung aller Beschäftigten der Hamburger Verwaltung, gemeinsam mit \
                      ISPRAT und der Universität St. Gallen.",
        doc_type: DocType::Report,
        date: (2012, 3, 1),
        pages: &[
            (
                "Zusammenfassung",
                "Mehr als 2.000 Beschäftigte der Hamburger Verwaltung haben sich an der Befragung beteiligt. \
                 Soziale Medien werden bisher kaum beruflich genutzt.",
            ),
            (
                "Ergebnisse im Einzelnen",
                "Persönliche Einstellungen und der soziale Einfluss im Kollegium sind für die Nutzung wichtiger \
                 als technische Ressourcen.\n\nViele Beschäftigte wünschen sich klare Regeln und Ansprechpersonen.",
            ),
            (
                "Empfehlungen",
                "Leitfaden und Guidelines werden fortgeschrieben; Hinweise aus der Online-Diskussion zu \
                 Barrierefreiheit, offenen Plattformen und Antwortzeiten fließen ein.",
            ),
        ],
    },
];

/// Publishes the three documents and attaches them to the process.
pub async fn load(
    app: &app::App,
    process_id: i64,
    department_id: i64,
    author: i64,
) -> anyhow::Result<()> {
    for s in SPECS {
        publish_pdf(
            app,
            &Actor::System,
            PdfDocument {
                department_id,
                text: DocumentText {
                    title: s.title.into(),
                    description: s.description.into(),
                    language: "de".into(),
                    doc_date: NaiveDate::from_ymd_opt(s.date.0, s.date.1, s.date.2),
                    doc_type: s.doc_type,
                },
                subjects: vec![(SubjectKind::Process, process_id)],
                filename: s.file.into(),
                bytes: simple_pdf(s.title, s.pages),
                created_by: Some(author),
            },
        )
        .await
        .with_context(|| format!("publishing the demo document {:?}", s.title))?;
    }
    Ok(())
}
