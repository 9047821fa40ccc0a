//! The demo processes: texts, phases (as day offsets from the day of loading),
//! status and the written discussions. The large discussion of the open cycling
//! process is generated in `discussion.rs`.

use domain::processes::Status;

use super::Schedule;

pub struct ProcessSpec {
    pub department: &'static str,
    /// The key of the account that created the process.
    pub author: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    /// Markdown.
    pub description: &'static str,
    pub tags: &'static [&'static str],
    pub status: Status,
    pub schedule: Schedule,
    pub discussion: Discussion,
}

pub enum Discussion {
    None,
    /// Comments written out below; replies name an earlier post by index.
    Written(&'static [Post]),
    /// About three hundred comments from the seeded generator.
    Generated,
}

pub struct Post {
    /// An account key: `buerger01` … `buerger40`, `anna`, or a staff account.
    pub author: &'static str,
    pub reply_to: Option<usize>,
    pub body: &'static str,
}

const fn post(author: &'static str, body: &'static str) -> Post {
    Post {
        author,
        reply_to: None,
        body,
    }
}

const fn reply(to: usize, author: &'static str, body: &'static str) -> Post {
    Post {
        author,
        reply_to: Some(to),
        body,
    }
}

pub const PROCESSES: &[ProcessSpec] = &[
    ProcessSpec {
        department: "Finanzbehörde",
        author: "finanzen",
        title: "Social Media in der Hamburger Verwaltung",
        summary: "Wie gehen die Beschäftigten der Hamburger Verwaltung mit sozialen Medien um – privat und \
                  dienstlich? Leitfaden, Guidelines und die Ergebnisse einer Befragung von mehr als 2.000 \
                  Beschäftigten liegen vor; der Abschlussbericht steht zum Herunterladen bereit.",
        description: SOCIAL_MEDIA,
        tags: &["Digitalisierung", "Verwaltung", "Social Media"],
        status: Status::Published,
        schedule: Schedule {
            information: Some((-420, -393)),
            participation: (-392, -336),
            evaluation: Some((-335, -245)),
            result: Some((-244, Some(-150))),
        },
        discussion: Discussion::Written(SOCIAL_MEDIA_POSTS),
    },
    ProcessSpec {
        department: "Bezirksamt Altona",
        author: "altona",
        title: "Mehr Platz fürs Rad: Radverkehrskonzept Altona",
        summary: "Der Bezirk Altona erarbeitet ein Radverkehrskonzept für die nächsten zehn Jahre. Sagen Sie \
                  uns, wo Sie sich auf dem Rad unsicher fühlen, wo Abstellplätze fehlen und welche \
                  Verbindungen Ihnen im Alltag wichtig sind.",
        description: RADVERKEHR,
        tags: &["Radverkehr", "Mobilität", "Altona"],
        status: Status::Published,
        schedule: Schedule {
            information: Some((-30, -15)),
            participation: (-14, 27),
            evaluation: Some((28, 75)),
            result: Some((76, None)),
        },
        discussion: Discussion::Generated,
    },
    ProcessSpec {
        department: "Behörde für Umwelt, Klima, Energie und Agrarwirtschaft",
        author: "umwelt",
        title: "Hitzeschutz im Quartier: Wo fehlen Schatten, Grün und Trinkwasser?",
        summary: "Heiße Sommer werden auch in Hamburg häufiger. Die Umweltbehörde erarbeitet einen \
                  Hitzeaktionsplan und möchte wissen, wo in Ihrem Quartier Schatten, Bäume, Trinkwasser und \
                  kühle Rückzugsorte fehlen.",
        description: HITZESCHUTZ,
        tags: &["Klima", "Stadtgrün", "Gesundheit"],
        status: Status::Published,
        schedule: Schedule {
            information: Some((-50, -36)),
            participation: (-35, 9),
            evaluation: Some((10, 60)),
            result: Some((61, Some(240))),
        },
        discussion: Discussion::Written(HITZESCHUTZ_POSTS),
    },
    ProcessSpec {
        department: "Behörde für Verkehr und Mobilitätswende",
        author: "verkehr",
        title: "Barrierefreie Bushaltestellen: Welche zuerst?",
        summary: "Hamburg baut seine Bushaltestellen Schritt für Schritt barrierefrei um. In der \
                  Beteiligungsphase haben viele Menschen Haltestellen genannt, an denen Ein- und Ausstieg \
                  besonders schwierig sind. Wir werten die Hinweise derzeit aus.",
        description: HALTESTELLEN,
        tags: &["Barrierefreiheit", "ÖPNV", "Mobilität"],
        status: Status::Published,
        schedule: Schedule {
            information: Some((-90, -71)),
            participation: (-70, -15),
            evaluation: Some((-14, 45)),
            result: Some((46, Some(200))),
        },
        discussion: Discussion::Written(HALTESTELLEN_POSTS),
    },
    ProcessSpec {
        department: "Bezirksamt Hamburg-Nord",
        author: "nord",
        title: "Stadtpark für alle Generationen: Ideen für Spiel- und Bewegungsflächen",
        summary: "Einige Spiel- und Bewegungsflächen im Hamburger Stadtpark sind in die Jahre gekommen. Das \
                  Bezirksamt Hamburg-Nord möchte sie gemeinsam mit Ihnen neu denken – für Kinder, \
                  Jugendliche, Erwachsene und Ältere.",
        description: STADTPARK,
        tags: &["Freizeit", "Sport", "Stadtgrün"],
        status: Status::Published,
        schedule: Schedule {
            information: Some((12, 25)),
            participation: (26, 61),
            evaluation: Some((62, 110)),
            result: Some((111, None)),
        },
        discussion: Discussion::None,
    },
    ProcessSpec {
        department: "Behörde für Stadtentwicklung und Wohnen",
        author: "wohnen",
        title: "Zukunftsbild Kieler Straße: Wohnen und Leben an der Magistrale",
        summary: "Entlang der Kieler Straße könnten in den kommenden Jahren neue Wohnungen, mehr Grün und \
                  bessere Wege für den Fuß- und Radverkehr entstehen. Informieren Sie sich jetzt über die \
                  Planungsgrundlagen – die Beteiligungsphase beginnt in Kürze.",
        description: MAGISTRALE,
        tags: &["Wohnen", "Stadtentwicklung", "Mobilität"],
        status: Status::Published,
        schedule: Schedule {
            information: Some((-6, 13)),
            participation: (14, 55),
            evaluation: Some((56, 120)),
            result: Some((121, None)),
        },
        discussion: Discussion::None,
    },
    ProcessSpec {
        department: "Finanzbehörde",
        author: "finanzen",
        title: "Hamburger Haushalt im Dialog",
        summary: "Wofür soll Hamburg sein Geld ausgeben, und wo kann die Stadt sparen? Im Online-Dialog zum \
                  Haushaltsentwurf haben Bürgerinnen und Bürger Schwerpunkte gesetzt und Vorschläge gemacht. \
                  Der Dialog ist abgeschlossen und archiviert.",
        description: HAUSHALT,
        tags: &["Haushalt", "Finanzen"],
        status: Status::Archived,
        schedule: Schedule {
            information: Some((-820, -800)),
            participation: (-799, -750),
            evaluation: Some((-749, -690)),
            result: Some((-689, Some(-500))),
        },
        discussion: Discussion::Written(HAUSHALT_POSTS),
    },
    ProcessSpec {
        department: "Finanzbehörde",
        author: "finanzen",
        title: "Service der Hamburger Finanzämter: Was können wir besser machen?",
        summary: "Ob Steuererklärung, Rückfragen oder Termine: Die Hamburger Finanzämter möchten ihren \
                  Service verbessern und sammeln dafür Ihre Erfahrungen und Vorschläge.",
        description: FINANZAEMTER,
        tags: &["Service", "Steuern", "Digitalisierung"],
        status: Status::Draft,
        schedule: Schedule {
            information: Some((40, 54)),
            participation: (55, 90),
            evaluation: Some((91, 130)),
            result: Some((131, None)),
        },
        discussion: Discussion::None,
    },
];

const SOCIAL_MEDIA: &str = "\
Die Stadt gemeinsam gestalten – für ein modernes Hamburg!

### Hintergrund

Bürgerinnen, Bürger und Unternehmen wissen aus ihrer Alltagserfahrung, wo es in der Verwaltung \
Verbesserungspotenzial gibt. Wer sie aktiver einbezieht, kann Anregungen und Kritik besser aufnehmen. \
Soziale Medien eröffnen dafür einen weiteren Kommunikationskanal: eine zusätzliche Möglichkeit, \
Informationen darzustellen und miteinander ins Gespräch zu kommen.

Soziale Medien haben sich in der Gesellschaft ebenso schnell durchgesetzt wie das Internet selbst. Die \
Verwaltung beobachtet diese Entwicklung und fragt sich, welche Chancen darin für sie liegen – und wie \
ihre Beschäftigten selbst mit sozialen Medien umgehen, privat wie beruflich, und wie weit sie bereit \
sind, sie auch im Dienst einzusetzen.

### Leitfaden und Guidelines

Auf dem Kongress „neueVerwaltung 2011“ hat die Hansestadt den Leitfaden **„Social Media in der \
Hamburgischen Verwaltung“** vorgestellt. Er enthält Anregungen und Empfehlungen für einen erfolgreichen \
Einsatz sozialer Medien. Er soll die Verwaltung ermutigen, sich auf die Bürgerinnen und Bürger \
einzulassen, ohne an Verlässlichkeit und Seriosität einzubüßen. Eine moderne Stadt sollte es verstehen, \
die Kreativität ihrer Bürgerinnen und Bürger zu nutzen.

Ergänzend gibt es **Guidelines für Beschäftigte**: Tipps, wie man sich als Mitarbeiterin oder \
Mitarbeiter einer Behörde in sozialen Medien bewegt – privat und dienstlich. Dazu gehört zum Beispiel:

- deutlich machen, ob man privat oder im Auftrag der Behörde schreibt,
- keine internen oder personenbezogenen Informationen veröffentlichen,
- sachlich und freundlich bleiben, auch bei Kritik,
- bei Fragen zu laufenden Verwaltungsverfahren auf die zuständige Stelle verweisen.

### Die Befragung der Beschäftigten

Gemeinsam mit ISPRAT (Interdisziplinäre Studien zu Politik, Recht, Administration und Technologie e. V.) \
und der Universität St. Gallen wurde eine Befragung unter allen Beschäftigten der Hamburger Verwaltung \
durchgeführt. Die wichtigsten Erkenntnisse:

- Mehr als 2.000 Beschäftigte der Hamburger Verwaltung haben sich beteiligt.
- Soziale Medien werden bisher kaum beruflich genutzt.
- Persönliche Einstellungen und der soziale Einfluss sind wichtiger als Ressourcen.

### Ergebnis

Die Ergebnisse der Befragung sind im **Abschlussbericht** zusammengefasst, der zum Herunterladen \
bereitsteht. Die Hinweise aus dieser Online-Diskussion – etwa zu Barrierefreiheit, offenen Plattformen \
und verlässlichen Antwortzeiten – fließen in die Fortschreibung des Leitfadens und der Guidelines ein.

Die Reaktionen der vergangenen Monate zeigen: Social Media ist ein Thema für die Verwaltung. Vielen Dank \
an alle, die mitdiskutiert haben!

Alle Informationen über den aktuellen Stand des E-Government in Hamburg finden Sie auf \
[e-government.hamburg.de](https://e-government.hamburg.de), alle Online-Dienste unter \
[service.hamburg.de](https://service.hamburg.de).
";

const SOCIAL_MEDIA_POSTS: &[Post] = &[
    post(
        "buerger05",
        "Ich finde es richtig, dass die Verwaltung dort ist, wo sich die Menschen informieren. In meinem \
         Umfeld liest kaum jemand Pressemitteilungen, aber fast alle sehen, was auf Instagram geteilt wird.",
    ),
    reply(
        0,
        "buerger12",
        "Grundsätzlich ja. Aber bitte nicht nur auf den Plattformen großer US-Konzerne. Eine öffentliche \
         Verwaltung sollte auch im Fediverse erreichbar sein, ohne dass man ein Konto bei Meta braucht.",
    ),
    reply(
        1,
        "finanzen",
        "Vielen Dank für den Hinweis. Der Leitfaden empfiehlt, wichtige Informationen immer auch auf \
         hamburg.de zu veröffentlichen, damit niemand ein Konto bei einem privaten Anbieter braucht. Die \
         Frage nach offenen Plattformen nehmen wir in die Auswertung auf.",
    ),
    reply(
        2,
        "buerger12",
        "Danke, das ist ein wichtiger Grundsatz. Dann wünsche ich mir, dass er in der Praxis auch \
         eingehalten wird.",
    ),
    post(
        "buerger21",
        "Spannend finde ich das Ergebnis, dass persönliche Einstellungen wichtiger sind als Ressourcen. Das \
         deckt sich mit meiner Erfahrung aus dem Bezirksamt: Wo die Leitung dahintersteht, wird auch etwas \
         ausprobiert.",
    ),
    reply(
        4,
        "buerger08",
        "Das glaube ich gern. Trotzdem braucht es Zeit im Arbeitsalltag. Wer Social Media nebenbei betreuen \
         soll, ohne dass andere Aufgaben wegfallen, hält das nicht lange durch.",
    ),
    reply(
        5,
        "buerger21",
        "Stimmt, beides gehört zusammen. Ohne klare Zuständigkeit ist ein Kanal nach drei Monaten verwaist.",
    ),
    post(
        "buerger30",
        "Mir fehlt in den Guidelines eine Aussage dazu, wie schnell auf Fragen geantwortet wird. Wenn ich \
         eine Behörde über ein soziales Netzwerk anschreibe, erwarte ich keine Antwort in Minuten – aber \
         auch nicht erst nach drei Wochen.",
    ),
    reply(
        7,
        "finanzen",
        "Die Guidelines empfehlen, Antwortzeiten offen zu kommunizieren, etwa im Profil eines Kanals. Für \
         verbindliche Anliegen, zum Beispiel in einem laufenden Verwaltungsverfahren, bleibt der Weg über \
         die zuständige Dienststelle maßgeblich, weil dort Datenschutz und ordnungsgemäße Aktenführung \
         gewährleistet sind.",
    ),
    post(
        "buerger17",
        "Als Beschäftigte einer Behörde war ich lange unsicher, was ich privat über meine Arbeit posten darf. \
         Die Guidelines haben mir geholfen: Ich spreche privat nicht im Namen der Behörde und gebe keine \
         internen Informationen weiter. Eigentlich gesunder Menschenverstand, aber es tut gut, es schwarz \
         auf weiß zu haben.",
    ),
    reply(
        9,
        "buerger33",
        "Sehr gut zusammengefasst. Das würde ich neuen Kolleginnen und Kollegen gleich am ersten Tag \
         mitgeben.",
    ),
    post(
        "buerger02",
        "Bitte denken Sie auch an die Menschen, die gar nicht in sozialen Netzwerken unterwegs sind. Meine \
         Eltern erreichen die Verwaltung nur per Telefon oder im Kundenzentrum. Social Media darf ein \
         zusätzlicher Kanal sein, aber kein Ersatz.",
    ),
    reply(
        11,
        "buerger05",
        "Da stimme ich zu. Mehr Kanäle dürfen nicht weniger Service an anderer Stelle bedeuten – das muss \
         dann aber auch in der Personalplanung berücksichtigt werden.",
    ),
    post(
        "buerger26",
        "Werden die Ergebnisse der Befragung auch nach Behörden aufgeschlüsselt? Es wäre interessant zu \
         sehen, ob es zwischen den Bezirksämtern und den Fachbehörden Unterschiede gibt.",
    ),
    reply(
        13,
        "finanzen",
        "Der Abschlussbericht enthält die Auswertung aller Antworten. Eine Auswertung nach einzelnen \
         Dienststellen war nicht vorgesehen, weil bei kleinen Einheiten sonst Rückschlüsse auf einzelne \
         Beschäftigte möglich wären.",
    ),
    post(
        "buerger38",
        "Barrierefreiheit nicht vergessen: Bilder brauchen Alternativtexte, Videos Untertitel. Gerade eine \
         Behörde sollte hier ein Vorbild sein.",
    ),
    reply(
        15,
        "finanzen",
        "Ein berechtigter Punkt, den wir in die Fortschreibung des Leitfadens aufnehmen. Vielen Dank!",
    ),
    post(
        "anna",
        "Ich würde mir wünschen, dass Beteiligungsverfahren wie dieses auch in den sozialen Medien \
         angekündigt werden. Von dieser Diskussion habe ich nur zufällig über eine Nachbarin erfahren.",
    ),
];

const RADVERKEHR: &str = "\
Immer mehr Menschen in Altona sind mit dem Fahrrad unterwegs – zur Arbeit, zur Schule, zum Einkaufen. \
Gleichzeitig ist der Straßenraum begrenzt: Fußverkehr, Radverkehr, Busse, Lieferverkehr und parkende \
Autos teilen sich oft nur wenige Meter. Das Bezirksamt Altona erarbeitet deshalb gemeinsam mit der \
Behörde für Verkehr und Mobilitätswende ein **Radverkehrskonzept**, das die Maßnahmen der kommenden zehn \
Jahre bündelt.

### Was wir von Ihnen wissen möchten

- An welchen Stellen fühlen Sie sich auf dem Rad unsicher?
- Wo fehlen Fahrradbügel, Abstellplätze für Lastenräder oder StadtRAD-Stationen?
- Welche Verbindungen zwischen den Stadtteilen – etwa von Lurup und Osdorf nach Ottensen oder zum \
  künftigen Fernbahnhof Diebsteich – sollten Vorrang haben?
- Wie lässt sich der Platz zwischen Fußverkehr, Radverkehr, Lieferverkehr und Parken fair verteilen?

Bitte nennen Sie Straßen, Kreuzungen und Plätze möglichst genau. Kommentieren und bewerten Sie gern auch \
die Beiträge anderer – so sehen wir, welche Anliegen viele Menschen teilen.

### Die Schwerpunkte des Entwurfs

1. Lücken im Netz der Velorouten und Bezirksrouten schließen
2. Kreuzungen sicherer machen, insbesondere an der Max-Brauer-Allee und der Stresemannstraße
3. Mehr Abstellplätze an Schulen, S-Bahn-Stationen und in den Wohnquartieren
4. Radwege, die auch im Herbst und Winter sicher befahrbar sind

### So geht es weiter

Nach dem Ende der Beteiligungsphase werten wir alle Beiträge aus. Die Ergebnisse fließen in den \
überarbeiteten Entwurf ein, der im zuständigen Ausschuss der Bezirksversammlung Altona beraten wird. \
Was aus Ihren Hinweisen geworden ist, veröffentlichen wir an dieser Stelle.

Einzelne Schäden wie defekte Ampeln oder Schlaglöcher melden Sie bitte nicht hier, sondern direkt über \
den Melde-Michel der Stadt Hamburg – so werden sie am schnellsten behoben.

Weitere Informationen zum Bezirk finden Sie auf [hamburg.de/altona](https://www.hamburg.de/altona/).
";

const HITZESCHUTZ: &str = "\
### Hintergrund

Die Zahl der heißen Tage hat in Hamburg in den vergangenen Jahrzehnten deutlich zugenommen. Besonders \
belastet sind ältere Menschen, kleine Kinder, Menschen mit Vorerkrankungen und alle, die im Freien \
arbeiten. Dicht bebaute Quartiere mit wenig Grün heizen sich tagsüber stark auf und kühlen nachts kaum \
ab.

Die Behörde für Umwelt, Klima, Energie und Agrarwirtschaft erarbeitet deshalb gemeinsam mit den \
Bezirksämtern einen **Hitzeaktionsplan**. Er legt fest, wie die Stadt an heißen Tagen vorsorgt und wo sie \
langfristig für mehr Kühlung sorgt.

### Ihre Ortskenntnis ist gefragt

- Welche Plätze, Haltestellen oder Wege sind im Sommer besonders heiß und ohne Schatten?
- Wo wünschen Sie sich Trinkwasserbrunnen?
- Welche Orte eignen sich als kühle Rückzugsorte, zum Beispiel Bücherhallen, Kirchen oder Parks?
- Wo sollten zuerst neue Straßenbäume gepflanzt oder Flächen entsiegelt werden?

Bitte nennen Sie den Ort möglichst genau (Straße, Platz oder Haltestelle).

### Was mit Ihren Hinweisen geschieht

Alle Beiträge werden nach dem Ende der Beteiligungsphase ausgewertet und gemeinsam mit den Bezirksämtern \
geprüft. Hinweise, die sich kurzfristig umsetzen lassen – etwa zusätzliche Trinkwasserstellen –, geben \
wir direkt an die zuständigen Stellen weiter. Die Ergebnisse veröffentlichen wir an dieser Stelle.
";

const HITZESCHUTZ_POSTS: &[Post] = &[
    post(
        "buerger21",
        "Der Spielplatz im Wohlers Park ist ab mittags kaum nutzbar, weil es dort praktisch keinen Schatten \
         gibt. Ein Sonnensegel über dem Sandbereich würde schon viel helfen.",
    ),
    reply(
        0,
        "buerger05",
        "Das kann ich bestätigen. Wir weichen im Sommer inzwischen auf den Spielplatz im Donners Park aus, \
         dort stehen wenigstens alte Bäume.",
    ),
    post(
        "buerger38",
        "Ich bin 81 Jahre alt und gehe im Sommer tagsüber kaum noch vor die Tür. Auf dem Weg zum Einkaufen \
         fehlen Bänke im Schatten – alle paar hundert Meter eine Sitzgelegenheit würde mir sehr helfen.",
    ),
    reply(
        2,
        "umwelt",
        "Vielen Dank für diesen wichtigen Hinweis. Schattige Sitzplätze entlang von Alltagswegen sind ein \
         Baustein des Hitzeaktionsplans. Können Sie uns sagen, welchen Weg Sie meinen? Dann geben wir ihn an \
         das zuständige Bezirksamt weiter.",
    ),
    reply(
        3,
        "buerger38",
        "Gern: vom Osdorfer Born bis zum Elbe-Einkaufszentrum. Zwischendurch gibt es kaum eine Bank, und die \
         wenigen stehen in der prallen Sonne.",
    ),
    post(
        "buerger12",
        "Trinkbrunnen! In vielen europäischen Städten gibt es sie an jedem größeren Platz, in Hamburg muss \
         man sie suchen. Besonders in der Innenstadt und in den Parks wären sie wichtig.",
    ),
    reply(
        5,
        "buerger27",
        "Unbedingt – und bitte so gebaut, dass man auch eine Flasche auffüllen kann.",
    ),
    reply(
        5,
        "buerger02",
        "Brunnen sind schön, aber wer reinigt und wartet sie? Ich würde das Geld lieber in Bäume stecken, die \
         halten länger.",
    ),
    reply(
        7,
        "buerger12",
        "Das eine schließt das andere nicht aus. Es gibt in Hamburg ja schon einige öffentliche \
         Trinkwasserbrunnen, das ließe sich ausbauen.",
    ),
    post(
        "buerger30",
        "Die Schulhöfe in unserem Stadtteil sind fast vollständig versiegelt. Entsiegelung und ein paar Bäume \
         würden nicht nur bei Hitze helfen, sondern auch bei Starkregen.",
    ),
    reply(
        9,
        "buerger09",
        "Guter Punkt. Schulhöfe könnten außerhalb der Schulzeiten auch grüne Treffpunkte für die \
         Nachbarschaft sein.",
    ),
    post(
        "buerger26",
        "Bitte auch an die Menschen denken, die draußen arbeiten: Paketzustellerinnen, Bauarbeiter, die \
         Stadtreinigung. Gibt es für sie Regeln, etwa zusätzliche Pausen bei über 30 Grad?",
    ),
    reply(
        11,
        "umwelt",
        "Für den Arbeitsschutz bei Hitze sind die Arbeitgeber verantwortlich; die Stadt kann als \
         Arbeitgeberin aber mit gutem Beispiel vorangehen. Wir greifen Ihre Frage in der Auswertung auf.",
    ),
    post(
        "buerger17",
        "Kühle Orte sollten auch abends zugänglich sein. Die Bücherhallen wären ideal, schließen aber oft \
         früh.",
    ),
    post(
        "anna",
        "Auf dem Platz vor dem Bahnhof Altona steht man im Sommer wie auf einem Backblech. Ein paar große \
         Bäume und Wasserspiele würden den Ort völlig verändern.",
    ),
];

const HALTESTELLEN: &str = "\
Hamburg baut seine Bushaltestellen barrierefrei aus: mit höheren Bordsteinen für einen stufenlosen \
Einstieg, mit Bodenindikatoren für blinde und sehbehinderte Menschen und mit ausreichend Platz für \
Rollstühle, Rollatoren und Kinderwagen. Weil nicht alle Haltestellen gleichzeitig umgebaut werden \
können, braucht es eine nachvollziehbare Reihenfolge.

### Wonach wir gefragt haben

- An welchen Haltestellen ist der Ein- und Ausstieg besonders schwierig?
- Wo fehlen Sitzgelegenheiten, Wetterschutz oder eine gut lesbare Fahrgastinformation?
- Welche Haltestellen nutzen besonders viele ältere Menschen oder Menschen mit Behinderung – etwa in der \
  Nähe von Arztpraxen, Pflegeeinrichtungen oder Schulen?

### Stand der Auswertung

Die Beteiligungsphase ist abgeschlossen – vielen Dank für Ihre Hinweise! Wir prüfen sie gemeinsam mit \
den Verkehrsunternehmen und den Bezirksämtern. Dabei berücksichtigen wir:

| Kriterium | Beispiele |
| --- | --- |
| Nutzung | Fahrgastzahlen, Umsteigehaltestellen |
| Umfeld | Arztpraxen, Pflegeeinrichtungen, Schulen |
| Hinweise aus der Beteiligung | Anzahl und Dringlichkeit der Nennungen |

Die Prioritätenliste für die nächsten Umbaujahre veröffentlichen wir in der Ergebnisphase an dieser \
Stelle.
";

const HALTESTELLEN_POSTS: &[Post] = &[
    post(
        "buerger14",
        "Die Haltestelle am Eidelstedter Platz ist für mich mit dem Rollstuhl ein Glücksspiel: Mal hält der \
         Bus direkt am Bordstein, mal einen halben Meter davon entfernt.",
    ),
    reply(
        0,
        "buerger11",
        "Das kenne ich mit dem Kinderwagen. Oft liegt es aber auch an Falschparkern, die das Heranfahren \
         unmöglich machen.",
    ),
    reply(
        1,
        "verkehr",
        "Danke für beide Hinweise. Ein erhöhter Bordstein hilft nur, wenn der Bus auch nah heranfahren kann. \
         Wir prüfen deshalb bei jeder Haltestelle auch die Anfahrt und das Halteverbot davor.",
    ),
    post(
        "buerger35",
        "Für blinde Menschen sind die Bodenindikatoren wichtig, aber genauso die Ansagen. Bitte an allen \
         größeren Haltestellen Lautsprecheransagen bei Verspätungen und Umleitungen.",
    ),
    post(
        "buerger19",
        "Viele Haltestellen am Stadtrand haben nicht einmal ein Wartehäuschen. Bei Regen steht man dann mit \
         dem Rollator im Nassen.",
    ),
    reply(
        4,
        "buerger38",
        "Genau das. Und bitte eine Bank, auf der man sitzen kann, bis der Bus kommt.",
    ),
    post(
        "buerger29",
        "Bitte beim Umbau die Radwege mitdenken. Wenn der Radweg direkt hinter dem Wartebereich verläuft, \
         gibt es ständig Konflikte mit Fahrgästen, die aussteigen.",
    ),
    reply(
        6,
        "buerger08",
        "Stimmt, an manchen Haltestellen führt der Radweg mitten durch die Wartefläche. Das ist für alle \
         gefährlich.",
    ),
    post(
        "buerger40",
        "Wie werden die Hinweise eigentlich gewichtet? Zählt die Zahl der Nennungen oder die tatsächliche \
         Nutzung der Haltestelle?",
    ),
    reply(
        8,
        "verkehr",
        "Beides fließt ein: die Fahrgastzahlen, die Nähe zu Einrichtungen wie Arztpraxen oder \
         Pflegeheimen und die Hinweise aus dieser Beteiligung. Die Kriterien veröffentlichen wir zusammen \
         mit der Prioritätenliste.",
    ),
];

const STADTPARK: &str = "\
Der Stadtpark ist einer der beliebtesten Parks Hamburgs. An sonnigen Tagen treffen sich hier Familien, \
Sportgruppen, Jugendliche und Seniorinnen und Senioren. Einige Spiel- und Bewegungsflächen sind in die \
Jahre gekommen und sollen erneuert werden. Bevor geplant wird, möchten wir wissen, was Sie sich wünschen.

### Ablauf

1. **Information:** Wir stellen die betroffenen Flächen, den Zustand der Geräte und den finanziellen \
   Rahmen vor.
2. **Beteiligung:** Sie bringen Ideen ein, diskutieren und bewerten die Vorschläge anderer. Zusätzlich \
   laden wir zu einem Spaziergang durch den Park ein.
3. **Auswertung:** Ein Landschaftsarchitekturbüro entwickelt aus den Beiträgen zwei Entwürfe.
4. **Ergebnis:** Wir veröffentlichen den ausgewählten Entwurf und den Zeitplan für den Umbau.

### Mögliche Themen

- Spielgeräte für kleine und größere Kinder
- Bewegungsangebote für Jugendliche und Erwachsene, zum Beispiel Calisthenics oder Tischtennis
- Sitzgelegenheiten und schattige Plätze für Ältere
- barrierefreie Wege zwischen den Flächen

Die Beteiligung beginnt in Kürze. Merken Sie sich den Termin vor – wir freuen uns auf Ihre Ideen!
";

const MAGISTRALE: &str = "\
Hamburgs Magistralen – die großen Ausfallstraßen – sind heute vor allem vom Autoverkehr geprägt. Zugleich \
bieten sie viel Potenzial: gut angebunden, mit Raum für neue Wohnungen, Geschäfte und Grünflächen. Die \
Behörde für Stadtentwicklung und Wohnen untersucht gemeinsam mit dem Bezirksamt Eimsbüttel, wie sich die \
Kieler Straße in Stellingen und Eidelstedt in den kommenden Jahrzehnten entwickeln kann.

### Leitfragen

- Wie können neue Wohnungen entstehen, ohne dass die Lebensqualität der heutigen Nachbarschaft leidet?
- Wie wird die Straße leiser, grüner und sicherer für den Fuß- und Radverkehr?
- Welche Orte für Nahversorgung, Begegnung und Kultur fehlen heute?

### Informationsphase

Zurzeit stellen wir die Grundlagen vor: eine Bestandsanalyse mit Lärm- und Verkehrsdaten, die \
Eigentumsverhältnisse und die Ergebnisse eines ersten Werkstattgesprächs mit Fachleuten. Sobald die \
Beteiligungsphase beginnt, können Sie hier Ihre Ideen einbringen und die Beiträge anderer kommentieren.
";

const HAUSHALT: &str = "\
Der Haushalt legt fest, wofür die Stadt ihr Geld ausgibt – für Schulen und Kitas, Straßen und Brücken, \
Polizei und Feuerwehr, Kultur und Sport. Den Entwurf beschließt der Senat, über den Haushalt entscheidet \
die Hamburgische Bürgerschaft. Vor den Beratungen in der Bürgerschaft hat die Finanzbehörde zu einem \
Online-Dialog eingeladen.

### Die Fragen des Dialogs

- Welche Aufgaben der Stadt sind Ihnen besonders wichtig?
- Wo sehen Sie Möglichkeiten, zu sparen?
- Wie verständlich finden Sie die Darstellung des Haushalts?

### Ergebnis

Die Beiträge wurden zusammengefasst und dem Haushaltsausschuss der Bürgerschaft übergeben. Viele \
Teilnehmende wünschten sich eine verständlichere, grafische Darstellung des Haushalts; diese Anregung \
hat die Finanzbehörde aufgegriffen.

Diese Seite bleibt zur Dokumentation erhalten. Neue Beiträge sind nicht mehr möglich.
";

const HAUSHALT_POSTS: &[Post] = &[
    post(
        "buerger10",
        "Ich wünsche mir eine Darstellung des Haushalts, die auch Laien verstehen. Wie viel gibt die Stadt \
         pro Kopf für Schulen aus, wie viel für Straßen?",
    ),
    reply(
        0,
        "finanzen",
        "Vielen Dank für die Anregung. Eine verständlichere, grafische Darstellung des Haushalts ist in \
         Vorbereitung.",
    ),
    post(
        "buerger23",
        "Bevor über neue Ausgaben gesprochen wird: Wie groß ist der Sanierungsstau bei Brücken und \
         Schulgebäuden? Erhalt sollte vor Neubau gehen.",
    ),
    reply(
        2,
        "buerger16",
        "Einverstanden, aber Investitionen in Kitas und Schulen sind keine Kür. Sie zahlen sich später \
         mehrfach aus.",
    ),
    post(
        "buerger33",
        "Mehr Geld für die Bücherhallen und die Stadtteilkulturzentren! Dort können sich alle treffen, \
         unabhängig vom Einkommen.",
    ),
    post(
        "buerger02",
        "Die Schuldenbremse ist richtig. Wir dürfen der nächsten Generation keine neuen Schulden \
         hinterlassen.",
    ),
    reply(
        5,
        "buerger31",
        "Marode Schulen und Brücken sind auch eine Last für die nächste Generation – nur eine, die in keiner \
         Schuldenstatistik auftaucht.",
    ),
];

const FINANZAEMTER: &str = "\
> Entwurf: Texte und Termine werden noch mit den Finanzämtern abgestimmt.

Die Hamburger Finanzämter bearbeiten jedes Jahr eine große Zahl von Steuererklärungen, die meisten \
inzwischen elektronisch über ELSTER. Trotzdem gibt es viele Anlässe, bei denen Sie mit Ihrem Finanzamt in \
Kontakt treten: Rückfragen, Einsprüche, Terminvereinbarungen oder Fragen zu einem Bescheid. Wir möchten \
wissen, wo das gut funktioniert – und wo nicht.

### Ihre Erfahrungen

- Wie erleben Sie die Erreichbarkeit der Finanzämter per Telefon, Post und online?
- Sind Bescheide und Schreiben verständlich formuliert?
- Welche Anliegen möchten Sie vollständig online erledigen können?

### Bitte beachten

Nennen Sie in Ihren Beiträgen keine Steuernummern oder anderen persönlichen Daten. Bei Fragen zu Ihrem \
eigenen Steuerfall wenden Sie sich bitte direkt an Ihr Finanzamt.
";
