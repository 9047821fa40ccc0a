## Shell
site-name = mitreden
skip-to-content = Zum Inhalt springen
nav-main-label = Hauptnavigation
nav-home = Startseite
nav-admin = Verwaltung
nav-settings = Mein Konto
nav-logout = Abmelden
nav-login = Anmelden
nav-register = Registrieren
nav-language-label = Sprache
signed-in-as = Angemeldet als { $name }
footer-text = mitreden – die Beteiligungsplattform Ihrer Stadt. Ohne Tracking, ohne Inhalte von Dritten.
hello-user = Hallo { $name }!

## Forms
form-error-summary = Bitte korrigieren Sie die folgenden Angaben
form-optional = optional
form-error-prefix = Fehler:

## Home
home-title = Startseite
home-heading = Mitreden in Ihrer Stadt
home-lead = Hier öffnet die Verwaltung Diskussionen zu aktuellen Themen. Sagen Sie Ihre Meinung, entwickeln Sie Ideen gemeinsam mit anderen und erfahren Sie, was die zuständige Behörde daraus macht.
home-how-title = So funktioniert die Beteiligung
home-how-discuss-title = Diskutieren
home-how-discuss-text = Lesen Sie, worum es geht, und tauschen Sie sich mit anderen aus – solange die Beteiligungsphase läuft.
home-how-ideas-title = Ideen entwickeln
home-how-ideas-text = Reichen Sie Vorschläge ein, unterstützen Sie die Ideen anderer und arbeiten Sie gemeinsam an Texten.
home-how-answers-title = Antworten erhalten
home-how-answers-text = Ihre Ideen erreichen die zuständige Fachbehörde. Sie antwortet öffentlich und begründet ihre Entscheidung.

## Error pages
error-back-home = Zur Startseite
error-bad-request-title = Ungültige Anfrage
error-bad-request-text = Die Anfrage konnte nicht verstanden werden. Bitte versuchen Sie es über die Seite erneut.
error-forbidden-title = Kein Zugriff
error-forbidden-text = Sie haben keine Berechtigung für diese Seite.
error-csrf-title = Formular abgelaufen
error-csrf-text = Das Formular war abgelaufen oder kam nicht von dieser Seite. Es wurde nichts geändert. Bitte laden Sie die Seite neu und senden Sie das Formular noch einmal.
error-not-found-title = Seite nicht gefunden
error-not-found-text = Diese Seite gibt es nicht (mehr). Vielleicht hilft Ihnen die Startseite weiter.
error-too-large-title = Zu viele Daten
error-too-large-text = Die gesendeten Daten sind zu groß. Bitte kürzen Sie Ihre Eingabe.
error-unavailable-title = Vorübergehend nicht erreichbar
error-unavailable-text = Die Plattform ist gerade nicht erreichbar. Bitte versuchen Sie es in wenigen Sekunden erneut.
error-internal-title = Interner Fehler
error-internal-text = Leider ist ein Fehler aufgetreten. Er wurde protokolliert. Bitte versuchen Sie es später erneut.

## Fields
field-email = E-Mail-Adresse
field-display-name = Öffentlicher Name
field-display-name-hint = Dieser Name steht bei Ihren Beiträgen. Sie können ein Pseudonym wählen.
field-password = Passwort
field-new-password = Neues Passwort
field-new-password-hint = Mindestens 10 Zeichen.
field-current-password = Aktuelles Passwort
field-new-email = Neue E-Mail-Adresse
field-new-email-hint = Wir senden einen Bestätigungslink an die neue Adresse. Erst danach gilt sie.

## Validation
error-required = Bitte füllen Sie dieses Feld aus.
error-email-too-long = Die E-Mail-Adresse ist zu lang.
error-email-invalid = Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.de.
error-display-name-too-short = Der Name muss mindestens 2 Zeichen lang sein.
error-display-name-too-long = Der Name darf höchstens 50 Zeichen lang sein.
error-display-name-invalid = Der Name enthält unzulässige Zeichen.
error-password-too-short = Das Passwort muss mindestens 10 Zeichen lang sein.
error-password-too-long = Das Passwort darf höchstens 256 Zeichen lang sein.
error-department-name-too-long = Der Name darf höchstens 120 Zeichen lang sein.
error-rate-limited = Zu viele Versuche. Bitte warten Sie { $minutes ->
        [0] einige Minuten
        [one] eine Minute
       *[other] { $minutes } Minuten
    } und versuchen Sie es dann erneut.
