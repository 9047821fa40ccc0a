//! The demo citizens and their discussions: the written threads get reactions,
//! the open cycling process gets about three hundred comments generated from
//! sentence fragments. A small seeded generator makes every load identical.
//!
//! Each citizen leans one way in the debate about street space (cycling, car,
//! walking). Comments are composed from that lean's fragments; replies agree or
//! object depending on both writers' leans, and reactions follow the same
//! logic with some noise.

use std::collections::HashSet;

use domain::comments::Reaction;

use super::content::Post;

/// How many comments the generated discussion has.
pub const GENERATED_COMMENTS: usize = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lean {
    /// Wants safe cycle lanes, even at the cost of parking.
    Bike,
    /// Depends on the car or on customers who come by car.
    Car,
    /// Walks, uses buses, weighs both sides.
    Foot,
}

/// The demo citizens: display name and lean. Their keys (and the local part of
/// their addresses) are `buerger01` … `buerger40`.
pub const CITIZENS: &[(&str, Lean)] = &[
    ("Radlerin aus Ottensen", Lean::Bike),
    ("Gerd H.", Lean::Car),
    ("Elbkind73", Lean::Bike),
    ("Jana mit Lastenrad", Lean::Bike),
    ("Kathrin S.", Lean::Foot),
    ("Moin aus Lurup", Lean::Car),
    ("Tobias W.", Lean::Bike),
    ("Handwerk Bahrenfeld", Lean::Car),
    ("Leonie K.", Lean::Bike),
    ("Hanseat1960", Lean::Car),
    ("Sven aus Othmarschen", Lean::Foot),
    ("Fietsfreund", Lean::Bike),
    ("Ahmet Y.", Lean::Car),
    ("Birgit R.", Lean::Foot),
    ("Pendler_Pinneberg", Lean::Car),
    ("Nele aus Bahrenfeld", Lean::Bike),
    ("Marion T.", Lean::Foot),
    ("Kettenblatt", Lean::Bike),
    ("Uwe Behrens", Lean::Car),
    ("Zweifachmama", Lean::Bike),
    ("Dr. Lena M.", Lean::Foot),
    ("Kiezkind", Lean::Bike),
    ("Holger P.", Lean::Car),
    ("Finn aus der Mitte Altona", Lean::Bike),
    ("Sabine aus Lurup", Lean::Car),
    ("Rüdiger K.", Lean::Foot),
    ("Stadtradlerin", Lean::Bike),
    ("Taxi-Kalle", Lean::Car),
    ("Jonas B.", Lean::Bike),
    ("Heike L.", Lean::Foot),
    ("Velo-Vincent", Lean::Bike),
    ("Anwohnerin Behringstraße", Lean::Car),
    ("Merle_HH", Lean::Bike),
    ("Klaus-Dieter", Lean::Car),
    ("Deniz A.", Lean::Foot),
    ("Fahrradkurierin Ela", Lean::Bike),
    ("Peter aus Osdorf", Lean::Car),
    ("Ingrid W.", Lean::Foot),
    ("Mats H.", Lean::Bike),
    ("Nachbar am Spritzenplatz", Lean::Foot),
];

pub fn citizen_key(index: usize) -> String {
    format!("buerger{:02}", index + 1)
}

/// A discussion ready to be written: comments in order (a parent before its
/// replies), then reactions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub comments: Vec<PlannedComment>,
    pub reactions: Vec<PlannedReaction>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedComment {
    /// An account key.
    pub author: String,
    /// The index of the comment replied to.
    pub parent: Option<usize>,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedReaction {
    pub comment: usize,
    pub by: String,
    pub reaction: Reaction,
}

/// xorshift64*: small, fast and good enough to vary demo texts.
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: u64) -> Rng {
        // One splitmix64 step spreads similar seeds apart; the state must
        // never be zero.
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Rng((z ^ (z >> 31)).max(1))
    }

    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (n > 0).
    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub(super) fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }

    pub(super) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// An index drawn with probability proportional to its weight.
    pub(super) fn weighted(&mut self, weights: &[usize]) -> usize {
        let total: usize = weights.iter().sum();
        let mut x = self.below(total);
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    /// `k` distinct elements of `from`, in random order.
    pub(super) fn sample(&mut self, mut from: Vec<usize>, k: usize) -> Vec<usize> {
        let k = k.min(from.len());
        for i in 0..k {
            let j = i + self.below(from.len() - i);
            from.swap(i, j);
        }
        from.truncate(k);
        from
    }
}

/// Reactions for a written thread: a few per comment from random citizens,
/// mostly agreeing.
pub fn written(posts: &[Post], seed: u64) -> Plan {
    let mut rng = Rng::new(seed);
    let comments: Vec<PlannedComment> = posts
        .iter()
        .map(|p| PlannedComment {
            author: p.author.to_owned(),
            parent: p.reply_to,
            body: p.body.to_owned(),
        })
        .collect();
    let keys: Vec<String> = (0..CITIZENS.len()).map(citizen_key).collect();
    let mut reactions = vec![];
    for (i, c) in comments.iter().enumerate() {
        let k = if c.parent.is_none() {
            1 + rng.below(9)
        } else {
            rng.below(5)
        };
        let staff = !c.author.starts_with("buerger") && c.author != "anna";
        let readers = (0..keys.len()).filter(|r| keys[*r] != c.author).collect();
        for r in rng.sample(readers, k) {
            let agree = if staff { 85 } else { 75 };
            reactions.push(PlannedReaction {
                comment: i,
                by: keys[r].clone(),
                reaction: if rng.percent(agree) {
                    Reaction::Agree
                } else {
                    Reaction::Disagree
                },
            });
        }
    }
    Plan {
        comments,
        reactions,
    }
}

