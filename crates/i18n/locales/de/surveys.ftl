# Surveys: builder, answering, results.

survey-heading = Umfragen
survey-new = Neue Umfrage
survey-new-intro = Legen Sie Titel, Begrüßung und Zugang fest. Die Fragen fügen Sie danach hinzu.
survey-create = Umfrage anlegen
survey-builder-title = Umfrage bearbeiten: { $title }
survey-tools = Werkzeuge der Umfrage
survey-preview = Vorschau
survey-preview-note = Vorschau: So sehen Teilnehmende die Umfrage. Hier wird nichts gespeichert.
survey-public-page = Öffentliche Seite
survey-invitations = Einladungen
survey-results = Ergebnisse
survey-edit = Umfrage bearbeiten
survey-settings = Einstellungen
survey-save-settings = Einstellungen speichern
survey-questions = Fragen
survey-no-questions = Die Umfrage hat noch keine Fragen.
survey-page-n = Seite { $n }
survey-page-of = Seite { $page } von { $pages }
survey-add-question = Frage hinzufügen
survey-add-question-next = Weiter zur Frage
survey-save-question = Frage speichern
survey-question-edit = Frage { $code } bearbeiten
survey-question-delete = Frage { $code } löschen
survey-move-up = { $code } nach oben
survey-move-down = { $code } nach unten
survey-deleted-questions = Gelöschte Fragen (Antworten bleiben in Ergebnissen und Exporten)
survey-delete-confirm = Ja, Frage löschen
survey-delete-keeps-answers = Zu dieser Umfrage gibt es schon Antworten. Die Frage wird Teilnehmenden nicht mehr gezeigt; die gespeicherten Antworten bleiben in den Ergebnissen und Exporten erhalten.
survey-delete-dependents = Diese Fragen werden nur unter einer Bedingung auf diese Frage gezeigt und danach allen: { $codes }
survey-locked-note = Es gibt bereits Antworten. Sie können Fragen und Antwortmöglichkeiten hinzufügen und Texte korrigieren; Antwortmöglichkeiten entfernen oder den Fragetyp ändern geht nicht mehr.
survey-locked-question = Es gibt bereits Antworten: Vorhandene Antwortmöglichkeiten behalten ihren Code und können nicht entfernt werden.
survey-shown-if = nur wenn { $condition }
survey-required = Pflichtfrage
survey-other = Sonstiges
survey-other-text = Sonstiges zu { $code }: bitte angeben
survey-response-count = { $count ->
    [0] Noch keine Antworten
    [one] Eine Antwort
   *[other] { $count } Antworten
}
survey-invitation-count = { $total } eingeladen, { $used } davon haben geantwortet
survey-cancel = Abbrechen
survey-set-published = Veröffentlichen
survey-set-closed = Beenden
survey-set-draft = Zurück zum Entwurf
survey-markdown-hint = Markdown: **fett**, *kursiv*, Listen mit „-“, Links als [Text](https://…).
survey-page-hint = Fragen mit derselben Nummer stehen auf einer Seite.
survey-choices-hint = Eine Möglichkeit pro Zeile. Vorhandene Einträge tragen ihren Code („A1: Ja“); neue Zeilen ohne Code bekommen einen.
survey-scale-hint = Eine Stufe pro Zeile, von der niedrigsten zur höchsten.
survey-condition-hint = Die Frage wird nur gezeigt, wenn eine Frage auf einer früheren Seite so beantwortet wurde.
survey-condition-none = Immer zeigen
survey-scale-default-1 = Stimme gar nicht zu
survey-scale-default-2 = Stimme eher nicht zu
survey-scale-default-3 = Teils, teils
survey-scale-default-4 = Stimme eher zu
survey-scale-default-5 = Stimme voll zu

survey-kind-single = Einfachauswahl
survey-kind-multiple = Mehrfachauswahl
survey-kind-likert = Zustimmungsskala (Likert)
survey-kind-matrix = Matrix (Zeilen × Skala)
survey-kind-number = Zahl
survey-kind-text = Freitext
survey-kind-ranking = Rangfolge
survey-kind-date = Datum

survey-access-open = Offen für alle
survey-access-open-hint = Alle können antworten, mit oder ohne Konto.
survey-access-registered = Nur angemeldete Personen
survey-access-registered-hint = Eine Antwort je Konto.
survey-access-invitation = Nur mit Einladung (anonym)
survey-access-invitation-hint = Eingeladene erhalten einen einmaligen Link per E-Mail. Die Antworten werden ohne jede Verbindung zum Link oder zur Adresse gespeichert.
survey-availability-draft = Entwurf
survey-availability-notyet = Beginnt bald
survey-availability-open = Läuft
survey-availability-closed = Beendet
survey-dates-range = { $from } bis { $until }
survey-dates-until = bis { $until }
survey-dates-from = ab { $from }

label-survey-title = Titel der Umfrage
label-welcome = Begrüßungstext
label-end = Text nach dem Absenden
label-access = Wer darf antworten?
label-opens_on = Beginnt am
label-closes_on = Endet am
label-kind = Fragetyp
label-text = Fragetext
label-help = Erläuterung
label-required = Pflichtfrage
label-page = Seite
label-options = Antwortmöglichkeiten
label-allow_other = „Sonstiges“ mit Textfeld anbieten
label-rows = Zeilen der Matrix
label-scale = Stufen der Skala
label-min = Kleinster Wert
label-max = Größter Wert
label-integer = Nur ganze Zahlen
label-condition = Bedingung
label-addresses-file = Liste der E-Mail-Adressen (CSV)
label-addresses-pasted = Oder Adressen einfügen

survey-start = Umfrage beginnen
survey-next = Weiter
survey-back = Zurück
survey-save = Speichern und später fortsetzen
survey-submit = Antworten absenden
survey-ranking-hint = Vergeben Sie Rang 1 für das Wichtigste, dann 2, 3 … ohne Lücken. Sie müssen nicht alles einordnen.
survey-rank-none = – kein Rang –
survey-rank-n = Rang { $n }
survey-number-range = Zwischen { $min } und { $max }.
survey-number-min = Mindestens { $min }.
survey-number-max = Höchstens { $max }.
survey-anonymity-note = Ihre Antworten werden anonym gespeichert: ohne Verbindung zu Ihrem Link, Ihrer E-Mail-Adresse oder einem Konto. Niemand, auch keine Administration, kann sehen, wer was geantwortet hat.
survey-results-link = Ergebnisse ansehen
survey-note-draft = Diese Umfrage ist ein Entwurf und nur für die zuständigen Mitarbeitenden sichtbar.
survey-note-not-yet = Diese Umfrage hat noch nicht begonnen.
survey-note-closed = Diese Umfrage ist beendet. Vielen Dank an alle, die teilgenommen haben.
survey-note-invitation-only = An dieser Umfrage nehmen nur Eingeladene teil, über den Link in ihrer Einladung.
survey-note-answered = Sie haben bereits geantwortet. Vielen Dank für Ihre Teilnahme!
survey-note-empty = Diese Umfrage hat noch keine Fragen.
survey-saved-title = Zwischenstand gespeichert
survey-saved-text = Ihre Antworten zu „{ $title }“ sind gespeichert.
survey-saved-token = Öffnen Sie später einfach wieder den Link aus Ihrer Einladung, auch auf einem anderen Gerät.
survey-saved-account = Melden Sie sich später wieder an und öffnen Sie die Umfrage, auch auf einem anderen Gerät.
survey-saved-link = Heben Sie diesen Link auf: Mit ihm können Sie später weitermachen. Wer den Link hat, sieht Ihre bisherigen Antworten.
survey-continue = Jetzt weitermachen
survey-thanks-title = Vielen Dank!
survey-thanks-text = Ihre Antworten zu „{ $title }“ sind gespeichert.
survey-back-to-process = Zurück zu „{ $title }“
survey-token-unknown-title = Dieser Link ist unbekannt
survey-token-unknown-text = Der Link aus Ihrer Einladung ist nicht vollständig oder gehört zu keiner Umfrage. Bitte kopieren Sie ihn ganz aus der E-Mail.
survey-token-used-title = Dieser Link wurde bereits verwendet
survey-token-used-text = Mit diesem Einladungslink wurde schon geantwortet. Jeder Link gilt für eine Antwort; Ihre Antwort ist gespeichert.

survey-invitations-intro = Laden Sie eine Liste mit E-Mail-Adressen hoch. Jede Adresse erhält einen einmaligen Link. Die Antworten werden ohne Verbindung zu Link oder Adresse gespeichert; hier sehen Sie nur, wie viele Einladungen genutzt wurden.
survey-invited = Eingeladen
survey-invitations-used = Geantwortet
survey-invitations-unused = Noch offen
survey-addresses-hint = CSV- oder Textdatei, bis zu { $max } Adressen; jede Zelle mit einer Adresse wird übernommen, doppelte nur einmal.
survey-send-invitations = Einladungen senden
survey-remind-intro = { $count ->
    [one] Eine Person hat noch nicht geantwortet. Eine Erinnerung geht nur an sie, mit einem neuen Link.
   *[other] { $count } Personen haben noch nicht geantwortet. Erinnerungen gehen nur an sie, jeweils mit einem neuen Link.
}
survey-send-reminders = Erinnerungen senden
survey-rejected-addresses = Diese Einträge sind keine gültigen Adressen und wurden übergangen:

survey-error-title-too-long = Der Titel darf höchstens 200 Zeichen lang sein.
survey-error-text-too-long = Der Text darf höchstens 10.000 Zeichen lang sein.
survey-error-dates = Das Ende darf nicht vor dem Beginn liegen.
survey-error-access = Bitte wählen Sie, wer antworten darf.
survey-error-access-locked = Es gibt schon Antworten: Wer antworten darf, lässt sich nicht mehr ändern.
survey-error-kind = Bitte wählen Sie einen Fragetyp.
survey-error-kind-locked = Es gibt schon Antworten: Der Fragetyp lässt sich nicht mehr ändern.
survey-error-question-too-long = Der Fragetext darf höchstens 1.000 Zeichen lang sein.
survey-error-help-too-long = Die Erläuterung darf höchstens 2.000 Zeichen lang sein.
survey-error-page = Bitte geben Sie eine Seitennummer von 1 bis 50 an.
survey-error-two-choices = Bitte geben Sie mindestens zwei Möglichkeiten an, eine pro Zeile.
survey-error-choice-empty = Eine Zeile hat einen Code, aber keinen Text.
survey-error-choice-too-long = Eine Möglichkeit darf höchstens 200 Zeichen lang sein.
survey-error-choice-code-twice = Ein Code kommt doppelt vor.
survey-error-choice-twice = Eine Möglichkeit kommt doppelt vor.
survey-error-too-many-choices = Höchstens 50 Möglichkeiten.
survey-error-choice-locked = Es gibt schon Antworten: Vorhandene Möglichkeiten können nicht entfernt werden (Texte dürfen Sie ändern).
survey-error-number = Bitte geben Sie eine Zahl ein, z. B. 12 oder 3,5.
survey-error-range = Der größte Wert muss mindestens so groß sein wie der kleinste.
survey-error-condition = Bitte wählen Sie eine Bedingung aus der Liste.
survey-error-condition-page = Die Bedingung muss sich auf eine Frage auf einer früheren Seite beziehen.
survey-error-condition-depends = Andere Fragen hängen von dieser ab: Sie muss auf einer früheren Seite als diese stehen und eine Auswahlfrage bleiben.
survey-error-too-many-questions = Eine Umfrage hat höchstens 200 Fragen.
survey-error-no-questions = Fügen Sie vor dem Veröffentlichen mindestens eine Frage hinzu.
survey-error-has-answers = Es gibt schon Antworten: Die Umfrage kann kein Entwurf mehr werden.
survey-error-required = Bitte beantworten Sie diese Frage.
survey-error-choice-unknown = Diese Auswahl gibt es nicht. Bitte wählen Sie erneut.
survey-error-other-empty = Bitte beschreiben Sie „Sonstiges“ im Textfeld.
survey-error-other-unchecked = Sie haben Text bei „Sonstiges“ eingegeben: Bitte kreuzen Sie „Sonstiges“ auch an oder leeren Sie das Feld.
survey-error-matrix-incomplete = Bitte beantworten Sie jede Zeile.
survey-error-integer = Bitte geben Sie eine ganze Zahl ein.
survey-error-out-of-range = Die Zahl liegt außerhalb des erlaubten Bereichs.
survey-error-number-too-large = Bitte geben Sie eine Zahl zwischen -1.000.000.000.000 und 1.000.000.000.000 ein.
survey-error-answer-too-long = Die Antwort ist zu lang (höchstens 5.000 Zeichen).
survey-error-date = Bitte geben Sie ein Datum ein, z. B. 24.12.2026.
survey-error-rank = Bitte wählen Sie einen Rang aus der Liste.
survey-error-rank-order = Jeder Rang darf nur einmal vorkommen, beginnend bei 1 ohne Lücken.
survey-error-rate-limited = Von Ihrer Adresse kamen gerade sehr viele Antworten. Ihre Antworten sind gespeichert; bitte senden Sie sie in einer Stunde ab.
survey-error-not-invitation = Einladungen gibt es nur bei Umfragen „Nur mit Einladung“.
survey-error-file-too-large = Die Datei ist zu groß (höchstens 2 MB).
survey-error-file-not-csv = Die Datei ist keine Text- oder CSV-Datei.
survey-error-no-addresses = In der Datei und im Textfeld steht keine gültige E-Mail-Adresse.
survey-error-too-many-addresses = Höchstens 20.000 Adressen auf einmal.
survey-error-some-addresses = Einladungen an die gültigen Adressen sind unterwegs; einige Einträge wurden übergangen.

flash-survey-created = Die Umfrage ist angelegt. Fügen Sie jetzt Fragen hinzu.
flash-survey-saved = Gespeichert.
flash-survey-question-added = Die Frage ist hinzugefügt.
flash-survey-question-deleted = Die Frage ist gelöscht.
flash-survey-status-changed = Der Status der Umfrage ist geändert.
flash-survey-invited = Die Einladungen werden versandt.
flash-survey-reminded = Die Erinnerungen werden versandt.

mail-survey-invitation-subject = Einladung zur Umfrage: { $title }
mail-survey-invitation-body =
    Guten Tag,

    Sie sind eingeladen, an der Umfrage „{ $title }“ teilzunehmen. Ihr persönlicher Link gilt für eine Antwort:

    { $link }

    Ihre Antworten werden anonym gespeichert, ohne Verbindung zu diesem Link oder Ihrer E-Mail-Adresse. Sie können zwischendurch speichern und später mit demselben Link weitermachen.

    Bitte leiten Sie diese E-Mail nicht weiter.
mail-survey-reminder-subject = Erinnerung: Umfrage „{ $title }“
mail-survey-reminder-body =
    Guten Tag,

    Sie haben an der Umfrage „{ $title }“ noch nicht teilgenommen. Hier ist Ihr Link (auch der Link aus der ersten Einladung gilt weiter):

    { $link }

    Ihre Antworten werden anonym gespeichert, ohne Verbindung zu diesem Link oder Ihrer E-Mail-Adresse.