error-email-taken = Diese E-Mail-Adresse ist bereits registriert. Haben Sie Ihr Passwort vergessen?
error-login-failed = E-Mail-Adresse oder Passwort ist falsch.
error-email-unverified = Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse über den Link in unserer E-Mail.
error-email-unchanged = Das ist bereits Ihre E-Mail-Adresse.
error-password-wrong = Das aktuelle Passwort ist falsch.
error-department-exists = Eine Behörde mit diesem Namen gibt es bereits.
error-role-needs-department = Mitarbeitende einer Behörde brauchen eine Behörde.
error-department-unknown = Diese Behörde gibt es nicht.
error-last-admin = Sie sind die letzte Administratorin bzw. der letzte Administrator und können diese Rolle nicht abgeben.

## Flash messages
flash-login-required = Bitte melden Sie sich an, um fortzufahren.
flash-logged-in = Sie sind angemeldet.
flash-logged-out = Sie sind abgemeldet.
flash-rate-limited = Zu viele Anfragen. Bitte versuchen Sie es später erneut.
flash-password-reset = Ihr Passwort wurde geändert. Bitte melden Sie sich mit dem neuen Passwort an.
flash-saved = Ihre Änderungen wurden gespeichert.
flash-email-change-sent = Wir haben einen Bestätigungslink an die neue Adresse gesendet.
flash-password-changed = Ihr Passwort wurde geändert. Andere Anmeldungen wurden beendet.
flash-department-created = Die Behörde wurde angelegt.
flash-role-changed = Die Rolle wurde gespeichert.

## Registration and verification
register-title = Registrieren
register-intro = Mit einem Konto können Sie kommentieren, Ideen einreichen und unterstützen. Öffentlich sichtbar ist nur Ihr Name.
register-submit = Konto anlegen
register-have-account = Sie haben schon ein Konto?
register-done-title = Bitte bestätigen Sie Ihre E-Mail-Adresse
register-done-text = Wir haben Ihnen eine E-Mail mit einem Bestätigungslink geschickt. Öffnen Sie den Link, um Ihr Konto zu aktivieren. Der Link gilt 24 Stunden.
verify-verified-title = E-Mail-Adresse bestätigt
verify-verified-text = Vielen Dank! Ihr Konto ist aktiv. Sie können sich jetzt anmelden.
verify-expired-title = Link abgelaufen
verify-expired-text = Dieser Bestätigungslink ist abgelaufen. Melden Sie sich an, um einen neuen Link anzufordern.
verify-used-title = Link bereits verwendet
verify-used-text = Dieser Link wurde schon verwendet. Ihre Adresse ist bestätigt.
verify-unknown-title = Link ungültig
verify-unknown-text = Dieser Link ist ungültig. Bitte prüfen Sie, ob Sie ihn vollständig kopiert haben.
verify-email-changed-title = E-Mail-Adresse geändert
verify-email-changed-text = Ihre neue E-Mail-Adresse ist bestätigt und gilt ab sofort.
verify-email-taken-title = Adresse bereits vergeben
verify-email-taken-text = Diese E-Mail-Adresse gehört inzwischen zu einem anderen Konto. Ihre Adresse wurde nicht geändert.
verify-request-new = Neuen Link anfordern
verify-confirm-verify-title = E-Mail-Adresse bestätigen
verify-confirm-verify-text = Bitte bestätigen Sie mit einem Klick, dass diese E-Mail-Adresse Ihnen gehört. Danach ist Ihr Konto aktiv.
verify-confirm-verify-submit = Adresse bestätigen
verify-confirm-email-title = Neue E-Mail-Adresse bestätigen
verify-confirm-email-text = Bitte bestätigen Sie mit einem Klick, dass Ihr Konto ab jetzt diese neue E-Mail-Adresse verwendet.
verify-confirm-email-submit = Neue Adresse bestätigen