/// Where in Altona something happens, as it follows a preposition.
const PLACES: &[&str] = &[
    "auf der Max-Brauer-Allee",
    "an der Kreuzung Max-Brauer-Allee/Stresemannstraße",
    "auf der Stresemannstraße",
    "in der Holstenstraße",
    "in der Ottenser Hauptstraße",
    "rund um den Bahnhof Altona",
    "auf der Bahrenfelder Chaussee",
    "in der Behringstraße",
    "in der Großen Bergstraße",
    "auf der Elbchaussee",
    "an der Palmaille",
    "auf dem Weg zum Bahnhof Diebsteich",
    "im Quartier Mitte Altona",
    "auf der Luruper Chaussee",
    "auf der Osdorfer Landstraße",
    "in der Königstraße",
    "auf der Großen Elbstraße",
    "in der Friedensallee",
    "rund um den Spritzenplatz",
];

/// The fragments one lean speaks with. `{at}` stands for a place, `{At}` for a
/// place at the start of a sentence.
struct Voice {
    observations: &'static [&'static str],
    reasons: &'static [&'static str],
    proposals: &'static [&'static str],
    replies: &'static [&'static str],
    local_replies: &'static [&'static str],
}

const BIKE: Voice = Voice {
    observations: &[
        "Ich fahre jeden Morgen {at} zur Arbeit und werde dort fast täglich viel zu eng überholt.",
        "{At} endet der Radweg plötzlich, und man steht unvermittelt zwischen Bus und Lieferwagen.",
        "Mit zwei Kindern im Lastenrad {at} unterwegs zu sein, ist im Moment wirklich kein Vergnügen.",
        "{At} ist der Radweg so schmal, dass man niemanden sicher überholen kann.",
        "Der alte Radweg {at} ist voller Wurzelaufbrüche und im Dunkeln kaum zu erkennen.",
        "{At} ist der Radfahrstreifen ständig zugeparkt, vor allem am Vormittag.",
        "Ich finde {at} praktisch nie einen freien Fahrradbügel und schließe mein Rad deshalb an \
         Laternen an.",
        "{At} warten Radfahrende an der Ampel oft zwei Umläufe, während der Autoverkehr durchrollt.",
        "Meine Tochter fährt {at} mit dem Rad zur Schule, und ich habe jeden Morgen ein mulmiges Gefühl.",
        "{At} werden Radfahrende beim Rechtsabbiegen von Lkw regelmäßig übersehen.",
        "Seit der Baustelle {at} gibt es für den Radverkehr keine vernünftige Umleitung mehr.",
        "Auf dem Heimweg {at} teile ich mir im Dunkeln den Weg mit Fußgängern, weil der Radweg kaum \
         beleuchtet ist.",
    ],
    reasons: &[
        "In Kopenhagen sieht man, wie viele Menschen aufs Rad umsteigen, sobald die Wege wirklich sicher \
         sind.",
        "Gerade Kinder und ältere Menschen trauen sich sonst gar nicht aufs Rad.",
        "Solange es sich gefährlich anfühlt, nehmen viele weiter das Auto, selbst für zwei Kilometer.",
        "Jede Person, die aufs Rad umsteigt, macht Platz auf der Straße für die, die wirklich auf das Auto \
         angewiesen sind.",
        "Ein Fahrrad braucht nur einen Bruchteil der Fläche eines parkenden Autos.",
        "Wenn die Stadt den Radverkehrsanteil deutlich erhöhen will, muss sie ihm auch Platz geben.",
        "Mit dem E-Bike sind inzwischen auch längere Strecken von Lurup oder Osdorf bis in die Innenstadt \
         gut machbar.",
        "Gute Radwege sind auch Klimaschutz – und zwar einer, der sofort wirkt.",
    ],
    proposals: &[
        "Eine durchgehende, baulich getrennte Radspur wäre hier die einzig sinnvolle Lösung.",
        "Ich schlage vor, die Strecke als Fahrradstraße auszuweisen, auf der Autos nur noch als Anlieger \
         fahren.",
        "Poller oder eine niedrige Bordsteinkante zwischen Rad- und Fahrspur würden das Zuparken sofort \
         beenden.",
        "Die Ampel sollte für den Radverkehr ein paar Sekunden früher Grün zeigen, damit man vor \
         abbiegenden Autos gut zu sehen ist.",
        "Mehr Fahrradbügel und einige Stellplätze für Lastenräder würden schon viel helfen.",
        "Eine vorgezogene Aufstellfläche vor der Haltelinie wäre eine schnelle und günstige Verbesserung.",
        "Eine Parkreihe in Fahrradbügel und Lieferzonen umzuwandeln, würde gleich zwei Probleme lösen.",
        "Eine grüne Welle für den Radverkehr bei etwa 20 km/h wäre großartig.",
    ],
    replies: &[
        "Jede Parkbucht, die zur Radspur wird, macht den Schulweg für Kinder sicherer.",
        "Die Zahl der Radfahrenden ist in den letzten Jahren deutlich gestiegen, das sieht man jeden \
         Morgen.",
        "Lieferzonen lösen das Problem mit der zweiten Reihe besser als zusätzliche Parkplätze.",
        "Ausweichen auf Nebenstraßen bedeutet Umwege und Kopfsteinpflaster, das nutzt im Alltag niemand.",
        "Niemand will Autos verbieten, es geht um eine fairere Verteilung des Platzes.",
        "Wer sicher Rad fahren kann, steht nicht mehr mit im Stau – davon profitieren auch Autofahrende.",
        "Rotlichtverstöße gibt es bei allen Verkehrsmitteln, das ist kein Argument gegen gute Radwege.",
        "Die meisten Wege im Bezirk sind kürzer als fünf Kilometer, das ist ideale Fahrraddistanz.",
        "Gerade mit dem Lastenrad erledigen viele Familien inzwischen den ganzen Wocheneinkauf.",
        "Ein sicherer Radweg entlastet übrigens auch den Gehweg, weil dann niemand mehr dorthin ausweicht.",
    ],
    local_replies: &[
        "{At} sieht man jeden Morgen, wie viele Menschen schon heute Rad fahren – trotz der schlechten \
         Wege.",
        "Gerade {at} wäre genug Platz für eine geschützte Radspur, wenn man die Parkstreifen neu ordnet.",
    ],
};

