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
