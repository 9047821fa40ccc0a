# Suspensions
error-suspended-title = Ihr Konto ist gesperrt
error-suspended = Ihr Konto ist gesperrt: Sie können lesen, aber nichts schreiben.
holds-error-reason-too-long = Die Begründung ist zu lang (höchstens 2000 Zeichen).
holds-error-until-past = Das Ende der Sperre darf nicht in der Vergangenheit liegen.
holds-error-suspend-self = Sie können sich nicht selbst sperren.
suspension-notice-title = Ihr Konto ist gesperrt
suspension-notice-until = Die Sperre gilt bis einschließlich { $date }.
suspension-notice-for-good = Die Sperre gilt auf Dauer.
suspension-notice-reason = Begründung:
suspension-notice-read-only = Sie können weiterhin alles lesen, aber keine Beiträge, Kommentare oder Stimmen abgeben.
suspensions-title = Gesperrte Personen
suspensions-intro = Gesperrte Personen können lesen, aber nichts schreiben. Eine Sperre lässt sich vorzeitig aufheben.
suspensions-since = gesperrt seit { $date }
suspensions-until = bis einschließlich { $date }
suspensions-for-good = auf Dauer
suspensions-reason = Begründung:
suspensions-lift = Sperre aufheben
suspensions-lifted = aufgehoben
suspensions-active = gilt
suspensions-none = Zurzeit ist niemand gesperrt.
suspend-title = { $name } sperren
suspend-reason-hint = Die Person sieht diese Begründung auf jeder Seite.
suspend-until-hint = Letzter Tag der Sperre. Leer lassen für eine dauerhafte Sperre.
suspend-submit = Sperren
suspend-history = Bisherige Sperren
suspend-history-none = Diese Person war noch nie gesperrt.
suspend-link = Sperren
label-until = Gesperrt bis
flash-suspended = Die Person ist gesperrt.
flash-suspension-lifted = Die Sperre ist aufgehoben.
nav-suspensions = Sperren

# Held contributions
held-awaiting-review = wartet auf Prüfung
held-title = Zurückgehaltene Beiträge
held-intro = Diese Beiträge sieht bis zur Entscheidung nur ihre Verfasserin oder ihr Verfasser. Freigegeben erscheinen sie sofort überall; abgelehnt erhält die Person die Begründung per E-Mail.
held-comment-by = Kommentar von { $name }
held-idea-by = Idee von { $name }
held-reason-review = Vorabprüfung
held-reason-spam = Spamverdacht
held-where = Ansehen
held-approve = Freigeben
held-reject = Ablehnen
held-reject-reason = Begründung der Ablehnung
held-none = Zurzeit wartet kein Beitrag auf Prüfung.
flash-held-approved = Der Beitrag ist freigegeben.
flash-held-rejected = Der Beitrag ist abgelehnt; die Person erhält die Begründung.
flash-comment-held = Danke! Ihr Kommentar wird vor der Veröffentlichung geprüft.
flash-idea-held = Danke! Ihre Idee wird vor der Veröffentlichung geprüft. Bis dahin sehen nur Sie sie.
process-field-premoderation = Moderation
process-field-premoderated = Neue Beiträge erst nach Prüfung veröffentlichen
process-field-premoderated-hint = Kommentare, Ideen und Aussagen in Meinungslandkarten von Bürgerinnen und Bürgern sind dann bis zur Freigabe durch die Moderation nur für sie selbst sichtbar.
mail-held-rejected-subject = Ihr Beitrag zu „{ $title }“ wurde nicht veröffentlicht
mail-held-rejected-body = Guten Tag { $name },

    die Moderation hat Ihren Beitrag zu „{ $title }“ geprüft und nicht veröffentlicht.

    Begründung: { $reason }

    Sie können einen neuen Beitrag schreiben, der die Netiquette einhält.

# Spam protection
spam-caught = Ihre Eingabe wurde als automatisch ausgefüllt erkannt und nicht gespeichert. Bitte lassen Sie das Feld „Website“ leer und senden Sie erneut.
spam-too-fast = Das Formular wurde schneller abgeschickt, als Menschen es ausfüllen, und nicht gespeichert. Bitte prüfen Sie Ihre Eingabe und senden Sie es erneut.
spam-title = Schutz vor Spam
spam-intro = Beiträge, die ein gesperrtes Wort enthalten oder von einem neuen Konto zu viele Links bringen, gehen nicht verloren: Sie warten mit dem Hinweis „Spamverdacht“ in der Liste der zurückgehaltenen Beiträge auf die Moderation.
label-blocked_words = Gesperrte Wörter
spam-words-hint = Ein Wort oder eine Wortfolge pro Zeile; Groß- und Kleinschreibung zählt nicht.
label-new_account_days = Neue Konten: jünger als (Tage)
spam-days-hint = 0 schaltet die Link-Grenze aus.
label-new_account_links = Höchstzahl an Links je Beitrag für neue Konten
spam-links-hint = Mehr Links halten den Beitrag zurück.
spam-save = Speichern
flash-spam-saved = Die Regeln gegen Spam sind gespeichert.
holds-error-number = Bitte geben Sie eine ganze Zahl zwischen 0 und 10000 ein.
holds-error-words-too-long = Die Liste ist zu lang (höchstens 20000 Zeichen).