const CAR: Voice = Voice {
    observations: &[
        "Schon jetzt findet man {at} abends kaum noch einen Parkplatz.",
        "Ich bin beruflich auf das Auto angewiesen und fahre täglich {at}; jede weitere Verengung bedeutet \
         dort Stau.",
        "Handwerksbetriebe brauchen {at} Ladezonen, sonst stehen ihre Wagen zwangsläufig in zweiter \
         Reihe.",
        "{At} ist der Platz nun einmal begrenzt, da kann man es nicht allen recht machen.",
        "Ich erlebe {at} täglich Radfahrende, die bei Rot fahren oder ohne Licht unterwegs sind.",
        "{At} staut sich der Verkehr schon heute bis weit in die Nebenstraßen hinein.",
        "Meine Mutter ist auf einen Pflegedienst angewiesen, und der findet {at} schon heute keinen Platz \
         zum Halten.",
        "Seit dem letzten Umbau {at} fahren viele Autos Schleichwege durch unsere Wohnstraße.",
        "Wer {at} ein kleines Geschäft betreibt, lebt auch von Kundschaft, die mit dem Auto kommt.",
        "Ich pendle aus dem Umland und komme {at} schon jetzt nur im Schritttempo voran.",
    ],
    reasons: &[
        "Nicht jeder kann aufs Rad umsteigen: Pflegedienste, Handwerk und Menschen mit Behinderung brauchen \
         das Auto.",
        "Im Winter und bei Hamburger Schietwetter fährt doch kaum jemand Rad.",
        "Mehr Stau bedeutet am Ende auch mehr Abgase und nicht weniger.",
        "Busse und Bahnen sind abends und am Wochenende in den Außenbezirken keine echte Alternative.",
        "Es wohnen hier viele Ältere, für die das Rad schlicht keine Option mehr ist.",
        "Wer im Schichtdienst arbeitet, kommt nachts ohne Auto kaum nach Hause.",
        "Der Einzelhandel hat es ohnehin schon schwer genug.",
        "Wenn Parkplätze wegfallen, verlagert sich der Parkdruck nur in die Nachbarstraßen.",
    ],
    proposals: &[
        "Bevor Parkplätze wegfallen, sollte geprüft werden, ob eine Quartiersgarage Ersatz schaffen kann.",
        "Man könnte den Radverkehr doch über ruhigere Parallelstraßen führen statt über die Hauptstraße.",
        "Ich wünsche mir mehr Kontrollen, und zwar für alle Verkehrsteilnehmenden.",
        "Bitte fragen Sie die Anwohnerinnen und Anwohner vor Ort, bevor Fakten geschaffen werden.",
        "Lieferzonen mit klaren Zeiten wären ein Kompromiss, mit dem auch das Gewerbe leben kann.",
        "Wichtiger als neue Radwege wäre erst einmal, die vorhandenen Straßen instand zu setzen.",
        "Bewohnerparken mit fairen Gebühren wäre mir lieber als der ersatzlose Wegfall von Stellplätzen.",
    ],
    replies: &[
        "Ich bin nicht gegen Radwege, aber bitte mit Augenmaß.",
        "Es wohnen hier auch viele Ältere, die nicht mehr Rad fahren können.",
        "Wer Schicht arbeitet, ist nachts nicht mit Bus und Bahn unterwegs.",
        "Die Geschäfte in der Ottenser Hauptstraße spüren jeden fehlenden Parkplatz.",
        "Der Handwerker mit seinem Material kommt nun einmal nicht mit dem Lastenrad.",
        "In der Theorie klingt das alles schön, im Alltag mit Kindern und Einkäufen sieht es anders aus.",
        "Man sollte nicht so tun, als ob alle Autofahrenden aus Bequemlichkeit fahren.",
        "Ohne Ersatz für die Stellplätze verlagert sich das Problem nur in die nächste Straße.",
        "Auch Radfahrende müssen sich an Regeln halten, das kommt mir hier zu kurz.",
        "Aus Lurup sind Bus und Bahn leider noch keine echte Alternative, solange die S-Bahn fehlt.",
    ],
    local_replies: &[
        "{At} stehen schon heute die Lieferwagen in zweiter Reihe, weil Ladezonen fehlen.",
        "{At} gibt es schon jetzt kaum Ausweichmöglichkeiten für den Autoverkehr.",
    ],
};

