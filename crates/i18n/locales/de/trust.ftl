account-deleted = Gelöschtes Konto
settings-data-title = Meine Daten
settings-data-intro = Laden Sie alles herunter, was die Plattform über Sie gespeichert hat: Ihr Konto, Ihre Beiträge, Ideen, Unterstützungen, Reaktionen, was Sie verfolgen, und an welchen Umfragen Sie teilgenommen haben (Ihre Antworten selbst sind ohne Verbindung zu Ihrer Person gespeichert und können niemandem zugeordnet werden, auch Ihnen nicht).
settings-data-download = Meine Daten herunterladen (JSON)
settings-delete-title = Konto löschen
settings-delete-intro = Ihr Name, Ihre E-Mail-Adresse, Ihr Passwort und Ihre Anmeldungen werden sofort gelöscht. Was Sie geschrieben haben, bleibt stehen, damit Diskussionen lesbar bleiben, erscheint dann aber unter „Gelöschtes Konto“. Das lässt sich nicht rückgängig machen.
settings-delete-submit = Konto endgültig löschen
flash-account-deleted = Ihr Konto wurde gelöscht.
error-last-admin-delete = Sie sind die letzte Administratorin bzw. der letzte Administrator. Ernennen Sie zuerst jemand anderen, bevor Sie Ihr Konto löschen.
error-display-name-reserved = Dieser Name ist der Verwaltung vorbehalten: Er enthält den Namen einer Behörde oder ein Wort wie „Verwaltung“ oder „Moderation“. Bitte wählen Sie einen anderen.
comment-official = Offiziell
comment-official-moderation = Moderation
comment-official-administration = Plattform-Administration
page-title-imprint = Impressum
page-title-privacy = Datenschutz
page-title-terms = Nutzungsbedingungen
page-title-accessibility = Barrierefreiheit
page-title-easy-read = Leichte Sprache
footer-legal-label = Rechtliches und Informationen
page-edit = Diese Seite bearbeiten
page-edit-title = { $page } bearbeiten
page-edit-body = Text (Markdown)
page-edit-hint = Überschriften mit #, Listen mit -, Links als [Text](Adresse). Ein leerer Text stellt den mitgelieferten Text wieder her.
admin-pages-title = Rechtliche Seiten
admin-pages-short = Impressum, Datenschutz, Nutzungsbedingungen, Barrierefreiheit und Leichte Sprache bearbeiten.
admin-pages-intro = Diese Seiten sind im Fuß jeder Seite verlinkt. Ersetzen Sie die Platzhalter in eckigen Klammern durch die Angaben Ihrer Behörde.
admin-pages-view = Ansehen
register-accepts-terms-before = Mit der Registrierung stimmen Sie den{" "}
register-accepts-terms-middle = {" "}zu. Wie wir mit Ihren Daten umgehen, steht unter{" "}
register-accepts-terms-after = .
feedback-title = Barriere melden
feedback-intro = Ist Ihnen auf dieser Plattform eine Barriere begegnet? Schreiben Sie uns. Ihre Nachricht geht an die Administration der Plattform.
feedback-message = Was hat nicht funktioniert?
feedback-page = Auf welcher Seite?
feedback-reply-to = Ihre E-Mail-Adresse für eine Antwort
feedback-reply-to-hint = Wir verwenden sie nur, um Ihnen zu antworten.
feedback-submit = Nachricht senden
feedback-no-reply-address = (keine Adresse angegeben)
flash-feedback-sent = Danke! Ihre Nachricht wurde an die Administration gesendet.
error-feedback-too-long = Bitte fassen Sie sich kürzer (höchstens 5.000 Zeichen).
error-site-page-too-long = Der Text ist zu lang (höchstens 100.000 Zeichen).
mail-accessibility-feedback-subject = Rückmeldung zur Barrierefreiheit
mail-accessibility-feedback-body =
    Hallo { $name },

    über das Formular der Erklärung zur Barrierefreiheit ist eine Rückmeldung eingegangen.

    Seite: { $page }
    Antwort an: { $reply }

    { $message }

    Nach der BITV 2.0 ist eine Antwort innerhalb von sechs Wochen vorgesehen.
admin-audit-title = Protokoll
admin-audit-short = Was Mitarbeitende, Moderation und Administration getan haben, fälschungssicher verkettet.
admin-audit-intro = Jede Handlung von Mitarbeitenden, Moderation und Administration wird hier festgehalten. Einträge lassen sich nicht ändern oder löschen; jeder trägt den Prüfwert des vorigen, sodass eine Änderung an der Datenbank vorbei auffällt.
admin-audit-intact = Die Kette ist unversehrt ({ $count } Einträge geprüft).
admin-audit-broken = Die Kette ist ab Eintrag #{ $id } unterbrochen: Dieser Eintrag oder einer davor wurde an der Anwendung vorbei geändert oder gelöscht.
admin-audit-action = Handlung
admin-audit-actor = Konto-Nr.
admin-audit-all = Alle
admin-audit-filter = Filtern
admin-audit-entries = { $count ->
    [one] Ein Eintrag
   *[other] { $count } Einträge
  }
admin-audit-by = Konto { $id }
admin-audit-system = System
admin-audit-pages = Seiten des Protokolls
admin-audit-newer = Neuere
admin-audit-older = Ältere
admin-audit-page = Seite { $page } von { $pages }
admin-audit-none = Keine Einträge.
