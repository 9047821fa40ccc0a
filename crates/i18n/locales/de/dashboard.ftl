# Dashboard, accountability, site colours, start-page texts and footer links.

## Site settings: colours, start page, footer links
site-settings-colors = Farben
site-settings-colors-hint = Als Hex-Wert wie #0b4f8a. Leer lassen für die eingebauten Farben. Jede Textfarbe muss sich von ihrem Hintergrund mit mindestens 4,5 : 1 abheben (WCAG 2.1 AA), die Grund- und die Akzentfarbe auch vom weißen Seitenhintergrund, da Links in ihnen stehen.
site-settings-color-primary = Grundfarbe
site-settings-color-primary-hint = Kopfzeile, Schaltflächen und Links. Eingebaut: #0b4f8a.
site-settings-color-primary-text = Text auf der Grundfarbe
site-settings-color-text-hint = Eingebaut: #ffffff (weiß).
site-settings-color-accent = Akzentfarbe
site-settings-color-accent-hint = Schaltflächen und Links unter dem Mauszeiger. Eingebaut: #083a66.
site-settings-color-accent-text = Text auf der Akzentfarbe
site-settings-home = Startseite
site-settings-home-heading = Überschrift der Startseite
site-settings-home-heading-hint = Leer lassen für die eingebaute Überschrift. Höchstens 120 Zeichen.
site-settings-home-lead = Einleitung der Startseite
site-settings-home-lead-hint = Ein Absatz unter der Überschrift. Leer lassen für den eingebauten Text. Höchstens 600 Zeichen.
site-settings-links = Links in der Fußzeile
site-settings-portal-url = E-Government-Portal der Stadt
site-settings-services-url = Online-Dienste der Stadt
site-settings-link-hint = Vollständige Adresse, die mit https:// beginnt. Leer lassen, um den Link nicht zu zeigen.
error-color-invalid = Das ist keine Farbe: bitte als Hex-Wert wie #0b4f8a angeben.
error-color-contrast-text = Zu wenig Kontrast: Text auf dieser Farbe braucht mindestens 4,5 : 1. Wählen Sie eine dunklere Hintergrund- oder eine passendere Textfarbe.
error-color-contrast-page = Zu hell: Links in dieser Farbe hätten auf dem weißen Seitenhintergrund weniger als 4,5 : 1 Kontrast. Wählen Sie eine dunklere Farbe.
error-site-link-invalid = Bitte eine vollständige Adresse angeben, die mit https:// beginnt.
error-site-text-too-long = Der Text ist zu lang.
footer-city-label = Angebote der Stadt
footer-portal = E-Government-Portal
footer-services = Online-Dienste

## Dashboard
nav-dashboard = Übersicht
dashboard-title = Übersicht in Zahlen
dashboard-scope-platform = Die ganze Plattform: alle veröffentlichten Verfahren.
dashboard-scope-department = Die veröffentlichten Verfahren der Behörde { $name }.
dashboard-scope-process = Das Verfahren „{ $name }“.
dashboard-to-process = Zum Verfahren
dashboard-back = Zur Übersicht
dashboard-choose-department = Behörde
dashboard-all-departments = Alle Behörden
dashboard-show = Anzeigen
dashboard-figure-activity = Beteiligung je Woche
dashboard-figure-status = Ideen nach Stand
dashboard-figure-departments = Ideen nach zuständiger Behörde
dashboard-figure-answer-times = Zeit bis zur offiziellen Antwort
dashboard-figure-most-discussed = Am meisten diskutiert
dashboard-series-participants = Teilnehmende
dashboard-series-comments = Beiträge
dashboard-series-ideas = Ideen
dashboard-series-supports = Unterstützungen
dashboard-series-responses = Umfrage-Antworten
dashboard-series-votes = Stimmen zu Aussagen
dashboard-series-desc = { $what } je Woche vom { $first } bis zur Woche vom { $last }, höchstens { $max } in einer Woche. Die Zahlen stehen in der Tabelle.
dashboard-week = Woche ab
dashboard-count = Anzahl
dashboard-status = Stand
dashboard-department = Behörde
dashboard-answer-time = Dauer
dashboard-kind = Art
dashboard-title-column = Titel
dashboard-comments = Beiträge
dashboard-kind-process = Verfahren
dashboard-kind-idea = Idee
dashboard-comments-count = { $count ->
    [one] ein Beitrag
   *[other] { $count } Beiträge
}
dashboard-days-range = { $from } bis { $to } Tage
dashboard-days-more = { $from } Tage und mehr
dashboard-median = Im Median { $days ->
    [one] ein Tag
   *[other] { $days } Tage
} von der Einreichung bis zur ersten offiziellen Antwort ({ $count ->
    [one] eine beantwortete Idee
   *[other] { $count } beantwortete Ideen
}).
dashboard-csv = { $what } als CSV herunterladen
dashboard-empty = Noch keine Beteiligung.
dashboard-no-ideas = Noch keine Ideen.
dashboard-no-answers = Noch keine Idee wurde offiziell beantwortet.
dashboard-no-comments = Noch keine Beiträge.