const FOOT: Voice = Voice {
    observations: &[
        "Zu Fuß ärgert mich vor allem, dass {at} viele auf dem Gehweg Rad fahren.",
        "Mit dem Rollator ist es {at} schwierig, weil Gehweg und Radweg kaum voneinander zu unterscheiden \
         sind.",
        "{At} wäre ich schon froh, wenn die vielen Baustellen besser aufeinander abgestimmt wären.",
        "Ich bin {at} mal mit dem Rad, mal mit dem Bus unterwegs, und beide kommen sich dort ständig in die \
         Quere.",
        "{At} stehen E-Scooter und Leihräder oft mitten auf dem Gehweg.",
        "Mit dem Kinderwagen muss ich {at} regelmäßig auf die Straße ausweichen, weil der Gehweg zugestellt \
         ist.",
        "{At} fehlt eine sichere Querungsmöglichkeit; die nächste Ampel ist viel zu weit entfernt.",
        "Ich beobachte {at} vor allem, dass alle gestresst sind: Autofahrende, Radfahrende und Fußgänger \
         gleichermaßen.",
    ],
    reasons: &[
        "Der Fußverkehr kommt in der ganzen Diskussion meistens zu kurz.",
        "Gerade für Kinder, Ältere und Menschen mit Sehbehinderung sind klare Trennungen wichtig.",
        "Am Ende nutzen wir alle mal das Rad, mal das Auto und gehen fast immer ein Stück zu Fuß.",
        "Mehr Rücksicht würde vieles lösen, aber die kann man nicht bauen.",
        "Viele Konflikte entstehen nur, weil der Platz schlecht aufgeteilt ist.",
        "Ein Verkehrsversuch würde zeigen, was wirklich funktioniert, statt dass wir hier nur Meinungen \
         austauschen.",
    ],
    proposals: &[
        "Wichtig ist mir, dass die Gehwege dabei auf keinen Fall schmaler werden.",
        "Eine klare farbliche Markierung würde allen helfen, sich richtig zu verhalten.",
        "Vielleicht könnte man zunächst einen Verkehrsversuch für ein halbes Jahr machen und ihn dann \
         gemeinsam auswerten.",
        "Busspur und Radweg sollten gemeinsam geplant werden, nicht nacheinander.",
        "Feste Abstellflächen für E-Scooter und Leihräder würden die Gehwege sofort entlasten.",
        "Ein Zebrastreifen oder eine Mittelinsel wäre hier schnell umzusetzen.",
        "Tempo 30 würde die Lage für alle entspannen.",
    ],
    replies: &[
        "Am Ende brauchen wir eine Lösung, mit der alle leben können.",
        "Vielleicht wäre ein Kompromiss möglich: vormittags Lieferzone, danach Parken.",
        "Ein Verkehrsversuch würde zeigen, wer recht hat.",
        "Bitte vergessen Sie bei all dem nicht die Menschen, die zu Fuß unterwegs sind.",
        "Weniger Tempo würde schon viele Konflikte entschärfen.",
        "Entscheidend ist, dass der Umbau nicht wieder Jahre dauert.",
        "Mir fehlt in der Diskussion der Blick auf Menschen mit Behinderung.",
        "Ich glaube, viele Konflikte ließen sich mit einer klaren Beschilderung lösen.",
    ],
    local_replies: &[
        "{At} wird es auf dem Gehweg schon heute eng, wenn zwei Kinderwagen aneinander vorbeimüssen.",
        "{At} würde eine bessere Beleuchtung allen helfen, egal wie sie unterwegs sind.",
    ],
};

fn voice(lean: Lean) -> &'static Voice {
    match lean {
        Lean::Bike => &BIKE,
        Lean::Car => &CAR,
        Lean::Foot => &FOOT,
    }
}

const OPENERS: &[&str] = &[
    "Moin zusammen!",
    "Vorweg: Gut, dass der Bezirk hier fragt.",
    "Ich wohne seit über zwanzig Jahren im Stadtteil.",
    "Kurz aus meiner Alltagserfahrung:",
    "Ein Hinweis aus der Nachbarschaft:",
    "Danke für die Möglichkeit, hier mitzureden.",
    "Ich möchte einen Punkt ergänzen, der mir im Entwurf fehlt.",
    "Ich habe mir den Konzeptentwurf angesehen.",
];