## Login
login-title = Anmelden
login-submit = Anmelden
login-resend-verification = Bestätigungs-E-Mail erneut senden
login-forgot = Passwort vergessen?
login-no-account = Noch kein Konto?

## Password reset
forgot-title = Passwort vergessen
forgot-intro = Geben Sie die E-Mail-Adresse Ihres Kontos ein. Wir senden Ihnen einen Link, mit dem Sie ein neues Passwort festlegen.
forgot-submit = Link anfordern
forgot-done-title = Bitte sehen Sie in Ihr Postfach
forgot-done-text = Wenn zu dieser Adresse ein Konto besteht, haben wir einen Link geschickt. Er gilt eine Stunde.
reset-title = Neues Passwort festlegen
reset-problem-expired = Dieser Link ist abgelaufen.
reset-problem-used = Dieser Link wurde bereits verwendet.
reset-problem-unknown = Dieser Link ist ungültig.
reset-request-new = Neuen Link anfordern
reset-submit = Passwort speichern

## Settings
settings-title = Mein Konto
settings-name-title = Öffentlicher Name
settings-save = Speichern
settings-email-title = E-Mail-Adresse
settings-email-current = Ihre Adresse: { $email }
settings-email-submit = Adresse ändern
settings-password-title = Passwort
settings-password-submit = Passwort ändern

## Administration
admin-title = Verwaltung
admin-departments-title = Behörden
admin-departments-intro = Behörden und Ämter führen Beteiligungsverfahren durch und beantworten Ideen.
admin-departments-caption = { $count ->
        [one] Eine Behörde
       *[other] { $count } Behörden
    }
admin-departments-name = Name der Behörde
admin-departments-none = Es gibt noch keine Behörden.
admin-departments-new = Neue Behörde
admin-departments-create = Behörde anlegen
admin-users-title = Personen und Rollen
admin-users-intro = Rollen vergeben: Bürgerin/Bürger, Mitarbeitende einer Behörde, Moderation, Administration.
admin-users-search = Nach Name oder E-Mail suchen
admin-users-search-submit = Suchen
admin-users-caption = { $count ->
        [one] Eine Person
       *[other] { $count } Personen
    }
admin-users-role = Rolle
admin-users-unverified = nicht bestätigt
admin-users-role-of = Rolle von { $name }
admin-users-department-of = Behörde von { $name }
admin-users-no-department = keine Behörde
admin-users-save = Speichern
role-citizen = Bürgerin/Bürger
role-staff = Mitarbeitende einer Behörde
role-moderator = Moderation
role-admin = Administration
pagination-label = Seiten
pagination-previous = Vorherige Seite
pagination-next = Nächste Seite
pagination-status = Seite { $page } von { $pages }

## Mails
mail-verify-subject = Bitte bestätigen Sie Ihre E-Mail-Adresse
mail-verify-body =
    Hallo { $name },

    vielen Dank für Ihre Registrierung bei mitreden. Bitte bestätigen Sie Ihre E-Mail-Adresse über diesen Link:

    { $link }

    Der Link gilt 24 Stunden. Wenn Sie sich nicht registriert haben, können Sie diese E-Mail ignorieren.
mail-reset-subject = Ihr neues Passwort für mitreden
mail-reset-body =
    Hallo { $name },

    über diesen Link legen Sie ein neues Passwort fest:

    { $link }

    Der Link gilt eine Stunde. Wenn Sie kein neues Passwort angefordert haben, können Sie diese E-Mail ignorieren; Ihr Passwort bleibt unverändert.
mail-change-email-subject = Bitte bestätigen Sie Ihre neue E-Mail-Adresse
mail-change-email-body =
    Hallo { $name },

    Sie möchten diese Adresse für Ihr Konto bei mitreden verwenden. Bitte bestätigen Sie das über diesen Link:

    { $link }

    Der Link gilt 24 Stunden. Wenn Sie das nicht veranlasst haben, ignorieren Sie diese E-Mail.

