# Survey results, exports and the published results page.
results-title = Ergebnisse: { $title }
results-report-title = Ergebnisse der Umfrage „{ $title }“
results-responses = { $count ->
    [one] 1 Antwort
   *[other] { $count } Antworten
}
results-invitations = { $invited } Einladungen verschickt, { $used } davon beantwortet.
results-answered = { $count ->
    [one] 1 Person hat diese Frage beantwortet.
   *[other] { $count } Personen haben diese Frage beantwortet.
}
results-chart-desc = { $count } Antworten.
results-table-caption = Zahlen zu { $code }
results-col-answer = Antwort
results-col-count = Anzahl
results-col-percent = Anteil
results-col-total = Summe
results-col-range = Bereich
results-col-mean-rank = Durchschnittlicher Rang
results-col-ranked = Bewertungen
results-mean = Mittelwert
results-median = Median
results-min = Minimum
results-max = Maximum
results-other = Sonstiges
results-other-texts = Angaben unter „Sonstiges“
results-all-texts = Alle { $count } Antworten lesen
results-no-answers = Noch keine Antworten.
results-deleted = gelöscht
results-texts-title = Freitext-Antworten der Umfrage { $title }
results-texts-count = { $count ->
    [one] 1 Antwort
   *[other] { $count } Antworten
}
results-pages = Seiten
results-previous = Vorherige Seite
results-next = Nächste Seite
results-page-of = Seite { $page } von { $pages }
results-export-csv = Alle Antworten als CSV
results-export-xlsx = Alle Antworten als Excel-Datei (mit Codebuch)
results-export-json = Alle Antworten als JSON (mit Codebuch)
results-export-codebook = Codebuch als CSV
results-filter-heading = Ergebnisse filtern
results-filter-label = Nur Antworten von Personen, die gewählt haben:
results-filter-none = Alle Antworten
results-filter-apply = Filter anwenden
results-filter-clear = Filter aufheben
results-filtered = Gefiltert nach „{ $filter }“: { $count } von { $total } Antworten.
results-as-of-newer = Stand { $time } Uhr: gezählt sind { $counted ->
    [one] 1 Antwort
   *[other] { $counted } Antworten
}. Seitdem { $newer ->
    [one] ist 1 weitere Antwort eingegangen
   *[other] sind { $newer } weitere Antworten eingegangen
}; die Ergebnisse werden gerade neu gezählt. Laden Sie die Seite in einem Moment neu.
results-as-of-changed = Stand { $time } Uhr: gezählt sind { $counted ->
    [one] 1 Antwort
   *[other] { $counted } Antworten
}. Die Umfrage wurde seitdem geändert; die Ergebnisse werden gerade neu gezählt. Laden Sie die Seite in einem Moment neu.
results-error-filter = Bitte wählen Sie eine der angebotenen Antworten.
results-cross-heading = Kreuztabelle
results-cross-a = Zeilen: Frage
results-cross-b = Spalten: Frage
results-cross-choose = Frage wählen
results-cross-show = Kreuztabelle zeigen
results-cross-caption = Kreuztabelle { $a } × { $b }: Anzahl (Anteil an der Zeile)
results-cross-hint = Gezählt sind die Personen, die beide Fragen beantwortet haben; bei Mehrfachauswahl zählt jede gewählte Kombination.
results-error-cross = Bitte wählen Sie eine Auswahlfrage.
results-publication-link = Ergebnisse veröffentlichen
results-publication-title = Ergebnisse veröffentlichen: { $title }
results-publication-hint = Diese Fragen erscheinen mit Diagrammen auf der öffentlichen Ergebnisseite. Freitext-Antworten werden nie veröffentlicht.
results-intro-hint = Markdown: **fett**, *kursiv*, Listen mit „-“, Links.
results-is-published = Die Ergebnisse sind veröffentlicht
results-not-published = Die Ergebnisse sind noch nicht veröffentlicht
results-report-link = öffentliche Seite ansehen
results-preview-link = Vorschau ansehen
results-preview = Vorschau: Diese Seite ist noch nicht veröffentlicht.
results-publish = Veröffentlichen
results-save = Speichern
results-withdraw = Veröffentlichung zurückziehen
results-error-no-questions = Bitte wählen Sie mindestens eine Frage.
results-error-intro-too-long = Die Einleitung ist zu lang.
label-report_questions = Fragen auf der Ergebnisseite
label-report_intro = Einleitung
flash-results-published = Die Ergebnisse sind veröffentlicht.
flash-results-withdrawn = Die Veröffentlichung ist zurückgezogen.
flash-results-saved = Gespeichert.