const QUESTIONS: &[&str] = &[
    "Gibt es schon Zahlen, wie viele Radfahrende dort täglich unterwegs sind?",
    "Wann ist mit einer Umsetzung zu rechnen?",
    "Wird der Entwurf auch noch einmal vor Ort vorgestellt, etwa bei einer Veranstaltung im Bezirk?",
    "Wie wird sichergestellt, dass Rettungswagen und Feuerwehr weiterhin gut durchkommen?",
    "Werden die Erfahrungen aus dem Verkehrsversuch in Ottensen berücksichtigt?",
    "Ist diese Stelle im Entwurf überhaupt berücksichtigt?",
    "Wer ist eigentlich für den Winterdienst auf den Radwegen zuständig?",
    "Gibt es für diesen Abschnitt schon eine Planung?",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Relation {
    Agree,
    Disagree,
    Nuance,
}

const AGREE_OPENERS: &[&str] = &[
    "Genau so erlebe ich das auch.",
    "Volle Zustimmung.",
    "Das kann ich nur unterstreichen.",
    "Sehe ich genauso.",
    "Danke, dass Sie das ansprechen.",
    "Das geht mir fast jeden Tag so.",
    "Stimmt leider.",
    "Richtig, und es kommt noch etwas hinzu:",
];

const DISAGREE_OPENERS: &[&str] = &[
    "Das sehe ich anders.",
    "Da muss ich widersprechen.",
    "Ich verstehe den Ärger, komme aber zu einem anderen Schluss.",
    "So pauschal stimmt das nicht.",
    "Mit Verlaub, das ist zu kurz gedacht.",
    "Das klingt gut, geht aber an der Wirklichkeit vorbei.",
    "Das überzeugt mich nicht.",
];

const NUANCE_OPENERS: &[&str] = &[
    "Teilweise ja.",
    "Ein berechtigter Punkt, aber man muss beide Seiten sehen.",
    "Ergänzend dazu:",
    "Ich verstehe beide Seiten.",
    "Interessanter Gedanke.",
    "Ganz so einfach ist es wohl nicht.",
];

const AGREE_REJOINDERS: &[&str] = &[
    "Da haben Sie einen Punkt, das hatte ich so nicht bedacht.",
    "Genau darum geht es mir.",
    "Dann sind wir gar nicht so weit auseinander.",
    "Danke, das ist eine gute Ergänzung.",
    "Einverstanden – solange die Gehwege nicht darunter leiden.",
    "So könnte ein Kompromiss aussehen.",
    "Dem ist nichts hinzuzufügen.",
];

const DISAGREE_REJOINDERS: &[&str] = &[
    "Das mag sein, ändert aber nichts am Grundproblem.",
    "Haben Sie dafür eine Quelle?",
    "Ich lade Sie gern ein, die Strecke einmal morgens um acht mit mir zu fahren.",
    "Wir drehen uns im Kreis, aber ich bleibe bei meiner Meinung.",
    "Das ist Ihre Sicht; meine Erfahrung ist eine andere.",
    "Das beantwortet meine Frage leider nicht.",
];

const NUANCE_REJOINDERS: &[&str] = &[
    "Vielleicht sollte der Bezirk genau diese Frage einmal mit Zahlen beantworten.",
    "Lassen wir es einen Verkehrsversuch entscheiden.",
    "Gute Frage, das würde mich auch interessieren.",
    "Am Ende werden wohl beide Seiten Abstriche machen müssen.",
    "Ich bin gespannt, was die Auswertung dazu sagt.",
];

/// Answers of the department and the moderation to the liveliest threads:
/// author, text, and words of which the first comment of the thread must
/// contain one (none: any thread).
const OFFICIAL_REPLIES: &[(&str, &str, &[&str])] = &[
    (
        "altona",
        "Vielen Dank für Ihren Hinweis zur Situation {at}. Dieser Abschnitt ist im Konzeptentwurf bereits \
         als Schwerpunkt vermerkt; Ihre Beobachtungen nehmen wir in die Auswertung auf.",
        &[],
    ),
    (
        "moderation",
        "Eine kurze Bitte der Moderation: Bleiben Sie beim Thema und respektvoll, auch wenn die Ansichten \
         auseinandergehen. Persönliche Angriffe entfernen wir.",
        &[],
    ),
    (
        "altona",
        "Danke für die ausführliche Schilderung. Die Verkehrsführung {at} untersuchen wir derzeit gemeinsam \
         mit der Behörde für Verkehr und Mobilitätswende. Sobald es Ergebnisse gibt, informieren wir hier.",
        &[
            "endet der Radweg",
            "Umleitung",
            "Rechtsabbiegen",
            "Umläufe",
            "überholt",
            "staut",
        ],
    ),
    (
        "altona",
        "Zur Einordnung: Parkplätze entfallen im Konzept nur dort, wo es für die Sicherheit notwendig ist. \
         Für jeden Abschnitt – auch {at} – prüfen wir, ob Lade- und Lieferzonen oder Quartiersgaragen \
         Ersatz schaffen können.",
        &[
            "Parkplatz",
            "Parkdruck",
            "Stellplätze",
            "Ladezonen",
            "Halten",
        ],
    ),
    (
        "altona",
        "Vielen Dank für den Hinweis auf die Abstellsituation {at}. Zusätzliche Fahrradbügel lassen sich \
         oft kurzfristig aufstellen; wir haben den Standort an das zuständige Fachamt weitergegeben.",
        &["Fahrradbügel"],
    ),
    (
        "altona",
        "Wir lesen hier mit und sammeln alle Hinweise. Bitte haben Sie Verständnis, dass wir nicht auf \
         jeden Beitrag einzeln antworten können – in die Auswertung fließen aber alle ein.",
        &[],
    ),
    (
        "altona",
        "Zu Ihrer Frage nach Zahlen: Für den Abschnitt {at} ist eine Verkehrszählung vorgesehen, die auch \
         den Rad- und Fußverkehr erfasst. Die Ergebnisse veröffentlichen wir mit dem Ergebnisbericht.",
        &["Gibt es schon Zahlen"],
    ),
];

/// What the authors of those threads answer to the department's first replies.
const THANKS: &[&str] = &[
    "Danke für die schnelle Rückmeldung – ich bin gespannt auf den überarbeiteten Entwurf.",
    "Vielen Dank, schön zu sehen, dass hier tatsächlich jemand mitliest!",
    "Danke. Dann hoffe ich, dass es diesmal nicht wieder Jahre dauert.",
];

/// Replaces the place markers in a fragment.
fn fill(fragment: &str, place: &str) -> String {
    let mut chars = place.chars();
    let capitalized = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    fragment
        .replace("{At}", &capitalized)
        .replace("{at}", place)
}

struct Person {
    key: String,
    /// None: an account of the administration.
    lean: Option<Lean>,
    /// How often this person writes, relatively.
    activity: usize,
}

struct Node {
    author: usize,
    parent: Option<usize>,
    depth: usize,
    replies: usize,
    /// The place the thread is about, if its first comment names one.
    place: Option<&'static str>,
    body: String,
}

/// The discussion of the open cycling process in Altona.
pub fn generated(seed: u64) -> Plan {
    let mut rng = Rng::new(seed);
    let mut people: Vec<Person> = CITIZENS
        .iter()
        .enumerate()
        .map(|(i, (_, lean))| Person {
            key: citizen_key(i),
            lean: Some(*lean),
            // A few people write a lot, most now and then.
            activity: if i % 7 == 3 { 9 } else { 1 + rng.below(4) },
        })
        .collect();
    people.push(Person {
        key: "anna".into(),
        lean: Some(Lean::Bike),
        activity: 2,
    });
    let citizens = people.len();
    let official: Vec<usize> = OFFICIAL_REPLIES
        .iter()
        .map(
            |(key, _, _)| match people.iter().position(|p| p.key == *key) {
                Some(i) => i,
                None => {
                    people.push(Person {
                        key: (*key).to_owned(),
                        lean: None,
                        activity: 0,
                    });
                    people.len() - 1
                }
            },
        )
        .collect();
    let activity: Vec<usize> = people.iter().map(|p| p.activity).collect();
    // The busiest people mostly answer; threads are started more evenly.
    let starting: Vec<usize> = activity.iter().map(|a| a.div_ceil(3)).collect();

    let citizen_comments = GENERATED_COMMENTS - OFFICIAL_REPLIES.len() - THANKS.len();
    let mut nodes: Vec<Node> = Vec::with_capacity(GENERATED_COMMENTS);
    let mut seen: HashSet<String> = HashSet::new();
    while nodes.len() < citizen_comments {
        let is_root = nodes.len() < 6 || rng.percent(35);
        let mut node = if is_root {
            let author = rng.weighted(&starting);
            let lean = people[author].lean.unwrap_or(Lean::Foot);
            let (body, place) = root_body(&mut rng, lean, author);
            Node {
                author,
                parent: None,
                depth: 0,
                replies: 0,
                place,
                body,
            }
        } else {
            let parent = pick_parent(&mut rng, &nodes);
            let author = pick_replier(&mut rng, &nodes, &activity, parent);
            let p = &nodes[parent];
            let lean = people[author].lean.unwrap_or(Lean::Foot);
            let relation = relation(&mut rng, lean, people[p.author].lean.unwrap_or(Lean::Foot));
            let body = reply_body(&mut rng, lean, relation, p.depth, p.place);
            Node {
                author,
                parent: Some(parent),
                depth: p.depth + 1,
                replies: 0,
                place: p.place,
                body,
            }
        };
        // Long texts appear once; short rejoinders may repeat, as they do.
        if node.body.len() > 90 && !seen.insert(node.body.clone()) {
            continue;
        }
        if let Some(p) = node.parent {
            nodes[p].replies += 1;
        }
        node.body.shrink_to_fit();
        nodes.push(node);
    }

    // The department answers the liveliest threads that fit its answer; the
    // authors of the first threads it answers say thanks.
    let mut lively: Vec<usize> = (0..nodes.len())
        .filter(|i| nodes[*i].depth == 0 && nodes[*i].place.is_some())
        .collect();
    lively.sort_by_key(|i| (std::cmp::Reverse(nodes[*i].replies), *i));
    let mut thanks = THANKS.iter();
    for (k, (key, text, words)) in OFFICIAL_REPLIES.iter().enumerate() {
        let fits = |i: &usize| words.is_empty() || words.iter().any(|w| nodes[*i].body.contains(w));
        // Without a fitting thread, the general answer goes to the liveliest.
        let (pos, text) = match lively.iter().position(fits) {
            Some(pos) => (pos, *text),
            None => (0, OFFICIAL_REPLIES[0].1),
        };
        let root = lively.remove(pos);
        let place = nodes[root].place;
        nodes[root].replies += 1;
        nodes.push(Node {
            author: official[k],
            parent: Some(root),
            depth: 1,
            replies: 0,
            place,
            body: fill(text, place.unwrap_or_default()),
        });
        if *key == "altona"
            && let Some(thanks) = thanks.next()
        {
            let answer = nodes.len() - 1;
            nodes[answer].replies += 1;
            nodes.push(Node {
                author: nodes[root].author,
                parent: Some(answer),
                depth: 2,
                replies: 0,
                place,
                body: (*thanks).to_owned(),
            });
        }
    }

    let mut reactions = vec![];
    for (i, node) in nodes.iter().enumerate() {
        let k = reaction_count(&mut rng, node.depth);
        let readers = (0..citizens).filter(|r| *r != node.author).collect();
        for r in rng.sample(readers, k) {
            let reader = people[r].lean.unwrap_or(Lean::Foot);
            reactions.push(PlannedReaction {
                comment: i,
                by: people[r].key.clone(),
                reaction: react(&mut rng, people[node.author].lean, reader),
            });
        }
    }

    Plan {
        comments: nodes
            .into_iter()
            .map(|n| PlannedComment {
                author: people[n.author].key.clone(),
                parent: n.parent,
                body: n.body,
            })
            .collect(),
        reactions,
    }
}

/// A thread's first comment. Everyone tells of a few experiences of their own
/// (chosen by `author`), at changing places.
fn root_body(rng: &mut Rng, lean: Lean, author: usize) -> (String, Option<&'static str>) {
    let v = voice(lean);
    let place = rng.pick(PLACES);
    let observation = v.observations[(author * 5 + rng.below(4)) % v.observations.len()];
    let mut parts: Vec<String> = vec![];
    if rng.percent(25) {
        parts.push(rng.pick(OPENERS).to_owned());
    }
    parts.push(fill(observation, place));
    if rng.percent(65) {
        parts.push(rng.pick(v.reasons).to_owned());
    }
    if rng.percent(60) {
        parts.push(rng.pick(v.proposals).to_owned());
    }
    if rng.percent(20) {
        parts.push(rng.pick(QUESTIONS).to_owned());
    }
    // Longer comments get a second paragraph.
    let body = if parts.len() >= 4 {
        let last = parts.pop().unwrap_or_default();
        format!("{}\n\n{last}", parts.join(" "))
    } else {
        parts.join(" ")
    };
    let names_place = observation.contains("{at}") || observation.contains("{At}");
    (body, names_place.then_some(place))
}

fn reply_body(
    rng: &mut Rng,
    lean: Lean,
    relation: Relation,
    parent_depth: usize,
    place: Option<&str>,
) -> String {
    let v = voice(lean);
    if parent_depth >= 1 && rng.percent(40) {
        let rejoinder = rng.pick(match relation {
            Relation::Agree => AGREE_REJOINDERS,
            Relation::Disagree => DISAGREE_REJOINDERS,
            Relation::Nuance => NUANCE_REJOINDERS,
        });
        return if rng.percent(50) {
            rejoinder.to_owned()
        } else {
            format!("{rejoinder} {}", rng.pick(v.replies))
        };
    }
    let opener = rng.pick(match relation {
        Relation::Agree => AGREE_OPENERS,
        Relation::Disagree => DISAGREE_OPENERS,
        Relation::Nuance => NUANCE_OPENERS,
    });
    let argument = if rng.percent(30) {
        let place = match place {
            Some(p) => p,
            None => rng.pick(PLACES),
        };
        fill(rng.pick(v.local_replies), place)
    } else {
        rng.pick(v.replies).to_owned()
    };
    let mut body = format!("{opener} {argument}");
    if rng.percent(35) {
        body.push(' ');
        body.push_str(rng.pick(v.reasons));
    } else if rng.percent(10) {
        body.push(' ');
        body.push_str(rng.pick(QUESTIONS));
    }
    body
}

/// How a writer answers someone of the given lean.
fn relation(rng: &mut Rng, writer: Lean, to: Lean) -> Relation {
    let roll = rng.below(100);
    if writer == to {
        if roll < 75 {
            Relation::Agree
        } else {
            Relation::Nuance
        }
    } else if writer == Lean::Foot || to == Lean::Foot {
        match roll {
            0..30 => Relation::Agree,
            30..60 => Relation::Disagree,
            _ => Relation::Nuance,
        }
    } else if roll < 80 {
        Relation::Disagree
    } else {
        Relation::Nuance
    }
}

/// A reader's reaction to a comment by someone of the given lean (None: the
/// administration).
fn react(rng: &mut Rng, author: Option<Lean>, reader: Lean) -> Reaction {
    let agree = match author {
        None => 80,
        Some(a) if a == reader => 88,
        Some(a) if a == Lean::Foot || reader == Lean::Foot => 55,
        Some(_) => 22,
    };
    if rng.percent(agree) {
        Reaction::Agree
    } else {
        Reaction::Disagree
    }
}

/// Most comments get a few reactions, some many; replies fewer than threads.
fn reaction_count(rng: &mut Rng, depth: usize) -> usize {
    let k = match rng.below(100) {
        0..35 => rng.below(3),
        35..75 => 2 + rng.below(5),
        75..95 => 5 + rng.below(10),
        _ => 12 + rng.below(18),
    };
    if depth == 0 { k } else { k * 2 / 3 }
}

/// The comment to answer: mostly a thread's first comment, often a reply, now
/// and then a reply to a reply. Of two candidates, the livelier one wins, so
/// discussions gather where they have started.
fn pick_parent(rng: &mut Rng, nodes: &[Node]) -> usize {
    let roll = rng.below(100);
    let want = |depth: usize| match roll {
        0..50 => depth == 0,
        50..82 => depth == 1,
        _ => depth >= 2,
    };
    let mut candidates: Vec<usize> = (0..nodes.len()).filter(|i| want(nodes[*i].depth)).collect();
    if candidates.is_empty() {
        candidates = (0..nodes.len()).filter(|i| nodes[*i].depth == 0).collect();
    }
    let a = rng.pick(&candidates);
    let b = rng.pick(&candidates);
    if (nodes[a].replies, a) >= (nodes[b].replies, b) {
        a
    } else {
        b
    }
}

/// Who answers: often the person the parent replied to (a back-and-forth),
/// otherwise anyone but the parent's author.
fn pick_replier(rng: &mut Rng, nodes: &[Node], activity: &[usize], parent: usize) -> usize {
    let p = &nodes[parent];
    if let Some(gp) = p.parent
        && nodes[gp].author != p.author
        && activity[nodes[gp].author] > 0
        && rng.percent(40)
    {
        return nodes[gp].author;
    }
    loop {
        let a = rng.weighted(activity);
        if a != p.author {
            return a;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::content::{Discussion, PROCESSES};
    use super::*;

    fn depth(plan: &Plan, mut i: usize) -> usize {
        let mut d = 0;
        while let Some(p) = plan.comments[i].parent {
            assert!(p < i, "a reply follows its parent");
            i = p;
            d += 1;
        }
        d
    }

    fn check(plan: &Plan) {
        for (i, c) in plan.comments.iter().enumerate() {
            depth(plan, i);
            assert!(!c.body.trim().is_empty());
            assert!(domain::comments::check_body(&c.body).is_ok());
            assert!(!c.body.contains('{'), "unfilled marker: {}", c.body);
            if let Some(p) = c.parent {
                assert_ne!(plan.comments[p].author, c.author, "nobody answers themself");
            }
        }
        let mut pairs = HashSet::new();
        for r in &plan.reactions {
            assert_ne!(
                plan.comments[r.comment].author, r.by,
                "no reaction to one's own comment"
            );
            assert!(
                pairs.insert((r.comment, r.by.clone())),
                "one reaction per person"
            );
        }
    }

    #[test]
    fn the_generated_discussion_is_large_threaded_and_always_the_same() {
        let plan = generated(42);
        // Not assert_eq: a difference would print the whole discussion.
        assert!(
            plan == generated(42),
            "the same seed gives the same discussion"
        );
        assert!(
            plan != generated(43),
            "another seed gives another discussion"
        );
        check(&plan);
        assert_eq!(plan.comments.len(), GENERATED_COMMENTS);

        let depths: Vec<usize> = (0..plan.comments.len()).map(|i| depth(&plan, i)).collect();
        let roots = depths.iter().filter(|d| **d == 0).count();
        assert!((70..=140).contains(&roots), "{roots} threads");
        assert!(
            depths.iter().filter(|d| **d >= 3).count() >= 10,
            "replies to replies to replies"
        );

        let authors: HashSet<&str> = plan.comments.iter().map(|c| c.author.as_str()).collect();
        assert!(authors.len() >= 38, "{} authors", authors.len());
        assert!(authors.contains("altona") && authors.contains("moderation"));

        let agree = plan
            .reactions
            .iter()
            .filter(|r| r.reaction == Reaction::Agree)
            .count();
        let total = plan.reactions.len();
        assert!((800..2500).contains(&total), "{total} reactions");
        assert!(
            agree * 100 / total > 40 && agree * 100 / total < 85,
            "{agree} of {total} agree"
        );

        let distinct: HashSet<&str> = plan.comments.iter().map(|c| c.body.as_str()).collect();
        assert!(distinct.len() > GENERATED_COMMENTS * 85 / 100);
    }

    #[test]
    fn written_discussions_are_consistent() {
        for p in PROCESSES {
            if let Discussion::Written(posts) = p.discussion {
                let plan = written(posts, 7);
                check(&plan);
                for c in &plan.comments {
                    let known = c.author.starts_with("buerger")
                        && c.author[7..]
                            .parse::<usize>()
                            .is_ok_and(|n| (1..=CITIZENS.len()).contains(&n));
                    assert!(
                        known || super::super::ACCOUNTS.iter().any(|a| a.0 == c.author),
                        "{}",
                        c.author
                    );
                }
            }
        }
    }

    #[test]
    fn fragments_read_as_sentences() {
        assert_eq!(
            fill("{At} ist es eng, {at} auch.", "auf der Elbchaussee"),
            "Auf der Elbchaussee ist es eng, auf der Elbchaussee auch."
        );
        for v in [&BIKE, &CAR, &FOOT] {
            for f in v
                .observations
                .iter()
                .chain(v.reasons)
                .chain(v.proposals)
                .chain(v.replies)
                .chain(v.local_replies)
            {
                assert!(f.ends_with('.') || f.ends_with('!'), "{f}");
                assert!(!f.contains("  "), "{f}");
            }
            for f in v.observations.iter().chain(v.local_replies) {
                assert!(f.contains("{at}") || f.contains("{At}"), "{f}");
            }
        }
        for (name, _) in CITIZENS {
            assert!(
                domain::accounts::normalize_display_name("n", name).is_ok(),
                "{name}"
            );
        }
    }
}