mail-registration-attempt-subject = Registrierung mit Ihrer E-Mail-Adresse
mail-registration-attempt-body =
    Hallo { $name },

    jemand hat versucht, sich mit Ihrer E-Mail-Adresse bei mitreden zu registrieren. Für diese Adresse gibt es bereits Ihr Konto; es wurde nichts geändert.

    Wenn Sie das waren, melden Sie sich einfach an:

    { $login }

    Falls Sie Ihr Passwort vergessen haben, legen Sie hier ein neues fest:

    { $reset }

    Wenn Sie es nicht waren, können Sie diese E-Mail ignorieren.

## Processes
status-draft = Entwurf
status-published = Veröffentlicht
status-archived = Archiviert
phase-information = Information
phase-participation = Beteiligung
phase-evaluation = Auswertung
phase-result = Ergebnis
phase-now = Aktuelle Phase: { $phase }
phase-range = { $from } bis { $until }
phase-from = ab { $from }
phase-current = läuft gerade
phase-past = abgeschlossen
phase-field-from = Beginn
phase-field-until = Ende
timing-current = Laufend
timing-upcoming = Demnächst
timing-finished = Abgeschlossen
timing-upcoming-from = Beginnt am { $date }
comment-count = { $count ->
        [0] noch keine Beiträge
        [one] ein Beitrag
       *[other] { $count } Beiträge
    }
home-section-current = Laufende Beteiligungen
home-section-upcoming = Demnächst
home-section-finished = Abgeschlossen
home-section-empty-current = Zurzeit läuft keine Beteiligung.
home-section-empty-upcoming = Es sind keine weiteren Beteiligungen angekündigt.
home-section-empty-finished = Noch ist keine Beteiligung abgeschlossen.
home-show-all = Alle { $count } anzeigen
processes-all = Alle Beteiligungsverfahren
processes-archive = Archiv
processes-title-list = Beteiligungsverfahren
processes-title-archive = Archiv
processes-title-drafts = Entwürfe
processes-filter-label = Verfahren filtern
processes-filter-department = Behörde
processes-filter-tag = Thema
processes-filter-status = Stand
processes-filter-all = Alle
processes-filter-submit = Filtern
processes-count = { $count ->
        [0] Keine Verfahren gefunden.
        [one] Ein Verfahren gefunden.
       *[other] { $count } Verfahren gefunden.
    }
