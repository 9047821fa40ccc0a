# Start page, search, site settings, numbers and CSV exports.

## CSV exports: the file with the other separator.
csv-other-separator = { $what } (mit Kommas getrennt)

## Search
search-kind-survey = Umfrage
search-filter-label = Treffer nach Art
search-filter-all = Alle ({ $count })
search-filter-process = Verfahren ({ $count })
search-filter-idea = Ideen ({ $count })
search-filter-survey = Umfragen ({ $count })
search-filter-document = Dokumente ({ $count })
search-filter-comment = Beiträge ({ $count })

## Site settings (administration)
admin-settings-title = Einstellungen der Website
admin-settings-intro = Name, Logo und Farben jeder Seite, die Texte der Startseite und die Links in der Fußzeile.
site-settings-name = Name der Website
site-settings-name-hint = Steht im Kopf und im Titel jeder Seite. Leer lassen für „mitreden“. Höchstens 60 Zeichen.
site-settings-logo = Logo
site-settings-logo-current = Aktuelles Logo
site-settings-remove-logo = Logo entfernen
site-settings-logo-file = Bilddatei
site-settings-logo-hint = JPEG, PNG oder WebP, höchstens 10 MB. Es steht im Kopf jeder Seite neben dem Namen, etwa 40 Pixel hoch.
site-settings-save = Einstellungen speichern
flash-site-settings-saved = Die Einstellungen wurden gespeichert.
error-site-name-too-long = Der Name ist zu lang: höchstens 60 Zeichen.

## Start page
home-stage-open = Jetzt mitmachen
home-stage-soon = Demnächst
home-stage-done = Ergebnisse und Auswertung
home-stage-empty-open = Zurzeit können Sie sich an keinem Verfahren beteiligen.
home-stage-empty-soon = Es sind keine weiteren Beteiligungen angekündigt.
home-stage-empty-done = Noch liegen keine Ergebnisse vor.
home-figures-title = Beteiligung in Zahlen
home-figures-processes = Beteiligungsverfahren
home-figures-contributions = Beiträge und Ideen
home-figures-answers = Antworten der Verwaltung
timing-open = Jetzt mitmachen
timing-soon = Beteiligung beginnt bald
timing-done = Beteiligung beendet
card-days-left = { $days ->
        [0] letzter Tag
        [one] noch 1 Tag
       *[other] noch { $days } Tage
    }
card-open-until = bis { $date }
card-phase-day = Tag { $day } von { $days } der Beteiligungsphase
card-participation-from = Beteiligung ab { $date }
card-idea-count = { $count ->
        [0] noch keine Ideen
        [one] eine Idee
       *[other] { $count } Ideen
    }
card-supports-of-top = (die meistunterstützte Idee hier hat { $top })