process-new = Neues Beteiligungsverfahren
process-edit = Verfahren bearbeiten
process-manage = Verwaltung dieses Verfahrens
process-set-draft = Zurück zum Entwurf
process-set-published = Veröffentlichen
process-set-archived = Archivieren
process-tags = Themen
process-timeline = Ablauf
process-description = Worum es geht
process-field-title = Titel
process-field-summary = Kurzbeschreibung
process-field-summary-hint = Ein, zwei Sätze für Übersichten und Vorschauen (höchstens 500 Zeichen).
process-field-description = Beschreibung
process-field-description-hint = Markdown: **fett**, *kursiv*, [Link](https://…), Listen mit „- “, Überschriften mit „## “.
process-field-tags = Themen
process-field-tags-hint = Durch Kommas getrennt, zum Beispiel: Radverkehr, Klima (höchstens 10).
process-field-department = Zuständige Behörde
process-field-phases = Phasen
process-field-phases-hint = Die Beteiligungsphase ist Pflicht. Die Phasen folgen aufeinander; die Ergebnisphase darf offen enden.
process-field-image = Titelbild
process-field-image-file = Bilddatei
process-field-image-hint = JPEG, PNG oder WebP, höchstens 10 MB. Das Bild wird verkleinert; Metadaten werden entfernt.
process-field-image-alt = Bildbeschreibung (Alternativtext)
process-field-image-alt-hint = Beschreiben Sie, was das Bild zeigt, für Menschen, die es nicht sehen können.
process-field-remove-image = Bild entfernen
process-save = Speichern
process-save-draft = Als Entwurf speichern
process-publish = Veröffentlichen

## Discussions
discussion-title = Diskussion
discussion-not-yet = Die Beteiligungsphase läuft vom { $from } bis { $until }. Dann können Sie hier mitdiskutieren.
discussion-closed = Die Beteiligungsphase ist beendet. Die Diskussion bleibt zum Nachlesen erhalten.
comment-new-label = Ihr Beitrag
comment-new-hint = Bitte bleiben Sie sachlich und freundlich. Höchstens 5000 Zeichen.
comment-submit = Beitrag veröffentlichen
comment-login-to-write = Melden Sie sich an, um mitzudiskutieren
comment-none = Noch keine Beiträge. Schreiben Sie den ersten!
comment-sort-label = Sortierung
comment-sort-newest = Neueste zuerst
comment-sort-oldest = Älteste zuerst
comment-sort-agreed = Meiste Zustimmung
comment-deleted-author = Gelöschter Beitrag
comment-deleted = Dieser Beitrag wurde gelöscht.
comment-reply-to = Antwort an { $name }
comment-edited = bearbeitet
comment-agree = Zustimmen
comment-disagree = Ablehnen
comment-agree-count = { $count ->
        [one] eine Zustimmung
       *[other] { $count } Zustimmungen
    }
comment-disagree-count = { $count ->
        [one] eine Ablehnung
       *[other] { $count } Ablehnungen
    }
comment-edit = Bearbeiten
comment-delete = Löschen
comment-reply = Antworten
comment-reply-label = Ihre Antwort an { $name }
comment-reply-submit = Antwort veröffentlichen
comment-permalink-title = Beitrag von { $name }
comment-show-parent = Beitrag anzeigen, auf den geantwortet wird
comment-back-to-discussion = Zur ganzen Diskussion
comment-edit-title = Beitrag bearbeiten
comment-edit-hint = Sie können Ihren Beitrag 15 Minuten lang bearbeiten. Er wird danach als „bearbeitet“ gekennzeichnet.
comment-edit-label = Ihr Beitrag
comment-edit-submit = Änderung speichern
comment-delete-title = Beitrag löschen
comment-delete-question = Möchten Sie diesen Beitrag wirklich löschen? An seiner Stelle steht dann ein Hinweis, damit Antworten verständlich bleiben.
comment-delete-submit = Ja, löschen
comment-your-text = Ihr Text, damit er nicht verloren geht:
cancel = Abbrechen
live-new-comment = Neuer Beitrag von { $name }
feed-processes-title = Beteiligungsverfahren
feed-comments-title = Beiträge zu „{ $title }“
feed-comments-link = Neue Beiträge als Feed abonnieren (Atom)
feed-comment-title = Beitrag von { $name }

## Search
search-title = Suche
search-label = Verfahren und Beiträge durchsuchen
search-submit = Suchen
search-results-for = Suche nach „{ $q }“
search-count = { $count ->
        [0] Keine Treffer für „{ $q }“.
        [one] Ein Treffer für „{ $q }“.
       *[other] { $count } Treffer für „{ $q }“.
    }
search-kind-process = Beteiligungsverfahren
search-kind-comment = Beitrag in der Diskussion

## Validation of processes and comments
error-title-too-long = Der Titel darf höchstens 200 Zeichen lang sein.
error-summary-too-long = Die Kurzbeschreibung darf höchstens 500 Zeichen lang sein.
error-description-too-long = Die Beschreibung darf höchstens 50.000 Zeichen lang sein.
error-tag-too-long = Ein Thema darf höchstens 40 Zeichen lang sein.
error-too-many-tags = Bitte geben Sie höchstens 10 Themen an.
error-phase-participation-required = Bitte geben Sie Beginn und Ende der Beteiligungsphase an.
error-phase-end-before-start = Das Ende liegt vor dem Beginn.
error-phase-overlaps = Diese Phase beginnt, bevor die vorige endet.
error-phase-incomplete = Bitte geben Sie Beginn und Ende an – oder keines von beiden.
error-date-invalid = Bitte geben Sie ein gültiges Datum ein.
error-department-not-yours = Sie können nur Verfahren Ihrer eigenen Behörde anlegen.
error-idea-rate-limited = Sie haben in kurzer Zeit viele Ideen eingereicht. Bitte warten Sie eine Weile.
error-image-alt-too-long = Die Bildbeschreibung darf höchstens 300 Zeichen lang sein.
error-image-alt-required = Bitte beschreiben Sie das Bild für Menschen, die es nicht sehen können.
error-image-upload-again = Bitte wählen Sie das Bild erneut aus; aus Sicherheitsgründen wird es nicht zwischengespeichert.
error-image-too-large = Das Bild ist zu groß (höchstens 10 MB und 24 Megapixel, mit 16 Bit je Farbkanal 12 Megapixel).
error-image-type = Die Datei ist kein JPEG-, PNG- oder WebP-Bild.
error-image-unreadable = Das Bild konnte nicht gelesen werden. Ist die Datei beschädigt?
error-participation-closed = Die Beteiligungsphase ist nicht geöffnet; es können keine Beiträge geschrieben werden.
error-comment-too-long = Ein Beitrag darf höchstens 5000 Zeichen lang sein.
error-comment-rate-limited = Sie haben in kurzer Zeit viele Beiträge geschrieben. Bitte warten Sie einige Minuten.
error-reply-target-gone = Der Beitrag, auf den Sie antworten wollten, gibt es nicht mehr.
error-edit-window-over = Beiträge können nur in den ersten 15 Minuten bearbeitet werden.
flash-process-saved = Das Verfahren wurde gespeichert.
flash-process-status-changed = Der Status des Verfahrens wurde geändert.
flash-comment-saved = Ihr Beitrag wurde veröffentlicht.
flash-comment-edited = Ihr Beitrag wurde geändert.
flash-comment-deleted = Der Beitrag wurde gelöscht.
flash-participation-closed = Die Beteiligungsphase ist nicht geöffnet.

## Field names in error summaries
label-email = E-Mail-Adresse
label-display_name = Öffentlicher Name
label-password = Passwort
label-current_password = Aktuelles Passwort
label-new_password = Neues Passwort
label-name = Name
label-title = Titel
label-summary = Kurzbeschreibung
label-description = Beschreibung
label-tags = Themen
label-department_id = Behörde
label-information = Informationsphase
label-participation = Beteiligungsphase
label-evaluation = Auswertungsphase
label-result = Ergebnisphase
label-image = Titelbild
label-image_alt = Bildbeschreibung
label-categories = Kategorien
label-body = Text
label-category = Kategorie
label-place = Ort
label-address = Adresse
label-image1 = Bild 1
label-image2 = Bild 2
label-image3 = Bild 3
label-alt1 = Beschreibung von Bild 1
label-alt2 = Beschreibung von Bild 2
label-alt3 = Beschreibung von Bild 3
label-status = Status
label-answer = Antwort
label-note = Begründung

## Ideas
nav-inbox = Eingang Ideen
ideas-heading = Ideen und Vorschläge
ideas-title = Ideen: { $process }
ideas-list = Alle Ideen
ideas-map = Ideen auf der Karte
ideas-map-title = Karte der Ideen: { $process }
ideas-map-desc = { $count ->
        [one] Ein Punkt für eine Idee mit Ort; die Lage folgt den Koordinaten.
       *[other] { $count } Punkte für Ideen mit Ort; die Lage folgt den Koordinaten.
    }
ideas-map-caption = Die Punkte liegen nach ihren Koordinaten zueinander; die Tabelle darunter nennt jede Idee mit Adresse.
ideas-map-table = Ideen mit Ort
ideas-map-empty = Noch hat keine Idee einen Ort.
ideas-filter-label = Ideen filtern
ideas-sort = Sortierung
ideas-sort-newest = Neueste zuerst
ideas-sort-supported = Meiste Unterstützung
ideas-sort-discussed = Meistdiskutiert
ideas-sort-random = Zufällig
ideas-count = { $count ->
        [0] Keine Ideen.
        [one] Eine Idee.
       *[other] { $count } Ideen.
    }
ideas-export-csv = Ideen als CSV
ideas-export-xlsx = Ideen als Excel-Datei
idea-new = Idee einreichen
idea-new-intro = Beschreiben Sie Ihre Idee so, dass andere sie verstehen und unterstützen können. Sie wird an die zuständige Behörde weitergeleitet, die öffentlich antwortet.
idea-field-body = Ihre Idee
idea-field-body-hint = Markdown ist möglich: **fett**, *kursiv*, Listen mit „- “. Höchstens 10.000 Zeichen.
idea-choose-category = Bitte wählen
idea-field-place = Ort
idea-field-place-hint = Wenn sich Ihre Idee auf einen Ort bezieht: Adresse und, falls bekannt, Koordinaten (Breite und Länge in Grad, z. B. 53,5511 und 9,9937).
idea-field-lat = Breitengrad
idea-field-lon = Längengrad
idea-field-images = Bilder
idea-submit = Idee einreichen
idea-by = von { $name }
idea-routed-to = zuständig: { $department }
idea-supports = { $count ->
        [0] noch keine Unterstützung
        [one] eine Unterstützung
       *[other] { $count } Unterstützungen
    }
idea-support-title = Unterstützung
idea-support = Idee unterstützen
idea-withdraw-support = Unterstützung zurückziehen
idea-follow = Idee folgen
idea-unfollow = Nicht mehr folgen
idea-login-to-support = Melden Sie sich an, um die Idee zu unterstützen
idea-official-answer = Antwort der Verwaltung
idea-place = Ort: { $address } ({ $lat }, { $lon })
idea-address = Ort: { $address }
idea-handle = Bearbeitung durch die Behörde
idea-new-status = Neuer Status
idea-answer-label = Öffentliche Antwort
idea-answer-hint = Pflicht bei jedem Statuswechsel nach „Eingegangen“. Sie erscheint sichtbar an der Idee; alle, die der Idee folgen oder sie unterstützen, erhalten eine E-Mail.
idea-answer-submit = Status ändern und Antwort veröffentlichen
idea-forward-to = An andere Behörde weiterleiten
idea-forward-note = Begründung der Weiterleitung
idea-forward-submit = Weiterleiten
idea-history = Verlauf
idea-forwarded = Weitergeleitet von { $from } an { $to }
idea-status-received = Eingegangen
idea-status-in_review = In Prüfung
idea-status-accepted = Angenommen
idea-status-implemented = Umgesetzt
idea-status-declined = Abgelehnt
inbox-title = Eingang der Ideen
inbox-for = Ideen, die an { $department } weitergeleitet wurden
inbox-min-supports = Mindestens Unterstützungen
inbox-from = Eingegangen ab
inbox-until = Eingegangen bis
search-kind-idea = Idee
process-field-ideas = Ideen
process-field-ideas-enabled = Bürgerinnen und Bürger können in der Beteiligungsphase Ideen einreichen
process-field-categories = Kategorien für Ideen
process-field-categories-hint = Eine pro Zeile, zum Beispiel: Radwege, Abstellplätze, Sicherheit (höchstens 20).
error-idea-title-too-long = Der Titel darf höchstens 150 Zeichen lang sein.
error-idea-body-too-long = Der Text darf höchstens 10.000 Zeichen lang sein.
error-answer-too-long = Die Antwort darf höchstens 10.000 Zeichen lang sein.
error-reason-too-long = Die Begründung darf höchstens 1.000 Zeichen lang sein.
error-place-invalid = Bitte geben Sie Breiten- und Längengrad als Zahlen an (Breite −90 bis 90, Länge −180 bis 180) – oder keines von beiden.
error-category-too-long = Eine Kategorie darf höchstens 60 Zeichen lang sein.
error-too-many-categories = Bitte geben Sie höchstens 20 Kategorien an.
error-category-unknown = Bitte wählen Sie eine der angebotenen Kategorien.
error-address-too-long = Die Adresse darf höchstens 200 Zeichen lang sein.
error-ideas-closed = In diesem Verfahren können gerade keine Ideen eingereicht werden.
error-status-not-allowed = Dieser Statuswechsel ist nicht möglich.
flash-idea-saved = Ihre Idee wurde eingereicht. Sie folgen ihr und erhalten eine E-Mail, wenn die Behörde antwortet.
flash-supported = Sie unterstützen diese Idee.
flash-support-withdrawn = Ihre Unterstützung wurde zurückgezogen.
flash-no-own-support = Die eigene Idee kann man nicht unterstützen.
flash-following = Sie folgen dieser Idee.
flash-unfollowed = Sie folgen dieser Idee nicht mehr.
flash-idea-status-changed = Der Status wurde geändert und die Antwort veröffentlicht.
flash-idea-forwarded = Die Idee wurde weitergeleitet.
mail-idea-status-subject = Neuer Stand Ihrer Idee „{ $title }“: { $status }
mail-idea-status-body =
    Hallo { $name },

    die Idee „{ $title }“ hat einen neuen Stand: { $status }.

    Antwort der Verwaltung:

    { $answer }

    Zur Idee: { $link }

    Sie erhalten diese E-Mail, weil Sie die Idee eingereicht, unterstützt oder ihr gefolgt sind. Wenn Sie keine Nachrichten mehr zu dieser Idee erhalten möchten, wählen Sie auf der Seite der Idee „Nicht mehr folgen“.

## Developing ideas together
idea-together = Gemeinsam weiterentwickeln
idea-authors = Verfasst von { $names }
idea-versions-link = { $count } Fassungen
idea-invited = Sie wurden eingeladen, diese Idee mitzuverfassen.
idea-invitation-accept = Einladung annehmen
idea-invitation-decline = Ablehnen
idea-invite-label = Jemanden zum Mitschreiben einladen
idea-invite-hint = E-Mail-Adresse einer registrierten Person. Sie wird per E-Mail eingeladen und muss zustimmen.
idea-invite-submit = Einladen
idea-suggestions = Änderungsvorschläge
idea-suggestion-by = Vorschlag von { $name }
idea-suggestion-outdated = bezieht sich auf eine ältere Fassung
idea-decision-reason = Begründung der Entscheidung
idea-suggestion-accept = Übernehmen
idea-suggestion-decline = Ablehnen
idea-suggestion-reason = Begründung: { $reason }
idea-suggest = Änderung vorschlagen
idea-suggest-note = Was ändern Sie und warum?
idea-suggest-submit = Vorschlag senden
suggestion-status-open = offen
suggestion-status-accepted = übernommen
suggestion-status-declined = abgelehnt
idea-versions-title = Fassungen von „{ $title }“
idea-version = Fassung { $n }
idea-version-compare = mit der vorigen vergleichen
idea-version-diff = Unterschiede zwischen Fassung { $from } und { $to }
idea-version-diff-hint = Gestrichene Wörter sind rot durchgestrichen, neue grün unterstrichen.
error-coauthor-already = Diese Person verfasst die Idee bereits mit.
error-coauthor-rate-limited = Sie haben in kurzer Zeit viele Einladungen verschickt. Bitte warten Sie eine Weile.
error-suggestion-unchanged = Ihr Vorschlag ändert nichts am Text.
label-reason = Begründung
flash-coauthor-invited = Wenn es zu dieser Adresse ein Konto gibt, ist die Einladung unterwegs.
flash-coauthor-accepted = Sie verfassen diese Idee jetzt mit.
flash-coauthor-declined = Sie haben die Einladung abgelehnt.
flash-suggestion-saved = Ihr Vorschlag wurde an die Verfasser:innen gesendet.
flash-suggestion-accepted = Der Vorschlag wurde übernommen; es gibt eine neue Fassung.
flash-suggestion-declined = Der Vorschlag wurde abgelehnt.
mail-coauthor-subject = Einladung: Idee „{ $title }“ gemeinsam verfassen
mail-coauthor-body =
    Hallo { $name },

    { $from } lädt Sie ein, die Idee „{ $title }“ mitzuverfassen. Auf der Seite der Idee können Sie die Einladung annehmen oder ablehnen:

    { $link }
ideas-map-tiles = Kartengrundlage: { $attribution }
